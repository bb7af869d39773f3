/**
 * CSTA-over-SIP benchmark (issue 3 "Figures"): `node --import tsx bench/csta-latency.ts
 * [--rates 100,1000] [--seconds 10] [--sessions 10] [--monitors 100] [--out file]`.
 *
 * The CME runs in a child process (`ctilab serve cme` on a generated config: CTI on, phoneless DNs
 * with `cti watch` and `cti notify`); the TR/87 clients run here, over TCP on loopback.
 * 1. Request latency: for each rate, GetDoNotDisturb requests in INFO, paced open-loop (request i
 *    is sent at i / rate s whatever the answers), spread round-robin over `sessions` sessions;
 *    latency = INFO handed to the client -> its 200 decoded. p50/p90/p99/max, achieved rates.
 * 2. Event fan-out: `monitors` sessions each MonitorStart the same DN; one more session toggles
 *    SetDoNotDisturb on it (each toggle is one DoNotDisturbEvent to every monitor), keeping at
 *    most `window` toggles undelivered, for `seconds`; events received per second by all monitors.
 * Prints a table and writes reports/bench/csta-latency.json. Figures only: nothing asserts a time.
 * `--probe`: the latency probe (simulators/lab/latency-probe.ts) on in the CME child and here; each
 * latency phase gets `probe` (csta-latency-breakdown.ts: where the requests' time went, the
 * slowest 1% against all), and the raw snapshots go beside the JSON (`.probe-client.json`,
 * `.probe-cme.json`). `CTILAB_SIP_WRITEV_MAX=N` in the environment bounds the SIP writev batching
 * of both processes (sip-tcp-transport.ts).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freshBuildEntry } from '../bin/compiled-runtime.js';
import { type Clock, systemClock } from '../simulators/lab/clock.ts';
import {
  disableLatencyProbe,
  enableLatencyProbe,
  epochNow,
  type LatencyProbeSnapshot,
} from '../simulators/lab/latency-probe.ts';
import { CtilabChild } from '../simulators/runtime/ctilab-child.ts';
import { SipEndpoint } from '../simulators/sip/sip-endpoint.ts';
import { Tr87Client } from '../simulators/tr87/tr87-client.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { progressLogger, roundTo, runBenchMain, sleepOn, waitUntil } from './bench-support.ts';
import { generateCstaBenchConfig } from './csta-config.ts';
import { type LatencyBreakdown, latencyBreakdown } from './csta-latency-breakdown.ts';
import { type CstaBenchOptions, cstaBenchUsage, parseCstaBenchOptions } from './csta-latency-options.ts';
import { readProcCpuSeconds } from './csta-proc-cpu.ts';
import { dueCount, type LatencySummary, summarizeLatency } from './csta-stats.ts';

const progress = progressLogger('csta-latency');

const defaultOut = fileURLToPath(new URL('../reports/bench/csta-latency.json', import.meta.url));
/** Pacing tick; each tick sends every request that has fallen due. */
const tickMs = 1;
/** How long outstanding requests / undelivered events may take after a phase, at most. */
const drainMs = 15_000;
/** Event phase: toggles allowed in flight (sent but not yet seen by every monitor). */
const eventWindow = 20;

interface LatencyResult {
  targetRate: number;
  seconds: number;
  sessions: number;
  sent: number;
  answered: number;
  errors: number;
  unanswered: number;
  /** Requests sent / time from the first to the last send. */
  achievedSendRate: number;
  /** Answers / time from the first send to the last answer. */
  achievedAnswerRate: number;
  /** INFO handed to the client -> 200 decoded. */
  latency: LatencySummary;
  /** Scheduled send time -> 200 decoded (includes the pacing loop's own lag). */
  latencyFromSchedule: LatencySummary;
  firstErrors: string[];
  cpu: CpuShare;
  /** CPU milliseconds per answered request (CME: /proc, 10 ms ticks; bench: this process). */
  cpuMsPerRequest: { cme: number | null; bench: number };
  /**
   * The bench process's own event-loop delay while it paced (perf_hooks, 1 ms resolution): how
   * long a due answer could wait in the client before being read. Near the request p99, the
   * client side is the tail; far below it, the CME (or the machine's other load) is.
   */
  benchLoopDelayMs: { p50: number; p99: number; max: number };
  /** With `--probe`: where the requests' time went (csta-latency-breakdown.ts). */
  probe?: LatencyBreakdown;
}

