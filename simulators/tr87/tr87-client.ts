import { decodeCsta } from '../csta/csta-decode.ts';
import { CstaDecodeError } from '../csta/csta-decode-error.ts';
import { encodeCsta } from '../csta/csta-encode.ts';
import { type CstaNamespace, DEFAULT_CSTA_NAMESPACE } from '../csta/csta-namespaces.ts';
import { CSTA_EVENTS } from '../csta/csta-schema.ts';
import type {
  CstaEvent,
  CstaMessage,
  CstaMessageOf,
  CstaRequest,
  GetCSTAFeaturesResponse,
  RequestSystemStatus,
} from '../csta/csta-types.ts';
import { rccLineExtensions } from '../csta/rcc-line.ts';
import { type Clock, systemClock, type TimerHandle } from '../lab/clock.ts';
import type { SipDialog, SipTransportName } from '../sip/sip-dialog.ts';
import { authorizationHeader, challengeValues, chooseChallenge } from '../sip/sip-digest.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { SipRequestFailedError } from '../sip/sip-error.ts';
import type { SipHeaderList } from '../sip/sip-format.ts';
import type { SipResponse } from '../sip/sip-message.ts';
import type { SipTimerValues } from '../sip/sip-timers.ts';
import { type DeadTransportOptions, DeadTransportWatch, unansweredLimit } from './dead-transport-watch.ts';
import { DEFAULT_SESSION_EXPIRES, sessionExpiresOf } from './session-timer.ts';
import {
  CstaRequestError,
  Tr87ProtocolError,
  Tr87SessionClosedError,
  Tr87SetupError,
  Tr87SystemStatusError,
  Tr87TimeoutError,
} from './tr87-errors.ts';
import { CSTA_CONTENT_TYPE } from './tr87-server.ts';

export interface Tr87ConnectOptions {
  /** The server (CME) address. */
  readonly host: string;
  readonly port: number;
  /** Local SIP endpoint to use; default one started on 127.0.0.1 (closed by `close()`). */
  readonly endpoint?: SipEndpoint;
  /**
   * Default tcp. `tls`: SIP over TLS (RFC 3261 §26.2; Cisco's "Standard CTI Secure Connection"),
   * `port` being the server's TLS port; the server is verified against `tls.ca`.
   */
  readonly transport?: SipTransportName;
  /**
   * CAs (PEM) the server's certificate is verified against, for transport `tls`; given to the
   * endpoint the client starts (a caller's own `endpoint` carries its own `tls.ca`).
   */
  readonly tls?: { readonly ca: string | readonly string[] };
  /** From: a SIP URI, or a user name written as `sip:<user>@<host>`. */
  readonly user: string;
  /** To: a SIP URI, or a line (DN) written as `sip:<line>@<host>`. */
  readonly line: string;
  /** Default ed3 (what Microsoft RCC clients use, ECMA TR/87 (client practice: pidgin-sipe sip-csta.c)). */
  readonly namespace?: CstaNamespace;
  /** Session-Expires asked for, seconds; default 1800 (CME CSTA guide). */
  readonly sessionExpires?: number;
  /**
   * Default true. false: the set-up INVITE carries no Session-Expires (RFC 4028 §7.1 lets a UAC
   * leave the interval to the UAS, which then inserts one in its 2xx, §9); the client keeps the
   * interval of the 200 (client-validation fixtures use it to break CME-CTI-SESSION-012).
   */
  readonly askSessionExpires?: boolean;
  readonly userAgent?: string;
  /** OCS private data: `<lcs:line>` in the RequestSystemStatus extensions. */
  readonly ocsLine?: string;
  /** Refresh by re-INVITE at half the interval (RFC 4028 §10); default true. */
  readonly autoRefresh?: boolean;
  /** The clock the refresh timer reads (and the endpoint's, when the client starts one). */
  readonly clock?: Clock;
  /** SIP timers of the endpoint the client starts. */
  readonly timers?: Partial<SipTimerValues>;
  /**
   * Digest credentials (RFC 3261 §22.2): a 401 to the set-up INVITE is answered with them (see
   * `sendSetupInvite`). Without them a 401 is the open's failure like any other refusal.
   */
  readonly credentials?: Tr87Credentials;
  /**
   * Take the session for lost when its transport dies, without a BYE (a server killed or frozen;
   * `dead-transport-watch.ts`): the TCP/TLS connection of the dialog closing or reset, or
   * `unansweredRequests` (default 2) requests in a row left without any answer until their
   * transaction timed out (Timer F, 64*T1 on the endpoint's clock). The client then ends with
   * reason `transport-lost` (once) and forgets the dialog. A CSTA error answer never ends it.
   * Default off: a client may send its next request on a new connection (RFC 3261 §18.1.1), and
   * a server keeps the session for 64*T1 after a connection loss (`CONNECTION_LOSS_GRACE_MS`).
   */
  readonly deadTransport?: DeadTransportOptions;
}

