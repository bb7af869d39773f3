// The events half of the ACD's CTI Server port on a real CallModel + AcdSystem (two peripherals,
// translation route 8100 -> peripheral 6000 / DNIS 9100): the exact GED-188 event sequences and
// field values a CTI client is sent (Cisco "CTI Server Message Reference Guide", chapter 5 "Call
// Events", "AGENT_STATE_EVENT"; "CTI Planning", "CTI Server", "CTI Server Client Application
// Models", "CTI Server Fault Tolerance").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PeripheralSpec } from '../acd/acd-spec.ts';
import { AcdSystem } from '../acd/acd-system.ts';
import { CallModel } from '../calls/call-model.ts';
import type { PeripheralEvent } from '../cti-server/server/cti-peripheral.ts';
import { type EventSubscription, sessionReceives } from '../cti-server/server/event-filter.ts';
import {
  AgentStateMask,
  CallMsgMask,
  type CtiMessage,
  floatingString,
  floatingValues,
  ServiceMask,
} from '../cti-server/wire.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { mustSucceed } from '../lab/result.ts';
import { salesPeripheral, supportPeripheral } from '../testing/acd-specs.ts';
import { AcdCtiPeripheral } from './acd-cti-peripheral.ts';

function setup(sales: PeripheralSpec = salesPeripheral()) {
  const clock = new ManualClock();
  const model = new CallModel({ clock });
  for (const dn of ['3001', '3002', '3009', '4001'])
    mustSucceed(model.addDevice({ number: dn, maxCalls: 2 }), dn);
  const system = new AcdSystem(
    [
      { peripheral: sales, translationRoutes: [{ number: '8100', peripheralId: 6000, dnis: '9100' }] },
      { peripheral: supportPeripheral(), translationRoutes: [] },
    ],
    { clock, model },
  );
  const cti = new AcdCtiPeripheral({ system, peripheralId: 5000, model, clock });
  const cti6000 = new AcdCtiPeripheral({ system, peripheralId: 6000, model, clock });
  const events: PeripheralEvent[] = [];
  const events6000: PeripheralEvent[] = [];
  cti.subscribe((e) => events.push(e));
  cti6000.subscribe((e) => events6000.push(e));
  const acd = system.peripheral(5000);
  const ready = (id: string) => {
    mustSucceed(acd.login(id, `${id}-pw`), 'login');
    mustSucceed(acd.setAgentState(id, 'AVAILABLE'), 'ready');
  };
  const ringing = (dn: string) => {
    const [item] = model.snapshotDevice(dn);
    assert.ok(item, `${dn} rings`);
    return item.connection;
  };
  return { clock, model, system, cti, cti6000, events, events6000, acd, ready, ringing };
}

const ALL = 0xffffffff;
const bridge: EventSubscription = {
  servicesGranted: ServiceMask.ALL_EVENTS,
  callMsgMask: ALL,
  agentStateMask: 0x3ff,
  agent: undefined,
};
const desk = (agentID: string, device: string): EventSubscription => ({
  servicesGranted: ServiceMask.CLIENT_EVENTS,
  callMsgMask: ALL,
  agentStateMask: 0x3ff,
  agent: { agentID, devices: [device], agentState: 2 },
});

/** What a session with `sub` is sent, as "NAME" or "AGENT_STATE_EVENT:STATE". */
function seen(events: readonly PeripheralEvent[], sub: EventSubscription): string[] {
  const states = [
    'LOGIN',
    'LOGOUT',
    'NOT_READY',
    'AVAILABLE',
    'TALKING',
    'WORK_NOT_READY',
    'WORK_READY',
    'BUSY_OTHER',
    'RESERVED',
    'UNKNOWN',
    'HOLD',
  ];
  return events
    .filter((e) => sessionReceives(sub, e))
    .map((e) =>
      e.message.name === 'AGENT_STATE_EVENT'
        ? `AGENT_STATE_EVENT:${states[e.message.fixed.AgentState as number]}`
        : e.message.name,
    );
}

