import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import { CSTA_ERROR_CODE_SPEC } from '../csta/csta-error-code.ts';
import type { CstaNamespace } from '../csta/csta-namespaces.ts';
import type { CstaEvent, CstaRequest, CstaResponse } from '../csta/csta-types.ts';

/**
 * Who opened a TR/87 session: a Microsoft RCC client behind OCS (`moc`), an application that
 * registered with a cti-aware `voice register session-server` (`session-manager`), or any other
 * CSTA client (`generic`). seeds/004 restricts some services by client kind (Prompted MakeCall
 * and shared lines for MOC clients), so the CTI layer is told which one it serves.
 */
export type CtiClientKind = 'moc' | 'session-manager' | 'generic';

export interface CtiOpenSessionParams {
  /** seeds/004 "CTI Session": the logical name of the phone user, from the SIP From header. */
  readonly user: string;
  /** seeds/004 "CTI Session": the PBX line, from the SIP To header (OCS: its `lcs:line`). */
  readonly line: string;
  readonly client: CtiClientKind;
  /** The session manager's `register-id`, for `session-manager` clients. */
  readonly registerId?: string;
  /** The ECMA-323 namespace of the session's RequestSystemStatus: answers and events use it. */
  readonly namespace: CstaNamespace;
}

/**
 * The CTI service layer the TR/87 transport drives (implemented by the CME's `CmeCti`; the
 * TR/87 layer depends only on this interface). `S` is the backend's own session handle.
 * A `CSTAErrorCode` result is a refusal the TR/87 layer answers on the wire.
 */
export interface CtiBackend<S> {
  openSession(params: CtiOpenSessionParams): S | CSTAErrorCode;
  /** RequestSystemStatus, GetCSTAFeatures, MonitorStart/Stop and every service. */
  handle(session: S, request: CstaRequest): CstaResponse | CSTAErrorCode;
  /** Ends the session and deletes its monitors. */
  closeSession(session: S, reason: string): void;
  /** Events for the session's monitors (each carries its monitorCrossRefID). */
  onEvent(fn: (session: S, event: CstaEvent) => void): void;
}

const CATEGORIES = new Set(Object.keys(CSTA_ERROR_CODE_SPEC.alternatives));

/**
 * True for a CSTAErrorCode value: an object with exactly one key, an ECMA-323 error category.
 * (A backend's session handle must therefore not be such an object.)
 */
export function isCstaErrorCode(value: unknown): value is CSTAErrorCode {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if ('type' in value) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && CATEGORIES.has(keys[0] ?? '');
}
