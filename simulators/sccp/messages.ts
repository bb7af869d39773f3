/**
 * The decoded form of every SCCP message this codec knows: a discriminated union on `type`
 * (Wireshark's message name without `Message`). Field names follow Wireshark's SkinnyProtocolOptimized.xml
 * in camelCase (`sid.reserved_for_future_use` is `userId`; struct members such as `sid`,
 * `precedence`, `qualifierIn/Out` and `timeDataInfo` are flattened into the message).
 *
 * Value conventions:
 * - integers are plain numbers (u8/u16/u32 unsigned, `audioLevelAdjustment` signed);
 * - strings are JS strings decoded latin1 and cut at the first NUL (display labels keep the
 *   0x80-prefixed bytes as '\x80'); on encode they are truncated to the field size;
 * - {@link IpAddress}: IPv4 as a dotted string ('10.102.219.27'), IPv6 as RFC 5952 text
 *   ('2001:db8::1'). For ipv4or6 fields (header version >= 17) the wire address type (0 v4,
 *   1 v6) follows the text form; below version 17 these fields are 4-byte IPv4 only;
 * - `hex` strings carry raw byte blocks (encryption keys, capability unions), lowercase.
 */

/** Dotted IPv4 ('10.0.0.1') or RFC 5952 IPv6 ('2001:db8::1'). */
export type IpAddress = string;

interface CallRef {
  lineInstance: number;
  callReference: number;
}

/** MediaEncryptionKeyInfo (mRx/mTx): key and salt are hex, each at most 16 bytes. */
export interface MediaEncryptionKeyInfo {
  algorithmID: number;
  key: string;
  salt: string;
  isMKIPresent: number;
  keyDerivationRate: number;
}

/** latentCapsInfo (header version >= 21). */
export interface LatentCapsInfo {
  active: number;
  modemRelay: { capAndVer: number; modAnd2833: number };
  sprtPayload: {
    chan0MaxPayload: number;
    chan2MaxPayload: number;
    chan3MaxPayload: number;
    chan2MaxWindow: number;
  };
  sse: { standard: number; vendor: number };
  payloadParam: {
    nse: number;
    rfc2833: number;
    sse: number;
    v150sprt: number;
    noaudio: number;
    futureUse1: number;
    futureUse2: number;
    futureUse3: number;
  };
}

// ---- phone -> call manager -------------------------------------------------------------------

export interface KeepAliveReq {
  type: 'KeepAliveReq';
}

export interface RegisterReq {
  type: 'RegisterReq';
  deviceName: string;
  userId: number;
  instance: number;
  stationIpAddr: IpAddress;
  deviceType: number;
  maxStreams: number;
  // optional tail (body size decides; defaults when absent)
  activeStreams: number;
  protocolVer: number;
  unknown: number;
  phoneFeatures: number;
  maxConferences: number;
  activeConferences: number;
  macAddress: string;
  ipV4AddressScope: number;
  maxNumberOfLines: number;
  stationIpV6Addr: IpAddress;
  ipV6AddressScope: number;
  firmwareLoadName: string;
  configVersionStamp: string;
}

export interface IpPort {
  type: 'IpPort';
  rtpMediaPort: number;
}

export interface KeypadButton extends CallRef {
  type: 'KeypadButton';
  kpButton: number;
}

export interface EnblocCall {
  type: 'EnblocCall';
  calledParty: string;
  lineInstance: number;
}

export interface Stimulus extends CallRef {
  type: 'Stimulus';
  stimulus: number;
  stimulusStatus: number;
}

export interface OffHook extends CallRef {
  type: 'OffHook';
}

export interface OnHook extends CallRef {
  type: 'OnHook';
}

export interface HookFlash {
  type: 'HookFlash';
}

export interface ForwardStatReq {
  type: 'ForwardStatReq';
  lineNumber: number;
}

export interface SpeedDialStatReq {
  type: 'SpeedDialStatReq';
  speedDialNumber: number;
}

