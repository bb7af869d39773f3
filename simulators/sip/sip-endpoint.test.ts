import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Observation, ObservationStream } from '../lab/observation.ts';
import { RawSipPeer, rawRequest } from '../testing/raw-sip-peer.ts';
import type { SipDialog } from './sip-dialog.ts';
import { type IncomingInvite, SipEndpoint } from './sip-endpoint.ts';
import { SipRequestFailedError } from './sip-error.ts';

const CSTA = 'application/csta+xml';
let server: SipEndpoint;
let client: SipEndpoint;
const observed: Observation[] = [];
const serverDialogs: SipDialog[] = [];
const infosAtServer: string[] = [];

before(async () => {
  const observations = new ObservationStream();
  observations.subscribe((o) => observed.push(o));
  server = await SipEndpoint.start({ name: 'cme', observations });
  client = await SipEndpoint.start({ name: 'app' });
  server.onInvite(
    (inv: IncomingInvite) => {
      if (inv.request.body.includes('refuse')) return inv.reject(486);
      const d = inv.accept({
        body: '<SystemStatus>normal</SystemStatus>',
        contentType: CSTA,
        headers: [['Session-Expires', '1800;refresher=uac']],
      });
      serverDialogs.push(d);
      d.onInfo((r) => {
        infosAtServer.push(r.request.body);
        if (r.request.body.includes('bad')) return r.respond(488);
        r.respond(200, { body: `<Response>${r.request.body}</Response>`, contentType: CSTA });
      });
    },
    { user: '201', accept: [CSTA] },
  );
});

after(async () => {
  await client.close();
  await server.close();
});

for (const transport of ['udp', 'tcp'] as const) {
  test(`${transport}: INVITE/200/ACK, INFO both ways, re-INVITE, BYE reach the right dialog`, async () => {
    const target = `sip:201@127.0.0.1:${server.address.port}`;
    const dialog = await client.invite(target, {
      from: 'sip:app@lab',
      transport,
      body: '<RequestSystemStatus/>',
      contentType: CSTA,
      accept: [CSTA],
    });
    assert.equal(dialog.role, 'uac');
    assert.equal(dialog.transport, transport);
    const sd = serverDialogs.at(-1) ?? assert.fail('server dialog');
    assert.equal(sd.callId, dialog.callId);
    assert.equal(sd.localTag, dialog.remoteTag);
    assert.equal(sd.remoteTag, dialog.localTag);

    const multi = '<GetCSTAFeatures>Grüße 北京</GetCSTAFeatures>';
    const r1 = await dialog.sendInfo(multi, { contentType: CSTA });
    assert.equal(r1.status, 200);
    assert.equal(r1.body, `<Response>${multi}</Response>`);
    assert.equal((await dialog.sendInfo('<bad/>', { contentType: CSTA })).status, 488);

    // server -> client event in INFO
    const events: string[] = [];
    dialog.onInfo((r) => {
      events.push(r.request.body);
      r.respond(200);
    });
    const r2 = await sd.sendInfo('<DeliveredEvent/>', { contentType: CSTA });
    assert.equal(r2.status, 200);
    assert.deepEqual(events, ['<DeliveredEvent/>']);

    // re-INVITE (session refresh), default 200 at the server
    const re = await dialog.reInvite({
      body: '<RequestSystemStatus/>',
      contentType: CSTA,
      headers: [['Session-Expires', '1800']],
    });
    assert.equal(re.status, 200);
    assert.equal(sd.state, 'confirmed');

    let byeSeen = false;
    sd.onBye(() => {
      byeSeen = true;
    });
    const bye = await dialog.bye();
    assert.equal(bye.status, 200);
    assert.ok(byeSeen);
    assert.equal(sd.state, 'terminated');
    assert.equal(dialog.state, 'terminated');
    // INFO to the ended dialog: 481
    await assert.rejects(() => dialog.sendInfo('<x/>', { contentType: CSTA }));
  });
}

test('INVITE rejected by the handler -> SipRequestFailedError with the status', async () => {
  await assert.rejects(
    () =>
      client.invite(`sip:201@127.0.0.1:${server.address.port}`, {
        from: 'sip:app@lab',
        body: '<refuse/>',
        contentType: CSTA,
      }),
    (e: unknown) => e instanceof SipRequestFailedError && e.response.status === 486,
  );
});

