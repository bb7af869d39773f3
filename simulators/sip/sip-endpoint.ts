/**
 * One SIP endpoint per lab node: TCP + UDP on one host:port, sip.js core's parser, and a
 * small transaction/dialog layer.
 *
 * Why not sip.js's `UserAgentCore`: its transactions read the global `setTimeout` (the lab
 * requires the injected Clock, DESIGN.md section 8), it implements no UDP retransmission
 * (RFC 3261 §17 Timers A/E/G), its `Transport.send(message)` has no destination (responses must
 * be routed by Via, RFC 3261 §18.2.2), one core answers one AOR, and INFO outside a dialog gets
 * 405 where RFC 6086 §4.2.2 wants 481 (DESIGN.md section 10). A dispatcher in front of several
 * cores would still leave the timers and routing wrong, so the endpoint keeps sip.js for what
 * it does well — `Parser.parseMessage` and `Grammar` (URIs, name-addr, Via) — and implements
 * the few transactions and dialog rules TR/87 needs (RFC 3261 §12-§17), citing each.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Grammar } from 'sip.js/lib/core/index.js';
import { type Clock, systemClock } from '../lab/clock.ts';
import type { Endpoint, ObservationStream } from '../lab/observation.ts';
import { ClientTransaction } from './sip-client-transaction.ts';
import {
  type DialogHost,
  type IncomingDialogRequest,
  SipDialog,
  type SipRequestOptions,
  type SipResponseOptions,
  type SipTransportName,
} from './sip-dialog.ts';
import { SipRequestFailedError, SipTimeoutError, SipTransportError } from './sip-error.ts';
import { formatMessage, reasonPhrase, type SipHeaderList } from './sip-format.ts';
import { parseSipMessage, type SipRequest, type SipResponse } from './sip-message.ts';
import { type IncomingRegister, parseRegister } from './sip-register.ts';
import { ALLOWED_METHODS, SUPPORTED_OPTIONS, validateRequest } from './sip-request-validation.ts';
import { ServerTransaction } from './sip-server-transaction.ts';
import type { FramerEvent } from './sip-stream-framer.ts';
import { type SipTcpConnection, SipTcpTransport } from './sip-tcp-transport.ts';
import { DEFAULT_SIP_TIMERS, type SipTimerValues } from './sip-timers.ts';
import { SipUdpTransport } from './sip-udp-transport.ts';
import { parseVia, responseDestination, stampVia } from './sip-via.ts';

export interface SipEndpointOptions {
  /** Observation source name (node name). */
  name: string;
  /** Bind address, default 127.0.0.1. */
  host?: string;
  /** Port for both TCP and UDP; 0 (default) picks one free for both. */
  port?: number;
  /** Host written in Via/Contact, default the bind host. */
  advertisedHost?: string;
  observations?: ObservationStream;
  clock?: Clock;
  timers?: Partial<SipTimerValues>;
  /** Largest message accepted, default 64 KiB. */
  maxMessageBytes?: number;
  userAgent?: string;
}

/** Counters of what the endpoint saw; bad input is counted, never thrown. */
export interface SipStats {
  messagesReceived: number;
  messagesSent: number;
  /** Unparseable messages dropped (UDP datagrams, or framed TCP messages). */
  dropped: number;
  /** Requests refused with a 4xx/5xx before reaching a handler. */
  rejected: number;
  /** TCP connections closed because framing was lost. */
  framingErrors: number;
  /** Requests and responses we retransmitted (Timers A, E, G, 2xx). */
  retransmissionsSent: number;
  /** Retransmitted requests absorbed by a server transaction. */
  retransmissionsAbsorbed: number;
  keepalivesAnswered: number;
}

/** A new INVITE (no To tag) for a registered user. */
export interface IncomingInvite {
  readonly request: SipRequest;
  readonly transport: SipTransportName;
  /** The packet's source address. */
  readonly remote: Endpoint;
  /** Answer 200 with Contact (RFC 3261 §13.3.1.4) and return the confirmed dialog. */
  accept(opts?: SipResponseOptions): SipDialog;
  /** Answer with a final non-2xx status. */
  reject(status: number, opts?: SipResponseOptions): void;
}

export interface InviteHandlerOptions {
  /** Request-URI user this handler answers; omitted: every user no other handler claims. */
  user?: string;
  /** Media types accepted in bodies (INVITE, INFO, re-INVITE); others get 415. */
  accept?: readonly string[];
}

export interface InviteOptions extends SipRequestOptions {
  /** Our AOR, e.g. `sip:app@lab`; its user goes into Contact. */
  from: string;
  /** To URI; default the target. */
  to?: string;
  /** Default: the target's `transport` parameter, else UDP. */
  transport?: SipTransportName;
  /** Media types accepted in INFO/re-INVITE bodies the peer sends; others get 415. */
  accept?: readonly string[];
}

interface Handler {
  fn: (invite: IncomingInvite) => void;
  user: string | undefined;
  accept: readonly string[] | undefined;
}

interface Flow {
  transport: SipTransportName;
  remote: Endpoint;
  connection: SipTcpConnection | undefined;
}

interface OutgoingRequest {
  method: string;
  uri: string;
  transport: SipTransportName;
  remote: Endpoint;
  connection: SipTcpConnection | undefined;
  from: string;
  to: string;
  callId: string;
  cseq: number;
  contactUser: string | undefined;
  opts: SipRequestOptions;
}

