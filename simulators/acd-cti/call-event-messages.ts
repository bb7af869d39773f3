// The shared call model's events (calls/call-events.ts, ECMA-269 shaped) and the ACD's call events
// as GED-188 call event messages (Cisco "CTI Server Message Reference Guide", chapter 5 "Call
// Events": fixed and floating parts as in the lab's catalogue, cti-server/message-catalogue.ts).
// Pure builders: which events a peripheral reports, to whom, and in what order is decided by
// acd-cti-events.ts.
//
// Common choices (⚠ lab): MonitorID 0 (the guide: "zero if this message is the result of an
// ALL_EVENTS or CLIENT_EVENTS service"); ConnectionDeviceIDType STATIC; every device id of the lab
// is a DEVICE_IDENTIFIER (0), an absent one NULL (0xFFFF); the lab has no ICM services
// (ServiceNumber / ServiceID NULL) and one line per call (LineHandle 0).
import type { CallTypeName } from '../acd/acd-codes.ts';
import { CALL_TYPE } from '../acd/acd-codes.ts';
import type { SkillGroupRef } from '../acd/acd-events.ts';
import type { CallData } from '../acd/call-data.ts';
import type {
  ConferencedEvent,
  ConnectionClearedEvent,
  DeliveredEvent,
  DivertedEvent,
  EstablishedEvent,
  FailedEvent,
  HeldEvent,
  EventCause as ModelCause,
  OriginatedEvent,
  RetrievedEvent,
  ServiceInitiatedEvent,
  TransferedEvent,
} from '../calls/call-events.ts';
import type { LocalConnectionState as ModelState } from '../calls/connection-state.ts';
import {
  ConnectionDeviceIDType,
  type CtiMessage,
  ctiMessage,
  DeviceIDType,
  EventCause,
  type FloatingField,
  LineType,
  LocalConnectionState,
  NULL_U16,
  NULL_U32,
} from '../cti-server/wire.ts';
import { callDataFields } from './call-data-fields.ts';

/** Who reports: the peripheral, and its ConnectionCallID for a call-model call. */
export interface CallEventOrigin {
  readonly peripheralID: number;
  readonly peripheralType: number;
  wireId(modelCallId: string): number;
}

/** What the ACD adds to a call's events (absent for a call the ACD did not route). */
export interface AcdCallInfo {
  readonly callType: CallTypeName;
  readonly skillGroup: SkillGroupRef | undefined;
  readonly data: CallData;
}

/** The guide's LocalConnectionState of a model connection state. */
export function connectionState(state: ModelState | undefined): number {
  switch (state) {
    case 'initiated':
      return LocalConnectionState.INITIATE;
    case 'alerting':
      return LocalConnectionState.ALERTING;
    case 'connected':
      return LocalConnectionState.CONNECT;
    case 'hold':
      return LocalConnectionState.HOLD;
    case 'queued':
      return LocalConnectionState.QUEUED;
    case 'fail':
      return LocalConnectionState.FAIL;
    default:
      return LocalConnectionState.NULL;
  }
}

const CAUSES: Readonly<Partial<Record<ModelCause, number>>> = {
  newCall: EventCause.NEW_CALL,
  makeCall: EventCause.NEW_CALL,
  consultation: EventCause.CONSULT,
  busy: EventCause.BUSY,
  doNotDisturb: EventCause.DO_NOT_DISTURB,
  invalidNumberFormat: EventCause.DEST_NOT_OBTAINABLE,
  destOutOfOrder: EventCause.DEST_NOT_OBTAINABLE,
  callForwardImmediate: EventCause.CALL_FORWARD_ALWAYS,
  callForwardBusy: EventCause.CALL_FORWARD_BUSY,
  callForwardNoAnswer: EventCause.CALL_FORWARD_NO_ANSWER,
  redirected: EventCause.REDIRECTED,
  transfer: EventCause.TRANSFER,
  singleStepTransfer: EventCause.TRANSFER,
  conference: EventCause.KEY_CONFERENCE,
  singleStepConference: EventCause.KEY_CONFERENCE,
  silentParticipation: EventCause.SILENT_MONITOR,
  alternate: EventCause.ALTERNATE,
  park: EventCause.PARK,
  recall: EventCause.RECALL,
  callPickup: EventCause.CALL_PICKUP,
  callNotAnswered: EventCause.CALL_NOT_ANSWERED,
  destNotObtainable: EventCause.DEST_NOT_OBTAINABLE,
};

