import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitForSignal } from './wait-for-signal.ts';

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} ends the wait, and the wait then listens to neither signal`, async () => {
    const before = { term: process.listenerCount('SIGTERM'), int: process.listenerCount('SIGINT') };
    let ended = false;
    const waiting = waitForSignal().then(() => {
      ended = true;
    });
    assert.equal(process.listenerCount('SIGTERM'), before.term + 1);
    assert.equal(process.listenerCount('SIGINT'), before.int + 1);
    await new Promise((r) => setImmediate(r));
    assert.equal(ended, false);
    process.emit(signal);
    await waiting;
    assert.equal(ended, true);
    assert.equal(process.listenerCount('SIGTERM'), before.term);
    assert.equal(process.listenerCount('SIGINT'), before.int);
  });
}
