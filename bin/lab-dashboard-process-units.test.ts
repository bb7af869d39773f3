/**
 * The process lab's dashboard index for a CUCM cluster and for ACD nodes (bin/lab-dashboard-process.test.ts
 * covers a CME lab): the process runtime (as `lab up --runtime process --dashboard` starts it) lists
 * the cluster's one `serve cucm` child and the ACD lab's one `serve acd` child, each with its phone
 * groups, every row up with the URL its child printed; the index (dashboard-index.ts, opened as
 * bin/lab-command.ts opens it) links them; behind each link is that unit's own page (the cluster's
 * servers, the ACD node's agents); once the lab is stopped every row is down with its last URL.
 * Written because dropping the cluster's or the ACD unit's row from `ProcessLab.dashboards()`
 * failed no test (the sabotage check of the dashboard's views). Side ports of the ACD: free ones
 * (the topology's are fixed). Every wait is bounded; everything started here is stopped.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type DashboardIndex, startDashboardIndex } from '../simulators/dashboard/dashboard-index.ts';
import type { DashboardView } from '../simulators/dashboard/dashboard-view.ts';
import type { RunningLab } from '../simulators/runtime/lab-runtime.ts';
import { ProcessRuntime } from '../simulators/runtime/process-runtime.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';

const lab = (name: string) => fileURLToPath(new URL(`../labs/${name}`, import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

const getJson = async <T>(url: string | URL): Promise<T> => {
  const res = await fetch(url);
  assert.equal(res.status, 200, `GET ${url}`);
  return (await res.json()) as T;
};

/** The lab's rows, the index over them, and each up row's own page; then stopped: all down. */
async function indexOf(
  running: RunningLab,
  unit: { name: string; kind: string },
  page: (v: DashboardView) => void,
): Promise<void> {
  const rows = running.dashboards?.() ?? assert.fail('the process runtime lists its dashboards');
  const index = await startDashboardIndex(() => ({ lab: running.name, entries: running.dashboards!() }), 0);
  try {
    assert.deepEqual(rows[0] && [rows[0].name, rows[0].kind, rows[0].state], [unit.name, unit.kind, 'up']);
    const phones = rows.slice(1);
    assert.ok(phones.length > 0, JSON.stringify(rows));
    for (const r of rows) {
      assert.equal(r.state, 'up', JSON.stringify(r));
      assert.match(String(r.url), /^http:\/\/127\.0\.0\.1:\d+\/$/, JSON.stringify(r));
    }
    for (const p of phones) assert.equal(p.kind, 'phones', JSON.stringify(p));
    const served = await getJson<DashboardIndex>(new URL('/api/dashboards', index.url));
    assert.deepEqual(served, { lab: running.name, entries: rows });
    const html = await (await fetch(index.url)).text();
    for (const r of rows) {
      assert.ok(html.includes(`<tr class="up" data-name="${r.name}">`), html);
      assert.ok(html.includes(`<a href="${r.url}" target="_blank">`), html);
    }
    page(await getJson<DashboardView>(new URL('/api/state', rows[0]!.url!)));
    await running.stop();
    const after = running.dashboards!();
    assert.deepEqual(
      after.map((r) => [r.name, r.state, r.url]),
      rows.map((r) => [r.name, 'down', r.url]),
    );
    assert.match(
      await (await fetch(index.url)).text(),
      new RegExp(`<tr class="down" data-name="${unit.name}">`),
    );
  } finally {
    await index.close();
    await running.stop();
  }
}

test(
  'the index of a CUCM lab on the process runtime: the cluster child and its phones, linked, then down',
  { timeout: 120_000 },
  async () => {
    const running = await new ProcessRuntime().start(await loadTopology(lab('cucm-cluster.yaml')), {
      dashboards: true,
    });
    await indexOf(running, { name: 'cluster1', kind: 'cucm' }, (v) => {
      assert.deepEqual(
        v.cucm.map((c) => [c.node, c.servers.map((s) => s.name)]),
        [['cluster1', ['cucm-pub', 'cucm-sub1']]],
      );
    });
  },
);

test(
  'the index of an ACD lab on the process runtime: the ACD child and its phones, linked, then down',
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctilab-acd-index-'));
    try {
      const [a, b] = [await freePort(), await freePort()];
      const text = readFileSync(lab('acd-duplex.yaml'), 'utf8')
        .replace('a: { host: 127.0.0.1, port: 42027 }', `a: { host: 127.0.0.1, port: ${a} }`)
        .replace('b: { host: 127.0.0.1, port: 43027 }', `b: { host: 127.0.0.1, port: ${b} }`);
      assert.ok(text.includes(`port: ${a}`) && text.includes(`port: ${b}`));
      const file = join(dir, 'acd-duplex.yaml');
      writeFileSync(file, text);
      const running = await new ProcessRuntime().start(await loadTopology(file), { dashboards: true });
      await indexOf(running, { name: 'acd', kind: 'acd' }, (v) => {
        assert.deepEqual(
          v.acd.map((n) => [n.node, n.agents.map((x) => x.id)]),
          [['acd', ['5001', '5002']]],
        );
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
