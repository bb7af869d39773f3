// One load run (issue 13): the scenario's lab (load-target.ts: embedded in this process, or on the
// process or containers runtime each node unit a `ctilab serve` child or container streaming its
// ground truth), e.g. a CUCM
// cluster (its topology plus the generated phones and application users, load-population.ts), its SCCP
// phones registered down their CM group, TR/87 clients monitoring a share of the phones through
// the CTI gateways, calls placed open-loop at the scenario's rate between idle phone pairs (the
// called phone answers after `answerDelay`, the caller hangs up after `holdTime`), the faults at
// their times (the lab's fault verbs, applied as `lab fault` applies them to a cluster server),
// and every CSTA event checked against the call model (event-ledger.ts). Traffic stays on 127.0.0.1;
// every timer reads the injected clock; every loop is bounded in count and time.
import { performance } from 'node:perf_hooks';
import type { CallEvent } from '../../simulators/calls/call-events.ts';
import type { CstaEvent } from '../../simulators/csta/csta-types.ts';
import { type Clock, systemClock, type TimerHandle } from '../../simulators/lab/clock.ts';
import { SccpPhone } from '../../simulators/phone/phone.ts';
import { Tr87Client } from '../../simulators/tr87/tr87-client.ts';
import { startAcdTarget } from './acd-load-target.ts';
import { startAcdServeTarget } from './acd-serve-target.ts';
import { startCmeTarget } from './cme-load-target.ts';
import { startCmeServeTarget } from './cme-serve-target.ts';
import { containerLauncher } from './container-launcher.ts';
import { ledgerEmissions, ledgerReceipt } from './csta-ledger-feed.ts';
import { CtiServerLoad, type CtiServerLoadResult } from './cti-server-load.ts';
import { startCucmTarget } from './cucm-load-target.ts';
import { startCucmServeTarget } from './cucm-serve-target.ts';
import { EventLedger, type LedgerCounts } from './event-ledger.ts';
import { LatencyHistogram, type LatencyPercentiles } from './latency-histogram.ts';
import type { LoadClient, LoadPhone } from './load-population.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadTarget, LoadTargetFactory } from './load-target.ts';
import { readProcUsage } from './proc-usage.ts';
import { processLauncher } from './process-launcher.ts';
import type { ServeLauncher } from './serve-target.ts';

/** Where a run's lab runs (`ctilab load --runtime`). */
export type LoadRuntime = 'embedded' | 'process' | 'containers';
export const LOAD_RUNTIMES: readonly LoadRuntime[] = ['embedded', 'process', 'containers'];

export interface LoadRunOptions {
  readonly loaded: LoadedScenario;
  /** Overrides the scenario's duration (seconds); faults at or after it are skipped and reported. */
  readonly durationS?: number;
  readonly clock?: Clock;
  /** Called after every sample (progress display, Prometheus). */
  readonly onSample?: (live: LiveMetrics, sample: Sample) => void;
  /** A line of what the run does now (start-up, faults, end). */
  readonly onStep?: (line: string) => void;
  readonly signal?: AbortSignal;
  /**
   * embedded (default): every node in this process. process: each node unit a `ctilab serve`
   * child (a CME each; a CUCM cluster; the ACD nodes), RSS and CPU per child from /proc.
   * containers: each node unit a container of the lab image running that serve command.
   */
  readonly runtime?: LoadRuntime;
}

/** One point of the time series, every `sampleSeconds`. */
export interface Sample {
  /** Seconds since the traffic started. */
  t: number;
  attempted: number;
  completed: number;
  failed: number;
  activeCalls: number;
  /** Calls completed per second over the interval. */
  throughput: number;
  cstaP50Ms: number | null;
  cstaP99Ms: number | null;
  eventP50Ms: number | null;
  eventP99Ms: number | null;
  registeredPhones: number;
  /** CTI Server request latency over the interval (ACD runs). */
  ctiP50Ms: number | null;
  ctiP99Ms: number | null;
  /** CTI Server event delivery latency (peripheral -> client) over the interval. */
  ctiEventP99Ms: number | null;
  /** CTI Server messages received per second over the interval. */
  ctiEventsPerSecond: number;
  /** CSTA events received per second over the interval. */
  eventsPerSecond: number;
  rssMB: number;
  /** CPU of this process (every node, phone and client of the embedded lab) in % of one core. */
  cpuPercent: number;
  /** Process and containers runtimes: RSS (MB) and CPU (% of a core over the interval) of each node's process. */
  nodes?: Record<string, { rssMB: number; cpuPercent: number }>;
}

/** Counters the progress display and the Prometheus endpoint read while the run goes on. */
export interface LiveMetrics {
  attempted: number;
  completed: number;
  failed: Record<string, number>;
  clearedByDesign: number;
  clearedUnexpectedly: number;
  activeCalls: number;
  cstaRequests: number;
  cstaErrors: number;
  eventsReceived: number;
  registrations: number;
  reRegistrations: number;
  registeredPhones: number;
  phones: number;
  sessionsOpen: number;
  csta: LatencyHistogram;
  events: LatencyHistogram;
  rssBytes: number;
  cpuSeconds: number;
}

