/**
 * A DER writer (ITU-T X.690 §8 basic encoding, §10 distinguished rules) for the few ASN.1 types an
 * X.509 certificate (RFC 5280) needs: lab-ca.ts builds its certificates with it on node:crypto.
 * Each function returns one complete TLV (tag, definite length, contents).
 */
import { isIP } from 'node:net';

/** X.690 §8.1.3: the length octets, short form below 128, else long form with minimal octets. */
function lengthOctets(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with identifier octet `tag` (low tag numbers only: every tag X.509 uses). */
export function tlv(tag: number, contents: Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(tag), lengthOctets(contents.length), contents]);
}

/** SEQUENCE (constructed, 0x30) of the encoded items in order. */
export const sequence = (...items: readonly Uint8Array[]): Buffer => tlv(0x30, Buffer.concat(items));

/** SET (constructed, 0x31); X.509 names use one item per set, so no DER sorting is needed here. */
export const set = (...items: readonly Uint8Array[]): Buffer => tlv(0x31, Buffer.concat(items));

/** BOOLEAN (X.690 §11.1: TRUE is 0xFF). */
export const boolean = (value: boolean): Buffer => tlv(0x01, Buffer.of(value ? 0xff : 0x00));

/**
 * INTEGER from a non-negative number or the big-endian octets of a non-negative value: leading
 * zero octets dropped, one zero added when the first bit is set (X.690 §8.3.2: minimal, two's
 * complement).
 */
export function integer(value: number | Uint8Array): Buffer {
  let bytes: number[];
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`INTEGER ${value}: not a safe non-negative integer`);
    bytes = [];
    for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  } else {
    bytes = [...value];
  }
  while (bytes.length > 0 && bytes[0] === 0) bytes.shift();
  if (bytes.length === 0 || (bytes[0]! & 0x80) !== 0) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

/** OBJECT IDENTIFIER from dotted text (X.690 §8.19: first two arcs joined, base-128 arcs). */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new RangeError(`OID ${dotted}: '${a}' is no arc`);
    return Number(a);
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || first > 2 || (first < 2 && second > 39))
    throw new RangeError(`OID ${dotted}: not a valid object identifier`);
  const out: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const group = [arc % 128];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) group.unshift(0x80 | (n % 128));
    out.push(...group);
  }
  return tlv(0x06, Buffer.from(out));
}

/** BIT STRING of whole octets whose last `unusedBits` bits are unused (X.690 §8.6). */
export const bitString = (bytes: Uint8Array, unusedBits = 0): Buffer =>
  tlv(0x03, Buffer.concat([Buffer.of(unusedBits), bytes]));

/**
 * A named-bit BIT STRING (X.690 §11.2.2: trailing zero bits removed) with bit `n` of `bits` set
 * for each n: RFC 5280 KeyUsage numbers its bits from the first (most significant) one.
 */
export function namedBits(bits: readonly number[]): Buffer {
  const last = Math.max(-1, ...bits);
  const bytes = Buffer.alloc(Math.ceil((last + 1) / 8));
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  return bitString(bytes, bytes.length * 8 - (last + 1));
}

export const octetString = (bytes: Uint8Array): Buffer => tlv(0x04, bytes);

/** X.520 PrintableString characters (X.680 §41.4). */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** A DirectoryString (RFC 5280 §4.1.2.4): PrintableString when it fits, else UTF8String. */
export const directoryString = (text: string): Buffer =>
  PRINTABLE.test(text) ? tlv(0x13, Buffer.from(text, 'latin1')) : tlv(0x0c, Buffer.from(text, 'utf8'));

/**
 * RFC 5280 §4.1.2.5 Time: UTCTime through 2049, GeneralizedTime from 2050, to the second (the
 * milliseconds are dropped), always in UTC ("Z").
 */
export function time(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 9999) throw new RangeError(`${iso}: not a certificate time`);
  return year < 2050
    ? tlv(0x17, Buffer.from(digits.slice(2), 'latin1'))
    : tlv(0x18, Buffer.from(digits, 'latin1'));
}

/** [n] EXPLICIT: a constructed context-specific tag around one encoded item. */
export const explicit = (n: number, inner: Uint8Array): Buffer => tlv(0xa0 | n, inner);

/** [n] IMPLICIT on a primitive type: the contents under a primitive context-specific tag. */
export const implicit = (n: number, contents: Uint8Array): Buffer => tlv(0x80 | n, contents);

/**
 * The octets of an IPv4 (4) or IPv6 (16) address in text form, as GeneralName iPAddress holds
 * them (RFC 5280 §4.2.1.6); an IPv6 zone (`%eth0`) is dropped.
 */
export function ipOctets(address: string): Buffer {
  const text = address.split('%')[0]!;
  const family = isIP(text);
  if (family === 4) return Buffer.from(text.split('.').map(Number));
  if (family !== 6) throw new RangeError(`'${address}' is no IP address`);
  let groups = text;
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    tail.push(...v4[1]!.split('.').map(Number));
    groups = `${text.slice(0, -v4[1]!.length)}0:0`;
  }
  const [head, rest] = groups.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) =>
    part
      ? part
          .split(':')
          .filter((g) => g !== '')
          .map((g) => Number.parseInt(g, 16))
      : [];
  const before = parse(head);
  const after = parse(rest);
  const words =
    rest === undefined ? before : [...before, ...Array(8 - before.length - after.length).fill(0), ...after];
  const out = Buffer.alloc(16);
  for (const [i, w] of words.entries()) out.writeUInt16BE(w, i * 2);
  if (tail.length === 4) out.set(tail, 12);
  return out;
}

/** PEM (RFC 7468 §2): the label's BEGIN line, base64 in 64-character lines, the END line. */
export function pem(der: Uint8Array, label: string): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
}
