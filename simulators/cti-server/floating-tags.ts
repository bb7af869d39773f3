/**
 * The floating-field tags: one row per tag, [tag, name, type, max size in bytes]. Names follow
 * Cisco's "CTI Server Message Reference Guide (Protocol Version 15)" chapter 6, table "Tag
 * Values"; types and sizes follow ucce-ctidriver (MIT, `src/Network/CceCti/FloatElem.txt`,
 * protocol v20): StringN -> STRING n (n includes the NUL), UnspecN -> UNSPEC n, Word32 / CallID /
 * SkillGroupNumber / SkillGroupID -> UINT, Word16 / enums -> USHORT, Timestamp -> TIME.
 *
 * Tags above 255 exist only from protocol version 20, where the tag is a USHORT (ucce-ctidriver
 * `Types.hs`: "Starting from version 20, tag and length field of floating part changed to
 * Word16"); a v19 tag is one byte (uccertweb `Encoder.scala` buildFloat), so it cannot carry them.
 */

import type { FloatingType } from './field-types.ts';

export interface FloatingTagDef {
  readonly tag: number;
  readonly name: string;
  readonly type: FloatingType;
  /** Largest value in bytes (a STRING's includes the NUL; fixed types: their size). */
  readonly maxSize: number;
  /** First protocol version that knows the tag. */
  readonly since: number;
}

type Row = readonly [tag: number, name: string, type: FloatingType, maxSize?: number];

const DEVICE_ID: FloatingType = 'STRING';

