// What each peripheral type of the lab implements (issue 11 item 5; Cisco "CTI Planning", "ACD
// Support for Client and Third-Party Call Control": "Different peripheral types implement and
// support varying levels of CTI functionality. For example, a different set of client control
// requests and call event types are available depending on the peripheral type"; "Third-Party
// Call Control": "Most, but not all, ACDs support third-party call control").
//
// The guide's per-type tables are not public in full; the sets below are the lab's choices (⚠),
// chosen so that three types differ in both requests and events:
// - ENTERPRISE_AGENT (Unified CCE on Unified CM): every request and event the lab implements;
// - ASPECT, MERIDIAN, DEFINITY_ECS_EAS (legacy ACDs behind a PG): third-party call control without
//   DTMF, alternate and deflect; no CALL_ORIGINATED / CALL_SERVICE_INITIATED events;
// - GENERIC (an ACD without third-party call control): agent state, call data and snapshots only;
//   every call control request is E_CTI_FUNCTION_NOT_AVAILABLE; call events still flow;
// - VRU: no agents at all: call data and snapshots only, no AGENT_STATE_EVENT.
import type { PeripheralTypeName } from '../acd/acd-codes.ts';

/** Session, data and agent requests (not call control). */
export const AGENT_AND_DATA_REQUESTS = [
  'QUERY_AGENT_STATE_REQ',
  'SET_AGENT_STATE_REQ',
  'SET_CALL_DATA_REQ',
  'RELEASE_CALL_REQ',
  'SNAPSHOT_CALL_REQ',
  'SNAPSHOT_DEVICE_REQ',
  'CLIENT_EVENT_REPORT_REQ',
] as const;

/** Third-party call control requests ("CTI Planning", "Third-Party Call Control" list). */
export const CALL_CONTROL_REQUESTS = [
  'ANSWER_CALL_REQ',
  'CLEAR_CALL_REQ',
  'CLEAR_CONNECTION_REQ',
  'HOLD_CALL_REQ',
  'RETRIEVE_CALL_REQ',
  'ALTERNATE_CALL_REQ',
  'RECONNECT_CALL_REQ',
  'MAKE_CALL_REQ',
  'CONSULTATION_CALL_REQ',
  'CONFERENCE_CALL_REQ',
  'TRANSFER_CALL_REQ',
  'DEFLECT_CALL_REQ',
  'SEND_DTMF_SIGNAL_REQ',
] as const;

/** Call events the lab produces (by message name). */
export const CALL_EVENTS = [
  'BEGIN_CALL_EVENT',
  'CALL_DELIVERED_EVENT',
  'CALL_ESTABLISHED_EVENT',
  'CALL_HELD_EVENT',
  'CALL_RETRIEVED_EVENT',
  'CALL_CLEARED_EVENT',
  'CALL_CONNECTION_CLEARED_EVENT',
  'CALL_ORIGINATED_EVENT',
  'CALL_FAILED_EVENT',
  'CALL_CONFERENCED_EVENT',
  'CALL_TRANSFERRED_EVENT',
  'CALL_DIVERTED_EVENT',
  'CALL_SERVICE_INITIATED_EVENT',
  'CALL_QUEUED_EVENT',
  'CALL_DEQUEUED_EVENT',
  'CALL_TRANSLATION_ROUTE_EVENT',
  'CALL_DATA_UPDATE_EVENT',
  'END_CALL_EVENT',
  // The pre-route indication ("CTI Planning", "CTI Server": pre-route indications identify the
  // caller while the call is still in the network).
  'AGENT_PRE_CALL_EVENT',
] as const;

export interface PeripheralProfile {
  readonly type: PeripheralTypeName;
  /** Does the type have agents (AGENT_STATE_EVENT, agent state requests)? */
  readonly agents: boolean;
  readonly requests: ReadonlySet<string>;
  /** Message names of the call and agent events this type produces. */
  readonly events: ReadonlySet<string>;
}

const LEGACY_MISSING_REQUESTS = new Set(['SEND_DTMF_SIGNAL_REQ', 'ALTERNATE_CALL_REQ', 'DEFLECT_CALL_REQ']);
const LEGACY_MISSING_EVENTS = new Set(['CALL_ORIGINATED_EVENT', 'CALL_SERVICE_INITIATED_EVENT']);

function profile(
  type: PeripheralTypeName,
  agents: boolean,
  requests: readonly string[],
  events: readonly string[],
): PeripheralProfile {
  return {
    type,
    agents,
    requests: new Set(requests),
    events: new Set(agents ? [...events, 'AGENT_STATE_EVENT'] : events),
  };
}

const legacy = (type: PeripheralTypeName) =>
  profile(
    type,
    true,
    [...AGENT_AND_DATA_REQUESTS, ...CALL_CONTROL_REQUESTS.filter((r) => !LEGACY_MISSING_REQUESTS.has(r))],
    CALL_EVENTS.filter((e) => !LEGACY_MISSING_EVENTS.has(e)),
  );

export const PERIPHERAL_PROFILES: Readonly<Record<PeripheralTypeName, PeripheralProfile>> = {
  ENTERPRISE_AGENT: profile(
    'ENTERPRISE_AGENT',
    true,
    [...AGENT_AND_DATA_REQUESTS, ...CALL_CONTROL_REQUESTS],
    CALL_EVENTS,
  ),
  ASPECT: legacy('ASPECT'),
  MERIDIAN: legacy('MERIDIAN'),
  DEFINITY_ECS_EAS: legacy('DEFINITY_ECS_EAS'),
  GENERIC: profile('GENERIC', true, AGENT_AND_DATA_REQUESTS, CALL_EVENTS),
  VRU: profile(
    'VRU',
    false,
    AGENT_AND_DATA_REQUESTS.filter((r) => r !== 'QUERY_AGENT_STATE_REQ' && r !== 'SET_AGENT_STATE_REQ'),
    CALL_EVENTS,
  ),
};

export function peripheralProfile(type: PeripheralTypeName): PeripheralProfile {
  return PERIPHERAL_PROFILES[type];
}
