import net from 'node:net';
import type { Endpoint } from '../lab/observation.ts';

/**
 * A TR/87 server made of a bare TCP listener and hand-built SIP, for SIPp tests: it answers the
 * call flow of `conformance/sipp/csta-make-call-load.xml` (INVITE RequestSystemStatus -> 200
 * SystemStatus normal; INFO MakeCall -> 200 MakeCallResponse; INFO ClearConnection -> 200
 * ClearConnectionResponse; BYE -> 200) and, before answering each INFO of a session, sends the
 * INVITE's 200 again, byte for byte: the late retransmission a CME sends while its ACK is still
 * unprocessed (RFC 3261 §13.3.1.4: the UAS retransmits the 2xx at T1, doubling, until the ACK
 * arrives; on TCP too). It counts what it received per Call-ID, so a test sees that SIPp ACKed
 * each retransmission (§13.2.2.4: the UAC ACKs every 2xx retransmission it receives).
 */
export class RetransmittingTr87Peer {
  /** Per Call-ID: the methods received in order (`INVITE`, `ACK`, `INFO`, `BYE`). */
  readonly received = new Map<string, string[]>();
  /** INVITE 200s sent again (the retransmissions). */
  retransmitted = 0;
  /** Messages that could not be framed or were not expected (each closes its connection). */
  readonly refused: string[] = [];
  private readonly inviteOk = new Map<string, string>();
  private readonly tags = new Map<string, string>();
  private readonly sockets = new Set<net.Socket>();
  private calls = 0;

  private constructor(
    private readonly server: net.Server,
    readonly address: Endpoint,
    private readonly namespace: string,
  ) {}

  static async start(namespace: string): Promise<RetransmittingTr87Peer> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const peer = new RetransmittingTr87Peer(server, { host: '127.0.0.1', port }, namespace);
    server.on('connection', (socket) => peer.serve(socket));
    return peer;
  }

  /** Methods received for every Call-ID, in order. */
  flows(): string[][] {
    return [...this.received.values()];
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        // RFC 5626 §4.4.1 keepalives and stray line ends between messages.
        while (buffer.length >= 2 && buffer[0] === 0x0d && buffer[1] === 0x0a) buffer = buffer.subarray(2);
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        const length = Number(/^(?:content-length|l)\s*:\s*(\d+)/im.exec(head)?.[1] ?? 'NaN');
        if (!Number.isInteger(length)) {
          this.refused.push(`no Content-Length: ${head.split('\r\n')[0]}`);
          socket.destroy();
          return;
        }
        if (buffer.length < end + 4 + length) return;
        const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
        buffer = buffer.subarray(end + 4 + length);
        this.receive(socket, head, body);
      }
    });
  }

  private receive(socket: net.Socket, head: string, body: string): void {
    const [start = '', ...lines] = head.split('\r\n');
    const method = /^([A-Z]+) \S+ SIP\/2\.0$/.exec(start)?.[1];
    const callId = header(lines, 'call-id');
    if (method === undefined || callId === undefined) {
      this.refused.push(`not a request of a call: ${start}`);
      socket.destroy();
      return;
    }
    const seen = this.received.get(callId) ?? [];
    this.received.set(callId, [...seen, method]);
    const ns = this.namespace;
    switch (method) {
      case 'ACK':
        return;
      case 'INVITE': {
        const ok = answer(lines, 200, 'OK', this.toTag(callId), {
          contact: `<sip:cti@${this.address.host}:${this.address.port};transport=tcp>`,
          extra: ['Session-Expires: 1800;refresher=uac', 'Require: timer'],
          body: `<?xml version="1.0" encoding="UTF-8"?><RequestSystemStatusResponse xmlns="${ns}"><systemStatus>normal</systemStatus></RequestSystemStatusResponse>`,
        });
        this.inviteOk.set(callId, ok);
        socket.write(answer(lines, 100, 'Trying', undefined, {}));
        socket.write(ok);
        return;
      }
      case 'INFO': {
        const again = this.inviteOk.get(callId);
        if (again !== undefined) {
          this.retransmitted++;
          socket.write(again);
        }
        const makeCall = /<MakeCall\b/.test(body);
        const response = makeCall
          ? `<MakeCallResponse xmlns="${ns}"><callingDevice><callID>${this.toTag(callId)}</callID><deviceID>${/<callingDevice>([^<]*)</.exec(body)?.[1] ?? ''}</deviceID></callingDevice></MakeCallResponse>`
          : /<ClearConnection\b/.test(body)
            ? `<ClearConnectionResponse xmlns="${ns}"/>`
            : `<CSTAErrorCode xmlns="${ns}"><operation>serviceNotSupported</operation></CSTAErrorCode>`;
        socket.write(
          answer(lines, 200, 'OK', this.toTag(callId), {
            body: `<?xml version="1.0" encoding="UTF-8"?>${response}`,
          }),
        );
        return;
      }
      case 'BYE':
        this.inviteOk.delete(callId);
        socket.write(answer(lines, 200, 'OK', this.toTag(callId), {}));
        return;
      default:
        socket.write(answer(lines, 405, 'Method Not Allowed', this.toTag(callId), {}));
    }
  }

  private toTag(callId: string): string {
    let tag = this.tags.get(callId);
    if (tag === undefined) {
      tag = `peer${++this.calls}`;
      this.tags.set(callId, tag);
    }
    return tag;
  }
}

function header(lines: readonly string[], name: string): string | undefined {
  const re = new RegExp(`^${name}\\s*:\\s*(.*)$`, 'i');
  for (const l of lines) {
    const m = re.exec(l);
    if (m) return m[1]?.trim();
  }
  return undefined;
}

/** A response echoing Via(s), From, To (with our tag), Call-ID and CSeq (RFC 3261 §8.2.6.2). */
function answer(
  lines: readonly string[],
  status: number,
  reason: string,
  toTag: string | undefined,
  opts: { contact?: string; extra?: readonly string[]; body?: string },
): string {
  const copied = lines.filter((l) => /^(via|v|from|f|call-id|i|cseq)\s*:/i.test(l));
  const to = header(lines, 'to') ?? header(lines, 't') ?? '';
  const body = opts.body ?? '';
  return [
    `SIP/2.0 ${status} ${reason}`,
    ...copied,
    `To: ${toTag === undefined || /;\s*tag=/i.test(to) ? to : `${to};tag=${toTag}`}`,
    ...(opts.contact === undefined ? [] : [`Contact: ${opts.contact}`]),
    ...(opts.extra ?? []),
    ...(body === '' ? [] : ['Content-Type: application/csta+xml']),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}