/** The guide's EventCause of a model cause; normal clearing and unknown causes are NONE. */
export function eventCause(cause: ModelCause | undefined): number {
  return cause === undefined ? EventCause.NONE : (CAUSES[cause] ?? EventCause.NONE);
}

const deviceType = (id: string | undefined) => (id === undefined ? NULL_U16 : DeviceIDType.DEVICE_IDENTIFIER);

function devices(pairs: readonly (readonly [string, string | undefined])[]): FloatingField[] {
  return pairs
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([name, value]) => ({ name, value }));
}

function head(o: CallEventOrigin, callId: string) {
  return {
    MonitorID: 0,
    PeripheralID: o.peripheralID,
    PeripheralType: o.peripheralType,
    ConnectionDeviceIDType: ConnectionDeviceIDType.STATIC,
    ConnectionCallID: o.wireId(callId),
  };
}

function skillGroup(info: AcdCallInfo | undefined) {
  return {
    ServiceNumber: NULL_U32,
    ServiceID: NULL_U32,
    SkillGroupNumber: info?.skillGroup?.number ?? NULL_U32,
    SkillGroupID: info?.skillGroup?.id ?? NULL_U32,
    SkillGroupPriority: 0,
  };
}

/** LineType of a call's connection: an ACD-routed call's INBOUND_ACD, else INSIDE ⚠. */
function line(info: AcdCallInfo | undefined) {
  return { LineHandle: 0, LineType: info === undefined ? LineType.INSIDE : LineType.INBOUND_ACD };
}

export function beginCallMessage(
  o: CallEventOrigin,
  callId: string,
  device: string,
  callType: number,
  data: CallData,
): CtiMessage {
  const cd = callDataFields(data);
  return ctiMessage(
    'BEGIN_CALL_EVENT',
    {
      MonitorID: 0,
      PeripheralID: o.peripheralID,
      PeripheralType: o.peripheralType,
      NumCTIClients: 0,
      NumNamedVariables: cd.numNamedVariables,
      NumNamedArrays: cd.numNamedArrays,
      CallType: callType,
      ConnectionDeviceIDType: ConnectionDeviceIDType.STATIC,
      ConnectionCallID: o.wireId(callId),
      CalledPartyDisposition: 0,
    },
    [{ name: 'ConnectionDeviceID', value: device }, ...cd.floating],
  );
}

export function callDataUpdateMessage(
  o: CallEventOrigin,
  callId: string,
  device: string,
  callType: number,
  data: CallData,
): CtiMessage {
  const cd = callDataFields(data);
  return ctiMessage(
    'CALL_DATA_UPDATE_EVENT',
    {
      MonitorID: 0,
      PeripheralID: o.peripheralID,
      PeripheralType: o.peripheralType,
      NumCTIClients: 0,
      NumNamedVariables: cd.numNamedVariables,
      NumNamedArrays: cd.numNamedArrays,
      CallType: callType,
      ConnectionDeviceIDType: ConnectionDeviceIDType.STATIC,
      ConnectionCallID: o.wireId(callId),
      // The call keeps its ConnectionCallID: no new connection (NULL).
      NewConnectionDeviceIDType: NULL_U16,
      NewConnectionCallID: NULL_U32,
      CalledPartyDisposition: 0,
      CampaignID: 0,
      QueryRuleID: 0,
    },
    [{ name: 'ConnectionDeviceID', value: device }, ...cd.floating],
  );
}

