import { frozenMessage } from '../sccp/encode-memo.ts';
import { DeviceStimulus, MediaPayloadType, MediaStatus, UnRegReasonCode } from '../sccp/enums.ts';
import type { MessageOf } from '../sccp/messages.ts';

/** What the phone says about itself in RegisterReq / RegisterTokenReq. */
export interface StationIdentity {
  deviceName: string;
  mac: string;
  deviceType: number;
  stationIp: string;
  protocolVersion: number;
  maxLines: number;
}

/**
 * RegisterReq 0x0001 (Wireshark packet-skinny and chan-sccp (registration)). userId/instance 0, maxStreams 5 and
 * maxConferences as pyskinny's client sends them (messages/register.py); protocolVer is the
 * version the phone offers (§2).
 */
export function registerReq(id: StationIdentity): MessageOf<'RegisterReq'> {
  return {
    type: 'RegisterReq',
    deviceName: id.deviceName,
    userId: 0,
    instance: 0,
    stationIpAddr: id.stationIp,
    deviceType: id.deviceType,
    maxStreams: 5,
    activeStreams: 0,
    protocolVer: id.protocolVersion,
    unknown: 0,
    phoneFeatures: 0,
    maxConferences: 0,
    activeConferences: 0,
    macAddress: id.mac,
    ipV4AddressScope: 0,
    maxNumberOfLines: id.maxLines,
    stationIpV6Addr: '::',
    ipV6AddressScope: 0,
    firmwareLoadName: '',
    configVersionStamp: '',
  };
}

/** RegisterTokenReq 0x0029: sid, stationIp, deviceType, IPv6 (reference §5). */
export function registerTokenReq(id: StationIdentity): MessageOf<'RegisterTokenReq'> {
  return {
    type: 'RegisterTokenReq',
    deviceName: id.deviceName,
    userId: 0,
    instance: 0,
    stationIpAddr: id.stationIp,
    deviceType: id.deviceType,
    stationIpV6Addr: '::',
  };
}

/**
 * CapabilitiesRes 0x0010: the G.711 / G.729 set a 79xx offers (payload types from reference §6:
 * 4 µ-law, 2 A-law, 11 G.729, 12 G.729A); 40 ms max frames per packet for G.711 ⚠ (typical).
 * One frozen message for every phone, so it is encoded once per header version (encode-memo.ts).
 */
export function capabilitiesRes(): MessageOf<'CapabilitiesRes'> {
  return CAPABILITIES_RES;
}

const CAPABILITIES_RES: MessageOf<'CapabilitiesRes'> = (() => {
  const cap = (payloadCapability: number, maxFramesPerPacket: number) => ({
    payloadCapability,
    maxFramesPerPacket,
    payloadParams: '0000000000000000',
  });
  return frozenMessage({
    type: 'CapabilitiesRes',
    caps: [
      cap(MediaPayloadType.G711Ulaw64k, 40),
      cap(MediaPayloadType.G711Alaw64k, 40),
      cap(MediaPayloadType.G729, 60),
      cap(MediaPayloadType.G729AnnexA, 60),
    ],
  });
})();

/**
 * The requests without a body a phone sends (KeepAliveReq and the registration requests, reference
 * §3-§4) and its KeepAliveAck: frozen, shared by every phone, each encoded once per header version.
 */
export const bodiless = {
  KeepAliveReq: frozenMessage({ type: 'KeepAliveReq' }),
  KeepAliveAck: frozenMessage({ type: 'KeepAliveAck' }),
  ButtonTemplateReq: frozenMessage({ type: 'ButtonTemplateReq' }),
  SoftKeyTemplateReq: frozenMessage({ type: 'SoftKeyTemplateReq' }),
  SoftKeySetReq: frozenMessage({ type: 'SoftKeySetReq' }),
  ConfigStatReq: frozenMessage({ type: 'ConfigStatReq' }),
  TimeDateReq: frozenMessage({ type: 'TimeDateReq' }),
} as const;

const lineStatReqs = new Map<number, MessageOf<'LineStatReq'>>();
const availableLines = new Map<number, MessageOf<'RegisterAvailableLines'>>();

/** LineStatReq 0x000B for line `lineNumber` (§3), one frozen message per line number. */
export function lineStatReq(lineNumber: number): MessageOf<'LineStatReq'> {
  let m = lineStatReqs.get(lineNumber);
  if (m === undefined) {
    m = frozenMessage({ type: 'LineStatReq', lineNumber });
    lineStatReqs.set(lineNumber, m);
  }
  return m;
}

/** RegisterAvailableLines 0x002D (§3), one frozen message per line count. */
export function registerAvailableLines(maxNumOfAvailLines: number): MessageOf<'RegisterAvailableLines'> {
  let m = availableLines.get(maxNumOfAvailLines);
  if (m === undefined) {
    m = frozenMessage({ type: 'RegisterAvailableLines', maxNumOfAvailLines });
    availableLines.set(maxNumOfAvailLines, m);
  }
  return m;
}

export function unregisterReq(): MessageOf<'UnregisterReq'> {
  return { type: 'UnregisterReq', unRegReasonCode: UnRegReasonCode.Unknown };
}

export function lineStimulus(lineInstance: number): MessageOf<'Stimulus'> {
  return {
    type: 'Stimulus',
    stimulus: DeviceStimulus.Line,
    lineInstance,
    callReference: 0,
    stimulusStatus: 0,
  };
}

/** OpenReceiveChannelAck 0x0022 (reference §6 frame 155: status 0, phone IP, even port, same party id). */
export function openReceiveChannelAck(
  ok: boolean,
  ipAddr: string,
  portNumber: number,
  passThroughPartyId: number,
  callReference: number,
): MessageOf<'OpenReceiveChannelAck'> {
  return {
    type: 'OpenReceiveChannelAck',
    mediaReceptionStatus: ok ? MediaStatus.Ok : MediaStatus.OutOfSockets,
    ipAddr,
    portNumber,
    passThroughPartyId,
    callReference,
  };
}
