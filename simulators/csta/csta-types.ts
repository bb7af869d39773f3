import type {
  CONNECTION_ID,
  CONNECTION_LIST,
  CSTA_ERRORS,
  CSTA_EVENTS,
  CSTA_REQUESTS,
  CSTA_RESPONSES,
  PARTY_DEVICE_ID,
  REDIRECTION_DEVICE_ID,
  SNAPSHOT_DEVICE_DATA,
  SUBJECT_DEVICE_ID,
} from './csta-schema.ts';
import type { Infer } from './csta-schema-kinds.ts';

/**
 * The message types, inferred from the child-order tables in csta-schema.ts: every message is
 * `{ type: <root element name>, ...children }` with the element names of ECMA-323 as field names
 * (the convention of simulators/calls/call-events.ts). Device identifiers stay strings.
 */
type MessagesOf<T> = { [K in keyof T]: { readonly type: K } & Infer<T[K]> };

type Requests = MessagesOf<typeof CSTA_REQUESTS>;
type Responses = MessagesOf<typeof CSTA_RESPONSES>;
type Events = MessagesOf<typeof CSTA_EVENTS>;
type Errors = MessagesOf<typeof CSTA_ERRORS>;

export type CstaRequest = Requests[keyof Requests];
export type CstaResponse = Responses[keyof Responses];
export type CstaEvent = Events[keyof Events];
/** `{ type: 'CSTAErrorCode', operation: 'invalidDeviceID' }` and the like. */
export type CstaErrorMessage = Errors[keyof Errors];
export type CstaMessage = CstaRequest | CstaResponse | CstaEvent | CstaErrorMessage;
export type CstaMessageOf<K extends CstaMessage['type']> = Extract<CstaMessage, { readonly type: K }>;

// Shared element types.
export type CstaConnectionID = Infer<typeof CONNECTION_ID>;
export type SubjectDeviceID = Infer<typeof SUBJECT_DEVICE_ID>;
export type PartyDeviceID = Infer<typeof PARTY_DEVICE_ID>;
export type RedirectionDeviceID = Infer<typeof REDIRECTION_DEVICE_ID>;
export type ConnectionListItem = Infer<typeof CONNECTION_LIST>[number];
export type SnapshotDeviceResponseInfo = Infer<typeof SNAPSHOT_DEVICE_DATA>[number];

// Requests.
export type RequestSystemStatus = Requests['RequestSystemStatus'];
export type SystemStatus = Requests['SystemStatus'];
export type GetCSTAFeatures = Requests['GetCSTAFeatures'];
export type MonitorStart = Requests['MonitorStart'];
export type MonitorStop = Requests['MonitorStop'];
export type MakeCall = Requests['MakeCall'];
export type AnswerCall = Requests['AnswerCall'];
export type ClearConnection = Requests['ClearConnection'];
export type ReconnectCall = Requests['ReconnectCall'];
export type HoldCall = Requests['HoldCall'];
export type RetrieveCall = Requests['RetrieveCall'];
export type DeflectCall = Requests['DeflectCall'];
export type SingleStepTransferCall = Requests['SingleStepTransferCall'];
export type ConsultationCall = Requests['ConsultationCall'];
export type TransferCall = Requests['TransferCall'];
export type AlternateCall = Requests['AlternateCall'];
export type GenerateDigits = Requests['GenerateDigits'];
export type GetDoNotDisturb = Requests['GetDoNotDisturb'];
export type SetDoNotDisturb = Requests['SetDoNotDisturb'];
export type GetForwarding = Requests['GetForwarding'];
export type SetForwarding = Requests['SetForwarding'];
export type SetMessageWaitingIndicator = Requests['SetMessageWaitingIndicator'];
export type SnapshotDevice = Requests['SnapshotDevice'];
export type SingleStepConferenceCall = Requests['SingleStepConferenceCall'];
export type RecordMessage = Requests['RecordMessage'];
export type Stop = Requests['Stop'];

// Responses.
export type RequestSystemStatusResponse = Responses['RequestSystemStatusResponse'];
export type SystemStatusResponse = Responses['SystemStatusResponse'];
export type GetCSTAFeaturesResponse = Responses['GetCSTAFeaturesResponse'];
export type MonitorStartResponse = Responses['MonitorStartResponse'];
export type MonitorStopResponse = Responses['MonitorStopResponse'];
export type MakeCallResponse = Responses['MakeCallResponse'];
export type AnswerCallResponse = Responses['AnswerCallResponse'];
export type ClearConnectionResponse = Responses['ClearConnectionResponse'];
export type ReconnectCallResponse = Responses['ReconnectCallResponse'];
export type HoldCallResponse = Responses['HoldCallResponse'];
export type RetrieveCallResponse = Responses['RetrieveCallResponse'];
export type DeflectCallResponse = Responses['DeflectCallResponse'];
export type SingleStepTransferCallResponse = Responses['SingleStepTransferCallResponse'];
export type ConsultationCallResponse = Responses['ConsultationCallResponse'];
export type TransferCallResponse = Responses['TransferCallResponse'];
export type AlternateCallResponse = Responses['AlternateCallResponse'];
export type GenerateDigitsResponse = Responses['GenerateDigitsResponse'];
export type GetDoNotDisturbResponse = Responses['GetDoNotDisturbResponse'];
export type SetDoNotDisturbResponse = Responses['SetDoNotDisturbResponse'];
export type GetForwardingResponse = Responses['GetForwardingResponse'];
export type SetForwardingResponse = Responses['SetForwardingResponse'];
export type SetMessageWaitingIndicatorResponse = Responses['SetMessageWaitingIndicatorResponse'];
export type SnapshotDeviceResponse = Responses['SnapshotDeviceResponse'];
export type SingleStepConferenceCallResponse = Responses['SingleStepConferenceCallResponse'];
export type RecordMessageResponse = Responses['RecordMessageResponse'];
export type StopResponse = Responses['StopResponse'];

// Events.
export type ServiceInitiatedEvent = Events['ServiceInitiatedEvent'];
export type OriginatedEvent = Events['OriginatedEvent'];
export type DeliveredEvent = Events['DeliveredEvent'];
export type EstablishedEvent = Events['EstablishedEvent'];
export type FailedEvent = Events['FailedEvent'];
export type ConnectionClearedEvent = Events['ConnectionClearedEvent'];
export type CallClearedEvent = Events['CallClearedEvent'];
export type HeldEvent = Events['HeldEvent'];
export type RetrievedEvent = Events['RetrievedEvent'];
export type TransferedEvent = Events['TransferedEvent'];
export type ConferencedEvent = Events['ConferencedEvent'];
export type DivertedEvent = Events['DivertedEvent'];
export type QueuedEvent = Events['QueuedEvent'];
export type DoNotDisturbEvent = Events['DoNotDisturbEvent'];
export type ForwardingEvent = Events['ForwardingEvent'];
export type MessageWaitingEvent = Events['MessageWaitingEvent'];
export type DigitsGeneratedEvent = Events['DigitsGeneratedEvent'];
export type OutOfServiceEvent = Events['OutOfServiceEvent'];
export type BackInServiceEvent = Events['BackInServiceEvent'];
export type RecordEvent = Events['RecordEvent'];
export type StopEvent = Events['StopEvent'];
