import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CtiSession } from '../cme/cti/cti-session.ts';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import type { CstaEvent } from '../csta/csta-types.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { SccpPhone } from '../phone/phone.ts';
import { allCalls } from '../phone/phone-state.ts';
import { accepted, refusal, response } from '../testing/cti-test-lab.ts';
import { cucmLabTopology } from '../testing/cucm-lab-topology.ts';
import { CucmCluster } from './cucm-cluster.ts';

// labs/cucm-call-park.yaml on real sockets: Call Park numbers 7001 and 7002, phones 1001-1004,
// park-app in Standard CTI Allow Call Park Monitoring, alice without it. Rule CUCM-ACG-009 (Cisco
// Unified CM System Configuration Guide, "Access Control Group Configuration Options"; Feature
// Configuration Guide, "Call Park").

/** How the gateway writes a device id (tel URI, as every event of the cluster). */
const PARK_7001 = 'tel:7001;phone-context=dialstring';
const clock = new ManualClock();
let cluster: CucmCluster;
const phones = new Map<string, SccpPhone>();
const events = new Map<string, CstaEvent[]>();
let parkApp: CtiSession;
let alice: CtiSession;

const phone = (dn: string) => phones.get(dn)!;
const connectedCalls = (dn: string) => allCalls(phone(dn).state).filter((c) => c.state === 'Connected');

function open(user: string, line: string): CtiSession {
  const cti = cluster.gateways.get('cucm-imp')!.cti;
  return accepted(
    cti.openSession({
      user: `sip:${user}@park1`,
      authenticatedUser: user,
      line,
      client: 'generic',
      namespace: CSTA_NAMESPACES.ed3,
    }),
  );
}

before(async () => {
  const t = await cucmLabTopology('cucm-call-park.yaml');
  cluster = new CucmCluster({
    cluster: t.cluster,
    servers: t.servers,
    gateways: t.gateways,
    ports: { 'cucm-pub': 0, 'cucm-imp': 0 },
    clock,
    log: () => {},
  });
  const ep = await cluster.start();
  const cti = cluster.gateways.get('cucm-imp')!.cti;
  cti.onEvent((s, e) => events.get(s.user)?.push(e));
  for (const spec of t.cluster.phones) {
    const p = new SccpPhone({
      mac: spec.name.slice(3),
      model: spec.model,
      servers: [ep.nodes['cucm-pub']!.sccp!],
      clock,
    });
    phones.set(spec.lines[0]!.dn, p);
    await p.start();
  }
  for (const p of phones.values()) await p.waitFor((s) => s.registered, 5000, 'registered');
  parkApp = open('park-app', 'tel:1004');
  alice = open('alice', 'tel:1001');
  events.set('park-app', []);
  events.set('alice', []);
});

after(async () => {
  await Promise.allSettled([...phones.values()].map((p) => p.stop()));
  await cluster?.stop();
});

test('MonitorStart on a Call Park number: served for Allow Call Park Monitoring, privilegeViolationSpecifiedDevice otherwise', () => {
  const cti = cluster.gateways.get('cucm-imp')!.cti;
  for (const dn of ['tel:7001', 'tel:7002'])
    response(
      cti.handle(parkApp, { type: 'MonitorStart', monitorObject: { deviceObject: dn } }),
      'MonitorStartResponse',
    );
  assert.deepEqual(
    refusal(cti.handle(alice, { type: 'MonitorStart', monitorObject: { deviceObject: 'tel:7001' } })),
    { operation: 'privilegeViolationSpecifiedDevice' },
  );
  // A park number is watched, never controlled, even by the group's members.
  assert.deepEqual(
    refusal(
      cti.handle(parkApp, { type: 'MakeCall', callingDevice: 'tel:7001', calledDirectoryNumber: 'tel:1002' }),
    ),
    { operation: 'privilegeViolationSpecifiedDevice' },
  );
  response(
    cti.handle(alice, { type: 'MonitorStart', monitorObject: { deviceObject: 'tel:1001' } }),
    'MonitorStartResponse',
  );
});

test('Park on 1001 parks 1002 on 7001: 1001 shows it, 1002 hears hold, park-app gets QueuedEvent (park); alice nothing of 7001', async () => {
  phone('1001').offHook();
  await phone('1001').waitFor((s) => s.tone?.tone === 'InsideDialTone', 5000, 'dial tone');
  phone('1001').dial('1002');
  await phone('1002').waitFor((s) => allCalls(s).some((c) => c.state === 'RingIn'), 5000, 'ring');
  phone('1002').answer();
  await phone('1001').waitFor(() => connectedCalls('1001').length === 1, 5000, 'connected');
  events.get('park-app')!.length = 0;
  phone('1001').softKey('Park');
  await phone('1001').waitFor((s) => s.notify?.text === 'Call park At 7001', 5000, 'Call park At 7001');
  await phone('1002').waitFor((s) => s.tone?.tone === 'HoldTone', 5000, '1002 hears hold');
  await phone('1001').waitFor(() => connectedCalls('1001').length === 0, 5000, '1001 left the call');
  const queued = events.get('park-app')!.filter((e) => e.type === 'QueuedEvent');
  assert.equal(queued.length, 1);
  const q = queued[0] as Extract<CstaEvent, { type: 'QueuedEvent' }>;
  assert.equal(q.cause, 'park');
  assert.deepEqual(q.queue, { deviceIdentifier: PARK_7001 });
  assert.equal(q.queuedConnection.deviceID, PARK_7001);
  assert.equal(q.localConnectionInfo, 'queued');
  const aliceSaw = events.get('alice')!;
  assert.ok(
    aliceSaw.some((e) => e.type === 'ConnectionClearedEvent'),
    'alice sees 1001 leave the call',
  );
  assert.deepEqual(
    aliceSaw.filter((e) => e.type === 'QueuedEvent' || JSON.stringify(e).includes('tel:7001')),
    [],
  );
  assert.deepEqual(cluster.callPark.parked(), [
    { parkDn: '7001', callID: q.queuedConnection.callID, parker: '1001' },
  ]);
});

test('1003 dials 7001 and talks to 1002; park-app gets ConnectionClearedEvent of 7001; 7001 is free', async () => {
  const callID = cluster.callPark.parked()[0]!.callID;
  events.get('park-app')!.length = 0;
  phone('1003').offHook();
  await phone('1003').waitFor((s) => s.tone?.tone === 'InsideDialTone', 5000, 'dial tone');
  phone('1003').dial('7001');
  await phone('1003').waitFor(() => connectedCalls('1003').length === 1, 5000, '1003 connected');
  await phone('1002').waitFor((s) => s.tone?.tone !== 'HoldTone', 5000, '1002 off hold tone');
  await phone('1003').waitFor((s) => Object.keys(s.media.transmit).length === 1, 5000, '1003 sends media');
  await phone('1002').waitFor((s) => Object.keys(s.media.transmit).length === 1, 5000, '1002 sends media');
  assert.deepEqual(
    cluster.calls.model.snapshotDevice('1003').map((i) => [i.callID, i.localConnectionState]),
    [[callID, 'connected']],
  );
  const cleared = events.get('park-app')!.filter((e) => e.type === 'ConnectionClearedEvent');
  assert.deepEqual(
    cleared.map((e) => e.type === 'ConnectionClearedEvent' && [e.droppedConnection, e.cause]),
    [[{ callID, deviceID: PARK_7001 }, 'callPickup']],
  );
  assert.deepEqual(cluster.callPark.parked(), []);
  assert.deepEqual(
    events.get('alice')!.filter((e) => JSON.stringify(e).includes('tel:7001')),
    [],
  );
});
