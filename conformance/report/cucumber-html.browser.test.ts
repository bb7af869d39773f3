/**
 * Cucumber's own HTML report of a run links each scenario to its pcap, node log and ladder (issue 12:
 * "a scenario's pcap appears ... only as a plain path inside collapsed hooks"): a real tagged run
 * (`ctilab run --tags @SCCP-REG-001`) is opened in headless Chromium, the scenario and its hooks
 * are expanded as a reader would, and the links must point at the run's own capture files.
 * Without chromium this fails with the install hint unless CTILAB_SKIP_BROWSER=1 says to skip.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Ladder } from '../../simulators/ladder/ladder.ts';
import { browserSkip, testChromium } from '../../simulators/testing/test-chromium.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

test(
  'cucumber.html links a scenario to its pcap, log and ladder in the run directory',
  { skip: browserSkip, timeout: 120_000 },
  async () => {
    const chromium = await testChromium();
    const out = mkdtempSync(join(tmpdir(), 'ctilab-cucumber-html-'));
    try {
      await promisify(execFile)(
        process.execPath,
        ['bin/ctilab.js', 'run', '--tags', '@SCCP-REG-001', '--no-properties', '--out', out],
        { cwd: root, env: { ...process.env, CTILAB_SKIP_BROWSER: '1' }, timeout: 100_000 },
      );
      const runDir = realpathSync(join(out, 'latest'));
      const browser = await chromium.launch();
      try {
        const page = await browser.newPage();
        await page.goto(pathToFileURL(join(runDir, 'cucumber.html')).href);
        await page.getByText('features/sccp/registration.feature').click();
        await page.getByText('A configured phone registers').waitFor();
        // The hooks (where the capture is attached) are folded under "N hooks" until opened.
        await page
          .getByText(/^\d+ hooks$/)
          .first()
          .click();
        await page.locator('a[href$=".pcap"]').first().waitFor({ timeout: 10_000 });
        const hrefs = await page
          .locator('a')
          .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
        const name = 'registration-9-a-configured-phone-registers';
        assert.ok(hrefs.includes(`captures/${name}.pcap`), `links: ${hrefs.join(', ')}`);
        assert.ok(hrefs.includes(`captures/${name}.log`), `links: ${hrefs.join(', ')}`);
        assert.ok(existsSync(join(runDir, 'captures', `${name}.pcap`)));
        assert.ok(existsSync(join(runDir, 'captures', `${name}.log`)));
        // Its ladder (issue 14 item 3): linked, written beside the pcap, the registration drawn.
        assert.ok(hrefs.includes(`captures/${name}.ladder.html`), `links: ${hrefs.join(', ')}`);
        assert.ok(hrefs.includes(`captures/${name}.ladder.json`), `links: ${hrefs.join(', ')}`);
        const ladder = JSON.parse(
          readFileSync(join(runDir, 'captures', `${name}.ladder.json`), 'utf8'),
        ) as Ladder;
        assert.deepEqual(
          ladder.parties.map((p) => p.name),
          ['SEP00AABB001001', 'CME'],
        );
        assert.deepEqual(
          ladder.arrows.slice(0, 4).map((a) => `${a.from}>${a.to} ${a.name}`),
          [
            'SEP00AABB001001>CME RegisterReq',
            'CME>SEP00AABB001001 RegisterAck',
            'CME>SEP00AABB001001 CapabilitiesReq',
            'SEP00AABB001001>CME CapabilitiesRes',
          ],
        );
        await page.goto(pathToFileURL(join(runDir, 'captures', `${name}.ladder.html`)).href);
        assert.deepEqual((await page.locator('svg.ladder a.msg text').allTextContents()).slice(0, 2), [
          'RegisterReq',
          'RegisterAck',
        ]);
        // conformance.html links the test purpose to the same page.
        await page.goto(pathToFileURL(join(runDir, 'conformance.html')).href);
        assert.equal(
          await page.locator('#purposes a.ladder').first().getAttribute('href'),
          `captures/${name}.ladder.html`,
        );
      } finally {
        await browser.close();
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
);
