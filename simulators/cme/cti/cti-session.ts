import type { CtiClientKind, CtiSessionTimer, CtiSessionTransport } from '../../tr87/cti-backend.ts';

/**
 * One CTI session of the CME (CME CSTA guide "CTI Session": a SIP dialog whose From names the user and
 * whose To names the line). The CTI service owns it: its id is the one `show cti session` lists
 * and `clear cti session id N` takes; the TR/87 layer only maps its dialog onto it.
 */
export interface CtiSessionRow {
  readonly id: number;
  readonly user: string;
  /** The line as the client named it (To header), e.g. `tel:201`. */
  readonly line: string;
  /** The directory number it resolved to. */
  readonly dn: string;
  readonly client: CtiClientKind;
  readonly registerId: string | undefined;
  /** The ECMA-323 namespace of the session (answers and events use it). */
  readonly namespace: string;
  /** `udp` / `tcp`, when the session runs over TR/87. */
  readonly transport: string | undefined;
  /** The client's address as `host:port`, when the session runs over TR/87. */
  readonly remote: string | undefined;
  /** monitorCrossRefIDs of the session's monitors, in start order. */
  readonly monitors: readonly string[];
  /** Clock time (ms) the session was opened / last refreshed. */
  readonly created: number;
  readonly refreshed: number;
  /** Session-Expires in force, seconds (RFC 4028), when the transport runs a session timer. */
  readonly sessionExpires: number | undefined;
  /** Clock time (ms) the session expires unless refreshed. */
  readonly expires: number | undefined;
}

export class CtiSession {
  readonly id: number;
  readonly user: string;
  readonly line: string;
  readonly dn: string;
  readonly client: CtiClientKind;
  readonly registerId: string | undefined;
  /** The ECMA-323 namespace of the session's requests (answers and events use the same). */
  readonly namespace: string;
  readonly created: number;
  readonly via: CtiSessionTransport | undefined;
  refreshed: number;
  /** The session timer as the transport last reported it. */
  timer: CtiSessionTimer | undefined;
  /** False once closed (BYE, expiry, clear): every request is then refused. */
  open = true;
  closeReason: string | undefined;
  /** monitorCrossRefID -> monitored directory number. */
  readonly monitors = new Map<string, string>();

  constructor(fields: {
    id: number;
    user: string;
    line: string;
    dn: string;
    client: CtiClientKind;
    registerId: string | undefined;
    namespace: string;
    via: CtiSessionTransport | undefined;
    now: number;
  }) {
    this.id = fields.id;
    this.user = fields.user;
    this.line = fields.line;
    this.dn = fields.dn;
    this.client = fields.client;
    this.registerId = fields.registerId;
    this.namespace = fields.namespace;
    this.via = fields.via;
    this.timer = fields.via;
    this.created = fields.now;
    this.refreshed = fields.now;
  }

  row(): CtiSessionRow {
    return {
      id: this.id,
      user: this.user,
      line: this.line,
      dn: this.dn,
      client: this.client,
      registerId: this.registerId,
      namespace: this.namespace,
      transport: this.via?.transport,
      remote: this.via?.remote,
      monitors: [...this.monitors.keys()],
      created: this.created,
      refreshed: this.refreshed,
      sessionExpires: this.timer?.sessionExpires,
      expires: this.timer?.expires,
    };
  }
}
