/**
 * A session's local end comes from its listener when that is bound to one address (no getsockname
 * per connection, issue 13); it must still be the connection's true local end, which the client
 * sees as its remote end (RFC 9293 §3.3.2: a connection is named by both ends' address and port).
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CmeLab } from '../cme/cme.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { threePhoneConfig } from '../testing/call-control-test-lab.ts';

async function eventually(pred: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((r) => setTimeout(r, 2));
  }
}

// 0.0.0.0: the listener knows no single local address, the session asks the socket (clients still
// connect to 127.0.0.1 only).
for (const host of ['127.0.0.1', '127.0.0.2', '0.0.0.0']) {
  describe(`StationSession ends on a listener bound to ${host}`, () => {
    let lab: CmeLab;
    let port: number;
    const sockets: Socket[] = [];

    before(async () => {
      lab = new CmeLab({
        config: threePhoneConfig('cme-ends'),
        sccpPort: 0,
        host,
        clock: new ManualClock(),
        log: () => {},
      });
      port = (await lab.start()).endpoints.sccp.port;
    });
    after(async () => {
      for (const s of sockets) s.destroy();
      await lab.stop();
    });

    test('local is the client socket remote end, remote its local end, for every connection', async () => {
      for (let i = 0; i < 3; i++) {
        const s = connect({ host: host === '0.0.0.0' ? '127.0.0.1' : host, port });
        sockets.push(s);
        await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('error', reject));
      }
      await eventually(() => lab.node.connections.length === 3, 'three sessions');
      const byClientPort = new Map(lab.node.connections.map((c) => [c.remote.port, c]));
      for (const s of sockets) {
        const session = byClientPort.get(s.localPort!);
        assert.ok(session, `a session for client port ${s.localPort}`);
        assert.deepEqual(session.local, { host: s.remoteAddress, port: s.remotePort });
        assert.deepEqual(session.remote, { host: s.localAddress, port: s.localPort });
      }
      assert.equal(lab.node.connections[0]!.local.port, port);
    });
  });
}
