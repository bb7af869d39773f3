// The ACD's agent state changes as AGENT_STATE_EVENT (Cisco "CTI Server Message Reference Guide",
// "AGENT_STATE_EVENT": fixed part MonitorID .. NumFltSkillGroups (+ DepartmentID from v20),
// floating AgentID, AgentExtension, AgentInstrument, Duration and one FltSkillGroupNumber / ID /
// Priority / State group per skill group; "AgentState Values"; "AgentStateMask Values": the
// event's mask bit is the AgentStateMask bit of its state — HOLD is bit 9, its AgentState value 10).
import { AGENT_STATE } from '../acd/acd-codes.ts';
import type { AgentStateEvent } from '../acd/acd-events.ts';
import type { PeripheralEvent } from '../cti-server/server/cti-peripheral.ts';
import { agentStateMaskBit, ctiMessage, type FloatingField, NULL_U32 } from '../cti-server/wire.ts';

export interface AgentEventOrigin {
  readonly peripheralID: number;
  readonly peripheralType: number;
}

/**
 * AGENT_STATE_EVENT for one agent state change, addressed to that agent (its ID and its
 * extension, for the workstation filter). StateDuration is 0: the guide gives "the number of
 * seconds since the agent entered this state (typically zero)"; ⚠ `Duration` carries the seconds
 * the agent spent in the previous state (lab reading of the guide's "Duration").
 */
export function agentStateEvent(origin: AgentEventOrigin, e: AgentStateEvent): PeripheralEvent {
  const state = AGENT_STATE[e.state];
  const first = e.skillGroups[0];
  const floating: FloatingField[] = [
    { name: 'AgentID', value: e.agentId },
    { name: 'AgentExtension', value: e.extension },
    { name: 'AgentInstrument', value: e.extension },
    { name: 'Duration', value: Math.floor(e.previousStateDurationMs / 1000) },
  ];
  for (const g of e.skillGroups) {
    floating.push(
      { name: 'SkillGroupNumber', value: g.number },
      { name: 'SkillGroupID', value: g.id },
      { name: 'SkillGroupPriority', value: 0 },
      { name: 'SkillGroupState', value: AGENT_STATE[g.state] },
    );
  }
  const message = ctiMessage(
    'AGENT_STATE_EVENT',
    {
      // MonitorID 0: the event is sent for the session's ALL_EVENTS / CLIENT_EVENTS service, not a
      // monitor of MONITOR_START_REQ (guide: "or zero if this message is the result of an
      // ALL_EVENTS or CLIENT_EVENTS service").
      MonitorID: 0,
      PeripheralID: origin.peripheralID,
      SessionID: 0,
      PeripheralType: origin.peripheralType,
      SkillGroupState: first === undefined ? state : AGENT_STATE[first.state],
      StateDuration: 0,
      SkillGroupNumber: first?.number ?? NULL_U32,
      SkillGroupID: first?.id ?? NULL_U32,
      SkillGroupPriority: 0,
      AgentState: state,
      EventReasonCode: e.reasonCode,
      MRDID: 0,
      NumTasks: e.state === 'TALKING' || e.state === 'HOLD' || e.state === 'RESERVED' ? 1 : 0,
      AgentMode: 0,
      MaxTaskLimit: 1,
      ICMAgentID: 0,
      AgentAvailabilityStatus: 0,
      NumFltSkillGroups: e.skillGroups.length,
      DepartmentID: NULL_U32,
    },
    floating,
  );
  return {
    kind: 'agent',
    message,
    agentStateMask: agentStateMaskBit(state),
    agentIDs: [e.agentId],
    devices: [e.extension],
  };
}
