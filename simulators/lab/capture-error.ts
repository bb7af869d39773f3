/** Typed errors of packet capture: file I/O failures and misuse of a recorder's life cycle. */
export type CaptureErrorCode =
  | 'io'
  | 'already-started'
  | 'not-started'
  | 'stopped'
  | 'scenario-open'
  | 'no-scenario';

export class CaptureError extends Error {
  readonly code: CaptureErrorCode;
  override readonly cause: unknown;

  constructor(code: CaptureErrorCode, message: string, cause?: unknown) {
    super(`${code}: ${message}`);
    this.name = 'CaptureError';
    this.code = code;
    this.cause = cause;
  }
}
