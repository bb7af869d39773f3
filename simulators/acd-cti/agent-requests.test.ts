// SET_AGENT_STATE_REQ and QUERY_AGENT_STATE_REQ on the real ACD (Cisco "CTI Planning",
// "Third-Party Call Control": "Agent Login", "Get/Set Agent states"; "CTI Server Message Reference
// Guide (Protocol Version 15)", SET_AGENT_STATE_REQ table 5-34, QUERY_AGENT_STATE_CONF, the
// "AgentState Values" and "ControlFailureCode Values" tables).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AgentState, ControlFailureCode, CtiStatus, ForcedFlag, floatingValues } from '../cti-server/wire.ts';
import { AcdCtiRequestFixture, INSTRUMENT } from '../testing/acd-cti-request-fixture.ts';

const ID = (id: string) => ({ name: 'AgentID', value: id });
const PW = (pw: string) => ({ name: 'AgentPassword', value: pw });

describe('agent requests', () => {
  let f: AcdCtiRequestFixture;
  beforeEach(() => {
    f = new AcdCtiRequestFixture(undefined, { rules: { notReadyReasonCodes: [10, 11] } });
  });
  afterEach(() => f.close());

  const setState = (state: number, floating = [INSTRUMENT('3001')], fixed: Record<string, number> = {}) =>
    f.send('SET_AGENT_STATE_REQ', { AgentState: state, ...fixed }, floating);
  const failureCode = (m: { name: string; fixed: Record<string, unknown> }) => [m.name, m.fixed.FailureCode];

  it('LOGIN with the right password → SET_AGENT_STATE_CONF; the agent is NOT_READY (LOGIN then NOT_READY)', () => {
    const conf = setState(AgentState.LOGIN, [INSTRUMENT('3001'), ID('5001'), PW('5001-pw')]);
    assert.equal(conf.name, 'SET_AGENT_STATE_CONF');
    assert.equal(f.acd.agent('5001').state, 'NOT_READY');
  });

  it('LOGIN with a wrong password → CONTROL_FAILURE_CONF CF_INVALID_PASSWORD_SPECIFIED (257); still logged out', () => {
    const m = setState(AgentState.LOGIN, [INSTRUMENT('3001'), ID('5001'), PW('guess')]);
    assert.deepEqual(failureCode(m), ['CONTROL_FAILURE_CONF', ControlFailureCode.INVALID_PASSWORD_SPECIFIED]);
    assert.equal(m.fixed.PeripheralErrorCode, 0);
    assert.equal(f.acd.agent('5001').state, 'LOGOUT');
  });

  it("LOGIN on another agent's instrument → CF_INVALID_LOGON_DEVICE_SPECIFIED (260); unknown agent → 256; twice → 259", () => {
    assert.deepEqual(
      failureCode(setState(AgentState.LOGIN, [INSTRUMENT('3002'), ID('5001'), PW('5001-pw')])),
      ['CONTROL_FAILURE_CONF', ControlFailureCode.INVALID_LOGON_DEVICE_SPECIFIED],
    );
    assert.deepEqual(failureCode(setState(AgentState.LOGIN, [INSTRUMENT('3001'), ID('5999'), PW('x')])), [
      'CONTROL_FAILURE_CONF',
      ControlFailureCode.INVALID_AGENT_ID_SPECIFIED,
    ]);
    assert.equal(
      setState(AgentState.LOGIN, [INSTRUMENT('3001'), ID('5001'), PW('5001-pw')]).name,
      'SET_AGENT_STATE_CONF',
    );
    assert.deepEqual(
      failureCode(setState(AgentState.LOGIN, [INSTRUMENT('3001'), ID('5001'), PW('5001-pw')])),
      ['CONTROL_FAILURE_CONF', ControlFailureCode.SPECIFIED_AGENT_ALREADY_SIGNED_ON],
    );
  });

  it('ForcedFlag AGENT_AUTHENTICATION_ONLY checks the password and changes nothing', () => {
    const only = { ForcedFlag: ForcedFlag.AGENT_AUTHENTICATION_ONLY };
    assert.equal(
      setState(AgentState.LOGIN, [INSTRUMENT('3001'), ID('5001'), PW('5001-pw')], only).name,
      'SET_AGENT_STATE_CONF',
    );
    assert.equal(f.acd.agent('5001').state, 'LOGOUT');
    assert.deepEqual(
      failureCode(setState(AgentState.LOGIN, [INSTRUMENT('3001'), ID('5001'), PW('nope')], only)),
      ['CONTROL_FAILURE_CONF', ControlFailureCode.INVALID_PASSWORD_SPECIFIED],
    );
  });

  it('AVAILABLE, NOT_READY with a reason code, LOGOUT: each confirmed and applied', () => {
    setState(AgentState.LOGIN, [INSTRUMENT('3001'), ID('5001'), PW('5001-pw')]);
    assert.equal(setState(AgentState.AVAILABLE).name, 'SET_AGENT_STATE_CONF');
    assert.equal(f.acd.agent('5001').state, 'AVAILABLE');
    assert.equal(
      setState(AgentState.NOT_READY, [INSTRUMENT('3001')], { EventReasonCode: 10 }).name,
      'SET_AGENT_STATE_CONF',
    );
    assert.deepEqual([f.acd.agent('5001').state, f.acd.agent('5001').reasonCode], ['NOT_READY', 10]);
    assert.equal(setState(AgentState.LOGOUT).name, 'SET_AGENT_STATE_CONF');
    assert.equal(f.acd.agent('5001').state, 'LOGOUT');
  });

  it('refusals of the agent state machine keep their precise ControlFailureCode', () => {
    setState(AgentState.LOGIN, [INSTRUMENT('3001'), ID('5001'), PW('5001-pw')]);
    // A work state outside a call: CF_INVALID_OBJECT_STATE (22).
    assert.deepEqual(failureCode(setState(AgentState.WORK_READY)), ['CONTROL_FAILURE_CONF', 22]);
    // A state only the ACD sets: CF_VALUE_OUT_OF_RANGE (3); an undefined value too.
    assert.deepEqual(failureCode(setState(AgentState.TALKING)), ['CONTROL_FAILURE_CONF', 3]);
    assert.deepEqual(failureCode(setState(42)), ['CONTROL_FAILURE_CONF', 3]);
    // A reason code the peripheral does not configure: CF_INVALID_AGENT_REASON_CODE (266).
    assert.deepEqual(
      failureCode(setState(AgentState.NOT_READY, [INSTRUMENT('3001')], { EventReasonCode: 99 })),
      ['CONTROL_FAILURE_CONF', ControlFailureCode.INVALID_AGENT_REASON_CODE],
    );
    assert.equal(f.acd.agent('5001').state, 'NOT_READY');
  });

  it('LOGOUT while talking → CF_INVALID_OBJECT_STATE (22); the agent stays TALKING', () => {
    f.talking();
    assert.equal(f.acd.agent('5001').state, 'TALKING');
    assert.deepEqual(failureCode(setState(AgentState.LOGOUT)), ['CONTROL_FAILURE_CONF', 22]);
    assert.equal(f.acd.agent('5001').state, 'TALKING');
  });

  it('AgentID and AgentInstrument of different agents → CF_INVALID_LOGON_DEVICE_SPECIFIED', () => {
    f.ready('5002');
    assert.deepEqual(failureCode(setState(AgentState.NOT_READY, [INSTRUMENT('3001'), ID('5002')])), [
      'CONTROL_FAILURE_CONF',
      ControlFailureCode.INVALID_LOGON_DEVICE_SPECIFIED,
    ]);
    assert.equal(f.acd.agent('5002').state, 'AVAILABLE');
  });

  it('a workstation naming no agent acts on its own agent', () => {
    f.ready('5001');
    const m = f.send(
      'SET_AGENT_STATE_REQ',
      { AgentState: AgentState.NOT_READY, EventReasonCode: 11 },
      [INSTRUMENT('')],
      f.workstation('5001'),
    );
    assert.equal(m.name, 'SET_AGENT_STATE_CONF');
    assert.equal(f.acd.agent('5001').reasonCode, 11);
  });

  it('QUERY_AGENT_STATE_REQ → QUERY_AGENT_STATE_CONF with the state and each skill group', () => {
    f.ready('5002');
    const m = f.send('QUERY_AGENT_STATE_REQ', {}, [INSTRUMENT('3002')]);
    assert.equal(m.name, 'QUERY_AGENT_STATE_CONF');
    assert.equal(m.fixed.AgentState, AgentState.AVAILABLE);
    assert.equal(m.fixed.NumSkillGroups, 2);
    assert.deepEqual(floatingValues(m, 'SkillGroupNumber'), [1, 2]);
    assert.deepEqual(floatingValues(m, 'SkillGroupID'), [101, 102]);
    assert.deepEqual(floatingValues(m, 'SkillGroupState'), [AgentState.AVAILABLE, AgentState.AVAILABLE]);
    assert.deepEqual(floatingValues(m, 'AgentID'), ['5002']);
    const out = f.send('QUERY_AGENT_STATE_REQ', {}, [ID('5001')]);
    assert.equal(out.fixed.AgentState, AgentState.LOGOUT);
  });

  it('QUERY_AGENT_STATE_REQ for an unknown agent → FAILURE_CONF E_CTI_INVALID_AGENT_DATA; naming none → REQUIRED_DATA_MISSING', () => {
    assert.deepEqual(
      f.send('QUERY_AGENT_STATE_REQ', {}, [ID('9999')]).fixed.Status,
      CtiStatus.E_CTI_INVALID_AGENT_DATA,
    );
    assert.deepEqual(
      f.send('QUERY_AGENT_STATE_REQ', {}, [INSTRUMENT('3009')]).fixed.Status,
      CtiStatus.E_CTI_INVALID_AGENT_DATA,
    );
    assert.deepEqual(f.send('QUERY_AGENT_STATE_REQ').fixed.Status, CtiStatus.E_CTI_REQUIRED_DATA_MISSING);
  });
});
