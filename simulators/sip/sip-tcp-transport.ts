import net from 'node:net';
import type { Clock } from '../lab/clock.ts';
import { latencyProbe } from '../lab/latency-probe.ts';
import type { Endpoint, ObservationStream } from '../lab/observation.ts';
import { type FramerEvent, SipStreamFramer } from '../lab/stream-framing.ts';
import { writeInTurn } from '../lab/turn-writes.ts';
import { ConnectionSupervision, type ConnectionTimeout } from './sip-connection-supervision.ts';
import type { SipConnectionLimits } from './sip-timers.ts';

/** One SIP connection over a stream (TCP, or TLS over TCP: `sip-tls-transport.ts`), accepted or opened. */
export interface SipTcpConnection {
  readonly id: string;
  /** The stream transport it runs (RFC 3261 §18: Via `TCP` or `TLS`). */
  readonly transport: 'tcp' | 'tls';
  readonly local: Endpoint;
  readonly remote: Endpoint;
  readonly closed: boolean;
  send(bytes: Uint8Array, decoded?: unknown): void;
  close(): void;
  /** A well-formed SIP message arrived on it (ends the `firstMessageMs` limit). */
  markEstablished(): void;
}

export interface SipTcpTransportOptions {
  name: string;
  clock: Clock;
  observations: ObservationStream | undefined;
  maxMessageBytes: number;
  /** A framed message (or framing error) arrived on `connection`. */
  onEvent(event: FramerEvent, connection: SipTcpConnection): void;
  /** `connection` closed (either side, or reset). */
  onClose?(connection: SipTcpConnection): void;
  /** When a connection is closed for silence or an unfinished message (`ConnectionSupervision`). */
  limits: SipConnectionLimits;
  /** Whether a dialog still uses `connection` (then silence does not close it). */
  inUse(connection: SipTcpConnection): boolean;
  /** `connection` reached one of its `limits` and is being closed. */
  onTimeout(connection: SipTcpConnection, why: ConnectionTimeout): void;
}

let connectionCounter = 0;

/**
 * SIP messages one writev carries at most (`writeInTurn`): unbounded unless the environment
 * variable `CTILAB_SIP_WRITEV_MAX` names a positive whole number. A held answer waits for every
 * later request of its TCP segment (issue 13, `bench/csta-latency.ts --probe`: about a third of the
 * slowest 1% of requests' time when requests queued, on a busy machine); a bound of 4 cut that wait
 * from 63-466 ms to 2-8 ms but cost 10-16% more CPU per request on both ends at 1,000 requests/s
 * beyond the machine's share (smaller writes, more of them), so it stays a setting to measure on
 * an idle machine, not the default.
 */
export const SIP_MESSAGES_PER_WRITEV = sipMessagesPerWritev(process.env.CTILAB_SIP_WRITEV_MAX);

/** The bound `CTILAB_SIP_WRITEV_MAX` gives (exported for tests): a positive whole number, else none. */
export function sipMessagesPerWritev(text: string | undefined): number {
  return text !== undefined && /^[1-9][0-9]{0,5}$/.test(text.trim())
    ? Number(text.trim())
    : Number.POSITIVE_INFINITY;
}

/**
 * SIP over TCP (RFC 3261 §18): a listening server plus outbound client connections, each
 * framed by {@link SipStreamFramer}. Connections are kept by remote address so responses
 * and in-dialog requests reuse them (RFC 3261 §18.2.2).
 */
export class SipTcpTransport {
  private server: net.Server | undefined;
  private readonly connections = new Map<string, TcpConnection>();
  local: Endpoint | undefined;
  /** What its connections run (the TLS transport extends this class). */
  protected readonly transport: 'tcp' | 'tls' = 'tcp';

  constructor(protected readonly opts: SipTcpTransportOptions) {}

  /** The listening server; `adopt` gets each accepted socket ready for SIP. */
  protected createServer(adopt: (socket: net.Socket) => void): net.Server {
    return net.createServer(adopt);
  }

  /** A client socket to `remote`, resolved once SIP may be sent on it. */
  protected openSocket(remote: Endpoint): Promise<net.Socket> {
    const socket = net.connect({ host: remote.host, port: remote.port });
    return new Promise<net.Socket>((resolve, reject) => {
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }

  listen(host: string, port: number): Promise<Endpoint> {
    return new Promise((resolve, reject) => {
      const server = this.createServer((socket) => this.adopt(socket, 'server'));
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        server.on('error', () => {});
        const a = server.address() as net.AddressInfo;
        this.server = server;
        this.local = { host, port: a.port };
        resolve(this.local);
      });
    });
  }

