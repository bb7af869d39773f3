import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALL_MODEL_ERROR_CATEGORIES, CallModelError } from '../../calls/call-model-error.ts';
import { encodeCstaError } from '../../csta/csta-encode.ts';
import { DEFAULT_CSTA_NAMESPACE } from '../../csta/csta-namespaces.ts';
import { CtiError, cstaErrorOf, isCstaError } from './cti-errors.ts';

test('every call-model refusal and every CTI refusal is a valid CSTAErrorCode of its category', () => {
  for (const code of Object.keys(
    CALL_MODEL_ERROR_CATEGORIES,
  ) as (keyof typeof CALL_MODEL_ERROR_CATEGORIES)[]) {
    const csta = cstaErrorOf(new CallModelError(code, 'test'));
    assert.deepEqual(csta, { [CALL_MODEL_ERROR_CATEGORIES[code]]: code });
    assert.ok(isCstaError(csta));
    // The codec checks the value against the category's enumeration.
    assert.match(encodeCstaError(csta, { namespace: DEFAULT_CSTA_NAMESPACE }), new RegExp(`>${code}<`));
  }
  for (const error of Object.values(CtiError)) {
    assert.ok(isCstaError(error));
    encodeCstaError(error, { namespace: DEFAULT_CSTA_NAMESPACE });
  }
  assert.equal(isCstaError({ type: 'MonitorStopResponse' }), false);
  assert.equal(isCstaError({ callID: 'C1', deviceID: '201' }), false);
  assert.equal(isCstaError('201'), false);
});
