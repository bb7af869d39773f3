import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { collectUncaught } from './uncaught-errors.ts';

const uncaught = collectUncaught();
let ours:
  | { exception: NodeJS.UncaughtExceptionListener; rejection: NodeJS.UnhandledRejectionListener }
  | undefined;

test('while the file runs, the last listener of each event collects what reaches it', () => {
  // Called as the process would call them (raising one for real would also fail this test:
  // node:test reports it against the running test).
  const exception = process.listeners('uncaughtException').at(-1)!;
  const rejection = process.listeners('unhandledRejection').at(-1)!;
  ours = { exception, rejection };
  const thrown = new Error('thrown in a timer');
  const rejected = new Error('nobody catches this');
  exception(thrown, 'uncaughtException');
  rejection(rejected, Promise.resolve());
  assert.deepEqual(uncaught, [thrown, rejected]);
  uncaught.length = 0;
});

after(() => {
  // Registered after collectUncaught's own `after`, so it runs once the listeners are gone.
  assert.ok(ours !== undefined);
  assert.equal(process.listeners('uncaughtException').includes(ours.exception), false);
  assert.equal(process.listeners('unhandledRejection').includes(ours.rejection), false);
});
