import { decodeCsta } from '../csta/csta-decode.ts';
import { CstaDecodeError } from '../csta/csta-decode-error.ts';
import { encodeCsta, encodeCstaError } from '../csta/csta-encode.ts';
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import { type CstaNamespace, DEFAULT_CSTA_NAMESPACE } from '../csta/csta-namespaces.ts';
import type { RequestSystemStatus } from '../csta/csta-types.ts';
import { rccLine } from '../csta/rcc-line.ts';
import { type Clock, systemClock } from '../lab/clock.ts';
import type { ObservationStream } from '../lab/observation.ts';
import type { IncomingDialogRequest, SipResponseOptions } from '../sip/sip-dialog.ts';
import type { IncomingInvite, SipEndpoint } from '../sip/sip-endpoint.ts';
import type { SipHeaderList } from '../sip/sip-format.ts';
import type { SipRequest } from '../sip/sip-message.ts';
import { detectClient } from './client-kind.ts';
import type { CtiBackend } from './cti-backend.ts';
import { isCstaErrorCode } from './cti-backend.ts';
import {
  type RegistrarOptions,
  SessionManagerRegistry,
  type SessionManagerRow,
  type SessionServerConfig,
} from './session-manager-registry.ts';
import {
  DEFAULT_SESSION_EXPIRES,
  minSeOf,
  RFC4028_MIN_SE,
  SessionTimer,
  sessionExpiresOf,
  supportsTimer,
} from './session-timer.ts';
import { type Tr87EndReason, Tr87Session, type Tr87SessionRow } from './tr87-session.ts';

export const CSTA_CONTENT_TYPE = 'application/csta+xml';

export interface Tr87ServerOptions<S> {
  readonly endpoint: SipEndpoint;
  readonly backend: CtiBackend<S>;
  /** Default systemClock; session and registration expiry read it. */
  readonly clock?: Clock;
  /** Request-URI user to answer; default every user no other INVITE handler claims. */
  readonly user?: string;
  /** Session-Expires when the INVITE has none, seconds; default 1800 (seeds/004: 30 minutes). */
  readonly defaultSessionExpires?: number;
  /** Our Min-SE, seconds; default and lowest allowed 90 (RFC 4028 §4). */
  readonly minSessionExpires?: number;
  /** Longest interval granted, seconds (RFC 4028 §9: the UAS may shorten it); default 86400. */
  readonly maxSessionExpires?: number;
  /** `voice register session-server` entries; with any, REGISTER is served. */
  readonly sessionServers?: readonly SessionServerConfig[];
  readonly registrar?: RegistrarOptions;
  readonly observations?: ObservationStream;
  /** Observation source name, default the endpoint's name. */
  readonly name?: string;
}

/** Counters of what the server refused or failed (bad input is counted, never thrown). */
export interface Tr87ServerStats {
  sessionsOpened: number;
  sessionsEnded: number;
  invitesRejected: number;
  requestsServed: number;
}

/**
 * The TR/87 (CSTA over SIP) server side of seeds/004 "CTI Session" on a SipEndpoint: a session
 * is a SIP dialog (From = user, To = line) set up by an INVITE carrying RequestSystemStatus;
 * requests travel in INFO and are answered in the 200; events go to the client in INFO; the
 * session timer (RFC 4028) is refreshed by re-INVITE; BYE, expiry or `clearSession` end it.
 * The CTI services themselves are the `CtiBackend`'s.
 */
export class Tr87Server<S> {
  readonly stats: Tr87ServerStats = {
    sessionsOpened: 0,
    sessionsEnded: 0,
    invitesRejected: 0,
    requestsServed: 0,
  };
  readonly registry: SessionManagerRegistry;
  private readonly clock: Clock;
  private readonly endpoint: SipEndpoint;
  private readonly backend: CtiBackend<S>;
  private readonly defaultSe: number;
  private readonly minSe: number;
  private readonly maxSe: number;
  private readonly byId = new Map<number, Tr87Session<S>>();
  private readonly byBackend = new Map<S, Tr87Session<S>>();
  private readonly detach: Array<() => void> = [];
  private readonly name: string;
  private readonly observations: ObservationStream | undefined;
  private nextId = 1;
  private closed = false;

