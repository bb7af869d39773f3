import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { decodeCsta } from '../csta/csta-decode.ts';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { ObservationStream, type StateObservation } from '../lab/observation.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { SipRequestFailedError } from '../sip/sip-error.ts';
import { deadlineTests } from '../testing/deadline-tests.ts';
import { InMemoryCtiBackend } from '../testing/in-memory-cti-backend.ts';
import { RawSipPeer, rawRequest } from '../testing/raw-sip-peer.ts';
import { CSTA_CONTENT_TYPE } from './csta-content-type.ts';
import type { SessionServerConfig } from './session-manager-registry.ts';
import { Tr87Client, type Tr87ConnectOptions } from './tr87-client.ts';
import {
  CstaRequestError,
  Tr87SessionClosedError,
  Tr87SetupError,
  Tr87SystemStatusError,
} from './tr87-errors.ts';
import { CLOSE_BYE_WAIT_MS, CONNECTION_LOSS_GRACE_MS, Tr87Server } from './tr87-server.ts';

// A wall-time deadline per test and per cleanup (the clock is a ManualClock: no SIP timer fires).
const { test, cleanups } = deadlineTests(10_000);

const csta = { contentType: CSTA_CONTENT_TYPE };

const DEVICES = new Set(['201', '202', '203']);
async function setup(opts: { sessionServers?: SessionServerConfig[]; refused?: string[] } = {}) {
  const clock = new ManualClock();
  const endpoint = await SipEndpoint.start({ name: 'cme', clock });
  const backend = new InMemoryCtiBackend(DEVICES, undefined, new Set(opts.refused ?? []), clock);
  const observations = new ObservationStream();
  const seen: StateObservation[] = [];
  observations.subscribe((o) => {
    if (o.kind === 'state') seen.push(o);
  });
  const server = new Tr87Server({
    endpoint,
    backend,
    clock,
    sessionServers: opts.sessionServers,
    observations,
  });
  cleanups.push(async () => {
    const closing = server.close();
    clock.advance(CLOSE_BYE_WAIT_MS); // a client that no longer answers its BYE holds nothing up
    await closing;
    await endpoint.close();
  });
  const connect = async (o: Partial<Tr87ConnectOptions> = {}) => {
    const client = await Tr87Client.connect({
      host: '127.0.0.1',
      port: endpoint.address.port,
      user: 'alice',
      line: '201',
      clock,
      ...o,
    });
    cleanups.push(() => client.close());
    // The ACK is on its way when connect() resolves; let it land before the test moves the clock.
    await settled();
    return client;
  };
  const settled = () =>
    waitFor(() => [...endpoint.dialogs.values()].every((d) => d.pendingAck === undefined));
  return { clock, endpoint, backend, server, connect, settled, seen };
}

