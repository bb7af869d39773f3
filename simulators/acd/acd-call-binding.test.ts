// The ACD on the real CallModel (issue 11 item 4: "What the agent does on the SCCP phone and what
// the CTI client asks for move the same calls"): dialed number 8000 holds queued calls like a
// route point, the ACD deflects the call to the reserved agent's extension, and the agent state
// follows the agent phone's calls. Sources: "CTI Planning" (UCCE CTI planning guide), CTI Server Message
// Reference Guide (AgentState), ECMA-269 DeflectCall (only while alerting).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallModel } from '../calls/call-model.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { mustSucceed } from '../lab/result.ts';
import { salesPeripheral } from '../testing/acd-specs.ts';
import { AcdCallBinding } from './acd-call-binding.ts';
import type { AgentStateEvent } from './acd-events.ts';
import { AcdPeripheral } from './acd-peripheral.ts';

function setup(rules: Parameters<typeof salesPeripheral>[0] = {}) {
  const clock = new ManualClock();
  const model = new CallModel({ clock });
  for (const dn of ['3001', '3002', '3009']) mustSucceed(model.addDevice({ number: dn, maxCalls: 2 }), dn);
  const acd = new AcdPeripheral(salesPeripheral(rules), { clock });
  const binding = new AcdCallBinding(model, acd);
  const states: string[] = [];
  acd.on((e) => {
    if (e.type === 'agentState') states.push(`${(e as AgentStateEvent).agentId}:${e.state}`);
  });
  const ready = (id: string) => {
    mustSucceed(acd.login(id, `${id}-pw`), 'login');
    mustSucceed(acd.setAgentState(id, 'AVAILABLE'), 'ready');
  };
  const state = (dn: string) => model.snapshotDevice(dn).map((i) => i.localConnectionState);
  return { clock, model, acd, binding, states, ready, state };
}

