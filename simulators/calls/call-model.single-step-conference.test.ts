import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { CallRefusedError, type StrictCallModel, strictCallModel } from '../testing/strict-call-model.ts';
import type { CallEvent } from './call-events.ts';
import { CallModel, type CallModelOptions } from './call-model.ts';
import type { CallModelErrorCode } from './call-model-error.ts';

// ECMA-269 Single Step Conference Call on the call model: a device joins a connected call at once,
// `silent` (hears, is not heard: CUCM silent monitoring, Cisco JTAPI guide "Silent monitoring")
// or `active` (a conference party). CUCM-ACG-008 builds on it.

function lab(options: CallModelOptions = {}) {
  const model = strictCallModel(new CallModel({ clock: new ManualClock(), ...options }));
  for (const n of ['201', '202', '203', '204']) model.addDevice({ number: n, maxCalls: 2 });
  const events: CallEvent[] = [];
  model.on((e) => events.push(e));
  return { model, events, take: () => events.splice(0) };
}

/** 201 calls 202 and 202 answers: call C1. */
function connect(model: StrictCallModel) {
  const a = model.makeCall('201', '202');
  model.answer({ callID: a.callID, deviceID: '202' });
  return a;
}

function rejects(fn: () => unknown, code: CallModelErrorCode): void {
  assert.throws(fn, (e) => e instanceof CallRefusedError && e.refusal.code === code);
}

describe('CallModel.singleStepConference', () => {
  it('silent: the device joins connected, marked silent, and a Conferenced event (cause silentParticipation) goes to every party', () => {
    const { model, take } = lab();
    const a = connect(model);
    take();
    const joined = model.singleStepConference({ callID: a.callID, deviceID: '202' }, '203', 'silent');
    assert.deepEqual(joined, { callID: 'C1', deviceID: '203' });
    assert.deepEqual(take(), [
      {
        type: 'ConferencedEvent',
        primaryOldCall: { callID: 'C1', deviceID: '202' },
        conferencingDevice: '202',
        addedParty: '203',
        conferenceConnections: ['201', '202', '203'].map((d) => ({
          oldConnection: { callID: 'C1', deviceID: d },
          newConnection: { callID: 'C1', deviceID: d },
          endpoint: d,
        })),
        localConnectionInfo: { '201': 'connected', '202': 'connected', '203': 'connected' },
        cause: 'silentParticipation',
        monitoredDevices: ['201', '202', '203'],
      },
    ]);
    const snap = model.snapshotCall('C1');
    assert.equal(snap.conference, false, 'silent monitoring takes no conference');
    assert.deepEqual(
      snap.endpoints.map((e) => [e.connection.deviceID, e.localConnectionState, e.participation]),
      [
        ['201', 'connected', undefined],
        ['202', 'connected', undefined],
        ['203', 'connected', 'silent'],
      ],
    );
    assert.deepEqual(model.snapshotDevice('201')[0]?.endpoints[2], {
      deviceID: '203',
      localConnectionState: 'connected',
      participation: 'silent',
    });
  });

  it('a silent party does not keep the call up: a heard party hanging up ends the call for everyone', () => {
    const { model, take } = lab();
    const a = connect(model);
    model.singleStepConference({ callID: a.callID, deviceID: '202' }, '203', 'silent');
    take();
    model.clear({ callID: a.callID, deviceID: '201' });
    const events = take();
    assert.deepEqual(
      events.map((e) => [e.type, 'droppedConnection' in e ? e.droppedConnection.deviceID : '']),
      [
        ['ConnectionClearedEvent', '201'],
        ['ConnectionClearedEvent', '202'],
        ['ConnectionClearedEvent', '203'],
        ['CallClearedEvent', ''],
      ],
    );
    assert.deepEqual(model.callIds(), []);
  });

  it('the silent party leaving leaves the monitored call as it was', () => {
    const { model, take } = lab();
    const a = connect(model);
    model.singleStepConference({ callID: a.callID, deviceID: '201' }, '203', 'silent');
    take();
    model.clear({ callID: a.callID, deviceID: '203' });
    assert.deepEqual(
      take().map((e) => e.type),
      ['ConnectionClearedEvent'],
    );
    assert.deepEqual(
      model.snapshotCall('C1').endpoints.map((e) => [e.connection.deviceID, e.localConnectionState]),
      [
        ['201', 'connected'],
        ['202', 'connected'],
      ],
    );
  });

  it('active: a conference party (cause singleStepConference) within the conference limits; it keeps the call up', () => {
    const { model, take } = lab();
    const a = connect(model);
    take();
    model.singleStepConference({ callID: a.callID, deviceID: '201' }, '203', 'active');
    const e = take()[0];
    assert.equal(e?.type === 'ConferencedEvent' && e.cause, 'singleStepConference');
    assert.equal(model.snapshotCall('C1').conference, true);
    assert.equal(model.snapshotCall('C1').endpoints[2]?.participation, undefined);
    model.clear({ callID: a.callID, deviceID: '201' });
    assert.deepEqual(
      model.snapshotCall('C1').endpoints.map((x) => x.connection.deviceID),
      ['202', '203'],
    );
    assert.equal(model.snapshotCall('C1').conference, false);
  });

  it('active joins are refused past maxConferenceParties and maxConferences; silent ones are not counted', () => {
    const small = lab({ maxConferenceParties: 2 });
    const a = connect(small.model);
    rejects(
      () => small.model.singleStepConference({ callID: a.callID, deviceID: '201' }, '203', 'active'),
      'conferenceMemberLimitExceeded',
    );
    small.model.singleStepConference({ callID: a.callID, deviceID: '201' }, '203', 'silent');
    const none = lab({ maxConferences: 0 });
    const b = connect(none.model);
    rejects(
      () => none.model.singleStepConference({ callID: b.callID, deviceID: '201' }, '203', 'active'),
      'resourceLimitExceeded',
    );
  });

  it('refusals leave the call unchanged: not connected, no connected party, busy or same or unknown device', () => {
    const { model, take } = lab();
    const ringing = model.makeCall('201', '202');
    rejects(
      () => model.singleStepConference({ callID: ringing.callID, deviceID: '202' }, '203', 'silent'),
      'invalidActiveConnectionState',
    );
    rejects(
      () => model.singleStepConference({ callID: ringing.callID, deviceID: '201' }, '203', 'silent'),
      'invalidActiveConnectionState',
    );
    model.answer({ callID: ringing.callID, deviceID: '202' });
    const active = { callID: ringing.callID, deviceID: '202' };
    rejects(() => model.singleStepConference(active, '202', 'silent'), 'notDifferentDevices');
    rejects(() => model.singleStepConference(active, '201', 'silent'), 'invalidDeviceState');
    rejects(() => model.singleStepConference(active, '999', 'silent'), 'invalidDeviceID');
    rejects(
      () => model.singleStepConference({ callID: 'C9', deviceID: '202' }, '203', 'silent'),
      'invalidConnectionID',
    );
    model.makeCall('204', '203');
    rejects(() => model.singleStepConference(active, '204', 'silent'), 'invalidDeviceState');
    rejects(() => model.singleStepConference(active, '203', 'none' as 'silent'), 'invalidParameterValue');
    take();
    assert.deepEqual(
      model.snapshotCall(ringing.callID).endpoints.map((e) => e.connection.deviceID),
      ['201', '202'],
    );
  });

  it('a device out of service cannot join', () => {
    const { model } = lab();
    const a = connect(model);
    model.setInService('203', false);
    rejects(
      () => model.singleStepConference({ callID: a.callID, deviceID: '202' }, '203', 'silent'),
      'invalidDeviceState',
    );
  });
});