export interface TimelineEntry {
  /** Seconds since the traffic started. */
  t: number;
  what: string;
}

export interface FailoverResult {
  node: string;
  fault: string;
  atS: number;
  applied: boolean;
  detail: string;
  phonesLost: number;
  phonesReRegistered: number;
  /** Fault -> the last phone that lost its registration registered again (s). */
  reHomeSeconds: number | null;
  reHome: LatencyPercentiles;
  sessionsEnded: string[];
  /** CTI Server clients whose session the fault ended (they fail over to the other side). */
  ctiServerSessionsEnded: string[];
  /** Fault -> the last of them open again on the other side (s). */
  ctiServerReopenSeconds: number | null;
  /** Fault -> the last ended session open again (s). */
  reconnectSeconds: number | null;
  /** Fault -> the last device of an ended session monitored again (s). */
  reopenSeconds: number | null;
  devicesReopened: number;
}

export interface LoadResult {
  readonly scenario: string;
  readonly durationS: number;
  readonly startedAt: string;
  readonly phones: number;
  readonly monitoredDevices: number;
  readonly clients: number;
  readonly setup: { registerSeconds: number; monitorSeconds: number };
  readonly calls: {
    attempted: number;
    completed: number;
    failed: Record<string, number>;
    failedTotal: number;
    clearedByDesign: number;
    clearedUnexpectedly: number;
    setupLatency: LatencyPercentiles;
  };
  readonly csta: {
    requests: number;
    errors: number;
    latency: LatencyPercentiles;
    monitorStart: LatencyPercentiles;
  };
  readonly events: LedgerCounts & {
    received: number;
    /** OutOfService / BackInService events (phone registration, outside the call model's ledger). */
    deviceState: { outOfService: number; backInService: number };
    deliveryLatency: LatencyPercentiles;
  };
  /** The CTI Server clients of an ACD run (null on CUCM and CME runs). */
  readonly ctiServer: CtiServerLoadResult | null;
  readonly target: { kind: string; nodes: string };
  readonly registrations: { registrations: number; reRegistrations: number; registeredAtEnd: number };
  readonly resources: {
    process: string;
    rssMaxMB: number;
    cpuMeanPercent: number;
    /** Process and containers runtimes: per node (and `load` = this process: phones and clients). */
    perNode: Record<string, { rssMaxMB: number; cpuMeanPercent: number }> | null;
  };
  readonly runtime: LoadRuntime;
  readonly failovers: FailoverResult[];
  readonly timeline: TimelineEntry[];
  readonly series: Sample[];
  readonly skippedFaults: string[];
}

/** Longest a call may take from dialling to connected beyond the answer delay. */
const SETUP_TIMEOUT_MS = 5_000;
/** Pause after a call before its pair places another (lets both phones settle on hook). */
const SETTLE_MS = 300;
const TICK_MS = 20;
const RECONNECT_ATTEMPTS = 40;
const RECONNECT_PAUSE_MS = 250;
const DRAIN_MS = 1_000;
/** Longest the run waits after the traffic for events still on their way (late is not lost). */
const EVENT_DRAIN_MAX_MS = 60_000;
/**
 * A session that ends this soon after a fault ended because of it: its window closes at the fault.
 * A pause's own reach is longer: a session ending while its node is still paused ended by it (a
 * TR/87 dialog on a hung node is taken for lost only after Timer F, 32 s: `UNANSWERED_TO_REOPEN`).
 */
const FAULT_ATTRIBUTION_MS = 15_000;
const REGISTER_CONCURRENCY = 50;
/** Faults that bring a node back: no phone is lost by them, none re-homes because of them. */
const RECOVERY_FAULTS = new Set(['restore', 'unpause']);

interface PhoneCtx {
  readonly spec: LoadPhone;
  readonly phone: SccpPhone;
  everRegistered: boolean;
  lostAt: number | undefined;
  /** When it last lost its registration (kept after it registers again). */
  lastLostAt: number;
}

interface Pair {
  readonly caller: PhoneCtx;
  readonly callee: PhoneCtx;
  busy: boolean;
}

interface Call {
  readonly pair: Pair;
  readonly startedAt: number;
  /** The servers its phones were registered with when it began. */
  readonly nodes: ReadonlyArray<string | undefined>;
  state: 'dialing' | 'ringing' | 'connected' | 'ending' | 'done';
  timers: TimerHandle[];
}

interface ClientCtx {
  readonly spec: LoadClient;
  client: Tr87Client | undefined;
  readonly dnOf: Map<string, string>;
  state: 'open' | 'reopening' | 'closed';
  next: number;
}

/**
 * How a TR/87 client of the run learns that its node is gone without a BYE (killed, frozen):
 * `Tr87Client`'s dead-transport watch ends the session (`transport-lost`) when the dialog's
 * connection closes or resets, or when this many requests in a row stay unanswered until their
 * transaction times out (Timer F, 64*T1 on the run's clock). A CSTA error answer (e.g. a device
 * out of service while its phone re-homes) comes from a live session and never counts.
 */
const UNANSWERED_TO_REOPEN = 2;

