// One simulated ACD peripheral (a PG's peripheral, "CTI Planning", UCCE CTI planning guide): its agents and their
// states, its skill groups with their queues, the calls on it with their call data, and the
// termination call detail records. Pure and synchronous on the injected Clock; every refusal is a
// Result carrying the CTI Server's own code (acd-codes.ts). Routing: a call to a dialed number
// queues to its skill group; the agent of that group longest in AVAILABLE (by the clock) is
// reserved and offered the call; with none available the call waits, first in first out, until
// one becomes available.
import type { Clock, TimerHandle } from '../lab/clock.ts';
import type { ObservationStream } from '../lab/observation.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import {
  type AgentStateName,
  CALL_TYPE,
  type CallTypeName,
  CONTROL_FAILURE,
  type ControlFailureCode,
} from './acd-codes.ts';
import type {
  AcdEvent,
  AcdEventListener,
  CallDisposition,
  SkillGroupRef,
  SkillGroupState,
  TerminationCallDetail,
} from './acd-events.ts';
import type { AgentSpec, PeripheralSpec, SkillGroupSpec } from './acd-spec.ts';
import {
  type AgentRequest,
  type AgentStatus,
  agentTransition,
  isOnCall,
  LOGGED_OUT,
  type NextState,
} from './agent-state-machine.ts';
import {
  applyCallDataUpdate,
  type CallData,
  type CallDataUpdate,
  type CallStatusCode,
  checkWrapUpData,
  emptyCallData,
} from './call-data.ts';

export type AcdCallState = 'queued' | 'offered' | 'connected' | 'ended';

/** A call as the ACD knows it. */
export interface AcdCall {
  readonly id: number;
  readonly peripheralId: number;
  readonly callType: CallTypeName;
  /** The configured call type of the call's dialed number (ICM call type id), if any. */
  readonly callTypeId: number | undefined;
  readonly dialedNumber: string;
  readonly skillGroup: SkillGroupRef | undefined;
  readonly state: AcdCallState;
  readonly agentId: string | undefined;
  readonly data: CallData;
  readonly wrapUpData: string;
  readonly arrivedAt: number;
  readonly queuedAt: number | undefined;
  readonly offeredAt: number | undefined;
  readonly answeredAt: number | undefined;
  readonly endedAt: number | undefined;
  /** Every change of the call's data, in order (the call's history; survives CTI sessions). */
  readonly dataHistory: readonly { readonly time: number; readonly data: CallData }[];
}

export interface AgentSnapshot {
  readonly id: string;
  readonly extension: string;
  readonly state: AgentStateName;
  readonly reasonCode: number;
  readonly next: NextState | undefined;
  readonly stateSince: number;
  readonly stateDurationMs: number;
  /** When the agent last became AVAILABLE (undefined unless AVAILABLE now). */
  readonly availableSince: number | undefined;
  readonly skillGroups: readonly SkillGroupState[];
  /** The ACD call the agent is reserved for, talking on or wrapping up. */
  readonly callId: number | undefined;
}

/** A call arriving at the peripheral (from the network, a phone, or a translation route). */
export interface CallArrival {
  readonly dialedNumber: string;
  readonly ani?: string;
  readonly dnis?: string;
  readonly callerEnteredDigits?: string;
  /** Call data that came with the call (a pre-route or a translation route), else fresh. */
  readonly data?: CallData;
  readonly callType?: CallTypeName;
}

export interface QueueEntry {
  readonly callId: number;
  readonly position: number;
  readonly waitMs: number;
}

interface AgentRecord {
  readonly spec: AgentSpec;
  status: AgentStatus;
  stateSince: number;
  availableSince: number | undefined;
  /** The ACD call reserved for, on, or wrapping up. */
  callId: number | undefined;
  wrapUpTimer: TimerHandle | undefined;
  ringTimer: TimerHandle | undefined;
  /** Names of the skill groups the agent logged in to. */
  groups: ReadonlySet<string>;
}

