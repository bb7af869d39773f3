/**
 * The catalogue as plain data, for generating a Wireshark Lua dissector (and anything else that
 * needs the layouts without the codec): per protocol version, the MHDR, the floating tag/length
 * width, every message (id, name, fixed fields with type and size, allowed floating fields) and
 * every floating tag (name, type, max size). JSON-serialisable; no functions, no classes.
 */

import {
  AgentState,
  CallType,
  ConnectionDeviceIDType,
  ControlFailureCode,
  CtiStatus,
  DeviceIDType,
  EventCause,
  LineType,
  LocalConnectionState,
  PeripheralType,
  SystemEventID,
} from './enums.ts';
import { FIXED_SIZES, type FixedType, type FloatingType } from './field-types.ts';
import { FLOATING_TAGS } from './floating-tags.ts';
import { MESSAGES } from './message-catalogue.ts';
import { fixedLayout } from './message-codec.ts';
import { floatingHeaderWidth, HEADER_SIZE, SUPPORTED_VERSIONS } from './protocol-version.ts';

export interface DissectorFixedField {
  readonly name: string;
  readonly type: FixedType;
  readonly size: number;
  /** Name of the value-string table in `DissectorTable.valueStrings` for this field, if any. */
  readonly values?: string;
}

export interface DissectorFloatingField {
  readonly tag: number;
  readonly name: string;
  readonly required: boolean;
  readonly repeats: boolean;
}

export interface DissectorMessage {
  readonly id: number;
  readonly name: string;
  readonly fixed: readonly DissectorFixedField[];
  readonly floating: readonly DissectorFloatingField[];
}

export interface DissectorTag {
  readonly tag: number;
  readonly name: string;
  readonly type: FloatingType;
  readonly maxSize: number;
}

export interface DissectorTable {
  readonly version: number;
  readonly headerSize: number;
  /** Bytes of a floating field's tag, and again of its length. */
  readonly floatingHeaderWidth: 1 | 2;
  readonly messages: readonly DissectorMessage[];
  readonly tags: readonly DissectorTag[];
  /** Value strings (value as decimal text -> name) of the enumerated fields, by table name. */
  readonly valueStrings: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const VALUE_STRINGS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  Status: CtiStatus,
  AgentState,
  PeripheralType,
  EventCause,
  LocalConnectionState,
  CallType,
  SystemEventID,
  ControlFailureCode,
  ConnectionDeviceIDType,
  DeviceIDType,
  LineType,
};

/** The value-string table of a fixed field, by its name (the guide's naming is regular). */
function valuesOf(field: string): string | undefined {
  if (field === 'Status' || field === 'FailureCode')
    return field === 'Status' ? 'Status' : 'ControlFailureCode';
  if (field === 'AgentState' || field === 'SkillGroupState') return 'AgentState';
  if (field.endsWith('DeviceIDType')) return 'ConnectionDeviceIDType';
  if (field.endsWith('DeviceType')) return 'DeviceIDType';
  return field in VALUE_STRINGS ? field : undefined;
}

function invert(values: Readonly<Record<string, number>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) out[String(value)] ??= name;
  return out;
}

/** The dissector table of one protocol version. */
export function dissectorTable(version: number): DissectorTable {
  return {
    version,
    headerSize: HEADER_SIZE,
    floatingHeaderWidth: floatingHeaderWidth(version),
    messages: MESSAGES.filter((m) => m.since <= version).map((m) => ({
      id: m.id,
      name: m.name,
      fixed: fixedLayout(m, version).map((f) => {
        const values = valuesOf(f.name);
        const field = { name: f.name, type: f.type, size: FIXED_SIZES[f.type] };
        return values === undefined ? field : { ...field, values };
      }),
      floating: m.floating
        .filter((r) => r.tag.since <= version)
        .map((r) => ({ tag: r.tag.tag, name: r.tag.name, required: r.required, repeats: r.repeats })),
    })),
    tags: [...FLOATING_TAGS.values()]
      .filter((t) => t.since <= version)
      .map((t) => ({ tag: t.tag, name: t.name, type: t.type, maxSize: t.maxSize })),
    valueStrings: Object.fromEntries(Object.entries(VALUE_STRINGS).map(([k, v]) => [k, invert(v)])),
  };
}

/** The dissector tables of every version the lab speaks. */
export function dissectorTables(): readonly DissectorTable[] {
  return SUPPORTED_VERSIONS.map(dissectorTable);
}
