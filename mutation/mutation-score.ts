// The mutation score of one module, counted the way docs/testing.md states: a mutant counts as
// detected only when a test failed on it. Stryker's own score also counts timed-out mutants as
// detected; a test that only hangs says nothing about the behaviour, so here a timeout is not
// detected (the tests that hung were made to fail fast instead, issue 8).

/** The part of Stryker's MutantResult this file reads. */
export interface MutantOutcome {
  readonly status: string;
  readonly fileName: string;
  readonly mutatorName: string;
  readonly replacement?: string | undefined;
  readonly statusReason?: string | undefined;
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
}

export interface MutationScore {
  readonly tested: number;
  readonly killed: number;
  readonly timedOut: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Marked equivalent in the source (`Stryker disable ... : equivalent, <reason>`). */
  readonly equivalent: number;
  /** Mutants that did not compile or crashed the runner: not valid mutants. */
  readonly invalid: number;
  /** killed / (killed + timed out + survived + no coverage), percent; 100 when nothing is valid. */
  readonly score: number;
  /** Stryker's score: (killed + timed out) / the same total, percent. */
  readonly strykerScore: number;
}

const INVALID = new Set(['CompileError', 'RuntimeError']);

export function scoreOf(mutants: readonly MutantOutcome[]): MutationScore {
  const count = (status: string) => mutants.filter((mutant) => mutant.status === status).length;
  const killed = count('Killed');
  const timedOut = count('Timeout');
  const survived = count('Survived');
  const noCoverage = count('NoCoverage');
  const valid = killed + timedOut + survived + noCoverage;
  const percent = (detected: number) => (valid === 0 ? 100 : Math.round((detected / valid) * 1000) / 10);
  return {
    tested: valid,
    killed,
    timedOut,
    survived,
    noCoverage,
    equivalent: count('Ignored'),
    invalid: mutants.filter((mutant) => INVALID.has(mutant.status)).length,
    score: percent(killed),
    strykerScore: percent(killed + timedOut),
  };
}

/** Ignored mutants whose disable comment gives no reason starting with "equivalent". */
export function unexplainedIgnores(mutants: readonly MutantOutcome[]): MutantOutcome[] {
  return mutants.filter(
    (mutant) => mutant.status === 'Ignored' && !/^equivalent\b/i.test(mutant.statusReason?.trim() ?? ''),
  );
}

/** One line per mutant that was not detected, for `reports/mutation/<module>/survivors.txt`. */
export function describeUndetected(mutants: readonly MutantOutcome[]): string[] {
  return mutants
    .filter((mutant) => ['Survived', 'NoCoverage', 'Timeout'].includes(mutant.status))
    .map(
      (mutant) =>
        `${mutant.fileName}:${mutant.location.start.line}:${mutant.location.start.column} ` +
        `${mutant.status} ${mutant.mutatorName} -> ${oneLine(mutant.replacement ?? '')}`,
    )
    .sort();
}

/** The row of the note's table: module | tested | killed | timed out | survived | no cov | score. */
export function tableRow(name: string, score: MutationScore, floor: number): string {
  const verdict = score.score >= floor ? 'pass' : 'FAIL';
  return (
    `| ${name} | ${score.tested} | ${score.killed} | ${score.timedOut} | ${score.survived} | ` +
    `${score.noCoverage} | ${score.equivalent} | ${score.score.toFixed(1)}% | ${floor}% | ${verdict} |`
  );
}

export const TABLE_HEADER =
  '| module | mutants tested | killed | timed out | survived | no coverage | equivalent | score | floor | verdict |\n' +
  '|---|---|---|---|---|---|---|---|---|---|';

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
}
