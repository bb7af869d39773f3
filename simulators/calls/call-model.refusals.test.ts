import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import type { Result } from '../lab/result.ts';
import { type StrictCallModel, strictCallModel } from '../testing/strict-call-model.ts';
import type { CallEvent, CallEventType } from './call-events.ts';
import type { CallModelOptions } from './call-model.ts';
import { CallModel } from './call-model.ts';
import {
  CALL_MODEL_ERROR_CATEGORIES,
  type CallModelErrorCode,
  type CallRefusal,
} from './call-model-error.ts';
import type { ConnectionID } from './connection-state.ts';

/**
 * The call model's refusals of the call-control services (ECMA-269 §17 "Call control services":
 * ConsultationCall, AlternateCall, TransferCall, SingleStepTransferCall, ConferenceCall). Each
 * refusal carries its ECMA-323 UniversalFailure error (code and category) and a reason for people,
 * and leaves the model as it was: no connection changed, no event emitted (call-model.ts: "either
 * refuse ... (the model is left untouched), or apply the change").
 */

function lab(options: CallModelOptions = {}, devices: readonly string[] = ['201', '202', '203', '204']) {
  const raw = new CallModel({ clock: new ManualClock(), ...options });
  const model = strictCallModel(raw);
  for (const n of devices) model.addDevice({ number: n, maxCalls: 2 });
  const events: CallEvent[] = [];
  model.on((e) => events.push(e));
  const take = (): CallEvent[] => events.splice(0);
  return { raw, model, take };
}
type Lab = ReturnType<typeof lab>;

/** Everything a client can observe of the model: every call and every device's connections. */
function observe(raw: CallModel) {
  return {
    calls: raw.callIds().map((id) => raw.snapshotCall(id)),
    devices: raw.deviceNumbers().map((n) => [n, raw.snapshotDevice(n)]),
  };
}

/** The operation is refused with `code` and `reason`, and the model is unchanged and silent. */
function refuses(
  l: Lab,
  op: (raw: CallModel) => Result<unknown, CallRefusal>,
  code: CallModelErrorCode,
  reason: string,
): void {
  l.take();
  const before = observe(l.raw);
  const result = op(l.raw);
  assert.deepEqual(result, {
    ok: false,
    error: { code, category: CALL_MODEL_ERROR_CATEGORIES[code] },
    reason: `${code}: ${reason}`,
  });
  assert.deepEqual(observe(l.raw), before, 'a refusal changes no connection');
  assert.deepEqual(l.take(), [], 'a refusal emits no event');
}

const conn = (callID: string, deviceID: string): ConnectionID => ({ callID, deviceID });

/** `from` calls `to` and `to` answers. */
function connect(model: StrictCallModel, from: string, to: string) {
  const a = model.makeCall(from, to);
  const b = conn(a.callID, to);
  model.answer(b);
  return { a, b };
}

/** 201 talks to 202, puts it on hold and consults 203, who answers. */
function consulted(model: StrictCallModel) {
  const { a, b } = connect(model, '201', '202');
  const c = model.consultation(a, '203');
  model.answer(conn(c.callID, '203'));
  return { a, b, c };
}

const types = (events: CallEvent[]): CallEventType[] => events.map((e) => e.type);