const CSTA = 'application/csta+xml';

export class SipEndpoint implements DialogHost {
  readonly name: string;
  readonly stats: SipStats = {
    messagesReceived: 0,
    messagesSent: 0,
    dropped: 0,
    rejected: 0,
    framingErrors: 0,
    retransmissionsSent: 0,
    retransmissionsAbsorbed: 0,
    keepalivesAnswered: 0,
  };
  private readonly clock: Clock;
  private readonly timers: SipTimerValues;
  private readonly observations: ObservationStream | undefined;
  private readonly tcp: SipTcpTransport;
  private readonly udp: SipUdpTransport;
  private readonly handlers: Handler[] = [];
  /** The registrar (RFC 3261 §10.3), when one is installed with `onRegister`. */
  private registrar: ((register: IncomingRegister) => void) | undefined;
  /** REGISTER Call-ID and CSeq per AOR, kept across refreshes (RFC 3261 §10.2). */
  private readonly registrations = new Map<string, { callId: string; cseq: number; tag: string }>();
  private readonly clientTx = new Map<string, ClientTransaction>();
  private readonly serverTx = new Map<string, ServerTransaction>();
  private readonly dialogMap = new Map<string, SipDialog>();
  /** ACKs for 2xx, resent when the 2xx is retransmitted (RFC 3261 §13.2.2.4). */
  private readonly ackCache = new Map<string, { bytes: Uint8Array; flow: Flow }>();
  private advertised = '127.0.0.1';
  private boundPort = 0;
  private readonly userAgent: string;

  private constructor(private readonly opts: SipEndpointOptions) {
    this.name = opts.name;
    this.clock = opts.clock ?? systemClock;
    this.timers = { ...DEFAULT_SIP_TIMERS, ...opts.timers };
    this.observations = opts.observations;
    this.userAgent = opts.userAgent ?? 'ctilab-sip';
    const common = { name: opts.name, clock: this.clock, observations: this.observations };
    this.tcp = new SipTcpTransport({
      ...common,
      maxMessageBytes: opts.maxMessageBytes ?? 65536,
      onEvent: (event, connection) => this.onTcpEvent(event, connection),
    });
    this.udp = new SipUdpTransport({
      ...common,
      onDatagram: (bytes, remote) => this.onDatagram(bytes, remote),
    });
  }

  /** Bind TCP and UDP on the same port (port 0: an ephemeral one free for both). */
  static async start(opts: SipEndpointOptions): Promise<SipEndpoint> {
    const ep = new SipEndpoint(opts);
    const host = opts.host ?? '127.0.0.1';
    ep.advertised = opts.advertisedHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
    for (let attempt = 0; ; attempt++) {
      const tcp = await ep.tcp.listen(host, opts.port ?? 0);
      try {
        await ep.udp.bind(host, tcp.port);
        ep.boundPort = tcp.port;
        return ep;
      } catch (e) {
        await ep.tcp.close();
        if ((opts.port ?? 0) !== 0 || attempt >= 10)
          throw new SipTransportError(`cannot bind UDP: ${(e as Error).message}`);
      }
    }
  }

  /** The bound address; TCP and UDP share the port. */
  get address(): Endpoint {
    return { host: this.advertised, port: this.boundPort };
  }

  /** Confirmed dialogs by id. */
  get dialogs(): ReadonlyMap<string, SipDialog> {
    return new Map([...this.dialogMap.values()].map((d) => [d.id, d]));
  }

  /** Open TCP connections. */
  get tcpConnectionCount(): number {
    return this.tcp.connectionCount;
  }

  /**
   * Register an INVITE handler for a Request-URI user (or all users). The handler must call
   * `accept` or `reject` (synchronously or later). Returns an unregister function.
   */
  onInvite(fn: (invite: IncomingInvite) => void, opts: InviteHandlerOptions = {}): () => void {
    const h: Handler = { fn, user: opts.user, accept: opts.accept };
    this.handlers.push(h);
    return () => {
      const i = this.handlers.indexOf(h);
      if (i >= 0) this.handlers.splice(i, 1);
    };
  }

  /**
   * Install the registrar (RFC 3261 §10.3): REGISTER requests go to `fn`, which must call
   * `accept` or `reject`; while it is installed REGISTER is in Allow. Without one REGISTER gets
   * 405 as before. One registrar per endpoint: a second call replaces the first. Returns an
   * uninstall function.
   */
  onRegister(fn: (register: IncomingRegister) => void): () => void {
    this.registrar = fn;
    return () => {
      if (this.registrar === fn) this.registrar = undefined;
    };
  }

