import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALL_MODEL_ERROR_CATEGORIES } from '../../calls/call-model-error.ts';
import { decodeCsta } from '../../csta/csta-decode.ts';
import { encodeCstaError } from '../../csta/csta-encode.ts';
import type { CSTAErrorCode } from '../../csta/csta-error-code.ts';
import { DEFAULT_CSTA_NAMESPACE } from '../../csta/csta-namespaces.ts';
import { CtiError, cstaErrorOf } from './cti-errors.ts';

/** The error goes on the wire as it is: one category, a value the codec accepts, read back equal. */
function assertWireError(error: CSTAErrorCode): string {
  assert.equal(Object.keys(error).length, 1, JSON.stringify(error));
  // The codec checks the value against the category's enumeration.
  const xml = encodeCstaError(error, { namespace: DEFAULT_CSTA_NAMESPACE });
  assert.deepEqual(decodeCsta(xml).message, { type: 'CSTAErrorCode', ...error });
  return xml;
}

test('every call-model refusal and every CTI refusal is a valid CSTAErrorCode of its category', () => {
  for (const code of Object.keys(
    CALL_MODEL_ERROR_CATEGORIES,
  ) as (keyof typeof CALL_MODEL_ERROR_CATEGORIES)[]) {
    const csta = cstaErrorOf({ code, category: CALL_MODEL_ERROR_CATEGORIES[code] });
    assert.deepEqual(csta, { [CALL_MODEL_ERROR_CATEGORIES[code]]: code });
    assert.match(assertWireError(csta), new RegExp(`>${code}<`));
  }
  for (const error of Object.values(CtiError)) assertWireError(error);
});
