// The call model's refusals as the guide's ControlFailureCodes, and its connection states as
// GED-188 LocalConnectionState (Cisco "CTI Server Message Reference Guide (Protocol Version 15)",
// chapter 6 "ControlFailureCode Values", "LocalConnectionState Values").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALL_MODEL_ERROR_CATEGORIES, type CallModelErrorCode } from '../calls/call-model-error.ts';
import { LOCAL_CONNECTION_STATES } from '../calls/connection-state.ts';
import { ControlFailureCode as CF, ctiMessage, LocalConnectionState } from '../cti-server/wire.ts';
import { refused } from '../lab/result.ts';
import { controlFailureOf, fromModel, wireConnectionState } from './request-support.ts';

const refusal = (code: CallModelErrorCode) => ({ code, category: CALL_MODEL_ERROR_CATEGORIES[code] });

describe('request support', () => {
  it('maps every call-model refusal to a ControlFailureCode of the guide', () => {
    const known = new Set<number>(Object.values(CF));
    for (const code of Object.keys(CALL_MODEL_ERROR_CATEGORIES) as CallModelErrorCode[])
      assert.ok(known.has(controlFailureOf(refusal(code))), code);
    assert.equal(controlFailureOf(refusal('invalidDestination')), CF.INVALID_DESTINATION);
    assert.equal(controlFailureOf(refusal('invalidCallID')), CF.INVALID_CSTA_CALL_IDENTIFIER);
    assert.equal(controlFailureOf(refusal('invalidHeldConnectionState')), CF.NO_HELD_CALL);
    assert.equal(
      controlFailureOf(refusal('conferenceMemberLimitExceeded')),
      CF.CONFERENCE_MEMBER_LIMIT_EXCEEDED,
    );
  });

  it('a connection in the wrong state takes the operation’s own code (answer: CF_NO_CALL_TO_ANSWER)', () => {
    assert.equal(controlFailureOf(refusal('invalidConnectionState')), CF.INVALID_OBJECT_STATE);
    assert.equal(
      controlFailureOf(refusal('invalidConnectionState'), CF.NO_CALL_TO_ANSWER),
      CF.NO_CALL_TO_ANSWER,
    );
    assert.equal(controlFailureOf(refusal('resourceBusy'), CF.NO_CALL_TO_ANSWER), CF.RESOURCE_BUSY);
  });

  it('fromModel answers a refusal with CONTROL_FAILURE_CONF, same InvokeID, the reason as Text', () => {
    const request = ctiMessage('HOLD_CALL_REQ', { InvokeID: 77 });
    const r = fromModel(
      request,
      refused(refusal('invalidConnectionState'), 'cannot hold'),
      CF.NO_ACTIVE_CALL,
    );
    assert.ok(!r.ok);
    assert.equal(r.error.name, 'CONTROL_FAILURE_CONF');
    assert.deepEqual(r.error.fixed, { InvokeID: 77, FailureCode: CF.NO_ACTIVE_CALL, PeripheralErrorCode: 0 });
    assert.deepEqual(r.error.floating, [{ name: 'Text', value: 'cannot hold' }]);
  });

  it('connection states map one to one onto LocalConnectionState', () => {
    assert.deepEqual(LOCAL_CONNECTION_STATES.map(wireConnectionState), [
      LocalConnectionState.NULL,
      LocalConnectionState.INITIATE,
      LocalConnectionState.ALERTING,
      LocalConnectionState.CONNECT,
      LocalConnectionState.HOLD,
      LocalConnectionState.QUEUED,
      LocalConnectionState.FAIL,
    ]);
  });
});
