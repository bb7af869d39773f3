import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { ObservationStream, type StateObservation } from '../lab/observation.ts';
import { authorizationHeader, chooseChallenge, parseChallenge } from '../sip/sip-digest.ts';
import {
  DigestAuthenticator,
  type DigestAuthenticatorOptions,
  type SipAuthOutcome,
  type SipAuthRequest,
} from '../sip/sip-digest-authenticator.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { deadlineTests } from '../testing/deadline-tests.ts';
import { InMemoryCtiBackend, type MemorySession } from '../testing/in-memory-cti-backend.ts';
import { RawSipPeer, rawRequest } from '../testing/raw-sip-peer.ts';
import { CSTA_CONTENT_TYPE } from './csta-content-type.ts';
import { Tr87Client, type Tr87Credentials } from './tr87-client.ts';
import { Tr87SetupError } from './tr87-errors.ts';
import { CLOSE_BYE_WAIT_MS, Tr87Server, type Tr87ServerOptions } from './tr87-server.ts';

// A wall-time deadline per test and per cleanup (the clock is a ManualClock: no SIP timer fires).
const { test, cleanups } = deadlineTests(10_000);

/**
 * Digest authentication of the set-up INVITE (RFC 3261 §22, RFC 7616, RFC 8760) between the real
 * Tr87Client and Tr87Server on 127.0.0.1: the challenge, both algorithms, wrong and unknown users
 * answered alike, malformed credentials, stale nonces and the client's one retry, and bad
 * Authorization values from the wire. The authenticator reads its own ManualClock, so moving it
 * expires nonces and nothing else.
 */

const RSS = `<RequestSystemStatus xmlns="${CSTA_NAMESPACES.ed3}"/>`;
const LIFETIME_MS = 300_000;
interface Seen {
  readonly request: SipAuthRequest;
  readonly outcome: SipAuthOutcome;
}

async function setup(
  opts: {
    auth?: Partial<DigestAuthenticatorOptions>;
    /** Called after each authentication (e.g. to move the authenticator's clock). */
    after?: (seen: Seen, authClock: ManualClock) => void;
    server?: Partial<Tr87ServerOptions<MemorySession>>;
    refusedUsers?: ReadonlySet<string>;
  } = {},
) {
  const clock = new ManualClock();
  const authClock = new ManualClock();
  const endpoint = await SipEndpoint.start({ name: 'cucm', clock });
  const backend = new InMemoryCtiBackend(new Set(['201']), undefined, opts.refusedUsers, clock);
  const observations = new ObservationStream();
  const observed: StateObservation[] = [];
  observations.subscribe((o) => {
    if (o.kind === 'state') observed.push(o);
  });
  const digest = new DigestAuthenticator({
    realm: 'cucm.lab',
    passwordOf: (u) => (u === 'alice' ? 'secret' : undefined),
    clock: authClock,
    ...opts.auth,
  });
  const seen: Seen[] = [];
  const server = new Tr87Server({
    endpoint,
    backend,
    clock,
    observations,
    authenticate: {
      authenticate: (request) => {
        const outcome = digest.authenticate(request);
        seen.push({ request, outcome });
        opts.after?.({ request, outcome }, authClock);
        return outcome;
      },
    },
    ...opts.server,
  });
  cleanups.push(async () => {
    const closing = server.close();
    clock.advance(CLOSE_BYE_WAIT_MS);
    await closing;
    await endpoint.close();
  });
  const connect = async (credentials?: Tr87Credentials) => {
    const client = await Tr87Client.connect({
      host: '127.0.0.1',
      port: endpoint.address.port,
      user: 'alice',
      line: '201',
      clock,
      autoRefresh: false,
      ...(credentials ? { credentials } : {}),
    });
    cleanups.push(() => client.close());
    return client;
  };
  /** The open's failure: status and reason of the Tr87SetupError (any other error fails the test). */
  const refusal = async (credentials?: Tr87Credentials) => {
    try {
      await connect(credentials);
    } catch (e) {
      assert.ok(e instanceof Tr87SetupError, String(e));
      return `${e.status} ${e.reason}`;
    }
    return 'opened';
  };
  let calls = 0;
  const uri = () => `sip:201@127.0.0.1:${endpoint.address.port}`;
  /** A raw INVITE over UDP with the given Authorization values; resolves with the final response. */
  const rawInvite = async (authorization: readonly string[]) => {
    const peer = await RawSipPeer.udpTo(endpoint.address);
    cleanups.push(() => peer.close());
    const headers: Record<string, string> = { 'Call-ID': `auth-${++calls}@127.0.0.1` };
    let text = rawRequest('INVITE', uri(), { ...headers, 'Content-Type': CSTA_CONTENT_TYPE }, RSS);
    // rawRequest takes one value per name: each Authorization goes in as its own header line.
    const extra = authorization.map((a) => `Authorization: ${a}\r\n`).join('');
    text = text.replace('\r\nContent-Length:', `\r\n${extra}Content-Length:`);
    peer.send(text);
    await peer.until((p) => /^SIP\/2\.0 [2-6]\d\d /m.test(p.text));
    return peer.text.slice(peer.text.indexOf('SIP/2.0 '));
  };
  /** Challenge, then answer it as `username`/`password` over raw UDP: the second response. */
  const rawAnswer = async (username: string, password: string) => {
    const challenge = await rawInvite([]);
    const offer = chooseChallenge(headersOf(challenge, 'WWW-Authenticate'))!;
    return rawInvite([authorizationHeader(offer, { username, password, method: 'INVITE', uri: uri() })]);
  };
  return {
    clock,
    authClock,
    endpoint,
    backend,
    server,
    observed,
    seen,
    connect,
    refusal,
    rawInvite,
    rawAnswer,
  };
}

