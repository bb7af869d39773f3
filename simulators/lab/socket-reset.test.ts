/**
 * resetSocket: a reset while our side has sent no FIN; a close once `end()` was called. Node 20's
 * `resetAndDestroy` after `end()` errs (EINVAL) and leaks the handle: the process then never exits.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { resetSocket } from './socket-reset.ts';

const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

/** A connected pair on loopback: the server's socket and the client's. */
async function pair(): Promise<{ server: Socket; client: Socket; close: () => Promise<void> }> {
  const listener = createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const accepted = once(listener, 'connection');
  const client = connect((listener.address() as AddressInfo).port, '127.0.0.1');
  client.on('error', () => {});
  const [server] = (await accepted) as [Socket];
  return {
    server,
    client,
    close: () => new Promise((resolve) => listener.close(() => resolve())),
  };
}

test('resetSocket after end(): the socket closes without an error and its handle is released', async () => {
  const before = tcpHandles();
  const { server, client, close } = await pair();
  const errors: Error[] = [];
  server.on('error', (e) => errors.push(e));
  const closed = once(server, 'close');
  server.end(); // our FIN queued (as after CLOSE_CONF, or the auto-end after the peer's FIN)
  resetSocket(server);
  await closed;
  const clientClosed = once(client, 'close');
  client.destroy();
  await clientClosed;
  await close();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(
    errors.map((e) => (e as NodeJS.ErrnoException).code),
    [],
  );
  // A leaked handle would stay listed for ever (and hold the process's exit).
  assert.equal(tcpHandles(), before);
});

test('resetSocket before any FIN: the peer sees a reset (ECONNRESET)', async () => {
  const { server, client, close } = await pair();
  const clientError = new Promise<string | undefined>((resolve) => {
    client.on('error', (e: NodeJS.ErrnoException) => resolve(e.code));
    client.on('close', () => resolve(undefined));
  });
  resetSocket(server);
  assert.equal(await clientError, 'ECONNRESET');
  await close();
});
