/**
 * Headless Chromium for the reports: Debian's `chromium` (installed by .ci/install-system-deps),
 * driven through playwright-core with `executablePath` (playwright-core downloads no browser).
 * The browser test of conformance.html (html-report.browser.test.ts) and `ctilab run`'s
 * screenshot of its own report use it.
 */
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_INSTALL_HINT =
  'chromium is not installed: install it (Debian/Ubuntu: `apt-get install -y chromium`, or .ci/install-system-deps), point CTILAB_CHROMIUM at a Chromium binary, or set CTILAB_SKIP_BROWSER=1 to skip the browser checks';

/** Headless, no sandbox (CI runs as root in a container), no GPU, no network of its own. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

/** The Chromium binary: `$CTILAB_CHROMIUM`, else `chromium` or `chromium-browser` on the PATH; undefined when none runs. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env['CTILAB_CHROMIUM'];
  const candidates = given !== undefined && given !== '' ? [given] : ['chromium', 'chromium-browser'];
  for (const candidate of candidates) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore', timeout: 10_000, env });
      return candidate === given ? candidate : resolveOnPath(candidate, env);
    } catch {
      // not there or does not run: try the next
    }
  }
  return undefined;
}

function resolveOnPath(name: string, env: NodeJS.ProcessEnv): string {
  try {
    return (
      execFileSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8', env }).trim() || name
    );
  } catch {
    return name;
  }
}

/** The playwright-core `chromium` launcher, or undefined when the package is not installed (it is a dev dependency). */
export async function playwrightChromium(): Promise<typeof import('playwright-core').chromium | undefined> {
  try {
    return (await import('playwright-core')).chromium;
  } catch {
    return undefined;
  }
}

/**
 * Opens an HTML file by its file:// URL and saves a screenshot of its first 1280x1024 pixels as PNG. Refuses (a
 * message, no throw) when there is no Chromium or no playwright-core; undefined when saved.
 */
export async function screenshotHtml(htmlFile: string, png: string): Promise<string | undefined> {
  const executablePath = findChromium();
  if (executablePath === undefined) return 'no chromium found';
  const chromium = await playwrightChromium();
  if (chromium === undefined) return 'playwright-core is not installed';
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS, timeout: 30_000 });
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
    await page.goto(pathToFileURL(htmlFile).href);
    await page.screenshot({ path: png });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await browser.close();
  }
}
