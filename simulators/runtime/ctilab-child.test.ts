import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LatencyProbeSnapshot } from '../lab/latency-probe.ts';
import { CtilabChild } from './ctilab-child.ts';

test('env: the child gets the variables added (a CME writes its latency probe on exit)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ctilab-child-env-'));
  try {
    const config = join(dir, 'cme.cfg');
    await writeFile(
      config,
      [
        'hostname envtest',
        'telephony-service',
        ' max-ephones 1',
        ' max-dn 1',
        ' ip source-address 127.0.0.1 port 2000',
        '',
      ].join('\n'),
    );
    const probeFile = join(dir, 'probe.json');
    // NODE_TEST_CONTEXT (set by `node --test` for this file) inherited makes the child die of the
    // SIGTERM instead of handling it, and the probe is written on a clean exit only.
    const cme = new CtilabChild(
      'cme',
      ['serve', 'cme', '--config', config, '--host', '127.0.0.1', '--sccp-port', '0'],
      { env: { CTILAB_LATENCY_PROBE: probeFile, NODE_TEST_CONTEXT: '' } },
    );
    try {
      await cme.waitForLine((v) => 'endpoints' in v, 30_000, 'ready line', 0);
    } finally {
      assert.deepEqual(await cme.stop(5000), { code: 0, signal: null, killed: false });
    }
    const snap = JSON.parse(await readFile(probeFile, 'utf8')) as LatencyProbeSnapshot;
    assert.equal(snap.pid, cme.pid);
    assert.deepEqual(snap.uas, {});
    assert.equal(process.env.CTILAB_LATENCY_PROBE, undefined, 'this process is left as it was');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
