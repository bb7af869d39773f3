import type { RunMessages } from './ndjson-reader.ts';
import { combine, type Verdict, verdictOfStatus, worse } from './verdict.ts';

/**
 * One test purpose and its verdict (DESIGN.md section 7): a Gherkin scenario, or a fast-check
 * property or model test that checks rules (conformance/rules/property-coverage.ts,
 * property-run.ts), whose tags are then its rules (`@SCCP-FRAME-001`).
 */
export interface TestPurpose {
  name: string;
  /** Feature file, as Cucumber names it (`features/sccp/registration.feature`); a property's test file. */
  feature: string;
  /** Absent for a scenario. */
  kind?: 'property' | 'model';
  /** A property or model test: its fast-check runs. */
  fastCheck?: PropertyEvidence;
  tags: string[];
  verdict: Exclude<Verdict, 'none' | 'not run'>;
  /** Why the verdict is not pass: the deciding step's message, or what was missing. */
  reason?: string;
  /** The scenario's pcap, from its `capture: <file>` attachment (steps/hooks.ts). */
  capture?: string;
  /** The scenario's node logs, from its `log: <file>` attachment (steps/hooks.ts). */
  log?: string;
  /** The scenario's ladder diagram page, from its `ladder: <file>` attachment (steps/hooks.ts). */
  ladder?: string;
}

/** What a property or model test purpose reports beside its verdict. */
export interface PropertyEvidence {
  /** The failing run's seed, else the first run's. */
  seed?: number;
  /** Generated inputs over all fast-check runs of the test. */
  numRuns: number;
  durationMs: number;
  counterexample?: string;
  path?: string;
  /** Runs the test again; on a failure with the failing seed and path. */
  replay: string;
}

const capturePrefix = 'capture: ';
const logPrefix = 'log: ';
const ladderPrefix = 'ladder: ';
/** A hook that skips a scenario says why in an attachment `inconc: <reason>` (steps/pixit-hooks.ts). */
const inconcPrefix = 'inconc: ';

function attachmentText(body: string, encoding: string): string {
  return encoding === 'BASE64' ? Buffer.from(body, 'base64').toString('utf8') : body;
}

/**
 * The test purposes of a run, in pickle order: exactly the scenarios Cucumber selected (a pickle
 * with a test case); those its filters left out (--tags, --name, a line) are not test purposes of
 * this run (`notSelectedTags`). A scenario takes the worst verdict of its steps (hooks included)
 * on its last attempt; one that was selected but never started, or whose steps reported nothing,
 * is `error` (DESIGN.md section 7: no verdict is an error).
 */
export function testPurposes(run: RunMessages): TestPurpose[] {
  const caseOfPickle = new Map(run.testCases.map((c) => [c.pickleId, c]));
  const lastAttempt = new Map<string, { id: string; attempt: number }>();
  for (const s of run.testCasesStarted) {
    const prev = lastAttempt.get(s.testCaseId);
    if (prev === undefined || s.attempt >= prev.attempt) lastAttempt.set(s.testCaseId, s);
  }
  const stepsOfStart = new Map<string, RunMessages['testStepsFinished']>();
  for (const f of run.testStepsFinished) {
    const list = stepsOfStart.get(f.testCaseStartedId) ?? [];
    list.push(f);
    stepsOfStart.set(f.testCaseStartedId, list);
  }
  const captureOfStart = new Map<string, string>();
  const logOfStart = new Map<string, string>();
  const ladderOfStart = new Map<string, string>();
  const inconcOfStart = new Map<string, string>();
  for (const a of run.attachments) {
    if (a.testCaseStartedId === undefined || !a.mediaType.startsWith('text/')) continue;
    const text = attachmentText(a.body, a.contentEncoding);
    if (text.startsWith(capturePrefix) && !captureOfStart.has(a.testCaseStartedId))
      captureOfStart.set(a.testCaseStartedId, text.slice(capturePrefix.length).trim());
    if (text.startsWith(logPrefix) && !text.includes('\n') && !logOfStart.has(a.testCaseStartedId))
      logOfStart.set(a.testCaseStartedId, text.slice(logPrefix.length).trim());
    if (text.startsWith(ladderPrefix) && !text.includes('\n') && !ladderOfStart.has(a.testCaseStartedId))
      ladderOfStart.set(a.testCaseStartedId, text.slice(ladderPrefix.length).trim());
    if (text.startsWith(inconcPrefix) && !inconcOfStart.has(a.testCaseStartedId))
      inconcOfStart.set(a.testCaseStartedId, text.slice(inconcPrefix.length).trim());
  }

  return run.pickles.flatMap((pickle): TestPurpose[] => {
    const testCase = caseOfPickle.get(pickle.id);
    return testCase === undefined ? [] : [purposeOf(pickle, testCase)];
  });

  function purposeOf(
    pickle: RunMessages['pickles'][number],
    testCase: RunMessages['testCases'][number],
  ): TestPurpose {
    const base = { name: pickle.name, feature: pickle.uri, tags: pickle.tags };
    const started = lastAttempt.get(testCase.id);
    if (started === undefined) return { ...base, verdict: 'error', reason: 'scenario did not start' };
    const capture = captureOfStart.get(started.id);
    const log = logOfStart.get(started.id);
    const ladder = ladderOfStart.get(started.id);
    const withCapture = {
      ...base,
      ...(capture === undefined ? {} : { capture }),
      ...(log === undefined ? {} : { log }),
      ...(ladder === undefined ? {} : { ladder }),
    };
    const finished = stepsOfStart.get(started.id) ?? [];
    if (finished.length === 0)
      return { ...withCapture, verdict: 'error', reason: 'no step reported a result' };

    const verdict = combine(
      finished.map((f) => verdictOfStatus(f.status)),
      'error',
    );
    // A test case whose declared steps did not all report is incomplete: no verdict is an error.
    const missing = testCase.testSteps.length - new Set(finished.map((f) => f.testStepId)).size;
    const final = missing > 0 ? worse(verdict, 'error') : verdict;
    if (final === 'pass' || final === 'none' || final === 'not run')
      return { ...withCapture, verdict: 'pass' };
    if (verdict !== final)
      return { ...withCapture, verdict: final, reason: `${missing} step(s) reported no result` };

    const said = inconcOfStart.get(started.id);
    if (final === 'inconc' && said !== undefined) return { ...withCapture, verdict: final, reason: said };
    const deciding = finished.find((f) => verdictOfStatus(f.status) === final);
    const step = testCase.testSteps.find((s) => s.id === deciding?.testStepId);
    const text = pickle.steps.find((s) => s.id === step?.pickleStepId)?.text;
    const where = text !== undefined ? `step "${text}"` : step?.hookId !== undefined ? 'hook' : 'step';
    const reason = deciding?.message ?? `${where} ${deciding?.status.toLowerCase() ?? 'unknown'}`;
    return { ...withCapture, verdict: final, reason };
  }
}

/** The tags of the scenarios in the messages that Cucumber's filters did not select. */
export function notSelectedTags(run: RunMessages): Set<string> {
  const selected = new Set(run.testCases.map((c) => c.pickleId));
  return new Set(run.pickles.filter((p) => !selected.has(p.id)).flatMap((p) => p.tags));
}
