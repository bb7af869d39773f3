import type { CatalogueRule } from '../rules/catalogue.ts';
import type { ImplementationUnderTest } from './implementation-section.ts';
import type { TestPurpose } from './test-purposes.ts';
import { combine, type Verdict } from './verdict.ts';

/** Identification of the implementation under test and of the run (DESIGN.md section 7). */
export interface IutIdentification {
  lab: string;
  target: string;
  node: string;
  date: string;
  gitCommit?: string;
  runner?: string;
  /**
   * What `ctilab run` was asked to run (paths, --tags, --name), when it was not the whole suite:
   * a checked rule none of whose scenarios ran is then `not run`.
   */
  selection?: string;
}

export interface RuleVerdict {
  id: string;
  statement: string;
  source: string;
  role: string;
  profiles: string[];
  planned: boolean;
  verdict: Verdict;
  reason?: string;
  /** Its test purposes of the run: scenarios, and property / model tests (`kind`). */
  scenarios: { name: string; feature: string; verdict: Verdict; kind?: 'property' | 'model' }[];
}

export type VerdictCounts = Record<Verdict, number>;

export interface RuleReport {
  iut: IutIdentification;
  testPurposes: TestPurpose[];
  rules: RuleVerdict[];
  /** Rule verdicts counted per profile. */
  profiles: Record<string, VerdictCounts>;
  /** Scenario verdicts over the whole run (Cucumber's counts). */
  totals: VerdictCounts;
  /** Property and model test verdicts, when the run ran them (conformance/report/property-run.ts). */
  propertyTotals?: VerdictCounts;
  /** Tags that look like rule IDs but are not in the catalogue. */
  unknownRuleTags: string[];
  /** The IUT's identification, PICS and PIXIT, when the run had them (conformance/pixit/). */
  implementation?: ImplementationUnderTest;
}

const emptyCounts = (): VerdictCounts => ({
  none: 0,
  'not run': 0,
  pass: 0,
  inconc: 0,
  fail: 0,
  error: 0,
});

const ruleTagShape = /^@[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-\d{3}$/;

/**
 * The verdict of every catalogued rule: the TTCN-3 combination of the scenarios tagged with
 * its ID that ran. A rule no scenario of the run checks is `none` while planned; a checked one is
 * `not run` when its scenarios were not selected (a tag of `notSelected`, or any rule when the
 * run was a selection, `iut.selection`) and `error` otherwise (the catalogue claims it is checked
 * but no scenario of the whole suite is tagged with it).
 */
export function ruleReport(
  catalogue: Iterable<CatalogueRule>,
  purposes: TestPurpose[],
  iut: IutIdentification,
  notSelected: ReadonlySet<string> = new Set(),
): RuleReport {
  const rules = [...catalogue].map((rule): RuleVerdict => {
    const tag = `@${rule.id}`;
    const tagged = purposes.filter((p) => p.tags.includes(tag));
    const planned = rule.status === 'planned';
    const notRun = !planned && (iut.selection !== undefined || notSelected.has(tag));
    const verdict = combine(
      tagged.map((p) => p.verdict),
      planned ? 'none' : notRun ? 'not run' : 'error',
    );
    const result: RuleVerdict = {
      id: rule.id,
      statement: rule.statement,
      source: rule.source,
      role: rule.role,
      profiles: [...rule.profiles],
      planned,
      verdict,
      scenarios: tagged.map((p) => ({
        name: p.name,
        feature: p.feature,
        verdict: p.verdict,
        ...(p.kind === undefined ? {} : { kind: p.kind }),
      })),
    };
    if (tagged.length === 0 && !planned)
      result.reason = notRun
        ? 'its scenarios were not selected in this run'
        : 'no scenario is tagged with this rule';
    return result;
  });

  const profiles: Record<string, VerdictCounts> = {};
  for (const rule of rules) {
    for (const profile of rule.profiles) {
      profiles[profile] ??= emptyCounts();
      profiles[profile][rule.verdict] += 1;
    }
  }
  const totals = emptyCounts();
  const propertyTotals = emptyCounts();
  for (const p of purposes) (p.kind === undefined ? totals : propertyTotals)[p.verdict] += 1;

  const known = new Set(rules.map((r) => `@${r.id}`));
  const unknownRuleTags = [
    ...new Set(purposes.flatMap((p) => p.tags).filter((t) => ruleTagShape.test(t) && !known.has(t))),
  ].sort();

  const report: RuleReport = { iut, testPurposes: purposes, rules, profiles, totals, unknownRuleTags };
  if (purposes.some((p) => p.kind !== undefined)) report.propertyTotals = propertyTotals;
  return report;
}
