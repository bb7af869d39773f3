/**
 * The GED-188 face of the lab's one MHDR framer (lab/stream-framing.ts `MhdrFramer`): its errors
 * as this codec's `CtiDecodeError`. Splits a GED-188 TCP byte stream into whole messages (Cisco "CTI Server Message Reference Guide
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

import { MhdrFramer } from '../lab/stream-framing.ts';
import { DEFAULT_MAX_MESSAGE_SIZE } from './protocol-version.ts';
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
  private readonly framer: MhdrFramer;

  constructor(opts: FrameReaderOptions = {}) {
    this.framer = new MhdrFramer(opts.maxSize ?? DEFAULT_MAX_MESSAGE_SIZE);
  }

  /** Bytes held waiting for the rest of a message. */
  get buffered(): number {
    return this.framer.buffered;
  }

  /** True once a fatal error was returned; later input is ignored. */
  get closed(): boolean {
    return this.framer.closed;
  }

  /** Feeds a chunk; returns the messages it completed and, last, a fatal error if framing broke. */
  push(chunk: Uint8Array): FrameResult[] {
    return this.framer.push(chunk).map((e): FrameResult => {
      if (e.kind === 'message')
        return { ok: true, frame: { messageType: e.messageType, body: e.body, raw: e.raw } };
      return {
        ok: false,
        error: new CtiDecodeError(
          'message-too-long',
          `MessageLength ${e.length} makes a message larger than ${e.maxSize} bytes`,
          { messageType: e.messageType, offset: 0, fatal: true },
        ),
      };
    });
  }
}
