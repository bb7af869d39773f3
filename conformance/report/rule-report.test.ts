import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogueRule } from '../rules/catalogue.ts';
import { readMessages } from './ndjson-reader.ts';
import { ruleReport } from './rule-report.ts';
import { fixtureNdjson } from './run-fixture.ts';
import { notSelectedTags, testPurposes } from './test-purposes.ts';

const rule = (id: string, profiles: string[], planned = false): CatalogueRule => ({
  id,
  statement: `statement of ${id}`,
  source: `source of ${id}`,
  role: 'server',
  profiles,
  ...(planned ? { status: 'planned' as const } : {}),
});

const run = readMessages(
  fixtureNdjson([
    {
      name: 'passes',
      tags: ['@R-001', '@R-002'],
      statuses: ['PASSED', 'PASSED'],
      capture: 'reports/captures/passes.pcap',
      ladder: 'reports/captures/passes.ladder.html',
    },
    {
      name: 'fails',
      tags: ['@R-002'],
      statuses: ['PASSED', 'FAILED', 'SKIPPED'],
      message: 'expected 1 got 2',
    },
    { name: 'undefined step', tags: ['@R-003'], statuses: ['PASSED', 'UNDEFINED', 'SKIPPED'] },
    { name: 'pending', tags: ['@R-004', '@R-001'], statuses: ['PASSED', 'PENDING', 'SKIPPED'] },
    { name: 'never ran', tags: ['@R-005'], statuses: [] },
    { name: 'untracked', tags: ['@Z-ZZ-009', '@smoke'], statuses: ['PASSED'] },
  ]),
);
const iut = { lab: 'ctilab 0.0.0', target: 'embedded lab', node: 'v20', date: '2026-01-01T00:00:00.000Z' };

test('each scenario gets a TTCN-3 verdict, a reason, its capture and its ladder', () => {
  const purposes = testPurposes(run);
  assert.deepEqual(
    purposes.map((p) => [p.name, p.verdict]),
    [
      ['passes', 'pass'],
      ['fails', 'fail'],
      ['undefined step', 'error'],
      ['pending', 'inconc'],
      ['never ran', 'error'],
      ['untracked', 'pass'],
    ],
  );
  assert.equal(purposes[0]?.capture, 'reports/captures/passes.pcap');
  assert.equal(purposes[0]?.ladder, 'reports/captures/passes.ladder.html');
  assert.equal(purposes[1]?.ladder, undefined);
  assert.equal(purposes[0]?.reason, undefined);
  assert.equal(purposes[0]?.feature, 'features/f0.feature');
  assert.equal(purposes[1]?.reason, 'expected 1 got 2');
  assert.equal(purposes[2]?.reason, 'step "step 1 of undefined step" undefined');
  assert.equal(purposes[3]?.reason, 'step "step 1 of pending" pending');
  assert.equal(purposes[4]?.reason, 'scenario did not start');
});

test('a started scenario whose steps did not all report is an error', () => {
  const text = fixtureNdjson([{ name: 'cut short', tags: [], statuses: ['PASSED', 'PASSED'] }]);
  const lines = text.trim().split('\n');
  const truncated = lines
    .filter((l, i) => !(l.includes('"testStepFinished"') && i === lines.length - 2))
    .join('\n');
  const [p] = testPurposes(readMessages(truncated));
  assert.equal(p?.verdict, 'error');
  assert.match(p?.reason ?? '', /1 step\(s\) reported no result/);
});

test('rules take the worst verdict of their scenarios; untested rules are none when planned, error otherwise', () => {
  const catalogue = [
    rule('R-001', ['a']),
    rule('R-002', ['a', 'b']),
    rule('R-003', ['b']),
    rule('R-004', ['b']),
    rule('R-005', ['b']),
    rule('R-006', ['a'], true),
    rule('R-007', ['a']),
  ];
  const report = ruleReport(catalogue, testPurposes(run), iut);
  const v = Object.fromEntries(report.rules.map((r) => [r.id, r.verdict]));
  assert.deepEqual(v, {
    'R-001': 'inconc',
    'R-002': 'fail',
    'R-003': 'error',
    'R-004': 'inconc',
    'R-005': 'error',
    'R-006': 'none',
    'R-007': 'error',
  });
  const r2 = report.rules.find((r) => r.id === 'R-002');
  assert.deepEqual(
    r2?.scenarios.map((s) => s.name),
    ['passes', 'fails'],
  );
  assert.equal(r2?.statement, 'statement of R-002');
  assert.equal(report.rules.find((r) => r.id === 'R-007')?.reason, 'no scenario is tagged with this rule');
  assert.deepEqual(report.profiles, {
    a: { none: 1, 'not run': 0, pass: 0, inconc: 1, fail: 1, error: 1 },
    b: { none: 0, 'not run': 0, pass: 0, inconc: 1, fail: 1, error: 2 },
  });
  assert.deepEqual(report.totals, { none: 0, 'not run': 0, pass: 2, inconc: 1, fail: 1, error: 2 });
  assert.deepEqual(report.unknownRuleTags, ['@Z-ZZ-009']);
  assert.equal(report.iut, iut);
});

test('a selection: only the selected scenarios are test purposes; rules of the others are not run, never error', () => {
  const subset = readMessages(
    fixtureNdjson([
      { name: 'selected', tags: ['@R-001'], statuses: ['PASSED'] },
      { name: 'left out', tags: ['@R-002', '@R-001'], statuses: [], selected: false },
      { name: 'left out too', tags: ['@R-003'], statuses: [], selected: false },
    ]),
  );
  const purposes = testPurposes(subset);
  assert.deepEqual(
    purposes.map((p) => [p.name, p.verdict]),
    [['selected', 'pass']],
  );
  assert.deepEqual([...notSelectedTags(subset)].sort(), ['@R-001', '@R-002', '@R-003']);
  const catalogue = [
    rule('R-001', ['a']),
    rule('R-002', ['a']),
    rule('R-003', ['a'], true),
    rule('R-004', ['a']),
  ];
  // The messages of a tag-filtered run hold every pickle: R-004 has none, an error still.
  const tagged = ruleReport(catalogue, purposes, iut, notSelectedTags(subset));
  assert.deepEqual(
    tagged.rules.map((r) => [r.id, r.verdict, r.reason]),
    [
      ['R-001', 'pass', undefined],
      ['R-002', 'not run', 'its scenarios were not selected in this run'],
      ['R-003', 'none', undefined],
      ['R-004', 'error', 'no scenario is tagged with this rule'],
    ],
  );
  assert.deepEqual(tagged.totals, { none: 0, 'not run': 0, pass: 1, inconc: 0, fail: 0, error: 0 });
  assert.deepEqual(tagged.profiles.a, { none: 1, 'not run': 1, pass: 1, inconc: 0, fail: 0, error: 1 });
  // A run of some feature files only: the other features' pickles are not in its messages.
  const byPath = ruleReport(catalogue, purposes, { ...iut, selection: 'features/f0.feature' });
  assert.equal(byPath.rules.find((r) => r.id === 'R-004')?.verdict, 'not run');
});