const named = (events: readonly PeripheralEvent[], name: string): CtiMessage[] =>
  events.filter((e) => e.message.name === name).map((e) => e.message);

describe('ACD CTI events: an inbound ACD call (ACD-SRV-002)', () => {
  it('queued, then answered by agent 5001: BEGIN_CALL, QUEUED, DEQUEUED, DELIVERED, ESTABLISHED, CLEARED, END_CALL with the agent states between', () => {
    const { model, acd, events, ringing } = setup();
    mustSucceed(acd.login('5001', '5001-pw'), 'login');
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    mustSucceed(acd.setAgentState('5001', 'AVAILABLE'), 'ready');
    mustSucceed(model.answer(ringing('3001')), 'answer');
    mustSucceed(model.clear(caller), 'hang up');
    assert.deepEqual(seen(events, bridge), [
      'AGENT_STATE_EVENT:LOGIN',
      'AGENT_STATE_EVENT:NOT_READY',
      'BEGIN_CALL_EVENT',
      'CALL_QUEUED_EVENT',
      'AGENT_STATE_EVENT:AVAILABLE',
      'CALL_DEQUEUED_EVENT',
      'CALL_DELIVERED_EVENT',
      'AGENT_STATE_EVENT:RESERVED',
      'CALL_ESTABLISHED_EVENT',
      'AGENT_STATE_EVENT:TALKING',
      'CALL_CONNECTION_CLEARED_EVENT',
      'AGENT_STATE_EVENT:WORK_READY',
      'CALL_CONNECTION_CLEARED_EVENT',
      'CALL_CLEARED_EVENT',
      'END_CALL_EVENT',
    ]);
    // One ConnectionCallID for the call in every call event.
    const ids = new Set(events.filter((e) => e.kind === 'call').map((e) => e.message.fixed.ConnectionCallID));
    // (peripheral 5000's ConnectionCallIDs start at (5000 % 1000) * 1_000_000 + 1.)
    assert.deepEqual([...ids], [1]);
  });

  it('BEGIN_CALL_EVENT carries the call data and CallType ACD_IN; the agent’s DELIVERED carries it too', () => {
    const { model, events, ready } = setup();
    ready('5001');
    mustSucceed(model.makeCall('3009', '8000'), 'call');
    const [begin] = named(events, 'BEGIN_CALL_EVENT');
    assert.ok(begin);
    assert.deepEqual(
      {
        PeripheralID: begin.fixed.PeripheralID,
        PeripheralType: begin.fixed.PeripheralType,
        CallType: begin.fixed.CallType,
        ConnectionCallID: begin.fixed.ConnectionCallID,
        MonitorID: begin.fixed.MonitorID,
      },
      { PeripheralID: 5000, PeripheralType: 17, CallType: 1, ConnectionCallID: 1, MonitorID: 0 },
    );
    assert.deepEqual(
      ['ConnectionDeviceID', 'ANI', 'DNIS', 'DialedNumber', 'CallerEnteredDigits', 'CallVariable1'].map((n) =>
        floatingString(begin, n),
      ),
      ['8000', '3009', '8000', '8000', '', ''],
    );
    const [delivered] = named(events, 'CALL_DELIVERED_EVENT');
    assert.ok(delivered);
    assert.deepEqual(
      ['ConnectionDeviceID', 'AlertingDeviceID', 'CallingDeviceID', 'ANI', 'DNIS'].map((n) =>
        floatingString(delivered, n),
      ),
      ['3001', '3001', '3009', '3009', '8000'],
    );
    assert.deepEqual(
      [delivered.fixed.LocalConnectionState, delivered.fixed.SkillGroupNumber, delivered.fixed.SkillGroupID],
      [2, 1, 101],
    );
    const deliveredEvent = events.find((e) => e.message === delivered);
    assert.deepEqual(
      [deliveredEvent?.devices, deliveredEvent?.agentIDs, deliveredEvent?.callMsgMask],
      [['3001'], ['5001'], CallMsgMask.DELIVERED],
    );
  });

  it('the agent’s workstation gets its own BEGIN_CALL_EVENT before the delivery, then the call’s events; 5002’s gets none', () => {
    const { model, events, ready, ringing } = setup();
    ready('5001');
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    mustSucceed(model.answer(ringing('3001')), 'answer');
    mustSucceed(model.clear(caller), 'hang up');
    assert.deepEqual(seen(events, desk('5001', '3001')), [
      'AGENT_STATE_EVENT:LOGIN',
      'AGENT_STATE_EVENT:NOT_READY',
      'AGENT_STATE_EVENT:AVAILABLE',
      'AGENT_STATE_EVENT:RESERVED',
      'BEGIN_CALL_EVENT',
      'CALL_DELIVERED_EVENT',
      'CALL_ESTABLISHED_EVENT',
      'AGENT_STATE_EVENT:TALKING',
      'CALL_CONNECTION_CLEARED_EVENT',
      'AGENT_STATE_EVENT:WORK_READY',
      'CALL_CONNECTION_CLEARED_EVENT',
      'CALL_CLEARED_EVENT',
      'END_CALL_EVENT',
    ]);
    assert.deepEqual(seen(events, desk('5002', '3002')), []);
    const wsBegin = events.find((e) => e.message.name === 'BEGIN_CALL_EVENT' && e.clientEventsOnly === true);
    assert.equal(wsBegin && floatingString(wsBegin.message, 'ConnectionDeviceID'), '3001');
  });

  it('a call abandoned in queue: BEGIN_CALL, QUEUED, DEQUEUED, CONNECTION_CLEARED, CLEARED, END_CALL', () => {
    const { model, events } = setup();
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    mustSucceed(model.clear(caller), 'hang up');
    assert.deepEqual(seen(events, bridge), [
      'BEGIN_CALL_EVENT',
      'CALL_QUEUED_EVENT',
      'CALL_CONNECTION_CLEARED_EVENT',
      'CALL_CLEARED_EVENT',
      'CALL_DEQUEUED_EVENT',
      'END_CALL_EVENT',
    ]);
    const [dequeued] = named(events, 'CALL_DEQUEUED_EVENT');
    assert.deepEqual([dequeued?.fixed.EventCause, dequeued?.fixed.NumQueued], [5, 0]);
    const [queued] = named(events, 'CALL_QUEUED_EVENT');
    assert.ok(queued);
    assert.deepEqual(
      [queued.fixed.NumQueued, queued.fixed.LocalConnectionState, floatingString(queued, 'QueueDeviceID')],
      [1, 5, '8000'],
    );
    assert.deepEqual(floatingValues(queued, 'SkillGroupNumber'), [1]);
  });
});

