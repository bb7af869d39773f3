import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeCsta } from '../csta/csta-decode.ts';
import { encodeCsta } from '../csta/csta-encode.ts';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import type { CstaEvent } from '../csta/csta-types.ts';
import type { XmlNode } from '../csta/xml-node.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import type { ReceiveChannel } from '../station/call-signalling.ts';
import {
  LAB_PRIVATE_NAMESPACE,
  MEDIA_WAIT_MS,
  MediaTermination,
  mediaPrivateData,
  readMedia,
} from './media-termination.ts';

// Cisco Unified CM System Configuration Guide, "CTI Route Points Overview" (media per call at
// route points; static or dynamic at ports and route points) and "CTI prerequisites" (IPv4 and
// IPv6 address information); the lab's private-data carriage (media-termination.ts).

const ED3 = CSTA_NAMESPACES.ed3;

/** An AnswerCall as a client writes it, decoded as the gateway reads it. */
function answerExtensions(privateXml: string): readonly XmlNode[] | undefined {
  const xml = `<AnswerCall xmlns="${ED3}"><callToBeAnswered><callID>7</callID><deviceID>tel:2000</deviceID></callToBeAnswered><extensions><privateData><private>${privateXml}</private></privateData></extensions></AnswerCall>`;
  const m = decodeCsta(xml).message;
  assert.equal(m.type, 'AnswerCall');
  return (m as { extensions?: readonly XmlNode[] }).extensions;
}

describe('readMedia: <media address port/> in the lab namespace', () => {
  test('a default-namespace and a prefixed element are read alike; IPv6 keeps its text', () => {
    assert.deepEqual(
      readMedia(
        answerExtensions(`<media xmlns="${LAB_PRIVATE_NAMESPACE}" address="10.1.2.3" port="24000"/>`),
      ),
      { ok: true, value: { address: '10.1.2.3', port: 24000 } },
    );
    assert.deepEqual(
      readMedia(
        answerExtensions(`<l:media xmlns:l="${LAB_PRIVATE_NAMESPACE}" address="2001:db8::7" port="1"/>`),
      ),
      { ok: true, value: { address: '2001:db8::7', port: 1 } },
    );
  });

  test('no extensions, another namespace, or media outside privateData/private: none given', () => {
    assert.deepEqual(readMedia(undefined), { ok: true, value: undefined });
    assert.deepEqual(readMedia(answerExtensions(`<media xmlns="urn:other" address="10.1.2.3" port="2"/>`)), {
      ok: true,
      value: undefined,
    });
    // No namespace at all: the element is the CSTA default namespace's, not the lab's.
    assert.deepEqual(readMedia(answerExtensions(`<media address="10.1.2.3" port="2"/>`)), {
      ok: true,
      value: undefined,
    });
    const outside: XmlNode[] = [
      {
        name: 'media',
        attributes: [
          { name: 'xmlns', value: LAB_PRIVATE_NAMESPACE },
          { name: 'address', value: '10.1.2.3' },
          { name: 'port', value: '2' },
        ],
        children: [],
      },
    ];
    assert.deepEqual(readMedia(outside), { ok: true, value: undefined });
  });

  test('a bad address or port is refused with the value it names', () => {
    for (const [address, port, says] of [
      ['10.1.2', '2', 'media address 10.1.2'],
      ['fe80::1%eth0', '2', 'media address fe80::1%eth0'],
      ['host.example', '2', 'media address host.example'],
      ['10.1.2.3', '0', 'media port 0'],
      ['10.1.2.3', '65536', 'media port 65536'],
      ['10.1.2.3', '1e3', 'media port 1e3'],
      ['10.1.2.3', '', 'media port '],
    ] as const) {
      const r = readMedia(
        answerExtensions(`<media xmlns="${LAB_PRIVATE_NAMESPACE}" address="${address}" port="${port}"/>`),
      );
      assert.equal(r.ok, false, `${address} ${port}`);
      if (!r.ok) assert.ok(r.error.startsWith(says), r.error);
    }
    const noPort = readMedia(
      answerExtensions(`<media xmlns="${LAB_PRIVATE_NAMESPACE}" address="10.1.2.3"/>`),
    );
    assert.equal(noPort.ok, false);
  });

  test('mediaPrivateData survives the ECMA-323 codec and reads back', () => {
    const event = {
      type: 'EstablishedEvent',
      monitorCrossRefID: '1',
      establishedConnection: { callID: '7', deviceID: 'tel:2000' },
      answeringDevice: { deviceIdentifier: 'tel:2000' },
      callingDevice: { deviceIdentifier: 'tel:1001' },
      calledDevice: { deviceIdentifier: 'tel:2000' },
      extensions: mediaPrivateData({ address: '::1', port: 16384 }),
    } as CstaEvent;
    const xml = encodeCsta(event, { namespace: ED3 });
    assert.match(xml, /<media xmlns="urn:ctilab:cucm" address="::1" port="16384"\/>/);
    const back = decodeCsta(xml).message as { extensions?: readonly XmlNode[] };
    assert.deepEqual(readMedia(back.extensions), { ok: true, value: { address: '::1', port: 16384 } });
  });
});

