/**
 * The CTI client against a real CTI Server side, and against a silent server for the heartbeat
 * rule (CTI Server Message Reference Guide v15 chapter 2 "Heartbeat Messages": three unconfirmed
 * heartbeats → the client resets the connection; IdleTimeout = 4 x the heartbeat interval).
 */
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../lab/manual-clock.ts';
import { InMemoryCtiPeripheral } from '../../testing/in-memory-cti-peripheral.ts';
import { waitUntil } from '../../testing/raw-cti-peer.ts';
import { CtiServerSide } from '../server/cti-server-side.ts';
import {
  CtiFrameReader,
  type CtiMessage,
  ctiMessage,
  decodeMessage,
  encodeMessage,
  ServiceMask,
} from '../wire.ts';
import { CtiServerClient } from './cti-server-client.ts';

describe('CtiServerClient on a CTI Server side', { timeout: 20_000 }, () => {
  let clock: ManualClock;
  let side: CtiServerSide;
  let peripheral: InMemoryCtiPeripheral;
  const clients: CtiServerClient[] = [];
  const connect = async (extra: Partial<Parameters<typeof CtiServerClient.connect>[0]> = {}) => {
    const c = await CtiServerClient.connect({
      sides: [side.endpoint],
      clock,
      clientID: 'lab-bridge',
      services: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL,
      ...extra,
    });
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    clock = new ManualClock();
    peripheral = new InMemoryCtiPeripheral();
    side = new CtiServerSide({ port: 0, clock, peripheral });
    await side.start();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await side.stop();
    assert.equal(clock.pending, 0);
  });

  it('opens a session and sends HEARTBEAT_REQ every interval on the clock; the server keeps it alive', async () => {
    const c = await connect({ heartbeatIntervalMs: 5_000 });
    assert.equal(c.openConf?.name, 'OPEN_CONF');
    for (let i = 0; i < 10; i++) {
      clock.advance(5_000);
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(c.isOpen, true, 'IdleTimeout 20 s never passes without a message');
    assert.equal(c.sessionsOpened, 1);
  });

  it('matches answers to requests by InvokeID', async () => {
    const c = await connect();
    const conn = [{ name: 'ConnectionDeviceID', value: '3001' }];
    const [a, b, h] = await Promise.all([
      c.request(ctiMessage('ANSWER_CALL_REQ', { PeripheralID: 5000 }, conn)),
      c.request(ctiMessage('HOLD_CALL_REQ', { PeripheralID: 5000 }, conn)),
      c.heartbeat(),
    ]);
    assert.equal(a.name, 'ANSWER_CALL_CONF');
    assert.equal(b.name, 'FAILURE_CONF');
    assert.equal(b.fixed.Status, 12);
    assert.equal(h.name, 'HEARTBEAT_CONF');
    assert.notEqual(a.fixed.InvokeID, b.fixed.InvokeID);
  });

  it('close(): CLOSE_REQ → CLOSE_CONF; the session is gone on the server', async () => {
    const c = await connect();
    const conf = await c.close();
    assert.equal(conf?.name, 'CLOSE_CONF');
    await waitUntil(() => side.sessionCount === 0, 2000, 'server session gone');
  });

  it('reconnect false: a lost session is not opened again (a faulty-client fixture); default: it is', async () => {
    const kept = await connect({ openFailureWaitMs: 10 });
    const dropped = await connect({ reconnect: false });
    await side.stop();
    await side.start();
    // The default client may have tried while the side was down: its retry waits on the clock.
    await waitUntil(
      () => {
        clock.advance(10);
        return kept.sessionsOpened === 2 && kept.isOpen;
      },
      2000,
      'the default client back in session',
    );
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual([dropped.isOpen, dropped.sessionsOpened, side.sessionCount], [false, 1, 1]);
  });

  it('maxOpenAttempts: connect rejects when no side opens a session', async () => {
    await assert.rejects(
      CtiServerClient.connect({
        sides: [side.endpoint],
        clock,
        clientID: 'x',
        services: 0,
        maxOpenAttempts: 1,
      }),
      /no CTI session after 1 attempts: FAILURE_CONF to OPEN_REQ/,
    );
  });
});

describe('CtiServerClient heartbeat supervision', { timeout: 20_000 }, () => {
  it('three unconfirmed heartbeats → the client resets the connection and opens again', async () => {
    const clock = new ManualClock();
    const opens: CtiMessage[] = [];
    const sockets = new Set<Socket>();
    let resets = 0;
    // A server that opens sessions and never answers a heartbeat.
    const server = createServer((s) => {
      sockets.add(s);
      const reader = new CtiFrameReader();
      s.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ECONNRESET') resets++;
      });
      s.on('data', (chunk) => {
        for (const r of reader.push(chunk)) {
          if (!r.ok) continue;
          const d = decodeMessage(r.frame.messageType, r.frame.body, 20);
          if (d.ok && d.message.name === 'OPEN_REQ') {
            opens.push(d.message);
            s.write(
              encodeMessage(ctiMessage('OPEN_CONF', { InvokeID: d.message.fixed.InvokeID as number }), 20),
            );
          }
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const c = await CtiServerClient.connect({
      sides: [{ host: '127.0.0.1', port }],
      clock,
      clientID: 'b',
      services: ServiceMask.ALL_EVENTS,
      heartbeatIntervalMs: 5_000,
    });
    assert.equal(opens[0]?.fixed.IdleTimeout, 20, 'IdleTimeout = 4 x the 5 s interval');
    for (let i = 0; i < 3; i++) {
      clock.advance(5_000);
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(resets, 0, 'three heartbeats outstanding, not yet reset');
    clock.advance(5_000);
    await waitUntil(() => resets === 1, 2000, 'the reset');
    await waitUntil(() => opens.length === 2, 2000, 'the new OPEN_REQ');
    c.destroy();
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });
});
