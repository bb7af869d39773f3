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
  const conn = (c: ConnectionID): CstaConnectionID => ({ callID: c.callID, deviceID: fmt(c.deviceID) });
  const subject = (d: string): SubjectDeviceID =>
    dialableNumber(d) === undefined ? { notKnown: true } : { deviceIdentifier: fmt(d) };
  const party = (d: string): PartyDeviceID =>
    dialableNumber(d) === undefined ? { notKnown: true } : { deviceIdentifier: fmt(d) };
  const list = (items: readonly ConnectionListItem[]) =>
    items.map((i) => ({
      newConnection: conn(i.newConnection),
      oldConnection: conn(i.oldConnection),
      endpoint: { deviceID: fmt(i.endpoint) },
    }));
  const local =
    'localConnectionInfo' in event && event.localConnectionInfo[monitoredDn] !== undefined
      ? { localConnectionInfo: event.localConnectionInfo[monitoredDn] }
      : {};
  const cause = 'cause' in event && event.cause !== undefined ? { cause: event.cause } : {};
  const redirection = (d: string | undefined) =>
    d === undefined ? {} : { lastRedirectionDevice: { numberDialed: fmt(d) } };
  const id = { monitorCrossRefID };
  switch (event.type) {
    case 'ServiceInitiatedEvent':
      return {
        type: event.type,
        ...id,
        initiatedConnection: conn(event.initiatedConnection),
        initiatingDevice: subject(event.initiatingDevice),
        ...local,
        ...cause,
      };
    case 'OriginatedEvent':
      return {
        type: event.type,
        ...id,
        originatedConnection: conn(event.originatedConnection),
        callingDevice: subject(event.callingDevice),
        calledDevice: party(event.calledDevice),
        ...local,
        ...cause,
      };
    case 'DeliveredEvent':
      return {
        type: event.type,
        ...id,
        connection: conn(event.connection),
        alertingDevice: subject(event.alertingDevice),
        callingDevice: party(event.callingDevice),
        calledDevice: party(event.calledDevice),
        ...redirection(event.lastRedirectionDevice),
        ...local,
        ...cause,
      };
    case 'EstablishedEvent':
      return {
        type: event.type,
        ...id,
        establishedConnection: conn(event.establishedConnection),
        answeringDevice: subject(event.answeringDevice),
        callingDevice: party(event.callingDevice),
        calledDevice: party(event.calledDevice),
        ...redirection(event.lastRedirectionDevice),
        ...local,
        ...cause,
      };
    case 'FailedEvent':
      return {
        type: event.type,
        ...id,
        failedConnection: conn(event.failedConnection),
        failingDevice: subject(event.failingDevice),
        callingDevice: party(event.callingDevice),
        calledDevice: party(event.calledDevice),
        ...redirection(event.lastRedirectionDevice),
        ...local,
        ...cause,
      };
    case 'ConnectionClearedEvent':
      return {
        type: event.type,
        ...id,
        droppedConnection: conn(event.droppedConnection),
        releasingDevice: subject(event.releasingDevice),
        ...local,
        ...cause,
      };
    case 'CallClearedEvent':
      return undefined;
    case 'HeldEvent':
      return {
        type: event.type,
        ...id,
        heldConnection: conn(event.heldConnection),
        holdingDevice: subject(event.holdingDevice),
        ...local,
        ...cause,
      };
    case 'RetrievedEvent':
      return {
        type: event.type,
        ...id,
        retrievedConnection: conn(event.retrievedConnection),
        retrievingDevice: subject(event.retrievingDevice),
        ...local,
        ...cause,
      };
    case 'TransferedEvent':
      return {
        type: event.type,
        ...id,
        primaryOldCall: conn(event.primaryOldCall),
        ...(event.secondaryOldCall ? { secondaryOldCall: conn(event.secondaryOldCall) } : {}),
        transferringDevice: subject(event.transferringDevice),
        transferredToDevice: subject(event.transferredToDevice),
        transferredConnections: list(event.transferredConnections),
        ...local,
        ...cause,
      };
    case 'ConferencedEvent':
      return {
        type: event.type,
        ...id,
        primaryOldCall: conn(event.primaryOldCall),
        ...(event.secondaryOldCall ? { secondaryOldCall: conn(event.secondaryOldCall) } : {}),
        conferencingDevice: subject(event.conferencingDevice),
        addedParty: subject(event.addedParty),
        conferenceConnections: list(event.conferenceConnections),
        ...local,
        ...cause,
      };
    case 'DivertedEvent':
      return {
        type: event.type,
        ...id,
        connection: conn(event.connection),
        divertingDevice: subject(event.divertingDevice),
        newDestination: subject(event.newDestination),
        callingDevice: party(event.callingDevice),
        calledDevice: party(event.calledDevice),
        ...redirection(event.lastRedirectionDevice),
        ...local,
        ...cause,
      };
    case 'QueuedEvent':
      return {
        type: event.type,
        ...id,
        queuedConnection: conn(event.queuedConnection),
        queue: subject(event.queue),
        callingDevice: party(event.callingDevice),
        calledDevice: party(event.calledDevice),
        numberQueued: event.numberQueued,
        ...local,
        ...cause,
      };
    case 'DigitsGeneratedEvent':
      return {
        type: event.type,
        ...id,
        connection: conn(event.connection),
        digitGeneratedList: event.digitGeneratedList,
      };
    case 'DoNotDisturbEvent':
      return { type: event.type, ...id, device: subject(event.device), doNotDisturbOn: event.doNotDisturbOn };
    case 'ForwardingEvent':
      return {
        type: event.type,
        ...id,
        device: subject(event.device),
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
        targetDevice: subject(event.targetDevice),
        messageWaitingOn: event.messageWaitingOn,
      };
  }
}
