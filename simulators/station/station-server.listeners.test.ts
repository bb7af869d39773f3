/**
 * One StationServer serving several call-manager nodes (one TCP listener each) over one call
 * model, as a CUCM cluster does: real SccpPhones with a call-manager list of two nodes register to
 * the first, fail over to the second when the first is closed, refuses them
 * (admitRegistration) or hangs (pauseListener), on 127.0.0.1 and a ManualClock. The phone side
 * is Wireshark packet-skinny and chan-sccp (registration) as simulators/phone/phone.ts implements it: a lost
 * connection or missed keepalives move the phone to the next server of its list, a RegisterReject
 * makes powerOn() try the next one, and a phone away from its primary probes it with
 * RegisterTokenReq.
 *
 * Only the ManualClock moves protocol timers; the real-time waits below are guards for socket
 * I/O, never a sleep standing in for a timer.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import type { Observation, StateObservation } from '../lab/observation.ts';
import { SccpPhone } from '../phone/phone.ts';
import { THREE_PHONE_MACS, threePhoneConfig } from '../testing/call-control-test-lab.ts';
import { SccpTestClient } from '../testing/sccp-test-client.ts';
import { StationCallControl } from './call-control.ts';
import { StationServer, type StationServerOptions } from './station-server.ts';

const [MAC_1, MAC_2, MAC_3] = THREE_PHONE_MACS;
const A = 'node-a';
const B = 'node-b';

/** Real-time guard for socket I/O only. */
async function eventually(pred: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((r) => setTimeout(r, 2));
  }
}

/** Lets sockets and promises run without moving the injected clock. */
const settle = () => new Promise<void>((r) => setTimeout(r, 20));

interface Cluster {
  clock: ManualClock;
  server: StationServer;
  nodeA: { host: string; port: number };
  nodeB: { host: string; port: number };
  observed: Observation[];
  phones: SccpPhone[];
  clients: SccpTestClient[];
}

let running: Cluster | undefined;

afterEach(async () => {
  if (!running) return;
  for (const c of running.clients) c.close();
  for (const p of running.phones) await p.stop();
  await running.server.stop();
  running = undefined;
});

/** A cluster of two nodes A and B sharing one StationServer and one call control; no main listener. */
async function cluster(opts: Partial<StationServerOptions> = {}): Promise<Cluster> {
  const clock = new ManualClock();
  const server = new StationServer({
    config: threePhoneConfig('cucm', { keepaliveSeconds: 30 }),
    clock,
    name: 'cucm',
    mainListener: false,
    log: () => {},
    ...opts,
  });
  new StationCallControl(server);
  const observed: Observation[] = [];
  server.observations.subscribe((o) => observed.push(o));
  await server.start();
  const nodeA = await server.addListener({ tag: A, host: '127.0.0.1', port: 0 });
  const nodeB = await server.addListener({ tag: B, host: '127.0.0.1', port: 0 });
  running = { clock, server, nodeA, nodeB, observed, phones: [], clients: [] };
  return running;
}

function phone(c: Cluster, mac: string, servers: Array<{ host: string; port: number }>): SccpPhone {
  const p = new SccpPhone({ mac, model: '7961', servers, clock: c.clock });
  c.phones.push(p);
  return p;
}

/** The server's registration observations of one device (state, reason, listener). */
function registrations(c: Cluster, mac: string): Array<Record<string, unknown>> {
  return c.observed
    .filter(
      (o): o is StateObservation =>
        o.kind === 'state' && o.topic === 'registration' && o.detail.device === `SEP${mac}`,
    )
    .map(({ detail }) => ({ state: detail.state, reason: detail.reason, listener: detail.listener }));
}

/** Advance the clock 1 s at a time, letting traffic through, until `pred` holds. */
async function passUntil(c: Cluster, pred: () => boolean, what: string, maxSeconds: number): Promise<number> {
  for (let s = 1; s <= maxSeconds; s++) {
    c.clock.advance(1000);
    await settle();
    if (pred()) return s;
  }
  throw new Error(`${what} not within ${maxSeconds} s`);
}

