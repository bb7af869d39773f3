/**
 * Writes the rule report of a run, `conformance.json` and `conformance.html` (DESIGN.md section
 * 7), into a run directory from the run's Cucumber messages. `ctilab run` calls it after
 * Cucumber; conformance/report/write-report.ts is the same from the command line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ok, type Result, refused } from '../../simulators/lab/result.ts';
import { cappedLadder, LADDER_FORMAT, type Ladder } from '../../simulators/ladder/ladder.ts';
import { ladderSvg, messageId } from '../../simulators/ladder/ladder-svg.ts';
import { ruleCatalogue } from '../rules/catalogue.ts';
import { renderHtml } from './html-report.ts';
import { explainNotApplicable, type ImplementationUnderTest } from './implementation-section.ts';
import { NdjsonError, readMessages } from './ndjson-reader.ts';
import { type PropertyResult, propertyPurpose } from './property-run.ts';
import { type IutIdentification, type RuleReport, ruleReport } from './rule-report.ts';
import { notSelectedTags, type TestPurpose, testPurposes } from './test-purposes.ts';

export interface RuleReportFiles {
  /** The Cucumber messages (NDJSON) of the run. */
  messages: string;
  /** The directory conformance.json and conformance.html go to. */
  out: string;
  /** The target the run was against, e.g. `embedded lab`. */
  target: string;
  /** What the run selected, when not the whole suite (the report says so). */
  selection?: string;
  /** The property and model tests the run ran (property-run.ts): test purposes of their rules. */
  properties?: PropertyResult[];
  /** The IUT, its PICS and PIXIT (`ctilab run --pics`, `--target pixit:<file>`). */
  implementation?: ImplementationUnderTest;
}

function gitCommit(): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

function labName(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync('package.json', 'utf8'));
    if (typeof pkg === 'object' && pkg !== null && 'name' in pkg && typeof pkg.name === 'string') {
      const version = 'version' in pkg && typeof pkg.version === 'string' ? ` ${pkg.version}` : '';
      return `${pkg.name}${version}`;
    }
  } catch {
    // no package.json in the working directory: fall through
  }
  return 'ctilab';
}

/** Reads the messages, writes the two files; a refusal says which file could not be read or written. */
export function writeRuleReport(options: RuleReportFiles): Result<RuleReport, 'unreadable' | 'unwritable'> {
  let text: string;
  try {
    text = readFileSync(options.messages, 'utf8');
  } catch (e) {
    return refused('unreadable', `cannot read ${options.messages}: ${(e as Error).message}`);
  }
  let run: ReturnType<typeof readMessages>;
  try {
    run = readMessages(text);
  } catch (e) {
    if (e instanceof NdjsonError) return refused('unreadable', `${options.messages} ${e.message}`);
    throw e;
  }

  const iut: IutIdentification = {
    lab: labName(),
    target: options.target,
    node: process.version,
    date: run.startedAt ?? new Date().toISOString(),
  };
  const commit = gitCommit();
  if (commit !== undefined) iut.gitCommit = commit;
  if (run.runner !== undefined) iut.runner = run.runner;
  if (options.selection !== undefined) iut.selection = options.selection;

  const purposes = [...testPurposes(run), ...(options.properties ?? []).map(propertyPurpose)];
  const report = ruleReport(ruleCatalogue.values(), purposes, iut, notSelectedTags(run));
  if (options.implementation !== undefined) {
    report.implementation = options.implementation;
    explainNotApplicable(report.rules, options.implementation);
  }
  const out = options.out;
  const captureHref = (capture: string) => relative(out, capture).split(sep).join('/');
  try {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'conformance.json'), `${JSON.stringify(report, null, 2)}\n`);
    const runFiles = [
      { label: 'Cucumber report', href: 'cucumber.html' },
      { label: 'JUnit', href: 'cucumber.junit.xml' },
      { label: 'messages', href: 'cucumber.ndjson' },
      { label: 'run.pcap', href: 'captures/run.pcap' },
      { label: 'rerun file', href: 'rerun.txt' },
      { label: 'conformance.json', href: 'conformance.json' },
      { label: 'properties.json', href: 'properties.json' },
    ].filter((f) => f.href === 'conformance.json' || existsSync(join(out, f.href)));
    const inline = (p: TestPurpose) => inlineLadder(p, captureHref);
    writeFileSync(
      join(out, 'conformance.html'),
      renderHtml(report, { captureHref, runFiles, ladderSvg: inline }),
    );
  } catch (e) {
    return refused('unwritable', `cannot write to ${out}: ${(e as Error).message}`);
  }
  return ok(report);
}

/** One line: the test purposes by verdict and the rules by verdict. */
export function reportSummary(report: RuleReport): string {
  const t = report.totals;
  const rules = new Map<string, number>();
  for (const r of report.rules) rules.set(r.verdict, (rules.get(r.verdict) ?? 0) + 1);
  const ruleCounts = [...rules].map(([v, n]) => `${n} ${v}`).join(', ');
  const scenarios = report.testPurposes.filter((p) => p.kind === undefined).length;
  const p = report.propertyTotals;
  const properties =
    p === undefined
      ? ''
      : `; ${report.testPurposes.length - scenarios} property/model tests (${p.pass} pass, ${p.fail} fail, ${p.error} error)`;
  return `${scenarios} test purposes (${t.pass} pass, ${t.fail} fail, ${t.inconc} inconc, ${t.error} error)${properties}; ${report.rules.length} rules (${ruleCounts})`;
}

/**
 * A failed scenario's ladder embedded in conformance.html draws at most this many arrows: its
 * first and last 150 (a subset of those its page draws, so every arrow opens its message there).
 */
export const INLINE_LADDER_ARROWS = 300;

/**
 * A scenario's ladder (its `.ladder.json` beside the page the scenario attached) as SVG whose
 * arrows open the message on that page (capped, INLINE_LADDER_ARROWS); undefined when absent or
 * unreadable.
 */
export function inlineLadder(p: TestPurpose, href: (file: string) => string): string | undefined {
  if (p.ladder === undefined || !p.ladder.endsWith('.ladder.html')) return undefined;
  try {
    const ladder = JSON.parse(readFileSync(p.ladder.replace(/\.html$/, '.json'), 'utf8')) as Ladder;
    if (ladder.format !== LADDER_FORMAT) return undefined;
    const page = href(p.ladder);
    const half = INLINE_LADDER_ARROWS / 2;
    return ladderSvg(cappedLadder(ladder, { first: half, last: half }), {
      href: (a) => `${page}#${messageId(a)}`,
    });
  } catch {
    return undefined;
  }
}
