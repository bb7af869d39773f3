import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Grammar } from 'sip.js/lib/core/index.js';
import { cachedGrammarParse, type GrammarParseFn, grammarCacheSize } from './sip-grammar-cache.ts';

// This file imports no parser module, so Grammar.parse is still sip.js's own here.
const original = (Grammar as unknown as { parse: GrammarParseFn }).parse;
const cached = cachedGrammarParse(original);

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

test('a Via parsed through the branch stand-in equals sip.js own parse, for every branch', () => {
  const vias = [
    'SIP/2.0/TCP 127.0.0.1:40000;branch=z9hG4bKabc123;rport',
    'SIP/2.0/TCP 127.0.0.1:40000;branch=z9hG4bKdef456;rport',
    "SIP/2.0/UDP 10.0.0.1;rport=5060;received=10.0.0.9;branch=z9hG4bK-x.y!%*_+`'~9",
    'SIP/2.0/TLS [::1]:5061;BRANCH=Z9HG4BKUPPER;maddr=10.1.1.1',
    'SIP/2.0/TCP host.example.com;ttl=3;branch=1',
    'SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKa;branch=z9hG4bKb', // two branches: no stand-in
    'SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKa, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKb', // two via-parms
    'SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK"bad"', // not a token: as sip.js
    'SIP/2.0/TCP 127.0.0.1:5060', // no branch
    'garbage;branch=z9hG4bKa', // does not parse: -1 as sip.js
  ];
  for (const via of vias) {
    const mine = cached(via, 'Via');
    assert.deepEqual(plain(mine), plain(original(via, 'Via')), via);
  }
  assert.equal((cached(vias[0]!, 'Via') as { branch: string }).branch, 'z9hG4bKabc123');
  assert.equal((cached(vias[1]!, 'Via') as { branch: string }).branch, 'z9hG4bKdef456');
  assert.equal(cached('garbage;branch=z9hG4bKa', 'Via'), -1);
});

test('a CSeq parsed through the number stand-in equals sip.js own parse', () => {
  for (const cseq of [
    '1 INVITE',
    '17 INFO',
    '999999999 BYE',
    '2 info',
    '0 INFO',
    '007 INFO',
    '1234567890 INFO',
    '12  INFO',
    'x INFO',
  ]) {
    assert.deepEqual(plain(cached(cseq, 'CSeq')), plain(original(cseq, 'CSeq')), cseq);
  }
  assert.deepEqual(plain(cached('42 INFO', 'CSeq')), { value: 42, method: 'INFO' });
});

test('other rules are cached as they are: the same object for the same text', () => {
  const a = cached('<sip:a@127.0.0.1>;tag=1', 'From');
  assert.equal(cached('<sip:a@127.0.0.1>;tag=1', 'From'), a);
  assert.deepEqual(plain(a), plain(original('<sip:a@127.0.0.1>;tag=1', 'From')));
});

test('the cache is bounded: an entry survives one generation (and is kept when used), not two', () => {
  const calls: string[] = [];
  const fake = cachedGrammarParse((input: string) => {
    calls.push(input);
    return { input };
  });
  fake('first', 'Fake_Rule');
  fake('used', 'Fake_Rule');
  for (let i = 0; i < 16_384; i++) fake(`filler-${i}`, 'Fake_Rule'); // one generation (half of 32,768)
  calls.length = 0;
  fake('used', 'Fake_Rule'); // in the older generation: served and moved to the current one
  assert.deepEqual(calls, []);
  for (let i = 0; i < 16_384; i++) fake(`more-${i}`, 'Fake_Rule');
  calls.length = 0;
  fake('first', 'Fake_Rule'); // two generations old: gone, parsed again
  fake('more-16383', 'Fake_Rule');
  assert.deepEqual(calls, ['first']);
  assert.ok(grammarCacheSize() <= 32_768, `size ${grammarCacheSize()}`);
});
