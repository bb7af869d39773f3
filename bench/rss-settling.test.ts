import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSettleRule, rssSettled } from './rss-settling.ts';

const four = { window: 4, tolerance: 0.02 };

const mib = (n: number) => n * 1024 * 1024;

describe('rssSettled', () => {
  it('waits for the last samples to agree, not for two equal ones in a falling series', () => {
    const series = [175, 131.8, 123, 123, 92, 92, 92, 91].map(mib);
    const verdicts = series.map((_, i) => rssSettled(series.slice(0, i + 1), four));
    assert.deepEqual(verdicts, [false, false, false, false, false, false, false, true]);
  });

  it('needs a full window and honours the tolerance', () => {
    assert.equal(rssSettled([100, 100, 100].map(mib), four), false);
    assert.equal(rssSettled([100, 100, 100, 100].map(mib), four), true);
    assert.equal(rssSettled([100, 100, 100, 97].map(mib), four), false);
    assert.equal(rssSettled([100, 100, 100, 97].map(mib), { window: 4, tolerance: 0.05 }), true);
    assert.equal(rssSettled([0, 0, 0, 0], four), false);
    assert.equal(rssSettled([5, 5], { window: 1, tolerance: 0 }), false);
  });

  it('by default a flat stretch of 6 s before another shrink is not yet settled', () => {
    const flatThenShrink = [100, 100, 100, 100, 82, 82, 82, 82, 82, 82, 82, 82, 82].map(mib);
    assert.equal(rssSettled(flatThenShrink.slice(0, 4)), false);
    assert.equal(rssSettled(flatThenShrink.slice(0, 12)), false);
    assert.equal(defaultSettleRule.window, 9);
    assert.equal(rssSettled(flatThenShrink), true);
  });
});
