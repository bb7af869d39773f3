import type { ConnectionID, LocalConnectionState } from './connection-state.ts';

/**
 * Events of the call model, shaped after the ECMA-323 event elements
 * (the ECMA-323 schema (ed3/ed6 element order): DeliveredEvent, EstablishedEvent, ...). Field names are the
 * element's child names; only the children the model can fill are present.
 *
 * Two additions for the nodes that translate these events:
 * - `monitoredDevices`: every device whose device monitor must report the event (each party on
 *   the call(s) involved, plus a diverting device).
 * - `localConnectionInfo`: ECMA-269 reports the state of the *monitored* device's connection, which
 *   differs per monitor (a Delivered event is `alerting` for the called device and `connected` for
 *   the caller), so it is given as a map from device number to that device's connection state in
 *   the call after the event (`null` for a device that has left it).
 */

/** The subset of ECMA-269 EventCause values this model produces. */
export type EventCause =
  | 'newCall'
  | 'makeCall'
  | 'consultation'
  | 'normalClearing'
  | 'busy'
  | 'doNotDisturb'
  | 'invalidNumberFormat'
  | 'destOutOfOrder'
  | 'callForwardImmediate'
  | 'callForwardBusy'
  | 'callForwardNoAnswer'
  | 'redirected'
  | 'transfer'
  | 'singleStepTransfer'
  | 'conference'
  | 'alternate'
  | 'park'
  | 'recall'
  | 'callPickup'
  | 'singleStepConference'
  | 'silentParticipation'
  /** ECMA-269 EventCause: the called party did not answer (dial-via-office callback leg unanswered). */
  | 'callNotAnswered'
  /** ECMA-269 EventCause: the destination cannot be reached (dial-via-office callback leg unreachable). */
  | 'destNotObtainable';

export type ForwardingType = 'forwardImmediate' | 'forwardBusy' | 'forwardNoAns';

export type ConnectionStates = Readonly<Record<string, LocalConnectionState>>;

interface EventBase {
  readonly monitoredDevices: readonly string[];
}

interface CallEventBase extends EventBase {
  readonly localConnectionInfo: ConnectionStates;
  readonly cause: EventCause;
}

/**
 * Held/Retrieved carry a cause only when a compound service caused them (ECMA-269: optional);
 * DigitsGenerated has none.
 */
interface OptionalCauseEventBase extends EventBase {
  readonly localConnectionInfo: ConnectionStates;
  readonly cause?: EventCause;
}

/** ECMA-323 ConnectionListItem: where a party's connection moved in a transfer or conference. */
export interface ConnectionListItem {
  readonly newConnection: ConnectionID;
  readonly oldConnection: ConnectionID;
  readonly endpoint: string;
}

export interface ServiceInitiatedEvent extends CallEventBase {
  readonly type: 'ServiceInitiatedEvent';
  readonly initiatedConnection: ConnectionID;
  readonly initiatingDevice: string;
}

export interface OriginatedEvent extends CallEventBase {
  readonly type: 'OriginatedEvent';
  readonly originatedConnection: ConnectionID;
  readonly callingDevice: string;
  readonly calledDevice: string;
}

export interface DeliveredEvent extends CallEventBase {
  readonly type: 'DeliveredEvent';
  readonly connection: ConnectionID;
  readonly alertingDevice: string;
  readonly callingDevice: string;
  readonly calledDevice: string;
  readonly lastRedirectionDevice?: string;
  /** The calling number shown to the called party, when an application set one (call-model.ts PresentationOptions). */
  readonly presentedCallingNumber?: string;
}

export interface EstablishedEvent extends CallEventBase {
  readonly type: 'EstablishedEvent';
  readonly establishedConnection: ConnectionID;
  readonly answeringDevice: string;
  readonly callingDevice: string;
  readonly calledDevice: string;
  readonly lastRedirectionDevice?: string;
  /** The calling number shown to the called party, when an application set one (call-model.ts PresentationOptions). */
  readonly presentedCallingNumber?: string;
}

export interface FailedEvent extends CallEventBase {
  readonly type: 'FailedEvent';
  /** The connection that went to `fail` (the party that placed or was left holding the call). */
  readonly failedConnection: ConnectionID;
  /** The device the call could not reach (or the dialled digits when they match no device). */
  readonly failingDevice: string;
  readonly callingDevice: string;
  readonly calledDevice: string;
  readonly lastRedirectionDevice?: string;
}

export interface ConnectionClearedEvent extends CallEventBase {
  readonly type: 'ConnectionClearedEvent';
  readonly droppedConnection: ConnectionID;
  readonly releasingDevice: string;
}

export interface CallClearedEvent extends CallEventBase {
  readonly type: 'CallClearedEvent';
  /** ECMA-323 `clearedCall`: a ConnectionID carrying only the call. */
  readonly clearedCall: { readonly callID: string };
}

export interface HeldEvent extends OptionalCauseEventBase {
  readonly type: 'HeldEvent';
  readonly heldConnection: ConnectionID;
  readonly holdingDevice: string;
}