describe('ACD CTI events: agent states (AGENT_STATE_EVENT)', () => {
  it('fields of the event and its mask bit; HOLD is AgentStateMask bit 9 while its AgentState is 10', () => {
    const { model, events, ready, ringing } = setup();
    ready('5001');
    mustSucceed(model.makeCall('3009', '8000'), 'call');
    const agentLeg = ringing('3001');
    mustSucceed(model.answer(agentLeg), 'answer');
    mustSucceed(model.hold(agentLeg), 'hold');
    const hold = events.find((e) => e.kind === 'agent' && e.message.fixed.AgentState === 10);
    assert.ok(hold, 'an AGENT_STATE_EVENT HOLD');
    assert.equal(hold.agentStateMask, AgentStateMask.HOLD);
    assert.equal(hold.agentStateMask, 0x200);
    assert.deepEqual([hold.agentIDs, hold.devices], [['5001'], ['3001']]);
    const m = hold.message;
    assert.deepEqual(
      [
        m.fixed.PeripheralID,
        m.fixed.SkillGroupNumber,
        m.fixed.SkillGroupID,
        m.fixed.EventReasonCode,
        m.fixed.StateDuration,
      ],
      [5000, 1, 101, 0, 0],
    );
    assert.deepEqual(
      ['AgentID', 'AgentExtension', 'AgentInstrument'].map((n) => floatingString(m, n)),
      ['5001', '3001', '3001'],
    );
    assert.deepEqual(floatingValues(m, 'SkillGroupNumber'), [1]);
    assert.deepEqual(floatingValues(m, 'SkillGroupState'), [10]);
    assert.ok(named(events, 'CALL_HELD_EVENT').length === 1);
  });

  it('a not ready reason code is the EventReasonCode; a VRU peripheral sends no AGENT_STATE_EVENT', () => {
    const { events, acd } = setup();
    mustSucceed(acd.login('5001', '5001-pw'), 'login');
    mustSucceed(acd.setAgentState('5001', 'NOT_READY', 42), 'not ready');
    const last = events.at(-1);
    assert.deepEqual([last?.message.fixed.AgentState, last?.message.fixed.EventReasonCode], [2, 42]);
    const vru = setup({ ...salesPeripheral(), type: 'VRU' });
    mustSucceed(vru.acd.login('5001', '5001-pw'), 'login');
    assert.deepEqual(vru.events, []);
  });
});

