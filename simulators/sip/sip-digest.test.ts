import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LoggerFactory } from 'sip.js/lib/core/log/logger-factory.js';
import { DigestAuthentication } from 'sip.js/lib/core/messages/digest-authentication.js';
import {
  challengeHeader,
  type DigestChallenge,
  DigestError,
  digestResponse,
  parseAuthorization,
  verifyDigest,
} from './sip-digest.ts';

// RFC 7616 section 3.9.1: the example request (user Mufasa, password "Circle of Life") with its
// MD5 and SHA-256 responses.
const RFC7616 = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  uri: '/dir/index.html',
  method: 'GET',
  qop: 'auth' as const,
  nc: '00000001',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
};

test('RFC 7616 section 3.9.1: the MD5 and SHA-256 responses of the example', () => {
  assert.equal(digestResponse({ ...RFC7616, algorithm: 'MD5' }), '8ca523f5e9506fed4657c9700eebdbec');
  assert.equal(
    digestResponse({ ...RFC7616, algorithm: 'SHA-256' }),
    '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
  );
});

test('the example Authorization header parses and verifies; another password does not', () => {
  const header = `Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="${RFC7616.nonce}", nc=00000001, cnonce="${RFC7616.cnonce}", qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="${RFC7616.opaque}"`;
  const credentials = parseAuthorization(header);
  assert.equal(credentials.algorithm, 'SHA-256');
  assert.equal(credentials.cnonce, RFC7616.cnonce);
  const challenge: DigestChallenge = { realm: RFC7616.realm, nonce: RFC7616.nonce, algorithm: 'SHA-256' };
  verifyDigest(credentials, challenge, 'GET', (u) => (u === 'Mufasa' ? 'Circle of Life' : undefined));
  assert.throws(
    () => verifyDigest(credentials, challenge, 'GET', () => 'circle of life'),
    (e: unknown) =>
      e instanceof DigestError && e.status === 401 && e.message === 'wrong user name or password',
  );
  assert.throws(
    () => verifyDigest(credentials, challenge, 'GET', () => undefined),
    (e: unknown) => e instanceof DigestError && e.message === 'wrong user name or password',
    'an unknown user gets the same answer as a wrong password',
  );
  assert.throws(
    () => verifyDigest(credentials, { ...challenge, nonce: 'other' }, 'GET', () => 'Circle of Life'),
    /the nonce is not the one this server issued/,
  );
  assert.throws(
    () => verifyDigest(credentials, challenge, 'INVITE', () => 'Circle of Life'),
    /wrong user name or password/,
  );
});

test("sip.js's own client answers our challenge and we verify it (an independent implementation)", () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^[a-z][a-z0-9.-]{0,15}$/),
      fc.string({ minLength: 1, maxLength: 20 }).filter((p) => !p.includes('"')),
      (username, password) => {
        const challenge: DigestChallenge = { realm: 'cucm-imp.lab', nonce: 'bm9uY2UtMQ==', algorithm: 'MD5' };
        const client = new DigestAuthentication(new LoggerFactory(), undefined, username, password);
        const request = { method: 'INVITE', ruri: 'sip:cti@cucm-imp.lab' } as never;
        assert.ok(
          client.authenticate(request, {
            realm: challenge.realm,
            nonce: challenge.nonce,
            qop: 'auth',
            algorithm: 'MD5',
          }),
        );
        const credentials = parseAuthorization(client.toString());
        verifyDigest(credentials, challenge, 'INVITE', (u) => (u === username ? password : undefined));
      },
    ),
    { numRuns: 50 },
  );
});

test('the challenge header offers qop auth and the algorithm', () => {
  assert.equal(
    challengeHeader({ realm: 'cucm-imp.lab', nonce: 'abc', algorithm: 'SHA-256', opaque: 'xyz' }),
    'Digest realm="cucm-imp.lab", nonce="abc", opaque="xyz", algorithm=SHA-256, qop="auth"',
  );
});

test('malformed credentials are refused 400 with the reason; unsupported choices 401', () => {
  const refusal = (header: string) => {
    try {
      parseAuthorization(header);
    } catch (e) {
      assert.ok(e instanceof DigestError);
      return `${e.status} ${e.message}`;
    }
    return 'accepted';
  };
  assert.equal(refusal('Basic dXNlcjpwdw=='), '400 Authorization is not a Digest credential');
  assert.equal(refusal('Digest username="a", realm="r"'), '400 Authorization lacks nonce');
  assert.equal(refusal('Digest username="a'), '400 unterminated quoted value of username');
  assert.equal(refusal('Digest username="a", username="b"'), '400 username appears twice');
  assert.equal(refusal('Digest username="a" realm="r"'), "400 expected ',' after username");
  assert.equal(
    refusal('Digest username="a", realm="r", nonce="n", uri="u", response="x", algorithm=SHA-512-256'),
    '401 algorithm SHA-512-256 is not offered (MD5, SHA-256)',
  );
  assert.equal(
    refusal(
      'Digest username="a", realm="r", nonce="n", uri="u", response="x", qop=auth-int, nc=00000001, cnonce="c"',
    ),
    '401 qop auth-int is not offered (auth)',
  );
  assert.equal(
    refusal('Digest username="a", realm="r", nonce="n", uri="u", response="x", qop=auth, nc=1, cnonce="c"'),
    '400 nc is not 8 hex digits',
  );
  assert.equal(refusal('Digest username="a\\"b", realm="r", nonce="n", uri="u", response="x"'), 'accepted');
});

test('fuzz: any header text is parsed or refused with a DigestError, never another exception', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.string().map((s) => `Digest ${s}`),
      ),
      (text) => {
        try {
          parseAuthorization(text);
        } catch (e) {
          assert.ok(e instanceof DigestError, String(e));
        }
      },
    ),
    { numRuns: 2000 },
  );
});
