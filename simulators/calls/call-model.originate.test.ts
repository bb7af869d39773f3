import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { CallRefusedError, strictCallModel } from '../testing/strict-call-model.ts';
import type { CallEvent } from './call-events.ts';
import { CallModel, DEFAULT_FAILED_CALL_RELEASE_MS } from './call-model.ts';
import type { CallModelErrorCode } from './call-model-error.ts';

// originateMakeCall / completeMakeCall: a MakeCall in two halves, for dial-via-office
// (simulators/cme/cti/cti-dial-via-office.ts), and clear with the cause of a leg outside the model.
function lab() {
  const clock = new ManualClock();
  const model = strictCallModel(new CallModel({ clock }));
  for (const n of ['201', '202', '203']) model.addDevice({ number: n, maxCalls: 2 });
  const events: CallEvent[] = [];
  model.on((e) => events.push(e));
  const take = () => events.splice(0);
  return { clock, model, take };
}

function rejects(fn: () => unknown, code: CallModelErrorCode): void {
  assert.throws(fn, (e) => e instanceof CallRefusedError && e.refusal.code === code);
}

describe('CallModel.originateMakeCall and completeMakeCall', () => {
  it('ServiceInitiated (makeCall) first; Originated and Delivered only when completed; same call id', () => {
    const { model, take } = lab();
    const a = model.originateMakeCall('201');
    const first = take();
    assert.deepEqual(
      first.map((e) => e.type),
      ['ServiceInitiatedEvent'],
    );
    assert.equal((first[0] as Extract<CallEvent, { type: 'ServiceInitiatedEvent' }>).cause, 'makeCall');
    assert.equal(model.snapshotDevice('201')[0]!.localConnectionState, 'initiated');
    model.completeMakeCall(a, '202');
    const next = take();
    assert.deepEqual(
      next.map((e) => e.type),
      ['OriginatedEvent', 'DeliveredEvent'],
    );
    assert.equal((next[0] as Extract<CallEvent, { type: 'OriginatedEvent' }>).cause, 'makeCall');
    assert.equal(model.snapshotDevice('202')[0]!.callID, a.callID);
    rejects(() => model.completeMakeCall(a, '202'), 'invalidConnectionState');
  });

  it('presents the given calling number to the called party', () => {
    const { model, take } = lab();
    const a = model.originateMakeCall('201', { presentedCallingNumber: '5550100' });
    model.completeMakeCall(a, '202');
    const delivered = take().find((e) => e.type === 'DeliveredEvent') as Extract<
      CallEvent,
      { type: 'DeliveredEvent' }
    >;
    assert.equal(delivered.presentedCallingNumber, '5550100');
  });

  it('refuses a device with an active call, out of service, unknown, and bad digits; changes nothing', () => {
    const { model, take } = lab();
    model.makeCall('201', '202');
    take();
    rejects(() => model.originateMakeCall('201'), 'invalidDeviceState');
    rejects(() => model.originateMakeCall('299'), 'invalidDeviceID');
    model.setInService('203', false);
    rejects(() => model.originateMakeCall('203'), 'callingDeviceOutOfService');
    model.setInService('203', true);
    assert.deepEqual(take(), []);
    const b = model.originateMakeCall('203');
    rejects(() => model.originateMakeCall('203'), 'invalidDeviceState');
    rejects(() => model.completeMakeCall(b, 'abc'), 'invalidDestination');
    rejects(
      () => model.completeMakeCall({ callID: b.callID, deviceID: '201' }, '201'),
      'invalidConnectionID',
    );
  });

  it('nothing else takes the waiting connection over: MakeCall, off-hook and Dial on it are refused', () => {
    // Found by cti-dial-via-office.fuzz.test.ts: an ordinary MakeCall from the office line took
    // the ringing callback's initiated connection, dialled on it, and left the callback failed.
    const { model, take } = lab();
    const a = model.originateMakeCall('201');
    take();
    rejects(() => model.makeCall('201', '202'), 'invalidDeviceState');
    rejects(() => model.offHook('201'), 'invalidDeviceState');
    rejects(() => model.dial(a, '202'), 'invalidConnectionState');
    assert.deepEqual(take(), []);
    assert.deepEqual(
      model.snapshotDevice('201').map((i) => [i.callID, i.localConnectionState]),
      [[a.callID, 'initiated']],
    );
    model.completeMakeCall(a, '202');
    assert.deepEqual(
      take().map((e) => e.type),
      ['OriginatedEvent', 'DeliveredEvent'],
    );
  });

  it('completes only its own first half, not a connection taken off-hook at the device', () => {
    const { model, take } = lab();
    const c = model.offHook('203');
    take();
    rejects(() => model.completeMakeCall(c, '202'), 'invalidConnectionState');
    assert.deepEqual(take(), []);
  });

  it('a device whose only call rings in (alerting, not active) may still originate', () => {
    const { model, take } = lab();
    model.makeCall('202', '201');
    assert.equal(model.snapshotDevice('201')[0]!.localConnectionState, 'alerting');
    take();
    const a = model.originateMakeCall('201');
    assert.deepEqual(
      take().map((e) => e.type),
      ['ServiceInitiatedEvent'],
    );
    assert.deepEqual(
      model
        .snapshotDevice('201')
        .map((i) => [i.callID, i.localConnectionState])
        .sort(),
      [
        [a.callID, 'initiated'],
        [model.snapshotDevice('202')[0]!.callID, 'alerting'],
      ].sort(),
    );
  });

  it('a MakeCall the user took off-hook for keeps its failed connection; one nobody lifted is released', () => {
    const { clock, model } = lab();
    model.makeCall('201', '9999', { userOffHook: true });
    model.makeCall('203', '9999');
    clock.advance(DEFAULT_FAILED_CALL_RELEASE_MS);
    assert.equal(model.snapshotDevice('201')[0]?.localConnectionState, 'fail');
    assert.deepEqual(model.snapshotDevice('203'), []);
  });

  it('a completed call that fails is released after failedCallReleaseMs (nobody at the device)', () => {
    const { clock, model, take } = lab();
    const a = model.originateMakeCall('201');
    model.completeMakeCall(a, '9999');
    assert.deepEqual(
      take().map((e) => e.type),
      ['ServiceInitiatedEvent', 'OriginatedEvent', 'FailedEvent'],
    );
    clock.advance(DEFAULT_FAILED_CALL_RELEASE_MS);
    assert.deepEqual(model.snapshotDevice('201'), []);
  });
});

describe('CallModel.clear with a cause', () => {
  for (const cause of ['callNotAnswered', 'busy', 'destNotObtainable'] as const) {
    it(`ConnectionCleared and CallCleared carry ${cause}`, () => {
      const { model, take } = lab();
      const a = model.originateMakeCall('201');
      take();
      model.clear(a, cause);
      const ev = take();
      assert.deepEqual(
        ev.map((e) => [e.type, 'cause' in e ? e.cause : undefined]),
        [
          ['ConnectionClearedEvent', cause],
          ['CallClearedEvent', cause],
        ],
      );
    });
  }

  it('defaults to normalClearing', () => {
    const { model, take } = lab();
    const a = model.originateMakeCall('201');
    take();
    model.clear(a);
    assert.equal(
      (take()[0] as Extract<CallEvent, { type: 'ConnectionClearedEvent' }>).cause,
      'normalClearing',
    );
  });
});
