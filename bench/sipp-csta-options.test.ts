import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BenchOptionError } from './bench-option-error.ts';
import { pairsFor, parseSippCstaOptions } from './sipp-csta-options.ts';

describe('parseSippCstaOptions', () => {
  it('defaults: 10 calls/s for 20 s, hold 1 s, answer after 100 ms, 30 pairs, SIPp first', () => {
    assert.deepEqual(parseSippCstaOptions([]), {
      rate: 10,
      seconds: 20,
      holdMs: 1000,
      answerAfterMs: 100,
      pairs: 30,
      warmUpSeconds: 5,
      order: 'sipp-first',
      scenario: undefined,
      out: undefined,
    });
    assert.equal(pairsFor(50, 500), 125);
    assert.equal(pairsFor(1, 0), 2);
  });

  it('takes every option', () => {
    const o = parseSippCstaOptions(
      [
        '--rate',
        '20',
        '--seconds',
        '5',
        '--hold-ms',
        '400',
        '--answer-after-ms',
        '0',
        '--pairs',
        '60',
      ].concat([
        '--warm-up-seconds',
        '0',
        '--order',
        'ctilab-first',
        '--scenario',
        's.xml',
        '--out',
        'x.json',
      ]),
    );
    assert.deepEqual(o, {
      rate: 20,
      seconds: 5,
      holdMs: 400,
      answerAfterMs: 0,
      pairs: 60,
      warmUpSeconds: 0,
      order: 'ctilab-first',
      scenario: 's.xml',
      out: 'x.json',
    });
  });

  it('refuses bad input naming the option', () => {
    const cases: Array<[string[], string, RegExp]> = [
      [['--rate', '0'], 'rate', /0 is not in 1\.\.500/],
      [['--rate', 'ten'], 'rate', /'ten' is not a whole number/],
      [['--warm-up-seconds', '61'], 'warm-up-seconds', /61 is not in 0\.\.60/],
      [['--pairs', '5'], 'pairs', /at least 30/],
      [['--order', 'both'], 'order', /'both' is not sipp-first or ctilab-first/],
      [['--answer-after-ms', '1000'], 'answer-after-ms', /cleared before they are answered/],
      [['--bogus'], 'argv', /bogus/],
    ];
    for (const [argv, option, message] of cases)
      assert.throws(
        () => parseSippCstaOptions(argv),
        (e: unknown) => e instanceof BenchOptionError && e.option === option && message.test(e.message),
        argv.join(' '),
      );
  });
});
