import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BenchOptionError } from './bench-option-error.ts';
import { parseCstaBenchOptions } from './csta-latency-options.ts';

test('defaults: 100 and 1,000 requests/s, 10 s, 10 sessions, 100 monitors', () => {
  assert.deepEqual(parseCstaBenchOptions([]), {
    rates: [100, 1000],
    seconds: 10,
    sessions: 10,
    monitors: 100,
    out: undefined,
    cmeCpuProf: undefined,
    noEvents: false,
    probe: false,
  });
  const prof = parseCstaBenchOptions(['--cme-cpu-prof', 'prof', '--no-events']);
  assert.equal(prof.cmeCpuProf, 'prof');
  assert.equal(prof.noEvents, true);
  assert.equal(prof.probe, false);
  assert.equal(parseCstaBenchOptions(['--probe']).probe, true);
  assert.deepEqual(parseCstaBenchOptions(['--rates', '50', '--seconds', '2', '--out', 'x.json']).rates, [50]);
});

test('bad options are BenchOptionErrors naming the option', () => {
  const cases: Array<[string[], string]> = [
    [['--rates', '100,abc'], 'rates'],
    [['--rates', '0'], 'rates'],
    [['--seconds', '0'], 'seconds'],
    [['--seconds', '1.5'], 'seconds'],
    [['--monitors', '99999'], 'monitors'],
    [['--bogus'], 'argv'],
    [['stray'], 'argv'],
  ];
  for (const [argv, option] of cases)
    assert.throws(
      () => parseCstaBenchOptions(argv),
      (e: unknown) => e instanceof BenchOptionError && e.option === option,
    );
});
