/**
 * A side stopped while a connection's FIN is on its way out: the client half-closed (its FIN), so
 * node ends our side too (no half-open connections) and the stop's reset of that session's socket
 * comes while the shutdown is in flight. The socket must still close: Node 20's resetAndDestroy
 * there errs EINVAL and keeps the TCP handle for ever, and a process holding it never exits (seen
 * as `ctilab serve acd` still running 5 s after SIGTERM; simulators/lab/socket-reset.ts).
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { ManualClock } from '../../lab/manual-clock.ts';
import { InMemoryCtiPeripheral } from '../../testing/in-memory-cti-peripheral.ts';
import { waitUntil } from '../../testing/raw-cti-peer.ts';
import { CtiServerSide } from './cti-server-side.ts';

const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

test('a side stopped while a connection is half-closed releases its socket', async () => {
  const before = tcpHandles();
  const side = new CtiServerSide({
    port: 0,
    clock: new ManualClock(Date.UTC(2026, 0, 1, 12)),
    peripheral: new InMemoryCtiPeripheral(),
  });
  const port = (await side.start()).port;
  const client = connect(port, '127.0.0.1');
  client.on('error', () => {});
  const clientClosed = once(client, 'close');
  await waitUntil(() => side.sessionCount === 1, 2000, 'the session');
  // The side's socket of that session (private: no API hands it out).
  const [socket] = (side as unknown as { sockets: Set<Socket> }).sockets;
  assert.ok(socket);
  let stopped: Promise<void> | undefined;
  // The client's FIN: node ends our side (a tick: end(); a tick more: its _final asks libuv for
  // the shutdown, which libuv does at its next poll); the stop comes in between, two ticks on.
  socket.once('end', () =>
    process.nextTick(() =>
      process.nextTick(() => {
        stopped = side.stop();
      }),
    ),
  );
  client.end();
  await waitUntil(() => stopped !== undefined, 2000, 'the stop');
  await stopped;
  await clientClosed;
  await waitUntil(() => side.connectionCount === 0, 2000, 'the side holds no connection');
  // A leaked handle stays listed for ever (and holds the process's exit); a closed one goes within turns.
  await waitUntil(() => tcpHandles() === before, 2000, 'TCP handles back').catch(() => undefined);
  assert.equal(tcpHandles(), before, 'a TCP handle of the stopped side was never closed');
});