describe('StationServer with several listeners (one call model, several nodes)', () => {
  test('a phone registers on the first node of its list; the registration names the listener', async () => {
    const c = await cluster();
    const p1 = phone(c, MAC_1, [c.nodeA, c.nodeB]);
    await p1.start();
    assert.deepEqual(c.server.listenerTags, [A, B]);
    assert.equal(p1.state.serverIndex, 0);
    assert.equal(c.server.device(`SEP${MAC_1}`)?.listener, A);
    assert.equal(c.server.device(`SEP${MAC_1}`)?.session.listener, A);
    assert.deepEqual(registrations(c, MAC_1), [
      { state: 'registered', reason: undefined, listener: A },
      { state: 'complete', reason: undefined, listener: A },
    ]);
  });

  test('closeListener(A): A phones re-register on B, A connections are gone, B phones undisturbed', async () => {
    const c = await cluster();
    const p1 = phone(c, MAC_1, [c.nodeA, c.nodeB]);
    const p2 = phone(c, MAC_2, [c.nodeB, c.nodeA]);
    await p1.start();
    await p2.start();
    // A bare station registered on A: a connection of A that has no other server to go to.
    const bare = await SccpTestClient.connect(c.nodeA.port);
    c.clients.push(bare);
    await bare.register(MAC_3);
    const p2Session = c.server.device(`SEP${MAC_2}`)?.session;
    assert.equal(p2Session?.listener, B);

    await c.server.closeListener(A);
    await p1.waitFor((s) => s.registered && s.serverIndex === 1, 3000, 'registered on node B');
    await bare.waitClosed();
    await eventually(() => c.server.device(`SEP${MAC_3}`) === undefined, 'bare station unregistered');

    assert.deepEqual(registrations(c, MAC_1), [
      { state: 'registered', reason: undefined, listener: A },
      { state: 'complete', reason: undefined, listener: A },
      { state: 'unregistered', reason: `call manager ${A} stopped`, listener: A },
      { state: 'registered', reason: undefined, listener: B },
      { state: 'complete', reason: undefined, listener: B },
    ]);
    assert.deepEqual(registrations(c, MAC_3).slice(-1), [
      { state: 'unregistered', reason: `call manager ${A} stopped`, listener: A },
    ]);
    // B's phone kept its registration and its connection.
    assert.deepEqual(registrations(c, MAC_2), [
      { state: 'registered', reason: undefined, listener: B },
      { state: 'complete', reason: undefined, listener: B },
    ]);
    assert.equal(c.server.device(`SEP${MAC_2}`)?.session, p2Session);
    assert.equal(p2Session?.closed, false);
    assert.deepEqual(
      c.server.connections.map((s) => s.listener),
      [B, B],
    );
    assert.deepEqual(c.server.listenerTags, [B]);
    // Closing a closed listener is nothing; reopening it takes the port first bound.
    await c.server.closeListener(A);
    assert.deepEqual(await c.server.addListener({ tag: A }), c.nodeA);
    assert.deepEqual(c.server.listenerTags, [A, B]);
  });

  test('admitRegistration refusing on A: RegisterReject with its text, the phone registers on B', async () => {
    const asked: Array<[string, string]> = [];
    const c = await cluster({
      // A CUCM node not in the device pool's CM group of ephone 1 refuses it.
      admitRegistration: (device, listener) => {
        asked.push([device, listener]);
        return listener === A && device === `SEP${MAC_1}` ? 'Not in CM group' : undefined;
      },
    });
    // A bare station sees the RegisterReject and the close.
    const bare = await SccpTestClient.connect(c.nodeA.port);
    c.clients.push(bare);
    bare.send('RegisterReq', { deviceName: `SEP${MAC_1}`, deviceType: 30018, protocolVer: 5 });
    assert.equal((await bare.waitFor('RegisterReject')).text, 'Not in CM group');
    await bare.waitClosed();

    const p1 = phone(c, MAC_1, [c.nodeA, c.nodeB]);
    const powered = await p1.powerOn();
    assert.equal(powered.ok, true);
    assert.equal(p1.state.serverIndex, 1);
    assert.equal(c.server.device(`SEP${MAC_1}`)?.listener, B);
    assert.deepEqual(registrations(c, MAC_1), [
      { state: 'rejected', reason: 'Not in CM group', listener: A },
      { state: 'rejected', reason: 'Not in CM group', listener: A },
      { state: 'registered', reason: undefined, listener: B },
      { state: 'complete', reason: undefined, listener: B },
    ]);
    // Another device is admitted on A.
    const p2 = phone(c, MAC_2, [c.nodeA, c.nodeB]);
    await p2.start();
    assert.equal(c.server.device(`SEP${MAC_2}`)?.listener, A);
    assert.deepEqual(asked, [
      [`SEP${MAC_1}`, A],
      [`SEP${MAC_1}`, A],
      [`SEP${MAC_1}`, B],
      [`SEP${MAC_2}`, A],
    ]);

    // reference §5: 60 s later the phone probes its primary with RegisterTokenReq; A refuses the
    // token too (RegisterTokenReject), so the phone stays on B instead of being invited back.
    const tokenAnswer = p1.nextMessage('RegisterTokenReject', 3000);
    await passUntil(c, () => asked.length > 4, 'token probe', 61);
    assert.equal((await tokenAnswer).waitTimeBeforeNextReq, 0);
    await settle();
    assert.equal(p1.state.registered, true);
    assert.equal(p1.state.serverIndex, 1);
    assert.equal(c.server.device(`SEP${MAC_1}`)?.listener, B);
    assert.deepEqual(registrations(c, MAC_1).slice(-1), [
      { state: 'token-rejected', reason: 'Not in CM group', listener: A },
    ]);
  });

  test('pauseListener(A): A answers no keepalive, its phone fails over to B; B phones keep theirs', async () => {
    const c = await cluster();
    const p1 = phone(c, MAC_1, [c.nodeA, c.nodeB]);
    const p2 = phone(c, MAC_2, [c.nodeB, c.nodeA]);
    await p1.start();
    await p2.start();
    const p2Session = c.server.device(`SEP${MAC_2}`)?.session;
    const start = c.clock.now();

    c.server.pauseListener(A, true);
    const failovers: Array<{ from: number; to: number; reason: string }> = [];
    p1.on('failover', (f) => failovers.push(f));
    await passUntil(c, () => p1.state.registered && p1.state.serverIndex === 1, 'failover to B', 150);
    // phone.ts keepalive: KeepAliveReq every 30 s (RegisterAck keepAliveInterval), the server
    // counts as lost at the tick after 3 unanswered ones: 4 x 30 s.
    assert.equal(c.clock.now() - start, 120_000);
    assert.deepEqual(failovers, [{ from: 0, to: 1, reason: '3 keepalives unanswered' }]);
    assert.equal(c.server.device(`SEP${MAC_1}`)?.listener, B);
    assert.deepEqual(registrations(c, MAC_1), [
      { state: 'registered', reason: undefined, listener: A },
      { state: 'complete', reason: undefined, listener: A },
      { state: 'unregistered', reason: 'peer closed the connection', listener: A },
      { state: 'registered', reason: undefined, listener: B },
      { state: 'complete', reason: undefined, listener: B },
    ]);
    assert.equal(c.server.device(`SEP${MAC_2}`)?.session, p2Session);
    assert.deepEqual(registrations(c, MAC_2), [
      { state: 'registered', reason: undefined, listener: B },
      { state: 'complete', reason: undefined, listener: B },
    ]);

    // A paused listener reads and holds; unpaused it answers what it held (a stopped process's
    // input waits in the kernel), then answers again as it comes.
    const probe = await SccpTestClient.connect(c.nodeA.port);
    c.clients.push(probe);
    probe.send('KeepAliveReq');
    await settle();
    assert.deepEqual(probe.types(), []);
    c.server.pauseListener(A, false);
    await probe.waitFor('KeepAliveAck');
    probe.send('KeepAliveReq');
    await eventually(() => probe.types().filter((t) => t === 'KeepAliveAck').length === 2, 'a second ack');
  });
});

