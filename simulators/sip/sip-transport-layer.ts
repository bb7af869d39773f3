import type { Clock } from '../lab/clock.ts';
import type { Endpoint, ObservationStream } from '../lab/observation.ts';
import type { FramerEvent, FramingErrorReason } from '../lab/stream-framing.ts';
import type { ConnectionTimeout } from './sip-connection-supervision.ts';
import { SipTransportError } from './sip-error.ts';
import { malformedResponse } from './sip-malformed-response.ts';
import type { SipMessage } from './sip-message.ts';
import { headerEnd, parseSipMessage } from './sip-parser.ts';
import { checkRequestHead, type RequestHead, readRequestHead } from './sip-request-syntax.ts';
import type { SipStats } from './sip-stats.ts';
import { type SipTcpConnection, SipTcpTransport } from './sip-tcp-transport.ts';
import type { SipConnectionLimits } from './sip-timers.ts';
import { type SipTlsOptions, SipTlsTransport } from './sip-tls-transport.ts';
import { SipUdpTransport } from './sip-udp-transport.ts';
import { responseDestination, type ViaInfo } from './sip-via.ts';

/** RFC 3261 §18 / §26.2: the Via transports we speak (`TLS` is TLS over TCP). */
export type SipTransportName = 'tcp' | 'udp' | 'tls';

/** Whether a transport is a stream (TCP or TLS): reliable, framed by Content-Length (§18.3). */
export function isStream(transport: SipTransportName): transport is 'tcp' | 'tls' {
  return transport !== 'udp';
}

/** Where a message came from or goes to: the transport, the peer, and the TCP/TLS connection. */
export interface SipFlow {
  transport: SipTransportName;
  remote: Endpoint;
  connection: SipTcpConnection | undefined;
}

export interface SipTransportLayerOptions {
  /** Observation source name (node name). */
  name: string;
  clock: Clock;
  observations: ObservationStream | undefined;
  stats: SipStats;
  /** Largest message accepted. */
  maxMessageBytes: number;
  /** Server header of the 400/413/416/505 answered to a malformed request or framing error. */
  userAgent: string;
  /** When a TCP connection is closed for silence or an unfinished message. */
  connectionLimits: SipConnectionLimits;
  /** Whether a dialog still uses a TCP connection (then silence does not close it). */
  connectionInUse(connection: SipTcpConnection): boolean;
  /** TLS: the listener's certificate and port, the CAs outgoing connections trust. */
  tls?: SipTlsOptions;
  /** A parsed message arrived on `flow`. */
  onMessage(message: SipMessage, flow: SipFlow): void;
  /** A TCP or TLS flow closed (either side, or reset). */
  onFlowClosed?(flow: SipFlow): void;
}

/**
 * The transport layer (RFC 3261 §18): TCP and UDP on one host:port, TLS (§26.2) on a port of
 * its own when a certificate is given, parsing what arrives and sending what the layers above
 * hand it, with responses routed by Via (§18.2.2). Bad input is counted and published as a
 * `bad-input` observation, never thrown.
 */
export class SipTransportLayer {
  private readonly tcp: SipTcpTransport;
  private readonly tls: SipTlsTransport;
  private readonly udp: SipUdpTransport;
  private advertised = '127.0.0.1';
  private boundPort = 0;
  private tlsPort: number | undefined;

  constructor(private readonly opts: SipTransportLayerOptions) {
    const common = { name: opts.name, clock: opts.clock, observations: opts.observations };
    const stream = {
      ...common,
      maxMessageBytes: opts.maxMessageBytes,
      onEvent: (event: FramerEvent, connection: SipTcpConnection) => this.onTcpEvent(event, connection),
      onClose: (connection: SipTcpConnection) =>
        opts.onFlowClosed?.({ transport: connection.transport, remote: connection.remote, connection }),
      limits: opts.connectionLimits,
      inUse: (connection: SipTcpConnection) => opts.connectionInUse(connection),
      onTimeout: (connection: SipTcpConnection, why: ConnectionTimeout) => this.onTimeout(connection, why),
    };
    this.tcp = new SipTcpTransport(stream);
    this.tls = new SipTlsTransport({
      ...stream,
      tls: opts.tls ?? {},
      // RFC 3261 §26.2: a peer that cannot complete the handshake gets no SIP; counted as bad input.
      onHandshakeError: (remote, reason) => {
        opts.stats.dropped++;
        this.publishBadInput('tls', remote, `tls handshake: ${reason}`);
      },
    });
    this.udp = new SipUdpTransport({
      ...common,
      onDatagram: (bytes, remote) => this.onDatagram(bytes, remote),
    });
  }

