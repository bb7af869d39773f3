/**
 * Builds synthetic Cucumber message NDJSON for the report tests: each scenario is a name, its
 * tags and the statuses of its steps (an empty list: the scenario never started); `selected:
 * false` gives a pickle with no test case (Cucumber's filters, --tags or a line, left it out).
 */
export interface FixtureScenario {
  name: string;
  tags: string[];
  statuses: string[];
  message?: string;
  capture?: string;
  /** The scenario's node log file (a `log: <file>` attachment, as steps/hooks.ts makes). */
  log?: string;
  /** The scenario's ladder page (a `ladder: <file>` attachment, as steps/hooks.ts makes). */
  ladder?: string;
  selected?: boolean;
}

export function fixtureNdjson(scenarios: FixtureScenario[]): string {
  const env: unknown[] = [
    { meta: { protocolVersion: '32', implementation: { name: 'cucumber-js', version: '12.9.0' } } },
    { testRunStarted: { timestamp: { seconds: 1_700_000_000, nanos: 0 } } },
  ];
  scenarios.forEach((s, i) => {
    const steps = s.statuses.map((_, j) => ({ id: `ps${i}-${j}`, text: `step ${j} of ${s.name}` }));
    env.push({
      pickle: {
        id: `p${i}`,
        uri: `features/f${i}.feature`,
        name: s.name,
        language: 'en',
        steps,
        tags: s.tags.map((name) => ({ name, astNodeId: 'x' })),
        astNodeIds: [],
      },
    });
    if (s.selected === false) return;
    env.push({
      testCase: {
        id: `tc${i}`,
        pickleId: `p${i}`,
        testSteps: steps.map((st, j) => ({ id: `ts${i}-${j}`, pickleStepId: st.id })),
      },
    });
    if (s.statuses.length === 0) return;
    env.push({
      testCaseStarted: {
        id: `st${i}`,
        testCaseId: `tc${i}`,
        attempt: 0,
        timestamp: { seconds: 0, nanos: 0 },
      },
    });
    if (s.capture !== undefined)
      env.push({
        attachment: {
          body: `capture: ${s.capture}`,
          mediaType: 'text/plain',
          contentEncoding: 'IDENTITY',
          testCaseStartedId: `st${i}`,
        },
      });
    if (s.log !== undefined)
      env.push({
        attachment: {
          body: `log: ${s.log}`,
          mediaType: 'text/plain',
          contentEncoding: 'IDENTITY',
          testCaseStartedId: `st${i}`,
        },
      });
    if (s.ladder !== undefined)
      env.push({
        attachment: {
          body: `ladder: ${s.ladder}`,
          mediaType: 'text/plain',
          contentEncoding: 'IDENTITY',
          testCaseStartedId: `st${i}`,
        },
      });
    s.statuses.forEach((status, j) => {
      const testStepResult: Record<string, unknown> = { status, duration: { seconds: 0, nanos: 0 } };
      if (status === 'FAILED' && s.message !== undefined) testStepResult.message = s.message;
      env.push({
        testStepFinished: {
          testCaseStartedId: `st${i}`,
          testStepId: `ts${i}-${j}`,
          testStepResult,
          timestamp: { seconds: 0, nanos: 0 },
        },
      });
    });
    env.push({
      testCaseFinished: {
        testCaseStartedId: `st${i}`,
        willBeRetried: false,
        timestamp: { seconds: 0, nanos: 0 },
      },
    });
  });
  return `${env.map((e) => JSON.stringify(e)).join('\n')}\n`;
}