/** CPU used during a phase's measured window, as a share of one core (1 = one core busy). */
interface CpuShare {
  cme: number | null;
  bench: number;
  /** CPU seconds used in the window (share x window): divided by the work done, a figure the machine's other load changes less. */
  cmeSeconds: number | null;
  benchSeconds: number;
}

interface EventsResult {
  monitors: number;
  seconds: number;
  window: number;
  toggles: number;
  expectedEvents: number;
  eventsInWindow: number;
  eventsPerSecond: number;
  eventsAfterDrain: number;
  lostEvents: number;
  badEvents: number;
  /** Toggle's 200 -> the last monitor's copy of its event, per toggle. */
  fanOutLatency: LatencySummary;
  cpu: CpuShare;
}

const live = new Set<CtilabChild>();

async function main(argv: string[]): Promise<number> {
  let opts: CstaBenchOptions;
  try {
    opts = parseCstaBenchOptions(argv);
  } catch (err) {
    if (!(err instanceof BenchOptionError)) throw err;
    process.stderr.write(`bench csta-latency: ${err.message}\n${cstaBenchUsage}`);
    return 2;
  }
  const stopAll = () => {
    for (const c of live) c.signal('SIGTERM');
  };
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  // bin/ctilab.js runs the compiled build (dist/, `npm run build`) when it is fresh, else tsx.
  const staleReasons: string[] = [];
  const childRuntime =
    process.env.CTILAB_TSX !== '1' && freshBuildEntry(undefined, staleReasons) !== undefined
      ? 'compiled (dist/)'
      : `tsx (${process.env.CTILAB_TSX === '1' ? 'CTILAB_TSX=1' : staleReasons.join('; ')})`;
  progress(`CME child runtime: ${childRuntime}`);
  const dir = await mkdtemp(join(tmpdir(), 'ctilab-csta-bench-'));
  const { text, numbers } = generateCstaBenchConfig({ dns: Math.max(opts.sessions, 1) + 1 });
  const configPath = join(dir, 'cme-csta.cfg');
  await writeFile(configPath, text);
  // --probe: the CME writes its probe's snapshot here when it exits; the clients' probe is ours.
  const cmeProbeFile = join(dir, 'cme-probe.json');
  if (opts.probe) enableLatencyProbe();
  /** Epoch ms of each latency phase's paced requests (the probe's time base). */
  const phaseWindows: Array<{ start: number; end: number }> = [];
  let cmeProbe: LatencyProbeSnapshot | undefined;
  const cme = new CtilabChild(
    'cme',
    [
      ...['serve', 'cme', '--config', configPath, '--host', '127.0.0.1'],
      ...['--sccp-port', '0', '--sip-port', '0'],
    ],
    {
      ...(opts.cmeCpuProf === undefined
        ? {}
        : { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', opts.cmeCpuProf] }),
      ...(opts.probe ? { env: { CTILAB_LATENCY_PROBE: cmeProbeFile } } : {}),
    },
  );
  live.add(cme);
  const latency: LatencyResult[] = [];
  let events: EventsResult | undefined;
  try {
    const ready = await cme.waitForLine((v) => 'endpoints' in v, 30_000, 'ready line', 0);
    const sip = sipEndpoint(ready.value);
    progress(`CME (pid ${cme.pid}) SIP on ${sip.host}:${sip.port}/tcp, ${numbers.length} DNs`);
    for (const rate of opts.rates) {
      progress(`latency at ${rate} requests/s for ${opts.seconds} s over ${opts.sessions} sessions`);
      latency.push(
        await latencyPhase(sip, cme.pid, numbers.slice(1, 1 + opts.sessions), rate, opts, phaseWindows),
      );
    }
    if (!opts.noEvents) {
      progress(`events: ${opts.monitors} monitors on ${numbers[0]} for ${opts.seconds} s`);
      events = await eventsPhase(sip, cme.pid, numbers[0]!, opts);
    }
  } finally {
    process.off('SIGINT', stopAll);
    process.off('SIGTERM', stopAll);
    await cme.stop(5000);
    live.delete(cme);
    if (opts.probe)
      cmeProbe = await readFile(cmeProbeFile, 'utf8').then(
        (t) => JSON.parse(t) as LatencyProbeSnapshot,
        () => undefined,
      );
    await rm(dir, { recursive: true, force: true });
  }
  const clientProbe = disableLatencyProbe();
  const out = opts.out ?? defaultOut;
  await mkdir(dirname(out), { recursive: true });
  // The raw snapshots beside the report, for a closer look than the breakdown.
  if (clientProbe !== undefined) await writeFile(`${out}.probe-client.json`, JSON.stringify(clientProbe));
  if (cmeProbe !== undefined) await writeFile(`${out}.probe-cme.json`, JSON.stringify(cmeProbe));
  if (clientProbe !== undefined)
    latency.forEach((l, i) => {
      const w = phaseWindows[i];
      if (w !== undefined) l.probe = latencyBreakdown(clientProbe, cmeProbe, w.start, w.end);
    });
  const report = {
    benchmark: 'csta-latency',
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    command: `node --import tsx bench/csta-latency.ts${argv.length > 0 ? ` ${argv.join(' ')}` : ''}`,
    cmeRuntime: childRuntime,
    loadAverage: loadavg().map((l) => roundTo(l, 2)),
    transport: 'tcp (loopback)',
    request: 'GetDoNotDisturb (INFO -> 200 with GetDoNotDisturbResponse)',
    event: 'DoNotDisturbEvent caused by SetDoNotDisturb toggles',
    latency,
    events,
  };
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `\n${formatTable(latency, events)}${formatProbe(latency)}\nCME runtime: ${childRuntime}; load average ${report.loadAverage.join(' ')}\n\nwrote ${out}\n`,
  );
  const healthy =
    latency.every((l) => l.errors === 0 && l.unanswered === 0) &&
    (events === undefined || (events.lostEvents === 0 && events.badEvents === 0));
  return healthy ? 0 : 1;
}

async function latencyPhase(
  sip: { host: string; port: number },
  cmePid: number | undefined,
  lines: string[],
  rate: number,
  opts: CstaBenchOptions,
  phaseWindows: Array<{ start: number; end: number }>,
  clock: Clock = systemClock,
): Promise<LatencyResult> {
  const endpoint = await SipEndpoint.start({ name: 'csta-bench-latency' });
  const clients: Tr87Client[] = [];
  try {
    for (const line of lines)
      clients.push(
        await Tr87Client.connect({ ...sip, endpoint, user: `bench-${line}`, line, autoRefresh: false }),
      );
    // Warm-up (JIT, connections): 200 requests, not counted.
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        clients[i % clients.length]!.request({ type: 'GetDoNotDisturb', device: lines[i % lines.length]! }),
      ),
    );
    const total = rate * opts.seconds;
    const fromSend: number[] = [];
    const fromSchedule: number[] = [];
    const errors: string[] = [];
    let sent = 0;
    let answered = 0;
    let lastSendAt = 0;
    let lastAnswerAt = 0;
    const cpu = await cpuMeter(cmePid);
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    const start = performance.now();
    const epochStart = epochNow();
    const sendOne = (i: number) => {
      const scheduled = start + (i * 1000) / rate;
      const t0 = performance.now();
      lastSendAt = t0;
      const c = clients[i % clients.length]!;
      c.request({ type: 'GetDoNotDisturb', device: lines[i % lines.length]! }).then(
        () => {
          const t1 = performance.now();
          lastAnswerAt = t1;
          answered++;
          fromSend.push(t1 - t0);
          fromSchedule.push(t1 - scheduled);
        },
        (e: unknown) => {
          errors.push(e instanceof Error ? e.message : String(e));
        },
      );
    };
    await new Promise<void>((resolve) => {
      const tick = clock.setInterval(() => {
        const due = dueCount(performance.now() - start, rate, total);
        while (sent < due) sendOne(sent++);
        if (sent >= total) {
          tick.cancel();
          resolve();
        }
      }, tickMs);
    });
    await waitUntil(() => answered + errors.length >= sent, drainMs, clock);
    phaseWindows.push({ start: epochStart, end: epochNow() });
    loopDelay.disable();
    const cpuShare = await cpu();
    const sendSpan = (lastSendAt - start) / 1000;
    const answerSpan = (lastAnswerAt - start) / 1000;
    return {
      targetRate: rate,
      seconds: opts.seconds,
      sessions: clients.length,
      sent,
      answered,
      errors: errors.length,
      unanswered: sent - answered - errors.length,
      achievedSendRate: roundTo(sendSpan > 0 ? (sent - 1) / sendSpan : 0, 1),
      achievedAnswerRate: roundTo(answerSpan > 0 ? answered / answerSpan : 0, 1),
      latency: summarizeLatency(fromSend),
      latencyFromSchedule: summarizeLatency(fromSchedule),
      firstErrors: errors.slice(0, 5),
      cpu: cpuShare,
      benchLoopDelayMs: {
        p50: roundTo(loopDelay.percentile(50) / 1e6, 2),
        p99: roundTo(loopDelay.percentile(99) / 1e6, 2),
        max: roundTo(loopDelay.max / 1e6, 2),
      },
      cpuMsPerRequest: {
        cme:
          cpuShare.cmeSeconds === null || answered === 0
            ? null
            : roundTo((cpuShare.cmeSeconds * 1000) / answered, 3),
        bench: answered === 0 ? 0 : roundTo((cpuShare.benchSeconds * 1000) / answered, 3),
      },
    };
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await endpoint.close();
  }
}

