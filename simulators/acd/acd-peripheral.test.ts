// The ACD peripheral: login checks, agent state events with durations from the clock, routing to
// the longest-available agent, FIFO queues, wrap-up data in the termination call detail record.
// Sources: Cisco "CTI Planning" (UCCE CTI planning guide) and "CTI Server Message Reference Guide"
// (SET_AGENT_STATE_REQ, AGENT_STATE_EVENT, CALL_QUEUED_EVENT / CALL_DEQUEUED_EVENT, ControlFailureCode).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { type Observation, ObservationStream } from '../lab/observation.ts';
import { salesPeripheral } from '../testing/acd-specs.ts';
import type { AcdEvent, AgentStateEvent } from './acd-events.ts';
import { AcdPeripheral } from './acd-peripheral.ts';
import type { AgentRulesSpec } from './acd-spec.ts';

function setup(rules: Partial<AgentRulesSpec> = {}, extraAgents = 0) {
  const clock = new ManualClock(Date.UTC(2026, 11, 6, 9, 0, 0));
  const acd = new AcdPeripheral(salesPeripheral(rules, extraAgents), { clock });
  const events: AcdEvent[] = [];
  acd.on((e) => events.push(e));
  const ready = (id: string) => {
    assert.ok(acd.login(id, `${id}-pw`).ok);
    assert.ok(acd.setAgentState(id, 'AVAILABLE').ok);
  };
  const states = (id: string) =>
    events
      .filter((e): e is AgentStateEvent => e.type === 'agentState' && e.agentId === id)
      .map((e) => e.state);
  return { clock, acd, events, ready, states };
}

describe('ACD peripheral: agents', () => {
  it('login checks the agent ID, the password and the instrument', () => {
    const { acd } = setup();
    const unknown = acd.login('5999', 'x');
    assert.equal(unknown.ok ? 0 : unknown.error, 256);
    const wrong = acd.login('5001', 'nope');
    assert.equal(wrong.ok ? 0 : wrong.error, 257);
    const device = acd.login('5001', '5001-pw', '3002');
    assert.equal(device.ok ? 0 : device.error, 260);
    assert.equal(acd.agent('5001').state, 'LOGOUT');
    assert.ok(acd.login('5001', '5001-pw', '3001').ok);
    assert.equal(acd.agent('5001').state, 'NOT_READY');
  });

  it('each change is an event with skill groups, reason code and the previous state duration', () => {
    const { acd, clock, events } = setup();
    acd.login('5002', '5002-pw');
    clock.advance(30_000);
    acd.setAgentState('5002', 'NOT_READY', 9);
    clock.advance(15_000);
    acd.setAgentState('5002', 'AVAILABLE');
    const agentEvents = events.filter((e): e is AgentStateEvent => e.type === 'agentState');
    assert.deepEqual(
      agentEvents.map((e) => [e.previous, e.state, e.reasonCode, e.previousStateDurationMs]),
      [
        ['LOGOUT', 'LOGIN', 0, 0],
        ['LOGIN', 'NOT_READY', 0, 0],
        ['NOT_READY', 'NOT_READY', 9, 30_000],
        ['NOT_READY', 'AVAILABLE', 0, 15_000],
      ],
    );
    assert.deepEqual(
      agentEvents.at(-1)?.skillGroups.map((g) => [g.name, g.id, g.state]),
      [
        ['Sales', 101, 'AVAILABLE'],
        ['Service', 102, 'AVAILABLE'],
      ],
    );
    clock.advance(2_500);
    assert.equal(acd.agent('5002').stateDurationMs, 2_500);
  });

  it('login to a subset of skill groups: routed only those; a group the agent is not in is 262', () => {
    const { acd } = setup();
    const bad = acd.login('5001', '5001-pw', undefined, [2]);
    assert.equal(bad.ok ? 0 : bad.error, 262, '5001 is not in Service (number 2)');
    assert.equal(acd.agent('5001').state, 'LOGOUT');
    assert.ok(acd.login('5002', '5002-pw', '3002', [2]).ok);
    acd.setAgentState('5002', 'AVAILABLE');
    assert.deepEqual(
      acd.agent('5002').skillGroups.map((g) => g.name),
      ['Service'],
    );
    const sales = acd.callArrived({ dialedNumber: '8000' });
    assert.ok(sales.ok);
    assert.equal(sales.value.state, 'queued', 'not logged in to Sales');
    const service = acd.callArrived({ dialedNumber: '8001' });
    assert.ok(service.ok);
    assert.equal(service.value.agentId, '5002');
  });

  it('a state request that changes nothing emits nothing', () => {
    const { acd, events, ready } = setup();
    ready('5001');
    const n = events.length;
    assert.ok(acd.setAgentState('5001', 'AVAILABLE').ok);
    assert.equal(events.length, n);
  });
});

