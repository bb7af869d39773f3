// Runs SIPp (Debian package sip-tester) as a spawned process against a TR/87 server and reads
// back its own statistics: exit code, -trace_stat totals, -trace_rtt response times, the error log.
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Clock, systemClock } from '../simulators/lab/clock.ts';
import { readProcCpuSeconds } from './csta-proc-cpu.ts';
import { type LatencySummary, summarizeLatency } from './csta-stats.ts';
import {
  clockStepMs,
  parseSippRttFile,
  parseSippStatFile,
  rateOver,
  type SippRtt,
  type SippStatTotals,
} from './sipp-stats.ts';

export interface MakeCallPair {
  readonly caller: string;
  readonly callee: string;
}

export interface SippRunOptions {
  /** The scenario XML (conformance/sipp/csta-make-call-load.xml or a variant). */
  readonly scenario: string;
  /** The TR/87 server (the CME's SIP listener), TCP. */
  readonly host: string;
  readonly port: number;
  readonly pairs: readonly MakeCallPair[];
  /** Calls (= TR/87 sessions = MakeCalls) per second. */
  readonly rate: number;
  /** Calls in all (SIPp -m). */
  readonly calls: number;
  /** The scenario's <pause/> (SIPp -d): MakeCall answered -> ClearConnection sent. */
  readonly holdMs: number;
  /** A fresh directory: SIPp runs there and leaves its files there. */
  readonly dir: string;
  /** A recv that waits longer fails its call (SIPp -recv_timeout); default 10 s. */
  readonly recvTimeoutMs?: number;
  readonly clock?: Clock;
}

export interface SippRunResult {
  /** The command line, as run (in `dir`). */
  readonly command: string;
  /** The scenario file it ran (`SippRunOptions.scenario`, as given). */
  readonly scenario: string;
  /** SIPp's exit code (0: every call succeeded; 1: some failed; 97/99/255/...: see SIPp's manual). */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stats: SippStatTotals;
  /** Response times per RTD name, as SIPp measured them (ms, whole milliseconds). */
  readonly responseTimes: Readonly<Record<string, LatencySummary>>;
  /** The step of SIPp's response-time clock seen in the samples (gcd), ms. */
  readonly clockStepMs: number;
  /** INVITEs of answered sessions sent per second, first to last (RTD "session": answer time - response time). */
  readonly sessionRate: number;
  /** Wall time from spawn to exit, s. */
  readonly wallSeconds: number;
  /** CPU of the SIPp process over its life, as a share of one core (last /proc sample). */
  readonly cpuCores: number | null;
  /** The first lines of SIPp's error log (-trace_err), empty when none. */
  readonly errorLog: string;
  /** SIPp's files, relative to `dir`. */
  readonly files: { readonly stat: string; readonly rtt: string | null; readonly errors: string };
}

export function sippArgs(opts: SippRunOptions): string[] {
  return [
    `${opts.host}:${opts.port}`,
    ...['-sf', opts.scenario, '-inf', 'pairs.csv', '-t', 't1'],
    ...['-r', String(opts.rate), '-rp', '1000', '-m', String(opts.calls), '-d', String(opts.holdMs)],
    // -p 0: SIPp binds an ephemeral local port (no fixed port to collide with other runs).
    ...['-i', '127.0.0.1', '-p', '0', '-nostdin'],
    ...['-recv_timeout', String(opts.recvTimeoutMs ?? 10_000)],
    ...['-trace_stat', '-stf', 'stat.csv', '-fd', '1', '-trace_rtt', '-rtt_freq', '1'],
    ...['-trace_err', '-error_file', 'errors.log'],
  ];
}

/**
 * Writes the injection file (SEQUENTIAL: call i uses pair i mod pairs), runs SIPp to its end and
 * parses what it wrote. Rejects when SIPp cannot be spawned or leaves no statistics file (a SIPp
 * that ran but failed calls resolves: its failures are in `stats` and `exitCode`).
 */
export async function runSipp(opts: SippRunOptions): Promise<SippRunResult> {
  const clock = opts.clock ?? systemClock;
  await writeFile(
    join(opts.dir, 'pairs.csv'),
    `SEQUENTIAL\n${opts.pairs.map((p) => `${p.caller};${p.callee}`).join('\n')}\n`,
  );
  const args = sippArgs(opts);
  // Bound the whole run: the calls' pacing, the longest call, and a margin.
  const boundMs = (opts.calls / opts.rate) * 1000 + opts.holdMs + 4 * (opts.recvTimeoutMs ?? 10_000) + 30_000;
  const t0 = performance.now();
  const proc = spawn('sipp', args, { cwd: opts.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // SIPp paints its screen on stdout; only the tail is kept for an error message.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('latin1')).slice(-4000);
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  let cpu: number | undefined;
  const sampler = clock.setInterval(() => {
    if (proc.pid !== undefined)
      void readProcCpuSeconds(proc.pid).then((c) => {
        if (c !== undefined) cpu = c;
      });
  }, 200);
  const killer = clock.setTimeout(() => proc.kill('SIGKILL'), boundMs);
  const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
    proc.on('error', (e) =>
      reject(
        new Error(
          `cannot run sipp (${e.message}): install the Debian package sip-tester (SIPp 3.6 or later)`,
        ),
      ),
    );
    proc.on('close', (code, signal) => resolve({ code, signal }));
  });
  sampler.cancel();
  killer.cancel();
  const wallSeconds = (performance.now() - t0) / 1000;
  const files = await readdir(opts.dir);
  const statText = await readFile(join(opts.dir, 'stat.csv'), 'utf8').catch(() => undefined);
  if (statText === undefined)
    throw new Error(
      `sipp exited (code ${exit.code}, signal ${exit.signal}) without a statistics file; its output ends:\n${output.slice(-1500)}`,
    );
  const stats = parseSippStatFile(statText);
  const rttFile = files.find((f) => f.endsWith('_rtt.csv')) ?? null;
  const rtt =
    rttFile === null
      ? new Map<string, SippRtt[]>()
      : parseSippRttFile(await readFile(join(opts.dir, rttFile), 'utf8'));
  const responseTimes: Record<string, LatencySummary> = {};
  for (const [name, samples] of rtt) responseTimes[name] = summarizeLatency(samples.map((s) => s.ms));
  const errorLog = await readFile(join(opts.dir, 'errors.log'), 'utf8').catch(() => '');
  return {
    command: `sipp ${args.join(' ')}`,
    scenario: opts.scenario,
    exitCode: exit.code,
    signal: exit.signal,
    stats,
    responseTimes,
    clockStepMs: clockStepMs([...rtt.values()].flat().map((s) => s.ms)),
    sessionRate: rateOver((rtt.get('session') ?? []).map((s) => s.atMs - s.ms)),
    wallSeconds,
    cpuCores: cpu === undefined || wallSeconds === 0 ? null : Math.round((cpu / wallSeconds) * 100) / 100,
    errorLog: errorLog.slice(0, 4000),
    files: { stat: 'stat.csv', rtt: rttFile, errors: 'errors.log' },
  };
}
