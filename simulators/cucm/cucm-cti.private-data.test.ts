import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CtiSession } from '../cme/cti/cti-session.ts';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import type { CstaEvent, CstaRequest } from '../csta/csta-types.ts';
import type { XmlNode } from '../csta/xml-node.ts';
import { accepted, refusal, response } from '../testing/cti-test-lab.ts';
import { cucmCtiTestLab } from '../testing/cucm-cti-test-lab.ts';
import { CALLING_NUMBER_ELEMENT } from './calling-number.ts';
import { type CucmClusterSpec, DEFAULT_SERVICE_PARAMETERS } from './cluster-spec.ts';
import type { CtiGroup } from './cti-permissions.ts';
import { labElement, labExtensions, labPrivateElements } from './lab-private-data.ts';
import { SrtpCallKeys } from './srtp-keys.ts';

// CucmCti's lab private data without sockets (as cucm-cti.test.ts): CUCM-ACG-011, a calling
// number on MakeCall / DeflectCall / SingleStepTransferCall for Standard CTI Allow Calling Number
// Modification; CUCM-ACG-012, SRTP key material in an EstablishedEvent only to a session of a
// Standard CTI Allow Reception of SRTP Key Material user (Cisco Unified CM System Configuration
// Guide, "Access Control Group Configuration Options").

const ENABLED: CtiGroup = 'Standard CTI Enabled';
const MODIFY: CtiGroup = 'Standard CTI Allow Calling Number Modification';
const SRTP: CtiGroup = 'Standard CTI Allow Reception of SRTP Key Material';

const SPEC: CucmClusterSpec = {
  name: 'cluster1',
  secure: true,
  cmGroups: { G1: ['cucm-pub'] },
  devicePools: { DP1: { cmGroup: 'G1' } },
  partitions: [],
  callingSearchSpaces: {},
  phones: [
    {
      name: 'SEP0000000CA001',
      model: '7961',
      devicePool: 'DP1',
      lines: [{ dn: '1001' }],
      security: 'encrypted',
    },
    {
      name: 'SEP0000000CA002',
      model: '7961',
      devicePool: 'DP1',
      lines: [{ dn: '1002' }],
      security: 'encrypted',
    },
    { name: 'SEP0000000CA003', model: '7961', devicePool: 'DP1', lines: [{ dn: '1003' }] },
    // 1004 is shared: ann controls only the first of its phones.
    { name: 'SEP0000000CA004', model: '7961', devicePool: 'DP1', lines: [{ dn: '1004' }] },
    { name: 'SEP0000000CA005', model: '7961', devicePool: 'DP1', lines: [{ dn: '1004' }] },
  ],
  routePoints: [],
  ctiPorts: [],
  users: [
    {
      id: 'ann',
      password: 'a',
      kind: 'end',
      groups: [ENABLED, MODIFY],
      controlledDevices: ['SEP0000000CA001', 'SEP0000000CA004'],
    },
    {
      id: 'ben',
      password: 'b',
      kind: 'end',
      groups: [ENABLED],
      controlledDevices: ['SEP0000000CA001', 'SEP0000000CA002'],
    },
    {
      id: 'kim',
      password: 'k',
      kind: 'end',
      groups: [ENABLED, SRTP],
      controlledDevices: ['SEP0000000CA002'],
    },
  ],
  serviceParameters: DEFAULT_SERVICE_PARAMETERS,
};

const MACS = {
  '1001': '0000000CA001',
  '1002': '0000000CA002',
  '1003': '0000000CA003',
  '1004': '0000000CA004',
};