describe('ACD peripheral: routing', () => {
  it('a call to 8000 goes to the longest-available agent of Sales, who is RESERVED', () => {
    const { acd, clock, ready, events } = setup();
    ready('5002');
    clock.advance(10_000);
    ready('5001');
    clock.advance(5_000);
    const call = acd.callArrived({ dialedNumber: '8000', ani: '3009' });
    assert.ok(call.ok);
    assert.equal(call.value.agentId, '5002');
    assert.equal(call.value.state, 'offered');
    assert.equal(acd.agent('5002').state, 'RESERVED');
    assert.equal(acd.agent('5001').state, 'AVAILABLE');
    const offered = events.find((e) => e.type === 'callOffered');
    assert.deepEqual(
      offered && { agent: offered.agentId, ext: offered.extension, sg: offered.skillGroup.id },
      {
        agent: '5002',
        ext: '3002',
        sg: 101,
      },
    );
  });

  it('with nobody available the call queues FIFO with positions, and the first ready agent gets the head', () => {
    const { acd, clock, events } = setup();
    acd.login('5001', '5001-pw');
    const first = acd.callArrived({ dialedNumber: '8000', ani: '1111' });
    clock.advance(4_000);
    const second = acd.callArrived({ dialedNumber: '8000', ani: '2222' });
    assert.ok(first.ok && second.ok);
    assert.deepEqual(
      events.filter((e) => e.type === 'callQueued').map((e) => [e.callId, e.position, e.skillGroup.name]),
      [
        [first.value.id, 1, 'Sales'],
        [second.value.id, 2, 'Sales'],
      ],
    );
    clock.advance(6_000);
    assert.deepEqual(acd.queue('Sales'), [
      { callId: first.value.id, position: 1, waitMs: 10_000 },
      { callId: second.value.id, position: 2, waitMs: 6_000 },
    ]);
    assert.ok(acd.setAgentState('5001', 'AVAILABLE').ok);
    assert.equal(acd.call(first.value.id)?.agentId, '5001');
    assert.equal(acd.call(second.value.id)?.state, 'queued');
    const dq = events.find((e) => e.type === 'callDequeued');
    assert.deepEqual(dq && [dq.callId, dq.waitMs, dq.why], [first.value.id, 10_000, 'offered']);
    assert.deepEqual(acd.queue('Sales'), [{ callId: second.value.id, position: 1, waitMs: 6_000 }]);
  });

  it('a dialed number that does not exist is INVALID_DESTINATION (14)', () => {
    const { acd } = setup();
    const r = acd.callArrived({ dialedNumber: '8999' });
    assert.equal(r.ok ? 0 : r.error, 14);
  });

  it('a caller who hangs up in queue is abandoned: dequeued and recorded, nobody is offered it', () => {
    const { acd, clock, ready } = setup();
    const call = acd.callArrived({ dialedNumber: '8000', ani: '3009' });
    assert.ok(call.ok);
    clock.advance(7_000);
    assert.ok(acd.callEnded(call.value.id).ok);
    ready('5001');
    assert.equal(acd.agent('5001').state, 'AVAILABLE');
    const [tcd] = acd.terminationRecords();
    assert.deepEqual(tcd && [tcd.disposition, tcd.queueTimeMs, tcd.agentId], [
      'abandonedInQueue',
      7_000,
      undefined,
    ]);
  });

  it('an agent on a Sales call is BUSY_OTHER in Service', () => {
    const { acd, ready } = setup();
    ready('5002');
    acd.callArrived({ dialedNumber: '8000' });
    assert.deepEqual(
      acd.agent('5002').skillGroups.map((g) => [g.name, g.state]),
      [
        ['Sales', 'RESERVED'],
        ['Service', 'BUSY_OTHER'],
      ],
    );
  });

  it('a call the agent was reserved for that goes away makes the agent available again', () => {
    const { acd, ready, states } = setup();
    ready('5001');
    const call = acd.callArrived({ dialedNumber: '8000' });
    assert.ok(call.ok);
    acd.callEnded(call.value.id);
    assert.deepEqual(states('5001').slice(-2), ['RESERVED', 'AVAILABLE']);
    assert.equal(acd.terminationRecords()[0]?.disposition, 'abandonedRing');
  });
});

