/**
 * Splits an SCCP TCP byte stream into frames (Wireshark packet-skinny (framing): several messages may
 * share a segment, one may span segments) and decodes each. Never throws: every problem comes
 * back as a result.
 *
 * Fatal (the connection must be closed; the reader refuses further input): length < 4, length >
 * maxLength (chan-sccp refuses frames larger than its largest struct), header version outside
 * Wireshark's accepted set. Non-fatal (only that frame is skipped): unknown message id, body
 * shorter than the mandatory part, a bad field value.
 */

import { maximumBodySize } from './body-sizes.ts';
import { SccpDecodeError } from './decode-error.ts';
import type { DecodeMemo } from './decode-memo.ts';
import { HEADER_VERSIONS, isHeaderVersion } from './header-version.ts';
import { decodeBody, FRAME_HEADER_SIZE } from './message-codec.ts';
import { MessageId, type MessageName } from './message-ids.ts';
import type { SccpMessage } from './messages.ts';

export type FrameResult =
  | { ok: true; headerVersion: number; messageId: number; message: SccpMessage; raw: Buffer }
  | { ok: false; error: SccpDecodeError; fatal: boolean; raw: Buffer };

/** Largest body any message of this codec encodes to, at any header version. */
export const MAX_KNOWN_BODY = Math.max(
  ...(Object.keys(MessageId) as MessageName[]).flatMap((t) =>
    HEADER_VERSIONS.map((v) => maximumBodySize(t, v)),
  ),
);

/**
 * Default limit on the length field: the largest known body plus a margin for messages outside
 * this codec's catalogue (⚠ from memory of chan-sccp: UserToDeviceData carries up to 2000 bytes).
 */
export const DEFAULT_MAX_LENGTH = 4 + MAX_KNOWN_BODY + 2048;

const EMPTY = Buffer.alloc(0);

export interface FrameReaderOptions {
  maxLength?: number;
  /** Remembered decodes of repeated bodies (decode-memo.ts), shared by the readers given it. */
  memo?: DecodeMemo;
}

export class FrameReader {
  private readonly maxLength: number;
  private readonly memo: DecodeMemo | undefined;
  private pending: Buffer = EMPTY;
  private failed = false;

  constructor(opts: FrameReaderOptions = {}) {
    this.maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
    this.memo = opts.memo;
  }

  /** Bytes held waiting for the rest of a frame. */
  get buffered(): number {
    return this.pending.length;
  }

  /** True once a fatal error was returned; later input is ignored. */
  get closed(): boolean {
    return this.failed;
  }

  push(chunk: Uint8Array): FrameResult[] {
    if (this.failed) return [];
    // Read in place when nothing is pending (the usual case: a segment of whole frames); every frame
    // and the rest are copied out, so the caller may reuse `chunk`.
    const data =
      // Stryker disable next-line ConditionalExpression: equivalent, concatenating an empty pending buffer only copies `chunk`, which is read the same
      this.pending.length === 0
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.concat([this.pending, chunk]);
    const results: FrameResult[] = [];
    let at = 0;
    while (data.length - at >= 4) {
      const length = data.readUInt32LE(at);
      if (length < 4 || length > this.maxLength) {
        results.push(
          this.fatal(data, at, 'length-out-of-range', `length ${length} is outside 4..${this.maxLength}`, 0),
        );
        return results;
      }
      if (data.length - at < 8) break;
      const headerVersion = data.readUInt32LE(at + 4);
      if (!isHeaderVersion(headerVersion)) {
        results.push(
          this.fatal(
            data,
            at,
            'bad-header-version',
            `header version 0x${headerVersion.toString(16)} is not accepted`,
            4,
          ),
        );
        return results;
      }
      const total = 8 + length;
      if (data.length - at < total) break;
      const raw = Buffer.from(data.subarray(at, at + total));
      at += total;
      results.push(this.decodeFrame(raw, headerVersion));
    }
    // Stryker disable next-line ConditionalExpression: equivalent, a copy of nothing left is an empty buffer too
    this.pending = at === data.length ? EMPTY : Buffer.from(data.subarray(at));
    return results;
  }

  private decodeFrame(raw: Buffer, headerVersion: number): FrameResult {
    const messageId = raw.readUInt32LE(8);
    const body = raw.subarray(12);
    try {
      const message = this.memo
        ? this.memo.decode(messageId, body, headerVersion)
        : decodeBody(messageId, body, headerVersion);
      return { ok: true, headerVersion, messageId, message, raw };
    } catch (err) {
      // decodeBody throws SccpDecodeError and nothing else.
      return { ok: false, error: err as SccpDecodeError, fatal: false, raw };
    }
  }

  private fatal(
    data: Buffer,
    at: number,
    code: 'length-out-of-range' | 'bad-header-version',
    detail: string,
    offset: number,
  ): FrameResult {
    const raw = Buffer.from(data.subarray(at, at + FRAME_HEADER_SIZE));
    this.failed = true;
    this.pending = EMPTY;
    return { ok: false, error: new SccpDecodeError(code, detail, { offset, bytes: raw }), fatal: true, raw };
  }
}
