import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { mustSucceed } from '../lab/result.ts';
import { CallRefusedError, type StrictCallModel, strictCallModel } from '../testing/strict-call-model.ts';
import type { CallEvent, CallEventType } from './call-events.ts';
import type { CallModelOptions } from './call-model.ts';
import { CallModel, DEFAULT_FAILED_CALL_RELEASE_MS } from './call-model.ts';
import { CallModelError, type CallModelErrorCode } from './call-model-error.ts';

function lab(options: CallModelOptions = {}, maxCalls = 2) {
  const clock = new ManualClock();
  const raw = new CallModel({ clock, ...options });
  const model = strictCallModel(raw);
  for (const n of ['201', '202', '203', '204']) model.addDevice({ number: n, maxCalls });
  const events: CallEvent[] = [];
  model.on((e) => events.push(e));
  const take = (): CallEvent[] => events.splice(0);
  const types = (): CallEventType[] => take().map((e) => e.type);
  return { clock, model, raw, events, take, types };
}

function rejects(fn: () => unknown, code: CallModelErrorCode): void {
  assert.throws(fn, (e) => e instanceof CallRefusedError && e.refusal.code === code);
}

/** A query about a device or call that does not exist is a caller's bug: it throws, typed. */
function misuse(fn: () => unknown, code: CallModelErrorCode): void {
  assert.throws(fn, (e) => e instanceof CallModelError && e.code === code);
}

function of<T extends CallEventType>(events: CallEvent[], type: T): Extract<CallEvent, { type: T }> {
  const e = events.find((x) => x.type === type);
  assert.ok(e, `no ${type} in ${events.map((x) => x.type).join(',')}`);
  return e as Extract<CallEvent, { type: T }>;
}

/** 201 calls 202 and 202 answers. */
function connect(model: StrictCallModel, from = '201', to = '202') {
  const a = model.makeCall(from, to);
  const b = { callID: a.callID, deviceID: to };
  model.answer(b);
  return { a, b };
}

