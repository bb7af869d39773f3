import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { type Clock, systemClock, type TimerHandle } from '../../lab/clock.ts';
import type { Endpoint, ObservationStream } from '../../lab/observation.ts';

/**
 * A read-only TFTP server (RFC 1350) for the phones' configuration files. Only what a phone
 * needs: RRQ in octet (or netascii) mode, 512-byte DATA blocks acknowledged one by one, the last
 * block shorter than 512 bytes (empty when the file is a multiple of 512), retransmission of the
 * unacknowledged block on the injected clock, and ERROR packets. Each transfer runs on its own
 * socket (RFC 1350 §4: the server picks a new TID for every request). Bad datagrams never throw.
 */
export const TFTP_OPCODE = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5 } as const;

/** RFC 1350 Appendix "Error Codes". */
export const TFTP_ERROR = {
  notDefined: 0,
  fileNotFound: 1,
  accessViolation: 2,
  illegalOperation: 4,
  unknownTransferId: 5,
} as const;

export const TFTP_BLOCK_SIZE = 512;

export interface TftpServerOptions {
  host?: string;
  /** UDP port; TFTP's is 69 (0 = ephemeral). */
  port?: number;
  /** The bytes of the file a client asks for (the name as received), or undefined: File not found. */
  resolve: (name: string) => Uint8Array | undefined;
  clock?: Clock;
  observations?: ObservationStream;
  name?: string;
  /** Retransmission timeout in clock milliseconds (default 1000). */
  retransmitMs?: number;
  /** Retransmissions of one block before the transfer is abandoned (default 5). */
  maxRetries?: number;
  /** Concurrent transfers; more are refused with ERROR 0 (default 64). */
  maxTransfers?: number;
}

interface Transfer {
  socket: Socket;
  client: Endpoint;
  data: Uint8Array;
  /** Blocks sent so far (1-based number of the current block, not wrapped at 65535). */
  seq: number;
  lastSent: Uint8Array;
  retries: number;
  timer: TimerHandle | undefined;
  done: boolean;
}

export class TftpServer {
  private readonly socket: Socket;
  private readonly transfers = new Set<Transfer>();
  private readonly clock: Clock;
  private readonly name: string;
  private closed = false;
  /** Where the server listens (fixed at start, so it stays readable after close). */
  readonly address: Endpoint;

  private constructor(
    private readonly opts: TftpServerOptions,
    socket: Socket,
  ) {
    this.socket = socket;
    this.clock = opts.clock ?? systemClock;
    this.name = opts.name ?? 'tftp';
    const a = socket.address();
    this.address = { host: a.address, port: a.port };
    socket.on('message', (msg, rinfo) => this.onRequest(msg, rinfo));
    socket.on('error', () => {});
  }

  static async start(opts: TftpServerOptions): Promise<TftpServer> {
    const socket = await bind(opts.host ?? '127.0.0.1', opts.port ?? 69);
    return new TftpServer(opts, socket);
  }

