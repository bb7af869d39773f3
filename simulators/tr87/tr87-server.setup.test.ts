import assert from 'node:assert/strict';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { ObservationStream, type StateObservation } from '../lab/observation.ts';
import { ok, refused } from '../lab/result.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { deadlineTests } from '../testing/deadline-tests.ts';
import type { MemorySession } from '../testing/in-memory-cti-backend.ts';
import { InMemoryCtiBackend } from '../testing/in-memory-cti-backend.ts';
import { RawSipPeer, rawRequest } from '../testing/raw-sip-peer.ts';
import { CSTA_CONTENT_TYPE } from './csta-content-type.ts';
import { Tr87Client } from './tr87-client.ts';
import { CLOSE_BYE_WAIT_MS, Tr87Server, type Tr87ServerOptions } from './tr87-server.ts';

// A wall-time deadline per test and per cleanup (the clock is a ManualClock: no SIP timer fires).
const { test, cleanups } = deadlineTests(10_000);

/**
 * The set-up INVITE and its refresh in detail: the session interval (RFC 4028 §9), the timer
 * headers of the 2xx, the backend's answer to RequestSystemStatus, re-INVITE bodies, the server's
 * options, counters and observations, and close(). Raw INVITEs go through RawSipPeer; every wait
 * has its own short deadline.
 */

const ED3 = CSTA_NAMESPACES.ed3;
const ED6 = CSTA_NAMESPACES.ed6;
const RSS = (ns: string = ED3) => `<RequestSystemStatus xmlns="${ns}"/>`;
async function setup(opts: Partial<Tr87ServerOptions<MemorySession>> = {}) {
  const clock = new ManualClock();
  const endpoint = await SipEndpoint.start({ name: 'cme', clock });
  const backend = new InMemoryCtiBackend(new Set(['201', '202']), undefined, undefined, clock);
  const observations = new ObservationStream();
  const seen: StateObservation[] = [];
  observations.subscribe((o) => {
    if (o.kind === 'state') seen.push(o);
  });
  const server = new Tr87Server({ endpoint, backend, clock, observations, ...opts });
  cleanups.push(async () => {
    const closing = server.close();
    clock.advance(opts.closeByeWaitMs ?? CLOSE_BYE_WAIT_MS);
    await closing;
    await endpoint.close();
  });
  /** Send a raw INVITE over UDP; resolves with the final response's text. */
  const invite = async (headers: Record<string, string> = {}, body = RSS(), uri = 'sip:201@127.0.0.1') => {
    const peer = await RawSipPeer.udpTo(endpoint.address);
    cleanups.push(() => peer.close());
    peer.send(rawRequest('INVITE', uri, { 'Content-Type': CSTA_CONTENT_TYPE, ...headers }, body));
    await peer.until((p) => /^SIP\/2\.0 [2-6]\d\d /m.test(p.text));
    return { text: peer.text.slice(peer.text.indexOf('SIP/2.0 ')), peer };
  };
  const connect = async (o: { sessionExpires?: number; askSessionExpires?: boolean } = {}) => {
    const client = await Tr87Client.connect({
      host: '127.0.0.1',
      port: endpoint.address.port,
      user: 'alice',
      line: '201',
      clock,
      autoRefresh: false,
      ...o,
    });
    cleanups.push(() => client.close());
    await waitFor(() => [...endpoint.dialogs.values()].every((d) => d.pendingAck === undefined));
    return client;
  };
  return { clock, endpoint, backend, server, seen, invite, connect };
}

async function waitFor(pred: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const statusOf = (text: string) => Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1]);
const headerOf = (text: string, name: string) =>
  new RegExp(`\\r\\n${name}: ([^\\r]*)\\r\\n`, 'i').exec(text.split('\r\n\r\n')[0] ?? '')?.[1];

test('server options out of range are RangeErrors (RFC 4028 §4: Min-SE never below 90)', () => {
  const endpoint = { name: 'cme' } as SipEndpoint;
  const backend = new InMemoryCtiBackend(new Set(['201']));
  const make = (o: Partial<Tr87ServerOptions<MemorySession>>) => () =>
    new Tr87Server({ endpoint, backend, ...o });
  assert.throws(make({ minSessionExpires: 89 }), {
    name: 'RangeError',
    message: 'minSessionExpires 89: RFC 4028 §4 forbids less than 90',
  });
  assert.throws(make({ minSessionExpires: 90.5 }), RangeError);
  const order = {
    name: 'RangeError',
    message: 'need minSessionExpires <= defaultSessionExpires <= maxSessionExpires',
  };
  assert.throws(make({ minSessionExpires: 120, defaultSessionExpires: 119 }), order);
  assert.throws(make({ defaultSessionExpires: 1800, maxSessionExpires: 1799 }), order);
  assert.throws(make({ defaultSessionExpires: 89 }), order); // the default minimum is 90
  assert.throws(make({ defaultSessionExpires: 86_401 }), order); // the default maximum is 86400
});

