/**
 * The message catalogue: ONE declarative table of the GED-188 messages the lab speaks. Each row:
 * message type id, name, fixed part (field:TYPE, in wire order; `@20` marks a field present only
 * from protocol version 20), allowed floating fields (`!` required, `*` may repeat), and the
 * source of the layout.
 *
 * Sources:
 * - Fixed parts of types 1-39: ucce-ctidriver (MIT, `src/Network/CceCti/MessageRec.hs`, protocol
 *   v20; it carries the DepartmentID tails of OPEN_CONF, AGENT_STATE_EVENT and
 *   QUERY_AGENT_STATE_CONF) and uccertweb (MIT, `app/ctidriver/MessageType.scala`
 *   `fixedPartListTable`, protocol v19, no DepartmentID); the two agree field for field apart from
 *   the tails. Types 40-105: uccertweb `MessageType.scala` only.
 * - Enumeration widths: ucce-ctidriver `Enum.hs`, uccertweb `constants.scala` (ShortEnum /
 *   IntEnum / ByteEnum).
 * - Floating parts: Cisco "CTI Server Message Reference Guide (Protocol Version 15)", chapter 5
 *   "Application Level Interfaces", the "Floating Part" of each message's table (and the public
 *   Unified CCX copies of those tables at developer.cisco.com/docs/contact-center-express for
 *   SNAPSHOT_*, MAKE_CALL_CONF, CONFERENCE_CALL_CONF). Where a list below is not from a table
 *   the lab could read, the row says ⚠.
 */

import type { FixedType } from './field-types.ts';
import { FLOATING_TAGS_BY_NAME, type FloatingTagDef } from './floating-tags.ts';

export interface FixedFieldDef {
  readonly name: string;
  readonly type: FixedType;
  /** First protocol version whose layout has this field (0 = every version). */
  readonly since: number;
}

export interface FloatingFieldRule {
  readonly tag: FloatingTagDef;
  readonly required: boolean;
  readonly repeats: boolean;
}

export interface MessageDef {
  readonly id: number;
  readonly name: string;
  /** First protocol version that knows the message (0 = every version). */
  readonly since: number;
  readonly fixed: readonly FixedFieldDef[];
  readonly floating: readonly FloatingFieldRule[];
  readonly source: string;
}