describe('CallModel basic call', () => {
  it('reports ServiceInitiated, Originated, Delivered, Established, ConnectionCleared x2, CallCleared', () => {
    const { model, take } = lab();
    const a = model.offHook('201');
    assert.deepEqual(a, { callID: 'C1', deviceID: '201' });
    assert.deepEqual(model.offHook('201'), a, 'a second off-hook returns the initiated call');
    model.dial(a, '20');
    model.dial(a, '2');
    const b = { callID: 'C1', deviceID: '202' };
    assert.equal(model.snapshotDevice('202')[0]?.localConnectionState, 'alerting');
    model.answer(b);
    model.clear(a);
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      [
        'ServiceInitiatedEvent',
        'OriginatedEvent',
        'DeliveredEvent',
        'EstablishedEvent',
        'ConnectionClearedEvent',
        'ConnectionClearedEvent',
        'CallClearedEvent',
      ],
    );
    const si = of(ev, 'ServiceInitiatedEvent');
    assert.equal(si.cause, 'newCall');
    assert.deepEqual(si.localConnectionInfo, { '201': 'initiated' });
    const orig = of(ev, 'OriginatedEvent');
    assert.equal(orig.calledDevice, '202');
    assert.deepEqual(orig.localConnectionInfo, { '201': 'connected' });
    const del = of(ev, 'DeliveredEvent');
    assert.deepEqual(del.connection, b);
    assert.equal(del.alertingDevice, '202');
    assert.equal(del.callingDevice, '201');
    assert.deepEqual(del.monitoredDevices, ['201', '202']);
    assert.deepEqual(del.localConnectionInfo, { '201': 'connected', '202': 'alerting' });
    const est = of(ev, 'EstablishedEvent');
    assert.equal(est.answeringDevice, '202');
    assert.deepEqual(est.localConnectionInfo, { '201': 'connected', '202': 'connected' });
    const cleared = ev.filter((e) => e.type === 'ConnectionClearedEvent');
    assert.deepEqual(
      cleared.map((e) => e.type === 'ConnectionClearedEvent' && e.releasingDevice),
      ['201', '202'],
    );
    assert.deepEqual(of(ev, 'CallClearedEvent').clearedCall, { callID: 'C1' });
    assert.deepEqual(model.callIds(), []);
    assert.deepEqual(model.snapshotDevice('201'), []);
  });

  it('uses cause makeCall for MakeCall and never reuses call ids', () => {
    const { model, take } = lab();
    const a = model.makeCall('201', '202');
    const ev = take();
    assert.equal(of(ev, 'ServiceInitiatedEvent').cause, 'makeCall');
    assert.equal(of(ev, 'OriginatedEvent').cause, 'makeCall');
    model.clear(a);
    assert.equal(model.makeCall('201', '203').callID, 'C2');
  });

  it('fails a call to a busy device (and to itself) with cause busy', () => {
    const { model, take } = lab({}, 1);
    connect(model, '201', '202');
    take();
    const c = model.makeCall('203', '202');
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['ServiceInitiatedEvent', 'OriginatedEvent', 'FailedEvent'],
    );
    const failed = of(ev, 'FailedEvent');
    assert.equal(failed.cause, 'busy');
    assert.deepEqual(failed.failedConnection, c);
    assert.equal(failed.failingDevice, '202');
    assert.equal(model.snapshotDevice('203')[0]?.localConnectionState, 'fail');
    model.clear(c);
    assert.deepEqual(
      take().map((e) => e.type),
      ['ConnectionClearedEvent', 'CallClearedEvent'],
    );
    const self = model.makeCall('204', '204');
    assert.equal(of(take(), 'FailedEvent').cause, 'busy');
    model.clear(self);
  });

  it('gives call waiting on a dual-line DN: the second call alerts, answering it holds the first', () => {
    const { model, take } = lab();
    const { b } = connect(model, '201', '202');
    const c = model.makeCall('203', '202');
    const b2 = { callID: c.callID, deviceID: '202' };
    assert.equal(model.snapshotCall(c.callID).endpoints[1]?.localConnectionState, 'alerting');
    take();
    model.answer(b2);
    assert.deepEqual(
      take().map((e) => e.type),
      ['HeldEvent', 'EstablishedEvent'],
    );
    assert.equal(
      model.snapshotDevice('202').find((s) => s.callID === b.callID)?.localConnectionState,
      'hold',
    );
  });

  it('fails an invalid number with invalidNumberFormat', () => {
    const { model, take } = lab();
    const a = model.offHook('201');
    model.dial(a, '9');
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['ServiceInitiatedEvent', 'OriginatedEvent', 'FailedEvent'],
    );
    assert.equal(of(ev, 'FailedEvent').cause, 'invalidNumberFormat');
    rejects(() => model.dial(a, '1'), 'invalidConnectionState');
  });

  it('waits T302 on a partial number, then fails it; takes a complete-but-more-possible number on timeout', () => {
    const { model, clock, take } = lab();
    model.addDevice({ number: '20' });
    const a = model.offHook('201');
    model.dial(a, '2');
    clock.advance(9_999);
    assert.equal(model.snapshotDevice('201')[0]?.localConnectionState, 'initiated');
    clock.advance(1);
    assert.equal(of(take(), 'FailedEvent').cause, 'invalidNumberFormat');
    model.clear(a);
    const a2 = model.offHook('201');
    model.dial(a2, '20');
    clock.advance(5_000);
    take();
    clock.advance(10_000);
    const del = of(take(), 'DeliveredEvent');
    assert.equal(del.alertingDevice, '20');
    assert.equal(clock.pending, 0);
  });

  it('restarts T302 on each digit', () => {
    const { model, clock } = lab();
    model.addDevice({ number: '2055' });
    const a = model.offHook('201');
    model.dial(a, '2');
    clock.advance(8_000);
    model.dial(a, '0');
    clock.advance(8_000);
    assert.equal(model.snapshotDevice('201')[0]?.localConnectionState, 'initiated');
    model.dial(a, '55');
    assert.equal(model.snapshotDevice('2055')[0]?.localConnectionState, 'alerting');
  });

  it('rejects bad input with typed errors', () => {
    const { model } = lab();
    rejects(() => model.offHook('999'), 'invalidDeviceID');
    rejects(() => model.makeCall('201', 'abc'), 'invalidDestination');
    rejects(() => model.answer({ callID: 'C9', deviceID: '201' }), 'invalidConnectionID');
    rejects(
      () => model.clear(null as unknown as { callID: string; deviceID: string }),
      'invalidConnectionID',
    );
    misuse(() => model.snapshotCall('nope'), 'invalidCallID');
    rejects(() => model.addDevice({ number: '201' }), 'invalidDeviceID');
    rejects(() => model.addDevice({ number: '2x1' }), 'invalidDeviceID');
    rejects(() => model.addDevice({ number: '301', maxCalls: 0 }), 'invalidParameterValue');
    const a = model.offHook('201');
    rejects(() => model.dial(a, '2-'), 'invalidParameterValue');
    rejects(() => model.answer(a), 'invalidConnectionState');
    // Bad constructor options are a programming error: they throw (not a refusal).
    assert.throws(() => new CallModel({ maxConferences: -1 }), /invalidParameterValue/);
  });

  it('runs all lines busy into resourceBusy', () => {
    const { model } = lab({}, 1);
    connect(model, '201', '202');
    rejects(() => model.offHook('201'), 'resourceBusy');
  });
});

