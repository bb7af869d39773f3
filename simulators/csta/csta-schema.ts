import {
  AUTO_ORIGINATE,
  DIGIT_MODES,
  ENCODING_ALGORITHMS,
  EVENT_CAUSES,
  FORWARDING_TYPES,
  LOCAL_CONNECTION_STATES,
  MONITOR_TYPES,
  PARTICIPATION_TYPES,
  SYSTEM_STATUS_VALUES,
} from './csta-enums.ts';
import { CSTA_ERROR_CODE_SPEC } from './csta-error-code.ts';
import {
  BOOLEAN,
  choice,
  EMPTY,
  enumeration,
  FEATURES,
  IGNORED,
  INTEGER,
  list,
  OPAQUE_XML,
  opt,
  optSince,
  req,
  struct,
  TEXT,
} from './csta-schema-kinds.ts';

/*
 * Child order tables of the modelled ECMA-323 elements. Every row lists ALL children of the element
 * in xsd:sequence order as recorded in the ECMA-323 schema (ed3/ed6 element order) (ED6 classes); children the
 * codec does not model are IGNORED (accepted in place, dropped). Which children are mandatory is
 * ECMA-269 semantics (the reference does not record minOccurs): only what the service cannot do
 * without is `req`, so real peers are not rejected for leaving out things we merely think are required.
 *
 * Rows marked "not in reference" are written from ECMA-269/ECMA-323 as remembered, following the
 * pattern of their recorded siblings; they are the first place to look if a real peer disagrees.
 */

/** ConnectionID: `choice (repeatable): callID | deviceID` — one or both, callID first. */
export const CONNECTION_ID = {
  kind: 'struct',
  fields: { callID: opt(TEXT), deviceID: opt(TEXT) },
  atLeastOne: true,
} as const;

/** DeviceID: text content (e.g. `tel:201`, `sip:201@host`, `201`); see device-id.ts. */
const DEVICE_ID = TEXT;

/** SubjectDeviceID (not in reference; pyssimist's DeliveredEvent): deviceIdentifier | notKnown. */
export const SUBJECT_DEVICE_ID = choice({ deviceIdentifier: DEVICE_ID, notKnown: EMPTY });

/** CallingDeviceID / CalledDeviceID / Network* / Associated* (not in reference): as Subject, plus restricted. */
export const PARTY_DEVICE_ID = choice({ deviceIdentifier: DEVICE_ID, notKnown: EMPTY, restricted: EMPTY });

/** RedirectionDeviceID (not in reference; pyssimist's DeliveredEvent uses numberDialed). */
export const REDIRECTION_DEVICE_ID = choice({
  numberDialed: DEVICE_ID,
  notKnown: EMPTY,
  notRequired: EMPTY,
  notSpecified: EMPTY,
  restricted: EMPTY,
});

/** ConnectionListItem (children not in reference): where a party's connection moved. */
export const CONNECTION_LIST = list(
  'connectionListItem',
  struct({
    newConnection: opt(CONNECTION_ID),
    oldConnection: opt(CONNECTION_ID),
    endpoint: opt(choice({ deviceID: DEVICE_ID, notKnown: EMPTY })),
    associatedNID: IGNORED,
    resultingConnectionInfo: IGNORED,
  }),
);

const CAUSE = enumeration(EVENT_CAUSES);
const LOCAL_CONNECTION_STATE = enumeration(LOCAL_CONNECTION_STATES);
const EXTENSIONS = opt(OPAQUE_XML);

// ---------------------------------------------------------------------------------------------
// Silent monitoring and recording (the CUCM CTI gateway; CUCM-ACG-008, CUCM-ACG-010)
// ---------------------------------------------------------------------------------------------
// the ECMA-323 schema (ed3/ed6 element order) lists these root elements but not their children: the rows below
// follow the xsd:sequence order of the ECMA-323 ed6/ed3 classes that reference was recovered from
// (emsonm/Ratcow.Csta, Ed6.cs / Ed3.cs). Services: ECMA-269 Single Step Conference Call (call
// control services) and the voice unit services Record Message and Stop, with their Record and
// Stop events (ECMA-269 clause 26).

