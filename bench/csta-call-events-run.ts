// The run of bench/csta-call-events.ts (that file is its command line): a CME with `devices`
// phoneless `cti watch` DNs (bench/csta-call-driver.ts: in this process, or a `serve cme` child),
// one TR/87 session per DN, calls placed open loop at each rate, every event checked in the event
// ledger of `ctilab load` (conformance/load/csta-ledger-feed.ts feeds it, as it does for run-load).
import { cpus, loadavg, platform } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ledgerEmissions, ledgerReceipt } from '../conformance/load/csta-ledger-feed.ts';
import type { LedgerCounts } from '../conformance/load/event-ledger.ts';
import { EventLedger } from '../conformance/load/event-ledger.ts';
import { LatencyHistogram, type LatencyPercentiles } from '../conformance/load/latency-histogram.ts';
import { readProcUsage } from '../conformance/load/proc-usage.ts';
import type { CstaEvent } from '../simulators/csta/csta-types.ts';
import { type Clock, systemClock, type TimerHandle } from '../simulators/lab/clock.ts';
import { SipEndpoint } from '../simulators/sip/sip-endpoint.ts';
import { Tr87Client } from '../simulators/tr87/tr87-client.ts';
import { roundTo, sleepOn } from './bench-support.ts';
import { type CallDriver, startEmbeddedDriver, startProcessDriver } from './csta-call-driver.ts';
import type { CallEventsBenchOptions } from './csta-call-events-options.ts';
import { generateCstaBenchConfig } from './csta-config.ts';

const TICK_MS = 1;
/** Longest a call may take from MakeCall to its clearing beyond the hold time. */
const CALL_TIMEOUT_MS = 10_000;
/** Event delivery p99 above this means the events fall behind the calls: not sustained. */
const SUSTAINED_P99_MS = 1_000;

interface Pair {
  readonly caller: string;
  readonly callee: string;
  busy: boolean;
}

interface Call {
  readonly pair: Pair;
  callID: string | undefined;
  state: 'making' | 'answering' | 'connected' | 'clearing' | 'done';
  timers: TimerHandle[];
}

/** CPU and memory of one process over a rate phase (traffic + drain). */
export interface ProcessFigures {
  /** CPU, cores. */
  cpuCores: number;
  /** CPU milliseconds per completed call. */
  cpuMsPerCall: number;
  /** CPU milliseconds per delivered event (steadier than per call when calls time out). */
  cpuMsPerEvent: number;
  rssMaxMB: number;
}

export interface RateResult {
  targetCallsPerSecond: number;
  seconds: number;
  calls: {
    attempted: number;
    completed: number;
    failed: Record<string, number>;
    /** Calls attempted / traffic window. */
    attemptedPerSecond: number;
    /** Calls completed / (first MakeCall -> last completion). */
    completedPerSecond: number;
    /** Most calls up at once. */
    maxActive: number;
  };
  events: Omit<LedgerCounts, 'lostRecovered' | 'recoveredDevices' | 'expectedRecovered'> & {
    /** Events received by the clients in the traffic window, per second. */
    receivedPerSecondInWindow: number;
    /** Model emission -> the client decoded the event INFO. */
    deliveryLatency: LatencyPercentiles;
    /** Seconds after the last call ended until the last expected event arrived (or the drain ran out). */
    drainSeconds: number;
  };
  /** CPU of this process (the clients, the ledger, the load driver; the CME too when embedded), cores, over traffic + drain. */
  cpuCores: number;
  /** CPU milliseconds of this process per completed call (less sensitive to the machine's other load). */
  cpuMsPerCall: number;
  /** CPU milliseconds of this process per delivered event. */
  cpuMsPerEvent: number;
  /** Share of the time this process's event loop was busy (1 = saturated) over traffic + drain. */
  eventLoopUtilization: number;
  rssMaxMB: number;
  /** Process runtime: the CME child (/proc/<pid>); null when embedded (its share is in the figures above). */
  cme: ProcessFigures | null;
  /** CPU milliseconds per completed call of both processes (= cpuMsPerCall when embedded). */
  totalCpuMsPerCall: number;
  /** CPU milliseconds per delivered event of both processes. */
  totalCpuMsPerEvent: number;
  loadAverage: number[];
  /** Every call completed, no event lost, duplicated or unexpected, delivery p99 within 1 s. */
  sustained: boolean;
}

