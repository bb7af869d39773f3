import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { dueCount, percentile, summarizeLatency } from './csta-stats.ts';

test('nearest-rank percentiles of 1..100', () => {
  const s = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(s, 50), 50);
  assert.equal(percentile(s, 99), 99);
  assert.equal(percentile(s, 100), 100);
  assert.equal(percentile(s, 0), 1);
});

test('percentile: empty sample is NaN, bad p is a RangeError', () => {
  assert.ok(Number.isNaN(percentile([], 50)));
  assert.throws(() => percentile([1], 101), RangeError);
  assert.throws(() => percentile([1], Number.NaN), RangeError);
});

test('summary is order independent and bounded by min and max', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1 }), (xs) => {
      const a = summarizeLatency(xs);
      const b = summarizeLatency([...xs].reverse());
      assert.deepEqual(a, b);
      assert.equal(a.count, xs.length);
      assert.ok(a.p50Ms <= a.p90Ms && a.p90Ms <= a.p99Ms && a.p99Ms <= a.maxMs);
      assert.ok(a.p50Ms >= Math.round(Math.min(...xs) * 1000) / 1000);
    }),
  );
});

test('open-loop pacing: request i is due at i * 1000 / rate ms, never more than total', () => {
  assert.equal(dueCount(-1, 100, 1000), 0);
  assert.equal(dueCount(0, 100, 1000), 1);
  assert.equal(dueCount(9.99, 100, 1000), 1);
  assert.equal(dueCount(10, 100, 1000), 2);
  assert.equal(dueCount(1e9, 100, 1000), 1000);
  fc.assert(
    fc.property(fc.nat(100_000), fc.integer({ min: 1, max: 10_000 }), (ms, rate) => {
      const n = dueCount(ms, rate, Number.MAX_SAFE_INTEGER);
      assert.ok(((n - 1) * 1000) / rate <= ms && (n * 1000) / rate > ms);
    }),
  );
});