function lab(options: { srtp?: boolean } = {}) {
  let made: SrtpCallKeys | undefined;
  const { calls, cti } = cucmCtiTestLab(SPEC, {
    secure: true,
    prepare: (_station, directory) => {
      const srtp = new SrtpCallKeys((dn) => directory.devicesOf(dn).every((d) => d.security === 'encrypted'));
      made = srtp;
      return options.srtp === false ? {} : { srtpKeys: (event) => srtp.keyFor(event) };
    },
  });
  const keys = made!;
  const events: { session: number; event: CstaEvent }[] = [];
  cti.onEvent((session, event) => events.push({ session: session.id, event }));
  for (const mac of Object.values(MACS)) calls.phone(mac).register();
  const open = (user: string, line: string): CtiSession =>
    accepted(
      cti.openSession({
        user: `sip:${user}@cluster1`,
        authenticatedUser: user,
        line,
        client: 'generic',
        namespace: CSTA_NAMESPACES.ed3,
      }),
    );
  const monitor = (s: CtiSession, device: string) =>
    response(
      cti.handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: device } }),
      'MonitorStartResponse',
    );
  const of = (s: CtiSession, type: CstaEvent['type']) =>
    events.filter((e) => e.session === s.id && e.event.type === type).map((e) => e.event);
  return { calls, cti, keys, open, monitor, of };
}

const presenting = (number: string): XmlNode[] =>
  labExtensions([labElement(CALLING_NUMBER_ELEMENT, {}, number)]);
const privateOf = (e: CstaEvent | undefined) =>
  labPrivateElements((e as { extensions?: XmlNode[] } | undefined)?.extensions);
const PRIVILEGE = { operation: 'privilegeViolationSpecifiedDevice' };

const makeCall = (from: string, number?: string): CstaRequest => ({
  type: 'MakeCall',
  callingDevice: from,
  calledDirectoryNumber: 'tel:1002',
  ...(number === undefined ? {} : { extensions: presenting(number) }),
});

test('CUCM-ACG-011: MakeCall with a number: the model carries it; every monitor gets it beside callingDevice', () => {
  const { calls, cti, open, monitor, of } = lab();
  const ann = open('ann', 'tel:1001');
  const ben = open('ben', 'tel:1002');
  monitor(ben, 'tel:1002');
  const made = response(cti.handle(ann, makeCall('tel:1001', '+14085550100')), 'MakeCallResponse');
  const callID = made.callingDevice.callID ?? '';
  assert.equal(calls.model.snapshotCall(callID).presentedCallingNumber, '+14085550100');
  const delivered = of(ben, 'DeliveredEvent')[0] as Extract<CstaEvent, { type: 'DeliveredEvent' }>;
  assert.deepEqual(delivered.callingDevice, { deviceIdentifier: 'tel:1001;phone-context=dialstring' });
  assert.deepEqual(privateOf(delivered), [
    { name: 'callingNumber', attributes: {}, text: '+14085550100', children: [] },
  ]);
});

test('CUCM-ACG-011: a user outside the group, or a device not controlled, is refused and no call exists', () => {
  const { calls, cti, open } = lab();
  const ben = open('ben', 'tel:1001');
  const r = cti.handle(ben, makeCall('tel:1001', '5550100'));
  assert.deepEqual(refusal(r), PRIVILEGE);
  assert.equal(!r.ok && r.reason, 'ben is not in Standard CTI Allow Calling Number Modification');
  assert.deepEqual(calls.model.callIds(), []);
  const ann = open('ann', 'tel:1001');
  // 1004 is shared; `;device=` names the phone ann does not control.
  const other = cti.handle(ann, makeCall('tel:1004;device=SEP0000000CA005', '5550100'));
  assert.deepEqual(refusal(other), PRIVILEGE);
  assert.equal(!other.ok && other.reason, "SEP0000000CA005 is not among ann's controlled devices");
  assert.deepEqual(calls.model.callIds(), []);
  // Her own phone of that line: served.
  response(cti.handle(ann, makeCall('tel:1004;device=SEP0000000CA004', '5550100')), 'MakeCallResponse');
  // ben without the private data: served as ever.
  response(cti.handle(ben, makeCall('tel:1001')), 'MakeCallResponse');
  assert.equal(calls.model.callIds().length, 2);
});

test('CUCM-ACG-011: a bad number is invalidParameterValue; the session serves the next request', () => {
  const { calls, cti, open } = lab();
  const ann = open('ann', 'tel:1001');
  const r = cti.handle(ann, makeCall('tel:1001', 'abc'));
  assert.deepEqual(refusal(r), { operation: 'invalidParameterValue' });
  assert.deepEqual(calls.model.callIds(), []);
  response(cti.handle(ann, makeCall('tel:1001', '123')), 'MakeCallResponse');
});

