/**
 * The dashboard of an ACD lab in a real browser: `ctilab serve acd --topology labs/acd-duplex.yaml
 * --dashboard` (ephemeral ports) runs as a child, headless Chromium (Debian's `chromium` through
 * playwright-core) loads the page and sees the two agents logged out and skill group Sales; a CTI
 * Bridge of this test opens on side A and appears among side A's clients, logs agent 5001 in
 * (SET_AGENT_STATE_REQ LOGIN) and the page shows 5001 NOT_READY; the console fails side A and the
 * page lists the alarm (screenshot reports/dashboard/acd-duplex-failover.png).
 *
 * Without chromium this fails with the install hint unless CTILAB_SKIP_BROWSER=1 says to skip.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { CtiServerClient } from '../simulators/cti-server/client/cti-server-client.ts';
import { ctiMessage } from '../simulators/cti-server/message-codec.ts';
import { AgentState, ServiceMask } from '../simulators/cti-server/wire.ts';
import {
  type AcdDashboardReady,
  serveAcdDuplexDashboard,
  serveReadyLine,
} from '../simulators/testing/ctilab-test-children.ts';
import { browserSkip, LIVE_PAGE_FLAGS, testChromium } from '../simulators/testing/test-chromium.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

test(
  'the dashboard of serve acd in Chromium: agents, a CTI Bridge on side A, an agent logged in from the bridge, the failover alarm',
  { skip: browserSkip, timeout: 60_000 },
  async () => {
    const chromium = await testChromium();

    const serve = serveAcdDuplexDashboard();
    let browser: Browser | undefined;
    let bridge: CtiServerClient | undefined;
    try {
      const ready = await serveReadyLine<AcdDashboardReady>(serve);
      browser = await chromium.launch(LIVE_PAGE_FLAGS);
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.goto(ready.dashboard);
      const agent = (id: string) => page.locator(`#acd-agents tr[data-agent="${id}"] td.agent-state`);
      await agent('5001').filter({ hasText: 'LOGOUT' }).waitFor({ timeout: 15_000 });
      assert.equal(await agent('5002').textContent(), 'LOGOUT');
      assert.deepEqual(await page.locator('#acd-groups tr[data-group="Sales"] td').allTextContents(), [
        'acd',
        'Sales',
        '1',
        '2',
        '0',
        '0',
      ]);

      const sides = ready.endpoints.nodes['acd'];
      assert.ok(sides);
      bridge = await CtiServerClient.connect({
        sides: [sides.A, sides.B],
        clientID: 'bridge',
        password: '',
        services: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL,
      });
      await page.locator('#acd-sides tr[data-side="A"][data-client="bridge"]').waitFor({ timeout: 10_000 });
      const login = await bridge.request(
        ctiMessage('SET_AGENT_STATE_REQ', { PeripheralID: 5000, AgentState: AgentState.LOGIN }, [
          { name: 'AgentInstrument', value: '3001' },
          { name: 'AgentID', value: '5001' },
          { name: 'AgentPassword', value: '5001-pw' },
        ]),
      );
      assert.equal(login.name, 'SET_AGENT_STATE_CONF', JSON.stringify(login));
      await agent('5001').filter({ hasText: 'NOT_READY' }).waitFor({ timeout: 10_000 });

      serve.send('fail-side acd A');
      await page
        .locator('#alarms li.raised', { hasText: 'CTI Server side A failed; side B is active' })
        .waitFor({ timeout: 10_000 });
      const dir = join(root, 'reports', 'dashboard');
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, 'acd-duplex-failover.png'), fullPage: true });
    } finally {
      await browser?.close();
      bridge?.destroy();
      const exit = await serve.stop(5_000);
      assert.equal(exit.code, 0);
    }
  },
);
