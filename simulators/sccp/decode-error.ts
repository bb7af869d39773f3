/**
 * Typed error for bytes the SCCP codec cannot decode (DESIGN.md §8: codec errors carry the
 * offending bytes and offset). `offset` is within the message body for body errors and within
 * the frame for framing errors; `bytes` is the body or the frame header that was rejected.
 */
export type SccpDecodeErrorCode =
  | 'truncated'
  | 'length-out-of-range'
  | 'bad-header-version'
  | 'unknown-message'
  | 'bad-field';

export interface SccpDecodeErrorDetails {
  offset: number;
  bytes: Uint8Array;
  messageId?: number;
}

export class SccpDecodeError extends Error {
  readonly code: SccpDecodeErrorCode;
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly messageId?: number;

  constructor(code: SccpDecodeErrorCode, detail: string, details: SccpDecodeErrorDetails) {
    super(`SCCP ${code}: ${detail} (offset ${details.offset})`);
    this.name = 'SccpDecodeError';
    this.code = code;
    this.offset = details.offset;
    this.bytes = details.bytes;
    if (details.messageId !== undefined) this.messageId = details.messageId;
  }
}
