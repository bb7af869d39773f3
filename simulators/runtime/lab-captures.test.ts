import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeCapture, tsharkAvailable } from '../lab/tshark.ts';
import { loadTopology } from '../topology/load-topology.ts';
import { dockerRequired, dockerUnavailable } from './containers/docker-engine.ts';
import type { RuntimeKind } from './lab-runtime.ts';
import { runtimeOf } from './runtimes.ts';

// Every runtime captures the lab's traffic when asked (`lab up --capture dir`, issue 9 item 7):
// embedded and process, each node's own capture; containers, the lab network's bridge. tshark
// (a real outside dissector) finds the phones' registrations in it as SCCP, nothing malformed.

const moc = fileURLToPath(new URL('../../labs/cme-moc.yaml', import.meta.url));

for (const runtime of ['embedded', 'process', 'containers'] as RuntimeKind[]) {
  test(
    `${runtime}: the lab capture holds the three phones' registrations as SCCP`,
    { timeout: 240_000 },
    async (t) => {
      if (!(await tsharkAvailable())) return t.skip('tshark is not installed (.ci/install-system-deps)');
      if (runtime === 'containers') {
        const why = await dockerUnavailable();
        if (why !== undefined) {
          if (dockerRequired) assert.fail(`CTILAB_REQUIRE_DOCKER=1 but ${why}`);
          return t.skip(why);
        }
      }
      const dir = mkdtempSync(join(tmpdir(), 'ctilab-capture-'));
      try {
        const lab = await (await runtimeOf(runtime)).start(await loadTopology(moc), { captureDir: dir });
        const ports = Object.values(lab.nodes).map((n) => n.endpoints.sccp!.port);
        await lab.stop();
        const files = lab.captures();
        assert.deepEqual(
          files.map((f) => basename(f)),
          runtime === 'containers'
            ? ['cme-moc-network.pcap']
            : runtime === 'process'
              ? ['cme-1.pcap']
              : ['cme.pcap'],
        );
        const decoded = await decodeCapture(files[0]!, {
          fields: ['frame.number', 'skinny.messageId', 'skinny.DeviceName'],
          // On 127.0.0.1 the SCCP port is ephemeral; in a container it is 2000, SCCP's own.
          decodeAs: ports.filter((p) => p !== 2000).map((p) => `tcp.port==${p},skinny`),
          // A real interface (the bridge) leaves checksums to the NIC; our own pcaps are exact.
          checkChecksums: runtime !== 'containers',
        });
        assert.equal(decoded.malformed, 0, JSON.stringify(decoded.problems.slice(0, 3)));
        const registering = new Set(
          decoded.packets
            .filter((p) => Number(p['skinny.messageId']) === 1)
            .map((p) => p['skinny.DeviceName']),
        );
        assert.equal(registering.size, 3, `RegisterReq from three devices: ${[...registering].join(', ')}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
}