describe('CallModel hold, retrieve, alternate', () => {
  it('holds and retrieves with Held/Retrieved seen by both parties', () => {
    const { model, take } = lab();
    const { a } = connect(model);
    take();
    model.hold(a);
    rejects(() => model.hold(a), 'invalidConnectionState');
    model.retrieve(a);
    rejects(() => model.retrieve(a), 'invalidConnectionState');
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['HeldEvent', 'RetrievedEvent'],
    );
    const held = of(ev, 'HeldEvent');
    assert.equal(held.holdingDevice, '201');
    assert.deepEqual(held.monitoredDevices, ['201', '202']);
    assert.deepEqual(held.localConnectionInfo, { '201': 'hold', '202': 'connected' });
  });

  it('alternates between a held and an active call', () => {
    const { model, take } = lab();
    const { a } = connect(model, '201', '202');
    const c = model.consultation(a, '203');
    model.answer({ callID: c.callID, deviceID: '203' });
    take();
    model.alternate(c, a);
    const ev = take();
    assert.deepEqual(
      ev.map((e) => [e.type, 'cause' in e ? e.cause : undefined]),
      [
        ['HeldEvent', 'alternate'],
        ['RetrievedEvent', 'alternate'],
      ],
    );
    rejects(() => model.alternate(a, a), 'requestIncompatibleWithConnection');
  });

  it('clearing the other party of a held call ends it', () => {
    const { model, take } = lab();
    const { a, b } = connect(model);
    model.hold(a);
    take();
    model.clear(b);
    assert.deepEqual(
      take().map((e) => e.type),
      ['ConnectionClearedEvent', 'ConnectionClearedEvent', 'CallClearedEvent'],
    );
    assert.deepEqual(model.callIds(), []);
  });
});

describe('CallModel transfer', () => {
  it('single-step (blind) transfer: transferring device leaves, the other party is delivered', () => {
    const { model, take } = lab();
    const { a } = connect(model, '201', '202');
    take();
    const to = model.singleStepTransfer(a, '203');
    assert.deepEqual(to, { callID: a.callID, deviceID: '203' });
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['TransferedEvent', 'DeliveredEvent'],
    );
    const tr = of(ev, 'TransferedEvent');
    assert.equal(tr.cause, 'singleStepTransfer');
    assert.equal(tr.transferringDevice, '201');
    assert.equal(tr.transferredToDevice, '203');
    assert.equal(of(ev, 'DeliveredEvent').cause, 'singleStepTransfer');
    assert.equal(of(ev, 'DeliveredEvent').callingDevice, '202');
    assert.deepEqual(model.snapshotDevice('201'), []);
    model.answer(to);
    assert.deepEqual(
      model.snapshotCall(a.callID).endpoints.map((e) => [e.connection.deviceID, e.localConnectionState]),
      [
        ['202', 'connected'],
        ['203', 'connected'],
      ],
    );
  });

  it('single-step transfer to a busy DN fails the transferred party; to a forwarded DN returns the target', () => {
    const { model, take } = lab({}, 1);
    const { a } = connect(model, '201', '202');
    connect(model, '203', '204');
    take();
    model.singleStepTransfer(a, '203');
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['TransferedEvent', 'FailedEvent'],
    );
    assert.deepEqual(of(ev, 'FailedEvent').failedConnection, { callID: a.callID, deviceID: '202' });
    const other = lab();
    const x = connect(other.model, '201', '202');
    other.model.setForwarding('203', { type: 'forwardImmediate', activate: true, destination: '204' });
    assert.deepEqual(other.model.singleStepTransfer(x.a, '203'), { callID: x.a.callID, deviceID: '204' });
  });

  it('single-step transfer to an unknown number or a party of the call is refused and changes nothing', () => {
    const { model } = lab();
    const { a } = connect(model);
    rejects(() => model.singleStepTransfer(a, '999'), 'invalidDestination');
    rejects(() => model.singleStepTransfer(a, '202'), 'invalidDestination');
    assert.equal(model.snapshotCall(a.callID).endpoints.length, 2);
  });

  it('consultative transfer joins the held and consulted parties (Transfered, no ConnectionCleared)', () => {
    const { model, take } = lab();
    const { a } = connect(model, '201', '202');
    take();
    const c = model.consultation(a, '203');
    model.answer({ callID: c.callID, deviceID: '203' });
    const setup = take();
    assert.deepEqual(
      setup.map((e) => e.type),
      ['HeldEvent', 'ServiceInitiatedEvent', 'OriginatedEvent', 'DeliveredEvent', 'EstablishedEvent'],
    );
    assert.equal(of(setup, 'HeldEvent').cause, 'consultation');
    assert.equal(of(setup, 'OriginatedEvent').cause, 'consultation');
    const result = model.transfer(a, c);
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['TransferedEvent'],
    );
    const tr = of(ev, 'TransferedEvent');
    assert.deepEqual(tr.primaryOldCall, a);
    assert.deepEqual(tr.secondaryOldCall, c);
    assert.equal(tr.transferringDevice, '201');
    assert.equal(tr.transferredToDevice, '203');
    assert.equal(tr.cause, 'transfer');
    assert.deepEqual(tr.monitoredDevices.slice().sort(), ['201', '202', '203']);
    assert.deepEqual(tr.transferredConnections, [
      {
        oldConnection: { callID: 'C1', deviceID: '202' },
        newConnection: { callID: 'C1', deviceID: '202' },
        endpoint: '202',
      },
      {
        oldConnection: { callID: 'C2', deviceID: '203' },
        newConnection: { callID: 'C1', deviceID: '203' },
        endpoint: '203',
      },
    ]);
    assert.deepEqual(result.transferredCall, { callID: 'C1', deviceID: '203' });
    assert.deepEqual(model.callIds(), ['C1']);
    assert.deepEqual(model.snapshotDevice('201'), []);
  });

  it('transfers on ringing: the consulted party keeps alerting in the joined call and can answer', () => {
    const { model, take } = lab();
    const { a } = connect(model, '201', '202');
    const c = model.consultation(a, '203');
    model.transfer(a, c);
    take();
    assert.equal(model.snapshotDevice('203')[0]?.localConnectionState, 'alerting');
    model.answer({ callID: a.callID, deviceID: '203' });
    const est = of(take(), 'EstablishedEvent');
    assert.equal(est.answeringDevice, '203');
    assert.deepEqual(est.monitoredDevices, ['202', '203']);
  });

  it('consultation needs a free line on the DN', () => {
    const { model } = lab({}, 1);
    const { a } = connect(model);
    rejects(() => model.consultation(a, '203'), 'resourceBusy');
    assert.equal(model.snapshotDevice('201')[0]?.localConnectionState, 'connected', 'nothing was held');
  });

  it('refuses transfer with the connections swapped or from two devices', () => {
    const { model } = lab();
    const { a, b } = connect(model);
    const c = model.consultation(a, '203');
    rejects(() => model.transfer(c, a), 'invalidHeldConnectionState');
    rejects(() => model.transfer(a, b), 'notSameDevice');
  });
});

