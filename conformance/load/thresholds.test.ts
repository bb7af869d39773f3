import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoadResult } from './run-load.ts';
import { checkThresholds } from './thresholds.ts';

// Only the fields the thresholds read.
const result = {
  calls: { attempted: 100, completed: 90, failedTotal: 10, clearedByDesign: 6, clearedUnexpectedly: 1 },
  csta: { latency: { p99Ms: 42.5 } },
  events: { lost: 0, lostRecovered: 0, recoveredDevices: 0, duplicated: 2, deliveryLatency: { p99Ms: 9 } },
  failovers: [],
} as unknown as LoadResult;

test('each given threshold is checked: a maximum, a minimum, failed calls without those a fault cleared by design', () => {
  assert.deepEqual(
    checkThresholds(
      { callsFailedMax: 4, completedShareMin: 0.95, cstaLatencyP99MsMax: 50, eventsDuplicatedMax: 0 },
      result,
    ),
    [
      { name: 'callsFailedMax', limit: 4, actual: 4, met: true },
      { name: 'completedShareMin', limit: 0.95, actual: 0.9, met: false },
      { name: 'cstaLatencyP99MsMax', limit: 50, actual: 42.5, met: true },
      { name: 'eventsDuplicatedMax', limit: 0, actual: 2, met: false },
    ],
  );
});

test('a threshold the run could not measure is missed, not passed', () => {
  assert.deepEqual(checkThresholds({ eventsLostRecoveredMax: 0, reRegistrationSecondsMax: 10 }, result), [
    { name: 'eventsLostRecoveredMax', limit: 0, actual: null, met: false },
    { name: 'reRegistrationSecondsMax', limit: 10, actual: null, met: false },
  ]);
});

test('CTI Server thresholds read the CTI Server section; a run without CTI Server clients misses them', () => {
  const withCti = {
    ...result,
    ctiServer: {
      latency: { p99Ms: 67 },
      events: { lost: 1, lostRecovered: 0, recoveredDevices: 12, duplicated: 0 },
    },
    failovers: [
      {
        sessionsEnded: [],
        reopenSeconds: null,
        ctiServerSessionsEnded: ['ws-1'],
        ctiServerReopenSeconds: 0.16,
      },
    ],
  } as unknown as LoadResult;
  const thresholds = {
    ctiServerLatencyP99MsMax: 50,
    ctiServerEventsLostMax: 0,
    ctiServerEventsLostRecoveredMax: 0,
    ctiServerEventsDuplicatedMax: 0,
    reopenSecondsMax: 1,
  };
  assert.deepEqual(checkThresholds(thresholds, withCti), [
    { name: 'ctiServerLatencyP99MsMax', limit: 50, actual: 67, met: false },
    { name: 'ctiServerEventsLostMax', limit: 0, actual: 1, met: false },
    { name: 'ctiServerEventsLostRecoveredMax', limit: 0, actual: 0, met: true },
    { name: 'ctiServerEventsDuplicatedMax', limit: 0, actual: 0, met: true },
    { name: 'reopenSecondsMax', limit: 1, actual: 0.16, met: true },
  ]);
  const noCti = { ...result, ctiServer: null } as unknown as LoadResult;
  assert.deepEqual(
    checkThresholds(thresholds, noCti).map((c) => [c.name, c.actual, c.met]),
    [
      ['ctiServerLatencyP99MsMax', null, false],
      ['ctiServerEventsLostMax', null, false],
      ['ctiServerEventsLostRecoveredMax', null, false],
      ['ctiServerEventsDuplicatedMax', null, false],
      ['reopenSecondsMax', null, false],
    ],
  );
});
