/**
 * SCCP (Skinny) enumerations, written for this project from Wireshark's
 * SkinnyProtocolOptimized.xml value sets (Wireshark's SkinnyProtocolOptimized.xml) with names turned into
 * identifiers. Each table is an `as const` object name -> value; {@link enumName} and the
 * `*Name` reverse maps turn a wire value back into its name.
 */

type EnumTable = Readonly<Record<string, number>>;

/** Reverse map value -> name (the first name wins when two names share a value). */
export function reverseEnum<T extends EnumTable>(table: T): ReadonlyMap<number, keyof T & string> {
  const out = new Map<number, keyof T & string>();
  for (const [name, value] of Object.entries(table)) {
    if (!out.has(value)) out.set(value, name as keyof T & string);
  }
  return out;
}

/** The name of `value` in `table`, or undefined when the table has no such value. */
export function enumName<T extends EnumTable>(table: T, value: number): (keyof T & string) | undefined {
  for (const [name, v] of Object.entries(table)) {
    if (v === value) return name as keyof T & string;
  }
  return undefined;
}

// Wireshark's SkinnyProtocolOptimized.xml DCallState; chan-sccp (lines, overlays, shared lines).
export const DCallState = {
  Idle: 0,
  OffHook: 1,
  OnHook: 2,
  RingOut: 3,
  RingIn: 4,
  Connected: 5,
  Busy: 6,
  Congestion: 7,
  Hold: 8,
  CallWaiting: 9,
  CallTransfer: 10,
  CallPark: 11,
  Proceed: 12,
  CallRemoteMultiline: 13,
  InvalidNumber: 14,
  HoldRevert: 15,
  Whisper: 16,
  RemoteHold: 17,
  MaxState: 18,
} as const;
export type DCallState = (typeof DCallState)[keyof typeof DCallState];
export const DCallStateName = reverseEnum(DCallState);

/**
 * Device (phone model) types sent in RegisterReq.deviceType. Values from
 * Wireshark's SkinnyProtocolOptimized.xml DeviceType, except where a comment says otherwise.
 */