async function eventsPhase(
  sip: { host: string; port: number },
  cmePid: number | undefined,
  dn: string,
  opts: CstaBenchOptions,
  clock: Clock = systemClock,
): Promise<EventsResult> {
  const endpoint = await SipEndpoint.start({ name: 'csta-bench-events' });
  const monitors: Tr87Client[] = [];
  let driver: Tr87Client | undefined;
  try {
    let received = 0;
    /** Copies of toggle k's event seen so far, and when its 200 came back. */
    const seen = new Map<number, number>();
    const answeredAt = new Map<number, number>();
    const fanOut: number[] = [];
    let counting = false;
    let eventsInWindow = 0;
    // A DoNotDisturbEvent carries doNotDisturbOn; toggles alternate, so toggle k is on when k is even.
    const copiesOfLast = { on: 0, off: 0 };
    const perMonitor: number[] = new Array<number>(opts.monitors).fill(0);
    for (let i = 0; i < opts.monitors; i++) {
      const c = await Tr87Client.connect({
        ...sip,
        endpoint,
        user: `monitor-${i}`,
        line: dn,
        autoRefresh: false,
      });
      await c.monitorStart(dn);
      c.on('event', (e) => {
        if (e.type !== 'DoNotDisturbEvent') return;
        received++;
        if (counting) eventsInWindow++;
        // Events reach each monitor in order (one INFO at a time per session), so the n-th
        // DoNotDisturbEvent a monitor sees belongs to toggle n-1.
        const k = perMonitor[i]!++;
        const n = (seen.get(k) ?? 0) + 1;
        seen.set(k, n);
        if (n === opts.monitors) {
          const at = answeredAt.get(k);
          if (at !== undefined) fanOut.push(performance.now() - at);
          seen.delete(k);
        }
        if (e.doNotDisturbOn) copiesOfLast.on++;
        else copiesOfLast.off++;
      });
      monitors.push(c);
    }
    driver = await Tr87Client.connect({ ...sip, endpoint, user: 'driver', line: dn, autoRefresh: false });
    let toggles = 0;
    const stopAt = performance.now() + opts.seconds * 1000;
    const cpu = await cpuMeter(cmePid);
    counting = true;
    const windowStart = performance.now();
    while (performance.now() < stopAt) {
      if ((toggles - eventWindow) * opts.monitors > received) {
        await sleepOn(clock, 1);
        continue;
      }
      const k = toggles++;
      await driver.request({ type: 'SetDoNotDisturb', device: dn, doNotDisturbOn: k % 2 === 0 });
      answeredAt.set(k, performance.now());
    }
    counting = false;
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const cpuShare = await cpu();
    const expected = toggles * opts.monitors;
    await waitUntil(() => received >= expected, drainMs, clock);
    return {
      monitors: opts.monitors,
      seconds: roundTo(windowSeconds, 1),
      window: eventWindow,
      toggles,
      expectedEvents: expected,
      eventsInWindow,
      eventsPerSecond: roundTo(eventsInWindow / windowSeconds, 1),
      eventsAfterDrain: received,
      lostEvents: expected - received,
      badEvents: monitors.reduce((s, c) => s + c.badEvents.length, 0),
      fanOutLatency: summarizeLatency(fanOut),
      cpu: cpuShare,
    };
  } finally {
    await Promise.allSettled([...monitors, ...(driver ? [driver] : [])].map((c) => c.close()));
    await endpoint.close();
  }
}

