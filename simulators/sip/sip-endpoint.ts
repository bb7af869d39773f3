/**
 * One SIP endpoint per lab node: TCP + UDP on one host:port, sip.js core's parser, and a
 * small transaction/dialog layer. This class is the facade; each role lives in its own file
 * (README.md lists them), wired here as SIP.js's `UserAgentCore` wires its user agents.
 *
 * Why not sip.js's `UserAgentCore`: its transactions read the global `setTimeout` (the lab
 * requires the injected Clock, DESIGN.md section 8), it implements no UDP retransmission
 * (RFC 3261 §17 Timers A/E/G), its `Transport.send(message)` has no destination (responses must
 * be routed by Via, RFC 3261 §18.2.2), one core answers one AOR, and INFO outside a dialog gets
 * 405 where RFC 6086 §4.2.2 wants 481 (DESIGN.md section 10). A dispatcher in front of several
 * cores would still leave the timers and routing wrong, so the endpoint keeps sip.js for what
 * it does well — `Parser.parseMessage` and `Grammar` (URIs, name-addr, Via) — and implements
 * the few transactions and dialog rules its users need (RFC 3261 §12-§17), citing each.
 *
 * The SIP layer knows no media type: callers name the content type of every body they send
 * and the types they accept (`acceptedContentTypes`, or per handler / per INVITE).
 */
import { type Clock, systemClock } from '../lab/clock.ts';
import type { Endpoint, ObservationStream } from '../lab/observation.ts';
import { SipClientCore } from './sip-client-core.ts';
import { SipCore } from './sip-core.ts';
import type { DialogHost, SipDialog, SipRequestOptions, SipTransportName } from './sip-dialog.ts';
import { SipDialogLayer } from './sip-dialog-layer.ts';
import { SipInDialogServer } from './sip-in-dialog-server.ts';
import { type InviteOptions, SipInviteClient } from './sip-invite-client.ts';
import { type IncomingInvite, type InviteHandlerOptions, SipInviteServer } from './sip-invite-server.ts';
import type { SipResponse } from './sip-message.ts';
import { sendOptions } from './sip-options.ts';
import type { IncomingRegister } from './sip-register.ts';
import { type RegisterOptions, SipRegisterClient } from './sip-register-client.ts';
import { SipRegistrar } from './sip-registrar.ts';
import { SipRequestDispatcher } from './sip-request-dispatcher.ts';
import type { ServerTransactionTable } from './sip-server-request.ts';
import { newSipStats, type SipStats } from './sip-stats.ts';
import { connectionLimits, DEFAULT_SIP_TIMERS, type SipTimerValues } from './sip-timers.ts';
import type { SipTlsOptions } from './sip-tls-transport.ts';
import { type SipFlow, SipTransportLayer } from './sip-transport-layer.ts';

export type { InviteOptions } from './sip-invite-client.ts';
export type { IncomingInvite, InviteHandlerOptions } from './sip-invite-server.ts';
export type { RegisterOptions } from './sip-register-client.ts';
export type { SipStats } from './sip-stats.ts';
export type { SipTlsOptions } from './sip-tls-transport.ts';

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
  /**
   * Silence after which a TCP connection no dialog uses is closed, ms; default 5 minutes
   * (`DEFAULT_TCP_IDLE_MS`, sip-timers.ts, which also gives the other connection limits).
   */
  tcpIdleMs?: number;
  userAgent?: string;
  /**
   * Media types accepted in bodies when an INVITE handler or an outgoing INVITE names none
   * (RFC 3261 §8.2.3: others get 415 with Accept); default: any.
   */
  acceptedContentTypes?: readonly string[];
  /**
   * SIP over TLS (RFC 3261 §26.2): with `key` and `cert` the endpoint also listens for TLS on
   * `port` (0 or absent: a free one; Cisco CTI gateways use 5061), see `tlsAddress`; `ca` is what
   * outgoing TLS connections (transport `tls`) verify the server against.
   */
  tls?: SipTlsOptions;
}

export class SipEndpoint implements DialogHost {
  readonly name: string;
  readonly stats: SipStats = newSipStats();
  private readonly core: SipCore;
  private readonly transactions: ServerTransactionTable = new Map();
  private readonly dialogLayer: SipDialogLayer;
  private readonly inviteServer: SipInviteServer;
  private readonly inviteClient: SipInviteClient;
  private readonly registrar: SipRegistrar;
  private readonly registerClient: SipRegisterClient;
  private readonly client: SipClientCore;
  private readonly dispatcher: SipRequestDispatcher;
  private readonly flowClosedListeners = new Set<(flow: SipFlow) => void>();

