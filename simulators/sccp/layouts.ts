/**
 * Body layout of every message this codec knows, by message type. Sources: reference/
 * skinny-messages.txt (Wireshark's catalogue: field order, beginversion/endversion) and
 * Wireshark packet-skinny. Layouts absent from those files are marked
 * `// ⚠ layout from memory of chan-sccp sccp_protocol.h`.
 *
 * `tail: true` starts the optional tail: a shorter body decodes with that field and every later
 * one defaulted. Fields added by a later header version are always tail fields.
 */
import { cString, type Field, fixedString, i32, ipv4, ipv4or6, ipv6, u8, u16, u32 } from './field-codecs.ts';
import { capabilityList, latentCapsInfo, mediaEncryptionKeyInfo } from './media-codecs.ts';
import type * as M from './messages.ts';
import type { MessageOf, SccpMessageType } from './messages.ts';
import { serverList } from './server-list.ts';
import {
  buttonTemplateRes,
  type CustomLayout,
  softKeySetRes,
  softKeyTemplateRes,
} from './template-codecs.ts';

export type MessageLayout<T> =
  | { kind: 'fields'; fields: readonly Field<T>[] }
  | ({ kind: 'custom' } & CustomLayout<T>);

function fields<T>(...list: Field<T>[]): MessageLayout<T> {
  return { kind: 'fields', fields: list };
}

function custom<T>(layout: CustomLayout<T>): MessageLayout<T> {
  return { kind: 'custom', ...layout };
}

const empty = { kind: 'fields', fields: [] } as const;

/** Directory number size below / from header version 18 (Wireshark packet-skinny (header versions)). */
const DIRNUM = 24;
const DIRNUM_V18 = 25;
/** Wireshark VariableDirnumSize for dynamic messages. */
const VAR_DIRNUM = 25;
/** Display text of the dynamic display messages (skinny-messages.txt DisplayPromptStatusV2). */
const DYNAMIC_TEXT = 97;
const NAME_V2 = 121;

/** OpenReceiveChannel / StartMediaTransmission codec parameter union (§2: from version 11). */
function codecQualifier<
  T extends { g723BitRate: number } & Record<
    'codecMode' | 'dynamicPayload' | 'codecParam1' | 'codecParam2',
    number
  >,
>(): Field<T>[] {
  return [
    { key: 'g723BitRate', codec: u32, to: 10 } as Field<T>,
    // ⚠ union members from memory of chan-sccp sccp_protocol.h (codecMode, dynamicPayload, param1, param2)
    { key: 'codecMode', codec: u8, from: 11 } as Field<T>,
    { key: 'dynamicPayload', codec: u8, from: 11 } as Field<T>,
    { key: 'codecParam1', codec: u8, from: 11 } as Field<T>,
    { key: 'codecParam2', codec: u8, from: 11 } as Field<T>,
  ];
}

