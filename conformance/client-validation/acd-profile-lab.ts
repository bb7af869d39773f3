/**
 * The lab and the plan of the CTI Server client profiles (`validate-client --profile acd-bridge |
 * acd-agent`): the ACD lab of labs/acd-duplex.yaml in this process (simulators/acd-cti/acd-lab.ts:
 * its SCCP phones registered, the ACD, a duplexed CTI Server with sides A and B on the given host),
 * the ConnectInfo the client is given, and the plan that drives it:
 *
 * 1. wait for the client's session (an open session on either side);
 * 2. upper tester: `set-agent-state` 5001 `login`, then `ready`;
 * 3. phone 3009 dials 8000: the call queues to Sales and rings agent 5001 (events to the client);
 *    upper tester `answer` 3001, then `clear` 3001 (the phones do it when the upper tester cannot);
 * 4. upper tester `make-call` 3001 → 3009, then `clear` 3001;
 * 5. upper tester `query-agent-state` of agent 5999, which the lab refuses (FAILURE_CONF
 *    E_CTI_INVALID_AGENT_DATA): behaviour on errors;
 * 6. a heartbeat period (timer `heartbeat-period`): nothing happens for three heartbeat intervals;
 * 7. fault `fail-side A`: the active side dies, B takes over (the client must reconnect to B);
 * 8. fault `restore-side A`: A comes back as the standby;
 * 9. upper tester `close-session`.
 * Every wait reads ctx.clock. `--listen host:port`: side A listens on that port and side B on the
 * next one (port 0: both ephemeral); the phones' SCCP listener is ephemeral on 127.0.0.1.
 */
import { fileURLToPath } from 'node:url';
import { AcdLab } from '../../simulators/acd-cti/acd-lab.ts';
import type { Clock } from '../../simulators/lab/clock.ts';
import type { Endpoint } from '../../simulators/lab/observation.ts';
import { SccpPhone } from '../../simulators/phone/phone.ts';
import { allCalls, type PhoneState } from '../../simulators/phone/phone-state.ts';
import { acdNodesOf } from '../../simulators/topology/acd-topology.ts';
import { loadTopology } from '../../simulators/topology/load-topology.ts';
import type { AcdProfileName } from './acd-client-faults.ts';
import type { ConnectInfo, DriveContext, ProfileRun, ProfileStartOptions } from './client-profile.ts';

/** The lab file of the CTI Server profiles. */
export const ACD_PROFILE_LAB = fileURLToPath(new URL('../../labs/acd-duplex.yaml', import.meta.url));
/** The lab's smallest IdleTimeout (simulators/cti-server/server/open-request.ts). */
const MIN_IDLE_TIMEOUT_SECONDS = 20;
/** The agent the plan logs in and routes the call to, its instrument, and the customer's phone. */
export const PLAN_AGENT = '5001';
export const PLAN_INSTRUMENT = '3001';
export const PLAN_CUSTOMER = '3009';
export const PLAN_DIALED_NUMBER = '8000';
/** An agent the peripheral does not know: its QUERY_AGENT_STATE_REQ is refused. */
export const UNKNOWN_AGENT = '5999';

const endpointText = (e: Endpoint) => `${e.host}:${e.port}`;

/**
 * What the client is told. `settings`: `profile`, `clientID`, `password`, `services` (names) and
 * `servicesMask`, `peripheralID`, `heartbeatIntervalSeconds` (the interval the client is to
 * send HEARTBEAT_REQ at: the run's session timer, `--session-expires` or the PIXIT's
 * `timers.sessionExpiresSeconds`, which for a CTI Server client declares its heartbeat interval;
 * rule ACD-MSG-010 is graded against it) and `idleTimeoutSeconds` (to ask for in OPEN_REQ: four
 * intervals, at least the lab's minimum of 20 s), `agents` (bridge:
 * every agent `{id, password, instrument}`) or `agent` (acd-agent: its own), `customer`.
 */
export function acdConnectInfo(
  profile: AcdProfileName,
  sides: { A: Endpoint; B: Endpoint },
  heartbeatIntervalSeconds: number,
  agents: readonly { id: string; password: string; extension: string }[],
  peripheralID: number,
): ConnectInfo {
  const idle = Math.max(MIN_IDLE_TIMEOUT_SECONDS, Math.ceil(4 * heartbeatIntervalSeconds));
  const common = {
    profile,
    peripheralID,
    heartbeatIntervalSeconds,
    idleTimeoutSeconds: idle,
    customer: PLAN_CUSTOMER,
    dialedNumber: PLAN_DIALED_NUMBER,
  };
  const list = agents.map((a) => ({ id: a.id, password: a.password, instrument: a.extension }));
  const settings =
    profile === 'acd-bridge'
      ? {
          ...common,
          clientID: 'bridge',
          password: '',
          services: ['ALL_EVENTS', 'CLIENT_CONTROL'],
          servicesMask: 0x10 | 0x4,
          agents: list,
        }
      : {
          ...common,
          clientID: `agent-${PLAN_AGENT}`,
          password: '',
          services: ['CLIENT_EVENTS', 'CLIENT_CONTROL'],
          servicesMask: 0x1 | 0x4,
          agent: list.find((a) => a.id === PLAN_AGENT),
        };
  return {
    endpoints: { 'side-A': { ...sides.A, transport: 'tcp' }, 'side-B': { ...sides.B, transport: 'tcp' } },
    settings,
  };
}

