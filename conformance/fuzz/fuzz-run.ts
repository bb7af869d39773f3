/**
 * `ctilab fuzz`: runs the fuzz targets (fuzz-targets.ts) of one interface, or of all in turn with
 * the time split evenly, again and again with fresh seeds until the time is spent. Each pass of a
 * target is one `node --test` process with the fast-check-record.mjs preload, as a conformance
 * run does for its property tests (conformance/report/property-run.ts): it records every
 * fast-check run (seed, runs, memory, and on failure the counterexample and its path). The first
 * failure of an interface ends it; its replay command runs exactly that case again
 * (--seed, --path, --assert: the preload gives the path to that fast-check run only).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  exactNamePattern,
  type FastCheckRun,
  readRecord,
  readTap,
  recordPreload,
  runNode,
  shellQuote,
} from '../report/property-run.ts';
import { FUZZ_INTERFACES, type FuzzInterface, type FuzzTarget, targetsOf } from './fuzz-targets.ts';

export interface Memory {
  heapUsed: number;
  rss: number;
}

/** One fast-check run as the preload recorded it, with its index in the process and memory. */
export interface FuzzFastCheckRun extends FastCheckRun {
  index: number;
  memory?: { start: Memory; end: Memory };
}

export type FuzzVerdict = 'pass' | 'fail' | 'error';

/** One pass of one target: one process, one seed. */
export interface FuzzPass {
  target: string;
  file: string;
  seed: number;
  verdict: FuzzVerdict;
  durationMs: number;
  /** Inputs tried over the pass's fast-check runs. */
  numRuns: number;
  fastCheck: FuzzFastCheckRun[];
  /** Heap and RSS when the process started and after its last fast-check run (after a GC). */
  memory?: { start: Memory; end: Memory };
  /** Why not pass: the failing test and its error. */
  reason?: string;
  /** On a failure of a fast-check run: the shrunk input (fast-check's text of it), path and run. */
  counterexample?: string;
  /** The counterexample's byte buffers (SCCP, GED-188 frames) as hex, in order. */
  bytesHex?: string[];
  path?: string;
  assert?: number;
  /** A shell command that runs this pass again (on a failure: exactly the failing case). */
  replay: string;
}

export interface FuzzInterfaceResult {
  interface: FuzzInterface;
  budgetMs: number;
  durationMs: number;
  verdict: FuzzVerdict;
  passes: FuzzPass[];
  numRuns: number;
}

export interface FuzzReport {
  command: string;
  startedAt: string;
  durationMs: number;
  minutes: number;
  /** The first pass's seed; pass k of the run uses seed + k. */
  seed: number;
  replayOf?: { target: string; seed: number; path: string; assert: number };
  verdict: FuzzVerdict;
  interfaces: FuzzInterfaceResult[];
}

