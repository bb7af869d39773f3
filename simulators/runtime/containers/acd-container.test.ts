// The ACD lab (issue 11) on the containers runtime: labs/acd-duplex.yaml as ONE container running
// `ctilab serve acd --admin` (its sides published on their own port numbers, 42027 and 43027:
// Cisco "CTI Planning", "Well-Known Port for CTI Server") and its phones in another; a CTI Bridge
// in session on side A moves to side B when the lab's kill fails the active side ("CTI Server
// Fault Tolerance"); restore brings A back as standby; nothing is left behind. Without a Docker
// engine the engine test is skipped with the reason (failed under CTILAB_REQUIRE_DOCKER=1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getContainerRuntimeClient } from 'testcontainers';
import { CtiServerClient } from '../../cti-server/client/cti-server-client.ts';
import { ServiceMask } from '../../cti-server/wire.ts';
import { loadTopology, parseTopology } from '../../topology/load-topology.ts';
import { runnableTopologyOf } from '../../topology/runnable-topology.ts';
import type { LabStatus, RunningLab } from '../lab-runtime.ts';
import { acdContainerSpec, acdPhonesContainerSpec, publishedAcdEndpoints } from './acd-container.ts';
import { ContainersRuntime } from './containers-runtime.ts';
import { dockerRequired, dockerUnavailable } from './docker-engine.ts';
import { LAB_LABEL } from './lab-resources.ts';

const shipped = fileURLToPath(new URL('../../../labs/acd-duplex.yaml', import.meta.url));

test('the ACD container: the topology side ports inside and on the host, SCCP 2000, admin 8080', async () => {
  const loaded = await loadTopology(shipped);
  const spec = acdContainerSpec(loaded, runnableTopologyOf(loaded).acd!);
  assert.deepEqual(spec.sides, { acd: { A: 42027, B: 43027 } });
  assert.deepEqual(spec.fixedHostPorts, { acd: { A: 42027, B: 43027 } });
  assert.deepEqual(spec.aliases, ['acd']);
  assert.deepEqual(spec.command, [
    'serve',
    'acd',
    '--topology',
    '/lab/acd-duplex.yaml',
    '--host',
    '0.0.0.0',
    '--admin',
    '0.0.0.0:8080',
    '--port',
    'sccp=2000',
    '--port',
    'acd:A=42027',
    '--port',
    'acd:B=43027',
  ]);
  assert.deepEqual(acdPhonesContainerSpec(spec, 'acd-phones', 'acd').command, [
    'phones',
    '--topology',
    '/lab/acd-duplex.yaml',
    '--target',
    'acd=acd:2000',
  ]);
  assert.deepEqual(
    publishedAcdEndpoints(
      {
        sccp: { host: '0.0.0.0', port: 2000 },
        nodes: {
          acd: {
            A: { host: '0.0.0.0', port: 42027 },
            B: { host: '0.0.0.0', port: 43027 },
            active: 'B',
            up: ['B'],
          },
        },
      },
      (p) => (p === 2000 ? 32000 : p),
    ),
    {
      sccp: { host: '127.0.0.1', port: 32000 },
      nodes: {
        acd: {
          A: { host: '127.0.0.1', port: 42027 },
          B: { host: '127.0.0.1', port: 43027 },
          active: 'B',
          up: ['B'],
        },
      },
    },
  );
  const clash = parseTopology(
    'clash.yaml',
    (await import('node:fs')).readFileSync(shipped, 'utf8').replace('port: 43027', 'port: 8080'),
  );
  assert.throws(
    () => acdContainerSpec(clash, runnableTopologyOf(clash).acd!),
    /clash.yaml: CTI Server side B of acd and the admin endpoint would both listen on port 8080 of the ACD container/,
  );
});

async function labContainers(lab: string): Promise<number> {
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const filters = JSON.stringify({ label: [`${LAB_LABEL}=${lab}`] });
  return (await docker.listContainers({ all: true, filters })).length;
}

async function until(lab: RunningLab, what: string, ok: (s: LabStatus) => boolean): Promise<LabStatus> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await lab.status();
    if (ok(status)) return status;
    if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test(
  'containers runtime: the ACD lab as one container, side faults through its admin endpoint',
  {
    timeout: 420_000,
  },
  async (t) => {
    const why = await dockerUnavailable();
    if (why !== undefined) {
      if (dockerRequired) assert.fail(`CTILAB_REQUIRE_DOCKER=1 but ${why}`);
      t.skip(why);
      return;
    }
    let lab: RunningLab | undefined;
    let bridge: CtiServerClient | undefined;
    try {
      lab = await new ContainersRuntime().start(await loadTopology(shipped));
      const running = lab;
      assert.equal(await labContainers('acd-duplex'), 2, 'the ACD container and its phones container');
      const acd = running.nodes.acd!;
      assert.deepEqual(acd.endpoints.ctiServerA, { host: '127.0.0.1', port: 42027 });
      assert.deepEqual(acd.endpoints.ctiServerB, { host: '127.0.0.1', port: 43027 });
      await until(running, 'the phones registered', (s) => s.phones['acd-phones']?.registered === 3);
      bridge = await CtiServerClient.connect({
        sides: [acd.endpoints.ctiServerA!, acd.endpoints.ctiServerB!],
        clientID: 'bridge',
        password: '',
        services: ServiceMask.ALL_EVENTS,
        openFailureWaitMs: 200,
      });
      assert.equal(bridge.side, 0);
      const kill = await running.fault('acd', { kind: 'kill' });
      assert.match(
        kill.applied ? kill.detail : JSON.stringify(kill),
        /^CTI Server side A of acd died .* \(admin endpoint 127\.0\.0\.1:\d+ of container [0-9a-f]{12}\)$/,
      );
      await bridge.waitForSession(2, 20_000);
      assert.equal(bridge.side, 1);
      assert.deepEqual((await running.status()).nodes.acd?.duplex, { active: 'B', up: ['B'] });
      assert.equal((await running.fault('acd', { kind: 'restore' })).applied, true);
      assert.deepEqual((await running.status()).nodes.acd?.duplex, { active: 'B', up: ['A', 'B'] });
      const pause = await running.fault('acd', { kind: 'pause' });
      assert.equal(pause.applied, false);
    } finally {
      bridge?.destroy();
      await lab?.stop();
    }
    assert.equal(await labContainers('acd-duplex'), 0, 'stop removes every container');
  },
);
