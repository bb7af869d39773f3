import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type CtiGroup,
  type CtiUser,
  type DeviceRole,
  deviceRefusal,
  receivesParkNotifications,
  receivesSrtpKeys,
  sessionRefusal,
} from './cti-permissions.ts';

// The users of labs/cucm-cluster.yaml (issue 10 item 6) and the access control group rules.
const ENABLED: CtiGroup = 'Standard CTI Enabled';
const ALL: CtiGroup = 'Standard CTI Allow Control of All Devices';
const SECURE: CtiGroup = 'Standard CTI Secure Connection';
const alice: CtiUser = { id: 'alice', groups: [ENABLED], controlledDevices: ['SEP0000000CA001'] };
const bob: CtiUser = { id: 'bob', groups: [], controlledDevices: [] };
const carol: CtiUser = { id: 'carol', groups: [ENABLED, ALL], controlledDevices: [] };
const dave: CtiUser = { id: 'dave', groups: [ENABLED, SECURE], controlledDevices: [] };

test('CUCM-ACG-001/013/014: who may open a session, and on which transport', () => {
  assert.equal(sessionRefusal(alice, 'tcp', false), undefined);
  assert.deepEqual(sessionRefusal(bob, 'tls', true), {
    status: 403,
    reason: 'bob is not in Standard CTI Enabled',
  });
  assert.deepEqual(sessionRefusal(dave, 'tcp', true), {
    status: 403,
    reason: 'dave is in Standard CTI Secure Connection: TLS only, not TCP',
  });
  assert.deepEqual(sessionRefusal(dave, 'udp', true), {
    status: 403,
    reason: 'dave is in Standard CTI Secure Connection: TLS only, not UDP',
  });
  assert.deepEqual(sessionRefusal(dave, 'tls', false), {
    status: 403,
    reason: 'dave is in Standard CTI Secure Connection and the cluster has no security enabled',
  });
  assert.equal(sessionRefusal(dave, 'tls', true), undefined);
  assert.equal(sessionRefusal(carol, 'udp', false), undefined, 'only Secure Connection members need TLS');
});

test('CUCM-ACG-004/005: alice controls 1001 only, carol every device', () => {
  assert.equal(deviceRefusal(alice, 'control', 'SEP0000000CA001'), undefined);
  assert.deepEqual(deviceRefusal(alice, 'control', 'SEP0000000CA002'), {
    error: 'privilegeViolationSpecifiedDevice',
    reason: "SEP0000000CA002 is not among alice's controlled devices",
  });
  assert.equal(deviceRefusal(carol, 'control', 'SEP0000000CA001'), undefined);
  assert.equal(deviceRefusal(carol, 'control', 'SEP0000000CA002'), undefined);
});

test('CUCM-ACG-006/007/008/010/011: each role needs its group, on a controlled device unless Control of All Devices', () => {
  const roles: Array<[DeviceRole, CtiGroup]> = [
    ['monitorCalls', 'Standard CTI Allow Call Monitoring'],
    ['record', 'Standard CTI Allow Call Recording'],
    ['modifyCallingNumber', 'Standard CTI Allow Calling Number Modification'],
  ];
  for (const [role, group] of roles) {
    assert.deepEqual(deviceRefusal(alice, role, 'SEP0000000CA001'), {
      error: 'privilegeViolationSpecifiedDevice',
      reason: `alice is not in ${group}`,
    });
    const withRole: CtiUser = { ...alice, groups: [ENABLED, group] };
    assert.equal(deviceRefusal(withRole, role, 'SEP0000000CA001'), undefined);
    assert.deepEqual(deviceRefusal(withRole, role, 'SEP0000000CA002'), {
      error: 'privilegeViolationSpecifiedDevice',
      reason: "SEP0000000CA002 is not among alice's controlled devices",
    });
    assert.equal(
      deviceRefusal({ ...withRole, groups: [ENABLED, group, ALL] }, role, 'SEP0000000CA002'),
      undefined,
    );
    assert.ok(
      deviceRefusal({ ...carol }, role, 'SEP0000000CA002'),
      'Control of All Devices alone grants no role',
    );
  }
});

test('CUCM-ACG-009/012: park notifications and SRTP key material', () => {
  assert.equal(receivesParkNotifications(alice), false);
  assert.equal(
    receivesParkNotifications({ ...alice, groups: [ENABLED, 'Standard CTI Allow Call Park Monitoring'] }),
    true,
  );
  const keys: CtiUser = { ...alice, groups: [ENABLED, 'Standard CTI Allow Reception of SRTP Key Material'] };
  assert.equal(receivesSrtpKeys(alice, 'SEP0000000CA001'), false);
  assert.equal(receivesSrtpKeys(keys, 'SEP0000000CA001'), true);
  assert.equal(receivesSrtpKeys(keys, 'SEP0000000CA002'), false);
  assert.equal(receivesSrtpKeys({ ...keys, groups: [...keys.groups, ALL] }, 'SEP0000000CA002'), true);
});

test('property: no user outside Standard CTI Enabled ever gets a session; control follows the two grants exactly', () => {
  const groups: CtiGroup[] = [
    'Standard CTI Allow Call Monitoring',
    'Standard CTI Allow Call Park Monitoring',
    'Standard CTI Allow Call Recording',
    'Standard CTI Allow Calling Number Modification',
    ALL,
    'Standard CTI Allow Reception of SRTP Key Material',
    ENABLED,
    SECURE,
  ];
  const device = fc.constantFrom('SEP0000000CA001', 'SEP0000000CA002', 'RP2000');
  fc.assert(
    fc.property(
      fc.subarray(groups),
      fc.subarray(['SEP0000000CA001', 'SEP0000000CA002', 'RP2000']),
      fc.constantFrom('udp', 'tcp', 'tls') as fc.Arbitrary<'udp' | 'tcp' | 'tls'>,
      fc.boolean(),
      device,
      (g, controlled, transport, secure, target) => {
        const user: CtiUser = { id: 'u', groups: g, controlledDevices: controlled };
        const session = sessionRefusal(user, transport, secure);
        if (!g.includes(ENABLED)) assert.equal(session?.status, 403);
        else if (!g.includes(SECURE)) assert.equal(session, undefined);
        else assert.equal(session === undefined, transport === 'tls' && secure);
        const control = deviceRefusal(user, 'control', target);
        assert.equal(control === undefined, g.includes(ALL) || controlled.includes(target));
      },
    ),
    { numRuns: 500 },
  );
});
