import { readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { loadCmeConfig } from '../simulators/cme/config/load-cme-config.ts';
import type { Dashboard } from '../simulators/dashboard/dashboard-server.ts';
import { SccpPhone } from '../simulators/phone/phone.ts';
import { acdNodesOf } from '../simulators/topology/acd-topology.ts';
import { clusterPhones, cucmClustersOf } from '../simulators/topology/cucm-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { autoAnswer } from './phones-auto-answer.ts';
import { waitForSignal } from './wait-for-signal.ts';

/**
 * `ctilab phones --target host:port (--config <ios.cfg> [--ephones 1,2] | --count N --mac-base <12 hex>)
 *  [--model 7961] [--concurrency 200] [--exit-when-registered] [--answer-after <ms>]
 *  [--registration-times] [--warmup W [--warmup-hold]]`
 * (DESIGN.md section 5): simulated SCCP phones as a separate process. Powers them on (at most
 * --concurrency at a time; SccpPhone.powerOn) and prints one JSON line with the outcome of the
 * first registration round `{phones, registered, failed, seconds, phonesPerSecond, registrationMs,
 * startedAt, finishedAt, failures}` (with --registration-times also `registrationTimesMs`, every
 * registered phone's time).
 * With --warmup W, W registrations come before the measured round: the first W of the phones
 * register and unregister once (phones of their own); a W beyond the N phones takes rounds of the N
 * until W registrations are done. A `{"warmup":{phones, rounds, registered, failed, seconds,
 * phonesPerSecond, registrationMs}}` line (`phones`: the registrations tried over all rounds) comes
 * before the outcome line; with --warmup-hold the command then waits for SIGUSR2 before the
 * measured round.
 * With --exit-when-registered it then unregisters them and exits (1 when some failed). Otherwise it
 * holds them until SIGTERM/SIGINT and never exits on its own: a phone that is not registered (it
 * failed at first, or lost its call manager) keeps walking its --target list with back-off until
 * one registers it again, as phone firmware does (phone.ts RETRY_BACKOFF). Then it prints the registration of each registered phone and, while held, every
 * change is one line `{"phone":{device, time, registered, server?, reason?, retryInMs?}}`
 * (registered with host:port / lost the registration / next retry after retryInMs). On the signal
 * it prints `{"stopping":{phones, stillRegistered, lostRegistrations, keepalivesSent,
 * keepaliveAcks, phonesWithKeepaliveAck, heldSeconds}}` (losses are server-side drops seen by the phones), unregisters
 * what is registered and exits 0.
 */
/** The options of `ctilab phones`, as bin/cli.ts parsed and checked them. */
export interface PhonesOptions {
  readonly target: readonly string[];
  readonly config?: string;
  /**
   * A lab topology: the SCCP phones of its CUCM cluster, each with its CM group's nodes; or, when
   * every target names an ACD node, the phones of those ACD nodes, each with its node's target.
   */
  readonly topology?: string;
  readonly cluster?: string;
  readonly ephones?: string;
  readonly count?: number;
  readonly macBase: string;
  readonly model: string;
  readonly concurrency: number;
  readonly exitWhenRegistered?: boolean;
  /** Answer a ringing call this many ms after it rings in (phones-auto-answer.ts); default never. */
  readonly answerAfter?: number;
  /** Put every registered phone's registration time (ms) in the outcome line (benchmarks merge them). */
  readonly registrationTimes?: boolean;
  /**
   * Serve the live dashboard of these phones (their faces, presses on them; the nodes are outside)
   * on 127.0.0.1:dashboardPort; its URL is `dashboard` in the outcome line. `--dashboard-group`
   * names the group on the page (default `phones`).
   */
  readonly dashboard?: boolean;
  readonly dashboardPort?: number;
  readonly dashboardGroup?: string;
  /** The first this many phones register and unregister (as phones of their own) before the measured round. */
  readonly warmup?: number;
  /** With --warmup: after the `{"warmup":...}` line, wait for SIGUSR2 before the measured round. */
  readonly warmupHold?: boolean;
  /**
   * Phone i connects from this IPv4 address + i (SccpPhoneOptions.localAddress): each phone its own
   * address, as real phones have, e.g. 127.1.0.1 on loopback. Default: the kernel's choice.
   */
  readonly sourceBase?: string;
}

type PhoneSpec = { mac: string; model: string; servers: Target[]; localAddress?: string };

export async function phonesCommand(values: PhonesOptions): Promise<number> {
  const specs = withSourceAddresses(
    values.topology ? await clusterPhoneSpecs(values, values.topology) : plainSpecs(values),
    values.sourceBase,
  );
  if (values.warmupHold && values.warmup === undefined)
    throw new Error('--warmup-hold: there is no warm-up round to hold after (give --warmup W)');
  const concurrency = values.concurrency;
  const phones = specs.map((s) => newPhone(s));
  const answering =
    values.answerAfter === undefined ? [] : phones.map((p) => autoAnswer(p, values.answerAfter as number));
  const tally = { lostRegistrations: 0, keepalivesSent: 0, keepaliveAcks: 0, phonesWithKeepaliveAck: 0 };
  const acked = new Uint8Array(phones.length);
  for (const p of phones) {
    p.on('unregistered', (e) => {
      if (e.reason !== 'stopped') tally.lostRegistrations++;
    });
  }
  // The keepalive tallies listen from a phone's registration on: its first keepalive comes one
  // interval after RegisterAck (§4), and a registration's dozen messages then build no events
  // nobody reads (issue 13 profile of bench:register).
  const tallyKeepalives = (p: SccpPhone, i: number) => {
    p.on('sent', (e) => {
      if (e.message.type === 'KeepAliveReq') tally.keepalivesSent++;
    });
    p.on('message', (e) => {
      if (e.message.type !== 'KeepAliveAck') return;
      tally.keepaliveAcks++;
      if (acked[i] === 0) {
        acked[i] = 1;
        tally.phonesWithKeepaliveAck++;
      }
    });
  };
  // Opened before the power-on: the page shows the phones registering.
  const dashboard =
    values.dashboard === true
      ? await openPhonesDashboard(values.dashboardGroup ?? 'phones', phones, values.dashboardPort ?? 0)
      : undefined;
  const warmup =
    values.warmup === undefined ? undefined : await warmupRounds(specs, values.warmup, concurrency);
  if (warmup !== undefined) {
    // --warmup-hold: a benchmark samples the call manager between the rounds, then sends SIGUSR2.
    const go = values.warmupHold ? waitForGo() : undefined;
    process.stdout.write(`${JSON.stringify({ warmup })}\n`);
    await go;
  }
  const round = await registerRound(phones, concurrency, tallyKeepalives);
  const { started, finished: registeredAt, failures, registrationMs } = round;
  const seconds = (registeredAt - started) / 1000;
  const registered = phones.length - failures.length;
  // Listening before the round line (bin/serve-signal.test.ts): a parent may signal on reading it.
  const signalled = values.exitWhenRegistered ? undefined : waitForSignal();
  process.stdout.write(
    `${JSON.stringify({
      phones: phones.length,
      registered,
      failed: failures.length,
      seconds,
      phonesPerSecond: seconds > 0 ? registered / seconds : registered,
      // Each registered phone's powerOn -> registration complete (TCP connect included).
      registrationMs: registrationTimes(registrationMs),
      // Wall-clock bounds of the round (epoch ms): a benchmark with several phones processes
      // measures the rate over all of them from the first start to the last finish.
      startedAt: started,
      finishedAt: registeredAt,
      ...(values.registrationTimes
        ? { registrationTimesMs: registrationMs.map((ms) => Math.round(ms * 10) / 10) }
        : {}),
      failures: failures.slice(0, 20),
      ...(dashboard ? { dashboard: dashboard.url } : {}),
    })}\n`,
  );
  if (values.exitWhenRegistered) {
    await dashboard?.close();
    await Promise.all(phones.map((p) => p.stop().catch(() => {})));
    return failures.length === 0 ? 0 : 1;
  }
  const unreport = phones.map(reportChanges);
  // The phones' timers read systemClock, whose timers do not hold the event loop (lab/clock.ts),
  // and signal listeners do not either: while no socket is open (the only call manager is down and
  // every phone waits for its next retry) node would find nothing left to do and end with exit
  // code 13 (unsettled top-level await, bin/ctilab.js). This handle keeps the process alive until
  // the signal.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    await signalled;
  } finally {
    clearInterval(keepAlive);
    for (const off of unreport) off();
  }
  process.stdout.write(
    `${JSON.stringify({
      stopping: {
        phones: phones.length,
        stillRegistered: phones.filter((p) => p.state.registered).length,
        ...tally,
        ...(values.answerAfter === undefined
          ? {}
          : { answered: answering.reduce((n, a) => n + a.answered(), 0) }),
        heldSeconds: (Date.now() - registeredAt) / 1000,
      },
    })}\n`,
  );
  for (const a of answering) a.stop();
  await dashboard?.close();
  await Promise.all(phones.map((p) => p.stop().catch(() => {})));
  return 0;
}

