/**
 * The connection's two ends as it reports them (wire and connection observations, the dashboard
 * ladder) must be the true ends of the TCP connection, whether the far end came from the address
 * the phone dialled (no getpeername, issue 13) or from the socket (a name such as localhost).
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../lab/clock.ts';
import { StationConnection } from './call-manager-connection.ts';

describe('StationConnection ends', () => {
  let server: Server;
  let port: number;
  const accepted: Socket[] = [];

  before(async () => {
    server = createServer((s) => accepted.push(s));
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    port = (server.address() as { port: number }).port;
  });
  after(async () => {
    for (const s of accepted) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

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