describe('ACD CTI events: call data', () => {
  it('SET_CALL_DATA on the ACD call: CALL_DATA_UPDATE_EVENT with the new call variables and ECC data', () => {
    const { model, system, acd, events, ready, ringing } = setup();
    ready('5001');
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    mustSucceed(model.answer(ringing('3001')), 'answer');
    const acdCall = system.bindings.get(5000)?.acdCallOf(caller.callID);
    assert.ok(acdCall !== undefined);
    mustSucceed(
      acd.setCallData(acdCall, {
        callVariables: { 2: 'claim-42' },
        namedVariables: { 'user.case': 'A7' },
        namedArrays: [{ name: 'user.items', index: 3, value: 'x' }],
      }),
      'data',
    );
    const update = events.at(-1);
    assert.equal(update?.message.name, 'CALL_DATA_UPDATE_EVENT');
    assert.equal(update?.callMsgMask, CallMsgMask.CALL_DATA_UPDATE);
    assert.deepEqual(update?.devices, ['3001']);
    const m = update.message;
    assert.deepEqual(
      [m.fixed.ConnectionCallID, floatingString(m, 'ConnectionDeviceID'), m.fixed.CallType],
      [1, '3001', 1],
    );
    assert.deepEqual(
      [floatingString(m, 'CallVariable2'), m.fixed.NumNamedVariables, m.fixed.NumNamedArrays],
      ['claim-42', 1, 1],
    );
    assert.deepEqual(floatingValues(m, 'NamedVariable'), [{ name: 'user.case', value: 'A7' }]);
    assert.deepEqual(floatingValues(m, 'NamedArray'), [{ index: 3, name: 'user.items', value: 'x' }]);
  });

  it('eventsOnOpen: a BEGIN_CALL_EVENT per call in progress with the data as it is now; a workstation only its own', () => {
    const { model, system, acd, cti, ready, ringing } = setup();
    ready('5001');
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    mustSucceed(model.answer(ringing('3001')), 'answer');
    mustSucceed(model.makeCall('3002', '3009'), 'internal call to a busy phone');
    const acdCall = system.bindings.get(5000)?.acdCallOf(caller.callID);
    assert.ok(acdCall !== undefined);
    mustSucceed(acd.setCallData(acdCall, { callVariables: { 1: 'after-update' } }), 'data');
    const forBridge = cti.eventsOnOpen({ sessionId: 1, clientID: 'bridge', version: 20 });
    assert.deepEqual(
      forBridge.map((m) => [
        m.name,
        floatingString(m, 'ConnectionDeviceID'),
        floatingString(m, 'CallVariable1'),
      ]),
      [
        // The ACD call is at agent 5001's teleset now.
        ['BEGIN_CALL_EVENT', '3001', 'after-update'],
        ['BEGIN_CALL_EVENT', '3002', ''],
      ],
    );
    const agent = { agentID: '5001', devices: ['3001'], agentState: 4 };
    const forDesk = cti.eventsOnOpen({ sessionId: 2, clientID: 'ws', version: 20, agent });
    assert.deepEqual(
      forDesk.map((m) => [
        m.name,
        floatingString(m, 'ConnectionDeviceID'),
        floatingString(m, 'CallVariable1'),
      ]),
      [['BEGIN_CALL_EVENT', '3001', 'after-update']],
    );
  });
});

