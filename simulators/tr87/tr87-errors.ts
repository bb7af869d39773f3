import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import { errorCategory, errorValue } from '../csta/csta-error-code.ts';

/** Base class of the TR/87 client's errors. */
export class Tr87Error extends Error {
  override readonly name: string = 'Tr87Error';
}

/** The server answered a CSTA request (or the session set-up) with a CSTAErrorCode. */
export class CstaRequestError extends Tr87Error {
  override readonly name = 'CstaRequestError';
  constructor(
    readonly requestType: string,
    readonly code: CSTAErrorCode,
  ) {
    super(`${requestType} refused: ${errorCategory(code)}/${String(errorValue(code))}`);
  }
}

/** The INVITE was refused at SIP level (e.g. 403, 415, 422, 488); `code` is the body's CSTA error. */
export class Tr87SetupError extends Tr87Error {
  override readonly name = 'Tr87SetupError';
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly code: CSTAErrorCode | undefined,
  ) {
    super(`session set-up refused: ${status} ${reason}`);
  }
}

/** The 200 to the INVITE carried a SystemStatus other than `normal` (sipe goes on only on normal). */
export class Tr87SystemStatusError extends Tr87Error {
  override readonly name = 'Tr87SystemStatusError';
  constructor(readonly systemStatus: string) {
    super(`system status is ${systemStatus}, not normal`);
  }
}

/** The server broke the protocol: a non-200 to INFO, a body that is not the expected response. */
export class Tr87ProtocolError extends Tr87Error {
  override readonly name = 'Tr87ProtocolError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** A request on a session that has ended (BYE, expiry, clear, failed refresh). */
export class Tr87SessionClosedError extends Tr87Error {
  override readonly name = 'Tr87SessionClosedError';
}

/** `nextEvent` waited in vain. */
export class Tr87TimeoutError extends Tr87Error {
  override readonly name = 'Tr87TimeoutError';
}
