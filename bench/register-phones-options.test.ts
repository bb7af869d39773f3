import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BenchOptionError } from './bench-option-error.ts';
import { parseRegisterBenchOptions } from './register-phones-options.ts';

describe('parseRegisterBenchOptions', () => {
  it('defaults to N = 1,000 and 10,000, keepalive 30 s, hold 35 s, concurrency 200, no warm-up', () => {
    assert.deepEqual(parseRegisterBenchOptions([]), {
      counts: [1000, 10000],
      keepaliveSeconds: 30,
      holdSeconds: 35,
      concurrency: 200,
      warmup: 0,
      phoneProcesses: 1,
      out: undefined,
      cpuProfDir: undefined,
      nodeFlags: [],
    });
  });

  it('reads every option', () => {
    const o = parseRegisterBenchOptions([
      '--counts',
      '10, 250',
      '--keepalive-seconds',
      '10',
      '--hold-seconds',
      '0',
      '--concurrency',
      '50',
      '--warmup',
      '500',
      '--phone-processes',
      '10',
      '--out',
      'x.json',
      '--cpu-prof',
      'profiles',
      '--node-flags',
      ' --max-semi-space-size=32  --single-threaded ',
    ]);
    assert.deepEqual(o, {
      counts: [10, 250],
      keepaliveSeconds: 10,
      holdSeconds: 0,
      concurrency: 50,
      warmup: 500,
      phoneProcesses: 10,
      out: 'x.json',
      cpuProfDir: 'profiles',
      nodeFlags: ['--max-semi-space-size=32', '--single-threaded'],
    });
  });

  it('refuses bad values with BenchOptionError naming the option', () => {
    const cases: Array<[string[], string]> = [
      [['--counts', '1000,abc'], '--counts'],
      [['--counts', '0'], '--counts'],
      [['--counts', '10001'], '--counts'],
      [['--counts', ''], '--counts'],
      [['--keepalive-seconds', '9'], '--keepalive-seconds'],
      [['--hold-seconds=-1'], '--hold-seconds'],
      [['--hold-seconds', '1.5'], '--hold-seconds'],
      [['--concurrency', '0'], '--concurrency'],
      [['--warmup', '-1'], '--warmup'],
      [['--warmup', '1000001'], '--warmup'],
      [['--phone-processes', '0'], '--phone-processes'],
      [['--phone-processes', '17'], '--phone-processes'],
      // More processes than the smallest N has phones: one would register none.
      [['--counts', '3,1000', '--phone-processes', '4'], '--phone-processes'],
      [['--node-flags', '--ok -bad'], '--node-flags'],
      [['--node-flags', '--ok; rm'], '--node-flags'],
      [['--bogus'], 'arguments'],
      [['stray'], 'arguments'],
    ];
    for (const [argv, option] of cases) {
      assert.throws(
        () => parseRegisterBenchOptions(argv),
        (err: unknown) => err instanceof BenchOptionError && err.option === option,
        argv.join(' '),
      );
    }
  });
});