  constructor(opts: Tr87ServerOptions<S>) {
    this.clock = opts.clock ?? systemClock;
    this.endpoint = opts.endpoint;
    this.backend = opts.backend;
    this.name = opts.name ?? opts.endpoint.name;
    this.observations = opts.observations;
    this.minSe = opts.minSessionExpires ?? RFC4028_MIN_SE;
    this.defaultSe = opts.defaultSessionExpires ?? DEFAULT_SESSION_EXPIRES;
    this.maxSe = opts.maxSessionExpires ?? 86_400;
    if (!Number.isInteger(this.minSe) || this.minSe < RFC4028_MIN_SE)
      throw new RangeError(`minSessionExpires ${this.minSe}: RFC 4028 §4 forbids less than 90`);
    if (!(this.minSe <= this.defaultSe && this.defaultSe <= this.maxSe))
      throw new RangeError('need minSessionExpires <= defaultSessionExpires <= maxSessionExpires');
    this.registry = new SessionManagerRegistry(opts.sessionServers ?? [], this.clock, opts.registrar);
    // Decision: a cti-aware session manager's registration is its CTI heartbeat (seeds/004:
    // cti-aware "enables CTI-specific Register heartbeat"); when it expires or is removed, the
    // application is gone, so its sessions end (BYE) and their monitors are deleted.
    this.registry.onRegistrationEnd((registerId) => {
      for (const s of [...this.byId.values()])
        if (s.registerId === registerId) void s.end('registration-ended', true);
    });
    this.detach.push(
      this.endpoint.onInvite((invite) => this.onInvite(invite), {
        user: opts.user,
        accept: [CSTA_CONTENT_TYPE], // RFC 3261 §21.4.16: other bodies get 415 with Accept
      }),
    );
    if ((opts.sessionServers ?? []).length > 0)
      this.detach.push(this.endpoint.onRegister((r) => this.registry.handle(r)));
    this.backend.onEvent((session, event) => this.byBackend.get(session)?.sendEvent(event));
  }

