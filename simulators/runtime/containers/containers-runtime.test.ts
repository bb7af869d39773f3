import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getContainerRuntimeClient } from 'testcontainers';
import { loadTopology } from '../../topology/load-topology.ts';
import type { RunningLab } from '../lab-runtime.ts';
import { ContainersRuntime } from './containers-runtime.ts';
import { dockerRequired, dockerUnavailable } from './docker-engine.ts';
import { LAB_LABEL } from './lab-resources.ts';

// The containers runtime on a real Docker engine: the locally built image, one container per node
// and one for the phones on a network of the lab's own, ports published on 127.0.0.1 only, Docker
// faults, and nothing left behind. Every wait is bounded.

const pair = fileURLToPath(new URL('../../../labs/cme-pair.yaml', import.meta.url));

async function labResources(lab: string): Promise<{ containers: number; networks: number }> {
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const filters = JSON.stringify({ label: [`${LAB_LABEL}=${lab}`] });
  return {
    containers: (await docker.listContainers({ all: true, filters })).length,
    networks: (await docker.listNetworks({ filters })).length,
  };
}

async function until<T>(what: string, ms: number, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what} within ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function tcpConnects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(3000, () => socket.destroy());
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

test(
  'containers runtime: cme-pair up, faults, failover, nothing left behind',
  { timeout: 420_000 },
  async (t) => {
    const why = await dockerUnavailable();
    if (why !== undefined) {
      if (dockerRequired) assert.fail(`CTILAB_REQUIRE_DOCKER=1 but ${why}`);
      t.skip(why);
      return;
    }
    let lab: RunningLab | undefined;
    try {
      lab = await new ContainersRuntime().start(await loadTopology(pair));
      const running = lab;
      assert.deepEqual(Object.keys(running.nodes), ['primary', 'secondary']);
      const primary = running.nodes.primary!.endpoints.sccp!;
      assert.equal(primary.host, '127.0.0.1');
      assert.equal(
        await tcpConnects(primary.host, primary.port),
        true,
        'the primary SCCP port is published on 127.0.0.1',
      );
      const status = await running.status();
      assert.deepEqual(status.phones, {
        'pair-phones': { phones: 8, registered: 8, byNode: { primary: 8 } },
      });
      assert.deepEqual(await labResources('cme-pair'), { containers: 3, networks: 1 });

      // A SIGKILLed container sends no FIN: the phones find out by their keepalives (keepalive 30).
      const kill = await running.fault('primary', { kind: 'kill' });
      assert.equal(kill.applied, true);
      await until(
        'all 8 phones re-homed on the secondary',
        120_000,
        () => running.status(),
        (s) => s.phones['pair-phones']?.byNode.secondary === 8,
      );
      assert.equal((await running.status()).nodes.primary?.running, false);
      assert.equal(await tcpConnects(primary.host, primary.port), false, 'nothing answers for a killed node');

      const restart = await running.fault('primary', { kind: 'restart' });
      assert.equal(restart.applied, true);
      assert.equal((await running.status()).nodes.primary?.running, true);
      assert.equal(
        await tcpConnects(primary.host, primary.port),
        true,
        'a restarted node keeps its published port',
      );

      const pause = await running.fault('secondary', { kind: 'pause' });
      assert.equal(pause.applied, true);
      assert.equal((await running.fault('secondary', { kind: 'pause' })).applied, false);
      assert.equal((await running.status()).nodes.secondary?.running, false);
      assert.equal((await running.fault('secondary', { kind: 'unpause' })).applied, true);

      const disconnect = await running.fault('secondary', { kind: 'disconnect' });
      assert.equal(disconnect.applied, true);
      const secondary = running.nodes.secondary!.endpoints.sccp!;
      assert.equal(
        await tcpConnects(secondary.host, secondary.port),
        false,
        'a disconnected node is out of reach',
      );
      assert.equal((await running.fault('secondary', { kind: 'reconnect' })).applied, true);
      assert.equal(await tcpConnects(secondary.host, secondary.port), true, 'reconnected');

      // Loss works with netem or iptables; delay needs netem: applied, or refused with that reason.
      const loss = await running.fault('secondary', { kind: 'loss', percent: 5 });
      assert.equal(loss.applied, true, JSON.stringify(loss));
      const delay = await running.fault('secondary', { kind: 'delay', ms: 100 });
      if (!delay.applied) assert.match(delay.reason, /netem/);
      assert.equal((await running.fault('nowhere', { kind: 'kill' })).applied, false);
    } finally {
      await lab?.stop();
    }
    assert.deepEqual(
      await labResources('cme-pair'),
      { containers: 0, networks: 0 },
      'stop removes every container and the network',
    );
  },
);