describe('ACD CTI events: agent calls, transfers, translation routes', () => {
  it('an agent’s outbound call: BEGIN_CALL (AGENT_OUT), SERVICE_INITIATED, ORIGINATED, DELIVERED, ESTABLISHED', () => {
    const { model, events } = setup();
    const leg = mustSucceed(model.makeCall('3001', '3009'), 'call');
    mustSucceed(model.answer(model.snapshotDevice('3009')[0]!.connection), 'answer');
    mustSucceed(model.clear(leg), 'hang up');
    assert.deepEqual(seen(events, desk('5001', '3001')), [
      'BEGIN_CALL_EVENT',
      'CALL_SERVICE_INITIATED_EVENT',
      'CALL_ORIGINATED_EVENT',
      'CALL_DELIVERED_EVENT',
      'CALL_ESTABLISHED_EVENT',
      'CALL_CONNECTION_CLEARED_EVENT',
      'CALL_CONNECTION_CLEARED_EVENT',
      'CALL_CLEARED_EVENT',
      'END_CALL_EVENT',
    ]);
    assert.equal(named(events, 'BEGIN_CALL_EVENT')[0]?.fixed.CallType, 8);
  });

  it('a legacy peripheral (ASPECT) sends no SERVICE_INITIATED / ORIGINATED (its profile)', () => {
    const { model, events } = setup({ ...salesPeripheral(), type: 'ASPECT' });
    mustSucceed(model.makeCall('3001', '3009'), 'call');
    assert.deepEqual(seen(events, bridge), ['BEGIN_CALL_EVENT', 'CALL_DELIVERED_EVENT']);
  });

  it('blind transfer back to 8000: agent 5002’s workstation gets BEGIN_CALL with agent 5001’s update (ACD-WS-006)', () => {
    const { model, system, acd, events, ready, ringing } = setup();
    ready('5001');
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    const leg = ringing('3001');
    mustSucceed(model.answer(leg), 'answer');
    const acdCall = system.bindings.get(5000)?.acdCallOf(caller.callID);
    assert.ok(acdCall !== undefined);
    mustSucceed(acd.setCallData(acdCall, { callVariables: { 1: 'claim-42' } }), 'data');
    ready('5002');
    const before = events.length;
    mustSucceed(model.singleStepTransfer(leg, '8000'), 'transfer');
    const after = events.slice(before);
    assert.deepEqual(seen(after, desk('5002', '3002')), [
      'AGENT_STATE_EVENT:RESERVED',
      'BEGIN_CALL_EVENT',
      'CALL_DELIVERED_EVENT',
    ]);
    const begin = after.find((e) => e.message.name === 'BEGIN_CALL_EVENT')?.message;
    assert.ok(begin);
    assert.deepEqual(
      [
        begin.fixed.CallType,
        floatingString(begin, 'CallVariable1'),
        floatingString(begin, 'ConnectionDeviceID'),
      ],
      [4, 'claim-42', '3002'],
    );
    assert.deepEqual(seen(after, desk('5001', '3001')), [
      'CALL_TRANSFERRED_EVENT',
      'AGENT_STATE_EVENT:WORK_READY',
      'END_CALL_EVENT',
    ]);
  });

  it('transfer to translation route 8100: peripheral 6000 announces the call (CALL_TRANSLATION_ROUTE_EVENT) and begins it with the data (ACD-WS-007)', () => {
    const { model, system, acd, events, events6000, ready, ringing } = setup();
    ready('5001');
    const support = system.peripheral(6000);
    mustSucceed(support.login('6001', '6001-pw'), 'login');
    mustSucceed(support.setAgentState('6001', 'AVAILABLE'), 'ready');
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    const leg = ringing('3001');
    mustSucceed(model.answer(leg), 'answer');
    const acdCall = system.bindings.get(5000)?.acdCallOf(caller.callID);
    assert.ok(acdCall !== undefined);
    mustSucceed(acd.setCallData(acdCall, { callVariables: { 1: 'claim-42' } }), 'data');
    const before = events6000.length;
    const before5000 = events.length;
    mustSucceed(model.singleStepTransfer(leg, '8100'), 'transfer');
    const there = events6000.slice(before).filter((e) => e.kind === 'call');
    assert.deepEqual(
      there.map((e) => e.message.name),
      ['CALL_TRANSLATION_ROUTE_EVENT', 'BEGIN_CALL_EVENT', 'BEGIN_CALL_EVENT', 'CALL_DELIVERED_EVENT'],
    );
    const route = there[0]!.message;
    assert.deepEqual(
      ['DNIS', 'ANI', 'CallVariable1'].map((n) => floatingString(route, n)),
      ['9100', '3009', 'claim-42'],
    );
    const ws = there[2]!;
    assert.deepEqual([ws.clientEventsOnly, ws.devices], [true, ['4001']]);
    assert.deepEqual(
      [ws.message.fixed.CallType, floatingString(ws.message, 'CallVariable1')],
      [4, 'claim-42'],
    );
    // Peripheral 5000 sees the call leave it: transferred, the agent wraps up, the call ends there.
    assert.deepEqual(seen(events.slice(before5000), bridge), [
      'CALL_TRANSFERRED_EVENT',
      'AGENT_STATE_EVENT:WORK_READY',
      'END_CALL_EVENT',
    ]);
  });

  it('transfer straight to 9100 (no translation route): 6000 begins the call without the data', () => {
    const { model, system, acd, events6000, ready, ringing } = setup();
    ready('5001');
    const support = system.peripheral(6000);
    mustSucceed(support.login('6001', '6001-pw'), 'login');
    mustSucceed(support.setAgentState('6001', 'AVAILABLE'), 'ready');
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    const leg = ringing('3001');
    mustSucceed(model.answer(leg), 'answer');
    const acdCall = system.bindings.get(5000)?.acdCallOf(caller.callID);
    assert.ok(acdCall !== undefined);
    mustSucceed(acd.setCallData(acdCall, { callVariables: { 1: 'claim-42' } }), 'data');
    mustSucceed(model.singleStepTransfer(leg, '9100'), 'transfer');
    const begins = named(events6000, 'BEGIN_CALL_EVENT');
    assert.deepEqual(
      begins.map((m) => [m.fixed.CallType, floatingString(m, 'CallVariable1')]),
      [
        [1, ''],
        [1, ''],
      ],
    );
    assert.deepEqual(named(events6000, 'CALL_TRANSLATION_ROUTE_EVENT'), []);
  });
});