export interface FuzzOptions {
  interface: FuzzInterface | 'all';
  minutes: number;
  seed?: number;
  /** Replay: one target, one pass, this path (needs seed; assert defaults to 0). */
  target?: string;
  path?: string;
  assert?: number;
  /** The repository root: test files and the preload are relative to it. */
  cwd: string;
  /** Per pass; default 10 minutes. */
  passTimeoutMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** The test-only fault variable (fuzz-run.test.ts): passed on, and named in replay commands. */
export const FAULT_ENV = 'CTILAB_FUZZ_FAULT';

export function fuzzReplayCommand(
  iface: FuzzInterface,
  target: string,
  seed: number,
  failure?: { path: string; assert: number },
): string {
  const fault = process.env[FAULT_ENV];
  return [
    ...(fault ? [`${FAULT_ENV}=${shellQuote(fault)}`] : []),
    'node bin/ctilab.js fuzz',
    `--interface ${iface}`,
    `--target ${target}`,
    `--seed ${seed}`,
    ...(failure ? [`--path ${shellQuote(failure.path)}`, `--assert ${failure.assert}`] : ['--minutes 0']),
  ].join(' ');
}

/** One pass of a target with a seed (and for a replay, a path for one fast-check run). */
export async function runPass(
  target: FuzzTarget,
  seed: number,
  options: Pick<FuzzOptions, 'cwd' | 'passTimeoutMs' | 'path' | 'assert'>,
): Promise<FuzzPass> {
  const dir = mkdtempSync(join(tmpdir(), 'ctilab-fuzz-'));
  const record = join(dir, 'fast-check.jsonl');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CTILAB_FC_RECORD: record,
    CTILAB_FC_SEED: String(seed),
  };
  delete env.CTILAB_FC_PATH;
  delete env.CTILAB_FC_ASSERT;
  delete env.NODE_TEST_CONTEXT;
  delete env.FC_SEED;
  if (options.path !== undefined) {
    env.CTILAB_FC_PATH = options.path;
    env.CTILAB_FC_ASSERT = String(options.assert ?? 0);
  }
  const pattern =
    target.tests === undefined
      ? []
      : ['--test-name-pattern', target.tests.map((t) => `(?:${exactNamePattern(t)})`).join('|')];
  const args = [
    '--expose-gc',
    '--import',
    'tsx',
    '--import',
    recordPreload,
    '--test',
    '--test-reporter=tap',
    ...pattern,
    target.file,
  ];
  const timeoutMs = options.passTimeoutMs ?? 600_000;
  const started = Date.now();
  const out = await runNode(args, env, options.cwd, timeoutMs);
  const fastCheck = readRecord<FuzzFastCheckRun>(record);
  rmSync(dir, { recursive: true, force: true });
  const tap = readTap(out.stdout);
  const failing = fastCheck.find((r) => r.failed);
  const first = fastCheck[0]?.memory;
  const last = fastCheck.at(-1)?.memory;
  const base = {
    target: target.id,
    file: target.file,
    seed,
    durationMs: Date.now() - started,
    numRuns: fastCheck.reduce((n, r) => n + r.numRuns, 0),
    fastCheck,
    ...(first && last ? { memory: { start: first.start, end: last.end } } : {}),
  };
  const again = fuzzReplayCommand(target.interface, target.id, seed);
  if (out.spawnError !== undefined || out.timedOut) {
    const reason = out.spawnError ?? `timed out after ${timeoutMs} ms`;
    return { ...base, verdict: 'error', reason, replay: again };
  }
  if (tap.fail + tap.cancelled > 0 || out.code !== 0) {
    const reason = `${tap.firstFailure?.name ?? target.file}: ${tap.firstFailure?.error ?? `node --test exited with ${out.code}`}`;
    if (failing?.path !== undefined)
      return {
        ...base,
        verdict: 'fail',
        reason,
        ...(failing.counterexample === undefined
          ? {}
          : { counterexample: failing.counterexample, bytesHex: buffersAsHex(failing.counterexample) }),
        path: failing.path,
        assert: failing.index,
        replay: fuzzReplayCommand(target.interface, target.id, seed, {
          path: failing.path,
          assert: failing.index,
        }),
      };
    return { ...base, verdict: tap.pass + tap.fail === 0 ? 'error' : 'fail', reason, replay: again };
  }
  if (tap.pass === 0)
    return { ...base, verdict: 'error', reason: `no test ran in ${target.file}`, replay: again };
  return { ...base, verdict: 'pass', replay: again };
}

/** Each `Buffer.from([...])` of fast-check's text of a value, as hex. */
export function buffersAsHex(text: string): string[] {
  return [...text.matchAll(/Buffer\.from\(\[([\d,]*)\]\)/g)].map((m) =>
    Buffer.from(
      (m[1] ?? '')
        .split(',')
        .filter((b) => b !== '')
        .map(Number),
    ).toString('hex'),
  );
}

const worst = (vs: FuzzVerdict[]): FuzzVerdict =>
  vs.includes('fail') ? 'fail' : vs.includes('error') ? 'error' : 'pass';

/** A 32-bit seed for fast-check. */
export function randomSeed(): number {
  return (Date.now() ^ (Math.random() * 0x1_0000_0000)) | 0;
}

