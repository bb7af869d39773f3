import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LoggerFactory } from 'sip.js/lib/core/log/logger-factory.js';
import { DigestAuthentication } from 'sip.js/lib/core/messages/digest-authentication.js';
import {
  authorizationHeader,
  challengeHeader,
  challengeValues,
  chooseChallenge,
  type DigestChallenge,
  DigestError,
  digestResponse,
  parseAuthorization,
  parseChallenge,
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

test('RFC 7616 section 3.3: a stale challenge says stale=true; a fresh one says nothing of it', () => {
  const c: DigestChallenge = { realm: 'cucm.lab', nonce: 'n1', algorithm: 'MD5' };
  assert.equal(
    challengeHeader({ ...c, stale: true }),
    'Digest realm="cucm.lab", nonce="n1", stale=true, algorithm=MD5, qop="auth"',
  );
  assert.equal(
    challengeHeader({ ...c, stale: false }),
    'Digest realm="cucm.lab", nonce="n1", algorithm=MD5, qop="auth"',
  );
});

test('the client side reads a challenge: realm, nonce, algorithm (MD5 when absent), qop list, opaque, stale', () => {
  assert.deepEqual(
    parseChallenge(
      'Digest realm="r", nonce="n", opaque="o", stale=TRUE, algorithm=sha-256, qop="auth, auth-int"',
    ),
    { realm: 'r', nonce: 'n', algorithm: 'SHA-256', qop: ['auth', 'auth-int'], opaque: 'o', stale: true },
  );
  assert.deepEqual(parseChallenge('Digest realm="r", nonce="n", stale=false'), {
    realm: 'r',
    nonce: 'n',
    algorithm: 'MD5',
    qop: [],
    stale: false,
  });
  const refusal = (h: string) => {
    try {
      parseChallenge(h);
      return 'accepted';
    } catch (e) {
      assert.ok(e instanceof DigestError);
      return `${e.status} ${e.message}`;
    }
  };
  assert.equal(refusal('Basic realm="r"'), '400 WWW-Authenticate is not a Digest challenge');
  assert.equal(refusal('Digest realm="r"'), '400 WWW-Authenticate lacks nonce');
  assert.equal(refusal('Digest nonce="n"'), '400 WWW-Authenticate lacks realm');
  assert.equal(refusal('Digest realm="r", ;'), "400 malformed WWW-Authenticate parameter at ' ;'");
});

test('the client answers the strongest challenge it supports: SHA-256 before MD5, whatever the order', () => {
  const md5 = 'Digest realm="r", nonce="a", algorithm=MD5, qop="auth"';
  const sha = 'Digest realm="r", nonce="b", algorithm=SHA-256, qop="auth"';
  assert.equal(chooseChallenge([md5, sha])?.nonce, 'b');
  assert.equal(chooseChallenge([sha, md5])?.algorithm, 'SHA-256');
  assert.equal(chooseChallenge([md5])?.algorithm, 'MD5');
  // No algorithm named: MD5 (RFC 7616 section 3.3); no qop: the RFC 2069 form is still answered.
  assert.equal(chooseChallenge(['Digest realm="r", nonce="c"'])?.algorithm, 'MD5');
  // Unsupported algorithms, a qop without auth and unparsable values are skipped.
  assert.equal(
    chooseChallenge([
      'Digest realm="r", nonce="d", algorithm=SHA-512-256, qop="auth"',
      'Digest realm="r", nonce="e", algorithm=SHA-256, qop="auth-int"',
      'Basic realm="r"',
      'Digest realm="r"',
    ]),
    undefined,
  );
  assert.equal(chooseChallenge([]), undefined);
});

test('RFC 7616 section 3.9.1: the Authorization the client builds carries the example responses', () => {
  const offer = (algorithm: 'MD5' | 'SHA-256') => ({
    realm: RFC7616.realm,
    nonce: RFC7616.nonce,
    algorithm,
    qop: ['auth'],
    opaque: RFC7616.opaque,
    stale: false,
  });
  const request = {
    username: RFC7616.username,
    password: RFC7616.password,
    method: RFC7616.method,
    uri: RFC7616.uri,
    cnonce: RFC7616.cnonce,
  };
  assert.equal(
    authorizationHeader(offer('SHA-256'), request),
    `Digest username="Mufasa", realm="http-auth@example.org", nonce="${RFC7616.nonce}", uri="/dir/index.html", response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="${RFC7616.cnonce}", opaque="${RFC7616.opaque}"`,
  );
  const md5 = parseAuthorization(authorizationHeader(offer('MD5'), request));
  assert.equal(md5.response, '8ca523f5e9506fed4657c9700eebdbec');
  assert.equal(md5.nc, '00000001');
  assert.equal(md5.qop, 'auth');
});

test('the client Authorization round-trips through our parser and verifier (quotes escaped, RFC 2069 form without qop)', () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.string({ maxLength: 12 }),
      fc.constantFrom<'MD5' | 'SHA-256'>('MD5', 'SHA-256'),
      fc.boolean(),
      (username, password, algorithm, withQop) => {
        const offer = {
          realm: 'cucm.lab',
          nonce: 'bm9uY2U=',
          algorithm,
          qop: withQop ? ['auth'] : [],
          stale: false,
        };
        const header = authorizationHeader(offer, {
          username,
          password,
          method: 'INVITE',
          uri: 'sip:201@cucm',
        });
        const credentials = parseAuthorization(header);
        assert.equal(credentials.username, username);
        assert.equal(credentials.qop, withQop ? 'auth' : undefined);
        verifyDigest(credentials, { realm: 'cucm.lab', nonce: 'bm9uY2U=', algorithm }, 'INVITE', (u) =>
          u === username ? password : undefined,
        );
        // Two answers to one challenge differ only by their random cnonce (RFC 7616 section 3.4).
        if (withQop)
          assert.notEqual(
            parseAuthorization(
              authorizationHeader(offer, { username, password, method: 'INVITE', uri: 'sip:201@cucm' }),
            ).cnonce,
            credentials.cnonce,
          );
      },
    ),
    { numRuns: 200 },
  );
});

