import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { PhoneKeepalive } from './keepalive.ts';

test('sends one KeepAliveReq per interval and gives up after missLimit unanswered', () => {
  const clock = new ManualClock();
  let sent = 0;
  let lost: number | undefined;
  const ka = new PhoneKeepalive({
    clock,
    intervalMs: 30_000,
    missLimit: 3,
    send: () => sent++,
    lost: (n) => {
      lost = n;
    },
  });
  clock.advance(29_999);
  assert.equal(sent, 0);
  clock.advance(1);
  assert.equal(sent, 1);
  clock.advance(60_000);
  assert.equal(sent, 3);
  assert.equal(lost, undefined);
  clock.advance(30_000);
  assert.equal(lost, 3);
  assert.equal(sent, 3);
  assert.equal(clock.pending, 0, 'the interval timer is cancelled once lost');
  assert.ok(ka.unanswered === 3);
});

test('KeepAliveAck resets the count, so an answering server is never lost', () => {
  const clock = new ManualClock();
  let lost = false;
  const ka = new PhoneKeepalive({
    clock,
    intervalMs: 1000,
    missLimit: 2,
    send: () => queueMicrotask(() => ka.ack()),
    lost: () => {
      lost = true;
    },
  });
  for (let i = 0; i < 10; i++) {
    clock.advance(1000);
    ka.ack();
  }
  assert.equal(lost, false);
  ka.stop();
  assert.equal(clock.pending, 0);
});
