import assert from 'node:assert/strict';
import { test } from 'node:test';
import { armStatusLines, statusLine } from './status-line.ts';

const source = {
  registeredDevices: [
    { session: { phase: 'registered' } },
    { session: { phase: 'registering' } },
    { session: { phase: 'registered' } },
  ],
  connectionCount: 4,
};

test('a status line counts devices holding a registration, those that finished it, and connections', () => {
  const { status } = JSON.parse(statusLine(source, 'interval')) as { status: Record<string, unknown> };
  assert.equal(status.trigger, 'interval');
  assert.equal(status.gc, false);
  assert.equal(status.registered, 3);
  assert.equal(status.registrationComplete, 2);
  assert.equal(status.connections, 4);
  assert.equal(typeof status.rssBytes, 'number');
  assert.ok((status.rssBytes as number) > 0);
});

test('armed status lines come every interval and once more on SIGUSR2, until disarmed', async () => {
  const lines: string[] = [];
  const disarm = armStatusLines(source, 20, (l) => lines.push(l));
  process.kill(process.pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, 90));
  disarm();
  const triggers = lines.map((l) => (JSON.parse(l) as { status: { trigger: string } }).status.trigger);
  assert.equal(triggers.filter((t) => t === 'signal').length, 1);
  assert.ok(triggers.filter((t) => t === 'interval').length >= 2, triggers.join(','));
  const after = lines.length;
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(lines.length, after, 'no line after disarming');
  assert.equal(process.listenerCount('SIGUSR2'), 0);
});