interface CallRecord {
  readonly id: number;
  readonly callType: CallTypeName;
  readonly callTypeId: number | undefined;
  readonly dialedNumber: string;
  readonly group: SkillGroupSpec | undefined;
  state: AcdCallState;
  agentId: string | undefined;
  data: CallData;
  wrapUpData: string;
  readonly arrivedAt: number;
  queuedAt: number | undefined;
  offeredAt: number | undefined;
  answeredAt: number | undefined;
  endedAt: number | undefined;
  /** Set when the call ends for its TCD (written then, or when the agent's wrap-up ends). */
  disposition: CallDisposition | undefined;
  readonly dataHistory: { time: number; data: CallData }[];
}

export interface AcdPeripheralOptions {
  readonly clock: Clock;
  /** First call id (ConnectionCallID) of the peripheral; default 1. */
  readonly firstCallId?: number;
  /**
   * Where every ACD event is also published as a state observation (source `acd-<PeripheralID>`,
   * topic = the event type), for captures, reports and step assertions.
   */
  readonly observations?: ObservationStream;
}

export class AcdPeripheral {
  readonly id: number;
  readonly spec: PeripheralSpec;
  private readonly clock: Clock;
  private readonly observations: ObservationStream | undefined;
  private readonly agents = new Map<string, AgentRecord>();
  private readonly groups = new Map<string, SkillGroupSpec>();
  private readonly calls = new Map<number, CallRecord>();
  /** Queued call ids per skill group name, oldest first. */
  private readonly queues = new Map<string, number[]>();
  private readonly records: TerminationCallDetail[] = [];
  /** What each agent extension's phone last reported, logged in or not. */
  private readonly phones = new Map<string, 'talking' | 'held' | 'idle'>();
  private readonly listeners = new Set<AcdEventListener>();
  private readonly pending: AcdEvent[] = [];
  private flushing = false;
  private nextCallId: number;

  constructor(spec: PeripheralSpec, options: AcdPeripheralOptions) {
    this.id = spec.id;
    this.spec = spec;
    this.clock = options.clock;
    this.observations = options.observations;
    this.nextCallId = options.firstCallId ?? 1;
    const now = this.clock.now();
    for (const agent of spec.agents)
      this.agents.set(agent.id, {
        spec: agent,
        status: LOGGED_OUT,
        stateSince: now,
        availableSince: undefined,
        callId: undefined,
        wrapUpTimer: undefined,
        ringTimer: undefined,
        groups: new Set(),
      });
    for (const group of spec.skillGroups) {
      this.groups.set(group.name, group);
      this.queues.set(group.name, []);
    }
  }

