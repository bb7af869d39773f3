/**
 * `Tr87ConnectOptions.deadTransport` (dead-transport-watch.ts): the client reports a dead
 * transport as its end (`transport-lost`), once, and nothing else. A CSTA error answer comes from
 * a live session and never ends it; the connection of the dialog closing (FIN) or reset (RST)
 * ends it at once; N requests in a row left unanswered until Timer F (64*T1, RFC 3261 §17.1.2.2,
 * on the ManualClock) end it. Real sockets on 127.0.0.1; the server is the real Tr87Server on the
 * in-memory backend, or a bare SIP endpoint that sets a session up and then answers as told.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { encodeCsta, encodeCstaError } from '../csta/csta-encode.ts';
import { DEFAULT_CSTA_NAMESPACE } from '../csta/csta-namespaces.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import type { IncomingDialogRequest } from '../sip/sip-dialog.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { SipTimeoutError } from '../sip/sip-error.ts';
import { DEFAULT_SIP_TIMERS } from '../sip/sip-timers.ts';
import { deadlineTests } from '../testing/deadline-tests.ts';
import { InMemoryCtiBackend } from '../testing/in-memory-cti-backend.ts';
import { CSTA_CONTENT_TYPE } from './csta-content-type.ts';
import { DEFAULT_UNANSWERED_REQUESTS, unansweredLimit } from './dead-transport-watch.ts';
import { Tr87Client, type Tr87ClientEndReason, type Tr87ConnectOptions } from './tr87-client.ts';
import { CstaRequestError, Tr87SessionClosedError } from './tr87-errors.ts';
import { CLOSE_BYE_WAIT_MS, CONNECTION_LOSS_GRACE_MS, Tr87Server } from './tr87-server.ts';

// A wall-time deadline per test and per cleanup (the clock is a ManualClock: no SIP timer fires).
const { test, cleanups } = deadlineTests(10_000);

const TIMER_F_MS = 64 * DEFAULT_SIP_TIMERS.t1;

async function waitFor(pred: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A client that records every `ended` it tells. */
async function watchedClient(clock: ManualClock, port: number, extra: Partial<Tr87ConnectOptions> = {}) {
  const client = await Tr87Client.connect({
    host: '127.0.0.1',
    port,
    user: 'alice',
    line: '201',
    clock,
    autoRefresh: false,
    deadTransport: { unansweredRequests: 2 },
    ...extra,
  });
  cleanups.push(() => client.close());
  const ends: Tr87ClientEndReason[] = [];
  client.on('ended', (r) => ends.push(r));
  return { client, ends };
}

/** The real TR/87 server on the in-memory backend. */
async function realServer() {
  const clock = new ManualClock();
  const endpoint = await SipEndpoint.start({ name: 'cme', clock });
  const backend = new InMemoryCtiBackend(new Set(['201', '202']), undefined, new Set(), clock);
  const server = new Tr87Server({ endpoint, backend, clock });
  cleanups.push(async () => {
    const closing = server.close();
    clock.advance(CLOSE_BYE_WAIT_MS);
    await closing;
    await endpoint.close();
  });
  const settled = () =>
    waitFor(() => [...endpoint.dialogs.values()].every((d) => d.pendingAck === undefined));
  return { clock, endpoint, backend, settled };
}

/**
 * A bare SIP endpoint that opens every session (200 with SystemStatus normal) and then answers
 * each INFO as `mode` says when it arrives: `error` a 200 carrying a CSTAErrorCode, `refuse` a
 * 500 Server Internal Error, `silent` never.
 */
async function scriptedServer() {
  const clock = new ManualClock();
  const endpoint = await SipEndpoint.start({ name: 'scripted-cti', clock });
  const ns = DEFAULT_CSTA_NAMESPACE;
  const state = { mode: 'error' as 'error' | 'silent' | 'refuse', infos: 0 };
  const held: IncomingDialogRequest[] = [];
  endpoint.onInvite((invite) => {
    const dialog = invite.accept({
      body: encodeCsta({ type: 'RequestSystemStatusResponse', systemStatus: 'normal' }, { namespace: ns }),
      contentType: CSTA_CONTENT_TYPE,
      headers: [['Session-Expires', '1800;refresher=uac']],
    });
    dialog.onInfo((r) => {
      state.infos++;
      if (state.mode === 'silent') held.push(r);
      else if (state.mode === 'refuse') r.respond(500);
      else
        r.respond(200, {
          body: encodeCstaError({ operation: 'invalidDeviceID' }, { namespace: ns }),
          contentType: CSTA_CONTENT_TYPE,
        });
    });
  });
  cleanups.push(() => endpoint.close());
  const settled = () =>
    waitFor(() => [...endpoint.dialogs.values()].every((d) => d.pendingAck === undefined));
  /** Wait until the server holds `n` INFOs in all. */
  const infosArrived = (n: number) => waitFor(() => state.infos >= n);
  return { clock, endpoint, state, held, settled, infosArrived };
}

