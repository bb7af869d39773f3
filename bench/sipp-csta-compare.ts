// One run: the MakeCall lab, then SIPp and our client making the same CSTA MakeCall load on it,
// one after the other (--order), each at the same rate for the same number of calls.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type Clock, systemClock } from '../simulators/lab/clock.ts';
import { roundTo, sleepOn } from './bench-support.ts';
import { runMakeCallLoad } from './csta-makecall-load.ts';
import { readProcCpuSeconds } from './csta-proc-cpu.ts';
import { startMakeCallLab } from './makecall-lab.ts';
import type { SippCstaOptions } from './sipp-csta-options.ts';
import {
  type CtilabSide,
  ctilabSide,
  type SippCstaReport,
  type SippSide,
  sippSide,
} from './sipp-csta-report.ts';
import { runSipp } from './sipp-run.ts';

export const defaultSippScenario = fileURLToPath(
  new URL('../conformance/sipp/csta-make-call-load.xml', import.meta.url),
);

/** Pause between the two sides: every call of the first has ended (hold + clearing) before the next starts. */
const settleMs = 2000;

/** `sipp -v`'s version ("3.6.1"); throws a clear error when SIPp is not installed. */
export function sippVersion(): string {
  let out = '';
  try {
    out = execFileSync('sipp', ['-v'], { encoding: 'utf8', timeout: 5000 });
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT')
      throw new Error('SIPp is not installed (no `sipp` on PATH): install the Debian package sip-tester.');
    out = String((e as { stdout?: string }).stdout ?? ''); // some builds exit non-zero on -v
  }
  const m = /SIPp v?([0-9][^\s,-]*)/.exec(out);
  if (m === null) throw new Error(`\`sipp -v\` printed no SIPp version: ${out.slice(0, 200)}`);
  return m[1]!;
}

export async function loadAverage(): Promise<number[]> {
  const text = await readFile('/proc/loadavg', 'utf8').catch(() => '');
  return text
    .split(/\s+/)
    .slice(0, 3)
    .map(Number)
    .filter((n) => Number.isFinite(n));
}

/**
 * Starts the lab, runs both sides in `opts.order` and stops the lab. `dir` holds the generated
 * config and, under `sipp/`, SIPp's own files (stat.csv, *_rtt.csv, errors.log, pairs.csv).
 */
export async function runSippCstaComparison(
  opts: SippCstaOptions,
  dir: string,
  command: string,
  log: (line: string) => void = () => {},
  clock: Clock = systemClock,
): Promise<SippCstaReport> {
  const version = sippVersion();
  const before = await loadAverage();
  const calls = opts.rate * opts.seconds;
  const warmUpCalls = opts.warmUpSeconds * opts.rate;
  const lab = await startMakeCallLab({ pairs: opts.pairs, answerAfterMs: opts.answerAfterMs, dir });
  let sipp: SippSide | undefined;
  let ours: CtilabSide | undefined;
  let phones: Record<string, unknown> | undefined;
  try {
    log(`CME SIP on ${lab.sip.host}:${lab.sip.port}/tcp, ${2 * opts.pairs} phones registered`);
    const cmeCpu = async <T>(run: () => Promise<T>): Promise<[T, number | null]> => {
      const c0 = lab.cmePid === undefined ? undefined : await readProcCpuSeconds(lab.cmePid);
      const t0 = performance.now();
      const value = await run();
      const c1 = lab.cmePid === undefined ? undefined : await readProcCpuSeconds(lab.cmePid);
      const s = (performance.now() - t0) / 1000;
      return [value, c0 === undefined || c1 === undefined ? null : roundTo((c1 - c0) / s, 2)];
    };
    const runSippSide = async () => {
      log(`SIPp: ${calls} MakeCalls at ${opts.rate}/s`);
      const sippDir = join(dir, 'sipp');
      await mkdir(sippDir, { recursive: true });
      const [r, cme] = await cmeCpu(() =>
        runSipp({
          scenario: opts.scenario ?? defaultSippScenario,
          host: lab.sip.host,
          port: lab.sip.port,
          pairs: lab.pairs,
          rate: opts.rate,
          calls,
          holdMs: opts.holdMs,
          dir: sippDir,
          clock,
        }),
      );
      sipp = sippSide(r, version, cme);
      log(`SIPp: exit ${r.exitCode}, ${r.stats.successful} succeeded, ${r.stats.failed} failed`);
    };
    const runOurSide = async () => {
      log(`ctilab: ${calls} MakeCalls at ${opts.rate}/s`);
      const [r, cme] = await cmeCpu(() =>
        runMakeCallLoad({
          host: lab.sip.host,
          port: lab.sip.port,
          pairs: lab.pairs,
          rate: opts.rate,
          calls,
          holdMs: opts.holdMs,
          clock,
        }),
      );
      ours = ctilabSide(r, cme);
      log(`ctilab: ${r.succeeded} succeeded, ${r.failed} failed`);
    };
    // Warm-up, not counted: the first calls cost more (JIT of the CME and of this process, first
    // connections); without it our client, and the side that runs first, pay for them.
    if (warmUpCalls > 0) {
      const warm = await runMakeCallLoad({
        host: lab.sip.host,
        port: lab.sip.port,
        pairs: lab.pairs,
        rate: opts.rate,
        calls: warmUpCalls,
        holdMs: opts.holdMs,
        clock,
      });
      log(`warm-up: ${warm.succeeded} of ${warmUpCalls} calls`);
      await sleepOn(clock, settleMs + opts.holdMs);
    }
    const sides = opts.order === 'sipp-first' ? [runSippSide, runOurSide] : [runOurSide, runSippSide];
    await sides[0]!();
    await sleepOn(clock, settleMs + opts.holdMs);
    await sides[1]!();
  } finally {
    phones = await lab.stop();
  }
  if (sipp === undefined || ours === undefined) throw new Error('a side did not run');
  return {
    benchmark: 'sipp-csta',
    date: new Date().toISOString(),
    command,
    node: process.version,
    sippVersion: version,
    cpus: cpus().length,
    loadAverage: { before, after: await loadAverage() },
    lab: `ctilab serve cme (CTI on, every DN cti watch) and ctilab phones (${2 * opts.pairs} SCCP phones answering after ${opts.answerAfterMs} ms), each its own process, TCP on loopback`,
    call: 'TR/87 session on the caller line (INVITE RequestSystemStatus -> 200 -> ACK), INFO MakeCall (doNotPrompt) -> 200 MakeCallResponse, hold, INFO ClearConnection -> 200, BYE -> 200',
    rate: opts.rate,
    seconds: opts.seconds,
    callsPerSide: calls,
    holdMs: opts.holdMs,
    answerAfterMs: opts.answerAfterMs,
    pairs: opts.pairs,
    order: opts.order,
    warmUpCalls,
    sipp,
    ctilab: ours,
    phones: phones ?? null,
  };
}
