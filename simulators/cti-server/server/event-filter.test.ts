/**
 * Event delivery by mask and client model (CTI Server Message Reference Guide v15 chapter 2
 * "Message Masks", tables "CallMsgMask Values" and "AgentStateMask Values"; "CTI Planning", "CTI
 * Server Client Application Models"): one test per mask bit, over the pure filter, then the same
 * over real sockets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../lab/manual-clock.ts';
import { InMemoryCtiPeripheral } from '../../testing/in-memory-cti-peripheral.ts';
import { CtiRawPeer, waitUntil } from '../../testing/raw-cti-peer.ts';
import { AgentStateMask, CallMsgMask, ctiMessage, ServiceMask } from '../wire.ts';
import type { PeripheralEvent } from './cti-peripheral.ts';
import { CtiServerSide } from './cti-server-side.ts';
import { type EventSubscription, sessionReceives } from './event-filter.ts';

const msg = ctiMessage('SYSTEM_EVENT', { SystemEventID: 3 });
const bridge = (callMsgMask: number, agentStateMask: number): EventSubscription => ({
  servicesGranted: ServiceMask.ALL_EVENTS,
  callMsgMask,
  agentStateMask,
  agent: undefined,
});
const desk = (callMsgMask: number, agentStateMask: number): EventSubscription => ({
  servicesGranted: ServiceMask.CLIENT_EVENTS,
  callMsgMask,
  agentStateMask,
  agent: { agentID: '5001', devices: ['3001'], agentState: 2 },
});

describe('sessionReceives: CallMsgMask, one bit at a time', () => {
  for (const [name, bit] of Object.entries(CallMsgMask)) {
    it(`${name} (0x${bit.toString(16)}): sent only when that bit is set`, () => {
      const ev: PeripheralEvent = { message: msg, kind: 'call', callMsgMask: bit, devices: ['3001'] };
      assert.equal(sessionReceives(bridge(bit, 0), ev), true);
      assert.equal(sessionReceives(bridge(~bit >>> 0, 0xffff), ev), false, 'every other bit set');
      assert.equal(sessionReceives(desk(bit, 0), ev), true, 'workstation, its device');
      assert.equal(sessionReceives(desk(bit, 0), { ...ev, devices: ['3002'] }), false, 'another device');
    });
  }
});

describe('sessionReceives: AgentStateMask, one bit at a time', () => {
  for (const [name, bit] of Object.entries(AgentStateMask)) {
    it(`${name} (0x${bit.toString(16)}): sent only when that bit is set`, () => {
      const ev: PeripheralEvent = { message: msg, kind: 'agent', agentStateMask: bit, agentIDs: ['5001'] };
      assert.equal(sessionReceives(bridge(0, bit), ev), true);
      assert.equal(sessionReceives(bridge(0xffffffff, ~bit & 0x3ff), ev), false, 'every other bit set');
      assert.equal(sessionReceives(desk(0, bit), ev), true, 'workstation, its agent');
      assert.equal(sessionReceives(desk(0, bit), { ...ev, agentIDs: ['5002'] }), false, 'another agent');
    });
  }
});

describe('sessionReceives: client models', () => {
  it('a system event reaches every session, whatever its masks', () => {
    const ev: PeripheralEvent = { message: msg, kind: 'system' };
    assert.equal(sessionReceives(bridge(0, 0), ev), true);
    assert.equal(sessionReceives(desk(0, 0), ev), true);
  });
  it('a bridge gets events of calls no agent has yet (queued)', () => {
    const ev: PeripheralEvent = { message: msg, kind: 'call', callMsgMask: CallMsgMask.QUEUED };
    assert.equal(sessionReceives(bridge(CallMsgMask.QUEUED, 0), ev), true);
    assert.equal(sessionReceives(desk(CallMsgMask.QUEUED, 0), ev), false);
  });
  it('a workstation-only event (clientEventsOnly) reaches the workstation of its device, not a bridge', () => {
    const ev: PeripheralEvent = {
      message: msg,
      kind: 'call',
      callMsgMask: CallMsgMask.BEGIN_CALL,
      devices: ['3001'],
      clientEventsOnly: true,
    };
    assert.equal(sessionReceives(bridge(CallMsgMask.BEGIN_CALL, 0), ev), false);
    assert.equal(sessionReceives(desk(CallMsgMask.BEGIN_CALL, 0), ev), true);
    assert.equal(sessionReceives(desk(CallMsgMask.BEGIN_CALL, 0), { ...ev, devices: ['3002'] }), false);
  });
  it('a session with neither CLIENT_EVENTS nor ALL_EVENTS gets no call or agent event', () => {
    const ev: PeripheralEvent = { message: msg, kind: 'call', callMsgMask: 1, devices: ['3001'] };
    assert.equal(
      sessionReceives({ ...bridge(1, 0), servicesGranted: ServiceMask.CLIENT_CONTROL }, ev),
      false,
    );
  });
});

describe('event delivery over TCP', { timeout: 20_000 }, () => {
  const clock = new ManualClock();
  const peripheral = new InMemoryCtiPeripheral();
  const side = new CtiServerSide({ port: 0, clock, peripheral });
  let port = 0;
  before(async () => {
    port = (await side.start()).port;
  });
  after(async () => {
    await side.stop();
  });

  it('the bridge, the workstation of 5001 and the workstation of 5002 each get exactly their events, in order', async () => {
    const b = await CtiRawPeer.connect(port);
    await b.open({
      CallMsgMask: CallMsgMask.BEGIN_CALL | CallMsgMask.END_CALL,
      AgentStateMask: AgentStateMask.AVAILABLE,
    });
    const d1 = await CtiRawPeer.connect(port);
    const wsOpen = (agentID: string) => [
      { name: 'ClientID', value: `desk-${agentID}` },
      { name: 'ClientPassword', value: new Uint8Array() },
      { name: 'AgentID', value: agentID },
    ];
    await d1.open(
      {
        ServicesRequested: ServiceMask.CLIENT_EVENTS,
        PeripheralID: 5000,
        CallMsgMask: 0xffffffff,
        AgentStateMask: 0x3ff,
      },
      wsOpen('5001'),
    );
    const d2 = await CtiRawPeer.connect(port);
    await d2.open(
      {
        ServicesRequested: ServiceMask.CLIENT_EVENTS,
        PeripheralID: 5000,
        CallMsgMask: CallMsgMask.DELIVERED,
        AgentStateMask: 0,
      },
      wsOpen('5002'),
    );
    const ev = (name: string, extra: Partial<PeripheralEvent>): PeripheralEvent => ({
      message: ctiMessage(
        name,
        { PeripheralID: 5000 },
        name.includes('CALL') ? [{ name: 'ConnectionDeviceID', value: '1' }] : [],
      ),
      kind: 'call',
      ...extra,
    });
    peripheral.emit(ev('BEGIN_CALL_EVENT', { callMsgMask: CallMsgMask.BEGIN_CALL, devices: ['3001'] }));
    peripheral.emit(ev('CALL_DELIVERED_EVENT', { callMsgMask: CallMsgMask.DELIVERED, devices: ['3002'] }));
    peripheral.emit(
      ev('AGENT_STATE_EVENT', {
        kind: 'agent',
        agentStateMask: AgentStateMask.AVAILABLE,
        agentIDs: ['5001'],
      }),
    );
    peripheral.emit(
      ev('AGENT_STATE_EVENT', { kind: 'agent', agentStateMask: AgentStateMask.TALKING, agentIDs: ['5002'] }),
    );
    peripheral.emit(ev('END_CALL_EVENT', { callMsgMask: CallMsgMask.END_CALL, devices: ['3001'] }));
    peripheral.emit({ message: ctiMessage('SYSTEM_EVENT', { SystemEventID: 5 }), kind: 'system' });
    await waitUntil(
      () => b.received.length >= 4 && d1.received.length >= 4 && d2.received.length >= 2,
      2000,
      'events',
    );
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(
      b.received.map((m) => m.name),
      ['BEGIN_CALL_EVENT', 'AGENT_STATE_EVENT', 'END_CALL_EVENT', 'SYSTEM_EVENT'],
    );
    assert.deepEqual(
      d1.received.map((m) => m.name),
      ['BEGIN_CALL_EVENT', 'AGENT_STATE_EVENT', 'END_CALL_EVENT', 'SYSTEM_EVENT'],
    );
    assert.deepEqual(
      d2.received.map((m) => m.name),
      ['CALL_DELIVERED_EVENT', 'SYSTEM_EVENT'],
    );
    for (const p of [b, d1, d2]) p.end();
  });

  it('a connection that has not opened a session gets no event', async () => {
    const p = await CtiRawPeer.connect(port);
    await waitUntil(() => side.sessionCount >= 1, 2000, 'accepted');
    peripheral.emit({ message: ctiMessage('SYSTEM_EVENT', { SystemEventID: 5 }), kind: 'system' });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(p.received.length, 0);
    p.end();
  });
});
