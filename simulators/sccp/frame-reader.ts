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

import { SccpDecodeError } from './decode-error.ts';
import { HEADER_VERSIONS, isHeaderVersion } from './header-version.ts';
import { maximumBodySize } from './layouts.ts';
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

export interface FrameReaderOptions {
  maxLength?: number;
}

export class FrameReader {
  private readonly maxLength: number;
  private pending: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(opts: FrameReaderOptions = {}) {
    this.maxLength = opts.maxLength ?? DEFAULT_MAX_LENGTH;
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
    // Always a copy (Buffer.concat allocates), so the caller may reuse `chunk`.
    this.pending = Buffer.concat([this.pending, chunk]);
    const results: FrameResult[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readUInt32LE(0);
      if (length < 4 || length > this.maxLength) {
        results.push(
          this.fatal('length-out-of-range', `length ${length} is outside 4..${this.maxLength}`, 0),
        );
        break;
      }
      if (this.pending.length < 8) break;
      const headerVersion = this.pending.readUInt32LE(4);
      if (!isHeaderVersion(headerVersion)) {
        results.push(
          this.fatal(
            'bad-header-version',
            `header version 0x${headerVersion.toString(16)} is not accepted`,
            4,
          ),
        );
        break;
      }
      const total = 8 + length;
      if (this.pending.length < total) break;
      const raw = Buffer.from(this.pending.subarray(0, total));
      this.pending = this.pending.subarray(total);
      results.push(this.decodeFrame(raw, headerVersion));
    }
    return results;
  }

  private decodeFrame(raw: Buffer, headerVersion: number): FrameResult {
    const messageId = raw.readUInt32LE(8);
    const body = raw.subarray(12);
    try {
      return { ok: true, headerVersion, messageId, message: decodeBody(messageId, body, headerVersion), raw };
    } catch (err) {
      // decodeBody throws SccpDecodeError and nothing else.
      return { ok: false, error: err as SccpDecodeError, fatal: false, raw };
    }
  }

  private fatal(
    code: 'length-out-of-range' | 'bad-header-version',
    detail: string,
    offset: number,
  ): FrameResult {
    const raw = Buffer.from(this.pending.subarray(0, FRAME_HEADER_SIZE));
    this.failed = true;
    this.pending = Buffer.alloc(0);
    return { ok: false, error: new SccpDecodeError(code, detail, { offset, bytes: raw }), fatal: true, raw };
  }
}