const statusLine = (text: string) => text.split('\r\n')[0];
const headersOf = (text: string, name: string) =>
  (text.split('\r\n\r\n')[0] ?? '')
    .split('\r\n')
    .filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((l) => l.slice(name.length + 1).trim());

test('RFC 3261 §22.1: an INVITE without Authorization gets 401 with a SHA-256 and an MD5 challenge, before any other check', async () => {
  const { rawInvite, server, observed, backend, refusal } = await setup();
  const text = await rawInvite([]);
  assert.equal(statusLine(text), 'SIP/2.0 401 Unauthorized');
  const [sha, md5, ...more] = headersOf(text, 'WWW-Authenticate');
  assert.equal(more.length, 0);
  const nonce = parseChallenge(sha!).nonce;
  // RFC 8760 §2.3 / RFC 7616 §3.7: one challenge per algorithm, most preferred first.
  assert.equal(sha, `Digest realm="cucm.lab", nonce="${nonce}", algorithm=SHA-256, qop="auth"`);
  assert.equal(md5, `Digest realm="cucm.lab", nonce="${nonce}", algorithm=MD5, qop="auth"`);
  assert.equal(backend.sessions.size, 0);
  assert.equal(server.stats.invitesRejected, 1);
  const refused = observed.filter((o) => o.topic === 'invite-refused');
  assert.deepEqual(refused[0]?.detail, {
    status: 401,
    reason: 'Unauthorized',
    why: 'no Authorization',
    remote: refused[0]?.detail.remote,
  });
  // A client without credentials reports the 401 as it reports a 403: Tr87SetupError with the status.
  assert.equal(await refusal(), '401 Unauthorized');
});

test('the right password opens the session (SHA-256 chosen over MD5); the backend sees authenticatedUser, user stays the From', async () => {
  const { connect, backend, seen, observed, server } = await setup();
  const client = await connect({ username: 'alice', password: 'secret' });
  assert.equal(client.state, 'active');
  assert.equal(seen.length, 2, 'the challenge, then the answer');
  assert.equal(seen[0]?.request.authorization.length, 0);
  const answer = seen[1]!.request.authorization[0]!;
  assert.match(answer, /^Digest username="alice", realm="cucm\.lab", /);
  assert.match(answer, /, algorithm=SHA-256, qop=auth, nc=00000001, cnonce="[0-9a-f]{32}"$/);
  assert.deepEqual(seen[1]?.outcome, { ok: true, user: 'alice' });
  const [session] = backend.sessions.values();
  assert.equal(session?.params.authenticatedUser, 'alice');
  assert.equal(session?.params.user, 'sip:alice@127.0.0.1');
  assert.equal(observed.find((o) => o.topic === 'cti-session')?.detail.authenticatedUser, 'alice');
  assert.equal(server.stats.invitesRejected, 1);
  // Requests in the dialog are not challenged (our decision): INFO and the refresh re-INVITE pass.
  await client.getFeatures();
  await client.refresh();
  assert.equal(seen.length, 2);
});

test('MD5 when the server offers only MD5', async () => {
  const { connect, backend, seen } = await setup({ auth: { algorithms: ['MD5'] } });
  await connect({ username: 'alice', password: 'secret' });
  assert.match(seen[1]!.request.authorization[0]!, /, algorithm=MD5, qop=auth, nc=00000001, /);
  assert.equal([...backend.sessions.values()][0]?.params.authenticatedUser, 'alice');
});

test('a server without an authenticator opens sessions without authenticatedUser', async () => {
  const { connect, backend } = await setup({ server: { authenticate: undefined } });
  await connect();
  const [session] = backend.sessions.values();
  assert.equal(session?.params.authenticatedUser, undefined);
  assert.equal(Object.hasOwn(session?.params ?? {}, 'authenticatedUser'), false);
});

test('a wrong password: 401 answered once, then the open fails with status 401', async () => {
  const { refusal, seen, backend, server } = await setup();
  assert.equal(await refusal({ username: 'alice', password: 'guess' }), '401 Unauthorized');
  assert.equal(seen.length, 2, 'the client answers the challenge once, not again');
  assert.equal(backend.sessions.size, 0);
  assert.equal(server.stats.invitesRejected, 2);
});

