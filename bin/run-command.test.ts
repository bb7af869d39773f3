import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseTarget, runCommand, runDirectoryName, selectionOf } from './run-command.ts';

// Issue 12 items 1-2: `ctilab run` runs exactly the selected scenarios and writes one run
// directory holding everything of that run; its rule report covers exactly those scenarios and
// says `not run` for the rules of the others, with counts equal to Cucumber's.

const root = fileURLToPath(new URL('..', import.meta.url));
const ctilab = join(root, 'bin', 'ctilab.js');

interface Report {
  iut: { target: string; selection?: string };
  testPurposes: {
    name: string;
    feature: string;
    tags: string[];
    verdict: string;
    capture?: string;
    log?: string;
  }[];
  rules: { id: string; verdict: string; reason?: string; planned: boolean }[];
  totals: Record<string, number>;
}

/** `ctilab run <args> --out <out>` as a real child, from the repository root. */
function ctilabRun(out: string, args: string[]) {
  const res = spawnSync(process.execPath, [ctilab, 'run', ...args, '--out', out], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const runs = existsSync(join(out, 'runs')) ? readdirSync(join(out, 'runs')).sort() : [];
  const dir = runs.length === 0 ? undefined : join(out, 'runs', runs[runs.length - 1]!);
  return { ...res, dir, runs };
}

/** Cucumber's own view of a run: its finished test cases, by pickle, from the messages. */
function cucumberCases(dir: string): { uri: string; name: string; status: string }[] {
  const envelopes = readFileSync(join(dir, 'cucumber.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const pickles = new Map(envelopes.filter((e) => e.pickle).map((e) => [e.pickle.id, e.pickle]));
  const cases = new Map(envelopes.filter((e) => e.testCase).map((e) => [e.testCase.id, e.testCase]));
  const started = new Map(
    envelopes.filter((e) => e.testCaseStarted).map((e) => [e.testCaseStarted.id, e.testCaseStarted]),
  );
  const worst = new Map<string, string>();
  for (const e of envelopes.filter((x) => x.testStepFinished)) {
    const s = e.testStepFinished;
    if (worst.get(s.testCaseStartedId) !== 'FAILED') worst.set(s.testCaseStartedId, s.testStepResult.status);
  }
  return envelopes
    .filter((e) => e.testCaseFinished)
    .map((e) => {
      const st = started.get(e.testCaseFinished.testCaseStartedId);
      const pickle = pickles.get(cases.get(st.testCaseId).pickleId);
      return { uri: pickle.uri, name: pickle.name, status: worst.get(st.id) ?? 'UNKNOWN' };
    });
}

test('--target: the runtimes of the world parameter, or pixit:<file> (a real system)', () => {
  assert.deepEqual(parseTarget('process'), { ok: true, value: { kind: 'runtime', runtime: 'process' } });
  assert.deepEqual(parseTarget('pixit:labs/pixit/cme-moc.yaml'), {
    ok: true,
    value: { kind: 'pixit', file: 'labs/pixit/cme-moc.yaml' },
  });
  const empty = parseTarget('pixit:');
  assert.equal(
    !empty.ok && empty.reason,
    "--target 'pixit:' is not embedded, process, containers or pixit:<file>",
  );
  assert.equal(parseTarget('docker').ok, false);
});

test('the run directory name sorts by time and keeps two runs of one second apart', () => {
  const t = new Date('2026-12-06T17:06:37.123Z');
  assert.equal(runDirectoryName(t, 'a1b2c3'), '20261206-170637-a1b2c3');
  assert.notEqual(runDirectoryName(t), runDirectoryName(t));
});

test('the selection the report names; the whole suite has none', () => {
  assert.equal(selectionOf([], {}), undefined);
  assert.equal(
    selectionOf(['features/sccp/registration.feature'], { tags: '@SCCP-REG-001', name: ['phone'] }),
    'features/sccp/registration.feature --tags @SCCP-REG-001 --name phone',
  );
  assert.equal(selectionOf([], { rerun: 'r.txt' }), '--rerun r.txt');
  // A PICS selects too: only the scenarios it makes applicable ran.
  assert.equal(selectionOf([], { pics: 'labs/pics/cme-moc.yaml' }), '--pics labs/pics/cme-moc.yaml');
});

test('a PIXIT that cannot be read, or a missing rerun file, is refused before any run directory is made (exit 2)', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ctilab-run-'));
  try {
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d) => {
      err += d;
    });
    const code = await runCommand(
      [],
      { target: 'pixit:x.yaml', out },
      { stdout: new PassThrough(), stderr, cwd: root },
    );
    assert.equal(code, 2);
    assert.equal(err, `ctilab run: ${join(root, 'x.yaml')}: cannot read: ENOENT\n`);
    assert.deepEqual(readdirSync(out), []);

    err = '';
    const missing = await runCommand(
      [`@${join(out, 'absent.txt')}`],
      { target: 'embedded', out },
      { stdout: new PassThrough(), stderr, cwd: root },
    );
    assert.equal(missing, 2);
    assert.match(err, /^ctilab run: cannot read the rerun file .*absent\.txt: ENOENT/);
    assert.deepEqual(readdirSync(out), []);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a feature path and a tag run exactly that scenario; the run directory holds all of it; other rules are not run', () => {
  const out = mkdtempSync(join(tmpdir(), 'ctilab-run-'));
  try {
    const res = ctilabRun(out, ['features/sccp/registration.feature', '--tags', '@SCCP-REG-001']);
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
    assert.ok(res.dir !== undefined);
    const dir = res.dir;
    assert.equal(readlinkSync(join(out, 'latest')), join('runs', res.runs[0]!));
    for (const f of [
      'cucumber.html',
      'cucumber.junit.xml',
      'cucumber.ndjson',
      'rerun.txt',
      'conformance.json',
      'conformance.html',
    ])
      assert.ok(existsSync(join(dir, f)), `${f} in the run directory`);

    // Cucumber ran exactly the one scenario tagged @SCCP-REG-001 in that file, and passed it.
    const cases = cucumberCases(dir);
    assert.deepEqual(cases, [
      { uri: 'features/sccp/registration.feature', name: 'A configured phone registers', status: 'PASSED' },
    ]);
    // The console: the scenario's line with its verdict, the feature's summary, the run directory.
    assert.match(
      res.stdout,
      /^ {2}pass {3}features\/sccp\/registration\.feature:\d+ {2}A configured phone registers$/m,
    );
    assert.match(res.stdout, /^features\/sccp\/registration\.feature: 1 scenario \(1 pass\)$/m);
    assert.match(
      res.stdout,
      new RegExp(`^run directory: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `, 'm'),
    );
    assert.doesNotMatch(res.stdout + res.stderr, /progress-bar|TAP version/);

    const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as Report;
    assert.equal(report.iut.target, 'embedded lab');
    assert.equal(report.iut.selection, 'features/sccp/registration.feature --tags @SCCP-REG-001');
    // The report's test purposes are Cucumber's test cases, no more: equal counts, equal verdicts.
    assert.deepEqual(
      report.testPurposes.map((p) => [p.feature, p.name, p.verdict]),
      cases.map((c) => [c.uri, c.name, 'pass']),
    );
    assert.equal(report.totals.pass, cases.length);
    assert.equal(report.totals.error, 0);
    const verdict = Object.fromEntries(report.rules.map((r) => [r.id, r]));
    assert.equal(verdict['SCCP-REG-001']?.verdict, 'pass');
    // A checked rule whose scenarios were not selected: not run, never error.
    assert.equal(verdict['SCCP-FRAME-002']?.verdict, 'not run');
    assert.equal(verdict['SCCP-FRAME-002']?.reason, 'its scenarios were not selected in this run');
    assert.deepEqual(
      report.rules.filter((r) => r.verdict === 'error').map((r) => r.id),
      [],
    );
    for (const r of report.rules.filter(
      (x) => !x.planned && !report.testPurposes.some((p) => p.tags.includes(`@${x.id}`)),
    ))
      assert.equal(r.verdict, 'not run', r.id);
    // The scenario's pcap, log and ladder (JSON and page) and the run's pcap, in the run directory.
    assert.deepEqual(readdirSync(join(dir, 'captures')).sort(), [
      'registration-9-a-configured-phone-registers.ladder.html',
      'registration-9-a-configured-phone-registers.ladder.json',
      'registration-9-a-configured-phone-registers.log',
      'registration-9-a-configured-phone-registers.pcap',
      'run.pcap',
    ]);
    assert.equal(
      report.testPurposes[0]?.log,
      join(dir, 'captures', 'registration-9-a-configured-phone-registers.log'),
    );
    // The report's screenshot, taken in headless Chromium (absent only when browsers are skipped).
    if (process.env['CTILAB_SKIP_BROWSER'] !== '1') {
      assert.match(res.stdout, /^screenshot: .*conformance\.png$/m);
      assert.deepEqual(
        readFileSync(join(dir, 'conformance.png')).subarray(0, 8),
        Buffer.from('89504e470d0a1a0a', 'hex'),
      );
    }
    assert.equal(
      report.testPurposes[0]?.capture,
      join(dir, 'captures', 'registration-9-a-configured-phone-registers.pcap'),
    );
    const html = readFileSync(join(dir, 'conformance.html'), 'utf8');
    assert.match(html, /href="captures\/registration-9-a-configured-phone-registers\.pcap"/);
    assert.match(html, /href="captures\/registration-9-a-configured-phone-registers\.log"/);
    assert.match(html, /<a href="cucumber\.html">Cucumber report<\/a> · <a href="cucumber\.junit\.xml">/);
    assert.match(html, /<a href="captures\/run\.pcap">run\.pcap<\/a>/);
    assert.match(
      html,
      /<th>Selection<\/th><td>features\/sccp\/registration\.feature --tags @SCCP-REG-001<\/td>/,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('every example row of an outline has its own pcap; a rerun file runs just its scenarios, a second run directory', () => {
  const out = mkdtempSync(join(tmpdir(), 'ctilab-run-'));
  try {
    const outline = ctilabRun(out, ['--tags', '@SCCP-FRAME-002']);
    assert.equal(outline.status, 0, `${outline.stdout}\n${outline.stderr}`);
    const cases = cucumberCases(outline.dir!);
    assert.ok(cases.length >= 2, `${cases.length} example rows`);
    const files = readdirSync(join(outline.dir!, 'captures'));
    const pcaps = files.filter((f) => f !== 'run.pcap' && f.endsWith('.pcap'));
    assert.equal(pcaps.length, cases.length);
    // Each example row's node log beside its pcap.
    assert.deepEqual(
      files.filter((f) => f.endsWith('.log')).sort(),
      pcaps.map((f) => f.replace(/\.pcap$/, '.log')).sort(),
    );
    const report = JSON.parse(readFileSync(join(outline.dir!, 'conformance.json'), 'utf8')) as Report;
    assert.equal(report.testPurposes.length, cases.length);
    assert.equal(new Set(report.testPurposes.map((p) => p.capture)).size, cases.length);
    assert.equal(report.rules.find((r) => r.id === 'SCCP-REG-001')?.verdict, 'not run');

    // A rerun file (as Cucumber's rerun formatter writes it) of one scenario of the first run.
    const rerun = join(out, 'rerun.txt');
    writeFileSync(rerun, 'features/sccp/registration.feature:9\n');
    const again = ctilabRun(out, [`@${rerun}`]);
    assert.equal(again.status, 0, `${again.stdout}\n${again.stderr}`);
    assert.equal(again.runs.length, 2);
    assert.deepEqual(
      cucumberCases(again.dir!).map((c) => c.name),
      ['A configured phone registers'],
    );
    assert.ok(existsSync(join(outline.dir!, 'conformance.json')), 'the first run is kept');

    writeFileSync(rerun, '');
    const nothing = ctilabRun(out, ['--rerun', rerun]);
    assert.equal(nothing.status, 0);
    assert.match(nothing.stdout, /^nothing to rerun: .* lists no scenario$/m);
    assert.equal(nothing.runs.length, 2);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('--properties with a selection: the property tests of its rules run and are test purposes of those rules', () => {
  const out = mkdtempSync(join(tmpdir(), 'ctilab-run-'));
  try {
    // "A configured phone registers" is tagged @SCCP-FRAME-001, which the SCCP codec round trip
    // property checks (conformance/rules/property-coverage.ts).
    const res = ctilabRun(out, [
      'features/sccp/registration.feature',
      '--tags',
      '@SCCP-REG-001',
      '--properties',
    ]);
    assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
    assert.ok(res.dir !== undefined);
    const file = 'simulators/sccp/codec.property.test.ts';
    const title = 'SCCP codec round trip (every message type x every header version)';
    assert.match(res.stdout, /^property and model tests: 1$/m);
    assert.match(
      res.stdout,
      new RegExp(`^ {2}pass {3}${file.replace(/\./g, '\\.')} {2}.* seed -?\\d+, \\d+ runs$`, 'm'),
    );
    const results = JSON.parse(readFileSync(join(res.dir, 'properties.json'), 'utf8')) as {
      file: string;
      test: string;
      verdict: string;
      seed: number;
      numRuns: number;
      rules: string[];
    }[];
    assert.deepEqual(
      results.map((r) => [r.file, r.test, r.verdict, r.rules]),
      [[file, title, 'pass', ['SCCP-FRAME-001']]],
    );
    assert.ok(Number.isInteger(results[0]?.seed));
    assert.ok((results[0]?.numRuns ?? 0) > 0);
    const report = JSON.parse(readFileSync(join(res.dir, 'conformance.json'), 'utf8')) as Omit<
      Report,
      'rules'
    > & {
      propertyTotals: Record<string, number>;
      rules: { id: string; scenarios: { name: string; kind?: string }[] }[];
    };
    // Cucumber's counts stay Cucumber's; the property test is counted apart and in its rule.
    assert.equal(report.totals.pass, 1);
    assert.equal(report.propertyTotals.pass, 1);
    assert.deepEqual(
      report.rules.find((r) => r.id === 'SCCP-FRAME-001')?.scenarios.map((s) => [s.name, s.kind]),
      [
        ['A configured phone registers', undefined],
        [title, 'property'],
      ],
    );
    const html = readFileSync(join(res.dir, 'conformance.html'), 'utf8');
    assert.match(html, /<h2>Property and model tests<\/h2>/);
    assert.match(html, /<a href="properties\.json">properties\.json<\/a>/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('--name selects scenarios by a regular expression on their names, within the given paths', () => {
  const out = mkdtempSync(join(tmpdir(), 'ctilab-run-'));
  try {
    const run = ctilabRun(out, [
      'features/sccp/registration.feature',
      '--name',
      '^A configured phone registers$',
    ]);
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.deepEqual(
      cucumberCases(run.dir!).map((c) => c.name),
      ['A configured phone registers'],
    );
    const report = JSON.parse(readFileSync(join(run.dir!, 'conformance.json'), 'utf8')) as Report;
    assert.deepEqual(
      report.testPurposes.map((p) => p.name),
      ['A configured phone registers'],
    );
    assert.match(report.iut.selection ?? '', /--name \^A configured phone registers\$/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
