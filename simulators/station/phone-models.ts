/**
 * What the CME needs to know of each `ephone ... type <model>`: the SCCP device-type code it
 * registers with (reference/skinny-enums.txt DeviceType; 7960 = 7 per chan-sccp), how many
 * buttons it has, what kind of device it is, and whether it can do a prompted MakeCall.
 *
 * seeds/004 "Restriction": only SCCP IP phones can be controlled by a CSTA client (VG224, ATA,
 * analog FXS ports and SIP phones cannot); VG224, ATAs and SCCP FXS ports do not support a
 * prompted make-call; "Certain Cisco Unified phone models, including the Cisco Unified 792X and
 * Cisco Unified 793X, may be unable to complete a prompted make-call request".
 */
export type DeviceKind = 'ip-phone' | 'ata' | 'analog' | 'vg224' | 'softphone';

export interface EphoneModel {
  model: string;
  deviceType: number;
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
) => ({
  model,
  deviceType,
  buttons,
  kind,
  promptedMakeCall: prompted && kind !== 'ata' && kind !== 'analog' && kind !== 'vg224',
});

const table: EphoneModel[] = [
  m('7902', 30008, 1),
  m('7905', 20000, 1),
  m('7906', 369, 1),
  m('7910', 6, 1),
  m('7911', 307, 1),
  m('7912', 30007, 1),
  m('7920', 30002, 6, 'ip-phone', false),
  m('7921', 365, 6, 'ip-phone', false),
  m('7925', 484, 6, 'ip-phone', false),
  m('7926', 484, 6, 'ip-phone', false),
  m('7931', 348, 24, 'ip-phone', false),
  m('7935', 9, 1, 'ip-phone', false),
  m('7936', 30019, 1, 'ip-phone', false),
  m('7937', 431, 1, 'ip-phone', false),
  m('7940', 8, 2),
  m('7941', 115, 2),
  m('7941GE', 309, 2),
  m('7942', 434, 2),
  m('7945', 435, 2),
  m('7960', 7, 6),
  m('7961', 30018, 6),
  m('7961GE', 308, 6),
  m('7962', 404, 6),
  m('7965', 436, 6),
  m('7970', 30006, 8),
  m('7971', 119, 8),
  m('7975', 437, 8),
  m('7985', 302, 1),
  m('6901', 547, 1),
  m('6911', 548, 1),
  m('6921', 495, 2),
  m('6941', 496, 4),
  m('6945', 564, 4),
  m('6961', 497, 12),
  m('8941', 586, 4),
  m('8945', 585, 4),
  m('CIPC', 30016, 8, 'softphone'),
  m('ATA', 12, 1, 'ata'),
  m('ATA-186', 12, 1, 'ata'),
  m('ATA-188', 13, 1, 'ata'),
  m('anl', 30027, 1, 'analog'),
  m('VG224', 30027, 1, 'vg224'),
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