  /** An open connection to `remote`, if any. */
  find(remote: Endpoint): SipTcpConnection | undefined {
    const c = this.connections.get(key(remote));
    return c && !c.closed ? c : undefined;
  }

  /** Reuse an open connection to `remote` or open one (RFC 3261 §18.1.1). */
  async connect(remote: Endpoint): Promise<SipTcpConnection> {
    const existing = this.find(remote);
    if (existing) return existing;
    const socket = await this.openSocket(remote);
    return this.adopt(socket, 'client');
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  async close(): Promise<void> {
    for (const c of [...this.connections.values()]) c.close();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private adopt(socket: net.Socket, role: 'server' | 'client'): TcpConnection {
    const connection = new TcpConnection(socket, role, this.transport, this.opts, () => {
      if (this.connections.get(key(connection.remote)) === connection)
        this.connections.delete(key(connection.remote));
      this.opts.onClose?.(connection);
    });
    this.connections.set(key(connection.remote), connection);
    return connection;
  }
}

class TcpConnection implements SipTcpConnection {
  readonly id: string;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  closed = false;
  private readonly framer: SipStreamFramer;
  private readonly supervision: ConnectionSupervision;

  constructor(
    private readonly socket: net.Socket,
    role: 'server' | 'client',
    readonly transport: 'tcp' | 'tls',
    private readonly opts: SipTcpTransportOptions,
    onClose: () => void,
  ) {
    this.local = { host: socket.localAddress ?? '', port: socket.localPort ?? 0 };
    this.remote = { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    this.id = `sip-${transport}-${++connectionCounter}`;
    this.framer = new SipStreamFramer(opts.maxMessageBytes);
    this.supervision = new ConnectionSupervision({
      clock: opts.clock,
      limits: opts.limits,
      established: role === 'client',
      inUse: () => opts.inUse(this),
      expire: (why) => {
        opts.onTimeout(this, why);
        this.close();
      },
    });
    const client = role === 'client' ? this.local : this.remote;
    const server = role === 'client' ? this.remote : this.local;
    this.publishConnection('open', client, server);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (!this.closed) this.closed = true;
      this.supervision.stop();
      onClose();
      this.publishConnection('close', client, server);
    });
  }

  send(bytes: Uint8Array, decoded?: unknown): void {
    if (this.closed || this.socket.destroyed) return;
    this.publishWire(this.local, this.remote, bytes, decoded);
    this.supervision.activity();
    // Messages sent in one turn (the answers to the requests one segment carried) leave in one
    // writev (at most SIP_MESSAGES_PER_WRITEV of them).
    writeInTurn(this.socket, bytes, SIP_MESSAGES_PER_WRITEV);
  }

  markEstablished(): void {
    this.supervision.markEstablished();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.supervision.stop();
    this.socket.end();
    this.socket.destroySoon?.();
  }

  private onData(chunk: Buffer): void {
    latencyProbe?.read();
    this.publishWire(this.remote, this.local, new Uint8Array(chunk), undefined);
    for (const event of this.framer.push(chunk)) {
      if (event.kind !== 'error') this.supervision.activity();
      if (event.kind === 'ping') {
        // RFC 5626 §4.4.1: answer a CRLFCRLF ping with a CRLF pong.
        this.send(Buffer.from('\r\n'), { keepalive: 'pong' });
        continue;
      }
      try {
        this.opts.onEvent(event, this);
      } catch {
        // DESIGN.md section 8: bad input never throws out of a socket handler.
      }
    }
    // RFC 3261 §18.3 / RFC 4475 §3.1.2.2: a message still missing bytes is waited for, not forever.
    this.supervision.partial(this.framer.waiting);
  }

  private publishWire(src: Endpoint, dst: Endpoint, bytes: Uint8Array, decoded: unknown): void {
    this.opts.observations?.publish({
      kind: 'wire',
      time: this.opts.clock.now(),
      source: this.opts.name,
      protocol: 'sip',
      // Over TLS the observation holds the SIP inside the session (what a capture decrypted with
      // the session keys shows), on the TLS connection; WireObservation knows only tcp/udp.
      transport: 'tcp',
      connection: this.id,
      src,
      dst,
      bytes,
      ...(decoded === undefined ? {} : { decoded }),
    });
  }

  private publishConnection(event: 'open' | 'close', client: Endpoint, server: Endpoint): void {
    this.opts.observations?.publish({
      kind: 'connection',
      time: this.opts.clock.now(),
      source: this.opts.name,
      protocol: 'sip',
      connection: this.id,
      event,
      client,
      server,
    });
  }
}

function key(e: Endpoint): string {
  return `${e.host}|${e.port}`;
}
