import { DeviceType } from '../sccp/enums.ts';

/**
 * What the CME needs to know of each `ephone ... type <model>`: the SCCP device-type code it
 * registers with (Wireshark's SkinnyProtocolOptimized.xml DeviceType; 7960 = 7 per chan-sccp), how many
 * buttons it has, what kind of device it is, and whether it can do a prompted MakeCall.
 *
 * CME CSTA guide "Restriction": only SCCP IP phones can be controlled by a CSTA client (VG224, ATA,
 * analog FXS ports and SIP phones cannot); VG224, ATAs and SCCP FXS ports do not support a
 * prompted make-call; "Certain Cisco Unified phone models, including the Cisco Unified 792X and
 * Cisco Unified 793X, may be unable to complete a prompted make-call request".
 */
export type DeviceKind = 'ip-phone' | 'ata' | 'analog' | 'vg224' | 'softphone';

export interface EphoneModel {
  model: string;
  /** The code a phone of this model sends in RegisterReq.deviceType. */
  deviceType: number;
  /** Every RegisterReq.deviceType an ephone of this `type` accepts ({@link acceptsDeviceType}). */
  deviceTypes: readonly number[];
  buttons: number;
  kind: DeviceKind;
  promptedMakeCall: boolean;
}

const m = (
  model: string,
  deviceType: number,
  buttons: number,
  kind: DeviceKind = 'ip-phone',
  prompted = true,
  alsoRegistersAs: readonly number[] = [],
): EphoneModel => ({
  model,
  deviceType,
  deviceTypes: [deviceType, ...alsoRegistersAs],
  buttons,
  kind,
  promptedMakeCall: prompted && kind !== 'ata' && kind !== 'analog' && kind !== 'vg224',
});

const table: EphoneModel[] = [
  m('7902', DeviceType.Cisco7902, 1),
  m('7905', DeviceType.Cisco7905, 1),
  m('7906', DeviceType.Cisco7906, 1),
  m('7910', DeviceType.Cisco7910, 1),
  m('7911', DeviceType.Cisco7911, 1),
  m('7912', DeviceType.Cisco7912, 1),
  m('7920', DeviceType.Cisco7920, 6, 'ip-phone', false),
  m('7921', DeviceType.Cisco7921, 6, 'ip-phone', false),
  m('7925', DeviceType.Cisco7925, 6, 'ip-phone', false),
  // Wireshark's SkinnyProtocolOptimized.xml DeviceType has no 7926 entry: it keeps the 7925's code (484).
  m('7926', DeviceType.Cisco7925, 6, 'ip-phone', false),
  m('7931', DeviceType.Cisco7931, 24, 'ip-phone', false),
  m('7935', DeviceType.Cisco7935, 1, 'ip-phone', false),
  m('7936', DeviceType.Cisco7936, 1, 'ip-phone', false),
  m('7937', DeviceType.Cisco7937, 1, 'ip-phone', false),
  m('7940', DeviceType.Cisco7940, 2),
  m('7941', DeviceType.Cisco7941, 2),
  m('7941GE', DeviceType.Cisco7941GE, 2),
  m('7942', DeviceType.Cisco7942, 2),
  m('7945', DeviceType.Cisco7945, 2),
  m('7960', DeviceType.Cisco7960, 6),
  m('7961', DeviceType.Cisco7961, 6),
  m('7961GE', DeviceType.Cisco7961GE, 6),
  m('7962', DeviceType.Cisco7962, 6),
  m('7965', DeviceType.Cisco7965, 6),
  m('7970', DeviceType.Cisco7970, 8),
  m('7971', DeviceType.Cisco7971, 8),
  m('7975', DeviceType.Cisco7975, 8),
  m('7985', DeviceType.Cisco7985, 1),
  m('6901', DeviceType.Cisco6901, 1),
  m('6911', DeviceType.Cisco6911, 1),
  m('6921', DeviceType.Cisco6921, 2),
  m('6941', DeviceType.Cisco6941, 4),
  m('6945', DeviceType.Cisco6945, 4),
  m('6961', DeviceType.Cisco6961, 12),
  m('8941', DeviceType.Cisco8941, 4),
  m('8945', DeviceType.Cisco8945, 4),
  m('CIPC', DeviceType.CiscoIPCommunicator, 8, 'softphone'),
  // `type ata` names the ATA family: an ATA 186 (12) or an ATA 188 (13) may register on it
  // (Wireshark skinny DeviceType StationATA186 = 12, StationATA188 = 13; ⚠ our reading of the
  // generic keyword: no public Cisco text found that lists the codes it accepts).
  m('ATA', DeviceType.CiscoATA186, 1, 'ata', true, [DeviceType.CiscoATA188]),
  m('ATA-186', DeviceType.CiscoATA186, 1, 'ata'),
  m('ATA-188', DeviceType.CiscoATA188, 1, 'ata'),
  m('anl', DeviceType.AnalogPhone, 1, 'analog'),
  m('VG224', DeviceType.AnalogPhone, 1, 'vg224'),
];

const byModel = new Map(table.map((e) => [e.model.toUpperCase(), e]));
const byDeviceType = new Map<number, EphoneModel>();
for (const e of table) if (!byDeviceType.has(e.deviceType)) byDeviceType.set(e.deviceType, e);

/** Model table entry for an IOS `type` value (case-insensitive); undefined if unknown. */
export function ephoneModel(model: string | undefined): EphoneModel | undefined {
  return model === undefined ? undefined : byModel.get(model.toUpperCase());
}

export function ephoneModelByDeviceType(deviceType: number): EphoneModel | undefined {
  return byDeviceType.get(deviceType);
}

export const knownEphoneModels: readonly EphoneModel[] = table;

/**
 * Whether a RegisterReq.deviceType may register on an ephone whose `type` is `model`. An ephone
 * without `type`, or with a type this table does not know, accepts any device type (the caller
 * still refuses the invalid codes 0 and 0xFFFFFFFF, see registration.ts).
 */
export function acceptsDeviceType(model: string | undefined, deviceType: number): boolean {
  const known = ephoneModel(model);
  return known === undefined || known.deviceTypes.includes(deviceType);
}