// A CUCM cluster (issue 10) is ONE container driven through its admin endpoint, its phones another:
// a server fault is a command of that container (cucm-lab.ts), CUCM CTI guide "CTI Redundancy": the
// failed server's phones fail over down their CM group (G1 = [cucm-sub1, cucm-pub]).
const cucmCluster = fileURLToPath(new URL('../../../labs/cucm-cluster.yaml', import.meta.url));

test(
  'containers runtime: a CUCM cluster as one container, server faults through its admin endpoint',
  { timeout: 420_000 },
  async (t) => {
    const why = await dockerUnavailable();
    if (why !== undefined) {
      if (dockerRequired) assert.fail(`CTILAB_REQUIRE_DOCKER=1 but ${why}`);
      t.skip(why);
      return;
    }
    let lab: RunningLab | undefined;
    try {
      lab = await new ContainersRuntime().start(await loadTopology(cucmCluster));
      const running = lab;
      assert.deepEqual(Object.keys(running.nodes), ['cucm-pub', 'cucm-sub1', 'cucm-imp']);
      assert.deepEqual(await labResources('cucm-cluster'), { containers: 2, networks: 1 });
      for (const [name, kind] of [
        ['cucm-pub', 'sccp'],
        ['cucm-sub1', 'sccp'],
        ['cucm-imp', 'sip'],
      ] as const) {
        const e = running.nodes[name]!.endpoints[kind]!;
        assert.equal(e.host, '127.0.0.1');
        assert.equal(await tcpConnects(e.host, e.port), true, `${name} ${kind} published on 127.0.0.1`);
      }
      const phones = await until(
        'the three phones registered with cucm-sub1',
        60_000,
        () => running.status(),
        (s) => s.phones['cluster1-phones']?.byNode['cucm-sub1'] === 3,
      );
      assert.deepEqual(phones.phones['cluster1-phones']?.devices, {
        SEP0000000CA001: 'cucm-sub1',
        SEP0000000CA002: 'cucm-sub1',
        SEP0000000CA003: 'cucm-sub1',
      });

      const kill = await running.fault('cucm-sub1', { kind: 'kill' });
      assert.equal(kill.applied, true, JSON.stringify(kill));
      assert.match(
        kill.applied ? kill.detail : '',
        /^callmanager and ctimanager of cucm-sub1 stopped: its phones fail over down their CM group \(admin endpoint 127\.0\.0\.1:\d+ of container [0-9a-f]{12}\)$/,
      );
      const failed = await until(
        'the phones on cucm-pub',
        60_000,
        () => running.status(),
        (s) => s.phones['cluster1-phones']?.byNode['cucm-pub'] === 3,
      );
      assert.equal(failed.nodes['cucm-sub1']?.running, false);
      assert.equal(failed.nodes['cucm-pub']?.running, true);
      // (No TCP probe of the published port here: Docker's userland proxy accepts on the host side
      // whether or not the server listens in the container; the phones' failover above is the proof.)
      assert.equal((await running.fault('cucm-sub1', { kind: 'restore' })).applied, true);
      assert.equal((await running.status()).nodes['cucm-sub1']?.running, true);

      assert.equal((await running.fault('cucm-pub', { kind: 'pause' })).applied, true);
      assert.equal((await running.status()).nodes['cucm-pub']?.running, false);
      assert.equal((await running.fault('cucm-pub', { kind: 'unpause' })).applied, true);
      assert.equal((await running.status()).nodes['cucm-pub']?.running, true);

      assert.deepEqual(await running.fault('cucm-pub', { kind: 'disconnect' }), {
        applied: false,
        node: 'cucm-pub',
        fault: { kind: 'disconnect' },
        reason:
          "disconnect is not mapped for a node of a CUCM cluster: its nodes (cucm-pub, cucm-sub1, cucm-imp) run as one unit (one call model; on containers one container), so it would hit all of them, not 'cucm-pub' alone",
      });
      const gateway = await running.fault('cucm-imp', { kind: 'kill' });
      assert.equal(
        !gateway.applied && gateway.reason,
        "'cucm-imp' is a CTI gateway of cluster cluster1: kill applies to its servers (cucm-pub, cucm-sub1)",
      );
    } finally {
      await lab?.stop();
    }
    assert.deepEqual(
      await labResources('cucm-cluster'),
      { containers: 0, networks: 0 },
      'stop removes every container and the network',
    );
  },
);