export interface CallEventsReport {
  benchmark: 'csta-call-events';
  date: string;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  command: string;
  runtime: string;
  runtimeKind: 'embedded' | 'process';
  transport: string;
  calls: string;
  devices: number;
  sessions: number;
  holdSeconds: number;
  highestSustainedCallsPerSecond: number | null;
  rates: RateResult[];
}

/** Test hooks: a fault injected while the calls run (a test checks that it shows as lost events). */
export interface CallEventsHooks {
  /** After each call placed in a rate phase: `placed` so far, the TR/87 client of each DN. */
  onCallPlaced?(placed: number, clientOf: ReadonlyMap<string, Tr87Client>): void;
  /** Progress lines. */
  progress?(line: string): void;
}

export async function runCallEventsBench(
  opts: CallEventsBenchOptions,
  command: string,
  hooks: CallEventsHooks = {},
  clock: Clock = systemClock,
): Promise<CallEventsReport> {
  const progress = hooks.progress ?? (() => {});
  const { text, numbers } = generateCstaBenchConfig({ dns: opts.devices });
  const driver =
    opts.runtime === 'process'
      ? await startProcessDriver(
          text,
          clock,
          opts.cpuProfDir === undefined ? {} : { cpuProfDir: opts.cpuProfDir },
        )
      : await startEmbeddedDriver(text);
  const endpoint = await SipEndpoint.start({ name: 'csta-call-events' });
  const clients: Tr87Client[] = [];
  const results: RateResult[] = [];
  /** Where each client's events go now (the warm-up's counter, a rate phase's ledger, or nowhere). */
  const sinks = new Map<Tr87Client, (e: CstaEvent) => void>();
  try {
    const t = performance.now();
    const monitors = await monitorAll(driver.sip, endpoint, numbers, clients);
    for (const c of clients) c.on('event', (e) => sinks.get(c)?.(e));
    progress(
      `${numbers.length} DNs monitored, one TR/87 session each (CME ${driver.runtime === 'process' ? `child pid ${driver.pid}` : 'in this process'}), in ${roundTo((performance.now() - t) / 1000, 2)} s`,
    );
    const tw = performance.now();
    const warm = await warmUp(driver, clients, sinks, numbers, clock);
    progress(
      `warm-up: ${warm.calls} calls, ${warm.received}/${warm.expected} events in ${roundTo((performance.now() - tw) / 1000, 2)} s`,
    );
    for (const rate of opts.rates) {
      progress(`${rate} calls/s for ${opts.seconds} s, hold ${opts.holdSeconds} s`);
      const r = await ratePhase(driver, clients, sinks, monitors, numbers, rate, opts, hooks, clock);
      results.push(r);
      progress(
        `${rate}/s: ${r.calls.completed}/${r.calls.attempted} calls, events ${r.events.delivered}/${r.events.expected}, ` +
          `lost ${r.events.lost}, p99 ${r.events.deliveryLatency.p99Ms} ms, cpu ${r.cpuCores}` +
          `${r.cme === null ? '' : ` + cme ${r.cme.cpuCores}`}, ms/call ${r.totalCpuMsPerCall}, elu ${r.eventLoopUtilization}`,
      );
    }
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await endpoint.close();
    await driver.stop();
  }
  const best = results
    .filter((r) => r.sustained)
    .sort((a, b) => b.targetCallsPerSecond - a.targetCallsPerSecond)[0];
  return {
    benchmark: 'csta-call-events',
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    command,
    runtime:
      driver.runtime === 'process'
        ? 'CME (call model, CTI service, TR/87 server) in a `ctilab serve cme --call-events --console` child; the TR/87 clients, the load driver and the event ledger in this process'
        : 'embedded CME (call model, CTI service, TR/87 server) and the TR/87 clients in this one process',
    runtimeKind: driver.runtime,
    transport: 'tcp (loopback)',
    calls:
      driver.runtime === 'process'
        ? 'MakeCall on the call model (console `call make`), answered when it returns (the callee alerts), cleared by the caller after the hold time'
        : 'MakeCall on the call model, answered when it returns (the callee alerts), cleared by the caller after the hold time',
    devices: opts.devices,
    sessions: opts.devices,
    holdSeconds: opts.holdSeconds,
    highestSustainedCallsPerSecond: best?.targetCallsPerSecond ?? null,
    rates: results,
  };
}

