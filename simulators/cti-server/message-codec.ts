/**
 * Encode and decode GED-188 messages from the one catalogue (`message-catalogue.ts`), per protocol
 * version. A message is MHDR (MessageLength UINT = bytes after the header, MessageType UINT),
 * the fixed part (every field, in order) and the floating part (tag, length, value, to the end of
 * the message, any order) — Cisco "CTI Server Message Reference Guide (Protocol Version 15)",
 * chapter 3 "Message Conventions", "Message Format" and "Floating Part". All integers big-endian.
 *
 * Decoding never throws on wire input: it returns the message or a `CtiDecodeError` carrying the
 * Status to answer with. Encoding throws `CtiEncodeError` on a message the caller built wrong.
 */

import {
  FIXED_SIZES,
  type FieldValue,
  type FixedType,
  integerRange,
  isFixedType,
  NAMED_NAME_MAX,
  NAMED_VALUE_MAX,
  type NamedArrayElement,
  type NamedVariable,
} from './field-types.ts';
import { FLOATING_TAGS, type FloatingTagDef } from './floating-tags.ts';
import {
  type FixedFieldDef,
  type FloatingFieldRule,
  isProtocolMessageType,
  MESSAGES_BY_ID,
  MESSAGES_BY_NAME,
  type MessageDef,
} from './message-catalogue.ts';
import {
  DEFAULT_MAX_MESSAGE_SIZE,
  floatingHeaderWidth,
  HEADER_SIZE,
  isSupportedVersion,
} from './protocol-version.ts';
import { CtiDecodeError, type CtiDecodeErrorCode, CtiEncodeError } from './wire-errors.ts';

/** One floating field of a message, in wire order. */
export interface FloatingField {
  readonly name: string;
  readonly value: FieldValue;
}

/** A decoded (or to-be-encoded) GED-188 message. */
export interface CtiMessage {
  readonly type: number;
  readonly name: string;
  /** Fixed-part fields by name: integers and TIME as numbers, BOOL as booleans. */
  readonly fixed: Readonly<Record<string, number | boolean>>;
  readonly floating: readonly FloatingField[];
}

export type DecodeResult = { ok: true; message: CtiMessage } | { ok: false; error: CtiDecodeError };

/** The fixed-part fields of `def` as laid out in `version`. */
export function fixedLayout(def: MessageDef, version: number): readonly FixedFieldDef[] {
  return def.fixed.filter((f) => f.since <= version);
}

/** Bytes of `def`'s fixed part in `version`. */
export function fixedPartSize(def: MessageDef, version: number): number {
  return fixedLayout(def, version).reduce((n, f) => n + FIXED_SIZES[f.type], 0);
}

/** The catalogue entry for `id` in `version`, if the lab speaks it there. */
export function messageDef(id: number, version: number): MessageDef | undefined {
  const def = MESSAGES_BY_ID.get(id);
  return def !== undefined && def.since <= version ? def : undefined;
}

// ---------------------------------------------------------------------------------------------
// Building messages

/**
 * A message named `name` with every fixed field of every version at 0 (BOOL false) unless given,
 * and the floating fields given (in that order). Throws on an unknown message or fixed field name.
 */
export function ctiMessage(
  name: string,
  fixed: Readonly<Record<string, number | boolean>> = {},
  floating: readonly FloatingField[] = [],
): CtiMessage {
  const def = MESSAGES_BY_NAME.get(name);
  if (def === undefined) throw new CtiEncodeError(`unknown message ${name}`);
  const values: Record<string, number | boolean> = {};
  for (const f of def.fixed) values[f.name] = f.type === 'BOOL' ? false : 0;
  for (const [k, v] of Object.entries(fixed)) {
    if (!(k in values)) throw new CtiEncodeError(`${name} has no fixed field ${k}`);
    values[k] = v;
  }
  return { type: def.id, name, fixed: values, floating };
}

/** The first value of floating field `name` in `msg`, if present. */
export function floatingValue(msg: CtiMessage, name: string): FieldValue | undefined {
  return msg.floating.find((f) => f.name === name)?.value;
}

/** Every value of floating field `name` in `msg`, in wire order (lists such as NamedVariable). */
export function floatingValues(msg: CtiMessage, name: string): FieldValue[] {
  return msg.floating.filter((f) => f.name === name).map((f) => f.value);
}

