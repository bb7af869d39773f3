import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CucmCluster, type CucmEndpoints } from '../simulators/cucm/cucm-cluster.ts';
import { CtilabChild } from '../simulators/runtime/ctilab-child.ts';
import { serveReadyLine } from '../simulators/testing/ctilab-test-children.ts';
import { cucmClustersOf } from '../simulators/topology/cucm-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { parsePortOverrides, runClusterCommand } from './serve-cucm-command.ts';

// `ctilab serve cucm --console`: the commands through which the process runtime fails and restores
// the servers of the one cluster process (CUCM CTI guide "CTI Redundancy": a failed server's services
// stop), each answered with the endpoints after it, or refused with the reason.

const shipped = fileURLToPath(new URL('../labs/cucm-cluster.yaml', import.meta.url));

test('console commands stop, start and pause a server; bad ones are refused with the reason', async () => {
  const [chosen] = cucmClustersOf(await loadTopology(shipped));
  const cluster = new CucmCluster({
    cluster: chosen!.cluster,
    servers: chosen!.servers,
    gateways: chosen!.gateways,
  });
  await cluster.start();
  try {
    const port = cluster.endpoints.nodes['cucm-sub1']?.sccp?.port;
    const stopped = await runClusterCommand(cluster, 'stop-node cucm-sub1');
    assert.equal(stopped.ok, true);
    assert.equal(stopped.ok && stopped.endpoints.nodes['cucm-sub1']?.up, false);
    assert.equal(cluster.isUp('cucm-sub1'), false);
    const started = await runClusterCommand(cluster, ' start-node cucm-sub1 ');
    assert.equal(started.ok && started.command, 'start-node cucm-sub1');
    assert.equal(started.ok && started.endpoints.nodes['cucm-sub1']?.up, true);
    assert.equal(started.ok && started.endpoints.nodes['cucm-sub1']?.sccp?.port, port);
    assert.deepEqual(await runClusterCommand(cluster, 'pause-node cucm-pub on'), {
      command: 'pause-node cucm-pub on',
      ok: true,
      endpoints: cluster.endpoints,
    });
    const service = await runClusterCommand(cluster, 'stop-service cucm-pub ctimanager');
    assert.equal(service.ok && service.endpoints.nodes['cucm-pub']?.up, false);
    const status = await runClusterCommand(cluster, 'status');
    assert.deepEqual(status.ok && status.registrations, {
      SEP0000000CA001: null,
      SEP0000000CA002: null,
      SEP0000000CA003: null,
    });

    assert.deepEqual(await runClusterCommand(cluster, 'stop-node cucm-sub9'), {
      command: 'stop-node cucm-sub9',
      ok: false,
      error: "no server named 'cucm-sub9' in cluster cluster1",
    });
    assert.deepEqual(await runClusterCommand(cluster, 'pause-node cucm-pub maybe'), {
      command: 'pause-node cucm-pub maybe',
      ok: false,
      error: 'pause-node <server> on|off',
    });
    const unknown = await runClusterCommand(cluster, 'reboot cucm-pub');
    assert.equal(
      !unknown.ok && unknown.error.startsWith("unknown command 'reboot' (commands: stop-node <server>"),
      true,
    );
  } finally {
    await cluster.stop();
  }
});

test('console: alarms, sessions and apply-config (the admin endpoint of a running cluster)', async () => {
  const [topology] = cucmClustersOf(await loadTopology(shipped));
  const cluster = new CucmCluster({
    cluster: topology!.cluster,
    servers: topology!.servers,
    gateways: topology!.gateways,
    log: () => {},
  });
  await cluster.start();
  try {
    const alarms = await runClusterCommand(cluster, 'alarms');
    assert.deepEqual(alarms.ok && alarms.alarms, []);
    const sessions = await runClusterCommand(cluster, 'sessions');
    assert.deepEqual(sessions.ok && sessions.sessions, { 'cucm-imp': [] });
    const applied = await runClusterCommand(cluster, 'apply-config RP2000 cfna=1002');
    assert.equal(applied.ok, true);
    assert.deepEqual(cluster.directory.device('RP2000')?.forward, { noAnswer: '1002' });
    const bad = await runClusterCommand(cluster, 'apply-config RP2000 cfna=x');
    assert.deepEqual(bad, {
      command: 'apply-config RP2000 cfna=x',
      ok: false,
      error: "'cfna=x' is not cfna=<dn>, cfb=<dn> or cfof=<dn>",
    });
    const phone = await runClusterCommand(cluster, 'apply-config SEP0000000CA001 cfna=1002');
    assert.equal(phone.ok, false);
  } finally {
    await cluster.stop();
  }
});

test("--port fixes a node's port (and a gateway's TLS port); a bad one is refused with the reason", () => {
  const nodes = ['cucm-pub', 'cucm-sub1', 'cucm-imp'];
  assert.deepEqual(
    parsePortOverrides(['cucm-pub=2000', 'cucm-imp=5060', 'cucm-imp:tls=5061'], nodes, ['cucm-imp']),
    {
      ports: { 'cucm-pub': 2000, 'cucm-imp': 5060 },
      tls: { 'cucm-imp': 5061 },
    },
  );
  assert.throws(
    () => parsePortOverrides(['cucm-pub'], nodes, ['cucm-imp']),
    /^Error: --port 'cucm-pub' is not <node>=<port> or <gateway>:tls=<port>$/,
  );
  assert.throws(
    () => parsePortOverrides(['cucm-pub:tls=5061'], nodes, ['cucm-imp']),
    /^Error: --port 'cucm-pub:tls=5061': 'cucm-pub' is no CTI gateway of the cluster \(cucm-imp\)$/,
  );
  assert.throws(
    () => parsePortOverrides(['nosuch=1'], nodes, ['cucm-imp']),
    /^Error: --port 'nosuch=1': 'nosuch' is no server or CTI gateway of the cluster \(cucm-pub, cucm-sub1, cucm-imp\)$/,
  );
});

test('ctilab serve cucm --admin 127.0.0.1:0 --port: the ready line names the admin endpoint, which runs console commands', async () => {
  const child = new CtilabChild('serve cucm', [
    'serve',
    'cucm',
    '--topology',
    shipped,
    '--admin',
    '127.0.0.1:0',
    '--port',
    'cucm-imp=0',
  ]);
  try {
    const { admin } = await serveReadyLine<{ admin: { host: string; port: number } }>(child);
    assert.equal(admin.host, '127.0.0.1');
    assert.ok(admin.port > 0);
    const res = await fetch(`http://127.0.0.1:${admin.port}/command`, {
      method: 'POST',
      body: 'stop-node cucm-pub',
    });
    assert.equal(res.status, 200);
    const answer = (await res.json()) as { command: string; ok: boolean; endpoints: CucmEndpoints };
    assert.equal(answer.command, 'stop-node cucm-pub');
    assert.equal(answer.endpoints.nodes['cucm-pub']?.up, false);
    const status = await fetch(`http://127.0.0.1:${admin.port}/status`);
    assert.equal(
      ((await status.json()) as { endpoints: CucmEndpoints }).endpoints.nodes['cucm-pub']?.up,
      false,
    );
  } finally {
    await child.stop(5_000);
  }
  const bad = new CtilabChild('serve cucm', ['serve', 'cucm', '--topology', shipped, '--admin', 'nowhere']);
  await bad.waitForExit(30_000);
  assert.match(bad.stderr.join('\n'), /--admin 'nowhere' is not <host>:<port>/);
});
