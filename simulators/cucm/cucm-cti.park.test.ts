import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallPark } from '../calls/call-park.ts';
import type { CtiSession } from '../cme/cti/cti-session.ts';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import type { CstaEvent } from '../csta/csta-types.ts';
import { DCallState, SoftKeyEvent } from '../sccp/enums.ts';
import { accepted, refusal, response } from '../testing/cti-test-lab.ts';
import { cucmCtiTestLab } from '../testing/cucm-cti-test-lab.ts';
import { type CucmClusterSpec, DEFAULT_SERVICE_PARAMETERS } from './cluster-spec.ts';
import type { CtiGroup } from './cti-permissions.ts';

// CUCM-ACG-009 on the gateway's service layer, without sockets: Call Park numbers 7001 and 7002;
// park-app is in Standard CTI Allow Call Park Monitoring, alice and carol (Allow Control of All
// Devices) are not. Cisco Unified CM System Configuration Guide, "Access Control Group
// Configuration Options"; Feature Configuration Guide, "Call Park".

const ENABLED: CtiGroup = 'Standard CTI Enabled';
const PARK: CtiGroup = 'Standard CTI Allow Call Park Monitoring';
const ALL: CtiGroup = 'Standard CTI Allow Control of All Devices';
const PARK_7001 = 'tel:7001;phone-context=dialstring';
const PRIVILEGE = { operation: 'privilegeViolationSpecifiedDevice' };

const SPEC: CucmClusterSpec = {
  name: 'cluster1',
  secure: false,
  cmGroups: { G1: ['cucm-pub'] },
  devicePools: { DP1: { cmGroup: 'G1' } },
  partitions: [],
  callingSearchSpaces: {},
  phones: ['1001', '1002', '1003'].map((dn) => ({
    name: `SEP0000000CA${dn.slice(1)}`,
    model: '7961',
    devicePool: 'DP1',
    lines: [{ dn }],
  })),
  routePoints: [],
  ctiPorts: [],
  users: [
    {
      id: 'park-app',
      password: 'p',
      kind: 'application',
      groups: [ENABLED, PARK],
      controlledDevices: ['SEP0000000CA003'],
    },
    { id: 'alice', password: 'a', kind: 'end', groups: [ENABLED], controlledDevices: ['SEP0000000CA001'] },
    { id: 'carol', password: 'c', kind: 'end', groups: [ENABLED, ALL], controlledDevices: [] },
  ],
  callPark: ['7001', '7002'],
  serviceParameters: DEFAULT_SERVICE_PARAMETERS,
};

function lab() {
  const { calls, cti } = cucmCtiTestLab(SPEC, {
    prepare: (station) => {
      const callPark = new CallPark(station.model, { numbers: SPEC.callPark ?? [], clock: station.clock });
      station.control.callPark = callPark;
      return { callPark };
    },
  });
  const events = new Map<string, CstaEvent[]>();
  cti.onEvent((s, e) => events.get(s.user)?.push(e));
  const phones = ['1001', '1002', '1003'].map((dn) => calls.phone(`0000000CA${dn.slice(1)}`).register());
  const open = (user: string, line: string): CtiSession => {
    events.set(user, []);
    return accepted(
      cti.openSession({
        user: `sip:${user}@cluster1`,
        authenticatedUser: user,
        line,
        client: 'generic',
        namespace: CSTA_NAMESPACES.ed3,
      }),
    );
  };
  const monitor = (s: CtiSession, device: string) =>
    cti.handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: device } });
  return { calls, cti, events, phones, open, monitor };
}

