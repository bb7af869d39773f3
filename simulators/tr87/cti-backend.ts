import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import type { CstaNamespace } from '../csta/csta-namespaces.ts';
import type { CstaEvent, CstaRequest, CstaResponse } from '../csta/csta-types.ts';
import type { Result } from '../lab/result.ts';

/**
 * Who opened a TR/87 session: a Microsoft RCC client behind OCS (`moc`), an application that
 * registered with a cti-aware `voice register session-server` (`session-manager`), or any other
 * CSTA client (`generic`). CME CSTA guide restricts some services by client kind (Prompted MakeCall
 * and shared lines for MOC clients), so the CTI layer is told which one it serves. Declared here
 * once; the CME's CTI layer imports it.
 */
export type CtiClientKind = 'moc' | 'session-manager' | 'generic';

export const CTI_CLIENT_KINDS: readonly CtiClientKind[] = ['moc', 'session-manager', 'generic'];

/**
 * The session timer of a session as the transport runs it (RFC 4028; CME CSTA guide: the client
 * refreshes by re-INVITE). The backend only records it for `show cti session`.
 */
export interface CtiSessionTimer {
  /** Session-Expires in force, seconds. */
  readonly sessionExpires: number;
  /** Clock time (ms) the session expires unless refreshed. */
  readonly expires: number;
}

/** Where a session runs (TR/87: its SIP dialog), for `show cti session`. */
export interface CtiSessionTransport extends CtiSessionTimer {
  /** `udp`, `tcp`, ... */
  readonly transport: string;
  /** The client's address as `host:port`. */
  readonly remote: string;
}

export interface CtiOpenSessionParams {
  /** CME CSTA guide "CTI Session": the logical name of the phone user, from the SIP From header. */
  readonly user: string;
  /**
   * The user name the set-up INVITE authenticated as (RFC 3261 §22.4: the Authorization's
   * `username`), when the TR/87 server authenticates (`Tr87ServerOptions.authenticate`); absent
   * otherwise. `user` stays the From's URI, which the client chose freely.
   */
  readonly authenticatedUser?: string;
  /**
   * The PBX line: the set-up INVITE's Request-URI (RFC 3261 §8.2.2.1), written as the To header
   * names it when both name the same line (Cisco CME CTI guide, "CTI Session": the To names the
   * line); OCS clients: their `lcs:line`.
   */
  readonly line: string;
  readonly client: CtiClientKind;
  /** The session manager's `register-id`, for `session-manager` clients. */
  readonly registerId?: string;
  /** The ECMA-323 namespace of the session's RequestSystemStatus: answers and events use it. */
  readonly namespace: CstaNamespace;
  /** The transport's facts of the session (absent when a test opens a session directly). */
  readonly via?: CtiSessionTransport;
}

/**
 * The CTI service layer the TR/87 transport drives (implemented by the CME's `CmeCti`; the
 * TR/87 layer depends only on this interface). `S` is the backend's own session handle.
 * A refusal is a `Result` (simulators/lab/result.ts) whose `error` is the CSTAErrorCode the
 * TR/87 layer puts on the wire and whose `reason` it observes.
 *
 * The backend owns the sessions: it gives each its id (the one `show cti session` lists and
 * `clear cti session id N` takes) and keeps the rows; the transport keeps only which dialog
 * serves which session handle, and quotes the backend's id.
 */
export interface CtiBackend<S> {
  /**
   * The directory number a line names (a set-up INVITE's Request-URI or To, in any device-id
   * form: `sip:201@host`, `tel:201`, `201`), or the refusal of a line the backend does not serve.
   * RFC 3261 §8.2.2.1: the TR/87 server answers a Request-URI that names no line 404.
   */
  resolveLine(line: string): Result<string, CSTAErrorCode>;
  openSession(params: CtiOpenSessionParams): Result<S, CSTAErrorCode>;
  /** RequestSystemStatus, GetCSTAFeatures, MonitorStart/Stop and every service. */
  handle(session: S, request: CstaRequest): Result<CstaResponse, CSTAErrorCode>;
  /** Ends the session and deletes its monitors; closing a closed session does nothing. */
  closeSession(session: S, reason: string): void;
  /** Events for the session's monitors (each carries its monitorCrossRefID). */
  onEvent(fn: (session: S, event: CstaEvent) => void): void;
  /** The backend's id of the session (`show cti session`, `clear cti session id N`). */
  sessionId(session: S): number;
  /**
   * Called after a session closed, whoever closed it (the transport's `closeSession` included).
   * The transport ends the dialog of a session it did not end itself with BYE (CME CSTA guide "Clear
   * a Session": `clear cti session id N` gracefully tears the session down).
   */
  onSessionClosed(fn: (session: S, reason: string) => void): void;
  /** The client refreshed the session (re-INVITE, RFC 4028 §10): its timer now. */
  refreshSession(session: S, timer: CtiSessionTimer): void;
}
