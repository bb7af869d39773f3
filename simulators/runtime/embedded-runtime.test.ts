import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadTopology } from '../topology/load-topology.ts';
import { EmbeddedRuntime } from './embedded-runtime.ts';
import type { LabStatus, RunningLab } from './lab-runtime.ts';

// The embedded runtime on labs/cme-pair.yaml: the phones register with the primary; a kill of
// the primary closes its sockets and the phones re-home to the secondary (their call-manager
// list); faults it cannot do are refused with the reason, never skipped.

const pair = fileURLToPath(new URL('../../labs/cme-pair.yaml', import.meta.url));

async function until(lab: RunningLab, what: string, ok: (s: LabStatus) => boolean): Promise<LabStatus> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await lab.status();
    if (ok(status)) return status;
    if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(status.phones)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('cme-pair on the embedded runtime: registered on the primary, kill moves them to the secondary', async () => {
  const lab = await new EmbeddedRuntime().start(await loadTopology(pair));
  try {
    assert.deepEqual(Object.keys(lab.nodes), ['primary', 'secondary']);
    assert.equal(lab.nodes.primary?.endpoints.sccp?.host, '127.0.0.1');
    assert.notEqual(lab.nodes.primary?.endpoints.sccp?.port, lab.nodes.secondary?.endpoints.sccp?.port);
    const up = await lab.status();
    assert.deepEqual(up.phones['pair-phones'], { phones: 8, registered: 8, byNode: { primary: 8 } });
    assert.deepEqual(lab.processes(), []);

    const killed = await lab.fault('primary', { kind: 'kill' });
    assert.equal(killed.applied, true);
    const moved = await until(
      lab,
      'all 8 on the secondary',
      (s) => s.phones['pair-phones']?.byNode.secondary === 8,
    );
    assert.equal(moved.nodes.primary?.running, false);

    const delay = await lab.fault('secondary', { kind: 'delay', ms: 100 });
    assert.deepEqual(delay, {
      applied: false,
      node: 'secondary',
      fault: { kind: 'delay', ms: 100 },
      reason: "delay 100 needs a network of the lab's own: use --runtime containers",
    });
    const ghost = await lab.fault('tertiary', { kind: 'kill' });
    assert.equal(ghost.applied, false);
    assert.equal(!ghost.applied && ghost.reason, "no node named 'tertiary'");

    const restarted = await lab.fault('primary', { kind: 'restart' });
    assert.equal(restarted.applied, true);
    const status = await lab.status();
    assert.equal(status.nodes.primary?.running, true);
    assert.equal(status.nodes.primary?.endpoints.sccp?.port, lab.nodes.primary?.endpoints.sccp?.port);
  } finally {
    await lab.stop();
  }
  const after = await lab.status();
  assert.deepEqual(
    Object.values(after.nodes).map((n) => n.running),
    [false, false],
  );
});

// labs/cucm-cluster.yaml: CM group G1 = [cucm-sub1, cucm-pub]. CUCM CTI guide "CTI Redundancy on
// Cisco Unified Communications Manager": when a node fails, its phones register with the next
// node of their device pool's CM group.
const cucm = fileURLToPath(new URL('../../labs/cucm-cluster.yaml', import.meta.url));
const PHONES = ['SEP0000000CA001', 'SEP0000000CA002', 'SEP0000000CA003'];
const on = (node: string) => Object.fromEntries(PHONES.map((d) => [d, node]));

