// SET_CALL_DATA_REQ and RELEASE_CALL_REQ on the real ACD (Cisco "CTI Planning", "Third-Party Call
// Control": "Get/Set ICM call data (ANI, DNIS, CED, UUI, call vars)", "Agent Login and Wrap-up
// data"; "CTI Server Message Reference Guide (Protocol Version 15)", chapter 5 "Call Data Update
// Service"; the status codes of chapter 6).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ControlFailureCode, CtiStatus } from '../cti-server/wire.ts';
import { mustSucceed } from '../lab/result.ts';
import { AcdCtiRequestFixture, CONN } from '../testing/acd-cti-request-fixture.ts';

const F = (name: string, value: unknown) => ({ name, value }) as { name: string; value: never };

describe('call data requests', () => {
  let f: AcdCtiRequestFixture;
  beforeEach(() => {
    f = new AcdCtiRequestFixture();
  });
  afterEach(() => f.close());

  const acdCall = () => {
    const call = f.acd.activeCalls()[0];
    assert.ok(call, 'an ACD call');
    return call;
  };

  it('SET_CALL_DATA_REQ sets ANI, DNIS, CED, UUI, call variables and ECC variables → SET_CALL_DATA_CONF; kept by the ACD', () => {
    const call = f.talking();
    const m = f.send(
      'SET_CALL_DATA_REQ',
      { ConnectionCallID: call, NumNamedVariables: 1, NumNamedArrays: 1 },
      [
        CONN('3001'),
        F('ANI', '5551234'),
        F('DNIS', '8000'),
        F('CallerEnteredDigits', '42'),
        F('UserToUserInfo', new Uint8Array([1, 2, 3])),
        F('CallVariable1', 'claim-42'),
        F('CallVariable10', 'vip'),
        F('NamedVariable', { name: 'user.account', value: 'A-7' }),
        F('NamedArray', { index: 2, name: 'user.items', value: 'modem' }),
      ],
    );
    assert.equal(m.name, 'SET_CALL_DATA_CONF');
    const data = acdCall().data;
    assert.deepEqual(
      [
        data.ani,
        data.dnis,
        data.callerEnteredDigits,
        [...data.userToUserInfo],
        data.callVariables[0],
        data.callVariables[9],
      ],
      ['5551234', '8000', '42', [1, 2, 3], 'claim-42', 'vip'],
    );
    assert.deepEqual(data.namedVariables, { 'user.account': 'A-7' });
    assert.deepEqual(data.namedArrays, { 'user.items': { 2: 'modem' } });
    assert.equal(data.dialedNumber, '8000', 'left as dialled');
  });

  it('refusals: unknown call → E_CTI_INVALID_CALLID; a non-party device → E_CTI_NOT_CALL_PARTY; DialedNumber → E_CTI_PROTECTED_VARIABLE', () => {
    const call = f.talking();
    const status = (id: number, device: string, extra: { name: string; value: never }[] = []) =>
      f.send('SET_CALL_DATA_REQ', { ConnectionCallID: id }, [CONN(device), F('CallVariable1', 'x'), ...extra])
        .fixed.Status;
    assert.equal(status(777, '3001'), CtiStatus.E_CTI_INVALID_CALLID);
    assert.equal(status(call, '3002'), CtiStatus.E_CTI_NOT_CALL_PARTY);
    assert.equal(status(call, '3001', [F('DialedNumber', '9999')]), CtiStatus.E_CTI_PROTECTED_VARIABLE);
    assert.equal(acdCall().data.callVariables[0], '', 'nothing changed');
  });

  it('the call named by its dialed number (as BEGIN_CALL_EVENT names it) is the same call; a workstation sets data on its own call only', () => {
    const call = f.talking();
    const set = (device: string, value: string, context = f.workstation('5001')) =>
      f.send(
        'SET_CALL_DATA_REQ',
        { ConnectionCallID: call },
        [CONN(device), F('CallVariable1', value)],
        context,
      );
    assert.equal(set('8000', 'by-dnis').name, 'SET_CALL_DATA_CONF');
    assert.equal(acdCall().data.callVariables[0], 'by-dnis');
    assert.equal(set('3001', 'by-agent').name, 'SET_CALL_DATA_CONF');
    const other = set('8000', 'not yours', f.workstation('5002'));
    assert.deepEqual([other.name, other.fixed.Status], ['FAILURE_CONF', CtiStatus.E_CTI_INVALID_AGENT_DATA]);
    assert.equal(acdCall().data.callVariables[0], 'by-agent');
  });

  it('limits of acd/call-data.ts: a bad ECC name → E_CTI_VALUE_TOO_LONG; non-ASCII text → E_CTI_VALUE_TOO_LONG; nothing changes', () => {
    const call = f.talking();
    const bad = f.send('SET_CALL_DATA_REQ', { ConnectionCallID: call, NumNamedVariables: 1 }, [
      CONN('3001'),
      F('CallVariable2', 'kept?'),
      F('NamedVariable', { name: 'bad name!', value: 'x' }),
    ]);
    assert.deepEqual([bad.name, bad.fixed.Status], ['FAILURE_CONF', CtiStatus.E_CTI_VALUE_TOO_LONG]);
    const accent = f.send('SET_CALL_DATA_REQ', { ConnectionCallID: call }, [
      CONN('3001'),
      F('CallVariable3', 'café'),
    ]);
    assert.equal(accent.fixed.Status, CtiStatus.E_CTI_VALUE_TOO_LONG);
    assert.deepEqual(acdCall().data.callVariables.slice(0, 3), ['', '', '']);
  });

  it('wrap-up data after the call: CallWrapupData while WORK_READY → SET_CALL_DATA_CONF, then in the TCD when the agent leaves wrap-up', () => {
    const call = f.talking();
    mustSucceed(f.model.clear(f.model.snapshotDevice('3001')[0]!.connection), 'agent hangs up');
    assert.equal(f.acd.agent('5001').state, 'WORK_READY');
    const m = f.send('SET_CALL_DATA_REQ', { ConnectionCallID: call }, [
      CONN('3001'),
      F('CallWrapupData', 'sold 2 modems'),
    ]);
    assert.equal(m.name, 'SET_CALL_DATA_CONF');
    assert.equal(f.acd.terminationRecords().length, 0, 'written when wrap-up ends');
    mustSucceed(f.acd.setAgentState('5001', 'AVAILABLE'), 'ready');
    const [tcd] = f.acd.terminationRecords();
    assert.deepEqual([tcd?.wrapUpData, tcd?.disposition, tcd?.agentId], ['sold 2 modems', 'handled', '5001']);
    // Call variables of an ended call are no longer set.
    assert.equal(
      f.send('SET_CALL_DATA_REQ', { ConnectionCallID: call }, [CONN('3001'), F('CallVariable1', 'late')])
        .fixed.Status,
      CtiStatus.E_CTI_INVALID_CALLID,
    );
  });

  it('wrap-up data for a call the agent is not on → CONTROL_FAILURE_CONF CF_AGENT_NOT_PARTY_ON_CALL', () => {
    f.customerCalls(); // nobody is ready: the call waits, queued, at 8000
    const call = f.callAt('3009');
    const m = f.send('SET_CALL_DATA_REQ', { ConnectionCallID: call }, [
      CONN('8000'),
      F('CallWrapupData', 'x'),
    ]);
    assert.deepEqual(
      [m.name, m.fixed.FailureCode],
      ['CONTROL_FAILURE_CONF', ControlFailureCode.AGENT_NOT_PARTY_ON_CALL],
    );
  });

  it('a call that did not come through the ACD carries no call data → E_CTI_INVALID_CALLID (lab limit)', () => {
    mustSucceed(f.model.makeCall('3009', '3010'), 'internal call');
    const m = f.send('SET_CALL_DATA_REQ', { ConnectionCallID: f.callAt('3009') }, [
      CONN('3009'),
      F('CallVariable1', 'x'),
    ]);
    assert.equal(m.fixed.Status, CtiStatus.E_CTI_INVALID_CALLID);
  });

  it('RELEASE_CALL_REQ → RELEASE_CALL_CONF and the call goes on (it "does not disconnect the call"); unknown → E_CTI_INVALID_CALLID', () => {
    const call = f.talking();
    assert.equal(
      f.send('RELEASE_CALL_REQ', { ConnectionCallID: call }, [CONN('3001')]).name,
      'RELEASE_CALL_CONF',
    );
    assert.deepEqual([f.stateAt('3001'), f.stateAt('3009')], [['connected'], ['connected']]);
    assert.equal(f.acd.agent('5001').state, 'TALKING');
    assert.equal(
      f.send('RELEASE_CALL_REQ', { ConnectionCallID: 999 }, [CONN('3001')]).fixed.Status,
      CtiStatus.E_CTI_INVALID_CALLID,
    );
  });
});
