/**
 * A StationSession's life on a real TCP connection, on a ManualClock: the log line and `bad-input`
 * observation of a bad frame (Wireshark packet-skinny (framing): an unknown message id is ignored,
 * a length below 4 closes the connection), a socket error, the lingering close (destroyed after
 * LINGER_MS at the latest) and the slow-client close (a frame left incomplete for the partial-frame
 * limit: no linger).
 */
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { type Observation, ObservationStream } from '../lab/observation.ts';
import { LINGER_MS, StationSession } from './station-session.ts';

let server: Server;
let port: number;
const accepted: Socket[] = [];
const clients: Socket[] = [];

before(async () => {
  server = createServer((s) => accepted.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
after(async () => {
  for (const s of [...accepted, ...clients]) s.destroy();
  await new Promise((r) => server.close(r));
});

async function until(pred: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A connection to the listener: the client socket and a session on the accepted end. */
async function sessionPair(partialFrameTimeoutMs?: number) {
  const n = accepted.length;
  // allowHalfOpen: the client answers no FIN with its own, so a lingering close waits for the clock.
  const client = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  clients.push(client);
  await new Promise<void>((r) => client.once('connect', () => r()));
  await until(() => accepted.length > n, 'the accepted socket');
  const socket = accepted[n]!;
  const clock = new ManualClock();
  const observations = new ObservationStream();
  const seen: Observation[] = [];
  observations.subscribe((o) => seen.push(o));
  const log: string[] = [];
  const closes: string[] = [];
  const session = new StationSession({
    socket,
    id: `sccp-${n}`,
    listener: 'main',
    source: 'cme',
    clock,
    observations,
    onMessage: () => {},
    onClose: (_s, reason) => closes.push(reason),
    log: (line) => log.push(line),
    ...(partialFrameTimeoutMs === undefined ? {} : { partialFrameTimeoutMs }),
  });
  const state = (topic: string) =>
    seen.flatMap((o) => (o.kind === 'state' && o.topic === topic ? [o.detail] : []));
  return { client, socket, clock, session, log, closes, state, seen };
}

/** One SCCP frame: u32 LE length (4 + body), u32 LE header version, u32 LE message id, body. */
function frame(id: number, body = Buffer.alloc(0), length = 4 + body.length): Buffer {
  const f = Buffer.alloc(12 + body.length);
  f.writeUInt32LE(length, 0);
  f.writeUInt32LE(0, 4);
  f.writeUInt32LE(id, 8);
  body.copy(f, 12);
  return f;
}

test('an unknown message id is logged and ignored; a length below 4 closes the connection', async () => {
  const p = await sessionPair();
  const where = `unregistered@127.0.0.1:${p.client.localPort}`;
  assert.equal(p.session.label(), where);
  p.client.write(frame(0x7ffe));
  await until(() => p.log.length === 1, 'the bad-input log line');
  assert.match(p.log[0]!, new RegExp(`^${where}: bad SCCP input \\(.+\\); ignored$`));
  assert.deepEqual(
    p.state('bad-input').map((d) => [d['connection'], d['fatal'], d['bytes']]),
    [[p.session.id, false, 12]],
  );
  assert.equal(p.session.closed, false);

  p.client.write(frame(0x0000, Buffer.alloc(0), 2));
  await until(() => p.session.closed, 'the close');
  assert.match(p.log[1]!, new RegExp(`^${where}: bad SCCP input \\(.+\\); closing connection$`));
  assert.equal(p.state('bad-input')[1]!['fatal'], true);
  assert.match(p.closes[0]!, /^bad input: /);
  assert.equal(p.session.phase, 'closed');
});

test('a lingering close: FIN at once, the socket destroyed after LINGER_MS at the latest', async () => {
  const p = await sessionPair();
  p.session.close('test close');
  assert.deepEqual(p.closes, ['test close']);
  const closeObs = p.seen.filter((o) => o.kind === 'connection' && o.event === 'close');
  assert.equal(closeObs.length, 1);
  // The peer keeps its end open: the session's socket waits, then is destroyed by the clock.
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(p.socket.destroyed, false, 'still reading while it lingers');
  p.clock.advance(LINGER_MS - 1);
  assert.equal(p.socket.destroyed, false);
  p.clock.advance(1);
  assert.equal(p.socket.destroyed, true);
  // A second close changes nothing.
  p.session.close('again');
  assert.deepEqual(p.closes, ['test close']);
});

test('a socket error closes the session with its message', async () => {
  const p = await sessionPair();
  p.socket.destroy(new Error('boom'));
  await until(() => p.closes.length > 0, 'the close');
  assert.equal(p.closes[0], 'socket error: boom');
  assert.equal(p.session.closed, true);
});

test('a frame left incomplete past the limit: slow-client log, observation and a close without linger', async () => {
  const p = await sessionPair(1000);
  const full = frame(0x0000);
  p.client.write(full.subarray(0, 6));
  await until(() => p.session.partialFrameBytes === 6, 'the partial frame');
  p.clock.advance(999);
  assert.equal(p.session.closed, false);
  p.clock.advance(1);
  assert.equal(p.session.closed, true);
  const where = `unregistered@127.0.0.1:${p.client.localPort}`;
  assert.deepEqual(p.log, [
    `${where}: slow client (a frame incomplete for 1000 ms (6 bytes held)); closing connection`,
  ]);
  const [d] = p.state('slow-client');
  assert.deepEqual(
    { reason: d?.['reason'], afterMs: d?.['afterMs'], bytes: d?.['bytes'], device: d?.['device'] },
    { reason: 'partial-frame', afterMs: 1000, bytes: 6, device: undefined },
  );
  assert.deepEqual(p.closes, ['slow client: a frame incomplete for 1000 ms (6 bytes held)']);
  // No linger: the socket goes once its writes are flushed, without the clock.
  await until(() => p.socket.destroyed, 'the socket destroyed');
});
