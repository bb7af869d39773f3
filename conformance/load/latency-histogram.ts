// A high-dynamic-range latency histogram in the manner of HdrHistogram (log-linear buckets: values
// below 256 µs exact, above that 128 sub-buckets per power of two, so a recorded value is off by
// less than 0.8 %). Own code rather than `hdr-histogram-js` because the lab's node_modules is
// shared and this build adds no dependency; the bucket scheme is HdrHistogram's with 3 significant
// binary digits more than 2 decimal ones. Values are milliseconds in, microseconds inside.

const EXACT_BELOW = 256;
const SUB_BUCKET_BITS = 7;

export interface LatencyPercentiles {
  count: number;
  minMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  p999Ms: number | null;
  maxMs: number | null;
  meanMs: number | null;
}

export class LatencyHistogram {
  private readonly buckets = new Map<number, number>();
  private total = 0;
  private sumUs = 0;
  private minUs = Number.POSITIVE_INFINITY;
  private maxUs = 0;

  get count(): number {
    return this.total;
  }

  /** Records one latency in milliseconds (negative values are recorded as 0). */
  record(ms: number): void {
    const us = Math.max(0, Math.round(ms * 1000));
    const key = bucketOf(us);
    this.buckets.set(key, (this.buckets.get(key) ?? 0) + 1);
    this.total++;
    this.sumUs += us;
    if (us < this.minUs) this.minUs = us;
    if (us > this.maxUs) this.maxUs = us;
  }

  /** Adds every value of `other` to this histogram. */
  add(other: LatencyHistogram): void {
    for (const [key, n] of other.buckets) this.buckets.set(key, (this.buckets.get(key) ?? 0) + n);
    this.total += other.total;
    this.sumUs += other.sumUs;
    if (other.total > 0) {
      this.minUs = Math.min(this.minUs, other.minUs);
      this.maxUs = Math.max(this.maxUs, other.maxUs);
    }
  }

  /** The value at percentile `p` (0..100) in milliseconds: the highest value of its bucket, capped at the max. */
  percentileMs(p: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (const key of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(key)!;
      if (seen >= rank) return Math.min(bucketTop(key), this.maxUs) / 1000;
    }
    return this.maxUs / 1000;
  }

  summary(): LatencyPercentiles {
    const r = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
    return {
      count: this.total,
      minMs: this.total === 0 ? null : this.minUs / 1000,
      p50Ms: r(this.percentileMs(50)),
      p90Ms: r(this.percentileMs(90)),
      p99Ms: r(this.percentileMs(99)),
      p999Ms: r(this.percentileMs(99.9)),
      maxMs: this.total === 0 ? null : this.maxUs / 1000,
      meanMs: this.total === 0 ? null : r(this.sumUs / this.total / 1000),
    };
  }

  /** Cumulative bucket counts at the given upper bounds (ms), for a Prometheus histogram. */
  cumulativeAt(boundsMs: readonly number[]): number[] {
    const keys = [...this.buckets.entries()];
    return boundsMs.map((b) => keys.reduce((n, [k, c]) => (bucketTop(k) <= b * 1000 ? n + c : n), 0));
  }
}

/** The lowest value (µs) of the bucket holding `us`. */
export function bucketOf(us: number): number {
  if (us < EXACT_BELOW) return us;
  const shift = Math.floor(Math.log2(us)) - SUB_BUCKET_BITS;
  return Math.floor(us / 2 ** shift) * 2 ** shift;
}

/** The highest value (µs) of the bucket whose lowest is `key`. */
export function bucketTop(key: number): number {
  if (key < EXACT_BELOW) return key;
  const shift = Math.floor(Math.log2(key)) - SUB_BUCKET_BITS;
  return key + 2 ** shift - 1;
}
