import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CucmCluster } from '../simulators/cucm/cucm-cluster.ts';
import { cucmClustersOf } from '../simulators/topology/cucm-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { MAX_COMMAND_BYTES, parseAdminAddress, startAdminServer } from './cucm-admin-server.ts';
import { runClusterCommand } from './serve-cucm-command.ts';

// `ctilab serve cucm --admin <host:port>`: the console verbs over real HTTP on a real cluster
// (the endpoint through which the containers runtime fails a server of the cluster's container).

const shipped = fileURLToPath(new URL('../labs/cucm-cluster.yaml', import.meta.url));

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

function http(port: number, method: string, path: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function withAdmin(fn: (port: number, cluster: CucmCluster) => Promise<void>): Promise<void> {
  const [chosen] = cucmClustersOf(await loadTopology(shipped));
  const cluster = new CucmCluster({
    cluster: chosen!.cluster,
    servers: chosen!.servers,
    gateways: chosen!.gateways,
  });
  await cluster.start();
  const admin = await startAdminServer({ host: '127.0.0.1', port: 0 }, (line) =>
    runClusterCommand(cluster, line),
  );
  try {
    await fn(admin.port, cluster);
  } finally {
    await admin.close();
    await cluster.stop();
  }
}

test('POST /command runs a console line and answers its JSON; GET /status the status', async () => {
  await withAdmin(async (port, cluster) => {
    const stopped = await http(port, 'POST', '/command', 'stop-node cucm-sub1\n');
    assert.equal(stopped.status, 200);
    assert.equal(stopped.headers['content-type'], 'application/json');
    assert.equal(stopped.body.command, 'stop-node cucm-sub1');
    assert.equal(stopped.body.ok, true);
    assert.deepEqual(stopped.body.endpoints, JSON.parse(JSON.stringify(cluster.endpoints)));
    assert.equal(cluster.isUp('cucm-sub1'), false);
    const started = await http(port, 'POST', '/command', 'start-node cucm-sub1');
    assert.equal(started.status, 200);
    assert.equal(cluster.isUp('cucm-sub1'), true);
    const paused = await http(port, 'POST', '/command', 'pause-node cucm-pub on');
    assert.deepEqual(paused.body, {
      command: 'pause-node cucm-pub on',
      ok: true,
      endpoints: JSON.parse(JSON.stringify(cluster.endpoints)),
    });
    const status = await http(port, 'GET', '/status');
    assert.equal(status.status, 200);
    assert.equal(status.body.command, 'status');
    assert.deepEqual(status.body.registrations, {
      SEP0000000CA001: null,
      SEP0000000CA002: null,
      SEP0000000CA003: null,
    });
  });
});

test('bad input is refused with 400, 404, 405 or 413 and a JSON reason', async () => {
  await withAdmin(async (port, cluster) => {
    // A command the cluster refuses: 400 with the console's answer.
    assert.deepEqual(
      await http(port, 'POST', '/command', 'stop-node nosuch').then((r) => [r.status, r.body]),
      [
        400,
        { command: 'stop-node nosuch', ok: false, error: "no server named 'nosuch' in cluster cluster1" },
      ],
    );
    const unknown = await http(port, 'POST', '/command', 'reboot cucm-pub');
    assert.equal(unknown.status, 400);
    assert.match(String(unknown.body.error), /^unknown command 'reboot' \(commands: stop-node <server>/);
    assert.deepEqual((await http(port, 'POST', '/command', '')).body, {
      error: 'the body is one console line, e.g. stop-node <server>',
    });
    const two = await http(port, 'POST', '/command', 'stop-node cucm-pub\nstop-node cucm-sub1');
    assert.deepEqual([two.status, two.body], [400, { error: 'one console line per request' }]);
    assert.equal(cluster.isUp('cucm-pub'), true);
    const big = await http(port, 'POST', '/command', 'x'.repeat(MAX_COMMAND_BYTES + 1));
    assert.deepEqual(
      [big.status, big.body],
      [413, { error: `a command is at most ${MAX_COMMAND_BYTES} bytes` }],
    );
    const wrongMethod = await http(port, 'GET', '/command');
    assert.deepEqual(
      [wrongMethod.status, wrongMethod.headers.allow, wrongMethod.body],
      [405, 'POST', { error: '/command takes POST, not GET' }],
    );
    const nowhere = await http(port, 'POST', '/reboot', 'x');
    assert.deepEqual(
      [nowhere.status, nowhere.body],
      [404, { error: "no such path '/reboot' (POST /command, GET /status)" }],
    );
  });
});

test('--admin takes <host>:<port>', () => {
  assert.deepEqual(parseAdminAddress('0.0.0.0:8080'), { host: '0.0.0.0', port: 8080 });
  assert.deepEqual(parseAdminAddress('[::1]:0'), { host: '::1', port: 0 });
  assert.throws(
    () => parseAdminAddress('8080'),
    /^Error: --admin '8080' is not <host>:<port> \(e\.g\. 127\.0\.0\.1:8080, 0\.0\.0\.0:8080\)$/,
  );
  assert.throws(() => parseAdminAddress('localhost:70000'), /is not <host>:<port>/);
});
