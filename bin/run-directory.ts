/**
 * Names of run directories and the `latest` pointer shared by `ctilab run` (reports/runs/) and
 * `ctilab validate-client` (reports/validation/): nothing of an earlier run is overwritten.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** `20261206-173542-26437d`: UTC date and time, then a random id. */
export function runDirectoryName(now: Date, id = randomBytes(3).toString('hex')): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${id}`;
}

/** Points `<out>/latest` at `runDir` (a relative symlink; `latest.txt` where links are refused). */
export function pointLatest(out: string, runDir: string): string {
  const link = join(out, 'latest');
  try {
    rmSync(link, { force: true });
    symlinkSync(relative(out, runDir), link);
    return link;
  } catch {
    writeFileSync(join(out, 'latest.txt'), `${runDir}\n`);
    return join(out, 'latest.txt');
  }
}