export const DeviceType = {
  Station30SPplus: 1,
  Station12SPplus: 2,
  Station12SP: 3,
  Station12: 4,
  Station30VIP: 5,
  Cisco7910: 6,
  // The XML names 7 "StationTelecasterMgr"; chan-sccp uses SKINNY_DEVICETYPE_CISCO7960 = 7 and real
  // 7960s register with 7 (⚠ from memory of chan-sccp sccp_protocol.h).
  Cisco7960: 7,
  Cisco7940: 8,
  Cisco7935: 9,
  StationVGC: 10,
  VGCVirtualPhone: 11,
  CiscoATA186: 12,
  CiscoATA188: 13,
  EmccBase: 15,
  Virtual30SPplus: 20,
  StationPhoneApplication: 21,
  AnalogAccess: 30,
  DigitalAccessTitan1: 40,
  DigitalAccessT1: 41,
  DigitalAccessTitan2: 42,
  DigitalAccessLennon: 43,
  AnalogAccessElvis: 47,
  VGCGateway: 48,
  ConferenceBridge: 50,
  ConferenceBridgeYoko: 51,
  ConferenceBridgeDixieLand: 52,
  ConferenceBridgeSummit: 53,
  H225: 60,
  H323Phone: 61,
  H323Gateway: 62,
  MusicOnHold: 70,
  Pilot: 71,
  TapiPort: 72,
  TapiRoutePoint: 73,
  VoiceInBox: 80,
  VoiceInboxAdmin: 81,
  LineAnnunciator: 82,
  SoftwareMtpDixieLand: 83,
  CiscoMediaServer: 84,
  ConferenceBridgeFlint: 85,
  ConferenceBridgeHetroGen: 86,
  ConferenceBridgeAudVid: 87,
  ConferenceHVideoBridge: 88,
  RouteList: 90,
  LoadSimulator: 100,
  MediaTerminationPoint: 110,
  MediaTerminationPointYoko: 111,
  MediaTerminationPointDixieLand: 112,
  MediaTerminationPointSummit: 113,
  Cisco7941: 115,
  Cisco7971: 119,
  MGCPStation: 120,
  MGCPTrunk: 121,
  RASProxy: 122,
  Cisco7914AddOn: 124,
  Trunk: 125,
  Annunciator: 126,
  MonitorBridge: 127,
  Recorder: 128,
  MonitorBridgeYoko: 129,
  SipTrunk: 131,
  SipGateway: 132,
  WsmTrunk: 133,
  RemoteDestination: 134,
  Cisco7915AddOn: 227,
  Cisco7915AddOn24: 228,
  Cisco7916AddOn: 229,
  Cisco7916AddOn24: 230,
  GenericDevice: 253,
  UnknownMGCPGateway: 254,
  NotDefined: 255,
  NokiaESeries: 275,
  Cisco7985: 302,
  Cisco7911: 307,
  Cisco7961GE: 308,
  // The XML spells 309 "7961G_GE"; chan-sccp calls it CISCO7941GE (⚠ from memory of chan-sccp).
  Cisco7941GE: 309,
  MotorolaCN622: 335,
  ThirdPartySipBasic: 336,
  Cisco7931: 348,
  UnifiedCommunicator: 358,
  Cisco7921: 365,
  Cisco7906: 369,
  ThirdPartySipAdv: 374,
  Telepresence: 375,
  NokiaICCClient: 376,
  Cisco7962: 404,
  Cisco3951: 412,
  Cisco7937: 431,
  Cisco7942: 434,
  Cisco7945: 435,
  Cisco7965: 436,
  Cisco7975: 437,
  UnifiedMobileCommunicator: 468,
  Cisco7925: 484,
  Cisco9971: 493,
  Cisco6921: 495,
  Cisco6941: 496,
  Cisco6961: 497,
  CSF: 503,
  Cisco6901: 547,
  Cisco6911: 548,
  Cisco6945: 564,
  Cisco8945: 585,
  Cisco8941: 586,
  CiscoTelepresenceMcu: 597,
  CiscoTelePresenceExchange: 599,
  CiscoTelePresenceSoftwareConferenceBridge: 600,
  ASSip: 631,
  CtiRemoteDevice: 635,
  Cisco7905: 20000,
  Cisco7920: 30002,
  Cisco7970: 30006,
  Cisco7912: 30007,
  Cisco7902: 30008,
  CiscoIPCommunicator: 30016,
  Cisco7961: 30018,
  Cisco7936: 30019,
  AnalogPhone: 30027,
  ISDNBRIPhone: 30028,
  SCCPGwVirtualPhone: 30032,
  IP_STE: 30035,
  CiscoTelePresenceConductor: 36041,
  InteractiveVoiceResponse: 36219,
  CiscoSPA521S: 80000,
  CiscoSPA502G: 80003,
  CiscoSPA504G: 80004,
  CiscoSPA525G: 80005,
  CiscoSPA509G: 80007,
  CiscoSPA525G2: 80009,
  CiscoSPA303G: 80011,
} as const;
export type DeviceType = (typeof DeviceType)[keyof typeof DeviceType];
export const DeviceTypeName = reverseEnum(DeviceType);

/**
 * Soft key events (SoftKeyEventMessage.softKeyEvent, SoftKeyTemplateRes definitions). In SCCP the
 * event number equals the key's display label number (Wireshark's SkinnyProtocolOptimized.xml SoftKeyEvent).
 */
export const SoftKeyEvent = {
  Redial: 1,
  NewCall: 2,
  Hold: 3,
  Transfer: 4,
  CfwdAll: 5,
  CfwdBusy: 6,
  CfwdNoAnswer: 7,
  BackSpace: 8,
  EndCall: 9,
  Resume: 10,
  Answer: 11,
  Info: 12,
  Confrn: 13,
  Park: 14,
  Join: 15,
  MeetMe: 16,
  PickUp: 17,
  GrpPickup: 18,
  RmLstC: 57,
  Voicemail: 58,
  ImmDiv: 59,
  Intrcpt: 60,
  SetWtch: 61,
  TrnsfVM: 62,
  DND: 63,
  DivAll: 64,
  CallBack: 65,
  Barge: 67,
  QRT: 75,
  MCID: 76,
  DirTrfr: 77,
  Select: 78,
  ConfList: 79,
  iDivert: 80,
  cBarge: 81,
  VideoMode: 88,
  Dial: 201,
  Record: 202,
} as const;
export type SoftKeyEvent = (typeof SoftKeyEvent)[keyof typeof SoftKeyEvent];
export const SoftKeyEventName = reverseEnum(SoftKeyEvent);