describe('ConsultationCall refusals (ECMA-269 §17.2.8)', () => {
  it('is refused from a connection that is neither connected nor held', () => {
    const l = lab();
    const a = l.model.makeCall('201', '202');
    refuses(
      l,
      (m) => m.consultation(conn(a.callID, '202'), '203'),
      'invalidConnectionState',
      'cannot consult from a alerting connection',
    );
    const dialling = l.model.offHook('203');
    refuses(
      l,
      (m) => m.consultation(dialling, '204'),
      'invalidConnectionState',
      'cannot consult from a initiated connection',
    );
  });

  it('is refused for digits a phone cannot dial', () => {
    const l = lab();
    const { a } = connect(l.model, '201', '202');
    refuses(l, (m) => m.consultation(a, '2x3'), 'invalidDestination', 'not dialable digits: 2x3');
  });

  it('is refused when every line of the DN is in use (a waiting call takes the second line)', () => {
    const l = lab();
    const { a } = connect(l.model, '201', '202');
    l.model.makeCall('203', '201');
    refuses(
      l,
      (m) => m.consultation(a, '204'),
      'resourceBusy',
      '201 has no free line for a consultation call',
    );
  });

  it('is refused from a held call while the device talks on another call', () => {
    const l = lab();
    l.model.addDevice({ number: '205', maxCalls: 3 });
    const { a } = connect(l.model, '205', '201');
    l.model.hold(a);
    connect(l.model, '205', '202');
    refuses(l, (m) => m.consultation(a, '203'), 'invalidDeviceState', '205 already has an active call');
  });

  it('from a held call places the new call without holding anything again', () => {
    const l = lab();
    const { a } = connect(l.model, '201', '202');
    l.model.hold(a);
    l.take();
    const c = l.model.consultation(a, '203');
    assert.deepEqual(c, conn('C2', '201'));
    const ev = l.take();
    assert.deepEqual(types(ev), ['ServiceInitiatedEvent', 'OriginatedEvent', 'DeliveredEvent']);
    assert.equal(ev[0]?.type === 'ServiceInitiatedEvent' && ev[0].cause, 'consultation');
    assert.equal(l.model.snapshotCall(a.callID).endpoints[0]?.localConnectionState, 'hold');
  });
});

describe('AlternateCall refusals (ECMA-269 §17.2.1)', () => {
  it('is refused for connections of two devices', () => {
    const l = lab();
    const { a } = consulted(l.model);
    const other = connect(l.model, '204', '202');
    refuses(l, (m) => m.alternate(other.a, a), 'notSameDevice', 'both connections must be one device');
  });

  it('is refused for two connections in one call', () => {
    const l = lab();
    const { c } = consulted(l.model);
    refuses(
      l,
      (m) => m.alternate(c, c),
      'requestIncompatibleWithConnection',
      'both connections are in one call',
    );
  });

  it('is refused when the active connection is not connected', () => {
    const l = lab();
    const { a, c } = consulted(l.model);
    l.model.hold(c);
    refuses(l, (m) => m.alternate(c, a), 'invalidActiveConnectionState', 'active connection is hold');
  });

  it('is refused when the other connection is not held (a waiting call still alerting)', () => {
    const l = lab();
    const { a } = connect(l.model, '201', '202');
    const waiting = l.model.makeCall('203', '201');
    refuses(
      l,
      (m) => m.alternate(a, conn(waiting.callID, '201')),
      'invalidHeldConnectionState',
      'held connection is alerting',
    );
  });
});

