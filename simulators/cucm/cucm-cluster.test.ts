import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { SccpPhone } from '../phone/phone.ts';
import { accepted, refusal, response } from '../testing/cti-test-lab.ts';
import { cucmLabTopology } from '../testing/cucm-lab-topology.ts';
import { CucmCluster } from './cucm-cluster.ts';

// labs/cucm-cluster.yaml on real sockets (127.0.0.1, ephemeral ports): cucm-pub and cucm-sub1
// running CallManager and CTIManager, CM group G1 = [cucm-sub1, cucm-pub], the CTI gateway
// cucm-imp. CUCM CTI guide "CTI Redundancy on Cisco Unified Communications Manager": phones fail over
// down their CM group when their node's CallManager stops.

const clock = new ManualClock();
let topology: Awaited<ReturnType<typeof cucmLabTopology>>;
let cluster: CucmCluster;
const phones: SccpPhone[] = [];

/** Poll `pred`, moving the cluster's and phones' clock 1 s every 4 polls (retries read it). */
async function eventually(pred: () => boolean, what: string, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 5));
    if (i % 4 === 3) clock.advance(1000);
  }
  assert.fail(`${what}: not within ${seconds} simulated seconds`);
}

const registeredWith = (node: string) =>
  phones.every((p) => p.state.registered && cluster.registeredNode(p.deviceName) === node);

before(async () => {
  const t = await cucmLabTopology('cucm-cluster.yaml');
  // One provider may open one device: the second MonitorStart below crosses the limit.
  topology = {
    ...t,
    cluster: {
      ...t.cluster,
      serviceParameters: { ...t.cluster.serviceParameters, maxDevicesPerProvider: 1 },
    },
  };
  cluster = new CucmCluster({
    cluster: topology.cluster,
    servers: topology.servers,
    gateways: topology.gateways,
    ports: { 'cucm-pub': 0, 'cucm-sub1': 0, 'cucm-imp': 0 },
    clock,
    log: () => {},
  });
});

after(async () => {
  await Promise.allSettled(phones.map((p) => p.stop()));
  await cluster?.stop();
});

test('before start: nothing listens, every node is up, the CTI devices of the cluster are known', () => {
  assert.equal(cluster.isRunning, false);
  assert.equal(cluster.name, 'cluster1');
  assert.deepEqual(cluster.endpoints.gateways, {});
  assert.deepEqual([...cluster.managers.keys()], ['cucm-pub', 'cucm-sub1']);
  assert.deepEqual([...cluster.gateways.keys()], ['cucm-imp']);
  assert.equal(cluster.isUp('cucm-pub'), true);
  // RP2000 has CFNA 1003: until an application opens it, its calls go there.
  assert.deepEqual(
    cluster.calls.model.getForwarding('2000').find((f) => f.forwardingType === 'forwardImmediate'),
    { forwardingType: 'forwardImmediate', forwardStatus: true, forwardDN: '1003' },
  );
});

test('start: one SCCP listener per CallManager node, a SIP gateway, the endpoints shape', async () => {
  const ep = await cluster.start();
  assert.equal(cluster.isRunning, true);
  assert.deepEqual(Object.keys(ep.nodes), ['cucm-pub', 'cucm-sub1']);
  for (const [name, node] of Object.entries(ep.nodes)) {
    assert.equal(node.sccp?.host, '127.0.0.1', name);
    assert.ok((node.sccp?.port ?? 0) > 0, `${name} listens`);
    assert.equal(node.ctiManager, true);
    assert.equal(node.up, true);
  }
  assert.equal(ep.nodes['cucm-pub']?.role, 'publisher');
  assert.equal(ep.nodes['cucm-sub1']?.role, 'subscriber');
  assert.notEqual(ep.nodes['cucm-pub']?.sccp?.port, ep.nodes['cucm-sub1']?.sccp?.port);
  assert.deepEqual(Object.keys(ep.gateways), ['cucm-imp']);
  assert.equal(ep.gateways['cucm-imp']?.sip.host, '127.0.0.1');
  assert.ok((ep.gateways['cucm-imp']?.sip.port ?? 0) > 0);
  assert.deepEqual(ep.gateways['cucm-imp']?.sip.transport, ['tcp', 'udp']);
  assert.deepEqual(await cluster.start(), ep, 'starting a running cluster returns its endpoints');
});

test('the three phones register on the primary of their CM group, cucm-sub1', async () => {
  const nodes = cluster.endpoints.nodes;
  for (const spec of topology.cluster.phones) {
    const group =
      topology.cluster.cmGroups[topology.cluster.devicePools[spec.devicePool]?.cmGroup ?? ''] ?? [];
    const servers = group.map((n) => nodes[n]?.sccp).filter((e) => e !== undefined);
    assert.equal(servers.length, 2);
    const phone = new SccpPhone({ mac: spec.name.slice(3), model: spec.model, servers, clock });
    phones.push(phone);
    await phone.start();
  }
  await eventually(() => registeredWith('cucm-sub1'), 'all three on cucm-sub1');
  assert.deepEqual(
    phones.map((p) => p.deviceName),
    ['SEP0000000CA001', 'SEP0000000CA002', 'SEP0000000CA003'],
  );
});