describe('ACD on the call model', () => {
  it('8000 is a device holding many calls; a call from 3009 reaches agent 5001 and the agent state follows', () => {
    const { model, acd, binding, states, ready, state, clock } = setup();
    assert.ok(model.hasDevice('8000'));
    ready('5001');
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    assert.deepEqual(state('8000'), [], 'deflected away from the dialed number');
    assert.deepEqual(state('3001'), ['alerting']);
    assert.equal(acd.agent('5001').state, 'RESERVED');
    const acdCall = binding.acdCallOf(caller.callID);
    assert.ok(acdCall !== undefined);
    assert.deepEqual(acd.call(acdCall)?.data.ani, '3009');
    const [ring] = model.snapshotDevice('3001');
    assert.ok(ring);
    clock.advance(2_000);
    mustSucceed(model.answer(ring.connection), 'answer');
    assert.equal(acd.agent('5001').state, 'TALKING');
    assert.equal(acd.call(acdCall)?.state, 'connected');
    mustSucceed(acd.setCallData(acdCall, { callVariables: { 1: 'claim-42' } }), 'data');
    mustSucceed(model.hold(ring.connection), 'hold');
    assert.equal(acd.agent('5001').state, 'HOLD');
    mustSucceed(model.retrieve(ring.connection), 'retrieve');
    assert.equal(acd.agent('5001').state, 'TALKING');
    mustSucceed(model.clear(caller), 'caller hangs up');
    assert.equal(acd.agent('5001').state, 'WORK_READY');
    mustSucceed(acd.setWrapUpData(acdCall, 'SALE'), 'wrap-up');
    mustSucceed(acd.setAgentState('5001', 'AVAILABLE'), 'ready');
    assert.deepEqual(states.slice(3), [
      '5001:RESERVED',
      '5001:TALKING',
      '5001:HOLD',
      '5001:TALKING',
      '5001:WORK_READY',
      '5001:AVAILABLE',
    ]);
    const [tcd] = acd.terminationRecords();
    assert.deepEqual(tcd && [tcd.agentId, tcd.wrapUpData, tcd.data.callVariables[0], tcd.ringTimeMs], [
      '5001',
      'SALE',
      'claim-42',
      2_000,
    ]);
    assert.deepEqual(binding.problems, []);
  });

  it('with nobody ready the call waits alerting at 8000 and goes to the first agent who becomes ready', () => {
    const { model, acd, state } = setup();
    mustSucceed(acd.login('5002', '5002-pw'), 'login');
    mustSucceed(model.makeCall('3009', '8000'), 'call');
    assert.deepEqual(state('8000'), ['alerting']);
    assert.deepEqual(
      acd.queue('Sales').map((q) => q.position),
      [1],
    );
    mustSucceed(acd.setAgentState('5002', 'AVAILABLE'), 'ready');
    assert.deepEqual(state('8000'), []);
    assert.deepEqual(state('3002'), ['alerting']);
    assert.equal(acd.agent('5002').state, 'RESERVED');
  });

  it('a caller who hangs up while queued is abandoned in queue', () => {
    const { model, acd } = setup();
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    mustSucceed(model.clear(caller), 'hang up');
    assert.deepEqual(acd.queue('Sales'), []);
    assert.equal(acd.terminationRecords()[0]?.disposition, 'abandonedInQueue');
  });

  it("a call the agent makes on the phone is TALKING, then the agent's earlier state, without wrap-up", () => {
    const { model, acd, states } = setup();
    mustSucceed(acd.login('5001', '5001-pw'), 'login');
    const out = mustSucceed(model.makeCall('3001', '3009'), 'call out');
    assert.equal(acd.agent('5001').state, 'TALKING');
    const [ring] = model.snapshotDevice('3009');
    assert.ok(ring);
    mustSucceed(model.answer(ring.connection), 'answer');
    mustSucceed(model.clear(out), 'hang up');
    assert.equal(acd.agent('5001').state, 'NOT_READY');
    assert.deepEqual(states, ['5001:LOGIN', '5001:NOT_READY', '5001:TALKING', '5001:NOT_READY']);
    assert.deepEqual(acd.terminationRecords(), []);
  });

  it('the caller hanging up while the agent phone rings makes the agent available again', () => {
    const { model, acd, ready, state } = setup();
    ready('5001');
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    assert.deepEqual(state('3001'), ['alerting']);
    mustSucceed(model.clear(caller), 'hang up');
    assert.equal(acd.agent('5001').state, 'AVAILABLE');
    assert.equal(acd.terminationRecords()[0]?.disposition, 'abandonedRing');
  });

  it('Redirection on No Answer: the phone rang 15 s unanswered, the call rings the next agent', () => {
    const { model, acd, ready, state, clock } = setup({ ringNoAnswerS: 15 });
    ready('5001');
    clock.advance(1_000);
    ready('5002');
    mustSucceed(model.makeCall('3009', '8000'), 'call');
    assert.deepEqual(state('3001'), ['alerting']);
    clock.advance(15_000);
    assert.deepEqual(state('3001'), []);
    assert.deepEqual(state('3002'), ['alerting']);
    assert.deepEqual([acd.agent('5001').state, acd.agent('5001').reasonCode], ['NOT_READY', 32767]);
    assert.equal(acd.agent('5002').state, 'RESERVED');
  });

  it('with nobody else ready, a redirected call waits alerting at 8000 again', () => {
    const { model, acd, ready, state, clock } = setup({ ringNoAnswerS: 15 });
    ready('5001');
    mustSucceed(model.makeCall('3009', '8000'), 'call');
    clock.advance(15_000);
    assert.deepEqual(state('3001'), []);
    assert.deepEqual(state('8000'), ['alerting']);
    assert.equal(acd.queue('Sales').length, 1);
  });

  it("an agent phone that cannot ring (out of service) counts as no answer: the next agent's phone rings", () => {
    const { model, acd, binding, ready, state, clock } = setup();
    mustSucceed(model.setInService('3001', false), 'unregister 3001');
    ready('5001');
    clock.advance(1_000);
    ready('5002');
    mustSucceed(model.makeCall('3009', '8000'), 'call');
    assert.equal(binding.problems.length, 1);
    assert.equal(acd.agent('5001').state, 'NOT_READY');
    assert.deepEqual(state('3002'), ['alerting']);
  });
});
