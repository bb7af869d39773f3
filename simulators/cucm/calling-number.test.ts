import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallEvent } from '../calls/call-events.ts';
import type { CstaRequest } from '../csta/csta-types.ts';
import type { XmlNode } from '../csta/xml-node.ts';
import {
  CALLING_NUMBER_ELEMENT,
  callingNumberElement,
  permittedCallingNumber,
  presentingDeviceId,
  requestedCallingNumber,
} from './calling-number.ts';
import type { CtiGroup, CtiUser } from './cti-permissions.ts';
import { LAB_PRIVATE_NAMESPACE, labElement, labExtensions, labPrivateElements } from './lab-private-data.ts';

// CUCM-ACG-011 (Cisco Unified CM System Configuration Guide, "Access Control Group Configuration
// Options": Standard CTI Allow Calling Number Modification "allows an application to modify the
// calling party number"), with the controlled-devices condition of CUCM-ACG-006 / 007.

const ENABLED: CtiGroup = 'Standard CTI Enabled';
const MODIFY: CtiGroup = 'Standard CTI Allow Calling Number Modification';
const ALL: CtiGroup = 'Standard CTI Allow Control of All Devices';

const privateNumber = (text: string): XmlNode[] => [
  {
    name: 'privateData',
    attributes: [],
    children: [{ name: 'private', attributes: [], children: [labElement(CALLING_NUMBER_ELEMENT, {}, text)] }],
  },
];

const makeCall = (number?: string): CstaRequest => ({
  type: 'MakeCall',
  callingDevice: 'tel:1001',
  calledDirectoryNumber: 'tel:1002',
  ...(number === undefined ? {} : { extensions: privateNumber(number) }),
});

const INVALID = { ok: false, error: { operation: 'invalidParameterValue' } };

test('requestedCallingNumber: digits, *, # and a leading + up to 24 characters are a number', () => {
  for (const good of [
    '1',
    '+14085550100',
    '*67#',
    '#',
    '+1',
    '123456789012345678901234',
    '+12345678901234567890123',
  ])
    assert.deepEqual(requestedCallingNumber(makeCall(good)), { ok: true, value: good }, good);
});

test('requestedCallingNumber: anything else is operation invalidParameterValue', () => {
  for (const bad of [
    '',
    '+',
    '++1',
    '1+2',
    '12a',
    ' 1001',
    '1001 ',
    '1-408',
    '1234567890123456789012345',
    '+123456789012345678901234',
    'tel:1001',
  ]) {
    const r = requestedCallingNumber(makeCall(bad));
    assert.deepEqual({ ok: r.ok, error: !r.ok && r.error }, INVALID, JSON.stringify(bad));
  }
  const nested: CstaRequest = {
    ...makeCall(),
    extensions: privateNumber('1').map((n) =>
      typeof n === 'string'
        ? n
        : {
            ...n,
            children: [
              {
                name: 'private',
                attributes: [],
                children: [
                  { ...labElement(CALLING_NUMBER_ELEMENT), children: [labElement('digits', {}, '1')] },
                ],
              },
            ],
          },
    ),
  };
  const r = requestedCallingNumber(nested);
  assert.equal(r.ok, false, 'an element inside callingNumber');
  assert.match(!r.ok ? r.reason : '', /holds elements/);
});

test('requestedCallingNumber: absent, or on a request that places no call, is no number', () => {
  assert.deepEqual(requestedCallingNumber(makeCall()), { ok: true, value: undefined });
  const hold: CstaRequest = {
    type: 'HoldCall',
    callToBeHeld: { callID: 'C1', deviceID: 'tel:1001' },
    extensions: privateNumber('not even a number'),
  };
  assert.deepEqual(requestedCallingNumber(hold), { ok: true, value: undefined });
  const deflect: CstaRequest = {
    type: 'DeflectCall',
    callToBeDiverted: { callID: 'C1' },
    newDestination: 'tel:1003',
    extensions: privateNumber('555'),
  };
  assert.deepEqual(requestedCallingNumber(deflect), { ok: true, value: '555' });
  const sst: CstaRequest = {
    type: 'SingleStepTransferCall',
    activeCall: { callID: 'C1', deviceID: 'tel:1002' },
    transferredTo: 'tel:1003',
    extensions: privateNumber('x'),
  };
  assert.equal(requestedCallingNumber(sst).ok, false);
});

