/**
 * CUCM failover benchmark (issue 10 "Figures"): `npm run bench:cucm-failover -- [--phones 1000]
 * [--route-points 100] [--cti-ports 100] [--variants callmanager,node] [--rate 500] [--seconds 10]
 * [--out file]`.
 *
 * One simulated cluster (bench/cucm-failover-cluster.ts: cucm-pub + cucm-sub1, CM group
 * [cucm-sub1, cucm-pub]) runs in this process on the real clock, with its SCCP phones and two
 * TR/87 applications (app-a through gateway imp-a, whose session is on cucm-sub1's CTIManager;
 * app-b through imp-b, on cucm-pub's), each opening half of the route points and CTI ports with
 * MonitorStart. Everything shares one process and real sockets on loopback.
 * 1. CSTA request latency: SnapshotDevice on the opened CTI devices, paced open-loop at `rate`
 *    per second for `seconds` over both sessions (INFO handed to the client -> 200 decoded).
 * 2. For each variant, on a fresh cluster: every phone and CTI device is homed on cucm-sub1; then
 *    `callmanager`: stopService(cucm-sub1, 'callmanager') (CTIManagers both stay up), or `node`:
 *    stopNode(cucm-sub1) (its CTIManager too). Measured from the call: (a) each phone's
 *    registration on cucm-pub, (b) each CTI device back in service for its application: a
 *    BackInServiceEvent on the application's monitor, or, for an application whose session the
 *    dying CTIManager ended (BYE), the time to reconnect through its gateway (now on cucm-pub)
 *    and reopen each of its devices (MonitorStartResponse).
 * Prints a summary and writes reports/bench/cucm-failover.json. Figures only: nothing asserts a time.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { CstaEvent } from '../simulators/csta/csta-types.ts';
import { dialableNumber } from '../simulators/csta/device-id.ts';
import { CucmCluster } from '../simulators/cucm/cucm-cluster.ts';
import { type Clock, systemClock } from '../simulators/lab/clock.ts';
import { ObservationStream } from '../simulators/lab/observation.ts';
import { SccpPhone } from '../simulators/phone/phone.ts';
import { Tr87Client } from '../simulators/tr87/tr87-client.ts';
import { benchMachine } from './bench-figures.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { progressLogger, roundTo, runBenchMain, waitUntil as waitOn } from './bench-support.ts';
import { dueCount, type LatencySummary, summarizeLatency } from './csta-stats.ts';
import {
  type BenchApplication,
  type FailoverBenchCluster,
  failoverBenchCluster,
  KILLED_NODE,
  SURVIVING_NODE,
} from './cucm-failover-cluster.ts';
import {
  type FailoverBenchOptions,
  type FailoverVariant,
  failoverBenchUsage,
  parseFailoverBenchOptions,
} from './cucm-failover-options.ts';

const progress = progressLogger('cucm-failover');
const waitUntil = (done: () => boolean, timeoutMs: number) => waitOn(done, timeoutMs, clock);

const defaultOut = fileURLToPath(new URL('../reports/bench/cucm-failover.json', import.meta.url));
const clock: Clock = systemClock;
/** Pacing tick of the latency phase; each tick sends every request that has fallen due. */
const tickMs = 1;
/** How long outstanding requests may take after the latency phase, at most. */
const drainMs = 15_000;

/** Milliseconds from the failure to each item, and to the last of them. */
interface Arrivals {
  expected: number;
  arrived: number;
  fromFailure: LatencySummary;
  lastMs: number | null;
}

interface ReopenResult {
  application: string;
  gateway: string;
  devices: number;
  /** Failure -> the BYE of the ended session reached the application. */
  sessionEndedMs: number | null;
  /** Failure -> the new session's INVITE answered 200 (SystemStatus normal). */
  reconnectedMs: number | null;
  /** The CTIManager serving the new session. */
  reconnectedTo: string | null;
  /** Failure -> each device's MonitorStartResponse on the new session. */
  reopened: Arrivals;
  errors: string[];
}

