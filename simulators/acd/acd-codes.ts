// The CTI Server's own numbers for what the ACD model decides, so a refusal or a state travels to
// the wire layer unchanged (docs/architecture.md "Refusals: one way"). Values from Cisco's "CTI
// Server Message Reference Guide (Protocol Version ...)" for Cisco Unified ICM/CCE: the
// "AgentState Values" table, the "ControlFailureCode Values" table, the "PeripheralType Values"
// table, the "CallType Values" table; the same numbers are in the public MIT-licensed decoders
// listed in the project's protocol digest (nshimaza/ucce-ctidriver, nshimaza/uccertweb).
// This file holds values only: the wire codec (simulators/cti-server/) keeps its own tables.

/** AGENT_STATE_EVENT / SET_AGENT_STATE_REQ `AgentState` (guide: "AgentState Values"). */
export const AGENT_STATE = {
  LOGIN: 0,
  LOGOUT: 1,
  NOT_READY: 2,
  AVAILABLE: 3,
  TALKING: 4,
  WORK_NOT_READY: 5,
  WORK_READY: 6,
  BUSY_OTHER: 7,
  RESERVED: 8,
  UNKNOWN: 9,
  HOLD: 10,
} as const;

export type AgentStateName = keyof typeof AGENT_STATE;
export type AgentStateValue = (typeof AGENT_STATE)[AgentStateName];

export function agentStateName(value: number): AgentStateName | undefined {
  return (Object.keys(AGENT_STATE) as AgentStateName[]).find((k) => AGENT_STATE[k] === value);
}

/**
 * CONTROL_FAILURE_CONF `FailureCode` values the ACD model answers with (guide: "ControlFailureCode
 * Values"). 0-79 are the CSTA-style codes, 256-293 the agent / ACD ones.
 */
export const CONTROL_FAILURE = {
  /** CF_VALUE_OUT_OF_RANGE: e.g. a state a client may not request (TALKING, RESERVED, ...). */
  VALUE_OUT_OF_RANGE: 3,
  /** CF_INVALID_CSTA_CALL_IDENTIFIER: no such call on the peripheral. */
  INVALID_CALL_ID: 11,
  /** CF_INVALID_DESTINATION: no dialed number / translation route answers to the digits. */
  INVALID_DESTINATION: 14,
  /** CF_GENERIC_STATE_INCOMPATIBILITY. */
  STATE_INCOMPATIBILITY: 21,
  /** CF_INVALID_OBJECT_STATE: the agent's (or call's) state forbids the request. */
  INVALID_OBJECT_STATE: 22,
  /** CF_NO_ACTIVE_CALL. */
  NO_ACTIVE_CALL: 24,
  /** CF_NO_CALL_TO_ANSWER. */
  NO_CALL_TO_ANSWER: 28,
  /** CF_INVALID_AGENT_ID_SPECIFIED. */
  INVALID_AGENT_ID: 256,
  /** CF_INVALID_PASSWORD_SPECIFIED. */
  INVALID_PASSWORD: 257,
  /** CF_SPECIFIED_AGENT_ALREADY_SIGNED_ON. */
  AGENT_ALREADY_SIGNED_ON: 259,
  /** CF_INVALID_LOGON_DEVICE_SPECIFIED: not the agent's instrument. */
  INVALID_LOGON_DEVICE: 260,
  /** CF_INVALID_SKILL_GROUP_SPECIFIED. */
  INVALID_SKILL_GROUP: 262,
  /** CF_INVALID_AGENT_REASON_CODE: a reason code the peripheral does not configure. */
  INVALID_AGENT_REASON_CODE: 266,
  /** CF_AGENT_NOT_PARTY_ON_CALL. */
  AGENT_NOT_PARTY_ON_CALL: 268,
  /** CF_WRAPUP_DATA_REQUIRED: leaving work state without wrap-up data when the peripheral requires it. */
  WRAPUP_DATA_REQUIRED: 280,
  /** CF_REASON_CODE_REQUIRED: not ready / logout without a reason code when one is required. */
  REASON_CODE_REQUIRED: 281,
  /** CF_SPECIFIED_EXTENSION_ALREADY_IN_USE: another agent is logged in on that instrument. */
  EXTENSION_ALREADY_IN_USE: 283,
} as const;

export type ControlFailureName = keyof typeof CONTROL_FAILURE;
export type ControlFailureCode = (typeof CONTROL_FAILURE)[ControlFailureName];

/**
 * E_CTI_* status codes the model answers with where the guide uses a FAILURE_CONF rather than a
 * CONTROL_FAILURE_CONF (guide: "Status Codes"): call data of a call that does not exist, a value
 * too long for its field.
 */
export const CTI_STATUS = {
  INVALID_CALLID: 13,
  VALUE_TOO_LONG: 74,
  INVALID_ARRAY_INDEX: 61,
} as const;

/** `PeripheralType` (guide: "PeripheralType Values"); the lab's ACD kinds use a few of them. */
export const PERIPHERAL_TYPE = {
  ASPECT: 1,
  MERIDIAN: 2,
  DEFINITY_ECS_EAS: 5,
  VRU: 8,
  ENTERPRISE_AGENT: 17,
  GENERIC: 20,
} as const;

export type PeripheralTypeName = keyof typeof PERIPHERAL_TYPE;

/** `CallType` (guide: "CallType Values"). */
export const CALL_TYPE = {
  ACD_IN: 1,
  PREROUTE_ACD_IN: 2,
  PREROUTE_DIRECT_AGENT: 3,
  TRANSFER_IN: 4,
  OVERFLOW_IN: 5,
  OTHER_IN: 6,
  AGENT_OUT: 8,
  AGENT_INSIDE: 10,
} as const;

export type CallTypeName = keyof typeof CALL_TYPE;
