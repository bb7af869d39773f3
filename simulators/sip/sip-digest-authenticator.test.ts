import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../lab/manual-clock.ts';
import { authorizationHeader, chooseChallenge, parseChallenge } from './sip-digest.ts';
import { DigestAuthenticator, type SipAuthOutcome } from './sip-digest-authenticator.ts';

// The UAS side of digest authentication as one decision (RFC 3261 sections 22.1 and 22.4,
// RFC 7616 section 3.3, RFC 8760 section 2.3), on a ManualClock and without sockets.

const URI = 'sip:201@cucm.lab';
const PASSWORDS = new Map([['alice', 'secret']]);

function setup(opts: Partial<ConstructorParameters<typeof DigestAuthenticator>[0]> = {}) {
  const clock = new ManualClock();
  const auth = new DigestAuthenticator({
    realm: 'cucm.lab',
    passwordOf: (u) => PASSWORDS.get(u),
    clock,
    ...opts,
  });
  const ask = (...authorization: string[]) =>
    auth.authenticate({ method: 'INVITE', requestUri: URI, authorization });
  /** The challenges of a 401 (fails on anything else). */
  const challenges = (o: SipAuthOutcome) => {
    assert.ok(!o.ok && o.status === 401, JSON.stringify(o));
    return o.headers.map(([name, value]) => {
      assert.equal(name, 'WWW-Authenticate');
      return value;
    });
  };
  /** An Authorization answering the outcome's challenges as a client would. */
  const answer = (
    o: SipAuthOutcome,
    username = 'alice',
    password = 'secret',
    algorithm?: 'MD5' | 'SHA-256',
  ) => {
    const values = challenges(o);
    const offer = algorithm
      ? { ...parseChallenge(values.find((v) => v.includes(`algorithm=${algorithm}`))!), algorithm }
      : chooseChallenge(values)!;
    return authorizationHeader(offer, { username, password, method: 'INVITE', uri: URI });
  };
  return { clock, auth, ask, challenges, answer };
}

test('RFC 3261 section 22.1: no Authorization -> 401 with one challenge per algorithm, SHA-256 first (RFC 8760 section 2.3)', () => {
  const { ask, challenges } = setup();
  const first = ask();
  assert.equal(first.ok, false);
  assert.equal(!first.ok && first.reason, 'Unauthorized');
  assert.equal(!first.ok && first.why, 'no Authorization');
  const [sha, md5, ...more] = challenges(first);
  assert.equal(more.length, 0);
  const nonce = parseChallenge(sha!).nonce;
  assert.equal(sha, `Digest realm="cucm.lab", nonce="${nonce}", algorithm=SHA-256, qop="auth"`);
  assert.equal(md5, `Digest realm="cucm.lab", nonce="${nonce}", algorithm=MD5, qop="auth"`);
  assert.notEqual(parseChallenge(challenges(ask())[0]!).nonce, nonce, 'every challenge has a fresh nonce');
});

test('the right password authenticates with SHA-256 and with MD5; the algorithms option restricts the offer', () => {
  const { ask, answer } = setup();
  assert.deepEqual(ask(answer(ask(), 'alice', 'secret', 'SHA-256')), { ok: true, user: 'alice' });
  assert.deepEqual(ask(answer(ask(), 'alice', 'secret', 'MD5')), { ok: true, user: 'alice' });
  const only = setup({ algorithms: ['MD5'] });
  assert.deepEqual(only.challenges(only.ask()).length, 1);
  // A SHA-256 answer to a server that offers MD5 only: challenged again (not offered).
  const sha = authorizationHeader(
    { ...parseChallenge(only.challenges(only.ask())[0]!), algorithm: 'SHA-256' },
    { username: 'alice', password: 'secret', method: 'INVITE', uri: URI },
  );
  const refused = only.ask(sha);
  assert.equal(!refused.ok && refused.status === 401 && refused.why, 'algorithm SHA-256 is not offered');
});

