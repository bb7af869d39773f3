import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CstaEvent } from '../csta/csta-types.ts';
import type { XmlNode } from '../csta/xml-node.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { ObservationStream, type WireObservation } from '../lab/observation.ts';
import { SccpPhone } from '../phone/phone.ts';
import { hasActiveCall, type PhoneState } from '../phone/phone-state.ts';
import { cucmLabTopology } from '../testing/cucm-lab-topology.ts';
import { Tr87Client } from '../tr87/tr87-client.ts';
import { CstaRequestError } from '../tr87/tr87-errors.ts';
import { CucmCluster } from './cucm-cluster.ts';
import { LAB_PRIVATE_NAMESPACE, readMedia } from './media-termination.ts';

// labs/cucm-media.yaml on real sockets: SCCP phones call route points and CTI ports whose
// application (media-app, a TR/87 client) answers them. Cisco Unified CM System Configuration
// Guide, "CTI Route Points Overview": media per call at route points, static or dynamic at ports
// and route points (CUCM-APP-002, APP-003); "CTI prerequisites": IPv4 and IPv6 addresses
// (CUCM-CFG-005). The media address travels as lab private data (media-termination.ts).

const clock = new ManualClock();
const observations = new ObservationStream();
const wire: WireObservation[] = [];
observations.subscribe((o) => {
  if (o.kind === 'wire') wire.push(o);
});
let cluster: CucmCluster;
let app: Tr87Client;
const phones = new Map<string, SccpPhone>();

const media = (address: string, port: number): XmlNode[] => [
  {
    name: 'privateData',
    attributes: [],
    children: [
      {
        name: 'private',
        attributes: [],
        children: [
          {
            name: 'lab:media',
            attributes: [
              { name: 'xmlns:lab', value: LAB_PRIVATE_NAMESPACE },
              { name: 'address', value: address },
              { name: 'port', value: String(port) },
            ],
            children: [],
          },
        ],
      },
    ],
  },
];

async function phone(
  dn: string,
  opts: { protocolVersion?: number; mediaIp?: string } = {},
): Promise<SccpPhone> {
  const mac = `00000000D00${dn.slice(-1)}`;
  const p = new SccpPhone({
    mac,
    model: '7961',
    servers: [cluster.endpoints.nodes['cucm-pub']!.sccp!],
    clock,
    observations,
    ...opts,
  });
  await p.start();
  phones.set(dn, p);
  return p;
}

/** The phone on `dn` calls `to`; resolves with the call's DeliveredEvent at `to` as the application sees it. */
async function call(dn: string, to: string): Promise<{ callID: string; deviceID: string }> {
  const p = phones.get(dn)!;
  p.offHook();
  await p.waitFor((st) => st.tone?.tone === 'InsideDialTone', 5000, 'dial tone');
  p.dial(to);
  for (;;) {
    const e = await app.nextEvent('DeliveredEvent', 5000);
    if (e.callingDevice && JSON.stringify(e.callingDevice).includes(dn)) return e.connection as never;
  }
}

async function established(callID: string): Promise<Extract<CstaEvent, { type: 'EstablishedEvent' }>> {
  for (;;) {
    const e = await app.nextEvent('EstablishedEvent', 5000);
    if (e.establishedConnection.callID === callID) return e;
  }
}

/** What the phone transmits to, once StartMediaTransmission arrived. */
async function streamsTo(p: SccpPhone): Promise<string> {
  await p.waitFor((st) => Object.keys(st.media.transmit).length > 0, 5000, 'StartMediaTransmission');
  const tx = Object.values(p.state.media.transmit)[0]!;
  return `${tx.remoteIp} ${tx.remotePort}`;
}

/** The SCCP messages a phone received, in order, by type (its own wire observations). */
function receivedBy(p: SccpPhone): string[] {
  const server = cluster.endpoints.nodes['cucm-pub']!.sccp!.port;
  return wire
    .filter((w) => w.source === p.deviceName && w.src.port === server)
    .map((w) => (w.decoded as { type: string }).type);
}

/** The last StartMediaTransmission the cluster sent (its wire observation). */
function lastStartMedia(): WireObservation {
  const all = wire.filter(
    (w) => w.source === 'cluster1' && (w.decoded as { type?: string }).type === 'StartMediaTransmission',
  );
  assert.ok(all.length > 0, 'a StartMediaTransmission was sent');
  return all.at(-1)!;
}

async function hangUpAll(): Promise<void> {
  for (const p of phones.values()) if (hasActiveCall(p.state as PhoneState)) p.onHook();
  for (const p of phones.values())
    await p.waitFor((st) => !hasActiveCall(st as PhoneState), 5000, `${p.deviceName} idle`);
}

