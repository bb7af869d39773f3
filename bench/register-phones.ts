/**
 * Registration benchmark (`npm run bench:register -- [--counts 1000,10000] [--keepalive-seconds 30]
 * [--hold-seconds 35] [--concurrency 200] [--warmup W] [--phone-processes P] [--out file] [--cpu-prof dir] [--node-flags "--flag ..."]`): for each N, one simulated CME with N
 * ephones in one child process (`ctilab serve cme`), N simulated SCCP phones in another
 * (`ctilab phones --count N`; with --phone-processes P, in P of them, contiguous blocks of N/P),
 * at least two processes because each end of N TCP connections needs N file descriptors. Measures phones/second to register (phones side and CME side), CME memory per
 * registered phone, and that every phone is still registered after a real-time hold spanning at
 * least one keepalive round. Prints a table and writes reports/bench/register-phones.json.
 * Figures only: nothing here asserts a duration.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CtilabChild } from '../simulators/runtime/ctilab-child.ts';
import { benchCommand, benchMachine, mib } from './bench-figures.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { progressLogger, roundTo, writeJsonReport } from './bench-support.ts';
import { type CpuSplit, readProcCpuSplit } from './csta-proc-cpu.ts';
import { macAt, parseMacBase } from './generate-cme-config.ts';
import { registrationWindowSeconds, settledStatus, statusOf } from './node-status.ts';
import { BenchChildren, phonesOutcome, runPhonesBench, startBenchCme } from './phones-bench-run.ts';
import { readProcRssBytes } from './proc-rss.ts';
import {
  parseRegisterBenchOptions,
  type RegisterBenchOptions,
  registerBenchUsage,
} from './register-phones-options.ts';
import {
  formatRegisterBenchTable,
  perPhone,
  type RegisterBenchReport,
  type RegisterBenchResult,
} from './register-phones-report.ts';
import { combineHeld, combineOutcomes, combineWarmups, splitPhones } from './register-phones-split.ts';

const progress = progressLogger('bench');

const statusIntervalMs = 100;
const macBase = '00BE00000000';
const defaultOut = fileURLToPath(new URL('../reports/bench/register-phones.json', import.meta.url));

/** SIGINT/SIGTERM: the hold stops waiting and every child is stopped. */
const children = new BenchChildren();
const sleep = children.sleep;

async function main(argv: string[]): Promise<number> {
  let opts: RegisterBenchOptions;
  try {
    opts = parseRegisterBenchOptions(argv);
  } catch (err) {
    if (!(err instanceof BenchOptionError)) throw err;
    process.stderr.write(`bench:register: ${err.message}\n${registerBenchUsage}`);
    return 2;
  }
  const results: RegisterBenchResult[] = [];
  await children.run(async () => {
    for (const n of opts.counts) {
      progress(`N = ${n}: generating the config, starting the CME`);
      results.push(await runOne(n, opts));
    }
  }, 10_000);
  const report: RegisterBenchReport = {
    benchmark: 'register-phones',
    ...benchMachine(),
    command: benchCommand('bench:register', argv),
    options: {
      keepaliveSeconds: opts.keepaliveSeconds,
      holdSeconds: opts.holdSeconds,
      concurrency: opts.concurrency,
      warmup: opts.warmup,
      phoneProcesses: opts.phoneProcesses,
      nodeFlags: opts.nodeFlags,
    },
    results,
  };
  const out = opts.out ?? defaultOut;
  await writeJsonReport(out, report);
  process.stdout.write(
    `\nregister-phones on ${report.node}, ${report.cpus} CPU (${report.cpuModel}), keepalive ${opts.keepaliveSeconds} s, hold ${opts.holdSeconds} s, concurrency ${opts.concurrency}\n`,
  );
  process.stdout.write(`${formatRegisterBenchTable(results)}\n\nwrote ${out}\n`);
  const healthy = results.every((r) => r.failed === 0 && r.stillRegisteredAfterHold === r.phones);
  return healthy ? 0 : 1;
}

