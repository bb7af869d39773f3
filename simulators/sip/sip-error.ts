import type { SipResponse } from './sip-message.ts';

/** Base class of every error the SIP layer raises (DESIGN.md section 8: typed errors per layer). */
export class SipError extends Error {
  override readonly name: string = 'SipError';
}

/** A client transaction ran out of time: Timer B (INVITE) or Timer F (non-INVITE), RFC 3261 §17.1. */
export class SipTimeoutError extends SipError {
  override readonly name = 'SipTimeoutError';
  constructor(
    readonly method: string,
    readonly timer: 'B' | 'F',
  ) {
    super(`${method} timed out (RFC 3261 Timer ${timer})`);
  }
}

/** A message could not be sent (connection refused or closed, socket error). */
export class SipTransportError extends SipError {
  override readonly name = 'SipTransportError';
}

/** An INVITE was answered with a final non-2xx response (RFC 3261 §13.2.2.3). */
export class SipRequestFailedError extends SipError {
  override readonly name = 'SipRequestFailedError';
  constructor(readonly response: SipResponse) {
    super(`request failed: ${response.status} ${response.reason}`);
  }
}

/** Bytes that are not a SIP message; carries the offending bytes (DESIGN.md section 8). */
export class SipParseError extends SipError {
  override readonly name = 'SipParseError';
  constructor(
    message: string,
    readonly bytes: Uint8Array,
  ) {
    super(message);
  }
}