test('the session interval granted (RFC 4028 §9) and the 2xx timer headers', async () => {
  const { invite, backend } = await setup();
  const granted = async (headers: Record<string, string>) => {
    const { text } = await invite(headers);
    assert.equal(statusOf(text), 200, text);
    return [headerOf(text, 'Session-Expires'), headerOf(text, 'Require')];
  };
  // No Session-Expires: our default (CME CSTA guide: 30 minutes); no `timer` support: no Require.
  assert.deepEqual(await granted({}), ['1800;refresher=uac', undefined]);
  // ...raised to the client's own Min-SE, capped by our maximum (86400).
  assert.deepEqual(await granted({ 'Min-SE': '2000' }), ['2000;refresher=uac', undefined]);
  assert.deepEqual(await granted({ 'Min-SE': '90000' }), ['86400;refresher=uac', undefined]);
  // Session-Expires: as asked from our Min-SE (90) up to our maximum, never below the request's Min-SE.
  assert.deepEqual(await granted({ 'Session-Expires': '90', Supported: 'timer' }), [
    '90;refresher=uac',
    'timer',
  ]);
  assert.deepEqual(await granted({ 'Session-Expires': '90000' }), ['86400;refresher=uac', undefined]);
  assert.deepEqual(await granted({ 'Session-Expires': '200', 'Min-SE': '300' }), [
    '300;refresher=uac',
    undefined,
  ]);
  assert.deepEqual(await granted({ 'Session-Expires': '600', Require: 'timer' }), [
    '600;refresher=uac',
    'timer',
  ]);
  assert.deepEqual(
    backend.rows().map((r) => r.sessionExpires),
    [1800, 2000, 86_400, 90, 86_400, 300, 600],
  );
});

test('grantedSessionExpires (validation labs): every set-up and refresh gets exactly that interval, no 422', async () => {
  assert.throws(
    () =>
      new Tr87Server({
        endpoint: { name: 'cme' } as SipEndpoint,
        backend: new InMemoryCtiBackend(new Set(['201'])),
        grantedSessionExpires: 0,
      }),
    { name: 'RangeError', message: 'grantedSessionExpires 0: a whole number of seconds, at least 1' },
  );
  const { invite, connect, clock, backend } = await setup({ grantedSessionExpires: 4 });
  const client = await connect({ sessionExpires: 1800 });
  assert.equal(client.sessionExpires, 4);
  assert.equal(await client.refresh(), 4); // the refresh asks 4 (< Min-SE 90): granted, not 422
  const granted = async (headers: Record<string, string>) =>
    headerOf((await invite(headers)).text, 'Session-Expires');
  assert.equal(await granted({}), '4;refresher=uac');
  assert.equal(await granted({ 'Session-Expires': '1800' }), '4;refresher=uac');
  assert.equal(await granted({ 'Session-Expires': '30' }), '4;refresher=uac'); // below 90: no 422
  assert.deepEqual(
    backend.rows().map((r) => r.sessionExpires),
    [4, 4, 4, 4],
  );
  clock.advance(3_999);
  assert.equal(client.state, 'active');
  clock.advance(1); // RFC 4028 §10: no refresh within the interval, the server BYEs
  await waitFor(() => client.state === 'ended');
  assert.equal(client.endReason, 'bye-received');
});

test('a client that asks no Session-Expires (askSessionExpires false) keeps the interval the 200 grants', async () => {
  const { connect } = await setup({ defaultSessionExpires: 600 });
  // Asked 1800 it would be granted 1800; asking none, the server's default (RFC 4028 §9).
  assert.equal((await connect({ sessionExpires: 1800 })).sessionExpires, 1800);
  assert.equal((await connect({ sessionExpires: 1800, askSessionExpires: false })).sessionExpires, 600);
});

test('a malformed Session-Expires or Min-SE in the INVITE: 400 Bad Session-Expires, no session', async () => {
  const { invite, backend, server, seen } = await setup();
  const malformed: Array<Record<string, string>> = [{ 'Session-Expires': 'soon' }, { 'Min-SE': 'ninety' }];
  for (const headers of malformed) {
    const { text } = await invite(headers);
    assert.match(text, /^SIP\/2\.0 400 Bad Session-Expires\r\n/);
  }
  assert.equal(backend.sessions.size, 0);
  assert.equal(server.stats.invitesRejected, 2);
  const [first] = seen.filter((o) => o.topic === 'invite-refused');
  assert.deepEqual(first?.detail, {
    status: 400,
    reason: 'Bad Session-Expires',
    remote: first?.detail.remote,
  });
  assert.match(JSON.stringify(first?.detail.remote), /"host":"127\.0\.0\.1"/);
});

