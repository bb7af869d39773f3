import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  describeUndetected,
  type MutantOutcome,
  scoreOf,
  tableRow,
  unexplainedIgnores,
} from './mutation-score.ts';

function mutant(status: string, extra: Partial<MutantOutcome> = {}): MutantOutcome {
  return {
    status,
    fileName: 'simulators/x.ts',
    mutatorName: 'ConditionalExpression',
    replacement: 'true',
    location: { start: { line: 3, column: 7 } },
    ...extra,
  };
}

test('a timeout is not detected in the score, but is in Stryker score', () => {
  const score = scoreOf([mutant('Killed'), mutant('Killed'), mutant('Timeout'), mutant('Survived')]);
  assert.equal(score.tested, 4);
  assert.equal(score.score, 50);
  assert.equal(score.strykerScore, 75);
});

test('equivalent and invalid mutants are outside the score', () => {
  const score = scoreOf([
    mutant('Killed'),
    mutant('NoCoverage'),
    mutant('Ignored', { statusReason: 'equivalent, same bytes' }),
    mutant('CompileError'),
    mutant('RuntimeError'),
  ]);
  assert.deepEqual(
    { tested: score.tested, equivalent: score.equivalent, invalid: score.invalid, score: score.score },
    { tested: 2, equivalent: 1, invalid: 2, score: 50 },
  );
});

test('no valid mutant scores 100', () => {
  assert.equal(scoreOf([]).score, 100);
});

test('an ignore without an "equivalent, <reason>" is reported', () => {
  const ignored = [
    mutant('Ignored', { statusReason: 'Equivalent: both branches send the same frame' }),
    mutant('Ignored', { statusReason: 'Ignored using a comment' }),
    mutant('Ignored'),
  ];
  assert.equal(unexplainedIgnores(ignored).length, 2);
});

test('undetected mutants are listed by place, status and replacement', () => {
  const lines = describeUndetected([
    mutant('Killed'),
    mutant('Survived', { replacement: 'if (\n  true\n)' }),
    mutant('Timeout', { location: { start: { line: 1, column: 1 } } }),
  ]);
  assert.deepEqual(lines, [
    'simulators/x.ts:1:1 Timeout ConditionalExpression -> true',
    'simulators/x.ts:3:7 Survived ConditionalExpression -> if ( true )',
  ]);
});

test('the table row fails a score under the floor', () => {
  const row = tableRow('m', scoreOf([mutant('Killed'), mutant('Survived')]), 85);
  assert.equal(row, '| m | 2 | 1 | 0 | 1 | 0 | 0 | 50.0% | 85% | FAIL |');
});
