/**
 * `ctilab serve cme|cucm|acd --dashboard`: the node alone (its phones are outside, here SccpPhones
 * of this test) shows its calls, CTI sessions, agents and alarms on the dashboard; the ready line
 * names the page.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CtiServerClient } from '../simulators/cti-server/client/cti-server-client.ts';
import { ServiceMask } from '../simulators/cti-server/wire.ts';
import type { DashboardView } from '../simulators/dashboard/dashboard-view.ts';
import { SccpPhone } from '../simulators/phone/phone.ts';
import { CtilabChild } from '../simulators/runtime/ctilab-child.ts';
import {
  type AcdDashboardReady,
  serveAcdDuplexDashboard,
  serveReadyLine,
} from '../simulators/testing/ctilab-test-children.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

test(
  'serve cme --dashboard: the ready line has the page, which shows a call between two outside phones',
  { timeout: 60_000 },
  async () => {
    const child = new CtilabChild('serve cme', [
      ...['serve', 'cme', '--config', `${root}labs/cme-moc.cfg`],
      ...['--sccp-port', '0', '--dashboard'],
    ]);
    const phones: SccpPhone[] = [];
    try {
      const ready = await serveReadyLine<{
        endpoints: { sccp: { host: string; port: number } };
        dashboard: string;
      }>(child);
      assert.match(ready.dashboard, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const state = async () =>
        (await (await fetch(new URL('/api/state', ready.dashboard))).json()) as Record<string, unknown>;
      assert.deepEqual(await state(), {
        lab: 'cme',
        phones: [],
        calls: [],
        cti: [],
        cucm: [],
        acd: [],
        alarms: [],
      });

      const servers = [ready.endpoints.sccp];
      const a = new SccpPhone({ mac: '001E4A34A35F', model: '7961', servers });
      const b = new SccpPhone({ mac: '000F8FC7B681', model: '7960', servers });
      phones.push(a, b);
      await a.start();
      await b.start();
      a.offHook();
      await a.waitFor((s) => Object.values(s.lines).some((l) => Object.keys(l.calls).length > 0));
      a.dial('202');
      await b.waitFor((s) => s.ringer !== 'RingOff');
      assert.deepEqual((await state())['calls'], [
        {
          node: 'cme',
          callID: 'C1',
          calling: '201',
          called: '202',
          parties: [
            { device: '201', state: 'connected' },
            { device: '202', state: 'alerting' },
          ],
        },
      ]);
      const press = await fetch(new URL('/api/phones/SEP001E4A34A35F/onhook', ready.dashboard), {
        method: 'POST',
      });
      assert.deepEqual(
        [press.status, await press.json()],
        [404, { error: "unknown phone 'SEP001E4A34A35F' (this dashboard has no phones)" }],
      );
    } finally {
      for (const p of phones) await p.stop().catch(() => {});
      const exit = await child.stop(30_000);
      assert.equal(exit.code, 0);
    }
  },
);

/** The view of a dashboard, once `pred` holds (bounded: the lab reacts in milliseconds). */
async function viewWhen(
  url: string,
  pred: (v: DashboardView) => boolean,
  what: string,
): Promise<DashboardView> {
  let v: DashboardView | undefined;
  for (let i = 0; i < 200; i++) {
    v = (await (await fetch(new URL('/api/state', url))).json()) as DashboardView;
    if (pred(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`${what}: not on the dashboard (last view ${JSON.stringify(v)})`);
}

test(
  'serve cucm --dashboard: the page shows the servers, the CTIManagers and the gateway; a stopped CTIManager is down and an alarm',
  { timeout: 60_000 },
  async () => {
    const serve = new CtilabChild(
      'serve cucm',
      [
        'serve',
        'cucm',
        '--topology',
        `${root}labs/cucm-cluster.yaml`,
        ...['--port', 'cucm-pub=0', '--port', 'cucm-sub1=0', '--port', 'cucm-imp=0'],
        '--console',
        '--dashboard',
      ],
      { stdin: true },
    );
    try {
      const ready = await serveReadyLine<{ dashboard: string }>(serve);
      assert.match(ready.dashboard, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const first = await viewWhen(ready.dashboard, () => true, 'the view');
      assert.deepEqual(
        [first.lab, first.phones, first.alarms, first.cucm.map((c) => c.node)],
        ['cucm-cluster', [], [], ['cluster1']],
      );
      assert.deepEqual(
        first.cucm[0]?.servers.map((s) => [s.name, s.callManager, s.ctiManager]),
        [
          ['cucm-pub', 'up', 'up'],
          ['cucm-sub1', 'up', 'up'],
        ],
      );
      assert.deepEqual(first.cucm[0]?.gateways, [{ name: 'cucm-imp', up: true, sessions: [] }]);
      serve.send('stop-service cucm-sub1 ctimanager');
      const after = await viewWhen(
        ready.dashboard,
        (v) => v.alarms.length > 0,
        'the alarm of the stopped CTIManager',
      );
      assert.deepEqual(
        after.alarms.map((a) => [a.source, a.kind, a.severity, a.text]),
        [['cluster1', 'service', 'raised', 'CTIManager on cucm-sub1 stopped']],
      );
      assert.equal(after.cucm[0]?.servers[1]?.ctiManager, 'down');
      assert.equal(after.cucm[0]?.ctiManagers[1]?.up, false);
    } finally {
      const exit = await serve.stop(5_000);
      assert.equal(exit.code, 0);
    }
  },
);

test(
  'serve acd --dashboard: the page shows the agents, skill group and both sides; a CTI Bridge appears on side A; a failed side is an alarm',
  { timeout: 60_000 },
  async () => {
    const serve = serveAcdDuplexDashboard();
    let bridge: CtiServerClient | undefined;
    try {
      const ready = await serveReadyLine<AcdDashboardReady>(serve);
      assert.match(ready.dashboard, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const first = await viewWhen(ready.dashboard, () => true, 'the view');
      const acd = first.acd[0];
      assert.deepEqual([first.lab, first.phones, acd?.node, acd?.activeSide], ['acd-duplex', [], 'acd', 'A']);
      assert.deepEqual(
        acd?.agents.map((a) => [a.id, a.extension, a.state]),
        [
          ['5001', '3001', 'LOGOUT'],
          ['5002', '3002', 'LOGOUT'],
        ],
      );
      assert.deepEqual(
        acd?.skillGroups.map((g) => [g.name, g.members, g.queued]),
        [['Sales', 2, 0]],
      );
      const sides = ready.endpoints.nodes['acd'];
      assert.ok(sides);
      bridge = await CtiServerClient.connect({
        sides: [sides.A, sides.B],
        clientID: 'bridge',
        password: '',
        services: ServiceMask.ALL_EVENTS,
      });
      const withClient = await viewWhen(
        ready.dashboard,
        (v) => v.acd[0]?.sides[0]?.clients[0]?.state === 'open',
        'the bridge on side A',
      );
      assert.equal(withClient.acd[0]?.sides[0]?.clients[0]?.clientID, 'bridge');
      serve.send('fail-side acd A');
      const failed = await viewWhen(ready.dashboard, (v) => v.alarms.length > 0, 'the side alarm');
      assert.deepEqual(
        failed.alarms.map((a) => [a.source, a.kind, a.text]),
        [['acd-cti', 'cti-server-side', 'CTI Server side A failed; side B is active']],
      );
      assert.equal(failed.acd[0]?.activeSide, 'B');
    } finally {
      bridge?.destroy();
      const exit = await serve.stop(5_000);
      assert.equal(exit.code, 0);
    }
  },
);