const MONITORING_RECORDING_REQUESTS = {
  SingleStepConferenceCall: struct({
    activeCall: req(CONNECTION_ID),
    deviceToJoin: req(DEVICE_ID),
    // Absent = `active` (the schema's default).
    participationType: opt(enumeration(PARTICIPATION_TYPES)),
    accountCode: IGNORED,
    authCode: IGNORED,
    correlatorData: IGNORED,
    userData: IGNORED,
    subjectOfCall: opt(TEXT),
    languagePreferences: IGNORED,
    extensions: EXTENSIONS,
  }),
  RecordMessage: struct({
    callToBeRecorded: req(CONNECTION_ID),
    resource: opt(TEXT),
    samplingRate: opt(INTEGER),
    encodingAlgorithm: opt(enumeration(ENCODING_ALGORITHMS)),
    maxDuration: opt(INTEGER),
    termination: IGNORED,
    extensions: EXTENSIONS,
  }),
  // Which recording to stop: its connection and/or the message RecordMessage returned.
  Stop: struct({
    connection: opt(CONNECTION_ID),
    messageToBeStopped: opt(TEXT),
    resource: opt(TEXT),
    extensions: EXTENSIONS,
  }),
} as const;

const MONITORING_RECORDING_RESPONSES = {
  SingleStepConferenceCallResponse: struct({
    conferencedCall: req(CONNECTION_ID),
    conferencedCallInfo: IGNORED,
    callLinkageDataList: IGNORED,
    extensions: EXTENSIONS,
  }),
  // The message (recording) the request created: Stop names it in messageToBeStopped.
  RecordMessageResponse: struct({ resultingMessage: req(TEXT), extensions: EXTENSIONS }),
  StopResponse: struct({ extensions: EXTENSIONS }),
} as const;

/** RecordEvent and StopEvent have the same children (ECMA-269 voice unit events). */
const VOICE_UNIT_EVENT = struct({
  monitorCrossRefID: req(TEXT),
  connection: req(CONNECTION_ID),
  message: req(TEXT),
  resource: opt(TEXT),
  length: opt(INTEGER),
  currentPosition: opt(INTEGER),
  cause: opt(CAUSE),
  servicesPermitted: IGNORED,
  extensions: EXTENSIONS,
});

const MONITORING_RECORDING_EVENTS = {
  RecordEvent: VOICE_UNIT_EVENT,
  StopEvent: VOICE_UNIT_EVENT,
} as const;

// ---------------------------------------------------------------------------------------------
// Requests (CME CSTA guide Table 1 "Supported CSTA Services and Events" + the TR/87 session services)
// ---------------------------------------------------------------------------------------------