describe('TransferCall refusals and limits (ECMA-269 §17.2.21)', () => {
  it('is refused when a party of the held call has not answered', () => {
    const l = lab();
    const a = l.model.makeCall('201', '202');
    l.model.hold(a);
    const c = l.model.consultation(a, '203');
    l.model.answer(conn(c.callID, '203'));
    refuses(
      l,
      (m) => m.transfer(a, c),
      'invalidHeldConnectionState',
      'a party of the held call has not answered',
    );
  });

  it('is refused when the held connection is not held or the active one not connected', () => {
    const l = lab();
    const { a, c } = consulted(l.model);
    refuses(l, (m) => m.transfer(c, a), 'invalidHeldConnectionState', 'held connection is connected');
    l.model.hold(c);
    refuses(l, (m) => m.transfer(a, c), 'invalidActiveConnectionState', 'active connection is hold');
  });

  it('is refused for two connections in one call or of two devices', () => {
    const l = lab();
    const { a, b } = connect(l.model, '201', '202');
    l.model.hold(a);
    refuses(
      l,
      (m) => m.transfer(a, a),
      'requestIncompatibleWithConnection',
      'both connections are in one call',
    );
    refuses(l, (m) => m.transfer(a, b), 'notSameDevice', 'both connections must be one device');
  });

  it('is refused when one party is on both calls', () => {
    const l = lab();
    const { a } = connect(l.model, '201', '202');
    const c = l.model.consultation(a, '202');
    l.model.answer(conn(c.callID, '202'));
    refuses(l, (m) => m.transfer(a, c), 'requestIncompatibleWithConnection', 'a party is on both calls');
  });

  it('is refused when a party of the consulted call has failed', () => {
    // 201 is in a call with 202 and with 204 ringing (203 built a conference, then transferred on
    // ringing); 204 deflects to 203, who has DND on, which fails the call's first party, 202.
    const l = lab({}, ['201', '202', '203', '204', '205']);
    const held = connect(l.model, '201', '205').a;
    const c1 = connect(l.model, '202', '203');
    const c2 = l.model.consultation(c1.b, '201');
    l.model.answer(conn(c2.callID, '201'));
    l.model.conference(c1.b, c2);
    l.model.hold(c1.b);
    const c3 = l.model.consultation(c1.b, '204');
    l.model.transfer(c1.b, c3);
    l.model.setDoNotDisturb('203', true);
    l.model.deflect(conn(c1.a.callID, '204'), '203');
    const active = conn(c1.a.callID, '201');
    assert.deepEqual(
      l.model.snapshotCall(c1.a.callID).endpoints.map((e) => e.localConnectionState),
      ['fail', 'connected'],
    );
    refuses(
      l,
      (m) => m.transfer(held, active),
      'invalidActiveConnectionState',
      'the consulted party is not reached yet',
    );
  });

  it('is refused when the joined call would exceed the conference size', () => {
    // 201's held call is a conference with 202 and 203; its active one a conference of 204's with 205.
    const l = lab({}, ['201', '202', '203', '204', '205']);
    const { a } = consulted(l.model);
    l.model.conference(a, conn('C2', '201'));
    const x = connect(l.model, '204', '205');
    const y = l.model.consultation(x.a, '201');
    l.model.answer(conn(y.callID, '201'));
    l.model.conference(x.a, y);
    refuses(
      l,
      (m) => m.transfer(a, conn(x.a.callID, '201')),
      'conferenceMemberLimitExceeded',
      '4 parties exceed the conference size',
    );
  });

  it('joins a held conference with the consulted party when the result fits the conference size', () => {
    const l = lab();
    const { a, c } = consulted(l.model);
    l.model.conference(a, c);
    l.model.hold(a);
    const d = l.model.consultation(a, '204');
    l.model.answer(conn(d.callID, '204'));
    l.model.transfer(a, d);
    const call = l.model.snapshotCall(a.callID);
    assert.deepEqual(
      call.endpoints.map((e) => [e.connection.deviceID, e.localConnectionState]),
      [
        ['202', 'connected'],
        ['203', 'connected'],
        ['204', 'connected'],
      ],
    );
    assert.equal(call.conference, true);
  });

  it('transfers to a consulted party who has put the consultation call on hold', () => {
    const l = lab();
    const { a, c } = consulted(l.model);
    l.model.hold(conn(c.callID, '203'));
    l.take();
    l.model.transfer(a, c);
    const [tr] = l.take();
    assert.deepEqual(tr?.type === 'TransferedEvent' && tr.localConnectionInfo, {
      '202': 'connected',
      '203': 'hold',
      '201': 'null',
    });
    assert.deepEqual(
      l.model.snapshotCall(a.callID).endpoints.map((e) => [e.connection.deviceID, e.localConnectionState]),
      [
        ['202', 'connected'],
        ['203', 'hold'],
      ],
    );
  });

  it('joins two parties even where conferences are limited below three (a transfer is no conference)', () => {
    const l = lab({ maxConferenceParties: 1 });
    const { a, c } = consulted(l.model);
    l.model.transfer(a, c);
    const call = l.model.snapshotCall(a.callID);
    assert.deepEqual(
      call.endpoints.map((e) => e.connection.deviceID),
      ['202', '203'],
    );
    assert.equal(call.conference, false);
  });
});