interface VariantResult {
  variant: FailoverVariant;
  failure: string;
  loadAverageBefore: number[];
  phones: {
    total: number;
    /** Failure -> the phone saw its connection to cucm-sub1 end. */
    lossSeen: Arrivals;
    /** Failure -> the phone registered with cucm-pub. */
    registered: Arrivals;
    onSurvivingNodeAfter: number;
  };
  ctiDevices: {
    total: number;
    /** Applications whose session survived: failure -> BackInServiceEvent per device. */
    backInService: { applications: string[]; outOfServiceEvents: number; arrivals: Arrivals };
    /** Applications whose session ended with the CTIManager: reconnect and reopen. */
    reopened: ReopenResult[];
    /** Failure -> the last of the devices in service again (either way); null if one never was. */
    allInServiceMs: number | null;
  };
  /** Connections the station side refused for the per-source cap (maxConnectionsPerSource). */
  connectionsRefused: number;
  /** CTIManager device limit alarms raised (Maximum Devices Per Node / Provider). */
  alarms: number;
  /** Real seconds the failure took to complete (stopService / stopNode resolving). */
  failureCallMs: number;
  complete: boolean;
}

interface LatencyResult {
  request: string;
  targetRate: number;
  seconds: number;
  sessions: number;
  devices: number;
  sent: number;
  answered: number;
  errors: number;
  unanswered: number;
  achievedSendRate: number;
  achievedAnswerRate: number;
  latency: LatencySummary;
  latencyFromSchedule: LatencySummary;
  firstErrors: string[];
  /** CPU of this one process (cluster, phones and clients) as a share of one core. */
  processCpu: number;
  loadAverageBefore: number[];
}

interface Started {
  cluster: CucmCluster;
  spec: FailoverBenchCluster;
  phones: SccpPhone[];
  clients: Map<string, Tr87Client>;
  everyClient: Tr87Client[];
  refused: { count: number };
}