test('CUCM-ACG-011: DeflectCall on the session line (no deviceID) is checked on that line’s device', () => {
  const { calls, cti, open, monitor, of } = lab();
  const ann = open('ann', 'tel:1001');
  monitor(ann, 'tel:1001');
  const ben = open('ben', 'tel:1001');
  calls.phone(MACS['1003']).call('1001');
  const delivered = of(ann, 'DeliveredEvent')[0] as Extract<CstaEvent, { type: 'DeliveredEvent' }>;
  const callID = delivered.connection.callID ?? '';
  const deflect: CstaRequest = {
    type: 'DeflectCall',
    callToBeDiverted: { callID },
    newDestination: 'tel:1002',
    extensions: presenting('5550100'),
  };
  assert.deepEqual(refusal(cti.handle(ben, deflect)), PRIVILEGE);
  assert.deepEqual(calls.states('1001'), ['alerting']);
  response(cti.handle(ann, deflect), 'DeflectCallResponse');
  assert.equal(calls.model.snapshotCall(callID).presentedCallingNumber, '5550100');
  assert.deepEqual(calls.states('1002'), ['alerting']);
});

test('CUCM-ACG-012: the EstablishedEvent of an encrypted call carries the keys to kim, not to ben', () => {
  const { calls, cti, keys, open, monitor, of } = lab();
  const kim = open('kim', 'tel:1002');
  monitor(kim, 'tel:1002');
  const ben = open('ben', 'tel:1002');
  monitor(ben, 'tel:1002');
  const made = response(cti.handle(ben, makeCall('tel:1001')), 'MakeCallResponse');
  const callID = made.callingDevice.callID ?? '';
  for (const s of [kim, ben]) assert.deepEqual(privateOf(of(s, 'DeliveredEvent')[0]), [], 'ringing: no keys');
  response(
    cti.handle(kim, { type: 'AnswerCall', callToBeAnswered: { callID, deviceID: 'tel:1002' } }),
    'AnswerCallResponse',
  );
  const material = keys.of(callID);
  assert.ok(material);
  assert.deepEqual(privateOf(of(kim, 'EstablishedEvent')[0]), [
    {
      name: 'srtp',
      attributes: { suite: 'AES_CM_128_HMAC_SHA1_80', key: material.keySalt },
      text: '',
      children: [],
    },
  ]);
  const benEvent = of(ben, 'EstablishedEvent')[0];
  assert.ok(benEvent);
  assert.equal('extensions' in benEvent, false);
  assert.deepEqual(calls.states('1002'), ['connected']);
});

test('CUCM-ACG-012: a gateway without a key source, or a call with a non-secure phone, sends no keys', () => {
  const bare = lab({ srtp: false });
  const kim = bare.open('kim', 'tel:1002');
  bare.monitor(kim, 'tel:1002');
  const ben = bare.open('ben', 'tel:1001');
  const made = response(bare.cti.handle(ben, makeCall('tel:1001')), 'MakeCallResponse');
  const callID = made.callingDevice.callID ?? '';
  response(
    bare.cti.handle(kim, { type: 'AnswerCall', callToBeAnswered: { callID, deviceID: 'tel:1002' } }),
    'AnswerCallResponse',
  );
  assert.deepEqual(bare.calls.states('1002'), ['connected']);
  assert.deepEqual(privateOf(bare.of(kim, 'EstablishedEvent')[0]), [], 'no key source: no keys');

  const { calls, cti, keys, open, monitor, of } = lab();
  const kim2 = open('kim', 'tel:1002');
  monitor(kim2, 'tel:1002');
  calls.phone(MACS['1003']).call('1002');
  const delivered = of(kim2, 'DeliveredEvent')[0] as Extract<CstaEvent, { type: 'DeliveredEvent' }>;
  response(
    cti.handle(kim2, { type: 'AnswerCall', callToBeAnswered: delivered.connection }),
    'AnswerCallResponse',
  );
  const established = of(kim2, 'EstablishedEvent')[0];
  assert.ok(established);
  assert.deepEqual(privateOf(established), [], 'a call from a non-secure phone');
  assert.equal(keys.size, 0);
});