test('presentingDeviceId: the calling device, the deflecting or transferring connection’s device, else the session line', () => {
  assert.equal(presentingDeviceId(makeCall(), '1009'), 'tel:1001');
  const deflect = (deviceID?: string): CstaRequest => ({
    type: 'DeflectCall',
    callToBeDiverted: { callID: 'C1', ...(deviceID ? { deviceID } : {}) },
    newDestination: 'tel:1003',
  });
  assert.equal(presentingDeviceId(deflect('tel:1002'), '1009'), 'tel:1002');
  assert.equal(presentingDeviceId(deflect(), '1009'), '1009');
  const sst: CstaRequest = {
    type: 'SingleStepTransferCall',
    activeCall: { callID: 'C1' },
    transferredTo: 'tel:1003',
  };
  assert.equal(presentingDeviceId(sst, '1009'), '1009');
  assert.equal(presentingDeviceId({ type: 'GetCSTAFeatures' }, '1009'), undefined);
});

const user = (groups: CtiGroup[], controlledDevices: string[] = ['SEP1']): CtiUser => ({
  id: 'u',
  groups,
  controlledDevices,
});
const devicesOf = (deviceId: string) => (deviceId === 'tel:1001' ? [{ name: 'SEP1' }, { name: 'SEP9' }] : []);

test('permittedCallingNumber: the group on a controlled device, or the group with All Devices', () => {
  const cases: [string, CtiUser, unknown][] = [
    ['group + controlled', user([ENABLED, MODIFY]), { ok: true, value: '5550100' }],
    ['group + all devices', user([ENABLED, MODIFY, ALL], []), { ok: true, value: '5550100' }],
    [
      'no group',
      user([ENABLED]),
      {
        op: 'privilegeViolationSpecifiedDevice',
        reason: 'u is not in Standard CTI Allow Calling Number Modification',
      },
    ],
    [
      'no group, all devices',
      user([ENABLED, ALL]),
      {
        op: 'privilegeViolationSpecifiedDevice',
        reason: 'u is not in Standard CTI Allow Calling Number Modification',
      },
    ],
    [
      'group, device not controlled',
      user([ENABLED, MODIFY], ['SEP7']),
      { op: 'privilegeViolationSpecifiedDevice', reason: "SEP1 is not among u's controlled devices" },
    ],
  ];
  for (const [what, u, want] of cases) {
    const r = permittedCallingNumber(makeCall('5550100'), { user: u, sessionDn: '1001', devicesOf });
    const got = r.ok ? r : { op: (r.error as { operation: string }).operation, reason: r.reason };
    assert.deepEqual(got, want, what);
  }
});

test('permittedCallingNumber: no number is no question for anyone; a bad one is refused before permissions', () => {
  const nobody = user([]);
  assert.deepEqual(permittedCallingNumber(makeCall(), { user: nobody, sessionDn: '1001', devicesOf }), {
    ok: true,
    value: undefined,
  });
  const bad = permittedCallingNumber(makeCall('abc'), { user: nobody, sessionDn: '1001', devicesOf });
  assert.deepEqual(!bad.ok && bad.error, { operation: 'invalidParameterValue' });
  // A device id naming no device: the service itself answers invalidDeviceID.
  const unknown: CstaRequest = { ...makeCall('1'), callingDevice: 'tel:9999' } as CstaRequest;
  assert.deepEqual(permittedCallingNumber(unknown, { user: nobody, sessionDn: '1001', devicesOf }), {
    ok: true,
    value: '1',
  });
});

test('callingNumberElement: Delivered and Established of a call with a presented number carry it', () => {
  const base = {
    connection: { callID: 'C1', deviceID: '1002' },
    alertingDevice: '1002',
    callingDevice: '1001',
    calledDevice: '1002',
    localConnectionInfo: {},
    cause: 'newCall' as const,
    monitoredDevices: [],
  };
  const delivered = { type: 'DeliveredEvent', ...base, presentedCallingNumber: '+1555' } as CallEvent;
  const element = callingNumberElement(delivered);
  assert.ok(element);
  assert.deepEqual(labPrivateElements(labExtensions([element])), [
    { name: 'callingNumber', attributes: {}, text: '+1555', children: [] },
  ]);
  assert.equal(element.attributes[0]?.value, LAB_PRIVATE_NAMESPACE);
  assert.equal(callingNumberElement({ type: 'DeliveredEvent', ...base } as CallEvent), undefined);
  assert.equal(
    callingNumberElement({
      type: 'EstablishedEvent',
      establishedConnection: { callID: 'C1', deviceID: '1002' },
      answeringDevice: '1002',
      callingDevice: '1001',
      calledDevice: '1002',
      presentedCallingNumber: '7',
      localConnectionInfo: {},
      cause: 'newCall',
      monitoredDevices: [],
    } as CallEvent)?.children[0],
    '7',
  );
  assert.equal(
    callingNumberElement({
      type: 'HeldEvent',
      heldConnection: { callID: 'C1', deviceID: '1002' },
      holdingDevice: '1002',
      localConnectionInfo: {},
      monitoredDevices: [],
    } as CallEvent),
    undefined,
  );
});