/** The STRING value of floating field `name`, if present and a string. */
export function floatingString(msg: CtiMessage, name: string): string | undefined {
  const v = floatingValue(msg, name);
  return typeof v === 'string' ? v : undefined;
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** `Number.isInteger` as a type guard (it is false for every non-number). */
function isInteger(v: unknown): v is number {
  return Number.isInteger(v);
}

function checkInteger(where: string, type: Exclude<FixedType, 'BOOL'>, v: unknown): number {
  const [lo, hi] = integerRange(type);
  if (!isInteger(v) || v < lo || v > hi) {
    throw new CtiEncodeError(`${where}: ${String(v)} is not a ${type} (${lo}..${hi})`);
  }
  return v;
}

/**
 * Writes `v` as a `type` (guide v15 chapter 3, "Data Types") at `offset`; returns the offset after
 * it. Throws `CtiEncodeError` (naming `where`) when `v` is not a value of that type.
 */
export function writeFixedValue(
  buf: Buffer,
  offset: number,
  type: FixedType,
  v: unknown,
  where: string,
): number {
  if (type === 'BOOL') {
    if (typeof v !== 'boolean') throw new CtiEncodeError(`${where}: ${String(v)} is not a BOOL`);
    return buf.writeUInt16BE(v ? 1 : 0, offset);
  }
  const n = checkInteger(where, type, v);
  switch (type) {
    case 'CHAR':
      return buf.writeInt8(n, offset);
    case 'UCHAR':
      return buf.writeUInt8(n, offset);
    case 'SHORT':
      return buf.writeInt16BE(n, offset);
    case 'USHORT':
      return buf.writeUInt16BE(n, offset);
    case 'INT':
      return buf.writeInt32BE(n, offset);
    case 'UINT':
    case 'TIME':
      return buf.writeUInt32BE(n, offset);
  }
}

function cString(where: string, v: unknown, max: number): Buffer {
  if (typeof v !== 'string' || v.includes('\0')) throw new CtiEncodeError(`${where}: not a STRING`);
  const bytes = Buffer.from(`${v}\0`, 'latin1');
  if (bytes.length > max) throw new CtiEncodeError(`${where}: ${bytes.length} bytes > ${max}`);
  return bytes;
}

function isNamedVariable(v: FieldValue): v is NamedVariable {
  return typeof v === 'object' && !(v instanceof Uint8Array) && !('index' in v);
}

function isNamedArrayElement(v: FieldValue): v is NamedArrayElement {
  return typeof v === 'object' && !(v instanceof Uint8Array) && 'index' in v;
}

/** The value bytes of one floating field. */
function floatingValueBytes(where: string, tag: FloatingTagDef, v: FieldValue): Buffer {
  const t = tag.type;
  if (isFixedType(t)) {
    const buf = Buffer.alloc(FIXED_SIZES[t]);
    writeFixedValue(buf, 0, t, v, where);
    return buf;
  }
  if (t === 'STRING') return cString(where, v, tag.maxSize);
  if (t === 'UNSPEC') {
    if (!(v instanceof Uint8Array)) throw new CtiEncodeError(`${where}: UNSPEC needs bytes`);
    if (v.length > tag.maxSize) throw new CtiEncodeError(`${where}: ${v.length} bytes > ${tag.maxSize}`);
    return Buffer.from(v);
  }
  if (t === 'NAMEDVAR') {
    if (!isNamedVariable(v) || v.name === '') throw new CtiEncodeError(`${where}: not a NAMEDVAR`);
    return Buffer.concat([cString(where, v.name, NAMED_NAME_MAX), cString(where, v.value, NAMED_VALUE_MAX)]);
  }
  if (!isNamedArrayElement(v) || v.name === '') throw new CtiEncodeError(`${where}: not a NAMEDARRAY`);
  const index = Buffer.alloc(1);
  writeFixedValue(index, 0, 'UCHAR', v.index, where);
  return Buffer.concat([
    index,
    cString(where, v.name, NAMED_NAME_MAX),
    cString(where, v.value, NAMED_VALUE_MAX),
  ]);
}

function encodeFixed(def: MessageDef, msg: CtiMessage, version: number): Buffer {
  const known = new Set(def.fixed.map((f) => f.name));
  for (const k of Object.keys(msg.fixed)) {
    if (!known.has(k)) throw new CtiEncodeError(`${def.name} has no fixed field ${k}`);
  }
  const layout = fixedLayout(def, version);
  const buf = Buffer.alloc(fixedPartSize(def, version));
  let offset = 0;
  for (const f of layout) {
    if (!(f.name in msg.fixed)) throw new CtiEncodeError(`${def.name}.${f.name} is missing`);
    offset = writeFixedValue(buf, offset, f.type, msg.fixed[f.name], `${def.name}.${f.name}`);
  }
  return buf;
}

function encodeFloating(def: MessageDef, msg: CtiMessage, version: number): Buffer[] {
  const width = floatingHeaderWidth(version);
  const seen = new Set<number>();
  const parts: Buffer[] = [];
  for (const field of msg.floating) {
    const rule = def.floating.find((r) => r.tag.name === field.name);
    const where = `${def.name}.${field.name}`;
    if (rule === undefined) throw new CtiEncodeError(`${where}: not a floating field of ${def.name}`);
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent, no message of the catalogue carries a tag newer than v19 (tags above 255), so the test is false in both versions
    if (rule.tag.since > version) {
      // Stryker disable next-line StringLiteral: equivalent, unreachable (see above)
      throw new CtiEncodeError(`${where}: tag ${rule.tag.tag} is not in version ${version}`);
    }
    if (seen.has(rule.tag.tag) && !rule.repeats) throw new CtiEncodeError(`${where} may appear once`);
    seen.add(rule.tag.tag);
    const value = floatingValueBytes(where, rule.tag, field.value);
    const head = Buffer.alloc(2 * width);
    if (width === 2) {
      head.writeUInt16BE(rule.tag.tag, 0);
      head.writeUInt16BE(value.length, 2);
    } else {
      head.writeUInt8(rule.tag.tag, 0);
      head.writeUInt8(value.length, 1);
    }
    parts.push(head, value);
  }
  for (const r of def.floating) {
    if (r.required && !seen.has(r.tag.tag)) throw new CtiEncodeError(`${def.name}.${r.tag.name} is required`);
  }
  return parts;
}

/**
 * The whole message (MHDR + fixed + floating) in `version`. Throws `CtiEncodeError` when the
 * message does not fit its catalogue entry or exceeds `maxSize` bytes.
 */
export function encodeMessage(msg: CtiMessage, version: number, maxSize = DEFAULT_MAX_MESSAGE_SIZE): Buffer {
  if (!isSupportedVersion(version)) throw new CtiEncodeError(`version ${version} is not supported`);
  const def = MESSAGES_BY_NAME.get(msg.name);
  if (def === undefined || def.id !== msg.type) {
    throw new CtiEncodeError(`unknown message ${msg.name} (type ${msg.type})`);
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: equivalent, every catalogued message has since 0 (none is v20-only), so the test is false in both versions
  if (def.since > version) throw new CtiEncodeError(`${def.name} is not in version ${version}`);
  const body = Buffer.concat([encodeFixed(def, msg, version), ...encodeFloating(def, msg, version)]);
  if (HEADER_SIZE + body.length > maxSize) {
    throw new CtiEncodeError(`${def.name} is ${HEADER_SIZE + body.length} bytes > ${maxSize}`);
  }
  const header = Buffer.alloc(HEADER_SIZE);
  header.writeUInt32BE(body.length, 0);
  header.writeUInt32BE(def.id, 4);
  return Buffer.concat([header, body]);
}

// ---------------------------------------------------------------------------------------------
// Decoding

class Fail {
  constructor(
    readonly code: CtiDecodeErrorCode,
    readonly detail: string,
    readonly offset: number,
    readonly tag?: number,
  ) {}
}

/** Reads a `type` at `offset` of `body` (the caller has checked that its bytes are there). */
export function readFixedValue(body: Buffer, offset: number, type: FixedType): number | boolean {
  switch (type) {
    case 'CHAR':
      return body.readInt8(offset);
    case 'UCHAR':
      return body.readUInt8(offset);
    case 'SHORT':
      return body.readInt16BE(offset);
    case 'USHORT':
      return body.readUInt16BE(offset);
    case 'INT':
      return body.readInt32BE(offset);
    case 'UINT':
    case 'TIME':
      return body.readUInt32BE(offset);
    case 'BOOL':
      // ⚠ the guide defines only 0 and 1; any other value is read as true.
      return body.readUInt16BE(offset) !== 0;
  }
}

/** The NUL-terminated strings of `bytes`, which must end in a NUL and hold exactly `count`. */
function cStrings(bytes: Buffer, count: number, offset: number, what: string): string[] {
  const parts = bytes.toString('latin1').split('\0');
  if (parts.length !== count + 1 || parts[count] !== '') {
    throw new Fail('bad-value', `${what} must be ${count} NUL-terminated string(s)`, offset);
  }
  // Stryker disable next-line MethodExpression: equivalent, the only extra element is the empty text after the last NUL, and both callers read only the first `count` strings
  return parts.slice(0, count);
}

function namedParts(bytes: Buffer, offset: number, what: string): [string, string] {
  const [name, value] = cStrings(bytes, 2, offset, what) as [string, string];
  if (name === '' || name.length + 1 > NAMED_NAME_MAX || value.length + 1 > NAMED_VALUE_MAX) {
    throw new Fail('bad-value', `${what} name or value out of bounds`, offset);
  }
  return [name, value];
}

function decodeFloatingValue(tag: FloatingTagDef, bytes: Buffer, offset: number): FieldValue {
  const t = tag.type;
  if (isFixedType(t)) {
    if (bytes.length !== FIXED_SIZES[t]) {
      throw new Fail(
        'field-length',
        `${tag.name} is ${bytes.length} bytes, not ${FIXED_SIZES[t]}`,
        offset,
        tag.tag,
      );
    }
    return readFixedValue(bytes, 0, t);
  }
  if (bytes.length > tag.maxSize) {
    throw new Fail('field-length', `${tag.name} is ${bytes.length} bytes > ${tag.maxSize}`, offset, tag.tag);
  }
  switch (t) {
    case 'UNSPEC':
      return new Uint8Array(bytes);
    case 'STRING':
      return cStrings(bytes, 1, offset, tag.name)[0]!;
    case 'NAMEDVAR': {
      const [name, value] = namedParts(bytes, offset, tag.name);
      return { name, value };
    }
    case 'NAMEDARRAY': {
      if (bytes.length < 1) throw new Fail('bad-value', 'empty NamedArray', offset);
      const [name, value] = namedParts(bytes.subarray(1), offset + 1, tag.name);
      return { index: bytes.readUInt8(0), name, value };
    }
  }
}

function ruleFor(def: MessageDef, tagNumber: number, version: number, offset: number): FloatingFieldRule {
  const tag = FLOATING_TAGS.get(tagNumber);
  if (tag === undefined) throw new Fail('unknown-tag', `tag ${tagNumber} is not defined`, offset, tagNumber);
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent, a v19 tag is one byte and only tags above 255 are v20-only, so no v19 body can name one
  if (tag.since > version) {
    // Stryker disable next-line StringLiteral: equivalent, unreachable (see above)
    throw new Fail('tag-for-version', `tag ${tagNumber} is not in version ${version}`, offset, tagNumber);
  }
  const rule = def.floating.find((r) => r.tag.tag === tagNumber);
  if (rule === undefined) {
    throw new Fail('tag-for-message-type', `${def.name} does not carry ${tag.name}`, offset, tagNumber);
  }
  return rule;
}

function decodeFloating(def: MessageDef, body: Buffer, start: number, version: number): FloatingField[] {
  const width = floatingHeaderWidth(version);
  const fields: FloatingField[] = [];
  const seen = new Set<number>();
  let offset = start;
  while (offset < body.length) {
    if (body.length - offset < 2 * width)
      throw new Fail('truncated', 'floating field header cut off', offset);
    const tagNumber = width === 2 ? body.readUInt16BE(offset) : body.readUInt8(offset);
    const length = width === 2 ? body.readUInt16BE(offset + 2) : body.readUInt8(offset + 1);
    const valueAt = offset + 2 * width;
    if (valueAt + length > body.length) {
      throw new Fail('truncated', `floating field of ${length} bytes runs past the end`, offset, tagNumber);
    }
    const rule = ruleFor(def, tagNumber, version, offset);
    if (seen.has(tagNumber) && !rule.repeats) {
      throw new Fail('repeated-field', `${rule.tag.name} may appear once`, offset, tagNumber);
    }
    seen.add(tagNumber);
    const value = decodeFloatingValue(rule.tag, body.subarray(valueAt, valueAt + length), valueAt);
    fields.push({ name: rule.tag.name, value });
    offset = valueAt + length;
  }
  const missing = def.floating.find((r) => r.required && !seen.has(r.tag.tag));
  if (missing !== undefined) {
    throw new Fail('required-missing', `${def.name} needs ${missing.tag.name}`, body.length, missing.tag.tag);
  }
  return fields;
}

/** The version whose floating format an OPEN_REQ body uses: the one it asks for. */
function versionOf(def: MessageDef, body: Buffer, sessionVersion: number): number {
  return def.name === 'OPEN_REQ' && body.length >= 8 ? body.readUInt32BE(4) : sessionVersion;
}

function decodeWith(def: MessageDef, body: Buffer, sessionVersion: number): CtiMessage {
  const version = versionOf(def, body, sessionVersion);
  if (!isSupportedVersion(version)) {
    throw new Fail('unsupported-version', `version ${version} is not supported`, 4);
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent, every catalogued message has since 0 (none is v20-only), so the test is false in both versions
  if (def.since > version) {
    // Stryker disable next-line StringLiteral: equivalent, unreachable (see above)
    throw new Fail('message-type-for-version', `${def.name} is not in version ${version}`, 0);
  }
  const size = fixedPartSize(def, version);
  if (body.length < size) {
    throw new Fail(
      'truncated',
      `${def.name} fixed part needs ${size} bytes, has ${body.length}`,
      body.length,
    );
  }
  const fixed: Record<string, number | boolean> = {};
  let offset = 0;
  for (const f of fixedLayout(def, version)) {
    fixed[f.name] = readFixedValue(body, offset, f.type);
    offset += FIXED_SIZES[f.type];
  }
  return { type: def.id, name: def.name, fixed, floating: decodeFloating(def, body, offset, version) };
}

/**
 * Decodes the body (bytes after MHDR) of a message of `messageType` in the session's `version`.
 * An OPEN_REQ is decoded in the version it asks for (its floating part is already in that format).
 */
export function decodeMessage(messageType: number, body: Uint8Array, version: number): DecodeResult {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const def = MESSAGES_BY_ID.get(messageType);
  // Every request begins with its InvokeID (guide v15 chapter 3, "Invoke IDs"). For a type the lab
  // does not know, the first UINT is taken as one, so the FAILURE_CONF can echo it.
  // Stryker disable next-line OptionalChaining: equivalent, every catalogued message has a fixed part
  const startsWithInvokeID = def === undefined || def.fixed[0]?.name === 'InvokeID';
  const invokeID = startsWithInvokeID && buf.length >= 4 ? buf.readUInt32BE(0) : undefined;
  const fail = (code: CtiDecodeErrorCode, detail: string, offset: number, tag?: number) => ({
    ok: false as const,
    error: new CtiDecodeError(code, detail, { messageType, offset, invokeID, tag }),
  });
  if (def === undefined) {
    return isProtocolMessageType(messageType)
      ? fail('unsupported-message-type', `message type ${messageType} is not implemented by the lab`, 0)
      : fail('unknown-message-type', `message type ${messageType} is not defined`, 0);
  }
  try {
    return { ok: true, message: decodeWith(def, buf, version) };
  } catch (e) {
    // Stryker disable next-line ConditionalExpression: equivalent, decodeWith throws nothing but Fail
    if (e instanceof Fail) return fail(e.code, e.detail, e.offset, e.tag);
    throw e;
  }
}

/** Decodes a whole message (MHDR included); a length that disagrees with the bytes is truncation. */
export function decodeFrame(frame: Uint8Array, version: number): DecodeResult {
  const buf = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  const type = buf.length >= HEADER_SIZE ? buf.readUInt32BE(4) : 0;
  if (buf.length < HEADER_SIZE || buf.readUInt32BE(0) !== buf.length - HEADER_SIZE) {
    return {
      ok: false,
      error: new CtiDecodeError('truncated', 'MessageLength does not match the frame', {
        messageType: type,
        offset: 0,
      }),
    };
  }
  return decodeMessage(type, buf.subarray(HEADER_SIZE), version);
}