async function runOne(n: number, opts: RegisterBenchOptions): Promise<RegisterBenchResult> {
  const warm = opts.warmup;
  const dir = await mkdtemp(join(tmpdir(), 'ctilab-bench-'));
  // --cpu-prof: each child writes CPU.<date>.<pid>...cpuprofile into the directory when it exits.
  const profArgs = [
    ...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(opts.cpuProfDir)}`] : []),
    ...opts.nodeFlags,
  ];
  // --expose-gc: the on-demand (SIGUSR2) status samples follow a full GC (bin/serve-command.ts).
  const { child: cme, port } = await startBenchCme(
    children,
    {
      path: join(dir, `cme-${n}.cfg`),
      count: n,
      macBase,
      keepaliveSeconds: opts.keepaliveSeconds,
    },
    { statusIntervalMs, nodeArgs: ['--expose-gc', ...profArgs], readyMs: 120_000 },
  ).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  let phones: CtilabChild[] = [];
  try {
    const started = await settledStatus(cme, sleep);
    progress(
      `N = ${n}: CME on 127.0.0.1:${port}, RSS ${mib(started.status.rssBytes)} MiB (settled: ${started.settled}); starting ${n} phones${warm > 0 ? ` after ${warm} warm-up phones` : ''}`,
    );
    let firstPhonesLine = cme.lines.length;
    let cmeCpuBefore = await cpuOf(cme);
    const parts = splitPhones(n, opts.phoneProcesses);
    const base = parseMacBase(macBase);
    phones = parts.map((part, i) =>
      children.track(
        new CtilabChild(
          parts.length === 1 ? 'phones' : `phones-${i + 1}`,
          [
            'phones',
            '--target',
            `127.0.0.1:${port}`,
            '--count',
            String(part.count),
            '--mac-base',
            macAt(base, part.first),
            '--concurrency',
            String(opts.concurrency),
            // Several processes: every phone's time, for p50 / p99 over all of them.
            ...(parts.length > 1 ? ['--registration-times'] : []),
            ...(warm > 0 ? ['--warmup', String(warm), '--warmup-hold'] : []),
          ],
          { nodeArgs: profArgs },
        ),
      ),
    );
    // Bound: every phone may use its full 30 s registration timeout, `concurrency` at a time.
    const registrationBoundMs = 60_000 + Math.ceil(n / opts.concurrency) * 31_000;
    let phonesCpuBefore: Array<CpuSplit | undefined> = phones.map(() => ({ user: 0, system: 0, total: 0 }));
    const beforeSample = started;
    let warmup: RegisterBenchResult['warmup'] = null;
    if (warm > 0) {
      // The warm-up phones registered and unregistered; the round starts after an interval status
      // with nobody registered (the CME-side window's start). The settled "before" sample stays the
      // one taken before the warm-up: a settled sample forces full GCs (--expose-gc), and forced
      // right before the round they lowered V8's old-generation limit so far that the round paid
      // for three more mark-compacts (issue 13: 3,922-4,212/s against 4,195-4,632/s in three
      // alternating pairs at N = 10,000). RSS and heap per phone then also count what the warm-up
      // left in the CME (an overestimate, never an underestimate).
      warmup = combineWarmups(await Promise.all(phones.map((p) => warmupOutcome(p, registrationBoundMs))));
      progress(
        `N = ${n}: ${warmup.registered}/${warmup.phones} warm-up phones in ${warmup.seconds} s, unregistered`,
      );
      firstPhonesLine = cme.lines.length;
      await cme.waitForLine(
        (v) => statusOf(v)?.trigger === 'interval' && statusOf(v)!.registered === 0,
        30_000,
        'status with the warm-up phones unregistered',
        firstPhonesLine,
      );
      cmeCpuBefore = await cpuOf(cme);
      phonesCpuBefore = await Promise.all(phones.map((p) => cpuOf(p)));
      for (const p of phones) p.signal('SIGUSR2');
    }
    const outcome = combineOutcomes(
      await Promise.all(phones.map((p) => phonesOutcome(p, registrationBoundMs))),
    );
    const cpuMsPerRegistration = {
      cme: cpuMsPer(cmeCpuBefore, await cpuOf(cme), outcome.registered),
      phones: cpuMsPer(
        sumCpu(phonesCpuBefore),
        sumCpu(await Promise.all(phones.map((p) => cpuOf(p)))),
        outcome.registered,
      ),
    };
    progress(
      `N = ${n}: phones report ${outcome.registered} registered, ${outcome.failed} failed in ${outcome.seconds} s`,
    );
    const allComplete = await cme
      .waitForLine(
        (v) => statusOf(v)?.trigger === 'interval' && statusOf(v)!.registrationComplete >= outcome.registered,
        30_000,
        'status with every registration complete',
        firstPhonesLine,
      )
      .catch(() => undefined);
    const cmeSideSeconds = allComplete
      ? registrationWindowSeconds(cme.lines, firstPhonesLine, allComplete)
      : null;
    const { status: before, settled: beforeSettled } = beforeSample;
    const { status: after, settled: afterSettled } = await settledStatus(cme, sleep);
    const phonesRssEach = await Promise.all(
      phones.map((p) => (p.pid === undefined ? undefined : readProcRssBytes(p.pid))),
    );
    const phonesRss = phonesRssEach.some((b) => b === undefined)
      ? undefined
      : phonesRssEach.reduce((t: number, b) => t + b!, 0);
    progress(
      `N = ${n}: CME RSS ${mib(after.rssBytes)} MiB (settled: ${afterSettled}); holding ${opts.holdSeconds} s`,
    );
    await sleep(opts.holdSeconds * 1000);
    const { status: held, settled: heldSettled } = await settledStatus(cme, sleep);
    // Every CME `<device> unregistered: <reason>` line so far: none is expected before the stop.
    const unregistrations = cme.countStderr(/ unregistered: /);
    const registeredAt = allComplete ? (statusOf(allComplete.value)?.time ?? after.time) : after.time;
    for (const p of phones) p.signal('SIGTERM');
    const stopping = combineHeld(
      await Promise.all(
        phones.map((p) =>
          p
            .waitForLine((v) => 'stopping' in v, 30_000, 'stopping line')
            .then((l) => l.value.stopping as RegisterBenchResult['phoneSide'])
            .catch(() => null),
        ),
      ),
    );
    // Each unregisters and exits on that one SIGTERM: a second one (stop()) would kill it mid-way.
    await Promise.all(phones.map((p) => p.waitForExit(60_000).catch(() => p.stop(5000))));
    progress(`N = ${n}: ${held.registrationComplete}/${n} still registered after the hold; phones stopped`);
    return {
      phones: n,
      phoneProcesses: parts.length,
      warmup,
      registered: outcome.registered,
      failed: outcome.failed,
      seconds: outcome.seconds,
      phonesPerSecond: roundTo(outcome.phonesPerSecond, 2),
      registrationMs: outcome.registrationMs ?? null,
      cmeSideSeconds: cmeSideSeconds === null ? null : roundTo(cmeSideSeconds, 2),
      cmeSidePhonesPerSecond:
        cmeSideSeconds === null || cmeSideSeconds <= 0
          ? null
          : roundTo(outcome.registered / cmeSideSeconds, 2),
      cpuMsPerRegistration,
      cmeRssBeforeBytes: before.rssBytes,
      cmeRssAfterBytes: after.rssBytes,
      cmeRssAfterHoldBytes: held.rssBytes,
      bytesPerPhone: perPhone(before.rssBytes, after.rssBytes, outcome.registered),
      bytesPerPhoneAfterHold: perPhone(before.rssBytes, held.rssBytes, outcome.registered),
      cmeRssSettled: { before: beforeSettled, after: afterSettled, afterHold: heldSettled },
      cmeHeapBeforeBytes: before.heapUsedBytes,
      cmeHeapAfterBytes: after.heapUsedBytes,
      cmeHeapAfterHoldBytes: held.heapUsedBytes,
      heapBytesPerPhone: perPhone(before.heapUsedBytes, after.heapUsedBytes, outcome.registered),
      cmeSamplesAfterGc: before.gc && after.gc && held.gc,
      phonesProcessRssBytes: phonesRss ?? null,
      holdSeconds: opts.holdSeconds,
      registeredSecondsAtCheck: roundTo((held.time - registeredAt) / 1000, 2),
      keepaliveSeconds: opts.keepaliveSeconds,
      stillRegisteredAfterHold: held.registrationComplete,
      cmeUnregistrationsBeforeStop: unregistrations,
      phoneSide: stopping,
      failures: outcome.failures,
    };
  } finally {
    await Promise.all(phones.map((p) => children.stop(p, 60_000)));
    await children.stop(cme, 30_000);
    await rm(dir, { recursive: true, force: true });
  }
}

/** The phones child's `{"warmup":...}` line (--warmup W --warmup-hold). */
async function warmupOutcome(phones: CtilabChild, timeoutMs: number) {
  const line = await phones.waitForLine((v) => 'warmup' in v, timeoutMs, 'warm-up outcome', 0);
  return line.value.warmup as NonNullable<RegisterBenchResult['warmup']>;
}

/** The CPU of several children added up; undefined when one is not readable. */
function sumCpu(each: ReadonlyArray<CpuSplit | undefined>): CpuSplit | undefined {
  if (each.some((c) => c === undefined)) return undefined;
  return (each as readonly CpuSplit[]).reduce(
    (t, c) => ({ user: t.user + c.user, system: t.system + c.system, total: t.total + c.total }),
    { user: 0, system: 0, total: 0 },
  );
}

/** A child's CPU seconds so far, from /proc (undefined: not readable). */
async function cpuOf(child: CtilabChild): Promise<CpuSplit | undefined> {
  return child.pid === undefined ? undefined : readProcCpuSplit(child.pid);
}

/** CPU ms per registration between two samples, user and system apart; null when either is missing. */
function cpuMsPer(
  from: CpuSplit | undefined,
  to: CpuSplit | undefined,
  registered: number,
): RegisterBenchResult['cpuMsPerRegistration']['cme'] {
  if (from === undefined || to === undefined || registered <= 0) return null;
  const ms = (a: number, b: number) => roundTo(((b - a) * 1000) / registered, 3);
  return {
    total: ms(from.total, to.total),
    user: ms(from.user, to.user),
    system: ms(from.system, to.system),
  };
}

await runPhonesBench('bench:register', children, main);