describe('CallModel conference', () => {
  function threeWay(model: StrictCallModel) {
    const { a } = connect(model, '201', '202');
    const c = model.consultation(a, '203');
    model.answer({ callID: c.callID, deviceID: '203' });
    return { a, c };
  }

  it('conferences three parties; one leaving keeps the other two connected', () => {
    const { model, take } = lab();
    const { a, c } = threeWay(model);
    take();
    const r = model.conference(a, c);
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['ConferencedEvent'],
    );
    const conf = of(ev, 'ConferencedEvent');
    assert.equal(conf.cause, 'conference');
    assert.equal(conf.conferencingDevice, '201');
    assert.equal(conf.addedParty, '203');
    assert.deepEqual(conf.localConnectionInfo, {
      '201': 'connected',
      '202': 'connected',
      '203': 'connected',
    });
    assert.deepEqual(r.conferenceCall, a);
    assert.equal(model.snapshotCall(a.callID).conference, true);
    model.clear(a);
    assert.deepEqual(
      take().map((e) => e.type),
      ['ConnectionClearedEvent'],
    );
    assert.deepEqual(
      model.snapshotCall(a.callID).endpoints.map((e) => e.localConnectionState),
      ['connected', 'connected'],
    );
    assert.equal(model.snapshotCall(a.callID).conference, false);
  });

  it('refuses a conference beyond max-conferences, and adding a party that has not answered', () => {
    const { model } = lab({ maxConferences: 0 });
    const { a, c } = threeWay(model);
    rejects(() => model.conference(a, c), 'resourceLimitExceeded');
    const lab2 = lab();
    const x = connect(lab2.model, '201', '202');
    const ringing = lab2.model.consultation(x.a, '203');
    rejects(() => lab2.model.conference(x.a, ringing), 'invalidActiveConnectionState');
  });

  it('refuses a fourth party in a three-party conference', () => {
    const { model } = lab();
    model.addDevice({ number: '205', maxCalls: 2 });
    const { a, c } = threeWay(model);
    model.conference(a, c);
    const d = model.consultation(a, '205');
    model.answer({ callID: d.callID, deviceID: '205' });
    rejects(() => model.conference(a, d), 'conferenceMemberLimitExceeded');
  });
});