before(async () => {
  const t = await cucmLabTopology('cucm-media.yaml');
  cluster = new CucmCluster({
    cluster: t.cluster,
    servers: t.servers,
    gateways: t.gateways,
    clock,
    observations,
    log: () => {},
  });
  const ep = await cluster.start();
  await phone('1001');
  // SCCP 15 cannot carry IPv6: asked to receive on ::1, it acks its IPv4 address instead.
  await phone('1002', { mediaIp: '::1' });
  // SCCP version 20 (ipv4or6 fields), saying it receives RTP on ::1.
  await phone('1003', { protocolVersion: 20, mediaIp: '::1' });
  await phone('1004', { protocolVersion: 20 });
  const sip = ep.gateways['cucm-imp']!.sip;
  app = await Tr87Client.connect({
    host: sip.host,
    port: sip.port,
    user: 'sip:media-app@cluster1',
    line: 'tel:2000',
    clock,
    credentials: { username: 'media-app', password: 'media-app-pw' },
  });
  for (const dn of ['2000', '2100', '3000', '3100', '3200']) await app.monitorStart(`tel:${dn}`);
});

after(async () => {
  await app?.close();
  await Promise.allSettled([...phones.values()].map((p) => p.stop()));
  await cluster?.stop();
});

test('CUCM-APP-002: an answer at a route point without media, and with bad media, is refused; the call keeps ringing', async () => {
  const c = await call('1001', '2000');
  await assert.rejects(app.request({ type: 'AnswerCall', callToBeAnswered: c }), (e: unknown) => {
    assert.ok(e instanceof CstaRequestError);
    assert.deepEqual(e.code, { operation: 'requestIncompatibleWithMedia' });
    return true;
  });
  for (const [address, port] of [
    ['not-an-address', 20000],
    ['127.0.0.1', 0],
    ['fe80::1%eth0', 20000],
  ] as const)
    await assert.rejects(
      app.request({ type: 'AnswerCall', callToBeAnswered: c, extensions: media(address, port) }),
      (e: unknown) => {
        assert.ok(e instanceof CstaRequestError);
        assert.deepEqual(e.code, { operation: 'invalidParameterValue' }, `${address} ${port}`);
        return true;
      },
    );
  assert.deepEqual(
    cluster.calls.model.snapshotDevice('2000').map((i) => i.localConnectionState),
    ['alerting'],
  );
  assert.deepEqual(phones.get('1001')!.state.media.transmit, {});
  await hangUpAll();
});

test('CUCM-APP-002: two calls answered at one route point with different media each stream to their own', async () => {
  const first = await call('1001', '2000');
  const second = await call('1002', '2000');
  await app.request({ type: 'AnswerCall', callToBeAnswered: first, extensions: media('127.0.0.21', 20000) });
  await app.request({ type: 'AnswerCall', callToBeAnswered: second, extensions: media('127.0.0.22', 20002) });
  assert.equal(await streamsTo(phones.get('1001')!), '127.0.0.21 20000');
  assert.equal(await streamsTo(phones.get('1002')!), '127.0.0.22 20002');
  assert.equal(Object.values(phones.get('1002')!.state.media.receive)[0]?.localIp, '127.0.0.1');
  // The calling phone's receiver is opened first, StartMediaTransmission follows its ack.
  const order = receivedBy(phones.get('1001')!).filter(
    (t) => t === 'OpenReceiveChannel' || t === 'StartMediaTransmission',
  );
  assert.deepEqual(order, ['OpenReceiveChannel', 'StartMediaTransmission']);
  await hangUpAll();
});

test('CUCM-APP-003: a route point and a CTI port with static media: every call streams there; per-call media wins', async () => {
  const rp = await call('1001', '2100');
  await app.request({ type: 'AnswerCall', callToBeAnswered: rp });
  assert.equal(await streamsTo(phones.get('1001')!), '10.0.21.1 21000');
  const port = await call('1002', '3000');
  await app.request({ type: 'AnswerCall', callToBeAnswered: port, extensions: media('127.0.0.30', 30030) });
  assert.equal(await streamsTo(phones.get('1002')!), '127.0.0.30 30030');
  await hangUpAll();
  // The next call at the port has no per-call media: the static one again.
  const again = await call('1002', '3000');
  await app.request({ type: 'AnswerCall', callToBeAnswered: again });
  assert.equal(await streamsTo(phones.get('1002')!), '10.0.30.1 30000');
  await hangUpAll();
});

test('CUCM-APP-003: a CTI port without static media needs media per call', async () => {
  const c = await call('1001', '3200');
  await assert.rejects(app.request({ type: 'AnswerCall', callToBeAnswered: c }), (e: unknown) => {
    assert.ok(e instanceof CstaRequestError);
    assert.deepEqual(e.code, { operation: 'requestIncompatibleWithMedia' });
    return true;
  });
  await app.request({ type: 'AnswerCall', callToBeAnswered: c, extensions: media('127.0.0.32', 32000) });
  assert.equal(await streamsTo(phones.get('1001')!), '127.0.0.32 32000');
  await hangUpAll();
});

