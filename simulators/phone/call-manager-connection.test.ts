/**
 * The connection's two ends as it reports them (wire and connection observations, the dashboard
 * ladder) must be the true ends of the TCP connection, whether the far end came from the address
 * the phone dialled (no getpeername, issue 13) or from the socket (a name such as localhost).
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../lab/clock.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { type Observation, ObservationStream, type WireObservation } from '../lab/observation.ts';
import { encodeMessage } from '../sccp/codec.ts';
import { StationConnection, type StationFrame } from './call-manager-connection.ts';

/** A TCP listener on 127.0.0.1 standing in for the call manager: the sockets it accepted, in order. */
function callManagerPeer() {
  const accepted: Socket[] = [];
  const server: Server = createServer((s) => accepted.push(s));
  return {
    accepted,
    listen: async (): Promise<number> => {
      await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
      return (server.address() as { port: number }).port;
    },
    close: async (): Promise<void> => {
      for (const s of accepted) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('StationConnection ends', () => {
  const peer = callManagerPeer();
  let port: number;
  const accepted = peer.accepted;

  before(async () => {
    port = await peer.listen();
  });
  after(() => peer.close());

  const open = (host: string) =>
    StationConnection.connect({
      endpoint: { host, port },
      clock: systemClock,
      observations: undefined,
      source: 'SEP000000000001',
      connectTimeoutMs: 2000,
      handlers: { message: () => {}, badInput: () => {}, close: () => {} },
    });

  for (const host of ['127.0.0.1', '::ffff:127.0.0.1', 'localhost']) {
    test(`dialled as ${host}: the ends are those the server's socket sees, swapped`, async (t) => {
      const conn = await open(host).catch((err: Error) => err);
      if (conn instanceof Error) {
        // localhost may name ::1 first on a host whose resolver prefers IPv6: nothing listens there.
        t.skip(`${host}: ${conn.message}`);
        return;
      }
      const deadline = Date.now() + 2000;
      const peerOf = () => accepted.find((s) => s.remotePort === conn.localAddress.port);
      while (peerOf() === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      const peer = peerOf();
      assert.ok(peer, 'the server accepted the connection');
      assert.deepEqual(conn.remoteAddress, { host: '127.0.0.1', port });
      assert.deepEqual(conn.remoteAddress, { host: peer.localAddress, port: peer.localPort });
      assert.deepEqual(conn.localAddress, { host: peer.remoteAddress, port: peer.remotePort });
      conn.close();
    });
  }
});

describe('StationConnection traffic, observations and closes', () => {
  const peer = callManagerPeer();
  let port: number;
  const accepted = peer.accepted;

  before(async () => {
    port = await peer.listen();
  });
  after(() => peer.close());

  async function until(pred: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 2000;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async function opened() {
    const observations = new ObservationStream();
    const seen: Observation[] = [];
    observations.subscribe((o) => seen.push(o));
    const frames: StationFrame[] = [];
    const bad: Array<{ code: string; fatal: boolean }> = [];
    const closes: string[] = [];
    const before = accepted.length;
    const conn = await StationConnection.connect({
      endpoint: { host: '127.0.0.1', port },
      clock: systemClock,
      observations,
      source: 'SEP00000000C0DE',
      connectTimeoutMs: 2000,
      handlers: {
        message: (f) => frames.push(f),
        badInput: (e, fatal) => bad.push({ code: e.code, fatal }),
        close: (reason) => closes.push(reason),
      },
    });
    await until(() => accepted.length > before, 'the server accepting');
    const peer = accepted[accepted.length - 1]!;
    return { conn, peer, seen, frames, bad, closes };
  }

  test('id, open observation, a sent and a received frame observed with their ends, close observed', async () => {
    const { conn, peer, seen, frames, closes } = await opened();
    assert.match(conn.id, /^sccp:SEP00000000C0DE:\d+$/);
    const local = conn.localAddress;
    const remote = conn.remoteAddress;
    assert.deepEqual(seen[0], {
      kind: 'connection',
      time: (seen[0] as { time: number }).time,
      source: 'SEP00000000C0DE',
      protocol: 'sccp',
      connection: conn.id,
      event: 'open',
      client: local,
      server: remote,
    });
    const got: Buffer[] = [];
    peer.on('data', (b: Buffer) => got.push(b));
    assert.equal(conn.send({ type: 'TimeDateReq' }, 0), true);
    await until(() => Buffer.concat(got).length >= 12, 'the frame at the server');
    assert.deepEqual(Buffer.concat(got), encodeMessage({ type: 'TimeDateReq' }, 0));
    const sent = seen.find((o) => o.kind === 'wire') as WireObservation;
    assert.deepEqual(
      {
        source: sent.source,
        protocol: sent.protocol,
        transport: sent.transport,
        connection: sent.connection,
        src: sent.src,
        dst: sent.dst,
        decoded: sent.decoded,
      },
      {
        source: 'SEP00000000C0DE',
        protocol: 'sccp',
        transport: 'tcp',
        connection: conn.id,
        src: local,
        dst: remote,
        decoded: { type: 'TimeDateReq' },
      },
    );
    assert.deepEqual(Buffer.from(sent.bytes), encodeMessage({ type: 'TimeDateReq' }, 0));
    peer.write(encodeMessage({ type: 'KeepAliveAck' }, 0));
    await until(() => frames.length === 1, 'the frame at the phone');
    assert.equal(frames[0]!.message.type, 'KeepAliveAck');
    assert.equal(frames[0]!.messageId, 0x0100);
    const received = seen.filter((o) => o.kind === 'wire')[1] as WireObservation;
    assert.deepEqual(
      {
        source: received.source,
        protocol: received.protocol,
        transport: received.transport,
        connection: received.connection,
        src: received.src,
        dst: received.dst,
        decoded: received.decoded,
      },
      {
        source: 'SEP00000000C0DE',
        protocol: 'sccp',
        transport: 'tcp',
        connection: conn.id,
        src: remote,
        dst: local,
        decoded: { type: 'KeepAliveAck' },
      },
    );
    assert.deepEqual(Buffer.from(received.bytes), encodeMessage({ type: 'KeepAliveAck' }, 0));
    conn.close('test over');
    assert.deepEqual(closes, ['test over']);
    assert.equal(conn.isOpen, false);
    assert.equal(conn.send({ type: 'TimeDateReq' }, 0), false, 'nothing is sent once closed');
    const last = seen[seen.length - 1];
    assert.deepEqual(last, {
      kind: 'connection',
      time: (last as { time: number }).time,
      source: 'SEP00000000C0DE',
      protocol: 'sccp',
      connection: conn.id,
      event: 'close',
      client: local,
      server: remote,
    });
    conn.close('again');
    assert.deepEqual(closes, ['test over'], 'close reports once');
  });

  test('an unknown message id is reported and skipped; a bad length is fatal and closes', async () => {
    const { conn, peer, frames, bad, closes } = await opened();
    const unknown = Buffer.alloc(12);
    unknown.writeUInt32LE(4, 0);
    unknown.writeUInt32LE(0, 4);
    unknown.writeUInt32LE(0x7777, 8);
    peer.write(Buffer.concat([unknown, encodeMessage({ type: 'KeepAliveAck' }, 0)]));
    await until(() => frames.length === 1, 'the frame after the unknown one');
    assert.deepEqual(bad, [{ code: 'unknown-message', fatal: false }]);
    assert.equal(conn.isOpen, true);
    const short = Buffer.alloc(12);
    short.writeUInt32LE(2, 0);
    peer.write(short);
    await until(() => closes.length === 1, 'the fatal close');
    assert.equal(bad[1]?.fatal, true);
    assert.match(closes[0]!, /^fatal bad input: /);
    assert.equal(conn.isOpen, false);
  });

  test('a frame the codec cannot read is observed without a decoded message', async () => {
    const { peer, seen, bad } = await opened();
    const unknown = Buffer.alloc(12);
    unknown.writeUInt32LE(4, 0);
    unknown.writeUInt32LE(0x7777, 8);
    peer.write(unknown);
    await until(() => bad.length === 1, 'the bad input');
    const wire = seen.filter((o) => o.kind === 'wire') as WireObservation[];
    assert.equal(wire.length, 1);
    assert.equal('decoded' in wire[0]!, false);
    assert.deepEqual(Buffer.from(wire[0]!.bytes), unknown);
  });

  test('a reset from the server is a socket error: the connection ends once, saying so', async () => {
    const { conn, peer, closes } = await opened();
    peer.resetAndDestroy();
    await until(() => closes.length === 1, 'the close');
    assert.match(closes[0]!, /^socket error: .*ECONNRESET/);
    assert.equal(conn.isOpen, false);
  });

  test('the server closing ends the connection once, with that reason', async () => {
    const { conn, peer, closes } = await opened();
    peer.end();
    await until(() => closes.length === 1, 'the close');
    assert.deepEqual(closes, ['closed by server']);
    assert.equal(conn.isOpen, false);
  });

  test('a refused connect rejects with the socket error and leaves nothing open', async () => {
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const freePort = (spare.address() as { port: number }).port;
    await new Promise<void>((resolve) => spare.close(() => resolve()));
    const closes: string[] = [];
    await assert.rejects(
      StationConnection.connect({
        endpoint: { host: '127.0.0.1', port: freePort },
        clock: systemClock,
        observations: undefined,
        source: 'SEP00000000C0DF',
        connectTimeoutMs: 2000,
        handlers: { message: () => {}, badInput: () => {}, close: (r) => closes.push(r) },
      }),
      /ECONNREFUSED/,
    );
    assert.deepEqual(closes, []);
  });
});

describe('StationConnection connect bound', () => {
  test('the connect timeout on the injected clock rejects, destroys the socket, and the connect is not taken later', async () => {
    const server = createServer();
    const accepted: Socket[] = [];
    server.on('connection', (s) => accepted.push(s));
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (server.address() as { port: number }).port;
    const clock = new ManualClock();
    const closes: string[] = [];
    const pending = StationConnection.connect({
      endpoint: { host: '127.0.0.1', port },
      clock,
      observations: undefined,
      source: 'SEP00000000C0E0',
      connectTimeoutMs: 5000,
      handlers: { message: () => {}, badInput: () => {}, close: (r) => closes.push(r) },
    });
    // The TCP connect cannot have completed yet (it needs the event loop): the bound falls first.
    clock.advance(4999);
    clock.advance(1);
    await assert.rejects(pending, /^Error: connect timeout after 5000 ms$/);
    // The abandoned socket is closed: the server sees the connection end.
    const deadline = Date.now() + 2000;
    while (!(accepted.length > 0 && accepted[0]!.destroyed) && Date.now() < deadline) {
      accepted[0]?.resume();
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.ok(accepted.length === 0 || accepted[0]!.readableEnded || accepted[0]!.destroyed);
    assert.deepEqual(closes, []);
    for (const s of accepted) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('a connect that succeeds cancels its bound: advancing the clock afterwards closes nothing', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (server.address() as { port: number }).port;
    const clock = new ManualClock();
    const closes: string[] = [];
    const conn = await StationConnection.connect({
      endpoint: { host: '127.0.0.1', port },
      clock,
      observations: undefined,
      source: 'SEP00000000C0E1',
      connectTimeoutMs: 5000,
      handlers: { message: () => {}, badInput: () => {}, close: (r) => closes.push(r) },
    });
    assert.equal(clock.pending, 0, 'the bound was cancelled');
    clock.advance(10_000);
    assert.equal(conn.isOpen, true);
    assert.deepEqual(closes, []);
    conn.close();
    assert.deepEqual(closes, ['closed by phone'], 'the default reason');
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
