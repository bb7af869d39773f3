import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallEvent } from '../calls/call-events.ts';
import { CallModel } from '../calls/call-model.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { strictCallModel } from '../testing/strict-call-model.ts';
import type { CtiGroup } from './cti-permissions.ts';
import { labExtensions, labPrivateElements } from './lab-private-data.ts';
import {
  cryptoAttribute,
  MASTER_KEY_BYTES,
  MASTER_SALT_BYTES,
  makeSrtpKeyMaterial,
  SRTP_SUITE,
  SrtpCallKeys,
  srtpElementFor,
} from './srtp-keys.ts';

// CUCM-ACG-012 (Standard CTI Allow Reception of SRTP Key Material). Key material: RFC 3711 §8.2
// (AES_CM_128_HMAC_SHA1_80: 128-bit master key, 112-bit master salt) written as RFC 4568 §6.1
// key-info (base64 of key || salt).

/** A deterministic random source: byte i of call n is (n * 31 + i) & 0xff. */
function counting() {
  let n = 0;
  return (size: number) => {
    n++;
    return Buffer.from(Array.from({ length: size }, (_, i) => (n * 31 + i) & 0xff));
  };
}

test('makeSrtpKeyMaterial: a 16-byte master key and a 14-byte salt, base64 of both as RFC 4568 key-info', () => {
  const m = makeSrtpKeyMaterial();
  assert.equal(m.suite, 'AES_CM_128_HMAC_SHA1_80');
  assert.equal(m.masterKey.length, 16);
  assert.equal(m.masterSalt.length, 14);
  assert.equal(MASTER_KEY_BYTES + MASTER_SALT_BYTES, 30);
  assert.equal(m.keySalt.length, 40, '30 bytes are 40 base64 characters');
  assert.deepEqual(Buffer.from(m.keySalt, 'base64'), Buffer.concat([m.masterKey, m.masterSalt]));
  assert.notEqual(makeSrtpKeyMaterial().keySalt, m.keySalt, 'crypto.randomBytes: each call its own');
  const fixed = makeSrtpKeyMaterial((size) => Buffer.alloc(size, 0xab));
  assert.equal(fixed.keySalt, Buffer.alloc(30, 0xab).toString('base64'));
  assert.throws(() => makeSrtpKeyMaterial(() => Buffer.alloc(3)), /wrong number of bytes/);
});

test('cryptoAttribute: the RFC 4568 §9.1 form', () => {
  const m = makeSrtpKeyMaterial((size) => Buffer.alloc(size, 0));
  assert.equal(cryptoAttribute(1, m), `a=crypto:1 ${SRTP_SUITE} inline:${'A'.repeat(40)}`);
});

function lab(encrypted: string[]) {
  const model = strictCallModel(new CallModel({ clock: new ManualClock() }));
  for (const n of ['201', '202', '203', '204']) model.addDevice({ number: n, maxCalls: 2 });
  const keys = new SrtpCallKeys((dn) => encrypted.includes(dn), counting());
  const events: CallEvent[] = [];
  model.on((e) => {
    keys.onEvent(e);
    events.push(e);
  });
  const established = () => {
    const e = events.filter((x) => x.type === 'EstablishedEvent').at(-1);
    assert.ok(e);
    return e;
  };
  return { model, keys, events, established };
}

test('a call between two encrypted devices gets key material when it connects, and loses it when it ends', () => {
  const { model, keys, events, established } = lab(['201', '202']);
  const c = model.makeCall('201', '202');
  const delivered = events.find((e) => e.type === 'DeliveredEvent');
  assert.ok(delivered);
  assert.equal(keys.keyFor(delivered), undefined, 'ringing: no media yet, no keys');
  assert.equal(keys.of(c.callID), undefined);
  model.answer({ callID: c.callID, deviceID: '202' });
  const material = keys.of(c.callID);
  assert.ok(material, 'made at connect');
  assert.equal(keys.keyFor(established()), material, 'every gateway asking gets the same material');
  assert.equal(keys.size, 1);
  model.clear({ callID: c.callID, deviceID: '201' });
  assert.equal(keys.of(c.callID), undefined);
  assert.equal(keys.size, 0);
});

test('one non-encrypted party: no key material', () => {
  const { model, keys, established } = lab(['201', '202']);
  const c = model.makeCall('201', '203');
  model.answer({ callID: c.callID, deviceID: '203' });
  assert.equal(keys.keyFor(established()), undefined);
  assert.equal(keys.size, 0);
});

test('a transfer re-keys for a new encrypted pair and drops the keys for a non-encrypted one', () => {
  const { model, keys } = lab(['201', '202', '204']);
  const c = model.makeCall('201', '202');
  model.answer({ callID: c.callID, deviceID: '202' });
  const first = keys.of(c.callID);
  assert.ok(first);
  model.singleStepTransfer({ callID: c.callID, deviceID: '202' }, '204');
  model.answer({ callID: c.callID, deviceID: '204' });
  const second = keys.of(c.callID);
  assert.ok(second);
  assert.notEqual(second.keySalt, first.keySalt, 'a new pair of parties, new keys');
  model.singleStepTransfer({ callID: c.callID, deviceID: '204' }, '203');
  model.answer({ callID: c.callID, deviceID: '203' });
  assert.equal(keys.of(c.callID), undefined);
});

const SRTP: CtiGroup = 'Standard CTI Allow Reception of SRTP Key Material';
const ALL: CtiGroup = 'Standard CTI Allow Control of All Devices';

test('srtpElementFor: the group and the device controlled (or all devices); nothing without material', () => {
  const m = makeSrtpKeyMaterial(counting());
  const devices = [{ name: 'SEP1' }];
  const element = (groups: CtiGroup[], controlled: string[]) =>
    srtpElementFor({ id: 'u', groups, controlledDevices: controlled }, devices, m);
  const given = element([SRTP], ['SEP1']);
  assert.ok(given);
  assert.deepEqual(labPrivateElements(labExtensions([given])), [
    { name: 'srtp', attributes: { suite: SRTP_SUITE, key: m.keySalt }, text: '', children: [] },
  ]);
  assert.ok(element([SRTP, ALL], []), 'Allow Control of All Devices lifts the device condition');
  assert.equal(element([], ['SEP1']), undefined, 'not in the group');
  assert.equal(element([ALL], []), undefined, 'all devices, not in the group');
  assert.equal(element([SRTP], ['SEP2']), undefined, 'in the group, device not controlled');
  assert.equal(
    srtpElementFor({ id: 'u', groups: [SRTP], controlledDevices: ['SEP1'] }, devices, undefined),
    undefined,
  );
});
