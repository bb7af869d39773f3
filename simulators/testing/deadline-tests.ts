/**
 * Tests of real sockets on a ManualClock, where no protocol timer ever fires: every test has a
 * wall-time deadline (generous for a loaded machine), so a request nobody answers fails the test
 * instead of hanging it; the cleanups a test pushes run after it, newest first, each within the
 * same deadline. Call at the top of a test file (it registers an `afterEach` hook).
 */
import { afterEach, test as nodeTest } from 'node:test';

export type Cleanup = () => Promise<void> | void;

export function deadlineTests(deadlineMs: number): {
  /** node:test's `test` with `{ timeout: deadlineMs }`. */
  test: (name: string, fn: () => Promise<void> | void) => Promise<void>;
  /** Pushed by a test; run after it, newest first. */
  cleanups: Cleanup[];
} {
  const cleanups: Cleanup[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await within(c(), 'cleanup', deadlineMs);
  });
  return { test: (name, fn) => nodeTest(name, { timeout: deadlineMs }, fn), cleanups };
}

async function within(work: Promise<void> | void, what: string, deadlineMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