describe('ACD peripheral: wrap-up and TCD', () => {
  it('answer -> TALKING; clear -> WORK_READY; wrap-up data lands in the TCD when wrap-up ends', () => {
    const { acd, clock, ready, states } = setup();
    ready('5001');
    clock.advance(1_000);
    const call = acd.callArrived({ dialedNumber: '8000', ani: '3009' });
    assert.ok(call.ok);
    clock.advance(3_000);
    assert.ok(acd.answer(call.value.id).ok);
    assert.ok(acd.setCallData(call.value.id, { callVariables: { 1: 'claim-42' } }).ok);
    clock.advance(60_000);
    assert.ok(acd.callEnded(call.value.id).ok);
    assert.equal(acd.terminationRecords().length, 0, 'the TCD waits for the end of wrap-up');
    assert.equal(acd.call(call.value.id)?.callTypeId, 1, "8000's call type Sales-calls");
    assert.ok(acd.setWrapUpData(call.value.id, 'SALE-OK').ok);
    clock.advance(20_000);
    assert.ok(acd.setAgentState('5001', 'AVAILABLE').ok);
    assert.deepEqual(states('5001').slice(-4), ['RESERVED', 'TALKING', 'WORK_READY', 'AVAILABLE']);
    const [tcd] = acd.terminationRecords();
    assert.ok(tcd);
    assert.deepEqual(
      {
        d: tcd.disposition,
        agent: tcd.agentId,
        wrap: tcd.wrapUpData,
        cv1: tcd.data.callVariables[0],
        ani: tcd.data.ani,
        ring: tcd.ringTimeMs,
        talk: tcd.talkTimeMs,
        work: tcd.workTimeMs,
      },
      {
        d: 'handled',
        agent: '5001',
        wrap: 'SALE-OK',
        cv1: 'claim-42',
        ani: '3009',
        ring: 3_000,
        talk: 60_000,
        work: 20_000,
      },
    );
  });

  it('wrap-up ends by itself after wrapUpTimeS of the clock', () => {
    const { acd, clock, ready } = setup({ wrapUpTimeS: 30 });
    ready('5001');
    const call = acd.callArrived({ dialedNumber: '8000' });
    assert.ok(call.ok);
    acd.answer(call.value.id);
    acd.callEnded(call.value.id);
    clock.advance(29_999);
    assert.equal(acd.agent('5001').state, 'WORK_READY');
    clock.advance(1);
    assert.equal(acd.agent('5001').state, 'AVAILABLE');
    assert.equal(acd.terminationRecords()[0]?.workTimeMs, 30_000);
  });

  it('a queued call waits for the agent to leave wrap-up', () => {
    const { acd, ready } = setup();
    ready('5001');
    const one = acd.callArrived({ dialedNumber: '8000' });
    assert.ok(one.ok);
    acd.answer(one.value.id);
    acd.callEnded(one.value.id);
    const two = acd.callArrived({ dialedNumber: '8000' });
    assert.ok(two.ok);
    assert.equal(two.value.state, 'queued');
    acd.setAgentState('5001', 'AVAILABLE');
    assert.equal(acd.call(two.value.id)?.agentId, '5001');
  });

  it('logout refused while talking (22), with a reason code after wrap-up', () => {
    const { acd, ready } = setup({ reasonCodeRequired: true });
    ready('5001');
    const call = acd.callArrived({ dialedNumber: '8000' });
    assert.ok(call.ok);
    acd.answer(call.value.id);
    const r = acd.setAgentState('5001', 'LOGOUT', 3);
    assert.equal(r.ok ? 0 : r.error, 22);
    acd.callEnded(call.value.id);
    const noReason = acd.setAgentState('5001', 'LOGOUT');
    assert.equal(noReason.ok ? 0 : noReason.error, 281);
    assert.ok(acd.setAgentState('5001', 'LOGOUT', 3).ok);
    assert.equal(acd.agent('5001').state, 'LOGOUT');
    assert.equal(acd.terminationRecords()[0]?.disposition, 'handled');
  });

  it('the call data history keeps every update for the call', () => {
    const { acd, clock } = setup();
    const call = acd.callArrived({ dialedNumber: '8000', ani: '3009' });
    assert.ok(call.ok);
    clock.advance(1_000);
    acd.setCallData(call.value.id, { callVariables: { 2: 'a' } });
    clock.advance(1_000);
    acd.setCallData(call.value.id, { namedVariables: { 'user.cust.id': '77' } });
    const history = acd.call(call.value.id)?.dataHistory ?? [];
    assert.equal(history.length, 3);
    assert.equal(history[2]?.data.callVariables[1], 'a');
    assert.equal(history[2]?.data.namedVariables['user.cust.id'], '77');
    const bad = acd.setCallData(call.value.id, { callVariables: { 1: 'x'.repeat(41) } });
    assert.equal(bad.ok ? 0 : bad.error, 74);
    const none = acd.setCallData(999, {});
    assert.equal(none.ok ? 0 : none.error, 13);
  });
});

