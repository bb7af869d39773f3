/**
 * Runs the fast-check property and model tests that check rules (conformance/rules/
 * property-coverage.ts) and reports each as a test purpose: one `node --test` process per row,
 * with the fast-check-record.mjs preload, which records every fast-check run (seed, number of
 * runs, and on failure the counterexample and its path). The verdict: pass when the test(s) ran
 * and passed, fail when one failed, error when none matched the title, the process timed out or
 * could not start. A failure carries a replay command that runs the same test with the same seed
 * and path (CTILAB_FC_SEED, CTILAB_FC_PATH).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PropertyCoverage, PropertyKind } from '../rules/property-coverage.ts';
import type { PropertyEvidence, TestPurpose } from './test-purposes.ts';

/** One fast-check run (one `fc.assert`) as the preload recorded it. */
export interface FastCheckRun {
  failed: boolean;
  interrupted: boolean;
  seed: number;
  numRuns: number;
  numShrinks: number;
  path?: string;
  counterexample?: string;
  error?: string;
}

export interface PropertyResult {
  file: string;
  test: string;
  kind: PropertyKind;
  rules: string[];
  verdict: 'pass' | 'fail' | 'error';
  durationMs: number;
  /** Tests that passed and failed under the title (a suite counts its tests). */
  passed: number;
  failed: number;
  /** The seed of the failing fast-check run, else of the first one. */
  seed?: number;
  /** Runs over all fast-check runs of the test(s). */
  numRuns: number;
  /** Every fast-check run, in order. */
  fastCheck: FastCheckRun[];
  counterexample?: string;
  path?: string;
  /** Why not pass: the failing test and its error. */
  reason?: string;
  /** A shell command that runs the test again (with the failing seed and path on a failure). */
  replay: string;
}

export interface PropertyRunOptions {
  /** The repository root: the files' paths and the replay command are relative to it. */
  cwd: string;
  /** Per test purpose; default 120 s. */
  timeoutMs?: number;
}

/** The preload, relative to the repository root (replay commands name it). */
export const recordPreload = './conformance/report/fast-check-record.mjs';

/** Quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A --test-name-pattern that matches exactly this title. */
export function exactNamePattern(title: string): string {
  return `^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

export function replayCommand(file: string, title: string, seed?: number, path?: string): string {
  const env = [
    ...(seed === undefined ? [] : [`CTILAB_FC_SEED=${seed}`]),
    ...(path === undefined ? [] : [`CTILAB_FC_PATH=${shellQuote(path)}`]),
  ];
  return [
    ...env,
    'node',
    '--import',
    'tsx',
    '--import',
    recordPreload,
    '--test',
    '--test-name-pattern',
    shellQuote(exactNamePattern(title)),
    shellQuote(file),
  ].join(' ');
}

interface TapSummary {
  pass: number;
  fail: number;
  cancelled: number;
  /** The first failing test (the innermost: TAP prints subtests before their suite) and its error. */
  firstFailure?: { name: string; error: string };
}

/** Reads the counts and the first failure out of node's TAP reporter output. */
export function readTap(tap: string): TapSummary {
  const count = (what: string) => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  const lines = tap.split('\n');
  const summary: TapSummary = { pass: count('pass'), fail: count('fail'), cancelled: count('cancelled') };
  const at = lines.findIndex((l) => /^\s*not ok \d+ - /.test(l));
  if (at >= 0) {
    const name = (lines[at] ?? '').replace(/^\s*not ok \d+ - /, '').replace(/\\#/g, '#');
    const block: string[] = [];
    // The YAML block: `error: 'text'` or `error: |-` and lines indented deeper than the key.
    let keyIndent = -1;
    for (const line of lines.slice(at + 1)) {
      if (/^\s*(ok|not ok) \d+ - |^\s*# Subtest:/.test(line)) break;
      const indent = line.length - line.trimStart().length;
      if (keyIndent < 0) {
        if (!/^\s*error: /.test(line)) continue;
        keyIndent = indent;
        const inline = line.replace(/^\s*error: /, '').replace(/^\|-?$/, '');
        if (inline !== '') block.push(inline.replace(/^'(.*)'$/, '$1'));
        continue;
      }
      if (line.trim() !== '' && indent <= keyIndent) break;
      block.push(line.trim());
    }
    summary.firstFailure = { name, error: block.join('\n').trim() };
  }
  return summary;
}

/**
 * The fast-check runs the preload (fast-check-record.mjs) wrote to `file`, one JSON line each; none
 * when the file is missing (no fc.assert ran). `R`: the record a preload of more fields writes.
 */
export function readRecord<R extends FastCheckRun = FastCheckRun>(file: string): R[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as R);
}

export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs: number,
): Promise<{ stdout: string; code: number | null; timedOut: boolean; spawnError?: string }> {
  return new Promise((resolve) => {
    // Its own process group: on a timeout the test file's process (node --test's child) dies too.
    const child = spawn(process.execPath, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.resume();
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ stdout, code: null, timedOut, spawnError: e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, code, timedOut });
    });
  });
}

/** Runs one row of the coverage table. */
export async function runProperty(
  row: PropertyCoverage,
  options: PropertyRunOptions,
): Promise<PropertyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ctilab-fc-'));
  const record = join(dir, 'fast-check.jsonl');
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, CTILAB_FC_RECORD: record };
  delete env.CTILAB_FC_SEED;
  delete env.CTILAB_FC_PATH;
  delete env.NODE_TEST_CONTEXT;
  const args = [
    '--import',
    'tsx',
    '--import',
    recordPreload,
    '--test',
    '--test-reporter=tap',
    '--test-name-pattern',
    exactNamePattern(row.test),
    row.file,
  ];
  const out = await runNode(args, env, options.cwd, options.timeoutMs ?? 120_000);
  const fastCheck = readRecord(record);
  rmSync(dir, { recursive: true, force: true });
  const durationMs = Date.now() - started;
  const tap = readTap(out.stdout);
  const failing = fastCheck.find((r) => r.failed);
  const first = failing ?? fastCheck[0];
  const base = {
    file: row.file,
    test: row.test,
    kind: row.kind,
    rules: [...row.rules],
    durationMs,
    passed: tap.pass,
    failed: tap.fail + tap.cancelled,
    numRuns: fastCheck.reduce((n, r) => n + r.numRuns, 0),
    fastCheck,
    ...(first === undefined ? {} : { seed: first.seed }),
  };
  if (out.spawnError !== undefined || out.timedOut) {
    const reason =
      out.spawnError !== undefined
        ? `could not start node: ${out.spawnError}`
        : `timed out after ${options.timeoutMs ?? 120_000} ms`;
    return { ...base, verdict: 'error', reason, replay: replayCommand(row.file, row.test) };
  }
  if (tap.fail + tap.cancelled > 0 || out.code !== 0) {
    const name = tap.firstFailure?.name ?? row.test;
    const reason = `${name}: ${tap.firstFailure?.error ?? `node --test exited with ${out.code}`}`;
    return {
      ...base,
      verdict: tap.pass + tap.fail + tap.cancelled === 0 ? 'error' : 'fail',
      reason,
      ...(failing?.counterexample === undefined ? {} : { counterexample: failing.counterexample }),
      ...(failing?.path === undefined ? {} : { path: failing.path }),
      replay: replayCommand(row.file, name, failing?.seed, failing?.path),
    };
  }
  if (tap.pass === 0)
    return {
      ...base,
      verdict: 'error',
      reason: `no test of ${row.file} is titled "${row.test}"`,
      replay: replayCommand(row.file, row.test),
    };
  return { ...base, verdict: 'pass', replay: replayCommand(row.file, row.test) };
}

/** Runs the rows one after the other (the machine is shared; each row may start a lab). */
export async function runProperties(
  rows: readonly PropertyCoverage[],
  options: PropertyRunOptions,
  onResult: (result: PropertyResult) => void = () => {},
): Promise<PropertyResult[]> {
  const results: PropertyResult[] = [];
  for (const row of rows) {
    const result = await runProperty(row, options);
    onResult(result);
    results.push(result);
  }
  return results;
}

/** A property result as a test purpose of the rule report: its tags are its rules. */
export function propertyPurpose(result: PropertyResult): TestPurpose {
  const fastCheck: PropertyEvidence = {
    numRuns: result.numRuns,
    durationMs: result.durationMs,
    replay: result.replay,
    ...(result.seed === undefined ? {} : { seed: result.seed }),
    ...(result.counterexample === undefined ? {} : { counterexample: result.counterexample }),
    ...(result.path === undefined ? {} : { path: result.path }),
  };
  return {
    name: result.test,
    feature: result.file,
    kind: result.kind,
    tags: result.rules.map((r) => `@${r}`),
    verdict: result.verdict,
    fastCheck,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
  };
}
