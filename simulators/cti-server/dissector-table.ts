/**
 * The catalogue as plain data, for generating a Wireshark Lua dissector (and anything else that
 * needs the layouts without the codec): per protocol version, the MHDR, the floating tag/length
 * width, every message (id, name, fixed fields with type and size, allowed floating fields) and
 * every floating tag (name, type, max size). JSON-serialisable; no functions, no classes.
 */

import { FIXED_SIZES, type FixedType, type FloatingType } from './field-types.ts';
import { FLOATING_TAGS } from './floating-tags.ts';
import { MESSAGES } from './message-catalogue.ts';
import { fixedLayout } from './message-codec.ts';
import { floatingHeaderWidth, HEADER_SIZE, SUPPORTED_VERSIONS } from './protocol-version.ts';

export interface DissectorFixedField {
  readonly name: string;
  readonly type: FixedType;
  readonly size: number;
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
      fixed: fixedLayout(m, version).map((f) => ({ name: f.name, type: f.type, size: FIXED_SIZES[f.type] })),
      floating: m.floating
        .filter((r) => r.tag.since <= version)
        .map((r) => ({ tag: r.tag.tag, name: r.tag.name, required: r.required, repeats: r.repeats })),
    })),
    tags: [...FLOATING_TAGS.values()]
      .filter((t) => t.since <= version)
      .map((t) => ({ tag: t.tag, name: t.name, type: t.type, maxSize: t.maxSize })),
  };
}

/** The dissector tables of every version the lab speaks. */
export function dissectorTables(): readonly DissectorTable[] {
  return SUPPORTED_VERSIONS.map(dissectorTable);
}