describe('SingleStepTransferCall refusals (ECMA-269 §17.2.17)', () => {
  it('is refused from a connection that is not connected', () => {
    const l = lab();
    const { a } = connect(l.model, '201', '202');
    l.model.hold(a);
    refuses(
      l,
      (m) => m.singleStepTransfer(a, '203'),
      'invalidActiveConnectionState',
      'cannot transfer a hold connection',
    );
  });

  it('is refused in a call of more than two parties', () => {
    const l = lab();
    const { a, c } = consulted(l.model);
    l.model.conference(a, c);
    refuses(
      l,
      (m) => m.singleStepTransfer(a, '204'),
      'requestIncompatibleWithConnection',
      'single-step transfer needs a two-party call',
    );
  });

  it('is refused while the other party is not connected (ringing or holding)', () => {
    const l = lab();
    const a = l.model.makeCall('201', '202');
    refuses(
      l,
      (m) => m.singleStepTransfer(a, '203'),
      'requestIncompatibleWithConnection',
      'the other party is alerting',
    );
    const b = conn(a.callID, '202');
    l.model.answer(b);
    l.model.hold(b);
    refuses(
      l,
      (m) => m.singleStepTransfer(a, '203'),
      'requestIncompatibleWithConnection',
      'the other party is hold',
    );
  });

  it('is refused to a party of the call (itself included), an unknown number or bad digits', () => {
    const l = lab();
    const { a } = connect(l.model, '201', '202');
    refuses(
      l,
      (m) => m.singleStepTransfer(a, '201'),
      'invalidDestination',
      '201 is already a party to the call',
    );
    refuses(
      l,
      (m) => m.singleStepTransfer(a, '202'),
      'invalidDestination',
      '202 is already a party to the call',
    );
    refuses(l, (m) => m.singleStepTransfer(a, '999'), 'invalidDestination', "no device answers to '999'");
    refuses(l, (m) => m.singleStepTransfer(a, '2*x'), 'invalidDestination', 'not dialable digits: 2*x');
  });
});

describe('SingleStepTransferCall result (ECMA-269 §17.2.17)', () => {
  it('reports the transferred party, unchanged, and the transferring device as null', () => {
    const l = lab();
    const { a } = connect(l.model, '201', '202');
    l.take();
    l.model.singleStepTransfer(a, '203');
    const [tr] = l.take();
    assert.ok(tr?.type === 'TransferedEvent');
    assert.deepEqual(tr.transferredConnections, [
      { oldConnection: conn(a.callID, '202'), newConnection: conn(a.callID, '202'), endpoint: '202' },
    ]);
    assert.deepEqual(tr.localConnectionInfo, { '202': 'connected', '201': 'null' });
  });
});

describe('ConferenceCall limits (ECMA-269 §17.2.6; CME max-conferences)', () => {
  it('adding a party to an existing conference takes no further max-conferences slot', () => {
    const l = lab({ maxConferences: 1, maxConferenceParties: 4 });
    const { a, c } = consulted(l.model);
    l.model.conference(a, c);
    const d = l.model.consultation(a, '204');
    l.model.answer(conn(d.callID, '204'));
    l.model.conference(a, d);
    assert.deepEqual(
      l.model.snapshotCall(a.callID).endpoints.map((e) => e.connection.deviceID),
      ['201', '202', '203', '204'],
    );
  });

  it('is refused beyond max-conferences and beyond the party limit, with the limit in the reason', () => {
    const l = lab({ maxConferences: 0 });
    const { a, c } = consulted(l.model);
    refuses(l, (m) => m.conference(a, c), 'resourceLimitExceeded', 'max-conferences 0 reached');
    const small = lab({ maxConferenceParties: 2 });
    const s = consulted(small.model);
    refuses(small, (m) => m.conference(s.a, s.c), 'conferenceMemberLimitExceeded', '3 parties exceed 2');
  });
});