const ROWS: readonly Row[] = [
  [1, 'ClientID', 'STRING', 64],
  [2, 'ClientPassword', 'UNSPEC', 64],
  [3, 'ClientSignature', 'STRING', 64],
  [4, 'AgentExtension', 'STRING', 16],
  [5, 'AgentID', 'STRING', 12],
  [6, 'AgentInstrument', 'STRING', 64],
  [7, 'Text', 'STRING', 255],
  [8, 'ANI', 'STRING', 40],
  [9, 'UserToUserInfo', 'UNSPEC', 131],
  [10, 'DNIS', 'STRING', 32],
  [11, 'DialedNumber', 'STRING', 40],
  [12, 'CallerEnteredDigits', 'STRING', 40],
  [13, 'CallVariable1', 'STRING', 41],
  [14, 'CallVariable2', 'STRING', 41],
  [15, 'CallVariable3', 'STRING', 41],
  [16, 'CallVariable4', 'STRING', 41],
  [17, 'CallVariable5', 'STRING', 41],
  [18, 'CallVariable6', 'STRING', 41],
  [19, 'CallVariable7', 'STRING', 41],
  [20, 'CallVariable8', 'STRING', 41],
  [21, 'CallVariable9', 'STRING', 41],
  [22, 'CallVariable10', 'STRING', 41],
  [23, 'CTIClientSignature', 'STRING', 64],
  [24, 'CTIClientTimestamp', 'TIME'],
  [25, 'ConnectionDeviceID', DEVICE_ID, 64],
  [26, 'AlertingDeviceID', DEVICE_ID, 64],
  [27, 'CallingDeviceID', DEVICE_ID, 64],
  [28, 'CalledDeviceID', DEVICE_ID, 64],
  [29, 'LastRedirectDeviceID', DEVICE_ID, 64],
  [30, 'AnsweringDeviceID', DEVICE_ID, 64],
  [31, 'HoldingDeviceID', DEVICE_ID, 64],
  [32, 'RetrievingDeviceID', DEVICE_ID, 64],
  [33, 'ReleasingDeviceID', DEVICE_ID, 64],
  [34, 'FailingDeviceID', DEVICE_ID, 64],
  [35, 'PrimaryDeviceID', DEVICE_ID, 64],
  [36, 'SecondaryDeviceID', DEVICE_ID, 64],
  [37, 'ControllerDeviceID', DEVICE_ID, 64],
  [38, 'AddedPartyDeviceID', DEVICE_ID, 64],
  [39, 'ConnectedPartyCallID', 'UINT'],
  [40, 'ConnectedPartyDeviceIDType', 'USHORT'],
  [41, 'ConnectedPartyDeviceID', DEVICE_ID, 64],
  [42, 'TransferringDeviceID', DEVICE_ID, 64],
  [43, 'TransferredDeviceID', DEVICE_ID, 64],
  [44, 'DivertingDeviceID', DEVICE_ID, 64],
  [45, 'QueueDeviceID', DEVICE_ID, 64],
  [46, 'CallWrapupData', 'STRING', 40],
  [47, 'NewConnectionDeviceID', DEVICE_ID, 64],
  [48, 'TrunkUsedDeviceID', DEVICE_ID, 64],
  [49, 'AgentPassword', 'STRING', 64],
  [50, 'ActiveConnectionDeviceID', DEVICE_ID, 64],
  [51, 'FacilityCode', 'STRING', 40],
  [52, 'OtherConnectionDeviceID', DEVICE_ID, 64],
  [53, 'HeldConnectionDeviceID', DEVICE_ID, 64],
  [56, 'CallConnectionCallID', 'UINT'],
  [57, 'CallConnectionDeviceIDType', 'USHORT'],
  [58, 'CallConnectionDeviceID', DEVICE_ID, 64],
  [59, 'CallDeviceIDType', 'USHORT'],
  [60, 'CallDeviceID', DEVICE_ID, 64],
  [61, 'CallDeviceConnectionState', 'USHORT'],
  [62, 'SkillGroupNumber', 'UINT'],
  [63, 'SkillGroupID', 'UINT'],
  [64, 'SkillGroupPriority', 'USHORT'],
  [65, 'SkillGroupState', 'USHORT'],
  [66, 'ObjectName', 'STRING', 128],
  [67, 'DTMFString', 'STRING', 32],
  [68, 'PositionID', 'STRING', 12],
  [69, 'SupervisorID', 'STRING', 12],
  [70, 'LineHandle', 'USHORT'],
  [71, 'LineType', 'USHORT'],
  [72, 'RouterCallKeyDay', 'UINT'],
  [73, 'RouterCallKeyCallID', 'UINT'],
  [75, 'CallState', 'USHORT'],
  [76, 'MonitoredDeviceID', DEVICE_ID, 64],
  [77, 'AuthorizationCode', 'STRING', 40],
  [78, 'AccountCode', 'STRING', 40],
  [79, 'OriginatingDeviceID', DEVICE_ID, 64],
  [80, 'OriginatingLineID', 'STRING', 64],
  [81, 'ClientAddress', 'STRING', 64],
  [82, 'NamedVariable', 'NAMEDVAR', 251],
  [83, 'NamedArray', 'NAMEDARRAY', 252],
  [84, 'CallControlTable', 'STRING', 4],
  [85, 'SupervisorInstrument', 'STRING', 64],
  [86, 'ATCAgentID', 'STRING', 12],
  [87, 'AgentFlags', 'USHORT'],
  [88, 'ATCAgentState', 'USHORT'],
  [89, 'ATCStateDuration', 'UINT'],
  [90, 'AgentConnectionDeviceID', DEVICE_ID, 64],
  [91, 'SupervisorConnectionDeviceID', DEVICE_ID, 64],
  [92, 'ListTeamID', 'UINT'],
  [93, 'DefaultDevicePortAddress', 'STRING', 32],
  [94, 'ServiceName', 'STRING', 64],
  [95, 'CustomerPhoneNumber', 'STRING', 20],
  [96, 'CustomerAccountNumber', 'STRING', 32],
  [97, 'ApplicationPathID', 'UINT'],
  [110, 'RouterCallKeySequenceNumber', 'UINT'],
  [121, 'TrunkNumber', 'UINT'],
  [122, 'TrunkGroupNumber', 'UINT'],
  [123, 'NextAgentState', 'USHORT'],
  [129, 'MaxQueued', 'UINT'],
  [133, 'PeripheralName', 'STRING', 64],
  [150, 'Duration', 'UINT'],
  [173, 'Extension', 'STRING', 16],
  [194, 'AgentIDLong', 'STRING', 32],
  [202, 'SecondaryConnectionCallID', 'UINT'],
  [206, 'EventDeviceID', DEVICE_ID, 64],
  [208, 'FltPeripheralID', 'UINT'],
  [215, 'ANI_II', 'STRING', 2],
  [218, 'SilentMonitorStatus', 'USHORT'],
  [221, 'PreCallInvokeID', 'UINT'],
  [223, 'CallReferenceID', 'UNSPEC', 32],
  [224, 'MultiLineAgentControl', 'USHORT'],
  [228, 'NumPeripherals', 'USHORT'],
  [232, 'CallOriginatedFrom', 'UCHAR'],
  [243, 'AgentTeamName', 'STRING', 32],
  // Direction: ucce-ctidriver types it as an enum (SafeEnum Direction)
  // read with getEnum32: 4 bytes.
  [244, 'Direction', 'UINT'],
  [250, 'MaxTaskDuration', 'UINT'],
  [251, 'Interruptible', 'BOOL'],
  [255, 'InternalAgentState', 'USHORT'],
  [257, 'SSOEnabled', 'USHORT'],
];

const FIXED_TYPE_SIZE: Partial<Record<FloatingType, number>> = {
  CHAR: 1,
  UCHAR: 1,
  SHORT: 2,
  USHORT: 2,
  INT: 4,
  UINT: 4,
  BOOL: 2,
  TIME: 4,
};

/** Every floating tag the lab knows, by tag number. */
export const FLOATING_TAGS: ReadonlyMap<number, FloatingTagDef> = new Map(
  ROWS.map(([tag, name, type, max]) => {
    const maxSize = max ?? FIXED_TYPE_SIZE[type];
    if (maxSize === undefined) throw new Error(`floating tag ${tag} (${name}) needs a max size`);
    return [tag, Object.freeze({ tag, name, type, maxSize, since: tag > 255 ? 20 : 0 })];
  }),
);

/** Every floating tag, by name. */
export const FLOATING_TAGS_BY_NAME: ReadonlyMap<string, FloatingTagDef> = new Map(
  [...FLOATING_TAGS.values()].map((d) => [d.name, d]),
);

export function floatingTag(name: string): FloatingTagDef {
  const def = FLOATING_TAGS_BY_NAME.get(name);
  if (def === undefined) throw new Error(`unknown floating field ${name}`);
  return def;
}
