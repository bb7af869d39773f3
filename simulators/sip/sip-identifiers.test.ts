import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newBranch, newCallId, newTag } from './sip-identifiers.ts';

test('branches begin with the magic cookie, are RFC 3261 tokens and never repeat in a process', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    const b = newBranch();
    // RFC 3261 §8.1.1.7 (the cookie) and §25.1 (a Via branch is a token).
    assert.match(b, /^z9hG4bK[A-Za-z0-9\-.!%*_+`'~]+$/);
    assert.ok(!seen.has(b), b);
    seen.add(b);
  }
});

test('tags and Call-IDs are random per call', () => {
  assert.notEqual(newTag(), newTag());
  assert.match(newTag(), /^[0-9a-f]{12}$/);
  assert.notEqual(newCallId('h'), newCallId('h'));
  assert.match(newCallId('127.0.0.1'), /@127\.0\.0\.1$/);
});
