import { createSocket } from 'node:dgram';

/**
 * A minimal TFTP client (RFC 1350 RRQ, octet mode) for the tests and the features: reads one
 * file, acknowledging each DATA block, or reports the server's ERROR packet.
 */
export type TftpReadResult =
  | { ok: true; data: Buffer; blocks: number }
  | { ok: false; code: number; message: string };

export function tftpRead(
  host: string,
  port: number,
  filename: string,
  timeoutMs = 2000,
): Promise<TftpReadResult> {
  return tftpExchange(host, port, request(1, filename), timeoutMs);
}

/** Send raw bytes to the server's request port and wait for a reply (or undefined on timeout). */
export function tftpSendRaw(
  host: string,
  port: number,
  bytes: Uint8Array,
  timeoutMs = 300,
): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    const t = setTimeout(() => {
      s.close();
      resolve(undefined);
    }, timeoutMs);
    s.on('message', (msg) => {
      clearTimeout(t);
      s.close();
      resolve(msg);
    });
    s.send(bytes, port, host);
  });
}

export function request(opcode: number, filename: string, mode = 'octet'): Buffer {
  return Buffer.concat([Buffer.from([0, opcode]), Buffer.from(`${filename}\0${mode}\0`, 'latin1')]);
}

function tftpExchange(host: string, port: number, rrq: Buffer, timeoutMs: number): Promise<TftpReadResult> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    const chunks: Buffer[] = [];
    let expected = 1;
    const t = setTimeout(() => {
      s.close();
      reject(new Error(`TFTP read timed out after ${chunks.length} blocks`));
    }, timeoutMs);
    const done = (r: TftpReadResult) => {
      clearTimeout(t);
      s.close();
      resolve(r);
    };
    s.on('message', (msg, rinfo) => {
      const op = msg.readUInt16BE(0);
      if (op === 5) {
        done({
          ok: false,
          code: msg.readUInt16BE(2),
          message: msg.subarray(4).toString('latin1').replace(/\0.*$/s, ''),
        });
        return;
      }
      if (op !== 3) return;
      const block = msg.readUInt16BE(2);
      const ack = Buffer.from([0, 4, msg[2]!, msg[3]!]);
      s.send(ack, rinfo.port, rinfo.address);
      if (block !== expected) return;
      expected++;
      chunks.push(msg.subarray(4));
      if (msg.length - 4 < 512) done({ ok: true, data: Buffer.concat(chunks), blocks: chunks.length });
    });
    s.send(rrq, port, host);
  });
}