test('cucm-cluster on the embedded runtime: phones on cucm-sub1, kill moves them to cucm-pub, restore brings it back', async () => {
  const lab = await new EmbeddedRuntime().start(await loadTopology(cucm));
  try {
    assert.deepEqual(Object.keys(lab.nodes), ['cucm-pub', 'cucm-sub1', 'cucm-imp']);
    assert.equal(lab.nodes['cucm-pub']?.kind, 'cucm');
    assert.equal(lab.nodes['cucm-sub1']?.endpoints.sccp?.host, '127.0.0.1');
    assert.notEqual(
      lab.nodes['cucm-pub']?.endpoints.sccp?.port,
      lab.nodes['cucm-sub1']?.endpoints.sccp?.port,
    );
    assert.equal(lab.nodes['cucm-imp']?.kind, 'cti-gateway');
    assert.equal(lab.nodes['cucm-imp']?.endpoints.sip?.host, '127.0.0.1');
    const up = await lab.status();
    assert.deepEqual(up.phones['cluster1-phones'], {
      phones: 3,
      registered: 3,
      byNode: { 'cucm-sub1': 3 },
      devices: on('cucm-sub1'),
    });
    assert.deepEqual(Object.fromEntries(Object.entries(up.nodes).map(([n, s]) => [n, s.running])), {
      'cucm-pub': true,
      'cucm-sub1': true,
      'cucm-imp': true,
    });

    const killed = await lab.fault('cucm-sub1', { kind: 'kill' });
    assert.deepEqual(killed, {
      applied: true,
      node: 'cucm-sub1',
      fault: { kind: 'kill' },
      detail:
        'callmanager and ctimanager of cucm-sub1 stopped: its phones fail over down their CM group (in process)',
    });
    const moved = await until(
      lab,
      'all 3 on cucm-pub',
      (s) => s.phones['cluster1-phones']?.byNode['cucm-pub'] === 3,
    );
    assert.deepEqual(moved.phones['cluster1-phones']?.devices, on('cucm-pub'));
    assert.equal(moved.nodes['cucm-sub1']?.running, false);

    const restored = await lab.fault('cucm-sub1', { kind: 'restore' });
    assert.equal(restored.applied, true);
    const back = await lab.status();
    assert.equal(back.nodes['cucm-sub1']?.running, true);
    assert.equal(back.nodes['cucm-sub1']?.endpoints.sccp?.port, lab.nodes['cucm-sub1']?.endpoints.sccp?.port);
    // The restored node listens on its first port: when cucm-pub fails, the phones find it.
    await lab.fault('cucm-pub', { kind: 'kill' });
    await until(
      lab,
      'all 3 on cucm-sub1 again',
      (s) => s.phones['cluster1-phones']?.byNode['cucm-sub1'] === 3,
    );

    const gateway = await lab.fault('cucm-imp', { kind: 'kill' });
    assert.equal(
      !gateway.applied && gateway.reason,
      "'cucm-imp' is a CTI gateway of cluster cluster1: kill applies to its servers (cucm-pub, cucm-sub1)",
    );
    const loss = await lab.fault('cucm-pub', { kind: 'loss', percent: 5 });
    assert.equal(
      !loss.applied && loss.reason,
      "loss 5 is not mapped for a node of a CUCM cluster: its nodes (cucm-pub, cucm-sub1, cucm-imp) run as one unit (one call model; on containers one container), so it would hit all of them, not 'cucm-pub' alone",
    );
  } finally {
    await lab.stop();
  }
  const after = await lab.status();
  assert.deepEqual(
    Object.values(after.nodes).map((n) => n.running),
    [false, false, false],
  );
  assert.equal(after.phones['cluster1-phones']?.registered, 0);
});

test('pause on a cluster server: it is shown hung (not running) until unpause', async () => {
  const lab = await new EmbeddedRuntime().start(await loadTopology(cucm));
  try {
    const paused = await lab.fault('cucm-sub1', { kind: 'pause' });
    assert.equal(paused.applied, true);
    assert.equal((await lab.status()).nodes['cucm-sub1']?.running, false);
    const unpaused = await lab.fault('cucm-sub1', { kind: 'unpause' });
    assert.equal(unpaused.applied, true);
    assert.equal((await lab.status()).nodes['cucm-sub1']?.running, true);
  } finally {
    await lab.stop();
  }
});