  /** `show cti session`: one row per live session, by id. */
  sessions(): Tr87SessionRow[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id).map((s) => s.row());
  }

  /** The live session with this id (for tests and admin tooling). */
  session(id: number): Tr87Session<S> | undefined {
    return this.byId.get(id);
  }

  /** `show voice register session-server`-like rows of the session managers. */
  sessionManagers(): SessionManagerRow[] {
    return this.registry.rows();
  }

  /**
   * `clear cti session id N` (seeds/004 "Clear a Session": "gracefully tear down"): BYE the
   * client and close the session (its monitors are deleted). Resolves false for an unknown id,
   * true once the BYE was answered (or failed).
   */
  async clearSession(id: number): Promise<boolean> {
    const s = this.byId.get(id);
    if (!s) return false;
    await s.end('cleared', true);
    return true;
  }

  /** End every session with BYE and stop answering INVITE/REGISTER. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const d of this.detach) d();
    this.registry.close();
    await Promise.all([...this.byId.values()].map((s) => s.end('server-closed', true)));
  }

  // ---- INVITE: session set-up ----

  private onInvite(invite: IncomingInvite): void {
    const req = invite.request;
    const refuse = (status: number, reason: string, headers?: SipHeaderList, body?: string): void => {
      this.stats.invitesRejected++;
      this.publish('invite-refused', { status, reason, remote: invite.remote });
      invite.reject(status, { reason, headers, ...(body === undefined ? {} : { body }) });
    };
    const se = this.sessionInterval(req);
    if (se instanceof Error) {
      refuse(400, 'Bad Session-Expires');
      return;
    }
    if (se.tooSmall) {
      // RFC 4028 §9 (UAS): an interval below our minimum gets 422 with our Min-SE.
      refuse(422, 'Session Interval Too Small', [['Min-SE', String(this.minSe)]]);
      return;
    }
    // seeds/004 "CTI Session": the INVITE body is the System Status service request.
    const rss = decodeRequestSystemStatus(req.body);
    if (rss.kind === 'undecodable') {
      // Decision: an INVITE body that is not ECMA-323 at all is a malformed request (RFC 3261
      // §21.4.1 400); the CSTAErrorCode of the decode failure travels in the body.
      refuse(400, 'Bad CSTA Body', undefined, encodeCstaError(rss.code, { namespace: rss.namespace }));
      return;
    }
    if (rss.kind === 'other') {
      // Decision: a valid request that is not RequestSystemStatus (or no body) cannot open a
      // TR/87 session: 488 Not Acceptable Here (RFC 3261 §21.4.26, the offered session is not
      // acceptable), leaving no dialog behind.
      refuse(488, 'RequestSystemStatus Expected');
      return;
    }
    const user = uriOf(req, 'from');
    const line = rccLine(rss.request.extensions) ?? uriOf(req, 'to');
    const fromUser = req.parsed.from?.uri.user ?? undefined;
    const kind = detectClient({
      userAgent: req.header('user-agent'),
      rccLine: rccLine(rss.request.extensions),
      fromUser,
      isCtiApplication: (id) => this.registry.isCtiApplication(id),
    });
    const namespace = rss.namespace;
    const opened = this.backend.openSession({
      user,
      line,
      client: kind.client,
      ...(kind.registerId === undefined ? {} : { registerId: kind.registerId }),
      namespace,
    });
    // Decision: the CTI layer's refusal is a SIP-level refusal, 403 Forbidden (RFC 3261
    // §21.4.4: understood but refused), carrying the CSTAErrorCode in the request's namespace.
    // No dialog is created, so the client does not "continue" (seeds/004: "The application
    // continues only if it receives the expected response").
    if (isCstaErrorCode(opened)) {
      refuse(403, 'CTI Session Refused', undefined, encodeCstaError(opened, { namespace }));
      return;
    }
    const status = this.backend.handle(opened, rss.request);
    if (isCstaErrorCode(status) || status.type !== 'RequestSystemStatusResponse') {
      safeClose(this.backend, opened, 'refused');
      const code: CSTAErrorCode = isCstaErrorCode(status) ? status : { operation: 'generic' };
      refuse(403, 'CTI Session Refused', undefined, encodeCstaError(code, { namespace }));
      return;
    }
    let session: Tr87Session<S> | undefined;
    const timer = new SessionTimer(this.clock, () => {
      // seeds/004: "Cisco Unified CME deletes a SIP dialog after the session expires"; RFC 4028
      // §10: the side that did not get its refresh SHOULD send BYE, so the client learns of it.
      void session?.end('expired', true);
    });
    // seeds/004: "A SIP OK response that includes a System Status response"; the codec models
    // it as RequestSystemStatusResponse (systemStatus), written in the request's namespace.
    let body: string;
    try {
      body = encodeCsta(status, { namespace });
    } catch {
      safeClose(this.backend, opened, 'refused'); // the backend's answer is not ECMA-323
      refuse(500, 'Bad SystemStatus From CTI');
      return;
    }
    const accept: SipResponseOptions = { body, headers: this.timerHeaders(req, se.seconds) };
    let dialog: ReturnType<IncomingInvite['accept']>;
    try {
      dialog = invite.accept(accept);
    } catch {
      safeClose(this.backend, opened, 'refused'); // already answered (CANCEL raced us)
      return;
    }
    const id = this.nextId++;
    session = new Tr87Session<S>({
      id,
      user,
      line,
      client: kind.client,
      registerId: kind.registerId,
      namespace,
      transport: invite.transport,
      remote: invite.remote,
      created: this.clock.now(),
      dialog,
      backend: this.backend,
      backendSession: opened,
      timer,
      sessionExpires: se.seconds,
      onEnded: (s, reason) => this.ended(s, reason),
    });
    const s = session;
    this.byId.set(id, s);
    this.byBackend.set(opened, s);
    this.stats.sessionsOpened++;
    s.refresh(se.seconds);
    dialog.onInfo((r) => {
      this.stats.requestsServed++;
      s.onInfo(r);
    });
    dialog.onReInvite((r) => this.onReInvite(s, r));
    dialog.onTerminated((reason) => s.dialogEnded(reason));
    this.publish('cti-session', {
      event: 'open',
      id,
      user,
      line,
      client: kind.client,
      sessionExpires: se.seconds,
    });
  }

  // ---- re-INVITE: session refresh ----

  /**
   * RFC 4028 §9/§10 as seeds/004 uses it ("refreshes it via RE-INVITE"): the re-INVITE's
   * Session-Expires (default ours) restarts the timer and is echoed in the 200; below Min-SE
   * gets 422 and the session keeps its old timer. A RequestSystemStatus body is answered as on
   * the INVITE; an empty body is fine; any other body gets 488 (RFC 3261 §14.2: the session
   * continues unchanged).
   */
  private onReInvite(s: Tr87Session<S>, r: IncomingDialogRequest): void {
    const se = this.sessionInterval(r.request);
    if (se instanceof Error) {
      r.respond(400, { reason: 'Bad Session-Expires' });
      return;
    }
    if (se.tooSmall) {
      r.respond(422, { headers: [['Min-SE', String(this.minSe)]] });
      return;
    }
    let body = '';
    if (r.request.body !== '') {
      const rss = decodeRequestSystemStatus(r.request.body);
      if (rss.kind !== 'rss') {
        r.respond(488, { reason: 'RequestSystemStatus Expected' });
        return;
      }
      const answer = s.serve(rss.request);
      body = s.encodeAnswer(answer, rss.namespace);
    }
    s.refresh(se.seconds);
    r.respond(200, { body, headers: this.timerHeaders(r.request, se.seconds) });
    this.publish('cti-session', { event: 'refresh', id: s.id, sessionExpires: se.seconds });
  }

  /** The interval a request asks for (RFC 4028 §9): its Session-Expires, else the default. */
  private sessionInterval(req: SipRequest): { seconds: number; tooSmall: boolean } | Error {
    const header = sessionExpiresOf(req);
    const minSe = minSeOf(req);
    if (header instanceof Error) return header;
    if (minSe instanceof Error) return minSe;
    if (header === undefined) {
      // No Session-Expires: our default, raised to the client's own Min-SE if that is higher.
      return { seconds: Math.min(this.maxSe, Math.max(this.defaultSe, minSe ?? 0)), tooSmall: false };
    }
    if (header.seconds < this.minSe) return { seconds: header.seconds, tooSmall: true };
    // RFC 4028 §9: the UAS may shorten the interval, never below the request's Min-SE.
    return { seconds: Math.max(Math.min(header.seconds, this.maxSe), minSe ?? 0), tooSmall: false };
  }

  /**
   * RFC 4028 §9: the 2xx carries Session-Expires with the refresher; seeds/004 makes the client
   * the refresher ("sets a timer ... and refreshes it via RE-INVITE"), so `refresher=uac`; a
   * client that supports `timer` gets `Require: timer`.
   */
  private timerHeaders(req: SipRequest, seconds: number): SipHeaderList {
    const headers: Array<readonly [string, string]> = [['Session-Expires', `${seconds};refresher=uac`]];
    if (supportsTimer(req)) headers.push(['Require', 'timer']);
    return headers;
  }

  private ended(s: Tr87Session<S>, reason: Tr87EndReason): void {
    this.byId.delete(s.id);
    this.byBackend.delete(s.backendSession);
    this.stats.sessionsEnded++;
    this.publish('cti-session', { event: 'close', id: s.id, reason });
  }

  private publish(topic: string, detail: Record<string, unknown>): void {
    this.observations?.publish({ kind: 'state', time: this.clock.now(), source: this.name, topic, detail });
  }
}