  private constructor(opts: SipEndpointOptions) {
    this.name = opts.name;
    const clock = opts.clock ?? systemClock;
    const userAgent = opts.userAgent ?? 'ctilab-sip';
    const timers = { ...DEFAULT_SIP_TIMERS, ...opts.timers };
    const transport = new SipTransportLayer({
      name: opts.name,
      clock,
      observations: opts.observations,
      stats: this.stats,
      maxMessageBytes: opts.maxMessageBytes ?? 65536,
      userAgent,
      connectionLimits: connectionLimits(timers.t1, opts.tcpIdleMs),
      connectionInUse: (connection) => this.dialogLayer.usesConnection(connection),
      ...(opts.tls ? { tls: opts.tls } : {}),
      // Responses go to the UAC core (client transactions), requests to the dispatcher.
      onMessage: (msg, flow) =>
        msg.kind === 'response' ? this.client.receiveResponse(msg) : this.dispatcher.receive(msg, flow),
      onFlowClosed: (flow) => {
        for (const fn of [...this.flowClosedListeners]) {
          try {
            fn(flow);
          } catch {
            // A listener's failure must not throw out of the socket's close handler.
          }
        }
      },
    });
    this.core = new SipCore({
      name: opts.name,
      clock,
      timers,
      stats: this.stats,
      userAgent,
      transport,
      acceptedContentTypes: opts.acceptedContentTypes,
    });
    this.client = new SipClientCore(this.core);
    this.dialogLayer = new SipDialogLayer(this.client);
    this.inviteServer = new SipInviteServer(this.core, this.dialogLayer, this.transactions);
    this.inviteClient = new SipInviteClient(this.core, this.client, this.dialogLayer);
    this.registrar = new SipRegistrar(this.core);
    this.registerClient = new SipRegisterClient(this.core, this.client);
    this.dispatcher = new SipRequestDispatcher(this.core, this.transactions, {
      invite: this.inviteServer,
      registrar: this.registrar,
      inDialog: new SipInDialogServer(this.core, this.dialogLayer),
    });
  }

  /**
   * Bind TCP and UDP on the same port (port 0: an ephemeral one free for both), and TLS on its
   * own port when `opts.tls` has a key and certificate.
   */
  static async start(opts: SipEndpointOptions): Promise<SipEndpoint> {
    const ep = new SipEndpoint(opts);
    await ep.core.transport.listen(opts.host ?? '127.0.0.1', opts.port ?? 0, opts.advertisedHost);
    return ep;
  }

  /** The bound address; TCP and UDP share the port. */
  get address(): Endpoint {
    return this.core.transport.address;
  }

  /** The TLS listener's advertised address, when the endpoint listens for TLS. */
  get tlsAddress(): Endpoint | undefined {
    return this.core.transport.tlsAddress;
  }

  /** Confirmed dialogs by id. */
  get dialogs(): ReadonlyMap<string, SipDialog> {
    return this.dialogLayer.dialogs;
  }

  /** Open TCP connections. */
  get tcpConnectionCount(): number {
    return this.core.transport.tcpConnectionCount;
  }

  /** Open TLS connections (handshake done). */
  get tlsConnectionCount(): number {
    return this.core.transport.tlsConnectionCount;
  }

  /** Server transactions not yet terminated (RFC 3261 §17.2), for leak checks. */
  get serverTransactionCount(): number {
    return this.transactions.size;
  }

  /**
   * Register an INVITE handler for a Request-URI user (or all users). The handler must call
   * `accept` or `reject` (synchronously or later). Returns an unregister function.
   */
  onInvite(fn: (invite: IncomingInvite) => void, opts: InviteHandlerOptions = {}): () => void {
    return this.inviteServer.add(fn, opts);
  }

  /**
   * Install the registrar (RFC 3261 §10.3): REGISTER requests go to `fn`, which must call
   * `accept` or `reject`; while it is installed REGISTER is in Allow. Without one REGISTER gets
   * 405 as before. One registrar per endpoint: a second call replaces the first. Returns an
   * uninstall function.
   */
  onRegister(fn: (register: IncomingRegister) => void): () => void {
    return this.registrar.install(fn);
  }

  /**
   * Send REGISTER for `opts.aor` (To and From, RFC 3261 §10.2) to `registrar`
   * (`sip:host:port`), binding our Contact (user `opts.contactUser`) for `opts.expires` seconds
   * (0 removes the binding). The same Call-ID with an increasing CSeq is used for every REGISTER
   * of one AOR (§10.2). Resolves with the final response, whatever its status.
   */
  register(registrar: string, opts: RegisterOptions): Promise<SipResponse> {
    return this.registerClient.register(registrar, opts);
  }

  /**
   * Send an INVITE to `target` (`sip:user@host:port[;transport=tcp|tls]`); resolves with the
   * confirmed dialog on 2xx (ACK sent, RFC 3261 §13.2.2.4), rejects with
   * SipRequestFailedError (>= 300), SipTimeoutError (Timer B) or SipTransportError.
   */
  invite(target: string, opts: InviteOptions): Promise<SipDialog> {
    return this.inviteClient.invite(target, opts);
  }

  /**
   * Told when a TCP or TLS connection closes (either side, or reset); a dialog's `connection` is the
   * flow its requests last came on (RFC 3261 §18.2.2). Returns an unsubscribe function.
   */
  onFlowClosed(fn: (flow: SipFlow) => void): () => void {
    this.flowClosedListeners.add(fn);
    return () => {
      this.flowClosedListeners.delete(fn);
    };
  }

  /** Send OPTIONS outside a dialog (RFC 3261 §11); resolves with the final response. */
  options(target: string, transport: SipTransportName = 'udp'): Promise<SipResponse> {
    return sendOptions(this.core, this.client, target, transport);
  }

  async close(): Promise<void> {
    this.dialogLayer.endAll();
    for (const t of [...this.transactions.values()]) t.terminate();
    await this.core.transport.close();
  }

  // ---- DialogHost (dialogs are served by the dialog layer; kept for callers of the endpoint) ----

  /** @internal */
  sendInDialog(dialog: SipDialog, method: string, opts: SipRequestOptions): Promise<SipResponse> {
    return this.dialogLayer.sendInDialog(dialog, method, opts);
  }

  /** @internal */
  forgetDialog(dialog: SipDialog): void {
    this.dialogLayer.forgetDialog(dialog);
  }
}
