/**
 * TTCN-3 verdicts (DESIGN.md section 7): a test purpose ends in pass, fail, inconc or error;
 * a rule no scenario checks yet has `none`, and a checked rule whose scenarios were not selected
 * in this run (`ctilab run --tags ...`, a feature path) has `not run`. Precedence (ETSI ES 201
 * 873-1 §24.1, verdict overwriting rules): none < not run < pass < inconc < fail < error, so a
 * combined verdict never improves.
 */
export type Verdict = 'none' | 'not run' | 'pass' | 'inconc' | 'fail' | 'error';

export const verdicts: readonly Verdict[] = ['none', 'not run', 'pass', 'inconc', 'fail', 'error'];

const rank: Record<Verdict, number> = { none: 0, 'not run': 1, pass: 2, inconc: 3, fail: 4, error: 5 };

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