export interface LineStatReq {
  type: 'LineStatReq';
  lineNumber: number;
}

export interface ConfigStatReq {
  type: 'ConfigStatReq';
}

export interface TimeDateReq {
  type: 'TimeDateReq';
}

export interface ButtonTemplateReq {
  type: 'ButtonTemplateReq';
}

export interface VersionReq {
  type: 'VersionReq';
}

export interface MediaCapability {
  payloadCapability: number;
  maxFramesPerPacket: number;
  /** The 8-byte payload union (e.g. G.723 bit rate), hex. */
  payloadParams: string;
}

export interface CapabilitiesRes {
  type: 'CapabilitiesRes';
  /** At most 18; capCount on the wire is caps.length. */
  caps: MediaCapability[];
}

export interface ServerReq {
  type: 'ServerReq';
}

export interface Alarm {
  type: 'Alarm';
  alarmSeverity: number;
  displayMessage: string;
  alarmParam1: number;
  alarmParam2: number;
}

export interface OpenReceiveChannelAck {
  type: 'OpenReceiveChannelAck';
  mediaReceptionStatus: number;
  ipAddr: IpAddress;
  portNumber: number;
  passThroughPartyId: number;
  callReference: number;
}

export interface SoftKeySetReq {
  type: 'SoftKeySetReq';
}

export interface SoftKeyEvent extends CallRef {
  type: 'SoftKeyEvent';
  softKeyEvent: number;
}

export interface UnregisterReq {
  type: 'UnregisterReq';
  unRegReasonCode: number;
}

export interface SoftKeyTemplateReq {
  type: 'SoftKeyTemplateReq';
}

export interface RegisterTokenReq {
  type: 'RegisterTokenReq';
  deviceName: string;
  userId: number;
  instance: number;
  stationIpAddr: IpAddress;
  deviceType: number;
  stationIpV6Addr: IpAddress;
}

export interface HeadsetStatus {
  type: 'HeadsetStatus';
  headsetMode: number;
}

export interface RegisterAvailableLines {
  type: 'RegisterAvailableLines';
  maxNumOfAvailLines: number;
}

export interface FeatureStatReq {
  type: 'FeatureStatReq';
  featureIndex: number;
}

// ---- call manager -> phone -------------------------------------------------------------------

export interface RegisterAck {
  type: 'RegisterAck';
  keepAliveInterval: number;
  dateTemplate: string;
  secondaryKeepAliveInterval: number;
  maxProtocolVer: number;
  unknown: number;
  phoneFeatures: number;
}

export interface StartTone extends CallRef {
  type: 'StartTone';
  tone: number;
  toneOutputDirection: number;
}

export interface StopTone extends CallRef {
  type: 'StopTone';
  /** Header version >= 11 only. */
  tone: number;
}

export interface SetRinger extends CallRef {
  type: 'SetRinger';
  ringMode: number;
  ringDuration: number;
}

export interface SetLamp {
  type: 'SetLamp';
  stimulus: number;
  stimulusInstance: number;
  lampMode: number;
}

export interface SetSpeakerMode {
  type: 'SetSpeakerMode';
  speakerMode: number;
}

/**
 * Codec parameter union of OpenReceiveChannel / StartMediaTransmission: below header version 11
 * the 4 bytes are `g723BitRate`; from 11 they are read as codecMode, dynamicPayload, codecParam1,
 * codecParam2 (⚠ union members from memory of chan-sccp sccp_protocol.h).
 */
interface CodecQualifier {
  g723BitRate: number;
  codecMode: number;
  dynamicPayload: number;
  codecParam1: number;
  codecParam2: number;
}