/**
 * Localized display labels: display text may carry byte 0x80 followed by one of these numbers
 * (Wireshark packet-skinny; numbers and texts from Wireshark's SkinnyProtocolOptimized.xml SoftKeyEvent).
 */
export const DisplayLabelText: ReadonlyMap<number, string> = new Map([
  [1, 'Redial'],
  [2, 'NewCall'],
  [3, 'Hold'],
  [4, 'Transfer'],
  [5, 'CfwdAll'],
  [6, 'CfwdBusy'],
  [7, 'CfwdNoAnswer'],
  [8, 'BackSpace'],
  [9, 'EndCall'],
  [10, 'Resume'],
  [11, 'Answer'],
  [12, 'Info'],
  [13, 'Confrn'],
  [14, 'Park'],
  [15, 'Join'],
  [16, 'MeetMe'],
  [17, 'PickUp'],
  [18, 'GrpPickup'],
  [19, 'Your current options'],
  [20, 'Off Hook'],
  [21, 'On Hook'],
  [22, 'Ring out'],
  [23, 'From '],
  [24, 'Connected'],
  [25, 'Busy'],
  [26, 'Line In Use'],
  [27, 'Call Waiting'],
  [28, 'Call Transfer'],
  [29, 'Call Park'],
  [30, 'Call Proceed'],
  [31, 'In Use Remote'],
  [32, 'Enter number'],
  [33, 'Call park At'],
  [34, 'Primary Only'],
  [35, 'Temp Fail'],
  [36, 'You Have a VoiceMail'],
  [37, 'Forwarded to'],
  [38, 'Can Not Complete Conference'],
  [39, 'No Conference Bridge'],
  [40, 'Can Not Hold Primary Control'],
  [41, 'Invalid Conference Participant'],
  [42, 'In Conference Already'],
  [43, 'No Participant Info'],
  [44, 'Exceed Maximum Parties'],
  [45, 'Key Is Not Active'],
  [46, 'Error No License'],
  [47, 'Error DBConfig'],
  [48, 'Error Database'],
  [49, 'Error Pass Limit'],
  [50, 'Error Unknown'],
  [51, 'Error Mismatch'],
  [52, 'Conference'],
  [53, 'Park Number'],
  [54, 'Private'],
  [55, 'Not Enough Bandwidth'],
  [56, 'Unknown Number'],
  [57, 'RmLstC'],
  [58, 'Voicemail'],
  [59, 'ImmDiv'],
  [60, 'Intrcpt'],
  [61, 'SetWtch'],
  [62, 'TrnsfVM'],
  [63, 'DND'],
  [64, 'DivAll'],
  [65, 'CallBack'],
  [66, 'Network congestion,rerouting'],
  [67, 'Barge'],
  [68, 'Failed to setup Barge'],
  [69, 'Another Barge exists'],
  [70, 'Incompatible device type'],
  [71, 'No Park Number Available'],
  [72, 'CallPark Reversion'],
  [73, 'Service is not Active'],
  [74, 'High Traffic Try Again Later'],
  [75, 'QRT'],
  [76, 'MCID'],
  [77, 'DirTrfr'],
  [78, 'Select'],
  [79, 'ConfList'],
  [80, 'iDivert'],
  [81, 'cBarge'],
  [82, 'Can Not Complete Transfer'],
  [83, 'Can Not Join Calls'],
  [84, 'Mcid Successful'],
  [85, 'Number Not Configured'],
  [86, 'Security Error'],
  [87, 'Video Bandwidth Unavailable'],
  [88, 'Video Mode'],
  [201, 'Dial'],
  [202, 'Record'],
]);

