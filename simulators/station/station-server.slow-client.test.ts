/**
 * Slow and idle clients on the SCCP port (issue 7), against a real StationServer on 127.0.0.1 with
 * its call control, on a ManualClock: a connection that does not show it is a phone within
 * REGISTRATION_TIMEOUT_MS is closed; a frame left incomplete for PARTIAL_FRAME_TIMEOUT_MS closes
 * its connection however slowly it keeps dripping; a source address holds at most
 * maxConnectionsPerSource connections. Each test pins the close to the exact millisecond of the
 * injected clock and checks that a well-behaved phone registered alongside keeps working.
 *
 * Only the ManualClock moves the timers; the real-time waits below are guards for socket I/O
 * (`eventually`), never a sleep standing in for a timer.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import type { Observation, StateObservation } from '../lab/observation.ts';
import { encodeMessage, type SccpMessage } from '../sccp/codec.ts';
import { messageWith } from '../sccp/message-defaults.ts';
import { THREE_PHONE_MACS, threePhoneConfig } from '../testing/call-control-test-lab.ts';
import { SccpTestClient } from '../testing/sccp-test-client.ts';
import { StationCallControl } from './call-control.ts';
import type { StationConfig } from './station-config.ts';
import {
  defaultMaxConnectionsPerSource,
  REGISTRATION_TIMEOUT_MS,
  StationServer,
  type StationServerOptions,
} from './station-server.ts';
import { PARTIAL_FRAME_TIMEOUT_MS } from './station-session.ts';

const [MAC_A, MAC_B] = THREE_PHONE_MACS;
const KEEPALIVE_S = 30;

function config(): StationConfig {
  return threePhoneConfig('cme-slow', { keepaliveSeconds: KEEPALIVE_S });
}

const frame = (type: SccpMessage['type'], fields: Record<string, unknown> = {}) =>
  Buffer.from(encodeMessage(messageWith(type, fields as never, 0) as SccpMessage, 0));
const keepAliveReq = frame('KeepAliveReq');

/** Real-time guard for socket I/O only (the timers under test run on the ManualClock). */
async function eventually(pred: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((r) => setTimeout(r, 2));
  }
}

/** A bare TCP client: what it received, whether the node closed it. */
class RawClient {
  readonly data: Buffer[] = [];
  closed = false;
  /** Kept: a closed socket no longer reports it. */
  readonly localPort: number;
  private constructor(readonly socket: Socket) {
    this.localPort = socket.localPort ?? 0;
    socket.on('data', (d: Buffer) => this.data.push(d));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
    });
  }

  static async open(port: number, localAddress = '127.0.0.1'): Promise<RawClient> {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  async waitClosed(): Promise<void> {
    await eventually(() => this.closed, `close of client port ${this.localPort}`);
  }
}

interface Node {
  clock: ManualClock;
  server: StationServer;
  port: number;
  observed: Observation[];
  logs: string[];
  clients: Array<RawClient | SccpTestClient>;
}

const nodes: Node[] = [];

async function startNode(extra: Partial<StationServerOptions> = {}): Promise<Node> {
  const clock = new ManualClock();
  const logs: string[] = [];
  const server = new StationServer({
    config: config(),
    host: '127.0.0.1',
    sccpPort: 0,
    clock,
    log: (l) => logs.push(l),
    ...extra,
  });
  new StationCallControl(server);
  const observed: Observation[] = [];
  server.observations.subscribe((o) => observed.push(o));
  const { port } = await server.start();
  const node = { clock, server, port, observed, logs, clients: [] };
  nodes.push(node);
  return node;
}

afterEach(async () => {
  for (const n of nodes.splice(0)) {
    for (const c of n.clients) c instanceof RawClient ? c.socket.destroy() : c.close();
    await n.server.stop();
  }
});

async function raw(node: Node, localAddress?: string): Promise<RawClient> {
  const c = await RawClient.open(node.port, localAddress);
  node.clients.push(c);
  return c;
}

/** A well-behaved phone: registers at once and completes the exchange. */
async function goodPhone(node: Node, mac: string): Promise<SccpTestClient> {
  const c = await SccpTestClient.connect(node.port);
  node.clients.push(c);
  await c.register(mac);
  return c;
}