export const CSTA_REQUESTS = {
  RequestSystemStatus: struct({ sysStatRegisterID: opt(TEXT), extensions: EXTENSIONS }),
  SystemStatus: struct({
    sysStatRegisterID: opt(TEXT),
    systemStatus: req(enumeration(SYSTEM_STATUS_VALUES)),
    extensions: EXTENSIONS,
  }),
  GetCSTAFeatures: struct({ extensions: EXTENSIONS }),
  MonitorStart: struct({
    // MonitorObject (children not in reference): pyssimist/sipe send <deviceObject>.
    monitorObject: req(choice({ deviceObject: DEVICE_ID, callObject: CONNECTION_ID })),
    requestedMonitorFilter: IGNORED,
    monitorType: opt(enumeration(MONITOR_TYPES)),
    requestedMonitorMediaClass: IGNORED,
    extensions: EXTENSIONS,
  }),
  MonitorStop: struct({ monitorCrossRefID: req(TEXT), extensions: EXTENSIONS }),
  MakeCall: struct({
    callingDevice: req(DEVICE_ID),
    calledDirectoryNumber: req(DEVICE_ID),
    accountCode: IGNORED,
    authCode: IGNORED,
    autoOriginate: opt(enumeration(AUTO_ORIGINATE)),
    correlatorData: IGNORED,
    userData: IGNORED,
    callCharacteristics: IGNORED,
    mediaCallCharacteristics: IGNORED,
    callingConnectionInfo: IGNORED,
    subjectOfCall: opt(TEXT),
    languagePreferences: IGNORED,
    // ECMA TR/87 (client practice: pidgin-sipe sip-csta.c): "ed4 added `reason` to MakeCall" (absent from the ED3 MakeCall row).
    reason: optSince(CAUSE, 'ed4'),
    extensions: EXTENSIONS,
  }),
  AnswerCall: struct({
    callToBeAnswered: req(CONNECTION_ID),
    correlatorData: IGNORED,
    userData: IGNORED,
    extensions: EXTENSIONS,
  }),
  ClearConnection: struct({
    connectionToBeCleared: req(CONNECTION_ID),
    correlatorData: IGNORED,
    userData: IGNORED,
    reason: opt(CAUSE),
    extensions: EXTENSIONS,
  }),
  // Not in reference: ECMA-269 Reconnect Call parameters activeCall, heldCall, correlatorData, userData.
  ReconnectCall: struct({
    activeCall: req(CONNECTION_ID),
    heldCall: req(CONNECTION_ID),
    correlatorData: IGNORED,
    userData: IGNORED,
    extensions: EXTENSIONS,
  }),
  HoldCall: struct({
    callToBeHeld: req(CONNECTION_ID),
    connectionReservation: opt(BOOLEAN),
    extensions: EXTENSIONS,
  }),
  RetrieveCall: struct({ callToBeRetrieved: req(CONNECTION_ID), extensions: EXTENSIONS }),
  DeflectCall: struct({
    callToBeDiverted: req(CONNECTION_ID),
    // ed6: `list of DeviceID (each item element <device>)`; earlier editions: a DeviceID (see deviceOrList).
    newDestination: req({ kind: 'deviceOrList', item: 'device', listSince: 'ed6' } as const),
    correlatorData: IGNORED,
    userData: IGNORED,
    callCharacteristics: IGNORED,
    subjectOfCall: opt(TEXT),
    languagePreferences: IGNORED,
    reason: opt(CAUSE),
    extensions: EXTENSIONS,
  }),
  SingleStepTransferCall: struct({
    activeCall: req(CONNECTION_ID),
    transferredTo: req(DEVICE_ID),
    accountCode: IGNORED,
    authCode: IGNORED,
    correlatorData: IGNORED,
    userData: IGNORED,
    callCharacteristics: IGNORED,
    subjectOfCall: opt(TEXT),
    languagePreferences: IGNORED,
    reason: opt(CAUSE),
    extensions: EXTENSIONS,
  }),
  ConsultationCall: struct({
    existingCall: req(CONNECTION_ID),
    consultedDevice: req(DEVICE_ID),
    connectionReservation: opt(BOOLEAN),
    accountCode: IGNORED,
    authCode: IGNORED,
    correlatorData: IGNORED,
    userData: IGNORED,
    callCharacteristics: IGNORED,
    mediaCallCharacteristics: IGNORED,
    callingConnectionInfo: IGNORED,
    consultOptions: IGNORED,
    subjectOfCall: opt(TEXT),
    languagePreferences: IGNORED,
    extensions: EXTENSIONS,
  }),
  TransferCall: struct({
    heldCall: req(CONNECTION_ID),
    activeCall: req(CONNECTION_ID),
    extensions: EXTENSIONS,
  }),
  AlternateCall: struct({
    heldCall: req(CONNECTION_ID),
    activeCall: req(CONNECTION_ID),
    connectionReservation: opt(BOOLEAN),
    consultOptions: IGNORED,
    extensions: EXTENSIONS,
  }),
  GenerateDigits: struct({
    connectionToSendDigits: req(CONNECTION_ID),
    digitMode: opt(enumeration(DIGIT_MODES)),
    charactersToSend: req(TEXT),
    toneDuration: opt(INTEGER),
    pulseRate: opt(INTEGER),
    pauseDuration: opt(INTEGER),
    extensions: EXTENSIONS,
  }),
  GetDoNotDisturb: struct({ device: req(DEVICE_ID), extensions: EXTENSIONS }),
  SetDoNotDisturb: struct({
    device: req(DEVICE_ID),
    doNotDisturbOn: req(BOOLEAN),
    callOrigination: IGNORED,
    callingDeviceList: opt(list('callingDevice', DEVICE_ID)),
    extensions: EXTENSIONS,
  }),
  GetForwarding: struct({ device: req(DEVICE_ID), extensions: EXTENSIONS }),
  SetForwarding: struct({
    device: req(DEVICE_ID),
    forwardingType: opt(enumeration(FORWARDING_TYPES)),
    activateForward: req(BOOLEAN),
    forwardDN: opt(DEVICE_ID),
    ringCount: opt(INTEGER),
    ringDuration: opt(INTEGER),
    extensions: EXTENSIONS,
  }),
  SetMessageWaitingIndicator: struct({
    device: req(DEVICE_ID),
    messageWaitingOn: req(BOOLEAN),
    deviceForMessage: opt(DEVICE_ID),
    extensions: EXTENSIONS,
  }),
  SnapshotDevice: struct({ snapshotObject: req(DEVICE_ID), extensions: EXTENSIONS }),
  ...MONITORING_RECORDING_REQUESTS,
} as const;

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