/**
 * Display label numbers the call agent sends as `0x80 <n>` (the real CallManager 4.1 sequences of pyskinny's fixtures and §8;
 * chan-sccp sccp_labels.h; numbers from Wireshark's SkinnyProtocolOptimized.xml SoftKeyEvent, whose soft-key
 * events share the label numbering, hence DND 63).
 */
export const DisplayLabel = {
  YourCurrentOptions: 19,
  OffHook: 20,
  OnHook: 21,
  RingOut: 22,
  From: 23,
  Connected: 24,
  Busy: 25,
  LineInUse: 26,
  CallWaiting: 27,
  CallTransfer: 28,
  CallPark: 29,
  CallProceed: 30,
  InUseRemote: 31,
  EnterNumber: 32,
  CallParkAt: 33,
  TempFail: 35,
  YouHaveAVoiceMail: 36,
  ForwardedTo: 37,
  NoConferenceBridge: 39,
  KeyIsNotActive: 45,
  Conference: 52,
  Private: 54,
  NotEnoughBandwidth: 55,
  UnknownNumber: 56,
  DND: 63,
  NoParkNumberAvailable: 71,
  CanNotCompleteTransfer: 82,
} as const;
export type DisplayLabel = (typeof DisplayLabel)[keyof typeof DisplayLabel];

/** The byte before a label number in display text (Wireshark packet-skinny: `\x80\x13`). */
export const DisplayLabelMarker = 0x80;

/** `0x80 <label#>`: a localized label reference as it goes into display text (reference §8). */
export function labelRef(label: number): string {
  return String.fromCharCode(DisplayLabelMarker, label);
}

// Wireshark's SkinnyProtocolOptimized.xml DeviceStimulus.
export const DeviceStimulus = {
  LastNumberRedial: 1,
  SpeedDial: 2,
  Hold: 3,
  Transfer: 4,
  ForwardAll: 5,
  ForwardBusy: 6,
  ForwardNoAnswer: 7,
  Display: 8,
  Line: 9,
  T120Chat: 10,
  T120Whiteboard: 11,
  T120ApplicationSharing: 12,
  T120FileTransfer: 13,
  Video: 14,
  VoiceMail: 15,
  AnswerRelease: 16,
  AutoAnswer: 17,
  Select: 18,
  Privacy: 19,
  ServiceURL: 20,
  BLFSpeedDial: 21,
  DPark: 22,
  Intercom: 23,
  MaliciousCall: 27,
  GenericAppB1: 33,
  GenericAppB2: 34,
  GenericAppB3: 35,
  GenericAppB4: 36,
  GenericAppB5: 37,
  MeetMeConference: 123,
  Conference: 125,
  CallPark: 126,
  CallPickUp: 127,
  GroupCallPickUp: 128,
  Mobility: 129,
  DoNotDisturb: 130,
  ConfList: 131,
  RemoveLastParticipant: 132,
  QRT: 133,
  CallBack: 134,
  OtherPickup: 135,
  VideoMode: 136,
  NewCall: 137,
  EndCall: 138,
  HLog: 139,
  Queuing: 143,
  MaxStimulusValue: 255,
} as const;
export type DeviceStimulus = (typeof DeviceStimulus)[keyof typeof DeviceStimulus];
export const DeviceStimulusName = reverseEnum(DeviceStimulus);

/**
 * SetLamp.lampMode (Wireshark's SkinnyProtocolOptimized.xml LampMode). Real captures: a held line is Flash
 * (captures/vphone_hold_unhold.pcap frame 4); Wink is the transition back on resume (frame 11).
 */
export const LampMode = { Off: 1, On: 2, Wink: 3, Flash: 4, Blink: 5 } as const;
export type LampMode = (typeof LampMode)[keyof typeof LampMode];
export const LampModeName = reverseEnum(LampMode);

/**
 * SetRinger carries two separate fields with two tables (Wireshark's SkinnyProtocolOptimized.xml RingMode and
 * RingDuration): ringMode says how it rings, ringDuration how long; both start at 1, so never mix them.
 */
export const RingMode = {
  RingOff: 1,
  InsideRing: 2,
  OutsideRing: 3,
  FeatureRing: 4,
  FlashOnly: 5,
  PrecedenceRing: 6,
} as const;
export type RingMode = (typeof RingMode)[keyof typeof RingMode];
export const RingModeName = reverseEnum(RingMode);