/** The good phone still works: keepalive answered, still registered, off-hook gets dial tone. */
async function stillWorks(node: Node, phone: SccpTestClient, mac: string): Promise<void> {
  phone.clear();
  phone.send('KeepAliveReq');
  await phone.waitFor('KeepAliveAck');
  assert.ok(node.server.device(`SEP${mac}`), `SEP${mac} is still registered`);
  phone.send('OffHook', { lineInstance: 1 });
  await phone.waitFor('StartTone');
  phone.send('OnHook', { lineInstance: 1 });
  await phone.until(
    (r) => r.some((m) => m.type === 'CallState' && (m as { callState: number }).callState === 2),
    'back on hook',
  );
  assert.equal(phone.closed, false);
}

/** The node's session id of the raw client (from its `connection open` observation). */
function connectionOf(node: Node, c: RawClient): string {
  const open = node.observed.find(
    (o) => o.kind === 'connection' && o.event === 'open' && o.client.port === c.localPort,
  );
  assert.ok(open && open.kind === 'connection', `no open observation for port ${c.localPort}`);
  return open.connection;
}

/** When the node closed that connection (clock time), or undefined while it is open. */
function closedAt(node: Node, connection: string): number | undefined {
  const close = node.observed.find(
    (o) => o.kind === 'connection' && o.event === 'close' && o.connection === connection,
  );
  return close?.time;
}

function stateOf(node: Node, topic: string): StateObservation[] {
  return node.observed.filter((o): o is StateObservation => o.kind === 'state' && o.topic === topic);
}

/** The session of a raw client, to see what the node has read of it. */
function sessionOf(node: Node, c: RawClient) {
  return node.server.connections.find((s) => s.remote.port === c.localPort);
}

