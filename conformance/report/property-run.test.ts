import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ruleCatalogue } from '../rules/catalogue.ts';
import type { PropertyCoverage } from '../rules/property-coverage.ts';
import { renderHtml } from './html-report.ts';
import {
  exactNamePattern,
  type PropertyResult,
  propertyPurpose,
  readTap,
  replayCommand,
  runProperty,
  shellQuote,
} from './property-run.ts';
import { selectProperties } from './property-selection.ts';
import { ruleReport } from './rule-report.ts';

const root = process.cwd();

// A fixture test file inside the repository (so it imports the same fast-check as the preload):
// one property that fails for n >= 50 (fast-check shrinks it to exactly 50), one that holds.
const FIXTURE = `import { describe, it } from 'node:test';
import fc from 'fast-check';
describe('fixture (a suite)', () => {
  it('holds for every nat', () => {
    fc.assert(fc.property(fc.nat(), (n) => n >= 0));
  });
  it('fails from 50 on (n < 50?)', () => {
    fc.assert(fc.property(fc.nat(), (n) => n < 50));
  });
});
`;

describe('running a property test as a test purpose (real node --test, real fast-check)', () => {
  let dir = '';
  let file = '';
  const row = (test: string): PropertyCoverage => ({
    file,
    test,
    kind: 'property',
    rules: ['SCCP-FRAME-001'],
  });
  let failing: PropertyResult;

  before(async () => {
    dir = mkdtempSync(join(root, '.tmp-property-run-'));
    file = relative(root, join(dir, 'fixture.property.test.ts'));
    writeFileSync(join(root, file), FIXTURE);
    failing = await runProperty(row('fails from 50 on (n < 50?)'), { cwd: root });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a failing property: fail, its seed, runs, counterexample, path and a replay command with them', () => {
    assert.equal(failing.verdict, 'fail');
    assert.equal(failing.passed, 0);
    assert.equal(failing.failed, 1);
    assert.equal(failing.counterexample, '[50]');
    assert.equal(failing.fastCheck.length, 1);
    const run = failing.fastCheck[0];
    assert.equal(run?.failed, true);
    assert.equal(failing.seed, run?.seed);
    assert.ok(Number.isInteger(failing.seed));
    assert.ok(failing.numRuns >= 1);
    assert.equal(failing.path, run?.path);
    assert.match(failing.path ?? '', /^\d+(:\d+)*$/);
    assert.match(failing.reason ?? '', /^fails from 50 on \(n < 50\?\): Property failed after \d+ tests/);
    assert.match(failing.reason ?? '', /Counterexample: \[50\]/);
    assert.equal(
      failing.replay,
      `CTILAB_FC_SEED=${failing.seed} CTILAB_FC_PATH=${failing.path} node --import tsx --import ./conformance/report/fast-check-record.mjs --test --test-name-pattern '^fails from 50 on \\(n < 50\\?\\)$' ${file}`,
    );
  });

  test('the replay command reproduces the failure: same seed, same counterexample', () => {
    const record = join(dir, 'replay.jsonl');
    const env: NodeJS.ProcessEnv = { ...process.env, CTILAB_FC_RECORD: record };
    delete env.NODE_TEST_CONTEXT; // as from a shell, not as a child of this test runner
    const res = spawnSync('sh', ['-c', failing.replay], { cwd: root, encoding: 'utf8', env });
    assert.notEqual(res.status, 0, res.stdout);
    assert.match(res.stdout, /Counterexample: \[50\]/);
    const runs = readFileSync(record, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seed: number; failed: boolean; counterexample: string });
    assert.deepEqual(
      runs.map((r) => [r.seed, r.failed, r.counterexample]),
      [[failing.seed, true, '[50]']],
    );
  });

  test('a suite title runs its tests; a passing property reports its seed and number of runs', async () => {
    const pass = await runProperty(row('holds for every nat'), { cwd: root });
    assert.equal(pass.verdict, 'pass');
    assert.equal(pass.numRuns, 100);
    assert.equal(pass.seed, pass.fastCheck[0]?.seed);
    assert.equal(pass.reason, undefined);
    const suite = await runProperty(row('fixture (a suite)'), { cwd: root });
    assert.equal(suite.verdict, 'fail');
    assert.deepEqual([suite.passed, suite.failed], [1, 1]);
    assert.equal(suite.fastCheck.length, 2);
    assert.equal(suite.counterexample, '[50]');
    // The replay names the failing test, not the whole suite.
    assert.match(suite.replay, /--test-name-pattern '\^fails from 50 on/);
  });

  test('a test that outlives the time limit is an error; its processes are gone', async () => {
    const hang = relative(root, join(dir, 'hang.property.test.ts'));
    writeFileSync(
      join(root, hang),
      `import { it } from 'node:test';\nit('hangs', () => new Promise(() => setInterval(() => {}, 1000)));\n`,
    );
    const res = await runProperty(
      { file: hang, test: 'hangs', kind: 'property', rules: ['SCCP-FRAME-001'] },
      { cwd: root, timeoutMs: 3000 },
    );
    assert.equal(res.verdict, 'error');
    assert.equal(res.reason, 'timed out after 3000 ms');
    const left = spawnSync('pgrep', ['-f', hang], { encoding: 'utf8' });
    assert.equal(left.stdout.trim(), '', 'no process of the test file is left');
  });

  test('a title no test has is an error, not a pass', async () => {
    const none = await runProperty(row('no such test'), { cwd: root });
    assert.equal(none.verdict, 'error');
    assert.equal(none.reason, `no test of ${file} is titled "no such test"`);
  });

  test('in the rule report: a test purpose of its rules, counted apart from scenarios; the HTML shows counterexample and replay', () => {
    const purpose = propertyPurpose(failing);
    assert.equal(purpose.kind, 'property');
    assert.deepEqual(purpose.tags, ['@SCCP-FRAME-001']);
    const report = ruleReport(ruleCatalogue.values(), [purpose], {
      lab: 'ctilab',
      target: 'embedded lab',
      node: process.version,
      date: '2026-12-06T00:00:00Z',
    });
    const rule = report.rules.find((r) => r.id === 'SCCP-FRAME-001');
    assert.equal(rule?.verdict, 'fail');
    assert.deepEqual(rule?.scenarios, [
      { name: 'fails from 50 on (n < 50?)', feature: file, verdict: 'fail', kind: 'property' },
    ]);
    assert.equal(report.totals.fail, 0);
    assert.equal(report.propertyTotals?.fail, 1);
    const html = renderHtml(report);
    assert.match(html, /<h2>Property and model tests<\/h2>/);
    assert.match(html, /<code class="counterexample">\[50\]<\/code>/);
    assert.ok(html.includes(`<code class="replay">CTILAB_FC_SEED=${failing.seed} CTILAB_FC_PATH=`));
    assert.ok(html.includes(`<td>${failing.seed}</td>`));
  });
});

