import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TimerHandle } from '../lab/clock.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { ServerTransaction } from './sip-server-transaction.ts';
import { DEFAULT_SIP_TIMERS } from './sip-timers.ts';

// RFC 3261 §17.2 server transactions on the ManualClock with a recording fake transport: every
// send is logged as [status, retransmission, time since the transaction opened].

/**
 * A ManualClock that fails the test when more than 1000 timers are armed: a transaction arms a
 * few dozen in 64*T1, and one that re-arms without end would otherwise hang `advance()`.
 */
class BoundedClock extends ManualClock {
  private armed = 0;

  override setTimeout(fn: () => void, ms: number): TimerHandle {
    this.armed++;
    if (this.armed > 1000) throw new Error('runaway timer: more than 1000 timers armed');
    return super.setTimeout(fn, ms);
  }
}

const bytesOf = (status: number) => new TextEncoder().encode(`SIP/2.0 ${status} X\r\n\r\n`);

function openServer(method: string, reliable = false) {
  const clock = new BoundedClock();
  const t0 = clock.now();
  const at = () => clock.now() - t0;
  const log = {
    sent: [] as Array<[number, boolean, number]>,
    bytes: [] as string[],
    ackTimeouts: [] as Array<[number, number]>,
    terminated: [] as number[],
  };
  const tx = new ServerTransaction({
    method,
    clock,
    timers: DEFAULT_SIP_TIMERS,
    reliable,
    send: (bytes, status, retransmission) => {
      log.sent.push([status, retransmission, at()]);
      log.bytes.push(new TextDecoder().decode(bytes));
    },
    onAckTimeout: (status) => log.ackTimeouts.push([status, at()]),
    onTerminated: () => log.terminated.push(at()),
  });
  const retransmissionTimes = () => log.sent.filter(([, r]) => r).map(([, , t]) => t);
  return { clock, log, tx, retransmissionTimes };
}

/**
 * Move `clock` to `until` (ms since the transaction opened) in 100 ms steps; after each step
 * exactly the `expected` times reached so far have happened.
 */
function stepThrough(clock: ManualClock, until: number, actual: () => number[], expected: number[]): void {
  for (let now = 100; now <= until; now += 100) {
    clock.advance(100);
    assert.deepEqual(
      actual(),
      expected.filter((t) => t <= now),
      `at ${now} ms`,
    );
  }
}

test('17.2.1 a retransmitted INVITE gets the most recent provisional response again', () => {
  const { clock, log, tx } = openServer('INVITE');
  tx.retransmission(); // nothing sent yet: nothing to resend
  assert.deepEqual(log.sent, []);
  tx.respond(bytesOf(100), 100);
  tx.respond(bytesOf(180), 180);
  assert.equal(tx.finalStatus, undefined);
  tx.retransmission();
  assert.deepEqual(log.sent, [
    [100, false, 0],
    [180, false, 0],
    [180, true, 0],
  ]);
  assert.equal(log.bytes[2], 'SIP/2.0 180 X\r\n\r\n');
  clock.advance(100_000); // a provisional response starts no timer
  assert.equal(log.sent.length, 3);
  assert.deepEqual(log.terminated, []);
  assert.equal(tx.isTerminated, false);
});

test('17.2.1 Timer G: a non-2xx final to INVITE on UDP is resent at T1 doubling to T2; Timer H at 64*T1', () => {
  const { clock, log, tx, retransmissionTimes } = openServer('INVITE');
  tx.respond(bytesOf(180), 180);
  tx.respond(bytesOf(486), 486);
  assert.equal(tx.finalStatus, 486);
  const timerG = [500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500];
  stepThrough(clock, 31_900, retransmissionTimes, timerG);
  clock.advance(99);
  assert.ok(log.sent.slice(2).every(([status]) => status === 486));
  assert.deepEqual(log.ackTimeouts, []);
  clock.advance(1);
  assert.deepEqual(log.ackTimeouts, [[486, 32_000]]);
  assert.deepEqual(log.terminated, [32_000]);
  assert.equal(tx.isTerminated, true);
  assert.equal(clock.pending, 0);
});