interface Row {
  readonly id: number;
  readonly name: string;
  readonly fixed: string;
  readonly floating?: string;
  readonly since?: number;
  readonly source: string;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces (expanded in place; still one table).

const EV = 'MonitorID:UINT PeripheralID:UINT PeripheralType:USHORT';
const CONN = 'ConnectionDeviceIDType:USHORT ConnectionCallID:UINT';
const LINE = 'LineHandle:USHORT LineType:USHORT';
const SVC = 'ServiceNumber:UINT ServiceID:UINT';
const SG = 'SkillGroupNumber:UINT SkillGroupID:UINT SkillGroupPriority:USHORT';
const LCS_CAUSE = 'LocalConnectionState:USHORT EventCause:USHORT';
const INVOKE = 'InvokeID:UINT';
const CALL_VARS = Array.from({ length: 10 }, (_, i) => `CallVariable${i + 1}`).join(' ');
const NAMED = 'NamedVariable* NamedArray*';
/** The call data of BEGIN_CALL / CALL_DATA_UPDATE / SET_CALL_DATA (guide v15 tables 5-3, 5-4, 5-36). */
const CALL_DATA =
  `ANI UserToUserInfo DNIS DialedNumber CallerEnteredDigits RouterCallKeyDay RouterCallKeyCallID ` +
  `RouterCallKeySequenceNumber ${CALL_VARS} CallWrapupData ${NAMED} CustomerPhoneNumber ` +
  `CustomerAccountNumber`;
/** Optional data a client may attach to a call it places (guide v15 MAKE_CALL_REQ and kin). */
const PLACED_CALL_DATA = `UserToUserInfo ${CALL_VARS} CallWrapupData FacilityCode AuthorizationCode AccountCode ${NAMED}`;
const CONNECTED_PARTIES = 'ConnectedPartyCallID* ConnectedPartyDeviceIDType* ConnectedPartyDeviceID*';
const FLT_SKILL_GROUPS = 'SkillGroupNumber* SkillGroupID* SkillGroupPriority* SkillGroupState*';
/** Placement options of the call-placing requests (uccertweb `MessageType.scala` rows 48, 50, 56, 64). */
const PLACEMENT =
  'CallPlacementType:USHORT CallMannerType:USHORT AlertRings:USHORT CallOption:USHORT ' +
  'FacilityType:USHORT AnsweringMachine:USHORT Priority:BOOL PostRoute:BOOL NumNamedVariables:USHORT ' +
  'NumNamedArrays:USHORT';
const MCT = 'ucce-ctidriver MessageRec.hs + uccertweb MessageType.scala';
const UW = 'uccertweb MessageType.scala';

/** Type N and N+1 of a call-control request whose CONF is just the InvokeID. */
function control(id: number, name: string, fixed: string, floating: string): Row[] {
  return [
    { id, name: `${name}_REQ`, fixed, floating, source: UW },
    { id: id + 1, name: `${name}_CONF`, fixed: INVOKE, source: UW },
  ];
}

const ROWS: readonly Row[] = [
  { id: 1, name: 'FAILURE_CONF', fixed: `${INVOKE} Status:UINT`, source: MCT },
  { id: 2, name: 'FAILURE_EVENT', fixed: 'Status:UINT', source: MCT },
  {
    id: 3,
    name: 'OPEN_REQ',
    fixed:
      `${INVOKE} VersionNumber:UINT IdleTimeout:UINT PeripheralID:UINT ServicesRequested:UINT ` +
      'CallMsgMask:UINT AgentStateMask:UINT ConfigMsgMask:UINT Reserved1:UINT Reserved2:UINT Reserved3:UINT',
    floating:
      'ClientID! ClientPassword! ClientSignature AgentExtension AgentID AgentInstrument ApplicationPathID',
    source: `${MCT}; guide v15 table 4-2 OPEN_REQ (ClientID and ClientPassword required)`,
  },
  {
    id: 4,
    name: 'OPEN_CONF',
    fixed:
      `${INVOKE} ServicesGranted:UINT MonitorID:UINT PGStatus:UINT ICMCentralControllerTime:TIME ` +
      'PeripheralOnline:BOOL PeripheralType:USHORT AgentState:USHORT DepartmentID:UINT@20',
    floating: 'AgentExtension AgentID AgentInstrument NumPeripherals FltPeripheralID* MultiLineAgentControl',
    source: `${MCT}; ⚠ FltPeripheralID (one per NumPeripherals) from guide v15 table 4-3`,
  },
  { id: 5, name: 'HEARTBEAT_REQ', fixed: INVOKE, source: MCT },
  { id: 6, name: 'HEARTBEAT_CONF', fixed: INVOKE, source: MCT },
  { id: 7, name: 'CLOSE_REQ', fixed: `${INVOKE} Status:UINT`, source: MCT },
  { id: 8, name: 'CLOSE_CONF', fixed: INVOKE, source: MCT },
  {
    id: 9,
    name: 'CALL_DELIVERED_EVENT',
    fixed:
      `${EV} ${CONN} ${LINE} ${SVC} ${SG} AlertingDeviceType:USHORT CallingDeviceType:USHORT ` +
      `CalledDeviceType:USHORT LastRedirectDeviceType:USHORT ${LCS_CAUSE} NumNamedVariables:USHORT ` +
      'NumNamedArrays:USHORT',
    floating:
      'ConnectionDeviceID! AlertingDeviceID CallingDeviceID CalledDeviceID LastRedirectDeviceID TrunkNumber ' +
      'TrunkGroupNumber SecondaryConnectionCallID ANI ANI_II UserToUserInfo DNIS DialedNumber ' +
      `CallerEnteredDigits RouterCallKeyDay RouterCallKeyCallID RouterCallKeySequenceNumber ${CALL_VARS} ` +
      `CallWrapupData ${NAMED} CustomerPhoneNumber CustomerAccountNumber CallReferenceID`,
    source: `${MCT}; guide v15 table 5-6; uccertweb MessageSamplesSpec.scala sample 009`,
  },
  {
    id: 10,
    name: 'CALL_ESTABLISHED_EVENT',
    fixed:
      `${EV} ${CONN} ${LINE} ${SVC} ${SG} AnsweringDeviceType:USHORT CallingDeviceType:USHORT ` +
      `CalledDeviceType:USHORT LastRedirectDeviceType:USHORT ${LCS_CAUSE}`,
    floating:
      'ConnectionDeviceID! AnsweringDeviceID CallingDeviceID CalledDeviceID LastRedirectDeviceID ' +
      'TrunkNumber TrunkGroupNumber',
    source: MCT,
  },
  {
    id: 11,
    name: 'CALL_HELD_EVENT',
    fixed: `${EV} ${CONN} HoldingDeviceType:USHORT ${LCS_CAUSE}`,
    floating: 'ConnectionDeviceID! HoldingDeviceID',
    source: MCT,
  },
  {
    id: 12,
    name: 'CALL_RETRIEVED_EVENT',
    fixed: `${EV} ${CONN} RetrievingDeviceType:USHORT ${LCS_CAUSE}`,
    floating: 'ConnectionDeviceID! RetrievingDeviceID',
    source: MCT,
  },
  {
    id: 13,
    name: 'CALL_CLEARED_EVENT',
    fixed: `${EV} ${CONN} ${LCS_CAUSE}`,
    floating: 'ConnectionDeviceID!',
    source: MCT,
  },
  {
    id: 14,
    name: 'CALL_CONNECTION_CLEARED_EVENT',
    fixed: `${EV} ${CONN} ReleasingDeviceType:USHORT ${LCS_CAUSE}`,
    floating: 'ConnectionDeviceID! ReleasingDeviceID',
    source: `${MCT}; guide v9 table 5-10`,
  },
  {
    id: 15,
    name: 'CALL_ORIGINATED_EVENT',
    fixed: `${EV} ${CONN} ${LINE} ${SVC} ${SG} CallingDeviceType:USHORT CalledDeviceType:USHORT ${LCS_CAUSE}`,
    floating: 'ConnectionDeviceID! CallingDeviceID CalledDeviceID',
    source: `${MCT}; guide v9 table 5-11`,
  },
  {
    id: 16,
    name: 'CALL_FAILED_EVENT',
    fixed: `${EV} ${CONN} FailingDeviceType:USHORT CalledDeviceType:USHORT ${LCS_CAUSE}`,
    floating: 'ConnectionDeviceID! FailingDeviceID CalledDeviceID',
    source: MCT,
  },
  {
    id: 17,
    name: 'CALL_CONFERENCED_EVENT',
    fixed:
      `${EV} PrimaryDeviceIDType:USHORT PrimaryCallID:UINT ${LINE} ${SG} NumParties:USHORT ` +
      'SecondaryDeviceIDType:USHORT SecondaryCallID:UINT ControllerDeviceType:USHORT ' +
      `AddedPartyDeviceType:USHORT ${LCS_CAUSE}`,
    floating: `PrimaryDeviceID! SecondaryDeviceID! ControllerDeviceID AddedPartyDeviceID ${CONNECTED_PARTIES}`,
    source: MCT,
  },
  {
    id: 18,
    name: 'CALL_TRANSFERRED_EVENT',
    fixed:
      `${EV} PrimaryDeviceIDType:USHORT PrimaryCallID:UINT ${LINE} ${SG} NumParties:USHORT ` +
      'SecondaryDeviceIDType:USHORT SecondaryCallID:UINT TransferringDeviceType:USHORT ' +
      `TransferredDeviceType:USHORT ${LCS_CAUSE}`,
    floating: `PrimaryDeviceID! SecondaryDeviceID! TransferringDeviceID TransferredDeviceID ${CONNECTED_PARTIES}`,
    source: MCT,
  },
  {
    id: 19,
    name: 'CALL_DIVERTED_EVENT',
    fixed: `${EV} ${CONN} ${SVC} DivertingDeviceType:USHORT CalledDeviceType:USHORT ${LCS_CAUSE}`,
    floating: 'ConnectionDeviceID! DivertingDeviceID CalledDeviceID',
    source: MCT,
  },
  {
    id: 20,
    name: 'CALL_SERVICE_INITIATED_EVENT',
    fixed: `${EV} ${CONN} ${LINE} ${SVC} ${SG} CallingDeviceType:USHORT ${LCS_CAUSE}`,
    floating: 'ConnectionDeviceID! CallingDeviceID',
    source: MCT,
  },
  {
    id: 21,
    name: 'CALL_QUEUED_EVENT',
    fixed:
      `${EV} ${CONN} ${SVC} QueueDeviceType:USHORT CallingDeviceType:USHORT CalledDeviceType:USHORT ` +
      `LastRedirectDeviceType:USHORT NumQueued:USHORT NumSkillGroups:USHORT ${LCS_CAUSE}`,
    floating:
      'ConnectionDeviceID! QueueDeviceID CallingDeviceID CalledDeviceID LastRedirectDeviceID ' +
      'SkillGroupNumber* SkillGroupID* SkillGroupPriority*',
    source: MCT,
  },
  {
    id: 22,
    name: 'CALL_TRANSLATION_ROUTE_EVENT',
    fixed: 'NumNamedVariables:USHORT NumNamedArrays:USHORT',
    floating:
      `ANI UserToUserInfo DNIS DialedNumber CallerEnteredDigits ${CALL_VARS} ${NAMED} RouterCallKeyDay ` +
      'RouterCallKeyCallID',
    source: `${MCT}; ⚠ floating list from memory of guide v15 table 5-21`,
  },
  {
    id: 23,
    name: 'BEGIN_CALL_EVENT',
    fixed:
      `${EV} NumCTIClients:USHORT NumNamedVariables:USHORT NumNamedArrays:USHORT CallType:USHORT ${CONN} ` +
      'CalledPartyDisposition:USHORT',
    floating: `ConnectionDeviceID! ${CALL_DATA} CTIClientSignature* CTIClientTimestamp* CallReferenceID`,
    source: `${MCT}; guide v15 table 5-3`,
  },
  {
    id: 24,
    name: 'END_CALL_EVENT',
    fixed: `${EV} ${CONN}`,
    floating: 'ConnectionDeviceID!',
    source: MCT,
  },
  {
    id: 25,
    name: 'CALL_DATA_UPDATE_EVENT',
    fixed:
      `${EV} NumCTIClients:USHORT NumNamedVariables:USHORT NumNamedArrays:USHORT CallType:USHORT ${CONN} ` +
      'NewConnectionDeviceIDType:USHORT NewConnectionCallID:UINT CalledPartyDisposition:USHORT ' +
      'CampaignID:UINT QueryRuleID:UINT',
    floating: `ConnectionDeviceID! NewConnectionDeviceID ${CALL_DATA} CTIClientSignature* CTIClientTimestamp* CallReferenceID`,
    source: `${MCT}; guide v9 table 5-4`,
  },
  {
    id: 26,
    name: 'SET_CALL_DATA_REQ',
    fixed:
      `${INVOKE} PeripheralID:UINT ${CONN} NumNamedVariables:USHORT NumNamedArrays:USHORT CallType:USHORT ` +
      'CalledPartyDisposition:USHORT CampaignID:UINT QueryRuleID:UINT',
    floating: `ConnectionDeviceID! ${CALL_DATA}`,
    source: MCT,
  },
  { id: 27, name: 'SET_CALL_DATA_CONF', fixed: INVOKE, source: MCT },
  {
    id: 28,
    name: 'RELEASE_CALL_REQ',
    fixed: `${INVOKE} PeripheralID:UINT ${CONN}`,
    floating: 'ConnectionDeviceID!',
    source: MCT,
  },
  { id: 29, name: 'RELEASE_CALL_CONF', fixed: INVOKE, source: MCT },
  {
    id: 30,
    name: 'AGENT_STATE_EVENT',
    fixed:
      'MonitorID:UINT PeripheralID:UINT SessionID:UINT PeripheralType:USHORT SkillGroupState:USHORT ' +
      `StateDuration:UINT ${SG} AgentState:USHORT EventReasonCode:USHORT MRDID:UINT NumTasks:UINT ` +
      'AgentMode:USHORT MaxTaskLimit:UINT ICMAgentID:UINT AgentAvailabilityStatus:UINT ' +
      'NumFltSkillGroups:USHORT DepartmentID:UINT@20',
    floating:
      'CTIClientSignature AgentID AgentExtension AgentInstrument AgentIDLong Duration NextAgentState ' +
      `Direction ${FLT_SKILL_GROUPS}`,
    source:
      `${MCT}; floating: guide v14 table 5-17 (CTIClientSignature, AgentID, AgentExtension, ` +
      'AgentInstrument, Duration, NextAgentState, FltSkillGroupNumber/ID/Priority); ⚠ AgentIDLong, ' +
      'Direction and the repeated SkillGroupState from later guides, not checked',
  },
  {
    id: 31,
    name: 'SYSTEM_EVENT',
    fixed:
      'PGStatus:UINT ICMCentralControllerTime:TIME SystemEventID:UINT SystemEventArg1:UINT ' +
      'SystemEventArg2:UINT SystemEventArg3:UINT EventDeviceType:USHORT',
    floating: 'Text EventDeviceID',
    source: MCT,
  },
  {
    id: 32,
    name: 'CLIENT_EVENT_REPORT_REQ',
    fixed: `${INVOKE} State:USHORT`,
    floating: 'ObjectName! Text!',
    source: MCT,
  },
  { id: 33, name: 'CLIENT_EVENT_REPORT_CONF', fixed: INVOKE, source: MCT },
  {
    id: 34,
    name: 'CALL_REACHED_NETWORK_EVENT',
    fixed: `${EV} ${CONN} ${LINE} TrunkUsedDeviceType:USHORT CalledDeviceType:USHORT ${LCS_CAUSE}`,
    floating: 'ConnectionDeviceID! TrunkUsedDeviceID CalledDeviceID TrunkNumber TrunkGroupNumber',
    source: MCT,
  },
  {
    id: 35,
    name: 'CONTROL_FAILURE_CONF',
    fixed: `${INVOKE} FailureCode:USHORT PeripheralErrorCode:UINT`,
    floating: 'Text',
    source: MCT,
  },
  {
    id: 36,
    name: 'QUERY_AGENT_STATE_REQ',
    fixed: `${INVOKE} PeripheralID:UINT MRDID:UINT ICMAgentID:UINT`,
    floating: 'AgentInstrument AgentID',
    source: MCT,
  },
  {
    id: 37,
    name: 'QUERY_AGENT_STATE_CONF',
    fixed:
      `${INVOKE} AgentState:USHORT NumSkillGroups:USHORT MRDID:UINT NumTasks:UINT AgentMode:USHORT ` +
      'MaxTaskLimit:UINT ICMAgentID:UINT AgentAvailabilityStatus:UINT DepartmentID:UINT@20',
    floating: `AgentID AgentExtension AgentInstrument ${FLT_SKILL_GROUPS}`,
    source: MCT,
  },
  {
    id: 38,
    name: 'SET_AGENT_STATE_REQ',
    fixed:
      `${INVOKE} PeripheralID:UINT AgentState:USHORT AgentWorkMode:USHORT NumSkillGroups:USHORT ` +
      'EventReasonCode:USHORT ForcedFlag:UCHAR AgentServiceReq:UINT',
    floating:
      'AgentInstrument! AgentID AgentPassword PositionID SupervisorID SkillGroupNumber* SkillGroupPriority*',
    source: `${UW} (ucce-ctidriver's record is incomplete); guide v15 table 5-34`,
  },
  { id: 39, name: 'SET_AGENT_STATE_CONF', fixed: INVOKE, source: MCT },
  ...control(
    40,
    'ALTERNATE_CALL',
    `${INVOKE} PeripheralID:UINT ActiveConnectionCallID:UINT OtherConnectionCallID:UINT ` +
      'ActiveConnectionDeviceIDType:USHORT OtherConnectionDeviceIDType:USHORT',
    'ActiveConnectionDeviceID! OtherConnectionDeviceID! AgentInstrument',
  ),
  ...control(
    42,
    'ANSWER_CALL',
    `${INVOKE} PeripheralID:UINT ConnectionCallID:UINT ConnectionDeviceIDType:USHORT`,
    'ConnectionDeviceID! AgentInstrument',
  ),
  ...control(
    44,
    'CLEAR_CALL',
    `${INVOKE} PeripheralID:UINT ConnectionCallID:UINT ConnectionDeviceIDType:USHORT`,
    'ConnectionDeviceID! AgentInstrument',
  ),
  ...control(
    46,
    'CLEAR_CONNECTION',
    `${INVOKE} PeripheralID:UINT ConnectionCallID:UINT ConnectionDeviceIDType:USHORT`,
    'ConnectionDeviceID! AgentInstrument',
  ),
  {
    id: 48,
    name: 'CONFERENCE_CALL_REQ',
    fixed:
      `${INVOKE} PeripheralID:UINT HeldConnectionCallID:UINT ActiveConnectionCallID:UINT ` +
      `HeldConnectionDeviceIDType:USHORT ActiveConnectionDeviceIDType:USHORT ${PLACEMENT}`,
    floating: `HeldConnectionDeviceID ActiveConnectionDeviceID DialedNumber AgentInstrument ${PLACED_CALL_DATA}`,
    source: UW,
  },
  {
    id: 49,
    name: 'CONFERENCE_CALL_CONF',
    fixed: `${INVOKE} NewConnectionCallID:UINT NewConnectionDeviceIDType:USHORT NumParties:USHORT ${LINE}`,
    floating: `NewConnectionDeviceID! ${CONNECTED_PARTIES}`,
    source: `${UW}; developer.cisco.com CCX "CONFERENCE_CALL_CONF"`,
  },
  {
    id: 50,
    name: 'CONSULTATION_CALL_REQ',
    fixed:
      `${INVOKE} PeripheralID:UINT ActiveConnectionCallID:UINT ActiveConnectionDeviceIDType:USHORT ` +
      'CallPlacementType:USHORT CallMannerType:USHORT ConsultType:USHORT AlertRings:USHORT ' +
      'CallOption:USHORT FacilityType:USHORT AnsweringMachine:USHORT Priority:BOOL PostRoute:BOOL ' +
      'NumNamedVariables:USHORT NumNamedArrays:USHORT',
    floating: `ActiveConnectionDeviceID! DialedNumber! AgentInstrument ${PLACED_CALL_DATA}`,
    source: UW,
  },
  {
    id: 51,
    name: 'CONSULTATION_CALL_CONF',
    fixed: `${INVOKE} NewConnectionCallID:UINT NewConnectionDeviceIDType:USHORT ${LINE}`,
    floating: 'NewConnectionDeviceID!',
    source: UW,
  },
  ...control(
    52,
    'DEFLECT_CALL',
    `${INVOKE} PeripheralID:UINT ConnectionCallID:UINT ConnectionDeviceIDType:USHORT CalledDeviceType:USHORT`,
    'ConnectionDeviceID! CalledDeviceID! AgentInstrument',
  ),
  ...control(
    54,
    'HOLD_CALL',
    `${INVOKE} PeripheralID:UINT ConnectionCallID:UINT ConnectionDeviceIDType:USHORT Reservation:BOOL`,
    'ConnectionDeviceID! AgentInstrument',
  ),
  {
    id: 56,
    name: 'MAKE_CALL_REQ',
    fixed: `${INVOKE} PeripheralID:UINT ${PLACEMENT} SkillGroupNumber:UINT`,
    floating: `AgentInstrument! DialedNumber! ${PLACED_CALL_DATA}`,
    source: UW,
  },
  {
    id: 57,
    name: 'MAKE_CALL_CONF',
    fixed: `${INVOKE} NewConnectionCallID:UINT NewConnectionDeviceIDType:USHORT ${LINE}`,
    floating: 'NewConnectionDeviceID!',
    source: `${UW}; developer.cisco.com CCX "MAKE_CALL_CONF"`,
  },
  ...control(
    60,
    'RECONNECT_CALL',
    `${INVOKE} PeripheralID:UINT ActiveConnectionCallID:UINT HeldConnectionCallID:UINT ` +
      'ActiveConnectionDeviceIDType:USHORT HeldConnectionDeviceIDType:USHORT',
    'ActiveConnectionDeviceID! HeldConnectionDeviceID! AgentInstrument',
  ),
  ...control(
    62,
    'RETRIEVE_CALL',
    `${INVOKE} PeripheralID:UINT HeldConnectionCallID:UINT HeldConnectionDeviceIDType:USHORT`,
    'HeldConnectionDeviceID! AgentInstrument',
  ),
  {
    id: 64,
    name: 'TRANSFER_CALL_REQ',
    fixed:
      `${INVOKE} PeripheralID:UINT ActiveConnectionCallID:UINT HeldConnectionCallID:UINT ` +
      `ActiveConnectionDeviceIDType:USHORT HeldConnectionDeviceIDType:USHORT ${PLACEMENT}`,
    floating: `ActiveConnectionDeviceID HeldConnectionDeviceID DialedNumber AgentInstrument ${PLACED_CALL_DATA}`,
    source: UW,
  },
  {
    id: 65,
    name: 'TRANSFER_CALL_CONF',
    fixed: `${INVOKE} NewConnectionCallID:UINT NewConnectionDeviceIDType:USHORT NumParties:USHORT ${LINE}`,
    floating: `NewConnectionDeviceID! ${CONNECTED_PARTIES}`,
    source: UW,
  },
  {
    id: 82,
    name: 'SNAPSHOT_CALL_REQ',
    fixed: `${INVOKE} PeripheralID:UINT ConnectionCallID:UINT ConnectionDeviceIDType:USHORT`,
    floating: 'ConnectionDeviceID!',
    source: `${UW}; developer.cisco.com CCX "SNAPSHOT_CALL_REQ"`,
  },
  {
    id: 83,
    name: 'SNAPSHOT_CALL_CONF',
    fixed:
      `${INVOKE} CallType:USHORT NumCTIClients:USHORT NumCallDevices:USHORT NumNamedVariables:USHORT ` +
      'NumNamedArrays:USHORT CalledPartyDisposition:USHORT',
    floating:
      `${CALL_DATA} CTIClientSignature* CTIClientTimestamp* CallConnectionCallID* ` +
      'CallConnectionDeviceIDType* CallConnectionDeviceID* CallDeviceIDType* CallDeviceID* ' +
      'CallDeviceConnectionState*',
    source:
      `${UW}; ⚠ the CCX copy of the guide table adds a reserved INT "(v11+)" after ` +
      'CalledPartyDisposition, uccertweb (v19) does not; the lab follows uccertweb',
  },
  {
    id: 84,
    name: 'SNAPSHOT_DEVICE_REQ',
    fixed: `${INVOKE} PeripheralID:UINT SnapshotDeviceType:USHORT`,
    floating: 'AgentInstrument!',
    source: `${UW}; developer.cisco.com CCX "SNAPSHOT_DEVICE_REQ"`,
  },
  {
    id: 85,
    name: 'SNAPSHOT_DEVICE_CONF',
    fixed: `${INVOKE} NumCalls:USHORT`,
    floating: 'CallConnectionCallID* CallConnectionDeviceIDType* CallConnectionDeviceID* CallState*',
    source: `${UW}; developer.cisco.com CCX "SNAPSHOT_DEVICE_CONF"`,
  },
  {
    id: 86,
    name: 'CALL_DEQUEUED_EVENT',
    fixed: `${EV} ${CONN} QueueDeviceType:USHORT ${SVC} NumQueued:USHORT NumSkillGroups:USHORT ${LCS_CAUSE}`,
    floating: 'ConnectionDeviceID! QueueDeviceID SkillGroupNumber* SkillGroupID* SkillGroupPriority*',
    source: UW,
  },
  ...control(
    91,
    'SEND_DTMF_SIGNAL',
    `${INVOKE} PeripheralID:UINT ConnectionCallID:UINT ConnectionDeviceIDType:USHORT ToneDuration:USHORT ` +
      'PauseDuration:UINT',
    'ConnectionDeviceID! DTMFString! AgentInstrument',
  ),
  {
    id: 99,
    name: 'CLIENT_SESSION_OPENED_EVENT',
    fixed:
      'SessionID:UINT PeripheralID:UINT ServicesGranted:UINT CallMsgMask:UINT AgentStateMask:UINT ' +
      'ClientPort:UINT',
    floating: 'ClientID ClientAddress AgentExtension AgentID AgentInstrument',
    source: `${UW}; ⚠ floating list from memory of guide v15 table 5-61`,
  },
  {
    id: 100,
    name: 'CLIENT_SESSION_CLOSED_EVENT',
    fixed: 'SessionID:UINT PeripheralID:UINT Status:UINT ClientPort:UINT',
    floating: 'ClientID ClientAddress',
    source: `${UW}; ⚠ floating list from memory of guide v15 table 5-62`,
  },
  {
    id: 105,
    name: 'AGENT_PRE_CALL_EVENT',
    fixed:
      'MonitorID:UINT NumNamedVariables:USHORT NumNamedArrays:USHORT ServiceNumber:UINT ServiceID:UINT ' +
      'SkillGroupNumber:UINT SkillGroupID:UINT SkillGroupPriority:USHORT MRDID:UINT',
    floating:
      'AgentInstrument RouterCallKeyDay RouterCallKeyCallID RouterCallKeySequenceNumber ANI UserToUserInfo ' +
      `DialedNumber CallerEnteredDigits ${CALL_VARS} ${NAMED}`,
    source:
      `${UW} (fixedPartListTable row 105); floating list: uccertweb MessageSamplesSpec.scala sample 105 ` +
      '(⚠ which of them the guide requires is in no public table: none is marked required)',
  },
];

const FIXED_TYPES: ReadonlySet<string> = new Set([
  'CHAR',
  'UCHAR',
  'SHORT',
  'USHORT',
  'INT',
  'UINT',
  'BOOL',
  'TIME',
]);

function parseFixed(row: Row): FixedFieldDef[] {
  return row.fixed.split(/\s+/).map((spec) => {
    const m = /^(\w+):(\w+)(?:@(\d+))?$/.exec(spec);
    if (m === null || !FIXED_TYPES.has(m[2]!)) throw new Error(`${row.name}: bad fixed field ${spec}`);
    return { name: m[1]!, type: m[2] as FixedType, since: m[3] === undefined ? 0 : Number(m[3]) };
  });
}

function parseFloating(row: Row): FloatingFieldRule[] {
  if (row.floating === undefined) return [];
  const seen = new Set<number>();
  return row.floating.split(/\s+/).map((spec) => {
    const m = /^(\w+)([!*]?)$/.exec(spec);
    const tag = m === null ? undefined : FLOATING_TAGS_BY_NAME.get(m[1]!);
    if (m === null || tag === undefined) throw new Error(`${row.name}: unknown floating field ${spec}`);
    if (seen.has(tag.tag)) throw new Error(`${row.name}: floating field ${spec} listed twice`);
    seen.add(tag.tag);
    return { tag, required: m[2] === '!', repeats: m[2] === '*' };
  });
}

/** Every message the lab's codec knows, in message type order. */
export const MESSAGES: readonly MessageDef[] = ROWS.map((row) =>
  Object.freeze({
    id: row.id,
    name: row.name,
    since: row.since ?? 0,
    fixed: Object.freeze(parseFixed(row)),
    floating: Object.freeze(parseFloating(row)),
    source: row.source,
  }),
).sort((a, b) => a.id - b.id);

export type MessageName = string;

/** Message definitions by type id. */
export const MESSAGES_BY_ID: ReadonlyMap<number, MessageDef> = new Map(MESSAGES.map((m) => [m.id, m]));

/** Message definitions by name. */
export const MESSAGES_BY_NAME: ReadonlyMap<string, MessageDef> = new Map(MESSAGES.map((m) => [m.name, m]));

/**
 * Message type ids the protocol defines but the lab's catalogue does not cover (uccertweb
 * `MessageType.scala`: everything 1-250 except the RESERVED_n entries). A request of one of these
 * gets E_CTI_FUNCTION_NOT_AVAILABLE rather than E_CTI_INVALID_MESSAGE_TYPE.
 */
export const RESERVED_MESSAGE_TYPES: ReadonlySet<number> = new Set([
  66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 80, 81, 87, 88, 89, 90, 216, 217, 218, 219, 220, 221, 222,
  223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 239, 241, 242, 243, 244, 245, 246,
]);

/** True when `id` is a message type the protocol defines (catalogued by the lab or not). */
export function isProtocolMessageType(id: number): boolean {
  return id >= 1 && id <= 250 && !RESERVED_MESSAGE_TYPES.has(id);
}
