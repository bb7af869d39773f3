import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { SipTransportError } from '../sip/sip-error.ts';
import { cucmLabTopology } from '../testing/cucm-lab-topology.ts';
import { Tr87Client, type Tr87ConnectOptions } from '../tr87/tr87-client.ts';
import { Tr87SetupError } from '../tr87/tr87-errors.ts';
import { CucmCluster } from './cucm-cluster.ts';

// labs/cucm-cluster.yaml has security enabled: its CTI gateway also answers TR/87 over SIP over
// TLS (RFC 3261 §26.2) with a certificate of the cluster's lab CA, made in memory at start, and
// CUCM-ACG-013 serves "Standard CTI Secure Connection" users (dave) over TLS only.

const clock = new ManualClock();
let cluster: CucmCluster;
const clients: Tr87Client[] = [];
const refusals: Array<{ status: number; why?: string }> = [];

before(async () => {
  const t = await cucmLabTopology('cucm-cluster.yaml');
  // dave may control phone 1001 here, so only his transport decides (labs/ gives him no device).
  const users = t.cluster.users.map((u) =>
    u.id === 'dave' ? { ...u, controlledDevices: ['SEP0000000CA001'] } : u,
  );
  cluster = new CucmCluster({
    cluster: { ...t.cluster, users },
    servers: t.servers,
    gateways: t.gateways,
    ports: { 'cucm-pub': 0, 'cucm-sub1': 0, 'cucm-imp': 0 },
    clock,
    log: () => {},
  });
  cluster.observations.subscribe((o) => {
    if (o.kind === 'state' && o.topic === 'invite-refused')
      refusals.push(o.detail as { status: number; why?: string });
  });
  await cluster.start();
});

after(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await cluster?.stop();
});

function daveOver(transport: 'tcp' | 'tls', ca?: string): Promise<Tr87Client> {
  const gw = cluster.endpoints.gateways['cucm-imp'] ?? assert.fail('gateway');
  const at = transport === 'tls' ? (gw.sipTls ?? assert.fail('sipTls')) : gw.sip;
  const opts: Tr87ConnectOptions = {
    host: at.host,
    port: at.port,
    transport,
    ...(ca ? { tls: { ca } } : {}),
    user: 'sip:dave@127.0.0.1',
    line: 'sip:1001@127.0.0.1',
    credentials: { username: 'dave', password: 'dave-pw' },
    clock,
    autoRefresh: false,
  };
  return Tr87Client.connect(opts).then((c) => {
    clients.push(c);
    return c;
  });
}

test('a secure cluster: the gateway listens for TLS beside TCP/UDP; labCa is the CA that signed its certificate', () => {
  const gw = cluster.endpoints.gateways['cucm-imp'] ?? assert.fail('gateway');
  assert.deepEqual(gw.sip.transport, ['tcp', 'udp']);
  assert.equal(gw.sipTls?.host, '127.0.0.1');
  assert.deepEqual(gw.sipTls?.transport, ['tls']);
  assert.notEqual(gw.sipTls?.port, gw.sip.port);
  const ca = new X509Certificate(cluster.labCa ?? assert.fail('labCa'));
  assert.equal(ca.ca, true);
  assert.equal(ca.subject, 'CN=cluster1 lab CA\nO=CTI Lab');
});

test('CUCM-ACG-013: dave (Standard CTI Secure Connection) is served over TLS, refused over TCP', async () => {
  const tls = await daveOver('tls', cluster.labCa);
  assert.equal(tls.dialog.transport, 'tls');
  const gateway = cluster.gateways.get('cucm-imp') ?? assert.fail('gateway');
  assert.deepEqual(
    gateway.cti.sessions().map((s) => [s.user, s.transport]),
    [['dave', 'tls']],
  );
  await assert.rejects(
    () => daveOver('tcp'),
    (e: unknown) => e instanceof Tr87SetupError && e.status === 403,
  );
  const last = refusals.at(-1);
  assert.deepEqual(
    [last?.status, last?.why],
    [403, 'dave is in Standard CTI Secure Connection: TLS only, not TCP'],
  );
});

test('a client that does not trust the cluster CA cannot reach the TLS gateway', async () => {
  await assert.rejects(
    () => daveOver('tls'),
    (e: unknown) =>
      e instanceof SipTransportError &&
      /^cannot connect to 127\.0\.0\.1:\d+: TLS: UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate$/.test(
        e.message,
      ),
  );
});
