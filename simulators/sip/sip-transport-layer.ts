import type { Clock } from '../lab/clock.ts';
import type { Endpoint, ObservationStream } from '../lab/observation.ts';
import { SipTransportError } from './sip-error.ts';
import { newTag } from './sip-identifiers.ts';
import type { SipMessage } from './sip-message.ts';
import { parseSipMessage } from './sip-parser.ts';
import { formatResponse } from './sip-response.ts';
import type { SipStats } from './sip-stats.ts';
import type { FramerEvent } from './sip-stream-framer.ts';
import { type SipTcpConnection, SipTcpTransport } from './sip-tcp-transport.ts';
import { SipUdpTransport } from './sip-udp-transport.ts';
import { responseDestination, type ViaInfo } from './sip-via.ts';

export type SipTransportName = 'tcp' | 'udp';

/** Where a message came from or goes to: the transport, the peer, and the TCP connection. */
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
  /** Server header of the 400/413 answered to a framing error. */
  userAgent: string;
  /** A parsed message arrived on `flow`. */
  onMessage(message: SipMessage, flow: SipFlow): void;
}

/**
 * The transport layer (RFC 3261 §18): TCP and UDP on one host:port, parsing what arrives and
 * sending what the layers above hand it, with responses routed by Via (§18.2.2). Bad input is
 * counted and published as a `bad-input` observation, never thrown.
 */
export class SipTransportLayer {
  private readonly tcp: SipTcpTransport;
  private readonly udp: SipUdpTransport;
  private advertised = '127.0.0.1';
  private boundPort = 0;

  constructor(private readonly opts: SipTransportLayerOptions) {
    const common = { name: opts.name, clock: opts.clock, observations: opts.observations };
    this.tcp = new SipTcpTransport({
      ...common,
      maxMessageBytes: opts.maxMessageBytes,
      onEvent: (event, connection) => this.onTcpEvent(event, connection),
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
        return;
      } catch (e) {
        await this.tcp.close();
        if (port !== 0 || attempt >= 10)
          throw new SipTransportError(`cannot bind UDP: ${(e as Error).message}`);
      }
    }
  }

  /** The advertised address; TCP and UDP share the port. */
  get address(): Endpoint {
    return { host: this.advertised, port: this.boundPort };
  }

  get tcpConnectionCount(): number {
    return this.tcp.connectionCount;
  }

  close(): Promise<unknown> {
    return Promise.all([this.tcp.close(), this.udp.close()]);
  }

  /** UDP as is; TCP on `connection` while it is open, else a new or reused connection (§18.1.1). */
  async flowFor(
    transport: SipTransportName,
    remote: Endpoint,
    connection: SipTcpConnection | undefined,
  ): Promise<SipFlow> {
    if (transport === 'udp') return { transport, remote, connection: undefined };
    if (connection && !connection.closed) return { transport, remote: connection.remote, connection };
    try {
      const c = await this.tcp.connect(remote);
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
   * RFC 3261 §18.2.2: TCP answers on the request's connection while it is open, else opens
   * one to received/sent-by; UDP answers to received (or sent-by) at rport (or sent-by port).
   */
  sendResponse(flow: SipFlow, topVia: ViaInfo | undefined, bytes: Uint8Array, status: number): void {
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
    const flow: SipFlow = { transport: 'tcp', remote: connection.remote, connection };
    if (event.kind === 'ping') {
      this.opts.stats.keepalivesAnswered++;
      return;
    }
    if (event.kind === 'message') {
      this.receive(event.bytes, flow);
      return;
    }
    // Framing problem: answer if the header block is a request, then close unless recoverable.
    this.publishBadInput('tcp', connection.remote, `framing: ${event.reason}`);
    if (event.head) this.answerFramingError(event.head, event.reason, flow);
    if (!event.recoverable) {
      this.opts.stats.framingErrors++;
      connection.close();
    }
  }

  /** A request whose framing failed is answered 413 or 400 (RFC 3261 §18.3); an ACK never is. */
  private answerFramingError(head: Uint8Array, reason: string, flow: SipFlow): void {
    const request = parseSipMessage(withoutContentLength(head));
    if (request instanceof Error || request.kind !== 'request' || request.method === 'ACK') return;
    const status = reason === 'too-large' ? 413 : 400;
    // RFC 3261 §18.3: a stream message without Content-Length is answered 400.
    const phrase =
      reason === 'too-large'
        ? 'Request Entity Too Large'
        : reason === 'no-content-length'
          ? 'Missing Content-Length'
          : 'Bad Content-Length';
    this.opts.stats.rejected++;
    const vias = request.headers('via');
    const spec = { request, vias, status, toTag: newTag(), server: this.opts.userAgent };
    this.transmit(flow, formatResponse(spec, { reason: phrase }), { status });
  }

  private receive(bytes: Uint8Array, flow: SipFlow): void {
    const msg = parseSipMessage(bytes);
    if (msg instanceof Error) {
      this.drop(flow.transport, flow.remote, msg.message, bytes);
      return;
    }
    this.opts.stats.messagesReceived++;
    this.opts.onMessage(msg, flow);
  }

  private drop(transport: SipTransportName, remote: Endpoint, reason: string, bytes: Uint8Array): void {
    this.opts.stats.dropped++;
    this.publishBadInput(transport, remote, reason, bytes.byteLength);
  }
}

/** A header block alone (framing error) parsed as a message with an empty body. */
function withoutContentLength(head: Uint8Array): Uint8Array {
  const text = Buffer.from(head)
    .toString('utf8')
    .replace(/\r\n(?:content-length|l)[ \t]*:[^\r\n]*/gi, '');
  return Buffer.from(text, 'utf8');
}
