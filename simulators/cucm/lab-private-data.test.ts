import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeCsta } from '../csta/csta-decode.ts';
import { encodeCsta } from '../csta/csta-encode.ts';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import type { CstaEvent, MakeCall } from '../csta/csta-types.ts';
import { RCC_EXTENSION_NAMESPACE, rccLine, rccLineExtensions } from '../csta/rcc-line.ts';
import {
  LAB_PRIVATE_NAMESPACE,
  labElement,
  labPrivateElement,
  labPrivateElements,
  withLabPrivateData,
} from './lab-private-data.ts';

// ECMA-323 CSTACommonArguments: every message's `extensions` may hold `privateData`, whose
// `private` child is any XML. The lab's elements live there in namespace urn:ctilab:cucm.

const ED3 = CSTA_NAMESPACES.ed3;
const NS = LAB_PRIVATE_NAMESPACE;

const makeCall = (privateXml: string) =>
  decodeCsta(
    `<MakeCall xmlns="${ED3}"><callingDevice>tel:1001</callingDevice><calledDirectoryNumber>tel:1002</calledDirectoryNumber><extensions><privateData><private>${privateXml}</private></privateData></extensions></MakeCall>`,
  ).message as MakeCall;

test('reads lab elements declared by default namespace, by prefix, or on an ancestor', () => {
  const own = makeCall(`<callingNumber xmlns="${NS}">+14085550100</callingNumber>`);
  assert.deepEqual(labPrivateElements(own.extensions), [
    { name: 'callingNumber', attributes: {}, text: '+14085550100', children: [] },
  ]);
  const prefixed = makeCall(`<lab:callingNumber xmlns:lab="${NS}" kind="e164">123</lab:callingNumber>`);
  assert.deepEqual(labPrivateElements(prefixed.extensions), [
    { name: 'callingNumber', attributes: { kind: 'e164' }, text: '123', children: [] },
  ]);
  const onRoot = decodeCsta(
    `<MakeCall xmlns="${ED3}" xmlns:x="${NS}"><callingDevice>tel:1001</callingDevice><calledDirectoryNumber>tel:1002</calledDirectoryNumber><extensions><privateData><private><x:callingNumber>9</x:callingNumber></private></privateData></extensions></MakeCall>`,
  ).message as MakeCall;
  assert.equal(labPrivateElements(onRoot.extensions)[0]?.text, '9', 'a prefix bound on the root');
  const onPrivate = decodeCsta(
    `<MakeCall xmlns="${ED3}"><callingDevice>tel:1001</callingDevice><calledDirectoryNumber>tel:1002</calledDirectoryNumber><extensions><privateData><private xmlns="${NS}"><callingNumber>8</callingNumber><srtp suite="s"/></private></privateData></extensions></MakeCall>`,
  ).message as MakeCall;
  assert.deepEqual(
    labPrivateElements(onPrivate.extensions).map((e) => e.name),
    ['callingNumber', 'srtp'],
    'a default namespace on private, document order',
  );
});

test('elements of other namespaces, or of none, are not the lab’s', () => {
  const other = makeCall(
    `<callingNumber xmlns="urn:other">1</callingNumber><callingNumber>2</callingNumber><lcs:line xmlns:lcs="${RCC_EXTENSION_NAMESPACE}">tel:1001</lcs:line>`,
  );
  assert.deepEqual(labPrivateElements(other.extensions), []);
  assert.equal(rccLine(other.extensions), 'tel:1001');
  assert.deepEqual(labPrivateElements(undefined), []);
  // Only extensions/privateData/private/*: a lab element elsewhere is not read.
  assert.deepEqual(
    labPrivateElements([
      { name: 'callingNumber', attributes: [{ name: 'xmlns', value: NS }], children: ['1'] },
    ]),
    [],
  );
});

test('labPrivateElement: the one element; twice is operation invalidParameterValue', () => {
  const once = makeCall(`<callingNumber xmlns="${NS}">1</callingNumber>`);
  const found = labPrivateElement(once.extensions, 'callingNumber');
  assert.ok(found.ok);
  assert.equal(found.value?.text, '1');
  const none = labPrivateElement(once.extensions, 'srtp');
  assert.deepEqual(none, { ok: true, value: undefined });
  const twice = makeCall(
    `<callingNumber xmlns="${NS}">1</callingNumber><callingNumber xmlns="${NS}">2</callingNumber>`,
  );
  const refused = labPrivateElement(twice.extensions, 'callingNumber');
  assert.equal(refused.ok, false);
  assert.deepEqual(!refused.ok && refused.error, { operation: 'invalidParameterValue' });
});

test('withLabPrivateData: adds privateData to a message; encode -> decode keeps every element', () => {
  const event: CstaEvent = {
    type: 'EstablishedEvent',
    monitorCrossRefID: '7',
    establishedConnection: { callID: 'C1', deviceID: 'tel:1002' },
    answeringDevice: { deviceIdentifier: 'tel:1002' },
    callingDevice: { deviceIdentifier: 'tel:1001' },
    calledDevice: { deviceIdentifier: 'tel:1002' },
  };
  assert.equal(withLabPrivateData(event, []), event, 'nothing to add: the same object');
  assert.equal(withLabPrivateData(event, [undefined]), event);
  const added = withLabPrivateData(event, [
    labElement('callingNumber', {}, '+1408'),
    undefined,
    labElement('srtp', { suite: 'AES_CM_128_HMAC_SHA1_80', key: 'a2V5' }),
  ]);
  assert.equal('extensions' in event, false, 'the original message is not changed');
  const xml = encodeCsta(added, { namespace: ED3 });
  assert.match(
    xml,
    /<extensions><privateData><private><callingNumber xmlns="urn:ctilab:cucm">\+1408<\/callingNumber><srtp xmlns="urn:ctilab:cucm" suite="AES_CM_128_HMAC_SHA1_80" key="a2V5"\/><\/private><\/privateData><\/extensions>/,
  );
  const back = decodeCsta(xml).message as CstaEvent & { extensions?: [] };
  assert.deepEqual(labPrivateElements(back.extensions), [
    { name: 'callingNumber', attributes: {}, text: '+1408', children: [] },
    { name: 'srtp', attributes: { suite: 'AES_CM_128_HMAC_SHA1_80', key: 'a2V5' }, text: '', children: [] },
  ]);
});

test('withLabPrivateData appends to an existing private element and keeps what was there', () => {
  const request: MakeCall = {
    type: 'MakeCall',
    callingDevice: 'tel:1001',
    calledDirectoryNumber: 'tel:1002',
    extensions: rccLineExtensions('tel:1001'),
  };
  const added = withLabPrivateData(request, [labElement('callingNumber', {}, '42')]);
  const back = decodeCsta(encodeCsta(added, { namespace: ED3 })).message as MakeCall;
  assert.equal(rccLine(back.extensions), 'tel:1001');
  assert.equal(labPrivateElements(back.extensions)[0]?.text, '42');
  assert.equal(back.extensions?.length, 1, 'one privateData (ECMA-323: at most one)');
});