describe('CallModel forwarding, DND, deflect, digits', () => {
  it('forward all diverts with callForwardImmediate and delivers to the target', () => {
    const { model, take } = lab();
    model.setForwarding('202', { type: 'forwardImmediate', activate: true, destination: '203' });
    const fwd = of(take(), 'ForwardingEvent');
    assert.deepEqual(
      [fwd.device, fwd.forwardingType, fwd.forwardStatus, fwd.forwardTo],
      ['202', 'forwardImmediate', true, '203'],
    );
    model.makeCall('201', '202');
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['ServiceInitiatedEvent', 'OriginatedEvent', 'DivertedEvent', 'DeliveredEvent'],
    );
    const div = of(ev, 'DivertedEvent');
    assert.equal(div.cause, 'callForwardImmediate');
    assert.equal(div.divertingDevice, '202');
    assert.equal(div.newDestination, '203');
    assert.ok(div.monitoredDevices.includes('202'));
    const del = of(ev, 'DeliveredEvent');
    assert.equal(del.alertingDevice, '203');
    assert.equal(del.calledDevice, '202');
    assert.equal(del.lastRedirectionDevice, '202');
    assert.equal(del.cause, 'callForwardImmediate');
    assert.deepEqual(model.getForwarding('202')[0], {
      forwardingType: 'forwardImmediate',
      forwardStatus: true,
      forwardDN: '203',
    });
  });

  it('stops following a forwarding loop after 5 hops', () => {
    const { model, take } = lab();
    model.setForwarding('202', { type: 'forwardImmediate', activate: true, destination: '203' });
    model.setForwarding('203', { type: 'forwardImmediate', activate: true, destination: '202' });
    take();
    model.makeCall('201', '202');
    const ev = take();
    assert.equal(ev.filter((e) => e.type === 'DivertedEvent').length, 5);
    assert.equal(of(ev, 'DeliveredEvent').alertingDevice, '203');
  });

  it('forward busy diverts with callForwardBusy', () => {
    const { model, take } = lab({}, 1);
    connect(model, '201', '202');
    model.setForwarding('202', { type: 'forwardBusy', activate: true, destination: '204' });
    take();
    model.makeCall('203', '202');
    const ev = take();
    assert.equal(of(ev, 'DivertedEvent').cause, 'callForwardBusy');
    assert.equal(of(ev, 'DeliveredEvent').alertingDevice, '204');
  });

  it('forward no answer diverts after the timeout on the injected clock; answering in time cancels it', () => {
    const { model, clock, take } = lab();
    model.setForwarding('202', { type: 'forwardNoAns', activate: true, destination: '203' });
    assert.equal(of(take(), 'ForwardingEvent').ringDuration, 20);
    const a = model.makeCall('201', '202');
    take();
    clock.advance(19_999);
    assert.deepEqual(take(), []);
    clock.advance(1);
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['DivertedEvent', 'DeliveredEvent'],
    );
    assert.equal(of(ev, 'DivertedEvent').cause, 'callForwardNoAnswer');
    assert.deepEqual(of(ev, 'DivertedEvent').connection, { callID: a.callID, deviceID: '202' });
    assert.equal(of(ev, 'DeliveredEvent').alertingDevice, '203');
    model.clear(a);
    const a2 = model.makeCall('201', '202');
    model.answer({ callID: a2.callID, deviceID: '202' });
    assert.equal(clock.pending, 0);
    model.setForwarding('202', { type: 'forwardNoAns', activate: false });
    assert.equal(model.getForwarding('202')[2]?.forwardStatus, false);
  });

  it('uses a per-setting no-answer timeout', () => {
    const { model, clock } = lab();
    model.setForwarding('202', {
      type: 'forwardNoAns',
      activate: true,
      destination: '203',
      noAnswerTimeoutMs: 5_000,
    });
    model.makeCall('201', '202');
    clock.advance(5_000);
    assert.equal(model.snapshotDevice('203')[0]?.localConnectionState, 'alerting');
  });

  it('validates forwarding settings', () => {
    const { model } = lab();
    rejects(
      () => model.setForwarding('202', { type: 'forwardImmediate', activate: true }),
      'invalidForwardingDestination',
    );
    rejects(
      () => model.setForwarding('202', { type: 'forwardImmediate', activate: true, destination: '202' }),
      'invalidForwardingDestination',
    );
    rejects(
      () =>
        model.setForwarding('202', {
          type: 'forwardDND' as 'forwardBusy',
          activate: true,
          destination: '203',
        }),
      'invalidForwardingType',
    );
    rejects(
      () =>
        model.setForwarding('202', {
          type: 'forwardNoAns',
          activate: true,
          destination: '203',
          noAnswerTimeoutMs: -1,
        }),
      'invalidParameterValue',
    );
  });

  it('DND makes calls fail with doNotDisturb and reports DoNotDisturbEvent', () => {
    const { model, take } = lab();
    model.setDoNotDisturb('202', true);
    const dnd = of(take(), 'DoNotDisturbEvent');
    assert.deepEqual([dnd.device, dnd.doNotDisturbOn, dnd.monitoredDevices], ['202', true, ['202']]);
    assert.equal(model.getDoNotDisturb('202'), true);
    model.makeCall('201', '202');
    assert.equal(of(take(), 'FailedEvent').cause, 'doNotDisturb');
    rejects(() => model.setDoNotDisturb('202', 'yes' as unknown as boolean), 'invalidParameterValue');
  });

  it('sets the message waiting indicator', () => {
    const { model, take } = lab();
    model.setMessageWaiting('203', true);
    const mwi = of(take(), 'MessageWaitingEvent');
    assert.deepEqual([mwi.targetDevice, mwi.messageWaitingOn], ['203', true]);
    assert.equal(model.getMessageWaiting('203'), true);
  });

  it('deflects only while alerting (Diverted, cause redirected)', () => {
    const { model, take } = lab();
    const a = model.makeCall('201', '202');
    const b = { callID: a.callID, deviceID: '202' };
    take();
    rejects(() => model.deflect(b, '999'), 'invalidDestination');
    rejects(() => model.deflect(b, '201'), 'invalidDestination');
    model.deflect(b, '203');
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['DivertedEvent', 'DeliveredEvent'],
    );
    assert.equal(of(ev, 'DivertedEvent').cause, 'redirected');
    const c = { callID: a.callID, deviceID: '203' };
    model.answer(c);
    rejects(() => model.deflect(c, '204'), 'invalidConnectionState');
  });

  it('generates digits only on a connected connection', () => {
    const { model, take } = lab();
    const dialling = model.offHook('203');
    rejects(() => model.generateDigits(dialling, '1'), 'invalidConnectionState');
    const a = model.makeCall('201', '202');
    rejects(() => model.generateDigits({ callID: a.callID, deviceID: '202' }, '1'), 'invalidConnectionState');
    model.answer({ callID: a.callID, deviceID: '202' });
    rejects(() => model.generateDigits(a, '1x'), 'invalidParameterValue');
    take();
    model.generateDigits(a, '12#');
    const dg = of(take(), 'DigitsGeneratedEvent');
    assert.equal(dg.digitGeneratedList, '12#');
    assert.deepEqual(dg.monitoredDevices, ['201', '202']);
  });
});