/** `--dashboard`: these phones' faces live on a page (simulators/dashboard), pressable; no node of their own. */
async function openPhonesDashboard(
  group: string,
  phones: readonly SccpPhone[],
  port: number,
): Promise<Dashboard> {
  const { startDashboard } = await import('../simulators/dashboard/dashboard-server.ts');
  try {
    return await startDashboard({ lab: group, phoneGroups: [{ group, phones }], nodes: [] }, port);
  } catch (err) {
    throw new Error(`dashboard on 127.0.0.1:${port}: ${(err as Error).message}`);
  }
}

/** The `{"phone":{...}}` line of `phone`'s registration now (if registered), then one per change; returns the unsubscriber. */
function reportChanges(phone: SccpPhone): () => void {
  const line = (change: Record<string, unknown>) =>
    process.stdout.write(
      `${JSON.stringify({ phone: { device: phone.deviceName, time: Date.now(), ...change } })}\n`,
    );
  // The state at subscription first, so a reader of the lines knows where every phone is.
  const server = phone.state.registered ? phone.state.server : null;
  if (server !== null) line({ registered: true, server: `${server.host}:${server.port}` });
  const offs = [
    phone.on('registered', (s) => line({ registered: true, server: `${s.host}:${s.port}` })),
    phone.on('unregistered', (e) => {
      if (e.reason !== 'stopped') line({ registered: false, reason: e.reason });
    }),
    phone.on('retrying', (r) => line({ registered: false, reason: r.reason, retryInMs: r.delayMs })),
  ];
  return () => {
    for (const off of offs) off();
  };
}

