/**
 * A raw GED-188 peer for CTI Server tests: real TCP, sends messages or any bytes, reads what the
 * server answers (decoded in the peer's version) and sees the connection end. Waits are test
 * guards on real time.
 */
import { connect, type Socket } from 'node:net';
import {
  CtiFrameReader,
  type CtiMessage,
  ctiMessage,
  decodeMessage,
  encodeMessage,
  NULL_U32,
  ServiceMask,
} from '../cti-server/wire.ts';

export class CtiRawPeer {
  readonly received: CtiMessage[] = [];
  closed = false;
  /** True when the server reset (RST) rather than closed the connection. */
  reset = false;
  private readonly reader = new CtiFrameReader();
  private constructor(
    readonly socket: Socket,
    public version: number,
  ) {
    socket.on('data', (chunk: Buffer) => {
      for (const r of this.reader.push(chunk)) {
        if (!r.ok) continue;
        const d = decodeMessage(r.frame.messageType, r.frame.body, this.version);
        if (d.ok) this.received.push(d.message);
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNRESET') this.reset = true;
    });
    socket.on('close', () => {
      this.closed = true;
    });
  }

  static async connect(port: number, version = 20, host = '127.0.0.1'): Promise<CtiRawPeer> {
    const socket = connect({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new CtiRawPeer(socket, version);
  }

  send(msg: CtiMessage, version = this.version): void {
    this.socket.write(encodeMessage(msg, version));
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The next received message (in order), waiting up to `timeoutMs`. */
  async next(timeoutMs = 2000): Promise<CtiMessage> {
    await waitUntil(() => this.received.length > 0, timeoutMs, 'a message from the CTI Server');
    return this.received.shift()!;
  }

  async waitClosed(timeoutMs = 2000): Promise<void> {
    await waitUntil(() => this.closed, timeoutMs, 'the connection to close');
  }

  /**
   * Sends OPEN_REQ and returns the answer. An ALL_EVENTS session's SYSTEM_EVENT that follows the
   * OPEN_CONF is taken off the queue too and kept in `openEvents`.
   */
  async open(
    fixed: Record<string, number> = {},
    floating?: { name: string; value: unknown }[],
  ): Promise<CtiMessage> {
    this.send(openRequest(this.version, fixed, floating));
    const answer = await this.next();
    const granted = answer.fixed.ServicesGranted;
    if (
      answer.name === 'OPEN_CONF' &&
      typeof granted === 'number' &&
      (granted & ServiceMask.ALL_EVENTS) !== 0
    ) {
      this.openEvents.push(await this.next());
    }
    return answer;
  }

  /** Messages that followed OPEN_CONF (the ALL_EVENTS SYSTEM_EVENT). */
  readonly openEvents: CtiMessage[] = [];

  end(): void {
    this.socket.destroy();
  }
}

/** An OPEN_REQ of a CTI Bridge (ClientID `lab-bridge`, ALL_EVENTS, no heartbeats) unless fields say otherwise. */
export function openRequest(
  version: number,
  fixed: Record<string, number> = {},
  floating: { name: string; value: unknown }[] = [
    { name: 'ClientID', value: 'lab-bridge' },
    { name: 'ClientPassword', value: new Uint8Array() },
  ],
): CtiMessage {
  return ctiMessage(
    'OPEN_REQ',
    {
      InvokeID: 1,
      VersionNumber: version,
      IdleTimeout: NULL_U32,
      PeripheralID: NULL_U32,
      ServicesRequested: ServiceMask.ALL_EVENTS,
      ...fixed,
    },
    floating as CtiMessage['floating'],
  );
}

export async function waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