describe('ACD peripheral: Redirection on No Answer', () => {
  it('an offer unanswered for ringNoAnswerS goes to the next agent; the first is NOT_READY (32767)', () => {
    const { acd, clock, ready, events } = setup({ ringNoAnswerS: 15 });
    ready('5001');
    clock.advance(1_000);
    ready('5002');
    const call = acd.callArrived({ dialedNumber: '8000', ani: '3009' });
    assert.ok(call.ok);
    assert.equal(acd.call(call.value.id)?.agentId, '5001');
    clock.advance(14_999);
    assert.equal(acd.agent('5001').state, 'RESERVED');
    clock.advance(1);
    assert.deepEqual([acd.agent('5001').state, acd.agent('5001').reasonCode], ['NOT_READY', 32767]);
    assert.equal(acd.call(call.value.id)?.agentId, '5002');
    assert.equal(acd.agent('5002').state, 'RESERVED');
    const offers = events.filter((e) => e.type === 'callOffered').map((e) => [e.agentId, e.waitMs]);
    assert.deepEqual(offers, [
      ['5001', 0],
      ['5002', 15_000],
    ]);
    assert.ok(acd.answer(call.value.id).ok);
    clock.advance(60_000);
    assert.equal(acd.agent('5002').state, 'TALKING', 'no ring timer once answered');
  });

  it('a redirected call goes back ahead of calls that queued after it', () => {
    const { acd, clock, ready } = setup();
    ready('5001');
    const first = acd.callArrived({ dialedNumber: '8000' });
    clock.advance(1_000);
    const second = acd.callArrived({ dialedNumber: '8000' });
    assert.ok(first.ok && second.ok);
    assert.equal(second.value.state, 'queued');
    assert.ok(acd.ringNoAnswer(first.value.id).ok);
    assert.deepEqual(
      acd.queue('Sales').map((q) => [q.callId, q.position, q.waitMs]),
      [
        [first.value.id, 1, 1_000],
        [second.value.id, 2, 0],
      ],
    );
    const again = acd.ringNoAnswer(first.value.id);
    assert.equal(again.ok ? 0 : again.error, 22);
  });
});

describe('ACD peripheral: observations', () => {
  it('publishes each event as a state observation of acd-5000, topic = event type', () => {
    const clock = new ManualClock();
    const observations = new ObservationStream();
    const seen: Observation[] = [];
    observations.subscribe((o) => seen.push(o));
    const acd = new AcdPeripheral(salesPeripheral(), { clock, observations });
    acd.login('5001', '5001-pw');
    assert.deepEqual(
      seen.map((o) => (o.kind === 'state' ? [o.source, o.topic, o.detail.state] : [])),
      [
        ['acd-5000', 'agentState', 'LOGIN'],
        ['acd-5000', 'agentState', 'NOT_READY'],
      ],
    );
  });
});