export const layouts: { readonly [K in SccpMessageType]: MessageLayout<MessageOf<K>> } = {
  KeepAliveReq: empty,
  RegisterReq: fields<M.RegisterReq>(
    { key: 'deviceName', codec: fixedString(16) },
    { key: 'userId', codec: u32 },
    { key: 'instance', codec: u32 },
    { key: 'stationIpAddr', codec: ipv4 },
    { key: 'deviceType', codec: u32 },
    { key: 'maxStreams', codec: u32 },
    // skinny-messages.txt: the rest only when the body is long enough (size_gt=52/100/191).
    { key: 'activeStreams', codec: u32, tail: true },
    { key: 'protocolVer', codec: u8 },
    { key: 'unknown', codec: u8 },
    { key: 'phoneFeatures', codec: u16 },
    { key: 'maxConferences', codec: u32 },
    { key: 'activeConferences', codec: u32 },
    { key: 'macAddress', codec: fixedString(12) },
    { key: 'ipV4AddressScope', codec: u32 },
    { key: 'maxNumberOfLines', codec: u32 },
    { key: 'stationIpV6Addr', codec: ipv6 },
    { key: 'ipV6AddressScope', codec: u32 },
    { key: 'firmwareLoadName', codec: fixedString(32) },
    { key: 'configVersionStamp', codec: fixedString(48) },
  ),
  // ⚠ layout from memory of chan-sccp sccp_protocol.h (rtpMediaPort u32)
  IpPort: fields<M.IpPort>({ key: 'rtpMediaPort', codec: u32 }),
  KeypadButton: fields<M.KeypadButton>(
    { key: 'kpButton', codec: u32 },
    // skinny-messages.txt: lineInstance/callReference only when size_gt=8.
    { key: 'lineInstance', codec: u32, tail: true },
    { key: 'callReference', codec: u32 },
  ),
  EnblocCall: fields<M.EnblocCall>(
    // ⚠ layout from memory of chan-sccp sccp_protocol.h (calledParty[24], lineInstance later)
    { key: 'calledParty', codec: fixedString(DIRNUM) },
    { key: 'lineInstance', codec: u32, tail: true },
  ),
  Stimulus: fields<M.Stimulus>(
    { key: 'stimulus', codec: u32 },
    { key: 'lineInstance', codec: u32 },
    // ⚠ older phones send only stimulus + instance (from memory of chan_skinny): tail from here.
    { key: 'callReference', codec: u32, tail: true },
    { key: 'stimulusStatus', codec: u32 },
  ),
  // skinny-messages.txt: OffHook/OnHook fields only when size_gt=4 (body may be empty).
  OffHook: fields<M.OffHook>(
    { key: 'lineInstance', codec: u32, tail: true },
    { key: 'callReference', codec: u32 },
  ),
  OnHook: fields<M.OnHook>(
    { key: 'lineInstance', codec: u32, tail: true },
    { key: 'callReference', codec: u32 },
  ),
  HookFlash: empty,
  // ⚠ layout from memory of chan-sccp sccp_protocol.h
  ForwardStatReq: fields<M.ForwardStatReq>({ key: 'lineNumber', codec: u32 }),
  // ⚠ layout from memory of chan-sccp sccp_protocol.h
  SpeedDialStatReq: fields<M.SpeedDialStatReq>({ key: 'speedDialNumber', codec: u32 }),
  LineStatReq: fields<M.LineStatReq>({ key: 'lineNumber', codec: u32 }),
  ConfigStatReq: empty,
  TimeDateReq: empty,
  ButtonTemplateReq: empty,
  VersionReq: empty,
  CapabilitiesRes: fields<M.CapabilitiesRes>({ key: 'caps', codec: capabilityList }),
  ServerReq: empty,
  Alarm: fields<M.Alarm>(
    // ⚠ layout from memory of chan-sccp sccp_protocol.h (severity, text[80], param1, param2)
    { key: 'alarmSeverity', codec: u32 },
    { key: 'displayMessage', codec: fixedString(80) },
    { key: 'alarmParam1', codec: u32, tail: true },
    { key: 'alarmParam2', codec: u32 },
  ),
  OpenReceiveChannelAck: fields<M.OpenReceiveChannelAck>(
    { key: 'mediaReceptionStatus', codec: u32 },
    { key: 'ipAddr', codec: ipv4or6 },
    { key: 'portNumber', codec: u32 },
    { key: 'passThroughPartyId', codec: u32 },
    // skinny-messages.txt size_gt=20; CUCM 4.1's 7912 sends 20-byte bodies without it (§6).
    { key: 'callReference', codec: u32, tail: true },
  ),
  SoftKeySetReq: empty,
  SoftKeyEvent: fields<M.SoftKeyEvent>(
    { key: 'softKeyEvent', codec: u32 },
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
  ),
  // skinny-messages.txt size_gt=12: the reason code is optional.
  UnregisterReq: fields<M.UnregisterReq>({ key: 'unRegReasonCode', codec: u32, tail: true }),
  SoftKeyTemplateReq: empty,
  RegisterTokenReq: fields<M.RegisterTokenReq>(
    // ⚠ layout from memory of chan-sccp sccp_protocol.h (sid, stationIpAddr, deviceType, IPv6)
    { key: 'deviceName', codec: fixedString(16) },
    { key: 'userId', codec: u32 },
    { key: 'instance', codec: u32 },
    { key: 'stationIpAddr', codec: ipv4 },
    { key: 'deviceType', codec: u32 },
    { key: 'stationIpV6Addr', codec: ipv6, tail: true },
  ),
  // ⚠ layout from memory of chan-sccp sccp_protocol.h
  HeadsetStatus: fields<M.HeadsetStatus>({ key: 'headsetMode', codec: u32 }),
  // ⚠ layout from memory of chan-sccp sccp_protocol.h
  RegisterAvailableLines: fields<M.RegisterAvailableLines>({ key: 'maxNumOfAvailLines', codec: u32 }),
  // ⚠ layout from memory of chan-sccp sccp_protocol.h
  FeatureStatReq: fields<M.FeatureStatReq>({ key: 'featureIndex', codec: u32 }),

  RegisterAck: fields<M.RegisterAck>(
    { key: 'keepAliveInterval', codec: u32 },
    { key: 'dateTemplate', codec: fixedString(6) },
    { pad: 2 },
    { key: 'secondaryKeepAliveInterval', codec: u32 },
    { key: 'maxProtocolVer', codec: u8 },
    { key: 'unknown', codec: u8 },
    { key: 'phoneFeatures', codec: u16 },
  ),
  StartTone: fields<M.StartTone>(
    { key: 'tone', codec: u32 },
    { key: 'toneOutputDirection', codec: u32 },
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
  ),
  StopTone: fields<M.StopTone>(
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
    // §2: StopTone gains tone from header version 11; CUCM 4.1 sends an 8-byte body (§6).
    { key: 'tone', codec: u32, from: 11, tail: true },
  ),
  SetRinger: fields<M.SetRinger>(
    { key: 'ringMode', codec: u32 },
    { key: 'ringDuration', codec: u32 },
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
  ),
  SetLamp: fields<M.SetLamp>(
    { key: 'stimulus', codec: u32 },
    { key: 'stimulusInstance', codec: u32 },
    { key: 'lampMode', codec: u32 },
  ),
  SetSpeakerMode: fields<M.SetSpeakerMode>({ key: 'speakerMode', codec: u32 }),
  StartMediaTransmission: fields<M.StartMediaTransmission>(
    { key: 'conferenceId', codec: u32 },
    { key: 'passThroughPartyId', codec: u32 },
    { key: 'remoteIpAddr', codec: ipv4or6 },
    { key: 'remotePortNumber', codec: u32 },
    { key: 'milliSecondPacketSize', codec: u32 },
    { key: 'compressionType', codec: u32 },
    { key: 'precedenceValue', codec: u32 },
    { key: 'ssValue', codec: u32 },
    { key: 'maxFramesPerPacket', codec: u16 },
    { pad: 2 },
    ...codecQualifier<M.StartMediaTransmission>(),
    // ⚠ older CMs stop after the qualifier (from memory of chan_skinny): tail from here.
    { key: 'callReference', codec: u32, tail: true },
    { key: 'mTxMediaEncryptionKeyInfo', codec: mediaEncryptionKeyInfo },
    { key: 'streamPassThroughId', codec: u32 },
    { key: 'associatedStreamId', codec: u32 },
    { key: 'rfc2833PayloadType', codec: u32 },
    { key: 'dtmfType', codec: u32 },
    { key: 'mixingMode', codec: u32 },
    { key: 'partyDirection', codec: u32, from: 15 },
    { key: 'latentCapsInfo', codec: latentCapsInfo, from: 21 },
  ),
  StopMediaTransmission: fields<M.StopMediaTransmission>(
    { key: 'conferenceId', codec: u32 },
    { key: 'passThroughPartyId', codec: u32 },
    // Like CloseReceiveChannel, old CMs send 8-byte bodies (Wireshark packet-skinny (framing)).
    { key: 'callReference', codec: u32, tail: true },
    { key: 'portHandlingFlag', codec: u32 },
  ),
  CallInfo: fields<M.CallInfo>(
    { key: 'callingPartyName', codec: fixedString(40) },
    { key: 'callingParty', codec: fixedString(DIRNUM) },
    { key: 'calledPartyName', codec: fixedString(40) },
    { key: 'calledParty', codec: fixedString(DIRNUM) },
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
    { key: 'callType', codec: u32 },
    // ⚠ older CMs may stop after callType: the redirect fields are treated as optional.
    { key: 'originalCalledPartyName', codec: fixedString(40), tail: true },
    { key: 'originalCalledParty', codec: fixedString(DIRNUM) },
    { key: 'lastRedirectingPartyName', codec: fixedString(40) },
    { key: 'lastRedirectingParty', codec: fixedString(DIRNUM) },
    { key: 'originalCdpnRedirectReason', codec: u32 },
    { key: 'lastRedirectingReason', codec: u32 },
    { key: 'cgpnVoiceMailbox', codec: fixedString(DIRNUM) },
    { key: 'cdpnVoiceMailbox', codec: fixedString(DIRNUM) },
    { key: 'originalCdpnVoiceMailbox', codec: fixedString(DIRNUM) },
    { key: 'lastRedirectingVoiceMailbox', codec: fixedString(DIRNUM) },
    { key: 'callInstance', codec: u32 },
    { key: 'callSecurityStatus', codec: u32 },
    { key: 'partyPIRestrictionBits', codec: u32 },
  ),
  ForwardStatRes: fields<M.ForwardStatRes>(
    // ⚠ layout from memory of chan-sccp sccp_protocol.h; numbers 25 bytes from version 18 (§2)
    { key: 'activeForward', codec: u32 },
    { key: 'lineNumber', codec: u32 },
    { key: 'forwardAllActive', codec: u32 },
    { key: 'forwardAllNumber', codec: fixedString(DIRNUM), to: 17 },
    { key: 'forwardAllNumber', codec: fixedString(DIRNUM_V18), from: 18 },
    { key: 'forwardBusyActive', codec: u32 },
    { key: 'forwardBusyNumber', codec: fixedString(DIRNUM), to: 17 },
    { key: 'forwardBusyNumber', codec: fixedString(DIRNUM_V18), from: 18 },
    { key: 'forwardNoAnswerActive', codec: u32 },
    { key: 'forwardNoAnswerNumber', codec: fixedString(DIRNUM), to: 17 },
    { key: 'forwardNoAnswerNumber', codec: fixedString(DIRNUM_V18), from: 18 },
  ),
  SpeedDialStatRes: fields<M.SpeedDialStatRes>(
    // ⚠ layout from memory of chan-sccp sccp_protocol.h
    { key: 'speedDialNumber', codec: u32 },
    { key: 'speedDialDirNumber', codec: fixedString(DIRNUM) },
    { key: 'speedDialDisplayName', codec: fixedString(40) },
  ),
  // skinny-messages.txt gives LineStatRes a fixed 24-byte number at every version (Wireshark
  // dissects it so); chan-sccp sends 0x0147 instead from version 17 (§2).
  LineStatRes: fields<M.LineStatRes>(
    { key: 'lineNumber', codec: u32 },
    { key: 'lineDirNumber', codec: fixedString(DIRNUM) },
    { key: 'lineFullyQualifiedDisplayName', codec: fixedString(40) },
    { key: 'lineTextLabel', codec: fixedString(40) },
    { key: 'lineDisplayOptions', codec: u32 },
  ),
  ConfigStatRes: fields<M.ConfigStatRes>(
    { key: 'deviceName', codec: fixedString(16) },
    { key: 'userId', codec: u32 },
    { key: 'instance', codec: u32 },
    { key: 'userName', codec: fixedString(40) },
    { key: 'serverName', codec: fixedString(40) },
    { key: 'numberOfLines', codec: u32 },
    { key: 'numberOfSpeedDials', codec: u32 },
  ),
  TimeDateRes: fields<M.TimeDateRes>(
    { key: 'wYear', codec: u32 },
    { key: 'wMonth', codec: u32 },
    { key: 'wDayOfWeek', codec: u32 },
    { key: 'wDay', codec: u32 },
    { key: 'wHour', codec: u32 },
    { key: 'wMinute', codec: u32 },
    { key: 'wSecond', codec: u32 },
    { key: 'wMilliseconds', codec: u32 },
    { key: 'systemTime', codec: u32 },
  ),
  ButtonTemplateRes: custom(buttonTemplateRes),
  // ⚠ layout from memory of chan-sccp sccp_protocol.h (version char[16])
  VersionRes: fields<M.VersionRes>({ key: 'version', codec: fixedString(16) }),
  CapabilitiesReq: empty,
  RegisterReject: fields<M.RegisterReject>({ key: 'text', codec: fixedString(32) }),
  ServerRes: fields<M.ServerRes>({ key: 'servers', codec: serverList }),
  Reset: fields<M.Reset>({ key: 'resetType', codec: u32 }),
  KeepAliveAck: empty,
  OpenReceiveChannel: fields<M.OpenReceiveChannel>(
    { key: 'conferenceId', codec: u32 },
    { key: 'passThroughPartyId', codec: u32 },
    { key: 'milliSecondPacketSize', codec: u32 },
    { key: 'compressionType', codec: u32 },
    { key: 'ecValue', codec: u32 },
    ...codecQualifier<M.OpenReceiveChannel>(),
    // §1: CM 3.x sends a short OpenReceiveChannel; CUCM 4.1 stops inside the key info (§6).
    { key: 'callReference', codec: u32, tail: true },
    { key: 'mRxMediaEncryptionKeyInfo', codec: mediaEncryptionKeyInfo },
    { key: 'streamPassThroughId', codec: u32 },
    { key: 'associatedStreamId', codec: u32 },
    { key: 'rfc2833PayloadType', codec: u32 },
    { key: 'dtmfType', codec: u32 },
    { key: 'mixingMode', codec: u32, from: 11 },
    { key: 'partyDirection', codec: u32, from: 11 },
    { key: 'sourceIpAddr', codec: ipv4or6, from: 11 },
    { key: 'sourcePortNumber', codec: u32, from: 11 },
    { key: 'requestedIpAddrType', codec: u32, from: 16 },
    { key: 'audioLevelAdjustment', codec: i32, from: 17 },
    { key: 'latentCapsInfo', codec: latentCapsInfo, from: 21 },
  ),
  CloseReceiveChannel: fields<M.CloseReceiveChannel>(
    { key: 'conferenceId', codec: u32 },
    { key: 'passThroughPartyId', codec: u32 },
    // §1: pyskinny saw 8-byte CloseReceiveChannel bodies without callReference.
    { key: 'callReference', codec: u32, tail: true },
    { key: 'portHandlingFlag', codec: u32 },
  ),
  SoftKeyTemplateRes: custom(softKeyTemplateRes),
  SoftKeySetRes: custom(softKeySetRes),
  SelectSoftKeys: fields<M.SelectSoftKeys>(
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
    { key: 'softKeySetIndex', codec: u32 },
    { key: 'validKeyMask', codec: u32 },
  ),
  CallState: fields<M.CallState>(
    { key: 'callState', codec: u32 },
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
    { key: 'privacy', codec: u32 },
    { key: 'precedenceLevel', codec: u32 },
    { key: 'precedenceDomain', codec: u32 },
  ),
  DisplayPromptStatus: fields<M.DisplayPromptStatus>(
    { key: 'timeOutValue', codec: u32 },
    { key: 'promptStatus', codec: fixedString(32) },
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
  ),
  ClearPromptStatus: fields<M.ClearPromptStatus>(
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
  ),
  DisplayNotify: fields<M.DisplayNotify>(
    { key: 'timeOutValue', codec: u32 },
    { key: 'notify', codec: fixedString(32) },
  ),
  ClearNotify: empty,
  ActivateCallPlane: fields<M.ActivateCallPlane>({ key: 'lineInstance', codec: u32 }),
  DeactivateCallPlane: empty,
  UnregisterAck: fields<M.UnregisterAck>({ key: 'status', codec: u32 }),
  BackSpaceRes: fields<M.BackSpaceRes>(
    // ⚠ layout from memory of chan-sccp sccp_protocol.h
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
  ),
  RegisterTokenAck: empty,
  // ⚠ layout from memory of chan-sccp sccp_protocol.h (waitTimeBeforeNextReq, §5)
  RegisterTokenReject: fields<M.RegisterTokenReject>({ key: 'waitTimeBeforeNextReq', codec: u32 }),
  DialedNumber: fields<M.DialedNumber>(
    // skinny-messages.txt: dialedNumber char[24] up to version 17, VariableDirnumSize (25) from 18.
    { key: 'dialedNumber', codec: fixedString(DIRNUM), to: 17 },
    { key: 'dialedNumber', codec: fixedString(DIRNUM_V18), from: 18 },
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
  ),
  FeatureStatRes: fields<M.FeatureStatRes>(
    // ⚠ layout from memory of chan-sccp sccp_protocol.h
    { key: 'featureIndex', codec: u32 },
    { key: 'featureID', codec: u32 },
    { key: 'featureTextLabel', codec: fixedString(40) },
    { key: 'featureStatus', codec: u32 },
  ),
  DisplayPriNotify: fields<M.DisplayPriNotify>(
    // ⚠ layout from memory of chan-sccp sccp_protocol.h
    { key: 'timeOutValue', codec: u32 },
    { key: 'priority', codec: u32 },
    { key: 'notify', codec: fixedString(32) },
  ),
  // ⚠ layout from memory of chan-sccp sccp_protocol.h
  ClearPriNotify: fields<M.ClearPriNotify>({ key: 'priority', codec: u32 }),
  DisplayNotifyV2: fields<M.DisplayNotifyV2>(
    // ⚠ layout from memory of chan-sccp sccp_protocol.h
    { key: 'timeOutValue', codec: u32 },
    { key: 'notify', codec: cString(DYNAMIC_TEXT), tail: true },
  ),
  DisplayPriNotifyV2: fields<M.DisplayPriNotifyV2>(
    // ⚠ layout from memory of chan-sccp sccp_protocol.h
    { key: 'timeOutValue', codec: u32 },
    { key: 'priority', codec: u32 },
    { key: 'notify', codec: cString(DYNAMIC_TEXT), tail: true },
  ),
  DisplayPromptStatusV2: fields<M.DisplayPromptStatusV2>(
    { key: 'timeOutValue', codec: u32 },
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
    { key: 'promptStatus', codec: cString(DYNAMIC_TEXT), tail: true },
  ),
  LineStatV2Res: fields<M.LineStatV2Res>(
    { key: 'lineNumber', codec: u32 },
    { key: 'lineType', codec: u32 },
    { key: 'lineDirNumber', codec: cString(VAR_DIRNUM), tail: true },
    { key: 'lineFullyQualifiedDisplayName', codec: cString(40) },
    { key: 'lineTextLabel', codec: cString(40) },
  ),
  CallInfoV2: fields<M.CallInfoV2>(
    { key: 'lineInstance', codec: u32 },
    { key: 'callReference', codec: u32 },
    { key: 'callType', codec: u32 },
    { key: 'originalCdpnRedirectReason', codec: u32 },
    { key: 'lastRedirectingReason', codec: u32 },
    { key: 'callInstance', codec: u32 },
    { key: 'callSecurityStatus', codec: u32 },
    { key: 'partyPIRestrictionBits', codec: u32 },
    { key: 'callingParty', codec: cString(VAR_DIRNUM), tail: true },
    { key: 'alternateCallingParty', codec: cString(VAR_DIRNUM) },
    { key: 'calledParty', codec: cString(VAR_DIRNUM) },
    { key: 'originalCalledParty', codec: cString(VAR_DIRNUM) },
    { key: 'lastRedirectingParty', codec: cString(VAR_DIRNUM) },
    { key: 'cgpnVoiceMailbox', codec: cString(VAR_DIRNUM) },
    { key: 'cdpnVoiceMailbox', codec: cString(VAR_DIRNUM) },
    { key: 'originalCdpnVoiceMailbox', codec: cString(VAR_DIRNUM) },
    { key: 'lastRedirectingVoiceMailbox', codec: cString(VAR_DIRNUM) },
    { key: 'callingPartyName', codec: cString(NAME_V2) },
    { key: 'calledPartyName', codec: cString(NAME_V2) },
    { key: 'originalCalledPartyName', codec: cString(NAME_V2) },
    { key: 'lastRedirectingPartyName', codec: cString(NAME_V2) },
    // skinny-messages.txt: hunt pilot fields from header version 17.
    { key: 'huntPilotNumber', codec: cString(VAR_DIRNUM), from: 17 },
    { key: 'huntPilotName', codec: cString(NAME_V2), from: 17 },
  ),
  StartMediaTransmissionAck: fields<M.StartMediaTransmissionAck>(
    { key: 'conferenceId', codec: u32 },
    { key: 'passThroughPartyId', codec: u32 },
    { key: 'callReference', codec: u32 },
    { key: 'transmitIpAddr', codec: ipv4or6 },
    { key: 'portNumber', codec: u32 },
    { key: 'mediaTransmissionStatus', codec: u32 },
  ),
};
