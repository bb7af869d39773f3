import dgram from 'node:dgram';
import net from 'node:net';
import type { Endpoint } from '../lab/observation.ts';

/**
 * A bare-socket SIP peer that sends exact bytes and collects what comes back: lets tests
 * (and fuzzing) put malformed or hand-built messages on the wire without any SIP stack.
 */
export class RawSipPeer {
  readonly received: Buffer[] = [];
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(
    readonly transport: 'tcp' | 'udp',
    private readonly udp: dgram.Socket | undefined,
    private readonly tcp: net.Socket | undefined,
    readonly local: Endpoint,
    private readonly target: Endpoint,
  ) {}

  static async udpTo(target: Endpoint): Promise<RawSipPeer> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const peer = new RawSipPeer(
      'udp',
      socket,
      undefined,
      { host: '127.0.0.1', port: socket.address().port },
      target,
    );
    socket.on('message', (m) => peer.push(m));
    return peer;
  }

  static async tcpTo(target: Endpoint): Promise<RawSipPeer> {
    const socket = net.connect(target.port, target.host);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.on('error', () => {});
    const peer = new RawSipPeer(
      'tcp',
      undefined,
      socket,
      { host: '127.0.0.1', port: socket.localPort ?? 0 },
      target,
    );
    socket.on('data', (d) => peer.push(d));
    socket.on('close', () => {
      peer.closed = true;
      peer.wake();
    });
    return peer;
  }

  send(bytes: Uint8Array | string): void {
    const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
    if (this.udp) this.udp.send(b, this.target.port, this.target.host);
    else if (this.tcp && !this.tcp.destroyed) this.tcp.write(b);
  }

  /** Everything received so far, as text. */
  get text(): string {
    return Buffer.concat(this.received).toString('utf8');
  }

  /** Wait until `predicate` holds over what was received (or the socket closed). */
  async until(predicate: (peer: RawSipPeer) => boolean, ms = 2000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting; received so far:\n${this.text}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.udp?.close();
    this.tcp?.destroy();
  }

  private push(b: Buffer): void {
    this.received.push(b);
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** A syntactically complete request, with optional header overrides (value undefined drops it). */
export function rawRequest(
  method: string,
  uri: string,
  over: Record<string, string | undefined> = {},
  body = '',
  via = `SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK${Math.random().toString(36).slice(2)};rport`,
): string {
  const headers: Record<string, string | undefined> = {
    Via: via,
    'Max-Forwards': '70',
    From: '<sip:tester@127.0.0.1>;tag=ft1',
    To: `<${uri}>`,
    'Call-ID': 'raw-call-1@127.0.0.1',
    CSeq: `1 ${method}`,
    Contact: '<sip:tester@127.0.0.1:9>',
    ...(body === '' ? {} : { 'Content-Type': 'application/csta+xml' }),
    'Content-Length': String(Buffer.byteLength(body, 'utf8')),
    ...over,
  };
  let text = `${method} ${uri} SIP/2.0\r\n`;
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) text += `${k}: ${v}\r\n`;
  return `${text}\r\n${body}`;
}
