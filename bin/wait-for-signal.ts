/**
 * Resolves on the first SIGTERM or SIGINT (then listens no more): how the foreground commands
 * (`serve`, `phones`, `lab up`) wait to end. Its own module so a command that imports it loads
 * nothing else (serve acd and serve cucm must not load the CME: a fast start, issue 13).
 */
export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGTERM', done);
      process.off('SIGINT', done);
      resolve();
    };
    process.on('SIGTERM', done);
    process.on('SIGINT', done);
  });
}