async function main(argv: string[]): Promise<number> {
  let opts: FailoverBenchOptions;
  try {
    opts = parseFailoverBenchOptions(argv);
  } catch (err) {
    if (!(err instanceof BenchOptionError)) throw err;
    process.stderr.write(`bench:cucm-failover: ${err.message}\n${failoverBenchUsage}`);
    return 2;
  }
  const spec = failoverBenchCluster({
    phones: opts.phones,
    routePoints: opts.routePoints,
    ctiPorts: opts.ctiPorts,
  });
  let latency: LatencyResult | null = null;
  const variants: VariantResult[] = [];
  for (const [i, variant] of opts.variants.entries()) {
    const started = await startAll(spec, opts);
    try {
      if (i === 0 && opts.rate > 0) {
        progress(`latency: SnapshotDevice at ${opts.rate}/s for ${opts.seconds} s`);
        latency = await latencyPhase(started, opts);
        progress(
          `latency: ${latency.answered}/${latency.sent} answered, p50 ${latency.latency.p50Ms} ms, p99 ${latency.latency.p99Ms} ms`,
        );
      }
      progress(`${variant}: killing ${KILLED_NODE}`);
      variants.push(await failoverPhase(started, variant, opts));
    } finally {
      await stopAll(started);
    }
  }
  const report = {
    benchmark: 'cucm-failover',
    ...benchMachine(),
    command:
      argv.length > 0 ? `npm run bench:cucm-failover -- ${argv.join(' ')}` : 'npm run bench:cucm-failover',
    setup: {
      process: 'one process: the cluster, the SCCP phones and the TR/87 clients, real clock, TCP on loopback',
      servers: spec.servers.map((s) => s.name),
      cmGroup: spec.cluster.cmGroups.G1,
      killed: KILLED_NODE,
      phones: opts.phones,
      routePoints: opts.routePoints,
      ctiPorts: opts.ctiPorts,
      applications: spec.applications.map((a) => ({
        user: a.user,
        gateway: a.gateway,
        ctiManagers: spec.gateways.find((g) => g.name === a.gateway)?.ctiManagers,
        devices: a.devices.length,
      })),
    },
    latency,
    variants,
  };
  const out = opts.out ?? defaultOut;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${formatSummary(report.setup, latency, variants)}\n\nwrote ${out}\n`);
  const healthy =
    variants.every((v) => v.complete) &&
    (latency === null || (latency.errors === 0 && latency.unanswered === 0));
  return healthy ? 0 : 1;
}

// ------------------------------------------------------------------ set-up

async function startAll(spec: FailoverBenchCluster, opts: FailoverBenchOptions): Promise<Started> {
  const observations = new ObservationStream();
  const refused = { count: 0 };
  const logLines = { count: 0 };
  observations.subscribe((o) => {
    if (o.kind === 'state' && o.topic === 'connection-refused') refused.count++;
  });
  const cluster = new CucmCluster({
    cluster: spec.cluster,
    servers: spec.servers,
    gateways: spec.gateways,
    clock,
    observations,
    // The station side logs each unregistration (1,000 per failure): counted, not printed.
    log: () => {
      logLines.count++;
    },
  });
  const endpoints = await cluster.start();
  const primary = endpoints.nodes[KILLED_NODE]?.sccp;
  const backup = endpoints.nodes[SURVIVING_NODE]?.sccp;
  if (!primary || !backup) throw new Error('the cluster did not open both SCCP listeners');
  const started: Started = { cluster, spec, phones: [], clients: new Map(), everyClient: [], refused };
  const t0 = performance.now();
  started.phones = spec.phones.map(
    (p) => new SccpPhone({ mac: p.mac, model: '7961', servers: [primary, backup], clock }),
  );
  let next = 0;
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency, started.phones.length) }, async () => {
      while (next < started.phones.length) {
        const phone = started.phones[next++]!;
        await phone
          .start()
          .catch((e: unknown) => failures.push(`${phone.deviceName}: ${(e as Error).message}`));
      }
    }),
  );
  if (failures.length > 0) throw new Error(`${failures.length} phones did not register: ${failures[0]}`);
  const onPrimary = spec.phones.filter((p) => cluster.registeredNode(p.name) === KILLED_NODE).length;
  progress(
    `${spec.phones.length} phones registered in ${ms(performance.now() - t0)} ms, ${onPrimary} on ${KILLED_NODE}`,
  );
  for (const app of spec.applications) {
    const client = await connect(started, app);
    const t1 = performance.now();
    await Promise.all(app.devices.map((d) => client.monitorStart(`tel:${d.dn}`)));
    const node = cluster.gateways.get(app.gateway)?.cti.sessions()[0]?.node;
    progress(
      `${app.user}: session on ${node}'s CTIManager, ${app.devices.length} devices opened in ${ms(performance.now() - t1)} ms`,
    );
  }
  return started;
}

async function connect(started: Started, app: BenchApplication): Promise<Tr87Client> {
  const sip = started.cluster.endpoints.gateways[app.gateway]?.sip;
  if (!sip) throw new Error(`gateway ${app.gateway} has no SIP endpoint`);
  const first = app.devices[0];
  if (!first) throw new Error(`${app.user} controls no device`);
  const client = await Tr87Client.connect({
    host: sip.host,
    port: sip.port,
    transport: 'tcp',
    user: `sip:${app.user}@${started.cluster.name}`,
    line: `tel:${first.dn}`,
    credentials: { username: app.user, password: app.password },
    autoRefresh: false,
    clock,
  });
  started.clients.set(app.user, client);
  started.everyClient.push(client);
  return client;
}

async function stopAll(started: Started): Promise<void> {
  await Promise.allSettled(started.everyClient.map((c) => c.close()));
  await Promise.allSettled(started.phones.map((p) => p.stop()));
  await started.cluster.stop();
}

// ------------------------------------------------------------------ 1. request latency

