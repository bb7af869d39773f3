/**
 * SCCP message ids handled by this codec, named as Wireshark names them without the `Message`
 * suffix (Wireshark's SkinnyProtocolOptimized.xml; ids outside that file from Wireshark packet-skinny
 * §3-§5 or, where marked, from memory of chan-sccp sccp_protocol.h).
 */
export const MessageId = {
  // phone -> call manager
  KeepAliveReq: 0x0000,
  RegisterReq: 0x0001,
  IpPort: 0x0002,
  KeypadButton: 0x0003,
  EnblocCall: 0x0004,
  Stimulus: 0x0005,
  OffHook: 0x0006,
  OnHook: 0x0007,
  HookFlash: 0x0008,
  ForwardStatReq: 0x0009,
  SpeedDialStatReq: 0x000a,
  LineStatReq: 0x000b,
  ConfigStatReq: 0x000c,
  TimeDateReq: 0x000d,
  ButtonTemplateReq: 0x000e,
  VersionReq: 0x000f,
  CapabilitiesRes: 0x0010,
  ServerReq: 0x0012,
  Alarm: 0x0020,
  OpenReceiveChannelAck: 0x0022,
  SoftKeySetReq: 0x0025,
  SoftKeyEvent: 0x0026,
  UnregisterReq: 0x0027,
  SoftKeyTemplateReq: 0x0028,
  RegisterTokenReq: 0x0029,
  HeadsetStatus: 0x002b,
  RegisterAvailableLines: 0x002d,
  FeatureStatReq: 0x0034,
  // call manager -> phone
  RegisterAck: 0x0081,
  StartTone: 0x0082,
  StopTone: 0x0083,
  SetRinger: 0x0085,
  SetLamp: 0x0086,
  SetSpeakerMode: 0x0088,
  StartMediaTransmission: 0x008a,
  StopMediaTransmission: 0x008b,
  CallInfo: 0x008f,
  ForwardStatRes: 0x0090,
  SpeedDialStatRes: 0x0091,
  LineStatRes: 0x0092,
  ConfigStatRes: 0x0093,
  TimeDateRes: 0x0094,
  ButtonTemplateRes: 0x0097,
  VersionRes: 0x0098,
  CapabilitiesReq: 0x009b,
  RegisterReject: 0x009d,
  ServerRes: 0x009e,
  Reset: 0x009f,
  KeepAliveAck: 0x0100,
  OpenReceiveChannel: 0x0105,
  CloseReceiveChannel: 0x0106,
  SoftKeyTemplateRes: 0x0108,
  SoftKeySetRes: 0x0109,
  SelectSoftKeys: 0x0110,
  CallState: 0x0111,
  DisplayPromptStatus: 0x0112,
  ClearPromptStatus: 0x0113,
  DisplayNotify: 0x0114,
  ClearNotify: 0x0115,
  ActivateCallPlane: 0x0116,
  DeactivateCallPlane: 0x0117,
  UnregisterAck: 0x0118,
  BackSpaceRes: 0x0119,
  RegisterTokenAck: 0x011a,
  RegisterTokenReject: 0x011b,
  DialedNumber: 0x011d,
  FeatureStatRes: 0x011f,
  DisplayPriNotify: 0x0120,
  ClearPriNotify: 0x0121,
  DisplayNotifyV2: 0x0143,
  DisplayPriNotifyV2: 0x0144,
  DisplayPromptStatusV2: 0x0145,
  LineStatV2Res: 0x0147,
  CallInfoV2: 0x014a,
  StartMediaTransmissionAck: 0x0154,
} as const;

export type MessageName = keyof typeof MessageId;
export type MessageIdValue = (typeof MessageId)[MessageName];

const byId = new Map<number, MessageName>(
  (Object.entries(MessageId) as Array<[MessageName, number]>).map(([name, id]) => [id, name]),
);

/** The message name for a wire id, or undefined when this codec does not know the id. */
export function messageName(id: number): MessageName | undefined {
  return byId.get(id);
}

/** `Name (0x00NN)` or `Unknown (0xNNNN)`, for logs and error messages. */
export function describeMessageId(id: number): string {
  const hex = `0x${(id >>> 0).toString(16).padStart(4, '0')}`;
  return `${messageName(id) ?? 'Unknown'} (${hex})`;
}
