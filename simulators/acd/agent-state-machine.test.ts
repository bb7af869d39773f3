// The agent state machine alone (Cisco CTI Server Message Reference Guide, SET_AGENT_STATE_REQ and
// the "ControlFailureCode Values" table): every allowed move and every refusal with its code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTROL_FAILURE } from './acd-codes.ts';
import { type AgentRulesSpec, DEFAULT_AGENT_RULES } from './acd-spec.ts';
import { type AgentRequest, type AgentStatus, agentTransition, LOGGED_OUT } from './agent-state-machine.ts';

const rules = DEFAULT_AGENT_RULES;

function run(status: AgentStatus, requests: AgentRequest[], r: AgentRulesSpec = rules) {
  let s = status;
  const entered: string[] = [];
  for (const req of requests) {
    const out = agentTransition(s, req, r);
    assert.ok(out.ok, `${JSON.stringify(req)} refused: ${out.ok ? '' : out.reason}`);
    s = out.value.status;
    entered.push(...out.value.entered);
  }
  return { status: s, entered };
}

function refusal(status: AgentStatus, req: AgentRequest, r: AgentRulesSpec = rules): number {
  const out = agentTransition(status, req, r);
  assert.equal(out.ok, false, `${JSON.stringify(req)} from ${status.state} should be refused`);
  return out.ok ? -1 : out.error;
}

const notReady = run(LOGGED_OUT, [{ kind: 'login' }]).status;
const available = run(notReady, [{ kind: 'set', state: 'AVAILABLE' }]).status;
const talking = run(available, [{ kind: 'reserve' }, { kind: 'answer', acd: true }]).status;

