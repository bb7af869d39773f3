/**
 * A scenario's ladder page (simulators/ladder/ladder-svg.ts) in a real browser (issue 14 item 3):
 * headless Chromium (Debian's `chromium` through playwright-core) opens it by its file:// URL;
 * the SVG shows one arrow per message labelled with its name, clicking an arrow opens that
 * message's decoded fields, and hostile text from the wire runs no script.
 *
 * Without chromium this fails with the install hint unless CTILAB_SKIP_BROWSER=1 says to skip.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Ladder, LadderArrow } from '../../simulators/ladder/ladder.ts';
import { ladderHtml } from '../../simulators/ladder/ladder-svg.ts';
import { browserSkip, launchTestChromium } from '../../simulators/testing/test-chromium.ts';

const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

const arrow = (seq: number, from: string, to: string, name: string, fields: unknown): LadderArrow => ({
  seq,
  time: Date.UTC(2026, 10, 23, 9, 0, 0),
  from,
  to,
  fromEndpoint: from === 'CME' ? '127.0.0.2:2000' : '127.0.0.1:38688',
  toEndpoint: to === 'CME' ? '127.0.0.2:2000' : '127.0.0.1:38688',
  protocol: 'sccp',
  transport: 'tcp',
  name,
  fields,
});

const ladder: Ladder = {
  format: 'ctilab-ladder/2',
  total: 3,
  truncated: 0,
  parties: [
    { name: 'SEP00AABB001001', endpoints: ['127.0.0.1:38688'] },
    { name: 'CME', endpoints: ['127.0.0.2:2000'] },
  ],
  arrows: [
    arrow(1, 'SEP00AABB001001', 'CME', 'RegisterReq', { deviceName: 'SEP00AABB001001' }),
    arrow(2, 'CME', 'SEP00AABB001001', 'RegisterAck', { keepAliveInterval: 30 }),
    arrow(3, 'CME', 'SEP00AABB001001', 'DisplayNotify', { text: hostile }),
  ],
};

test(
  'the ladder page draws labelled arrows that open their decoded message; wire text runs no script',
  {
    skip: browserSkip,
    timeout: 60_000,
  },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctilab-ladder-'));
    const browser = await launchTestChromium();
    try {
      const file = join(dir, 'x.ladder.html');
      writeFileSync(file, ladderHtml(ladder, { title: `registers ${hostile}`, jsonHref: 'x.ladder.json' }));
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(pathToFileURL(file).href);
      assert.deepEqual(await page.locator('svg.ladder a.msg text').allTextContents(), [
        'RegisterReq',
        'RegisterAck',
        'DisplayNotify',
      ]);
      assert.deepEqual(await page.locator('svg.ladder .party text').allTextContents(), [
        'SEP00AABB001001',
        'CME',
      ]);
      assert.equal(await page.locator('details#m-2').getAttribute('open'), null);
      await page.locator('svg.ladder a.msg[data-seq="2"]').click();
      await page.waitForFunction(
        () => (document.getElementById('m-2') as HTMLDetailsElement | null)?.open === true,
      );
      assert.match((await page.locator('details#m-2 pre').textContent()) ?? '', /"keepAliveInterval": 30/);
      await page.locator('svg.ladder a.msg[data-seq="3"]').click();
      await page.waitForFunction(
        () => (document.getElementById('m-3') as HTMLDetailsElement | null)?.open === true,
      );
      // The decoded text is shown as the JSON string it is, markup and all.
      assert.ok(
        ((await page.locator('details#m-3 pre').textContent()) ?? '').includes(JSON.stringify(hostile)),
      );
      assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
      assert.equal(await page.locator('img').count(), 0);
      assert.deepEqual(dialogs, []);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
