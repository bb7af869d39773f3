/**
 * CSTA call events at a call rate (issue 13 item 6 "Speed"): `npm run bench:call-events -- [--rates
 * 100,250,500] [--seconds 10] [--devices 2000] [--hold-seconds 1] [--out file]`.
 *
 * An embedded CME (this process) with `devices` phoneless ephone-dns, each `cti watch` and `cti
 * notify` (CME CSTA guide: monitorable, in service with no phone); one TR/87 session per DN over
 * TCP on loopback (one SIP endpoint) MonitorStarts its DN (a CME session monitors its own line). The DNs form caller/callee pairs; calls
 * are placed on the CME's call model directly, open loop at each rate (MakeCall from the caller,
 * the callee answers as soon as it rings, the caller clears after `hold-seconds`): the model, the
 * CTI service, the TR/87 server and the clients are the code under test; SCCP phones are not (one
 * process could not drive 1,000 phones through 500 calls/s: the CUCM load run saturated at 20
 * calls/s with 1,000 phones, README "Load"), and a load generator in front of a real call agent
 * (a trunk, a SIPp script) would not use phones either.
 *
 * Ground truth: every call-model event for a monitored DN is entered in the event ledger of
 * `ctilab load` (conformance/load/event-ledger.ts) as the CTI service must report it (the same
 * `cstaEventFor`), every event a client receives is matched there: expected / delivered / lost /
 * duplicated, and emission -> receipt latency. An event not received `drain-seconds` after the
 * last call ended is lost. Per rate: calls attempted / completed, events, latency p50/p99, CPU
 * (cores, this process), the event loop's utilization and RSS. Prints a table and writes
 * reports/bench/csta-call-events.json. Figures only: nothing asserts a time.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, platform } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { EventLedger, type LedgerCounts } from '../conformance/load/event-ledger.ts';
import { LatencyHistogram, type LatencyPercentiles } from '../conformance/load/latency-histogram.ts';
import { callIdOf } from '../conformance/load/run-load.ts';
import type { CallEvent } from '../simulators/calls/call-events.ts';
import { CmeLab, type StartedCme } from '../simulators/cme/cme.ts';
import { loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import { cstaEventFor } from '../simulators/cme/cti/cti-events.ts';
import type { CstaEvent } from '../simulators/csta/csta-types.ts';
import { systemClock, type TimerHandle } from '../simulators/lab/clock.ts';
import { SipEndpoint } from '../simulators/sip/sip-endpoint.ts';
import { Tr87Client } from '../simulators/tr87/tr87-client.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { progressLogger, roundTo, runBenchMain, sleepOn } from './bench-support.ts';
import {
  type CallEventsBenchOptions,
  callEventsBenchUsage,
  parseCallEventsBenchOptions,
} from './csta-call-events-options.ts';
import { generateCstaBenchConfig } from './csta-config.ts';

const progress = progressLogger('csta-call-events');
const clock = systemClock;
const defaultOut = fileURLToPath(new URL('../reports/bench/csta-call-events.json', import.meta.url));
const TICK_MS = 1;
/** Longest a call may take from MakeCall to its clearing beyond the hold time. */
const CALL_TIMEOUT_MS = 10_000;
/** Event delivery p99 above this means the events fall behind the calls: not sustained. */
const SUSTAINED_P99_MS = 1_000;
/** Where each client's events go now (the warm-up's counter, a rate phase's ledger, or nowhere). */
const sinks = new Map<Tr87Client, (e: CstaEvent) => void>();

interface Pair {
  readonly caller: string;
  readonly callee: string;
  busy: boolean;
}

interface Call {
  readonly pair: Pair;
  readonly callID: string;
  readonly startedAt: number;
  state: 'alerting' | 'connected' | 'clearing' | 'done';
  timers: TimerHandle[];
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
  /** CPU of this process (CME + clients + load driver), cores, over traffic + drain. */
  cpuCores: number;
  /** CPU milliseconds of this process per completed call (less sensitive to the machine's other load). */
  cpuMsPerCall: number;
  /** Share of the time the event loop was busy (1 = saturated) over traffic + drain. */
  eventLoopUtilization: number;
  rssMaxMB: number;
  loadAverage: number[];
  /** Every call completed, no event lost, duplicated or unexpected, delivery p99 within 1 s. */
  sustained: boolean;
}

