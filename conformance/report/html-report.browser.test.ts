/**
 * conformance.html of a run, checked in a real browser (issue 12, deliverable 7): a run directory
 * with a failing and a passing test purpose is written by writeRuleReport, then opened by its
 * file:// URL in headless Chromium (Debian's `chromium` through playwright-core) and checked as a
 * reader sees it: the verdict summary, the per-profile table, the failing rule's evidence links
 * (its pcap and its log, files of the run directory), and the profile / verdict / tag filters.
 * A screenshot is kept in the run directory (conformance.png).
 *
 * Without chromium this fails with the install hint unless CTILAB_SKIP_BROWSER=1 says to skip
 * (.ci/install-system-deps installs it, so CI runs it).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { browserSkip, launchTestChromium } from '../../simulators/testing/test-chromium.ts';
import { ruleCatalogue } from '../rules/catalogue.ts';
import { writeRuleReport } from './rule-report-files.ts';
import { fixtureNdjson } from './run-fixture.ts';

/** Two catalogued rules of different profiles: one fails, one passes in the fixture run. */
function twoRules() {
  const rules = [...ruleCatalogue.values()];
  const failing = rules[0];
  assert.ok(failing !== undefined);
  const passing = rules.find((r) => !r.profiles.some((p) => failing.profiles.includes(p)));
  assert.ok(passing !== undefined, 'the catalogue has rules of two disjoint profile sets');
  return { failing, passing };
}

test(
  'conformance.html renders its summary, profiles, evidence links and filters in Chromium',
  { skip: browserSkip, timeout: 60_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctilab-browser-'));
    const browser = await launchTestChromium();
    try {
      const { failing, passing } = twoRules();
      const captures = join(dir, 'captures');
      mkdirSync(captures);
      const pcap = join(captures, 'f0-3-refused-open.pcap');
      const log = join(captures, 'f0-3-refused-open.log');
      // A pcap's global header (little-endian, version 2.4, LINKTYPE_RAW) and a node log line.
      const pcapBytes = Buffer.from('d4c3b2a1020004000000000000000000ffff000065000000', 'hex');
      writeFileSync(pcap, pcapBytes);
      writeFileSync(log, '[cme] refused OPEN_REQ: bad version\n');
      const messages = join(dir, 'cucumber.ndjson');
      writeFileSync(
        messages,
        fixtureNdjson([
          {
            name: 'refused open',
            tags: [`@${failing.id}`, '@smoke'],
            statuses: ['PASSED', 'FAILED'],
            message: 'expected OPEN_CONF, got FAILURE_CONF',
            capture: pcap,
            log,
          },
          { name: 'good open', tags: [`@${passing.id}`], statuses: ['PASSED'] },
        ]),
      );
      const written = writeRuleReport({ messages, out: dir, target: 'embedded lab' });
      assert.ok(written.ok, written.ok ? '' : written.reason);
      const ruleCount = ruleCatalogue.size;

      const page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
      const url = pathToFileURL(join(dir, 'conformance.html')).href;
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(url);

      // The verdict summary: the worst verdict of the run and the counts.
      const summary = await page.locator('#summary').innerText();
      assert.match(summary, /^Verdict: fail: 2 test purposes \(1 pass, 1 fail, 0 inconc, 0 error\); /);
      assert.match(summary, new RegExp(`; ${ruleCount} rules \\(.*1 pass, 1 fail`));

      // The per-profile table: a header, one row per profile, the test purposes' total.
      const profiles = Object.keys(written.value.profiles);
      const rows = page.locator('#profiles tr');
      assert.equal(await rows.count(), profiles.length + 2);
      const failingProfile = failing.profiles[0];
      assert.ok(failingProfile !== undefined);
      const profileCells = await page
        .locator('#profiles tr', { has: page.locator(`th:text-is("${failingProfile}")`) })
        .locator('td')
        .allInnerTexts();
      // Columns: none, not run, pass, inconc, fail, error; the failing rule counts as fail.
      assert.ok(Number(profileCells[4]) >= 1, `fail column of ${failingProfile}: ${profileCells.join(' ')}`);
      assert.deepEqual(await page.locator('#profiles tr').last().locator('td').allInnerTexts(), [
        '0',
        '0',
        '1',
        '0',
        '1',
        '0',
      ]);

      // The failing rule's evidence: links to the scenario's pcap and log in the run directory.
      const ruleRow = page.locator('#rules tr', { has: page.locator(`td[id="${failing.id}"]`) });
      assert.equal(await ruleRow.locator('.v').first().innerText(), 'fail');
      const pcapHref = await ruleRow.locator('a.pcap').getAttribute('href');
      assert.equal(pcapHref, 'captures/f0-3-refused-open.pcap');
      const pcapFile = fileURLToPath(new URL(pcapHref ?? '', url));
      assert.ok(existsSync(pcapFile), `${pcapFile} exists`);
      assert.deepEqual(readFileSync(pcapFile), pcapBytes);
      const logHref = await ruleRow.locator('a.log').getAttribute('href');
      assert.equal(logHref, 'captures/f0-3-refused-open.log');

      // The filters: every rule and test purpose first, then only those of one verdict, tag, profile.
      const visible = () => page.locator('tr[data-verdict]:visible').count();
      assert.equal(await visible(), ruleCount + 2);
      assert.equal(await page.locator('#shown').innerText(), `${ruleCount + 2} rows shown`);
      await page.selectOption('#filters select[name="verdict"]', 'fail');
      assert.equal(await visible(), 2, 'the failing rule and its test purpose');
      assert.equal(
        await page.locator('#rules tr[data-verdict]:visible td[id]').getAttribute('id'),
        failing.id,
      );
      await page.selectOption('#filters select[name="verdict"]', '');
      await page.selectOption('#filters select[name="tag"]', '@smoke');
      assert.equal(await visible(), 2, 'the rule of the @smoke scenario and the scenario');
      await page.selectOption('#filters select[name="tag"]', '');
      const passingOnly = passing.profiles.find((p) => !failing.profiles.includes(p));
      assert.ok(passingOnly !== undefined);
      await page.selectOption('#filters select[name="profile"]', passingOnly);
      const inProfile = [...ruleCatalogue.values()].filter((r) => r.profiles.includes(passingOnly)).length;
      // The profile's rules and the passing test purpose (tagged with one of them).
      assert.equal(await visible(), inProfile + 1);
      await page.selectOption('#filters select[name="profile"]', '');
      assert.equal(await visible(), ruleCount + 2);

      // The screenshot, kept in the run directory; then the log opens from its link.
      const png = join(dir, 'conformance.png');
      await page.screenshot({ path: png });
      assert.deepEqual(readFileSync(png).subarray(0, 8), Buffer.from('89504e470d0a1a0a', 'hex'));
      await ruleRow.locator('a.log').click();
      await page.waitForURL(/\.log$/);
      assert.equal((await page.locator('body').innerText()).trim(), '[cme] refused OPEN_REQ: bad version');

      // Nothing but the run directory's own files was requested: no CDN, no network.
      assert.deepEqual(
        requests.filter((r) => !r.startsWith(pathToFileURL(dir).href)),
        [],
      );
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
