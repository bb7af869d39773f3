import { DeviceType } from '../sccp/enums.ts';
import { PhoneConfigError } from './phone-errors.ts';

/** Models already looked up (the table is constant): one scan per model, not per phone. */
const byModel = new Map<string, number>();

/**
 * RegisterReq.deviceType for a model string: '7961' -> Cisco7961 (30018), '7941' -> 115,
 * 'Cisco7912' -> 30007, 'ATA186' -> 12 (values: Wireshark's SkinnyProtocolOptimized.xml DeviceType via
 * enums.ts). A plain number is accepted as the code itself. Unknown models are a config error.
 */
export function deviceTypeForModel(model: string): number {
  const known = byModel.get(model);
  if (known !== undefined) return known;
  const code = lookUpDeviceType(model);
  if (byModel.size < 256) byModel.set(model, code);
  return code;
}

function lookUpDeviceType(model: string): number {
  const trimmed = model.trim();
  if (/^\d+$/.test(trimmed) && !Object.hasOwn(DeviceType, `Cisco${trimmed}`)) return Number(trimmed);
  const table: Readonly<Record<string, number>> = DeviceType;
  const wanted = trimmed.replace(/[\s_-]/g, '').toLowerCase();
  for (const [name, code] of Object.entries(table)) {
    const key = name.toLowerCase();
    if (key === wanted || key === `cisco${wanted}`) return code;
  }
  throw new PhoneConfigError(`unknown phone model '${model}'`);
}