export const RingDuration = { NormalRing: 1, SingleRing: 2 } as const;
export type RingDuration = (typeof RingDuration)[keyof typeof RingDuration];

// Wireshark's SkinnyProtocolOptimized.xml DeviceTone.
export const DeviceTone = {
  Silence: 0,
  Dtmf1: 1,
  Dtmf2: 2,
  Dtmf3: 3,
  Dtmf4: 4,
  Dtmf5: 5,
  Dtmf6: 6,
  Dtmf7: 7,
  Dtmf8: 8,
  Dtmf9: 9,
  Dtmf0: 10,
  DtmfStar: 14,
  DtmfPound: 15,
  DtmfA: 16,
  DtmfB: 17,
  DtmfC: 18,
  DtmfD: 19,
  InsideDialTone: 33,
  OutsideDialTone: 34,
  LineBusyTone: 35,
  AlertingTone: 36,
  ReorderTone: 37,
  RecorderWarningTone: 38,
  RecorderDetectedTone: 39,
  RevertingTone: 40,
  ReceiverOffHookTone: 41,
  MessageWaitingIndicatorTone: 42,
  NoSuchNumberTone: 43,
  BusyVerificationTone: 44,
  CallWaitingTone: 45,
  ConfirmationTone: 46,
  CampOnIndicationTone: 47,
  RecallDialTone: 48,
  ZipZip: 49,
  Zip: 50,
  BeepBonk: 51,
  MusicTone: 52,
  HoldTone: 53,
  TestTone: 54,
  MonitorWarningTone: 56,
  SecureWarningTone: 57,
  AddCallWaiting: 64,
  PriorityCallWait: 65,
  RecallDial: 66,
  BargIn: 67,
  DistinctAlert: 68,
  PriorityAlert: 69,
  ReminderRing: 70,
  PrecedenceRingBack: 71,
  PreemptionTone: 72,
  NonSecureWarningTone: 73,
  MF1: 80,
  MF2: 81,
  MF3: 82,
  MF4: 83,
  MF5: 84,
  MF6: 85,
  MF7: 86,
  MF8: 87,
  MF9: 88,
  MF0: 89,
  MFKP1: 90,
  MFST: 91,
  MFKP2: 92,
  MFSTP: 93,
  MFST3P: 94,
  Milliwatt: 95,
  MilliwattTest: 96,
  HighTone: 97,
  FlashOverride: 98,
  Flash: 99,
  Priority: 100,
  Immediate: 101,
  PreampWarn: 102,
  Tone2105Hz: 103,
  Tone2600Hz: 104,
  Tone440Hz: 105,
  Tone300Hz: 106,
  MobilityWP: 107,
  MobilityUAC: 108,
  MobilityWTDN: 109,
  MobilityMON: 110,
  MobilityMOFF: 111,
  MobilityUKC: 112,
  MobilityVMA: 113,
  MobilityFAC: 114,
  MobilityCMC: 115,
  MlppPALA: 119,
  MlppICA: 120,
  MlppVCA: 121,
  MlppBPA: 122,
  MlppBNEA: 123,
  MlppUPA: 124,
  TUA: 125,
  Gone: 126,
  NoTone: 127,
  MeetMeGreeting: 128,
  MeetMeNumberInvalid: 129,
  MeetMeNumberFailed: 130,
  MeetMeEnterPIN: 131,
  MeetMeInvalidPIN: 132,
  MeetMeFailedPIN: 133,
  MeetMeCFBFailed: 134,
  MeetMeEnterAccessCode: 135,
  MeetMeAccessCodeInvalid: 136,
  MeetMeAccessCodeFailed: 137,
  Max: 138,
} as const;
export type DeviceTone = (typeof DeviceTone)[keyof typeof DeviceTone];
export const DeviceToneName = reverseEnum(DeviceTone);

export const ToneOutputDirection = { User: 0, Network: 1, All: 2 } as const;
export type ToneOutputDirection = (typeof ToneOutputDirection)[keyof typeof ToneOutputDirection];

