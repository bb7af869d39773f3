// The call-events benchmark itself, small and fast (20 DNs, 10 calls): its report counts what
// happened (every call done, every expected event delivered once), and an event that never
// arrives is counted lost (one client's TR/87 session closed while the calls run). No timing is
// asserted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallEventsBenchOptions } from './csta-call-events-options.ts';
import { runCallEventsBench } from './csta-call-events-run.ts';

const small: CallEventsBenchOptions = {
  rates: [10],
  seconds: 1,
  devices: 20,
  holdSeconds: 0.1,
  drainSeconds: 5,
  out: undefined,
  runtime: 'process',
  cpuProfDir: undefined,
};

test('process runtime: 10 calls done, every expected event delivered once, none lost', async () => {
  const report = await runCallEventsBench(small, 'test');
  assert.equal(report.runtimeKind, 'process');
  assert.equal(report.rates.length, 1);
  const r = report.rates[0]!;
  assert.equal(r.calls.attempted, 10);
  assert.equal(r.calls.completed, 10, JSON.stringify(r.calls.failed));
  // Each call reports on both its DNs' monitors (ServiceInitiated, Originated, Delivered, ...).
  assert.ok(r.events.expected >= 10 * 2 * 3, `expected ${r.events.expected}`);
  assert.equal(r.events.delivered, r.events.expected);
  assert.equal(r.events.lost, 0, r.events.firstLost.join('; '));
  assert.equal(r.events.duplicated, 0);
  assert.equal(r.events.unexpected, 0, r.events.firstUnexpected.join('; '));
  assert.notEqual(r.cme, null);
});

test('a TR/87 session closed while the calls run: the events of its DN count as lost', async () => {
  let closed: string | undefined;
  const report = await runCallEventsBench({ ...small, runtime: 'embedded', drainSeconds: 1 }, 'test', {
    onCallPlaced: (placed, clientOf) => {
      if (placed !== 1) return;
      // The last pair's caller: its call is the tenth, placed after the session ended.
      closed = [...clientOf.keys()].sort().at(-2)!;
      void clientOf.get(closed)!.close();
    },
  });
  const r = report.rates[0]!;
  assert.equal(r.calls.completed, 10, JSON.stringify(r.calls.failed));
  assert.ok(r.events.lost > 0, `no event lost: ${JSON.stringify(r.events)}`);
  assert.ok(
    r.events.firstLost.every((l) => l.startsWith(`${closed}|`)),
    `lost on other DNs than ${closed}: ${r.events.firstLost.join('; ')}`,
  );
  assert.equal(r.events.delivered + r.events.lost, r.events.expected);
  assert.equal(r.sustained, false);
  assert.equal(report.highestSustainedCallsPerSecond, null);
});