  on(listener: AcdEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  // ---------------------------------------------------------------- agents

  hasAgent(agentId: string): boolean {
    return this.agents.has(agentId);
  }

  agentIds(): string[] {
    return [...this.agents.keys()];
  }

  /** The agent logged in (or configured) on an extension. */
  agentOnExtension(extension: string): string | undefined {
    for (const a of this.agents.values()) if (a.spec.extension === extension) return a.spec.id;
    return undefined;
  }

  agent(agentId: string): AgentSnapshot {
    const a = this.mustAgent(agentId);
    const now = this.clock.now();
    return {
      id: a.spec.id,
      extension: a.spec.extension,
      state: a.status.state,
      reasonCode: a.status.reasonCode,
      next: a.status.next,
      stateSince: a.stateSince,
      stateDurationMs: now - a.stateSince,
      availableSince: a.status.state === 'AVAILABLE' ? a.availableSince : undefined,
      skillGroups: this.groupStates(a),
      callId: a.callId,
    };
  }

  /**
   * SET_AGENT_STATE_REQ with AgentState LOGIN: agent ID and password checked (INVALID_AGENT_ID,
   * INVALID_PASSWORD), the instrument (if given) must be the agent's (INVALID_LOGON_DEVICE).
   * `skillGroups` (the request's SkillGroupNumbers; absent or empty = all the agent's groups) must
   * be groups the agent is a member of (INVALID_SKILL_GROUP); the agent is routed calls of those
   * only until it logs out.
   */
  login(
    agentId: string,
    password: string,
    instrument?: string,
    skillGroups?: readonly number[],
  ): Result<void, ControlFailureCode> {
    const a = this.agents.get(agentId);
    if (a === undefined)
      return refused(CONTROL_FAILURE.INVALID_AGENT_ID, `no agent ${agentId} on peripheral ${this.id}`);
    if (a.spec.password !== password)
      return refused(CONTROL_FAILURE.INVALID_PASSWORD, `wrong password for agent ${agentId}`);
    if (instrument !== undefined && instrument !== '' && instrument !== a.spec.extension)
      return refused(
        CONTROL_FAILURE.INVALID_LOGON_DEVICE,
        `agent ${agentId} logs in on ${a.spec.extension}, not ${instrument}`,
      );
    const member = this.spec.skillGroups.filter((g) => g.members.includes(agentId));
    const wanted =
      skillGroups === undefined || skillGroups.length === 0 ? member.map((g) => g.number) : skillGroups;
    const unknown = wanted.find((n) => !member.some((g) => g.number === n));
    if (unknown !== undefined)
      return refused(
        CONTROL_FAILURE.INVALID_SKILL_GROUP,
        `agent ${agentId} is not a member of skill group number ${unknown}`,
      );
    if (a.status.state === 'LOGOUT')
      a.groups = new Set(member.filter((g) => wanted.includes(g.number)).map((g) => g.name));
    const done = this.apply(a, { kind: 'login' });
    if (!done.ok) return done;
    // An agent who logs in while the phone is busy is on that call (TALKING / HOLD), not idle.
    this.syncPhone(a);
    return done;
  }

  /** SET_AGENT_STATE_REQ with any other state (LOGOUT, NOT_READY, AVAILABLE, WORK_*). */
  setAgentState(agentId: string, state: AgentStateName, reasonCode = 0): Result<void, ControlFailureCode> {
    const a = this.agents.get(agentId);
    if (a === undefined)
      return refused(CONTROL_FAILURE.INVALID_AGENT_ID, `no agent ${agentId} on peripheral ${this.id}`);
    if (state === 'LOGIN')
      return refused(CONTROL_FAILURE.VALUE_OUT_OF_RANGE, 'LOGIN needs the password: use login');
    return this.apply(a, { kind: 'set', state, reasonCode });
  }

  /**
   * What the agent's phone does, for the agent's state: `talking` (a call connected), `held`
   * (every call on hold), `idle` (no call left). The ACD call the agent was offered moves with
   * {@link answer} / {@link callEnded}; this covers every other call of the agent's phone.
   */
  phoneActivity(extension: string, activity: 'talking' | 'held' | 'idle'): void {
    const agentId = this.agentOnExtension(extension);
    if (agentId === undefined) return;
    this.phones.set(extension, activity);
    const a = this.mustAgent(agentId);
    if (a.status.state === 'LOGOUT') return;
    const request: AgentRequest =
      activity === 'talking'
        ? { kind: 'answer', acd: false }
        : activity === 'held'
          ? { kind: 'hold' }
          : { kind: 'callEnded' };
    if (activity === 'talking' && a.status.state === 'TALKING') return;
    if (activity === 'held' && a.status.state !== 'TALKING') return;
    // A reserved agent's state follows the offered call (answer / callEnded), not other calls.
    if (a.status.state === 'RESERVED') return;
    this.apply(a, request);
  }

  // ---------------------------------------------------------------- calls

  /**
   * A call arrives for a dialed number: it is offered at once to the longest-available agent of
   * the number's skill group, or queued. INVALID_DESTINATION when no dialed number matches.
   */
  callArrived(arrival: CallArrival): Result<AcdCall, ControlFailureCode> {
    const dn = this.spec.dialedNumbers.find((d) => d.number === arrival.dialedNumber);
    if (dn === undefined)
      return refused(
        CONTROL_FAILURE.INVALID_DESTINATION,
        `no dialed number ${arrival.dialedNumber} on peripheral ${this.id}`,
      );
    const group = this.groups.get(dn.skillGroup);
    const now = this.clock.now();
    const base =
      arrival.data ??
      emptyCallData({
        ani: arrival.ani ?? '',
        dnis: arrival.dnis ?? arrival.dialedNumber,
        dialedNumber: arrival.dialedNumber,
        callerEnteredDigits: arrival.callerEnteredDigits ?? '',
      });
    const data: CallData = {
      ...base,
      dialedNumber: arrival.dialedNumber,
      dnis: arrival.dnis ?? base.dnis ?? arrival.dialedNumber,
    };
    const call: CallRecord = {
      id: this.nextCallId++,
      callType: arrival.callType ?? 'ACD_IN',
      callTypeId: this.spec.callTypes.find((t) => t.name === dn.callType)?.id,
      dialedNumber: arrival.dialedNumber,
      group,
      state: 'queued',
      agentId: undefined,
      data,
      wrapUpData: '',
      arrivedAt: now,
      queuedAt: undefined,
      offeredAt: undefined,
      answeredAt: undefined,
      endedAt: undefined,
      disposition: undefined,
      dataHistory: [{ time: now, data }],
    };
    this.calls.set(call.id, call);
    this.run(() => {
      const agent = group === undefined ? undefined : this.longestAvailable(group);
      if (agent !== undefined && group !== undefined) this.offer(call, agent);
      else this.enqueue(call);
    });
    return ok(this.view(call));
  }

  /** The agent answered the call it was offered (on its phone or by ANSWER_CALL_REQ). */
  answer(callId: number): Result<void, ControlFailureCode> {
    const call = this.calls.get(callId);
    if (call === undefined) return refused(CONTROL_FAILURE.INVALID_CALL_ID, `no call ${callId}`);
    if (call.state !== 'offered' || call.agentId === undefined)
      return refused(CONTROL_FAILURE.NO_CALL_TO_ANSWER, `call ${callId} is ${call.state}, not offered`);
    const a = this.mustAgent(call.agentId);
    a.ringTimer?.cancel();
    a.ringTimer = undefined;
    call.state = 'connected';
    call.answeredAt = this.clock.now();
    this.apply(a, { kind: 'answer', acd: true });
    return ok();
  }

  /**
   * Redirection on No Answer (Unified CCE): the offered call was not answered (its ring time ran
   * out, or the agent's phone could not be reached). The call goes back to its queue in its first
   * place (FIFO by when it first queued) and the agent is made Not Ready (reason 32767); another
   * available agent is then offered it.
   */
  ringNoAnswer(callId: number): Result<void, ControlFailureCode> {
    const call = this.calls.get(callId);
    if (call === undefined) return refused(CONTROL_FAILURE.INVALID_CALL_ID, `no call ${callId}`);
    if (call.state !== 'offered' || call.agentId === undefined)
      return refused(CONTROL_FAILURE.INVALID_OBJECT_STATE, `call ${callId} is ${call.state}, not offered`);
    const a = this.mustAgent(call.agentId);
    a.ringTimer?.cancel();
    a.ringTimer = undefined;
    a.callId = undefined;
    call.state = 'queued';
    call.agentId = undefined;
    call.offeredAt = undefined;
    this.run(() => {
      this.enqueue(call, call.queuedAt ?? call.arrivedAt);
      this.apply(a, { kind: 'noAnswer' });
    });
    return ok();
  }

  /**
   * The call ended (caller or agent released, or it left the peripheral). Queued: abandoned in
   * queue; offered: the agent goes back to AVAILABLE (or its next state); connected: the agent
   * goes to wrap-up, and the TCD is written when wrap-up ends.
   */
  callEnded(callId: number, disposition?: CallDisposition): Result<void, ControlFailureCode> {
    const call = this.calls.get(callId);
    if (call === undefined || call.state === 'ended')
      return refused(CONTROL_FAILURE.INVALID_CALL_ID, `no call ${callId}`);
    const was = call.state;
    call.state = 'ended';
    call.endedAt = this.clock.now();
    call.disposition = disposition;
    this.run(() => {
      this.emit({ type: 'callEnded', time: this.clock.now(), peripheralId: this.id, callId });
      if (was === 'queued') {
        this.dequeue(call, 'abandoned');
        this.writeRecord(call, disposition ?? 'abandonedInQueue');
        return;
      }
      const a = call.agentId === undefined ? undefined : this.agents.get(call.agentId);
      if (a === undefined) return;
      const ring = was === 'offered';
      if (ring) {
        a.ringTimer?.cancel();
        a.ringTimer = undefined;
      }
      if (a.callId === call.id && isOnCall(a.status.state)) this.apply(a, { kind: 'callEnded' });
      if (ring || a.callId !== call.id || !isWork(a.status.state)) {
        if (a.callId === call.id) a.callId = undefined;
        this.writeRecord(call, disposition ?? (ring ? 'abandonedRing' : 'handled'));
      }
    });
    return ok();
  }

  hasCall(callId: number): boolean {
    return this.calls.has(callId);
  }

  call(callId: number): AcdCall | undefined {
    const call = this.calls.get(callId);
    return call === undefined ? undefined : this.view(call);
  }

  /** Calls not yet ended, oldest first. */
  activeCalls(): AcdCall[] {
    return [...this.calls.values()].filter((c) => c.state !== 'ended').map((c) => this.view(c));
  }

  /** SET_CALL_DATA_REQ: the data changes for the rest of the call's life. */
  setCallData(callId: number, update: CallDataUpdate): Result<CallData, CallStatusCode> {
    const call = this.calls.get(callId);
    if (call === undefined || call.state === 'ended') return refused(13, `no call ${callId}`);
    const next = applyCallDataUpdate(call.data, update);
    if (!next.ok) return next;
    call.data = next.value;
    const time = this.clock.now();
    call.dataHistory.push({ time, data: next.value });
    this.run(() =>
      this.emit({ type: 'callDataUpdate', time, peripheralId: this.id, callId, data: next.value }),
    );
    return ok(next.value);
  }

  /** Wrap-up data for the call (CallWrapupData), while talking or in wrap-up; goes to its TCD. */
  setWrapUpData(callId: number, text: string): Result<void, CallStatusCode | ControlFailureCode> {
    const call = this.calls.get(callId);
    if (call === undefined) return refused(13, `no call ${callId}`);
    const checked = checkWrapUpData(text);
    if (!checked.ok) return checked;
    const a = call.agentId === undefined ? undefined : this.agents.get(call.agentId);
    if (a === undefined || a.callId !== call.id)
      return refused(
        CONTROL_FAILURE.AGENT_NOT_PARTY_ON_CALL,
        `call ${callId} has no agent on it or wrapping it up`,
      );
    call.wrapUpData = text;
    return this.apply(a, { kind: 'wrapUpData' });
  }

  /** A skill group's queue, head first, with each call's wait so far. */
  queue(skillGroup: string): QueueEntry[] {
    const now = this.clock.now();
    return (this.queues.get(skillGroup) ?? []).map((callId, i) => ({
      callId,
      position: i + 1,
      waitMs: now - (this.calls.get(callId)?.queuedAt ?? now),
    }));
  }

  /** The termination call detail records written so far, oldest first. */
  terminationRecords(): readonly TerminationCallDetail[] {
    return [...this.records];
  }

  // ---------------------------------------------------------------- internals

  private mustAgent(agentId: string): AgentRecord {
    const a = this.agents.get(agentId);
    if (a === undefined) throw new Error(`no agent ${agentId} on peripheral ${this.id}`);
    return a;
  }

  private apply(a: AgentRecord, request: AgentRequest): Result<void, ControlFailureCode> {
    const outcome = agentTransition(a.status, request, this.spec.agentRules);
    if (!outcome.ok) return outcome;
    this.run(() => {
      const before = a.status;
      a.status = outcome.value.status;
      let previous = before.state;
      for (const state of outcome.value.entered) {
        this.entered(a, state, previous);
        previous = state;
      }
      if (before.state !== a.status.state && isWork(before.state) && !isWork(a.status.state))
        this.wrapUpEnded(a);
      if (a.status.state === 'LOGOUT') this.wrapUpEnded(a);
      // Leaving RESERVED without the offered call: the phone may be busy with another call.
      if (before.state === 'RESERVED' && !isOnCall(a.status.state)) this.syncPhone(a);
    });
    return ok();
  }

  private entered(a: AgentRecord, state: AgentStateName, previous: AgentStateName): void {
    const now = this.clock.now();
    const duration = now - a.stateSince;
    a.stateSince = now;
    a.wrapUpTimer?.cancel();
    a.wrapUpTimer = undefined;
    if (state === 'AVAILABLE') a.availableSince = now;
    else a.availableSince = undefined;
    const rules = this.spec.agentRules;
    if ((state === 'WORK_READY' || state === 'WORK_NOT_READY') && rules.wrapUpTimeS > 0) {
      a.wrapUpTimer = this.clock.setTimeout(() => {
        a.wrapUpTimer = undefined;
        this.apply(a, { kind: 'wrapUpTimeout' });
      }, rules.wrapUpTimeS * 1000);
    }
    this.emit({
      type: 'agentState',
      time: now,
      peripheralId: this.id,
      agentId: a.spec.id,
      extension: a.spec.extension,
      state,
      previous,
      reasonCode: state === a.status.state ? a.status.reasonCode : 0,
      skillGroups: this.groupStates(a, state),
      previousStateDurationMs: duration,
    });
  }

  /** A logged-in agent not on a call whose phone is busy is on that call: TALKING, or HOLD. */
  private syncPhone(a: AgentRecord): void {
    if (a.status.state === 'LOGOUT' || isOnCall(a.status.state)) return;
    const phone = this.phones.get(a.spec.extension) ?? 'idle';
    if (phone === 'idle') return;
    this.apply(a, { kind: 'answer', acd: false });
    if (phone === 'held') this.apply(a, { kind: 'hold' });
  }

  /** The agent left wrap-up (or logged out): the wrapped-up call's TCD is written. */
  private wrapUpEnded(a: AgentRecord): void {
    const callId = a.callId;
    if (callId === undefined) return;
    const call = this.calls.get(callId);
    a.callId = undefined;
    // A call that goes on without the agent (transferred on, say) gets its TCD when it ends.
    if (call === undefined || call.state !== 'ended') return;
    this.writeRecord(call, call.disposition ?? 'handled');
  }

  private groupStates(a: AgentRecord, state: AgentStateName = a.status.state): SkillGroupState[] {
    const call = a.callId === undefined ? undefined : this.calls.get(a.callId);
    return this.spec.skillGroups
      .filter((g) => (a.status.state === 'LOGOUT' ? g.members.includes(a.spec.id) : a.groups.has(g.name)))
      .map((g) => ({
        ...ref(g),
        state:
          (state === 'TALKING' || state === 'HOLD' || state === 'RESERVED') &&
          call?.group !== undefined &&
          call.group.name !== g.name
            ? 'BUSY_OTHER'
            : state,
      }));
  }

  /** The group's AVAILABLE agent with the earliest availableSince; ties go to configuration order. */
  private longestAvailable(group: SkillGroupSpec): AgentRecord | undefined {
    let best: AgentRecord | undefined;
    for (const id of group.members) {
      const a = this.agents.get(id);
      if (a === undefined || a.status.state !== 'AVAILABLE' || a.availableSince === undefined) continue;
      if (!a.groups.has(group.name)) continue;
      if (best === undefined || a.availableSince < (best.availableSince ?? Infinity)) best = a;
    }
    return best;
  }

  private enqueue(call: CallRecord, since = this.clock.now()): void {
    call.queuedAt = since;
    if (call.group === undefined) return;
    const queue = this.queues.get(call.group.name) ?? [];
    // First in, first out by when each call first queued (a redirected call keeps its place).
    const at = queue.findIndex((id) => {
      const other = this.calls.get(id);
      return (
        other !== undefined &&
        ((other.queuedAt ?? 0) > since || ((other.queuedAt ?? 0) === since && other.id > call.id))
      );
    });
    if (at < 0) queue.push(call.id);
    else queue.splice(at, 0, call.id);
    const position = queue.indexOf(call.id) + 1;
    this.emit({
      type: 'callQueued',
      time: this.clock.now(),
      peripheralId: this.id,
      callId: call.id,
      skillGroup: ref(call.group),
      position,
      queueLength: queue.length,
    });
  }

  private dequeue(call: CallRecord, why: 'offered' | 'abandoned'): void {
    if (call.group === undefined) return;
    const queue = this.queues.get(call.group.name) ?? [];
    const i = queue.indexOf(call.id);
    if (i < 0) return;
    queue.splice(i, 1);
    const now = this.clock.now();
    this.emit({
      type: 'callDequeued',
      time: now,
      peripheralId: this.id,
      callId: call.id,
      skillGroup: ref(call.group),
      waitMs: now - (call.queuedAt ?? now),
      why,
    });
  }

  private offer(call: CallRecord, a: AgentRecord): void {
    const group = call.group;
    if (group === undefined) return;
    const now = this.clock.now();
    if (call.queuedAt !== undefined) this.dequeue(call, 'offered');
    call.state = 'offered';
    call.agentId = a.spec.id;
    call.offeredAt = now;
    a.callId = call.id;
    const reserved = agentTransition(a.status, { kind: 'reserve' }, this.spec.agentRules);
    if (!reserved.ok)
      throw new Error(`offered call ${call.id} to agent ${a.spec.id} in ${a.status.state} (a bug)`);
    const previous = a.status.state;
    a.status = reserved.value.status;
    this.emit({
      type: 'callOffered',
      time: now,
      peripheralId: this.id,
      callId: call.id,
      agentId: a.spec.id,
      extension: a.spec.extension,
      skillGroup: ref(group),
      waitMs: now - call.arrivedAt,
    });
    for (const state of reserved.value.entered) this.entered(a, state, previous);
    const ringS = this.spec.agentRules.ringNoAnswerS;
    if (ringS > 0)
      a.ringTimer = this.clock.setTimeout(() => {
        a.ringTimer = undefined;
        this.ringNoAnswer(call.id);
      }, ringS * 1000);
  }

  /** Offers queued calls, oldest first, while their groups have an available agent. */
  private dispatch(): void {
    const waiting = [...this.calls.values()]
      .filter((c) => c.state === 'queued' && c.group !== undefined)
      .sort((x, y) => (x.queuedAt ?? 0) - (y.queuedAt ?? 0) || x.id - y.id);
    for (const call of waiting) {
      const group = call.group;
      if (group === undefined) continue;
      const agent = this.longestAvailable(group);
      if (agent !== undefined) this.offer(call, agent);
    }
  }

  private writeRecord(call: CallRecord, disposition: CallDisposition): void {
    const now = this.clock.now();
    const ended = call.endedAt ?? now;
    const record: TerminationCallDetail = {
      peripheralId: this.id,
      callId: call.id,
      callType: call.callType,
      callTypeId: call.callTypeId,
      dialedNumber: call.dialedNumber,
      skillGroup: call.group === undefined ? undefined : ref(call.group),
      agentId: call.agentId,
      disposition,
      data: call.data,
      wrapUpData: call.wrapUpData,
      arrivedAt: call.arrivedAt,
      offeredAt: call.offeredAt,
      answeredAt: call.answeredAt,
      endedAt: ended,
      writtenAt: now,
      queueTimeMs: (call.offeredAt ?? ended) - (call.queuedAt ?? call.offeredAt ?? ended),
      ringTimeMs: call.offeredAt === undefined ? 0 : (call.answeredAt ?? ended) - call.offeredAt,
      talkTimeMs: call.answeredAt === undefined ? 0 : ended - call.answeredAt,
      workTimeMs: call.answeredAt === undefined ? 0 : now - ended,
    };
    this.records.push(record);
    this.emit({ type: 'tcd', time: now, record });
  }

  private view(call: CallRecord): AcdCall {
    return {
      id: call.id,
      peripheralId: this.id,
      callType: call.callType,
      callTypeId: call.callTypeId,
      dialedNumber: call.dialedNumber,
      skillGroup: call.group === undefined ? undefined : ref(call.group),
      state: call.state,
      agentId: call.agentId,
      data: call.data,
      wrapUpData: call.wrapUpData,
      arrivedAt: call.arrivedAt,
      queuedAt: call.queuedAt,
      offeredAt: call.offeredAt,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      dataHistory: [...call.dataHistory],
    };
  }

  private emit(event: AcdEvent): void {
    this.pending.push(event);
  }

  /** Runs a change, then offers queued calls, then delivers the events (listeners may call in). */
  private run(fn: () => void): void {
    fn();
    this.dispatch();
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let e = this.pending.shift(); e !== undefined; e = this.pending.shift()) {
        this.observations?.publish({
          kind: 'state',
          time: e.time,
          source: `acd-${this.id}`,
          topic: e.type,
          detail: { ...e },
        });
        for (const l of [...this.listeners]) l(e);
      }
    } finally {
      this.flushing = false;
    }
  }
}

function isWork(state: AgentStateName): boolean {
  return state === 'WORK_READY' || state === 'WORK_NOT_READY';
}

function ref(group: SkillGroupSpec): SkillGroupRef {
  return { number: group.number, id: group.id, name: group.name };
}

/** CallType value of a call type name (for the wire layer). */
export function callTypeValue(name: CallTypeName): number {
  return CALL_TYPE[name];
}