test('observations: wire (sip, udp/tcp, real addresses) and TCP connection open', () => {
  const wire = observed.filter((o) => o.kind === 'wire');
  assert.ok(wire.some((o) => o.kind === 'wire' && o.transport === 'udp' && o.protocol === 'sip'));
  assert.ok(
    wire.some((o) => o.kind === 'wire' && o.transport === 'tcp' && o.dst.port === server.address.port),
  );
  assert.ok(
    observed.some(
      (o) => o.kind === 'connection' && o.event === 'open' && o.server.port === server.address.port,
    ),
  );
});

const uri201 = () => `sip:201@127.0.0.1:${server.address.port}`;

async function rawExchange(transport: 'udp' | 'tcp', text: string): Promise<string> {
  const peer =
    transport === 'udp' ? await RawSipPeer.udpTo(server.address) : await RawSipPeer.tcpTo(server.address);
  try {
    peer.send(text);
    await peer.until((p) => /^SIP\/2\.0 [2-6]\d\d/m.test(p.text));
    return peer.text;
  } finally {
    peer.close();
  }
}

const cases: Array<[string, () => string, RegExp]> = [
  ['missing From', () => rawRequest('OPTIONS', uri201(), { From: undefined }), /^SIP\/2\.0 400 Missing From/],
  ['missing To', () => rawRequest('OPTIONS', uri201(), { To: undefined }), /^SIP\/2\.0 400 Missing To/],
  [
    'missing Call-ID',
    () => rawRequest('OPTIONS', uri201(), { 'Call-ID': undefined }),
    /^SIP\/2\.0 400 Missing Call-ID/,
  ],
  ['missing CSeq', () => rawRequest('OPTIONS', uri201(), { CSeq: undefined }), /^SIP\/2\.0 400 Missing CSeq/],
  [
    'missing Max-Forwards',
    () => rawRequest('OPTIONS', uri201(), { 'Max-Forwards': undefined }),
    /^SIP\/2\.0 400 Missing Max-Forwards/,
  ],
  [
    'CSeq method mismatch',
    () => rawRequest('OPTIONS', uri201(), { CSeq: '1 INFO' }),
    /^SIP\/2\.0 400 CSeq Method Mismatch/,
  ],
  // RFC 4475 §3.3.11: 483 is a proxy's answer (RFC 3261 §16.3); the request's destination serves it.
  ['Max-Forwards 0', () => rawRequest('OPTIONS', uri201(), { 'Max-Forwards': '0' }), /^SIP\/2\.0 200 /],
  [
    'unsupported method',
    () => rawRequest('SUBSCRIBE', uri201()),
    /^SIP\/2\.0 405 [\s\S]*\r\nAllow: INVITE, ACK, BYE, CANCEL, INFO, OPTIONS\r\n/,
  ],
  [
    'INFO outside a dialog',
    () => rawRequest('INFO', uri201(), {}, '<x/>'),
    /^SIP\/2\.0 481 Call\/Transaction Does Not Exist/,
  ],
  [
    'INFO to an unknown dialog',
    () => rawRequest('INFO', uri201(), { To: `<${uri201()}>;tag=nope` }, '<x/>'),
    /^SIP\/2\.0 481 /,
  ],
  [
    'unknown user',
    () => rawRequest('INVITE', `sip:999@127.0.0.1:${server.address.port}`, {}, '<x/>'),
    /^SIP\/2\.0 404 Not Found/,
  ],
  [
    'unsupported Content-Type',
    () => rawRequest('INVITE', uri201(), { 'Content-Type': 'application/sdp' }, 'v=0'),
    /^SIP\/2\.0 415 [\s\S]*\r\nAccept: application\/csta\+xml\r\n/,
  ],
  [
    'unknown Require',
    () => rawRequest('INVITE', uri201(), { Require: '100rel' }, '<x/>'),
    /^SIP\/2\.0 420 [\s\S]*\r\nUnsupported: 100rel\r\n/,
  ],
];

for (const transport of ['udp', 'tcp'] as const) {
  for (const [name, build, expected] of cases) {
    test(`${transport}: ${name}`, async () => {
      const via = `SIP/2.0/${transport.toUpperCase()} 127.0.0.1:9;branch=z9hG4bK${Math.random().toString(36).slice(2)};rport`;
      const text = build().replace(/^Via: .*$/m, `Via: ${via}`);
      const answer = await rawExchange(transport, text);
      assert.match(answer, expected);
    });
  }
}

