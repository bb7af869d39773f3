// The call data the ACD keeps for each call for its whole life ("CTI Planning", UCCE CTI planning guide: the
// CTI Server forwards "call- and transaction-related data"; clients get / set "ICM call data (ANI,
// DNIS, CED, UUI, call vars)"; "The call's CTI client history list and any updates to call
// variables remain in effect when the connection is reestablished"). Kept in the ACD model, never
// in a CTI session, so it survives a CTI Server side failover. Field limits: CTI Server Message
// Reference Guide, floating fields (ANI STRING[40], UserToUserInfo UNSPEC[131], DNIS STRING[32],
// DialedNumber STRING[40], CallerEnteredDigits STRING[40], CallVariable1-10 STRING[41],
// CallWrapupData STRING[40], NAMEDVAR name <= 32 + value <= 210, NAMEDARRAY index 0-255);
// sizes there count the terminating NUL.
import { ok, type Result, refused } from '../lab/result.ts';
import { CTI_STATUS } from './acd-codes.ts';

export type CallStatusCode = (typeof CTI_STATUS)[keyof typeof CTI_STATUS];

export interface CallData {
  readonly ani: string;
  readonly dnis: string;
  readonly dialedNumber: string;
  readonly callerEnteredDigits: string;
  /** UserToUserInfo (UNSPEC: bytes). */
  readonly userToUserInfo: Uint8Array;
  /** CallVariable1..10 (index 0 = CallVariable1); '' = not set. */
  readonly callVariables: readonly string[];
  /** ECC scalar variables by name. */
  readonly namedVariables: Readonly<Record<string, string>>;
  /** ECC array variables by name, then index. */
  readonly namedArrays: Readonly<Record<string, Readonly<Record<number, string>>>>;
}

/** What SET_CALL_DATA_REQ may change (absent = unchanged). */
export interface CallDataUpdate {
  readonly ani?: string;
  readonly dnis?: string;
  readonly callerEnteredDigits?: string;
  readonly userToUserInfo?: Uint8Array;
  /** CallVariableN -> value, N in 1..10. */
  readonly callVariables?: Readonly<Record<number, string>>;
  readonly namedVariables?: Readonly<Record<string, string>>;
  readonly namedArrays?: readonly { readonly name: string; readonly index: number; readonly value: string }[];
}

/** Longest values, in characters, without the NUL the wire adds. */
export const CALL_DATA_LIMITS = {
  ani: 39,
  dnis: 31,
  dialedNumber: 39,
  callerEnteredDigits: 39,
  userToUserInfo: 131,
  callVariable: 40,
  wrapUpData: 39,
  namedVariableName: 32,
  namedVariableValue: 210,
  namedArrayIndexMax: 255,
} as const;

export const CALL_VARIABLE_COUNT = 10;

export function emptyCallData(
  fields: Partial<Pick<CallData, 'ani' | 'dnis' | 'dialedNumber' | 'callerEnteredDigits'>> = {},
): CallData {
  return {
    ani: fields.ani ?? '',
    dnis: fields.dnis ?? '',
    dialedNumber: fields.dialedNumber ?? '',
    callerEnteredDigits: fields.callerEnteredDigits ?? '',
    userToUserInfo: new Uint8Array(0),
    callVariables: Array.from({ length: CALL_VARIABLE_COUNT }, () => ''),
    namedVariables: {},
    namedArrays: {},
  };
}

type Checked = Result<CallData, CallStatusCode>;

const ASCII = /^[\x20-\x7e]*$/;

function tooLong(what: string, value: string, max: number): Checked | undefined {
  if (typeof value !== 'string' || !ASCII.test(value))
    return refused(CTI_STATUS.VALUE_TOO_LONG, `${what} must be printable ASCII`);
  if (value.length > max)
    return refused(CTI_STATUS.VALUE_TOO_LONG, `${what} is ${value.length} characters, at most ${max}`);
  return undefined;
}