test('shell quoting and exact name patterns', () => {
  assert.equal(shellQuote('simulators/a.test.ts'), 'simulators/a.test.ts');
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(exactNamePattern('a (b) x.y'), '^a \\(b\\) x\\.y$');
  assert.ok(new RegExp(exactNamePattern('SET / QUERY (80 runs)')).test('SET / QUERY (80 runs)'));
  assert.equal(
    replayCommand('f.test.ts', 'x', 7, '3:1'),
    "CTILAB_FC_SEED=7 CTILAB_FC_PATH=3:1 node --import tsx --import ./conformance/report/fast-check-record.mjs --test --test-name-pattern '^x$' f.test.ts",
  );
});

test('readTap: counts and the innermost failure with its error', () => {
  const tap = [
    '# Subtest: s',
    '    # Subtest: t',
    '    not ok 1 - t',
    '      ---',
    '      duration_ms: 1',
    "      error: 'boom'",
    '      code: x',
    'not ok 1 - s',
    '# pass 0',
    '# fail 1',
  ].join('\n');
  assert.deepEqual(readTap(tap), {
    pass: 0,
    fail: 1,
    cancelled: 0,
    firstFailure: { name: 't', error: 'boom' },
  });
});

test('which property tests a run runs', () => {
  const rows: PropertyCoverage[] = [
    { file: 'a.property.test.ts', test: 'a', kind: 'property', rules: ['SCCP-FRAME-001'] },
    { file: 'b.model.test.ts', test: 'b', kind: 'model', rules: ['ACD-MSG-005'] },
  ];
  // The whole suite: all; a selection: none, unless --properties: those of its scenarios' rules.
  assert.deepEqual(selectProperties(rows, undefined, true, []), rows);
  assert.deepEqual(selectProperties(rows, true, true, []), rows);
  assert.deepEqual(selectProperties(rows, undefined, false, ['@ACD-MSG-005', '@acd']), []);
  assert.deepEqual(selectProperties(rows, true, false, ['@ACD-MSG-005', '@acd']), [rows[1]]);
  assert.deepEqual(selectProperties(rows, true, false, ['@SCCP-REG-001']), []);
  assert.deepEqual(selectProperties(rows, false, true, ['@SCCP-FRAME-001']), []);
});