type Target = { host: string; port: number };

function plainSpecs(values: PhonesOptions): Array<{ mac: string; model: string; servers: Target[] }> {
  const servers = values.target.map(parseTarget);
  return phoneSpecs(values).map((s) => ({ ...s, servers }));
}

/**
 * The phones of a CUCM cluster of the topology: each registers with the nodes of its device
 * pool's CM group, in order, found among the named targets (`--target <node>=<host:port>`, as
 * `ctilab serve cucm` printed them). A phone whose group names no given target is refused.
 * When every target names an ACD node instead, the phones of those ACD nodes (their `phones`),
 * each with its node's target (`ctilab serve acd` printed it as `endpoints.sccp`).
 */
async function clusterPhoneSpecs(
  values: PhonesOptions,
  file: string,
): Promise<Array<{ mac: string; model: string; servers: Target[] }>> {
  const named = new Map<string, Target>();
  for (const t of values.target) {
    const m = /^([a-z][a-z0-9-]*)=(.+)$/.exec(t);
    if (!m) throw new Error(`--target '${t}': with --topology a target is <node>=<host:port>`);
    named.set(m[1]!, parseTarget(m[2]!));
  }
  const loaded = await loadTopology(file);
  const acds = acdNodesOf(loaded);
  if (
    values.cluster === undefined &&
    named.size > 0 &&
    [...named.keys()].every((n) => acds.some((a) => a.name === n))
  )
    // The ACD lab (issue 11): every phone of a named ACD node registers with its node's SCCP
    // listener (`ctilab serve acd` printed it as endpoints.sccp).
    return acds
      .filter((a) => named.has(a.name))
      .flatMap((a) =>
        a.phones.map((p) => ({ mac: p.name.slice(3), model: p.model, servers: [named.get(a.name)!] })),
      );
  const clusters = cucmClustersOf(loaded);
  const chosen = values.cluster ? clusters.find((c) => c.cluster.name === values.cluster) : clusters[0];
  if (chosen === undefined)
    throw new Error(
      `${file}: no CUCM cluster${values.cluster ? ` '${values.cluster}'` : ''}${acds.length > 0 ? ` (its ACD nodes' phones: --target <acd node>=<host:port>, one of ${acds.map((a) => a.name).join(', ')})` : ''}`,
    );
  return clusterPhones(chosen.cluster).map((p) => {
    const servers = p.cmGroup.map((n) => named.get(n)).filter((t): t is Target => t !== undefined);
    if (servers.length === 0)
      throw new Error(`${p.name}: none of its CM group's nodes (${p.cmGroup.join(', ')}) is a --target`);
    return { mac: p.mac, model: p.model, servers };
  });
}

function newPhone(s: PhoneSpec): SccpPhone {
  return new SccpPhone({
    mac: s.mac,
    model: s.model,
    servers: s.servers,
    ...(s.localAddress === undefined ? {} : { localAddress: s.localAddress }),
  });
}

/**
 * --source-base A: phone i gets A + i as the address its connections start from. Real phones each
 * have their own address; simulated ones sharing one made the kernel search one address's
 * ephemeral ports for every connect to the same call manager (issue 13: with the TIME_WAIT
 * connections of earlier rounds, connect() was the phones process's largest single cost).
 */
export function withSourceAddresses(specs: PhoneSpec[], base: string | undefined): PhoneSpec[] {
  if (base === undefined) return specs;
  if (!isIPv4(base)) throw new Error(`--source-base '${base}' is not an IPv4 address`);
  const first = base.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const last = first + specs.length - 1;
  if (last > 0xffff_ffff)
    throw new Error(
      `--source-base ${base} + ${specs.length - 1} phones overflows IPv4 (last would be past 255.255.255.255)`,
    );
  return specs.map((s, i) => ({ ...s, localAddress: ipv4Of(first + i) }));
}

function ipv4Of(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function parseTarget(t: string): { host: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(t);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new Error(`--target '${t}' is not host:port`);
  return { host: m[1]!, port: Number(m[2]) };
}

function phoneSpecs(values: PhonesOptions): Array<{ mac: string; model: string }> {
  if (values.config) {
    const { config } = loadCmeConfig(readFileSync(values.config, 'utf8'));
    const wanted = values.ephones ? new Set(values.ephones.split(',').map(Number)) : undefined;
    return [...config.ephones.values()]
      .filter((e) => !wanted || wanted.has(e.tag))
      .map((e) => ({ mac: e.mac, model: e.model ?? values.model }));
  }
  if (values.count !== undefined) {
    const n = values.count;
    const macBase = values.macBase;
    if (!/^[0-9a-fA-F]{12}$/.test(macBase)) throw new Error(`--mac-base '${macBase}' is not 12 hex digits`);
    const base = BigInt(`0x${macBase}`);
    if (base + BigInt(n - 1) > 0xffff_ffff_ffffn)
      throw new Error(`--mac-base ${macBase} + ${n - 1} phones overflows 48 bits`);
    return Array.from({ length: n }, (_, i) => ({
      mac: (base + BigInt(i)).toString(16).toUpperCase().padStart(12, '0'),
      model: values.model,
    }));
  }
  throw new Error('give --config <ios.cfg> or --count N');
}

/** p50 / p99 / max (nearest rank, ms, 0.1 ms) of the registration times; null when none registered. */
export function registrationTimes(ms: readonly number[]): { p50: number; p99: number; max: number } | null {
  if (ms.length === 0) return null;
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]! * 10) / 10;
  return { p50: at(50), p99: at(99), max: at(100) };
}