// Wireshark's SkinnyProtocolOptimized.xml ButtonType (ButtonTemplateRes definitions).
export const ButtonType = {
  Unused: 0,
  LastNumberRedial: 1,
  SpeedDial: 2,
  Hold: 3,
  Transfer: 4,
  ForwardAll: 5,
  ForwardBusy: 6,
  ForwardNoAnswer: 7,
  Display: 8,
  Line: 9,
  T120Chat: 10,
  T120Whiteboard: 11,
  T120ApplicationSharing: 12,
  T120FileTransfer: 13,
  Video: 14,
  Voicemail: 15,
  AnswerRelease: 16,
  AutoAnswer: 17,
  Select: 18,
  Feature: 19,
  ServiceURL: 20,
  BusyLampFieldSpeeddial: 21,
  MaliciousCall: 27,
  GenericAppB1: 33,
  GenericAppB2: 34,
  GenericAppB3: 35,
  GenericAppB4: 36,
  GenericAppB5: 37,
  MonitorMultiblink: 38,
  MeetMeConference: 123,
  Conference: 125,
  CallPark: 126,
  CallPickup: 127,
  GroupCallPickup: 128,
  Mobility: 129,
  DoNotDisturb: 130,
  ConfList: 131,
  RemoveLastParticipant: 132,
  QRT: 133,
  CallBack: 134,
  OtherPickup: 135,
  VideoMode: 136,
  NewCall: 137,
  EndCall: 138,
  HLog: 139,
  Queuing: 143,
  TestE: 192,
  TestF: 193,
  Messages: 194,
  Directory: 195,
  TestI: 196,
  Application: 197,
  Headset: 198,
  Keypad: 240,
  Aec: 253,
  Undefined: 255,
} as const;
export type ButtonType = (typeof ButtonType)[keyof typeof ButtonType];
export const ButtonTypeName = reverseEnum(ButtonType);

// chan-sccp (lines, overlays, shared lines) and skinny-enums.txt SoftKeySet.
export const SoftKeySet = {
  OnHook: 0,
  Connected: 1,
  OnHold: 2,
  RingIn: 3,
  OffHook: 4,
  ConnTransferable: 5,
  DigitsFollowing: 6,
  ConnConference: 7,
  RingOut: 8,
  OffHookWithFeatures: 9,
  InUseHint: 10,
  OnHookStealable: 11,
} as const;
export type SoftKeySet = (typeof SoftKeySet)[keyof typeof SoftKeySet];
export const SoftKeySetName = reverseEnum(SoftKeySet);

export const DeviceResetType = { Reset: 1, Restart: 2, ApplyConfig: 3 } as const;
export type DeviceResetType = (typeof DeviceResetType)[keyof typeof DeviceResetType];

export const UnRegReasonCode = { Unknown: 0, PowerSaveMode: 1 } as const;
export type UnRegReasonCode = (typeof UnRegReasonCode)[keyof typeof UnRegReasonCode];

export const DeviceUnregisterStatus = { Ok: 0, Error: 1, NAK: 2 } as const;
export type DeviceUnregisterStatus = (typeof DeviceUnregisterStatus)[keyof typeof DeviceUnregisterStatus];

export const MediaStatus = {
  Ok: 0,
  Unknown: 1,
  NotEnoughChannels: 2,
  CodecTooComplex: 3,
  InvalidPartyID: 4,
  InvalidCallRef: 5,
  InvalidCodec: 6,
  InvalidPacketSize: 7,
  OutOfSockets: 8,
  EncoderOrDecoderFailed: 9,
  InvalidDynamicPayloadType: 10,
  RequestedIpAddrTypeUnAvailable: 11,
  DeviceOnHook: 255,
} as const;
export type MediaStatus = (typeof MediaStatus)[keyof typeof MediaStatus];
export const MediaStatusName = reverseEnum(MediaStatus);

export const CallType = { InBoundCall: 1, OutBoundCall: 2, ForwardCall: 3 } as const;
export type CallType = (typeof CallType)[keyof typeof CallType];