  /**
   * Send REGISTER for `opts.aor` (To and From, RFC 3261 §10.2) to `registrar`
   * (`sip:host:port`), binding our Contact (user `opts.contactUser`) for `opts.expires` seconds
   * (0 removes the binding). The same Call-ID with an increasing CSeq is used for every REGISTER
   * of one AOR (§10.2). Resolves with the final response, whatever its status.
   */
  async register(
    registrar: string,
    opts: {
      aor: string;
      expires: number;
      transport?: SipTransportName;
      contactUser?: string;
      headers?: SipHeaderList;
    },
  ): Promise<SipResponse> {
    const uri = Grammar.URIParse(registrar);
    if (!uri) throw new SipTransportError(`bad registrar URI ${registrar}`);
    const transport =
      opts.transport ?? (String(uri.getParam('transport') ?? 'udp').toLowerCase() === 'tcp' ? 'tcp' : 'udp');
    const previous = this.registrations.get(opts.aor);
    const state = previous ?? { callId: `${randomUUID()}@${this.advertised}`, cseq: 0, tag: newTag() };
    state.cseq++;
    this.registrations.set(opts.aor, state);
    const { response } = await this.request({
      method: 'REGISTER',
      uri: registrar,
      transport,
      remote: { host: uri.host, port: uri.port ?? 5060 },
      connection: undefined,
      from: `<${opts.aor}>;tag=${state.tag}`,
      to: `<${opts.aor}>`,
      callId: state.callId,
      cseq: state.cseq,
      contactUser: undefined,
      opts: {
        headers: [
          ['Contact', this.contactFor(opts.contactUser, transport)],
          ['Expires', String(opts.expires)],
          ...(opts.headers ?? []),
        ],
      },
    });
    return response;
  }

  /**
   * Send an INVITE to `target` (`sip:user@host:port[;transport=tcp]`); resolves with the
   * confirmed dialog on 2xx (ACK sent, RFC 3261 §13.2.2.4), rejects with
   * SipRequestFailedError (>= 300), SipTimeoutError (Timer B) or SipTransportError.
   */
  async invite(target: string, opts: InviteOptions): Promise<SipDialog> {
    const uri = Grammar.URIParse(target);
    if (!uri) throw new SipTransportError(`bad target URI ${target}`);
    const transport =
      opts.transport ?? (String(uri.getParam('transport') ?? 'udp').toLowerCase() === 'tcp' ? 'tcp' : 'udp');
    const remote = { host: uri.host, port: uri.port ?? 5060 };
    const fromUri = Grammar.URIParse(opts.from);
    const localTag = newTag();
    const callId = `${randomUUID()}@${this.advertised}`;
    const from = `<${opts.from}>;tag=${localTag}`;
    const req: OutgoingRequest = {
      method: 'INVITE',
      uri: target,
      transport,
      remote,
      connection: undefined,
      from,
      to: `<${opts.to ?? target}>`,
      callId,
      cseq: 1,
      contactUser: fromUri?.user ?? undefined,
      opts,
    };
    const { response, flow } = await this.request(req);
    if (response.status >= 300) throw new SipRequestFailedError(response);
    const contact = contactUri(response) ?? target;
    const dialog = new SipDialog(this, {
      role: 'uac',
      callId,
      localTag,
      remoteTag: response.toTag ?? '',
      localHeader: from,
      remoteHeader: response.header('to') ?? req.to,
      remoteTarget: contact,
      localUser: fromUri?.user ?? '',
      transport,
      remote,
      connection: flow.connection,
      localSeq: 1,
      remoteSeq: undefined,
      accept: opts.accept,
      answer: response,
    });
    this.dialogMap.set(dialogKey(callId, localTag, dialog.remoteTag), dialog);
    this.sendAck2xx(dialog, 1, flow);
    return dialog;
  }

  /** Send OPTIONS outside a dialog (RFC 3261 §11); resolves with the final response. */
  async options(target: string, transport: SipTransportName = 'udp'): Promise<SipResponse> {
    const uri = Grammar.URIParse(target);
    if (!uri) throw new SipTransportError(`bad target URI ${target}`);
    const { response } = await this.request({
      method: 'OPTIONS',
      uri: target,
      transport,
      remote: { host: uri.host, port: uri.port ?? 5060 },
      connection: undefined,
      from: `<sip:${this.name}@${this.advertised}>;tag=${newTag()}`,
      to: `<${target}>`,
      callId: `${randomUUID()}@${this.advertised}`,
      cseq: 1,
      contactUser: undefined,
      opts: {},
    });
    return response;
  }

  async close(): Promise<void> {
    for (const d of [...this.dialogMap.values()]) d.end('terminated');
    for (const t of [...this.serverTx.values()]) t.terminate();
    await Promise.all([this.tcp.close(), this.udp.close()]);
  }

  // ---- DialogHost ----

  /** @internal */
  async sendInDialog(dialog: SipDialog, method: string, opts: SipRequestOptions): Promise<SipResponse> {
    if (dialog.state === 'terminated' && method !== 'BYE')
      throw new SipTransportError(`dialog ${dialog.id} is terminated`);
    const target = Grammar.URIParse(dialog.remoteTarget);
    const cseq = ++dialog.localSeq; // RFC 3261 §12.2.1.1: CSeq increases by one per request
    const remote = target ? { host: target.host, port: target.port ?? 5060 } : dialog.remote;
    const isInvite = method === 'INVITE';
    if (isInvite) dialog.outgoingInvitePending = true;
    try {
      const { response, flow } = await this.request({
        method,
        uri: dialog.remoteTarget,
        transport: dialog.transport,
        remote,
        connection: dialog.connection,
        from: dialog.localHeader,
        to: dialog.remoteHeader,
        callId: dialog.callId,
        cseq,
        contactUser: isInvite ? dialog.localUser : undefined,
        opts,
      });
      if (flow.connection) dialog.connection = flow.connection;
      if (isInvite && response.status < 300) {
        const contact = contactUri(response);
        if (contact) dialog.remoteTarget = contact; // §12.2.1.2: target refresh
        this.sendAck2xx(dialog, cseq, flow);
      }
      // RFC 3261 §12.2.1.2: 481/408 to an in-dialog request ends the dialog.
      if (response.status === 481 || response.status === 408) dialog.end('terminated');
      return response;
    } finally {
      if (isInvite) dialog.outgoingInvitePending = false;
    }
  }

