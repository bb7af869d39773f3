/**
 * `ctilab serve` start time (issue 13 "Speed"): `npm run bench:serve-ready -- [--rounds 10]
 * [--nodes cme,cucm,acd] [--modes default,tsx] [--out file]`. For each mode and node, starts
 * `node bin/ctilab.js serve <node> ...` (the shipped lab, ephemeral ports) `rounds` times, one
 * after the other, and measures spawn -> its ready JSON line (the one with `endpoints`); then
 * SIGTERM. Mode `default` is what bin/ctilab.js picks (the compiled build in dist/ when fresh:
 * the report says which ran), `tsx` forces the TypeScript sources (CTILAB_TSX=1). Prints
 * min/p50/p90/max and writes reports/bench/serve-ready.json. Figures only: nothing here asserts
 * a duration.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, platform } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBuildEntry } from '../bin/compiled-runtime.js';
import { systemClock } from '../simulators/lab/clock.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { progressLogger, roundTo, runBenchMain } from './bench-support.ts';
import {
  parseServeReadyOptions,
  type ServeMode,
  type ServeNode,
  type ServeReadyOptions,
  type ServeReadyResult,
  serveArgs,
  serveReadyUsage,
  summarize,
} from './serve-ready-options.ts';

const progress = progressLogger('serve-ready');
const root = fileURLToPath(new URL('..', import.meta.url));
const ctilab = fileURLToPath(new URL('../bin/ctilab.js', import.meta.url));
const defaultOut = fileURLToPath(new URL('../reports/bench/serve-ready.json', import.meta.url));
const readyBoundMs = 60_000;

const live = new Set<ChildProcess>();

/** Spawn -> the ready line, in ms; the child is stopped (SIGTERM, SIGKILL after 10 s) before return. */
async function oneStart(node: ServeNode, mode: ServeMode): Promise<number> {
  const env = { ...process.env };
  if (mode === 'tsx') env.CTILAB_TSX = '1';
  else delete env.CTILAB_TSX;
  const started = performance.now();
  const child = spawn(process.execPath, [ctilab, ...serveArgs(node)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      let pending = '';
      const timer = systemClock.setTimeout(
        () => reject(new Error(`serve ${node}: no ready line in ${readyBoundMs} ms`)),
        readyBoundMs,
      );
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        pending += chunk;
        let nl = pending.indexOf('\n');
        while (nl >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          if (isReadyLine(line)) {
            timer.cancel();
            resolve(performance.now() - started);
            return;
          }
          nl = pending.indexOf('\n');
        }
      });
      child.once('close', (code, signal) => {
        timer.cancel();
        reject(new Error(`serve ${node} exited (${code ?? signal}) before its ready line: ${stderr.trim()}`));
      });
    });
  } finally {
    child.kill('SIGTERM');
    const kill = systemClock.setTimeout(() => child.kill('SIGKILL'), 10_000);
    await closed;
    kill.cancel();
    live.delete(child);
  }
}

function isReadyLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    return typeof value.endpoints === 'object' && value.endpoints !== null;
  } catch {
    return false;
  }
}

async function main(argv: string[]): Promise<number> {
  let opts: ServeReadyOptions;
  try {
    opts = parseServeReadyOptions(argv);
  } catch (err) {
    if (!(err instanceof BenchOptionError)) throw err;
    process.stderr.write(`bench:serve-ready: ${err.message}\n${serveReadyUsage}`);
    return 2;
  }
  const staleReasons: string[] = [];
  const buildFresh = freshBuildEntry(undefined, staleReasons) !== undefined;
  if (!buildFresh && opts.modes.includes('default'))
    progress(`no fresh build (${staleReasons.join('; ')}): mode default runs on tsx; run npm run build`);
  const loadBefore = loadavg();
  const results: ServeReadyResult[] = [];
  for (const mode of opts.modes) {
    const runsOn = mode === 'default' && buildFresh ? 'build' : 'tsx';
    for (const node of opts.nodes) {
      const samples: number[] = [];
      for (let i = 0; i < opts.rounds; i++) {
        samples.push(await oneStart(node, mode));
      }
      const r = summarize(node, mode, runsOn, samples);
      progress(`serve ${node} (${runsOn}): p50 ${r.p50Ms} ms`);
      results.push(r);
    }
  }
  const report = {
    benchmark: 'serve-ready',
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverage1mBefore: roundTo(loadBefore[0]!, 2),
    loadAverage1mAfter: roundTo(loadavg()[0]!, 2),
    command: argv.length > 0 ? `npm run bench:serve-ready -- ${argv.join(' ')}` : 'npm run bench:serve-ready',
    rounds: opts.rounds,
    results,
  };
  const out = opts.out ?? defaultOut;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `\nserve-ready on ${report.node}, ${report.cpus} CPU (${report.cpuModel}), ${opts.rounds} starts each, load ${report.loadAverage1mBefore} -> ${report.loadAverage1mAfter}\n`,
  );
  process.stdout.write('node  runs on  min ms  p50 ms  p90 ms  max ms\n');
  for (const r of results)
    process.stdout.write(
      `${r.node.padEnd(5)} ${r.runsOn.padEnd(7)} ${String(r.minMs).padStart(7)} ${String(r.p50Ms).padStart(7)} ${String(r.p90Ms).padStart(7)} ${String(r.maxMs).padStart(7)}\n`,
    );
  process.stdout.write(`\nwrote ${out}\n`);
  return 0;
}

await runBenchMain('bench:serve-ready', main, () => {
  for (const c of live) c.kill('SIGKILL');
});