export function endCallMessage(o: CallEventOrigin, callId: string, device: string): CtiMessage {
  return ctiMessage('END_CALL_EVENT', head(o, callId), [{ name: 'ConnectionDeviceID', value: device }]);
}

export function callClearedMessage(
  o: CallEventOrigin,
  callId: string,
  device: string,
  cause: ModelCause,
): CtiMessage {
  return ctiMessage(
    'CALL_CLEARED_EVENT',
    { ...head(o, callId), LocalConnectionState: LocalConnectionState.NULL, EventCause: eventCause(cause) },
    [{ name: 'ConnectionDeviceID', value: device }],
  );
}

export function serviceInitiatedMessage(o: CallEventOrigin, e: ServiceInitiatedEvent): CtiMessage {
  const c = e.initiatedConnection;
  return ctiMessage(
    'CALL_SERVICE_INITIATED_EVENT',
    {
      ...head(o, c.callID),
      ...line(undefined),
      ...skillGroup(undefined),
      CallingDeviceType: deviceType(e.initiatingDevice),
      LocalConnectionState: LocalConnectionState.INITIATE,
      EventCause: eventCause(e.cause),
    },
    devices([
      ['ConnectionDeviceID', c.deviceID],
      ['CallingDeviceID', e.initiatingDevice],
    ]),
  );
}

export function originatedMessage(o: CallEventOrigin, e: OriginatedEvent): CtiMessage {
  const c = e.originatedConnection;
  return ctiMessage(
    'CALL_ORIGINATED_EVENT',
    {
      ...head(o, c.callID),
      ...line(undefined),
      ...skillGroup(undefined),
      CallingDeviceType: deviceType(e.callingDevice),
      CalledDeviceType: deviceType(e.calledDevice),
      LocalConnectionState: connectionState(e.localConnectionInfo[c.deviceID]),
      EventCause: eventCause(e.cause),
    },
    devices([
      ['ConnectionDeviceID', c.deviceID],
      ['CallingDeviceID', e.callingDevice],
      ['CalledDeviceID', e.calledDevice],
    ]),
  );
}

/**
 * CALL_DELIVERED_EVENT at the alerting device, with the call data when the ACD routed the call
 * ("CTI Planning": the workstation gets the call data as the call is delivered).
 */
export function deliveredMessage(
  o: CallEventOrigin,
  e: DeliveredEvent,
  info: AcdCallInfo | undefined,
): CtiMessage {
  const c = e.connection;
  const cd = info === undefined ? undefined : callDataFields(info.data);
  return ctiMessage(
    'CALL_DELIVERED_EVENT',
    {
      ...head(o, c.callID),
      ...line(info),
      ...skillGroup(info),
      AlertingDeviceType: deviceType(e.alertingDevice),
      CallingDeviceType: deviceType(e.callingDevice),
      CalledDeviceType: deviceType(e.calledDevice),
      LastRedirectDeviceType: deviceType(e.lastRedirectionDevice),
      LocalConnectionState: connectionState(e.localConnectionInfo[c.deviceID] ?? 'alerting'),
      EventCause: eventCause(e.cause),
      NumNamedVariables: cd?.numNamedVariables ?? 0,
      NumNamedArrays: cd?.numNamedArrays ?? 0,
    },
    [
      ...devices([
        ['ConnectionDeviceID', c.deviceID],
        ['AlertingDeviceID', e.alertingDevice],
        ['CallingDeviceID', e.callingDevice],
        ['CalledDeviceID', e.calledDevice],
        ['LastRedirectDeviceID', e.lastRedirectionDevice],
      ]),
      ...(cd?.floating ?? []),
    ],
  );
}

