/**
 * The one way an operation refuses: an expected refusal (a request the protocol answers with an
 * error) is a value, `{ ok: false, error, reason }`, whose `error` is the protocol's own error
 * code (a call-model / CSTA error code, a SIP status, an SCCP reject text); success is
 * `{ ok: true, value }`. The call model, the station side, the CTI service, TR/87 and the SIP
 * registrar all return this type, so a refusal travels unchanged to the edge that puts it on the
 * wire. Exceptions are kept for bugs (a broken invariant), never for a refused request.
 */
export type Result<T, E> = Ok<T> | Refused<E>;

export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

export interface Refused<E> {
  readonly ok: false;
  /** The protocol's own error code for this refusal. */
  readonly error: E;
  /** Why, for people (logs, observations, reports); never parsed. */
  readonly reason: string;
}

export function ok<T>(value: T): Ok<T>;
export function ok(): Ok<void>;
export function ok<T>(value?: T): Ok<T | undefined> {
  return { ok: true, value };
}

export function refused<E>(error: E, reason: string): Refused<E> {
  return { ok: false, error, reason };
}

/**
 * The value of a result that cannot be refused unless the program is wrong (e.g. devices the
 * node created itself from a validated configuration). A refusal here is a bug: it throws.
 */
export function mustSucceed<T, E>(result: Result<T, E>, what: string): T {
  if (result.ok) return result.value;
  throw new Error(`${what} was refused (a bug): ${String(result.reason)}`);
}