  get activeTransfers(): number {
    return this.transfers.size;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of [...this.transfers]) this.finish(t);
    await new Promise<void>((r) => this.socket.close(() => r()));
  }

  private onRequest(msg: Buffer, rinfo: RemoteInfo): void {
    const client = { host: rinfo.address, port: rinfo.port };
    const local = this.address;
    this.observe(client, local, msg);
    const opcode = msg.length >= 2 ? msg.readUInt16BE(0) : -1;
    // RFC 1350 §7: an ERROR packet is never answered (no error loops).
    if (opcode === TFTP_OPCODE.ERROR) return;
    if (opcode !== TFTP_OPCODE.RRQ) {
      // Read-only server: WRQ, stray DATA/ACK and garbage are illegal operations here.
      this.sendError(this.socket, local, client, TFTP_ERROR.illegalOperation, 'Illegal TFTP operation');
      return;
    }
    const req = parseRequest(msg);
    if (req === undefined) {
      this.sendError(this.socket, local, client, TFTP_ERROR.illegalOperation, 'Illegal TFTP operation');
      return;
    }
    if (req.mode !== 'octet' && req.mode !== 'netascii') {
      this.sendError(this.socket, local, client, TFTP_ERROR.illegalOperation, 'Illegal TFTP operation');
      return;
    }
    // Only flat names of the served directory: no paths, no parent references.
    if (/[/\\]/.test(req.filename) || req.filename.includes('..')) {
      this.sendError(this.socket, local, client, TFTP_ERROR.accessViolation, 'Access violation');
      return;
    }
    let data: Uint8Array | undefined;
    try {
      data = this.opts.resolve(req.filename);
    } catch {
      data = undefined;
    }
    if (data === undefined) {
      this.sendError(this.socket, local, client, TFTP_ERROR.fileNotFound, 'File not found');
      return;
    }
    if (this.transfers.size >= (this.opts.maxTransfers ?? 64)) {
      this.sendError(this.socket, local, client, TFTP_ERROR.notDefined, 'Server busy');
      return;
    }
    if (req.mode === 'netascii') data = toNetascii(data);
    this.startTransfer(client, data);
  }

  private startTransfer(client: Endpoint, data: Uint8Array): void {
    const socket = createSocket('udp4');
    const t: Transfer = {
      socket,
      client,
      data,
      seq: 0,
      lastSent: new Uint8Array(),
      retries: 0,
      timer: undefined,
      done: false,
    };
    this.transfers.add(t);
    socket.on('error', () => this.finish(t));
    socket.on('message', (msg, rinfo) => this.onTransferMessage(t, msg, rinfo));
    socket.bind(0, this.address.host, () => {
      if (t.done) return;
      this.sendNextBlock(t);
    });
  }

  private onTransferMessage(t: Transfer, msg: Buffer, rinfo: RemoteInfo): void {
    if (t.done) return;
    const from = { host: rinfo.address, port: rinfo.port };
    const local = transferAddress(t);
    this.observe(from, local, msg);
    if (from.host !== t.client.host || from.port !== t.client.port) {
      // RFC 1350 §4: a packet from another TID gets ERROR 5; the transfer goes on.
      this.sendError(t.socket, local, from, TFTP_ERROR.unknownTransferId, 'Unknown transfer ID');
      return;
    }
    const opcode = msg.length >= 2 ? msg.readUInt16BE(0) : -1;
    if (opcode === TFTP_OPCODE.ERROR) {
      this.finish(t);
      return;
    }
    if (opcode !== TFTP_OPCODE.ACK || msg.length < 4) {
      this.sendError(t.socket, local, from, TFTP_ERROR.illegalOperation, 'Illegal TFTP operation');
      this.finish(t);
      return;
    }
    const block = msg.readUInt16BE(2);
    // A duplicate or old ACK is ignored (no resend: avoids the Sorcerer's Apprentice syndrome).
    if (block !== (t.seq & 0xffff)) return;
    const sentLen = t.lastSent.length - 4;
    if (sentLen < TFTP_BLOCK_SIZE) {
      // RFC 1350 §6: the block shorter than 512 bytes ends the transfer.
      this.finish(t);
      return;
    }
    this.sendNextBlock(t);
  }

  private sendNextBlock(t: Transfer): void {
    t.timer?.cancel();
    t.retries = 0;
    const offset = t.seq * TFTP_BLOCK_SIZE;
    t.seq++;
    const chunk = t.data.subarray(offset, offset + TFTP_BLOCK_SIZE);
    const pkt = Buffer.alloc(4 + chunk.length);
    pkt.writeUInt16BE(TFTP_OPCODE.DATA, 0);
    // RFC 1350 §6: blocks are numbered from 1 (16 bits; wraps for files over 32 MB).
    pkt.writeUInt16BE(t.seq & 0xffff, 2);
    pkt.set(chunk, 4);
    t.lastSent = pkt;
    this.transmit(t);
  }

  private transmit(t: Transfer): void {
    if (t.done) return;
    this.send(t.socket, transferAddress(t), t.client, t.lastSent);
    t.timer = this.clock.setTimeout(() => {
      t.timer = undefined;
      if (t.done) return;
      if (t.retries >= (this.opts.maxRetries ?? 5)) {
        this.finish(t);
        return;
      }
      t.retries++;
      this.transmit(t);
    }, this.opts.retransmitMs ?? 1000);
  }

  private finish(t: Transfer): void {
    if (t.done) return;
    t.done = true;
    t.timer?.cancel();
    this.transfers.delete(t);
    try {
      t.socket.close();
    } catch {
      // already closed
    }
  }

  private sendError(socket: Socket, local: Endpoint, to: Endpoint, code: number, message: string): void {
    const text = Buffer.from(message, 'ascii');
    const pkt = Buffer.alloc(4 + text.length + 1);
    pkt.writeUInt16BE(TFTP_OPCODE.ERROR, 0);
    pkt.writeUInt16BE(code, 2);
    pkt.set(text, 4);
    this.send(socket, local, to, pkt);
  }

  private send(socket: Socket, local: Endpoint, to: Endpoint, pkt: Uint8Array): void {
    if (this.closed && socket === this.socket) return;
    try {
      socket.send(pkt, to.port, to.host);
    } catch {
      return;
    }
    this.observe(local, to, pkt);
  }

  private observe(src: Endpoint, dst: Endpoint, bytes: Uint8Array): void {
    const client = src.port === this.address.port && src.host === this.address.host ? dst : src;
    this.opts.observations?.publish({
      kind: 'wire',
      time: this.clock.now(),
      source: this.name,
      protocol: 'tftp',
      transport: 'udp',
      connection: `tftp:${client.host}:${client.port}`,
      src,
      dst,
      bytes: Uint8Array.from(bytes),
      decoded: decodeTftp(bytes),
    });
  }
}

