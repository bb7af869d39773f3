import { isIP, connect as netConnect, type Socket } from 'node:net';
import type { Clock, TimerHandle } from '../lab/clock.ts';
import type { Endpoint, ObservationStream } from '../lab/observation.ts';
import { writeInTurn } from '../lab/turn-writes.ts';
import { DecodeMemo, encodeMessageOnce, FrameReader, MessageId } from '../sccp/codec.ts';
import type { SccpDecodeError } from '../sccp/decode-error.ts';
import type { SccpMessage } from '../sccp/messages.ts';

/** A decoded frame as delivered to the phone. */
export interface StationFrame {
  time: number;
  headerVersion: number;
  messageId: number;
  message: SccpMessage;
}

export interface StationConnectionHandlers {
  message(frame: StationFrame): void;
  /** The server sent bytes the codec rejected; `fatal` frames also close the connection. */
  badInput(error: SccpDecodeError, fatal: boolean): void;
  /** Called once, whatever closed the connection (`reason` says what). */
  close(reason: string): void;
}

export interface StationConnectionOptions {
  endpoint: { host: string; port: number };
  clock: Clock;
  observations: ObservationStream | undefined;
  /** Device name, published as the observations' `source`. */
  source: string;
  /** The address to connect from (bound first); undefined: the kernel picks the source address. */
  localAddress?: string | undefined;
  connectTimeoutMs: number;
  handlers: StationConnectionHandlers;
}

let connectionSeq = 0;

function normalizeAddress(address: string | undefined): string {
  if (address === undefined) return '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * One phone -> call-manager TCP connection (Wireshark packet-skinny (framing): TCP 2000, frames of
 * length + header version + message id + body). Frames are re-assembled by the codec's
 * FrameReader; every frame in both directions is published on the observation stream as a
 * WireObservation with the socket's own addresses, and open/close as ConnectionObservations.
 * Bad input never throws out of the socket handler: it goes to `handlers.badInput`.
 */
/**
 * What a call manager sends every phone alike while it registers (reference §3 and §6: the
 * RegisterAck of its configuration, CapabilitiesReq, the templates, the idle soft keys and prompt),
 * decoded once per process for all the phones in it while the bytes repeat (decode-memo.ts;
 * frozen, the phone copies what it keeps). A body that differs from the last one of its id is
 * read afresh.
 */
const registrationMemo = new DecodeMemo([
  MessageId.RegisterAck,
  MessageId.CapabilitiesReq,
  MessageId.ButtonTemplateRes,
  MessageId.SoftKeyTemplateRes,
  MessageId.SoftKeySetRes,
  MessageId.SelectSoftKeys,
  MessageId.DisplayPromptStatus,
  MessageId.DisplayPromptStatusV2,
]);

export class StationConnection {
  readonly id: string;
  private readonly reader = new FrameReader({ memo: registrationMemo });
  private closed = false;
  // Stryker disable next-line ObjectLiteral,StringLiteral: equivalent, attach() sets it before the connection is handed out
  private local: Endpoint = { host: '', port: 0 };
  private remote: Endpoint;

  private constructor(
    private readonly socket: Socket,
    private readonly options: StationConnectionOptions,
  ) {
    connectionSeq += 1;
    this.id = `sccp:${options.source}:${connectionSeq}`;
    // Stryker disable next-line ObjectLiteral: equivalent, attach() sets it before the connection is handed out
    this.remote = { host: options.endpoint.host, port: options.endpoint.port };
  }