describe('StationServer listeners: main listener, tags and stop()', () => {
  test('the main listener is tagged with the server name; addListener beside it; stop() closes all', async () => {
    const clock = new ManualClock();
    const server = new StationServer({
      config: threePhoneConfig('cme-main'),
      clock,
      host: '127.0.0.1',
      sccpPort: 0,
      log: () => {},
    });
    new StationCallControl(server);
    const main = await server.start();
    assert.deepEqual(server.endpoint, main);
    await assert.rejects(server.addListener({ tag: 'cme-main' }), /main listener/);
    const extra = await server.addListener({ tag: 'extra', host: '127.0.0.1' });
    assert.deepEqual(server.listenerTags, ['cme-main', 'extra']);
    assert.deepEqual(server.listenerEndpoint('extra'), extra);
    assert.equal(server.listenerEndpoint('nope'), undefined);
    const onMain = await SccpTestClient.connect(main.port);
    await onMain.register(MAC_1);
    assert.equal(server.device(`SEP${MAC_1}`)?.listener, 'cme-main');
    const onExtra = await SccpTestClient.connect(extra.port);
    await onExtra.register(MAC_2);
    assert.equal(server.device(`SEP${MAC_2}`)?.listener, 'extra');

    await server.stop();
    await onMain.waitClosed();
    await onExtra.waitClosed();
    assert.deepEqual(server.listenerTags, []);
    assert.equal(server.registeredDevices.length, 0);
    // A restart reopens the main listener on its port; a further listener is reopened by tag.
    assert.deepEqual(await server.start(), main);
    assert.deepEqual(await server.addListener({ tag: 'extra' }), extra);
    await server.stop();
  });

  test('mainListener false: start() opens nothing, endpoint is the first listener added', async () => {
    const server = new StationServer({
      config: threePhoneConfig('cucm'),
      clock: new ManualClock(),
      mainListener: false,
      log: () => {},
    });
    assert.throws(() => server.endpoint, /no main listener/);
    await server.start();
    assert.deepEqual(server.listenerTags, []);
    const first = await server.addListener({ tag: 'pub' });
    await server.addListener({ tag: 'sub1' });
    assert.deepEqual(server.endpoint, first);
    await assert.rejects(server.closeListener('nope'), /no listener 'nope'/);
    assert.throws(() => server.pauseListener('nope', true), /no listener 'nope'/);
    await server.stop();
  });
});