/** Start measuring CPU: the returned function gives the shares of one core used since. */
async function cpuMeter(cmePid: number | undefined): Promise<() => Promise<CpuShare>> {
  const t0 = performance.now();
  const bench0 = process.cpuUsage();
  const cme0 = cmePid === undefined ? undefined : await readProcCpuSeconds(cmePid);
  return async () => {
    const seconds = (performance.now() - t0) / 1000;
    const bench = process.cpuUsage(bench0);
    const cme1 = cmePid === undefined ? undefined : await readProcCpuSeconds(cmePid);
    const cmeSeconds = cme0 === undefined || cme1 === undefined ? null : cme1 - cme0;
    const benchSeconds = (bench.user + bench.system) / 1e6;
    return {
      cme: cmeSeconds === null ? null : roundTo(cmeSeconds / seconds, 2),
      bench: roundTo(benchSeconds / seconds, 2),
      cmeSeconds: cmeSeconds === null ? null : roundTo(cmeSeconds, 2),
      benchSeconds: roundTo(benchSeconds, 3),
    };
  };
}

function sipEndpoint(ready: Record<string, unknown>): { host: string; port: number } {
  const e = (ready.endpoints as { sip?: { host?: unknown; port?: unknown } } | undefined)?.sip;
  if (typeof e?.host !== 'string' || typeof e.port !== 'number')
    throw new Error(`ctilab serve cme printed no endpoints.sip: ${JSON.stringify(ready)}`);
  return { host: e.host, port: e.port };
}

