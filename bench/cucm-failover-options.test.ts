import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BenchOptionError } from './bench-option-error.ts';
import { parseFailoverBenchOptions } from './cucm-failover-options.ts';

describe('parseFailoverBenchOptions', () => {
  it('defaults to issue 10: 1,000 phones, 100 route points + 100 CTI ports, both failures, 500 requests/s for 10 s', () => {
    assert.deepEqual(parseFailoverBenchOptions([]), {
      phones: 1000,
      routePoints: 100,
      ctiPorts: 100,
      variants: ['callmanager', 'node'],
      rate: 500,
      seconds: 10,
      concurrency: 200,
      timeoutSeconds: 120,
      out: undefined,
    });
  });

  it('reads every option', () => {
    const o = parseFailoverBenchOptions([
      ...['--phones', '50', '--route-points', '0', '--cti-ports', '7', '--variants', 'node'],
      ...['--rate', '0', '--seconds', '3', '--concurrency', '5', '--timeout-seconds', '9', '--out', 'x.json'],
    ]);
    assert.deepEqual(o, {
      phones: 50,
      routePoints: 0,
      ctiPorts: 7,
      variants: ['node'],
      rate: 0,
      seconds: 3,
      concurrency: 5,
      timeoutSeconds: 9,
      out: 'x.json',
    });
  });

  it('refuses bad values with BenchOptionError naming the option', () => {
    const cases: Array<[string[], string]> = [
      [['--phones', '0'], '--phones: 0 is outside 1..99999'],
      [['--cti-ports', '1.5'], "--cti-ports: '1.5' is not a whole number"],
      [['--variants', 'callmanager,ctimanager'], "--variants: 'ctimanager' is neither callmanager nor node"],
      [['--seconds', '0'], '--seconds: 0 is outside 1..3600'],
    ];
    for (const [argv, message] of cases)
      assert.throws(
        () => parseFailoverBenchOptions(argv),
        (e: unknown) => e instanceof BenchOptionError && e.message === message,
        argv.join(' '),
      );
    assert.throws(() => parseFailoverBenchOptions(['--bogus']), BenchOptionError);
  });
});