/** A MediaTermination with route point 2000 (no static media) and CTI port 3000 (static). */
function termination(channels: ReceiveChannel[] = [], ipv6 = true) {
  const clock = new ManualClock();
  const media = new MediaTermination({
    clock,
    ctiDns: new Set(['2000', '3000']),
    staticMedia: new Map([['3000', { address: '192.0.2.30', port: 30000 }]]),
    receiveChannels: (callId) => channels.filter((c) => c.callId === callId),
    ipv6Capable: () => ipv6,
  });
  return { clock, media, channels };
}

const given = (address: string, port: number) =>
  answerExtensions(`<media xmlns="${LAB_PRIVATE_NAMESPACE}" address="${address}" port="${port}"/>`);

describe('MediaTermination.answer (CUCM-APP-002, APP-003)', () => {
  test('a route point needs media per call: refused without, recorded per call with', () => {
    const { media } = termination();
    const none = media.answer('2000', '7', undefined);
    assert.deepEqual(none.ok ? undefined : none.error, { operation: 'requestIncompatibleWithMedia' });
    assert.equal(media.endpointOf('7', '2000'), undefined);
    const a = media.answer('2000', '7', given('10.0.0.7', 7000));
    const b = media.answer('2000', '8', given('10.0.0.8', 8000));
    assert.ok(a.ok && b.ok);
    assert.deepEqual(media.endpointOf('7', '2000'), { address: '10.0.0.7', port: 7000 });
    assert.deepEqual(media.endpointOf('8', '2000'), { address: '10.0.0.8', port: 8000 });
    // A failed answer forgets its call's media.
    a.value?.();
    assert.equal(media.endpointOf('7', '2000'), undefined);
  });

  test('bad media is refused with invalidParameterValue, even where static media exists', () => {
    const { media } = termination();
    const r = media.answer('3000', '7', given('10.0.0.7', 0));
    assert.deepEqual(r.ok ? undefined : r.error, { operation: 'invalidParameterValue' });
  });

  test('a CTI port with static media: used without per-call media, overridden by it', () => {
    const { media } = termination();
    assert.deepEqual(media.answer('3000', '7', undefined), { ok: true, value: undefined });
    assert.deepEqual(media.endpointOf('7', '3000'), { address: '192.0.2.30', port: 30000 });
    assert.ok(media.answer('3000', '8', given('10.0.0.8', 8000)).ok);
    assert.deepEqual(media.endpointOf('8', '3000'), { address: '10.0.0.8', port: 8000 });
  });

  test('phones and unknown calls are not checked; a cleared connection forgets its media', () => {
    const { media } = termination();
    assert.deepEqual(media.answer('1001', '7', undefined), { ok: true, value: undefined });
    assert.deepEqual(media.answer(undefined, '7', undefined), { ok: true, value: undefined });
    assert.deepEqual(media.answer('2000', undefined, undefined), { ok: true, value: undefined });
    assert.equal(media.endpointOf('7', '1001'), undefined);
    assert.ok(media.answer('2000', '7', given('10.0.0.7', 7000)).ok);
    media.onCallEvent({
      type: 'ConnectionClearedEvent',
      droppedConnection: { callID: '7', deviceID: '2000' },
      releasingDevice: '2000',
      cause: 'normalClearing',
      monitoredDevices: ['2000'],
      localConnectionInfo: {},
    } as never);
    assert.equal(media.endpointOf('7', '2000'), undefined);
  });

  test('IPv6 media for a call whose phone speaks SCCP below 17 is refused', () => {
    const { media } = termination([], false);
    const r = media.answer('2000', '7', given('2001:db8::7', 7000));
    assert.deepEqual(r.ok ? undefined : r.error, { operation: 'requestIncompatibleWithMedia' });
    assert.ok(media.answer('2000', '7', given('10.0.0.7', 7000)).ok, 'IPv4 still goes');
  });
});