export interface Tr87Credentials {
  readonly username: string;
  readonly password: string;
}

export interface Tr87RegisterOptions {
  readonly host: string;
  readonly port: number;
  readonly endpoint: SipEndpoint;
  readonly transport?: SipTransportName;
  readonly registerId: string;
  /** Requested expiry, seconds (0 unregisters). */
  readonly expires: number;
}

export interface Tr87RegisterResult {
  readonly status: number;
  /** Seconds granted (the Contact's expires in the 200), 0 when refused or unregistered. */
  readonly expires: number;
  readonly response: SipResponse;
}

/** The response type of request type K (`MonitorStart` -> `MonitorStartResponse`). */
export type ResponseFor<K extends string> = CstaMessageOf<Extract<`${K}Response`, CstaMessage['type']>>;

export type Tr87ClientEndReason =
  | 'closed'
  | 'bye-received'
  | 'refresh-failed'
  | 'dialog-ended'
  | 'transport-lost';

type Listener<T> = (value: T) => void;

/**
 * The reference TR/87 client (ECMA TR/87 session set-up as real clients do it (pidgin-sipe sip-csta.c)):
 * INVITE with RequestSystemStatus -> 200 (SystemStatus normal) -> ACK; requests in INFO with the
 * response in the 200; events in INFO answered 200; re-INVITE refresh at half the interval
 * (RFC 4028 §10) on the injected clock; MonitorStop for each monitor then BYE.
 */
export class Tr87Client {
  /** Every event received, in order. */
  readonly events: CstaEvent[] = [];
  /** Bodies of event INFOs that could not be decoded (answered 400). */
  readonly badEvents: string[] = [];
  readonly monitors = new Set<string>();
  state: 'active' | 'ended' = 'active';
  endReason: Tr87ClientEndReason | undefined;
  /** Session-Expires granted by the server, seconds. */
  sessionExpires: number;
  /** Refreshes sent so far. */
  refreshes = 0;
  /** With `deadTransport`: what ended the session as `transport-lost`. */
  transportLoss: string | undefined;

  private readonly unconsumed: CstaEvent[] = [];
  private readonly waiters: Array<() => void> = [];
  private readonly eventListeners: Array<Listener<CstaEvent>> = [];
  private readonly endListeners: Array<Listener<Tr87ClientEndReason>> = [];
  private refreshTimer: TimerHandle | undefined;
  private refreshing: Promise<number> | undefined;
  private readonly watch: DeadTransportWatch | undefined;