describe('CallModel devices in and out of service', () => {
  it('fails calls to an unregistered DN with destOutOfOrder unless it is cti notify', () => {
    const { model, take } = lab();
    model.addDevice({ number: '301', inService: false });
    model.addDevice({ number: '302', inService: false, allowPhonelessUp: true });
    model.makeCall('201', '301');
    assert.equal(of(take(), 'FailedEvent').cause, 'destOutOfOrder');
    model.makeCall('202', '302');
    assert.equal(of(take(), 'DeliveredEvent').alertingDevice, '302');
    rejects(() => model.makeCall('301', '201'), 'callingDeviceOutOfService');
    assert.equal(model.isInService('302'), true);
  });

  it('unregistering a phone clears its calls; removing a device too', () => {
    const { model, take } = lab();
    const { a } = connect(model, '201', '202');
    take();
    model.setInService('202', false);
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['ConnectionClearedEvent', 'ConnectionClearedEvent', 'CallClearedEvent'],
    );
    assert.equal(of(ev, 'ConnectionClearedEvent').cause, 'destOutOfOrder');
    assert.deepEqual(model.callIds(), []);
    model.setInService('202', true);
    connect(model, '201', '202');
    model.removeDevice('202');
    assert.deepEqual(model.callIds(), []);
    assert.equal(model.hasDevice('202'), false);
    assert.equal(model.dialPlan.match('202').kind, 'invalid');
    misuse(() => model.snapshotDevice('202'), 'invalidDeviceID');
    void a;
  });
});

