/**
 * The dashboard in a real browser (issue 14, deliverable 4): `ctilab lab up labs/cme-moc.yaml
 * --dashboard --dashboard-port 0` runs as a child (its own working directory, so its lab state
 * files meet no other run), headless Chromium (Debian's `chromium` through playwright-core) loads
 * the page, sees the seed's three ephones registered, presses Off hook on 201 and dials 202 from
 * the page, and sees 202 ring on its face and the call in the calls table (screenshot
 * reports/dashboard/cme-moc-call.png); then presses Answer on 202's face and sees both parties
 * connected (reports/dashboard/cme-moc-answered.png).
 *
 * Without chromium this fails with the install hint unless CTILAB_SKIP_BROWSER=1 says to skip.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { ctilabChildren } from '../simulators/testing/ctilab-test-children.ts';
import { browserSkip, LIVE_PAGE_FLAGS, testChromium } from '../simulators/testing/test-chromium.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
// Its own working directory: its lab state files meet no other run's.
const { start: labUp } = ctilabChildren({ cwdPrefix: 'ctilab-dashboard-' });

test(
  'the dashboard of labs/cme-moc.yaml in Chromium: three phones registered, a call 201 -> 202 made from the page rings 202, Answer connects it',
  { skip: browserSkip, timeout: 90_000 },
  async () => {
    const chromium = await testChromium();

    const child = labUp('lab up', [
      ...['lab', 'up', join(root, 'labs', 'cme-moc.yaml')],
      ...['--dashboard', '--dashboard-port', '0'],
    ]);
    let browser: Browser | undefined;
    try {
      const ready = (await child.waitForLine(() => true, 30_000, 'ready line', 0)).value as {
        lab: string;
        dashboard: string;
      };
      assert.equal(ready.lab, 'cme-moc');
      assert.match(ready.dashboard, /^http:\/\/127\.0\.0\.1:\d+\/$/);

      browser = await chromium.launch(LIVE_PAGE_FLAGS);
      const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
      await page.goto(ready.dashboard);
      const status = page.locator('#status');
      await status.filter({ hasText: '3/3 phones registered' }).waitFor({ timeout: 15_000 });
      assert.deepEqual(
        await page.locator('.phone').evaluateAll((els) => els.map((e) => e.getAttribute('data-device'))),
        ['SEP001E4A34A35F', 'SEP000F8FC7B681', 'SEP0019E7FF1E30'],
      );
      const caller = page.locator('.phone[data-device="SEP001E4A34A35F"]');
      const callee = page.locator('.phone[data-device="SEP000F8FC7B681"]');
      assert.deepEqual(await caller.locator('.softkey').allTextContents(), [
        'Redial',
        'NewCall',
        'CfwdAll',
        'DND',
      ]);

      const ladderStatus = page.locator('#ladder-status');
      const drawn = async () =>
        Number(/^(\d+) messages/.exec((await ladderStatus.textContent()) ?? '')?.[1] ?? '0');
      const before = await drawn();
      await caller.locator('button.hook').click();
      await page
        .locator('.phone[data-device="SEP001E4A34A35F"][data-speaker="on"]')
        .waitFor({ timeout: 10_000 });
      await caller.locator('input.digits').fill('202');
      await caller.locator('button.dial').click();

      await page
        .locator('.phone[data-device="SEP000F8FC7B681"]:not([data-ringer="RingOff"])')
        .waitFor({ timeout: 10_000 });
      await callee.locator('button.line[data-lamp="Blink"]').waitFor({ timeout: 10_000 });
      assert.match((await callee.locator('.screen').textContent()) ?? '', /RingIn 201/);
      assert.ok((await callee.locator('.softkey').allTextContents()).includes('Answer'));
      // The ladder panel grew live: the off-hook and digits from 201, the ringer set on 202.
      await page
        .locator('#ladder svg a.msg text', { hasText: 'SetRinger' })
        .first()
        .waitFor({ timeout: 10_000 });
      assert.ok((await drawn()) > before, `the ladder grew from ${before}`);
      const labels = await page.locator('#ladder svg a.msg text').allTextContents();
      for (const m of ['OffHook', 'KeypadButton', 'SetRinger'])
        assert.ok(labels.includes(m), `${m} among ${labels.join(', ')}`);
      const lifelines = await page.locator('#ladder svg .party text').allTextContents();
      for (const p of ['SEP001E4A34A35F', 'cme', 'SEP000F8FC7B681'])
        assert.ok(lifelines.includes(p), `${p} among ${lifelines.join(', ')}`);
      const row = page.locator('#calls tbody tr');
      await row.first().waitFor({ timeout: 10_000 });
      assert.deepEqual(
        await row
          .locator('td')
          .allTextContents()
          .then((t) => [t[0], t[2], t[3], t[4]]),
        ['cme', '201', '202', '201 connected, 202 alerting'],
      );
      assert.equal(await page.locator('#error').textContent(), '');

      const dir = join(root, 'reports', 'dashboard');
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, 'cme-moc-call.png'), fullPage: true });

      // The Answer soft key on 202's face answers: both parties connected.
      await callee.locator('button.softkey[data-key="Answer"]').click();
      await page
        .locator('#calls tbody tr td', { hasText: '201 connected, 202 connected' })
        .waitFor({ timeout: 10_000 });
      // The call model's row changes before the CME's SCCP messages reach 202: its face follows.
      await callee.locator('.screen', { hasText: /Connected 201/ }).waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(dir, 'cme-moc-answered.png'), fullPage: true });
    } finally {
      await browser?.close();
      const exit = await child.stop(30_000);
      assert.equal(exit.code, 0, `lab up ends cleanly on SIGTERM: ${child.stderr.join('\n')}`);
    }
  },
);
