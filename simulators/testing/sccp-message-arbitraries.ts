/**
 * fast-check arbitraries of every SCCP message, one per message type, for the codec's property
 * tests. Values are already in the form decode produces (strings within their field size and
 * without NUL, RFC 5952 IPv6 text, template entries within their slot counts), and addresses of
 * ipv4or6 fields are IPv6 only where the header version can carry them (>= 17).
 */
import fc from 'fast-check';
import type * as M from '../sccp/messages.ts';
import type { MessageOf, SccpMessageType } from '../sccp/messages.ts';

/** fc.record with plain prototypes, so deepStrictEqual compares like decoded objects. */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.oneof(fc.constantFrom(0, 1, 0x7fffffff, 0xffffffff), fc.integer({ min: 0, max: 0xffffffff }));
const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });

const latin1Char = fc.integer({ min: 1, max: 255 }).map((c) => String.fromCharCode(c));
/** Text for a fixed char[n] field (up to n bytes, no NUL). */
const str = (n: number) => fc.string({ unit: latin1Char, maxLength: n });
/** Text for a NUL-terminated field whose size `max` counts the NUL. */
const cstr = (max: number) => fc.string({ unit: latin1Char, maxLength: max - 1 });
const hex = (min: number, max: number) =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b).toString('hex'));

const ipv4 = fc.ipV4();
/** RFC 5952 text, canonicalised by the WHATWG URL parser (independent of the codec). */
const ipv6 = fc.ipV6().map((s) => new URL(`http://[${s}]/`).hostname.slice(1, -1));
const ipv4or6 = (v: number) => (v >= 17 ? fc.oneof(ipv4, ipv6) : ipv4);

const keyInfo: fc.Arbitrary<M.MediaEncryptionKeyInfo> = rec({
  algorithmID: u32,
  key: hex(0, 16),
  salt: hex(0, 16),
  isMKIPresent: u32,
  keyDerivationRate: u32,
});

const latentCaps: fc.Arbitrary<M.LatentCapsInfo> = rec({
  active: u32,
  modemRelay: rec({ capAndVer: u32, modAnd2833: u32 }),
  sprtPayload: rec({ chan0MaxPayload: u16, chan2MaxPayload: u16, chan3MaxPayload: u16, chan2MaxWindow: u16 }),
  sse: rec({ standard: u32, vendor: u32 }),
  payloadParam: rec({
    nse: u8,
    rfc2833: u8,
    sse: u8,
    v150sprt: u8,
    noaudio: u8,
    futureUse1: u8,
    futureUse2: u8,
    futureUse3: u8,
  }),
});

const qualifier = {
  g723BitRate: u32,
  codecMode: u8,
  dynamicPayload: u8,
  codecParam1: u8,
  codecParam2: u8,
};

const callRef = { lineInstance: u32, callReference: u32 };

type Models = { [K in SccpMessageType]: fc.Arbitrary<MessageOf<K>> };

function msg<K extends SccpMessageType>(
  type: K,
  model: { [F in Exclude<keyof MessageOf<K>, 'type'>]: fc.Arbitrary<MessageOf<K>[F]> },
): fc.Arbitrary<MessageOf<K>> {
  return rec(model as Record<string, fc.Arbitrary<unknown>>).map((m) => ({ type, ...m }) as MessageOf<K>);
}

/** A soft key set as decode returns it: equal-length arrays without trailing (0, 0) slots. */
const softKeySet: fc.Arbitrary<M.SoftKeySetDefinition> = fc
  .array(fc.tuple(u8, u16), { maxLength: 16 })
  .map((pairs) => {
    let used = pairs.length;
    while (used > 0 && pairs[used - 1]?.[0] === 0 && pairs[used - 1]?.[1] === 0) used--;
    const kept = pairs.slice(0, used);
    return { softKeyTemplateIndex: kept.map((p) => p[0]), softKeyInfoIndex: kept.map((p) => p[1]) };
  });