describe('CallModel failed MakeCall release (issue 7)', () => {
  const RELEASE = DEFAULT_FAILED_CALL_RELEASE_MS;

  /** The MakeCall's Failed, then after the timer ConnectionCleared + CallCleared; the line is free again. */
  function failsThenReleases(maxCalls: number, to: string, cause: string, busyCode: CallModelErrorCode) {
    const { model, clock, take } = lab({}, maxCalls);
    const a = model.makeCall('201', to);
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['ServiceInitiatedEvent', 'OriginatedEvent', 'FailedEvent'],
    );
    assert.equal(of(ev, 'FailedEvent').cause, cause);
    assert.equal(model.snapshotDevice('201')[0]?.localConnectionState, 'fail');
    // Until the release the line is taken, as on the CME (the issue: for good).
    rejects(() => model.makeCall('201', '202'), busyCode);
    clock.advance(RELEASE - 1);
    assert.deepEqual(take(), []);
    assert.equal(model.snapshotDevice('201')[0]?.localConnectionState, 'fail');
    clock.advance(1);
    const released = take();
    assert.deepEqual(
      released.map((e) => e.type),
      ['ConnectionClearedEvent', 'CallClearedEvent'],
    );
    const cleared = of(released, 'ConnectionClearedEvent');
    assert.deepEqual(cleared.droppedConnection, a);
    assert.equal(cleared.releasingDevice, '201');
    assert.equal(cleared.cause, cause);
    assert.deepEqual(cleared.localConnectionInfo, { '201': 'null' });
    const callCleared = of(released, 'CallClearedEvent');
    assert.deepEqual(callCleared.clearedCall, { callID: a.callID });
    assert.equal(callCleared.cause, cause);
    assert.deepEqual(model.callIds(), []);
    assert.deepEqual(model.snapshotDevice('201'), []);
    assert.equal(clock.pending, 0, 'no timer left');
    const again = model.makeCall('201', '202');
    assert.equal(of(take(), 'DeliveredEvent').alertingDevice, '202');
    assert.notEqual(again.callID, a.callID);
  }

  it('clears a MakeCall to itself after the timer and frees the line (single- and dual-line)', () => {
    failsThenReleases(1, '201', 'busy', 'resourceBusy');
    failsThenReleases(2, '201', 'busy', 'invalidDeviceState');
  });

  it('clears a MakeCall to an unassigned number after the timer and frees the line', () => {
    failsThenReleases(1, '999', 'invalidNumberFormat', 'resourceBusy');
    failsThenReleases(2, '999', 'invalidNumberFormat', 'invalidDeviceState');
  });

  it('clearing the failed connection before the timer cancels it', () => {
    const { model, clock, take } = lab();
    const a = model.makeCall('201', '999');
    clock.advance(RELEASE / 2);
    take();
    model.clear(a);
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      ['ConnectionClearedEvent', 'CallClearedEvent'],
    );
    assert.equal(of(ev, 'ConnectionClearedEvent').cause, 'normalClearing');
    assert.equal(clock.pending, 0, 'the release timer is cancelled');
    clock.advance(RELEASE);
    assert.deepEqual(take(), []);
    // Taking the device out of service or removing it cancels it too.
    model.makeCall('202', '999');
    model.setInService('202', false);
    model.makeCall('203', '999');
    model.removeDevice('203');
    assert.deepEqual(model.callIds(), []);
    assert.equal(clock.pending, 0);
  });

  it('leaves a failed connection a phone user took off-hook to that user', () => {
    const { model, clock, take } = lab();
    // Dialled on the phone: the user hears reorder until they hang up.
    const dialled = model.offHook('201');
    model.dial(dialled, '9');
    // A MakeCall on a line already off-hook (dial tone) uses the user's connection.
    const offHook = model.offHook('202');
    assert.deepEqual(model.makeCall('202', '999'), offHook);
    take();
    clock.advance(10 * RELEASE);
    assert.deepEqual(take(), []);
    assert.equal(model.snapshotDevice('201')[0]?.localConnectionState, 'fail');
    assert.equal(model.snapshotDevice('202')[0]?.localConnectionState, 'fail');
    assert.equal(clock.pending, 0);
  });

  it('leaves a failed prompted MakeCall (placed when the user lifted the handset) to that user', () => {
    const { model, clock, take } = lab();
    model.makeCall('203', '999', { userOffHook: true });
    of(take(), 'FailedEvent');
    assert.equal(clock.pending, 0, 'no release timer for a user off-hook');
    clock.advance(10 * RELEASE);
    assert.deepEqual(take(), []);
    assert.equal(model.snapshotDevice('203')[0]?.localConnectionState, 'fail');
  });

  it('releases a phoneless cti notify DN, a consultation from a MakeCall and a later failure of its caller', () => {
    const { model, clock, take } = lab();
    model.addDevice({ number: '209', inService: false, allowPhonelessUp: true });
    model.makeCall('209', '999');
    // A consultation placed from the MakeCall's connection is on the same (automatic) off-hook.
    const { a } = connect(model, '201', '202');
    const consult = model.consultation(a, '999');
    // 203 MakeCalls 204, 204 answers and transfers 203 in one step to the busy 201: 203 fails.
    const { b: at204 } = connect(model, '203', '204');
    model.singleStepTransfer(at204, '201');
    assert.equal(model.snapshotDevice('203')[0]?.localConnectionState, 'fail');
    take();
    clock.advance(RELEASE);
    const ev = take();
    assert.deepEqual(
      ev.map((e) => e.type),
      [
        'ConnectionClearedEvent',
        'CallClearedEvent',
        'ConnectionClearedEvent',
        'CallClearedEvent',
        'ConnectionClearedEvent',
        'CallClearedEvent',
      ],
    );
    assert.deepEqual(model.snapshotDevice('209'), []);
    assert.deepEqual(model.snapshotDevice('203'), []);
    assert.ok(!model.callIds().includes(consult.callID));
    assert.deepEqual(
      model.snapshotDevice('201').map((s) => s.localConnectionState),
      ['hold'],
      'the consulting party keeps its held call',
    );
    assert.equal(clock.pending, 0);
  });

  it('takes the release time from the options: a value, or Infinity for never', () => {
    const short = lab({ failedCallReleaseMs: 5_000 });
    short.model.makeCall('201', '999');
    short.clock.advance(5_000);
    assert.deepEqual(short.model.callIds(), []);
    const never = lab({ failedCallReleaseMs: Number.POSITIVE_INFINITY });
    never.model.makeCall('201', '999');
    never.clock.advance(3_600_000);
    assert.equal(never.model.snapshotDevice('201')[0]?.localConnectionState, 'fail');
    assert.equal(never.clock.pending, 0);
    for (const bad of [0, -1, Number.NaN])
      assert.throws(() => new CallModel({ failedCallReleaseMs: bad }), /invalidParameterValue/);
  });
});

