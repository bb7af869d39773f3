/**
 * The console output of `ctilab run` (CI logs, a terminal alike): one line per scenario with its
 * TTCN-3 verdict (verdict.ts) and where it is, then one summary line per feature, then Cucumber's
 * own summary (failures with their steps and errors, counts, duration). No progress bar: a CI log
 * is not a TTY. Loaded by Cucumber as a custom formatter (`format: [<this file's URL>]`).
 */
import { SummaryFormatter } from '@cucumber/cucumber';
import { type Verdict, verdictOfStatus } from './verdict.ts';

type Counts = Map<Verdict, number>;
interface TestCaseFinished {
  testCaseStartedId: string;
  willBeRetried: boolean;
}

/** `  pass  features/sccp/registration.feature:12  A phone registers` */
export function scenarioLine(verdict: Verdict, uri: string, line: number | undefined, name: string): string {
  return `  ${verdict.padEnd(6)} ${uri}${line === undefined ? '' : `:${line}`}  ${name}`;
}

/** `features/sccp/registration.feature: 3 scenarios (2 pass, 1 fail)` */
export function featureLine(uri: string, counts: Counts): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const parts = [...counts].map(([v, n]) => `${n} ${v}`).join(', ');
  return `${uri}: ${total} scenario${total === 1 ? '' : 's'} (${parts})`;
}

export default class CiFormatter extends SummaryFormatter {
  static override readonly documentation =
    'ctilab: one line per scenario with its verdict, a summary per feature, then the summary formatter';

  private readonly perFeature = new Map<string, Counts>();

  constructor(options: ConstructorParameters<typeof SummaryFormatter>[0]) {
    super(options);
    options.eventBroadcaster.on('envelope', (envelope: { testCaseFinished?: TestCaseFinished }) => {
      const finished = envelope.testCaseFinished;
      if (finished === undefined || finished.willBeRetried) return;
      const attempt = this.eventDataCollector.getTestCaseAttempt(finished.testCaseStartedId);
      const verdict = verdictOfStatus(String(attempt.worstTestStepResult.status));
      const { pickle } = attempt;
      this.log(`${scenarioLine(verdict, pickle.uri, pickle.location?.line, pickle.name)}\n`);
      const counts = this.perFeature.get(pickle.uri) ?? new Map<Verdict, number>();
      counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
      this.perFeature.set(pickle.uri, counts);
    });
  }

  override logSummary(testRunDuration: Parameters<SummaryFormatter['logSummary']>[0]): void {
    this.log('\n');
    for (const [uri, counts] of this.perFeature) this.log(`${featureLine(uri, counts)}\n`);
    this.log('\n');
    super.logSummary(testRunDuration);
  }
}
