import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NdjsonError, readMessages } from './ndjson-reader.ts';
import { fixtureNdjson } from './run-fixture.ts';

test('reads pickles, test cases, step results, attachments and run metadata', () => {
  const run = readMessages(
    fixtureNdjson([
      { name: 'A', tags: ['@X-001'], statuses: ['PASSED', 'FAILED'], message: 'boom', capture: 'c/a.pcap' },
    ]),
  );
  assert.equal(run.pickles.length, 1);
  assert.deepEqual(run.pickles[0]?.tags, ['@X-001']);
  assert.equal(run.testCases[0]?.testSteps.length, 2);
  assert.deepEqual(
    run.testStepsFinished.map((s) => s.status),
    ['PASSED', 'FAILED'],
  );
  assert.equal(run.testStepsFinished[1]?.message, 'boom');
  assert.equal(run.attachments[0]?.body, 'capture: c/a.pcap');
  assert.equal(run.runner, 'cucumber-js 12.9.0');
  assert.equal(run.startedAt, '2023-11-14T22:13:20.000Z');
});

test('ignores blank lines and envelopes it does not need', () => {
  const run = readMessages(`\n${JSON.stringify({ source: { uri: 'x', data: 'y' } })}\n\n`);
  assert.equal(run.pickles.length, 0);
});

test('a line that is not JSON is an NdjsonError naming the line', () => {
  assert.throws(
    () => readMessages(`${JSON.stringify({ meta: { implementation: { name: 'x' } } })}\n{"pickle":`),
    (e: unknown) => e instanceof NdjsonError && e.line === 2,
  );
  assert.throws(() => readMessages('[1,2]'), NdjsonError);
});

test('a needed message with a wrongly typed field is an NdjsonError', () => {
  const bad = JSON.stringify({ pickle: { id: 'p', uri: 'u', name: 7, tags: [], steps: [] } });
  assert.throws(() => readMessages(bad), /envelope\.pickle\.name is not a string/);
  const badResult = JSON.stringify({
    testStepFinished: { testCaseStartedId: 's', testStepId: 't', testStepResult: null },
  });
  assert.throws(() => readMessages(badResult), NdjsonError);
});