test('17.2.1 the ACK moves the INVITE transaction on: retransmissions and Timer H stop', () => {
  const { clock, log, tx, retransmissionTimes } = openServer('INVITE');
  tx.respond(bytesOf(404), 404);
  clock.advance(2000);
  tx.ack();
  assert.deepEqual(log.terminated, [2000]);
  assert.equal(clock.pending, 0);
  clock.advance(60_000);
  assert.deepEqual(retransmissionTimes(), [500, 1500]);
  assert.deepEqual(log.ackTimeouts, []);
  tx.retransmission(); // a late INVITE retransmission finds the transaction over
  assert.equal(log.sent.length, 3);
});

test('17.2.1 an ACK before any final response is not the ACK of this transaction', () => {
  const { log, tx } = openServer('INVITE');
  tx.respond(bytesOf(180), 180);
  tx.ack();
  assert.deepEqual(log.terminated, []);
  tx.respond(bytesOf(200), 200);
  assert.equal(tx.finalStatus, 200);
});

test('13.3.1.4 a 2xx to INVITE is resent at T1 doubling to T2 until the ACK, also on TCP', () => {
  const { clock, log, tx, retransmissionTimes } = openServer('INVITE', true);
  tx.respond(bytesOf(200), 200);
  stepThrough(clock, 11_500, retransmissionTimes, [500, 1500, 3500, 7500, 11_500]);
  tx.ack();
  clock.advance(60_000);
  assert.equal(retransmissionTimes().length, 5);
  assert.deepEqual(log.ackTimeouts, []);
  assert.deepEqual(log.terminated, [11_500]);
});

test('13.3.1.4 a 2xx never ACKed: the UAS gives up after 64*T1 and reports it', () => {
  const { clock, log, tx } = openServer('INVITE');
  tx.respond(bytesOf(200), 200);
  clock.advance(32_000);
  assert.deepEqual(log.ackTimeouts, [[200, 32_000]]);
  assert.equal(clock.pending, 0);
});

test('17.2.1 on TCP a non-2xx final (300-699) to INVITE is not retransmitted; Timer H still runs', () => {
  for (const status of [300, 603]) {
    const { clock, log, tx } = openServer('INVITE', true);
    tx.respond(bytesOf(status), status);
    clock.advance(31_999);
    assert.deepEqual(log.sent, [[status, false, 0]]);
    assert.deepEqual(log.terminated, []);
    clock.advance(1);
    assert.deepEqual(log.ackTimeouts, [[status, 32_000]]);
  }
});

test('17.2.2 a non-INVITE final on UDP: request retransmissions get it again until Timer J (64*T1)', () => {
  const { clock, log, tx } = openServer('INFO');
  tx.respond(bytesOf(200), 200);
  assert.equal(tx.finalStatus, 200);
  clock.advance(31_999);
  tx.retransmission();
  tx.ack(); // a non-INVITE transaction has no ACK: it stays in Completed
  assert.deepEqual(log.sent, [
    [200, false, 0],
    [200, true, 31_999],
  ]);
  assert.deepEqual(log.terminated, []);
  clock.advance(1);
  assert.deepEqual(log.terminated, [32_000]);
  tx.retransmission();
  assert.equal(log.sent.length, 2);
  assert.equal(clock.pending, 0);
});

test('17.2.2 a non-INVITE final on TCP ends the transaction at once (Timer J is 0)', () => {
  const { clock, log, tx } = openServer('OPTIONS', true);
  tx.respond(bytesOf(100), 100);
  assert.deepEqual(log.terminated, []);
  tx.respond(bytesOf(200), 200);
  assert.deepEqual(log.terminated, [0]);
  assert.equal(clock.pending, 0);
});

test('17.2 only one final response goes out; a terminated transaction sends nothing', () => {
  const { log, tx } = openServer('INVITE');
  tx.respond(bytesOf(486), 486);
  tx.respond(bytesOf(200), 200);
  assert.equal(tx.finalStatus, 486);
  const idle = openServer('INFO');
  idle.tx.terminate();
  idle.tx.respond(bytesOf(200), 200);
  idle.tx.terminate(); // terminating twice reports it once
  assert.deepEqual(idle.log.sent, []);
  assert.deepEqual(idle.log.terminated, [0]);
  assert.deepEqual(log.sent, [[486, false, 0]]);
});

test('17.2.2 terminating a non-INVITE transaction in Completed cancels Timer J', () => {
  const { clock, log, tx } = openServer('INFO');
  tx.respond(bytesOf(200), 200);
  tx.terminate();
  assert.equal(clock.pending, 0);
  clock.advance(32_000);
  assert.deepEqual(log.terminated, [0]);
});