test('an unknown user gets exactly the 401 a wrong password gets (no hint which users exist)', async () => {
  const { rawAnswer, refusal } = await setup();
  // Everything but the per-request values (nonce, Via branch and rport, tags, Call-ID) is the same.
  const form = (text: string) =>
    text
      .replace(/nonce="[^"]*"/g, 'nonce=N')
      .replace(/branch=[^;\r\n]*/g, 'branch=B')
      .replace(/rport=\d+/g, 'rport=P')
      .replace(/tag=[^;\r\n]*/g, 'tag=T')
      .replace(/Call-ID: [^\r\n]*/g, 'Call-ID: C');
  const wrong = await rawAnswer('alice', 'guess');
  const unknown = await rawAnswer('mallory', 'secret');
  assert.equal(statusLine(wrong), 'SIP/2.0 401 Unauthorized');
  assert.equal(form(unknown), form(wrong));
  assert.equal(await refusal({ username: 'mallory', password: 'secret' }), '401 Unauthorized');
});

test('a malformed Authorization gets 400 with the reason, no challenge', async () => {
  const { rawInvite, server, observed } = await setup();
  const lacks = await rawInvite(['Digest username="alice", realm="cucm.lab"']);
  assert.equal(statusLine(lacks), 'SIP/2.0 400 Bad Authorization: Authorization lacks nonce');
  assert.deepEqual(headersOf(lacks, 'WWW-Authenticate'), []);
  assert.equal(
    statusLine(await rawInvite(['Basic YWxpY2U6c2VjcmV0'])),
    'SIP/2.0 400 Bad Authorization: Authorization is not a Digest credential',
  );
  assert.equal(server.stats.invitesRejected, 2);
  assert.deepEqual(
    observed.filter((o) => o.topic === 'invite-refused').map((o) => [o.detail.status, o.detail.why]),
    [
      [400, 'Authorization lacks nonce'],
      [400, 'Authorization is not a Digest credential'],
    ],
  );
});

test('RFC 7616 §3.3: a nonce past its lifetime gets 401 stale=true, and the client answers that once more and opens', async () => {
  let moved = false;
  const { connect, seen, backend } = await setup({
    // The nonce of the first challenge expires before the client's answer arrives.
    after: ({ outcome }, authClock) => {
      if (!outcome.ok && !moved) {
        moved = true;
        authClock.advance(LIFETIME_MS + 1);
      }
    },
  });
  await connect({ username: 'alice', password: 'secret' });
  assert.deepEqual(
    seen.map(({ outcome }) => (outcome.ok ? 'ok' : `${outcome.status} ${outcome.why}`)),
    ['401 no Authorization', '401 unknown or expired nonce', 'ok'],
  );
  const stale = seen[1]!.outcome;
  assert.ok(!stale.ok && stale.status === 401);
  assert.deepEqual(
    stale.headers.map(([, v]) => / stale=true, algorithm=(\S+),/.exec(v)?.[1]),
    ['SHA-256', 'MD5'],
  );
  assert.equal(backend.sessions.size, 1);
});

test('decision: one open answers at most two challenges (the first and one stale); a second stale 401 fails it', async () => {
  const { refusal, seen } = await setup({
    after: ({ outcome }, authClock) => {
      if (!outcome.ok) authClock.advance(LIFETIME_MS + 1); // every nonce expires at once
    },
  });
  assert.equal(await refusal({ username: 'alice', password: 'secret' }), '401 Unauthorized');
  assert.equal(seen.length, 3);
});

test('401 and 403 are told apart: an authenticated user the CTI layer refuses gets 403', async () => {
  const { refusal } = await setup({ refusedUsers: new Set(['sip:alice@127.0.0.1']) });
  assert.equal(await refusal({ username: 'alice', password: 'secret' }), '403 CTI Session Refused');
  assert.equal(await refusal({ username: 'alice', password: 'guess' }), '401 Unauthorized');
});

test('fuzz: Authorization values from the wire get 400 or 401, never a session; a good client is served afterwards', async () => {
  const { rawInvite, backend, connect } = await setup();
  // Header values cannot hold CR or LF (they would end the header, RFC 3261 §7.3.1).
  const value = fc.string({ maxLength: 80 }).map((s) => s.replace(/[\r\n]/g, ' '));
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.oneof(
          value,
          value.map((s) => `Digest ${s}`),
        ),
        { minLength: 1, maxLength: 2 },
      ),
      async (values) => {
        const status = Number(/^SIP\/2\.0 (\d{3}) /.exec(await rawInvite(values))?.[1]);
        assert.ok(status === 400 || status === 401, `${status} for ${JSON.stringify(values)}`);
      },
    ),
    { numRuns: 150 },
  );
  assert.equal(backend.sessions.size, 0);
  const client = await connect({ username: 'alice', password: 'secret' });
  assert.equal(client.state, 'active');
});
