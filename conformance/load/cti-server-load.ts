// The CTI Server (GED-188) side of a load run on an ACD node: CTI Bridges (All Events sessions)
// and agent workstations (Client Events sessions, one per agent, which logs its agent in and makes
// it Available at its first open), each with QUERY_AGENT_STATE_REQ at its request rate (latency in
// an HDR-style histogram), and every unsolicited message checked against the ground truth: each
// event the ACD's peripheral publishes to its CTI Server is written to an EventLedger (event-
// ledger.ts) for every client it concerns (a bridge: every event but the workstation-only ones; a
// workstation: the events naming its agent or its teleset, and system events — Cisco "CTI
// Planning", "CTI Server Client Application Models"); a client's window is its open session, so an
// event published while a side fails over is not expected (there is no replay, "CTI Server Fault
// Tolerance") and every event after the reopen is (a recovered client). What the server sends of its
// own with each OPEN_CONF (the session's greeting: SYSTEM_EVENT, BEGIN_CALL_EVENTs of calls in
// progress) comes tagged with that OPEN_CONF's MonitorID and is expected once on exactly that
// session, so a greeting message sent twice counts as duplicated. The clients fail over
// between the sides themselves (cti-server-client.ts); the run measures when they reopened.
import { performance } from 'node:perf_hooks';
import { CtiServerClient } from '../../simulators/cti-server/client/cti-server-client.ts';
import type { PeripheralEvent } from '../../simulators/cti-server/server/cti-peripheral.ts';
import {
  AgentState,
  AgentStateMask,
  CallMsgMask,
  type CtiMessage,
  ctiMessage,
  ServiceMask,
} from '../../simulators/cti-server/wire.ts';
import type { Clock, TimerHandle } from '../../simulators/lab/clock.ts';
import { EventLedger, type LedgerCounts } from './event-ledger.ts';
import { LatencyHistogram, type LatencyPercentiles } from './latency-histogram.ts';
import type { CtiServerTarget, LoadAgent } from './load-target.ts';
import type { Scenario } from './scenario-schema.ts';

const ALL_CALL_EVENTS = Object.values(CallMsgMask).reduce((a, b) => a | b, 0);
const ALL_AGENT_EVENTS = Object.values(AgentStateMask).reduce((a, b) => a | b, 0);
const HEARTBEAT_MS = 5_000;

export interface CtiServerLoadResult {
  bridges: number;
  workstations: number;
  requests: number;
  errors: number;
  /** Answers other than the request's CONF, by message name. */
  refusals: Record<string, number>;
  latency: LatencyPercentiles;
  events: LedgerCounts & { received: number; onOpen: number; deliveryLatency: LatencyPercentiles };
  /** Sessions opened in all (first opens + reopens after a side failed). */
  sessionsOpened: number;
}

export interface CtiServerFailover {
  /** Clients whose session was lost within the attribution window of the fault. */
  sessionsEnded: string[];
  /** Fault -> the last of them open again (s); null if one never reopened. */
  reopenSeconds: number | null;
}

interface Client {
  readonly name: string;
  readonly agent: LoadAgent | undefined;
  readonly requestRate: number;
  client: CtiServerClient | undefined;
  opened: number;
  lostAt: number | undefined;
}

/** A stable identity of a GED-188 message for the ledger: every fixed and floating field, in order. */
export function messageKey(m: CtiMessage): string {
  const fixed = Object.entries(m.fixed).map(([k, v]) => `${k}=${String(v)}`);
  // Floating fields tell apart what the fixed ones do not (AgentID, AgentInstrument, device ids).
  const floating = m.floating.map(
    (f) =>
      `${f.name}=${f.value instanceof Uint8Array ? Buffer.from(f.value).toString('hex') : String(f.value)}`,
  );
  return [...fixed, ...floating].join(',');
}

export class CtiServerLoad {
  readonly ledger: EventLedger;
  readonly latency = new LatencyHistogram();
  readonly delivery = new LatencyHistogram();
  /** Latencies of the current sample interval (the caller swaps them). */
  intervalLatency = new LatencyHistogram();
  intervalDelivery = new LatencyHistogram();
  requests = 0;
  errors = 0;
  received = 0;
  /**
   * Messages the server sent of its own with an OPEN_CONF of a client's session (its greeting,
   * tagged with the session's MonitorID: CtiServerTarget.greetings); each is expected on that
   * session once, in the ledger with the peripheral's events.
   */
  onOpen = 0;
  private readonly refusals: Record<string, number> = {};
  private readonly clients: Client[] = [];
  private readonly timers: TimerHandle[] = [];
  private readonly unsubscribe: Array<() => void> = [];
  /** The sessions the clients opened, by the MonitorID of their OPEN_CONF, and when. */
  private readonly sessions = new Map<number, { client: Client; openedAt: number }>();
  /** Greetings of a MonitorID no client has seen the OPEN_CONF of yet. */
  private readonly unclaimed = new Map<number, CtiMessage[]>();
  private stopping = false;
  /** Session losses: when, and which client (fault attribution). */
  readonly losses: Array<{ t: number; name: string }> = [];
  readonly opens: Array<{ t: number; name: string }> = [];

