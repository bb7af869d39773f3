import { connect, type Socket } from 'node:net';
import { encodeMessage, FrameReader } from '../sccp/codec.ts';
import { messageWith } from '../sccp/message-defaults.ts';
import type { MessageOf, SccpMessage, SccpMessageType } from '../sccp/messages.ts';

/**
 * A bare SCCP station for node tests: real TCP, the project codec, no phone logic. It records
 * every message received so tests can assert on exact orders (reference §6).
 */
export class SccpTestClient {
  readonly received: SccpMessage[] = [];
  closed = false;
  private readonly reader = new FrameReader();
  private waiters: Array<() => void> = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const r of this.reader.push(chunk)) if (r.ok) this.received.push(r.message);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<SccpTestClient> {
    const socket = connect({ port, host });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new SccpTestClient(socket);
  }

  send<T extends SccpMessageType>(type: T, fields: Partial<MessageOf<T>> = {}, headerVersion = 0): void {
    const msg = messageWith(type, fields, headerVersion) as SccpMessage;
    this.socket.write(encodeMessage(msg, headerVersion));
  }

  raw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Resolve when `pred` holds over everything received so far (real-time guard for tests). */
  async until(pred: (received: SccpMessage[]) => boolean, what: string, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this.received)) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; got: ${this.received.map((m) => m.type).join(', ')}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async waitFor<T extends SccpMessageType>(type: T, timeoutMs = 3000): Promise<MessageOf<T>> {
    await this.until((r) => r.some((m) => m.type === type), type, timeoutMs);
    return this.received.find((m) => m.type === type) as MessageOf<T>;
  }

  async waitClosed(timeoutMs = 3000): Promise<void> {
    await this.until(() => this.closed, 'connection close', timeoutMs);
  }

  types(): string[] {
    return this.received.map((m) => m.type);
  }

  clear(): void {
    this.received.length = 0;
  }

  close(): void {
    this.socket.destroy();
  }

  /** Register as `SEP<mac>` and complete the exchange up to TimeDateRes and the idle prompt. */
  async register(mac: string, opts: { deviceType?: number; protocolVer?: number } = {}): Promise<void> {
    this.send('RegisterReq', {
      deviceName: `SEP${mac}`,
      instance: 1,
      stationIpAddr: '127.0.0.1',
      deviceType: opts.deviceType ?? 30018,
      maxStreams: 5,
      protocolVer: opts.protocolVer ?? 5,
    });
    await this.waitFor('CapabilitiesReq');
    this.send('CapabilitiesRes', {
      caps: [{ payloadCapability: 4, maxFramesPerPacket: 40, payloadParams: '' }],
    });
    this.send('ButtonTemplateReq');
    this.send('TimeDateReq');
    await this.until(
      (r) =>
        r.some((m) => m.type === 'TimeDateRes') &&
        r.some((m) => m.type === 'DisplayPromptStatus' || m.type === 'DisplayPromptStatusV2'),
      'registration complete',
    );
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
