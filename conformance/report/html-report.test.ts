import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { escapeHtml, renderHtml } from './html-report.ts';
import type { RuleReport } from './rule-report.ts';

test('escapeHtml leaves no markup characters', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const out = escapeHtml(s);
      assert.doesNotMatch(out, /[<>"']/);
      assert.equal(
        out.replace(
          /&(lt|gt|quot|#39|amp);/g,
          (_, n: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[n] ?? '',
        ),
        s,
      );
    }),
  );
});

const hostile = '<script>alert("x")</script>&\'';

const report: RuleReport = {
  iut: { lab: hostile, target: 'embedded lab', node: 'v20', date: '2026-01-01' },
  testPurposes: [
    {
      name: hostile,
      feature: 'features/a.feature',
      tags: [],
      verdict: 'fail',
      reason: `expected <b> ${hostile}`,
      capture: 'reports/captures/a"b.pcap',
      ladder: 'reports/captures/a"b.ladder.html',
    },
  ],
  rules: [
    {
      id: 'R-001',
      statement: hostile,
      source: hostile,
      role: 'server',
      profiles: [hostile],
      planned: false,
      verdict: 'fail',
      scenarios: [{ name: hostile, feature: 'f', verdict: 'fail' }],
    },
  ],
  profiles: { [hostile]: { none: 0, 'not run': 0, pass: 0, inconc: 0, fail: 1, error: 0 } },
  totals: { none: 0, 'not run': 0, pass: 0, inconc: 0, fail: 1, error: 0 },
  unknownRuleTags: [hostile],
};

test('every value from the run is escaped in the page', () => {
  const html = renderHtml(report, { captureHref: (c) => c.replace(/^reports\//, '') });
  // The page's one script is its own filter script; the run's text never becomes markup.
  assert.doesNotMatch(html, /<script>alert/);
  assert.equal(html.match(/<script>/g)?.length, 1);
  assert.doesNotMatch(html, /<b>/);
  assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&amp;&#39;/);
  assert.match(html, /<a class="pcap" href="captures\/a&quot;b\.pcap">pcap<\/a>/);
  assert.match(html, /<a class="ladder" href="captures\/a&quot;b\.ladder\.html">ladder<\/a>/);
  assert.match(html, /<td id="R-001"><code>R-001<\/code><\/td>/);
});