const EMPTY_RESPONSE = struct({ extensions: EXTENSIONS });

/**
 * SnapshotDeviceData (children not in reference): `snapshotDeviceResponseInfo` items, each a
 * connection and its local call state (compound list of LocalConnectionState, or simple state).
 */
export const SNAPSHOT_DEVICE_DATA = list(
  'snapshotDeviceResponseInfo',
  struct({
    connectionIdentifier: req(CONNECTION_ID),
    localCallState: opt(
      choice({
        compoundCallState: list('localConnectionState', LOCAL_CONNECTION_STATE),
        simpleCallState: TEXT,
      }),
    ),
    servicesPermitted: IGNORED,
    mediaServiceInfoList: IGNORED,
    callLinkageData: IGNORED,
  }),
);

export const CSTA_RESPONSES = {
  RequestSystemStatusResponse: struct({
    systemStatus: req(enumeration(SYSTEM_STATUS_VALUES)),
    extensions: EXTENSIONS,
  }),
  SystemStatusResponse: EMPTY_RESPONSE,
  GetCSTAFeaturesResponse: struct({
    supportedServices: opt(FEATURES),
    supportedEvents: opt(FEATURES),
    extensions: EXTENSIONS,
  }),
  MonitorStartResponse: struct({
    monitorCrossRefID: req(TEXT),
    actualMonitorFilter: IGNORED,
    actualMonitorMediaClass: IGNORED,
    monitorExistingCalls: opt(BOOLEAN),
    extensions: EXTENSIONS,
  }),
  MonitorStopResponse: EMPTY_RESPONSE,
  MakeCallResponse: struct({
    callingDevice: req(CONNECTION_ID),
    mediaCallCharacteristics: IGNORED,
    initiatedCallInfo: IGNORED,
    callLinkageData: IGNORED,
    extensions: EXTENSIONS,
  }),
  AnswerCallResponse: EMPTY_RESPONSE,
  ClearConnectionResponse: EMPTY_RESPONSE,
  ReconnectCallResponse: EMPTY_RESPONSE,
  HoldCallResponse: EMPTY_RESPONSE,
  RetrieveCallResponse: EMPTY_RESPONSE,
  DeflectCallResponse: EMPTY_RESPONSE,
  SingleStepTransferCallResponse: struct({
    transferredCall: req(CONNECTION_ID),
    connections: opt(CONNECTION_LIST),
    transferredCallInfo: IGNORED,
    callLinkageDataList: IGNORED,
    extensions: EXTENSIONS,
  }),
  ConsultationCallResponse: struct({
    initiatedCall: req(CONNECTION_ID),
    mediaCallCharacteristics: IGNORED,
    initiatedCallInfo: IGNORED,
    callLinkageData: IGNORED,
    extensions: EXTENSIONS,
  }),
  TransferCallResponse: struct({
    transferredCall: req(CONNECTION_ID),
    connections: opt(CONNECTION_LIST),
    transferredCallInfo: IGNORED,
    callLinkageDataList: IGNORED,
    extensions: EXTENSIONS,
  }),
  AlternateCallResponse: EMPTY_RESPONSE,
  GenerateDigitsResponse: EMPTY_RESPONSE,
  GetDoNotDisturbResponse: struct({
    doNotDisturbOn: req(BOOLEAN),
    callOrigination: IGNORED,
    callingDeviceList: opt(list('callingDevice', DEVICE_ID)),
    extensions: EXTENSIONS,
  }),
  SetDoNotDisturbResponse: EMPTY_RESPONSE,
  GetForwardingResponse: struct({
    forwardingList: opt(
      list(
        'forwardListItem',
        struct({
          forwardingType: req(enumeration(FORWARDING_TYPES)),
          forwardStatus: req(BOOLEAN),
          forwardDN: opt(DEVICE_ID),
          forwardDefault: IGNORED,
          ringCount: opt(INTEGER),
          ringDuration: opt(INTEGER),
        }),
      ),
    ),
    extensions: EXTENSIONS,
  }),
  SetForwardingResponse: EMPTY_RESPONSE,
  SetMessageWaitingIndicatorResponse: EMPTY_RESPONSE,
  SnapshotDeviceResponse: struct({
    // pyssimist: <crossRefIDorSnapshotData><snapshotData/></crossRefIDorSnapshotData>
    crossRefIDorSnapshotData: req(choice({ serviceCrossRefID: TEXT, snapshotData: SNAPSHOT_DEVICE_DATA })),
    extensions: EXTENSIONS,
  }),
  ...MONITORING_RECORDING_RESPONSES,
} as const;

