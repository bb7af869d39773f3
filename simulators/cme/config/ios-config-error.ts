/**
 * The one error type of the IOS running-config parser. Every rejection names the 1-based line
 * and its text, including errors found by the whole-config validation that runs after parsing
 * (an undefined DN on a `button`, a duplicate MAC, too many ephones for `max-ephones`, ...).
 */
export type IosConfigErrorCode =
  | 'bad-argument'
  | 'missing-argument'
  | 'out-of-range'
  | 'bad-mac'
  | 'bad-address'
  | 'bad-number'
  | 'bad-button'
  | 'overlay-too-large'
  | 'overlay-line-mode-mix'
  | 'expansion-target'
  | 'undefined-dn'
  | 'undefined-logout-profile'
  | 'undefined-dn-template'
  | 'duplicate-mac'
  | 'duplicate-number'
  | 'dn-line-mode-conflict'
  | 'too-many-ephones'
  | 'too-many-dns'
  | 'unterminated-banner';

export class IosConfigError extends Error {
  readonly code: IosConfigErrorCode;
  /** 1-based line number in the source text. */
  readonly line: number;
  /** The offending line as written (trailing white space removed). */
  readonly text: string;

  constructor(code: IosConfigErrorCode, line: number, text: string, message: string) {
    super(`line ${line}: ${message} (${code}): ${JSON.stringify(text)}`);
    this.name = 'IosConfigError';
    this.code = code;
    this.line = line;
    this.text = text;
  }
}