describe('CallModel event dispatch', () => {
  it('delivers events after the state change, lets listeners call the model, and unsubscribes', () => {
    const { model } = lab();
    const seen: string[] = [];
    const off = model.on((e) => {
      seen.push(e.type);
      // Auto-answer from inside a listener: the model must be consistent and the order kept.
      if (e.type === 'DeliveredEvent') {
        assert.equal(model.snapshotDevice('202')[0]?.localConnectionState, 'alerting');
        model.answer(e.connection);
      }
    });
    model.makeCall('201', '202');
    assert.deepEqual(seen, [
      'ServiceInitiatedEvent',
      'OriginatedEvent',
      'DeliveredEvent',
      'EstablishedEvent',
    ]);
    off();
    model.setMessageWaiting('201', false);
    assert.equal(seen.length, 4);
  });

  it('reports listener errors to onListenerError without breaking the model', () => {
    const errors: unknown[] = [];
    const model = new CallModel({ onListenerError: (e) => errors.push(e) });
    model.addDevice({ number: '201' });
    model.on(() => {
      throw new Error('listener bug');
    });
    model.offHook('201');
    assert.equal(errors.length, 1);
    assert.equal(model.callIds().length, 1);
  });
});

test('a manyActive device (a CUCM route point) answers a second call without holding the first', () => {
  const model = new CallModel();
  for (const number of ['201', '202']) mustSucceed(model.addDevice({ number }), number);
  mustSucceed(model.addDevice({ number: '2000', maxCalls: 5, manyActive: true }), '2000');
  const a = mustSucceed(model.makeCall('201', '2000'), 'call a');
  const b = mustSucceed(model.makeCall('202', '2000'), 'call b');
  mustSucceed(model.answer({ callID: a.callID, deviceID: '2000' }), 'answer a');
  mustSucceed(model.answer({ callID: b.callID, deviceID: '2000' }), 'answer b');
  assert.deepEqual(
    model.snapshotDevice('2000').map((i) => i.localConnectionState),
    ['connected', 'connected'],
  );
});

test('withdrawAlerting: the alerting party leaves and the caller fails (reorder); only at alerting', () => {
  const model = new CallModel();
  for (const number of ['201', '2100']) mustSucceed(model.addDevice({ number }), number);
  const events: string[] = [];
  model.on((e) => events.push(e.type));
  const a = mustSucceed(model.makeCall('201', '2100'), 'call');
  events.length = 0;
  mustSucceed(model.withdrawAlerting({ callID: a.callID, deviceID: '2100' }), 'withdraw');
  assert.deepEqual(events, ['ConnectionClearedEvent', 'FailedEvent']);
  assert.deepEqual(model.snapshotDevice('2100'), []);
  assert.equal(model.snapshotDevice('201')[0]?.localConnectionState, 'fail');
  const again = model.withdrawAlerting({ callID: a.callID, deviceID: '201' });
  assert.equal(again.ok, false);
});