  /** @internal */
  forgetDialog(dialog: SipDialog): void {
    this.dialogMap.delete(dialogKey(dialog.callId, dialog.localTag, dialog.remoteTag));
  }

  // ---- sending ----

  private async flowFor(
    transport: SipTransportName,
    remote: Endpoint,
    connection: SipTcpConnection | undefined,
  ): Promise<Flow> {
    if (transport === 'udp') return { transport, remote, connection: undefined };
    if (connection && !connection.closed) return { transport, remote: connection.remote, connection };
    try {
      const c = await this.tcp.connect(remote);
      return { transport, remote: c.remote, connection: c };
    } catch (e) {
      throw new SipTransportError(`cannot connect to ${remote.host}:${remote.port}: ${(e as Error).message}`);
    }
  }

  private transmit(flow: Flow, bytes: Uint8Array, decoded: unknown): void {
    this.stats.messagesSent++;
    if (flow.transport === 'udp') this.udp.send(bytes, flow.remote, decoded);
    else flow.connection?.send(bytes, decoded);
  }

  private viaFor(transport: SipTransportName, branch: string): string {
    // RFC 3261 §8.1.1.7: branch starts with the magic cookie; RFC 3581: ask for rport.
    return `SIP/2.0/${transport.toUpperCase()} ${this.advertised}:${this.boundPort};branch=${branch};rport`;
  }

  private contactFor(user: string | undefined, transport: SipTransportName): string {
    const u = user ? `${user}@` : '';
    return `<sip:${u}${this.advertised}:${this.boundPort};transport=${transport}>`;
  }

  /** Send a request in a client transaction; resolves with the final response. */
  private async request(req: OutgoingRequest): Promise<{ response: SipResponse; flow: Flow }> {
    const flow = await this.flowFor(req.transport, req.remote, req.connection);
    const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
    const via = this.viaFor(req.transport, branch);
    const headers: Array<readonly [string, string]> = [
      ['Via', via],
      ['Max-Forwards', '70'],
      ['From', req.from],
      ['To', req.to],
      ['Call-ID', req.callId],
      ['CSeq', `${req.cseq} ${req.method}`],
    ];
    if (req.method === 'INVITE') {
      headers.push(['Contact', this.contactFor(req.contactUser, req.transport)]);
      headers.push(['Allow', this.allowedMethods().join(', ')]);
      headers.push(['Supported', SUPPORTED_OPTIONS.join(', ')]);
    }
    // A caller's own User-Agent (e.g. a TR/87 client posing as OCS) replaces ours.
    if (!(req.opts.headers ?? []).some(([name]) => name.toLowerCase() === 'user-agent'))
      headers.push(['User-Agent', this.userAgent]);
    headers.push(...(req.opts.headers ?? []));
    const body = req.opts.body ?? '';
    if (body !== '') headers.push(['Content-Type', req.opts.contentType ?? CSTA]);
    const bytes = formatMessage(`${req.method} ${req.uri} SIP/2.0`, headers, body);
    const decoded = { method: req.method, callId: req.callId, cseq: req.cseq };
    const key = `${branch}|${req.method}`;
    return new Promise((resolve, reject) => {
      const tx = new ClientTransaction({
        method: req.method,
        clock: this.clock,
        timers: this.timers,
        reliable: flow.transport === 'tcp',
        send: (retransmission) => {
          if (retransmission) this.stats.retransmissionsSent++;
          this.transmit(flow, bytes, decoded);
        },
        sendAck: (response) => {
          // RFC 3261 §17.1.1.3: ACK for non-2xx: same Request-URI, Call-ID, From, CSeq number,
          // top Via (same branch); To from the response.
          const ack = formatMessage(`ACK ${req.uri} SIP/2.0`, [
            ['Via', via],
            ['Max-Forwards', '70'],
            ['From', req.from],
            ['To', response.header('to') ?? req.to],
            ['Call-ID', req.callId],
            ['CSeq', `${req.cseq} ACK`],
          ]);
          this.transmit(flow, ack, { method: 'ACK', callId: req.callId, cseq: req.cseq });
        },
        onResponse: (response) => {
          if (response.status >= 200) resolve({ response, flow });
        },
        onTimeout: (timer) => reject(new SipTimeoutError(req.method, timer)),
        onTerminated: () => {
          if (this.clientTx.get(key) === tx) this.clientTx.delete(key);
        },
      });
      this.clientTx.set(key, tx);
      tx.start();
    });
  }

