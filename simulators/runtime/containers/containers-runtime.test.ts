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