async function latencyPhase(started: Started, opts: FailoverBenchOptions): Promise<LatencyResult> {
  const targets = started.spec.applications.flatMap((a) =>
    a.devices.map((d) => ({ client: started.clients.get(a.user)!, device: `tel:${d.dn}` })),
  );
  const snapshot = (i: number) => {
    const t = targets[i % targets.length]!;
    return t.client.request({ type: 'SnapshotDevice', snapshotObject: t.device });
  };
  // Warm-up (JIT, connections): 200 requests, not counted.
  await Promise.all(Array.from({ length: 200 }, (_, i) => snapshot(i)));
  const total = opts.rate * opts.seconds;
  const fromSend: number[] = [];
  const fromSchedule: number[] = [];
  const errors: string[] = [];
  let sent = 0;
  let answered = 0;
  let lastSendAt = 0;
  let lastAnswerAt = 0;
  const load = loadavg().map((v) => roundTo(v, 2));
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const sendOne = (i: number) => {
    const scheduled = start + (i * 1000) / opts.rate;
    const t0 = performance.now();
    lastSendAt = t0;
    snapshot(i).then(
      () => {
        const t1 = performance.now();
        lastAnswerAt = t1;
        answered++;
        fromSend.push(t1 - t0);
        fromSchedule.push(t1 - scheduled);
      },
      (e: unknown) => errors.push(e instanceof Error ? e.message : String(e)),
    );
  };
  await new Promise<void>((resolve) => {
    const tick = clock.setInterval(() => {
      const due = dueCount(performance.now() - start, opts.rate, total);
      while (sent < due) sendOne(sent++);
      if (sent >= total) {
        tick.cancel();
        resolve();
      }
    }, tickMs);
  });
  await waitUntil(() => answered + errors.length >= sent, drainMs);
  const cpu = process.cpuUsage(cpu0);
  const sendSpan = (lastSendAt - start) / 1000;
  const answerSpan = (lastAnswerAt - start) / 1000;
  return {
    request: 'SnapshotDevice of a route point / CTI port the session has open (INFO -> 200)',
    targetRate: opts.rate,
    seconds: opts.seconds,
    sessions: started.clients.size,
    devices: targets.length,
    sent,
    answered,
    errors: errors.length,
    unanswered: sent - answered - errors.length,
    achievedSendRate: roundTo(sendSpan > 0 ? (sent - 1) / sendSpan : 0, 1),
    achievedAnswerRate: roundTo(answerSpan > 0 ? answered / answerSpan : 0, 1),
    latency: summarizeLatency(fromSend),
    latencyFromSchedule: summarizeLatency(fromSchedule),
    firstErrors: errors.slice(0, 5),
    processCpu: roundTo((cpu.user + cpu.system) / 1e6 / ((performance.now() - start) / 1000), 2),
    loadAverageBefore: load,
  };
}

// ------------------------------------------------------------------ 2. failover