  /** RFC 3261 §13.2.2.4: the UAC core ACKs a 2xx in a new transaction (new branch). */
  private sendAck2xx(dialog: SipDialog, cseq: number, flow: Flow): void {
    const bytes = formatMessage(`ACK ${dialog.remoteTarget} SIP/2.0`, [
      ['Via', this.viaFor(flow.transport, `z9hG4bK${randomBytes(8).toString('hex')}`)],
      ['Max-Forwards', '70'],
      ['From', dialog.localHeader],
      ['To', dialog.remoteHeader],
      ['Call-ID', dialog.callId],
      ['CSeq', `${cseq} ACK`],
    ]);
    const key = `${dialog.callId}|${cseq}`;
    this.ackCache.set(key, { bytes, flow });
    this.clock.setTimeout(() => this.ackCache.delete(key), 64 * this.timers.t1);
    this.transmit(flow, bytes, { method: 'ACK', callId: dialog.callId, cseq });
  }

  // ---- receiving ----

  private onDatagram(bytes: Uint8Array, remote: Endpoint): void {
    // RFC 5626 §4.4.1 uses STUN on UDP; a datagram of bare CRLFs is a keepalive: ignore it.
    if (bytes.every((b) => b === 0x0d || b === 0x0a)) return;
    if (bytes.byteLength > (this.opts.maxMessageBytes ?? 65536)) {
      this.drop('udp', remote, 'datagram too large', bytes);
      return;
    }
    this.receive(bytes, { transport: 'udp', remote, connection: undefined });
  }

  private onTcpEvent(event: FramerEvent, connection: SipTcpConnection): void {
    const flow: Flow = { transport: 'tcp', remote: connection.remote, connection };
    if (event.kind === 'ping') {
      this.stats.keepalivesAnswered++;
      return;
    }
    if (event.kind === 'message') {
      this.receive(event.bytes, flow);
      return;
    }
    // Framing problem: answer if the header block is a request, then close unless recoverable.
    this.publishBadInput('tcp', connection.remote, `framing: ${event.reason}`);
    const head = event.head ? parseSipMessage(concatBody(event.head)) : undefined;
    if (head && !(head instanceof Error) && head.kind === 'request' && head.method !== 'ACK') {
      const vias = head.headers('via');
      const status = event.reason === 'too-large' ? 413 : 400;
      // RFC 3261 §18.3: a stream message without Content-Length is answered 400.
      const reason =
        event.reason === 'too-large'
          ? 'Request Entity Too Large'
          : event.reason === 'no-content-length'
            ? 'Missing Content-Length'
            : 'Bad Content-Length';
      this.stats.rejected++;
      this.transmit(flow, this.responseBytes(head, vias, status, newTag(), { reason }), { status });
    }
    if (!event.recoverable) {
      this.stats.framingErrors++;
      connection.close();
    }
  }

  private receive(bytes: Uint8Array, flow: Flow): void {
    const msg = parseSipMessage(bytes);
    if (msg instanceof Error) {
      this.drop(flow.transport, flow.remote, msg.message, bytes);
      return;
    }
    this.stats.messagesReceived++;
    if (msg.kind === 'response') this.onResponse(msg);
    else this.onRequest(msg, flow);
  }

  private onResponse(res: SipResponse): void {
    const top = res.headers('via')[0];
    const via = top ? parseVia(top) : undefined;
    const tx = via?.branch ? this.clientTx.get(`${via.branch}|${res.cseqMethod}`) : undefined;
    if (tx) {
      tx.receive(res);
      return;
    }
    // RFC 3261 §13.2.2.4: a retransmitted 2xx to INVITE gets the same ACK again.
    if (res.cseqMethod === 'INVITE' && res.status >= 200 && res.status < 300) {
      const ack = this.ackCache.get(`${res.callId}|${res.cseq}`);
      if (ack) this.transmit(ack.flow, ack.bytes, { method: 'ACK', callId: res.callId, cseq: res.cseq });
    }
    // Anything else is a stray response: RFC 3261 §18.1.2 discards it silently.
  }

