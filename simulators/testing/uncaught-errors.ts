import { after, before } from 'node:test';

/**
 * The uncaught exceptions and unhandled rejections raised while this test file runs, collected so
 * that a fuzz or property oracle can assert the list stays empty after each case and name what
 * escaped (bad input must never escape a node's handlers, issue 3 "Bad input"; node:test also
 * fails the test that was running). Listens from the `before` hook registered by this call to its
 * `after` hook.
 */
export function collectUncaught(): unknown[] {
  const seen: unknown[] = [];
  const collect = (e: unknown): void => {
    seen.push(e);
  };
  before(() => {
    process.on('uncaughtException', collect);
    process.on('unhandledRejection', collect);
  });
  after(() => {
    process.off('uncaughtException', collect);
    process.off('unhandledRejection', collect);
  });
  return seen;
}
