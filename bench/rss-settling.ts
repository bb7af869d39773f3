/**
 * When a memory sample may be taken: V8 gives heap pages back to the system only some seconds after
 * a burst of allocation (its memory reducer), so right after loading a 10,000-ephone config the
 * CME's RSS is ~2x what it settles at. A series of RSS samples has settled when the last `window`
 * of them differ by at most `tolerance` (a fraction of the largest).
 */
export interface SettleRule {
  /** Samples that must agree (>= 2). */
  window: number;
  /** Largest allowed (max - min) / max over the window, e.g. 0.02. */
  tolerance: number;
}

/**
 * Nine samples 2 s apart (16 s): V8's memory reducer waits 8 s between its shrinking GCs, so a
 * shorter window can mistake the pause before the next shrink for a settled heap (seen with a
 * 1,000-ephone config: flat for 6 s, then 18 MiB lower).
 */
export const defaultSettleRule: SettleRule = { window: 9, tolerance: 0.02 };

export function rssSettled(samples: readonly number[], rule: SettleRule = defaultSettleRule): boolean {
  if (rule.window < 2 || samples.length < rule.window) return false;
  const last = samples.slice(-rule.window);
  const max = Math.max(...last);
  const min = Math.min(...last);
  return max > 0 && (max - min) / max <= rule.tolerance;
}