  private constructor(
    readonly endpoint: SipEndpoint,
    private readonly ownsEndpoint: boolean,
    readonly dialog: SipDialog,
    readonly namespace: CstaNamespace,
    private readonly clock: Clock,
    private readonly rss: RequestSystemStatus,
    private readonly autoRefresh: boolean,
    granted: number,
    private readonly extraHeaders: SipHeaderList,
    deadTransport: DeadTransportOptions | undefined,
  ) {
    this.sessionExpires = granted;
    this.watch =
      deadTransport === undefined
        ? undefined
        : new DeadTransportWatch(endpoint, dialog, deadTransport, (detail) => {
            this.transportLoss = detail;
            this.ended('transport-lost');
          });
    dialog.onInfo((r) => {
      let event: CstaEvent;
      try {
        const decoded = decodeCsta(r.request.body);
        if (!Object.hasOwn(CSTA_EVENTS, decoded.message.type)) throw new Error('not an event');
        event = decoded.message as CstaEvent;
      } catch {
        this.badEvents.push(r.request.body);
        r.respond(400, { reason: 'Not A CSTA Event' });
        return;
      }
      r.respond(200);
      this.events.push(event);
      this.unconsumed.push(event);
      for (const l of this.eventListeners) l(event);
      this.wake();
    });
    dialog.onTerminated((reason) =>
      this.ended(
        reason === 'bye-received' ? 'bye-received' : reason === 'bye-sent' ? 'closed' : 'dialog-ended',
      ),
    );
    this.schedule();
  }

  /**
   * Set up a session. Throws Tr87SetupError (INVITE refused; a 401 the client could not or may
   * no longer answer, or a 403, carries its status like any other refusal), CstaRequestError
   * (200 carrying a CSTAErrorCode), Tr87SystemStatusError (status not normal; the dialog is BYEd),
   * Tr87ProtocolError (any other body).
   */
  static async connect(opts: Tr87ConnectOptions): Promise<Tr87Client> {
    if (opts.deadTransport !== undefined) unansweredLimit(opts.deadTransport); // before any socket
    const clock = opts.clock ?? systemClock;
    const ownsEndpoint = opts.endpoint === undefined;
    const endpoint =
      opts.endpoint ??
      (await SipEndpoint.start({
        name: 'tr87-client',
        clock,
        ...(opts.timers ? { timers: opts.timers } : {}),
        ...(opts.tls ? { tls: { ca: opts.tls.ca } } : {}),
      }));
    const setup = sessionSetup(opts);
    let dialog: SipDialog;
    try {
      dialog = await sendSetupInvite(endpoint, setup, opts.credentials);
    } catch (e) {
      if (ownsEndpoint) await endpoint.close();
      if (e instanceof SipRequestFailedError) {
        const r = e.response;
        throw new Tr87SetupError(r.status, r.reason, errorCodeIn(r.body));
      }
      throw e;
    }
    // The 200's response is checked after the ACK (endpoint.invite ACKs every 2xx).
    const last = dialog.answer;
    const failure = setupFailure(last);
    if (failure !== undefined) {
      await dialog.bye().catch(() => {});
      if (ownsEndpoint) await endpoint.close();
      throw failure;
    }
    const se = last ? sessionExpiresOf(last) : undefined;
    const granted = se === undefined || se instanceof Error ? setup.requested : se.seconds;
    return new Tr87Client(
      endpoint,
      ownsEndpoint,
      dialog,
      setup.namespace,
      clock,
      setup.rss,
      opts.autoRefresh ?? true,
      granted,
      setup.headers,
      opts.deadTransport,
    );
  }

  /** REGISTER a session manager's register-id (CME CSTA guide "Create a Session Manager"). */
  static async register(opts: Tr87RegisterOptions): Promise<Tr87RegisterResult> {
    const transport = opts.transport ?? 'tcp';
    const response = await opts.endpoint.register(`sip:${opts.host}:${opts.port};transport=${transport}`, {
      aor: `sip:${opts.registerId}@${opts.host}`,
      expires: opts.expires,
      transport,
      contactUser: opts.registerId,
    });
    const m = /;\s*expires=(\d+)/i.exec(response.header('contact') ?? '');
    return { status: response.status, expires: response.status === 200 && m ? Number(m[1]) : 0, response };
  }

  /** REGISTER (again) from this client's endpoint: the session manager's heartbeat. */
  register(registerId: string, expires: number, server: { host: string; port: number }) {
    return Tr87Client.register({
      ...server,
      endpoint: this.endpoint,
      registerId,
      expires,
      transport: this.dialog.transport,
    });
  }