describe('ACD CTI events: no answer, consultation and transfer', () => {
  /** One line per event: name (AgentState), ConnectionCallID or PrimaryCallID, for whom. */
  const show = (es: readonly PeripheralEvent[]) =>
    es.map(
      (e) =>
        `${e.message.name}${e.kind === 'agent' ? `:${e.message.fixed.AgentState}` : ''} ` +
        `${e.message.fixed.ConnectionCallID ?? e.message.fixed.PrimaryCallID ?? '-'} ` +
        `${e.clientEventsOnly ? 'ws' : 'all'} [${e.devices}]`,
    );

  it('Redirection on No Answer: the agent’s leg is diverted back, its workstation’s END_CALL, the call queued again, the agent NOT_READY', () => {
    const { clock, model, events, ready } = setup(salesPeripheral({ ringNoAnswerS: 5 }));
    ready('5001');
    mustSucceed(model.makeCall('3009', '8000'), 'call');
    const before = events.length;
    clock.advance(5000);
    assert.deepEqual(show(events.slice(before)), [
      'CALL_DIVERTED_EVENT 1 all [3001]',
      'END_CALL_EVENT 1 ws [3001]',
      'CALL_QUEUED_EVENT 1 all []',
      'AGENT_STATE_EVENT:2 - all [3001]',
    ]);
  });

  it('consultation and transfer to 3002: the consult call begins (CallType CONSULT), 3002 is given the customer call, the consult call ends', () => {
    const { model, events, ready, ringing } = setup();
    ready('5001');
    mustSucceed(model.makeCall('3009', '8000'), 'call');
    const leg = ringing('3001');
    mustSucceed(model.answer(leg), 'answer');
    let before = events.length;
    const consult = mustSucceed(model.consultation(leg, '3002'), 'consult');
    mustSucceed(model.answer(ringing('3002')), 'answer the consultation');
    assert.deepEqual(show(events.slice(before)), [
      // The agent stays TALKING: its phone has the consultation call active.
      'CALL_HELD_EVENT 1 all [3001]',
      'BEGIN_CALL_EVENT 2 all [3001]',
      'CALL_SERVICE_INITIATED_EVENT 2 all [3001]',
      'CALL_ORIGINATED_EVENT 2 all [3001]',
      'BEGIN_CALL_EVENT 2 ws [3002]',
      'CALL_DELIVERED_EVENT 2 all [3001,3002]',
      'CALL_ESTABLISHED_EVENT 2 all [3001,3002]',
    ]);
    assert.deepEqual(
      named(events, 'BEGIN_CALL_EVENT')
        .filter((m) => m.fixed.ConnectionCallID === 2)
        .map((m) => m.fixed.CallType),
      [12, 12],
    );
    before = events.length;
    mustSucceed(model.transfer(leg, consult), 'transfer');
    assert.deepEqual(show(events.slice(before)), [
      'BEGIN_CALL_EVENT 1 ws [3002]',
      'CALL_TRANSFERRED_EVENT 1 all [3001,3002]',
      'AGENT_STATE_EVENT:6 - all [3001]',
      'END_CALL_EVENT 1 ws [3001]',
      'END_CALL_EVENT 2 all [3001,3002]',
    ]);
    const transferred = named(events, 'CALL_TRANSFERRED_EVENT')[0];
    assert.ok(transferred);
    assert.deepEqual(
      [transferred.fixed.PrimaryCallID, transferred.fixed.SecondaryCallID, transferred.fixed.NumParties],
      [1, 2, 2],
    );
    assert.deepEqual(floatingValues(transferred, 'ConnectedPartyDeviceID'), ['3002', '3009']);
  });
});

