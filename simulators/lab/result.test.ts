import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mustSucceed, ok, refused } from './result.ts';

test('ok carries the value; refused carries the protocol error and a reason', () => {
  assert.deepEqual(ok(42), { ok: true, value: 42 });
  assert.deepEqual(ok(), { ok: true, value: undefined });
  assert.deepEqual(refused({ operation: 'invalidDeviceID' }, 'no such DN'), {
    ok: false,
    error: { operation: 'invalidDeviceID' },
    reason: 'no such DN',
  });
});

test('mustSucceed returns the value and throws on a refusal (a bug, not a protocol answer)', () => {
  assert.equal(mustSucceed(ok('x'), 'op'), 'x');
  assert.throws(() => mustSucceed(refused(404, 'gone'), 'lookup'), /lookup was refused \(a bug\): gone/);
});