async function failoverPhase(
  started: Started,
  variant: FailoverVariant,
  opts: FailoverBenchOptions,
): Promise<VariantResult> {
  const { cluster, spec } = started;
  let failedAt = Number.NaN;
  const since = () => performance.now() - failedAt;
  // (a) phones
  const lost = new Map<string, number>();
  const registered = new Map<string, number>();
  for (const phone of started.phones) {
    phone.on('unregistered', () => {
      if (!lost.has(phone.deviceName)) lost.set(phone.deviceName, since());
    });
    phone.on('registered', (e) => {
      if (e.index === 1 && !registered.has(phone.deviceName)) registered.set(phone.deviceName, since());
    });
  }
  // (b) CTI devices: BackInServiceEvent per device on the sessions that survive; reconnect and
  // reopen for the sessions the CTIManager ends.
  const backInService = new Map<string, number>();
  let outOfService = 0;
  const reopens: ReopenResult[] = [];
  const reopenDone: Promise<void>[] = [];
  const expectSurvivors = spec.applications.filter(
    (a) => variant === 'callmanager' || a.homeCtiManager !== KILLED_NODE,
  );
  for (const app of spec.applications) {
    const client = started.clients.get(app.user)!;
    const dns = new Set(app.devices.map((d) => d.dn));
    client.on('event', (e: CstaEvent) => {
      if (e.type !== 'BackInServiceEvent' && e.type !== 'OutOfServiceEvent') return;
      const dn = 'deviceIdentifier' in e.device ? dialableNumber(e.device.deviceIdentifier) : undefined;
      if (dn === undefined || !dns.has(dn)) return;
      if (e.type === 'OutOfServiceEvent') outOfService++;
      else if (!backInService.has(dn)) backInService.set(dn, since());
    });
    client.on('ended', (reason) => {
      // Only the BYE of the dying CTIManager (not the bench closing the session afterwards).
      if (!armed || reason !== 'bye-received') return;
      const r: ReopenResult = {
        application: app.user,
        gateway: app.gateway,
        devices: app.devices.length,
        sessionEndedMs: roundTo(since(), 3),
        reconnectedMs: null,
        reconnectedTo: null,
        reopened: arrivals(app.devices.length, []),
        errors: [],
      };
      reopens.push(r);
      reopenDone.push(reopen(started, app, r, since));
    });
  }
  const load = loadavg().map((v) => roundTo(v, 2));
  let armed = true;
  failedAt = performance.now();
  if (variant === 'node') await cluster.stopNode(KILLED_NODE);
  else await cluster.stopService(KILLED_NODE, 'callmanager');
  const failureCallMs = since();
  const expectedBis = expectSurvivors.reduce((n, a) => n + a.devices.length, 0);
  const expectedReopen = spec.applications.length - expectSurvivors.length;
  const done = await waitUntil(
    () =>
      registered.size >= spec.phones.length &&
      backInService.size >= expectedBis &&
      reopens.length >= expectedReopen &&
      reopens.every((r) => r.reopened.arrived + r.errors.length >= r.devices),
    opts.timeoutSeconds * 1000,
  );
  armed = false;
  await Promise.all(reopenDone);
  const bis = arrivals(expectedBis, [...backInService.values()]);
  const reopenLast = reopens.map((r) => r.reopened.lastMs);
  const everyDeviceBack =
    bis.arrived === expectedBis &&
    reopens.length === expectedReopen &&
    reopens.every((r) => r.reopened.arrived === r.devices);
  const allInServiceMs = everyDeviceBack ? Math.max(bis.lastMs ?? 0, ...reopenLast.map((x) => x ?? 0)) : null;
  const phonesOnPub = spec.phones.filter((p) => cluster.registeredNode(p.name) === SURVIVING_NODE).length;
  const result: VariantResult = {
    variant,
    failure:
      variant === 'node'
        ? `stopNode(${KILLED_NODE}): CTIManager, then CallManager`
        : `stopService(${KILLED_NODE}, 'callmanager'): both CTIManagers stay up`,
    loadAverageBefore: load,
    phones: {
      total: spec.phones.length,
      lossSeen: arrivals(spec.phones.length, [...lost.values()]),
      registered: arrivals(spec.phones.length, [...registered.values()]),
      onSurvivingNodeAfter: phonesOnPub,
    },
    ctiDevices: {
      total: spec.applications.reduce((n, a) => n + a.devices.length, 0),
      backInService: {
        applications: expectSurvivors.map((a) => a.user),
        outOfServiceEvents: outOfService,
        arrivals: bis,
      },
      reopened: reopens,
      allInServiceMs: allInServiceMs === null ? null : roundTo(allInServiceMs, 3),
    },
    connectionsRefused: started.refused.count,
    alarms: cluster.alarms.length,
    failureCallMs: roundTo(failureCallMs, 3),
    complete: done && everyDeviceBack && phonesOnPub === spec.phones.length,
  };
  progress(
    `${variant}: phones on ${SURVIVING_NODE} ${phonesOnPub}/${spec.phones.length}, last at ${result.phones.registered.lastMs} ms; ` +
      `CTI devices all in service at ${result.ctiDevices.allInServiceMs} ms`,
  );
  return result;
}

