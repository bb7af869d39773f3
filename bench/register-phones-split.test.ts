import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PhonesOutcome } from './phones-bench-run.ts';
import {
  combineHeld,
  combineOutcomes,
  combineWarmups,
  contiguousBlocks,
  roundOverProcesses,
  splitPhones,
} from './register-phones-split.ts';

function outcome(o: Partial<PhonesOutcome>): PhonesOutcome {
  return {
    phones: 2,
    registered: 2,
    failed: 0,
    seconds: 1,
    phonesPerSecond: 2,
    registrationMs: { p50: 1, p99: 1, max: 1 },
    startedAt: 0,
    finishedAt: 1000,
    failures: [],
    ...o,
  };
}

describe('register-phones split over phones processes', () => {
  it('splitPhones cuts N into contiguous blocks differing by at most one, the first ones larger', () => {
    assert.deepEqual(splitPhones(10, 1), [{ first: 0, count: 10 }]);
    assert.deepEqual(splitPhones(10, 3), [
      { first: 0, count: 4 },
      { first: 4, count: 3 },
      { first: 7, count: 3 },
    ]);
    assert.deepEqual(splitPhones(2, 2), [
      { first: 0, count: 1 },
      { first: 1, count: 1 },
    ]);
    assert.throws(() => splitPhones(2, 3), /cannot split 2 phones into 3/);
    assert.throws(() => splitPhones(2, 0), RangeError);
  });

  it('contiguousBlocks starts at `first` and leaves empty blocks when there are more parts than items', () => {
    assert.deepEqual(contiguousBlocks(5, 2, 3), [
      { first: 5, count: 1 },
      { first: 6, count: 1 },
      { first: 7, count: 0 },
    ]);
  });

  it('roundOverProcesses with no process is a zero window, not an infinite one', () => {
    assert.deepEqual(roundOverProcesses([], []), {
      registered: 0,
      failed: 0,
      seconds: 0,
      phonesPerSecond: 0,
      registrationMs: null,
      startedAt: 0,
      finishedAt: 0,
    });
  });

  it('one process: its own figures unchanged (no registration times needed)', () => {
    const one = outcome({ seconds: 0.4, phonesPerSecond: 5, registrationMs: { p50: 3, p99: 9, max: 9 } });
    const c = combineOutcomes([one]);
    assert.equal(c.seconds, 0.4);
    assert.equal(c.phonesPerSecond, 5);
    assert.deepEqual(c.registrationMs, { p50: 3, p99: 9, max: 9 });
  });

  it('several: one window from the earliest start to the latest end, times merged, failures joined', () => {
    const c = combineOutcomes([
      outcome({
        phones: 3,
        registered: 2,
        failed: 1,
        startedAt: 1000,
        finishedAt: 1400,
        registrationTimesMs: [10, 30],
        failures: [{ device: 'SEP000000000003', error: 'timeout' }],
      }),
      outcome({ phones: 2, registered: 2, startedAt: 1100, finishedAt: 1500, registrationTimesMs: [20, 40] }),
    ]);
    assert.equal(c.phones, 5);
    assert.equal(c.registered, 4);
    assert.equal(c.failed, 1);
    assert.equal(c.startedAt, 1000);
    assert.equal(c.finishedAt, 1500);
    assert.equal(c.seconds, 0.5);
    assert.equal(c.phonesPerSecond, 8);
    // Nearest rank over 10, 20, 30, 40: p50 the 2nd, p99 the 4th.
    assert.deepEqual(c.registrationMs, { p50: 20, p99: 40, max: 40 });
    assert.deepEqual(c.failures, [{ device: 'SEP000000000003', error: 'timeout' }]);
  });

  it('several without registration times is refused (p99 would be wrong)', () => {
    assert.throws(
      () => combineOutcomes([outcome({}), outcome({ registrationTimesMs: [1, 2] })]),
      /--registration-times/,
    );
    assert.throws(() => combineOutcomes([]), RangeError);
  });

  it('combineWarmups sums registrations, keeps the longest rounds and seconds, drops unmergeable percentiles', () => {
    const w = {
      phones: 10,
      rounds: 2,
      registered: 10,
      failed: 0,
      seconds: 2,
      phonesPerSecond: 5,
      registrationMs: { p50: 1, p99: 2, max: 3 },
    };
    assert.equal(combineWarmups([w]), w);
    assert.deepEqual(combineWarmups([w, { ...w, rounds: 3, registered: 8, failed: 2, seconds: 4 }]), {
      phones: 20,
      rounds: 3,
      registered: 18,
      failed: 2,
      seconds: 4,
      phonesPerSecond: 4.5,
      registrationMs: null,
    });
  });

  it('combineHeld sums what each saw, the shortest hold; null when one process gave no line', () => {
    const h = {
      phones: 5,
      stillRegistered: 5,
      lostRegistrations: 0,
      keepalivesSent: 5,
      keepaliveAcks: 4,
      heldSeconds: 36,
    };
    assert.deepEqual(combineHeld([h, { ...h, stillRegistered: 4, lostRegistrations: 1, heldSeconds: 35 }]), {
      phones: 10,
      stillRegistered: 9,
      lostRegistrations: 1,
      keepalivesSent: 10,
      keepaliveAcks: 8,
      heldSeconds: 35,
    });
    assert.equal(combineHeld([h, null]), null);
    assert.equal(combineHeld([]), null);
    assert.equal(combineHeld([h]), h);
  });
});
