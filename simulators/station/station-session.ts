import type { Socket } from 'node:net';
import type { Clock, TimerHandle } from '../lab/clock.ts';
import type { Endpoint, ObservationStream } from '../lab/observation.ts';
import { writeInTurn } from '../lab/turn-writes.ts';
import { DecodeMemo, encodeMessageOnce, FrameReader, MessageId } from '../sccp/codec.ts';
import type { SccpMessage } from '../sccp/messages.ts';
import type { EphoneConfig } from './station-config.ts';

/**
 * How long a closed connection keeps reading (and discarding) while waiting for the peer's FIN
 * before it is destroyed (see {@link StationSession.close}).
 */
export const LINGER_MS = 2000;

/**
 * How long the first byte of a frame may wait for the rest of it before the connection is closed
 * (ours; no public Cisco number). In captures/cm_cap.pcapng every message the phone sends fits one
 * TCP segment (frames 30, 31, 35, 36, 39, 42, 47 ...) and a message that spans two (the CUCM's
 * SoftKeyTemplateRes, frames 40-41; SoftKeySetRes, frames 43-44) completes 0.2 ms after its first
 * byte. 5 s still covers two lost segments (RFC 6298 §2: initial RTO 1 s, doubled per retry:
 * 1 + 2 s) while a client dripping a frame cannot hold the connection and its buffer open.
 */
export const PARTIAL_FRAME_TIMEOUT_MS = 5000;

export type StationPhase = 'connected' | 'registering' | 'registered' | 'closed';

export interface StationSessionOptions {
  socket: Socket;
  /** The connection's local end when the listener knows it (bound to one address); else read from the socket. */
  local?: Endpoint | undefined;
  id: string;
  /** Tag of the StationServer listener that accepted the connection (its node, in a cluster). */
  listener: string;
  source: string;
  clock: Clock;
  observations: ObservationStream;
  onMessage(session: StationSession, message: SccpMessage): void;
  onClose(session: StationSession, reason: string): void;
  log(line: string): void;
  /** See {@link PARTIAL_FRAME_TIMEOUT_MS} (the default). */
  partialFrameTimeoutMs?: number;
}

/**
 * One phone's TCP connection to the simulated call manager: frames the byte stream, publishes
 * every frame on the observation stream, and hands decoded messages to the node. Bad input is
 * handled here per Wireshark packet-skinny (framing): a fatal framing error (length < 4, length
 * above the largest message, unknown header version) closes the connection; an unknown message
 * id or a truncated body is logged once and ignored. Nothing thrown here escapes the socket.
 */
/**
 * What phones of one model send alike while they register: CapabilitiesRes (the same codec list,
 * reference §3), decoded once per process while the bytes repeat (sccp/decode-memo.ts; frozen).
 */
// Stryker disable next-line ArrayDeclaration: equivalent, the memo only saves reading the same bytes again
const phonesAlikeMemo = new DecodeMemo([MessageId.CapabilitiesRes]);

export class StationSession {
  readonly id: string;
  /** Tag of the listener that accepted this connection (StationServer.addListener; main: the server's name). */
  readonly listener: string;
  phase: StationPhase = 'connected';
  ephone: EphoneConfig | undefined;
  deviceName: string | undefined;
  /** Protocol version agreed in RegisterAck. */
  protocolVersion = 0;
  /** Header version used on this connection's sends (reference §2: negotiated if >= 10, else 0). */
  headerVersion = 0;
  lastHeard: number;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  // Stryker disable next-line ObjectLiteral: equivalent, without the memo every body is read afresh
  private readonly reader = new FrameReader({ memo: phonesAlikeMemo });
  private readonly opts: StationSessionOptions;
  private lingerTimer: TimerHandle | undefined;
  /** Armed while bytes of an incomplete frame wait (from the first of them). */
  private partialTimer: TimerHandle | undefined;

  constructor(opts: StationSessionOptions) {
    this.opts = opts;
    this.id = opts.id;
    this.listener = opts.listener;
    this.lastHeard = opts.clock.now();
    const s = opts.socket;
    this.local = opts.local
      ? { host: stripV4Mapped(opts.local.host), port: opts.local.port }
      : { host: stripV4Mapped(s.localAddress ?? '127.0.0.1'), port: s.localPort ?? 0 };
    this.remote = { host: stripV4Mapped(s.remoteAddress ?? '127.0.0.1'), port: s.remotePort ?? 0 };
    s.setNoDelay(true);
    opts.observations.publish({
      kind: 'connection',
      time: opts.clock.now(),
      source: opts.source,
      protocol: 'sccp',
      connection: this.id,
      event: 'open',
      client: this.remote,
      server: this.local,
    });
    s.on('data', (chunk: Buffer) => this.onData(chunk));
    s.on('error', (err) => this.close(`socket error: ${err.message}`));
    s.on('close', () => {
      this.lingerTimer?.cancel();
      this.lingerTimer = undefined;
      this.close('peer closed the connection');
    });
  }

  /** Bytes held of a frame not yet complete (0 when the stream ends on a frame boundary). */
  get partialFrameBytes(): number {
    return this.reader.buffered;
  }

  get closed(): boolean {
    return this.phase === 'closed';
  }

  get stationIp(): string {
    return this.remote.host;
  }

  send(message: SccpMessage, headerVersion = this.headerVersion): void {
    this.sendFrame(message, encodeMessageOnce(message, headerVersion));
  }