/**
 * One TR/87 session per DN, each monitoring its own line (a CME CTI session may monitor and control
 * only the DN of its line: CME CSTA guide "CTI Session"); returns monitorCrossRefID -> DN per client.
 */
async function monitorAll(
  sip: { host: string; port: number },
  endpoint: SipEndpoint,
  numbers: readonly string[],
  clients: Tr87Client[],
): Promise<Map<Tr87Client, Map<string, string>>> {
  const monitors = new Map<Tr87Client, Map<string, string>>();
  for (let i = 0; i < numbers.length; i += 50)
    await Promise.all(
      numbers.slice(i, i + 50).map(async (dn) => {
        const client = await Tr87Client.connect({
          ...sip,
          endpoint,
          user: `monitor-${dn}`,
          line: dn,
          autoRefresh: true,
        });
        clients.push(client);
        monitors.set(client, new Map([[await client.monitorStart(dn), dn]]));
      }),
    );
  return monitors;
}

/**
 * Warm-up, not counted: one call on every pair (MakeCall, answer, clear at once), 100 pairs at a
 * time, each batch's events received before the next. A CTI server's sessions live for hours; the
 * first event on each dialog is the first time its SIP header values are parsed (the grammar
 * cache's misses, 3-4 ms of CPU per dialog), which a 10 s run would otherwise count for every call.
 */
async function warmUp(
  driver: CallDriver,
  clients: readonly Tr87Client[],
  sinks: Map<Tr87Client, (e: CstaEvent) => void>,
  numbers: readonly string[],
  clock: Clock,
): Promise<{ calls: number; expected: number; received: number }> {
  let expected = 0;
  let received = 0;
  const counter = { emitted: () => {} };
  const unsubscribe = driver.onEvent((event) => {
    expected += ledgerEmissions(counter, event, () => true, 0);
  });
  const count = () => {
    received++;
  };
  for (const c of clients) sinks.set(c, count);
  let calls = 0;
  try {
    for (let i = 0; i + 1 < numbers.length; i += 200) {
      const batch: Array<Promise<void>> = [];
      for (let j = i; j + 1 < Math.min(i + 200, numbers.length); j += 2) {
        const caller = numbers[j]!;
        const callee = numbers[j + 1]!;
        batch.push(
          (async () => {
            const r = await driver.makeCall(caller, callee);
            if (!r.ok) return;
            calls++;
            await driver.answer(r.callID, callee);
            await driver.clear(r.callID, caller);
          })(),
        );
      }
      await Promise.all(batch);
      const by = performance.now() + 30_000;
      while (received < expected && performance.now() < by) await sleepOn(clock, 5);
    }
  } finally {
    unsubscribe();
    for (const c of clients) {
      c.events.length = 0;
      sinks.delete(c);
    }
  }
  return { calls, expected, received };
}

