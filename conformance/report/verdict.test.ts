import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { combine, type Verdict, verdictOfStatus, verdicts, worse } from './verdict.ts';

const verdict = fc.constantFrom<Verdict>(...verdicts);
const order: Verdict[] = ['none', 'not run', 'pass', 'inconc', 'fail', 'error'];

test('combine is one of its inputs, never better than any, and independent of order', () => {
  fc.assert(
    fc.property(fc.array(verdict, { minLength: 1 }), (vs) => {
      const c = combine(vs);
      assert.ok(vs.includes(c));
      for (const v of vs) assert.ok(order.indexOf(c) >= order.indexOf(v), `${c} better than ${v}`);
      assert.equal(combine([...vs].reverse()), c);
      assert.equal(combine([...vs].sort()), c);
    }),
  );
});

test('fail > inconc > pass > none; error overrides all', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom<Verdict>('pass', 'inconc', 'none')),
      fc.array(verdict),
      (rest, more) => {
        assert.equal(combine([...rest, 'fail']), 'fail');
        assert.equal(combine([...more, 'error']), 'error');
      },
    ),
  );
  assert.equal(worse('pass', 'inconc'), 'inconc');
  assert.equal(worse('inconc', 'pass'), 'inconc');
  assert.equal(worse('none', 'pass'), 'pass');
});

test('an empty combination is the given default', () => {
  assert.equal(combine([]), 'none');
  assert.equal(combine([], 'error'), 'error');
});

test('Cucumber statuses map to TTCN-3 verdicts', () => {
  assert.equal(verdictOfStatus('PASSED'), 'pass');
  assert.equal(verdictOfStatus('FAILED'), 'fail');
  assert.equal(verdictOfStatus('UNDEFINED'), 'error');
  assert.equal(verdictOfStatus('AMBIGUOUS'), 'error');
  assert.equal(verdictOfStatus('PENDING'), 'inconc');
  assert.equal(verdictOfStatus('SKIPPED'), 'inconc');
  assert.equal(verdictOfStatus('UNKNOWN'), 'error');
  assert.equal(verdictOfStatus('whatever'), 'error');
});
