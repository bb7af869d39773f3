// What the ACD model reports, one event per change, for the CTI Server layer to turn into its
// messages (CTI Server Message Reference Guide: AGENT_STATE_EVENT, CALL_QUEUED_EVENT,
// CALL_DEQUEUED_EVENT, CALL_DATA_UPDATE_EVENT, the pre-route indication, CALL_TRANSLATION_ROUTE_
// EVENT) and for reports (the termination call detail record). Times are the injected clock's ms.
import type { AgentStateName, CallTypeName } from './acd-codes.ts';
import type { CallData } from './call-data.ts';

export interface SkillGroupRef {
  readonly number: number;
  readonly id: number;
  readonly name: string;
}

/** The agent's state in one of its skill groups (BUSY_OTHER while on another group's call). */
export interface SkillGroupState extends SkillGroupRef {
  readonly state: AgentStateName;
}

export interface AgentStateEvent {
  readonly type: 'agentState';
  readonly time: number;
  readonly peripheralId: number;
  readonly agentId: string;
  readonly extension: string;
  readonly state: AgentStateName;
  readonly previous: AgentStateName;
  /** EventReasonCode (0 = none). */
  readonly reasonCode: number;
  readonly skillGroups: readonly SkillGroupState[];
  /** How long the agent was in the previous state (ms of the clock). */
  readonly previousStateDurationMs: number;
}

export interface CallQueuedEvent {
  readonly type: 'callQueued';
  readonly time: number;
  readonly peripheralId: number;
  readonly callId: number;
  readonly skillGroup: SkillGroupRef;
  /** 1 = head of the queue. */
  readonly position: number;
  readonly queueLength: number;
}

export interface CallDequeuedEvent {
  readonly type: 'callDequeued';
  readonly time: number;
  readonly peripheralId: number;
  readonly callId: number;
  readonly skillGroup: SkillGroupRef;
  readonly waitMs: number;
  /** `offered` to an agent, or `abandoned` (the caller hung up in queue). */
  readonly why: 'offered' | 'abandoned';
}

export interface CallOfferedEvent {
  readonly type: 'callOffered';
  readonly time: number;
  readonly peripheralId: number;
  readonly callId: number;
  readonly agentId: string;
  readonly extension: string;
  readonly skillGroup: SkillGroupRef;
  readonly waitMs: number;
}

export interface CallDataUpdateEvent {
  readonly type: 'callDataUpdate';
  readonly time: number;
  readonly peripheralId: number;
  readonly callId: number;
  readonly data: CallData;
}

export interface CallEndedEvent {
  readonly type: 'callEnded';
  readonly time: number;
  readonly peripheralId: number;
  readonly callId: number;
}

/** A termination call detail record was written (kept in the peripheral's list). */
export interface TcdEvent {
  readonly type: 'tcd';
  readonly time: number;
  readonly record: TerminationCallDetail;
}

export type CallDisposition = 'handled' | 'abandonedInQueue' | 'abandonedRing' | 'translationRouted';

/**
 * A termination call detail record ("CTI Planning": "the agent can use the client to add
 * call-specific, wrap-up information to the Termination_Call_Detail record"), with the call's
 * times and data, for reports.
 */
export interface TerminationCallDetail {
  readonly peripheralId: number;
  readonly callId: number;
  readonly callType: CallTypeName;
  /** The ICM call type id of the dialed number, if configured. */
  readonly callTypeId: number | undefined;
  readonly dialedNumber: string;
  readonly skillGroup: SkillGroupRef | undefined;
  readonly agentId: string | undefined;
  readonly disposition: CallDisposition;
  readonly data: CallData;
  readonly wrapUpData: string;
  readonly arrivedAt: number;
  readonly offeredAt: number | undefined;
  readonly answeredAt: number | undefined;
  readonly endedAt: number;
  /** When the record was written (end of wrap-up for a handled call). */
  readonly writtenAt: number;
  readonly queueTimeMs: number;
  readonly ringTimeMs: number;
  readonly talkTimeMs: number;
  readonly workTimeMs: number;
}

export type AcdEvent =
  | AgentStateEvent
  | CallQueuedEvent
  | CallDequeuedEvent
  | CallOfferedEvent
  | CallDataUpdateEvent
  | CallEndedEvent
  | TcdEvent;

export type AcdEventListener = (event: AcdEvent) => void;
