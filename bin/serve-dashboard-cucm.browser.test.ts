/**
 * The dashboard of a CUCM cluster in a real browser: `ctilab serve cucm --topology
 * labs/cucm-cluster.yaml --dashboard --console` (ephemeral ports) runs as a child, headless
 * Chromium (Debian's `chromium` through playwright-core) loads the page, and what the page draws
 * in its CUCM tables (servers with their CallManager / CTIManager services and phones, each
 * CTIManager with its limits, the CTI gateway and its sessions) is exactly the view the server
 * sends (`GET /api/state`); the console stops the CTIManager of cucm-sub1 and the page shows it
 * down and lists the alarm. Written because removing the page's CUCM rendering (`renderCucm`)
 * failed no test (the sabotage check of the dashboard's views; serve-dashboard.test.ts reads the
 * JSON only).
 *
 * Without chromium this fails with the install hint unless CTILAB_SKIP_BROWSER=1 says to skip.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CHROMIUM_FLAGS,
  CHROMIUM_INSTALL_HINT,
  findChromium,
  playwrightChromium,
} from '../conformance/report/chromium.ts';
import type { DashboardView } from '../simulators/dashboard/dashboard-view.ts';
import { CtilabChild } from '../simulators/runtime/ctilab-child.ts';

const skip =
  process.env['CTILAB_SKIP_BROWSER'] === '1' ? 'CTILAB_SKIP_BROWSER=1: browser checks skipped' : false;

const root = fileURLToPath(new URL('..', import.meta.url));
const FLAGS = [...CHROMIUM_FLAGS, '--disable-component-update', '--disable-sync'];

test(
  'the dashboard of serve cucm in Chromium: the CUCM tables show the view; a stopped CTIManager shows down with its alarm',
  { skip, timeout: 60_000 },
  async () => {
    const executablePath = findChromium();
    if (executablePath === undefined) assert.fail(CHROMIUM_INSTALL_HINT);
    const chromium = await playwrightChromium();
    if (chromium === undefined) assert.fail('playwright-core is not installed: npm ci');

    const serve = new CtilabChild(
      'serve cucm',
      [
        'serve',
        'cucm',
        '--topology',
        join(root, 'labs', 'cucm-cluster.yaml'),
        ...['--port', 'cucm-pub=0', '--port', 'cucm-sub1=0', '--port', 'cucm-imp=0'],
        '--console',
        '--dashboard',
      ],
      { stdin: true },
    );
    let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
    try {
      const ready = (await serve.waitForLine((v) => typeof v.endpoints === 'object', 30_000, 'ready line'))
        .value as { dashboard: string };
      const view = async () =>
        (await (await fetch(new URL('/api/state', ready.dashboard))).json()) as DashboardView;
      browser = await chromium.launch({ executablePath, args: FLAGS, timeout: 30_000 });
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.goto(ready.dashboard);
      const cells = (selector: string) => page.locator(selector).allTextContents();
      const server = (name: string) => `#cucm-servers tr[data-server="${name}"] td`;
      await page.locator(server('cucm-pub')).first().waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('#cucm').isVisible(), true, 'the CUCM section is shown');

      const v = await view();
      const cluster = v.cucm[0];
      assert.ok(cluster, JSON.stringify(v));
      for (const s of cluster.servers)
        assert.deepEqual(await cells(server(s.name)), [
          cluster.node,
          s.name,
          s.role,
          s.callManager,
          s.ctiManager,
          String(s.phones),
        ]);
      // Each CTIManager with no provider: one row, its state, open count and limits.
      const managers = await cells('#cucm-providers tbody tr td:first-child');
      assert.deepEqual(
        managers,
        cluster.ctiManagers.map(
          (m) =>
            `${m.node} (${m.up ? 'up' : 'down'}; ${m.openDevices} open, max ${m.maxDevicesPerNode}/node, ${m.maxDevicesPerProvider}/provider)`,
        ),
      );
      assert.deepEqual(
        (await cells('#cucm-sessions tbody tr td:first-child')).map((t) => t.trim()),
        cluster.gateways.map((g) => `${g.name} ${g.up ? 'up' : 'down'}`),
      );

      serve.send('stop-service cucm-sub1 ctimanager');
      await page
        .locator(`${server('cucm-sub1')}:nth-child(5)`, { hasText: 'down' })
        .waitFor({ timeout: 10_000 });
      await page
        .locator('#alarms li.raised[data-kind="service"]', {
          hasText: 'cluster1: CTIManager on cucm-sub1 stopped',
        })
        .waitFor({ timeout: 10_000 });
      assert.equal(await page.locator(`${server('cucm-sub1')}:nth-child(5) span.down`).count(), 1);
      assert.match(
        (await cells('#cucm-providers tbody tr td:first-child')).join('\n'),
        /^cucm-sub1 \(down;/m,
      );
    } finally {
      await browser?.close();
      const exit = await serve.stop(5_000);
      assert.equal(exit.code, 0);
    }
  },
);