// ---------------------------------------------------------------------------------------------
// Events (CME CSTA guide "CTI Session": sent in INFO after MonitorStart, each with monitorCrossRefID)
// ---------------------------------------------------------------------------------------------

export const CSTA_EVENTS = {
  ServiceInitiatedEvent: struct({
    monitorCrossRefID: req(TEXT),
    initiatedConnection: req(CONNECTION_ID),
    initiatingDevice: req(SUBJECT_DEVICE_ID),
    calledDevice: opt(PARTY_DEVICE_ID),
    localConnectionInfo: opt(LOCAL_CONNECTION_STATE),
    correlatorData: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    initiatedConnectionInfo: IGNORED,
    networkCallingDevice: opt(PARTY_DEVICE_ID),
    networkCalledDevice: opt(PARTY_DEVICE_ID),
    associatedCallingDevice: opt(PARTY_DEVICE_ID),
    callLinkageData: IGNORED,
    subjectOfCall: opt(TEXT),
    messageInfo: IGNORED,
    languagePreferences: IGNORED,
    locationInfoList: IGNORED,
    extensions: EXTENSIONS,
  }),
  OriginatedEvent: struct({
    monitorCrossRefID: req(TEXT),
    originatedConnection: req(CONNECTION_ID),
    callingDevice: req(SUBJECT_DEVICE_ID),
    calledDevice: req(PARTY_DEVICE_ID),
    originatingDevice: opt(DEVICE_ID),
    localConnectionInfo: opt(LOCAL_CONNECTION_STATE),
    correlatorData: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    networkCallingDevice: opt(PARTY_DEVICE_ID),
    networkCalledDevice: opt(PARTY_DEVICE_ID),
    associatedCallingDevice: opt(PARTY_DEVICE_ID),
    associatedCalledDevice: opt(PARTY_DEVICE_ID),
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    originatedConnectionInfo: IGNORED,
    callLinkageData: IGNORED,
    subjectOfCall: opt(TEXT),
    messageInfo: IGNORED,
    languagePreferences: IGNORED,
    locationInfoList: IGNORED,
    extensions: EXTENSIONS,
  }),
  DeliveredEvent: struct({
    monitorCrossRefID: req(TEXT),
    connection: req(CONNECTION_ID),
    alertingDevice: req(SUBJECT_DEVICE_ID),
    callingDevice: req(PARTY_DEVICE_ID),
    calledDevice: req(PARTY_DEVICE_ID),
    lastRedirectionDevice: opt(REDIRECTION_DEVICE_ID),
    originatingNIDConnection: IGNORED,
    localConnectionInfo: opt(LOCAL_CONNECTION_STATE),
    correlatorData: IGNORED,
    userData: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    networkCallingDevice: opt(PARTY_DEVICE_ID),
    networkCalledDevice: opt(PARTY_DEVICE_ID),
    associatedCallingDevice: opt(PARTY_DEVICE_ID),
    associatedCalledDevice: opt(PARTY_DEVICE_ID),
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    connectionInfo: IGNORED,
    callLinkageData: IGNORED,
    subjectOfCall: opt(TEXT),
    messageInfo: IGNORED,
    languagePreferences: IGNORED,
    deviceHistory: IGNORED,
    locationInfoList: IGNORED,
    extensions: EXTENSIONS,
  }),
  EstablishedEvent: struct({
    monitorCrossRefID: req(TEXT),
    establishedConnection: req(CONNECTION_ID),
    answeringDevice: req(SUBJECT_DEVICE_ID),
    callingDevice: req(PARTY_DEVICE_ID),
    calledDevice: req(PARTY_DEVICE_ID),
    lastRedirectionDevice: opt(REDIRECTION_DEVICE_ID),
    // The schema's own spelling (the ECMA-323 schema (ed3/ed6 element order) EstablishedEvent).
    originatinNIDConnection: IGNORED,
    localConnectionInfo: opt(LOCAL_CONNECTION_STATE),
    correlatorData: IGNORED,
    userData: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    networkCallingDevice: opt(PARTY_DEVICE_ID),
    networkCalledDevice: opt(PARTY_DEVICE_ID),
    associatedCallingDevice: opt(PARTY_DEVICE_ID),
    associatedCalledDevice: opt(PARTY_DEVICE_ID),
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    establishedConnectionInfo: IGNORED,
    callLinkageData: IGNORED,
    subjectOfCall: opt(TEXT),
    messageInfo: IGNORED,
    languagePreferences: IGNORED,
    deviceHistory: IGNORED,
    locationInfoList: IGNORED,
    extensions: EXTENSIONS,
  }),
  // Not in reference: ECMA-269 Failed event, laid out like DeliveredEvent.
  FailedEvent: struct({
    monitorCrossRefID: req(TEXT),
    failedConnection: req(CONNECTION_ID),
    failingDevice: req(SUBJECT_DEVICE_ID),
    callingDevice: opt(PARTY_DEVICE_ID),
    calledDevice: opt(PARTY_DEVICE_ID),
    lastRedirectionDevice: opt(REDIRECTION_DEVICE_ID),
    originatingNIDConnection: IGNORED,
    localConnectionInfo: opt(LOCAL_CONNECTION_STATE),
    correlatorData: IGNORED,
    userData: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    networkCallingDevice: opt(PARTY_DEVICE_ID),
    networkCalledDevice: opt(PARTY_DEVICE_ID),
    associatedCallingDevice: opt(PARTY_DEVICE_ID),
    associatedCalledDevice: opt(PARTY_DEVICE_ID),
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    connectionInfo: IGNORED,
    callLinkageData: IGNORED,
    extensions: EXTENSIONS,
  }),
  ConnectionClearedEvent: struct({
    monitorCrossRefID: req(TEXT),
    droppedConnection: req(CONNECTION_ID),
    releasingDevice: req(SUBJECT_DEVICE_ID),
    localConnectionInfo: opt(LOCAL_CONNECTION_STATE),
    correlatorData: IGNORED,
    userData: IGNORED,
    chargingInfo: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    droppedConnectionInfo: IGNORED,
    callLinkageData: IGNORED,
    languagePreferences: IGNORED,
    deviceHistory: IGNORED,
    locationInfoList: IGNORED,
    extensions: EXTENSIONS,
  }),
  // Not in reference: ECMA-269 Call Cleared has no monitored connection, so no localConnectionInfo.
  CallClearedEvent: struct({
    monitorCrossRefID: req(TEXT),
    clearedCall: req(CONNECTION_ID),
    correlatorData: IGNORED,
    userData: IGNORED,
    chargingInfo: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    callLinkageData: IGNORED,
    extensions: EXTENSIONS,
  }),
  HeldEvent: struct({
    monitorCrossRefID: req(TEXT),
    heldConnection: req(CONNECTION_ID),
    holdingDevice: req(SUBJECT_DEVICE_ID),
    localConnectionInfo: opt(LOCAL_CONNECTION_STATE),
    correlatorData: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    heldConnectionInfo: IGNORED,
    callLinkageData: IGNORED,
    languagePreferences: IGNORED,
    locationInfoList: IGNORED,
    extensions: EXTENSIONS,
  }),
  RetrievedEvent: struct({
    monitorCrossRefID: req(TEXT),
    retrievedConnection: req(CONNECTION_ID),
    retrievingDevice: req(SUBJECT_DEVICE_ID),
    localConnectionInfo: opt(LOCAL_CONNECTION_STATE),
    correlatorData: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    retrievedConnectionInfo: IGNORED,
    callLinkageData: IGNORED,
    languagePreferences: IGNORED,
    locationInfoList: IGNORED,
    extensions: EXTENSIONS,
  }),
  // The schema's spelling `TransferedEvent` (DESIGN §6).
  TransferedEvent: struct({
    monitorCrossRefID: req(TEXT),
    primaryOldCall: req(CONNECTION_ID),
    secondaryOldCall: opt(CONNECTION_ID),
    transferringDevice: req(SUBJECT_DEVICE_ID),
    transferredToDevice: req(SUBJECT_DEVICE_ID),
    transferredConnections: opt(CONNECTION_LIST),
    localConnectionInfo: opt(LOCAL_CONNECTION_STATE),
    correlatorData: IGNORED,
    userData: IGNORED,
    chargingInfo: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    callLinkageDataList: IGNORED,
    languagePreferences: IGNORED,
    deviceHistory: IGNORED,
    locationInfoList: IGNORED,
    extensions: EXTENSIONS,
  }),
  ConferencedEvent: struct({
    monitorCrossRefID: req(TEXT),
    primaryOldCall: req(CONNECTION_ID),
    secondaryOldCall: opt(CONNECTION_ID),
    conferencingDevice: req(SUBJECT_DEVICE_ID),
    addedParty: req(SUBJECT_DEVICE_ID),
    conferenceConnections: opt(CONNECTION_LIST),
    localConnectionInfo: opt(LOCAL_CONNECTION_STATE),
    correlatorData: IGNORED,
    userData: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    callLinkageDataList: IGNORED,
    languagePreferences: IGNORED,
    deviceHistory: IGNORED,
    locationInfoList: IGNORED,
    extensions: EXTENSIONS,
  }),
  DivertedEvent: struct({
    monitorCrossRefID: req(TEXT),
    connection: req(CONNECTION_ID),
    divertingDevice: req(SUBJECT_DEVICE_ID),
    newDestination: req(SUBJECT_DEVICE_ID),
    callingDevice: opt(PARTY_DEVICE_ID),
    calledDevice: opt(PARTY_DEVICE_ID),
    lastRedirectionDevice: opt(REDIRECTION_DEVICE_ID),
    localConnectionInfo: opt(LOCAL_CONNECTION_STATE),
    correlatorData: IGNORED,
    userData: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    connectionInfo: IGNORED,
    networkCallingDevice: opt(PARTY_DEVICE_ID),
    networkCalledDevice: opt(PARTY_DEVICE_ID),
    associatedCallingDevice: opt(PARTY_DEVICE_ID),
    associatedCalledDevice: opt(PARTY_DEVICE_ID),
    callLinkageData: IGNORED,
    subjectOfCall: opt(TEXT),
    messageInfo: IGNORED,
    languagePreferences: IGNORED,
    deviceHistory: IGNORED,
    locationInfoList: IGNORED,
    extensions: EXTENSIONS,
  }),
  // ECMA-269 §17.2.x Queued event, ECMA-323 QueuedEvent (element order of the ECMA-323 schema):
  // the call waits at a device (a Call Park DN: cause park).
  QueuedEvent: struct({
    monitorCrossRefID: req(TEXT),
    queuedConnection: req(CONNECTION_ID),
    queue: req(SUBJECT_DEVICE_ID),
    callingDevice: req(PARTY_DEVICE_ID),
    calledDevice: req(PARTY_DEVICE_ID),
    lastRedirectionDevice: opt(REDIRECTION_DEVICE_ID),
    numberQueued: opt(INTEGER),
    callsInFront: opt(INTEGER),
    localConnectionInfo: opt(LOCAL_CONNECTION_STATE),
    correlatorData: IGNORED,
    userData: IGNORED,
    cause: opt(CAUSE),
    servicesPermitted: IGNORED,
    networkCallingDevice: opt(PARTY_DEVICE_ID),
    networkCalledDevice: opt(PARTY_DEVICE_ID),
    associatedCallingDevice: opt(PARTY_DEVICE_ID),
    associatedCalledDevice: opt(PARTY_DEVICE_ID),
    mediaCallCharacteristics: IGNORED,
    callCharacteristics: IGNORED,
    queuedConnectionInfo: IGNORED,
    callLinkageData: IGNORED,
    extensions: EXTENSIONS,
  }),
  DoNotDisturbEvent: struct({
    monitorCrossRefID: req(TEXT),
    device: req(SUBJECT_DEVICE_ID),
    doNotDisturbOn: req(BOOLEAN),
    callOrigination: IGNORED,
    callingDeviceList: opt(list('callingDevice', DEVICE_ID)),
    extensions: EXTENSIONS,
  }),
  ForwardingEvent: struct({
    monitorCrossRefID: req(TEXT),
    device: req(SUBJECT_DEVICE_ID),
    forwardingType: opt(enumeration(FORWARDING_TYPES)),
    forwardStatus: req(BOOLEAN),
    forwardTo: opt(DEVICE_ID),
    forwardDefault: IGNORED,
    ringCount: opt(INTEGER),
    ringDuration: opt(INTEGER),
    extensions: EXTENSIONS,
  }),
  // Not in reference: ECMA-269 Message Waiting event (targetDevice, deviceForMessage, messageWaitingOn).
  MessageWaitingEvent: struct({
    monitorCrossRefID: req(TEXT),
    targetDevice: req(SUBJECT_DEVICE_ID),
    deviceForMessage: opt(SUBJECT_DEVICE_ID),
    messageWaitingOn: req(BOOLEAN),
    messageWaitingDetails: IGNORED,
    extensions: EXTENSIONS,
  }),
  // ECMA-269 §17.2.11 Out of Service and §17.2.1 Back in Service (ECMA-323 OutOfServiceEvent,
  // BackInServiceEvent; element list in the ECMA-323 schema (ed3/ed6 element order)): a monitored device left
  // or re-entered service. The CUCM CTIManager sends them around a failover (JTAPI's
  // out-of-service / in-service device events).
  OutOfServiceEvent: struct({
    monitorCrossRefID: req(TEXT),
    device: req(SUBJECT_DEVICE_ID),
    extensions: EXTENSIONS,
  }),
  BackInServiceEvent: struct({
    monitorCrossRefID: req(TEXT),
    device: req(SUBJECT_DEVICE_ID),
    extensions: EXTENSIONS,
  }),
  // Not in reference: ECMA-269 Digits Generated event.
  DigitsGeneratedEvent: struct({
    monitorCrossRefID: req(TEXT),
    connection: req(CONNECTION_ID),
    digitGeneratedList: opt(TEXT),
    digitDurationList: IGNORED,
    pauseDurationList: IGNORED,
    connectionInfo: IGNORED,
    extensions: EXTENSIONS,
  }),
  ...MONITORING_RECORDING_EVENTS,
} as const;

/** The negative response to any request (ECMA-323 root element `CSTAErrorCode`). */
export const CSTA_ERRORS = { CSTAErrorCode: CSTA_ERROR_CODE_SPEC } as const;

export const CSTA_MESSAGES = { ...CSTA_REQUESTS, ...CSTA_RESPONSES, ...CSTA_EVENTS, ...CSTA_ERRORS } as const;

export type CstaMessageType = keyof typeof CSTA_MESSAGES;

export function isCstaMessageType(name: string): name is CstaMessageType {
  return Object.hasOwn(CSTA_MESSAGES, name);
}
