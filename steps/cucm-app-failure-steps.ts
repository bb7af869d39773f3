// Steps of CUCM-RED-012 (features/failover/cucm-application-failure.feature): SIPp, an independent
// SIP implementation (Debian package `sip-tester`), is the CTI application on the cluster's CTI
// gateway and fails by missing its heartbeat; the scenario's clock (the cluster's) is advanced by
// the steps while SIPp waits in real time for the gateway's BYE.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Given, Then, When } from '@cucumber/cucumber';
import type { Observation } from '../simulators/lab/observation.ts';
import { scenario, startCluster } from './cucm-steps.ts';
import type { LabWorld } from './world.ts';

const SCENARIO = fileURLToPath(new URL('../conformance/sipp/cucm-app-failure.xml', import.meta.url));

interface SippRun {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly output: () => string;
  readonly errors: () => string;
  /** Index into `world.observed` when the application failed (set by the close check). */
  failedAt?: number;
}

const runs = new WeakMap<LabWorld, SippRun>();

function requireSipp(): void {
  let out = '';
  try {
    out = execFileSync('sipp', ['-v'], { encoding: 'utf8', timeout: 5000 });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? ''); // `sipp -v` exits non-zero on some builds
  }
  assert.match(
    out,
    /SIPp/,
    'SIPp is not installed (no `sipp` on PATH): install the Debian package `sip-tester`.',
  );
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function run(world: LabWorld): SippRun {
  const r = runs.get(world);
  assert.ok(r, 'SIPp runs in this scenario');
  return r;
}

// SIPp 3.6 computes only MD5 digests and reads only the first WWW-Authenticate (it joins the
// headers and takes the first algorithm=): the gateway offers MD5 alone (RFC 8760 section 2.3
// lets a server offer any subset; MD5 stays a valid SIP digest algorithm, RFC 8760 section 3).
Given(
  'the CUCM cluster of {string} is running with its CTI gateway challenging with MD5 only',
  async function (this: LabWorld, file: string) {
    await startCluster(this, file, () => {}, { digestAlgorithms: ['MD5'] });
  },
);

When(
  'SIPp, as the CTI application {string} on line {string}, opens a session it never refreshes and monitors {string}',
  async function (this: LabWorld, user: string, line: string, device: string) {
    requireSipp();
    const s = scenario(this);
    const sip = Object.values(s.cluster.endpoints.gateways)[0]?.sip;
    assert.ok(sip, 'the cluster has a CTI gateway');
    const password = s.topology.cluster.users.find((u) => u.id === user)?.password;
    assert.ok(password, `${user} is a user of the cluster`);
    const dir = mkdtempSync(join(tmpdir(), 'ctilab-sipp-'));
    const errorFile = join(dir, 'errors.log');
    const args = [
      `${sip.host}:${sip.port}`,
      ...['-sf', SCENARIO, '-s', line, '-key', 'app', user, '-key', 'monitored', device],
      ...['-au', user, '-ap', password, '-t', 't1', '-m', '1'],
      // The digest uri is the Request-URI (RFC 3261 §22.4); SIPp's default is remote_ip:remote_port.
      ...['-auth_uri', `${line}@${sip.host}:${sip.port};transport=TCP`],
      ...['-timeout', '90s', '-timeout_error', '-i', '127.0.0.1', '-p', String(await freePort())],
      ...['-nostdin', '-trace_err', '-error_file', errorFile],
    ];
    let output = '';
    const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => {
      output = (output + String(d)).slice(-20_000);
    });
    child.stderr?.on('data', (d) => {
      output = (output + String(d)).slice(-20_000);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const errors = () => {
      try {
        return readFileSync(errorFile, 'utf8');
      } catch {
        return '';
      }
    };
    runs.set(this, { child, exited, output: () => output, errors });
    this.cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    });
    // SIPp's session is up once the gateway shows it with its monitor (real time: SIPp's pace).
    const deadline = Date.now() + 10_000;
    for (;;) {
      const mine = [...s.cluster.gateways.values()]
        .flatMap((g) => g.cti.sessions())
        .find((x) => x.user === user && x.monitors.length > 0);
      if (mine) return;
      if (child.exitCode !== null || Date.now() > deadline)
        assert.fail(
          `SIPp did not open a monitored session (exit ${child.exitCode})\n--- errors ---\n${errors().slice(-3000)}\n--- output ---\n${output.slice(-2000)}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  },
);

Then(
  'the cluster has a CTI session of {string} monitoring {string}',
  function (this: LabWorld, user: string, device: string) {
    const sessions = [...scenario(this).cluster.gateways.values()].flatMap((g) => g.cti.sessions());
    const mine = sessions.filter((x) => x.user === user);
    assert.equal(mine.length, 1, `one session of ${user}: ${JSON.stringify(sessions)}`);
    assert.deepEqual(
      mine[0]!.monitors.map((m) => m.replace(/^tel:/, '').split(';')[0]),
      [device],
    );
  },
);

Then(
  "SIPp got the gateway's BYE and its next request in that dialog was answered 481",
  async function (this: LabWorld) {
    const r = run(this);
    r.failedAt = this.observed.length;
    const code = await Promise.race([
      r.exited,
      new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 15_000)),
    ]);
    assert.equal(
      code,
      0,
      `SIPp's scenario did not pass (exit ${code})\n--- errors ---\n${r.errors().slice(-3000)}\n--- output ---\n${r.output().slice(-2000)}`,
    );
  },
);

/** The CSTA event INFOs (an INFO whose body is an ECMA-323 `...Event`) on the gateways' wires since `from`. */
function eventInfosSince(world: LabWorld, from: number): string[] {
  const gateways = [...scenario(world).cluster.gateways.keys()].map((g) => `${g}-sip`);
  const found: string[] = [];
  for (const o of world.observed.slice(from) as Observation[]) {
    if (o.kind !== 'wire' || o.protocol !== 'sip' || !gateways.includes(o.source)) continue;
    const text = Buffer.from(o.bytes).toString('latin1');
    if (text.startsWith('INFO ') && /<\w+Event[\s>]/.test(text)) found.push(text);
  }
  return found;
}

Then('the CTI gateway sent no event INFO since the application failed', async function (this: LabWorld) {
  const r = run(this);
  assert.ok(r.failedAt !== undefined, 'the application failed');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(eventInfosSince(this, r.failedAt), []);
});
