import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeDisplayText, labelNumber } from './display-text.ts';

test('label-only prompts decode to their English text (reference §6 frames 45-46, 80-87)', () => {
  assert.equal(decodeDisplayText('\x80\x13'), 'Your current options');
  assert.equal(decodeDisplayText('\x80\x20'), 'Enter number');
  assert.equal(decodeDisplayText('\x80\x02'), 'NewCall');
});

test('a label followed by digits reads "From 1003" (reference §6 ring-in)', () => {
  assert.equal(decodeDisplayText('\x80\x171003'), 'From 1003');
});

test('plain text, unknown labels and a trailing marker', () => {
  assert.equal(decodeDisplayText('Your current options'), 'Your current options');
  assert.equal(decodeDisplayText('\x80\xfe!'), '[label 254]!');
  assert.equal(decodeDisplayText('abc\x80'), 'abc');
});

test('labelNumber recognises exactly one label', () => {
  assert.equal(labelNumber('\x80\x3f'), 63);
  assert.equal(labelNumber('\x80\x3fx'), undefined);
  assert.equal(labelNumber('DND'), undefined);
});

test('text without the marker byte is returned unchanged', () => {
  fc.assert(
    fc.property(
      fc.string().filter((s) => !s.includes('\x80')),
      (s) => decodeDisplayText(s) === s,
    ),
  );
});
