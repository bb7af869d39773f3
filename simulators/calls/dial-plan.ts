import { CallModelError } from './call-model-error.ts';

/**
 * Digit analysis over the directory numbers a node has configured (CME: the `number` of every
 * `ephone-dn`, CME CSTA guide configuration examples). Numbers are fixed digit strings; there are no
 * wildcard patterns.
 */

/** Interdigit timeout T302 (Q.931 §9.1 timer T302, 10 s; CME `timeouts interdigit` default 10). */
export const DEFAULT_INTERDIGIT_TIMEOUT_MS = 10_000;

/** Digits a phone can dial: 0-9, * and # (the SCCP KeypadButton set). */
export const DIALABLE_DIGITS = /^[0-9*#]+$/;

export type DialPlanMatch =
  | { readonly kind: 'complete'; readonly number: string }
  /**
   * More digits are needed. `exact` is set when the digits are already a configured number that
   * is also the prefix of a longer one ("complete but more possible", e.g. 20 and 201): the
   * caller treats it as complete when the interdigit timeout expires, or at once when no more
   * digits can come (MakeCall, deflect, single-step transfer).
   */
  | { readonly kind: 'partial'; readonly exact?: string }
  | { readonly kind: 'invalid' };

export class DialPlan {
  private readonly numbers: ReadonlySet<string>;
  readonly interdigitTimeoutMs: number;

  constructor(numbers: Iterable<string>, interdigitTimeoutMs = DEFAULT_INTERDIGIT_TIMEOUT_MS) {
    const set = new Set<string>();
    for (const n of numbers) {
      if (!DIALABLE_DIGITS.test(n))
        throw new CallModelError('invalidDeviceID', `not a dialable number: '${n}'`);
      set.add(n);
    }
    if (!Number.isFinite(interdigitTimeoutMs) || interdigitTimeoutMs <= 0)
      throw new CallModelError('invalidParameterValue', `interdigit timeout must be > 0 ms`);
    this.numbers = set;
    this.interdigitTimeoutMs = interdigitTimeoutMs;
  }

  has(number: string): boolean {
    return this.numbers.has(number);
  }

  match(digits: string): DialPlanMatch {
    if (digits !== '' && !DIALABLE_DIGITS.test(digits)) return { kind: 'invalid' };
    let longer = false;
    for (const n of this.numbers) {
      if (n.length > digits.length && n.startsWith(digits)) {
        longer = true;
        break;
      }
    }
    const exact = this.numbers.has(digits);
    if (exact && !longer) return { kind: 'complete', number: digits };
    if (longer) return exact ? { kind: 'partial', exact: digits } : { kind: 'partial' };
    return { kind: 'invalid' };
  }

  /** Analysis when no more digits will come: a "complete but more possible" match counts. */
  matchFinal(digits: string): string | undefined {
    const m = this.match(digits);
    if (m.kind === 'complete') return m.number;
    if (m.kind === 'partial') return m.exact;
    return undefined;
  }
}