test('CUCM-LIMIT-006: crossing Maximum Devices Per Provider raises an alarm, the open is served', () => {
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
  assert.equal(cti.managerOf(s)?.name, 'cucm-sub1', 'the gateway list is [cucm-sub1, cucm-pub]');
  response(
    cti.handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: 'tel:1001' } }),
    'MonitorStartResponse',
  );
  assert.deepEqual(cluster.alarms, [], 'one device of a limit of one: no alarm');
  response(
    cti.handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: 'tel:1002' } }),
    'MonitorStartResponse',
  );
  assert.deepEqual(cluster.alarms, [
    {
      parameter: 'Maximum Devices Per Provider',
      node: 'cucm-sub1',
      provider: 'carol',
      limit: 1,
      count: 2,
      time: clock.now(),
    },
  ]);
  cti.closeSession(s, 'test done');
  assert.deepEqual(cti.sessions(), []);
});

test('stopService(cucm-sub1, callmanager): its phones re-register on cucm-pub; the node is not up', async () => {
  const port = cluster.endpoints.nodes['cucm-sub1']?.sccp?.port;
  await cluster.stopService('cucm-sub1', 'callmanager');
  assert.equal(cluster.isUp('cucm-sub1'), false);
  assert.equal(cluster.endpoints.nodes['cucm-sub1']?.up, false);
  assert.equal(cluster.endpoints.nodes['cucm-pub']?.up, true);
  assert.deepEqual(cluster.station.listenerTags, ['cucm-pub']);
  await assert.rejects(
    new Promise<void>((resolve, reject) => {
      const s = net.connect(port ?? 0, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', reject);
    }),
    /ECONNREFUSED/,
    'nothing listens on cucm-sub1 any more',
  );
  await eventually(() => registeredWith('cucm-pub'), 'all three on cucm-pub');
  // The CTIManager of cucm-sub1 still runs: only its CallManager stopped.
  assert.equal(cluster.managers.get('cucm-sub1')?.up, true);
  await cluster.stopService('cucm-sub1', 'callmanager'); // stopping a stopped service: nothing
});

test('startService(cucm-sub1, callmanager): the listener is back on the same port', async () => {
  const port = cluster.endpoints.nodes['cucm-sub1']?.sccp?.port;
  await cluster.startService('cucm-sub1', 'callmanager');
  assert.equal(cluster.isUp('cucm-sub1'), true);
  assert.deepEqual([...cluster.station.listenerTags].sort(), ['cucm-pub', 'cucm-sub1']);
  assert.equal(cluster.endpoints.nodes['cucm-sub1']?.sccp?.port, port);
  await new Promise<void>((resolve, reject) => {
    const s = net.connect(port ?? 0, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
});

test('stopService(ctimanager) drops its sessions; new sessions go to the next CTIManager', async () => {
  const cti = cluster.gateways.get('cucm-imp')?.cti;
  assert.ok(cti);
  const open = () =>
    cti.openSession({
      user: 'sip:carol@cluster1',
      authenticatedUser: 'carol',
      line: 'tel:1001',
      client: 'generic',
      namespace: CSTA_NAMESPACES.ed3,
    });
  const s = accepted(open());
  await cluster.stopService('cucm-sub1', 'ctimanager');
  assert.equal(s.open, false);
  assert.equal(s.closeReason, 'CTIManager cucm-sub1 failed');
  assert.equal(cluster.managers.get('cucm-sub1')?.up, false);
  assert.equal(cluster.isUp('cucm-sub1'), false);
  const again = accepted(open());
  assert.equal(cti.managerOf(again)?.name, 'cucm-pub');
  await cluster.stopService('cucm-pub', 'ctimanager');
  assert.deepEqual(refusal(open()), { systemResourceAvailibility: 'resourceOutOfService' });
  await cluster.startService('cucm-pub', 'ctimanager');
  await cluster.startService('cucm-sub1', 'ctimanager');
  const last = accepted(open());
  assert.equal(cti.managerOf(last)?.name, 'cucm-sub1', 'back on the first of the list');
  assert.deepEqual(
    cti.sessions().map((r) => [r.user, r.node]),
    [['carol', 'cucm-sub1']],
    'the session on cucm-pub ended with its CTIManager',
  );
  assert.equal(again.closeReason, 'CTIManager cucm-pub failed');
  cti.closeSession(last, 'test done');
  assert.deepEqual(cti.sessions(), []);
});

test('stopNode / startNode / stopService of a node the cluster does not have: an error naming it', async () => {
  await assert.rejects(cluster.stopNode('cucm-sub9'), /no server named 'cucm-sub9' in cluster cluster1/);
  await assert.rejects(cluster.startNode('cucm-sub9'), /no server named 'cucm-sub9'/);
  await assert.rejects(cluster.stopService('nope', 'callmanager'), /no server named 'nope'/);
  assert.throws(() => cluster.pauseNode('nope', true), /no server named 'nope'/);
});

test('stopNode(cucm-sub1) stops both services; startNode brings both back', async () => {
  await cluster.stopNode('cucm-sub1');
  assert.equal(cluster.managers.get('cucm-sub1')?.up, false);
  assert.deepEqual(cluster.station.listenerTags, ['cucm-pub']);
  await eventually(() => registeredWith('cucm-pub'), 'all three on cucm-pub');
  await cluster.startNode('cucm-sub1');
  assert.equal(cluster.managers.get('cucm-sub1')?.up, true);
  assert.equal(cluster.isUp('cucm-sub1'), true);
  assert.equal(cluster.endpoints.nodes['cucm-sub1']?.up, true);
});