interface FaultRecord {
  readonly result: FailoverResult;
  readonly at: number;
  readonly reHome: number[];
  /** Phones that lost their registration after the fault, and those of them registered again. */
  readonly lost: Set<string>;
  readonly reHomed: Set<string>;
  reconnectLast: number | null;
  reopenLast: number | null;
  /** When the fault's operation completed (a CME stop takes a moment: calls placed meanwhile die by it). */
  appliedAt: number | undefined;
}

export async function runLoad(opts: LoadRunOptions): Promise<LoadResult> {
  const { loaded } = opts;
  const scenario = loaded.scenario;
  const clock = opts.clock ?? systemClock;
  const step = opts.onStep ?? (() => {});
  const durationS = opts.durationS ?? scenario.duration;
  const startedAt = new Date().toISOString();
  const runtime = opts.runtime ?? 'embedded';
  const target: LoadTarget = await startTarget(runtime, loaded, clock);
  const population = { phones: target.phones, clients: target.clients };
  const live: LiveMetrics = {
    attempted: 0,
    completed: 0,
    failed: {},
    clearedByDesign: 0,
    clearedUnexpectedly: 0,
    activeCalls: 0,
    cstaRequests: 0,
    cstaErrors: 0,
    eventsReceived: 0,
    registrations: 0,
    reRegistrations: 0,
    registeredPhones: 0,
    phones: population.phones.length,
    sessionsOpen: 0,
    csta: new LatencyHistogram(),
    events: new LatencyHistogram(),
    rssBytes: process.memoryUsage().rss,
    cpuSeconds: 0,
  };
  const setupLatency = new LatencyHistogram();
  const monitorStart = new LatencyHistogram();
  const ledger = new EventLedger({
    // The process and containers runtimes' emissions cross a pipe: a client may see the event first.
    lateEmissions: runtime !== 'embedded',
    onLateMatch: (ms) => {
      live.events.record(ms);
      intervalEvents.record(ms);
    },
  });
  const timeline: TimelineEntry[] = [];
  const series: Sample[] = [];
  const faults: FaultRecord[] = [];
  const skippedFaults: string[] = [];
  const timers: TimerHandle[] = [];
  const phones: PhoneCtx[] = [];
  const clients: ClientCtx[] = [];
  /** Every TR/87 client opened, the ended ones too (their SIP endpoints close at the end). */
  const everyClient: Tr87Client[] = [];
  let t0 = clock.now();
  const runMs = () => clock.now() - t0;
  const mark = (what: string) => {
    timeline.push({ t: round(runMs() / 1000, 3), what });
    step(`${(runMs() / 1000).toFixed(1)} s: ${what}`);
  };
  let stopping = false;
  const deviceState = { outOfService: 0, backInService: 0 };
  // Latencies of the current sample interval (the time series); `live` keeps the whole run's.
  let intervalCsta = new LatencyHistogram();
  let intervalEvents = new LatencyHistogram();
  const fail = (cause: string) => {
    live.failed[cause] = (live.failed[cause] ?? 0) + 1;
  };
  const lastFault = () => faults.at(-1);
  /**
   * When a pause's node answered again: the first unpause of that node applied after it
   * (undefined while it is paused, or for any other fault).
   */
  const unpausedAt = (f: FaultRecord): number | undefined =>
    f.result.fault !== 'pause'
      ? undefined
      : faults.find(
          (u) =>
            u.result.fault === 'unpause' &&
            u.result.node === f.result.node &&
            u.at >= f.at &&
            u.appliedAt !== undefined,
        )?.appliedAt;
  /** Is the session loss at `t` the doing of fault `f` (soon after it, or while its node hangs)? */
  const attributedTo = (f: FaultRecord | undefined, t: number): f is FaultRecord =>
    f !== undefined &&
    (t - f.at <= FAULT_ATTRIBUTION_MS || (f.result.fault === 'pause' && unpausedAt(f) === undefined));
  /** The last fault that takes a node out of service (kill, stop, pause, restart), not a recovery. */
  const lastFailure = () => [...faults].reverse().find((f) => !RECOVERY_FAULTS.has(f.result.fault));

  const cpu0 = process.cpuUsage();
  let cti: CtiServerLoad | undefined;
  try {
    // ---------------------------------------------------------------- phones
    const servers = target.phoneServers();
    const tReg = performance.now();
    for (const spec of population.phones) {
      const ctx: PhoneCtx = {
        spec,
        phone: new SccpPhone({ mac: spec.mac, model: '7961', servers, clock }),
        everRegistered: false,
        lostAt: undefined,
        lastLostAt: Number.NEGATIVE_INFINITY,
      };
      ctx.phone.on('registered', () => {
        live.registrations++;
        if (ctx.everRegistered) {
          live.reRegistrations++;
          const f = lastFailure();
          if (f?.lost.has(ctx.spec.name) && ctx.lostAt !== undefined && !f.reHomed.has(ctx.spec.name)) {
            f.reHomed.add(ctx.spec.name);
            f.reHome.push(clock.now() - f.at);
            f.result.phonesReRegistered++;
          }
        }
        ctx.everRegistered = true;
        ctx.lostAt = undefined;
      });
      ctx.phone.on('unregistered', (e) => {
        // The phones stopping at the end of the run are no loss of a fault.
        if (stopping) return;
        // Leaving a server once registered with another (back to the primary) is no loss.
        const state = ctx.phone.state;
        if (ctx.lostAt !== undefined || (state.registered && state.serverIndex !== e.serverIndex)) return;
        ctx.lostAt = clock.now();
        ctx.lastLostAt = ctx.lostAt;
        // A phone leaving the backup after a restore (fail-back) is not lost to the failure again.
        const f = lastFailure();
        if (f !== undefined && !f.lost.has(ctx.spec.name) && lastFault() === f) {
          f.lost.add(ctx.spec.name);
          f.result.phonesLost++;
        }
      });
      phones.push(ctx);
    }
    let nextPhone = 0;
    const regFailures: string[] = [];
    await Promise.all(
      Array.from({ length: Math.min(REGISTER_CONCURRENCY, phones.length) }, async () => {
        while (nextPhone < phones.length) {
          const ctx = phones[nextPhone++]!;
          await ctx.phone
            .start()
            .catch((e: unknown) => regFailures.push(`${ctx.spec.name}: ${(e as Error).message}`));
        }
      }),
    );
    if (regFailures.length > 0)
      throw new Error(`${regFailures.length} phones did not register: ${regFailures[0]}`);
    const registerSeconds = round((performance.now() - tReg) / 1000, 3);
    step(`${phones.length} phones registered in ${registerSeconds} s`);

    // ---------------------------------------------------------------- TR/87 clients
    const monitored = new Set(population.clients.flatMap((c) => c.phones.map((p) => p.dn)));
    const openClient = async (ctx: ClientCtx, reopen: boolean, attempt = 0): Promise<void> => {
      const at = target.tr87Open(ctx.spec, attempt);
      const first = ctx.spec.phones[0];
      if (first === undefined)
        throw new Error(`TR/87 client ${ctx.spec.name} monitors no phone (raise monitored)`);
      const client = await Tr87Client.connect({
        host: at.host,
        port: at.port,
        transport: 'tcp',
        user: at.user,
        line: `tel:${first.dn}`,
        ...(at.credentials === undefined ? {} : { credentials: at.credentials }),
        autoRefresh: true,
        clock,
        deadTransport: { unansweredRequests: UNANSWERED_TO_REOPEN },
      });
      ctx.client = client;
      everyClient.push(client);
      ctx.dnOf.clear();
      client.on('event', (e: CstaEvent) => {
        const id = (e as { monitorCrossRefID?: string }).monitorCrossRefID;
        const dn = id === undefined ? undefined : ctx.dnOf.get(id);
        if (dn === undefined) return;
        live.eventsReceived++;
        // Device state (registration), not the call model: counted, not in the ledger.
        if (e.type === 'OutOfServiceEvent' || e.type === 'BackInServiceEvent') {
          deviceState[e.type === 'OutOfServiceEvent' ? 'outOfService' : 'backInService']++;
          return;
        }
        const latency = ledgerReceipt(ledger, dn, e, clock.now());
        if (latency !== undefined) {
          live.events.record(latency);
          intervalEvents.record(latency);
        }
      });
      const ended = (reason: string) => {
        if (stopping || ctx.client !== client || ctx.state !== 'open') return;
        live.sessionsOpen--;
        ctx.state = 'reopening';
        const f = lastFault();
        const attributed = attributedTo(f, clock.now());
        const closeAt = attributed ? f.at : clock.now();
        for (const dn of ctx.dnOf.values()) ledger.close(dn, closeAt);
        if (attributed) f.result.sessionsEnded.push(ctx.spec.name);
        const why = reason === 'transport-lost' ? `${reason}: ${client.transportLoss}` : reason;
        mark(`${ctx.spec.name}: session ended (${why}), reopening through ${ctx.spec.gateway}`);
        // Its node is gone (the dialog is forgotten, no BYE will come): release its endpoint, after
        // the handler that told us has returned.
        if (reason === 'transport-lost') queueMicrotask(() => void client.close().catch(() => {}));
        void reopenClient(ctx);
      };
      client.on('ended', ended);
      live.sessionsOpen++;
      ctx.state = 'open';
      await Promise.all(
        ctx.spec.phones.map(async (p) => {
          const t = performance.now();
          const id = await client.monitorStart(`tel:${p.dn}`);
          monitorStart.record(performance.now() - t);
          ctx.dnOf.set(id, p.dn);
          ledger.open(p.dn, clock.now(), reopen);
        }),
      );
    };
    const reopenClient = async (ctx: ClientCtx): Promise<void> => {
      const f = lastFault();
      for (let attempt = 0; attempt < RECONNECT_ATTEMPTS && !stopping; attempt++) {
        try {
          await openClient(ctx, true, attempt);
          const node = target.tr87Open(ctx.spec, attempt).node;
          if (f !== undefined) {
            f.reconnectLast = clock.now() - f.at;
            f.reopenLast = clock.now() - f.at;
            f.result.devicesReopened += ctx.spec.phones.length;
          }
          mark(`${ctx.spec.name}: reopened ${ctx.spec.phones.length} monitors through ${node}`);
          return;
        } catch (err) {
          if (attempt === 0) step(`${ctx.spec.name}: reopen failed (${(err as Error).message}), retrying`);
          await sleep(clock, RECONNECT_PAUSE_MS);
        }
      }
      ctx.state = 'closed';
      mark(`${ctx.spec.name}: gave up reopening after ${RECONNECT_ATTEMPTS} attempts`);
    };
    const tMon = performance.now();
    for (const spec of population.clients) {
      const ctx: ClientCtx = {
        spec,
        client: undefined,
        dnOf: new Map(),
        state: 'closed',
        next: 0,
      };
      clients.push(ctx);
      await openClient(ctx, false);
    }
    const monitorSeconds = round((performance.now() - tMon) / 1000, 3);
    if (clients.length > 0)
      step(`${monitored.size} devices monitored by ${clients.length} TR/87 clients in ${monitorSeconds} s`);
    if (target.ctiServer !== undefined && scenario.cti.ctiServer !== undefined) {
      const tCti = performance.now();
      cti = new CtiServerLoad(
        target.ctiServer,
        scenario,
        clock,
        (line) => mark(line),
        (t) => {
          const f = lastFault();
          return f !== undefined && t - f.at <= FAULT_ATTRIBUTION_MS ? f.at : t;
        },
      );
      await cti.start();
      const r = cti.result();
      step(
        `${r.bridges} CTI Bridges and ${r.workstations} agent workstations open (agents logged in and Available) in ${round((performance.now() - tCti) / 1000, 3)} s`,
      );
    }

    // ---------------------------------------------------------------- calls
    const pairs: Pair[] = [];
    for (let i = 0; i + 1 < phones.length; i += 2)
      pairs.push({ caller: phones[i]!, callee: phones[i + 1]!, busy: false });
    const byCaller = new Map<string, Call>();
    const byCallee = new Map<string, Call>();
    const hangUp = (ctx: PhoneCtx) => {
      try {
        if (ctx.phone.state.registered) ctx.phone.onHook();
      } catch {
        // Not registered any more: nothing to hang up.
      }
    };
    const finish = (call: Call, hangBoth: boolean) => {
      if (call.state === 'done') return;
      call.state = 'done';
      for (const t of call.timers) t.cancel();
      live.activeCalls--;
      byCaller.delete(call.pair.caller.spec.dn);
      byCallee.delete(call.pair.callee.spec.dn);
      if (hangBoth) {
        hangUp(call.pair.caller);
        hangUp(call.pair.callee);
      }
      timers.push(
        clock.setTimeout(() => {
          call.pair.busy = false;
        }, SETTLE_MS),
      );
    };
    // A call a fault ends by design: one of its phones lost its registration since it began.
    // (The call model clears the calls of a stopped server before its phones notice the loss.)
    // A paused node keeps its phones registered: a call placed on it before it answered again
    // is hit by the pause too (it wakes with its timers run out).
    const lostRegistration = (call: Call) =>
      call.pair.caller.lastLostAt >= call.startedAt ||
      call.pair.callee.lastLostAt >= call.startedAt ||
      faults.some(
        (f) =>
          call.nodes.includes(f.result.node) &&
          call.startedAt <=
            (f.result.fault === 'pause'
              ? (unpausedAt(f) ?? Number.POSITIVE_INFINITY)
              : (f.appliedAt ?? Number.POSITIVE_INFINITY)) &&
          !RECOVERY_FAULTS.has(f.result.fault),
      );
    const onModelEvent = (event: CallEvent, emittedAt?: number) => {
      ledgerEmissions(ledger, event, (dn) => monitored.has(dn), emittedAt ?? clock.now());
      switch (event.type) {
        case 'DeliveredEvent': {
          const call = byCallee.get(event.alertingDevice);
          if (call === undefined || call.state !== 'dialing') return;
          call.state = 'ringing';
          call.timers.push(
            clock.setTimeout(() => {
              if (call.state !== 'ringing') return;
              try {
                call.pair.callee.phone.offHook();
              } catch {
                // The callee lost its registration; the set-up timer fails the call.
              }
            }, scenario.calls.answerDelay * 1000),
          );
          return;
        }
        case 'EstablishedEvent': {
          const call = byCallee.get(event.answeringDevice);
          if (call === undefined || (call.state !== 'ringing' && call.state !== 'dialing')) return;
          call.state = 'connected';
          setupLatency.record(clock.now() - call.startedAt);
          call.timers.push(
            clock.setTimeout(() => {
              if (call.state !== 'connected') return;
              call.state = 'ending';
              hangUp(call.pair.caller);
            }, scenario.calls.holdTime * 1000),
          );
          return;
        }
        case 'FailedEvent': {
          const call = byCaller.get(event.callingDevice);
          if (call === undefined || call.state === 'done') return;
          fail(`failed:${event.cause}`);
          finish(call, true);
          return;
        }
        case 'ConnectionClearedEvent': {
          const call = byCaller.get(event.releasingDevice) ?? byCallee.get(event.releasingDevice);
          if (call === undefined || call.state === 'done') return;
          if (call.state === 'ending') {
            live.completed++;
            finish(call, false);
            return;
          }
          // Cleared before the caller hung up: by design when a phone of the call lost its
          // registration (its node failed), else unexpectedly.
          const byFault = lostRegistration(call);
          if (byFault) live.clearedByDesign++;
          else live.clearedUnexpectedly++;
          fail(byFault ? 'cleared-by-fault' : 'cleared-unexpectedly');
          finish(call, true);
          return;
        }
        default:
          return;
      }
    };
    const unsubscribe = target.onCallEvent(onModelEvent);
    let nextPair = 0;
    const placeCall = () => {
      live.attempted++;
      // The next idle pair whose phones are both registered, round-robin.
      let pair: Pair | undefined;
      for (let k = 0; k < pairs.length; k++) {
        const p = pairs[(nextPair + k) % pairs.length]!;
        if (!p.busy && p.caller.phone.state.registered && p.callee.phone.state.registered) {
          pair = p;
          nextPair = (nextPair + k + 1) % pairs.length;
          break;
        }
      }
      if (pair === undefined) {
        fail('no-idle-registered-pair');
        return;
      }
      pair.busy = true;
      const call: Call = {
        pair,
        startedAt: clock.now(),
        nodes: [target.registeredNode(pair.caller.phone), target.registeredNode(pair.callee.phone)],
        state: 'dialing',
        timers: [],
      };
      byCaller.set(pair.caller.spec.dn, call);
      byCallee.set(pair.callee.spec.dn, call);
      live.activeCalls++;
      call.timers.push(
        clock.setTimeout(
          () => {
            if (call.state !== 'dialing' && call.state !== 'ringing') return;
            const stage = call.state === 'dialing' ? 'not-alerting' : 'not-answered';
            if (lostRegistration(call)) live.clearedByDesign++;
            fail(lostRegistration(call) ? `setup-lost-by-fault:${stage}` : `setup-timeout:${stage}`);
            finish(call, true);
          },
          scenario.calls.answerDelay * 1000 + SETUP_TIMEOUT_MS,
        ),
      );
      try {
        pair.caller.phone.offHook();
        pair.caller.phone.dial(pair.callee.spec.dn);
      } catch (err) {
        fail(`dial-error:${(err as Error).name}`);
        finish(call, true);
      }
    };

    // ---------------------------------------------------------------- faults
    t0 = clock.now();
    for (const f of scenario.faults) {
      if (f.at >= durationS) {
        skippedFaults.push(`${f.fault} ${f.node} at ${f.at} s (after the ${durationS} s run)`);
        continue;
      }
      timers.push(
        clock.setTimeout(() => {
          const result: FailoverResult = {
            node: f.node,
            fault: f.fault,
            atS: f.at,
            applied: false,
            detail: '',
            phonesLost: 0,
            phonesReRegistered: 0,
            reHomeSeconds: null,
            reHome: new LatencyHistogram().summary(),
            sessionsEnded: [],
            ctiServerSessionsEnded: [],
            ctiServerReopenSeconds: null,
            reconnectSeconds: null,
            reopenSeconds: null,
            devicesReopened: 0,
          };
          faults.push({
            result,
            at: clock.now(),
            reHome: [],
            lost: new Set(),
            reHomed: new Set(),
            reconnectLast: null,
            reopenLast: null,
            appliedAt: undefined,
          });
          mark(`fault: ${f.fault} ${f.node}`);
          const record = faults.at(-1)!;
          void target.fault(f.node, f.fault).then((outcome) => {
            record.appliedAt = clock.now();
            result.applied = outcome.applied;
            result.detail = outcome.applied ? outcome.detail : outcome.reason;
            mark(`fault ${f.fault} ${f.node} ${outcome.applied ? 'applied' : 'refused'}: ${result.detail}`);
          });
        }, f.at * 1000),
      );
    }

    // ---------------------------------------------------------------- traffic and samples
    const total = Math.floor(scenario.calls.rate * durationS);
    let placed = 0;
    const trafficStart = performance.now();
    const requestTimers: TimerHandle[] = [];
    for (const ctx of clients) {
      if (ctx.spec.requestRate <= 0) continue;
      requestTimers.push(
        clock.setInterval(() => {
          const client = ctx.client;
          const p = ctx.spec.phones[ctx.next++ % ctx.spec.phones.length];
          if (ctx.state !== 'open' || client === undefined || p === undefined) return;
          const t = performance.now();
          live.cstaRequests++;
          // A session lost without a BYE is the client's to report (`deadTransport`, above).
          client.request({ type: 'SnapshotDevice', snapshotObject: `tel:${p.dn}` }).then(
            () => {
              const ms = performance.now() - t;
              live.csta.record(ms);
              intervalCsta.record(ms);
            },
            () => {
              live.cstaErrors++;
            },
          );
        }, 1000 / ctx.spec.requestRate),
      );
    }
    cti?.startRequests();
    // Per node (process runtime): CPU seconds at the last sample, per pid.
    const lastCpu = new Map<number, number>();
    const nodeUsage = (dt: number): Record<string, { rssMB: number; cpuPercent: number }> => {
      const out: Record<string, { rssMB: number; cpuPercent: number }> = {};
      const all = [...(target.processes?.() ?? []), { node: 'load', pid: process.pid }];
      for (const { node, pid } of all) {
        const u = readProcUsage(pid);
        if (u === undefined) continue;
        const before = lastCpu.get(pid);
        lastCpu.set(pid, u.cpuSeconds);
        out[node] = {
          rssMB: round(u.rssBytes / 2 ** 20, 1),
          cpuPercent: before === undefined ? 0 : round(((u.cpuSeconds - before) / dt) * 100, 1),
        };
      }
      return out;
    };
    const interval = { ctiAt: 0, eventsAt: 0, completedAt: 0, t: 0, cpu: process.cpuUsage() };
    const sample = () => {
      const t = runMs() / 1000;
      const dt = Math.max(1e-3, t - interval.t);
      const cpu = process.cpuUsage(interval.cpu);
      live.rssBytes = process.memoryUsage().rss;
      const all = process.cpuUsage(cpu0);
      live.cpuSeconds = (all.user + all.system) / 1e6;
      live.registeredPhones = phones.filter((p) => p.phone.state.registered).length;
      const s: Sample = {
        t: round(t, 2),
        attempted: live.attempted,
        completed: live.completed,
        failed: Object.values(live.failed).reduce((a, b) => a + b, 0),
        activeCalls: live.activeCalls,
        throughput: round((live.completed - interval.completedAt) / dt, 2),
        cstaP50Ms: intervalCsta.percentileMs(50),
        cstaP99Ms: intervalCsta.percentileMs(99),
        eventP50Ms: intervalEvents.percentileMs(50),
        eventP99Ms: intervalEvents.percentileMs(99),
        registeredPhones: live.registeredPhones,
        ctiP50Ms: cti?.intervalLatency.percentileMs(50) ?? null,
        ctiP99Ms: cti?.intervalLatency.percentileMs(99) ?? null,
        ctiEventP99Ms: cti?.intervalDelivery.percentileMs(99) ?? null,
        ctiEventsPerSecond: round(((cti?.received ?? 0) - interval.ctiAt) / dt, 1),
        eventsPerSecond: round((live.eventsReceived - interval.eventsAt) / dt, 1),
        rssMB: round(live.rssBytes / 2 ** 20, 1),
        ...(target.processes === undefined ? {} : { nodes: nodeUsage(dt) }),
        cpuPercent: round(((cpu.user + cpu.system) / 1e6 / dt) * 100, 1),
      };
      series.push(s);
      intervalCsta = new LatencyHistogram();
      intervalEvents = new LatencyHistogram();
      interval.eventsAt = live.eventsReceived;
      interval.ctiAt = cti?.received ?? 0;
      if (cti !== undefined) {
        cti.intervalLatency = new LatencyHistogram();
        cti.intervalDelivery = new LatencyHistogram();
      }
      interval.completedAt = live.completed;
      interval.t = t;
      interval.cpu = process.cpuUsage();
      for (const c of clients) if (c.client) c.client.events.length = 0;
      opts.onSample?.(live, s);
    };
    interval.t = runMs() / 1000;
    const sampler = clock.setInterval(sample, scenario.sampleSeconds * 1000);
    await new Promise<void>((resolve) => {
      const tick = clock.setInterval(() => {
        const due = Math.min(
          total,
          Math.floor(((performance.now() - trafficStart) * scenario.calls.rate) / 1000),
        );
        while (placed < due) {
          placed++;
          placeCall();
        }
        if (performance.now() - trafficStart >= durationS * 1000 || opts.signal?.aborted) {
          tick.cancel();
          resolve();
        }
      }, TICK_MS);
    });
    mark(`traffic ends: ${live.attempted} calls placed`);
    // Let the calls in progress end (bounded), then the last events arrive.
    const endBy =
      performance.now() + (scenario.calls.holdTime + scenario.calls.answerDelay) * 1000 + SETUP_TIMEOUT_MS;
    while (live.activeCalls > 0 && performance.now() < endBy) await sleep(clock, 50);
    // Calls that never ended: on the process runtime a SIGKILLed node emits no clearing for its
    // calls. Each counts as failed, by the fault when one of its phones or nodes was hit by one.
    for (const call of new Set([...byCaller.values(), ...byCallee.values()])) {
      if (call.state === 'done') continue;
      const byFault = lostRegistration(call);
      if (byFault) live.clearedByDesign++;
      fail(`${byFault ? 'never-cleared-by-fault' : 'never-cleared'}:${call.state}`);
      finish(call, true);
    }
    await sleep(clock, DRAIN_MS);
    const drainBy = performance.now() + EVENT_DRAIN_MAX_MS;
    // Windows close where the traffic went quiet; an expected event not received yet is late until
    // the drain ends, and lost after.
    const quietAt = clock.now() - DRAIN_MS;
    for (const dn of monitored) ledger.close(dn, quietAt);
    cti?.closeWindows(quietAt);
    const stillOut = () => ledger.counts().lost + (cti?.ledger.counts().lost ?? 0);
    while (stillOut() > 0 && performance.now() < drainBy) await sleep(clock, 250);
    if (stillOut() > 0)
      step(
        `${stillOut()} expected events still not received ${EVENT_DRAIN_MAX_MS / 1000} s after the traffic`,
      );
    // The reopen of a session ended by a late fault may still run: wait for it, bounded.
    const reopenBy = performance.now() + RECONNECT_ATTEMPTS * RECONNECT_PAUSE_MS;
    while (clients.some((c) => c.state === 'reopening') && performance.now() < reopenBy)
      await sleep(clock, 50);
    sample();
    sampler.cancel();
    for (const t of requestTimers) t.cancel();
    cti?.stopRequests();
    unsubscribe();
    stopping = true;
    for (const f of faults) {
      const h = new LatencyHistogram();
      for (const ms of f.reHome) h.record(ms);
      f.result.reHome = h.summary();
      f.result.reHomeSeconds =
        f.reHome.length === 0 || f.result.phonesReRegistered < f.result.phonesLost
          ? null
          : round(Math.max(...f.reHome) / 1000, 3);
      f.result.reconnectSeconds = f.reconnectLast === null ? null : round(f.reconnectLast / 1000, 3);
      f.result.reopenSeconds = f.reopenLast === null ? null : round(f.reopenLast / 1000, 3);
      if (cti !== undefined) {
        const c = cti.failover(f.at, FAULT_ATTRIBUTION_MS);
        f.result.ctiServerSessionsEnded = c.sessionsEnded;
        f.result.ctiServerReopenSeconds = c.reopenSeconds;
      }
    }
    const rssMax = Math.max(...series.map((s) => s.rssMB));
    const perNode: Record<string, { rssMaxMB: number; cpuMeanPercent: number }> = {};
    for (const name of new Set(series.flatMap((x) => Object.keys(x.nodes ?? {})))) {
      const xs = series.map((x) => x.nodes?.[name]).filter((x) => x !== undefined);
      perNode[name] = {
        rssMaxMB: Math.max(...xs.map((x) => x.rssMB)),
        cpuMeanPercent: round(xs.reduce((a, x) => a + x.cpuPercent, 0) / Math.max(1, xs.length), 1),
      };
    }
    const cpuMean = series.length === 0 ? 0 : series.reduce((a, s) => a + s.cpuPercent, 0) / series.length;
    return {
      scenario: scenario.name,
      durationS,
      startedAt,
      phones: phones.length,
      monitoredDevices: monitored.size,
      clients: clients.length,
      runtime,
      target: {
        kind: target.kind,
        nodes:
          loaded.target.kind === 'cucm'
            ? `cluster ${loaded.target.cluster}, device pool ${loaded.target.devicePool}`
            : loaded.target.kind === 'cme'
              ? `CME phone group ${loaded.target.group} on ${loaded.target.register.join(', ')}`
              : `acd node ${loaded.target.node}`,
      },
      ctiServer: cti?.result() ?? null,
      setup: { registerSeconds, monitorSeconds },
      calls: {
        attempted: live.attempted,
        completed: live.completed,
        failed: { ...live.failed },
        failedTotal: Object.values(live.failed).reduce((a, b) => a + b, 0),
        clearedByDesign: live.clearedByDesign,
        clearedUnexpectedly: live.clearedUnexpectedly,
        setupLatency: setupLatency.summary(),
      },
      csta: {
        requests: live.cstaRequests,
        errors: live.cstaErrors,
        latency: live.csta.summary(),
        monitorStart: monitorStart.summary(),
      },
      events: {
        ...ledger.counts(),
        received: live.eventsReceived,
        deviceState,
        deliveryLatency: live.events.summary(),
      },
      registrations: {
        registrations: live.registrations,
        reRegistrations: live.reRegistrations,
        registeredAtEnd: phones.filter((p) => p.phone.state.registered).length,
      },
      resources: {
        process:
          target.processes === undefined
            ? 'embedded runtime: whole-process figures (the nodes, phones and clients share this one process; no per-node RSS/CPU)'
            : runtime === 'containers'
              ? "containers runtime: each node unit its own container of the lab image (per node from /proc/<pid> of the container's process); the figures above are the load process (phones and clients)"
              : 'process runtime: each node its own ctilab serve child (per node from /proc/<pid>); the figures above are the load process (phones and clients)',
        perNode: target.processes === undefined ? null : perNode,
        rssMaxMB: rssMax,
        cpuMeanPercent: round(cpuMean, 1),
      },
      failovers: faults.map((f) => f.result),
      timeline,
      series,
      skippedFaults,
    };
  } finally {
    stopping = true;
    for (const t of timers) t.cancel();
    await Promise.allSettled(everyClient.map((c) => c.close()));
    await Promise.allSettled(phones.map((p) => p.phone.stop()));
    await cti?.stop();
    await target.stop();
  }
}

/** The target of the scenario's lab kind on `runtime` (process, containers: one launcher, three kinds). */
async function startTarget(runtime: LoadRuntime, loaded: LoadedScenario, clock: Clock): Promise<LoadTarget> {
  const kind = loaded.target.kind;
  if (runtime === 'embedded') {
    const embedded: Record<typeof kind, LoadTargetFactory> = {
      cme: startCmeTarget,
      cucm: startCucmTarget,
      acd: startAcdTarget,
    };
    return embedded[kind](loaded, clock);
  }
  const launcher: ServeLauncher = runtime === 'process' ? processLauncher : await containerLauncher(clock);
  const served = { cme: startCmeServeTarget, cucm: startCucmServeTarget, acd: startAcdServeTarget };
  return served[kind](loaded, clock, launcher);
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
