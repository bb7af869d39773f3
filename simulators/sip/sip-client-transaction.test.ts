import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TimerHandle } from '../lab/clock.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { ClientTransaction } from './sip-client-transaction.ts';
import type { SipResponse } from './sip-message.ts';
import { parseSipMessage } from './sip-parser.ts';
import { DEFAULT_SIP_TIMERS, type SipTimerValues } from './sip-timers.ts';

// RFC 3261 §17.1 client transactions on the ManualClock with a recording fake transport: every
// event is logged with its time since start(), so each timer's value is asserted exactly.

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

function response(status: number, method: string): SipResponse {
  const m = parseSipMessage(
    Buffer.from(`SIP/2.0 ${status} X\r\nCSeq: 1 ${method}\r\nContent-Length: 0\r\n\r\n`),
  );
  if (m instanceof Error || m.kind !== 'response') throw new Error('bad fixture');
  return m;
}

interface Options {
  readonly reliable?: boolean;
  readonly timers?: SipTimerValues;
}

function startClient(method: string, { reliable = false, timers = DEFAULT_SIP_TIMERS }: Options = {}) {
  const clock = new BoundedClock();
  const t0 = clock.now();
  const at = () => clock.now() - t0;
  const log = {
    /** Times of the retransmissions (the first send is checked separately). */
    retransmissions: [] as number[],
    firstSends: 0,
    acks: [] as Array<[number, number]>,
    responses: [] as number[],
    timeouts: [] as Array<[string, number]>,
    terminated: [] as number[],
  };
  const tx = new ClientTransaction({
    method,
    clock,
    timers,
    reliable,
    send: (retransmission) => {
      if (retransmission) log.retransmissions.push(at());
      else log.firstSends++;
    },
    sendAck: (r) => log.acks.push([r.status, at()]),
    onResponse: (r) => log.responses.push(r.status),
    onTimeout: (timer) => log.timeouts.push([timer, at()]),
    onTerminated: () => log.terminated.push(at()),
  });
  tx.start();
  return { clock, log, tx };
}