test('UDP: response goes to the source port via rport, Via stamped with received/rport', async () => {
  const via = 'SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKrport1;rport';
  const answer = await rawExchange('udp', rawRequest('OPTIONS', uri201(), {}, '', via));
  assert.match(answer, /^SIP\/2\.0 200 OK/);
  assert.match(
    answer,
    /\r\nVia: SIP\/2\.0\/UDP 127\.0\.0\.1:9;branch=z9hG4bKrport1;rport=\d+;received=127\.0\.0\.1\r\n/,
  );
});

test('UDP: a retransmitted request is absorbed and answered with the same response', async () => {
  const peer = await RawSipPeer.udpTo(server.address);
  const before = server.stats.retransmissionsAbsorbed;
  const req = rawRequest(
    'OPTIONS',
    uri201(),
    { 'Call-ID': 'retrans-1' },
    '',
    'SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKretrans1;rport',
  );
  peer.send(req);
  await peer.until((p) => p.received.length >= 1);
  peer.send(req);
  await peer.until((p) => p.received.length >= 2);
  peer.close();
  assert.equal(server.stats.retransmissionsAbsorbed, before + 1);
  assert.equal(peer.received[0]?.toString(), peer.received[1]?.toString());
});

test('UDP: unparseable datagrams are dropped and counted', async () => {
  const peer = await RawSipPeer.udpTo(server.address);
  const before = server.stats.dropped;
  peer.send('this is not SIP\r\n\r\n');
  peer.send(Buffer.from([0, 1, 2, 3, 255]));
  peer.send(rawRequest('OPTIONS', uri201()));
  await peer.until((p) => p.received.length >= 1);
  peer.close();
  assert.equal(server.stats.dropped, before + 2);
  assert.match(peer.text, /^SIP\/2\.0 200/);
});

test('TCP: missing Content-Length -> 400 then close (RFC 3261 §18.3)', async () => {
  const peer = await RawSipPeer.tcpTo(server.address);
  peer.send(rawRequest('OPTIONS', uri201(), { 'Content-Length': undefined }));
  await peer.until((p) => p.closed);
  assert.match(peer.text, /^SIP\/2\.0 400 Missing Content-Length/);
});

test('TCP: over-size request -> 413, connection stays usable', async () => {
  const peer = await RawSipPeer.tcpTo(server.address);
  peer.send(rawRequest('OPTIONS', uri201(), {}, 'x'.repeat(70_000)));
  peer.send(rawRequest('OPTIONS', uri201(), { 'Call-ID': 'after-413' }));
  await peer.until((p) => /after-413/.test(p.text));
  peer.close();
  assert.match(peer.text, /^SIP\/2\.0 413 Request Entity Too Large/);
  assert.match(peer.text, /SIP\/2\.0 200 OK[\s\S]*after-413/);
});

test('TCP: keepalive ping gets a pong; a request is answered on the same connection', async () => {
  const peer = await RawSipPeer.tcpTo(server.address);
  peer.send('\r\n\r\n');
  await peer.until((p) => p.text === '\r\n');
  peer.send(rawRequest('OPTIONS', uri201(), {}, '', 'SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKk1'));
  await peer.until((p) => /SIP\/2\.0 200/.test(p.text));
  assert.equal(peer.closed, false);
  peer.close();
});

test('TCP: a framed message nobody can be answered for (no Via) closes the connection', async () => {
  for (const text of [
    'garbage line\r\nContent-Length: 0\r\n\r\n',
    rawRequest('OPTIONS', uri201(), { Via: undefined }),
  ]) {
    const before = server.stats.unanswerable;
    const peer = await RawSipPeer.tcpTo(server.address);
    peer.send(text);
    await peer.until((p) => p.closed);
    assert.equal(peer.text, '', 'nothing is answered');
    assert.equal(server.stats.unanswerable, before + 1);
  }
});

test('UDP: a request without Via is dropped and counted (RFC 3261 §18.2.2: nothing routes an answer)', async () => {
  const peer = await RawSipPeer.udpTo(server.address);
  const before = server.stats.dropped;
  peer.send(rawRequest('OPTIONS', uri201(), { Via: undefined }));
  peer.send(rawRequest('OPTIONS', uri201()));
  await peer.until((p) => p.received.length >= 1);
  peer.close();
  assert.equal(server.stats.dropped, before + 1);
  assert.match(peer.text, /^SIP\/2\.0 200/);
});