test('every WWW-Authenticate of a response is read from its bytes, folded lines joined (RFC 3261 section 7.3.1)', () => {
  const response = [
    'SIP/2.0 401 Unauthorized',
    'Via: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1',
    'WWW-Authenticate: Digest realm="r", nonce="n",',
    '  algorithm=SHA-256, qop="auth"',
    'www-authenticate : Digest realm="r", nonce="n", algorithm=MD5, qop="auth"',
    'Content-Length: 5',
    '',
    'WWW-Authenticate: not a header',
  ].join('\r\n');
  assert.deepEqual(challengeValues(Buffer.from(response)), [
    'Digest realm="r", nonce="n", algorithm=SHA-256, qop="auth"',
    'Digest realm="r", nonce="n", algorithm=MD5, qop="auth"',
  ]);
  assert.deepEqual(challengeValues(Buffer.from('SIP/2.0 401 Unauthorized\nWWW-Authenticate: x')), ['x']);
});

test('challengeValues reads the header section only, with bare-LF line ends as RFC 3261 section 7.5 tolerates', () => {
  // The head ends at the first empty line, CRLF or bare LF; what follows is body.
  assert.deepEqual(
    challengeValues(Buffer.from('SIP/2.0 401 Unauthorized\nWWW-Authenticate: a\n\nWWW-Authenticate: b')),
    ['a'],
  );
  assert.deepEqual(
    challengeValues(Buffer.from('SIP/2.0 401 Unauthorized\r\nWWW-Authenticate: a\n\r\nWWW-Authenticate: b')),
    ['a'],
  );
  // An empty head (the bytes begin with an empty line) has no challenge.
  assert.deepEqual(challengeValues(Buffer.from('\r\n\r\nWWW-Authenticate: x')), []);
  // A folded line with bare LF is joined too (RFC 3261 section 7.3.1).
  assert.deepEqual(
    challengeValues(Buffer.from('SIP/2.0 401 Unauthorized\nWWW-Authenticate: Digest a,\n\tb\n\n')),
    ['Digest a, b'],
  );
  // The start line is not a header, and a header whose name only ends in WWW-Authenticate is another header.
  assert.deepEqual(
    challengeValues(
      Buffer.from('WWW-Authenticate: start\r\nX-WWW-Authenticate: y\r\nWWW-Authenticate: z\r\n\r\n'),
    ),
    ['z'],
  );
});