export function establishedMessage(
  o: CallEventOrigin,
  e: EstablishedEvent,
  info: AcdCallInfo | undefined,
): CtiMessage {
  const c = e.establishedConnection;
  return ctiMessage(
    'CALL_ESTABLISHED_EVENT',
    {
      ...head(o, c.callID),
      ...line(info),
      ...skillGroup(info),
      AnsweringDeviceType: deviceType(e.answeringDevice),
      CallingDeviceType: deviceType(e.callingDevice),
      CalledDeviceType: deviceType(e.calledDevice),
      LastRedirectDeviceType: deviceType(e.lastRedirectionDevice),
      LocalConnectionState: connectionState(e.localConnectionInfo[c.deviceID] ?? 'connected'),
      EventCause: eventCause(e.cause),
    },
    devices([
      ['ConnectionDeviceID', c.deviceID],
      ['AnsweringDeviceID', e.answeringDevice],
      ['CallingDeviceID', e.callingDevice],
      ['CalledDeviceID', e.calledDevice],
      ['LastRedirectDeviceID', e.lastRedirectionDevice],
    ]),
  );
}

export function heldMessage(o: CallEventOrigin, e: HeldEvent): CtiMessage {
  const c = e.heldConnection;
  return ctiMessage(
    'CALL_HELD_EVENT',
    {
      ...head(o, c.callID),
      HoldingDeviceType: deviceType(e.holdingDevice),
      LocalConnectionState: LocalConnectionState.HOLD,
      EventCause: eventCause(e.cause),
    },
    devices([
      ['ConnectionDeviceID', c.deviceID],
      ['HoldingDeviceID', e.holdingDevice],
    ]),
  );
}

export function retrievedMessage(o: CallEventOrigin, e: RetrievedEvent): CtiMessage {
  const c = e.retrievedConnection;
  return ctiMessage(
    'CALL_RETRIEVED_EVENT',
    {
      ...head(o, c.callID),
      RetrievingDeviceType: deviceType(e.retrievingDevice),
      LocalConnectionState: LocalConnectionState.CONNECT,
      EventCause: eventCause(e.cause),
    },
    devices([
      ['ConnectionDeviceID', c.deviceID],
      ['RetrievingDeviceID', e.retrievingDevice],
    ]),
  );
}

export function connectionClearedMessage(o: CallEventOrigin, e: ConnectionClearedEvent): CtiMessage {
  const c = e.droppedConnection;
  return ctiMessage(
    'CALL_CONNECTION_CLEARED_EVENT',
    {
      ...head(o, c.callID),
      ReleasingDeviceType: deviceType(e.releasingDevice),
      LocalConnectionState: LocalConnectionState.NULL,
      EventCause: eventCause(e.cause),
    },
    devices([
      ['ConnectionDeviceID', c.deviceID],
      ['ReleasingDeviceID', e.releasingDevice],
    ]),
  );
}

export function failedMessage(o: CallEventOrigin, e: FailedEvent): CtiMessage {
  const c = e.failedConnection;
  return ctiMessage(
    'CALL_FAILED_EVENT',
    {
      ...head(o, c.callID),
      FailingDeviceType: deviceType(e.failingDevice),
      CalledDeviceType: deviceType(e.calledDevice),
      LocalConnectionState: LocalConnectionState.FAIL,
      EventCause: eventCause(e.cause),
    },
    devices([
      ['ConnectionDeviceID', c.deviceID],
      ['FailingDeviceID', e.failingDevice],
      ['CalledDeviceID', e.calledDevice],
    ]),
  );
}

export function divertedMessage(o: CallEventOrigin, e: DivertedEvent): CtiMessage {
  const c = e.connection;
  return ctiMessage(
    'CALL_DIVERTED_EVENT',
    {
      ...head(o, c.callID),
      ServiceNumber: NULL_U32,
      ServiceID: NULL_U32,
      DivertingDeviceType: deviceType(e.divertingDevice),
      CalledDeviceType: deviceType(e.newDestination),
      LocalConnectionState: LocalConnectionState.NULL,
      EventCause: eventCause(e.cause),
    },
    devices([
      ['ConnectionDeviceID', c.deviceID],
      ['DivertingDeviceID', e.divertingDevice],
      ['CalledDeviceID', e.newDestination],
    ]),
  );
}

