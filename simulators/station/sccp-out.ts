import { type CallType, MediaPayloadType } from '../sccp/enums.ts';
import { messageWith } from '../sccp/message-defaults.ts';
import type { IpAddress, MessageOf } from '../sccp/messages.ts';

/**
 * Builders for the larger messages the call manager sends: the fields that matter, every other
 * field at the codec's default (`messageWith`).
 * Values follow the CUCM 4.1 capture (the real CallManager 4.1 sequences of pyskinny's fixtures: OpenReceiveChannel frame
 * 148, StartMediaTransmission frame 154): 20 ms packets, G.711 u-law (compression 4),
 * precedence 184, no silence suppression, no encryption.
 */
/** Media payload type G.711 u-law (reference §6: compression 4). */
const G711Ulaw = MediaPayloadType.G711Ulaw64k;

export function openReceiveChannel(
  callReference: number,
  passThroughPartyId: number,
  source: { ip: IpAddress; port: number },
): MessageOf<'OpenReceiveChannel'> {
  return messageWith('OpenReceiveChannel', {
    conferenceId: callReference,
    passThroughPartyId,
    milliSecondPacketSize: 20,
    compressionType: G711Ulaw,
    callReference,
    streamPassThroughId: passThroughPartyId,
    sourceIpAddr: source.ip,
    sourcePortNumber: source.port,
  });
}

export function startMediaTransmission(
  callReference: number,
  passThroughPartyId: number,
  remote: { ip: IpAddress; port: number },
): MessageOf<'StartMediaTransmission'> {
  return messageWith('StartMediaTransmission', {
    conferenceId: callReference,
    passThroughPartyId,
    remoteIpAddr: remote.ip,
    remotePortNumber: remote.port,
    milliSecondPacketSize: 20,
    compressionType: G711Ulaw,
    precedenceValue: 184,
    callReference,
    streamPassThroughId: passThroughPartyId,
  });
}

export interface CallParties {
  callingParty: string;
  callingPartyName: string;
  calledParty: string;
  calledPartyName: string;
  originalCalledParty: string;
  lastRedirectingParty: string;
  /** sccp/enums.ts CallType: InBoundCall, OutBoundCall, ForwardCall. */
  callType: CallType;
}

/**
 * Call information: static CallInfo (0x008F) below protocol v8, dynamic CallInfoV2 (0x014A)
 * from v8 (reference §2, chan-sccp per-version senders).
 */
export function callInfo(
  protocolVersion: number,
  lineInstance: number,
  callReference: number,
  p: CallParties,
): MessageOf<'CallInfo'> | MessageOf<'CallInfoV2'> {
  const common = {
    lineInstance,
    callReference,
    callType: p.callType,
    callInstance: 1,
    callingParty: p.callingParty,
    callingPartyName: p.callingPartyName,
    calledParty: p.calledParty,
    calledPartyName: p.calledPartyName,
    originalCalledParty: p.originalCalledParty,
    lastRedirectingParty: p.lastRedirectingParty,
  };
  return protocolVersion >= 8 ? messageWith('CallInfoV2', common) : messageWith('CallInfo', common);
}

/** Prompt line: DisplayPromptStatus (0x0112) below v8, DisplayPromptStatusV2 (0x0145) from v8. */
export function prompt(
  protocolVersion: number,
  text: string,
  lineInstance: number,
  callReference: number,
  timeOutValue = 0,
): MessageOf<'DisplayPromptStatus'> | MessageOf<'DisplayPromptStatusV2'> {
  return protocolVersion >= 8
    ? { type: 'DisplayPromptStatusV2', timeOutValue, lineInstance, callReference, promptStatus: text }
    : { type: 'DisplayPromptStatus', timeOutValue, promptStatus: text, lineInstance, callReference };
}

/** Priority notify: DisplayPriNotify (0x0120) below v8, DisplayPriNotifyV2 (0x0144) from v8. */
export function priNotify(
  protocolVersion: number,
  text: string,
  timeOutValue: number,
  priority: number,
): MessageOf<'DisplayPriNotify'> | MessageOf<'DisplayPriNotifyV2'> {
  return protocolVersion >= 8
    ? { type: 'DisplayPriNotifyV2', timeOutValue, priority, notify: text }
    : { type: 'DisplayPriNotify', timeOutValue, priority, notify: text };
}

/** Notify: DisplayNotify (0x0114) below v8, DisplayNotifyV2 (0x0143) from v8. */
export function notify(
  protocolVersion: number,
  text: string,
  timeOutValue: number,
): MessageOf<'DisplayNotify'> | MessageOf<'DisplayNotifyV2'> {
  return protocolVersion >= 8
    ? { type: 'DisplayNotifyV2', timeOutValue, notify: text }
    : { type: 'DisplayNotify', timeOutValue, notify: text };
}