  /**
   * Send `frame`, the encoding of `message` made earlier (`encodeMessage(message, v)` with the
   * header version `v` this connection sends with): an answer that is the same bytes for every
   * phone is encoded once (registration.ts). `frame` is written and published as it is, never
   * changed.
   */
  sendFrame(message: SccpMessage, frame: Uint8Array): void {
    if (this.phase === 'closed') return;
    // No listener takes wire observations: nothing to build (publish would hand it to no one).
    if (this.opts.observations.wants('wire'))
      this.opts.observations.publish({
        kind: 'wire',
        time: this.opts.clock.now(),
        source: this.opts.source,
        protocol: 'sccp',
        transport: 'tcp',
        connection: this.id,
        src: this.local,
        dst: this.remote,
        bytes: frame,
        decoded: message,
      });
    writeInTurn(this.opts.socket, frame);
  }

  /**
   * Close the connection. By default a lingering close: FIN after everything queued, keep reading
   * (and discarding) until the peer closes too, destroy after {@link LINGER_MS} at the latest.
   * Destroying at once while the peer is still sending makes the TCP answer with RST (RFC 1122
   * §4.2.2.13), and the RST can erase our last messages before the peer reads them (RFC 7230
   * §6.6): a phone lost RegisterReject / UnregisterAck that way (found by station-server.fuzz.test.ts).
   * `linger: false` (the call manager stopping) destroys once the writes are flushed.
   */
  close(reason: string, opts: { linger?: boolean } = {}): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.stopPartialTimer();
    this.opts.observations.publish({
      kind: 'connection',
      time: this.opts.clock.now(),
      source: this.opts.source,
      protocol: 'sccp',
      connection: this.id,
      event: 'close',
      client: this.remote,
      server: this.local,
    });
    const socket = this.opts.socket;
    socket.end();
    if (opts.linger === false) socket.destroySoon?.();
    else if (!socket.destroyed)
      this.lingerTimer = this.opts.clock.setTimeout(() => socket.destroy(), LINGER_MS);
    this.opts.onClose(this, reason);
  }

  private onData(chunk: Buffer): void {
    if (this.phase === 'closed') return;
    this.lastHeard = this.opts.clock.now();
    let results: ReturnType<FrameReader['push']>;
    try {
      results = this.reader.push(chunk);
    } catch (err) {
      // The reader is specified never to throw; should it, the connection is unusable.
      this.badInput(`decoder failure: ${(err as Error).message}`, chunk, true);
      return;
    }
    const observed = this.opts.observations.wants('wire');
    for (const r of results) {
      if (observed)
        this.opts.observations.publish({
          kind: 'wire',
          time: this.opts.clock.now(),
          source: this.opts.source,
          protocol: 'sccp',
          transport: 'tcp',
          connection: this.id,
          src: this.remote,
          dst: this.local,
          bytes: r.raw,
          decoded: r.ok ? r.message : undefined,
        });
      if (!r.ok) {
        this.badInput(r.error.message, r.raw, r.fatal);
        if (r.fatal) return;
        continue;
      }
      try {
        this.opts.onMessage(this, r.message);
      } catch (err) {
        // A handler bug must not take the connection (or the node) down: log it and carry on.
        this.opts.log(`${this.label()}: error handling ${r.message.type}: ${(err as Error).stack ?? err}`);
      }
      if (this.closed) return;
    }
    this.superviseFraming(results.length > 0);
  }

  /**
   * After a chunk: arm the partial-frame timer when it left the first bytes of a new frame
   * waiting (the chunk completed a frame, or nothing was waiting before); keep it while the same
   * frame still waits (a drip does not extend it); stop it once the stream is on a frame boundary.
   */
  private superviseFraming(completedAFrame: boolean): void {
    if (this.reader.buffered === 0) {
      this.stopPartialTimer();
      return;
    }
    if (this.partialTimer !== undefined && !completedAFrame) return;
    this.stopPartialTimer();
    const limit = this.opts.partialFrameTimeoutMs ?? PARTIAL_FRAME_TIMEOUT_MS;
    this.partialTimer = this.opts.clock.setTimeout(() => this.partialFrameExpired(limit), limit);
  }

  private partialFrameExpired(limit: number): void {
    this.partialTimer = undefined;
    if (this.closed) return;
    const what = `a frame incomplete for ${limit} ms (${this.reader.buffered} bytes held)`;
    this.opts.log(`${this.label()}: slow client (${what}); closing connection`);
    this.opts.observations.publish({
      kind: 'state',
      time: this.opts.clock.now(),
      source: this.opts.source,
      topic: 'slow-client',
      detail: {
        connection: this.id,
        device: this.deviceName,
        client: this.remote,
        reason: 'partial-frame',
        afterMs: limit,
        bytes: this.reader.buffered,
      },
    });
    // Nothing of ours is in flight to a peer that stalls mid-frame: no lingering close.
    this.close(`slow client: ${what}`, { linger: false });
  }

  private stopPartialTimer(): void {
    this.partialTimer?.cancel();
    this.partialTimer = undefined;
  }

  private badInput(what: string, raw: Uint8Array, fatal: boolean): void {
    const verdict = fatal ? 'closing connection' : 'ignored';
    this.opts.log(`${this.label()}: bad SCCP input (${what}); ${verdict}`);
    this.opts.observations.publish({
      kind: 'state',
      time: this.opts.clock.now(),
      source: this.opts.source,
      topic: 'bad-input',
      detail: { connection: this.id, device: this.deviceName, error: what, fatal, bytes: raw.length },
    });
    if (fatal) this.close(`bad input: ${what}`);
  }

  label(): string {
    return `${this.deviceName ?? 'unregistered'}@${this.remote.host}:${this.remote.port}`;
  }
}

function stripV4Mapped(addr: string): string {
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}