type DecodedInviteBody =
  | { kind: 'rss'; request: RequestSystemStatus; namespace: CstaNamespace }
  | { kind: 'other' }
  | { kind: 'undecodable'; code: CSTAErrorCode; namespace: CstaNamespace };

function decodeRequestSystemStatus(body: string): DecodedInviteBody {
  if (body === '') return { kind: 'other' };
  try {
    const decoded = decodeCsta(body);
    if (decoded.message.type !== 'RequestSystemStatus') return { kind: 'other' };
    return { kind: 'rss', request: decoded.message, namespace: decoded.namespace };
  } catch (e) {
    if (!(e instanceof CstaDecodeError)) throw e;
    return { kind: 'undecodable', code: e.errorCode, namespace: e.namespace ?? DEFAULT_CSTA_NAMESPACE };
  }
}

/** The URI of the From or To header as text (`sip:alice@example.com`), '' when unparsed. */
function uriOf(req: SipRequest, header: 'from' | 'to'): string {
  const parsed = header === 'from' ? req.parsed.from : req.parsed.to;
  return parsed?.uri.toString() ?? '';
}

function safeClose<S>(backend: CtiBackend<S>, session: S, reason: string): void {
  try {
    backend.closeSession(session, reason);
  } catch {
    // ignore: the session was never exposed
  }
}