export interface StartMediaTransmission extends CodecQualifier {
  type: 'StartMediaTransmission';
  conferenceId: number;
  passThroughPartyId: number;
  remoteIpAddr: IpAddress;
  remotePortNumber: number;
  milliSecondPacketSize: number;
  compressionType: number;
  precedenceValue: number;
  ssValue: number;
  maxFramesPerPacket: number;
  callReference: number;
  mTxMediaEncryptionKeyInfo: MediaEncryptionKeyInfo;
  streamPassThroughId: number;
  associatedStreamId: number;
  rfc2833PayloadType: number;
  dtmfType: number;
  mixingMode: number;
  /** Header version >= 15. */
  partyDirection: number;
  /** Header version >= 21. */
  latentCapsInfo: LatentCapsInfo;
}

export interface StopMediaTransmission {
  type: 'StopMediaTransmission';
  conferenceId: number;
  passThroughPartyId: number;
  callReference: number;
  portHandlingFlag: number;
}

export interface CallInfo {
  type: 'CallInfo';
  callingPartyName: string;
  callingParty: string;
  calledPartyName: string;
  calledParty: string;
  lineInstance: number;
  callReference: number;
  callType: number;
  originalCalledPartyName: string;
  originalCalledParty: string;
  lastRedirectingPartyName: string;
  lastRedirectingParty: string;
  originalCdpnRedirectReason: number;
  lastRedirectingReason: number;
  cgpnVoiceMailbox: string;
  cdpnVoiceMailbox: string;
  originalCdpnVoiceMailbox: string;
  lastRedirectingVoiceMailbox: string;
  callInstance: number;
  callSecurityStatus: number;
  partyPIRestrictionBits: number;
}

export interface ForwardStatRes {
  type: 'ForwardStatRes';
  activeForward: number;
  lineNumber: number;
  forwardAllActive: number;
  forwardAllNumber: string;
  forwardBusyActive: number;
  forwardBusyNumber: string;
  forwardNoAnswerActive: number;
  forwardNoAnswerNumber: string;
}

export interface SpeedDialStatRes {
  type: 'SpeedDialStatRes';
  speedDialNumber: number;
  speedDialDirNumber: string;
  speedDialDisplayName: string;
}

export interface LineStatRes {
  type: 'LineStatRes';
  lineNumber: number;
  lineDirNumber: string;
  lineFullyQualifiedDisplayName: string;
  lineTextLabel: string;
  lineDisplayOptions: number;
}

export interface ConfigStatRes {
  type: 'ConfigStatRes';
  deviceName: string;
  userId: number;
  instance: number;
  userName: string;
  serverName: string;
  numberOfLines: number;
  numberOfSpeedDials: number;
}

export interface TimeDateRes {
  type: 'TimeDateRes';
  wYear: number;
  wMonth: number;
  /** 0 = Sunday. */
  wDayOfWeek: number;
  wDay: number;
  wHour: number;
  wMinute: number;
  wSecond: number;
  wMilliseconds: number;
  systemTime: number;
}

export interface ButtonDefinition {
  instanceNumber: number;
  buttonDefinition: number;
}

export interface ButtonTemplateRes {
  type: 'ButtonTemplateRes';
  buttonOffset: number;
  totalButtonCount: number;
  /** The buttons in this message (buttonCount = length, at most 42). */
  definitions: ButtonDefinition[];
}

export interface VersionRes {
  type: 'VersionRes';
  version: string;
}

export interface CapabilitiesReq {
  type: 'CapabilitiesReq';
}

export interface RegisterReject {
  type: 'RegisterReject';
  text: string;
}

export interface ServerEntry {
  serverName: string;
  serverTcpListenPort: number;
  serverIpAddr: IpAddress;
}

export interface ServerRes {
  type: 'ServerRes';
  /** Up to 5 servers; decode drops trailing all-empty slots. */
  servers: ServerEntry[];
}

export interface Reset {
  type: 'Reset';
  resetType: number;
}

export interface KeepAliveAck {
  type: 'KeepAliveAck';
}