/**
 * Runs the interfaces' targets round-robin with seeds seed, seed+1, ... while one more round fits
 * in each interface's share of the time (its first target runs once at least, the others while
 * time is left); stops an interface at its first failure. With a path: replays that one case (one pass of `target`).
 */
export async function runFuzz(options: FuzzOptions, command: string): Promise<FuzzReport> {
  const started = Date.now();
  const seed = options.seed ?? randomSeed();
  const log = options.log ?? (() => {});
  const interfaces = options.interface === 'all' ? [...FUZZ_INTERFACES] : [options.interface];
  const budgetMs = (options.minutes * 60_000) / interfaces.length;
  const results: FuzzInterfaceResult[] = [];
  let k = 0;
  for (const iface of interfaces) {
    const from = Date.now();
    const targets = targetsOf(iface).filter((t) => options.target === undefined || t.id === options.target);
    const passes: FuzzPass[] = [];
    while (targets.length > 0) {
      const roundStarted = Date.now();
      let failed = false;
      for (const target of targets) {
        // The interface's first target always runs; the others while time is left.
        if (passes.length > 0 && Date.now() - from >= budgetMs) break;
        const passSeed = (seed + k++) | 0;
        log(`fuzz ${iface} ${target.id} seed ${passSeed}${options.path ? ` path ${options.path}` : ''}`);
        const pass = await runPass(target, passSeed, options);
        log(`  ${pass.verdict} ${pass.numRuns} inputs in ${pass.durationMs} ms`);
        passes.push(pass);
        if (pass.verdict !== 'pass') failed = true;
        if (failed || options.path !== undefined) break;
      }
      // Another round only if one more, as long as this one, fits in the budget.
      const now = Date.now();
      if (failed || options.path !== undefined || now - from + (now - roundStarted) > budgetMs) break;
    }
    results.push({
      interface: iface,
      budgetMs,
      durationMs: Date.now() - from,
      verdict: passes.length === 0 ? 'error' : worst(passes.map((p) => p.verdict)),
      passes,
      numRuns: passes.reduce((n, p) => n + p.numRuns, 0),
    });
  }
  return {
    command,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    minutes: options.minutes,
    seed,
    ...(options.path !== undefined && options.target !== undefined
      ? { replayOf: { target: options.target, seed, path: options.path, assert: options.assert ?? 0 } }
      : {}),
    verdict: worst(results.map((r) => r.verdict)),
    interfaces: results,
  };
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

/** fuzz.md: the verdict per interface, and each failure with its input, path and replay command. */
export function fuzzMarkdown(report: FuzzReport): string {
  const lines = [
    `# ctilab fuzz: ${report.verdict}`,
    '',
    `\`${report.command}\` at ${report.startedAt}, ${(report.durationMs / 1000).toFixed(1)} s, seed ${report.seed}`,
    '',
    '| interface | verdict | passes | inputs | time (s) | heap start -> end (last pass) |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of report.interfaces) {
    const m = r.passes.at(-1)?.memory;
    lines.push(
      `| ${r.interface} | ${r.verdict} | ${r.passes.length} | ${r.numRuns} | ${(r.durationMs / 1000).toFixed(1)} | ${m ? `${mb(m.start.heapUsed)} -> ${mb(m.end.heapUsed)}` : '-'} |`,
    );
  }
  for (const r of report.interfaces)
    for (const p of r.passes.filter((x) => x.verdict !== 'pass')) {
      lines.push('', `## ${r.interface} / ${p.target}: ${p.verdict} (seed ${p.seed})`, '');
      if (p.path !== undefined) lines.push(`- path: \`${p.path}\` (fast-check run ${p.assert})`);
      if (p.counterexample !== undefined) lines.push('- counterexample:', '', '```', p.counterexample, '```');
      if (p.bytesHex !== undefined && p.bytesHex.length > 0)
        lines.push('', '- its byte buffers (hex):', '', '```', ...p.bytesHex, '```');
      lines.push('', '```', p.reason ?? '', '```', '', 'Replay:', '', '```sh', p.replay, '```');
    }
  return `${lines.join('\n')}\n`;
}