  constructor(
    private readonly target: CtiServerTarget,
    scenario: Scenario,
    private readonly clock: Clock,
    private readonly step: (line: string) => void,
    /**
     * Where a window lost at `t` closes: at the fault that caused the loss (the side died then;
     * an event published between its death and the client noticing it cannot arrive), else `t`.
     */
    private readonly closeAt: (t: number) => number = (t) => t,
  ) {
    // On the process runtime the peripheral's events cross a pipe: a client may see one first.
    this.ledger = new EventLedger({
      lateEmissions: target.lateEmissions === true,
      onLateMatch: (ms) => {
        this.delivery.record(ms);
        this.intervalDelivery.record(ms);
      },
    });
    const spec = scenario.cti.ctiServer;
    for (const b of spec?.bridges ?? [])
      this.clients.push({
        name: b.name,
        agent: undefined,
        requestRate: b.requestRate,
        client: undefined,
        opened: 0,
        lostAt: undefined,
      });
    const ws = spec?.workstations;
    for (const agent of target.agents.slice(0, ws?.count ?? 0))
      this.clients.push({
        name: `ws-${agent.id}`,
        agent,
        requestRate: ws?.requestRate ?? 0,
        client: undefined,
        opened: 0,
        lostAt: undefined,
      });
  }

  get sessionsOpen(): number {
    return this.clients.filter((c) => c.client?.isOpen === true).length;
  }

  /** Subscribes to the ground truth, opens every session, logs the workstations' agents in. */
  async start(): Promise<void> {
    this.unsubscribe.push(
      this.target.subscribe((e, t) => this.published(e, t)),
      this.target.greetings((monitorID, m) => this.greeted(monitorID, m)),
    );
    await Promise.all(this.clients.map((c) => this.open(c)));
    await Promise.all(
      this.clients
        .filter((c) => c.agent !== undefined)
        .map(async (c) => {
          const agent = c.agent!;
          for (const state of [AgentState.LOGIN, AgentState.AVAILABLE])
            await this.timed(
              c,
              ctiMessage(
                'SET_AGENT_STATE_REQ',
                { PeripheralID: this.target.peripheralId, AgentState: state },
                [
                  { name: 'AgentInstrument', value: agent.extension },
                  { name: 'AgentID', value: agent.id },
                  ...(state === AgentState.LOGIN ? [{ name: 'AgentPassword', value: `${agent.id}-pw` }] : []),
                ],
              ),
              'SET_AGENT_STATE_CONF',
            );
        }),
    );
  }

  /** QUERY_AGENT_STATE_REQ at each client's rate (a bridge: the agents round-robin). */
  startRequests(): void {
    const agents = this.target.agents;
    for (const c of this.clients) {
      if (c.requestRate <= 0 || agents.length === 0) continue;
      let next = 0;
      this.timers.push(
        this.clock.setInterval(() => {
          if (c.client?.isOpen !== true) return;
          const agent = c.agent ?? agents[next++ % agents.length]!;
          void this.timed(
            c,
            ctiMessage('QUERY_AGENT_STATE_REQ', { PeripheralID: this.target.peripheralId }, [
              { name: 'AgentID', value: agent.id },
            ]),
            'QUERY_AGENT_STATE_CONF',
          );
        }, 1000 / c.requestRate),
      );
    }
  }

  /** The sessions lost at or after `at` (ms, clock) within `windowMs`, and when they reopened. */
  failover(at: number, windowMs: number): CtiServerFailover {
    const ended = [
      ...new Set(this.losses.filter((l) => l.t >= at && l.t - at <= windowMs).map((l) => l.name)),
    ];
    let last: number | null = 0;
    for (const name of ended) {
      const reopen = this.opens.find((o) => o.name === name && o.t >= at);
      if (reopen === undefined) last = null;
      else if (last !== null) last = Math.max(last, reopen.t - at);
    }
    return {
      sessionsEnded: ended,
      reopenSeconds: ended.length === 0 || last === null ? null : Math.round(last) / 1000,
    };
  }

  /** Closes every window at `t` (the traffic went quiet). */
  closeWindows(t: number): void {
    for (const c of this.clients) this.ledger.close(c.name, t);
  }

  stopRequests(): void {
    for (const t of this.timers) t.cancel();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.stopRequests();
    for (const off of this.unsubscribe.splice(0)) off();
    await Promise.allSettled(this.clients.map((c) => c.client?.close()));
  }

  result(): CtiServerLoadResult {
    return {
      bridges: this.clients.filter((c) => c.agent === undefined).length,
      workstations: this.clients.filter((c) => c.agent !== undefined).length,
      requests: this.requests,
      errors: this.errors,
      refusals: { ...this.refusals },
      latency: this.latency.summary(),
      events: {
        ...this.ledger.counts(),
        received: this.received,
        onOpen: this.onOpen,
        deliveryLatency: this.delivery.summary(),
      },
      sessionsOpened: this.clients.reduce((a, c) => a + c.opened, 0),
    };
  }

