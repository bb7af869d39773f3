import { decodeCsta } from '../csta/csta-decode.ts';
import { CstaDecodeError } from '../csta/csta-decode-error.ts';
import { encodeCsta, encodeCstaError } from '../csta/csta-encode.ts';
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import { type CstaNamespace, DEFAULT_CSTA_NAMESPACE } from '../csta/csta-namespaces.ts';
import type { CstaResponse, RequestSystemStatus, RequestSystemStatusResponse } from '../csta/csta-types.ts';
import { rccLine } from '../csta/rcc-line.ts';
import { type Clock, systemClock, type TimerHandle } from '../lab/clock.ts';
import type { ObservationStream } from '../lab/observation.ts';
import { ok, type Refused, type Result, refused } from '../lab/result.ts';
import type { IncomingDialogRequest, SipResponseOptions } from '../sip/sip-dialog.ts';
import type { SipAuthenticator } from '../sip/sip-digest-authenticator.ts';
import type { IncomingInvite, SipEndpoint } from '../sip/sip-endpoint.ts';
import type { SipHeaderList } from '../sip/sip-format.ts';
import type { SipRequest } from '../sip/sip-message.ts';
import type { SipFlow } from '../sip/sip-transport-layer.ts';
import { detectClient } from './client-kind.ts';
import { CSTA_CONTENT_TYPE } from './csta-content-type.ts';
import type { CtiBackend, CtiClientKind } from './cti-backend.ts';
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
import { type Tr87EndReason, Tr87Session } from './tr87-session.ts';

export { CSTA_CONTENT_TYPE };

/**
 * Authenticates a set-up INVITE (`Tr87ServerOptions.authenticate`): the SIP layer's
 * `SipAuthenticator`, e.g. `DigestAuthenticator` (sip/sip-digest-authenticator.ts).
 */
export type Tr87Authenticator = SipAuthenticator;

/**
 * How long a session whose TCP connection closed waits for its client to come back on a new
 * connection (a refresh re-INVITE or any request in the dialog) before it ends, ms: 64*T1 = 32 s.
 * A client learns its connection is gone at its next request at the latest and sends it again on
 * a new connection (RFC 3261 §18.1.1; RFC 5626 §4.5 flow recovery, whose first retry comes within
 * base-time = 30 s when every flow failed); 64*T1 is also how long any SIP transaction waits for
 * its peer before giving it up (RFC 3261 §17.1.2.2 Timer F). Over UDP there is no connection:
 * Session-Expires (RFC 4028 §10) stays the only rule.
 */
export const CONNECTION_LOSS_GRACE_MS = 64 * 500;

/**
 * How long `close()` waits for the answers to its BYEs, ms: 2 s = 4*T1, in which a BYE over UDP
 * is sent and retransmitted at T1 and 3*T1 (RFC 3261 §17.1.2.2 Timer E), so a live client hears
 * it. Waiting for Timer F (64*T1 = 32 s) buys nothing: the session ends when the BYE is handed to
 * its transaction, whatever the answer (RFC 3261 §15.1.1).
 */
export const CLOSE_BYE_WAIT_MS = 4 * 500;

export interface Tr87ServerOptions<S> {
  readonly endpoint: SipEndpoint;
  readonly backend: CtiBackend<S>;
  /** Default systemClock; session and registration expiry read it. */
  readonly clock?: Clock;
  /** Request-URI user to answer; default every user no other INVITE handler claims. */
  readonly user?: string;
  /** Session-Expires when the INVITE has none, seconds; default 1800 (CME CSTA guide: 30 minutes). */
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
  /** Grace after a session's TCP connection closed, ms; default {@link CONNECTION_LOSS_GRACE_MS}. */
  readonly connectionLossGraceMs?: number;
  /** Longest `close()` waits for its BYEs' answers, ms; default {@link CLOSE_BYE_WAIT_MS}. */
  readonly closeByeWaitMs?: number;
  /**
   * Authenticates every set-up INVITE before anything else is checked (RFC 3261 §22.1); its
   * refusal (401 with the challenges, 400) is sent as it is. Default none: every INVITE is served.
   */
  readonly authenticate?: Tr87Authenticator;
  /**
   * Client-validation labs only (`ctilab validate-client`): every set-up and refresh is granted
   * exactly this many seconds, whatever it asks (a Session-Expires or none; no 422), so a client's
   * refresh (RFC 4028 §10: at half the interval) shows within seconds. This waives RFC 4028 §4's
   * 90 s floor on purpose: a lab setting, never a CME's. Default none (the rules above apply).
   */
  readonly grantedSessionExpires?: number;
}