test('CSTA error answers never end a session, however many come in a row', async () => {
  const { clock, endpoint, settled } = await realServer();
  const { client, ends } = await watchedClient(clock, endpoint.address.port);
  await settled();
  // SnapshotDevice is not served by the in-memory backend: each is answered with a CSTAErrorCode.
  for (let i = 0; i < 10; i++)
    await assert.rejects(
      client.request({ type: 'SnapshotDevice', snapshotObject: '201' }),
      (e: unknown) =>
        e instanceof CstaRequestError && 'operation' in e.code && e.code.operation === 'serviceNotSupported',
    );
  // Ten concurrent ones too (as a load client sends them).
  const answers = await Promise.allSettled(
    Array.from({ length: 10 }, () => client.request({ type: 'SnapshotDevice', snapshotObject: '202' })),
  );
  assert.ok(answers.every((a) => a.status === 'rejected' && a.reason instanceof CstaRequestError));
  clock.advance(TIMER_F_MS * 3); // no request is waiting on a timer
  assert.equal(client.state, 'active');
  assert.deepEqual(ends, []);
  assert.ok((await client.getFeatures()).type === 'GetCSTAFeaturesResponse');
  // Closed by the client: its own connection closing afterwards is no transport loss.
  await client.close();
  assert.equal(client.endReason, 'closed');
  assert.equal(client.transportLoss, undefined);
  assert.deepEqual(ends, ['closed']);
});

test('an unanswered request between CSTA error answers: the count restarts at every answer', async () => {
  const s = await scriptedServer();
  const { client, ends } = await watchedClient(s.clock, s.endpoint.address.port);
  await s.settled();
  for (let round = 0; round < 3; round++) {
    s.state.mode = 'silent';
    const lost = client.request({ type: 'SnapshotDevice', snapshotObject: '201' });
    await s.infosArrived(round * 2 + 1);
    s.clock.advance(TIMER_F_MS);
    await assert.rejects(lost, SipTimeoutError);
    s.state.mode = 'error';
    await assert.rejects(client.request({ type: 'SnapshotDevice', snapshotObject: '201' }), CstaRequestError);
  }
  assert.equal(client.state, 'active');
  assert.deepEqual(ends, []);
});

test('a SIP error answer is an answer too: the count restarts at it', async () => {
  const s = await scriptedServer();
  const { client, ends } = await watchedClient(s.clock, s.endpoint.address.port);
  await s.settled();
  for (let round = 0; round < 3; round++) {
    s.state.mode = 'silent';
    const lost = client.request({ type: 'SnapshotDevice', snapshotObject: '201' });
    await s.infosArrived(round * 2 + 1);
    s.clock.advance(TIMER_F_MS);
    await assert.rejects(lost, SipTimeoutError);
    s.state.mode = 'refuse';
    await assert.rejects(client.request({ type: 'SnapshotDevice', snapshotObject: '201' }), /500/);
  }
  assert.equal(client.state, 'active');
  assert.deepEqual(ends, []);
});

test('requests left over when the limit is reached end nothing more: the loss names the limit', async () => {
  const s = await scriptedServer();
  const { client, ends } = await watchedClient(s.clock, s.endpoint.address.port);
  await s.settled();
  s.state.mode = 'silent';
  const three = [1, 2, 3].map(() => client.request({ type: 'SnapshotDevice', snapshotObject: '201' }));
  await s.infosArrived(3);
  s.clock.advance(TIMER_F_MS);
  assert.ok((await Promise.allSettled(three)).every((o) => o.status === 'rejected'));
  assert.equal(client.endReason, 'transport-lost');
  assert.match(client.transportLoss ?? '', /^2 requests in a row unanswered/);
  assert.deepEqual(ends, ['transport-lost']);
});

