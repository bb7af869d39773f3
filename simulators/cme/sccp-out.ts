import type { IpAddress, MessageOf } from '../sccp/messages.ts';

/**
 * Builders for the larger messages the call manager sends, with every field the codec requires.
 * Values follow the CUCM 4.1 capture (reference/sccp-protocol.md §6: OpenReceiveChannel frame
 * 148, StartMediaTransmission frame 154): 20 ms packets, G.711 u-law (compression 4),
 * precedence 184, no silence suppression, no encryption.
 */
const noKey = { algorithmID: 0, key: '', salt: '', isMKIPresent: 0, keyDerivationRate: 0 };
const noLatentCaps = {
  active: 0,
  modemRelay: { capAndVer: 0, modAnd2833: 0 },
  sprtPayload: { chan0MaxPayload: 0, chan2MaxPayload: 0, chan3MaxPayload: 0, chan2MaxWindow: 0 },
  sse: { standard: 0, vendor: 0 },
  payloadParam: {
    nse: 0,
    rfc2833: 0,
    sse: 0,
    v150sprt: 0,
    noaudio: 0,
    futureUse1: 0,
    futureUse2: 0,
    futureUse3: 0,
  },
};
const noCodecParams = { g723BitRate: 0, codecMode: 0, dynamicPayload: 0, codecParam1: 0, codecParam2: 0 };

/** Media payload type G.711 u-law (reference §6: compression 4). */
export const G711Ulaw = 4;

export function openReceiveChannel(
  callReference: number,
  passThroughPartyId: number,
  source: { ip: IpAddress; port: number },
): MessageOf<'OpenReceiveChannel'> {
  return {
    type: 'OpenReceiveChannel',
    conferenceId: callReference,
    passThroughPartyId,
    milliSecondPacketSize: 20,
    compressionType: G711Ulaw,
    ecValue: 0,
    ...noCodecParams,
    callReference,
    mRxMediaEncryptionKeyInfo: noKey,
    streamPassThroughId: passThroughPartyId,
    associatedStreamId: 0,
    rfc2833PayloadType: 0,
    dtmfType: 0,
    mixingMode: 0,
    partyDirection: 0,
    sourceIpAddr: source.ip,
    sourcePortNumber: source.port,
    requestedIpAddrType: 0,
    audioLevelAdjustment: 0,
    latentCapsInfo: noLatentCaps,
  };
}

export function startMediaTransmission(
  callReference: number,
  passThroughPartyId: number,
  remote: { ip: IpAddress; port: number },
): MessageOf<'StartMediaTransmission'> {
  return {
    type: 'StartMediaTransmission',
    conferenceId: callReference,
    passThroughPartyId,
    remoteIpAddr: remote.ip,
    remotePortNumber: remote.port,
    milliSecondPacketSize: 20,
    compressionType: G711Ulaw,
    precedenceValue: 184,
    ssValue: 0,
    maxFramesPerPacket: 0,
    ...noCodecParams,
    callReference,
    mTxMediaEncryptionKeyInfo: noKey,
    streamPassThroughId: passThroughPartyId,
    associatedStreamId: 0,
    rfc2833PayloadType: 0,
    dtmfType: 0,
    mixingMode: 0,
    partyDirection: 0,
    latentCapsInfo: noLatentCaps,
  };
}

export interface CallParties {
  callingParty: string;
  callingPartyName: string;
  calledParty: string;
  calledPartyName: string;
  originalCalledParty: string;
  lastRedirectingParty: string;
  /** CallType: 1 inbound, 2 outbound, 3 forward. */
  callType: number;
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
  if (protocolVersion >= 8) {
    return {
      type: 'CallInfoV2',
      lineInstance,
      callReference,
      callType: p.callType,
      originalCdpnRedirectReason: 0,
      lastRedirectingReason: 0,
      callInstance: 1,
      callSecurityStatus: 0,
      partyPIRestrictionBits: 0,
      callingParty: p.callingParty,
      alternateCallingParty: '',
      calledParty: p.calledParty,
      originalCalledParty: p.originalCalledParty,
      lastRedirectingParty: p.lastRedirectingParty,
      cgpnVoiceMailbox: '',
      cdpnVoiceMailbox: '',
      originalCdpnVoiceMailbox: '',
      lastRedirectingVoiceMailbox: '',
      callingPartyName: p.callingPartyName,
      calledPartyName: p.calledPartyName,
      originalCalledPartyName: '',
      lastRedirectingPartyName: '',
      huntPilotNumber: '',
      huntPilotName: '',
    };
  }
  return {
    type: 'CallInfo',
    callingPartyName: p.callingPartyName,
    callingParty: p.callingParty,
    calledPartyName: p.calledPartyName,
    calledParty: p.calledParty,
    lineInstance,
    callReference,
    callType: p.callType,
    originalCalledPartyName: '',
    originalCalledParty: p.originalCalledParty,
    lastRedirectingPartyName: '',
    lastRedirectingParty: p.lastRedirectingParty,
    originalCdpnRedirectReason: 0,
    lastRedirectingReason: 0,
    cgpnVoiceMailbox: '',
    cdpnVoiceMailbox: '',
    originalCdpnVoiceMailbox: '',
    lastRedirectingVoiceMailbox: '',
    callInstance: 1,
    callSecurityStatus: 0,
    partyPIRestrictionBits: 0,
  };
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