/** Counters of what the server refused or failed (bad input is counted, never thrown). */
export interface Tr87ServerStats {
  sessionsOpened: number;
  sessionsEnded: number;
  invitesRejected: number;
  requestsServed: number;
  /** Sessions ended because their TCP connection closed and the client did not come back. */
  sessionsLostWithConnection: number;
}

/** A set-up INVITE that passed the checks: the session interval and its RequestSystemStatus. */
interface InviteSetup {
  /** Session-Expires granted, seconds (RFC 4028 §9). */
  readonly seconds: number;
  readonly rss: RequestSystemStatus;
  readonly namespace: CstaNamespace;
}

/** Who asks for the session (From = user; the line: Request-URI, To, or OCS's `lcs:line`). */
interface InviteParty {
  readonly user: string;
  readonly line: string;
  readonly client: CtiClientKind;
  readonly registerId: string | undefined;
}

/**
 * The TR/87 (CSTA over SIP) server side of CME CSTA guide "CTI Session" on a SipEndpoint: a session
 * is a SIP dialog (From = user, To = line) set up by an INVITE carrying RequestSystemStatus;
 * requests travel in INFO and are answered in the 200; events go to the client in INFO; the
 * session timer (RFC 4028) is refreshed by re-INVITE; BYE, expiry or the backend closing the
 * session (`clear cti session id N`) end it. The CTI services and the sessions' ids and rows
 * (`show cti session`) are the `CtiBackend`'s; this server maps each backend session to its dialog.
 */
