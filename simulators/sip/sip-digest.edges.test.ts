import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  challengeHeader,
  type DigestChallenge,
  DigestError,
  digestResponse,
  newNonce,
  parseAuthorization,
  verifyDigest,
} from './sip-digest.ts';

// The edges of digest authentication (RFC 3261 section 22.4, RFC 7616): every refusal is a
// DigestError with its status and reason, never another exception.

const challenge: DigestChallenge = { realm: 'cucm-imp.lab', nonce: 'n1', algorithm: 'MD5' };
const pw = (u: string) => (u === 'alice' ? 'alice-pw' : undefined);
const signed = (over: Record<string, string> = {}) => {
  const base = {
    username: 'alice',
    realm: 'cucm-imp.lab',
    nonce: 'n1',
    uri: 'sip:cti@cucm-imp.lab',
    algorithm: 'MD5' as const,
  };
  const response = digestResponse({ ...base, password: 'alice-pw', method: 'INVITE' });
  const params = { ...base, response, ...over };
  return `Digest ${Object.entries(params)
    .map(([k, v]) => (k === 'algorithm' ? `${k}=${v}` : `${k}="${v}"`))
    .join(', ')}`;
};
const why = (run: () => unknown): string => {
  try {
    run();
  } catch (e) {
    assert.ok(e instanceof DigestError, `not a DigestError: ${String(e)}`);
    return `${e.status} ${e.message}`;
  }
  return 'accepted';
};

test('RFC 2617 form (no qop): verified; the default algorithm is MD5', () => {
  const header = signed();
  assert.equal(
    why(() => verifyDigest(parseAuthorization(header), challenge, 'INVITE', pw)),
    'accepted',
  );
  assert.equal(parseAuthorization(header.replace(', algorithm=MD5', '')).algorithm, 'MD5');
  assert.equal(parseAuthorization(header.replace('algorithm=MD5', 'algorithm=sha-256')).algorithm, 'SHA-256');
});

test('a response of another length is refused 401, not a crash', () => {
  for (const response of ['', 'abc', 'f'.repeat(64)]) {
    const creds = { ...parseAuthorization(signed()), response };
    assert.equal(
      why(() => verifyDigest(creds, challenge, 'INVITE', pw)),
      '401 wrong user name or password',
    );
  }
  const upper = parseAuthorization(signed());
  assert.equal(
    why(() => verifyDigest({ ...upper, response: upper.response.toUpperCase() }, challenge, 'INVITE', pw)),
    'accepted',
  );
});

test('realm, nonce and algorithm must be the ones challenged', () => {
  const creds = parseAuthorization(signed());
  assert.equal(
    why(() => verifyDigest({ ...creds, realm: 'other' }, challenge, 'INVITE', pw)),
    '401 realm other is not cucm-imp.lab',
  );
  assert.equal(
    why(() => verifyDigest(creds, { ...challenge, algorithm: 'SHA-256' }, 'INVITE', pw)),
    '401 algorithm MD5 was not the one challenged (SHA-256)',
  );
  assert.equal(
    why(() => verifyDigest(creds, challenge, 'INVITE', () => undefined)),
    '401 wrong user name or password',
  );
});

test('the parse: scheme, spacing, tokens, every missing field, nc form', () => {
  assert.equal(
    parseAuthorization(`  digest   username = alice , realm="r", nonce="n", uri="u", response="x"`).username,
    'alice',
  );
  assert.equal(
    why(() => parseAuthorization('xDigest username="a"')),
    '400 Authorization is not a Digest credential',
  );
  assert.equal(
    why(() => parseAuthorization('Digestusername="a"')),
    '400 Authorization is not a Digest credential',
  );
  assert.equal(
    why(() => parseAuthorization('Digest =x')),
    "400 malformed Authorization parameter at '=x'",
  );
  assert.equal(
    why(() => parseAuthorization('Digest a=,b=c')),
    '400 empty value of a',
  );
  for (const field of ['username', 'realm', 'nonce', 'uri', 'response']) {
    const header = signed().replace(new RegExp(`${field}="[^"]*", ?|, ${field}="[^"]*"`), '');
    assert.equal(
      why(() => parseAuthorization(header)),
      `400 Authorization lacks ${field}`,
    );
  }
  assert.equal(
    why(() => parseAuthorization(signed({ username: '' }))),
    '400 Authorization lacks username',
  );
  const withQop = (nc: string) => `${signed()}, qop=auth, nc=${nc}, cnonce="c"`;
  assert.equal(
    why(() => parseAuthorization(withQop('000000011'))),
    '400 nc is not 8 hex digits',
  );
  assert.equal(
    why(() => parseAuthorization(withQop('x0000001'))),
    '400 nc is not 8 hex digits',
  );
  assert.equal(
    why(() => parseAuthorization(`${signed()}, qop=auth, cnonce="c"`)),
    '400 Authorization lacks nc',
  );
  assert.equal(
    why(() => parseAuthorization(`${signed()}, qop=auth, nc=00000001`)),
    '400 Authorization lacks cnonce',
  );
  const parsed = parseAuthorization(`${withQop('0000000a')}, opaque="o"`);
  assert.deepEqual([parsed.qop, parsed.nc, parsed.cnonce, parsed.opaque], ['auth', '0000000a', 'c', 'o']);
  assert.equal(parseAuthorization(signed()).opaque, undefined);
});

test('challenge header without opaque; nonces are fresh and 32 base64 characters', () => {
  assert.equal(
    challengeHeader(challenge),
    'Digest realm="cucm-imp.lab", nonce="n1", algorithm=MD5, qop="auth"',
  );
  const a = newNonce();
  assert.match(a, /^[A-Za-z0-9+/]{32}$/);
  assert.notEqual(a, newNonce());
});

test('RFC 2069 form (no qop): response = H(H(A1):nonce:H(A2)), computed here independently', async () => {
  const { createHash } = await import('node:crypto');
  const md5 = (t: string) => createHash('md5').update(t).digest('hex');
  const want = md5(`${md5('alice:cucm-imp.lab:alice-pw')}:n1:${md5('INVITE:sip:cti@cucm-imp.lab')}`);
  assert.equal(parseAuthorization(signed()).response, want);
});

test('quoted values: escapes, unterminated, junk before a parameter; errors are DigestErrors by name', () => {
  assert.equal(parseAuthorization(signed({ username: 'a\\"b' })).username, 'a"b');
  assert.equal(
    parseAuthorization('Digest username="a\\\\", realm="r", nonce="n", uri="u", response="x"').username,
    'a\\',
  );
  assert.equal(
    why(() => parseAuthorization('Digest username="abc\\')),
    '400 unterminated quoted value of username',
  );
  assert.equal(
    why(() => parseAuthorization('Digest username="abc\\"')),
    '400 unterminated quoted value of username',
  );
  assert.equal(
    why(() => parseAuthorization('Digest x y="1"')),
    '400 malformed Authorization parameter at \'x y="1"\'',
  );
  assert.equal(
    why(() => parseAuthorization('Digest ;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;')),
    "400 malformed Authorization parameter at ';;;;;;;;;;;;;;;;;;;;'",
  );
  try {
    parseAuthorization('Basic x');
  } catch (e) {
    assert.equal((e as Error).name, 'DigestError');
  }
});
