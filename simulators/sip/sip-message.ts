import type { IncomingRequestMessage, IncomingResponseMessage } from 'sip.js/lib/core/index.js';

// A parsed SIP message (RFC 3261 §7): a read-only view over sip.js's parse, built by
// `parseSipMessage` (sip-parser.ts). Types only, so every layer (sip-error.ts included) can name
// a message without importing the parser.

/** Fields common to a parsed request and response (a read-only view over sip.js's parse). */
export interface SipMessageBase {
  /** Call-ID, or '' when missing. */
  callId: string;
  /** CSeq number, or NaN when missing/invalid. */
  cseq: number;
  /** CSeq method, or '' when missing. */
  cseqMethod: string;
  fromTag: string | undefined;
  toTag: string | undefined;
  /** Body decoded as UTF-8, cut by the Content-Length in bytes (RFC 3261 §20.14). */
  body: string;
  /** First value of a header (case-insensitive; compact forms work for the common headers). */
  header(name: string): string | undefined;
  /** Every value of a header, in order. */
  headers(name: string): string[];
  /** Media type of the body without parameters, lower case ('' when absent). */
  contentType: string;
  /** The exact bytes received. */
  bytes: Uint8Array;
}

export interface SipRequest extends SipMessageBase {
  kind: 'request';
  method: string;
  /** Request-URI as text. */
  uri: string;
  /** User part of the Request-URI (the dispatch key), when present. */
  user: string | undefined;
  /** The sip.js parse, for the Grammar-level fields (from/to NameAddrHeader, ruri). */
  parsed: IncomingRequestMessage;
}

export interface SipResponse extends SipMessageBase {
  kind: 'response';
  status: number;
  reason: string;
  parsed: IncomingResponseMessage;
}

export type SipMessage = SipRequest | SipResponse;
