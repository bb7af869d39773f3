import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from './clock.ts';
import {
  disableLatencyProbe,
  enableLatencyProbe,
  epochNow,
  LatencyProbe,
  runQueueNs,
} from './latency-probe.ts';

test('stages: read and parsed at received, marks, sent, written at the next flush', () => {
  const probe = new LatencyProbe();
  try {
    probe.read();
    probe.received('uas', 'c1', 7);
    probe.mark('decoded');
    probe.sent('uas', 'c1', 7);
    probe.mark('late'); // no current message any more: nothing recorded
    const before = probe.snapshot().uas['c1 7']!;
    assert.equal(before.written, undefined, 'not written before the flush');
    probe.flushed();
    probe.flushed(); // a second flush leaves the first stamp
    const s = probe.snapshot().uas['c1 7']!;
    assert.deepEqual(Object.keys(s).sort(), ['decoded', 'parsed', 'read', 'sent', 'written']);
    assert.ok(
      s.read! <= s.parsed! && s.parsed! <= s.decoded! && s.decoded! <= s.sent! && s.sent! <= s.written!,
    );
    // The two roles keep separate records of the same key.
    probe.sent('uac', 'c1', 7);
    assert.deepEqual(Object.keys(probe.snapshot().uac['c1 7']!), ['sent']);
  } finally {
    probe.stop();
  }
});

test('at most maxMessages per role are kept; the rest are counted', () => {
  const probe = new LatencyProbe(2);
  try {
    for (let i = 1; i <= 3; i++) probe.sent('uac', 'c', i);
    const snap = probe.snapshot();
    assert.deepEqual(Object.keys(snap.uac), ['c 1', 'c 2']);
    assert.equal(snap.messagesDropped, 1);
  } finally {
    probe.stop();
  }
});

test('timer callbacks: those of 1 ms or more are kept with their source', () => {
  const probe = new LatencyProbe();
  try {
    const fn = () => 'a short one';
    probe.timerRan(epochNow(), fn);
    probe.timerRan(epochNow() - 5, function longOne() {});
    const { longTimers } = probe.snapshot();
    assert.equal(longTimers.length, 1);
    assert.ok(longTimers[0]!.durationMs >= 5);
    assert.match(longTimers[0]!.source, /longOne/);
  } finally {
    probe.stop();
  }
});

test("systemClock's timers tell the probe while it is on", async () => {
  const probe = enableLatencyProbe();
  try {
    await new Promise<void>((resolve) =>
      systemClock.setTimeout(() => {
        const start = epochNow();
        while (epochNow() - start < 2) {
          // hold the loop for 2 ms
        }
        resolve();
      }, 0),
    );
    assert.equal(probe.snapshot().longTimers.length, 1);
  } finally {
    disableLatencyProbe();
  }
});

test('gc entries and the run queue are read (a forced collection when node runs with --expose-gc)', async () => {
  const probe = new LatencyProbe();
  try {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      await new Promise((r) => setImmediate(r)); // PerformanceObserver delivers after the turn
      await new Promise((r) => setTimeout(r, 10));
      assert.ok(probe.snapshot().gc.some((g) => g.kind === 'major'));
    }
    const waited = runQueueNs();
    if (process.platform === 'linux') assert.equal(typeof waited, 'number');
    else assert.equal(waited, null);
  } finally {
    probe.stop();
  }
});
