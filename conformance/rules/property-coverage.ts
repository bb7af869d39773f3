/**
 * Which fast-check property and model tests check which rules: one row per test purpose, a test
 * file and the exact title of one of its tests (`it` / `test`) or suites (`describe`: all its
 * tests). The tests stay as they are; property-coverage.test.ts fails when a file or title listed
 * here no longer exists or a rule ID is not in the catalogue, so the table cannot drift.
 * `ctilab run` runs these (conformance/report/property-run.ts) and reports each as a test purpose
 * of its rules, with its verdict, seed and number of runs. Keep the whole table under about two
 * minutes (each row is one `node --test` process).
 */
export type PropertyKind = 'property' | 'model';

export interface PropertyCoverage {
  /** The test file, from the repository root. */
  file: string;
  /** The exact title of a test or suite in that file. */
  test: string;
  kind: PropertyKind;
  /** The rules it checks (catalogue IDs). */
  rules: string[];
}

export const propertyCoverage: readonly PropertyCoverage[] = [
  {
    file: 'simulators/sccp/codec.property.test.ts',
    test: 'SCCP codec round trip (every message type x every header version)',
    kind: 'property',
    rules: ['SCCP-FRAME-001'],
  },
  {
    file: 'simulators/station/station-server.fuzz.test.ts',
    test: 'every input: the protocol treatment, good phones unaffected, nothing leaked',
    kind: 'property',
    rules: ['SCCP-FRAME-002', 'SCCP-FRAME-003'],
  },
  {
    file: 'simulators/cti-server/server/cti-server.fuzz.test.ts',
    test: 'every other client carries on; nothing leaks (60 runs)',
    kind: 'property',
    rules: ['ACD-MSG-001'],
  },
  {
    file: 'simulators/acd-cti/acd-lab.fuzz.test.ts',
    test: 'each input class gets its answer; the witness bridge carries on; nothing leaks (150 runs)',
    kind: 'property',
    rules: ['ACD-MSG-001', 'ACD-MSG-002'],
  },
  {
    file: 'simulators/acd-cti/agent-sessions.model.test.ts',
    test: 'SET / QUERY_AGENT_STATE answers, AGENT_STATE_EVENTs per session, session counts (80 runs)',
    kind: 'model',
    rules: ['ACD-MSG-005'],
  },
];
