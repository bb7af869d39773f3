// SNAPSHOT_CALL_REQ and SNAPSHOT_DEVICE_REQ on the real ACD and call model (Cisco "CTI Server
// Message Reference Guide (Protocol Version 15)", chapter 5 "Client Control Service"; layouts as in
// the Unified CCX copies of SNAPSHOT_CALL_CONF / SNAPSHOT_DEVICE_CONF).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  CallType,
  ControlFailureCode,
  floatingString,
  floatingValues,
  LocalConnectionState,
} from '../cti-server/wire.ts';
import { mustSucceed } from '../lab/result.ts';
import { AcdCtiRequestFixture, CONN, INSTRUMENT } from '../testing/acd-cti-request-fixture.ts';

describe('snapshot requests', () => {
  let f: AcdCtiRequestFixture;
  beforeEach(() => {
    f = new AcdCtiRequestFixture();
  });
  afterEach(() => f.close());

  it('SNAPSHOT_DEVICE_REQ lists the calls at the device with their ConnectionCallID and state', () => {
    const call = f.talking();
    mustSucceed(f.model.hold(f.model.snapshotDevice('3001')[0]!.connection), 'hold');
    mustSucceed(f.model.makeCall('3010', '3001'), '3010 calls the agent');
    const m = f.send('SNAPSHOT_DEVICE_REQ', {}, [INSTRUMENT('3001')]);
    assert.equal(m.name, 'SNAPSHOT_DEVICE_CONF');
    assert.equal(m.fixed.NumCalls, 2);
    assert.deepEqual(floatingValues(m, 'CallConnectionCallID'), [call, f.callAt('3001', 1)]);
    assert.deepEqual(floatingValues(m, 'CallConnectionDeviceID'), ['3001', '3001']);
    assert.deepEqual(floatingValues(m, 'CallState'), [
      LocalConnectionState.HOLD,
      LocalConnectionState.ALERTING,
    ]);
    const idle = f.send('SNAPSHOT_DEVICE_REQ', {}, [INSTRUMENT('3002')]);
    assert.equal(idle.fixed.NumCalls, 0);
    const none = f.send('SNAPSHOT_DEVICE_REQ', {}, [INSTRUMENT('4444')]);
    assert.deepEqual(
      [none.name, none.fixed.FailureCode],
      ['CONTROL_FAILURE_CONF', ControlFailureCode.INVALID_CSTA_DEVICE_IDENTIFIER],
    );
  });

  it('SNAPSHOT_CALL_REQ gives the call type, the call data and every party with its state', () => {
    const call = f.talking();
    f.send('SET_CALL_DATA_REQ', { ConnectionCallID: call }, [
      CONN('3001'),
      { name: 'CallVariable4', value: 'gold' },
    ]);
    const m = f.send('SNAPSHOT_CALL_REQ', { ConnectionCallID: call }, [CONN('3001')]);
    assert.equal(m.name, 'SNAPSHOT_CALL_CONF');
    assert.equal(m.fixed.CallType, CallType.ACD_IN);
    assert.equal(m.fixed.NumCallDevices, 2);
    assert.deepEqual(
      [
        floatingString(m, 'ANI'),
        floatingString(m, 'DNIS'),
        floatingString(m, 'DialedNumber'),
        floatingString(m, 'CallVariable4'),
      ],
      ['3009', '8000', '8000', 'gold'],
    );
    assert.deepEqual(floatingValues(m, 'CallDeviceID').sort(), ['3001', '3009']);
    assert.deepEqual(floatingValues(m, 'CallDeviceConnectionState'), [
      LocalConnectionState.CONNECT,
      LocalConnectionState.CONNECT,
    ]);
    const gone = f.send('SNAPSHOT_CALL_REQ', { ConnectionCallID: 31337 }, [CONN('3001')]);
    assert.deepEqual(
      [gone.name, gone.fixed.FailureCode],
      ['CONTROL_FAILURE_CONF', ControlFailureCode.INVALID_CSTA_CALL_IDENTIFIER],
    );
  });

  it('SNAPSHOT_CALL_REQ of a call that did not come through the ACD: AGENT_INSIDE, no call data', () => {
    mustSucceed(f.model.makeCall('3001', '3010'), 'internal call');
    const m = f.send('SNAPSHOT_CALL_REQ', { ConnectionCallID: f.callAt('3001') }, [CONN('3001')]);
    assert.equal(m.fixed.CallType, CallType.AGENT_INSIDE);
    assert.equal(floatingString(m, 'ANI'), undefined);
    assert.equal(m.fixed.NumCallDevices, 2);
  });
});
