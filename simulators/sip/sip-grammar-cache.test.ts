import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Grammar } from 'sip.js/lib/core/index.js';
import {
  cachedGrammarParse,
  type GrammarParseFn,
  grammarCacheSize,
  installGrammarCache,
} from './sip-grammar-cache.ts';

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

/**
 * `parse` behind the cache, recording each text it is asked for. The cache is one per process, so
 * each test below uses texts no other test uses (else an entry cached there hides the call here).
 */
function recorded(): { parse: GrammarParseFn; calls: string[] } {
  const calls: string[] = [];
  const parse = cachedGrammarParse((input: string, rule: string) => {
    calls.push(`${rule}: ${input}`);
    return original(input, rule);
  });
  return { parse, calls };
}

test('Vias that differ only in their branch are parsed once, through the stand-in branch', () => {
  const { parse, calls } = recorded();
  const mid = (b: string) => `SIP/2.0/TCP 10.9.9.1:5061;branch=${b};rport`;
  const end = (b: string) => `SIP/2.0/UDP 10.9.9.2;received=10.9.9.3;branch=${b}`;
  for (const [via, branch] of [
    [mid('z9hG4bKone'), 'z9hG4bKone'],
    [mid('z9hG4bK-two.2'), 'z9hG4bK-two.2'],
    [end('z9hG4bKend1'), 'z9hG4bKend1'],
    [end('z9hG4bKend22'), 'z9hG4bKend22'],
  ] as const) {
    const mine = parse(via, 'Via') as { branch: string };
    assert.equal(mine.branch, branch);
    assert.deepEqual(plain(mine), plain(original(via, 'Via')), via);
  }
  assert.deepEqual(calls, [
    'Via: SIP/2.0/TCP 10.9.9.1:5061;branch=z9hG4bKctilabbranch;rport',
    'Via: SIP/2.0/UDP 10.9.9.2;received=10.9.9.3;branch=z9hG4bKctilabbranch',
  ]);
});

test('a Via with two branches, two via-parms or no token branch is parsed as it is, not through the stand-in', () => {
  const { parse, calls } = recorded();
  const vias = [
    'SIP/2.0/TCP 10.9.9.4:5060;branch=z9hG4bKa;branch=z9hG4bKb',
    'SIP/2.0/TCP 10.9.9.5:5060;branch=z9hG4bKa, SIP/2.0/UDP 10.9.9.6;branch=z9hG4bKb',
    'SIP/2.0/TCP 10.9.9.7:5060;branch=z9hG4bK"q"',
    'SIP/2.0/TCP 10.9.9.8:5060',
  ];
  for (const via of vias) assert.deepEqual(plain(parse(via, 'Via')), plain(original(via, 'Via')), via);
  assert.deepEqual(
    calls,
    vias.map((via) => `Via: ${via}`),
  );
  // The stand-in parse of a branch sip.js does not keep (the last of two) is not used either.
  assert.equal((parse(vias[0]!, 'Via') as { branch: string }).branch, 'z9hG4bKb');
});

test('CSeqs that differ only in their number are parsed once, as number 1', () => {
  const { parse, calls } = recorded();
  for (const [cseq, value] of [
    ['5 XTESTA', 5],
    ['123 XTESTA', 123],
    ['987654321 XTESTA', 987654321],
    ['1 XTESTA', 1],
  ] as const)
    assert.deepEqual(plain(parse(cseq, 'CSeq')), { value, method: 'XTESTA' }, cseq);
  assert.deepEqual(calls, ['CSeq: 1 XTESTA']);
  // Not a CSeq (parsed as it is, -1 as sip.js) or a new method (parsed once, as number 1).
  calls.length = 0;
  for (const cseq of ['12 XTESTA extra', '1234567890 XTESTA', '12 XTESTB', 'x XTESTA', '12 BAD"M'])
    assert.deepEqual(parse(cseq, 'CSeq'), original(cseq, 'CSeq'), cseq);
  assert.deepEqual(calls, [
    'CSeq: 12 XTESTA extra',
    'CSeq: 1234567890 XTESTA',
    'CSeq: 1 XTESTB',
    'CSeq: x XTESTA',
    // A method sip.js refuses: the stand-in does not parse either, so the text is parsed (-1).
    'CSeq: 1 BAD"M',
    'CSeq: 12 BAD"M',
  ]);
  assert.equal(parse('12 BAD"M', 'CSeq'), -1);
  // Another rule with CSeq-like text is cached as it is.
  calls.length = 0;
  parse('7 XTESTA', 'Method');
  assert.deepEqual(calls, ['Method: 7 XTESTA']);
});

test('a generation turns at exactly half of 32,768 entries: the cache then holds 16,384', () => {
  const fake = cachedGrammarParse((input: string) => ({ input }));
  const sizes: number[] = [];
  for (let i = 0; i < 40_000; i++) {
    fake(`turn-${i}`, 'Turn_Rule');
    sizes.push(grammarCacheSize());
  }
  const turns = sizes.filter((size, i) => i > 0 && size < sizes[i - 1]!);
  assert.ok(turns.length >= 2, `${turns.length} turns`);
  for (const size of turns) assert.equal(size, 16_384);
  assert.equal(Math.max(...sizes), 32_767);
});

test('installGrammarCache puts the cache in front of sip.js Grammar.parse, once', () => {
  const grammar = Grammar as unknown as { parse: GrammarParseFn };
  try {
    installGrammarCache();
    const installed = grammar.parse;
    assert.notEqual(installed, original);
    installGrammarCache();
    assert.equal(grammar.parse, installed);
    const via = 'SIP/2.0/TCP 10.9.9.9:5060;branch=z9hG4bKinstalled';
    assert.deepEqual(plain(grammar.parse(via, 'Via')), plain(original(via, 'Via')));
  } finally {
    grammar.parse = original;
  }
});
