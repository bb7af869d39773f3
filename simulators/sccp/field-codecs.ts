/**
 * Field types of SCCP message bodies (Wireshark packet-skinny (framing), Wireshark's SkinnyProtocolOptimized.xml)
 * and the generic field-list reader/writer every declarative message layout uses.
 *
 * A layout is an ordered list of fields, each optionally limited to a header-version range
 * (Wireshark's beginversion/endversion). Fields before the first `tail` field form the
 * mandatory fixed part; from the first tail field on, a field that does not fit in what is left
 * of the body — and every field after it — takes its default (§1: bodies are often shorter than
 * the newest layout). Fields outside the header version's range also take their default.
 */
import type { BodyReader } from './body-reader.ts';
import type { BodyWriter } from './body-writer.ts';
import {
  ipv4FromBytes,
  ipv4ToBytes,
  ipv6FromBytes,
  ipv6ToBytes,
  isIpv4Text,
  isIpv6Text,
} from './ip-address.ts';

export interface FieldCodec<T> {
  /** Bytes in a full encoding at this header version (for variable fields: the maximum). */
  size(version: number): number;
  /** Bytes that must be left in the body for reading to start. */
  minSize(version: number): number;
  read(r: BodyReader): T;
  write(w: BodyWriter, value: T, field: string): void;
  /** The value a field takes when absent (version or short body). */
  empty(): T;
}

type DataKeys<M> = Exclude<keyof M, 'type'> & string;

interface Versioned {
  /** First header version carrying the field (Wireshark beginversion). */
  from?: number;
  /** Last header version carrying the field (Wireshark endversion). */
  to?: number;
  /** This and every later field may be missing from a short body. */
  tail?: boolean;
}

export type DataField<M> = {
  [K in DataKeys<M>]: Versioned & { key: K; codec: FieldCodec<M[K]> };
}[DataKeys<M>];

export type PadField = Versioned & { pad: number };

export type Field<M> = DataField<M> | PadField;

function active(f: Versioned, version: number): boolean {
  return version >= (f.from ?? 0) && version <= (f.to ?? Number.POSITIVE_INFINITY);
}

function isPad<M>(f: Field<M>): f is PadField {
  return 'pad' in f;
}

/** Reads `fields` into a fresh object with tail and version defaults applied. */
export function readFields<M>(fields: readonly Field<M>[], r: BodyReader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!active(f, r.version)) continue;
    const need = isPad(f) ? f.pad : f.codec.minSize(r.version);
    const fits = !r.exhausted && r.remaining >= need;
    if (!fits) r.exhausted = true;
    if (isPad(f)) {
      if (fits) r.take(f.pad);
    } else {
      out[f.key] = fits ? f.codec.read(r) : f.codec.empty();
    }
  }
  for (const f of fields) {
    if (!isPad(f) && !(f.key in out)) out[f.key] = f.codec.empty();
  }
  return out;
}

export function writeFields<M>(fields: readonly Field<M>[], w: BodyWriter, value: M): void {
  for (const f of fields) {
    if (!active(f, w.version)) continue;
    if (isPad(f)) {
      w.zeros(f.pad);
      continue;
    }
    const v = value[f.key];
    if (v === undefined) throw w.fail(f.key, 'missing');
    f.codec.write(w, v, f.key);
  }
}

/** `value` with every field this header version does not carry set to its default. */
export function normalizeFields<M>(fields: readonly Field<M>[], value: M, version: number): M {
  const out = { ...value } as Record<string, unknown>;
  const carried = new Set<string>();
  for (const f of fields) if (!isPad(f) && active(f, version)) carried.add(f.key);
  for (const f of fields) if (!isPad(f) && !carried.has(f.key)) out[f.key] = f.codec.empty();
  return out as M;
}

/** Size of the mandatory fixed part at this header version. */
export function mandatorySize<M>(fields: readonly Field<M>[], version: number): number {
  let n = 0;
  for (const f of fields) {
    if (!active(f, version)) continue;
    if (f.tail) break;
    n += isPad(f) ? f.pad : f.codec.minSize(version);
  }
  return n;
}

/** Largest body the fields can encode to at this header version. */
export function maximumSize<M>(fields: readonly Field<M>[], version: number): number {
  let n = 0;
  for (const f of fields) if (active(f, version)) n += isPad(f) ? f.pad : f.codec.size(version);
  return n;
}

// ---- scalar codecs -----------------------------------------------------------------------------

function fixed<T>(n: number, c: Omit<FieldCodec<T>, 'size' | 'minSize'>): FieldCodec<T> {
  return { size: () => n, minSize: () => n, ...c };
}

export const u8: FieldCodec<number> = fixed(1, {
  read: (r) => r.u8(),
  write: (w, v, f) => w.u8(v, f),
  empty: () => 0,
});

export const u16: FieldCodec<number> = fixed(2, {
  read: (r) => r.u16(),
  write: (w, v, f) => w.u16(v, f),
  empty: () => 0,
});

export const u32: FieldCodec<number> = fixed(4, {
  read: (r) => r.u32(),
  write: (w, v, f) => w.u32(v, f),
  empty: () => 0,
});

export const i32: FieldCodec<number> = fixed(4, {
  read: (r) => r.i32(),
  write: (w, v, f) => w.i32(v, f),
  empty: () => 0,
});

/** The text of a string field, up to its first NUL; anything else is refused naming the field. */
function latin1Value(value: unknown, w: BodyWriter, field: string): string {
  if (typeof value !== 'string') throw w.fail(field, `${String(value)} is not a string`);
  const nul = value.indexOf('\0');
  return nul >= 0 ? value.slice(0, nul) : value;
}

/** The first `length` bytes of `bytes` as latin1 text, read in place (no copy of the bytes). */
function latin1Text(bytes: Uint8Array, length: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1');
}