describe('ACD CTI events: retrieve, conference, failure', () => {
  it('consult 3002, then conference: CALL_CONFERENCED with three parties, 3002’s workstation given the customer call, the consult call ended', () => {
    const { model, events, ready, ringing } = setup();
    ready('5001');
    mustSucceed(model.makeCall('3009', '8000'), 'call');
    const leg = ringing('3001');
    mustSucceed(model.answer(leg), 'answer');
    const consult = mustSucceed(model.consultation(leg, '3002'), 'consult');
    mustSucceed(model.answer(ringing('3002')), 'answer the consultation');
    const before = events.length;
    mustSucceed(model.conference(leg, consult), 'conference');
    const after = events.slice(before);
    assert.deepEqual(
      after.map((e) => `${e.message.name} ${e.clientEventsOnly ? 'ws' : 'all'} [${e.devices}]`),
      [
        'BEGIN_CALL_EVENT ws [3002]',
        'CALL_CONFERENCED_EVENT all [3001,3002]',
        'END_CALL_EVENT all [3001,3002]',
      ],
    );
    const conf = after[1]!.message;
    assert.deepEqual(
      [conf.fixed.PrimaryCallID, conf.fixed.SecondaryCallID, conf.fixed.NumParties, conf.fixed.EventCause],
      [1, 2, 3, 17],
    );
    assert.deepEqual(
      ['ControllerDeviceID', 'AddedPartyDeviceID'].map((n) => floatingString(conf, n)),
      ['3001', '3002'],
    );
    assert.equal(after[2]!.message.fixed.ConnectionCallID, 2);
  });

  it('hold and retrieve on the agent’s phone: CALL_HELD, HOLD, CALL_RETRIEVED, TALKING', () => {
    const { model, events, ready, ringing } = setup();
    ready('5001');
    mustSucceed(model.makeCall('3009', '8000'), 'call');
    const leg = ringing('3001');
    mustSucceed(model.answer(leg), 'answer');
    const before = events.length;
    mustSucceed(model.hold(leg), 'hold');
    mustSucceed(model.retrieve(leg), 'retrieve');
    assert.deepEqual(seen(events.slice(before), bridge), [
      'CALL_HELD_EVENT',
      'AGENT_STATE_EVENT:HOLD',
      'CALL_RETRIEVED_EVENT',
      'AGENT_STATE_EVENT:TALKING',
    ]);
    const retrieved = named(events, 'CALL_RETRIEVED_EVENT')[0];
    assert.deepEqual(
      [floatingString(retrieved!, 'RetrievingDeviceID'), retrieved?.fixed.LocalConnectionState],
      ['3001', 3],
    );
  });

  it('an agent’s call to a busy phone: CALL_FAILED_EVENT with EventCause BUSY', () => {
    const { model, events } = setup();
    mustSucceed(model.addDevice({ number: '3010', maxCalls: 1 }), '3010');
    mustSucceed(model.makeCall('3010', '3009'), '3010 busy on its only line');
    const before = events.length;
    mustSucceed(model.makeCall('3001', '3010'), 'agent calls 3010');
    const failed = named(events.slice(before), 'CALL_FAILED_EVENT');
    assert.equal(failed.length, 1);
    assert.deepEqual(
      [
        floatingString(failed[0]!, 'ConnectionDeviceID'),
        floatingString(failed[0]!, 'FailingDeviceID'),
        failed[0]!.fixed.EventCause,
        failed[0]!.fixed.LocalConnectionState,
      ],
      ['3001', '3010', 3, 6],
    );
  });
});