describe('agent state machine', () => {
  it('login reports LOGIN then NOT_READY; a second login is AGENT_ALREADY_SIGNED_ON (259)', () => {
    assert.deepEqual(run(LOGGED_OUT, [{ kind: 'login' }]).entered, ['LOGIN', 'NOT_READY']);
    assert.equal(refusal(notReady, { kind: 'login' }), 259);
    assert.equal(
      refusal(available, { kind: 'set', state: 'LOGIN' }),
      CONTROL_FAILURE.AGENT_ALREADY_SIGNED_ON,
    );
  });

  it('a logged-out agent cannot change state: INVALID_OBJECT_STATE (22)', () => {
    for (const state of ['AVAILABLE', 'NOT_READY', 'LOGOUT', 'WORK_READY'] as const)
      assert.equal(refusal(LOGGED_OUT, { kind: 'set', state }), 22);
  });

  it('a client may not request TALKING, HOLD, RESERVED, BUSY_OTHER: VALUE_OUT_OF_RANGE (3)', () => {
    for (const state of ['TALKING', 'HOLD', 'RESERVED', 'BUSY_OTHER', 'UNKNOWN'] as const)
      assert.equal(refusal(available, { kind: 'set', state }), 3);
  });

  it('ready -> reserved -> talking -> hold -> talking -> work ready -> available', () => {
    const { entered, status } = run(available, [
      { kind: 'reserve' },
      { kind: 'answer', acd: true },
      { kind: 'hold' },
      { kind: 'retrieve' },
      { kind: 'callEnded' },
      { kind: 'set', state: 'AVAILABLE' },
    ]);
    assert.deepEqual(entered, ['RESERVED', 'TALKING', 'HOLD', 'TALKING', 'WORK_READY', 'AVAILABLE']);
    assert.equal(status.state, 'AVAILABLE');
  });

  it('only an available agent is reserved', () => {
    assert.equal(refusal(notReady, { kind: 'reserve' }), 22);
    assert.equal(refusal(talking, { kind: 'reserve' }), 22);
  });

  it('logout is refused while talking, on hold or reserved, allowed otherwise with its reason code', () => {
    assert.equal(refusal(talking, { kind: 'set', state: 'LOGOUT' }), 22);
    assert.equal(refusal(run(talking, [{ kind: 'hold' }]).status, { kind: 'set', state: 'LOGOUT' }), 22);
    assert.equal(refusal(run(available, [{ kind: 'reserve' }]).status, { kind: 'set', state: 'LOGOUT' }), 22);
    const out = run(available, [{ kind: 'set', state: 'LOGOUT', reasonCode: 7 }]);
    assert.deepEqual(out.entered, ['LOGOUT']);
    assert.equal(out.status.reasonCode, 7);
  });

  it('a reason code is required when the peripheral says so: REASON_CODE_REQUIRED (281)', () => {
    const strict = { ...rules, reasonCodeRequired: true };
    assert.equal(refusal(available, { kind: 'set', state: 'NOT_READY' }, strict), 281);
    assert.equal(refusal(available, { kind: 'set', state: 'LOGOUT' }, strict), 281);
    assert.equal(
      run(available, [{ kind: 'set', state: 'NOT_READY', reasonCode: 12 }], strict).status.reasonCode,
      12,
    );
  });

  it('a reason code the peripheral does not configure is INVALID_AGENT_REASON_CODE (266)', () => {
    const coded = { ...rules, notReadyReasonCodes: [10, 11], logoutReasonCodes: [20] };
    assert.equal(refusal(available, { kind: 'set', state: 'NOT_READY', reasonCode: 12 }, coded), 266);
    assert.equal(refusal(available, { kind: 'set', state: 'LOGOUT', reasonCode: 10 }, coded), 266);
    assert.equal(refusal(available, { kind: 'set', state: 'NOT_READY', reasonCode: 70000 }), 266);
  });

  it('work states follow a call: from AVAILABLE or NOT_READY they are refused (22)', () => {
    assert.equal(refusal(available, { kind: 'set', state: 'WORK_READY' }), 22);
    assert.equal(refusal(notReady, { kind: 'set', state: 'WORK_NOT_READY' }), 22);
  });

  it('not ready asked while talking is the next state: wrap-up is then WORK_NOT_READY, then NOT_READY', () => {
    const { entered, status } = run(talking, [
      { kind: 'set', state: 'NOT_READY', reasonCode: 5 },
      { kind: 'callEnded' },
      { kind: 'wrapUpTimeout' },
    ]);
    assert.deepEqual(entered, ['WORK_NOT_READY', 'NOT_READY']);
    assert.equal(status.reasonCode, 5);
  });

  it('wrap-up data required: leaving wrap-up without it is WRAPUP_DATA_REQUIRED (280)', () => {
    const strict = { ...rules, wrapUpDataRequired: true };
    const work = run(talking, [{ kind: 'callEnded' }], strict).status;
    assert.equal(work.state, 'WORK_READY');
    assert.equal(refusal(work, { kind: 'set', state: 'AVAILABLE' }, strict), 280);
    const done = run(work, [{ kind: 'wrapUpData' }, { kind: 'set', state: 'AVAILABLE' }], strict);
    assert.deepEqual(done.entered, ['AVAILABLE']);
  });

  it('without wrap-up the agent is available again when the call ends', () => {
    const none = { ...rules, wrapUp: 'none' as const };
    assert.deepEqual(run(talking, [{ kind: 'callEnded' }], none).entered, ['AVAILABLE']);
  });

  it('a call the router did not give returns the agent to where it was, without wrap-up', () => {
    const nr = run(LOGGED_OUT, [
      { kind: 'login' },
      { kind: 'set', state: 'NOT_READY', reasonCode: 3 },
    ]).status;
    const out = run(nr, [{ kind: 'answer', acd: false }, { kind: 'callEnded' }]);
    assert.deepEqual(out.entered, ['TALKING', 'NOT_READY']);
    assert.equal(out.status.reasonCode, 3);
  });

  it('a reserved agent whose call goes away is available again (or its requested next state)', () => {
    const reserved = run(available, [{ kind: 'reserve' }]).status;
    assert.deepEqual(run(reserved, [{ kind: 'callEnded' }]).entered, ['AVAILABLE']);
    assert.equal(refusal(reserved, { kind: 'set', state: 'WORK_READY' }), 22);
    const nr = run(reserved, [{ kind: 'set', state: 'NOT_READY', reasonCode: 4 }, { kind: 'callEnded' }]);
    assert.deepEqual(nr.entered, ['NOT_READY']);
  });

  it('hold needs TALKING and retrieve needs HOLD', () => {
    assert.equal(refusal(available, { kind: 'hold' }), 22);
    assert.equal(refusal(talking, { kind: 'retrieve' }), 22);
  });

  it('Redirection on No Answer: a reserved agent is made NOT_READY with reason 32767; otherwise refused (22)', () => {
    const reserved = run(available, [{ kind: 'reserve' }]).status;
    const out = run(reserved, [{ kind: 'noAnswer' }]);
    assert.deepEqual(out.entered, ['NOT_READY']);
    assert.equal(out.status.reasonCode, 32767);
    assert.equal(refusal(talking, { kind: 'noAnswer' }), 22);
  });

  it('a ready or work-ready state asked for during a call carries no reason code', () => {
    const out = run(talking, [{ kind: 'set', state: 'AVAILABLE', reasonCode: 7 }]);
    assert.deepEqual(out.status.next, { state: 'AVAILABLE', reasonCode: 0 });
    const nr = run(talking, [{ kind: 'set', state: 'NOT_READY', reasonCode: 7 }]);
    assert.deepEqual(nr.status.next, { state: 'NOT_READY', reasonCode: 7 });
  });
});
