import type { CallEvent, ConnectionListItem } from '../../calls/call-events.ts';
import type { ConnectionID } from '../../calls/connection-state.ts';
import type { CstaConnectionID, CstaEvent, PartyDeviceID, SubjectDeviceID } from '../../csta/csta-types.ts';
import { dialableNumber } from '../../csta/device-id.ts';

/** Writes a directory number the way the CME reports it (cti message device-id suppress-conversion). */
export type DeviceFormatter = (number: string) => string;

/**
 * A call-model event as the ECMA-323 event one device monitor receives (CME CSTA guide "CTI Session":
 * events flow after MonitorStart, each carrying its monitorCrossRefID — ECMA TR/87 (client practice: pidgin-sipe sip-csta.c)
 * "Sipe filters incoming events by monitorCrossRefID"). `localConnectionInfo` is the state of the
 * monitored device's own connection (ECMA-269), taken from the model's per-device map.
 * Returns undefined for events device monitors do not get (CallCleared: a call monitor's event).
 */
export function cstaEventFor(
  event: CallEvent,
  monitoredDn: string,
  monitorCrossRefID: string,
  fmt: DeviceFormatter,
): CstaEvent | undefined {
  const local =
    'localConnectionInfo' in event && event.localConnectionInfo[monitoredDn] !== undefined
      ? { localConnectionInfo: event.localConnectionInfo[monitoredDn] }
      : {};
  const cause = 'cause' in event && event.cause !== undefined ? { cause: event.cause } : {};
  const id = { monitorCrossRefID };
  switch (event.type) {
    case 'ServiceInitiatedEvent':
      return {
        type: event.type,
        ...id,
        initiatedConnection: conn(fmt, event.initiatedConnection),
        initiatingDevice: subject(fmt, event.initiatingDevice),
        ...local,
        ...cause,
      };
    case 'OriginatedEvent':
      return {
        type: event.type,
        ...id,
        originatedConnection: conn(fmt, event.originatedConnection),
        callingDevice: subject(fmt, event.callingDevice),
        calledDevice: party(fmt, event.calledDevice),
        ...local,
        ...cause,
      };
    case 'DeliveredEvent':
      return {
        type: event.type,
        ...id,
        connection: conn(fmt, event.connection),
        alertingDevice: subject(fmt, event.alertingDevice),
        callingDevice: party(fmt, event.callingDevice),
        calledDevice: party(fmt, event.calledDevice),
        ...redirection(fmt, event.lastRedirectionDevice),
        ...local,
        ...cause,
      };
    case 'EstablishedEvent':
      return {
        type: event.type,
        ...id,
        establishedConnection: conn(fmt, event.establishedConnection),
        answeringDevice: subject(fmt, event.answeringDevice),
        callingDevice: party(fmt, event.callingDevice),
        calledDevice: party(fmt, event.calledDevice),
        ...redirection(fmt, event.lastRedirectionDevice),
        ...local,
        ...cause,
      };
    case 'FailedEvent':
      return {
        type: event.type,
        ...id,
        failedConnection: conn(fmt, event.failedConnection),
        failingDevice: subject(fmt, event.failingDevice),
        callingDevice: party(fmt, event.callingDevice),
        calledDevice: party(fmt, event.calledDevice),
        ...redirection(fmt, event.lastRedirectionDevice),
        ...local,
        ...cause,
      };
    case 'ConnectionClearedEvent':
      return {
        type: event.type,
        ...id,
        droppedConnection: conn(fmt, event.droppedConnection),
        releasingDevice: subject(fmt, event.releasingDevice),
        ...local,
        ...cause,
      };
    case 'CallClearedEvent':
      return undefined;
    case 'HeldEvent':
      return {
        type: event.type,
        ...id,
        heldConnection: conn(fmt, event.heldConnection),
        holdingDevice: subject(fmt, event.holdingDevice),
        ...local,
        ...cause,
      };
    case 'RetrievedEvent':
      return {
        type: event.type,
        ...id,
        retrievedConnection: conn(fmt, event.retrievedConnection),
        retrievingDevice: subject(fmt, event.retrievingDevice),
        ...local,
        ...cause,
      };
    case 'TransferedEvent':
      return {
        type: event.type,
        ...id,
        primaryOldCall: conn(fmt, event.primaryOldCall),
        ...(event.secondaryOldCall ? { secondaryOldCall: conn(fmt, event.secondaryOldCall) } : {}),
        transferringDevice: subject(fmt, event.transferringDevice),
        transferredToDevice: subject(fmt, event.transferredToDevice),
        transferredConnections: list(fmt, event.transferredConnections),
        ...local,
        ...cause,
      };
    case 'ConferencedEvent':
      return {
        type: event.type,
        ...id,
        primaryOldCall: conn(fmt, event.primaryOldCall),
        ...(event.secondaryOldCall ? { secondaryOldCall: conn(fmt, event.secondaryOldCall) } : {}),
        conferencingDevice: subject(fmt, event.conferencingDevice),
        addedParty: subject(fmt, event.addedParty),
        conferenceConnections: list(fmt, event.conferenceConnections),
        ...local,
        ...cause,
      };
    case 'DivertedEvent':
      return {
        type: event.type,
        ...id,
        connection: conn(fmt, event.connection),
        divertingDevice: subject(fmt, event.divertingDevice),
        newDestination: subject(fmt, event.newDestination),
        callingDevice: party(fmt, event.callingDevice),
        calledDevice: party(fmt, event.calledDevice),
        ...redirection(fmt, event.lastRedirectionDevice),
        ...local,
        ...cause,
      };
    case 'QueuedEvent':
      return {
        type: event.type,
        ...id,
        queuedConnection: conn(fmt, event.queuedConnection),
        queue: subject(fmt, event.queue),
        callingDevice: party(fmt, event.callingDevice),
        calledDevice: party(fmt, event.calledDevice),
        numberQueued: event.numberQueued,
        ...local,
        ...cause,
      };
    case 'DigitsGeneratedEvent':
      return {
        type: event.type,
        ...id,
        connection: conn(fmt, event.connection),
        digitGeneratedList: event.digitGeneratedList,
      };
    case 'DoNotDisturbEvent':
      return {
        type: event.type,
        ...id,
        device: subject(fmt, event.device),
        doNotDisturbOn: event.doNotDisturbOn,
      };
    case 'ForwardingEvent':
      return {
        type: event.type,
        ...id,
        device: subject(fmt, event.device),
        forwardingType: event.forwardingType,
        forwardStatus: event.forwardStatus,
        // The forward destination is a number as dialled, not an endpoint of this CME: kept as is.
        ...(event.forwardTo !== undefined ? { forwardTo: event.forwardTo } : {}),
        ...(event.ringDuration !== undefined ? { ringDuration: event.ringDuration } : {}),
      };
    case 'MessageWaitingEvent':
      return {
        type: event.type,
        ...id,
        targetDevice: subject(fmt, event.targetDevice),
        messageWaitingOn: event.messageWaitingOn,
      };
  }
}

