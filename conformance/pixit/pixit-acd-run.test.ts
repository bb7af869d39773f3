import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import type { AcdLabEndpoints } from '../../simulators/acd-cti/acd-lab.ts';
import { ctilabChildren, ctilabRun, serveReadyLine } from '../../simulators/testing/ctilab-test-children.ts';

// Issue 12 item 4, a CTI Server target: the ACD features' session scenarios against a GED-188 CTI
// Server pair reached only at the sides the PIXIT gives. No UCCE here: the target is the project's
// own ACD (`ctilab serve acd`) as a separate process.

const root = fileURLToPath(new URL('../..', import.meta.url));
const { start: serve } = ctilabChildren();

test(
  'a CTI Server target: session scenarios pass through GED-188, @lab-control ones are inconc',
  { timeout: 240_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctilab-pixit-acd-'));
    const target = serve(
      'serve acd',
      [
        ...['serve', 'acd', '--topology', 'labs/acd-duplex.yaml'],
        ...['--port', 'sccp=0', '--port', 'acd:A=0', '--port', 'acd:B=0'],
      ],
      { cwd: root },
    );
    try {
      const sides = (await serveReadyLine<{ endpoints: AcdLabEndpoints }>(target)).endpoints.nodes['acd']!;
      const pixit = parse(readFileSync(join(root, 'labs/pixit/ucce-12.yaml'), 'utf8'));
      pixit.addresses.ctiServer = { sideA: sides.A, sideB: sides.B };
      pixit.pics = join(root, 'labs/pics/ucce-12.yaml');
      const file = join(dir, 'ucce.pixit.yaml');
      writeFileSync(file, stringify(pixit));
      const out = join(dir, 'out');
      const { code, runDir } = await ctilabRun(
        ['features/acd/session-management.feature', '--target', `pixit:${file}`],
        out,
        180_000,
      );
      assert.equal(code, 0);
      const report = JSON.parse(readFileSync(join(runDir, 'conformance.json'), 'utf8')) as {
        iut: { target: string };
        testPurposes: { name: string; verdict: string; reason?: string }[];
        implementation: { iut: { product: string }; pixit: { target: string } };
      };
      assert.deepEqual(
        report.testPurposes.map((p) => p.verdict),
        ['pass', 'pass', 'pass', 'pass', 'inconc', 'pass', 'inconc'],
      );
      assert.match(
        report.testPurposes[6]?.reason ?? '',
        /^@lab-control: needs faults of the lab's ACD node \(its peripheral, its central controller\);/,
      );
      assert.equal(
        report.iut.target,
        `pixit:${file} (acd: cti server ${sides.A.host}:${sides.A.port} / ${sides.B.host}:${sides.B.port})`,
      );
      assert.equal(report.implementation.iut.product, 'Cisco Unified Contact Center Enterprise CTI Server');
      assert.equal(report.implementation.pixit.target, 'acd');
    } finally {
      await target.stop(5000);
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