/** The application whose session ended reconnects through its gateway and reopens its devices. */
async function reopen(
  started: Started,
  app: BenchApplication,
  r: ReopenResult,
  since: () => number,
): Promise<void> {
  try {
    const client = await connect(started, app);
    r.reconnectedMs = roundTo(since(), 3);
    r.reconnectedTo = started.cluster.gateways.get(app.gateway)?.cti.sessions()[0]?.node ?? null;
    const times: number[] = [];
    await Promise.all(
      app.devices.map((d) =>
        client.monitorStart(`tel:${d.dn}`).then(
          () => {
            times.push(since());
            r.reopened = arrivals(app.devices.length, times);
          },
          (e: unknown) => r.errors.push(`${d.dn}: ${(e as Error).message}`),
        ),
      ),
    );
  } catch (e) {
    r.errors.push(`reconnect: ${(e as Error).message}`);
  }
}

// ------------------------------------------------------------------ helpers

function arrivals(expected: number, times: readonly number[]): Arrivals {
  return {
    expected,
    arrived: times.length,
    fromFailure: summarizeLatency(times),
    lastMs: times.length === 0 ? null : roundTo(Math.max(...times), 3),
  };
}

function formatSummary(
  setup: { phones: number; routePoints: number; ctiPorts: number },
  latency: LatencyResult | null,
  variants: VariantResult[],
): string {
  const lines = [
    `cucm-failover: ${setup.phones} SCCP phones, ${setup.routePoints} route points + ${setup.ctiPorts} CTI ports ` +
      `opened by app-a (imp-a, CTIManager ${KILLED_NODE}) and app-b (imp-b, CTIManager ${SURVIVING_NODE}); ` +
      `all homed on ${KILLED_NODE}; one process, real clock, TCP loopback, ${cpus().length} CPUs`,
  ];
  if (latency) {
    const l = latency.latency;
    lines.push(
      '',
      `CSTA SnapshotDevice at ${latency.targetRate}/s for ${latency.seconds} s: ${latency.answered}/${latency.sent} answered, ` +
        `${latency.errors + latency.unanswered} errors, sent ${latency.achievedSendRate}/s, answered ${latency.achievedAnswerRate}/s; ` +
        `p50 ${l.p50Ms} ms, p90 ${l.p90Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms (process CPU ${latency.processCpu} cores)`,
    );
  }
  for (const v of variants) {
    const p = v.phones.registered;
    lines.push(
      '',
      `${v.failure} (load average before ${v.loadAverageBefore.join(' ')}):`,
      `  phones registered on ${SURVIVING_NODE}: ${p.arrived}/${p.expected}; per phone p50 ${p.fromFailure.p50Ms} ms, ` +
        `p99 ${p.fromFailure.p99Ms} ms, max ${p.fromFailure.maxMs} ms; last at ${p.lastMs} ms`,
    );
    const b = v.ctiDevices.backInService;
    if (b.arrivals.expected > 0)
      lines.push(
        `  BackInServiceEvent (${b.applications.join(', ')}): ${b.arrivals.arrived}/${b.arrivals.expected}; ` +
          `p50 ${b.arrivals.fromFailure.p50Ms} ms, p99 ${b.arrivals.fromFailure.p99Ms} ms, last at ${b.arrivals.lastMs} ms`,
      );
    for (const r of v.ctiDevices.reopened)
      lines.push(
        `  ${r.application} session ended (BYE) at ${r.sessionEndedMs} ms, reconnected via ${r.gateway} to ${r.reconnectedTo} at ` +
          `${r.reconnectedMs} ms, ${r.reopened.arrived}/${r.devices} devices reopened, last at ${r.reopened.lastMs} ms` +
          (r.errors.length > 0 ? ` (${r.errors.length} errors: ${r.errors[0]})` : ''),
      );
    lines.push(
      `  all ${v.ctiDevices.total} CTI devices in service at ${v.ctiDevices.allInServiceMs ?? 'never'} ms; ` +
        `connections refused ${v.connectionsRefused}, alarms ${v.alarms}; complete: ${v.complete}`,
    );
  }
  return lines.join('\n');
}

function ms(x: number): string {
  return x.toFixed(0);
}

runBenchMain('bench:cucm-failover', main);
