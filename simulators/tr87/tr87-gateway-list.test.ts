// CUCM-RED-006 (client role), with real sockets: the application's ordered CTI gateway list
// (Cisco Unified CM System Configuration Guide, "CTI Redundancy on CTIManager": primary, then
// backup). Gateways are real Tr87Servers on real SIP endpoints; a dead gateway is a closed port, a
// busy one answers 503 (RFC 3261 §21.5.4), a hung one accepts TCP and never answers.
import assert from 'node:assert/strict';
import net from 'node:net';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { deadlineTests } from '../testing/deadline-tests.ts';
import { InMemoryCtiBackend } from '../testing/in-memory-cti-backend.ts';
import { Tr87SetupError } from './tr87-errors.ts';
import {
  MAX_CTI_GATEWAYS,
  type Tr87GatewayAddress,
  Tr87GatewayList,
  Tr87GatewayListError,
  Tr87NoGatewayError,
} from './tr87-gateway-list.ts';
import { Tr87Server } from './tr87-server.ts';

// A wall-time deadline per test and per cleanup: a gateway that never answers fails the test, not hangs it.
const { test, cleanups } = deadlineTests(15_000);

interface Gateway {
  readonly address: Tr87GatewayAddress;
  readonly backend: InMemoryCtiBackend;
  /** A crash: the SIP endpoint closes (connections reset, no BYE). */
  crash(): Promise<void>;
  /** A graceful stop: every session is BYEd, then the endpoint closes. */
  shutdown(): Promise<void>;
}

async function gateway(name: string, port = 0, refused: string[] = []): Promise<Gateway> {
  const endpoint = await SipEndpoint.start({ name, port });
  const backend = new InMemoryCtiBackend(new Set(['201', '202']), undefined, new Set(refused));
  const server = new Tr87Server({ endpoint, backend, name });
  let open = true;
  const stop = async (graceful: boolean) => {
    if (!open) return;
    open = false;
    if (graceful) await server.close();
    await endpoint.close();
    if (!graceful) await server.close();
  };
  cleanups.push(() => stop(true));
  return {
    address: { host: '127.0.0.1', port: endpoint.address.port, name },
    backend,
    crash: () => stop(false),
    shutdown: () => stop(true),
  };
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<Tr87GatewayAddress> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return { host: '127.0.0.1', port, name: 'dead' };
}

/** A gateway that answers every INVITE 503 Service Unavailable. */
async function busyGateway(): Promise<Tr87GatewayAddress> {
  const endpoint = await SipEndpoint.start({ name: 'busy' });
  endpoint.onInvite((invite) => invite.reject(503));
  cleanups.push(() => endpoint.close());
  return { host: '127.0.0.1', port: endpoint.address.port, name: 'busy' };
}

/** Accepts TCP connections and never says a word. */
async function hungGateway(): Promise<Tr87GatewayAddress> {
  const sockets: net.Socket[] = [];
  const s = net.createServer((c) => sockets.push(c));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  cleanups.push(async () => {
    for (const c of sockets) c.destroy();
    await new Promise<void>((r) => s.close(() => r()));
  });
  return { host: '127.0.0.1', port: (s.address() as net.AddressInfo).port, name: 'hung' };
}

function list(gateways: Tr87GatewayAddress[], extra: { attemptTimeoutMs?: number; user?: string } = {}) {
  const l = new Tr87GatewayList({
    gateways,
    user: extra.user ?? 'app',
    line: '201',
    autoRefresh: false,
    ...(extra.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: extra.attemptTimeoutMs }),
  });
  cleanups.push(() => l.close());
  return l;
}

async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`${what}: not within 5 s`);
}

test('a list takes 1 to 8 addresses; 0 and 9 are refused naming the limit', async () => {
  const a = { host: '127.0.0.1', port: 5060 };
  assert.equal(MAX_CTI_GATEWAYS, 8);
  assert.doesNotThrow(() => new Tr87GatewayList({ gateways: Array(8).fill(a), user: 'u', line: '201' }));
  assert.throws(
    () => new Tr87GatewayList({ gateways: Array(9).fill(a), user: 'u', line: '201' }),
    (e: unknown) =>
      e instanceof Tr87GatewayListError &&
      e.message === 'a CTI application takes 1 to 8 CTI gateway addresses (primary first), got 9',
  );
  assert.throws(
    () => new Tr87GatewayList({ gateways: [], user: 'u', line: '201' }),
    /takes 1 to 8 CTI gateway addresses \(primary first\), got 0$/,
  );
});