  private async open(c: Client): Promise<void> {
    const bridge = c.agent === undefined;
    c.client = await CtiServerClient.connect({
      sides: this.target.sides(),
      clientID: bridge ? this.target.bridge.clientId : `load-${c.name}`,
      password: bridge ? this.target.bridge.password : '',
      services: (bridge ? ServiceMask.ALL_EVENTS : ServiceMask.CLIENT_EVENTS) | ServiceMask.CLIENT_CONTROL,
      callMsgMask: ALL_CALL_EVENTS,
      agentStateMask: ALL_AGENT_EVENTS,
      ...(c.agent === undefined
        ? {}
        : {
            peripheralID: this.target.peripheralId,
            agentID: c.agent.id,
            agentExtension: c.agent.extension,
            agentInstrument: c.agent.extension,
          }),
      heartbeatIntervalMs: HEARTBEAT_MS,
      clock: this.clock,
      // A failed side: the other at once; then alternate every 250 ms, not the guide's 5 s.
      openFailureWaitMs: 250,
      maxOpenAttempts: 8,
      onEvent: (m) => this.receivedMessage(c, m),
      onSession: (open, conf) => {
        const t = this.clock.now();
        if (open) {
          c.opened++;
          this.ledger.open(c.name, t, c.opened > 1);
          // What the server sent of its own with this OPEN_CONF (the SYSTEM_EVENT of an All Events
          // session, a workstation's BEGIN_CALL_EVENT per call in progress) is expected on this
          // session, once: the greetings tagged with its MonitorID, come or to come.
          const monitorID = conf?.fixed.MonitorID;
          if (typeof monitorID === 'number') {
            this.sessions.set(monitorID, { client: c, openedAt: t });
            for (const m of this.unclaimed.get(monitorID) ?? []) this.greeted(monitorID, m);
            this.unclaimed.delete(monitorID);
          }
          if (c.opened > 1) {
            this.opens.push({ t, name: c.name });
            this.step(`${c.name}: CTI session reopened on side ${this.target.active()}`);
          }
        } else if (!this.stopping) {
          this.ledger.close(c.name, this.closeAt(t));
          this.losses.push({ t, name: c.name });
        }
      },
    });
  }

  /**
   * A greeting message of the session with MonitorID `monitorID`: expected on the client that
   * opened it, as sent when it opened (its window's start; the server sends it right after
   * OPEN_CONF). Before that client has seen its OPEN_CONF it waits; a MonitorID of no client of
   * the run (another client of the lab) stays unclaimed.
   */
  private greeted(monitorID: number, m: CtiMessage): void {
    const session = this.sessions.get(monitorID);
    if (session === undefined) {
      this.unclaimed.set(monitorID, [...(this.unclaimed.get(monitorID) ?? []), m]);
      return;
    }
    this.onOpen++;
    this.ledger.emitted(session.client.name, m.name, messageKey(m), session.openedAt);
  }

  private published(e: PeripheralEvent, emittedAt?: number): void {
    const t = emittedAt ?? this.clock.now();
    for (const c of this.clients) {
      if (!concerns(c.agent, e)) continue;
      this.ledger.emitted(c.name, e.message.name, messageKey(e.message), t);
    }
  }

  private receivedMessage(c: Client, m: CtiMessage): void {
    this.received++;
    // A greeting and a peripheral event may be the same message (an on-open BEGIN_CALL_EVENT and
    // the published one of the same call): both are emissions of its key, one receipt each.
    const ms = this.ledger.received(c.name, m.name, messageKey(m), this.clock.now());
    if (ms !== undefined) {
      this.delivery.record(ms);
      this.intervalDelivery.record(ms);
    }
  }

  private async timed(c: Client, request: CtiMessage, conf: string): Promise<void> {
    const client = c.client;
    if (client === undefined) return;
    const t = performance.now();
    this.requests++;
    try {
      const answer = await client.request(request);
      const ms = performance.now() - t;
      this.latency.record(ms);
      this.intervalLatency.record(ms);
      if (answer.name !== conf) {
        this.errors++;
        const why = `${answer.name}${typeof answer.fixed.Status === 'number' ? ` ${answer.fixed.Status}` : ''}`;
        this.refusals[why] = (this.refusals[why] ?? 0) + 1;
      }
    } catch {
      this.errors++;
      this.refusals['no answer (session lost)'] = (this.refusals['no answer (session lost)'] ?? 0) + 1;
    }
  }
}

/** Is a session of this client (a bridge: no agent) sent the event, masks all on? */
function concerns(agent: LoadAgent | undefined, e: PeripheralEvent): boolean {
  if (e.kind === 'system') return true;
  if (agent === undefined) return e.clientEventsOnly !== true;
  return (e.agentIDs ?? []).includes(agent.id) || (e.devices ?? []).includes(agent.extension);
}