/**
 * The call data after an update, or the E_CTI status SET_CALL_DATA_REQ's FAILURE_CONF carries.
 * Validates everything before changing anything (the data is immutable: a new value is returned).
 */
export function applyCallDataUpdate(data: CallData, update: CallDataUpdate): Checked {
  const L = CALL_DATA_LIMITS;
  for (const [what, value, max] of [
    ['ANI', update.ani, L.ani],
    ['DNIS', update.dnis, L.dnis],
    ['CallerEnteredDigits', update.callerEnteredDigits, L.callerEnteredDigits],
  ] as const) {
    if (value === undefined) continue;
    const bad = tooLong(what, value, max);
    if (bad) return bad;
  }
  if (update.userToUserInfo !== undefined && update.userToUserInfo.length > L.userToUserInfo)
    return refused(
      CTI_STATUS.VALUE_TOO_LONG,
      `UserToUserInfo is ${update.userToUserInfo.length} bytes, at most ${L.userToUserInfo}`,
    );
  const callVariables = [...data.callVariables];
  for (const [key, value] of Object.entries(update.callVariables ?? {})) {
    const n = Number(key);
    if (!Number.isInteger(n) || n < 1 || n > CALL_VARIABLE_COUNT)
      return refused(
        CTI_STATUS.INVALID_ARRAY_INDEX,
        `there is no CallVariable${key} (1-${CALL_VARIABLE_COUNT})`,
      );
    const bad = tooLong(`CallVariable${n}`, value, L.callVariable);
    if (bad) return bad;
    callVariables[n - 1] = value;
  }
  const namedVariables: Record<string, string> = { ...data.namedVariables };
  for (const [name, value] of Object.entries(update.namedVariables ?? {})) {
    const bad = checkName(name) ?? tooLong(`ECC variable ${name}`, value, L.namedVariableValue);
    if (bad) return bad;
    namedVariables[name] = value;
  }
  const namedArrays: Record<string, Record<number, string>> = {};
  for (const [name, values] of Object.entries(data.namedArrays)) namedArrays[name] = { ...values };
  for (const { name, index, value } of update.namedArrays ?? []) {
    const bad = checkName(name) ?? tooLong(`ECC array ${name}[${index}]`, value, L.namedVariableValue);
    if (bad) return bad;
    if (!Number.isInteger(index) || index < 0 || index > L.namedArrayIndexMax)
      return refused(
        CTI_STATUS.INVALID_ARRAY_INDEX,
        `ECC array index ${index} is outside 0-${L.namedArrayIndexMax}`,
      );
    namedArrays[name] = { ...(namedArrays[name] ?? {}), [index]: value };
  }
  return ok({
    ani: update.ani ?? data.ani,
    dnis: update.dnis ?? data.dnis,
    dialedNumber: data.dialedNumber,
    callerEnteredDigits: update.callerEnteredDigits ?? data.callerEnteredDigits,
    userToUserInfo:
      update.userToUserInfo === undefined ? data.userToUserInfo : new Uint8Array(update.userToUserInfo),
    callVariables,
    namedVariables,
    namedArrays,
  });
}

function checkName(name: string): Checked | undefined {
  if (name.length === 0 || name.length > CALL_DATA_LIMITS.namedVariableName || !/^[A-Za-z0-9_.]+$/.test(name))
    return refused(
      CTI_STATUS.VALUE_TOO_LONG,
      `ECC variable name '${name}' is not 1-32 letters, digits, '_' or '.'`,
    );
  return undefined;
}

/** Checks wrap-up data (CallWrapupData STRING[40]); the error is the status for its FAILURE_CONF. */
export function checkWrapUpData(text: string): Result<string, CallStatusCode> {
  const bad = tooLong('CallWrapupData', text, CALL_DATA_LIMITS.wrapUpData);
  if (bad !== undefined && !bad.ok) return refused(bad.error, bad.reason);
  return ok(text);
}
