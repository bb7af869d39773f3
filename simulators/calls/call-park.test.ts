import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { mustSucceed } from '../lab/result.ts';
import type { CallEvent } from './call-events.ts';
import { CallModel } from './call-model.ts';
import { CallPark, DEFAULT_PARK_REVERSION_MS } from './call-park.ts';

// Call Park (Cisco Unified CM Feature Configuration Guide, "Call Park"; ECMA-269 Park Call and
// Queued event; rule CUCM-ACG-009): 201 talks to 202 and parks 202; 203 retrieves by dialling.

function lab() {
  const clock = new ManualClock();
  const model = new CallModel({ clock });
  for (const n of ['201', '202', '203', '204', '205'])
    mustSucceed(model.addDevice({ number: n, maxCalls: 2 }), n);
  const park = new CallPark(model, { numbers: ['7001', '7002'], clock });
  const events: CallEvent[] = [];
  model.on((e) => events.push(e));
  const call = (from: string, to: string) => {
    const a = mustSucceed(model.makeCall(from, to), 'makeCall');
    mustSucceed(model.answer({ callID: a.callID, deviceID: to }), 'answer');
    return a;
  };
  const take = () => events.splice(0);
  const states = (dn: string) => model.snapshotDevice(dn).map((i) => `${i.callID}:${i.localConnectionState}`);
  return { clock, model, park, call, take, states };
}