function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = clock.setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      t.cancel();
      resolve();
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** Polls `pred` every 20 ms of the clock for up to `ms`; true once it holds. */
async function until(clock: Clock, pred: () => boolean, ms: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = clock.now() + ms;
  while (!pred()) {
    if (clock.now() >= deadline || signal?.aborted) return false;
    await sleep(clock, 20, signal);
  }
  return true;
}

/** A phone key press of the plan; a phone that cannot do it is logged, the plan goes on. */
function phoneAction(ctx: DriveContext, press: () => void, what: string): void {
  try {
    press();
  } catch (e) {
    ctx.log(`phone: ${what}: ${(e as Error).message}`);
  }
}

/** Starts the ACD lab of the profile; the returned run drives the plan. */
export async function startAcdProfileLab(
  profile: AcdProfileName,
  opts: ProfileStartOptions,
): Promise<ProfileRun> {
  const loaded = acdNodesOf(await loadTopology(ACD_PROFILE_LAB));
  const nodes = loaded.map((n) => ({
    ...n,
    sides: { a: { ...n.sides.a, host: opts.host }, b: { ...n.sides.b, host: opts.host } },
  }));
  const node = nodes[0]!;
  const lab = new AcdLab({
    nodes,
    name: `validate-${profile}`,
    sccpPort: 0,
    sidePorts: { [node.name]: { A: opts.port, B: opts.port === 0 ? 0 : opts.port + 1 } },
    clock: opts.clock,
    observations: opts.observations,
    log: opts.log,
  });
  const ep = await lab.start();
  const phones = new Map<string, SccpPhone>();
  try {
    for (const spec of node.phones) {
      const phone = new SccpPhone({
        mac: spec.name.slice(3),
        model: spec.model,
        servers: [ep.sccp],
        clock: opts.clock,
      });
      phones.set(spec.dn, phone);
      await phone.start();
    }
  } catch (e) {
    await Promise.allSettled([...phones.values()].map((p) => p.stop()));
    await lab.close();
    throw e;
  }
  const pair = lab.pair(node.name);
  const sides = { A: pair.endpoint('A'), B: pair.endpoint('B') };
  const connect = acdConnectInfo(
    profile,
    sides,
    opts.settings.sessionExpiresSeconds,
    node.peripheral.agents,
    node.peripheral.id,
  );
  const model = lab.calls.model;
  const states = (device: string) => model.snapshotDevice(device).map((i) => i.localConnectionState);
  const openSessions = () => pair.sides.A.openSessionCount + pair.sides.B.openSessionCount;

  const ringsIn = (phone: SccpPhone) => allCalls(phone.state as PhoneState).some((c) => c.state === 'RingIn');

  async function drive(ctx: DriveContext): Promise<void> {
    const { clock, signal, upperTester: ut } = ctx;
    const H = ctx.settings.sessionExpiresSeconds * 1000;
    // validate-client aborts the plan after connectTimeoutSeconds + runSeconds (validation-run.ts).
    const deadline = clock.now() + (ctx.settings.connectTimeoutSeconds + ctx.settings.runSeconds) * 1000;
    const act = async (action: string, args: Record<string, string>): Promise<boolean> => {
      if (!ut.supports(action)) {
        ctx.record({
          kind: 'upper-tester',
          action,
          detail: args,
          outcome: `no upper tester declares '${action}'`,
        });
        return false;
      }
      const r = await ut.perform(action, args);
      ctx.record({ kind: 'upper-tester', action, detail: args, outcome: r.ok ? 'ok' : r.detail });
      return r.ok;
    };
    if (!(await until(clock, () => openSessions() > 0, ctx.settings.connectTimeoutSeconds * 1000, signal))) {
      ctx.record({
        kind: 'timer',
        action: 'no-session',
        detail: { seconds: ctx.settings.connectTimeoutSeconds },
      });
      ctx.log('the client opened no CTI Server session');
      return;
    }
    ctx.log(`client in session on side ${pair.sides.A.openSessionCount > 0 ? 'A' : 'B'}`);
    await sleep(clock, 200, signal);
    // 2. the agent in and ready; without an upper tester the agent does it at the phone, so that
    // calls still reach the client.
    const loggedIn = await act('set-agent-state', { agent: PLAN_AGENT, state: 'login' });
    const ready = await act('set-agent-state', { agent: PLAN_AGENT, state: 'ready' });
    const acd = lab.system.peripheral(node.peripheral.id);
    if (!loggedIn && !ready && acd.agent(PLAN_AGENT).state === 'LOGOUT') {
      const spec = node.peripheral.agents.find((a) => a.id === PLAN_AGENT)!;
      const done = acd.login(PLAN_AGENT, spec.password, spec.extension);
      if (done.ok) acd.setAgentState(PLAN_AGENT, 'AVAILABLE');
      ctx.record({
        kind: 'phone',
        action: `agent ${PLAN_AGENT} logs in at the phone`,
        detail: { ok: done.ok },
      });
    }
    // 3. a customer call routed to the agent.
    const customer = phones.get(PLAN_CUSTOMER)!;
    const agentPhone = phones.get(PLAN_INSTRUMENT)!;
    ctx.record({ kind: 'phone', action: `dial ${PLAN_DIALED_NUMBER}`, detail: { from: PLAN_CUSTOMER } });
    phoneAction(ctx, () => customer.offHook(), `off hook at ${PLAN_CUSTOMER}`);
    await until(clock, () => customer.state.tone?.tone === 'InsideDialTone', 2000, signal);
    phoneAction(ctx, () => customer.dial(PLAN_DIALED_NUMBER), `dial at ${PLAN_CUSTOMER}`);
    if (await until(clock, () => states(PLAN_INSTRUMENT).includes('alerting'), 2000, signal)) {
      ctx.record({ kind: 'phone', action: `ring ${PLAN_INSTRUMENT}` });
      if (!(await act('answer', { device: PLAN_INSTRUMENT }))) {
        await until(clock, () => ringsIn(agentPhone), 1000, signal);
        phoneAction(ctx, () => agentPhone.answer(), `answer at ${PLAN_INSTRUMENT}`);
      }
      await until(clock, () => states(PLAN_INSTRUMENT).includes('connected'), 1000, signal);
      await sleep(clock, 100, signal);
      if (!(await act('clear', { device: PLAN_INSTRUMENT })))
        phoneAction(ctx, () => agentPhone.hangup(), `hang up at ${PLAN_INSTRUMENT}`);
    } else ctx.log(`agent ${PLAN_AGENT} got no call (not ready?)`);
    await until(clock, () => states(PLAN_INSTRUMENT).length === 0, 1000, signal);
    if (states(PLAN_CUSTOMER).length > 0 || customer.state.speaker !== 'off')
      phoneAction(ctx, () => customer.hangup(), `hang up at ${PLAN_CUSTOMER}`);
    await until(clock, () => states(PLAN_CUSTOMER).length === 0, 1000, signal);
    // 4. a call the client makes.
    if (await act('make-call', { from: PLAN_INSTRUMENT, to: PLAN_CUSTOMER })) {
      await until(clock, () => states(PLAN_CUSTOMER).includes('alerting'), 1000, signal);
      if (!(await act('clear', { device: PLAN_INSTRUMENT })))
        phoneAction(ctx, () => agentPhone.hangup(), `hang up at ${PLAN_INSTRUMENT}`);
    }
    await until(clock, () => states(PLAN_INSTRUMENT).length === 0, 1000, signal);
    // 5. a request the lab refuses.
    await act('query-agent-state', { agent: UNKNOWN_AGENT });
    await sleep(clock, 500, signal);
    // 6. the heartbeat period: nothing happens for three intervals (or what the run time leaves,
    // keeping 6 s for the failover; a period of two intervals or less is graded inconc).
    const left = deadline - clock.now() - 6000;
    const quiet = Math.max(0, Math.min(3 * H, left));
    if (quiet < 3 * H)
      ctx.log(
        `the heartbeat period is cut to ${quiet} ms (3 heartbeat intervals = ${3 * H} ms): raise the run time or declare a shorter interval`,
      );
    ctx.record({ kind: 'timer', action: 'heartbeat-period', detail: { ms: quiet } });
    await sleep(clock, quiet, signal);
    // 7. the active side dies.
    const failed = pair.active;
    const other = pair.standby;
    ctx.record({
      kind: 'fault',
      action: `fail-side ${failed}`,
      detail: { failed: endpointText(sides[failed]), other: endpointText(sides[other]) },
    });
    await pair.failActive();
    await until(clock, () => pair.sides[other].openSessionCount > 0, 3000, signal);
    await sleep(clock, 200, signal);
    // 8. it comes back as the standby.
    ctx.record({
      kind: 'fault',
      action: `restore-side ${failed}`,
      detail: { restored: endpointText(sides[failed]) },
    });
    await pair.restore();
    await sleep(clock, 1000, signal);
    // 9. the client ends its session.
    await act('close-session', {});
    await sleep(clock, 500, signal);
  }

  return {
    connect,
    serverEndpoints: { sip: [], cti: [sides.A, sides.B] },
    drive,
    async stop() {
      await Promise.allSettled([...phones.values()].map((p) => p.stop()));
      await lab.close();
    },
  };
}
