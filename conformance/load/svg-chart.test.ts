import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineChart, niceCeiling } from './svg-chart.ts';

test('the y axis tops at 1, 2, 2.5 or 5 times a power of ten', () => {
  assert.deepEqual([0, 0.3, 3, 7, 24, 480, 1001].map(niceCeiling), [1, 0.5, 5, 10, 25, 500, 2000]);
});

test('a chart is one self-contained svg: a path per series (gaps skipped), markers, escaped text', () => {
  const svg = lineChart(
    'p99 <ms>',
    'ms',
    [
      {
        name: 'a',
        points: [
          [0, 1],
          [1, null],
          [2, 3],
        ],
      },
      { name: 'b', points: [] },
    ],
    [{ x: 1, label: 'kill cucm-sub1' }],
  );
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
  assert.ok(svg.endsWith('</svg>'));
  assert.equal((svg.match(/<path /g) ?? []).length, 1);
  assert.match(svg, /<path d="M56\.0,\d+\.\d L624\.0,\d+\.\d"/);
  assert.match(svg, />p99 &lt;ms&gt;</);
  assert.match(svg, />kill cucm-sub1</);
});