async function waitFor(pred: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

for (const transport of ['tcp', 'udp'] as const) {
  test(`${transport}: INVITE(RequestSystemStatus) -> 200(SystemStatus normal) -> ACK; show cti session`, async () => {
    const { server, backend, connect, clock } = await setup();
    const client = await connect({ transport, user: 'sip:alice@example.com', line: '201' });
    assert.equal(client.sessionExpires, 1800); // CME CSTA guide: 30 minutes by default
    const answer = client.dialog.answer ?? assert.fail('no 200');
    assert.match(answer.header('session-expires') ?? '', /^1800;refresher=uac$/);
    assert.equal(answer.header('require'), 'timer');
    assert.deepEqual(decodeCsta(answer.body).message, {
      type: 'RequestSystemStatusResponse',
      systemStatus: 'normal',
    });
    const [row, ...rest] = backend.rows();
    assert.equal(rest.length, 0);
    assert.equal(row?.id, 1);
    assert.equal(row?.user, 'sip:alice@example.com');
    assert.match(row?.line ?? '', /^sip:201@127\.0\.0\.1/);
    assert.equal(row?.client, 'generic');
    assert.equal(row?.transport, transport);
    assert.equal(row?.created, clock.now());
    assert.equal(row?.expires, clock.now() + 1_800_000);
    assert.deepEqual(row?.monitors, []);
    const [s] = backend.sessions.values();
    assert.equal(s?.params.namespace, CSTA_NAMESPACES.ed3);
    // The row is the backend's; the server keeps only the dialog serving the backend session.
    assert.equal(server.dialogOf(s ?? assert.fail())?.id, row?.id);
    const id = await client.monitorStart('201');
    assert.deepEqual(backend.rows()[0]?.monitors, [id]);
  });
}

for (const edition of ['ed3', 'ed4', 'ed6'] as const) {
  test(`INFO requests in ${edition}: answered in the request's namespace`, async () => {
    const { backend, connect } = await setup();
    const ns = CSTA_NAMESPACES[edition];
    const client = await connect({ namespace: ns });
    const features = await client.getFeatures();
    assert.deepEqual(features.supportedServices, backend.features);
    const id = await client.monitorStart('tel:202;phone-context=dialstring');
    assert.equal(backend.monitors.get(id)?.device, '202');
    const dnd = await client.request({ type: 'GetDoNotDisturb', device: '202' });
    assert.equal(dnd.doNotDisturbOn, false);
    // the raw 200 is in the same namespace
    const raw = await client.dialog.sendInfo(`<GetCSTAFeatures xmlns="${ns}"/>`, csta);
    assert.equal(raw.status, 200);
    assert.equal(decodeCsta(raw.body).namespace, ns);
    // a request in another edition on the same session is answered in that edition
    const other = edition === 'ed6' ? CSTA_NAMESPACES.ed4 : CSTA_NAMESPACES.ed6;
    const raw2 = await client.dialog.sendInfo(`<GetCSTAFeatures xmlns="${other}"/>`, csta);
    assert.equal(decodeCsta(raw2.body).namespace, other);
  });
}

test('decode failures and refusals: 200 with the CSTAErrorCode in the request namespace; session carries on', async () => {
  const { connect } = await setup();
  const client = await connect({ namespace: CSTA_NAMESPACES.ed4 });
  const ask = async (body: string) => {
    const r = await client.dialog.sendInfo(body, csta);
    assert.equal(r.status, 200);
    return decodeCsta(r.body);
  };
  const ed4 = CSTA_NAMESPACES.ed4;
  const ed6 = CSTA_NAMESPACES.ed6;
  // malformed XML: no namespace known -> the session's (ed4)
  let d = await ask('<GetCSTAFeatures xmlns=');
  assert.deepEqual(d.message, { type: 'CSTAErrorCode', operation: 'generic' });
  assert.equal(d.namespace, ed4);
  // unknown child in ed6 -> answered in ed6
  d = await ask(`<MonitorStart xmlns="${ed6}"><bogus/></MonitorStart>`);
  assert.deepEqual(d.message, { type: 'CSTAErrorCode', operation: 'parameterNotSupported' });
  assert.equal(d.namespace, ed6);
  // missing mandatory element
  d = await ask(`<MonitorStop xmlns="${ed4}"/>`);
  assert.deepEqual(d.message, { type: 'CSTAErrorCode', operation: 'invalidParameterValue' });
  // entity bomb / DOCTYPE
  d = await ask(`<!DOCTYPE x [<!ENTITY a "aaaa">]><GetCSTAFeatures xmlns="${ed4}">&a;</GetCSTAFeatures>`);
  assert.equal(d.message.type, 'CSTAErrorCode');
  // an event sent as a request is not a service
  d = await ask(
    `<DoNotDisturbEvent xmlns="${ed4}"><monitorCrossRefID>1</monitorCrossRefID><device><deviceIdentifier>201</deviceIdentifier></device><doNotDisturbOn>true</doNotDisturbOn></DoNotDisturbEvent>`,
  );
  assert.deepEqual(d.message, { type: 'CSTAErrorCode', operation: 'serviceNotSupported' });
  // empty body
  d = await ask('');
  assert.equal(d.message.type, 'CSTAErrorCode');
  // backend refusals through the typed client
  await assert.rejects(
    () => client.monitorStart('999'),
    (e: unknown) =>
      e instanceof CstaRequestError && isDeepStrictEqual(e.code, { operation: 'invalidDeviceID' }),
  );
  await assert.rejects(
    () => client.monitorStop('77'),
    (e: unknown) =>
      e instanceof CstaRequestError && isDeepStrictEqual(e.code, { operation: 'invalidMonitorCrossRefID' }),
  );
  // wrong content type -> 415 (RFC 3261 §21.4.16)
  const r415 = await client.dialog.sendInfo('hello', { contentType: 'text/plain' });
  assert.equal(r415.status, 415);
  // still serving
  assert.ok((await client.getFeatures()).supportedServices);
});

test('events: INFO to every session with a monitor on the device, in order, each with its own crossRefID', async () => {
  const { backend, connect } = await setup();
  const a = await connect({ user: 'a' });
  const b = await connect({ user: 'b', transport: 'udp' });
  const c = await connect({ user: 'c', line: '202' });
  const ma = await a.monitorStart('201');
  const mb = await b.monitorStart('201');
  await c.monitorStart('202');
  await a.request({ type: 'SetDoNotDisturb', device: '201', doNotDisturbOn: true });
  const ea = await a.nextEvent('DoNotDisturbEvent');
  const eb = await b.nextEvent('DoNotDisturbEvent');
  assert.equal(ea.monitorCrossRefID, ma);
  assert.equal(eb.monitorCrossRefID, mb);
  assert.deepEqual(ea.device, { deviceIdentifier: '201' });
  assert.equal(ea.doNotDisturbOn, true);
  for (let i = 0; i < 20; i++)
    backend.emit('201', {
      type: 'MessageWaitingEvent',
      targetDevice: { deviceIdentifier: '201' },
      messageWaitingOn: i % 2 === 0,
    });
  await waitFor(() => a.events.length === 21 && b.events.length === 21);
  const order = (cl: Tr87Client) =>
    cl.events.slice(1).map((e) => (e.type === 'MessageWaitingEvent' ? e.messageWaitingOn : undefined));
  const expected = Array.from({ length: 20 }, (_, i) => i % 2 === 0);
  assert.deepEqual(order(a), expected);
  assert.deepEqual(order(b), expected);
  assert.equal(c.events.length, 0);
});

test('an event INFO answered 481 ends the session and its monitors', async () => {
  const { backend, connect } = await setup();
  const a = await connect();
  await a.monitorStart('201');
  a.dialog.terminate(); // the client forgets the dialog: its endpoint answers 481
  backend.emit('201', {
    type: 'DoNotDisturbEvent',
    device: { deviceIdentifier: '201' },
    doNotDisturbOn: true,
  });
  await waitFor(() => backend.closed.length === 1);
  assert.equal(backend.closed[0]?.reason, 'event-rejected');
  assert.equal(backend.monitors.size, 0);
  assert.deepEqual(backend.rows(), []);
});

test('a backend that throws on a service: the INFO gets 500 (RFC 3261 §21.5.1), the session carries on', async () => {
  const { backend, connect } = await setup();
  const client = await connect();
  const handle = backend.handle.bind(backend);
  backend.handle = (session, request) => {
    if (request.type === 'GetDoNotDisturb') throw new Error('backend bug');
    return handle(session, request);
  };
  const r = await client.dialog.sendInfo(
    `<GetDoNotDisturb xmlns="${CSTA_NAMESPACES.ed3}"><device>201</device></GetDoNotDisturb>`,
    csta,
  );
  assert.equal(r.status, 500);
  assert.equal(backend.closed.length, 0);
  assert.equal(client.state, 'active');
  assert.deepEqual((await client.getFeatures()).supportedServices, backend.features);
});

test('a 2xx to the set-up INVITE never ACKed: the endpoint BYEs after 64*T1, the session ends no-ack (RFC 3261 §13.3.1.4)', async () => {
  const { endpoint, backend, clock } = await setup();
  const peer = await RawSipPeer.udpTo(endpoint.address);
  cleanups.push(() => peer.close());
  peer.send(
    rawRequest(
      'INVITE',
      `sip:201@127.0.0.1:${endpoint.address.port}`,
      {},
      `<RequestSystemStatus xmlns="${CSTA_NAMESPACES.ed3}"/>`,
    ),
  );
  await peer.until((p) => /^SIP\/2\.0 200 /m.test(p.text));
  assert.equal(backend.rows().length, 1);
  clock.advance(64 * 500 - 1);
  assert.equal(backend.closed.length, 0);
  clock.advance(1);
  await waitFor(() => backend.closed.length === 1);
  assert.deepEqual(
    backend.closed.map((c) => c.reason),
    ['no-ack'],
  );
  assert.deepEqual(backend.rows(), []);
});

test('refresh: re-INVITE at half the interval keeps the session past Session-Expires', async () => {
  const { clock, backend, connect, settled } = await setup();
  const client = await connect({ sessionExpires: 120 });
  assert.equal(client.sessionExpires, 120);
  clock.advance(60_000); // RFC 4028 §10: refresh at half the interval
  await waitFor(() => client.refreshes === 1 && backend.rows()[0]?.expires === clock.now() + 120_000);
  await settled();
  clock.advance(60_000); // past the original expiry (120 s)
  await waitFor(() => client.refreshes === 2 && backend.rows()[0]?.expires === clock.now() + 120_000);
  await settled();
  clock.advance(59_000);
  assert.equal(backend.closed.length, 0);
  assert.equal(backend.rows().length, 1);
  assert.ok((await client.getFeatures()).supportedServices);
});

test('expiry: no refresh -> session deleted at Session-Expires, closeSession, BYE; later INFO gets 481', async () => {
  const { clock, backend, connect, endpoint } = await setup();
  const client = await connect({ sessionExpires: 90, autoRefresh: false });
  await client.monitorStart('201');
  clock.advance(89_999);
  assert.equal(backend.rows().length, 1);
  clock.advance(1);
  assert.equal(backend.rows().length, 0);
  assert.deepEqual(
    backend.closed.map((c) => c.reason),
    ['expired'],
  );
  assert.equal(backend.monitors.size, 0);
  await waitFor(() => client.state === 'ended');
  assert.equal(client.endReason, 'bye-received');
  await assert.rejects(() => client.getFeatures(), Tr87SessionClosedError);
  // The dialog's own identifiers, sent raw after expiry: 481 (RFC 3261 §12.2.2).
  const peer = await RawSipPeer.tcpTo(endpoint.address);
  const d = client.dialog;
  peer.send(
    rawRequest(
      'INFO',
      `sip:201@127.0.0.1:${endpoint.address.port}`,
      {
        'Call-ID': d.callId,
        From: `<sip:alice@127.0.0.1>;tag=${d.localTag}`,
        To: `<sip:201@127.0.0.1>;tag=${d.remoteTag}`,
        CSeq: '99 INFO',
      },
      `<GetCSTAFeatures xmlns="${CSTA_NAMESPACES.ed3}"/>`,
      'SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKafterexpiry',
    ),
  );
  await peer.until((p) => /^SIP\/2\.0 \d{3}/.test(p.text));
  peer.close();
  assert.match(peer.text, /^SIP\/2\.0 481 /);
});

test('BYE closes the session and deletes its monitors; close() stops monitors first', async () => {
  const { backend, connect } = await setup();
  const a = await connect();
  await a.monitorStart('201');
  await a.monitorStart('202');
  await a.dialog.bye();
  await waitFor(() => backend.closed.length === 1);
  assert.equal(backend.closed[0]?.reason, 'bye');
  assert.equal(backend.monitors.size, 0);
  const b = await connect();
  await b.monitorStart('203');
  await b.close();
  await waitFor(() => backend.closed.length === 2);
  assert.ok(backend.handled.some((h) => h.request.type === 'MonitorStop'));
  assert.deepEqual(backend.rows(), []);
});

test('clear cti session id N: the backend closes it, the server BYEs the client; unknown id -> false', async () => {
  const { server, backend, connect } = await setup();
  const a = await connect();
  const b = await connect({ user: 'bob' });
  await a.monitorStart('201');
  const id = backend.rows().find((r) => r.user.includes('alice'))?.id ?? assert.fail();
  const [handle] = [...backend.sessions.values()].filter((s) => s.id === id);
  assert.ok(handle && server.dialogOf(handle));
  assert.equal(backend.clearSession(id), true);
  assert.equal(server.dialogOf(handle), undefined); // the dialog lets go at once, then BYEs
  await waitFor(() => a.state === 'ended');
  assert.equal(a.endReason, 'bye-received');
  assert.deepEqual(
    backend.closed.map((c) => c.reason),
    ['cleared'],
  );
  assert.equal(backend.monitors.size, 0);
  assert.equal(backend.clearSession(id), false);
  assert.equal(backend.clearSession(999), false);
  assert.equal(backend.rows().length, 1);
  assert.ok((await b.getFeatures()).supportedServices);
});

test('INFO outside a dialog -> 481', async () => {
  const { endpoint } = await setup();
  const peer = await RawSipPeer.udpTo(endpoint.address);
  peer.send(
    rawRequest(
      'INFO',
      `sip:201@127.0.0.1:${endpoint.address.port}`,
      {},
      `<GetCSTAFeatures xmlns="${CSTA_NAMESPACES.ed3}"/>`,
    ),
  );
  await peer.until((p) => /^SIP\/2\.0 \d{3}/.test(p.text));
  peer.close();
  assert.match(peer.text, /^SIP\/2\.0 481 /);
});

test('Min-SE: Session-Expires below 90 -> 422 with Min-SE: 90; a short re-INVITE -> 422, session kept', async () => {
  const { endpoint, connect, backend } = await setup();
  await assert.rejects(
    () => connect({ sessionExpires: 60 }),
    (e: unknown) => e instanceof Tr87SetupError && e.status === 422,
  );
  const peer = await RawSipPeer.udpTo(endpoint.address);
  peer.send(
    rawRequest(
      'INVITE',
      `sip:201@127.0.0.1:${endpoint.address.port}`,
      { 'Session-Expires': '89' },
      `<RequestSystemStatus xmlns="${CSTA_NAMESPACES.ed3}"/>`,
    ),
  );
  await peer.until((p) => /^SIP\/2\.0 422/m.test(p.text));
  peer.close();
  assert.match(peer.text, /\r\nMin-SE: 90\r\n/);
  const client = await connect({ sessionExpires: 600 });
  const r = await client.dialog.reInvite({ headers: [['Session-Expires', '30']] });
  assert.equal(r.status, 422);
  assert.equal(r.header('min-se'), '90');
  assert.equal(backend.rows()[0]?.sessionExpires, 600);
  const ok = await client.dialog.reInvite({ headers: [['Session-Expires', '300']] });
  assert.equal(ok.status, 200);
  assert.equal(ok.header('session-expires'), '300;refresher=uac');
  assert.equal(backend.rows()[0]?.sessionExpires, 300);
});

test('INVITE refusals: 415 content type, 488 not RequestSystemStatus, 400 malformed, 404 no such line, 403 backend refusal', async () => {
  const { endpoint, connect, backend, seen } = await setup({ refused: ['sip:mallory@127.0.0.1'] });
  const send = async (over: Record<string, string | undefined>, body: string) => {
    const peer = await RawSipPeer.udpTo(endpoint.address);
    peer.send(rawRequest('INVITE', `sip:201@127.0.0.1:${endpoint.address.port}`, over, body));
    await peer.until((p) => /^SIP\/2\.0 [3-6]\d\d/m.test(p.text));
    peer.close();
    return peer.text;
  };
  assert.match(await send({ 'Content-Type': 'application/sdp' }, 'v=0'), /SIP\/2\.0 415 /);
  assert.match(await send({}, `<GetCSTAFeatures xmlns="${CSTA_NAMESPACES.ed3}"/>`), /SIP\/2\.0 488 /);
  assert.match(await send({}, ''), /SIP\/2\.0 488 /);
  const bad = await send({}, '<RequestSystemStatus xmlns="urn:nope"/>');
  assert.match(bad, /SIP\/2\.0 400 /);
  assert.match(bad, /<CSTAErrorCode xmlns="[^"]*ed3"><operation>generic<\/operation>/);
  await assert.rejects(
    () => connect({ line: '999' }),
    (e: unknown) =>
      e instanceof Tr87SetupError &&
      e.status === 404 &&
      isDeepStrictEqual(e.code, { operation: 'invalidDeviceID' }),
  );
  await assert.rejects(
    () => connect({ user: 'mallory' }),
    (e: unknown) =>
      e instanceof Tr87SetupError && e.status === 403 && isDeepStrictEqual(e.code, { security: 'generic' }),
  );
  // The backend's reason is observed, never sent.
  assert.deepEqual(
    seen
      .filter((o) => o.topic === 'invite-refused' && o.detail.status === 403)
      .map((o) => [o.detail.reason, o.detail.why]),
    [['CTI Session Refused', 'user sip:mallory@127.0.0.1 is refused']],
  );
  backend.systemStatus = 'disabled';
  await assert.rejects(
    () => connect(),
    (e: unknown) => e instanceof Tr87SystemStatusError && e.systemStatus === 'disabled',
  );
  await waitFor(() => backend.sessions.size === 0); // the client BYEd the non-normal session
});

test('client kind: Microsoft User-Agent or lcs:line -> moc (line from lcs:line); otherwise generic', async () => {
  const { backend, connect } = await setup();
  await connect({ userAgent: 'UCCAPI/3.5.6907.0 OC/3.5.6907.0 (Microsoft Office Communicator 2007 R2)' });
  await connect({ ocsLine: 'tel:202;phone-context=dialstring', line: '202' });
  await connect({ userAgent: 'my-crm/1.0' });
  assert.deepEqual(
    backend.rows().map((r) => r.client),
    ['moc', 'moc', 'generic'],
  );
  assert.equal(backend.rows()[1]?.line, 'tel:202;phone-context=dialstring');
  assert.deepEqual(
    [...backend.sessions.values()].map((s) => s.params.client),
    ['moc', 'moc', 'generic'],
  );
});

test('REGISTER: session manager register-id, keepalive cap, 404, 423, session-manager sessions end with the registration', async () => {
  const { endpoint, clock, connect, server, backend } = await setup({
    sessionServers: [
      { tag: 1, registerId: 'app1', keepalive: 60, ctiAware: true },
      { tag: 2, registerId: 'app2' },
    ],
  });
  const local = await SipEndpoint.start({ name: 'app', clock });
  cleanups.push(() => local.close());
  const reg = (registerId: string, expires: number) =>
    Tr87Client.register({
      host: '127.0.0.1',
      port: endpoint.address.port,
      endpoint: local,
      registerId,
      expires,
    });
  const unknown = await reg('nobody', 300);
  assert.equal(unknown.status, 404);
  const brief = await reg('app1', 30);
  assert.equal(brief.status, 423);
  assert.equal(brief.response.header('min-expires'), '60');
  const ok = await reg('app1', 3600);
  assert.equal(ok.status, 200);
  assert.equal(ok.expires, 60); // keepalive 60 caps the registration (CME CSTA guide)
  assert.equal(server.sessionManagers()[0]?.registered, true);
  // app2 is not cti-aware: its sessions are generic
  assert.equal((await reg('app2', 300)).expires, 300);
  const app1 = await connect({ user: 'app1', line: '201' });
  await connect({ user: 'app2', line: '202' });
  assert.deepEqual(
    backend.rows().map((r) => [r.client, r.registerId]),
    [
      ['session-manager', 'app1'],
      ['generic', undefined],
    ],
  );
  assert.equal([...backend.sessions.values()][0]?.params.registerId, 'app1');
  // heartbeat: re-REGISTER before expiry keeps it
  clock.advance(50_000);
  assert.equal((await reg('app1', 60)).expires, 60);
  clock.advance(50_000);
  assert.deepEqual(
    backend.closed.map((c) => c.reason),
    [],
  );
  assert.equal(backend.rows().length, 2);
  // no heartbeat: the registration expires and the application's sessions end
  clock.advance(10_000);
  assert.equal(server.sessionManagers()[0]?.registered, false);
  assert.deepEqual(
    backend.rows().map((r) => r.registerId),
    [undefined],
  );
  assert.deepEqual(
    backend.closed.map((c) => c.reason),
    ['registration-ended'],
  );
  await waitFor(() => app1.state === 'ended');
  assert.equal(app1.endReason, 'bye-received'); // the server BYEs the application's session
  // unregister with Expires: 0: a cti-aware application's sessions end with it
  assert.equal((await reg('app1', 60)).expires, 60);
  await connect({ user: 'app1', line: '203' });
  assert.equal((await reg('app1', 0)).status, 200);
  assert.equal(server.sessionManagers()[0]?.registered, false);
  assert.deepEqual(
    backend.closed.map((c) => c.reason),
    ['registration-ended', 'registration-ended'],
  );
  assert.equal((await reg('app2', 0)).status, 200);
  assert.equal(server.sessionManagers()[1]?.registered, false);
  assert.equal(backend.rows().length, 1);
});

test('REGISTER without session servers -> 405 (no registrar)', async () => {
  const { endpoint } = await setup();
  const peer = await RawSipPeer.udpTo(endpoint.address);
  peer.send(rawRequest('REGISTER', `sip:127.0.0.1:${endpoint.address.port}`, { To: '<sip:app1@127.0.0.1>' }));
  await peer.until((p) => /^SIP\/2\.0 \d{3}/.test(p.text));
  peer.close();
  assert.match(peer.text, /^SIP\/2\.0 405 /);
  assert.doesNotMatch(peer.text, /Allow:[^\r]*REGISTER/);
});

test('the Request-URI names the line: 404 when it names none, it wins over To, a tel: To keeps its form, an empty user is 400', async () => {
  const { endpoint, backend, clock, seen } = await setup();
  const ua = await SipEndpoint.start({ name: 'ua', clock });
  cleanups.push(() => ua.close());
  const port = endpoint.address.port;
  const body = `<RequestSystemStatus xmlns="${CSTA_NAMESPACES.ed3}"/>`;
  const invite = (target: string, to: string) =>
    ua.invite(target, {
      from: 'sip:alice@lab',
      to,
      transport: 'tcp',
      body,
      accept: [CSTA_CONTENT_TYPE],
      ...csta,
    });
  const refusedWith = (status: number) => (e: unknown) =>
    e instanceof SipRequestFailedError && e.response.status === status;
  // To names line 201, the Request-URI a line that does not exist: 404 with the CSTA error, no session.
  await assert.rejects(
    invite(`sip:99999@127.0.0.1:${port};transport=tcp`, 'sip:201@127.0.0.1'),
    (e: unknown) => {
      assert.ok(refusedWith(404)(e));
      assert.match((e as SipRequestFailedError).response.body, /<operation>invalidDeviceID<\/operation>/);
      return true;
    },
  );
  // A Request-URI without a user names no line either.
  await assert.rejects(invite(`sip:127.0.0.1:${port};transport=tcp`, 'sip:201@127.0.0.1'), refusedWith(404));
  assert.equal(backend.rows().length, 0);
  // Request-URI 202, To 201: the session is on 202, the line as the Request-URI names it.
  const onRuri = await invite(`sip:202@127.0.0.1:${port};transport=tcp`, 'sip:201@127.0.0.1');
  // What clients send: `tel:201` in To, `sip:201@host` as Request-URI; the session keeps the To form.
  const telTo = await invite(`sip:201@127.0.0.1:${port};transport=tcp`, 'tel:201');
  assert.deepEqual(
    backend.rows().map((r) => r.line),
    [`sip:202@127.0.0.1:${port};transport=tcp`, 'tel:201'],
  );
  // `sip:@host` breaks RFC 3261's `user = 1*(...)`: 400 with a reason (the SIP layer's
  // Request-URI check), no session.
  const peer = await RawSipPeer.udpTo(endpoint.address);
  peer.send(rawRequest('INVITE', `sip:@127.0.0.1:${port}`, { To: '<sip:201@127.0.0.1>' }, body));
  await peer.until((p) => /^SIP\/2\.0 [3-6]\d\d/m.test(p.text));
  peer.close();
  assert.match(peer.text, /^SIP\/2\.0 400 Empty User In Request-URI\r\n/);
  assert.equal(backend.rows().length, 2);
  assert.deepEqual(
    seen
      .filter((o) => o.topic === 'invite-refused' && o.detail.status === 404)
      .map((o) => [o.detail.reason, o.detail.why]),
    [
      ['Line Not Found', `no device sip:99999@127.0.0.1:${port};transport=tcp`],
      ['Line Not Found', `no device sip:127.0.0.1:${port};transport=tcp`],
    ],
  );
  await onRuri.bye();
  await telTo.bye();
  await waitFor(() => backend.rows().length === 0);
});

test('tcp: a session whose connection closed ends after 64*T1 unless its client comes back on a new connection; udp: only expiry ends it', async () => {
  const { backend, server, connect, clock, seen, settled } = await setup();
  const gone = await connect({ transport: 'tcp', line: '201', autoRefresh: false });
  const back = await connect({ transport: 'tcp', line: '202', autoRefresh: false });
  const udp = await connect({ transport: 'udp', line: '203', autoRefresh: false });
  await gone.monitorStart('201');
  const lost = () => seen.filter((o) => o.topic === 'cti-session' && o.detail.event === 'connection-lost');
  await gone.endpoint.close(); // the client is gone: its TCP connection closes, no BYE
  back.dialog.connection?.close(); // only the connection breaks
  await udp.endpoint.close(); // over UDP nothing tells the server
  await waitFor(() => lost().length === 2);
  assert.deepEqual(
    lost().map((o) => o.detail.graceMs),
    [CONNECTION_LOSS_GRACE_MS, CONNECTION_LOSS_GRACE_MS],
  );
  clock.advance(10_000);
  await back.refresh(); // the refresh re-INVITE goes out on a new connection
  await settled(); // its ACK lands before the clock moves
  clock.advance(CONNECTION_LOSS_GRACE_MS - 10_001);
  assert.deepEqual(
    backend.rows().map((r) => r.line.replace(/^sip:(\d+)@.*/, '$1')),
    ['201', '202', '203'],
  );
  clock.advance(1);
  assert.deepEqual(
    backend.rows().map((r) => r.line.replace(/^sip:(\d+)@.*/, '$1')),
    ['202', '203'],
  );
  assert.deepEqual(
    backend.closed.map((c) => c.reason),
    ['connection-lost'],
  );
  assert.equal(backend.monitors.size, 0); // the session's monitor went with it
  assert.equal(server.stats.sessionsLostWithConnection, 1);
  // The kept session works on its new connection.
  assert.equal((await back.request({ type: 'GetDoNotDisturb', device: '202' })).doNotDisturbOn, false);
  // UDP: the session stays until Session-Expires (1800 s) passes without a refresh.
  clock.advance(1_800_000 - CONNECTION_LOSS_GRACE_MS - 1);
  assert.equal(backend.rows().length, 2);
  clock.advance(1);
  assert.deepEqual(
    backend.closed.map((c) => c.reason),
    ['connection-lost', 'expired'],
  );
});
