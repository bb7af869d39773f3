import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { systemClock } from '../../simulators/lab/clock.ts';
import { collectUncaught } from '../../simulators/testing/uncaught-errors.ts';
import { launchClient } from './client-launch.ts';
import type { ConnectInfo } from './client-profile.ts';

const dir = mkdtempSync(join(tmpdir(), 'ctilab-client-launch-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const connect: ConnectInfo = { endpoints: { sip: { host: '127.0.0.1', port: 5060 } }, settings: {} };
const uncaught = collectUncaught();

test('a JSON control line becomes {control}; the environment and {connect} carry the ConnectInfo', async () => {
  const log = join(dir, 'control.log');
  const client = launchClient(
    [
      'sh',
      '-c',
      'echo "arg=$1"; echo "env=$CTILAB_CONNECT"; echo \'{"control":"http://127.0.0.1:9/t"}\'; sleep 5',
      'sh',
      '{connect}',
    ],
    connect,
    log,
    dir,
    systemClock,
  );
  assert.equal(await client.control, 'http://127.0.0.1:9/t');
  assert.equal(client.context['control'], 'http://127.0.0.1:9/t');
  await client.stop();
  const text = readFileSync(log, 'utf8');
  assert.ok(text.includes(`arg=${JSON.stringify(connect)}`), text);
  assert.ok(text.includes(`env=${JSON.stringify(connect)}`), text);
  assert.match(text, /client exited \(SIGTERM\)/);
});

test('output arriving after the exit and after stop() ended the log is dropped, not an uncaught error', async () => {
  // The log is a FIFO with no reader yet, so ending it stays pending (the open waits for a reader)
  // the way a slow disk's flush does: the window in which a CI run's late client output hit an
  // ended stream (ERR_STREAM_WRITE_AFTER_END, uncaught).
  const log = join(dir, 'late.fifo');
  execFileSync('mkfifo', [log]);
  // The shell exits at once; its background child keeps the stderr pipe and writes 300 ms later,
  // after stop() (the client had exited: nothing to kill) began to end the log.
  const client = launchClient(
    ['sh', '-c', 'echo early >&2; (sleep 0.3; echo late >&2) & exit 0'],
    connect,
    log,
    dir,
    systemClock,
  );
  assert.equal(await client.control, undefined);
  const stopped = client.stop();
  await delay(700);
  const chunks: Buffer[] = [];
  const reader = createReadStream(log);
  reader.on('data', (c) => chunks.push(c as Buffer));
  await stopped;
  await new Promise<void>((r) => reader.once('close', () => r()));
  assert.deepEqual(uncaught, []);
  const text = Buffer.concat(chunks).toString('utf8');
  assert.match(text, /early\n/);
  assert.match(text, /client exited \(code 0\)/);
  assert.doesNotMatch(text, /late/);
});
