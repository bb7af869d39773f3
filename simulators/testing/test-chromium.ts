/**
 * Headless Chromium for the browser tests (`*.browser.test.ts`): Debian's `chromium` through
 * playwright-core, found and flagged as the report's screenshot finds it (conformance/report/chromium.ts).
 * A test without a browser fails with the install hint, unless CTILAB_SKIP_BROWSER=1 skips it.
 */
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import {
  CHROMIUM_FLAGS,
  CHROMIUM_INSTALL_HINT,
  findChromium,
  playwrightChromium,
} from '../../conformance/report/chromium.ts';

/** The `skip` option of a browser test: the reason when CTILAB_SKIP_BROWSER=1, else false. */
export const browserSkip: string | false =
  process.env['CTILAB_SKIP_BROWSER'] === '1' ? 'CTILAB_SKIP_BROWSER=1: browser checks skipped' : false;

/** Flags for a page that stays open on a live dashboard: no component updates, no sync. */
export const LIVE_PAGE_FLAGS = ['--disable-component-update', '--disable-sync'];

/** A Chromium found for a browser test: `launch` starts it headless (CHROMIUM_FLAGS and `extraFlags`). */
export interface TestChromium {
  launch(extraFlags?: readonly string[]): Promise<Browser>;
}

/**
 * Finds Chromium and playwright-core before a test starts anything costly; fails the test (assert)
 * with the install hint when either is missing.
 */
export async function testChromium(): Promise<TestChromium> {
  const executablePath = findChromium();
  if (executablePath === undefined) assert.fail(CHROMIUM_INSTALL_HINT);
  const chromium = await playwrightChromium();
  if (chromium === undefined) assert.fail('playwright-core is not installed: npm ci');
  return {
    launch: (extraFlags = []) =>
      chromium.launch({ executablePath, args: [...CHROMIUM_FLAGS, ...extraFlags], timeout: 30_000 }),
  };
}

/** testChromium, launched at once (the caller closes it). */
export async function launchTestChromium(extraFlags: readonly string[] = []): Promise<Browser> {
  return (await testChromium()).launch(extraFlags);
}