test('N requests in a row unanswered until Timer F on the clock end the session once', async () => {
  const s = await scriptedServer();
  const { client, ends } = await watchedClient(s.clock, s.endpoint.address.port, {
    deadTransport: { unansweredRequests: 3 },
  });
  await s.settled();
  s.state.mode = 'silent';
  const first = client.request({ type: 'SnapshotDevice', snapshotObject: '201' });
  await s.infosArrived(1);
  s.clock.advance(TIMER_F_MS - 1);
  assert.equal(client.state, 'active'); // not before Timer F
  s.clock.advance(1);
  await assert.rejects(first, SipTimeoutError);
  assert.equal(client.state, 'active'); // one of three
  const next = [1, 2].map(() => client.request({ type: 'SnapshotDevice', snapshotObject: '201' }));
  await s.infosArrived(3);
  s.clock.advance(TIMER_F_MS);
  const outcomes = await Promise.allSettled(next);
  assert.ok(outcomes.every((o) => o.status === 'rejected'));
  assert.equal(client.state, 'ended');
  assert.equal(client.endReason, 'transport-lost');
  assert.match(client.transportLoss ?? '', /3 requests in a row unanswered .*Timer F/);
  assert.equal(client.dialog.state, 'terminated'); // forgotten without a BYE
  await assert.rejects(client.request({ type: 'GetCSTAFeatures' }), Tr87SessionClosedError);
  await client.close();
  assert.deepEqual(ends, ['transport-lost']);
});

test('the connection of the dialog closed by the server (FIN) ends the session once, at once', async () => {
  const { clock, endpoint, settled } = await realServer();
  const { client, ends } = await watchedClient(clock, endpoint.address.port);
  await settled();
  const [serverSide] = [...endpoint.dialogs.values()];
  (serverSide?.connection ?? assert.fail('no server connection')).close();
  await waitFor(() => client.state === 'ended');
  assert.equal(client.endReason, 'transport-lost');
  assert.match(client.transportLoss ?? '', /^connection to 127\.0\.0\.1:\d+ closed$/);
  // The server's grace runs out and it BYEs on a new connection: the client has forgotten it.
  clock.advance(CONNECTION_LOSS_GRACE_MS);
  await waitFor(() => endpoint.dialogs.size === 0);
  await client.close();
  assert.deepEqual(ends, ['transport-lost']);
});

test('the connection reset (RST) on its way to the server ends the session once', async () => {
  const { clock, endpoint, settled } = await realServer();
  // A relay between client and server whose client-facing socket the test resets.
  const facing: net.Socket[] = [];
  const relay = net.createServer((socket) => {
    facing.push(socket);
    const upstream = net.connect(endpoint.address.port, '127.0.0.1');
    socket.on('error', () => {});
    upstream.on('error', () => {});
    socket.pipe(upstream).pipe(socket);
    socket.on('close', () => upstream.destroy());
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => relay.close(() => r())));
  cleanups.push(() => {
    for (const s of facing) s.destroy();
  });
  const { port } = relay.address() as net.AddressInfo;
  const { client, ends } = await watchedClient(clock, port);
  await settled();
  await client.monitorStart('201'); // the session works through the relay
  assert.equal(facing.length, 1);
  facing[0]?.resetAndDestroy();
  await waitFor(() => client.state === 'ended');
  assert.equal(client.endReason, 'transport-lost');
  await client.close();
  assert.deepEqual(ends, ['transport-lost']);
});

test('without deadTransport a closed connection does not end the session (RFC 3261 §18.1.1)', async () => {
  const { clock, endpoint, settled } = await realServer();
  const client = await Tr87Client.connect({
    host: '127.0.0.1',
    port: endpoint.address.port,
    user: 'alice',
    line: '201',
    clock,
    autoRefresh: false,
  });
  cleanups.push(() => client.close());
  await settled();
  client.dialog.connection?.close();
  await waitFor(() => client.dialog.connection?.closed === true);
  // The next request goes on a new connection, within the server's grace.
  assert.equal((await client.getFeatures()).type, 'GetCSTAFeaturesResponse');
  assert.equal(client.state, 'active');
});

test('unansweredLimit: 2 by default, 1 and up taken, a fraction refused', async () => {
  assert.equal(unansweredLimit({}), DEFAULT_UNANSWERED_REQUESTS);
  assert.equal(DEFAULT_UNANSWERED_REQUESTS, 2);
  assert.equal(unansweredLimit({ unansweredRequests: 1 }), 1);
  assert.throws(() => unansweredLimit({ unansweredRequests: 1.5 }), RangeError);
});

test('deadTransport refuses a limit below 1 before opening anything', async () => {
  await assert.rejects(
    Tr87Client.connect({
      host: '127.0.0.1',
      port: 9,
      user: 'a',
      line: '201',
      deadTransport: { unansweredRequests: 0 },
    }),
    /unansweredRequests must be a whole number of at least 1, got 0/,
  );
});