/** The parties of the resulting call, from the event's connection states after it. */
function connectedParties(o: CallEventOrigin, callId: string, states: Readonly<Record<string, ModelState>>) {
  const parties = Object.entries(states)
    .filter(([, s]) => s !== 'null')
    .map(([d]) => d);
  const floating: FloatingField[] = [];
  for (const d of parties)
    floating.push(
      { name: 'ConnectedPartyCallID', value: o.wireId(callId) },
      { name: 'ConnectedPartyDeviceIDType', value: DeviceIDType.DEVICE_IDENTIFIER },
      { name: 'ConnectedPartyDeviceID', value: d },
    );
  return { count: parties.length, floating };
}

export function transferredMessage(o: CallEventOrigin, e: TransferedEvent): CtiMessage {
  const primary = e.primaryOldCall;
  const secondary = e.secondaryOldCall ?? e.primaryOldCall;
  const parties = connectedParties(o, primary.callID, e.localConnectionInfo);
  return ctiMessage(
    'CALL_TRANSFERRED_EVENT',
    {
      MonitorID: 0,
      PeripheralID: o.peripheralID,
      PeripheralType: o.peripheralType,
      PrimaryDeviceIDType: ConnectionDeviceIDType.STATIC,
      PrimaryCallID: o.wireId(primary.callID),
      LineHandle: 0,
      LineType: LineType.INSIDE,
      SkillGroupNumber: NULL_U32,
      SkillGroupID: NULL_U32,
      SkillGroupPriority: 0,
      NumParties: parties.count,
      SecondaryDeviceIDType: ConnectionDeviceIDType.STATIC,
      SecondaryCallID: o.wireId(secondary.callID),
      TransferringDeviceType: deviceType(e.transferringDevice),
      TransferredDeviceType: deviceType(e.transferredToDevice),
      LocalConnectionState: LocalConnectionState.NULL,
      EventCause: eventCause(e.cause),
    },
    [
      { name: 'PrimaryDeviceID', value: primary.deviceID },
      { name: 'SecondaryDeviceID', value: secondary.deviceID },
      { name: 'TransferringDeviceID', value: e.transferringDevice },
      { name: 'TransferredDeviceID', value: e.transferredToDevice },
      ...parties.floating,
    ],
  );
}

export function conferencedMessage(o: CallEventOrigin, e: ConferencedEvent): CtiMessage {
  const primary = e.primaryOldCall;
  const secondary = e.secondaryOldCall ?? e.primaryOldCall;
  const parties = connectedParties(o, primary.callID, e.localConnectionInfo);
  return ctiMessage(
    'CALL_CONFERENCED_EVENT',
    {
      MonitorID: 0,
      PeripheralID: o.peripheralID,
      PeripheralType: o.peripheralType,
      PrimaryDeviceIDType: ConnectionDeviceIDType.STATIC,
      PrimaryCallID: o.wireId(primary.callID),
      LineHandle: 0,
      LineType: LineType.INSIDE,
      SkillGroupNumber: NULL_U32,
      SkillGroupID: NULL_U32,
      SkillGroupPriority: 0,
      NumParties: parties.count,
      SecondaryDeviceIDType: ConnectionDeviceIDType.STATIC,
      SecondaryCallID: o.wireId(secondary.callID),
      ControllerDeviceType: deviceType(e.conferencingDevice),
      AddedPartyDeviceType: deviceType(e.addedParty),
      LocalConnectionState: LocalConnectionState.CONNECT,
      EventCause: eventCause(e.cause),
    },
    [
      { name: 'PrimaryDeviceID', value: primary.deviceID },
      { name: 'SecondaryDeviceID', value: secondary.deviceID },
      { name: 'ControllerDeviceID', value: e.conferencingDevice },
      { name: 'AddedPartyDeviceID', value: e.addedParty },
      ...parties.floating,
    ],
  );
}

