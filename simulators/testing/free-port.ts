/**
 * A TCP port free on 127.0.0.1 a moment ago (listened on at port 0, then closed), for a peer a test
 * starts later on a fixed port (a restarted node, SIPp's `-p`). Another process may take it in
 * between; the tests that use it start their peer at once.
 */
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
