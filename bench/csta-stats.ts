/** Summary of a latency sample in milliseconds (nearest-rank percentiles). */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/**
 * Nearest-rank percentile (the smallest value with at least p% of the sample at or below it) of
 * an ascending-sorted sample; NaN for an empty sample. Throws RangeError for p outside 0..100.
 */
export function percentile(sortedAsc: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not in 0..100`);
  if (sortedAsc.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sortedAsc.length));
  return sortedAsc[rank - 1]!;
}

/** count, p50, p90, p99, max and mean of `samples` (any order; the array is not changed). */
export function summarizeLatency(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    p50Ms: round3(percentile(sorted, 50)),
    p90Ms: round3(percentile(sorted, 90)),
    p99Ms: round3(percentile(sorted, 99)),
    maxMs: round3(sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!),
    meanMs: round3(sorted.length === 0 ? Number.NaN : sum / sorted.length),
  };
}

/**
 * Open-loop pacing: how many requests are due `elapsedMs` after the start at `ratePerSecond`,
 * capped at `total` (request i, 0-based, is due at i * 1000 / rate ms).
 */
export function dueCount(elapsedMs: number, ratePerSecond: number, total: number): number {
  if (elapsedMs < 0) return 0;
  return Math.min(total, Math.floor((elapsedMs * ratePerSecond) / 1000) + 1);
}

function round3(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 1000) / 1000 : v;
}