/** Every message type's arbitrary for one header version. */
export function messageArbitraries(v: number): Models {
  return {
    KeepAliveReq: msg('KeepAliveReq', {}),
    RegisterReq: msg('RegisterReq', {
      deviceName: str(16),
      userId: u32,
      instance: u32,
      stationIpAddr: ipv4,
      deviceType: u32,
      maxStreams: u32,
      activeStreams: u32,
      protocolVer: u8,
      unknown: u8,
      phoneFeatures: u16,
      maxConferences: u32,
      activeConferences: u32,
      macAddress: str(12),
      ipV4AddressScope: u32,
      maxNumberOfLines: u32,
      stationIpV6Addr: ipv6,
      ipV6AddressScope: u32,
      firmwareLoadName: str(32),
      configVersionStamp: str(48),
    }),
    IpPort: msg('IpPort', { rtpMediaPort: u32 }),
    KeypadButton: msg('KeypadButton', { kpButton: u32, ...callRef }),
    EnblocCall: msg('EnblocCall', { calledParty: str(24), lineInstance: u32 }),
    Stimulus: msg('Stimulus', { stimulus: u32, stimulusStatus: u32, ...callRef }),
    OffHook: msg('OffHook', callRef),
    OnHook: msg('OnHook', callRef),
    HookFlash: msg('HookFlash', {}),
    ForwardStatReq: msg('ForwardStatReq', { lineNumber: u32 }),
    SpeedDialStatReq: msg('SpeedDialStatReq', { speedDialNumber: u32 }),
    LineStatReq: msg('LineStatReq', { lineNumber: u32 }),
    ConfigStatReq: msg('ConfigStatReq', {}),
    TimeDateReq: msg('TimeDateReq', {}),
    ButtonTemplateReq: msg('ButtonTemplateReq', {}),
    VersionReq: msg('VersionReq', {}),
    CapabilitiesRes: msg('CapabilitiesRes', {
      caps: fc.array(rec({ payloadCapability: u32, maxFramesPerPacket: u32, payloadParams: hex(8, 8) }), {
        maxLength: 18,
      }),
    }),
    ServerReq: msg('ServerReq', {}),
    Alarm: msg('Alarm', { alarmSeverity: u32, displayMessage: str(80), alarmParam1: u32, alarmParam2: u32 }),
    OpenReceiveChannelAck: msg('OpenReceiveChannelAck', {
      mediaReceptionStatus: u32,
      ipAddr: ipv4or6(v),
      portNumber: u32,
      passThroughPartyId: u32,
      callReference: u32,
    }),
    SoftKeySetReq: msg('SoftKeySetReq', {}),
    SoftKeyEvent: msg('SoftKeyEvent', { softKeyEvent: u32, ...callRef }),
    UnregisterReq: msg('UnregisterReq', { unRegReasonCode: u32 }),
    SoftKeyTemplateReq: msg('SoftKeyTemplateReq', {}),
    RegisterTokenReq: msg('RegisterTokenReq', {
      deviceName: str(16),
      userId: u32,
      instance: u32,
      stationIpAddr: ipv4,
      deviceType: u32,
      stationIpV6Addr: ipv6,
    }),
    HeadsetStatus: msg('HeadsetStatus', { headsetMode: u32 }),
    RegisterAvailableLines: msg('RegisterAvailableLines', { maxNumOfAvailLines: u32 }),
    FeatureStatReq: msg('FeatureStatReq', { featureIndex: u32 }),
    RegisterAck: msg('RegisterAck', {
      keepAliveInterval: u32,
      dateTemplate: str(6),
      secondaryKeepAliveInterval: u32,
      maxProtocolVer: u8,
      unknown: u8,
      phoneFeatures: u16,
    }),
    StartTone: msg('StartTone', { tone: u32, toneOutputDirection: u32, ...callRef }),
    StopTone: msg('StopTone', { tone: u32, ...callRef }),
    SetRinger: msg('SetRinger', { ringMode: u32, ringDuration: u32, ...callRef }),
    SetLamp: msg('SetLamp', { stimulus: u32, stimulusInstance: u32, lampMode: u32 }),
    SetSpeakerMode: msg('SetSpeakerMode', { speakerMode: u32 }),
    StartMediaTransmission: msg('StartMediaTransmission', {
      conferenceId: u32,
      passThroughPartyId: u32,
      remoteIpAddr: ipv4or6(v),
      remotePortNumber: u32,
      milliSecondPacketSize: u32,
      compressionType: u32,
      precedenceValue: u32,
      ssValue: u32,
      maxFramesPerPacket: u16,
      ...qualifier,
      callReference: u32,
      mTxMediaEncryptionKeyInfo: keyInfo,
      streamPassThroughId: u32,
      associatedStreamId: u32,
      rfc2833PayloadType: u32,
      dtmfType: u32,
      mixingMode: u32,
      partyDirection: u32,
      latentCapsInfo: latentCaps,
    }),
    StopMediaTransmission: msg('StopMediaTransmission', {
      conferenceId: u32,
      passThroughPartyId: u32,
      callReference: u32,
      portHandlingFlag: u32,
    }),
    CallInfo: msg('CallInfo', {
      callingPartyName: str(40),
      callingParty: str(24),
      calledPartyName: str(40),
      calledParty: str(24),
      ...callRef,
      callType: u32,
      originalCalledPartyName: str(40),
      originalCalledParty: str(24),
      lastRedirectingPartyName: str(40),
      lastRedirectingParty: str(24),
      originalCdpnRedirectReason: u32,
      lastRedirectingReason: u32,
      cgpnVoiceMailbox: str(24),
      cdpnVoiceMailbox: str(24),
      originalCdpnVoiceMailbox: str(24),
      lastRedirectingVoiceMailbox: str(24),
      callInstance: u32,
      callSecurityStatus: u32,
      partyPIRestrictionBits: u32,
    }),
    ForwardStatRes: msg('ForwardStatRes', {
      activeForward: u32,
      lineNumber: u32,
      forwardAllActive: u32,
      forwardAllNumber: str(v >= 18 ? 25 : 24),
      forwardBusyActive: u32,
      forwardBusyNumber: str(v >= 18 ? 25 : 24),
      forwardNoAnswerActive: u32,
      forwardNoAnswerNumber: str(v >= 18 ? 25 : 24),
    }),
    SpeedDialStatRes: msg('SpeedDialStatRes', {
      speedDialNumber: u32,
      speedDialDirNumber: str(24),
      speedDialDisplayName: str(40),
    }),
    LineStatRes: msg('LineStatRes', {
      lineNumber: u32,
      lineDirNumber: str(24),
      lineFullyQualifiedDisplayName: str(40),
      lineTextLabel: str(40),
      lineDisplayOptions: u32,
    }),
    ConfigStatRes: msg('ConfigStatRes', {
      deviceName: str(16),
      userId: u32,
      instance: u32,
      userName: str(40),
      serverName: str(40),
      numberOfLines: u32,
      numberOfSpeedDials: u32,
    }),
    TimeDateRes: msg('TimeDateRes', {
      wYear: u32,
      wMonth: u32,
      wDayOfWeek: u32,
      wDay: u32,
      wHour: u32,
      wMinute: u32,
      wSecond: u32,
      wMilliseconds: u32,
      systemTime: u32,
    }),
    ButtonTemplateRes: msg('ButtonTemplateRes', {
      buttonOffset: u32,
      totalButtonCount: u32,
      definitions: fc.array(rec({ instanceNumber: u8, buttonDefinition: u8 }), { maxLength: 42 }),
    }),
    VersionRes: msg('VersionRes', { version: str(16) }),
    CapabilitiesReq: msg('CapabilitiesReq', {}),
    RegisterReject: msg('RegisterReject', { text: str(32) }),
    ServerRes: msg('ServerRes', {
      servers: fc.array(
        rec({
          serverName: str(48).map((s) => s || 'cm'),
          serverTcpListenPort: u32,
          serverIpAddr: ipv4or6(v),
        }),
        { maxLength: 5 },
      ),
    }),
    Reset: msg('Reset', { resetType: u32 }),
    KeepAliveAck: msg('KeepAliveAck', {}),
    OpenReceiveChannel: msg('OpenReceiveChannel', {
      conferenceId: u32,
      passThroughPartyId: u32,
      milliSecondPacketSize: u32,
      compressionType: u32,
      ecValue: u32,
      ...qualifier,
      callReference: u32,
      mRxMediaEncryptionKeyInfo: keyInfo,
      streamPassThroughId: u32,
      associatedStreamId: u32,
      rfc2833PayloadType: u32,
      dtmfType: u32,
      mixingMode: u32,
      partyDirection: u32,
      sourceIpAddr: ipv4or6(v),
      sourcePortNumber: u32,
      requestedIpAddrType: u32,
      audioLevelAdjustment: i32,
      latentCapsInfo: latentCaps,
    }),
    CloseReceiveChannel: msg('CloseReceiveChannel', {
      conferenceId: u32,
      passThroughPartyId: u32,
      callReference: u32,
      portHandlingFlag: u32,
    }),
    SoftKeyTemplateRes: msg('SoftKeyTemplateRes', {
      softKeyOffset: u32,
      totalSoftKeyCount: u32,
      definitions: fc.array(rec({ softKeyLabel: str(16), softKeyEvent: u32 }), { maxLength: 32 }),
    }),
    SoftKeySetRes: msg('SoftKeySetRes', {
      softKeySetOffset: u32,
      totalSoftKeySetCount: u32,
      definitions: fc.array(softKeySet, { maxLength: 16 }),
    }),
    SelectSoftKeys: msg('SelectSoftKeys', { ...callRef, softKeySetIndex: u32, validKeyMask: u32 }),
    CallState: msg('CallState', {
      callState: u32,
      ...callRef,
      privacy: u32,
      precedenceLevel: u32,
      precedenceDomain: u32,
    }),
    DisplayPromptStatus: msg('DisplayPromptStatus', { timeOutValue: u32, promptStatus: str(32), ...callRef }),
    ClearPromptStatus: msg('ClearPromptStatus', callRef),
    DisplayNotify: msg('DisplayNotify', { timeOutValue: u32, notify: str(32) }),
    ClearNotify: msg('ClearNotify', {}),
    ActivateCallPlane: msg('ActivateCallPlane', { lineInstance: u32 }),
    DeactivateCallPlane: msg('DeactivateCallPlane', {}),
    UnregisterAck: msg('UnregisterAck', { status: u32 }),
    BackSpaceRes: msg('BackSpaceRes', callRef),
    RegisterTokenAck: msg('RegisterTokenAck', {}),
    RegisterTokenReject: msg('RegisterTokenReject', { waitTimeBeforeNextReq: u32 }),
    DialedNumber: msg('DialedNumber', { dialedNumber: str(v >= 18 ? 25 : 24), ...callRef }),
    FeatureStatRes: msg('FeatureStatRes', {
      featureIndex: u32,
      featureID: u32,
      featureTextLabel: str(40),
      featureStatus: u32,
    }),
    DisplayPriNotify: msg('DisplayPriNotify', { timeOutValue: u32, priority: u32, notify: str(32) }),
    ClearPriNotify: msg('ClearPriNotify', { priority: u32 }),
    DisplayNotifyV2: msg('DisplayNotifyV2', { timeOutValue: u32, notify: cstr(97) }),
    DisplayPriNotifyV2: msg('DisplayPriNotifyV2', { timeOutValue: u32, priority: u32, notify: cstr(97) }),
    DisplayPromptStatusV2: msg('DisplayPromptStatusV2', {
      timeOutValue: u32,
      ...callRef,
      promptStatus: cstr(97),
    }),
    LineStatV2Res: msg('LineStatV2Res', {
      lineNumber: u32,
      lineType: u32,
      lineDirNumber: cstr(25),
      lineFullyQualifiedDisplayName: cstr(40),
      lineTextLabel: cstr(40),
    }),
    CallInfoV2: msg('CallInfoV2', {
      ...callRef,
      callType: u32,
      originalCdpnRedirectReason: u32,
      lastRedirectingReason: u32,
      callInstance: u32,
      callSecurityStatus: u32,
      partyPIRestrictionBits: u32,
      callingParty: cstr(25),
      alternateCallingParty: cstr(25),
      calledParty: cstr(25),
      originalCalledParty: cstr(25),
      lastRedirectingParty: cstr(25),
      cgpnVoiceMailbox: cstr(25),
      cdpnVoiceMailbox: cstr(25),
      originalCdpnVoiceMailbox: cstr(25),
      lastRedirectingVoiceMailbox: cstr(25),
      callingPartyName: cstr(121),
      calledPartyName: cstr(121),
      originalCalledPartyName: cstr(121),
      lastRedirectingPartyName: cstr(121),
      huntPilotNumber: cstr(25),
      huntPilotName: cstr(121),
    }),
    StartMediaTransmissionAck: msg('StartMediaTransmissionAck', {
      conferenceId: u32,
      passThroughPartyId: u32,
      callReference: u32,
      transmitIpAddr: ipv4or6(v),
      portNumber: u32,
      mediaTransmissionStatus: u32,
    }),
  };
}

/** Any message at any of the given header versions, with the version it was made for. */
export function versionedMessage(versions: readonly number[]): fc.Arbitrary<{ v: number; m: M.SccpMessage }> {
  return fc
    .constantFrom(...versions)
    .chain((v) =>
      fc
        .oneof(...(Object.values(messageArbitraries(v)) as fc.Arbitrary<M.SccpMessage>[]))
        .map((m) => ({ v, m })),
    );
}