// The pieces of an event, module functions rather than closures made per call: cstaEventFor runs
// once per monitor per call-model event (and once more per device in a load run's ledger), and
// each closure cost an allocation and, in the compiled build, a keepNames defineProperty
// (bench:call-events profile, issue 13).
function conn(fmt: DeviceFormatter, c: ConnectionID): CstaConnectionID {
  return { callID: c.callID, deviceID: fmt(c.deviceID) };
}

function subject(fmt: DeviceFormatter, d: string): SubjectDeviceID {
  return dialableNumber(d) === undefined ? { notKnown: true } : { deviceIdentifier: fmt(d) };
}

function party(fmt: DeviceFormatter, d: string): PartyDeviceID {
  return dialableNumber(d) === undefined ? { notKnown: true } : { deviceIdentifier: fmt(d) };
}

function list(fmt: DeviceFormatter, items: readonly ConnectionListItem[]) {
  return items.map((i) => ({
    newConnection: conn(fmt, i.newConnection),
    oldConnection: conn(fmt, i.oldConnection),
    endpoint: { deviceID: fmt(i.endpoint) },
  }));
}

function redirection(fmt: DeviceFormatter, d: string | undefined) {
  return d === undefined ? {} : { lastRedirectionDevice: { numberDialed: fmt(d) } };
}
