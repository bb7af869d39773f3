import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadTopology, parseTopology } from './load-topology.ts';
import { cmeTopologyOf, runnableTopologyOf, UnrunnableTopologyError } from './runnable-topology.ts';

// The CUCM part of a topology (issue 10): the shipped lab loads with the names other tools rely
// on and the seed's service-parameter defaults; each cross-reference a schema cannot check is
// refused naming the file, the path and the line; runtimes refuse to start it until the CUCM
// simulator exists.

const shipped = fileURLToPath(new URL('../../labs/cucm-cluster.yaml', import.meta.url));

test('labs/cucm-cluster.yaml: the names of issue 10 and the seed defaults', async () => {
  const { topology } = await loadTopology(shipped);
  assert.deepEqual(
    topology.nodes.map((n) => `${n.kind}:${n.name}`),
    ['cucm:cucm-pub', 'cucm:cucm-sub1', 'cti-gateway:cucm-imp'],
  );
  const cluster = topology.clusters[0]!;
  assert.deepEqual(cluster.cmGroups, { G1: ['cucm-sub1', 'cucm-pub'] });
  assert.deepEqual(
    cluster.phones.map((p) => [p.name, p.model, p.lines[0]?.dn]),
    [
      ['SEP0000000CA001', '7961', '1001'],
      ['SEP0000000CA002', '7961', '1002'],
      ['SEP0000000CA003', '7960', '1003'],
    ],
  );
  assert.deepEqual(cluster.routePoints[0]?.forward, { noAnswer: '1003' });
  assert.deepEqual(
    cluster.users.map((u) => [u.id, u.password, u.kind, u.groups, u.controlledDevices]),
    [
      ['alice', 'alice-pw', 'end', ['Standard CTI Enabled'], ['SEP0000000CA001']],
      ['bob', 'bob-pw', 'end', [], []],
      ['carol', 'carol-pw', 'end', ['Standard CTI Enabled', 'Standard CTI Allow Control of All Devices'], []],
      ['dave', 'dave-pw', 'end', ['Standard CTI Enabled', 'Standard CTI Secure Connection'], []],
      ['rp-app', 'rp-app-pw', 'application', ['Standard CTI Enabled'], ['RP2000']],
    ],
  );
  // CUCM CTI guide "Configure CTIManager Service Parameters" / "Application Heartbeat" defaults.
  assert.deepEqual(cluster.serviceParameters, {
    maxDevicesPerProvider: 2000,
    maxDevicesPerNode: 800,
    newCallAcceptTimerS: 4,
    heartbeatMinS: 5,
    heartbeatMaxS: 3600,
    // Cisco Unified CM Feature Configuration Guide, "Call Park": Call Park Reversion Timer 60 s.
    callParkReversionTimerS: 60,
  });
  assert.equal(cluster.routePoints[0]?.maxCalls, 5000);
});

const base = `name: t
nodes:
  - { kind: cucm, name: pub, cluster: c1, role: publisher, services: [callmanager, ctimanager] }
  - { kind: cucm, name: sub, cluster: c1, role: subscriber, services: [callmanager] }
  - { kind: cti-gateway, name: gw, cluster: c1, ctiManagers: [pub] }
clusters:
  - name: c1
    cmGroups: { G1: [sub, pub] }
    devicePools: { DP1: { cmGroup: G1 } }
    phones: [{ name: SEP000000000001, model: '7961', devicePool: DP1, lines: [{ dn: '1001' }] }]
    users: [{ id: u, password: p, kind: end, groups: [Standard CTI Enabled], controlledDevices: [SEP000000000001] }]
`;

