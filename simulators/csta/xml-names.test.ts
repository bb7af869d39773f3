import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCsta } from './csta-decode.ts';
import { CstaDecodeError } from './csta-decode-error.ts';
import { QNAME } from './xml-names.ts';

test('QNames: NCName parts only (Namespaces in XML 1.0 §4)', () => {
  for (const ok of ['a', 'lcs:aA', '_x', 'a-b.c', 'é', 'p:é0']) assert.ok(QNAME.test(ok), ok);
  for (const bad of ['lcs:00A', '0a', 'a:', ':a', 'a:b:c', '-a', 'a b', ''])
    assert.equal(QNAME.test(bad), false, bad);
});

test('an extension element whose local part starts with a digit is a CstaDecodeError, not a document the encoder refuses (seed 1568935133)', () => {
  const xml =
    '<HoldCallResponse xmlns="http://www.ecma.ch/standards/ecma-323/csta/ed2"><extensions>' +
    '<lcs:x xmlns:lcs="urn:example:rcc"><lcs:00A/></lcs:x></extensions></HoldCallResponse>';
  assert.throws(
    () => decodeCsta(xml),
    (e: unknown) => e instanceof CstaDecodeError && /not a QName/.test(e.message),
  );
});