describe('SCCP slow and idle clients (real TCP, ManualClock)', () => {
  test('connections that send nothing are closed exactly REGISTRATION_TIMEOUT_MS after they open', async () => {
    // 22 connections from 127.0.0.1: above the default per-source cap of this 3-ephone config.
    const node = await startNode({ maxConnectionsPerSource: 64 });
    const a = await goodPhone(node, MAC_A);
    const opened = node.clock.now();
    const idle = await Promise.all(Array.from({ length: 20 }, () => raw(node)));
    // A standby connection (keepalives, no RegisterReq) is a phone: kept past the deadline.
    const standby = await raw(node);
    standby.write(keepAliveReq);
    await eventually(() => standby.data.length > 0, 'standby KeepAliveAck');
    await eventually(() => node.server.connectionCount === 22, 'all connections accepted');
    const ids = idle.map((c) => connectionOf(node, c));

    node.clock.advance(REGISTRATION_TIMEOUT_MS - 1);
    assert.deepEqual(
      ids.filter((id) => closedAt(node, id) !== undefined),
      [],
      'none closed 1 ms before the deadline',
    );
    await stillWorks(node, a, MAC_A);

    node.clock.advance(1);
    for (const id of ids) assert.equal(closedAt(node, id), opened + REGISTRATION_TIMEOUT_MS, id);
    await Promise.all(idle.map((c) => c.waitClosed()));
    assert.deepEqual(
      stateOf(node, 'slow-client')
        .map((o) => `${o.detail['connection']} ${o.detail['reason']} ${o.time - opened}`)
        .sort(),
      ids.map((id) => `${id} no-registration ${REGISTRATION_TIMEOUT_MS}`).sort(),
    );
    assert.ok(node.logs.some((l) => l.includes('no RegisterReq within 10000 ms')));

    // The standby connection and the good phone outlive the deadline.
    node.clock.advance(5_000);
    assert.equal(closedAt(node, connectionOf(node, standby)), undefined, 'standby connection kept');
    assert.equal(standby.closed, false);
    assert.equal(node.server.connectionCount, 2);
    await stillWorks(node, a, MAC_A);
  });

  test('a frame dripped byte by byte closes its connection PARTIAL_FRAME_TIMEOUT_MS after its first byte', async () => {
    const node = await startNode();
    const a = await goodPhone(node, MAC_A);
    // A registered phone that starts dripping, and unregistered standby connections that do.
    const b = await raw(node);
    b.write(
      frame('RegisterReq', { deviceName: `SEP${MAC_B}`, deviceType: 30018, protocolVer: 5, maxStreams: 5 }),
    );
    await eventually(() => node.server.device(`SEP${MAC_B}`) !== undefined, 'B registered');
    const drippers = [b, ...(await Promise.all(Array.from({ length: 9 }, () => raw(node))))];
    for (const d of drippers.slice(1)) d.write(keepAliveReq);
    await eventually(() => drippers.every((d) => d.data.length > 0), 'every dripper answered once');

    // A CallState-sized frame that never completes: length 28 (4 + 24-byte body), then a byte a second.
    const header = Buffer.alloc(8);
    header.writeUInt32LE(28, 0);
    const firstByteAt = node.clock.now();
    for (const d of drippers) d.write(header.subarray(0, 1));
    await eventually(
      () => drippers.every((d) => sessionOf(node, d)?.partialFrameBytes === 1),
      'first bytes read',
    );
    for (let k = 1; k < 5; k++) {
      node.clock.advance(1000);
      for (const d of drippers) d.write(header.subarray(k, k + 1));
      await eventually(
        () => drippers.every((d) => sessionOf(node, d)?.partialFrameBytes === k + 1),
        `byte ${k + 1} read`,
      );
    }
    node.clock.advance(PARTIAL_FRAME_TIMEOUT_MS - 4000 - 1);
    const ids = drippers.map((d) => connectionOf(node, d));
    assert.deepEqual(
      ids.filter((id) => closedAt(node, id) !== undefined),
      [],
      'none closed 1 ms before the limit, dripping notwithstanding',
    );
    await stillWorks(node, a, MAC_A);

    node.clock.advance(1);
    for (const id of ids) assert.equal(closedAt(node, id), firstByteAt + PARTIAL_FRAME_TIMEOUT_MS, id);
    await Promise.all(drippers.map((d) => d.waitClosed()));
    assert.deepEqual(
      stateOf(node, 'slow-client').map((o) => [o.detail['reason'], o.detail['bytes']]),
      ids.map(() => ['partial-frame', 5]),
    );
    assert.equal(node.server.device(`SEP${MAC_B}`), undefined, 'the dripping phone is unregistered');
    assert.deepEqual(
      node.server.registeredDevices.map((d) => d.deviceName),
      [`SEP${MAC_A}`],
    );
    await stillWorks(node, a, MAC_A);
  });

  test('a frame split across writes that completes within the limit keeps its connection', async () => {
    const node = await startNode();
    const a = await goodPhone(node, MAC_A);
    const c = await raw(node);
    c.write(keepAliveReq);
    await eventually(() => c.data.length === 1, 'KeepAliveAck');
    const id = connectionOf(node, c);
    // Half a KeepAliveReq, the rest 1 ms before the limit: one complete frame, answered.
    c.write(keepAliveReq.subarray(0, 6));
    await eventually(() => sessionOf(node, c)?.partialFrameBytes === 6, 'half a frame read');
    node.clock.advance(PARTIAL_FRAME_TIMEOUT_MS - 1);
    c.write(keepAliveReq.subarray(6));
    await eventually(() => c.data.length === 2, 'second KeepAliveAck');
    // The next frame's first byte starts a new limit; the first one's would have passed by now.
    const second = node.clock.now();
    c.write(keepAliveReq.subarray(0, 1));
    await eventually(() => sessionOf(node, c)?.partialFrameBytes === 1, 'next first byte read');
    node.clock.advance(PARTIAL_FRAME_TIMEOUT_MS - 1);
    assert.equal(closedAt(node, id), undefined);
    node.clock.advance(1);
    assert.equal(closedAt(node, id), second + PARTIAL_FRAME_TIMEOUT_MS);
    await c.waitClosed();
    await stillWorks(node, a, MAC_A);
  });

  test('per-source cap (default 2 x ephones + 8): the next connection is refused at accept and published', async () => {
    const node = await startNode();
    const limit = defaultMaxConnectionsPerSource(config());
    assert.equal(limit, 14);
    assert.equal(node.server.maxConnectionsPerSource, limit);
    const a = await goodPhone(node, MAC_A);
    const held: RawClient[] = [];
    for (let i = 1; i < limit; i++) held.push(await raw(node));
    await eventually(() => node.server.connectionCount === limit, `${limit} connections`);

    const refusedAt = node.clock.now();
    const extra = await raw(node);
    await extra.waitClosed();
    assert.deepEqual(extra.data, [], 'closed before anything was read or written');
    assert.equal(node.server.connectionCount, limit, 'no session for the refused connection');
    assert.equal(
      node.observed.some((o) => o.kind === 'connection' && o.client.port === extra.localPort),
      false,
    );
    const refused = stateOf(node, 'connection-refused');
    assert.equal(refused.length, 1);
    assert.equal(refused[0]!.time, refusedAt, 'refused at once (no clock time passed)');
    assert.deepEqual(refused[0]!.detail, {
      client: { host: '127.0.0.1', port: extra.localPort },
      open: limit,
      limit,
    });
    assert.ok(node.logs.some((l) => l.includes('connection from 127.0.0.1 refused: 14 open, limit 14')));

    // Another source is not affected: a phone from 127.0.0.2 registers and works.
    const fromOther = await raw(node, '127.0.0.2');
    fromOther.write(
      frame('RegisterReq', { deviceName: `SEP${MAC_B}`, deviceType: 30018, protocolVer: 5, maxStreams: 5 }),
    );
    await eventually(() => node.server.device(`SEP${MAC_B}`) !== undefined, 'B registered from 127.0.0.2');
    assert.equal(node.server.device(`SEP${MAC_B}`)!.session.remote.host, '127.0.0.2');
    await stillWorks(node, a, MAC_A);

    // One connection from 127.0.0.1 goes: the source may open one again.
    held[0]!.socket.destroy();
    await eventually(() => node.server.connectionCount === limit, 'the closed one is gone');
    const again = await raw(node);
    again.write(keepAliveReq);
    await eventually(() => again.data.length > 0, 'the new connection is served');
    assert.equal(again.closed, false);
  });

  test('maxConnectionsPerSource is an option; the registration deadline and partial-frame limit too', async () => {
    const node = await startNode({
      maxConnectionsPerSource: 2,
      registrationTimeoutMs: 3000,
      partialFrameTimeoutMs: 700,
    });
    const a = await goodPhone(node, MAC_A);
    const idle = await raw(node);
    const refused = await raw(node);
    await refused.waitClosed();
    assert.equal(stateOf(node, 'connection-refused').length, 1);
    const id = connectionOf(node, idle);
    const opened = node.observed.find((o) => o.kind === 'connection' && o.connection === id)!.time;
    node.clock.advance(2999);
    assert.equal(closedAt(node, id), undefined);
    node.clock.advance(1);
    assert.equal(closedAt(node, id), opened + 3000);
    await idle.waitClosed();

    const dripper = await raw(node);
    dripper.write(keepAliveReq);
    await eventually(() => dripper.data.length > 0, 'KeepAliveAck');
    const t = node.clock.now();
    dripper.write(keepAliveReq.subarray(0, 3));
    await eventually(() => sessionOf(node, dripper)?.partialFrameBytes === 3, 'partial frame read');
    node.clock.advance(699);
    assert.equal(closedAt(node, connectionOf(node, dripper)), undefined);
    node.clock.advance(1);
    assert.equal(closedAt(node, connectionOf(node, dripper)), t + 700);
    await dripper.waitClosed();
    await stillWorks(node, a, MAC_A);
    assert.throws(() => new StationServer({ config: config(), maxConnectionsPerSource: 0 }), RangeError);
  });

  test('keepalive supervision stays: a standby connection that falls silent is closed after 3 x keepalive', async () => {
    const node = await startNode();
    const a = await goodPhone(node, MAC_A);
    const standby = await raw(node);
    standby.write(keepAliveReq);
    await eventually(() => standby.data.length > 0, 'KeepAliveAck');
    const id = connectionOf(node, standby);
    const lastHeard = node.clock.now();
    // The good phone keeps alive every 25 s; the standby connection stays silent.
    for (let t = 25_000; t <= 100_000; t += 25_000) {
      node.clock.advance(25_000);
      a.clear();
      a.send('KeepAliveReq');
      await a.waitFor('KeepAliveAck');
    }
    const at = closedAt(node, id);
    assert.ok(at !== undefined, 'closed by keepalive supervision');
    // Closed by the sweep that first sees more than 3 x 30 s of silence (sweeps every 5 s).
    assert.ok(
      at > lastHeard + 3 * KEEPALIVE_S * 1000 && at <= lastHeard + 3 * KEEPALIVE_S * 1000 + 5000,
      `${at - lastHeard}`,
    );
    await standby.waitClosed();
    await stillWorks(node, a, MAC_A);
  });
});