async function main(argv: string[]): Promise<number> {
  let opts: CallEventsBenchOptions;
  try {
    opts = parseCallEventsBenchOptions(argv);
  } catch (err) {
    if (!(err instanceof BenchOptionError)) throw err;
    process.stderr.write(`bench csta-call-events: ${err.message}\n${callEventsBenchUsage}`);
    return 2;
  }
  const { text, numbers } = generateCstaBenchConfig({ dns: opts.devices });
  const { config, ios } = loadCmeConfig(text);
  const lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, sipPort: 0 });
  const cme = await lab.start();
  const endpoint = await SipEndpoint.start({ name: 'csta-call-events' });
  const clients: Tr87Client[] = [];
  const results: RateResult[] = [];
  try {
    const sip = cme.endpoints.sip;
    if (sip === undefined) throw new Error('the CME serves no SIP');
    const t = performance.now();
    const monitors = await monitorAll(sip, endpoint, numbers, clients);
    for (const c of clients) c.on('event', (e) => sinks.get(c)?.(e));
    progress(
      `${numbers.length} DNs monitored, one TR/87 session each, in ${roundTo((performance.now() - t) / 1000, 2)} s`,
    );
    const tw = performance.now();
    const warm = await warmUp(cme, clients, numbers);
    progress(
      `warm-up: ${warm.calls} calls, ${warm.received}/${warm.expected} events in ${roundTo((performance.now() - tw) / 1000, 2)} s`,
    );
    for (const rate of opts.rates) {
      progress(`${rate} calls/s for ${opts.seconds} s, hold ${opts.holdSeconds} s`);
      const r = await ratePhase(cme, clients, monitors, numbers, rate, opts);
      results.push(r);
      progress(
        `${rate}/s: ${r.calls.completed}/${r.calls.attempted} calls, events ${r.events.delivered}/${r.events.expected}, ` +
          `lost ${r.events.lost}, p99 ${r.events.deliveryLatency.p99Ms} ms, cpu ${r.cpuCores}, elu ${r.eventLoopUtilization}`,
      );
    }
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await endpoint.close();
    await cme.stop();
  }
  const best = results
    .filter((r) => r.sustained)
    .sort((a, b) => b.targetCallsPerSecond - a.targetCallsPerSecond)[0];
  const report = {
    benchmark: 'csta-call-events',
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    command: `npm run bench:call-events${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    runtime: 'embedded CME (call model, CTI service, TR/87 server) and the TR/87 clients in this one process',
    transport: 'tcp (loopback)',
    calls: 'MakeCall on the call model, answered on Delivered, cleared by the caller after the hold time',
    devices: opts.devices,
    sessions: opts.devices,
    holdSeconds: opts.holdSeconds,
    highestSustainedCallsPerSecond: best?.targetCallsPerSecond ?? null,
    rates: results,
  };
  const out = opts.out ?? defaultOut;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${formatTable(results, opts)}\n\nwrote ${out}\n`);
  return 0;
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
  cme: StartedCme,
  clients: readonly Tr87Client[],
  numbers: readonly string[],
): Promise<{ calls: number; expected: number; received: number }> {
  const model = cme.calls.model;
  let expected = 0;
  let received = 0;
  const identity = (d: string) => d;
  const unsubscribe = model.on((event: CallEvent) => {
    for (const dn of new Set(event.monitoredDevices))
      if (cstaEventFor(event, dn, '0', identity) !== undefined) expected++;
  });
  const count = () => {
    received++;
  };
  for (const c of clients) sinks.set(c, count);
  let calls = 0;
  try {
    for (let i = 0; i + 1 < numbers.length; i += 200) {
      for (let j = i; j + 1 < Math.min(i + 200, numbers.length); j += 2) {
        const caller = numbers[j]!;
        const callee = numbers[j + 1]!;
        const r = model.makeCall(caller, callee);
        if (!r.ok) continue;
        calls++;
        model.answer({ callID: r.value.callID, deviceID: callee });
        model.clear({ callID: r.value.callID, deviceID: caller });
      }
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
  cme: StartedCme,
  clients: readonly Tr87Client[],
  monitors: Map<Tr87Client, Map<string, string>>,
  numbers: readonly string[],
  rate: number,
  opts: CallEventsBenchOptions,
): Promise<RateResult> {
  const model = cme.calls.model;
  const ledger = new EventLedger();
  const latency = new LatencyHistogram();
  const monitored = new Set(numbers);
  const pairs: Pair[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2)
    pairs.push({ caller: numbers[i]!, callee: numbers[i + 1]!, busy: false });
  const byCallId = new Map<string, Call>();
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
  const identity = (d: string) => d;

  const finish = (call: Call, ok: boolean, why?: string) => {
    if (call.state === 'done') return;
    call.state = 'done';
    for (const t of call.timers) t.cancel();
    byCallId.delete(call.callID);
    active--;
    if (ok) {
      completed++;
      lastCompletion = performance.now();
    } else fail(why ?? 'failed');
    call.pair.busy = false;
  };
  const unsubscribe = model.on((event: CallEvent) => {
    const now = performance.now();
    for (const dn of new Set(event.monitoredDevices)) {
      if (!monitored.has(dn)) continue;
      const csta = cstaEventFor(event, dn, '0', identity);
      if (csta !== undefined) ledger.emitted(dn, csta.type, callIdOf(csta) ?? '', now);
    }
    if (event.type === 'DeliveredEvent') {
      const call = byCallId.get(event.connection.callID);
      if (call === undefined || call.state !== 'alerting' || event.alertingDevice !== call.pair.callee)
        return;
      // The callee answers at once, outside the model's event dispatch.
      setImmediate(() => {
        if (call.state !== 'alerting') return;
        const r = model.answer({ callID: call.callID, deviceID: call.pair.callee });
        if (!r.ok) finish(call, false, `answer:${r.error.code ?? 'refused'}`);
      });
    } else if (event.type === 'EstablishedEvent') {
      const call = byCallId.get(event.establishedConnection.callID);
      if (call === undefined || call.state !== 'alerting') return;
      call.state = 'connected';
      call.timers.push(
        clock.setTimeout(() => {
          if (call.state !== 'connected') return;
          call.state = 'clearing';
          const r = model.clear({ callID: call.callID, deviceID: call.pair.caller });
          if (!r.ok) finish(call, false, `clear:${r.error.code ?? 'refused'}`);
        }, opts.holdSeconds * 1000),
      );
    } else if (event.type === 'CallClearedEvent' || event.type === 'ConnectionClearedEvent') {
      const callID =
        event.type === 'CallClearedEvent' ? event.clearedCall.callID : event.droppedConnection.callID;
      const call = byCallId.get(callID);
      if (call === undefined) return;
      // A two-party call ends with CallCleared after both ConnectionCleared events.
      if (call.state !== 'clearing') finish(call, false, `cleared-while-${call.state}`);
      else if (event.type === 'CallClearedEvent') finish(call, true);
    } else if (event.type === 'FailedEvent') {
      const call = byCallId.get(event.failedConnection.callID);
      if (call !== undefined) finish(call, false, `failed:${event.cause}`);
    }
  });
  const listeners: Array<() => void> = [];
  for (const client of clients) {
    const ids = monitors.get(client)!;
    // One listener per client for the whole run (Tr87Client has no off()): each phase re-points it.
    sinks.set(client, (e: CstaEvent) => {
      const id = (e as { monitorCrossRefID?: string }).monitorCrossRefID;
      const dn = id === undefined ? undefined : ids.get(id);
      if (dn === undefined) return;
      received++;
      if (inWindow) receivedInWindow++;
      const ms = ledger.received(dn, e.type, callIdOf(e) ?? '', performance.now());
      if (ms !== undefined) latency.record(ms);
    });
    listeners.push(() => {
      client.events.length = 0;
    });
  }
  const opened = performance.now();
  for (const dn of numbers) ledger.open(dn, opened);

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
    const r = model.makeCall(pair.caller, pair.callee);
    if (!r.ok) {
      pair.busy = false;
      fail(`makeCall:${r.error.code ?? 'refused'}`);
      return;
    }
    const call: Call = {
      pair,
      callID: r.value.callID,
      startedAt: performance.now(),
      state: 'alerting',
      timers: [],
    };
    // The Delivered of a call to an idle DN is emitted inside makeCall: answer it now if so.
    if (model.snapshotDevice(pair.callee).some((i) => i.connection.callID === call.callID)) {
      setImmediate(() => {
        if (call.state !== 'alerting') return;
        const a = model.answer({ callID: call.callID, deviceID: pair.callee });
        if (!a.ok) finish(call, false, `answer:${a.error.code ?? 'refused'}`);
      });
    }
    byCallId.set(call.callID, call);
    active++;
    maxActive = Math.max(maxActive, active);
    call.timers.push(
      clock.setTimeout(() => finish(call, false, 'timeout'), opts.holdSeconds * 1000 + CALL_TIMEOUT_MS),
    );
  };

  const total = Math.floor(rate * opts.seconds);
  let placed = 0;
  let rssMax = process.memoryUsage().rss;
  const rssTimer = clock.setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
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
      }
      if (placed >= total) {
        tick.cancel();
        resolve();
      }
    }, TICK_MS);
  });
  const trafficEnd = performance.now();
  const windowSeconds = (trafficEnd - start) / 1000;
  inWindow = false;
  const callsBy = trafficEnd + opts.holdSeconds * 1000 + CALL_TIMEOUT_MS + 1000;
  while (active > 0 && performance.now() < callsBy) await sleepOn(clock, 20);
  const quiet = performance.now();
  for (const dn of numbers) ledger.close(dn, quiet);
  const drainBy = quiet + opts.drainSeconds * 1000;
  // counts() walks every emission: checked every 250 ms only.
  while (ledger.counts().lost > 0 && performance.now() < drainBy) await sleepOn(clock, 250);
  const drainSeconds = (performance.now() - quiet) / 1000;
  const cpu = process.cpuUsage(cpu0);
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
    cpuCores: roundTo((cpu.user + cpu.system) / 1e6 / cpuSeconds, 2),
    cpuMsPerCall: completed === 0 ? 0 : roundTo((cpu.user + cpu.system) / 1e3 / completed, 2),
    eventLoopUtilization: roundTo(elu.utilization, 2),
    rssMaxMB: roundTo(rssMax / 2 ** 20, 1),
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