test('the primary serving: the session is on the primary and the backup is not tried', async () => {
  const primary = await gateway('primary');
  const backup = await gateway('backup');
  const l = list([primary.address, backup.address]);
  await l.connect();
  assert.deepEqual(l.connectedTo, { index: 0, gateway: 'primary' });
  assert.deepEqual(
    l.attempts.map((a) => [a.gateway, a.outcome]),
    [['primary', 'connected']],
  );
  assert.equal(primary.backend.sessions.size, 1);
  assert.equal(backup.backend.sessions.size, 0);
});

test('the primary port closed (connection refused): the client connects to the backup and says so', async () => {
  const dead = await closedPort();
  const backup = await gateway('backup');
  const l = list([dead, backup.address]);
  const client = await l.connect();
  assert.equal(client.state, 'active');
  assert.deepEqual(l.connectedTo, { index: 1, gateway: 'backup' });
  assert.deepEqual(
    l.attempts.map((a) => [a.gateway, a.outcome]),
    [
      ['dead', 'refused'],
      ['backup', 'connected'],
    ],
  );
  assert.equal(backup.backend.sessions.size, 1);
  await l.monitorStart('201');
  assert.equal(backup.backend.monitors.size, 1);
});

test('the primary answering 503: the client connects to the backup', async () => {
  const busy = await busyGateway();
  const backup = await gateway('backup');
  const l = list([busy, backup.address]);
  await l.connect();
  assert.deepEqual(l.connectedTo, { index: 1, gateway: 'backup' });
  assert.deepEqual(
    l.attempts.map((a) => [a.gateway, a.outcome, a.detail]),
    [
      ['busy', 'unavailable', 'unavailable: session set-up refused: 503 Service Unavailable'],
      ['backup', 'connected', 'connected'],
    ],
  );
});

test('the primary never answering: after the attempt time-out the client connects to the backup', async () => {
  const hung = await hungGateway();
  const backup = await gateway('backup');
  const l = list([hung, backup.address], { attemptTimeoutMs: 300 });
  await l.connect();
  assert.deepEqual(l.connectedTo, { index: 1, gateway: 'backup' });
  assert.deepEqual(
    l.attempts.map((a) => [a.gateway, a.outcome]),
    [
      ['hung', 'timeout'],
      ['backup', 'connected'],
    ],
  );
});

test('a refusal of the application itself (403) is final: the backup is not tried', async () => {
  const primary = await gateway('primary', 0, ['sip:app@127.0.0.1']);
  const backup = await gateway('backup');
  const l = list([primary.address, backup.address]);
  await assert.rejects(l.connect(), (e: unknown) => e instanceof Tr87SetupError && e.status === 403);
  assert.equal(backup.backend.sessions.size, 0);
  assert.equal(l.client, undefined);
});

test('no address serving: Tr87NoGatewayError lists each attempt in order', async () => {
  const dead = await closedPort();
  const busy = await busyGateway();
  const l = list([dead, busy]);
  await assert.rejects(
    l.connect(),
    (e: unknown) =>
      e instanceof Tr87NoGatewayError &&
      e.attempts.map((a) => `${a.gateway}:${a.outcome}`).join(',') === 'dead:refused,busy:unavailable',
  );
  assert.equal(l.state, 'down');
});