  private onRequest(req: SipRequest, flow: Flow): void {
    const vias = req.headers('via');
    if (vias[0] !== undefined) vias[0] = stampVia(vias[0], flow.remote); // §18.2.1
    const topVia = vias[0] ? parseVia(vias[0]) : undefined;
    const rejection =
      vias.length > 0 && !topVia
        ? { status: 400, reason: 'Bad Via' }
        : validateRequest(req, this.allowedMethods());
    if (rejection) {
      if (req.method === 'ACK') return; // §17.2.3: an ACK is never answered
      this.stats.rejected++;
      this.publishBadInput(flow.transport, flow.remote, `${rejection.status} ${rejection.reason}`);
      const bytes = this.responseBytes(req, vias, rejection.status, newTag(), {
        reason: rejection.reason,
        headers: rejection.headers,
      });
      this.sendResponse(flow, topVia, bytes, rejection.status);
      return;
    }
    const key = serverKey(req, topVia);
    if (req.method === 'ACK') {
      this.onAck(req, key);
      return;
    }
    const existing = this.serverTx.get(key);
    if (existing) {
      // §17.2.1/§17.2.2: a retransmission gets the last response again.
      this.stats.retransmissionsAbsorbed++;
      existing.retransmission();
      return;
    }
    const toTag = req.toTag ?? newTag();
    let timedOut: (status: number) => void = () => {};
    const tx = new ServerTransaction({
      method: req.method,
      clock: this.clock,
      timers: this.timers,
      reliable: flow.transport === 'tcp',
      send: (bytes, status, retransmission) => {
        if (retransmission) this.stats.retransmissionsSent++;
        this.sendResponse(flow, topVia, bytes, status);
      },
      onAckTimeout: (status) => timedOut(status),
      onTerminated: () => {
        if (this.serverTx.get(key) === tx) this.serverTx.delete(key);
      },
    });
    this.serverTx.set(key, tx);
    const respond = (status: number, opts: SipResponseOptions = {}, extra: SipHeaderList = []): void => {
      tx.respond(
        this.responseBytes(req, vias, status, status > 100 ? toTag : undefined, opts, extra),
        status,
      );
    };
    const refuse = (status: number, reason?: string, headers?: SipHeaderList): void => {
      this.stats.rejected++;
      this.publishBadInput(flow.transport, flow.remote, `${status} ${reason ?? reasonPhrase(status)}`);
      respond(status, { reason, headers });
    };

    if (req.method === 'CANCEL') {
      // RFC 3261 §9.2: CANCEL matches the INVITE's server transaction (same branch).
      const invite = this.serverTx.get(key.replace(/\|CANCEL$/, '|INVITE'));
      if (!invite || invite.finalStatus !== undefined) {
        refuse(481);
        return;
      }
      respond(200);
      const cancelled = this.pendingInvites.get(invite);
      cancelled?.(487);
      return;
    }
    if (req.method === 'OPTIONS' && req.toTag === undefined) {
      // RFC 3261 §11.2: OPTIONS is answered as an INVITE would be, with capabilities.
      const known = this.handlerFor(req.user);
      if (!known) {
        refuse(404);
        return;
      }
      respond(200, {}, [
        ['Allow', this.allowedMethods().join(', ')],
        ['Accept', (known.accept ?? [CSTA]).join(', ')],
        ['Supported', SUPPORTED_OPTIONS.join(', ')],
      ]);
      return;
    }
    if (req.method === 'REGISTER') {
      this.onRegisterRequest(req, flow, tx, respond, refuse);
      return;
    }
    if (req.toTag !== undefined) {
      const dialog = this.dialogMap.get(dialogKey(req.callId, req.toTag, req.fromTag ?? ''));
      if (!dialog) {
        // RFC 3261 §12.2.2: a request for an unknown dialog gets 481.
        refuse(481);
        return;
      }
      if (dialog.remoteSeq !== undefined && req.cseq < dialog.remoteSeq) {
        // RFC 3261 §12.2.2: a CSeq lower than the remote sequence gets 500.
        refuse(500, 'CSeq Out of Order');
        return;
      }
      dialog.remoteSeq = req.cseq;
      if (flow.connection) dialog.connection = flow.connection;
      this.inDialog(req, dialog, flow, tx, respond, refuse, (fn) => {
        timedOut = fn;
      });
      return;
    }
    // Out of dialog from here: INFO/BYE need a dialog (RFC 6086 §4.2.2, RFC 3261 §15.1.2).
    if (req.method !== 'INVITE') {
      refuse(481);
      return;
    }
    const handler = this.handlerFor(req.user);
    if (!handler) {
      refuse(404);
      return;
    }
    if (!acceptable(req, handler.accept)) {
      // RFC 3261 §21.4.16: 415 lists what we accept.
      refuse(415, undefined, [['Accept', (handler.accept ?? []).join(', ')]]);
      return;
    }
    const localTag = toTag;
    const invite: IncomingInvite = {
      request: req,
      transport: flow.transport,
      remote: flow.remote,
      accept: (opts = {}) => {
        if (tx.finalStatus !== undefined) throw new SipTransportError('INVITE already answered');
        const dialog = new SipDialog(this, {
          role: 'uas',
          callId: req.callId,
          localTag,
          remoteTag: req.fromTag ?? '',
          localHeader: `${req.header('to') ?? ''};tag=${localTag}`,
          remoteHeader: req.header('from') ?? '',
          remoteTarget: contactUri(req) ?? req.uri,
          localUser: req.user ?? '',
          transport: flow.transport,
          remote: flow.remote,
          connection: flow.connection,
          localSeq: 0,
          remoteSeq: req.cseq,
          accept: handler.accept,
        });
        this.dialogMap.set(dialogKey(req.callId, localTag, dialog.remoteTag), dialog);
        dialog.pendingAck = { cseq: req.cseq, acked: () => tx.ack() };
        timedOut = (status) => {
          // §13.3.1.4: no ACK for the 2xx within 64*T1: the session SHOULD be terminated.
          if (status < 300 && dialog.state === 'confirmed') dialog.bye().catch(() => {});
        };
        this.pendingInvites.delete(tx);
        respond(200, opts, this.uasHeaders(req.user, flow.transport));
        return dialog;
      },
      reject: (status, opts = {}) => {
        if (status < 300 || status > 699)
          throw new RangeError(`reject needs a 3xx-6xx status, got ${status}`);
        this.pendingInvites.delete(tx);
        respond(status, opts);
      },
    };
    this.pendingInvites.set(tx, (status) => invite.reject(status));
    try {
      handler.fn(invite);
    } catch {
      if (tx.finalStatus === undefined) invite.reject(500);
    }
    // RFC 3261 §17.2.1: a TU that does not answer at once gets a 100 Trying sent for it.
    if (tx.finalStatus === undefined) {
      respond(100);
      // A handler that never answers: by 64*T1 the caller's Timer B has fired; end with 408
      // (RFC 3261 §21.4.9) so the transaction is not kept forever.
      this.clock.setTimeout(() => {
        if (tx.finalStatus === undefined && !tx.isTerminated) invite.reject(408);
      }, 64 * this.timers.t1);
    }
  }