  /** Bind TCP and UDP on the same port (port 0: an ephemeral one free for both). */
  async listen(host: string, port: number, advertisedHost: string | undefined): Promise<void> {
    this.advertised = advertisedHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
    for (let attempt = 0; ; attempt++) {
      const tcp = await this.tcp.listen(host, port);
      try {
        await this.udp.bind(host, tcp.port);
        this.boundPort = tcp.port;
        break;
      } catch (e) {
        await this.tcp.close();
        if (port !== 0 || attempt >= 10)
          throw new SipTransportError(`cannot bind UDP: ${(e as Error).message}`);
      }
    }
    const { key, cert, port: tlsPort } = this.opts.tls ?? {};
    if (key === undefined || cert === undefined) return;
    try {
      this.tlsPort = (await this.tls.listen(host, tlsPort ?? 0)).port;
    } catch (e) {
      await Promise.all([this.tcp.close(), this.udp.close()]);
      throw new SipTransportError(`cannot listen for TLS: ${(e as Error).message}`);
    }
  }

  /** The advertised address; TCP and UDP share the port. */
  get address(): Endpoint {
    return { host: this.advertised, port: this.boundPort };
  }

  /** The advertised TLS address, when the endpoint listens for TLS. */
  get tlsAddress(): Endpoint | undefined {
    return this.tlsPort === undefined ? undefined : { host: this.advertised, port: this.tlsPort };
  }

  /**
   * Our sent-by / Contact address for `transport` (RFC 3261 §18.1.1, §20.10): the TLS port for
   * TLS when we listen for it; otherwise (UDP, TCP, or TLS from an endpoint with no TLS
   * listener, whose responses can only come back on its connection) the TCP/UDP port.
   */
  addressFor(transport: SipTransportName): Endpoint {
    return transport === 'tls' ? (this.tlsAddress ?? this.address) : this.address;
  }

  get tcpConnectionCount(): number {
    return this.tcp.connectionCount;
  }

  get tlsConnectionCount(): number {
    return this.tls.connectionCount;
  }

  close(): Promise<unknown> {
    return Promise.all([this.tcp.close(), this.tls.close(), this.udp.close()]);
  }

  /**
   * UDP as is; TCP or TLS on `connection` while it is open, else a new or reused connection
   * (§18.1.1). A TLS connection whose handshake fails (a server the CA does not vouch for) is
   * a SipTransportError like a refused TCP connection.
   */
  async flowFor(
    transport: SipTransportName,
    remote: Endpoint,
    connection: SipTcpConnection | undefined,
  ): Promise<SipFlow> {
    if (transport === 'udp') return { transport, remote, connection: undefined };
    if (connection && !connection.closed) return { transport, remote: connection.remote, connection };
    try {
      const c = await (transport === 'tls' ? this.tls : this.tcp).connect(remote);
      return { transport, remote: c.remote, connection: c };
    } catch (e) {
      throw new SipTransportError(`cannot connect to ${remote.host}:${remote.port}: ${(e as Error).message}`);
    }
  }

  transmit(flow: SipFlow, bytes: Uint8Array, decoded: unknown): void {
    this.opts.stats.messagesSent++;
    if (flow.transport === 'udp') this.udp.send(bytes, flow.remote, decoded);
    else flow.connection?.send(bytes, decoded);
  }

  /**
   * RFC 3261 §18.2.2: TCP and TLS answer on the request's connection while it is open, else open
   * one to received/sent-by; UDP answers to received (or sent-by) at rport (or sent-by port).
   */
  sendResponse(flow: SipFlow, topVia: ViaInfo | undefined, bytes: Uint8Array, status: number): void {
    const decoded = { status };
    if (isStream(flow.transport)) {
      if (flow.connection && !flow.connection.closed) {
        this.transmit(flow, bytes, decoded);
        return;
      }
      const dest = topVia ? responseDestination(topVia, flow.transport) : flow.remote;
      this.flowFor(flow.transport, dest, undefined).then(
        (f) => this.transmit(f, bytes, decoded),
        () => {},
      );
      return;
    }
    this.transmit(
      { ...flow, remote: topVia ? responseDestination(topVia, 'udp') : flow.remote },
      bytes,
      decoded,
    );
  }

  publishBadInput(transport: SipTransportName, remote: Endpoint, reason: string, length?: number): void {
    this.opts.observations?.publish({
      kind: 'state',
      time: this.opts.clock.now(),
      source: this.opts.name,
      topic: 'bad-input',
      detail: { protocol: 'sip', transport, remote, reason, ...(length === undefined ? {} : { length }) },
    });
  }

  // ---- receiving ----

  private onDatagram(bytes: Uint8Array, remote: Endpoint): void {
    // RFC 5626 §4.4.1 uses STUN on UDP; a datagram of bare CRLFs is a keepalive: ignore it.
    if (bytes.every((b) => b === 0x0d || b === 0x0a)) return;
    if (bytes.byteLength > this.opts.maxMessageBytes) {
      this.drop('udp', remote, 'datagram too large', bytes);
      return;
    }
    this.receive(bytes, { transport: 'udp', remote, connection: undefined });
  }