  /** Send a CSTA request in INFO; resolves with its response, throws CstaRequestError on a CSTAErrorCode. */
  async request<R extends CstaRequest>(req: R): Promise<ResponseFor<R['type']>> {
    if (this.state !== 'active') throw new Tr87SessionClosedError(`session ended (${this.endReason})`);
    let response: SipResponse;
    try {
      response = await this.dialog.sendInfo(encodeCsta(req, { namespace: this.namespace }), {
        contentType: CSTA_CONTENT_TYPE,
      });
    } catch (e) {
      this.watch?.failed(e);
      if (this.dialog.state !== 'confirmed') throw new Tr87SessionClosedError((e as Error).message);
      throw e;
    }
    this.watch?.answered();
    if (response.status === 481 || this.dialog.state !== 'confirmed')
      throw new Tr87SessionClosedError(`${req.type}: ${response.status} ${response.reason}`);
    if (response.status !== 200)
      throw new Tr87ProtocolError(`${req.type}: ${response.status} ${response.reason}`, response.status);
    const answer = decodeAnswer(response.body);
    if (answer instanceof Error) throw new Tr87ProtocolError(`${req.type}: ${answer.message}`, 200);
    if (answer.type === 'CSTAErrorCode') {
      const { type: _t, ...code } = answer;
      throw new CstaRequestError(req.type, code as CstaRequestError['code']);
    }
    if (answer.type !== `${req.type}Response`)
      throw new Tr87ProtocolError(`${req.type} answered with ${answer.type}`, 200);
    return answer as ResponseFor<R['type']>;
  }

  getFeatures(): Promise<GetCSTAFeaturesResponse> {
    return this.request({ type: 'GetCSTAFeatures' });
  }

  /** MonitorStart on a device; resolves with the monitorCrossRefID. */
  async monitorStart(device: string): Promise<string> {
    const r = await this.request({ type: 'MonitorStart', monitorObject: { deviceObject: device } });
    this.monitors.add(r.monitorCrossRefID);
    return r.monitorCrossRefID;
  }

  async monitorStop(monitorCrossRefID: string): Promise<void> {
    await this.request({ type: 'MonitorStop', monitorCrossRefID });
    this.monitors.delete(monitorCrossRefID);
  }

  on(what: 'event', fn: Listener<CstaEvent>): void;
  on(what: 'ended', fn: Listener<Tr87ClientEndReason>): void;
  on(what: 'event' | 'ended', fn: Listener<never>): void {
    if (what === 'event') this.eventListeners.push(fn as Listener<CstaEvent>);
    else this.endListeners.push(fn as Listener<Tr87ClientEndReason>);
  }