  /** RFC 3261 §10.3: REGISTER goes to the registrar; bad Contact/Expires syntax is a 400. */
  private onRegisterRequest(
    req: SipRequest,
    flow: Flow,
    tx: ServerTransaction,
    respond: (status: number, opts?: SipResponseOptions, extra?: SipHeaderList) => void,
    refuse: (status: number, reason?: string, headers?: SipHeaderList) => void,
  ): void {
    const registrar = this.registrar;
    if (!registrar) {
      refuse(405, undefined, [['Allow', this.allowedMethods().join(', ')]]);
      return;
    }
    const parsed = parseRegister(req);
    if (!parsed.ok) {
      refuse(400, parsed.reason);
      return;
    }
    const register: IncomingRegister = {
      request: req,
      transport: flow.transport,
      remote: flow.remote,
      aor: parsed.aor,
      user: parsed.user,
      contacts: parsed.contacts,
      expires: parsed.expires,
      accept: (bindings, opts = {}) => {
        if (tx.finalStatus !== undefined) return;
        // §10.3 step 8: the 200 lists every current binding with its expires parameter.
        const contacts = bindings.map((b): readonly [string, string] => [
          'Contact',
          `<${b.uri}>;expires=${b.expires}`,
        ]);
        respond(200, opts, contacts);
      },
      reject: (status, opts = {}) => {
        if (tx.finalStatus !== undefined) return;
        if (status < 300 || status > 699)
          throw new RangeError(`reject needs a 3xx-6xx status, got ${status}`);
        this.stats.rejected++;
        respond(status, opts);
      },
    };
    try {
      registrar(register);
    } catch {
      if (tx.finalStatus === undefined) respond(500);
    }
    // A registrar that does not answer at once: 500 rather than a transaction kept forever.
    if (tx.finalStatus === undefined)
      this.clock.setTimeout(() => {
        if (tx.finalStatus === undefined && !tx.isTerminated) respond(500);
      }, 64 * this.timers.t1);
  }

  private allowedMethods(): readonly string[] {
    return this.registrar ? [...ALLOWED_METHODS, 'REGISTER'] : ALLOWED_METHODS;
  }

  /** INVITE server transactions still waiting for the handler (CANCEL answers them 487). */
  private readonly pendingInvites = new Map<ServerTransaction, (status: number) => void>();

  private inDialog(
    req: SipRequest,
    dialog: SipDialog,
    flow: Flow,
    tx: ServerTransaction,
    respond: (status: number, opts?: SipResponseOptions, extra?: SipHeaderList) => void,
    refuse: (status: number, reason?: string, headers?: SipHeaderList) => void,
    onAckTimeout: (fn: (status: number) => void) => void,
  ): void {
    if (req.method === 'BYE') {
      respond(200); // §15.1.2
      dialog.deliverBye(req);
      return;
    }
    if (req.method !== 'INFO' && req.method !== 'INVITE') {
      refuse(405, undefined, [['Allow', this.allowedMethods().join(', ')]]);
      return;
    }
    if (!acceptable(req, dialog.accept)) {
      refuse(415, undefined, [['Accept', (dialog.accept ?? []).join(', ')]]);
      return;
    }
    const isInvite = req.method === 'INVITE';
    // §14.2: a re-INVITE while ours is pending gets 491.
    if (isInvite && dialog.outgoingInvitePending) {
      refuse(491);
      return;
    }
    if (isInvite) {
      const contact = contactUri(req);
      if (contact) dialog.remoteTarget = contact; // §12.2.2: target refresh
      onAckTimeout((status) => {
        if (status < 300 && dialog.state === 'confirmed') dialog.bye().catch(() => {});
      });
    }
    const incoming: IncomingDialogRequest = {
      request: req,
      dialog,
      respond: (status, opts = {}) => {
        if (tx.finalStatus !== undefined || status < 200 || status > 699) return;
        if (isInvite && status < 300) dialog.pendingAck = { cseq: req.cseq, acked: () => tx.ack() };
        respond(
          status,
          opts,
          isInvite && status < 300 ? this.uasHeaders(dialog.localUser, flow.transport) : [],
        );
      },
    };
    let handled: boolean;
    try {
      handled = isInvite ? dialog.deliverReInvite(incoming) : dialog.deliverInfo(incoming);
    } catch {
      if (tx.finalStatus === undefined) respond(500);
      return;
    }
    // No handler: a refresh re-INVITE is accepted (RFC 4028 §9); a dialog that takes no INFO
    // answers 501 Not Implemented (RFC 3261 §21.5.2).
    if (!handled) incoming.respond(isInvite ? 200 : 501);
  }

  private onAck(req: SipRequest, key: string): void {
    // Non-2xx ACK: same branch as the INVITE (§17.2.1).
    const tx = this.serverTx.get(key.replace(/\|ACK$/, '|INVITE'));
    if (tx) {
      tx.ack();
      return;
    }
    // 2xx ACK: matched to the dialog by CSeq (§13.3.1.4).
    if (req.toTag === undefined) return;
    const dialog = this.dialogMap.get(dialogKey(req.callId, req.toTag, req.fromTag ?? ''));
    if (dialog?.pendingAck && dialog.pendingAck.cseq === req.cseq) {
      dialog.pendingAck.acked();
      dialog.pendingAck = undefined;
    }
  }

