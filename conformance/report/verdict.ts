/**
 * TTCN-3 verdicts (DESIGN.md section 7): a test purpose ends in pass, fail, inconc or error;
 * a rule no scenario checks yet has `none`. Precedence (ETSI ES 201 873-1 §24.1, verdict
 * overwriting rules): none < pass < inconc < fail < error, so a combined verdict never improves.
 */
export type Verdict = 'none' | 'pass' | 'inconc' | 'fail' | 'error';

export const verdicts: readonly Verdict[] = ['none', 'pass', 'inconc', 'fail', 'error'];

const rank: Record<Verdict, number> = { none: 0, pass: 1, inconc: 2, fail: 3, error: 4 };

/** The worse of two verdicts by TTCN-3 precedence. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return rank[b] > rank[a] ? b : a;
}

/** The combined verdict of several, `empty` when there are none. */
export function combine(all: Iterable<Verdict>, empty: Verdict = 'none'): Verdict {
  let result: Verdict | undefined;
  for (const v of all) result = result === undefined ? v : worse(result, v);
  return result ?? empty;
}

/**
 * The verdict of one Cucumber step status: PASSED → pass, FAILED → fail,
 * UNDEFINED/AMBIGUOUS → error (the test purpose cannot run as written), PENDING/SKIPPED →
 * inconc (it ran but could not decide); UNKNOWN or anything else → error.
 */
export function verdictOfStatus(status: string): Verdict {
  switch (status) {
    case 'PASSED':
      return 'pass';
    case 'FAILED':
      return 'fail';
    case 'PENDING':
    case 'SKIPPED':
      return 'inconc';
    default:
      return 'error';
  }
}
