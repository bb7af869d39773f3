// What every benchmark script shares: rounding of printed figures, waiting on a clock, progress
// lines on stderr and the exit of its main function (figures on stdout and in JSON, errors and
// progress on stderr, exit code 1 on a failure).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Clock, systemClock } from '../simulators/lab/clock.ts';

/** `v` rounded to `digits` decimals (figures printed and written to JSON). */
export function roundTo(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function sleepOn(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/** Resolve when `done()` holds or after `timeoutMs` (checked every 5 ms); true when it held. */
export async function waitUntil(
  done: () => boolean,
  timeoutMs: number,
  clock: Clock = systemClock,
): Promise<boolean> {
  const deadline = clock.now() + timeoutMs;
  while (!done()) {
    if (clock.now() >= deadline) return false;
    await sleepOn(clock, 5);
  }
  return true;
}

/** Writes a bench's JSON report to `path` (its folder made first), two-space indented. */
export async function writeJsonReport(path: string, report: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}

/** A progress printer: `[tag] message` on stderr, so stdout keeps only the figures. */
export function progressLogger(tag: string, write: (text: string) => void = (t) => process.stderr.write(t)) {
  return (message: string): void => write(`[${tag}] ${message}\n`);
}

/**
 * Runs a benchmark's main: its resolved value is the exit code; a throw prints the stack as
 * `<name>: ...` on stderr, runs `onFailure` (kill children, say) and exits 1.
 */
export function runBenchMain(
  name: string,
  main: (argv: string[]) => Promise<number>,
  onFailure: () => void = () => {},
): Promise<void> {
  return main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      onFailure();
      process.exitCode = 1;
    },
  );
}