describe('MediaTermination.deliver: the far end in the EstablishedEvent (CUCM-CFG-005)', () => {
  const established = (callID: string, dn = '2000'): CstaEvent =>
    ({
      type: 'EstablishedEvent',
      monitorCrossRefID: '1',
      establishedConnection: { callID, deviceID: `tel:${dn}` },
      answeringDevice: { deviceIdentifier: `tel:${dn}` },
      callingDevice: { deviceIdentifier: 'tel:1001' },
      calledDevice: { deviceIdentifier: `tel:${dn}` },
    }) as CstaEvent;
  const held = (callID: string): CstaEvent =>
    ({
      type: 'HeldEvent',
      monitorCrossRefID: '1',
      heldConnection: { callID, deviceID: 'tel:2000' },
    }) as never;
  const farEnd = (e: CstaEvent | undefined) => readMedia((e as { extensions?: XmlNode[] })?.extensions);

  test('waits for the calling phone’s ack, then carries its address; later events queue behind', () => {
    const channels: ReceiveChannel[] = [{ callId: '7', dn: '1001', deviceName: 'SEP1', rx: undefined }];
    const { media } = termination(channels);
    assert.ok(media.answer('2000', '7', given('10.0.0.7', 7000)).ok);
    const sent: CstaEvent[] = [];
    const session = {};
    media.deliver(session, established('7'), '2000', (e) => sent.push(e));
    media.deliver(session, held('7'), '2000', (e) => sent.push(e));
    assert.equal(sent.length, 0, 'held until the ack');
    // Another session's events are not held.
    media.deliver({}, held('9'), '1002', (e) => sent.push(e));
    assert.deepEqual(
      sent.map((e) => e.type),
      ['HeldEvent'],
    );
    sent.length = 0;
    // An ack of the route point's own leg or another call releases nothing.
    media.onReceiveOpened({ callId: '8', dn: '1001', deviceName: 'SEP1', rx: { ip: '::1', port: 2 } });
    assert.equal(sent.length, 0);
    media.onReceiveOpened({
      callId: '7',
      dn: '1001',
      deviceName: 'SEP1',
      rx: { ip: '2001:db8::1', port: 16384 },
    });
    assert.deepEqual(
      sent.map((e) => e.type),
      ['EstablishedEvent', 'HeldEvent'],
    );
    assert.deepEqual(farEnd(sent[0]), { ok: true, value: { address: '2001:db8::1', port: 16384 } });
    assert.equal((sent[1] as { extensions?: unknown }).extensions, undefined);
  });

  test('an address already known goes out at once; IPv4 stays IPv4', () => {
    const channels: ReceiveChannel[] = [
      { callId: '7', dn: '1001', deviceName: 'SEP1', rx: { ip: '10.9.8.7', port: 16386 } },
    ];
    const { media } = termination(channels);
    const sent: CstaEvent[] = [];
    media.deliver({}, established('7', '3000'), '3000', (e) => sent.push(e));
    assert.deepEqual(farEnd(sent[0]), { ok: true, value: { address: '10.9.8.7', port: 16386 } });
  });

  test('no phone on the call, no media at the device, or another device: the event goes as it is', () => {
    const { media } = termination([]);
    const sent: CstaEvent[] = [];
    media.deliver({}, established('7', '3000'), '3000', (e) => sent.push(e));
    media.deliver({}, established('8'), '2000', (e) => sent.push(e)); // 2000 has no media for call 8
    media.deliver({}, established('9', '1001'), '1001', (e) => sent.push(e));
    assert.equal(sent.length, 3);
    for (const e of sent) assert.equal((e as { extensions?: unknown }).extensions, undefined);
  });

  test('no ack within MEDIA_WAIT_MS (cluster clock): the event goes without the address', () => {
    const channels: ReceiveChannel[] = [{ callId: '7', dn: '1001', deviceName: 'SEP1', rx: undefined }];
    const { media, clock } = termination(channels);
    const sent: CstaEvent[] = [];
    media.deliver({}, established('7', '3000'), '3000', (e) => sent.push(e));
    clock.advance(MEDIA_WAIT_MS - 1);
    assert.equal(sent.length, 0);
    clock.advance(1);
    assert.equal(sent.length, 1);
    assert.equal((sent[0] as { extensions?: unknown }).extensions, undefined);
  });

  test('the call clearing while held releases the queue at once', () => {
    const channels: ReceiveChannel[] = [{ callId: '7', dn: '1001', deviceName: 'SEP1', rx: undefined }];
    const { media } = termination(channels);
    const sent: CstaEvent[] = [];
    const session = {};
    media.deliver(session, established('7', '3000'), '3000', (e) => sent.push(e));
    media.deliver(
      session,
      {
        type: 'ConnectionClearedEvent',
        monitorCrossRefID: '1',
        droppedConnection: { callID: '7', deviceID: 'tel:1001' },
        releasingDevice: { deviceIdentifier: 'tel:1001' },
      } as never,
      '3000',
      (e) => sent.push(e),
    );
    assert.deepEqual(
      sent.map((e) => e.type),
      ['EstablishedEvent', 'ConnectionClearedEvent'],
    );
  });

  test('flush (the session ends) sends what waits at once, in order, without the address', () => {
    const channels: ReceiveChannel[] = [{ callId: '7', dn: '1001', deviceName: 'SEP1', rx: undefined }];
    const { media } = termination(channels);
    const sent: CstaEvent[] = [];
    const session = {};
    media.deliver(session, established('7', '3000'), '3000', (e) => sent.push(e));
    media.deliver(session, held('7'), undefined, (e) => sent.push(e));
    media.flush(session);
    assert.deepEqual(
      sent.map((e) => e.type),
      ['EstablishedEvent', 'HeldEvent'],
    );
    assert.equal((sent[0] as { extensions?: unknown }).extensions, undefined);
    media.flush(session);
    assert.equal(sent.length, 2, 'nothing left to send');
  });

  test('dispose drops what waits', () => {
    const channels: ReceiveChannel[] = [{ callId: '7', dn: '1001', deviceName: 'SEP1', rx: undefined }];
    const { media, clock } = termination(channels);
    const sent: CstaEvent[] = [];
    media.deliver({}, established('7', '3000'), '3000', (e) => sent.push(e));
    media.dispose();
    clock.advance(MEDIA_WAIT_MS);
    media.onReceiveOpened({ callId: '7', dn: '1001', deviceName: 'SEP1', rx: { ip: '::1', port: 2 } });
    assert.equal(sent.length, 0);
  });
});
