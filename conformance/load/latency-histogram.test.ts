import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketOf, bucketTop, LatencyHistogram } from './latency-histogram.ts';

test('values below 256 µs are exact; above, a bucket spans less than 0.8 % of its value', () => {
  assert.equal(bucketOf(255), 255);
  assert.equal(bucketTop(255), 255);
  assert.equal(bucketOf(1000), 1000);
  assert.equal(bucketTop(bucketOf(1001)), 1003);
  for (const us of [300, 4_567, 98_765, 12_345_678]) {
    const low = bucketOf(us);
    const high = bucketTop(low);
    assert.ok(low <= us && us <= high, `${us} in [${low}, ${high}]`);
    assert.ok((high - low) / us < 0.008, `${us}: bucket ${low}..${high}`);
  }
});

test('percentiles of 1..1000 ms come out within the bucket precision', () => {
  const h = new LatencyHistogram();
  for (let i = 1; i <= 1000; i++) h.record(i);
  const s = h.summary();
  assert.equal(s.count, 1000);
  assert.equal(s.minMs, 1);
  assert.equal(s.maxMs, 1000);
  assert.ok(Math.abs(s.p50Ms! - 500) / 500 < 0.008, `p50 ${s.p50Ms}`);
  assert.ok(Math.abs(s.p99Ms! - 990) / 990 < 0.008, `p99 ${s.p99Ms}`);
  assert.equal(s.meanMs, 500.5);
});

test('an empty histogram has no percentiles; add() merges counts and extremes', () => {
  const a = new LatencyHistogram();
  assert.equal(a.summary().p99Ms, null);
  const b = new LatencyHistogram();
  b.record(0.2);
  b.record(7);
  a.record(3);
  a.add(b);
  assert.deepEqual([a.count, a.summary().minMs, a.summary().maxMs], [3, 0.2, 7]);
  assert.deepEqual(a.cumulativeAt([1, 5, 10]), [1, 2, 3]);
});