export class Tr87Server<S> {
  readonly stats: Tr87ServerStats = {
    sessionsOpened: 0,
    sessionsEnded: 0,
    invitesRejected: 0,
    requestsServed: 0,
    sessionsLostWithConnection: 0,
  };
  readonly registry: SessionManagerRegistry;
  private readonly clock: Clock;
  private readonly endpoint: SipEndpoint;
  private readonly backend: CtiBackend<S>;
  private readonly defaultSe: number;
  private readonly minSe: number;
  private readonly maxSe: number;
  private readonly granted: number | undefined;
  /** Backend session -> the TR/87 session (dialog) serving it. */
  private readonly byBackend = new Map<S, Tr87Session<S>>();
  private readonly detach: Array<() => void> = [];
  private readonly name: string;
  private readonly observations: ObservationStream | undefined;
  private readonly lossGraceMs: number;
  private readonly closeByeWaitMs: number;
  private readonly authenticator: Tr87Authenticator | undefined;
  /** Sessions whose TCP connection closed: the grace timer that ends them. */
  private readonly lost = new Map<Tr87Session<S>, TimerHandle>();
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
    this.lossGraceMs = opts.connectionLossGraceMs ?? CONNECTION_LOSS_GRACE_MS;
    this.closeByeWaitMs = opts.closeByeWaitMs ?? CLOSE_BYE_WAIT_MS;
    this.authenticator = opts.authenticate;
    this.granted = opts.grantedSessionExpires;
    if (this.granted !== undefined && !(Number.isInteger(this.granted) && this.granted >= 1))
      throw new RangeError(`grantedSessionExpires ${this.granted}: a whole number of seconds, at least 1`);
    if (!Number.isInteger(this.minSe) || this.minSe < RFC4028_MIN_SE)
      throw new RangeError(`minSessionExpires ${this.minSe}: RFC 4028 §4 forbids less than 90`);
    if (!(this.minSe <= this.defaultSe && this.defaultSe <= this.maxSe))
      throw new RangeError('need minSessionExpires <= defaultSessionExpires <= maxSessionExpires');
    this.registry = new SessionManagerRegistry(opts.sessionServers ?? [], this.clock, opts.registrar);
    // Decision: a cti-aware session manager's registration is its CTI heartbeat (CME CSTA guide:
    // cti-aware "enables CTI-specific Register heartbeat"); when it expires or is removed, the
    // application is gone, so its sessions end (BYE) and their monitors are deleted.
    this.registry.onRegistrationEnd((registerId) => {
      for (const s of [...this.byBackend.values()])
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
    this.detach.push(this.endpoint.onFlowClosed((flow) => this.onFlowClosed(flow)));
    this.backend.onEvent((session, event) => this.byBackend.get(session)?.sendEvent(event));
    // CME CSTA guide "Clear a Session" (`clear cti session id N`: "gracefully tear down"): a session
    // the backend closed itself loses its dialog with a BYE (one this server ended is gone already).
    this.backend.onSessionClosed((session) => {
      const s = this.byBackend.get(session);
      // Events queued before the close (OutOfServiceEvent of a failing CTIManager) go out first.
      // With none queued the dialog lets go at once.
      if (s?.state !== 'active') return;
      if (s.sendingEvents)
        void s.drained().then(() => (s.state === 'active' ? s.end('backend-closed', true) : undefined));
      else void s.end('backend-closed', true);
    });
  }

  /** The TR/87 session (SIP dialog) serving a backend session, while it lives. */
  dialogOf(session: S): Tr87Session<S> | undefined {
    return this.byBackend.get(session);
  }

  /** `show voice register session-server`-like rows of the session managers. */
  sessionManagers(): SessionManagerRow[] {
    return this.registry.rows();
  }

  /**
   * End every session with BYE and stop answering INVITE/REGISTER. Resolves when every BYE is
   * answered or after `closeByeWaitMs` (default 2 s, {@link CLOSE_BYE_WAIT_MS}) on the clock,
   * whichever comes first: a client that never answers does not hold the shutdown for Timer F.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const d of this.detach) d();
    this.registry.close();
    const byes = Promise.all([...this.byBackend.values()].map((s) => s.end('server-closed', true)));
    let bound: TimerHandle | undefined;
    const waited = new Promise<void>((resolve) => {
      bound = this.clock.setTimeout(resolve, this.closeByeWaitMs);
    });
    await Promise.race([byes, waited]);
    bound?.cancel();
  }

  // ---- INVITE: session set-up ----

  private onInvite(invite: IncomingInvite): void {
    const auth = this.authenticateInvite(invite);
    if (auth === undefined) return;
    const setup = this.checkSetup(invite);
    if (setup === undefined) return;
    const party = this.partyOf(invite, setup);
    if (party === undefined) return;
    const opened = this.openBackendSession(invite, setup, party, auth.user);
    if (opened === undefined) return;
    this.answer(invite, setup, party, opened, auth.user);
  }

  /**
   * RFC 3261 §22.1: with an authenticator the UAS challenges a set-up INVITE before it processes
   * it (the 401 carries the challenges; a malformed credential gets 400). Resolves to the
   * authenticated user (undefined without an authenticator), or refuses the INVITE.
   * Decision: only the set-up INVITE is challenged. Re-INVITEs (refreshes) and INFOs travel in the
   * dialog the authenticated INVITE created and are not challenged again (RFC 3261 §22.1: the UAS
   * "MAY authenticate the originator", which requests is its policy); BYE likewise.
   */
  private authenticateInvite(invite: IncomingInvite): { user: string | undefined } | undefined {
    if (this.authenticator === undefined) return { user: undefined };
    const req = invite.request;
    const outcome = this.authenticator.authenticate({
      method: req.method,
      requestUri: requestUriOf(req),
      authorization: req.headers('authorization'),
    });
    if (outcome.ok) return { user: outcome.user };
    return this.refuse(invite, outcome.status, outcome.reason, {
      ...(outcome.status === 401 ? { headers: outcome.headers } : {}),
      why: outcome.why,
    });
  }

  /**
   * Refuse a set-up INVITE (no dialog is created); counted and observed. `extra.why` is the CTI
   * layer's reason for a refusal of its own (observed, never sent).
   */
  private refuse(
    invite: IncomingInvite,
    status: number,
    reason: string,
    extra: { headers?: SipHeaderList; body?: string; why?: string } = {},
  ): undefined {
    this.stats.invitesRejected++;
    const why = extra.why === undefined ? {} : { why: extra.why };
    this.publish('invite-refused', { status, reason, ...why, remote: invite.remote });
    invite.reject(status, {
      reason,
      headers: extra.headers,
      contentType: CSTA_CONTENT_TYPE,
      ...(extra.body === undefined ? {} : { body: extra.body }),
    });
    return undefined;
  }

  /** The session interval (RFC 4028) and the RequestSystemStatus body, or a refusal. */
  private checkSetup(invite: IncomingInvite): InviteSetup | undefined {
    const req = invite.request;
    const se = this.sessionInterval(req);
    if (se instanceof Error) return this.refuse(invite, 400, 'Bad Session-Expires');
    if (se.tooSmall) {
      // RFC 4028 §9 (UAS): an interval below our minimum gets 422 with our Min-SE.
      return this.refuse(invite, 422, 'Session Interval Too Small', {
        headers: [['Min-SE', String(this.minSe)]],
      });
    }
    // CME CSTA guide "CTI Session": the INVITE body is the System Status service request.
    const rss = decodeRequestSystemStatus(req.body);
    if (rss.kind === 'undecodable') {
      // Decision: an INVITE body that is not ECMA-323 at all is a malformed request (RFC 3261
      // §21.4.1 400); the CSTAErrorCode of the decode failure travels in the body.
      const body = encodeCstaError(rss.code, { namespace: rss.namespace });
      return this.refuse(invite, 400, 'Bad CSTA Body', { body });
    }
    if (rss.kind === 'other') {
      // Decision: a valid request that is not RequestSystemStatus (or no body) cannot open a
      // TR/87 session: 488 Not Acceptable Here (RFC 3261 §21.4.26, the offered session is not
      // acceptable), leaving no dialog behind.
      return this.refuse(invite, 488, 'RequestSystemStatus Expected');
    }
    return { seconds: se.seconds, rss: rss.request, namespace: rss.namespace };
  }

  /**
   * User (From), line and client kind (client-kind.ts), or a refusal. The line is OCS's
   * `lcs:line` when there is one (OCS addresses the CTI interface in the Request-URI and names the
   * line in its private data), else the one the Request-URI names (`lineOf`).
   */
  private partyOf(invite: IncomingInvite, setup: InviteSetup): InviteParty | undefined {
    const req = invite.request;
    // A Request-URI without a user (`sip:@host`, RFC 3261 §25.1) never gets here: the SIP layer
    // answers it 400 Empty User In Request-URI (sip-request-syntax.ts).
    const target = requestUriOf(req);
    const lcsLine = rccLine(setup.rss.extensions);
    const line = lcsLine ?? this.lineOf(invite, target, setup.namespace);
    if (line === undefined) return undefined;
    const kind = detectClient({
      userAgent: req.header('user-agent'),
      rccLine: lcsLine,
      fromUser: req.parsed.from?.uri.user ?? undefined,
      isCtiApplication: (id) => this.registry.isCtiApplication(id),
    });
    return { user: uriOf(req, 'from'), line, client: kind.client, registerId: kind.registerId };
  }

  /**
   * The line of a set-up INVITE, from its Request-URI: RFC 3261 §8.2.2.1, the UAS examines the
   * Request-URI and answers 404 (Not Found) when it names no address it accepts requests for (the
   * backend's refusal travels in the body, in the request's namespace). The Cisco CME CTI guide
   * ("CTI Session") has the To name the line too; when both name the same line (`sip:201@cme`
   * and `tel:201`, as clients send them) the session keeps the To's form, otherwise the
   * Request-URI wins: it is what the request was addressed to.
   */
  private lineOf(invite: IncomingInvite, target: string, namespace: CstaNamespace): string | undefined {
    const byUri = this.backend.resolveLine(target);
    if (!byUri.ok) {
      const body = encodeCstaError(byUri.error, { namespace });
      return this.refuse(invite, 404, 'Line Not Found', { body, why: byUri.reason });
    }
    const to = toUriOf(invite.request);
    const byTo = to === undefined ? undefined : this.backend.resolveLine(to);
    return to !== undefined && byTo?.ok && byTo.value === byUri.value ? to : target;
  }

  /**
   * Open the backend session and have it answer the RequestSystemStatus; returns the session and
   * the 200's body, or refuses the INVITE (closing a session the backend opened).
   */
  private openBackendSession(
    invite: IncomingInvite,
    setup: InviteSetup,
    party: InviteParty,
    authenticatedUser: string | undefined,
  ): { session: S; body: string } | undefined {
    const { namespace, seconds } = setup;
    const opened = this.backend.openSession({
      user: party.user,
      ...(authenticatedUser === undefined ? {} : { authenticatedUser }),
      line: party.line,
      client: party.client,
      ...(party.registerId === undefined ? {} : { registerId: party.registerId }),
      namespace,
      via: {
        transport: invite.transport,
        remote: `${invite.remote.host}:${invite.remote.port}`,
        sessionExpires: seconds,
        expires: this.clock.now() + seconds * 1000,
      },
    });
    // Decision: the CTI layer's refusal is a SIP-level refusal, 403 Forbidden (RFC 3261
    // §21.4.4: understood but refused), carrying the CSTAErrorCode in the request's namespace.
    // No dialog is created, so the client does not "continue" (CME CSTA guide: "The application
    // continues only if it receives the expected response").
    if (!opened.ok) return this.refuseForCti(invite, opened, namespace);
    const session = opened.value;
    const status = systemStatusOf(this.backend.handle(session, setup.rss));
    if (!status.ok) {
      safeClose(this.backend, session, 'refused');
      return this.refuseForCti(invite, status, namespace);
    }
    const body = encodeSystemStatus(status.value, namespace);
    if (body === undefined) {
      safeClose(this.backend, session, 'refused'); // the backend's answer is not ECMA-323
      return this.refuse(invite, 500, 'Bad SystemStatus From CTI');
    }
    return { session, body };
  }

  /** 403 with the refusal's CSTAErrorCode in the request's namespace; its reason is observed. */
  private refuseForCti(
    invite: IncomingInvite,
    refusal: Refused<CSTAErrorCode>,
    namespace: CstaNamespace,
  ): undefined {
    const body = encodeCstaError(refusal.error, { namespace });
    return this.refuse(invite, 403, 'CTI Session Refused', { body, why: refusal.reason });
  }

  /** 200 OK with the SystemStatus and the timer headers; the dialog now serves the session. */
  private answer(
    invite: IncomingInvite,
    setup: InviteSetup,
    party: InviteParty,
    opened: { session: S; body: string },
    authenticatedUser: string | undefined,
  ): void {
    const req = invite.request;
    let session: Tr87Session<S> | undefined;
    const timer = new SessionTimer(this.clock, () => {
      // CME CSTA guide: "Cisco Unified CME deletes a SIP dialog after the session expires"; RFC 4028
      // §10: the side that did not get its refresh SHOULD send BYE, so the client learns of it.
      void session?.end('expired', true);
    });
    const accept: SipResponseOptions = {
      body: opened.body,
      contentType: CSTA_CONTENT_TYPE,
      headers: this.timerHeaders(req, setup.seconds),
    };
    let dialog: ReturnType<IncomingInvite['accept']>;
    try {
      dialog = invite.accept(accept);
    } catch {
      safeClose(this.backend, opened.session, 'refused'); // already answered (CANCEL raced us)
      return;
    }
    const s = new Tr87Session<S>({
      ...party,
      namespace: setup.namespace,
      transport: invite.transport,
      remote: invite.remote,
      created: this.clock.now(),
      dialog,
      backend: this.backend,
      backendSession: opened.session,
      timer,
      sessionExpires: setup.seconds,
      onEnded: (ended, reason) => this.ended(ended, reason),
      onRefused: (request, refusal) =>
        this.publish('csta-request-refused', {
          id: session?.id,
          user: party.user,
          line: party.line,
          request,
          error: refusal.error,
          reason: refusal.reason,
        }),
    });
    session = s;
    this.byBackend.set(opened.session, s);
    this.stats.sessionsOpened++;
    s.refresh(setup.seconds);
    dialog.onInfo((r) => {
      this.stats.requestsServed++;
      s.onInfo(r);
    });
    dialog.onReInvite((r) => this.onReInvite(s, r));
    dialog.onTerminated((reason) => s.dialogEnded(reason));
    const { id, user, line, client } = s;
    const authenticated = authenticatedUser === undefined ? {} : { authenticatedUser };
    this.publish('cti-session', {
      event: 'open',
      id,
      user,
      line,
      client,
      sessionExpires: setup.seconds,
      ...authenticated,
    });
    // The INVITE's connection may have closed while the backend answered: its grace starts now.
    if (dialog.connection?.closed) this.connectionLost(s);
  }

  // ---- TCP connection loss ----

  /** A TCP connection closed: every session it carried waits for its client (`connectionLost`). */
  private onFlowClosed(flow: SipFlow): void {
    if (flow.connection === undefined) return;
    for (const s of this.byBackend.values())
      if (s.state === 'active' && s.dialog.connection === flow.connection) this.connectionLost(s);
  }

  /**
   * Start (or restart) the session's grace ({@link CONNECTION_LOSS_GRACE_MS}). When it ends, a
   * session whose dialog has an open connection again (the client sent a refresh or another
   * request on a new one, or our event INFO found it) carries on; any other ends, reason
   * `connection-lost`, with a BYE as an expired session does (RFC 4028 §10), which reaches a
   * client still listening at its Contact (RFC 3261 §18.1.1: a new connection).
   */
  private connectionLost(s: Tr87Session<S>): void {
    const lostOn = s.dialog.connection;
    this.lost.get(s)?.cancel();
    this.publish('cti-session', { event: 'connection-lost', id: s.id, graceMs: this.lossGraceMs });
    const timer = this.clock.setTimeout(() => {
      this.lost.delete(s);
      const now = s.dialog.connection;
      if (s.state !== 'active' || (now !== undefined && now !== lostOn && !now.closed)) return;
      this.stats.sessionsLostWithConnection++;
      void s.end('connection-lost', true);
    }, this.lossGraceMs);
    this.lost.set(s, timer);
  }

  // ---- re-INVITE: session refresh ----

  /**
   * RFC 4028 §9/§10 as CME CSTA guide uses it ("refreshes it via RE-INVITE"): the re-INVITE's
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
    try {
      this.backend.refreshSession(s.backendSession, { sessionExpires: se.seconds, expires: s.expiresAt });
    } catch {
      // The backend's bookkeeping must not break the refresh on the wire.
    }
    r.respond(200, {
      body,
      contentType: CSTA_CONTENT_TYPE,
      headers: this.timerHeaders(r.request, se.seconds),
    });
    this.publish('cti-session', { event: 'refresh', id: s.id, sessionExpires: se.seconds });
  }

  /** The interval a request asks for (RFC 4028 §9): its Session-Expires, else the default. */
  private sessionInterval(req: SipRequest): { seconds: number; tooSmall: boolean } | Error {
    const header = sessionExpiresOf(req);
    const minSe = minSeOf(req);
    if (header instanceof Error) return header;
    if (minSe instanceof Error) return minSe;
    if (this.granted !== undefined) return { seconds: this.granted, tooSmall: false };
    if (header === undefined) {
      // No Session-Expires: our default, raised to the client's own Min-SE if that is higher.
      return { seconds: Math.min(this.maxSe, Math.max(this.defaultSe, minSe ?? 0)), tooSmall: false };
    }
    if (header.seconds < this.minSe) return { seconds: header.seconds, tooSmall: true };
    // RFC 4028 §9: the UAS may shorten the interval, never below the request's Min-SE.
    return { seconds: Math.max(Math.min(header.seconds, this.maxSe), minSe ?? 0), tooSmall: false };
  }

  /**
   * RFC 4028 §9: the 2xx carries Session-Expires with the refresher; CME CSTA guide makes the client
   * the refresher ("sets a timer ... and refreshes it via RE-INVITE"), so `refresher=uac`; a
   * client that supports `timer` gets `Require: timer`.
   */
  private timerHeaders(req: SipRequest, seconds: number): SipHeaderList {
    const headers: Array<readonly [string, string]> = [['Session-Expires', `${seconds};refresher=uac`]];
    if (supportsTimer(req)) headers.push(['Require', 'timer']);
    return headers;
  }

  private ended(s: Tr87Session<S>, reason: Tr87EndReason): void {
    this.lost.get(s)?.cancel();
    this.lost.delete(s);
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

/**
 * The backend's answer to the INVITE's RequestSystemStatus: the response, or a refusal (an answer
 * of another type is refused with operation/generic, as no System Status can be sent).
 */
function systemStatusOf(
  answer: Result<CstaResponse, CSTAErrorCode>,
): Result<RequestSystemStatusResponse, CSTAErrorCode> {
  if (!answer.ok) return answer;
  if (answer.value.type === 'RequestSystemStatusResponse') return ok(answer.value);
  return refused({ operation: 'generic' }, `RequestSystemStatus answered with ${answer.value.type}`);
}

/**
 * CME CSTA guide: "A SIP OK response that includes a System Status response"; the codec models it as
 * RequestSystemStatusResponse (systemStatus), written in the request's namespace. Undefined when
 * the backend's answer cannot be encoded.
 */
function encodeSystemStatus(
  status: RequestSystemStatusResponse,
  namespace: CstaNamespace,
): string | undefined {
  try {
    return encodeCsta(status, { namespace });
  } catch {
    return undefined;
  }
}

/**
 * The Request-URI as the request line carries it (the parse may have re-escaped it, or failed on
 * a `tel:` or user-less one). RFC 3261 §25.1: Request-Line = Method SP Request-URI SP SIP-Version
 * CRLF; the SIP layer has checked it (and dropped a stream's leading CRLFs, §7.5).
 */
function requestUriOf(req: SipRequest): string {
  return Buffer.from(req.bytes).toString('utf8').split(' ', 2)[1] ?? req.uri;
}

/** The To header's URI as the client wrote it (`tel:201`, `sip:201@host`), when there is one. */
function toUriOf(req: SipRequest): string | undefined {
  const raw = req.header('to');
  if (raw === undefined) return undefined;
  const bracketed = /<([^>]*)>/.exec(raw)?.[1];
  // RFC 3261 §20.39: without <>, what follows `;` are header parameters (the tag), not the URI's.
  return (bracketed ?? raw.split(';')[0] ?? '').trim() || undefined;
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