/** CALL_QUEUED_EVENT: the call waits at its dialed number for an agent of the skill group. */
export function queuedMessage(
  o: CallEventOrigin,
  callId: string,
  queue: string,
  caller: string,
  group: SkillGroupRef,
  queueLength: number,
): CtiMessage {
  return ctiMessage(
    'CALL_QUEUED_EVENT',
    {
      ...head(o, callId),
      ServiceNumber: NULL_U32,
      ServiceID: NULL_U32,
      QueueDeviceType: DeviceIDType.DEVICE_IDENTIFIER,
      CallingDeviceType: deviceType(caller),
      CalledDeviceType: DeviceIDType.DEVICE_IDENTIFIER,
      LastRedirectDeviceType: NULL_U16,
      NumQueued: queueLength,
      NumSkillGroups: 1,
      LocalConnectionState: LocalConnectionState.QUEUED,
      EventCause: EventCause.NO_AVAILABLE_AGENTS,
    },
    [
      { name: 'ConnectionDeviceID', value: queue },
      { name: 'QueueDeviceID', value: queue },
      { name: 'CallingDeviceID', value: caller },
      { name: 'CalledDeviceID', value: queue },
      { name: 'SkillGroupNumber', value: group.number },
      { name: 'SkillGroupID', value: group.id },
      { name: 'SkillGroupPriority', value: 0 },
    ],
  );
}

/** CALL_DEQUEUED_EVENT: the call left the queue, offered to an agent or abandoned. */
export function dequeuedMessage(
  o: CallEventOrigin,
  callId: string,
  queue: string,
  group: SkillGroupRef,
  left: number,
  why: 'offered' | 'abandoned',
): CtiMessage {
  return ctiMessage(
    'CALL_DEQUEUED_EVENT',
    {
      ...head(o, callId),
      QueueDeviceType: DeviceIDType.DEVICE_IDENTIFIER,
      ServiceNumber: NULL_U32,
      ServiceID: NULL_U32,
      NumQueued: left,
      NumSkillGroups: 1,
      LocalConnectionState: why === 'offered' ? LocalConnectionState.ALERTING : LocalConnectionState.NULL,
      EventCause: why === 'offered' ? EventCause.REDIRECTED : EventCause.CALL_CANCELLED,
    },
    [
      { name: 'ConnectionDeviceID', value: queue },
      { name: 'QueueDeviceID', value: queue },
      { name: 'SkillGroupNumber', value: group.number },
      { name: 'SkillGroupID', value: group.id },
      { name: 'SkillGroupPriority', value: 0 },
    ],
  );
}

/**
 * AGENT_PRE_CALL_EVENT for a pre-route indication (layout: uccertweb MessageType.scala row 105).
 * ⚠ The lab's ICM router pre-routes to a dialed number, not to an agent, so the event names no
 * AgentInstrument; DialedNumber says where the call will arrive, the skill group is the number's.
 */
export function preCallMessage(data: CallData, group: SkillGroupRef | undefined): CtiMessage {
  const cd = callDataFields(data, { dnis: false });
  return ctiMessage(
    'AGENT_PRE_CALL_EVENT',
    {
      MonitorID: 0,
      NumNamedVariables: cd.numNamedVariables,
      NumNamedArrays: cd.numNamedArrays,
      ServiceNumber: NULL_U32,
      ServiceID: NULL_U32,
      SkillGroupNumber: group?.number ?? NULL_U32,
      SkillGroupID: group?.id ?? NULL_U32,
      SkillGroupPriority: 0,
      MRDID: 0,
    },
    cd.floating,
  );
}

/** CALL_TRANSLATION_ROUTE_EVENT: a call will arrive on this peripheral with this data (DNIS = the route's). */
export function translationRouteMessage(data: CallData): CtiMessage {
  const cd = callDataFields(data);
  return ctiMessage(
    'CALL_TRANSLATION_ROUTE_EVENT',
    { NumNamedVariables: cd.numNamedVariables, NumNamedArrays: cd.numNamedArrays },
    cd.floating,
  );
}

/** CallType value of an ACD call type name. */
export function callTypeValue(name: CallTypeName): number {
  return CALL_TYPE[name];
}
