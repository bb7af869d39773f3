import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { ClientTransaction } from './sip-client-transaction.ts';
import type { SipResponse } from './sip-message.ts';
import { parseSipMessage } from './sip-parser.ts';
import { ServerTransaction } from './sip-server-transaction.ts';
import { DEFAULT_SIP_TIMERS } from './sip-timers.ts';

function response(status: number, method: string): SipResponse {
  const m = parseSipMessage(
    Buffer.from(`SIP/2.0 ${status} X\r\nCSeq: 1 ${method}\r\nContent-Length: 0\r\n\r\n`),
  );
  if (m instanceof Error || m.kind !== 'response') throw new Error('bad fixture');
  return m;
}

function client(method: string, reliable: boolean) {
  const clock = new ManualClock();
  const log = {
    sends: 0,
    retrans: 0,
    acks: 0,
    responses: [] as number[],
    timeout: '' as string,
    terminated: false,
  };
  const tx = new ClientTransaction({
    method,
    clock,
    timers: DEFAULT_SIP_TIMERS,
    reliable,
    send: (r) => {
      log.sends++;
      if (r) log.retrans++;
    },
    sendAck: () => log.acks++,
    onResponse: (r) => log.responses.push(r.status),
    onTimeout: (t) => {
      log.timeout = t;
    },
    onTerminated: () => {
      log.terminated = true;
    },
  });
  tx.start();
  return { clock, log, tx };
}

test('UDP INVITE: Timer A doubles (0.5,1,2,4,8,16 s) then Timer B at 64*T1', () => {
  const { clock, log } = client('INVITE', false);
  clock.advance(31_999);
  assert.equal(log.retrans, 6);
  assert.equal(log.timeout, '');
  clock.advance(1);
  assert.equal(log.timeout, 'B');
  assert.equal(log.terminated, true);
  clock.advance(100_000);
  assert.equal(log.retrans, 6);
});

test('UDP non-INVITE: Timer E capped at T2 (10 retransmissions), Timer F at 32 s', () => {
  const { clock, log } = client('INFO', false);
  clock.advance(32_000);
  assert.equal(log.retrans, 10);
  assert.equal(log.timeout, 'F');
});

test('non-INVITE in Proceeding retransmits every T2; final response stops everything', () => {
  const { clock, log, tx } = client('INFO', false);
  tx.receive(response(100, 'INFO'));
  clock.advance(500); // the already-scheduled first retransmission
  const before = log.retrans;
  clock.advance(4000);
  assert.equal(log.retrans, before + 1);
  tx.receive(response(200, 'INFO'));
  clock.advance(60_000);
  assert.equal(log.retrans, before + 1);
  assert.deepEqual(log.responses, [100, 200]);
  assert.equal(log.timeout, '');
});

test('TCP: no retransmissions, Timer B still bounds the wait', () => {
  const { clock, log } = client('INVITE', true);
  clock.advance(32_000);
  assert.equal(log.retrans, 0);
  assert.equal(log.timeout, 'B');
});

test('INVITE non-2xx final: ACKed, and a retransmitted final gets the ACK again (Timer D)', () => {
  const { log, tx } = client('INVITE', false);
  tx.receive(response(486, 'INVITE'));
  tx.receive(response(486, 'INVITE'));
  assert.equal(log.acks, 2);
  assert.deepEqual(log.responses, [486]);
});

function server(method: string, reliable: boolean) {
  const clock = new ManualClock();
  const log = { sent: [] as Array<[number, boolean]>, ackTimeout: 0, terminated: false };
  const tx = new ServerTransaction({
    method,
    clock,
    timers: DEFAULT_SIP_TIMERS,
    reliable,
    send: (_b, status, r) => log.sent.push([status, r]),
    onAckTimeout: (s) => {
      log.ackTimeout = s;
    },
    onTerminated: () => {
      log.terminated = true;
    },
  });
  return { clock, log, tx };
}

test('INVITE 2xx retransmitted (T1 doubling to T2) until ACK', () => {
  const { clock, log, tx } = server('INVITE', false);
  tx.respond(new Uint8Array(), 200);
  clock.advance(500 + 1000 + 2000); // 3 retransmissions
  assert.equal(log.sent.filter(([, r]) => r).length, 3);
  tx.ack();
  clock.advance(60_000);
  assert.equal(log.sent.filter(([, r]) => r).length, 3);
  assert.equal(log.terminated, true);
  assert.equal(log.ackTimeout, 0);
});

test('INVITE final without ACK: Timer H at 64*T1 reports the status', () => {
  const { clock, log, tx } = server('INVITE', false);
  tx.respond(new Uint8Array(), 486);
  clock.advance(32_000);
  assert.equal(log.ackTimeout, 486);
  // at 0.5, 1.5, 3.5, 7.5, 11.5 ... 31.5 s -> 10 retransmissions (Timer G capped at T2)
  assert.equal(log.sent.filter(([, r]) => r).length, 10);
});

test('non-INVITE: a request retransmission gets the last response until Timer J', () => {
  const { clock, log, tx } = server('INFO', false);
  tx.retransmission(); // nothing to resend yet
  tx.respond(new Uint8Array(), 200);
  tx.retransmission();
  assert.deepEqual(log.sent, [
    [200, false],
    [200, true],
  ]);
  clock.advance(32_000);
  assert.equal(log.terminated, true);
});