test('our own minimum and default: a server with Min-SE 120 answers 422 below it', async () => {
  const { invite } = await setup({
    minSessionExpires: 120,
    defaultSessionExpires: 600,
    maxSessionExpires: 900,
  });
  const low = await invite({ 'Session-Expires': '119' });
  assert.match(low.text, /^SIP\/2\.0 422 Session Interval Too Small\r\n/);
  assert.equal(headerOf(low.text, 'Min-SE'), '120');
  assert.equal(headerOf((await invite({})).text, 'Session-Expires'), '600;refresher=uac');
  assert.equal(
    headerOf((await invite({ 'Session-Expires': '1000' })).text, 'Session-Expires'),
    '900;refresher=uac',
  );
});

test('the backend answers RequestSystemStatus: a refusal is 403 with its CSTAErrorCode, another answer 403 generic, an unencodable one 500; the backend session is closed', async () => {
  const { invite, backend, server } = await setup();
  const handle = backend.handle.bind(backend);
  let answer: 'refuse' | 'other' | 'unencodable' = 'refuse';
  backend.handle = (session, request) => {
    if (request.type !== 'RequestSystemStatus') return handle(session, request);
    if (answer === 'refuse') return refused({ security: 'generic' }, 'not today');
    if (answer === 'other') return ok({ type: 'MonitorStopResponse' });
    return ok({ type: 'RequestSystemStatusResponse', systemStatus: 'bogus' as never });
  };
  const refusedText = (await invite({}, RSS(ED6))).text;
  assert.match(refusedText, /^SIP\/2\.0 403 CTI Session Refused\r\n/);
  assert.match(
    refusedText,
    new RegExp(`<CSTAErrorCode xmlns="${ED6}"><security>generic</security></CSTAErrorCode>`),
  );
  answer = 'other';
  const otherText = (await invite({}, RSS(ED6))).text;
  assert.match(otherText, /^SIP\/2\.0 403 CTI Session Refused\r\n/);
  assert.match(otherText, /<CSTAErrorCode xmlns="[^"]*ed6"><operation>generic<\/operation><\/CSTAErrorCode>/);
  answer = 'unencodable';
  assert.match((await invite({})).text, /^SIP\/2\.0 500 Bad SystemStatus From CTI\r\n/);
  assert.deepEqual(
    backend.closed.map((c) => c.reason),
    ['refused', 'refused', 'refused'],
  );
  assert.deepEqual(backend.rows(), []);
  assert.deepEqual(server.stats, {
    sessionsOpened: 0,
    sessionsEnded: 0,
    invitesRejected: 3,
    requestsServed: 0,
    sessionsLostWithConnection: 0,
  });
});

test('the backend is told the transport facts of the session (show cti session)', async () => {
  const { invite, backend, clock } = await setup();
  const { peer, text } = await invite({ 'Session-Expires': '300' });
  assert.equal(statusOf(text), 200);
  const [session] = backend.sessions.values();
  assert.deepEqual(session?.params.via, {
    transport: 'udp',
    remote: `127.0.0.1:${peer.local.port}`,
    sessionExpires: 300,
    expires: clock.now() + 300_000,
  });
  assert.equal(session?.params.registerId, undefined);
  assert.equal(Object.hasOwn(session?.params ?? {}, 'registerId'), false);
});

test('a To without <> ends at its parameters (RFC 3261 §20.39); its URI names the line', async () => {
  const { endpoint, backend } = await setup();
  const peer = await RawSipPeer.udpTo(endpoint.address);
  cleanups.push(() => peer.close());
  const uri = `sip:201@127.0.0.1:${endpoint.address.port}`;
  peer.send(rawRequest('INVITE', uri, { To: 'sip:201@lab;x=y' }, RSS()));
  await peer.until((p) => /^SIP\/2\.0 [2-6]\d\d /m.test(p.text));
  assert.match(peer.text, /^SIP\/2\.0 200 /m);
  assert.deepEqual(
    backend.rows().map((r) => r.line),
    ['sip:201@lab'],
  );
});

