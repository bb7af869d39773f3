import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CallModelError } from './call-model-error.ts';
import { DEFAULT_INTERDIGIT_TIMEOUT_MS, DialPlan } from './dial-plan.ts';

describe('DialPlan', () => {
  const plan = new DialPlan(['201', '202', '20', '5000']);

  it('matches a configured number that no longer number extends as complete', () => {
    assert.deepEqual(plan.match('201'), { kind: 'complete', number: '201' });
    assert.deepEqual(plan.match('5000'), { kind: 'complete', number: '5000' });
  });

  it('asks for more digits on a prefix', () => {
    assert.deepEqual(plan.match('5'), { kind: 'partial' });
    assert.deepEqual(plan.match('2'), { kind: 'partial' });
    assert.deepEqual(plan.match(''), { kind: 'partial' });
  });

  it('treats a number that prefixes a longer one as partial with an exact candidate', () => {
    assert.deepEqual(plan.match('20'), { kind: 'partial', exact: '20' });
    assert.equal(plan.matchFinal('20'), '20');
    assert.equal(plan.matchFinal('5'), undefined);
  });

  it('rejects digits no number starts with, and non-digits', () => {
    assert.deepEqual(plan.match('3'), { kind: 'invalid' });
    assert.deepEqual(plan.match('2019'), { kind: 'invalid' });
    assert.deepEqual(plan.match('2a'), { kind: 'invalid' });
    assert.equal(plan.matchFinal('999'), undefined);
  });

  it('defaults T302 to 10 s and validates its inputs', () => {
    assert.equal(plan.interdigitTimeoutMs, DEFAULT_INTERDIGIT_TIMEOUT_MS);
    assert.equal(DEFAULT_INTERDIGIT_TIMEOUT_MS, 10_000);
    assert.throws(
      () => new DialPlan(['12x']),
      (e) => e instanceof CallModelError && e.code === 'invalidDeviceID',
    );
    assert.throws(
      () => new DialPlan(['1'], 0),
      (e) => e instanceof CallModelError && e.code === 'invalidParameterValue',
    );
  });

  it('classifies every digit string consistently with the number set (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[0-9]{1,4}$/), { minLength: 1, maxLength: 8 }),
        fc.stringMatching(/^[0-9]{0,5}$/),
        (numbers, digits) => {
          const m = new DialPlan(numbers).match(digits);
          const exact = numbers.includes(digits);
          const longer = numbers.some((n) => n.length > digits.length && n.startsWith(digits));
          if (m.kind === 'complete') assert.ok(exact && !longer && m.number === digits);
          else if (m.kind === 'partial') assert.ok(longer && (m.exact === undefined) === !exact);
          else assert.ok(!exact && !longer);
        },
      ),
    );
  });
});