function formatTable(results: readonly RateResult[], opts: CallEventsBenchOptions): string {
  const rows = [
    [
      ...['calls/s', 'attempted', 'completed', 'done/s', 'events exp', 'delivered', 'lost', 'dup'],
      ...['events/s', 'p50 ms', 'p99 ms', 'cpu', 'ms/call', 'elu', 'RSS MB', 'load', 'sustained'],
    ],
    ...results.map((r) => [
      String(r.targetCallsPerSecond),
      String(r.calls.attempted),
      String(r.calls.completed),
      r.calls.completedPerSecond.toFixed(1),
      String(r.events.expected),
      String(r.events.delivered),
      String(r.events.lost),
      String(r.events.duplicated),
      r.events.receivedPerSecondInWindow.toFixed(0),
      String(r.events.deliveryLatency.p50Ms ?? '-'),
      String(r.events.deliveryLatency.p99Ms ?? '-'),
      r.cpuCores.toFixed(2),
      r.cpuMsPerCall.toFixed(2),
      r.eventLoopUtilization.toFixed(2),
      r.rssMaxMB.toFixed(0),
      r.loadAverage[0]!.toFixed(2),
      r.sustained ? 'yes' : 'no',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return [
    `CSTA call events: ${opts.devices} monitored DNs (one TR/87 session each), calls on the call model, hold ${opts.holdSeconds} s, ${opts.seconds} s per rate`,
    ...rows.map((r) => r.map((c, i) => c.padStart(widths[i]!)).join('  ')),
  ].join('\n');
}

runBenchMain('bench csta-call-events', main);
