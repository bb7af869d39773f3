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