  /** Opens the TCP connection; rejects (with the socket error or a timeout) when it cannot. */
  static connect(options: StationConnectionOptions): Promise<StationConnection> {
    return new Promise((resolve, reject) => {
      const { host, port } = options.endpoint;
      const socket =
        // Stryker disable next-line ConditionalExpression: equivalent, localAddress undefined is node's default
        options.localAddress === undefined
          ? netConnect({ host, port })
          : netConnect({ host, port, localAddress: options.localAddress });
      socket.setNoDelay(true);
      const conn = new StationConnection(socket, options);
      let timer: TimerHandle | undefined;
      const fail = (err: Error): void => {
        timer?.cancel();
        socket.removeAllListeners();
        socket.on('error', () => {});
        socket.destroy();
        reject(err);
      };
      socket.once('error', fail);
      timer = options.clock.setTimeout(
        () => fail(new Error(`connect timeout after ${options.connectTimeoutMs} ms`)),
        options.connectTimeoutMs,
      );
      socket.once('connect', () => {
        timer?.cancel();
        socket.removeListener('error', fail);
        conn.attach();
        resolve(conn);
      });
    });
  }

  get localAddress(): Endpoint {
    return { ...this.local };
  }

  get remoteAddress(): Endpoint {
    return { ...this.remote };
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /**
   * Encodes and writes one message (a frozen one with the frame made at its first send,
   * encode-memo.ts); returns false when the connection is already closed.
   */
  send(message: SccpMessage, headerVersion = 0): boolean {
    if (this.closed) return false;
    const bytes = encodeMessageOnce(message, headerVersion);
    writeInTurn(this.socket, bytes);
    this.options.observations?.publish({
      kind: 'wire',
      time: this.options.clock.now(),
      source: this.options.source,
      protocol: 'sccp',
      transport: 'tcp',
      connection: this.id,
      src: this.localAddress,
      dst: this.remoteAddress,
      bytes: new Uint8Array(bytes),
      decoded: message,
    });
    return true;
  }

  /** Half-closes politely and releases the socket; `reason` reaches the close handler. */
  close(reason = 'closed by phone'): void {
    if (this.closed) return;
    this.socket.end();
    this.socket.destroy();
    this.finish(reason);
  }

  private attach(): void {
    this.local = { host: normalizeAddress(this.socket.localAddress), port: this.socket.localPort ?? 0 };
    // Connected to an address (not a name): the far end is that address and port (RFC 9293
    // §3.3.2), no getpeername needed. A name is asked of the socket: it may resolve to any address.
    const { host, port } = this.options.endpoint;
    this.remote =
      // Stryker disable next-line ConditionalExpression,BooleanLiteral,StringLiteral: equivalent, the socket's own answer (the other branch) is the same; this one only saves the syscall
      isIP(host) !== 0 && !host.includes('%')
        ? { host: normalizeAddress(host), port }
        : { host: normalizeAddress(this.socket.remoteAddress) || host, port: this.socket.remotePort ?? port };
    this.options.observations?.publish({
      kind: 'connection',
      time: this.options.clock.now(),
      source: this.options.source,
      protocol: 'sccp',
      connection: this.id,
      event: 'open',
      client: this.localAddress,
      server: this.remoteAddress,
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (err) => this.finish(`socket error: ${err.message}`));
    this.socket.on('close', () => this.finish('closed by server'));
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    for (const result of this.reader.push(chunk)) {
      if (this.closed) return;
      const time = this.options.clock.now();
      this.options.observations?.publish({
        kind: 'wire',
        time,
        source: this.options.source,
        protocol: 'sccp',
        transport: 'tcp',
        connection: this.id,
        src: this.remoteAddress,
        dst: this.localAddress,
        bytes: new Uint8Array(result.raw),
        ...(result.ok ? { decoded: result.message } : {}),
      });
      if (result.ok) {
        this.options.handlers.message({
          time,
          headerVersion: result.headerVersion,
          messageId: result.messageId,
          message: result.message,
        });
      } else {
        this.options.handlers.badInput(result.error, result.fatal);
        if (result.fatal) {
          this.socket.destroy();
          this.finish(`fatal bad input: ${result.error.message}`);
          return;
        }
      }
    }
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.options.observations?.publish({
      kind: 'connection',
      time: this.options.clock.now(),
      source: this.options.source,
      protocol: 'sccp',
      connection: this.id,
      event: 'close',
      client: this.localAddress,
      server: this.remoteAddress,
    });
    this.options.handlers.close(reason);
  }
}
