import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LatencyProbeSnapshot } from '../simulators/lab/latency-probe.ts';
import { holds, joinRequests, latencyBreakdown } from './csta-latency-breakdown.ts';

function snapshot(over: Partial<LatencyProbeSnapshot>): LatencyProbeSnapshot {
  return {
    pid: 1,
    uac: {},
    uas: {},
    messagesDropped: 0,
    gc: [],
    loopDelayMs: { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 },
    loopWindows: [],
    longTimers: [],
    ...over,
  };
}

/** A request sent at `t` whose CME side took `cme` ms between read and written; `toCme` on the way. */
function request(t: number, toCme: number, cme = 1) {
  const read = t + 0.1 + toCme;
  return {
    uac: { sent: t, written: t + 0.1, read: read + cme + 0.2, parsed: read + cme + 0.3 },
    uas: {
      read,
      parsed: read + 0.1,
      decoded: read + 0.2,
      served: read + 0.3,
      encoded: read + 0.4,
      sent: read + 0.5,
      written: read + cme,
    },
  };
}

function phase(n: number, slowEvery: number) {
  const uac: LatencyProbeSnapshot['uac'] = {};
  const uas: LatencyProbeSnapshot['uas'] = {};
  for (let i = 0; i < n; i++) {
    const r = request(1000 + i * 10, i % slowEvery === slowEvery - 1 ? 8 : 0.05);
    uac[`c ${i}`] = r.uac;
    uas[`c ${i}`] = r.uas;
  }
  return { uac, uas };
}

test('join: requests sent in the window, both sides complete, segments consecutive', () => {
  const { uac, uas } = phase(10, 100);
  uac['other 1'] = { sent: 1005 }; // incomplete: left out
  uac['late 1'] = request(5000, 0.05).uac; // outside the window
  uas['late 1'] = request(5000, 0.05).uas;
  const { joined, negative } = joinRequests(snapshot({ uac }), snapshot({ uas }), 1000, 2000);
  assert.equal(negative, 0);
  assert.equal(joined.length, 10);
  const r = joined[0]!;
  const sum = Object.values(r.segments).reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(sum - r.totalMs) < 1e-9, 'the segments add up to the total');
  assert.ok(Math.abs(r.segments.toCme - 0.05) < 1e-9);
});

test('a request whose stages run backwards (clocks out of step) is counted, not joined', () => {
  const { uac, uas } = phase(3, 100);
  uas['c 1']!.read = uac['c 1']!.sent! - 5;
  const { joined, negative } = joinRequests(snapshot({ uac }), snapshot({ uas }), 0, 1e9);
  assert.equal(joined.length, 2);
  assert.equal(negative, 1);
});

test('the slowest 1%: their largest segment, the GC they met, against all requests', () => {
  const { uac, uas } = phase(200, 100); // requests 99 and 199 wait 8 ms before the CME reads them
  const slow99 = request(1000 + 99 * 10, 8);
  const cme = snapshot({
    uas,
    // A CME pause while request 99 waited; another one between requests.
    gc: [
      { start: slow99.uac.written + 1, durationMs: 5, kind: 'minor' },
      { start: 1000 + 150 * 10 + 5, durationMs: 1, kind: 'major' },
    ],
    loopWindows: [{ end: 5000, maxMs: 9, runQueueMs: 2 }],
  });
  const client = snapshot({ uac, loopWindows: [{ end: 5000, maxMs: 1, runQueueMs: 0 }] });
  const b = latencyBreakdown(client, cme, 0, 1e9);
  assert.equal(b.joined, 200);
  assert.equal(b.slowest.count, 2);
  assert.deepEqual(b.slowest.dominant, { toCme: 2 });
  assert.equal(b.slowest.withCmeGc, 0.5);
  assert.equal(b.slowest.allWithCmeGc, 0.005);
  assert.equal(b.slowest.withClientGc, 0);
  assert.equal(b.slowest.cmeLoopWindowMaxMs, 9);
  assert.equal(b.slowest.cmeRunQueueMs, 2);
  assert.equal(b.slowest.clientRunQueueMs, 0);
  assert.ok(b.slowest.meanMs.toCme >= 8 && b.p50.toCme < 1);
  assert.deepEqual(b.cme?.gc.byKind, { minor: { count: 1, totalMs: 5 }, major: { count: 1, totalMs: 1 } });
});

test('without a CME snapshot: nothing joined, the client side still summed', () => {
  const { uac } = phase(5, 100);
  const b = latencyBreakdown(snapshot({ uac }), undefined, 0, 1e9);
  assert.equal(b.joined, 0);
  assert.equal(b.slowest.count, 0);
  assert.equal(b.cme, undefined);
  assert.equal(b.client.gc.count, 0);
});

test('holds: GC by kind, long timers, loop windows and run-queue waits inside the window only', () => {
  const h = holds(
    snapshot({
      gc: [
        { start: 10, durationMs: 2, kind: 'minor' },
        { start: 20, durationMs: 3, kind: 'minor' },
        { start: 500, durationMs: 50, kind: 'major' },
      ],
      longTimers: [
        { start: 15, durationMs: 4, source: 'a' },
        { start: 16, durationMs: 9, source: 'b' },
      ],
      loopWindows: [
        { end: 50, maxMs: 3, runQueueMs: 1 },
        { end: 90, maxMs: 7, runQueueMs: 0.5 },
        { end: 900, maxMs: 70, runQueueMs: 9 },
      ],
    }),
    0,
    100,
  );
  assert.deepEqual(h.gc, { count: 2, totalMs: 5, maxMs: 3, byKind: { minor: { count: 2, totalMs: 5 } } });
  assert.equal(h.longTimers.count, 2);
  assert.equal(h.longTimers.top[0]!.source, 'b');
  assert.deepEqual(h.loopWindowMaxMs, { p50: 3, p99: 7, max: 7 });
  assert.equal(h.runQueueMs, 1.5);
  const unknown = holds(snapshot({ loopWindows: [{ end: 5, maxMs: 1, runQueueMs: null }] }), 0, 10);
  assert.equal(unknown.runQueueMs, null);
});