test('a wrong password and an unknown user get the same 401: same reason, same challenge form, no stale', () => {
  const { ask, answer, challenges } = setup();
  const wrong = ask(answer(ask(), 'alice', 'guess'));
  const unknown = ask(answer(ask(), 'mallory', 'secret'));
  const form = (o: SipAuthOutcome) => ({
    ...o,
    headers: challenges(o).map((v) => v.replace(/nonce="[^"]*"/, 'nonce=N')),
  });
  assert.deepEqual(form(wrong), form(unknown));
  assert.equal(!wrong.ok && wrong.why, 'wrong user name or password');
  assert.ok(challenges(wrong).every((v) => !v.includes('stale')));
});

test('RFC 7616 section 3.3: an unknown nonce, or one older than its lifetime, gets 401 stale=true', () => {
  const { clock, ask, answer, challenges } = setup({ nonceLifetimeMs: 1000 });
  const unknown = ask(
    authorizationHeader(
      { realm: 'cucm.lab', nonce: 'never-issued', algorithm: 'SHA-256', qop: ['auth'], stale: false },
      { username: 'alice', password: 'secret', method: 'INVITE', uri: URI },
    ),
  );
  assert.equal(!unknown.ok && unknown.why, 'unknown or expired nonce');
  assert.ok(challenges(unknown).every((v) => v.includes(', stale=true, ')));
  const fresh = ask();
  clock.advance(1000);
  assert.equal(ask(answer(fresh)).ok, true, 'still valid at exactly its lifetime');
  const later = ask();
  clock.advance(1001);
  const stale = ask(answer(later));
  assert.equal(!stale.ok && stale.why, 'unknown or expired nonce');
  // The stale 401's own challenge is answered with success (the client's retry).
  assert.deepEqual(ask(answer(stale)), { ok: true, user: 'alice' });
});

test('RFC 7616 section 3.4: a nonce-count not above the last accepted one is a replay (401 stale=true)', () => {
  const { ask, answer, challenges } = setup();
  const credentials = answer(ask());
  assert.equal(ask(credentials).ok, true);
  const replay = ask(credentials);
  assert.equal(!replay.ok && replay.why, 'nonce-count 00000001 was used before with this nonce');
  assert.ok(challenges(replay)[0]!.includes('stale=true'));
  // The same nonce with the next count is accepted (a nonce lives for its lifetime).
  const offer = chooseChallenge(challenges(ask()))!;
  const next = (nc: string) =>
    authorizationHeader(offer, { username: 'alice', password: 'secret', method: 'INVITE', uri: URI, nc });
  assert.equal(ask(next('00000001')).ok, true);
  assert.equal(ask(next('00000002')).ok, true);
  assert.equal(ask(next('00000002')).ok, false);
});

test('malformed credentials get 400 with the reason; credentials for another realm only get the challenge', () => {
  const { ask, answer } = setup();
  const bad = (h: string) => {
    const o = ask(h);
    return o.ok ? 'ok' : `${o.status} ${o.reason}`;
  };
  assert.equal(
    bad('Digest username="alice", realm="cucm.lab"'),
    '400 Bad Authorization: Authorization lacks nonce',
  );
  assert.equal(
    bad('Basic YWxpY2U6c2VjcmV0'),
    '400 Bad Authorization: Authorization is not a Digest credential',
  );
  assert.equal(bad('Digest username="a\r\n"x'), "400 Bad Authorization: expected ',' after username");
  // The client's own text is quoted in the reason; characters a Reason-Phrase may not hold are '?'.
  assert.equal(bad('Digest <"\\>'), "400 Bad Authorization: malformed Authorization parameter at '????'");
  // RFC 2617 section 3.2.2.5: the uri must be the Request-URI.
  const other = answer(ask()).replace(`uri="${URI}"`, 'uri="sip:202@cucm.lab"');
  const o = ask(other);
  assert.deepEqual(o, {
    ok: false,
    status: 400,
    reason: 'Bad Authorization: uri is not the Request-URI',
    why: `uri sip:202@cucm.lab is not ${URI}`,
  });
  // qop auth-int (not offered): challenged again.
  assert.equal(
    bad(
      'Digest username="a", realm="cucm.lab", nonce="n", uri="u", response="x", qop=auth-int, nc=00000001, cnonce="c"',
    ),
    '401 Unauthorized',
  );
  const proxy = ask(answer(ask()).replace('realm="cucm.lab"', 'realm="proxy.lab"'));
  assert.equal(!proxy.ok && proxy.status === 401 && proxy.why, 'no credentials for realm cucm.lab');
  // Ours after another realm's: ours is checked.
  const ours = answer(ask());
  assert.deepEqual(ask(ours.replace('realm="cucm.lab"', 'realm="proxy.lab"'), ours), {
    ok: true,
    user: 'alice',
  });
});

test('issued nonces are bounded: the oldest is forgotten first, expired ones are pruned', () => {
  const { clock, auth, ask, answer } = setup({ maxNonces: 3, nonceLifetimeMs: 1000 });
  const first = ask();
  ask();
  ask();
  assert.equal(auth.rememberedNonces, 3);
  ask(); // the fourth pushes the first out
  assert.equal(auth.rememberedNonces, 3);
  const forgotten = ask(answer(first));
  assert.equal(!forgotten.ok && forgotten.why, 'unknown or expired nonce');
  clock.advance(1001);
  ask();
  assert.equal(auth.rememberedNonces, 1, 'the expired ones are gone; only the newest challenge remains');
});

test('options out of range are RangeErrors', () => {
  const clock = new ManualClock();
  const make = (o: object) => () =>
    new DigestAuthenticator({ realm: 'r', passwordOf: () => undefined, clock, ...o });
  assert.throws(make({ algorithms: [] }), {
    name: 'RangeError',
    message: 'DigestAuthenticator needs an algorithm',
  });
  assert.throws(make({ algorithms: ['MD5', 'MD5'] }), { message: 'an algorithm is listed twice: MD5, MD5' });
  assert.throws(make({ nonceLifetimeMs: 0 }), { message: 'nonceLifetimeMs 0 is not positive' });
  assert.throws(make({ maxNonces: 1.5 }), { message: 'maxNonces 1.5 is not a positive integer' });
  assert.throws(make({ realm: 'a"b' }), { message: 'realm "a\\"b" needs escaping' });
});

test('fuzz: any Authorization values are refused 400 or 401, never accepted, never thrown; a Reason-Phrase stays one', () => {
  const { ask, answer, challenges } = setup();
  const nonce = parseChallenge(challenges(ask())[0]!).nonce;
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `Digest ${s}`),
          // well-formed, with a nonce we issued and a response nobody computed
          fc
            .tuple(fc.constantFrom('MD5', 'SHA-256'), fc.stringMatching(/^[0-9a-f]{32,64}$/), fc.string())
            .map(
              ([algorithm, response, user]) =>
                `Digest username=${JSON.stringify(user)}, realm="cucm.lab", nonce="${nonce}", uri="${URI}", response="${response}", algorithm=${algorithm}, qop=auth, nc=00000001, cnonce="c"`,
            ),
        ),
        { maxLength: 3 },
      ),
      (values) => {
        const o = ask(...values);
        assert.equal(o.ok, false, `accepted ${JSON.stringify(values)}`);
        assert.ok(!o.ok && (o.status === 400 || o.status === 401));
        assert.match(!o.ok ? o.reason : '', /^[A-Za-z0-9\-_.!~*'();/?:@&=+$, ]{1,100}$/);
      },
    ),
    { numRuns: 2000 },
  );
  // A good client is still served afterwards.
  assert.deepEqual(ask(answer(ask())), { ok: true, user: 'alice' });
});
