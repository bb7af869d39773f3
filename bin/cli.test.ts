import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main, port } from './cli.ts';

// DESIGN.md section 5: every command and subcommand answers --help, `ctilab --version` prints the
// version, an option error is reported before any work starts, and a failure to listen exits
// non-zero at once with what failed.

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    writeOut: (s) => {
      out += s;
    },
    writeErr: (s) => {
      err += s;
    },
  });
  return { code, out, err };
}

const SERVE_CME_OPTIONS = [
  '--config',
  '--host',
  '--sccp-port',
  '--sip-port',
  '--tftp-port',
  '--capture',
  '--console',
  '--status-interval-ms',
  '--verbose',
];
const PHONES_OPTIONS = [
  '--target',
  '--config',
  '--ephones',
  '--count',
  '--mac-base',
  '--model',
  '--concurrency',
  '--exit-when-registered',
];

test('--help of every command and subcommand lists all its options and exits 0', async () => {
  const top = await run(['--help']);
  assert.equal(top.code, 0);
  for (const command of ['serve', 'phones', '--version']) assert.match(top.out, new RegExp(command));
  const serve = await run(['serve', '--help']);
  assert.equal(serve.code, 0);
  assert.match(serve.out, /cme/);
  const cme = await run(['serve', 'cme', '--help']);
  assert.equal(cme.code, 0);
  for (const option of SERVE_CME_OPTIONS) assert.ok(cme.out.includes(option), `serve cme --help: ${option}`);
  const cucm = await run(['serve', 'cucm', '--help']);
  assert.equal(cucm.code, 0);
  for (const option of [
    '--topology',
    '--cluster',
    '--node',
    '--host',
    '--capture',
    '--console',
    '--admin',
    '--port',
  ])
    assert.ok(cucm.out.includes(option), `serve cucm --help: ${option}`);
  const phones = await run(['phones', '--help']);
  assert.equal(phones.code, 0);
  for (const option of PHONES_OPTIONS) assert.ok(phones.out.includes(option), `phones --help: ${option}`);
});

test('--version prints the package version', async () => {
  const { code, out } = await run(['--version']);
  assert.equal(code, 0);
  assert.match(out.trim(), /^\d+\.\d+\.\d+$/);
});

test('no command prints the usage on stderr and exits 2; an unknown command names itself', async () => {
  assert.equal((await run([])).code, 2);
  const unknown = await run(['sevre']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown command 'sevre'/);
});

test('option errors name the option, exit 2, and come before the config is read', async () => {
  const badPort = await run(['serve', 'cme', '--config', '/nonexistent.cfg', '--sip-port', '70000']);
  assert.equal(badPort.code, 2);
  assert.match(badPort.err, /--sip-port '70000' is not an integer in 0\.\.65535/);
  assert.doesNotMatch(badPort.err, /nonexistent|ENOENT/);
  const missing = await run(['serve', 'cme']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /required option '--config <ios.cfg>'/);
  const unknownOption = await run(['phones', '--target', '127.0.0.1:2000', '--count', '2', '--bogus']);
  assert.equal(unknownOption.code, 2);
  assert.match(unknownOption.err, /unknown option '--bogus'/);
  const both = await run(['phones', '--target', 'h:1', '--config', 'x.cfg', '--count', '2']);
  assert.equal(both.code, 2);
  assert.match(both.err, /cannot be used with/);
});

test('port options take 0..65535 and nothing else', () => {
  const sip = port('--sip-port');
  assert.equal(sip('0'), 0);
  assert.equal(sip('65535'), 65535);
  for (const bad of ['65536', '-1', 'abc', '', '5060x'])
    assert.throws(() => sip(bad), /--sip-port '.*' is not an integer in 0\.\.65535/);
});

test('serve cme on a busy SIP port exits 1 at once naming the address, the port and the listener', async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
  const address = busy.address();
  assert.ok(address !== null && typeof address !== 'string');
  const config = fileURLToPath(new URL('../labs/cme-moc.cfg', import.meta.url));
  const bin = fileURLToPath(new URL('./ctilab.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [bin, 'serve', 'cme', '--config', config, '--sccp-port', '0', '--sip-port', String(address.port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const deadline = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(deadline);
  busy.close();
  assert.equal(code, 1, `exit code (stderr: ${stderr})`);
  assert.equal(stdout, '', 'no ready line');
  assert.match(
    stderr,
    new RegExp(`cannot listen on 127\\.0\\.0\\.1:${address.port} for SIP \\(--sip-port\\): EADDRINUSE`),
  );
});
