// Steps of features/permissions/calling-number-srtp.feature: a calling number given as lab
// private data on MakeCall / DeflectCall / SingleStepTransferCall (CUCM-ACG-011) and the SRTP key
// material of encrypted calls in EstablishedEvents (CUCM-ACG-012). The requests and events cross
// the CTI gateway as ECMA-323 over TR/87 (the client's codec writes and reads the private data).
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import type { CstaEvent, CstaRequest } from '../simulators/csta/csta-types.ts';
import type { XmlNode } from '../simulators/csta/xml-node.ts';
import { CALLING_NUMBER_ELEMENT } from '../simulators/cucm/calling-number.ts';
import { labElement, labExtensions, labPrivateElements } from '../simulators/cucm/lab-private-data.ts';
import { allCalls } from '../simulators/phone/phone-state.ts';
import { client, connectionOf, eventually, phoneOn, request, scenario, tel } from './cucm-steps.ts';
import { ringing } from './phone-state-checks.ts';
import type { LabWorld } from './world.ts';

/** `<extensions>` holding `<callingNumber xmlns="urn:ctilab:cucm">number</callingNumber>`. */
const presenting = (number: string): readonly XmlNode[] =>
  labExtensions([labElement(CALLING_NUMBER_ELEMENT, {}, number)]);

const bare = (deviceId: string) => deviceId.replace(/^tel:/, '').split(';')[0];

When(
  '{string} makes a call from {string} to {string} presenting the calling number {string}',
  async function (this: LabWorld, user: string, from: string, to: string, number: string) {
    await request(this, user, {
      type: 'MakeCall',
      callingDevice: tel(from),
      calledDirectoryNumber: tel(to),
      extensions: presenting(number),
    } as CstaRequest);
  },
);

When(
  '{string} redirects the call at {string} to {string} presenting the calling number {string}',
  async function (this: LabWorld, user: string, device: string, to: string, number: string) {
    await request(this, user, {
      type: 'DeflectCall',
      callToBeDiverted: await connectionOf(this, user, device),
      newDestination: tel(to),
      extensions: presenting(number),
    } as CstaRequest);
  },
);

When(
  '{string} transfers the call at {string} to {string} in a single step presenting the calling number {string}',
  async function (this: LabWorld, user: string, device: string, to: string, number: string) {
    await request(this, user, {
      type: 'SingleStepTransferCall',
      activeCall: await connectionOf(this, user, device),
      transferredTo: tel(to),
      extensions: presenting(number),
    } as CstaRequest);
  },
);

Then(
  'the phone on {string} rings showing {string} as the caller',
  async function (this: LabWorld, dn: string, caller: string) {
    const p = phoneOn(this, dn);
    const shown = () => allCalls(p.state).find((c) => c.state === 'RingIn')?.callInfo?.callingParty;
    await eventually(this, () => ringing(p.state) && shown() === caller, `the phone on ${dn} rings`, 30);
    assert.equal(shown(), caller);
  },
);

/** The first event of `type` the user's client got about `dn` (waiting for it a little). */
async function eventFor(world: LabWorld, user: string, type: CstaEvent['type'], dn: string) {
  const c = client(world, user);
  const about = (e: CstaEvent) => e.type === type && JSON.stringify(e).includes(`"tel:${dn}`);
  await eventually(world, () => c.events.some(about), `${user} gets a ${type} for ${dn}`, 30);
  return c.events.find(about)!;
}

const privateOf = (e: CstaEvent) => labPrivateElements((e as { extensions?: readonly XmlNode[] }).extensions);

Then(
  'the DeliveredEvent {string} gets for {string} names {string} as the calling device and carries the calling number {string}',
  async function (this: LabWorld, user: string, dn: string, calling: string, number: string) {
    const e = (await eventFor(this, user, 'DeliveredEvent', dn)) as Extract<
      CstaEvent,
      { type: 'DeliveredEvent' }
    >;
    assert.equal(
      'deviceIdentifier' in e.callingDevice ? bare(e.callingDevice.deviceIdentifier) : undefined,
      calling,
    );
    assert.deepEqual(
      privateOf(e).filter((x) => x.name === CALLING_NUMBER_ELEMENT),
      [{ name: CALLING_NUMBER_ELEMENT, attributes: {}, text: number, children: [] }],
    );
  },
);

Then(
  "{string} gets an EstablishedEvent for {string} with the call's SRTP key material",
  async function (this: LabWorld, user: string, dn: string) {
    const e = (await eventFor(this, user, 'EstablishedEvent', dn)) as Extract<
      CstaEvent,
      { type: 'EstablishedEvent' }
    >;
    const material = scenario(this).cluster.srtp.of(e.establishedConnection.callID ?? '');
    assert.ok(material, 'the cluster keyed the call (two encrypted phones)');
    const srtp = privateOf(e).filter((x) => x.name === 'srtp');
    assert.deepEqual(srtp, [
      {
        name: 'srtp',
        attributes: { suite: 'AES_CM_128_HMAC_SHA1_80', key: material.keySalt },
        text: '',
        children: [],
      },
    ]);
    // RFC 4568 §6.1: base64 of the 16-byte master key and the 14-byte master salt.
    assert.equal(Buffer.from(material.keySalt, 'base64').length, 30);
  },
);

Then(
  '{string} gets an EstablishedEvent for {string} without SRTP key material',
  async function (this: LabWorld, user: string, dn: string) {
    const e = await eventFor(this, user, 'EstablishedEvent', dn);
    assert.deepEqual(
      privateOf(e).filter((x) => x.name === 'srtp'),
      [],
      `${user}'s EstablishedEvent carries no srtp element`,
    );
  },
);

Then('no event {string} got carries SRTP key material', function (this: LabWorld, user: string) {
  for (const e of client(this, user).events)
    assert.deepEqual(
      privateOf(e).filter((x) => x.name === 'srtp'),
      [],
      `${e.type} of ${user}`,
    );
});

Then('the cluster holds key material for {int} call(s)', function (this: LabWorld, n: number) {
  assert.equal(scenario(this).cluster.srtp.size, n);
});
