/**
 * CTI Server event throughput benchmark (issue 11 figures): `npm run bench:cti-events -- [--agents 500]
 * [--concurrency 250] [--talk-ms 1000] [--seconds 10] [--warmup-seconds 2] [--out file]`.
 *
 * Events per second delivered to a CTI Bridge client (All Events, every CallMsgMask and
 * AgentStateMask bit; Cisco "CTI Planning", "CTI Bridge Application") by a live ACD lab (AcdLab:
 * the ACD on the call model behind its duplexed CTI Server, real TCP on loopback, real clock) with
 * `agents` agents handling calls. Set-up: one peripheral (5000, Enterprise Agent, skill group
 * Sales with every agent, dialed number 8000, no wrap-up so an agent is ready again when a call
 * ends), agents 5001.. on extensions 3001.. and customers on 6000.. as devices of the call model
 * (their DNs are in the station configuration; no SCCP phone registers: the model puts them in
 * service), every agent logged in and made ready through the AcdPeripheral API. `concurrency`
 * customers each call 8000 in a loop: the ACD offers the call to the longest-available agent,
 * whose extension answers at once, talks `talkMs`, and the customer hangs up. A real
 * CtiServerClient bridge counts the events it receives in each second of `seconds`, after
 * `warmupSeconds` of the same traffic. The events the peripheral port emitted are counted too
 * (what the bridge should get). Prints a summary and writes reports/bench/cti-server-events.json.
 * Figures only: nothing asserts a rate.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { AcdLab } from '../simulators/acd-cti/acd-lab.ts';
import type { ConnectionID } from '../simulators/calls/connection-state.ts';
import { CtiServerClient } from '../simulators/cti-server/client/cti-server-client.ts';
import { AgentStateMask, CallMsgMask, ServiceMask } from '../simulators/cti-server/wire.ts';
import { benchMachine } from './bench-figures.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { progressLogger, roundTo, runBenchMain } from './bench-support.ts';
import {
  type CtiEventsBenchOptions,
  ctiEventsBenchUsage,
  parseCtiEventsBenchOptions,
} from './cti-server-bench-options.ts';
import { benchAcdSpec, DIALED_NUMBER } from './cti-server-events-lab.ts';

const progress = progressLogger('cti-events');
const defaultOut = fileURLToPath(new URL('../reports/bench/cti-server-events.json', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Traffic {
  running: boolean;
  callsStarted: number;
  callsAnswered: number;
  callsCompleted: number;
  refusals: number;
  firstRefusals: string[];
}

async function main(argv: string[]): Promise<number> {
  let opts: CtiEventsBenchOptions;
  try {
    opts = parseCtiEventsBenchOptions(argv);
  } catch (err) {
    if (!(err instanceof BenchOptionError)) throw err;
    process.stderr.write(`bench:cti-events: ${err.message}\n${ctiEventsBenchUsage}`);
    return 2;
  }
  const spec = benchAcdSpec(opts.agents, opts.concurrency);
  const lab = new AcdLab({ nodes: [spec], name: 'acd-bench', sidePorts: { acd: { A: 0, B: 0 } } });
  await lab.start();
  const traffic: Traffic = {
    running: true,
    callsStarted: 0,
    callsAnswered: 0,
    callsCompleted: 0,
    refusals: 0,
    firstRefusals: [],
  };
  let bridge: CtiServerClient | undefined;
  try {
    const model = lab.calls.model;
    const acd = lab.system.peripheral(spec.peripheral.id);
    for (const p of spec.phones) must(model.setInService(p.dn, true), `in service ${p.dn}`);
    const t0 = performance.now();
    for (const a of spec.peripheral.agents) {
      must(acd.login(a.id, a.password, a.extension), `login ${a.id}`);
      must(acd.setAgentState(a.id, 'AVAILABLE'), `ready ${a.id}`);
    }
    progress(`${opts.agents} agents logged in and ready in ${roundTo(performance.now() - t0, 1)} ms`);
    let emitted = 0;
    // Events for workstations only (clientEventsOnly: a workstation's own BEGIN / END_CALL as a
    // call reaches or leaves its agent) never go to a bridge: not counted.
    lab.cti('acd').subscribe((e) => {
      if (e.clientEventsOnly !== true) emitted++;
    });
    bridge = await CtiServerClient.connect({
      sides: [lab.pair('acd').endpoint('A'), lab.pair('acd').endpoint('B')],
      clientID: 'bridge',
      password: '',
      services: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL,
      callMsgMask: Object.values(CallMsgMask).reduce((a, b) => a | b, 0),
      agentStateMask: Object.values(AgentStateMask).reduce((a, b) => a | b, 0),
    });
    const customers = spec.phones.filter((p) => p.dn.startsWith('6')).map((p) => p.dn);
    const agentExtensions = new Set(spec.peripheral.agents.map((a) => a.extension));
    const callers = customers.map((dn) => caller(lab, dn, agentExtensions, opts.talkMs, traffic));
    progress(`${customers.length} customers calling ${DIALED_NUMBER}, ${opts.talkMs} ms talk time`);
    await sleep(opts.warmupSeconds * 1000);
    // Measurement: per-second buckets of what the bridge received (and what the port emitted).
    const load = loadavg().map((v) => roundTo(v, 2));
    const cpu0 = process.cpuUsage();
    bridge.events.length = 0;
    const emitted0 = emitted;
    const calls0 = traffic.callsCompleted;
    const perSecond: number[] = [];
    const byName = new Map<string, number>();
    const start = performance.now();
    for (let s = 1; s <= opts.seconds; s++) {
      await sleep(start + s * 1000 - performance.now());
      const got = bridge.events.splice(0);
      perSecond.push(got.length);
      for (const m of got) byName.set(m.name, (byName.get(m.name) ?? 0) + 1);
    }
    const elapsedS = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const emittedInWindow = emitted - emitted0;
    const callsInWindow = traffic.callsCompleted - calls0;
    traffic.running = false;
    await Promise.all(callers);
    const received = perSecond.reduce((a, b) => a + b, 0);
    const sorted = [...perSecond].sort((a, b) => a - b);
    const report = {
      benchmark: 'cti-server-events',
      ...benchMachine(),
      command: argv.length > 0 ? `npm run bench:cti-events -- ${argv.join(' ')}` : 'npm run bench:cti-events',
      setup: {
        process:
          'one process: the ACD lab (ACD, call model, CTI Server sides A/B), the call driver and the CTI Bridge client; real clock, TCP on loopback',
        agents: opts.agents,
        customers: customers.length,
        concurrency: opts.concurrency,
        talkMs: opts.talkMs,
        wrapUp: spec.peripheral.agentRules.wrapUp,
        seconds: opts.seconds,
        warmupSeconds: opts.warmupSeconds,
        bridge: 'CtiServerClient, ALL_EVENTS | CLIENT_CONTROL, every CallMsgMask and AgentStateMask bit',
      },
      figures: {
        eventsReceived: received,
        eventsPerSecond: roundTo(received / elapsedS, 1),
        perSecond,
        perSecondMin: sorted[0] ?? 0,
        perSecondMedian: sorted[Math.floor(sorted.length / 2)] ?? 0,
        perSecondMax: sorted[sorted.length - 1] ?? 0,
        eventsByName: Object.fromEntries([...byName].sort((a, b) => b[1] - a[1])),
        /** Events for a bridge the ACD's CTI port emitted in the window (the bridge's masks select all). */
        eventsEmitted: emittedInWindow,
        callsCompleted: callsInWindow,
        callsPerSecond: roundTo(callsInWindow / elapsedS, 1),
        eventsPerCall: callsInWindow > 0 ? roundTo(received / callsInWindow, 2) : null,
        callRefusals: traffic.refusals,
        firstRefusals: traffic.firstRefusals,
        processCpu: roundTo((cpu.user + cpu.system) / 1e6 / elapsedS, 2),
        loadAverageBefore: load,
      },
      note:
        emittedInWindow === 0
          ? "the ACD's CTI Server port emitted no call or agent events: its events half (simulators/acd-cti/acd-cti-events.ts) sends none in this build"
          : undefined,
    };
    const out = opts.out ?? defaultOut;
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
    const f = report.figures;
    process.stdout.write(
      [
        '',
        `CTI Server events to one CTI Bridge: ${opts.agents} agents, ${opts.concurrency} calls at once, ${opts.talkMs} ms talk, ${opts.seconds} s`,
        `  events received      ${f.eventsReceived} (${f.eventsPerSecond}/s; per second min ${f.perSecondMin}, median ${f.perSecondMedian}, max ${f.perSecondMax})`,
        `  events emitted       ${f.eventsEmitted} by the ACD's CTI port in the window`,
        `  calls completed      ${f.callsCompleted} (${f.callsPerSecond}/s, ${f.eventsPerCall ?? '-'} events per call)`,
        `  by message           ${JSON.stringify(f.eventsByName)}`,
        `  process CPU          ${f.processCpu} of one core; ${f.callRefusals} call refusals`,
        ...(report.note ? [`  NOTE: ${report.note}`] : []),
        '',
        `wrote ${out}`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    traffic.running = false;
    bridge?.destroy();
    await lab.close();
  }
}