  /**
   * The next event not yet taken by `nextEvent` (of `type`, when given; earlier events of other
   * types stay for later calls). The time-out is a test guard and reads real time.
   */
  async nextEvent<K extends CstaEvent['type']>(type?: K, timeoutMs = 2000): Promise<CstaMessageOf<K>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.unconsumed.findIndex((e) => type === undefined || e.type === type);
      if (i >= 0) {
        const [event] = this.unconsumed.splice(i, 1);
        return event as CstaMessageOf<K>;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Tr87TimeoutError(`no ${type ?? 'event'} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * Re-INVITE now (RFC 4028 §10) with the RequestSystemStatus body and our Session-Expires;
   * resolves with the interval granted. A 422 is retried once with its Min-SE; 481/408/time-out
   * end the session (RFC 4028 §10: the session is over; Tr87SessionClosedError).
   */
  refresh(): Promise<number> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** MonitorStop for each monitor, then BYE (ECMA TR/87 (client practice: pidgin-sipe sip-csta.c) step 7). */
  async close(): Promise<void> {
    if (this.state === 'active') {
      for (const id of [...this.monitors]) await this.monitorStop(id).catch(() => {});
      if (this.dialog.state === 'confirmed') await this.dialog.bye().catch(() => {});
      this.ended('closed');
    }
    if (this.ownsEndpoint) await this.endpoint.close();
  }

  private async doRefresh(): Promise<number> {
    if (this.state !== 'active') throw new Tr87SessionClosedError('session ended');
    let asked = this.sessionExpires;
    for (let attempt = 0; attempt < 2; attempt++) {
      this.refreshes++;
      let response: SipResponse;
      try {
        response = await this.dialog.reInvite({
          body: encodeCsta(this.rss, { namespace: this.namespace }),
          contentType: CSTA_CONTENT_TYPE,
          headers: [...this.extraHeaders, ['Session-Expires', String(asked)]],
        });
      } catch (e) {
        this.ended('refresh-failed');
        throw new Tr87SessionClosedError(`refresh failed: ${(e as Error).message}`);
      }
      if (response.status === 422 && attempt === 0) {
        const minSe = Number(response.header('min-se'));
        if (Number.isInteger(minSe) && minSe > asked) {
          asked = minSe; // RFC 4028 §10: retry with a Session-Expires of at least Min-SE
          continue;
        }
      }
      if (response.status >= 300) {
        if (response.status === 481 || response.status === 408 || this.dialog.state !== 'confirmed') {
          this.ended('refresh-failed');
          throw new Tr87SessionClosedError(`refresh: ${response.status} ${response.reason}`);
        }
        throw new Tr87ProtocolError(`refresh: ${response.status} ${response.reason}`, response.status);
      }
      const se = sessionExpiresOf(response);
      this.sessionExpires = se === undefined || se instanceof Error ? asked : se.seconds;
      this.schedule();
      return this.sessionExpires;
    }
    throw new Tr87ProtocolError('refresh: 422 twice', 422);
  }

  /** RFC 4028 §10: the refresher sends its refresh when half the interval has passed. */
  private schedule(): void {
    this.refreshTimer?.cancel();
    this.refreshTimer = undefined;
    if (!this.autoRefresh || this.state !== 'active') return;
    this.refreshTimer = this.clock.setTimeout(
      () => {
        this.refreshTimer = undefined;
        this.refresh().catch(() => {});
      },
      (this.sessionExpires * 1000) / 2,
    );
  }

  private ended(reason: Tr87ClientEndReason): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.endReason = reason;
    this.watch?.stop();
    this.refreshTimer?.cancel();
    this.refreshTimer = undefined;
    for (const l of this.endListeners) {
      try {
        l(reason);
      } catch {
        // a listener's failure must not disturb the client
      }
    }
    this.wake();
  }

  private wake(): void {
    const w = this.waiters.splice(0);
    for (const f of w) f();
  }
}

/** The set-up INVITE of a session (ECMA TR/87 session set-up as real clients do it (pidgin-sipe sip-csta.c) step 1). */
function sessionSetup(opts: Tr87ConnectOptions) {
  const transport = opts.transport ?? 'tcp';
  const namespace = opts.namespace ?? DEFAULT_CSTA_NAMESPACE;
  const lineUri = asUri(opts.line, opts.host);
  // The Request-URI carries the line's number: the user of a sip: URI, the number of a tel: URI.
  const lineUser = /^sips?:([^@;]+)@/.exec(lineUri)?.[1] ?? /^tel:([^;]+)/i.exec(lineUri)?.[1] ?? opts.line;
  const target = `sip:${lineUser}@${opts.host}:${opts.port};transport=${transport}`;
  const rss: RequestSystemStatus = {
    type: 'RequestSystemStatus',
    ...(opts.ocsLine === undefined ? {} : { extensions: rccLineExtensions(opts.ocsLine) }),
  };
  const headers: SipHeaderList = opts.userAgent === undefined ? [] : [['User-Agent', opts.userAgent]];
  const requested = opts.sessionExpires ?? DEFAULT_SESSION_EXPIRES;
  const invite: Parameters<SipEndpoint['invite']>[1] = {
    from: asUri(opts.user, opts.host),
    to: lineUri,
    transport,
    body: encodeCsta(rss, { namespace }),
    contentType: CSTA_CONTENT_TYPE,
    accept: [CSTA_CONTENT_TYPE],
    headers: [
      ...headers,
      // ECMA TR/87 (client practice: pidgin-sipe sip-csta.c) step 1: Content-Disposition signal, Supported timer, Session-Expires.
      ['Content-Disposition', 'signal;handling=required'],
      ...(opts.askSessionExpires === false ? [] : ([['Session-Expires', String(requested)]] as const)),
    ],
  };
  return { target, invite, namespace, rss, headers, requested };
}

/**
 * How many times one open answers a digest challenge: the first 401, and once more a 401 that
 * says `stale=true` (the server forgot or expired the nonce we answered with, RFC 7616 §3.3:
 * "the client may wish to simply retry the request with a new encrypted response, without
 * reprompting the user"). Any further 401, and a 401 without `stale=true` to credentials we
 * sent (the password is wrong), is the open's failure.
 */
export const MAX_DIGEST_ANSWERS = 2;

/**
 * The set-up INVITE, answering a digest challenge (RFC 3261 §22.2) when the client has
 * credentials: the strongest challenge offered that we support (SHA-256 before MD5,
 * `chooseChallenge`), qop=auth, nc=00000001, a fresh cnonce, the Request-URI as `uri`.
 * The SIP layer's INVITE client (sip/sip-invite-client.ts, our own; sip.js serves only as the
 * parser here, and its UserAgentCore's digest handling needs its own transport and offers MD5
 * only) starts every INVITE in a new dialog: the answer is a new INVITE with a new Call-ID, From
 * tag and CSeq 1, not the same Call-ID with CSeq+1 of RFC 3261 §8.1.3.5 (a SHOULD). A server
 * that ties nothing to the Call-ID, like ours (the nonce carries the challenge), accepts it.
 */
async function sendSetupInvite(
  endpoint: SipEndpoint,
  setup: ReturnType<typeof sessionSetup>,
  credentials: Tr87Credentials | undefined,
): Promise<SipDialog> {
  let invite = setup.invite;
  for (let answers = 0; ; answers++) {
    try {
      return await endpoint.invite(setup.target, invite);
    } catch (e) {
      if (!(e instanceof SipRequestFailedError) || e.response.status !== 401 || credentials === undefined)
        throw e;
      // Every challenge, from the bytes (the parsed message keeps only the last WWW-Authenticate).
      const offer = chooseChallenge(challengeValues(e.response.bytes));
      if (offer === undefined || answers >= MAX_DIGEST_ANSWERS || (answers > 0 && !offer.stale)) throw e;
      const authorization = authorizationHeader(offer, {
        username: credentials.username,
        password: credentials.password,
        method: 'INVITE',
        uri: setup.target,
      });
      invite = {
        ...setup.invite,
        headers: [...(setup.invite.headers ?? []), ['Authorization', authorization]],
      };
    }
  }
}

/**
 * Why the INVITE's 200 does not open a session (CME CSTA guide: "The application continues only if it
 * receives the expected response"), or undefined when it carries SystemStatus normal.
 */
function setupFailure(answer: SipResponse | undefined): Error | undefined {
  const m = decodeAnswer(answer?.body ?? '');
  if (m instanceof Error) return new Tr87ProtocolError(`INVITE 200: ${m.message}`);
  if (m.type === 'CSTAErrorCode') {
    const { type: _t, ...code } = m;
    return new CstaRequestError('RequestSystemStatus', code as CstaRequestError['code']);
  }
  if (m.type !== 'RequestSystemStatusResponse') return new Tr87ProtocolError(`INVITE 200 carries ${m.type}`);
  if (m.systemStatus !== 'normal') return new Tr87SystemStatusError(m.systemStatus);
  return undefined;
}

function asUri(nameOrUri: string, host: string): string {
  return /^(?:sips?|tel):/i.test(nameOrUri) ? nameOrUri : `sip:${nameOrUri}@${host}`;
}

function decodeAnswer(body: string): CstaMessage | Error {
  try {
    return decodeCsta(body).message;
  } catch (e) {
    return e instanceof CstaDecodeError ? e : new Error(String(e));
  }
}

function errorCodeIn(body: string): CstaRequestError['code'] | undefined {
  const m = decodeAnswer(body);
  if (m instanceof Error || m.type !== 'CSTAErrorCode') return undefined;
  const { type: _t, ...code } = m;
  return code as CstaRequestError['code'];
}
