// The CUCM CTI gateway logs each refused request (issue 12 item 6), on the real cluster of
// labs/cucm-cluster.yaml over SIP/TCP with the real Tr87Client: alice controls 1001 only
// (Cisco "System Configuration Guide for Cisco Unified Communications Manager", "Configure CTI
// Applications" > "Associate Devices with Groups": a device must be among the user's Controlled
// Devices), so MonitorStart on 1002 is answered with CSTAErrorCode operation
// privilegeViolationSpecifiedDevice; a wrong password gets 401 again (RFC 3261 section 22.1).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cucmLabTopology } from '../testing/cucm-lab-topology.ts';
import { Tr87Client } from '../tr87/tr87-client.ts';
import { CstaRequestError } from '../tr87/tr87-errors.ts';
import { CucmCluster } from './cucm-cluster.ts';

let cluster: CucmCluster;
let sip: { host: string; port: number };
const lines: string[] = [];

const connect = (user: string, password: string): Promise<Tr87Client> =>
  Tr87Client.connect({
    host: sip.host,
    port: sip.port,
    transport: 'tcp',
    user: `sip:${user}@cluster1`,
    line: 'tel:1001',
    autoRefresh: false,
    credentials: { username: user, password },
  });

before(async () => {
  const t = await cucmLabTopology('cucm-cluster.yaml');
  cluster = new CucmCluster({
    cluster: t.cluster,
    servers: t.servers,
    gateways: t.gateways,
    ports: { 'cucm-pub': 0, 'cucm-sub1': 0, 'cucm-imp': 0 },
    log: (line) => lines.push(line),
  });
  const ep = await cluster.start();
  const gw = ep.gateways['cucm-imp']?.sip;
  assert.ok(gw);
  sip = { host: gw.host, port: gw.port };
});

after(() => cluster?.stop());

const refusals = () => lines.filter((l) => l.includes(' refused: '));

test('a refused CSTA request is one line: gateway, session, user, line, request, CSTAErrorCode, why', async () => {
  const alice = await connect('alice', 'alice-pw');
  try {
    lines.length = 0;
    await assert.rejects(alice.monitorStart('tel:1002'), (e: unknown) => {
      assert.ok(e instanceof CstaRequestError);
      return true;
    });
    assert.deepEqual(refusals(), [
      "[cucm-imp] session 1 (sip:alice@cluster1, line tel:1001): MonitorStart refused: CSTAErrorCode operation privilegeViolationSpecifiedDevice (SEP0000000CA002 is not among alice's controlled devices)",
    ]);
  } finally {
    await alice.close();
  }
});

test('a session INVITE with a wrong password is logged; the first 401 challenge of every set-up is not', async () => {
  lines.length = 0;
  const good = await connect('carol', 'carol-pw');
  await good.close();
  assert.deepEqual(refusals(), [], 'the digest challenge of a good set-up is no refusal');
  await assert.rejects(connect('alice', 'wrong'));
  // The client's port is ephemeral; the rest of the line is exact.
  assert.deepEqual(
    refusals().map((l) => l.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT')),
    ['[cucm-imp] session INVITE from 127.0.0.1:PORT refused: 401 Unauthorized (wrong user name or password)'],
  );
});
