import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../simulators/lab/manual-clock.ts';
import { progressLogger, roundTo, waitUntil } from './bench-support.ts';

test('roundTo rounds to the given decimals, half away from zero as Math.round does', () => {
  assert.equal(roundTo(1.23456, 1), 1.2);
  assert.equal(roundTo(1.25, 1), 1.3);
  assert.equal(roundTo(1.23456, 3), 1.235);
  assert.equal(roundTo(1234.5, 0), 1235);
});

test('waitUntil: true as soon as the condition holds, false once the clock passed the time-out', async () => {
  const clock = new ManualClock();
  let done = false;
  const held = waitUntil(() => done, 1000, clock);
  clock.advance(5);
  done = true;
  clock.advance(5);
  assert.equal(await held, true);
  const never = waitUntil(() => false, 20, clock);
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setImmediate(r));
    clock.advance(5);
  }
  assert.equal(await never, false);
});

test('progressLogger writes one tagged line', () => {
  const lines: string[] = [];
  progressLogger('csta-latency', (t) => lines.push(t))('phase 1');
  assert.deepEqual(lines, ['[csta-latency] phase 1\n']);
});