test('the primary crashing while connected: reconnect to the backup and reopen the monitors', async () => {
  const primary = await gateway('primary');
  const backup = await gateway('backup');
  const l = list([primary.address, backup.address]);
  const events: string[] = [];
  l.on('connected', (c) => events.push(`${c.why}:${c.gateway}:${c.reopened.join('+')}`));
  const first = await l.connect();
  await l.monitorStart('201');
  await l.monitorStart('202');
  await primary.crash();
  await until(() => l.connectedTo?.gateway === 'backup' && events.length === 2, 'reconnected to the backup');
  await l.settled();
  assert.equal(first.state, 'ended');
  assert.notEqual(l.client, first);
  assert.deepEqual(events, ['open:primary:', 'reconnect:backup:201+202']);
  assert.deepEqual(
    [...backup.backend.monitors.values()].map((m) => m.device),
    ['201', '202'],
  );
  // The new session serves requests.
  const features = await l.request({ type: 'GetCSTAFeatures' });
  assert.equal(features.type, 'GetCSTAFeaturesResponse');
});

test('the primary ending the session (BYE): reconnect to the backup, not back to the primary', async () => {
  const primary = await gateway('primary');
  const backup = await gateway('backup');
  const l = list([primary.address, backup.address]);
  await l.connect();
  await l.monitorStart('201');
  await primary.shutdown();
  await until(() => l.connectedTo?.gateway === 'backup', 'reconnected to the backup');
  await l.settled();
  assert.deepEqual(
    [...backup.backend.monitors.values()].map((m) => m.device),
    ['201'],
  );
  assert.deepEqual(
    l.attempts.map((a) => [a.gateway, a.outcome]),
    [
      ['primary', 'connected'],
      ['backup', 'connected'],
    ],
  );
});

test('a session lost on the backup goes on from the next address, wrapping round; none left: down', async () => {
  const primary = await gateway('primary');
  const second = await gateway('second');
  const third = await gateway('third');
  const l = list([primary.address, second.address, third.address]);
  const downs: Error[] = [];
  l.on('down', (e) => downs.push(e));
  await l.connect();
  await second.crash(); // not in use: nothing happens
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(l.connectedTo?.gateway, 'primary');
  await primary.crash();
  // After the primary: the second (dead, refused), then the third.
  await until(() => l.connectedTo?.gateway === 'third', 'on the third');
  await l.settled();
  await third.crash();
  // After the third: wrap to the primary (dead), the second (dead), the third (dead).
  await until(() => downs.length === 1, 'down');
  assert.equal(l.state, 'down');
  assert.ok(downs[0] instanceof Tr87NoGatewayError);
  assert.deepEqual(
    downs[0].attempts.map((a) => `${a.gateway}:${a.outcome}`),
    ['primary:refused', 'second:refused', 'third:refused'],
  );
  assert.deepEqual(
    l.attempts.map((a) => `${a.gateway}:${a.outcome}`),
    [
      'primary:connected',
      'second:refused',
      'third:connected',
      'primary:refused',
      'second:refused',
      'third:refused',
    ],
  );
});

test('connect() after a failover starts at the primary again (a restarted application)', async () => {
  const primary = await gateway('primary');
  const backup = await gateway('backup');
  const l = list([primary.address, backup.address]);
  await l.connect();
  await primary.shutdown();
  await until(() => l.connectedTo?.gateway === 'backup', 'on the backup');
  await l.settled();
  const again = await gateway('primary', primary.address.port);
  await l.connect();
  assert.deepEqual(l.connectedTo, { index: 0, gateway: 'primary' });
  assert.equal(again.backend.sessions.size, 1);
  // The backup's session was ended with a BYE.
  await until(() => backup.backend.closed.length === 1, 'backup session closed');
  assert.equal(backup.backend.closed[0]?.reason, 'bye');
});

test('close() while reconnecting stops the reconnect: closed, not down, no session left', async () => {
  const primary = await gateway('primary');
  const hung = await hungGateway();
  const l = list([primary.address, hung], { attemptTimeoutMs: 2000 });
  const downs: Error[] = [];
  l.on('down', (e) => downs.push(e));
  await l.connect();
  await primary.crash();
  await until(() => l.state === 'connecting', 'reconnecting to the hung gateway');
  await l.close();
  assert.equal(l.state, 'closed');
  assert.equal(l.client, undefined);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(downs, []);
  assert.deepEqual(
    l.attempts.map((a) => `${a.gateway}:${a.outcome}`),
    ['primary:connected', 'hung:timeout'],
  );
});