  private handlerFor(user: string | undefined): Handler | undefined {
    return (
      this.handlers.find((h) => h.user !== undefined && h.user === user) ??
      this.handlers.find((h) => h.user === undefined)
    );
  }

  private uasHeaders(user: string | undefined, transport: SipTransportName): SipHeaderList {
    return [
      ['Contact', this.contactFor(user, transport)],
      ['Allow', this.allowedMethods().join(', ')],
      ['Supported', SUPPORTED_OPTIONS.join(', ')],
    ];
  }

  /** RFC 3261 §8.2.6.2: Via (all, in order), From, To (+tag), Call-ID, CSeq copied. */
  private responseBytes(
    req: SipRequest,
    vias: readonly string[],
    status: number,
    toTag: string | undefined,
    opts: SipResponseOptions,
    extra: SipHeaderList = [],
  ): Uint8Array {
    const headers: Array<readonly [string, string]> = vias.map((v) => ['Via', v] as const);
    const to = req.header('to') ?? '';
    const from = req.header('from');
    if (from !== undefined) headers.push(['From', from]);
    headers.push([
      'To',
      req.toTag === undefined && toTag !== undefined && to !== '' ? `${to};tag=${toTag}` : to,
    ]);
    if (req.callId) headers.push(['Call-ID', req.callId]);
    const cseq = req.header('cseq');
    if (cseq !== undefined) headers.push(['CSeq', cseq]);
    headers.push(['Server', this.userAgent]);
    headers.push(...extra, ...(opts.headers ?? []));
    const body = opts.body ?? '';
    if (body !== '') headers.push(['Content-Type', opts.contentType ?? CSTA]);
    return formatMessage(`SIP/2.0 ${status} ${opts.reason ?? reasonPhrase(status)}`, headers, body);
  }

  /**
   * RFC 3261 §18.2.2: TCP answers on the request's connection while it is open, else opens
   * one to received/sent-by; UDP answers to received (or sent-by) at rport (or sent-by port).
   */
  private sendResponse(
    flow: Flow,
    topVia: ReturnType<typeof parseVia>,
    bytes: Uint8Array,
    status: number,
  ): void {
    const decoded = { status };
    if (flow.transport === 'tcp') {
      if (flow.connection && !flow.connection.closed) {
        this.transmit(flow, bytes, decoded);
        return;
      }
      const dest = topVia ? responseDestination(topVia) : flow.remote;
      this.flowFor('tcp', dest, undefined).then(
        (f) => this.transmit(f, bytes, decoded),
        () => {},
      );
      return;
    }
    this.transmit({ ...flow, remote: topVia ? responseDestination(topVia) : flow.remote }, bytes, decoded);
  }

  private drop(transport: SipTransportName, remote: Endpoint, reason: string, bytes: Uint8Array): void {
    this.stats.dropped++;
    this.publishBadInput(transport, remote, reason, bytes.byteLength);
  }

  private publishBadInput(
    transport: SipTransportName,
    remote: Endpoint,
    reason: string,
    length?: number,
  ): void {
    this.observations?.publish({
      kind: 'state',
      time: this.clock.now(),
      source: this.name,
      topic: 'bad-input',
      detail: { protocol: 'sip', transport, remote, reason, ...(length === undefined ? {} : { length }) },
    });
  }
}

function newTag(): string {
  return randomBytes(6).toString('hex');
}

function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}|${localTag}|${remoteTag}`;
}

/** RFC 3261 §17.2.3: branch + sent-by + method (ACK matches INVITE); RFC 2543 fallback. */
function serverKey(req: SipRequest, via: ReturnType<typeof parseVia>): string {
  if (via?.branch?.startsWith('z9hG4bK')) return `${via.branch}|${via.host}:${via.port ?? ''}|${req.method}`;
  return `${req.callId}|${req.cseq}|${req.fromTag ?? ''}|${via?.branch ?? ''}|${req.method}`;
}

function contactUri(msg: SipRequest | SipResponse): string | undefined {
  const raw = msg.headers('contact')[0];
  if (raw === undefined) return undefined;
  try {
    const parsed = Grammar.parse(raw, 'Contact') as unknown;
    const first = Array.isArray(parsed)
      ? (parsed[0] as { parsed?: { uri?: { toString(): string } } })
      : undefined;
    return first?.parsed?.uri?.toString();
  } catch {
    return undefined;
  }
}

/** RFC 3261 §8.2.3: a body whose type the handler does not accept gets 415. */
function acceptable(req: SipRequest, accept: readonly string[] | undefined): boolean {
  if (accept === undefined || req.body === '') return true;
  return accept.some((a) => a.toLowerCase() === req.contentType);
}

/** A header block alone (framing error) parsed as a message with an empty body. */
function concatBody(head: Uint8Array): Uint8Array {
  const text = Buffer.from(head)
    .toString('utf8')
    .replace(/\r\n(?:content-length|l)[ \t]*:[^\r\n]*/gi, '');
  return Buffer.from(text, 'utf8');
}