interface Round {
  started: number;
  finished: number;
  failures: Array<{ device: string; error: string }>;
  registrationMs: number[];
}

/** Powers `phones` on, at most `concurrency` at a time; `each` runs once a phone's first try ends. */
async function registerRound(
  phones: readonly SccpPhone[],
  concurrency: number,
  each: (p: SccpPhone, i: number) => void = () => {},
): Promise<Round> {
  const started = Date.now();
  const failures: Round['failures'] = [];
  const registrationMs: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < phones.length) {
      const i = next++;
      const p = phones[i]!;
      const t0 = performance.now();
      const outcome = await p.powerOn();
      // A phone that failed this round keeps trying (powerOn): `each` counts its keepalives once it is in.
      each(p, i);
      if (!outcome.ok) failures.push({ device: p.deviceName, error: outcome.reason });
      else registrationMs.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, phones.length)) }, worker));
  return { started, finished: Date.now(), failures, registrationMs };
}

/**
 * --warmup W: W registrations before the measured round, by phones of their own that register,
 * then unregister (UnregisterReq) and stop: the first W phones once, or, for a W beyond the N
 * phones, rounds of all N (the last round the first W mod N) until W are done. That round then
 * meets a call manager and a phones process whose code V8 has already compiled and optimised, as a
 * call manager that has served phones for a while is, and the same devices registering again, as
 * after a switch or power outage.
 */
async function warmupRounds(specs: readonly PhoneSpec[], total: number, concurrency: number) {
  const started = Date.now();
  const registrationMs: number[] = [];
  let failed = 0;
  let rounds = 0;
  for (let done = 0; done < total; rounds++) {
    const phones = specs.slice(0, Math.min(specs.length, total - done)).map((s) => newPhone(s));
    const round = await registerRound(phones, concurrency);
    await Promise.all(phones.map((p) => p.stop().catch(() => {})));
    for (const ms of round.registrationMs) registrationMs.push(ms);
    failed += round.failures.length;
    done += phones.length;
  }
  const registered = total - failed;
  const seconds = (Date.now() - started) / 1000;
  return {
    phones: total,
    rounds,
    registered,
    failed,
    seconds,
    phonesPerSecond: seconds > 0 ? registered / seconds : registered,
    registrationMs: registrationTimes(registrationMs),
  };
}

/** Resolves on SIGUSR2 (listening from the call on, so a signal sent after the warm-up line is not lost). */
function waitForGo(): Promise<void> {
  // The warm-up phones are stopped and no socket is open: without a handle node would end with
  // exit code 13 (unsettled top-level await, bin/ctilab.js) before the signal.
  const keepAlive = setInterval(() => {}, 1 << 30);
  return new Promise((resolve) =>
    process.once('SIGUSR2', () => {
      clearInterval(keepAlive);
      resolve();
    }),
  );
}