/**
 * Move `clock` to `until` (ms since start) in 100 ms steps; after each step exactly the
 * `expected` times reached so far have happened (so a timer that fires too often fails at once).
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

test('17.1.1.2 Timer A: an INVITE on UDP is resent at T1, 2*T1, 4*T1 ... (no cap at T2)', () => {
  const { clock, log } = startClient('INVITE', { timers: { t1: 500, t2: 1000, t4: 5000 } });
  assert.equal(log.firstSends, 1);
  stepThrough(clock, 31_900, () => log.retransmissions, [500, 1500, 3500, 7500, 15_500, 31_500]);
});

test('17.1.1.2 Timer B: an unanswered INVITE times out at 64*T1 and stops retransmitting', () => {
  const { clock, log } = startClient('INVITE', { timers: { t1: 100, t2: 4000, t4: 5000 } });
  clock.advance(6399);
  assert.deepEqual(log.timeouts, []);
  clock.advance(1);
  assert.deepEqual(log.timeouts, [['B', 6400]]);
  assert.deepEqual(log.terminated, [6400]);
  clock.advance(100_000);
  assert.deepEqual(log.retransmissions, [100, 300, 700, 1500, 3100, 6300]);
  assert.equal(clock.pending, 0);
});

test('17.1.2.2 Timer E: a non-INVITE on UDP is resent at T1 doubling up to T2, Timer F at 64*T1', () => {
  const { clock, log } = startClient('INFO');
  const expected = [500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500];
  stepThrough(clock, 31_900, () => log.retransmissions, expected);
  assert.deepEqual(log.timeouts, []);
  clock.advance(100);
  assert.deepEqual(log.retransmissions, expected);
  assert.deepEqual(log.timeouts, [['F', 32_000]]);
  assert.deepEqual(log.terminated, [32_000]);
  assert.equal(clock.pending, 0);
});

test('17.1.2.2 a provisional response in Trying moves to Proceeding: retransmit every T2', () => {
  const { clock, log, tx } = startClient('INFO');
  tx.receive(response(100, 'INFO'));
  tx.receive(response(180, 'INFO'));
  assert.deepEqual(log.responses, [100, 180]);
  clock.advance(13_000);
  // the retransmission already scheduled at T1, then every T2
  assert.deepEqual(log.retransmissions, [500, 4500, 8500, 12_500]);
});

test('17.1.2.2 a final response to a non-INVITE ends the transaction at once (Timer K is 0)', () => {
  const { clock, log, tx } = startClient('INFO');
  clock.advance(600);
  tx.receive(response(200, 'INFO'));
  assert.deepEqual(log.terminated, [600]);
  assert.deepEqual(log.responses, [200]);
  assert.equal(clock.pending, 0);
  tx.receive(response(200, 'INFO')); // a retransmission finds the transaction terminated
  clock.advance(60_000);
  assert.deepEqual(log.responses, [200]);
  assert.deepEqual(log.retransmissions, [500]);
  assert.deepEqual(log.timeouts, []);
  assert.deepEqual(log.acks, []);
});

test('17.1.1.2 a provisional response stops Timer A; Timer B still bounds Proceeding', () => {
  const { clock, log, tx } = startClient('INVITE');
  clock.advance(600);
  tx.receive(response(100, 'INVITE'));
  tx.receive(response(180, 'INVITE'));
  assert.deepEqual(log.responses, [100, 180]);
  clock.advance(31_399);
  assert.deepEqual(log.retransmissions, [500]);
  assert.deepEqual(log.timeouts, []);
  clock.advance(1);
  assert.deepEqual(log.timeouts, [['B', 32_000]]);
});

test('17.1.1.2 a 2xx to INVITE is passed to the TU and the transaction ends (no ACK from it)', () => {
  const { clock, log, tx } = startClient('INVITE');
  clock.advance(700);
  tx.receive(response(200, 'INVITE'));
  assert.deepEqual(log.responses, [200]);
  assert.deepEqual(log.terminated, [700]);
  assert.deepEqual(log.acks, []);
  assert.equal(clock.pending, 0);
  clock.advance(60_000);
  assert.deepEqual(log.retransmissions, [500]);
  assert.deepEqual(log.timeouts, []);
});

test('17.1.1.3 a non-2xx final to INVITE on UDP is ACKed; Timer D (32 s) absorbs retransmissions', () => {
  const { clock, log, tx } = startClient('INVITE');
  clock.advance(700);
  tx.receive(response(486, 'INVITE'));
  assert.deepEqual(log.acks, [[486, 700]]);
  assert.deepEqual(log.responses, [486]);
  assert.deepEqual(log.terminated, []);
  clock.advance(1000);
  tx.receive(response(486, 'INVITE')); // retransmitted final: the ACK again, not passed up
  assert.deepEqual(log.acks, [
    [486, 700],
    [486, 1700],
  ]);
  assert.deepEqual(log.responses, [486]);
  clock.advance(30_999); // t = 32 699: Timer B (32 000) was cancelled on entering Completed
  assert.deepEqual(log.timeouts, []);
  assert.deepEqual(log.terminated, []);
  assert.deepEqual(log.retransmissions, [500]);
  clock.advance(1);
  assert.deepEqual(log.terminated, [32_700]);
  assert.equal(clock.pending, 0);
  tx.receive(response(486, 'INVITE')); // after Timer D: no transaction, no ACK
  assert.equal(log.acks.length, 2);
});

test('17.1.1.3 on TCP a non-2xx final to INVITE is ACKed and the transaction ends (Timer D is 0)', () => {
  const { clock, log, tx } = startClient('INVITE', { reliable: true });
  tx.receive(response(180, 'INVITE'));
  tx.receive(response(603, 'INVITE'));
  assert.deepEqual(log.acks, [[603, 0]]);
  assert.deepEqual(log.responses, [180, 603]);
  assert.deepEqual(log.terminated, [0]);
  assert.equal(clock.pending, 0);
});

test('17.1.1.2 on TCP nothing is retransmitted; Timer B still fires at 64*T1', () => {
  const { clock, log } = startClient('INVITE', { reliable: true });
  clock.advance(32_000);
  assert.deepEqual(log.retransmissions, []);
  assert.deepEqual(log.timeouts, [['B', 32_000]]);
});

test('17.1.2.2 on TCP a non-INVITE has no Timer E; Timer F fires at 64*T1', () => {
  const { clock, log, tx } = startClient('REGISTER', { reliable: true });
  tx.receive(response(100, 'REGISTER'));
  clock.advance(32_000);
  assert.deepEqual(log.retransmissions, []);
  assert.deepEqual(log.timeouts, [['F', 32_000]]);
  assert.equal(clock.pending, 0);
});

test('17.1.1.3 every final response from 300 up to INVITE is ACKed by the transaction (300 included)', () => {
  const { log, tx } = startClient('INVITE');
  tx.receive(response(300, 'INVITE'));
  assert.deepEqual(log.acks, [[300, 0]]);
  assert.deepEqual(log.responses, [300]);
});

test('17.1.2.2 a non-INVITE is never ACKed: a 4xx final ends it at once', () => {
  const { clock, log, tx } = startClient('OPTIONS');
  tx.receive(response(404, 'OPTIONS'));
  assert.deepEqual(log.acks, []);
  assert.deepEqual(log.responses, [404]);
  assert.deepEqual(log.terminated, [0]);
  assert.equal(clock.pending, 0);
});