export interface RetrievedEvent extends OptionalCauseEventBase {
  readonly type: 'RetrievedEvent';
  readonly retrievedConnection: ConnectionID;
  readonly retrievingDevice: string;
}

export interface TransferedEvent extends CallEventBase {
  readonly type: 'TransferedEvent';
  readonly primaryOldCall: ConnectionID;
  /** Absent for a single-step transfer, which has only one call. */
  readonly secondaryOldCall?: ConnectionID;
  readonly transferringDevice: string;
  readonly transferredToDevice: string;
  readonly transferredConnections: readonly ConnectionListItem[];
}

export interface ConferencedEvent extends CallEventBase {
  readonly type: 'ConferencedEvent';
  readonly primaryOldCall: ConnectionID;
  /** Absent for a single-step conference, which joins a device to one call. */
  readonly secondaryOldCall?: ConnectionID;
  readonly conferencingDevice: string;
  readonly addedParty: string;
  readonly conferenceConnections: readonly ConnectionListItem[];
}

export interface DivertedEvent extends CallEventBase {
  readonly type: 'DivertedEvent';
  /** The connection at the diverting device (now gone from the call). */
  readonly connection: ConnectionID;
  readonly divertingDevice: string;
  readonly newDestination: string;
  readonly callingDevice: string;
  readonly calledDevice: string;
  readonly lastRedirectionDevice?: string;
}

/**
 * ECMA-269 Queued event: the call waits at a device, here a Call Park DN (cause `park`). Reported
 * to the parked-to device's monitors only (`monitoredDevices`; calls/call-park.ts).
 */
export interface QueuedEvent extends CallEventBase {
  readonly type: 'QueuedEvent';
  readonly queuedConnection: ConnectionID;
  /** The device the call is queued at (the park DN). */
  readonly queue: string;
  readonly callingDevice: string;
  readonly calledDevice: string;
  readonly numberQueued: number;
}

export interface DigitsGeneratedEvent extends OptionalCauseEventBase {
  readonly type: 'DigitsGeneratedEvent';
  readonly connection: ConnectionID;
  readonly digitGeneratedList: string;
}

export interface DoNotDisturbEvent extends EventBase {
  readonly type: 'DoNotDisturbEvent';
  readonly device: string;
  readonly doNotDisturbOn: boolean;
}

export interface ForwardingEvent extends EventBase {
  readonly type: 'ForwardingEvent';
  readonly device: string;
  readonly forwardingType: ForwardingType;
  readonly forwardStatus: boolean;
  readonly forwardTo?: string;
  /** ECMA-323 `ringDuration` (seconds) for forwardNoAns. */
  readonly ringDuration?: number;
}

export interface MessageWaitingEvent extends EventBase {
  readonly type: 'MessageWaitingEvent';
  readonly targetDevice: string;
  readonly messageWaitingOn: boolean;
}

export type CallEvent =
  | ServiceInitiatedEvent
  | OriginatedEvent
  | DeliveredEvent
  | EstablishedEvent
  | FailedEvent
  | ConnectionClearedEvent
  | CallClearedEvent
  | HeldEvent
  | RetrievedEvent
  | TransferedEvent
  | ConferencedEvent
  | DivertedEvent
  | QueuedEvent
  | DigitsGeneratedEvent
  | DoNotDisturbEvent
  | ForwardingEvent
  | MessageWaitingEvent;

export type CallEventType = CallEvent['type'];

export type CallEventListener = (event: CallEvent) => void;

/** Every ConnectionID an event reports (used to check `monitoredDevices` covers them). */
export function reportedConnections(event: CallEvent): ConnectionID[] {
  switch (event.type) {
    case 'ServiceInitiatedEvent':
      return [event.initiatedConnection];
    case 'OriginatedEvent':
      return [event.originatedConnection];
    case 'DeliveredEvent':
    case 'DivertedEvent':
    case 'DigitsGeneratedEvent':
      return [event.connection];
    case 'EstablishedEvent':
      return [event.establishedConnection];
    case 'FailedEvent':
      return [event.failedConnection];
    case 'ConnectionClearedEvent':
      return [event.droppedConnection];
    case 'HeldEvent':
      return [event.heldConnection];
    case 'RetrievedEvent':
      return [event.retrievedConnection];
    case 'QueuedEvent':
      return [event.queuedConnection];
    case 'TransferedEvent':
      return [
        event.primaryOldCall,
        ...(event.secondaryOldCall ? [event.secondaryOldCall] : []),
        ...event.transferredConnections.flatMap((c) => [c.newConnection, c.oldConnection]),
      ];
    case 'ConferencedEvent':
      return [
        event.primaryOldCall,
        ...(event.secondaryOldCall ? [event.secondaryOldCall] : []),
        ...event.conferenceConnections.flatMap((c) => [c.newConnection, c.oldConnection]),
      ];
    case 'CallClearedEvent':
    case 'DoNotDisturbEvent':
    case 'ForwardingEvent':
    case 'MessageWaitingEvent':
      return [];
  }
}