function refusal(text: string): string {
  try {
    parseTopology('t.yaml', text);
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail('the topology was accepted');
}

test('the minimal cluster loads', () => {
  assert.equal(parseTopology('t.yaml', base).topology.clusters[0]?.name, 'c1');
});

test('every cross-reference is checked, naming file, line and path', () => {
  assert.equal(
    refusal(base.replace('ctiManagers: [pub]', 'ctiManagers: [sub]')),
    "t.yaml:5 (nodes[2].ctiManagers[0]): 'sub' does not run ctimanager",
  );
  assert.equal(
    refusal(base.replace('cluster: c1, ctiManagers', 'cluster: c2, ctiManagers')),
    "t.yaml:5 (nodes[2].cluster): no cluster named 'c2' in clusters",
  );
  assert.equal(
    refusal(base.replace('G1: [sub, pub]', 'G1: [sub, gw]')),
    "t.yaml:8 (clusters[0].cmGroups.G1[1]): no cucm node 'gw' in cluster 'c1'",
  );
  assert.equal(
    refusal(base.replace('{ cmGroup: G1 }', '{ cmGroup: G9 }')),
    "t.yaml:9 (clusters[0].devicePools.DP1.cmGroup): no CM group 'G9'",
  );
  assert.equal(
    refusal(base.replace('controlledDevices: [SEP000000000001]', 'controlledDevices: [SEP00000000FFFF]')),
    "t.yaml:11 (clusters[0].users[0].controlledDevices[0]): no device 'SEP00000000FFFF' in the cluster",
  );
  assert.equal(
    refusal(base.replace('groups: [Standard CTI Enabled]', 'groups: [Standard CTI Secure Connection]')),
    't.yaml:11 (clusters[0].users[0].groups): Standard CTI Secure Connection needs a cluster with security enabled (secure: true)',
  );
  assert.equal(
    refusal(base.replace('role: subscriber', 'role: publisher')),
    "t.yaml:7 (clusters[0].name): cluster 'c1' has 2 publishers (one is needed)",
  );
  assert.match(
    refusal(base.replace('groups: [Standard CTI Enabled]', 'groups: [Standard CTI Everything]')),
    /^t\.yaml:11 \(clusters\[0\]\.users\[0\]\.groups\[0\]\): /,
  );
  assert.equal(
    refusal(`${base}phones:\n  - { name: g, phones: { devicesOf: c1 }, register: [pub] }\n`),
    "t.yaml:13 (phones[0].register): a cluster's phones register by their device pool's CM group, not a list here",
  );
  assert.equal(
    refusal(`${base}phones:\n  - { name: g, phones: { devicesOf: c9 } }\n`),
    "t.yaml:13 (phones[0].phones.devicesOf): no cluster or acd node named 'c9'",
  );
  assert.equal(
    refusal(base.replace('kind: cti-gateway', 'kind: pbx')),
    't.yaml:5 (nodes[2].kind): unknown kind (this build has: cme, cucm, cti-gateway, acd)',
  );
});

test('Call Park numbers: taken as listed; one that is a line or listed twice is refused at load (CUCM-ACG-009)', () => {
  const parked = (list: string) => `${base}    callPark: [${list}]\n`;
  assert.deepEqual(parseTopology('t.yaml', parked("'7001', '7002'")).topology.clusters[0]?.callPark, [
    '7001',
    '7002',
  ]);
  assert.deepEqual(parseTopology('t.yaml', base).topology.clusters[0]?.callPark, []);
  assert.equal(
    refusal(parked("'7001', '1001'")),
    "t.yaml:12 (clusters[0].callPark[1]): the Call Park number 1001 is also a line's directory number",
  );
  assert.equal(
    refusal(parked("'7001', '7001'")),
    't.yaml:12 (clusters[0].callPark[1]): the Call Park number 7001 is listed twice',
  );
});

test('the embedded and process runtimes get the cluster and its phone group; containers refuse it with the reason', async () => {
  const loaded = await loadTopology(shipped);
  const runnable = runnableTopologyOf(loaded);
  assert.deepEqual(runnable.nodes, []);
  assert.deepEqual(runnable.phones, []);
  assert.deepEqual(
    runnable.clusters.map((c) => ({
      cluster: c.cluster.name,
      servers: c.servers.map((s) => s.name),
      gateways: c.gateways.map((g) => g.name),
      phoneGroups: c.phoneGroups,
    })),
    [
      {
        cluster: 'cluster1',
        servers: ['cucm-pub', 'cucm-sub1'],
        gateways: ['cucm-imp'],
        phoneGroups: ['cluster1-phones'],
      },
    ],
  );
  assert.throws(
    () => cmeTopologyOf(loaded),
    (err: unknown) =>
      err instanceof UnrunnableTopologyError &&
      /cucm-cluster\.yaml: node 'cucm-pub' is of kind cucm: lab export runs CME nodes only in this build \(run a CUCM cluster with lab up, on any runtime\)$/.test(
        err.message,
      ),
  );
});