  private onTcpEvent(event: FramerEvent, connection: SipTcpConnection): void {
    const flow: SipFlow = { transport: connection.transport, remote: connection.remote, connection };
    if (event.kind === 'ping') {
      this.opts.stats.keepalivesAnswered++;
      return;
    }
    if (event.kind === 'message') {
      this.receive(event.bytes, flow);
      return;
    }
    // Framing problem: answer if the header block is a request, then close unless recoverable.
    this.publishBadInput(connection.transport, connection.remote, `framing: ${event.reason}`);
    if (event.head && isRequestStart(event.head)) {
      const { status, reason } = FRAMING_REFUSALS[event.reason];
      this.refuse(readRequestHead(event.head), status, reason, flow, event.head.byteLength);
    }
    if (!event.recoverable) {
      this.opts.stats.framingErrors++;
      connection.close();
    }
  }

  /**
   * Requests pass the syntax checks of `checkRequestHead` (RFC 3261 §7, §8.1.1, §8.2.2, §18.3,
   * §20, §25.1) before sip.js parses them; responses that do not parse are discarded (§18.3).
   */
  private receive(bytes: Uint8Array, flow: SipFlow): void {
    const end = headerEnd(bytes);
    const request = end >= 0 && isRequestStart(bytes);
    const head = request ? readRequestHead(bytes.subarray(0, end)) : undefined;
    if (head !== undefined) {
      const checked = checkRequestHead(head, flow.transport === 'udp' ? bytes.byteLength - end : undefined);
      if (!checked.ok) {
        this.refuse(head, checked.error, checked.reason, flow, bytes.byteLength);
        return;
      }
    }
    const msg = parseSipMessage(bytes);
    if (msg instanceof Error) {
      // A request our checks passed but the sip.js grammar did not: still malformed (§21.4.1).
      if (head !== undefined) this.refuse(head, 400, 'Malformed Request', flow, bytes.byteLength);
      else this.drop(flow.transport, flow.remote, msg.message, bytes);
      return;
    }
    flow.connection?.markEstablished();
    this.opts.stats.messagesReceived++;
    this.opts.onMessage(msg, flow);
  }

  /**
   * A request refused for its syntax is answered when its top Via can route the answer (RFC 3261
   * §18.2.2; an ACK never is, §17.2.1: it gets no response). When nothing can route it, nobody
   * can be answered: the TCP connection closes (its peer learns at once; the stream may be
   * anything but SIP), a datagram is dropped; both are counted.
   */
  private refuse(head: RequestHead, status: number, reason: string, flow: SipFlow, length: number): void {
    this.publishBadInput(flow.transport, flow.remote, `${status} ${reason}`, length);
    const { stats } = this.opts;
    const answer = malformedResponse(head, status, reason, flow.remote, this.opts.userAgent);
    if (answer === undefined) {
      stats.unanswerable++;
      if (flow.connection) flow.connection.close();
      else stats.dropped++;
      return;
    }
    if (head.startLine.startsWith('ACK ')) {
      stats.dropped++;
      return;
    }
    stats.rejected++;
    this.sendResponse(flow, answer.topVia, answer.bytes, status);
  }

  /** A TCP or TLS connection reached one of its limits (`SipConnectionLimits`) and is being closed. */
  private onTimeout(connection: SipTcpConnection, why: ConnectionTimeout): void {
    this.opts.stats.connectionsTimedOut++;
    if (why !== 'idle') this.publishBadInput(connection.transport, connection.remote, `timeout: ${why}`);
  }

  private drop(transport: SipTransportName, remote: Endpoint, reason: string, bytes: Uint8Array): void {
    this.opts.stats.dropped++;
    this.publishBadInput(transport, remote, reason, bytes.byteLength);
  }
}

/** How a request whose framing failed is answered (RFC 3261 §18.3). */
const FRAMING_REFUSALS: Readonly<Record<FramingErrorReason, { status: number; reason: string }>> = {
  // §21.4.11: larger than we accept; the framer skips the body, so the stream stays usable.
  'too-large': { status: 413, reason: 'Request Entity Too Large' },
  // §18.3 / §20.14: Content-Length MUST be used on a stream.
  'no-content-length': { status: 400, reason: 'Missing Content-Length Header' },
  // §20.14 Content-Length = 1*DIGIT; RFC 4475 §3.1.2.3 (negative) and §3.3.9 (several values).
  'bad-content-length': { status: 400, reason: 'Bad Content-Length Header' },
  'multiple-content-length': { status: 400, reason: 'Multiple Content-Length Headers' },
};

/** A start line that is not a response's (`SIP/2.0 200 OK`) is read as a request's. */
function isRequestStart(bytes: Uint8Array): boolean {
  return !/^SIP\//i.test(
    Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(4, bytes.byteLength)).toString('latin1'),
  );
}