/** One customer: calls 8000 until stopped; the offered agent answers, talks, the customer hangs up. */
async function caller(
  lab: AcdLab,
  dn: string,
  agentExtensions: ReadonlySet<string>,
  talkMs: number,
  traffic: Traffic,
): Promise<void> {
  const model = lab.calls.model;
  const refused = (why: string) => {
    traffic.refusals++;
    if (traffic.firstRefusals.length < 5) traffic.firstRefusals.push(`${dn}: ${why}`);
  };
  while (traffic.running) {
    const made = model.makeCall(dn, DIALED_NUMBER);
    if (!made.ok) {
      refused(made.reason);
      await sleep(50);
      continue;
    }
    traffic.callsStarted++;
    const callID = made.value.callID;
    let offered: ConnectionID | undefined;
    // The ACD offers the call at once when an agent is ready; else it waits in the queue.
    while (traffic.running && model.callIds().includes(callID)) {
      offered = model
        .snapshotCall(callID)
        .endpoints.find(
          (e) => e.localConnectionState === 'alerting' && agentExtensions.has(e.connection.deviceID),
        )?.connection;
      if (offered !== undefined) break;
      await sleep(2);
    }
    if (offered !== undefined) {
      const answered = model.answer(offered);
      if (answered.ok) traffic.callsAnswered++;
      else refused(answered.reason);
      await sleep(talkMs);
    }
    if (model.callIds().includes(callID)) {
      const cleared = model.clear(made.value);
      if (cleared.ok && offered !== undefined) traffic.callsCompleted++;
      else if (!cleared.ok) refused(cleared.reason);
    }
    await sleep(0);
  }
}

function must(r: { ok: boolean; reason?: string }, what: string): void {
  if (!r.ok) throw new Error(`${what}: ${r.reason ?? 'refused'}`);
}

void runBenchMain('bench:cti-events', main);
