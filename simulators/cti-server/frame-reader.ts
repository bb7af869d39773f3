/**
 * Splits a GED-188 TCP byte stream into whole messages (Cisco "CTI Server Message Reference Guide
 * (Protocol Version 15)", chapter 3 "Message Conventions": MHDR = MessageLength UINT, the bytes
 * after the header, then MessageType UINT; big-endian). Chunks in, whole frames out: several
 * messages may share a chunk, one message may span chunks.
 *
 * Framing has one fatal error: a MessageLength that makes the message larger than `maxSize`
 * (`DEFAULT_MAX_MESSAGE_SIZE`, see protocol-version.ts). No message is that long, so the stream
 * has lost sync and the connection must be dropped (uccertweb `Packetizer.scala`: a length above
 * MaxMessageLen sets isOutOfSync, and `CtiFramingStage.scala` then fails the stream); the reader
 * then refuses further input. A length shorter than the message type's fixed part is not a framing
 * error: the frame is delivered whole and its decode fails for that message alone.
 */

import { DEFAULT_MAX_MESSAGE_SIZE, HEADER_SIZE } from './protocol-version.ts';
import { CtiDecodeError } from './wire-errors.ts';

/** One whole message off the stream, not yet decoded. */
export interface CtiFrame {
  readonly messageType: number;
  /** The bytes after MHDR. */
  readonly body: Buffer;
  /** The whole message, MHDR included. */
  readonly raw: Buffer;
}

export type FrameResult = { ok: true; frame: CtiFrame } | { ok: false; error: CtiDecodeError };

export interface FrameReaderOptions {
  /** Largest whole message, MHDR included. */
  maxSize?: number;
}

export class CtiFrameReader {
  private readonly maxSize: number;
  private pending: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(opts: FrameReaderOptions = {}) {
    this.maxSize = opts.maxSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  }

  /** Bytes held waiting for the rest of a message. */
  get buffered(): number {
    return this.pending.length;
  }

  /** True once a fatal error was returned; later input is ignored. */
  get closed(): boolean {
    return this.failed;
  }

  /** Feeds a chunk; returns the messages it completed and, last, a fatal error if framing broke. */
  push(chunk: Uint8Array): FrameResult[] {
    if (this.failed) return [];
    this.pending = Buffer.concat([this.pending, chunk]);
    const results: FrameResult[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readUInt32BE(0);
      if (length > this.maxSize - HEADER_SIZE) {
        const messageType = this.pending.length >= HEADER_SIZE ? this.pending.readUInt32BE(4) : 0;
        this.failed = true;
        this.pending = Buffer.alloc(0);
        results.push({
          ok: false,
          error: new CtiDecodeError(
            'message-too-long',
            `MessageLength ${length} makes a message larger than ${this.maxSize} bytes`,
            { messageType, offset: 0, fatal: true },
          ),
        });
        break;
      }
      const total = HEADER_SIZE + length;
      if (this.pending.length < total) break;
      const raw = Buffer.from(this.pending.subarray(0, total));
      this.pending = this.pending.subarray(total);
      results.push({
        ok: true,
        frame: { messageType: raw.readUInt32BE(4), body: raw.subarray(HEADER_SIZE), raw },
      });
    }
    return results;
  }
}
