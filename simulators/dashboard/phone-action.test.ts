import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SccpPhone } from '../phone/phone.ts';
import { applyPhoneAction } from './phone-action.ts';

const phone = () =>
  new SccpPhone({ mac: '001122334455', model: '7960', servers: [{ host: '127.0.0.1', port: 1 }] });

test('a press on a phone that is not registered is refused 409 with the phone’s reason', () => {
  assert.deepEqual(applyPhoneAction(phone(), 'offhook', {}), {
    ok: false,
    error: 409,
    reason: 'offHook: phone is not registered',
  });
  assert.deepEqual(applyPhoneAction(phone(), 'line', { line: 1 }), {
    ok: false,
    error: 409,
    reason: 'pressLine: phone is not registered',
  });
});

test('missing or malformed fields are refused 400 before the phone is touched', () => {
  assert.deepEqual(applyPhoneAction(phone(), 'dial', { digits: '' }), {
    ok: false,
    error: 400,
    reason: "'digits' (a non-empty string) is required",
  });
  assert.deepEqual(applyPhoneAction(phone(), 'line', {}), {
    ok: false,
    error: 400,
    reason: "'line' (the line instance, from 1) is required",
  });
  assert.deepEqual(applyPhoneAction(phone(), 'offhook', { line: '1' }), {
    ok: false,
    error: 400,
    reason: `'line' must be an integer >= 1, got "1"`,
  });
  assert.deepEqual(applyPhoneAction(phone(), 'hold', {}), {
    ok: false,
    error: 404,
    reason: "unknown action 'hold' (one of offhook, onhook, dial, softkey, line)",
  });
});
