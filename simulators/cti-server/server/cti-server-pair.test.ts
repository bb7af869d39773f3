/**
 * The duplexed CTI Server ("CTI Planning", "CTI Server Fault Tolerance"; reference digest §10) with
 * the CTI client's failover (uccertweb HA behaviour: the other side at once when an established
 * session is lost, 5 s after an open failure).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../lab/manual-clock.ts';
import { type Observation, ObservationStream } from '../../lab/observation.ts';
import { InMemoryCtiPeripheral } from '../../testing/in-memory-cti-peripheral.ts';
import { CtiRawPeer, waitUntil } from '../../testing/raw-cti-peer.ts';
import { CtiServerClient } from '../client/cti-server-client.ts';
import { NEWEST_VERSION } from '../protocol-version.ts';
import { AgentState, AgentStateMask, CallMsgMask, CtiStatus, ctiMessage, ServiceMask } from '../wire.ts';
import { CtiServerPair, DEFAULT_SIDE_A_PORT, DEFAULT_SIDE_B_PORT } from './cti-server-pair.ts';

describe('CtiServerPair', { timeout: 20_000 }, () => {
  let clock: ManualClock;
  let peripheral: InMemoryCtiPeripheral;
  let pair: CtiServerPair;
  const closers: (() => void)[] = [];

  beforeEach(async () => {
    clock = new ManualClock();
    peripheral = new InMemoryCtiPeripheral();
    pair = new CtiServerPair({ peripheral, clock, ports: { A: 0, B: 0 } });
    await pair.start();
  });

  afterEach(async () => {
    for (const c of closers.splice(0)) c();
    await pair.stop();
    assert.equal(peripheral.subscriberCount, 0);
  });

  const bridgeClient = (sides = [pair.endpoint('A'), pair.endpoint('B')]) =>
    CtiServerClient.connect({
      sides,
      clock,
      clientID: 'lab-bridge',
      services: ServiceMask.ALL_EVENTS,
      agentStateMask: AgentStateMask.AVAILABLE,
    }).then((c) => {
      closers.push(() => c.destroy());
      return c;
    });

  it("a side's death and return are state observations; each side lists its sessions' grants", async () => {
    const observations = new ObservationStream();
    const seen: Observation[] = [];
    observations.subscribe((o) => {
      if (o.kind === 'state' && o.topic === 'cti-server-side') seen.push(o);
    });
    const p = new CtiServerPair({ peripheral, clock, ports: { A: 0, B: 0 }, observations, name: 'acd-cti' });
    await p.start();
    try {
      await bridgeClient([p.endpoint('A'), p.endpoint('B')]);
      await waitUntil(() => p.sides.A.clients()[0]?.state === 'open', 5000, 'the session open on A');
      const [client] = p.sides.A.clients();
      assert.deepEqual(
        [client?.session, client?.state, client?.clientID, client?.agentID],
        [1, 'open', 'lab-bridge', null],
      );
      assert.deepEqual(
        [client?.servicesGranted, client?.agentStateMask, client?.version],
        [ServiceMask.ALL_EVENTS, AgentStateMask.AVAILABLE, NEWEST_VERSION],
      );
      assert.equal(typeof client?.callMsgMask, 'number');
      assert.deepEqual(p.sides.B.clients(), []);
      clock.advance(1500);
      await p.failActive();
      await p.restore();
      assert.deepEqual(
        seen.map((o) => [o.time, o.source, o.kind === 'state' ? o.detail : undefined]),
        [
          [clock.now(), 'acd-cti', { side: 'A', state: 'down', active: 'B' }],
          [clock.now(), 'acd-cti', { side: 'A', state: 'up', active: 'B' }],
        ],
      );
    } finally {
      await p.stop();
    }
  });

  it('defaults to ports 42027 (A) and 43027 (B)', () => {
    const p = new CtiServerPair({ peripheral });
    assert.deepEqual(
      [p.endpoint('A').port, p.endpoint('B').port],
      [DEFAULT_SIDE_A_PORT, DEFAULT_SIDE_B_PORT],
    );
  });

  it('the standby answers OPEN_REQ with FAILURE_CONF E_CTI_SERVER_NOT_MASTER (92) and closes', async () => {
    assert.equal(pair.active, 'A');
    const p = await CtiRawPeer.connect(pair.endpoint('B').port);
    const m = await p.open();
    assert.equal(m.name, 'FAILURE_CONF');
    assert.equal(m.fixed.Status, CtiStatus.E_CTI_SERVER_NOT_MASTER);
    assert.equal(m.fixed.Status, 92);
    await p.waitClosed();
    assert.equal(pair.sides.B.openSessionCount, 0);
  });

  it('failActive: the active side resets all its sessions, stops listening; the client reopens on the other side at once', async () => {
    const c = await bridgeClient();
    assert.equal(c.side, 0);
    const raw = await CtiRawPeer.connect(pair.endpoint('A').port);
    await raw.open();
    assert.equal(await pair.failActive(), 'B');
    await raw.waitClosed();
    assert.equal(raw.reset, true, 'sessions die without CLOSE');
    await c.waitForSession(2);
    assert.equal(c.side, 1);
    assert.equal(c.openFailures.length, 0, 'no wait: an established session was lost');
    assert.equal(pair.sides.A.sessionCount, 0);
    assert.equal(pair.sides.B.openSessionCount, 1);
    // Events flow from the new side; no replay of what was missed.
    peripheral.emit({
      message: ctiMessage('AGENT_STATE_EVENT', { PeripheralID: 5000, AgentState: AgentState.AVAILABLE }),
      kind: 'agent',
      agentStateMask: AgentStateMask.AVAILABLE,
      agentIDs: ['5001'],
    });
    const ev = await c.nextEvent((m) => m.name === 'AGENT_STATE_EVENT');
    assert.equal(ev.fixed.AgentState, AgentState.AVAILABLE);
    // A is dead: nothing listens there.
    await assert.rejects(CtiRawPeer.connect(pair.endpoint('A').port));
  });

  it('a client starting on the standby is refused (92), waits 5 s on the clock, then opens on the active side', async () => {
    const client = CtiServerClient.connect({
      sides: [pair.endpoint('B'), pair.endpoint('A')],
      clock,
      clientID: 'lab-bridge',
      services: ServiceMask.ALL_EVENTS,
    });
    let opened = false;
    void client.then((c) => {
      opened = true;
      closers.push(() => c.destroy());
    });
    await waitUntil(() => pair.sides.B.sessionCount === 0 && clock.pending === 1, 2000, 'the retry timer');
    clock.advance(4_999);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(opened, false);
    clock.advance(1);
    const c = await client;
    assert.deepEqual(
      c.openFailures.map((f) => [f.side, f.status]),
      [[0, 92]],
    );
    assert.equal(c.side, 1);
    assert.equal(pair.sides.A.openSessionCount, 1);
  });

  it('restore(): the dead side comes back as standby on its port; a second fault fails back', async () => {
    const c = await bridgeClient();
    const portA = pair.endpoint('A').port;
    await pair.failActive();
    await c.waitForSession(2);
    await pair.restore();
    assert.equal(pair.endpoint('A').port, portA);
    assert.equal(pair.active, 'B');
    const p = await CtiRawPeer.connect(portA);
    assert.equal((await p.open()).fixed.Status, 92);
    p.end();
    await pair.failActive();
    await c.waitForSession(3);
    assert.equal(c.side, 0);
    assert.equal(pair.active, 'A');
  });

  it('state kept by the peripheral survives a failover (a workstation reopens with its agent state)', async () => {
    const c = await CtiServerClient.connect({
      sides: [pair.endpoint('A'), pair.endpoint('B')],
      clock,
      clientID: 'desk',
      services: ServiceMask.CLIENT_EVENTS,
      // The calls in progress come as BEGIN_CALL_EVENTs: the mask must select them.
      callMsgMask: CallMsgMask.BEGIN_CALL,
      peripheralID: 5000,
      agentID: '5001',
    });
    closers.push(() => c.destroy());
    assert.equal(c.openConf?.fixed.AgentState, AgentState.NOT_READY);
    peripheral.agents[0]!.state = AgentState.TALKING;
    peripheral.openEvents = [
      ctiMessage('BEGIN_CALL_EVENT', { PeripheralID: 5000, ConnectionCallID: 77 }, [
        { name: 'ConnectionDeviceID', value: '3001' },
        { name: 'CallVariable1', value: 'kept' },
      ]),
    ];
    await pair.failActive();
    await c.waitForSession(2);
    assert.equal(c.openConf?.fixed.AgentState, AgentState.TALKING);
    // The peripheral re-announces the call in progress to the reopened session.
    const begin = await c.nextEvent((m) => m.name === 'BEGIN_CALL_EVENT');
    assert.equal(begin.fixed.ConnectionCallID, 77);
    assert.equal(begin.floating.find((f) => f.name === 'CallVariable1')?.value, 'kept');
    assert.equal(peripheral.openContexts.at(-1)?.agent?.agentID, '5001');
  });
});
