// The dashboard's view of a CUCM cluster (labs/cucm-cluster.yaml) on real sockets, ephemeral
// ports: its servers' services and phones, each CTIManager's providers and open devices, the CTI
// gateway's sessions and monitors, and the alarms of a device limit crossed and of a service
// stopped (a failover), over the dashboard's HTTP API too. The runtime's part
// (runtime/live-state-of.ts `cucmPart`) is what `RunningLab.parts()` and `ctilab serve cucm
// --dashboard` hand over. Maximum Devices Per Provider is 1 here, so the second MonitorStart
// crosses it (CUCM-LIMIT-006).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import { CucmCluster } from '../cucm/cucm-cluster.ts';
import { AlarmLog } from '../dashboard/dashboard-alarms.ts';
import { type Dashboard, startDashboard } from '../dashboard/dashboard-server.ts';
import type { DashboardSource } from '../dashboard/dashboard-source.ts';
import { type DashboardView, dashboardView } from '../dashboard/dashboard-view.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { SccpPhone } from '../phone/phone.ts';
import { accepted, response } from '../testing/cti-test-lab.ts';
import { cucmLabTopology } from '../testing/cucm-lab-topology.ts';
import { cucmPart } from './live-state-of.ts';

const clock = new ManualClock();
let cluster: CucmCluster;
let source: DashboardSource;
let alarms: AlarmLog;
let dashboard: Dashboard;
const phones: SccpPhone[] = [];

/** Poll `pred`, moving the lab's clock 1 s every 4 polls (the phones' retries read it). */
async function eventually(pred: () => boolean, what: string, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 5));
    if (i % 4 === 3) clock.advance(1000);
  }
  assert.fail(`${what}: not within ${seconds} simulated seconds`);
}

const view = () => dashboardView(source, alarms.list());
const cucm = () => {
  const c = view().cucm[0];
  assert.ok(c, 'one cluster');
  return c;
};
const state = async () => (await (await fetch(new URL('/api/state', dashboard.url))).json()) as DashboardView;

before(async () => {
  const t = await cucmLabTopology('cucm-cluster.yaml');
  cluster = new CucmCluster({
    cluster: {
      ...t.cluster,
      serviceParameters: { ...t.cluster.serviceParameters, maxDevicesPerProvider: 1 },
    },
    servers: t.servers,
    gateways: t.gateways,
    ports: { 'cucm-pub': 0, 'cucm-sub1': 0, 'cucm-imp': 0 },
    clock,
    log: () => {},
  });
  const ep = await cluster.start();
  for (const spec of t.cluster.phones) {
    const servers = ['cucm-sub1', 'cucm-pub'].map((n) => ep.nodes[n]?.sccp).filter((e) => e !== undefined);
    phones.push(new SccpPhone({ mac: spec.name.slice(3), model: spec.model, servers, clock }));
  }
  source = {
    lab: 'cucm-cluster',
    phoneGroups: [{ group: 'cucm-phones', phones }],
    nodes: [cucmPart(cluster)],
  };
  alarms = new AlarmLog(source.nodes.map((n) => n.observations));
  dashboard = await startDashboard(source, 0);
  for (const p of phones) await p.start();
  await eventually(() => phones.every((p) => p.state.registered), 'the three phones registered');
});

after(async () => {
  await dashboard?.close();
  alarms?.close();
  await Promise.allSettled(phones.map((p) => p.stop()));
  await cluster?.stop();
});

test('the servers with both services up and their phones, both CTIManagers without providers, the gateway up without sessions', () => {
  const c = cucm();
  assert.equal(c.node, 'cluster1');
  assert.deepEqual(c.servers, [
    { name: 'cucm-pub', role: 'publisher', callManager: 'up', ctiManager: 'up', phones: 0 },
    { name: 'cucm-sub1', role: 'subscriber', callManager: 'up', ctiManager: 'up', phones: 3 },
  ]);
  assert.deepEqual(
    c.ctiManagers.map((m) => [m.node, m.up, m.openDevices, m.maxDevicesPerProvider, m.providers]),
    [
      ['cucm-pub', true, 0, 1, []],
      ['cucm-sub1', true, 0, 1, []],
    ],
  );
  assert.deepEqual(c.gateways, [{ name: 'cucm-imp', up: true, sessions: [] }]);
  assert.deepEqual(
    view().phones.map((p) => [p.device, p.registered]),
    [
      ['SEP0000000CA001', true],
      ['SEP0000000CA002', true],
      ['SEP0000000CA003', true],
    ],
  );
  assert.deepEqual(view().alarms, []);
});