/** With --probe: per phase, the segment figures and what met the slowest 1%. */
function formatProbe(latency: LatencyResult[]): string {
  const lines: string[] = [];
  for (const l of latency) {
    const b = l.probe;
    if (b === undefined) continue;
    const segs = (f: Record<string, number>) =>
      Object.entries(f)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    const s = b.slowest;
    lines.push(
      `\nprobe ${l.targetRate}/s: ${b.joined} requests joined (${b.negative} with a negative segment left out)`,
      `  p50 ms: ${segs(b.p50)}`,
      `  p99 ms: ${segs(b.p99)}`,
      `  slowest ${s.count} (>= ${s.thresholdMs} ms), mean ms: ${segs(s.meanMs)}`,
      `  slowest: largest segment ${JSON.stringify(s.dominant)}; met a CME GC ${s.withCmeGc} (all ${s.allWithCmeGc}), a client GC ${s.withClientGc} (all ${s.allWithClientGc}); CME read batch ${s.cmeReadBatch} (all ${s.allCmeReadBatch}); loop window max CME ${s.cmeLoopWindowMaxMs} ms, client ${s.clientLoopWindowMaxMs} ms; waited for a CPU per 100 ms window CME ${s.cmeRunQueueMs} ms (all ${s.allCmeRunQueueMs}), client ${s.clientRunQueueMs} ms (all ${s.allClientRunQueueMs})`,
      ...(['cme', 'client'] as const).map((side) => {
        const h = b[side];
        return h === undefined
          ? `  ${side}: no probe`
          : `  ${side}: GC ${h.gc.count} pauses ${h.gc.totalMs} ms (max ${h.gc.maxMs}) ${JSON.stringify(h.gc.byKind)}; timers >= 1 ms ${h.longTimers.count} (max ${h.longTimers.maxMs}); loop window max p50 ${h.loopWindowMaxMs.p50} p99 ${h.loopWindowMaxMs.p99} max ${h.loopWindowMaxMs.max} ms; waited for a CPU ${h.runQueueMs ?? '-'} ms`;
      }),
    );
  }
  return lines.join('\n');
}