test('re-INVITE: a malformed Session-Expires is 400, another body 488, both keep the session; RequestSystemStatus is answered in its namespace', async () => {
  const { connect, backend, seen, clock } = await setup();
  const client = await connect({ sessionExpires: 600 });
  const id = backend.rows()[0]?.id;
  const bad = await client.dialog.reInvite({ headers: [['Session-Expires', 'x']] });
  assert.equal(bad.status, 400);
  assert.equal(bad.reason, 'Bad Session-Expires');
  const other = await client.dialog.reInvite({
    body: `<GetCSTAFeatures xmlns="${ED3}"/>`,
    contentType: CSTA_CONTENT_TYPE,
    headers: [['Session-Expires', '300']],
  });
  assert.equal(other.status, 488);
  assert.equal(other.reason, 'RequestSystemStatus Expected');
  assert.equal(backend.rows()[0]?.sessionExpires, 600);
  clock.advance(1000);
  const rss = await client.dialog.reInvite({
    body: RSS(ED6),
    contentType: CSTA_CONTENT_TYPE,
    headers: [['Session-Expires', '300']],
  });
  assert.equal(rss.status, 200);
  assert.equal(
    rss.body,
    `<?xml version="1.0" encoding="UTF-8"?><RequestSystemStatusResponse xmlns="${ED6}"><systemStatus>normal</systemStatus></RequestSystemStatusResponse>`,
  );
  assert.equal(rss.header('session-expires'), '300;refresher=uac');
  assert.deepEqual(
    [backend.rows()[0]?.sessionExpires, backend.rows()[0]?.expires],
    [300, clock.now() + 300_000],
  );
  assert.deepEqual(
    seen.filter((o) => o.topic === 'cti-session' && o.detail.event === 'refresh').map((o) => o.detail),
    [{ event: 'refresh', id, sessionExpires: 300 }],
  );
});

test('a backend whose refresh bookkeeping fails does not break the refresh on the wire', async () => {
  const { connect, backend, clock, endpoint } = await setup();
  const client = await connect({ sessionExpires: 600 });
  backend.refreshSession = () => {
    throw new Error('bookkeeping');
  };
  const r = await client.dialog.reInvite({ headers: [['Session-Expires', '900']] });
  assert.equal(r.status, 200);
  await waitFor(() => [...endpoint.dialogs.values()].every((d) => d.pendingAck === undefined));
  assert.equal(r.header('session-expires'), '900;refresher=uac');
  clock.advance(600_000); // the old interval has passed: the restarted timer keeps it
  assert.equal(backend.rows().length, 1);
  clock.advance(300_000);
  assert.equal(backend.rows().length, 0);
});

test('counters and observations of a session: open, requests served, close with its reason', async () => {
  const { connect, server, seen, backend } = await setup({ name: 'cme-cti' });
  const client = await connect({ sessionExpires: 300 });
  await client.getFeatures();
  await client.monitorStart('201');
  const id = backend.rows()[0]?.id;
  await client.dialog.bye();
  await waitFor(() => server.stats.sessionsEnded === 1);
  assert.deepEqual(server.stats, {
    sessionsOpened: 1,
    sessionsEnded: 1,
    invitesRejected: 0,
    requestsServed: 2,
    sessionsLostWithConnection: 0,
  });
  const events = seen.filter((o) => o.topic === 'cti-session');
  assert.deepEqual(
    events.map((o) => o.detail),
    [
      {
        event: 'open',
        id,
        user: 'sip:alice@127.0.0.1',
        line: backend.closed[0]?.session.params.line,
        client: 'generic',
        sessionExpires: 300,
      },
      { event: 'close', id, reason: 'bye' },
    ],
  );
  assert.deepEqual(
    events.map((o) => o.source),
    ['cme-cti', 'cme-cti'],
  );
  assert.equal(server.dialogOf(backend.closed[0]?.session ?? assert.fail()), undefined);
});

test('close(): every session ends with BYE, reason server-closed; a client that never answers holds it up closeByeWaitMs at most', async () => {
  const { connect, invite, server, backend, clock } = await setup({ closeByeWaitMs: 5000 });
  const client = await connect();
  await invite({}); // a raw client whose Contact (port 9) never answers the BYE
  let closed = false;
  const closing = server.close().then(() => {
    closed = true;
  });
  await waitFor(() => client.state === 'ended');
  assert.equal(client.endReason, 'bye-received');
  assert.deepEqual(
    backend.closed.map((c) => c.reason),
    ['server-closed', 'server-closed'],
  );
  clock.advance(4999);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(closed, false);
  clock.advance(1);
  await closing;
  assert.equal(closed, true);
  await server.close(); // a second close has nothing to do
  // The server no longer answers set-up INVITEs.
  const after = await invite({});
  assert.notEqual(statusOf(after.text), 200);
  assert.equal(backend.closed.length, 2);
});
