/**
 * What a StationSession reads off its socket when it starts: both ends (falling back to 127.0.0.1
 * and port 0 for a socket that has none left, one the peer reset before the session began), the
 * 'connected' phase before any RegisterReq, and Nagle off (`setNoDelay(true)`): SCCP answers are
 * small frames a phone waits for, which Nagle's algorithm would hold back until the previous
 * segment is acknowledged (RFC 9293 §3.7.4, RFC 1122 §4.2.3.4).
 */
import assert from 'node:assert/strict';
import { Socket } from 'node:net';
import { test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { type Endpoint, type Observation, ObservationStream } from '../lab/observation.ts';
import { StationSession } from './station-session.ts';

function sessionOn(socket: Socket, observations = new ObservationStream(), local?: Endpoint) {
  return new StationSession({
    socket,
    local,
    id: 'sccp-1',
    listener: 'main',
    source: 'cme',
    clock: new ManualClock(),
    observations,
    onMessage: () => {},
    onClose: () => {},
    log: () => {},
  });
}

test('a socket with no addresses left: both ends 127.0.0.1 port 0, phase connected, Nagle off', () => {
  const socket = new Socket();
  const noDelay: Array<boolean | undefined> = [];
  const setNoDelay = socket.setNoDelay.bind(socket);
  socket.setNoDelay = (on?: boolean) => {
    noDelay.push(on);
    return setNoDelay(on);
  };
  const observations = new ObservationStream();
  const seen: Observation[] = [];
  observations.subscribe((o) => seen.push(o));
  const session = sessionOn(socket, observations);
  try {
    assert.deepEqual(session.local, { host: '127.0.0.1', port: 0 });
    assert.deepEqual(session.remote, { host: '127.0.0.1', port: 0 });
    assert.equal(session.stationIp, '127.0.0.1');
    assert.equal(session.phase, 'connected');
    assert.equal(session.closed, false);
    assert.deepEqual(noDelay, [true]);
    assert.deepEqual(
      seen.map((o) => (o.kind === 'connection' ? [o.event, o.client, o.server] : o.kind)),
      [['open', { host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: 0 }]],
    );
  } finally {
    session.close('test over');
    socket.destroy();
  }
});

test("the listener's local end, when given, is taken as it is (v4-mapped form stripped)", () => {
  const socket = new Socket();
  const session = sessionOn(socket, new ObservationStream(), { host: '::ffff:127.0.0.9', port: 2000 });
  try {
    assert.deepEqual(session.local, { host: '127.0.0.9', port: 2000 });
  } finally {
    session.close('test over');
    socket.destroy();
  }
});