function formatTable(latency: LatencyResult[], events: EventsResult | undefined): string {
  const rows = [
    [
      ...['target req/s', 'sent', 'answered', 'errors', 'send rate', 'answer rate'],
      ...[
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'CME cpu',
        'bench cpu',
        'CME ms/req',
        'bench ms/req',
        'bench loop p99',
      ],
    ],
    ...latency.map((l) => [
      String(l.targetRate),
      String(l.sent),
      String(l.answered),
      String(l.errors + l.unanswered),
      l.achievedSendRate.toFixed(1),
      l.achievedAnswerRate.toFixed(1),
      l.latency.p50Ms.toFixed(3),
      l.latency.p90Ms.toFixed(3),
      l.latency.p99Ms.toFixed(3),
      l.latency.maxMs.toFixed(3),
      l.cpu.cme === null ? '-' : l.cpu.cme.toFixed(2),
      l.cpu.bench.toFixed(2),
      l.cpuMsPerRequest.cme === null ? '-' : l.cpuMsPerRequest.cme.toFixed(3),
      l.cpuMsPerRequest.bench.toFixed(3),
      l.benchLoopDelayMs.p99.toFixed(1),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map((r) => r.map((c, i) => c.padStart(widths[i]!)).join('  ')).join('\n');
  const head = ['CSTA request latency, GetDoNotDisturb INFO -> 200, TCP loopback, open-loop', table];
  if (events === undefined) return head.join('\n');
  const f = events.fanOutLatency;
  return [
    ...head,
    '',
    `events: ${events.monitors} monitors, ${events.toggles} SetDoNotDisturb toggles in ${events.seconds} s -> ` +
      `${events.eventsPerSecond.toFixed(1)} DoNotDisturbEvents/s delivered (${events.eventsInWindow} in the window; ` +
      `${events.eventsAfterDrain}/${events.expectedEvents} after drain, ${events.lostEvents} lost); ` +
      `fan-out to the last monitor p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms; ` +
      `CPU (cores): CME ${events.cpu.cme ?? '-'}, bench ${events.cpu.bench}`,
  ].join('\n');
}

runBenchMain('bench csta-latency', main, () => {
  for (const c of live) c.signal('SIGKILL');
});