export const KeyPadButton = {
  Zero: 0,
  One: 1,
  Two: 2,
  Three: 3,
  Four: 4,
  Five: 5,
  Six: 6,
  Seven: 7,
  Eight: 8,
  Nine: 9,
  A: 10,
  B: 11,
  C: 12,
  D: 13,
  Star: 14,
  Pound: 15,
  Plus: 16,
} as const;
export type KeyPadButton = (typeof KeyPadButton)[keyof typeof KeyPadButton];
export const KeyPadButtonName = reverseEnum(KeyPadButton);

/** Dialled character -> KeyPadButton value ('0'-'9', '*', '#', 'A'-'D', '+'). */
export const KeyPadButtonByChar: ReadonlyMap<string, KeyPadButton> = new Map<string, KeyPadButton>([
  ['0', 0],
  ['1', 1],
  ['2', 2],
  ['3', 3],
  ['4', 4],
  ['5', 5],
  ['6', 6],
  ['7', 7],
  ['8', 8],
  ['9', 9],
  ['A', 10],
  ['B', 11],
  ['C', 12],
  ['D', 13],
  ['*', 14],
  ['#', 15],
  ['+', 16],
]);

/** KeyPadButton value -> dialled character (the reverse of {@link KeyPadButtonByChar}). */
export const KeyPadButtonChar: ReadonlyMap<number, string> = new Map(
  [...KeyPadButtonByChar].map(([char, button]) => [button, char]),
);

export const SpeakerMode = { On: 1, Off: 2 } as const;
export type SpeakerMode = (typeof SpeakerMode)[keyof typeof SpeakerMode];

export const CallPrivacy = { None: 0, Limited: 1, Full: 2 } as const;
export type CallPrivacy = (typeof CallPrivacy)[keyof typeof CallPrivacy];

export const PortHandling = { ClosePort: 0, KeepPort: 1 } as const;
export type PortHandling = (typeof PortHandling)[keyof typeof PortHandling];

// Wireshark's SkinnyProtocolOptimized.xml SoftKeyTemplateIndex (SoftKeySetRes softKeyTemplateIndex entries).
export const SoftKeyTemplateIndex = {
  Redial: 1,
  NewCall: 2,
  Hold: 3,
  Transfer: 4,
  CfwdAll: 5,
  CfwdBusy: 6,
  CfwdNoAnswer: 7,
  BackSpace: 8,
  EndCall: 9,
  Resume: 10,
  Answer: 11,
  Info: 12,
  Confrn: 13,
  Park: 14,
  Join: 15,
  MeetMe: 16,
  PickUp: 17,
  GrpPickup: 18,
  Monitor: 19,
  CallBack: 20,
  Barge: 21,
  DND: 22,
  ConfList: 23,
  Select: 24,
  Private: 25,
  TransferVoicemail: 26,
  DirectTransfer: 27,
  ImmediateDivert: 28,
  VideoMode: 29,
  Intercept: 30,
  Empty: 31,
  Dial: 32,
  ConferenceBarge: 33,
} as const;
export type SoftKeyTemplateIndex = (typeof SoftKeyTemplateIndex)[keyof typeof SoftKeyTemplateIndex];

export const IpAddrType = { V4: 0, V6: 1, V4V6: 2, Invalid: 3 } as const;
export type IpAddrType = (typeof IpAddrType)[keyof typeof IpAddrType];

/**
 * Media payload (codec) types for compressionType / payloadCapability
 * (the real CallManager 4.1 sequences of pyskinny's fixtures; not in skinny-enums.txt).
 */
export const MediaPayloadType = {
  G711Alaw64k: 2,
  G711Ulaw64k: 4,
  G722_64k: 6,
  G7231: 9,
  G729: 11,
  G729AnnexA: 12,
} as const;
export type MediaPayloadType = (typeof MediaPayloadType)[keyof typeof MediaPayloadType];
export const MediaPayloadTypeName = reverseEnum(MediaPayloadType);

/** HeadsetStatus.headsetMode (⚠ from memory of chan-sccp: 1 on, 2 off). */
export const HeadsetMode = { On: 1, Off: 2 } as const;
export type HeadsetMode = (typeof HeadsetMode)[keyof typeof HeadsetMode];