describe('CallPark', () => {
  it('parks the other party on the first free number: QueuedEvent (park) to the park number, the parker cleared', () => {
    const { park, call, take, states } = lab();
    const a = call('201', '202');
    take();
    const parked = park.park(a);
    assert.deepEqual(parked, { ok: true, value: { parkDn: '7001', callID: a.callID, parker: '201' } });
    assert.deepEqual(take(), [
      {
        type: 'QueuedEvent',
        queuedConnection: { callID: a.callID, deviceID: '7001' },
        queue: '7001',
        callingDevice: '201',
        calledDevice: '202',
        numberQueued: 1,
        localConnectionInfo: { '201': 'connected', '202': 'connected', '7001': 'queued' },
        cause: 'park',
        monitoredDevices: ['7001'],
      },
      {
        type: 'ConnectionClearedEvent',
        droppedConnection: a,
        releasingDevice: '201',
        localConnectionInfo: { '201': 'null', '202': 'connected', '7001': 'queued' },
        cause: 'park',
        monitoredDevices: ['201', '202'],
      },
    ]);
    assert.deepEqual(states('201'), []);
    assert.deepEqual(states('202'), [`${a.callID}:connected`]);
    assert.deepEqual(states('7001'), [`${a.callID}:queued`]);
    assert.deepEqual(park.parked(), [{ parkDn: '7001', callID: a.callID, parker: '201' }]);
  });

  it('takes the next free number; with every number taken the park is refused and the call stays', () => {
    const { park, call, take, states } = lab();
    const first = call('201', '202');
    assert.equal(mustSucceed(park.park(first), 'park 1').parkDn, '7001');
    const second = call('203', '204');
    assert.equal(mustSucceed(park.park(second), 'park 2').parkDn, '7002');
    const third = call('205', '201');
    take();
    const refused = park.park(third);
    assert.equal(refused.ok, false);
    assert.deepEqual(!refused.ok && refused.error, { code: 'noParkNumberAvailable' });
    assert.deepEqual(take(), []);
    assert.deepEqual(states('205'), [`${third.callID}:connected`]);
    assert.deepEqual(states('201'), [`${third.callID}:connected`]);
  });

  it('dialling the park number retrieves the call: the dialler joins it (callPickup), the number is free again', () => {
    const { clock, model, park, call, take, states } = lab();
    const a = call('201', '202');
    mustSucceed(park.park(a), 'park');
    const r = mustSucceed(model.offHook('203'), 'offHook');
    take();
    mustSucceed(model.dial(r, '7001'), 'dial');
    assert.deepEqual(take(), [
      {
        type: 'TransferedEvent',
        primaryOldCall: { callID: a.callID, deviceID: '202' },
        secondaryOldCall: r,
        transferringDevice: '7001',
        transferredToDevice: '203',
        transferredConnections: [
          {
            oldConnection: { callID: a.callID, deviceID: '202' },
            newConnection: { callID: a.callID, deviceID: '202' },
            endpoint: '202',
          },
          { oldConnection: r, newConnection: { callID: a.callID, deviceID: '203' }, endpoint: '203' },
        ],
        localConnectionInfo: { '202': 'connected', '203': 'connected', '7001': 'null' },
        cause: 'callPickup',
        monitoredDevices: ['202', '203'],
      },
      {
        type: 'ConnectionClearedEvent',
        droppedConnection: { callID: a.callID, deviceID: '7001' },
        releasingDevice: '7001',
        localConnectionInfo: { '202': 'connected', '203': 'connected', '7001': 'null' },
        cause: 'callPickup',
        monitoredDevices: ['7001'],
      },
    ]);
    assert.deepEqual(states('203'), [`${a.callID}:connected`]);
    assert.deepEqual(states('202'), [`${a.callID}:connected`]);
    assert.deepEqual(states('7001'), []);
    assert.ok(!model.callIds().includes(r.callID), 'the dialling call is retired');
    assert.deepEqual(park.parked(), []);
    // Retrieved: the reversion timer is gone with it.
    clock.advance(DEFAULT_PARK_REVERSION_MS);
    assert.deepEqual(take(), []);
  });

  it("a device's calls are listed in the order they were made, also after it joins an older call", () => {
    const { model, park, call, states } = lab();
    const a = call('201', '202'); // the older call
    mustSucceed(park.park(a), 'park');
    const b = call('203', '204'); // a newer call
    mustSucceed(model.hold(b), 'hold');
    const r = mustSucceed(model.offHook('203'), 'offHook');
    assert.deepEqual(states('203'), [`${b.callID}:hold`, `${r.callID}:initiated`]);
    assert.equal(model.snapshotCall(r.callID).calledDevice, '', 'nothing dialled yet');
    mustSucceed(model.dial(r, '7001'), 'dial'); // 203 joins a, made before b
    assert.deepEqual(states('203'), [`${a.callID}:connected`, `${b.callID}:hold`]);
    // 203 leaves a, a two-party call, which ends: nobody lists it; b stays 203's.
    mustSucceed(model.clear({ callID: a.callID, deviceID: '203' }), 'clear');
    assert.deepEqual(states('202'), []);
    assert.deepEqual(states('201'), []);
    assert.deepEqual(states('203'), [`${b.callID}:hold`]);
    assert.deepEqual(states('204'), [`${b.callID}:connected`]);
  });

  it('a park number with no parked call cannot be reached (destOutOfOrder, reorder)', () => {
    const { model, take } = lab();
    mustSucceed(model.makeCall('203', '7001'), 'makeCall');
    const failed = take().find((e) => e.type === 'FailedEvent');
    assert.equal(failed?.type === 'FailedEvent' && failed.cause, 'destOutOfOrder');
  });

  it('reverts after the Call Park Reversion Timer (60 s): the parker rings again, cause recall', () => {
    const { clock, model, park, call, take, states } = lab();
    const a = call('201', '202');
    mustSucceed(park.park(a), 'park');
    take();
    clock.advance(DEFAULT_PARK_REVERSION_MS - 1);
    assert.deepEqual(take(), []);
    clock.advance(1);
    const ev = take();
    assert.deepEqual(
      ev.map((e) => `${e.type}:${'cause' in e ? e.cause : ''}`),
      ['ConnectionClearedEvent:recall', 'DeliveredEvent:recall'],
    );
    assert.deepEqual(ev[0]?.monitoredDevices, ['7001']);
    const delivered = ev[1];
    assert.ok(delivered?.type === 'DeliveredEvent');
    assert.equal(delivered.alertingDevice, '201');
    assert.equal(delivered.lastRedirectionDevice, '7001');
    assert.deepEqual(states('201'), [`${a.callID}:alerting`]);
    assert.deepEqual(states('7001'), []);
    mustSucceed(model.answer({ callID: a.callID, deviceID: '201' }), 'answer');
    assert.deepEqual(states('202'), [`${a.callID}:connected`]);
    assert.deepEqual(park.parked(), []);
  });

  it('the reversion timer is the one configured', () => {
    const clock = new ManualClock();
    const model = new CallModel({ clock });
    for (const n of ['201', '202']) mustSucceed(model.addDevice({ number: n }), n);
    const park = new CallPark(model, { numbers: ['7001'], reversionMs: 10_000, clock });
    const a = mustSucceed(model.makeCall('201', '202'), 'makeCall');
    mustSucceed(model.answer({ callID: a.callID, deviceID: '202' }), 'answer');
    mustSucceed(park.park(a), 'park');
    clock.advance(9_999);
    assert.equal(model.snapshotDevice('201').length, 0);
    clock.advance(1);
    assert.equal(model.snapshotDevice('201')[0]?.localConnectionState, 'alerting');
  });

  it('a parked party that hangs up frees the number (ConnectionCleared of the park number) and no reversion follows', () => {
    const { clock, model, park, call, take } = lab();
    const a = call('201', '202');
    mustSucceed(park.park(a), 'park');
    take();
    mustSucceed(model.clear({ callID: a.callID, deviceID: '202' }), 'clear');
    const cleared = take().filter((e) => e.type === 'ConnectionClearedEvent');
    assert.deepEqual(
      cleared.map((e) => e.type === 'ConnectionClearedEvent' && e.releasingDevice),
      ['202', '7001'],
    );
    assert.deepEqual(park.parked(), []);
    clock.advance(DEFAULT_PARK_REVERSION_MS);
    assert.deepEqual(take(), []);
    assert.equal(model.snapshotDevice('201').length, 0);
  });

  it('refuses to park what is not a connected two-party call, changing nothing', () => {
    const { model, park, take } = lab();
    const a = mustSucceed(model.makeCall('201', '202'), 'makeCall'); // 202 still rings
    take();
    const ringing = park.park({ callID: a.callID, deviceID: '202' });
    assert.equal(!ringing.ok && ringing.error.code, 'invalidConnectionState');
    const notAnswered = park.park(a);
    assert.equal(!notAnswered.ok && notAnswered.error.code, 'requestIncompatibleWithConnection');
    assert.deepEqual(take(), []);
    assert.deepEqual(park.parked(), []);
  });

  it('a park number that is already a device is a configuration bug', () => {
    const model = new CallModel();
    mustSucceed(model.addDevice({ number: '7001' }), '7001');
    assert.throws(() => new CallPark(model, { numbers: ['7001'] }), /Call Park number 7001/);
  });
});

describe('CallModel.park / recall refusals (nothing changes)', () => {
  const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

  it('park: no such park device, a party of the call, a park device already holding a call', () => {
    const { model, call, take } = lab();
    const a = call('201', '202');
    take();
    assert.equal(code(model.park(a, '7999')), 'invalidDeviceID');
    assert.equal(code(model.park(a, '202')), 'invalidDestination');
    const b = call('203', '204');
    mustSucceed(model.park(b, '7001'), 'park');
    take();
    assert.equal(code(model.park(a, '7001')), 'resourceBusy');
    assert.deepEqual(take(), []);
  });

  it('recall: only a queued connection, only to a device not in the call', () => {
    const { model, park, call, take } = lab();
    const a = call('201', '202');
    assert.equal(code(model.recall({ callID: a.callID, deviceID: '202' }, '201')), 'invalidConnectionState');
    mustSucceed(park.park(a), 'park');
    take();
    const queued = { callID: a.callID, deviceID: '7001' };
    assert.equal(code(model.recall(queued, '9')), 'invalidDestination');
    assert.equal(code(model.recall(queued, '202')), 'invalidDestination');
    assert.equal(code(model.recall(queued, 'x')), 'invalidDestination');
    assert.deepEqual(take(), []);
  });
});