/**
 * Fixed-size NUL-padded char array (§1). Decode stops at the first NUL (CM 3.x leaves garbage
 * after it); encode truncates to `n` bytes (a string of exactly `n` bytes has no NUL, as
 * RegisterAck's dateTemplate "MMDDYY" in char[6]).
 */
export function fixedString(n: number): FieldCodec<string> {
  return fixed(n, {
    read: (r) => {
      const raw = r.take(n);
      const nul = raw.indexOf(0);
      return latin1Text(raw, nul >= 0 ? nul : raw.length);
    },
    write: (w, v, f) => w.fixedLatin1(latin1Value(v, w, f), n),
    empty: () => '',
  });
}

/**
 * NUL-terminated string of a dynamic message (§1: 0x0143-0x0145, 0x0147, 0x014A pack them back
 * to back). `max` counts the NUL; encode truncates to max - 1 bytes; decode reads to the NUL or
 * to the end of the body.
 */
export function cString(max: number): FieldCodec<string> {
  return {
    size: () => max,
    minSize: () => 1,
    read: (r) => {
      const rest = r.bytes.subarray(r.pos);
      const nul = rest.indexOf(0);
      const text = latin1Text(rest, nul >= 0 ? nul : rest.length);
      r.take(nul >= 0 ? nul + 1 : rest.length);
      return text;
    },
    // At most max - 1 bytes of text, then the NUL.
    write: (w, v, f) => w.nulTerminatedLatin1(latin1Value(v, w, f), max - 1),
    empty: () => '',
  };
}

/** Raw byte block of `n` bytes as lowercase hex; encode pads a shorter hex string with zeros. */
export function hexBlock(n: number): FieldCodec<string> {
  return fixed(n, {
    read: (r) => Buffer.from(r.take(n)).toString('hex'),
    write: (w, v, f) => w.bytes(hexToBytes(w, v, f, n, n)),
    empty: () => '00'.repeat(n),
  });
}

/** Hex text -> bytes (at most `max`), zero-padded to `padTo`. */
export function hexToBytes(w: BodyWriter, v: unknown, field: string, max: number, padTo: number): Buffer {
  if (typeof v !== 'string' || v.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(v) || v.length / 2 > max) {
    throw w.fail(field, `expected hex of at most ${max} bytes, got ${JSON.stringify(v)}`);
  }
  const out = Buffer.alloc(Math.max(padTo, v.length / 2));
  Buffer.from(v, 'hex').copy(out);
  return out;
}

// ---- addresses ---------------------------------------------------------------------------------

/** IPv4 as 4 raw bytes in network order (§1). */
export const ipv4: FieldCodec<string> = fixed(4, {
  read: (r) => ipv4FromBytes(r.take(4)),
  write: (w, v, f) => {
    const b = typeof v === 'string' ? ipv4ToBytes(v) : undefined;
    if (!b) throw w.fail(f, `${String(v)} is not an IPv4 address`);
    w.bytes(b);
  },
  empty: () => '0.0.0.0',
});

/** IPv6 as 16 raw bytes (RegisterReq / RegisterTokenReq stationIpV6Addr). */
export const ipv6: FieldCodec<string> = fixed(16, {
  read: (r) => ipv6FromBytes(r.take(16)),
  write: (w, v, f) => {
    const b = typeof v === 'string' ? ipv6ToBytes(v) : undefined;
    if (!b) throw w.fail(f, `${String(v)} is not an IPv6 address`);
    w.bytes(b);
  },
  empty: () => '::',
});

/**
 * ipv4or6 (Wireshark packet-skinny (header versions)): from header version 17 a u32 address type (0 v4,
 * 1 v6; skinny-enums.txt IpAddrType) then 16 bytes; before 17 a plain 4-byte IPv4 address.
 * The text form decides the type on encode.
 */
export const ipv4or6: FieldCodec<string> = {
  size: (v) => (v >= 17 ? 20 : 4),
  minSize: (v) => (v >= 17 ? 20 : 4),
  read: (r) => {
    if (r.version < 17) return ipv4FromBytes(r.take(4));
    const at = r.pos;
    const type = r.u32();
    const raw = r.take(16);
    if (type === 0) return ipv4FromBytes(raw);
    if (type === 1) return ipv6FromBytes(raw);
    throw r.badField(`ipv4or6 address type ${type} is neither 0 (v4) nor 1 (v6)`, at);
  },
  write: (w, v, f) => {
    if (typeof v === 'string' && isIpv4Text(v)) {
      if (w.version >= 17) w.u32(0, f);
      w.bytes(ipv4ToBytes(v) ?? new Uint8Array(4));
      if (w.version >= 17) w.zeros(12);
      return;
    }
    if (typeof v === 'string' && isIpv6Text(v) && w.version >= 17) {
      w.u32(1, f);
      w.bytes(ipv6ToBytes(v) ?? new Uint8Array(16));
      return;
    }
    throw w.fail(f, `${String(v)} is not an address this header version (${w.version}) can carry`);
  },
  empty: () => '0.0.0.0',
};

// ---- structs -----------------------------------------------------------------------------------

/**
 * A nested struct read with the same tail rules (a short body may cut it part way): reading starts
 * when its first field fits, so that field is a data field.
 */
export function struct<T>(fields: readonly [DataField<T>, ...Field<T>[]], empty: () => T): FieldCodec<T> {
  return {
    size: (v) => maximumSize(fields, v),
    minSize: (v) => fields[0].codec.minSize(v),
    read: (r) => readFields(fields, r) as T,
    write: (w, v, f) => {
      if (typeof v !== 'object' || v === null) throw w.fail(f, 'missing struct');
      writeFields(fields, w, v);
    },
    empty,
  };
}
