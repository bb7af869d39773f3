/**
 * The dashboard of a real embedded CUCM lab (labs/cucm-cluster.yaml: cucm-pub and cucm-sub1, the
 * CTI gateway cucm-imp, three phones) over real HTTP: `RunningLab.parts()` hands over the cluster
 * (runtime/live-state-of.ts), the server-sent events show its phones registered on cucm-sub1 and,
 * after the fault `stop` of cucm-sub1 (both services stop: a failover), the node down and the
 * alarms, newest first.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Dashboard, startDashboard } from '../simulators/dashboard/dashboard-server.ts';
import type { DashboardView } from '../simulators/dashboard/dashboard-view.ts';
import { EmbeddedRuntime } from '../simulators/runtime/embedded-runtime.ts';
import type { RunningLab } from '../simulators/runtime/lab-runtime.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';

let lab: RunningLab;
let dashboard: Dashboard;

before(async () => {
  const file = fileURLToPath(new URL('../labs/cucm-cluster.yaml', import.meta.url));
  lab = await new EmbeddedRuntime().start(await loadTopology(file));
  const parts = lab.parts?.();
  assert.ok(parts !== undefined, 'the embedded runtime hands over its parts');
  dashboard = await startDashboard(parts, 0);
});

after(async () => {
  await dashboard?.close();
  await lab?.stop();
});

test('the events stream: phones on cucm-sub1 and both services up, then cucm-sub1 stopped shows down with its alarms', async () => {
  const controller = new AbortController();
  const res = await fetch(new URL('/api/events', dashboard.url), { signal: controller.signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  /** The next `state` event whose view satisfies `until`. */
  const next = async (until: (v: DashboardView) => boolean): Promise<DashboardView> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^event: state\ndata: (.*)$/s.exec(frame);
        if (data === null) continue; // a ladder event
        const v = JSON.parse(data[1] ?? '') as DashboardView;
        if (until(v)) return v;
        continue;
      }
      const chunk = await reader.read();
      assert.equal(chunk.done, false, 'the stream stays open');
      buffer += chunk.value;
    }
  };
  try {
    const up = await next((v) => v.phones.length === 3 && v.phones.every((p) => p.registered));
    assert.equal(up.lab, 'cucm-cluster');
    assert.deepEqual(
      up.cucm.map((c) => [c.node, c.servers.map((s) => [s.name, s.callManager, s.ctiManager, s.phones])]),
      [
        [
          'cluster1',
          [
            ['cucm-pub', 'up', 'up', 0],
            ['cucm-sub1', 'up', 'up', 3],
          ],
        ],
      ],
    );
    assert.deepEqual(
      up.cucm[0]?.gateways.map((g) => [g.name, g.up, g.sessions]),
      [['cucm-imp', true, []]],
    );
    assert.deepEqual(up.alarms, []);

    const fault = await lab.fault('cucm-sub1', { kind: 'stop' });
    assert.equal(fault.applied, true, JSON.stringify(fault));
    const down = await next((v) => v.cucm[0]?.servers[1]?.callManager === 'down');
    assert.deepEqual(
      down.cucm[0]?.servers.map((s) => [s.name, s.callManager, s.ctiManager]),
      [
        ['cucm-pub', 'up', 'up'],
        ['cucm-sub1', 'down', 'down'],
      ],
    );
    const texts = down.alarms.map((a) => a.text);
    const cti = texts.indexOf('CTIManager on cucm-sub1 stopped');
    const cm = texts.indexOf('CallManager on cucm-sub1 stopped');
    assert.ok(cti >= 0 && cm >= 0, texts.join(' | '));
    assert.ok(cm < cti, 'newest first: CallManager stopped after CTIManager');
    assert.ok(down.alarms.every((a, i) => i === 0 || down.alarms[i - 1]!.time >= a.time));
  } finally {
    await reader.cancel().catch(() => {});
    controller.abort();
  }
});