test('a TR/87 session with two monitors: the gateway shows it, its CTIManager the provider and its devices, and the limit alarm is listed', async () => {
  const cti = cluster.gateways.get('cucm-imp')?.cti;
  assert.ok(cti);
  const s = accepted(
    cti.openSession({
      user: 'sip:carol@cluster1',
      authenticatedUser: 'carol',
      line: 'tel:1001',
      client: 'generic',
      namespace: CSTA_NAMESPACES.ed3,
    }),
  );
  response(
    cti.handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: 'tel:1001' } }),
    'MonitorStartResponse',
  );
  assert.deepEqual(view().alarms, [], 'one device of a limit of one: no alarm');
  clock.advance(250);
  response(
    cti.handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: 'tel:1002' } }),
    'MonitorStartResponse',
  );
  const c = cucm();
  const [session] = c.gateways[0]?.sessions ?? [];
  assert.deepEqual([session?.user, session?.ctiManager, session?.monitors.length], ['carol', 'cucm-sub1', 2]);
  const sub1 = c.ctiManagers.find((m) => m.node === 'cucm-sub1');
  assert.equal(sub1?.openDevices, 2);
  assert.deepEqual(
    sub1?.providers.map((p) => [p.id, p.user, p.devices.length]),
    [[session?.id, 'carol', 2]],
  );
  const limit = {
    time: clock.now(),
    source: 'cluster1',
    kind: 'device-limit',
    severity: 'raised',
    text: 'Maximum Devices Per Provider 1 exceeded on cucm-sub1 by carol (2 devices)',
  };
  assert.deepEqual(view().alarms, [limit]);
  assert.deepEqual((await state()).alarms, [limit], 'GET /api/state lists it');
});

test('CTIManager of cucm-sub1 stopped: the server shows it down, its provider is gone, the alarm is the newest', async () => {
  clock.advance(1000);
  await cluster.stopService('cucm-sub1', 'ctimanager');
  const c = cucm();
  assert.deepEqual(
    c.servers.map((s) => [s.name, s.callManager, s.ctiManager]),
    [
      ['cucm-pub', 'up', 'up'],
      ['cucm-sub1', 'up', 'down'],
    ],
  );
  const sub1 = c.ctiManagers.find((m) => m.node === 'cucm-sub1');
  assert.deepEqual([sub1?.up, sub1?.providers], [false, []]);
  assert.deepEqual(c.gateways[0]?.sessions, [], 'its sessions ended');
  const v = await state();
  assert.deepEqual(
    v.alarms.map((a) => [a.time, a.kind, a.severity, a.text]),
    [
      [clock.now(), 'service', 'raised', 'CTIManager on cucm-sub1 stopped'],
      [
        clock.now() - 1000,
        'device-limit',
        'raised',
        'Maximum Devices Per Provider 1 exceeded on cucm-sub1 by carol (2 devices)',
      ],
    ],
    'newest first',
  );
});

test('CallManager of cucm-sub1 stopped: its phones unregister (alarms) and register on cucm-pub; started again, the alarm clears', async () => {
  await cluster.stopService('cucm-sub1', 'callmanager');
  await eventually(
    () => phones.every((p) => p.state.registered && cluster.registeredNode(p.deviceName) === 'cucm-pub'),
    'the phones on cucm-pub',
  );
  assert.deepEqual(
    cucm().servers.map((s) => [s.name, s.callManager, s.phones]),
    [
      ['cucm-pub', 'up', 3],
      ['cucm-sub1', 'down', 0],
    ],
  );
  const kinds = view().alarms.map((a) => `${a.kind} ${a.text.split(':')[0]}`);
  for (const p of phones)
    assert.ok(kinds.includes(`unregistered ${p.deviceName} unregistered`), p.deviceName);
  assert.ok(kinds.includes('service CallManager on cucm-sub1 stopped'));
  await cluster.startService('cucm-sub1', 'callmanager');
  assert.deepEqual(
    [view().alarms[0]?.severity, view().alarms[0]?.text],
    ['cleared', 'CallManager on cucm-sub1 started'],
  );
  assert.equal(cucm().servers[1]?.callManager, 'up');
});

// Written because a view that showed every gateway up (`up: true` in cucmLiveState) failed no test
// (the sabotage check of the dashboard's views).
test('the CTI gateway fails: it shows down and the alarm is the newest; back, it shows up and the alarm clears', async () => {
  await cluster.stopGateway('cucm-imp');
  assert.deepEqual(
    cucm().gateways.map((g) => [g.name, g.up, g.sessions.length]),
    [['cucm-imp', false, 0]],
  );
  assert.deepEqual(
    [view().alarms[0]?.kind, view().alarms[0]?.severity, view().alarms[0]?.text],
    ['cti-gateway', 'raised', 'CTI gateway cucm-imp failed'],
  );
  assert.equal((await state()).cucm[0]?.gateways[0]?.up, false, 'over HTTP too');
  await cluster.startGateway('cucm-imp');
  assert.deepEqual(
    cucm().gateways.map((g) => [g.name, g.up]),
    [['cucm-imp', true]],
  );
  assert.deepEqual(
    [view().alarms[0]?.kind, view().alarms[0]?.severity, view().alarms[0]?.text],
    ['cti-gateway', 'cleared', 'CTI gateway cucm-imp back'],
  );
});