describe('ACD CTI events: the pre-route indication (ACD-SRV-001)', () => {
  it('AGENT_PRE_CALL_EVENT with ANI and call variables before the call arrives; the call then carries the data', () => {
    const { model, system, events, ready } = setup();
    ready('5001');
    mustSucceed(
      system.router.preRoute(5000, '8000', { ani: '0455501234', update: { callVariables: { 3: 'gold' } } }),
      'pre-route',
    );
    mustSucceed(model.makeCall('3009', '8000'), 'call');
    const calls = events.filter((e) => e.kind === 'call' && sessionReceives(bridge, e));
    assert.deepEqual(
      calls.slice(0, 3).map((e) => e.message.name),
      ['AGENT_PRE_CALL_EVENT', 'BEGIN_CALL_EVENT', 'CALL_DELIVERED_EVENT'],
    );
    const pre = calls[0]!;
    assert.equal(pre.callMsgMask, CallMsgMask.AGENT_PRE_CALL);
    assert.deepEqual(
      ['ANI', 'DialedNumber', 'CallVariable3'].map((n) => floatingString(pre.message, n)),
      ['0455501234', '8000', 'gold'],
    );
    assert.deepEqual([pre.message.fixed.SkillGroupNumber, pre.message.fixed.SkillGroupID], [1, 101]);
    const begin = calls[1]!.message;
    assert.deepEqual([begin.fixed.CallType, floatingString(begin, 'CallVariable3')], [2, 'gold']);
  });
});

describe('ACD CTI events: masks (ACD-MSG-004)', () => {
  it('a session with only DELIVERED | END_CALL gets exactly those call events', () => {
    const { model, events, ready, ringing } = setup();
    ready('5001');
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    mustSucceed(model.answer(ringing('3001')), 'answer');
    mustSucceed(model.clear(caller), 'hang up');
    const some = { ...bridge, callMsgMask: CallMsgMask.DELIVERED | CallMsgMask.END_CALL, agentStateMask: 0 };
    assert.deepEqual(seen(events, some), ['CALL_DELIVERED_EVENT', 'END_CALL_EVENT']);
  });
});
