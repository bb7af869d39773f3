import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BenchOptionError } from './bench-option-error.ts';
import { parseCallEventsBenchOptions } from './csta-call-events-options.ts';

test('defaults: 100, 250 and 500 calls/s for 10 s, 2,000 devices, 1 s hold', () => {
  assert.deepEqual(parseCallEventsBenchOptions([]), {
    rates: [100, 250, 500],
    seconds: 10,
    devices: 2000,
    holdSeconds: 1,
    drainSeconds: 10,
    out: undefined,
    runtime: 'process',
    cpuProfDir: undefined,
  });
  assert.equal(parseCallEventsBenchOptions(['--runtime', 'embedded']).runtime, 'embedded');
  assert.equal(parseCallEventsBenchOptions(['--cpu-prof-dir', 'p']).cpuProfDir, 'p');
  const o = parseCallEventsBenchOptions(['--rates', '50,75.5', '--hold-seconds', '0.5', '--devices', '200']);
  assert.deepEqual(o.rates, [50, 75.5]);
  assert.equal(o.holdSeconds, 0.5);
  assert.equal(o.devices, 200);
});

test('bad options are BenchOptionErrors naming the option', () => {
  const cases: Array<[string[], string]> = [
    [['--rates', '100,x'], 'rates'],
    [['--rates', '0'], 'rates'],
    [['--devices', '2001'], 'devices'],
    [['--devices', '1'], 'devices'],
    [['--hold-seconds', '0'], 'hold-seconds'],
    [['--seconds', '0'], 'seconds'],
    [['--bogus'], 'argv'],
    [['--runtime', 'containers'], 'runtime'],
    [['--runtime', 'embedded', '--cpu-prof-dir', 'p'], 'cpu-prof-dir'],
  ];
  for (const [argv, option] of cases)
    assert.throws(
      () => parseCallEventsBenchOptions(argv),
      (e: unknown) => e instanceof BenchOptionError && e.option === option,
      argv.join(' '),
    );
});
