// Steps of features/cucm/media-termination.feature (CUCM-APP-002, APP-003, CFG-005): AnswerCall
// carrying the lab's `<media address port/>` private data (simulators/cucm/media-termination.ts),
// what the calling SCCP phone is then sent (OpenReceiveChannel, StartMediaTransmission with the
// address in the IPv4 or IPv6 field of its protocol version), and the far end's RTP address in the
// EstablishedEvent the application gets.
import assert from 'node:assert/strict';
import { isIPv4, isIPv6 } from 'node:net';
import { Given, Then, When } from '@cucumber/cucumber';
import type { CstaEvent } from '../simulators/csta/csta-types.ts';
import type { XmlNode } from '../simulators/csta/xml-node.ts';
import { LAB_PRIVATE_NAMESPACE, readMedia } from '../simulators/cucm/media-termination.ts';
import type { WireObservation } from '../simulators/lab/observation.ts';
import { SccpPhone } from '../simulators/phone/phone.ts';
import { ipv4ToBytes, ipv6ToBytes } from '../simulators/sccp/ip-address.ts';
import { client, phoneOn, request, scenario } from './cucm-steps.ts';
import type { LabWorld } from './world.ts';

type Conn = { callID: string; deviceID: string };

const dnOf = (id: unknown): string | undefined =>
  typeof id === 'string' ? id.replace(/^tel:/, '').split(';')[0] : undefined;

