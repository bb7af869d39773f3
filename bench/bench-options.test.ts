import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BenchOptionError } from './bench-option-error.ts';
import { BenchArgs } from './bench-options.ts';

const refusal = (option: string, message: string) => (e: unknown) =>
  e instanceof BenchOptionError && e.option === option && e.message === `${option}: ${message}`;

describe('BenchArgs', () => {
  const spec = { values: ['seconds', 'rates', 'mode', 'out'], flags: ['verbose', 'no-events'] };

  it('reads values (both --x v and --x=v), flags and a --no-x flag; absent ones are undefined/false', () => {
    const args = new BenchArgs(['--seconds', '5', '--rates=1, 2,3', '--no-events', '--out', 'x.json'], spec);
    assert.equal(args.value('seconds'), '5');
    assert.equal(args.integer('seconds', 10, 1, 60), 5);
    assert.deepEqual(args.integers('rates', '9', 1, 10), [1, 2, 3]);
    assert.equal(args.flag('no-events'), true);
    assert.equal(args.flag('verbose'), false);
    assert.equal(args.value('mode'), undefined);
    assert.equal(args.oneOf('mode', 'a', ['a', 'b'], 'is not a or b'), 'a');
    assert.equal(args.value('out'), 'x.json');
    const none = new BenchArgs([], spec);
    assert.equal(none.flag('no-events'), false);
    assert.equal(none.integer('seconds', 10, 1, 60), 10);
  });

  it('refuses unknown options, positional arguments, a missing value and --help as the command line', () => {
    for (const argv of [['--bogus'], ['stray'], ['--seconds'], ['--help'], ['-h']]) {
      assert.throws(
        () => new BenchArgs(argv, spec),
        (e: unknown) => e instanceof BenchOptionError && e.option === 'arguments',
        argv.join(' '),
      );
      assert.throws(
        () => new BenchArgs(argv, spec, 'bare'),
        (e: unknown) => e instanceof BenchOptionError && e.option === 'argv',
        argv.join(' '),
      );
    }
    assert.throws(() => new BenchArgs(['--bogus'], spec), /unknown option '--bogus'/);
  });

  it('checks whole numbers, ranges, lists and choices, naming the option in its naming', () => {
    const flag = new BenchArgs(['--seconds', '61', '--rates', '1,x', '--mode', 'c'], spec);
    assert.throws(() => flag.integer('seconds', 1, 1, 60), refusal('--seconds', '61 is outside 1..60'));
    assert.throws(() => flag.integers('rates', '1', 1, 9), refusal('--rates', "'x' is not a whole number"));
    assert.throws(
      () => flag.oneOf('mode', 'a', ['a', 'b'], 'is not a or b'),
      refusal('--mode', "'c' is not a or b"),
    );
    assert.throws(() => flag.listOf('mode', 'a', ['a', 'b']), refusal('--mode', "'c' is not one of a, b"));
    const bare = new BenchArgs(['--seconds', '0', '--rates', '1.5'], spec, 'bare');
    assert.throws(() => bare.integer('seconds', 1, 1, 60), refusal('seconds', '0 is not in 1..60'));
    assert.throws(() => bare.integers('rates', '1', 1, 9), refusal('rates', "'1.5' is not a whole number"));
    assert.throws(() => bare.integer('out', '-1', 0, 9), refusal('out', "'-1' is not a whole number"));
    assert.throws(() => bare.refuse('out', 'no'), refusal('out', 'no'));
    const one = new BenchArgs(['--seconds', '2.5'], spec);
    assert.throws(
      () => one.integerIn('seconds', 1, 1, 9),
      refusal('--seconds', "'2.5' is not an integer in 1..9"),
    );
    assert.throws(() => one.integerIn('rates', 0, 1, 9), refusal('--rates', "'0' is not an integer in 1..9"));
    assert.equal(new BenchArgs([], spec).integerIn('seconds', 9, 1, 9), 9);
  });
});
