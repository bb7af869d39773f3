/**
 * Whole-body codecs of the three registration templates (Wireshark packet-skinny and chan-sccp (registration),
 * skinny-messages.txt ButtonTemplateRes / SoftKeyTemplateRes / SoftKeySetRes): offset, count,
 * total, then a fixed number of slots. The message object carries `definitions` (count on the
 * wire = its length); encode pads the unused slots, decode keeps the first `count` entries.
 */
import type { BodyReader } from './body-reader.ts';
import type { BodyWriter } from './body-writer.ts';
import { ButtonType } from './enums.ts';
import { fixedString } from './field-codecs.ts';
import type { ButtonTemplateRes, ServerEntry, SoftKeySetRes, SoftKeyTemplateRes } from './messages.ts';

export interface CustomLayout<M> {
  mandatory(version: number): number;
  maximum(version: number): number;
  read(r: BodyReader): Omit<M, 'type'>;
  write(w: BodyWriter, msg: M): void;
}

export const MAX_BUTTONS = 42;
export const MAX_SOFT_KEYS = 32;
export const MAX_SOFT_KEY_SETS = 16;
export const SOFT_KEYS_PER_SET = 16;

function readCount(r: BodyReader, max: number, what: string): number {
  const at = r.pos;
  const n = r.u32();
  if (n > max) throw r.badField(`${what} ${n} exceeds the ${max} slots`, at);
  return n;
}

function checkList(w: BodyWriter, list: unknown, max: number, field: string): unknown[] {
  if (!Array.isArray(list) || list.length > max) throw w.fail(field, `expected an array of at most ${max}`);
  return list;
}

export const buttonTemplateRes: CustomLayout<ButtonTemplateRes> = {
  mandatory: () => 12,
  maximum: () => 12 + MAX_BUTTONS * 2,
  read: (r) => {
    const buttonOffset = r.u32();
    const count = readCount(r, MAX_BUTTONS, 'buttonCount');
    const totalButtonCount = r.u32();
    const definitions = [];
    for (let i = 0; i < count; i++) definitions.push({ instanceNumber: r.u8(), buttonDefinition: r.u8() });
    return { buttonOffset, totalButtonCount, definitions };
  },
  write: (w, m) => {
    const defs = checkList(w, m.definitions, MAX_BUTTONS, 'definitions') as ButtonTemplateRes['definitions'];
    w.u32(m.buttonOffset, 'buttonOffset');
    w.u32(defs.length, 'buttonCount');
    w.u32(m.totalButtonCount, 'totalButtonCount');
    defs.forEach((d, i) => {
      w.u8(d.instanceNumber, `definitions[${i}].instanceNumber`);
      w.u8(d.buttonDefinition, `definitions[${i}].buttonDefinition`);
    });
    // Wireshark packet-skinny and chan-sccp (registration): unused slots are (0, 0xFF).
    for (let i = defs.length; i < MAX_BUTTONS; i++) {
      w.u8(0, 'padding');
      w.u8(ButtonType.Undefined, 'padding');
    }
  },
};

const softKeyLabel = fixedString(16);

export const softKeyTemplateRes: CustomLayout<SoftKeyTemplateRes> = {
  mandatory: () => 12,
  maximum: () => 12 + MAX_SOFT_KEYS * 20,
  read: (r) => {
    const softKeyOffset = r.u32();
    const count = readCount(r, MAX_SOFT_KEYS, 'softKeyCount');
    const totalSoftKeyCount = r.u32();
    const definitions = [];
    for (let i = 0; i < count; i++) {
      definitions.push({ softKeyLabel: softKeyLabel.read(r), softKeyEvent: r.u32() });
    }
    return { softKeyOffset, totalSoftKeyCount, definitions };
  },
  write: (w, m) => {
    const defs = checkList(
      w,
      m.definitions,
      MAX_SOFT_KEYS,
      'definitions',
    ) as SoftKeyTemplateRes['definitions'];
    w.u32(m.softKeyOffset, 'softKeyOffset');
    w.u32(defs.length, 'softKeyCount');
    w.u32(m.totalSoftKeyCount, 'totalSoftKeyCount');
    defs.forEach((d, i) => {
      softKeyLabel.write(w, d.softKeyLabel, `definitions[${i}].softKeyLabel`);
      w.u32(d.softKeyEvent, `definitions[${i}].softKeyEvent`);
    });
    w.zeros((MAX_SOFT_KEYS - defs.length) * 20);
  },
};

export const softKeySetRes: CustomLayout<SoftKeySetRes> = {
  mandatory: () => 12,
  maximum: () => 12 + MAX_SOFT_KEY_SETS * SOFT_KEYS_PER_SET * 3,
  read: (r) => {
    const softKeySetOffset = r.u32();
    const count = readCount(r, MAX_SOFT_KEY_SETS, 'softKeySetCount');
    const totalSoftKeySetCount = r.u32();
    const definitions = [];
    for (let i = 0; i < count; i++) {
      // A view of the 16 template bytes: copied below, only the slots in use (a phone reads 16
      // sets of these in every registration; no Array.from, no slices).
      const templ = r.take(SOFT_KEYS_PER_SET);
      const info: number[] = [];
      for (let k = 0; k < SOFT_KEYS_PER_SET; k++) info.push(r.u16());
      // Trailing empty slots (template 0, info 0) are padding.
      let used = SOFT_KEYS_PER_SET;
      while (used > 0 && templ[used - 1] === 0 && info[used - 1] === 0) used--;
      const softKeyTemplateIndex: number[] = [];
      for (let k = 0; k < used; k++) softKeyTemplateIndex.push(templ[k] ?? 0);
      info.length = used;
      definitions.push({ softKeyTemplateIndex, softKeyInfoIndex: info });
    }
    return { softKeySetOffset, totalSoftKeySetCount, definitions };
  },
  write: (w, m) => {
    const sets = checkList(
      w,
      m.definitions,
      MAX_SOFT_KEY_SETS,
      'definitions',
    ) as SoftKeySetRes['definitions'];
    w.u32(m.softKeySetOffset, 'softKeySetOffset');
    w.u32(sets.length, 'softKeySetCount');
    w.u32(m.totalSoftKeySetCount, 'totalSoftKeySetCount');
    sets.forEach((s, i) => {
      const f = `definitions[${i}]`;
      const templ = checkList(w, s?.softKeyTemplateIndex, SOFT_KEYS_PER_SET, `${f}.softKeyTemplateIndex`);
      const info = checkList(w, s?.softKeyInfoIndex, SOFT_KEYS_PER_SET, `${f}.softKeyInfoIndex`);
      for (let k = 0; k < SOFT_KEYS_PER_SET; k++) w.u8(templ[k] ?? 0, `${f}.softKeyTemplateIndex[${k}]`);
      for (let k = 0; k < SOFT_KEYS_PER_SET; k++) w.u16(info[k] ?? 0, `${f}.softKeyInfoIndex[${k}]`);
    });
    w.zeros((MAX_SOFT_KEY_SETS - sets.length) * SOFT_KEYS_PER_SET * 3);
  },
};

export const MAX_SERVERS = 5;

export function isEmptyServer(s: ServerEntry): boolean {
  return (
    s.serverName === '' &&
    s.serverTcpListenPort === 0 &&
    (s.serverIpAddr === '0.0.0.0' || s.serverIpAddr === '::')
  );
}