test('MonitorStart on a park number: only for Allow Call Park Monitoring, not Control of All Devices', () => {
  const { cti, open, monitor } = lab();
  const parkApp = open('park-app', 'tel:1003');
  response(monitor(parkApp, 'tel:7001'), 'MonitorStartResponse');
  response(monitor(parkApp, '7002'), 'MonitorStartResponse');
  assert.deepEqual([...parkApp.monitors.values()], ['7001', '7002']);
  assert.deepEqual(refusal(monitor(open('alice', 'tel:1001'), 'tel:7001')), PRIVILEGE);
  assert.deepEqual(refusal(monitor(open('carol', 'tel:1001'), 'tel:7001')), PRIVILEGE);
  // A park number names no device: `;device=` cannot name one of it.
  assert.deepEqual(refusal(monitor(parkApp, 'tel:7001;device=SEP0000000CA003')), {
    operation: 'invalidDeviceID',
  });
  // Watched, never controlled: not by the group's members either, not as a session's line.
  assert.deepEqual(
    refusal(
      cti.handle(parkApp, { type: 'MakeCall', callingDevice: 'tel:7001', calledDirectoryNumber: 'tel:1002' }),
    ),
    PRIVILEGE,
  );
  assert.deepEqual(
    refusal(cti.handle(parkApp, { type: 'SnapshotDevice', snapshotObject: 'tel:7001' })),
    PRIVILEGE,
  );
  assert.deepEqual(
    refusal(
      cti.openSession({
        user: 'sip:park-app@cluster1',
        authenticatedUser: 'park-app',
        line: 'tel:7001',
        client: 'generic',
        namespace: CSTA_NAMESPACES.ed3,
      }),
    ),
    PRIVILEGE,
  );
});

test('park and retrieval: the park monitor gets QueuedEvent (park) and ConnectionClearedEvent of 7001; alice nothing of 7001', () => {
  const { calls, events, phones, open, monitor } = lab();
  const [p1001, p1002, p1003] = phones as [(typeof phones)[0], (typeof phones)[0], (typeof phones)[0]];
  const parkApp = open('park-app', 'tel:1003');
  response(monitor(parkApp, 'tel:7001'), 'MonitorStartResponse');
  const alice = open('alice', 'tel:1001');
  response(monitor(alice, 'tel:1001'), 'MonitorStartResponse');
  p1001.offHook(1);
  p1001.keys('1002', 1);
  p1002.offHook(0, p1002.refIn(DCallState.RingIn));
  const callID = calls.model.snapshotDevice('1002')[0]!.callID;
  p1001.softKey(SoftKeyEvent.Park);
  assert.deepEqual(events.get('park-app'), [
    {
      type: 'QueuedEvent',
      monitorCrossRefID: '1',
      queuedConnection: { callID, deviceID: PARK_7001 },
      queue: { deviceIdentifier: PARK_7001 },
      callingDevice: { deviceIdentifier: 'tel:1001;phone-context=dialstring' },
      calledDevice: { deviceIdentifier: 'tel:1002;phone-context=dialstring' },
      numberQueued: 1,
      localConnectionInfo: 'queued',
      cause: 'park',
    },
  ]);
  const aliceSaw = events.get('alice')!;
  assert.deepEqual(aliceSaw.at(-1), {
    type: 'ConnectionClearedEvent',
    monitorCrossRefID: '2',
    droppedConnection: { callID, deviceID: 'tel:1001;phone-context=dialstring' },
    releasingDevice: { deviceIdentifier: 'tel:1001;phone-context=dialstring' },
    localConnectionInfo: 'null',
    cause: 'park',
  });
  events.get('park-app')!.length = 0;
  p1003.offHook(1);
  p1003.keys('7001', 1);
  assert.deepEqual(events.get('park-app'), [
    {
      type: 'ConnectionClearedEvent',
      monitorCrossRefID: '1',
      droppedConnection: { callID, deviceID: PARK_7001 },
      releasingDevice: { deviceIdentifier: PARK_7001 },
      localConnectionInfo: 'null',
      cause: 'callPickup',
    },
  ]);
  assert.deepEqual(
    aliceSaw.filter((e) => e.type === 'QueuedEvent' || JSON.stringify(e).includes('tel:7001')),
    [],
  );
});