export interface OpenReceiveChannel extends CodecQualifier {
  type: 'OpenReceiveChannel';
  conferenceId: number;
  passThroughPartyId: number;
  milliSecondPacketSize: number;
  compressionType: number;
  ecValue: number;
  callReference: number;
  mRxMediaEncryptionKeyInfo: MediaEncryptionKeyInfo;
  streamPassThroughId: number;
  associatedStreamId: number;
  rfc2833PayloadType: number;
  dtmfType: number;
  /** Header version >= 11. */
  mixingMode: number;
  partyDirection: number;
  sourceIpAddr: IpAddress;
  sourcePortNumber: number;
  /** Header version >= 16. */
  requestedIpAddrType: number;
  /** Header version >= 17 (signed). */
  audioLevelAdjustment: number;
  /** Header version >= 21. */
  latentCapsInfo: LatentCapsInfo;
}

export interface CloseReceiveChannel {
  type: 'CloseReceiveChannel';
  conferenceId: number;
  passThroughPartyId: number;
  callReference: number;
  portHandlingFlag: number;
}

export interface SoftKeyDefinition {
  softKeyLabel: string;
  softKeyEvent: number;
}

export interface SoftKeyTemplateRes {
  type: 'SoftKeyTemplateRes';
  softKeyOffset: number;
  totalSoftKeyCount: number;
  /** The keys in this message (softKeyCount = length, at most 32). */
  definitions: SoftKeyDefinition[];
}

/** One soft key set: up to 16 keys; decode trims trailing (0, 0) slots. */
export interface SoftKeySetDefinition {
  softKeyTemplateIndex: number[];
  softKeyInfoIndex: number[];
}

export interface SoftKeySetRes {
  type: 'SoftKeySetRes';
  softKeySetOffset: number;
  totalSoftKeySetCount: number;
  /** The sets in this message (softKeySetCount = length, at most 16). */
  definitions: SoftKeySetDefinition[];
}

export interface SelectSoftKeys extends CallRef {
  type: 'SelectSoftKeys';
  softKeySetIndex: number;
  validKeyMask: number;
}

export interface CallState extends CallRef {
  type: 'CallState';
  callState: number;
  privacy: number;
  precedenceLevel: number;
  precedenceDomain: number;
}

export interface DisplayPromptStatus extends CallRef {
  type: 'DisplayPromptStatus';
  timeOutValue: number;
  promptStatus: string;
}

export interface ClearPromptStatus extends CallRef {
  type: 'ClearPromptStatus';
}

export interface DisplayNotify {
  type: 'DisplayNotify';
  timeOutValue: number;
  notify: string;
}

export interface ClearNotify {
  type: 'ClearNotify';
}

export interface ActivateCallPlane {
  type: 'ActivateCallPlane';
  lineInstance: number;
}

export interface DeactivateCallPlane {
  type: 'DeactivateCallPlane';
}

export interface UnregisterAck {
  type: 'UnregisterAck';
  status: number;
}

export interface BackSpaceRes extends CallRef {
  type: 'BackSpaceRes';
}

export interface RegisterTokenAck {
  type: 'RegisterTokenAck';
}

export interface RegisterTokenReject {
  type: 'RegisterTokenReject';
  waitTimeBeforeNextReq: number;
}

export interface DialedNumber extends CallRef {
  type: 'DialedNumber';
  /** 24 bytes below header version 18, 25 from 18. */
  dialedNumber: string;
}

export interface FeatureStatRes {
  type: 'FeatureStatRes';
  featureIndex: number;
  featureID: number;
  featureTextLabel: string;
  featureStatus: number;
}

export interface DisplayPriNotify {
  type: 'DisplayPriNotify';
  timeOutValue: number;
  priority: number;
  notify: string;
}

export interface ClearPriNotify {
  type: 'ClearPriNotify';
  priority: number;
}

export interface DisplayNotifyV2 {
  type: 'DisplayNotifyV2';
  timeOutValue: number;
  notify: string;
}

