/**
 * One CTI session of the CME (seeds/004 "CTI Session": a SIP dialog whose From names the user and
 * whose To names the line). The TR/87 layer maps each dialog onto one of these; this layer only
 * keeps what `show cti session` shows and what the services need.
 */
export type CtiClientKind = 'moc' | 'session-manager' | 'generic';

export const CTI_CLIENT_KINDS: readonly CtiClientKind[] = ['moc', 'session-manager', 'generic'];

export interface CtiSessionRow {
  readonly id: number;
  readonly user: string;
  /** The line as the client named it (To header), e.g. `tel:201`. */
  readonly line: string;
  /** The directory number it resolved to. */
  readonly dn: string;
  readonly client: CtiClientKind;
  readonly registerId: string | undefined;
  /** monitorCrossRefIDs of the session's monitors, in start order. */
  readonly monitors: readonly string[];
  /** Clock time (ms) the session was opened / last refreshed. */
  readonly created: number;
  readonly refreshed: number;
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
  refreshed: number;
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
    now: number;
  }) {
    this.id = fields.id;
    this.user = fields.user;
    this.line = fields.line;
    this.dn = fields.dn;
    this.client = fields.client;
    this.registerId = fields.registerId;
    this.namespace = fields.namespace;
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
      monitors: [...this.monitors.keys()],
      created: this.created,
      refreshed: this.refreshed,
    };
  }
}
