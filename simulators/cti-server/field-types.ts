/**
 * GED-188 data types (Cisco "CTI Server Message Reference Guide (Protocol Version 15)", chapter 3
 * "Message Conventions", "Data Types"): all integers big-endian, no padding.
 *
 * CHAR/UCHAR 1 · SHORT/USHORT 2 · INT/UINT 4 · BOOL 2 (0 = false, 1 = true) · TIME 4 (UINT
 * seconds since 1970-01-01 UTC) · STRING[n] NUL-terminated, n includes the NUL · UNSPEC[n] raw
 * bytes · NAMEDVAR (name\0 value\0) · NAMEDARRAY (index UCHAR, name\0, value\0).
 */

/** Types a fixed-part field may have. */
export type FixedType = 'CHAR' | 'UCHAR' | 'SHORT' | 'USHORT' | 'INT' | 'UINT' | 'BOOL' | 'TIME';

/** Types a floating field may have (the fixed-size ones plus the variable-size ones). */
export type FloatingType = FixedType | 'STRING' | 'UNSPEC' | 'NAMEDVAR' | 'NAMEDARRAY';

export const FIXED_SIZES: Readonly<Record<FixedType, number>> = {
  CHAR: 1,
  UCHAR: 1,
  SHORT: 2,
  USHORT: 2,
  INT: 4,
  UINT: 4,
  BOOL: 2,
  TIME: 4,
};

export function isFixedType(t: FloatingType): t is FixedType {
  return t in FIXED_SIZES;
}

/** Inclusive integer range of a fixed type (BOOL is carried as a boolean, 0/1 on the wire). */
export function integerRange(t: Exclude<FixedType, 'BOOL'>): readonly [number, number] {
  switch (t) {
    case 'CHAR':
      return [-0x80, 0x7f];
    case 'UCHAR':
      return [0, 0xff];
    case 'SHORT':
      return [-0x8000, 0x7fff];
    case 'USHORT':
      return [0, 0xffff];
    case 'INT':
      return [-0x8000_0000, 0x7fff_ffff];
    case 'UINT':
    case 'TIME':
      return [0, 0xffff_ffff];
  }
}

/**
 * NAMEDVAR / NAMEDARRAY limits (guide v15 chapter 3, "NamedVariable" and "NamedArray" tables):
 * name up to 32 characters + NUL, value up to 210 characters + NUL; the guide gives a NAMEDVAR
 * 3..251 bytes and a NAMEDARRAY 4..252 (uccertweb `package.scala`: MaxECCNameLen 32,
 * MaxECCValueLen 210). The codec checks the name and value limits, which keep a field under
 * both totals.
 */
export const NAMED_NAME_MAX = 33;
export const NAMED_VALUE_MAX = 211;
export const NAMEDVAR_MAX = 251;
export const NAMEDARRAY_MAX = 252;

/** A decoded NAMEDVAR. */
export interface NamedVariable {
  readonly name: string;
  readonly value: string;
}

/** A decoded NAMEDARRAY element. */
export interface NamedArrayElement {
  readonly index: number;
  readonly name: string;
  readonly value: string;
}

/** The value of one field: numbers for integers and TIME, boolean for BOOL, string for STRING. */
export type FieldValue = number | boolean | string | Uint8Array | NamedVariable | NamedArrayElement;