export interface DisplayPriNotifyV2 {
  type: 'DisplayPriNotifyV2';
  timeOutValue: number;
  priority: number;
  notify: string;
}

export interface DisplayPromptStatusV2 extends CallRef {
  type: 'DisplayPromptStatusV2';
  timeOutValue: number;
  promptStatus: string;
}

export interface LineStatV2Res {
  type: 'LineStatV2Res';
  lineNumber: number;
  lineType: number;
  lineDirNumber: string;
  lineFullyQualifiedDisplayName: string;
  lineTextLabel: string;
}

export interface CallInfoV2 extends CallRef {
  type: 'CallInfoV2';
  callType: number;
  originalCdpnRedirectReason: number;
  lastRedirectingReason: number;
  callInstance: number;
  callSecurityStatus: number;
  partyPIRestrictionBits: number;
  callingParty: string;
  alternateCallingParty: string;
  calledParty: string;
  originalCalledParty: string;
  lastRedirectingParty: string;
  cgpnVoiceMailbox: string;
  cdpnVoiceMailbox: string;
  originalCdpnVoiceMailbox: string;
  lastRedirectingVoiceMailbox: string;
  callingPartyName: string;
  calledPartyName: string;
  originalCalledPartyName: string;
  lastRedirectingPartyName: string;
  /** Header version >= 17. */
  huntPilotNumber: string;
  huntPilotName: string;
}

export interface StartMediaTransmissionAck {
  type: 'StartMediaTransmissionAck';
  conferenceId: number;
  passThroughPartyId: number;
  callReference: number;
  transmitIpAddr: IpAddress;
  portNumber: number;
  mediaTransmissionStatus: number;
}

export type SccpMessage =
  | KeepAliveReq
  | RegisterReq
  | IpPort
  | KeypadButton
  | EnblocCall
  | Stimulus
  | OffHook
  | OnHook
  | HookFlash
  | ForwardStatReq
  | SpeedDialStatReq
  | LineStatReq
  | ConfigStatReq
  | TimeDateReq
  | ButtonTemplateReq
  | VersionReq
  | CapabilitiesRes
  | ServerReq
  | Alarm
  | OpenReceiveChannelAck
  | SoftKeySetReq
  | SoftKeyEvent
  | UnregisterReq
  | SoftKeyTemplateReq
  | RegisterTokenReq
  | HeadsetStatus
  | RegisterAvailableLines
  | FeatureStatReq
  | RegisterAck
  | StartTone
  | StopTone
  | SetRinger
  | SetLamp
  | SetSpeakerMode
  | StartMediaTransmission
  | StopMediaTransmission
  | CallInfo
  | ForwardStatRes
  | SpeedDialStatRes
  | LineStatRes
  | ConfigStatRes
  | TimeDateRes
  | ButtonTemplateRes
  | VersionRes
  | CapabilitiesReq
  | RegisterReject
  | ServerRes
  | Reset
  | KeepAliveAck
  | OpenReceiveChannel
  | CloseReceiveChannel
  | SoftKeyTemplateRes
  | SoftKeySetRes
  | SelectSoftKeys
  | CallState
  | DisplayPromptStatus
  | ClearPromptStatus
  | DisplayNotify
  | ClearNotify
  | ActivateCallPlane
  | DeactivateCallPlane
  | UnregisterAck
  | BackSpaceRes
  | RegisterTokenAck
  | RegisterTokenReject
  | DialedNumber
  | FeatureStatRes
  | DisplayPriNotify
  | ClearPriNotify
  | DisplayNotifyV2
  | DisplayPriNotifyV2
  | DisplayPromptStatusV2
  | LineStatV2Res
  | CallInfoV2
  | StartMediaTransmissionAck;

export type SccpMessageType = SccpMessage['type'];

/** The message interface for one `type`. */
export type MessageOf<T extends SccpMessageType> = Extract<SccpMessage, { type: T }>;