async function ratePhase(
  driver: CallDriver,
  clients: readonly Tr87Client[],
  sinks: Map<Tr87Client, (e: CstaEvent) => void>,
  monitors: Map<Tr87Client, Map<string, string>>,
  numbers: readonly string[],
  rate: number,
  opts: CallEventsBenchOptions,
  hooks: CallEventsHooks,
  clock: Clock,
): Promise<RateResult> {
  const latency = new LatencyHistogram();
  const ledger = new EventLedger({
    // The process runtime's emissions cross a pipe: a client may see the event first.
    lateEmissions: driver.lateEmissions,
    onLateMatch: (ms) => latency.record(ms),
  });
  const monitored = new Set(numbers);
  const isMonitored = (dn: string) => monitored.has(dn);
  const pairs: Pair[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2)
    pairs.push({ caller: numbers[i]!, callee: numbers[i + 1]!, busy: false });
  const failed: Record<string, number> = {};
  const fail = (why: string) => {
    failed[why] = (failed[why] ?? 0) + 1;
  };
  let attempted = 0;
  let completed = 0;
  let active = 0;
  let maxActive = 0;
  let lastCompletion = 0;
  let received = 0;
  let receivedInWindow = 0;
  let inWindow = true;

  const finish = (call: Call, ok: boolean, why?: string) => {
    if (call.state === 'done') return;
    call.state = 'done';
    for (const t of call.timers) t.cancel();
    active--;
    if (ok) {
      completed++;
      lastCompletion = performance.now();
    } else fail(why ?? 'failed');
    call.pair.busy = false;
  };
  const unsubscribe = driver.onEvent((event, t) => {
    ledgerEmissions(ledger, event, isMonitored, t);
  });
  const listeners: Array<() => void> = [];
  const clientOf = new Map<string, Tr87Client>();
  for (const client of clients) {
    const ids = monitors.get(client)!;
    for (const dn of ids.values()) clientOf.set(dn, client);
    // One listener per client for the whole run (Tr87Client has no off()): each phase re-points it.
    sinks.set(client, (e: CstaEvent) => {
      const id = (e as { monitorCrossRefID?: string }).monitorCrossRefID;
      const dn = id === undefined ? undefined : ids.get(id);
      if (dn === undefined) return;
      received++;
      if (inWindow) receivedInWindow++;
      const ms = ledgerReceipt(ledger, dn, e, driver.now());
      if (ms !== undefined) latency.record(ms);
    });
    listeners.push(() => {
      client.events.length = 0;
    });
  }
  const opened = driver.now();
  for (const dn of numbers) ledger.open(dn, opened);

  // A call: MakeCall (the callee alerts at once: an idle phoneless DN), AnswerCall by the callee,
  // ClearConnection by the caller after the hold time; done when that clearing returns.
  const runCall = async (call: Call) => {
    const { caller, callee } = call.pair;
    // Timed out meanwhile (the state changes behind an await).
    const ended = (): boolean => call.state === 'done';
    const made = await driver.makeCall(caller, callee);
    if (ended()) return;
    if (!made.ok) return finish(call, false, `makeCall:${made.error}`);
    call.callID = made.callID;
    call.state = 'answering';
    const answered = await driver.answer(made.callID, callee);
    if (ended()) return;
    if (!answered.ok) return finish(call, false, `answer:${answered.error}`);
    call.state = 'connected';
    call.timers.push(
      clock.setTimeout(() => {
        if (call.state !== 'connected') return;
        call.state = 'clearing';
        void driver.clear(made.callID, caller).then((r) => {
          if (r.ok) finish(call, true);
          else finish(call, false, `clear:${r.error}`);
        });
      }, opts.holdSeconds * 1000),
    );
  };

  let nextPair = 0;
  const placeCall = () => {
    attempted++;
    let pair: Pair | undefined;
    for (let k = 0; k < pairs.length; k++) {
      const p = pairs[(nextPair + k) % pairs.length]!;
      if (!p.busy) {
        pair = p;
        nextPair = (nextPair + k + 1) % pairs.length;
        break;
      }
    }
    if (pair === undefined) {
      fail('no-idle-pair');
      return;
    }
    pair.busy = true;
    const call: Call = { pair, callID: undefined, state: 'making', timers: [] };
    active++;
    maxActive = Math.max(maxActive, active);
    call.timers.push(
      clock.setTimeout(
        () => finish(call, false, `timeout:${call.state}`),
        opts.holdSeconds * 1000 + CALL_TIMEOUT_MS,
      ),
    );
    void runCall(call);
  };

  const total = Math.floor(rate * opts.seconds);
  let placed = 0;
  const cmeUsage0 = driver.runtime === 'process' ? readProcUsage(driver.pid) : undefined;
  let cmeRssMax = cmeUsage0?.rssBytes ?? 0;
  let rssMax = process.memoryUsage().rss;
  const rssTimer = clock.setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
    if (cmeUsage0 !== undefined) cmeRssMax = Math.max(cmeRssMax, readProcUsage(driver.pid)?.rssBytes ?? 0);
    for (const l of listeners) l();
  }, 250);
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = clock.setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (placed < due) {
        placed++;
        placeCall();
        hooks.onCallPlaced?.(placed, clientOf);
      }
      if (placed >= total) {
        tick.cancel();
        resolve();
      }
    }, TICK_MS);
  });
  const trafficEnd = performance.now();
  const windowSeconds = Math.max(1e-3, (trafficEnd - start) / 1000);
  inWindow = false;
  const callsBy = trafficEnd + opts.holdSeconds * 1000 + CALL_TIMEOUT_MS + 1000;
  while (active > 0 && performance.now() < callsBy) await sleepOn(clock, 20);
  const quiet = driver.now();
  const quietAt = performance.now();
  for (const dn of numbers) ledger.close(dn, quiet);
  const drainBy = performance.now() + opts.drainSeconds * 1000;
  // counts() walks every emission: checked every 250 ms only.
  while (ledger.counts().lost > 0 && performance.now() < drainBy) await sleepOn(clock, 250);
  const drainSeconds = (performance.now() - quietAt) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cmeUsage1 = cmeUsage0 === undefined ? undefined : readProcUsage(driver.pid);
  const elu = performance.eventLoopUtilization(elu0);
  const cpuSeconds = (performance.now() - start) / 1000;
  rssTimer.cancel();
  unsubscribe();
  for (const l of listeners) l();
  for (const c of clients) sinks.delete(c);
  const counts = ledger.counts();
  const deliveryLatency = latency.summary();
  const firstToLast = (lastCompletion - start) / 1000;
  // Idle pairs for the next rate: every call of this phase has ended (or timed out).
  await sleepOn(clock, 500);
  const ownMs = (cpu.user + cpu.system) / 1e3;
  const cmeMs =
    cmeUsage0 === undefined || cmeUsage1 === undefined
      ? 0
      : (cmeUsage1.cpuSeconds - cmeUsage0.cpuSeconds) * 1e3;
  const perCall = (ms: number) => (completed === 0 ? 0 : roundTo(ms / completed, 2));
  const perEvent = (ms: number) => (counts.delivered === 0 ? 0 : roundTo(ms / counts.delivered, 3));
  const result: RateResult = {
    targetCallsPerSecond: rate,
    seconds: opts.seconds,
    calls: {
      attempted,
      completed,
      failed,
      attemptedPerSecond: roundTo(attempted / windowSeconds, 1),
      completedPerSecond: roundTo(firstToLast > 0 ? completed / firstToLast : 0, 1),
      maxActive,
    },
    events: {
      expected: counts.expected,
      delivered: counts.delivered,
      lost: counts.lost,
      duplicated: counts.duplicated,
      unexpected: counts.unexpected,
      outsideWindow: counts.outsideWindow,
      firstLost: counts.firstLost,
      firstUnexpected: counts.firstUnexpected,
      receivedPerSecondInWindow: roundTo(receivedInWindow / windowSeconds, 1),
      deliveryLatency,
      drainSeconds: roundTo(drainSeconds, 2),
    },
    cpuCores: roundTo(ownMs / 1e3 / cpuSeconds, 2),
    cpuMsPerCall: perCall(ownMs),
    cpuMsPerEvent: perEvent(ownMs),
    eventLoopUtilization: roundTo(elu.utilization, 2),
    rssMaxMB: roundTo(rssMax / 2 ** 20, 1),
    cme:
      cmeUsage0 === undefined
        ? null
        : {
            cpuCores: roundTo(cmeMs / 1e3 / cpuSeconds, 2),
            cpuMsPerCall: perCall(cmeMs),
            cpuMsPerEvent: perEvent(cmeMs),
            rssMaxMB: roundTo(cmeRssMax / 2 ** 20, 1),
          },
    totalCpuMsPerCall: perCall(ownMs + cmeMs),
    totalCpuMsPerEvent: perEvent(ownMs + cmeMs),
    loadAverage: loadavg().map((l) => roundTo(l, 2)),
    sustained: false,
  };
  result.sustained =
    completed === attempted &&
    counts.lost === 0 &&
    counts.duplicated === 0 &&
    counts.unexpected === 0 &&
    received >= counts.delivered &&
    (deliveryLatency.p99Ms ?? Number.POSITIVE_INFINITY) <= SUSTAINED_P99_MS;
  return result;
}