/** The lab private data an application puts in AnswerCall's extensions. */
function mediaExtensions(address: string, port: number): XmlNode[] {
  return [
    {
      name: 'privateData',
      attributes: [],
      children: [
        {
          name: 'private',
          attributes: [],
          children: [
            {
              name: 'media',
              attributes: [
                { name: 'xmlns', value: LAB_PRIVATE_NAMESPACE },
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
}

/** The connection at `at` of the call offered there from `party` (its DeliveredEvent). */
async function offered(world: LabWorld, user: string, party: string, at: string): Promise<Conn> {
  const find = () =>
    (client(world, user).events as (CstaEvent & Record<string, unknown>)[]).find(
      (e) =>
        e.type === 'DeliveredEvent' &&
        dnOf((e.connection as Conn).deviceID) === at &&
        dnOf((e.callingDevice as { deviceIdentifier?: string })?.deviceIdentifier) === party,
    );
  for (let i = 0; i < 500 && find() === undefined; i++) await new Promise((r) => setTimeout(r, 10));
  const e = find();
  assert.ok(e, `${user} was offered a call from ${party} at ${at}`);
  return e.connection as Conn;
}

/** SCCP messages the cluster sent to the phone on `dn` (wire observations of its connection). */
function sentTo(world: LabWorld, dn: string): WireObservation[] {
  const name = phoneOn(world, dn).deviceName;
  const session = scenario(world).cluster.station.device(name)?.session;
  assert.ok(session, `the phone on ${dn} is registered`);
  return world.observed.filter(
    (o): o is WireObservation =>
      o.kind === 'wire' && o.connection === session.id && o.source === scenario(world).cluster.name,
  );
}

const typeOf = (w: WireObservation) => (w.decoded as { type?: string } | undefined)?.type;

Given(
  'the phone on {string} speaks SCCP version {int} and receives RTP on {string}',
  async function (this: LabWorld, dn: string, version: number, mediaIp: string) {
    const s = scenario(this);
    const old = phoneOn(this, dn);
    await old.stop();
    const spec = s.topology.cluster.phones.find((p) => p.lines[0]?.dn === dn);
    assert.ok(spec, `a phone on ${dn} in the topology`);
    const node = s.cluster.endpoints.nodes;
    const group = s.topology.cluster.cmGroups[s.topology.cluster.devicePools[spec.devicePool]!.cmGroup]!;
    const servers = group.map((n) => node[n]?.sccp).filter((e) => e !== undefined);
    const phone = new SccpPhone({
      mac: spec.name.slice(3),
      model: spec.model,
      servers,
      clock: this.clock,
      protocolVersion: version,
      mediaIp,
    });
    s.phones.set(dn, phone);
    await phone.start();
    assert.equal(phone.state.registered, true, `the phone on ${dn} registered again`);
  },
);

When(
  '{string} answers the call from {string} at {string} with media {string} port {int}',
  async function (this: LabWorld, user: string, party: string, at: string, address: string, port: number) {
    await request(this, user, {
      type: 'AnswerCall',
      callToBeAnswered: await offered(this, user, party, at),
      extensions: mediaExtensions(address, port),
    });
  },
);

When(
  '{string} answers the call from {string} at {string} giving no media',
  async function (this: LabWorld, user: string, party: string, at: string) {
    await request(this, user, { type: 'AnswerCall', callToBeAnswered: await offered(this, user, party, at) });
  },
);

Then(
  'the phone on {string} streams to {string} port {int}',
  async function (this: LabWorld, dn: string, address: string, port: number) {
    const p = phoneOn(this, dn);
    await p.waitFor(
      (s) => Object.values(s.media.transmit).some((t) => t.remoteIp === address && t.remotePort === port),
      5000,
      `the phone on ${dn} streams to ${address} port ${port} (it does to ${JSON.stringify(Object.values(p.state.media.transmit).map((t) => `${t.remoteIp} ${t.remotePort}`))})`,
    );
    // Its receiver was opened first; StartMediaTransmission followed the ack (cm_call_7912.pcapng 148/154).
    const order = sentTo(this, dn)
      .map(typeOf)
      .filter((t) => t === 'OpenReceiveChannel' || t === 'StartMediaTransmission');
    assert.deepEqual(order.slice(-2), ['OpenReceiveChannel', 'StartMediaTransmission']);
  },
);

Then(
  'the StartMediaTransmission to the phone on {string} carries {string} in its {word} field',
  function (this: LabWorld, dn: string, address: string, family: string) {
    const smt = sentTo(this, dn)
      .filter((w) => typeOf(w) === 'StartMediaTransmission')
      .at(-1);
    assert.ok(smt, `a StartMediaTransmission to the phone on ${dn}`);
    // Header: length, header version, message id (12 bytes); body: conferenceId, passThroughPartyId,
    // then the remote address: from version 17 a u32 type (0 v4, 1 v6) and 16 bytes
    // (Wireshark packet-skinny (header versions)); before, 4 bytes.
    const bytes = Buffer.from(smt.bytes);
    const headerVersion = bytes.readUInt32LE(4);
    if (family === 'IPv6') {
      assert.ok(headerVersion >= 17, `header version ${headerVersion} has the ipv4or6 field`);
      assert.equal(bytes.readUInt32LE(20), 1, 'address type v6');
      assert.deepEqual(bytes.subarray(24, 40), Buffer.from(ipv6ToBytes(address)!));
    } else if (headerVersion >= 17) {
      assert.equal(bytes.readUInt32LE(20), 0, 'address type v4');
      assert.deepEqual(bytes.subarray(24, 28), Buffer.from(ipv4ToBytes(address)!));
    } else {
      assert.deepEqual(bytes.subarray(20, 24), Buffer.from(ipv4ToBytes(address)!));
    }
  },
);

Then(
  "{string} learns from the EstablishedEvent at {string} the phone on {string}'s RTP address, an {word} one",
  async function (this: LabWorld, user: string, at: string, dn: string, family: string) {
    const p = phoneOn(this, dn);
    await p.waitFor((s) => Object.keys(s.media.receive).length > 0, 5000, `${dn} opened its receiver`);
    const rx = Object.values(p.state.media.receive)[0]!;
    const c = client(this, user);
    const find = () =>
      (c.events as CstaEvent[]).find(
        (e) =>
          e.type === 'EstablishedEvent' &&
          dnOf(e.establishedConnection.deviceID) === at &&
          dnOf((e.callingDevice as { deviceIdentifier?: string }).deviceIdentifier) === dn,
      );
    for (let i = 0; i < 500 && find() === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    const e = find() as { extensions?: readonly XmlNode[] } | undefined;
    assert.ok(e, `an EstablishedEvent at ${at} for the call from ${dn}`);
    const media = readMedia(e.extensions);
    assert.deepEqual(media, { ok: true, value: { address: rx.localIp, port: rx.localPort } });
    const address = media.ok ? (media.value?.address ?? '') : '';
    assert.ok(family === 'IPv6' ? isIPv6(address) : isIPv4(address), `${address} is ${family}`);
  },
);
