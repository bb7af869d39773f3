import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { cucmLabTopology } from '../testing/cucm-lab-topology.ts';
import { Tr87Client } from '../tr87/tr87-client.ts';
import { CucmCluster } from './cucm-cluster.ts';

// labs/cucm-two-gateways.yaml on real sockets: a failed CTI gateway comes back on its address.
let cluster: CucmCluster | undefined;
after(async () => cluster?.stop());

test('startGateway: a gateway stopped by stopGateway listens again on the same SIP port and serves sessions', async () => {
  const t = await cucmLabTopology('cucm-two-gateways.yaml');
  const clock = new ManualClock();
  cluster = new CucmCluster({
    cluster: t.cluster,
    servers: t.servers,
    gateways: t.gateways,
    ports: { 'cucm-pub': 0, 'cucm-sub1': 0, 'cucm-imp': 0, 'cucm-imp2': 0 },
    clock,
    log: () => {},
  });
  await cluster.start();
  const before = cluster.endpoints.gateways['cucm-imp']!.sip;
  const open = () =>
    Tr87Client.connect({
      host: before.host,
      port: before.port,
      user: 'sip:carol@cluster1',
      line: 'tel:1001',
      clock,
      autoRefresh: false,
      credentials: { username: 'carol', password: 'carol-pw' },
    });
  await cluster.stopGateway('cucm-imp');
  await assert.rejects(open(), /ECONNREFUSED|refused|connect/i);
  await cluster.startGateway('cucm-imp');
  assert.deepEqual(cluster.endpoints.gateways['cucm-imp']!.sip, before);
  const client = await open();
  assert.equal(client.state, 'active');
  await client.close();
  await assert.rejects(cluster.startGateway('nope'), {
    message: "no CTI gateway named 'nope' in cluster cluster1",
  });
});