test('CUCM-CFG-005: the EstablishedEvent gives the calling phone its RTP address, IPv4 as IPv4, IPv6 as IPv6', async () => {
  const v4 = await call('1001', '2000');
  await app.request({ type: 'AnswerCall', callToBeAnswered: v4, extensions: media('127.0.0.21', 20000) });
  const e4 = await established(v4.callID);
  const rx4 = Object.values(phones.get('1001')!.state.media.receive)[0]!;
  assert.deepEqual(readMedia(e4.extensions), {
    ok: true,
    value: { address: '127.0.0.1', port: rx4.localPort },
  });
  const v6 = await call('1003', '2000');
  await app.request({ type: 'AnswerCall', callToBeAnswered: v6, extensions: media('127.0.0.23', 20004) });
  const e6 = await established(v6.callID);
  const rx6 = Object.values(phones.get('1003')!.state.media.receive)[0]!;
  assert.equal(rx6.localIp, '::1');
  assert.deepEqual(readMedia(e6.extensions), { ok: true, value: { address: '::1', port: rx6.localPort } });
  await hangUpAll();
});

test('CUCM-CFG-005: IPv6 media goes in the IPv6 field of a version-17+ phone; a version-15 phone cannot take it', async () => {
  const c = await call('1004', '3100');
  await app.request({ type: 'AnswerCall', callToBeAnswered: c });
  const p = phones.get('1004')!;
  assert.equal(await streamsTo(p), '2001:db8::31 31000');
  // Wireshark packet-skinny (header versions): from version 17 the address is u32 type (1 = v6) + 16 bytes,
  // after conferenceId and passThroughPartyId (body offset 8; the 12-byte header before it).
  const smt = lastStartMedia();
  const body = smt.bytes.subarray(12);
  assert.equal(Buffer.from(body).readUInt32LE(8), 1, 'address type v6');
  assert.equal(Buffer.from(body.subarray(12, 28)).toString('hex'), '20010db8000000000000000000000031');
  await hangUpAll();
  // An IPv4 address to a version-17+ phone: type 0 and the four bytes.
  const c4 = await call('1004', '3000');
  await app.request({ type: 'AnswerCall', callToBeAnswered: c4 });
  assert.equal(await streamsTo(p), '10.0.30.1 30000');
  const smt4 = lastStartMedia();
  assert.equal(Buffer.from(smt4.bytes.subarray(12)).readUInt32LE(8), 0, 'address type v4');
  assert.equal(Buffer.from(smt4.bytes.subarray(24, 28)).toString('hex'), '0a001e01');
  await hangUpAll();
  // Version 15 has only a 4-byte IPv4 field: the answer with IPv6 media is refused.
  const old = await call('1001', '3100');
  await assert.rejects(app.request({ type: 'AnswerCall', callToBeAnswered: old }), (e: unknown) => {
    assert.ok(e instanceof CstaRequestError);
    assert.deepEqual(e.code, { operation: 'requestIncompatibleWithMedia' });
    return true;
  });
  await hangUpAll();
});

test('CUCM-CFG-005: a phone registered over IPv6 (::1, SCCP 20) acks its IPv6 receive address; its peer streams there', async () => {
  // The whole cluster listens on ::1 (SIP over IPv6 is not served by the lab's SIP stack yet, so
  // this call is phone to phone).
  const t = await cucmLabTopology('cucm-media.yaml');
  const v6 = new CucmCluster({
    cluster: t.cluster,
    servers: t.servers,
    gateways: [],
    host: '::1',
    log: () => {},
  });
  const ep = await v6.start();
  const server = ep.nodes['cucm-pub']!.sccp!;
  assert.equal(server.host, '::1');
  const a = new SccpPhone({ mac: '00000000D001', model: '7961', servers: [server], protocolVersion: 20 });
  const b = new SccpPhone({ mac: '00000000D002', model: '7961', servers: [server], protocolVersion: 20 });
  try {
    await a.start();
    await b.start();
    a.offHook();
    await a.waitFor((st) => st.tone?.tone === 'InsideDialTone', 5000, 'dial tone');
    a.dial('1002');
    await b.waitFor(
      (st) => Object.values(st.lines).some((l) => Object.values(l.calls).some((c) => c.state === 'RingIn')),
      5000,
      'ringing',
    );
    b.answer();
    await a.waitFor((st) => Object.keys(st.media.transmit).length > 0, 5000, 'a streams');
    await b.waitFor((st) => Object.keys(st.media.transmit).length > 0, 5000, 'b streams');
    const rxA = Object.values(a.state.media.receive)[0]!;
    const rxB = Object.values(b.state.media.receive)[0]!;
    assert.equal(rxA.localIp, '::1');
    assert.equal(rxB.localIp, '::1');
    const txA = Object.values(a.state.media.transmit)[0]!;
    assert.deepEqual([txA.remoteIp, txA.remotePort], ['::1', rxB.localPort]);
  } finally {
    await Promise.allSettled([a.stop(), b.stop()]);
    await v6.stop();
  }
});
