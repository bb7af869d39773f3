// The ACD lab (issue 11) on the embedded and process runtimes: labs/acd-duplex.yaml with its side
// ports moved to free ones (the topology's ports are the ones served, Cisco "CTI Planning",
// "Well-Known Port for CTI Server"), its phones registered, a CTI Bridge in session on side A; the
// lab's fault verbs act on the node's duplexed CTI Server ("CTI Server Fault Tolerance"): kill =
// the active side dies and the bridge reopens on the other; restore = the dead side back as
// standby on its port; restart = both; pause and network faults are refused with the reason.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CtiServerClient } from '../cti-server/client/cti-server-client.ts';
import { ServiceMask } from '../cti-server/wire.ts';
import { freePort } from '../testing/free-port.ts';
import { loadTopology } from '../topology/load-topology.ts';
import { parseAcdCommand } from './acd-lab-unit.ts';
import { EmbeddedRuntime } from './embedded-runtime.ts';
import type { LabRuntime, LabStatus, RunningLab } from './lab-runtime.ts';
import { ProcessRuntime } from './process-runtime.ts';

const shipped = fileURLToPath(new URL('../../labs/acd-duplex.yaml', import.meta.url));

/** labs/acd-duplex.yaml with sides A and B on the given ports, in a file of its own. */
function topologyWithSides(a: number, b: number): string {
  const text = readFileSync(shipped, 'utf8')
    .replace('a: { host: 127.0.0.1, port: 42027 }', `a: { host: 127.0.0.1, port: ${a} }`)
    .replace('b: { host: 127.0.0.1, port: 43027 }', `b: { host: 127.0.0.1, port: ${b} }`);
  assert.ok(text.includes(`port: ${a}`) && text.includes(`port: ${b}`));
  const file = join(mkdtempSync(join(tmpdir(), 'ctilab-acd-')), 'acd-duplex.yaml');
  writeFileSync(file, text);
  return file;
}

async function until(lab: RunningLab, what: string, ok: (s: LabStatus) => boolean): Promise<LabStatus> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await lab.status();
    if (ok(status)) return status;
    if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function walkthrough(runtime: LabRuntime): Promise<void> {
  const [a, b] = [await freePort(), await freePort()];
  const lab = await runtime.start(await loadTopology(topologyWithSides(a, b)));
  let bridge: CtiServerClient | undefined;
  try {
    const acd = lab.nodes.acd!;
    assert.equal(acd.kind, 'acd');
    assert.deepEqual(acd.endpoints.ctiServerA, { host: '127.0.0.1', port: a });
    assert.deepEqual(acd.endpoints.ctiServerB, { host: '127.0.0.1', port: b });
    assert.deepEqual(acd.duplex, { active: 'A', up: ['A', 'B'] });
    assert.ok((acd.endpoints.sccp?.port ?? 0) > 0);
    const up = await until(lab, 'the phones registered', (s) => s.phones['acd-phones']?.registered === 3);
    assert.deepEqual(up.phones['acd-phones'], {
      phones: 3,
      registered: 3,
      byNode: { acd: 3 },
      devices: { SEP0000000AC001: 'acd', SEP0000000AC002: 'acd', SEP0000000AC009: 'acd' },
    });
    assert.equal(up.nodes.acd?.running, true);

    bridge = await CtiServerClient.connect({
      sides: [acd.endpoints.ctiServerA!, acd.endpoints.ctiServerB!],
      clientID: 'bridge',
      password: '',
      services: ServiceMask.ALL_EVENTS,
      openFailureWaitMs: 200,
    });
    assert.equal(bridge.side, 0);
    const killed = await lab.fault('acd', { kind: 'kill' });
    assert.equal(killed.applied, true);
    assert.match(
      killed.applied ? killed.detail : '',
      /^CTI Server side A of acd died \(its sessions reset\); side B is active and takes the clients' sessions \((in process|console of pid \d+)\)$/,
    );
    const afterKill = await lab.status();
    assert.deepEqual(afterKill.nodes.acd?.duplex, { active: 'B', up: ['B'] });
    assert.equal(afterKill.nodes.acd?.running, true);
    await bridge.waitForSession(2, 10_000);
    assert.equal(bridge.side, 1, 'the bridge reopened on side B');

    const again = await lab.fault('acd', { kind: 'stop' });
    assert.deepEqual(again, {
      applied: false,
      node: 'acd',
      fault: { kind: 'stop' },
      reason: 'side B of acd is its last side up (side A is down): restore-side acd first',
    });
    const restored = await lab.fault('acd', { kind: 'restore' });
    assert.match(
      restored.applied ? restored.detail : '',
      new RegExp(`^CTI Server side A of acd back as standby on port ${a}; side B stays active`),
    );
    assert.deepEqual((await lab.status()).nodes.acd?.duplex, { active: 'B', up: ['A', 'B'] });
    const nothing = await lab.fault('acd', { kind: 'restore' });
    assert.match(
      nothing.applied ? nothing.detail : '',
      /^both CTI Server sides of acd are up: nothing to do/,
    );

    const restarted = await lab.fault('acd', { kind: 'restart' });
    assert.equal(restarted.applied, true);
    const afterRestart = await lab.status();
    assert.deepEqual(afterRestart.nodes.acd?.duplex, { active: 'A', up: ['A', 'B'] });
    assert.equal(afterRestart.nodes.acd?.endpoints.ctiServerB?.port, b);
    await bridge.waitForSession(3, 10_000);
    assert.equal(bridge.side, 0, 'the bridge is back on side A');

    for (const fault of [{ kind: 'pause' }, { kind: 'disconnect' }, { kind: 'delay', ms: 10 }] as const) {
      const refused = await lab.fault('acd', fault);
      assert.equal(refused.applied, false);
      assert.match(
        refused.applied ? '' : refused.reason,
        /is not mapped for an ACD node: the sides of 'acd' run inside the one ACD lab unit/,
      );
    }
  } finally {
    bridge?.destroy();
    await lab.stop();
  }
  assert.deepEqual(lab.processes(), []);
}

test('acd-duplex on the embedded runtime: topology side ports, phones, kill/restore/restart on the CTI Server sides', async () => {
  await walkthrough(new EmbeddedRuntime());
});

test(
  'acd-duplex on the process runtime: one serve acd --console child, its phones child; the same faults',
  {
    timeout: 90_000,
  },
  async () => {
    await walkthrough(new ProcessRuntime());
  },
);

test('console commands parse to operations; a bad line is refused with the usage', () => {
  assert.deepEqual(parseAcdCommand(' fail-side acd A '), {
    ok: true,
    value: { op: 'fail-side', node: 'acd', side: 'A' },
  });
  assert.deepEqual(parseAcdCommand('central-controller acd down'), {
    ok: true,
    value: { op: 'central-controller', node: 'acd', up: false },
  });
  assert.deepEqual(parseAcdCommand('restore-side'), {
    ok: false,
    error: 'usage',
    reason: 'restore-side <node>',
  });
  const extra = parseAcdCommand('status acd');
  assert.equal(extra.ok, false);
});