describe('SnapshotDevice (ECMA-269 §16.2.6)', () => {
  it('lists each call of the device with its connection, its state and every party of the call', () => {
    const l = lab();
    const { a } = connect(l.model, '201', '202');
    const waiting = l.model.makeCall('203', '202');
    assert.deepEqual(l.model.snapshotDevice('202'), [
      {
        callID: a.callID,
        connection: conn(a.callID, '202'),
        localConnectionState: 'connected',
        endpoints: [
          { deviceID: '201', localConnectionState: 'connected' },
          { deviceID: '202', localConnectionState: 'connected' },
        ],
      },
      {
        callID: waiting.callID,
        connection: conn(waiting.callID, '202'),
        localConnectionState: 'alerting',
        endpoints: [
          { deviceID: '203', localConnectionState: 'connected' },
          { deviceID: '202', localConnectionState: 'alerting' },
        ],
      },
    ]);
  });
});

describe('Basic call service refusals (ECMA-269 §17.2: Answer, Hold, Retrieve, Deflect, GenerateDigits)', () => {
  it('refuses an unknown or malformed connection ID and an unknown device', () => {
    const l = lab();
    refuses(l, (m) => m.answer(conn('C9', '201')), 'invalidConnectionID', 'no connection (C9, 201)');
    refuses(
      l,
      (m) => m.hold({ callID: 1 } as unknown as ConnectionID),
      'invalidConnectionID',
      'a ConnectionID needs callID and deviceID',
    );
    refuses(l, (m) => m.offHook('999'), 'invalidDeviceID', 'no device 999');
    refuses(l, (m) => m.addDevice({ number: '201' }), 'invalidDeviceID', 'device 201 already exists');
  });

  it('refuses each service in a connection state it does not apply to', () => {
    const l = lab();
    const a = l.model.makeCall('201', '202');
    const b = conn(a.callID, '202');
    refuses(l, (m) => m.dial(a, '1'), 'invalidConnectionState', 'cannot dial on a connected connection');
    refuses(l, (m) => m.answer(a), 'invalidConnectionState', 'cannot answer a connected connection');
    refuses(l, (m) => m.hold(b), 'invalidConnectionState', 'cannot hold a alerting connection');
    refuses(l, (m) => m.retrieve(a), 'invalidConnectionState', 'cannot retrieve a connected connection');
    refuses(
      l,
      (m) => m.generateDigits(b, '1'),
      'invalidConnectionState',
      'digits need a connected connection, not alerting',
    );
    refuses(l, (m) => m.generateDigits(a, '1x'), 'invalidParameterValue', 'not DTMF digits: 1x');
    l.model.answer(b);
    refuses(
      l,
      (m) => m.deflect(b, '203'),
      'invalidConnectionState',
      'deflect only at alerting state, not connected',
    );
  });

  it('refuses to deflect to an unknown number or to a party of the call', () => {
    const l = lab();
    const a = l.model.makeCall('201', '202');
    const b = conn(a.callID, '202');
    refuses(l, (m) => m.deflect(b, '999'), 'invalidDestination', "no device answers to '999'");
    refuses(l, (m) => m.deflect(b, '201'), 'invalidDestination', '201 is already a party to the call');
    refuses(l, (m) => m.deflect(b, '20#x'), 'invalidDestination', 'not dialable digits: 20#x');
  });

  it('refuses to answer or retrieve while the device has a call it must hang up first', () => {
    const l = lab();
    const { a } = connect(l.model, '201', '202');
    l.model.hold(a);
    const dialling = l.model.offHook('201');
    refuses(l, (m) => m.retrieve(a), 'invalidDeviceState', '201 has a initiated call');
    l.model.clear(dialling);
    l.model.retrieve(a);
    assert.deepEqual(
      l.model.snapshotDevice('201').map((s) => s.localConnectionState),
      ['connected'],
    );
  });

  it('refuses non-boolean feature settings', () => {
    const l = lab();
    const yes = 'yes' as unknown as boolean;
    refuses(l, (m) => m.setInService('201', yes), 'invalidParameterValue', 'inService must be boolean');
    refuses(
      l,
      (m) => m.setDoNotDisturb('201', yes),
      'invalidParameterValue',
      'doNotDisturbOn must be boolean',
    );
    refuses(
      l,
      (m) => m.setMessageWaiting('201', yes),
      'invalidParameterValue',
      'messageWaitingOn must be boolean',
    );
  });
});