function transferAddress(t: Transfer): Endpoint {
  try {
    const a = t.socket.address();
    return { host: a.address, port: a.port };
  } catch {
    return { host: t.client.host, port: 0 };
  }
}

/** RRQ/WRQ: opcode, filename NUL, mode NUL (RFC 1350 §5); trailing RFC 2347 options are ignored. */
export function parseRequest(msg: Uint8Array): { filename: string; mode: string } | undefined {
  if (msg.length < 6) return undefined;
  const end1 = msg.indexOf(0, 2);
  if (end1 <= 2) return undefined;
  const end2 = msg.indexOf(0, end1 + 1);
  if (end2 <= end1 + 1) return undefined;
  const filename = Buffer.from(msg.subarray(2, end1)).toString('latin1');
  const mode = Buffer.from(msg.subarray(end1 + 1, end2))
    .toString('latin1')
    .toLowerCase();
  return { filename, mode };
}

/** A short decoded view for the observation stream. */
export function decodeTftp(bytes: Uint8Array): Record<string, unknown> | undefined {
  if (bytes.length < 2) return undefined;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const opcode = b.readUInt16BE(0);
  switch (opcode) {
    case TFTP_OPCODE.RRQ:
    case TFTP_OPCODE.WRQ: {
      const r = parseRequest(bytes);
      return { type: opcode === TFTP_OPCODE.RRQ ? 'RRQ' : 'WRQ', ...(r ?? {}) };
    }
    case TFTP_OPCODE.DATA:
      return b.length >= 4 ? { type: 'DATA', block: b.readUInt16BE(2), length: b.length - 4 } : undefined;
    case TFTP_OPCODE.ACK:
      return b.length >= 4 ? { type: 'ACK', block: b.readUInt16BE(2) } : undefined;
    case TFTP_OPCODE.ERROR:
      return b.length >= 4
        ? {
            type: 'ERROR',
            code: b.readUInt16BE(2),
            message: b.subarray(4).toString('latin1').replace(/\0.*$/s, ''),
          }
        : undefined;
    default:
      return undefined;
  }
}

/** RFC 1350 / RFC 764: netascii line ends are CR LF, a bare CR is CR NUL. */
function toNetascii(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const byte of data) {
    if (byte === 0x0a) out.push(0x0d, 0x0a);
    else if (byte === 0x0d) out.push(0x0d, 0x00);
    else out.push(byte);
  }
  return Uint8Array.from(out);
}

function bind(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    const onError = (err: Error) => {
      s.close();
      reject(err);
    };
    s.once('error', onError);
    s.bind(port, host, () => {
      s.off('error', onError);
      resolve(s);
    });
  });
}
