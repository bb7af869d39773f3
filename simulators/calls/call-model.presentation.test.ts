import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { strictCallModel } from '../testing/strict-call-model.ts';
import type { CallEvent, CallEventType } from './call-events.ts';
import { CallModel } from './call-model.ts';

// PresentationOptions: the calling number an application sets for the called party (Cisco Unified
// CM "Standard CTI Allow Calling Number Modification", rule CUCM-ACG-011). The model keeps
// callingDevice as the line that calls and carries the number beside it.

function lab() {
  const model = strictCallModel(new CallModel({ clock: new ManualClock() }));
  for (const n of ['201', '202', '203']) model.addDevice({ number: n, maxCalls: 2 });
  const events: CallEvent[] = [];
  model.on((e) => events.push(e));
  const last = <T extends CallEventType>(type: T) => {
    const e = events.filter((x) => x.type === type).at(-1);
    assert.ok(e, `a ${type}`);
    return e as Extract<CallEvent, { type: T }>;
  };
  return { model, events, last };
}

test('makeCall with a presented number: Delivered and Established carry it, callingDevice stays', () => {
  const { model, last } = lab();
  const c = model.makeCall('201', '202', { presentedCallingNumber: '+14085550100' });
  const delivered = last('DeliveredEvent');
  assert.equal(delivered.callingDevice, '201');
  assert.equal(delivered.presentedCallingNumber, '+14085550100');
  assert.equal(model.snapshotCall(c.callID).presentedCallingNumber, '+14085550100');
  assert.equal(model.snapshotCall(c.callID).callingDevice, '201');
  model.answer({ callID: c.callID, deviceID: '202' });
  const established = last('EstablishedEvent');
  assert.equal(established.callingDevice, '201');
  assert.equal(established.presentedCallingNumber, '+14085550100');
});

test('without options nothing changes: no presentedCallingNumber field at all', () => {
  const { model, last } = lab();
  const c = model.makeCall('201', '202');
  assert.equal('presentedCallingNumber' in last('DeliveredEvent'), false);
  assert.equal('presentedCallingNumber' in model.snapshotCall(c.callID), false);
  model.answer({ callID: c.callID, deviceID: '202' });
  assert.equal('presentedCallingNumber' in last('EstablishedEvent'), false);
});

test('deflect with a presented number: the new destination is offered it; without, the call keeps its own', () => {
  const { model, last } = lab();
  const c = model.makeCall('201', '202');
  model.deflect({ callID: c.callID, deviceID: '202' }, '203', { presentedCallingNumber: '5550100' });
  assert.equal(last('DeliveredEvent').alertingDevice, '203');
  assert.equal(last('DeliveredEvent').presentedCallingNumber, '5550100');
  const d = model.makeCall('202', '201', { presentedCallingNumber: '777' });
  model.deflect({ callID: d.callID, deviceID: '201' }, '203');
  // 203 takes two calls (maxCalls 2): it is offered this one too.
  assert.equal(
    last('DeliveredEvent').presentedCallingNumber,
    '777',
    'a redirect keeps the caller presentation',
  );
});

test('singleStepTransfer sets the number for the new party, or clears an earlier one', () => {
  const { model, last } = lab();
  const c = model.makeCall('201', '202', { presentedCallingNumber: '111' });
  model.answer({ callID: c.callID, deviceID: '202' });
  model.singleStepTransfer({ callID: c.callID, deviceID: '202' }, '203', { presentedCallingNumber: '#22*' });
  const offered = last('DeliveredEvent');
  assert.equal(offered.alertingDevice, '203');
  assert.equal(offered.callingDevice, '201');
  assert.equal(offered.presentedCallingNumber, '#22*');
  model.answer({ callID: c.callID, deviceID: '203' });
  model.singleStepTransfer({ callID: c.callID, deviceID: '203' }, '202');
  assert.equal(last('DeliveredEvent').alertingDevice, '202');
  assert.equal(
    'presentedCallingNumber' in last('DeliveredEvent'),
    false,
    'the transferring party did not set one: the calling party is shown as it is',
  );
});

test('a consultation transfer drops the presented number (another party calls now)', () => {
  const { model, last } = lab();
  const c = model.makeCall('201', '202', { presentedCallingNumber: '111' });
  model.answer({ callID: c.callID, deviceID: '202' });
  const consult = model.consultation({ callID: c.callID, deviceID: '202' }, '203');
  model.transfer({ callID: c.callID, deviceID: '202' }, consult);
  assert.equal('presentedCallingNumber' in model.snapshotCall(c.callID), false);
  model.answer({ callID: c.callID, deviceID: '203' });
  assert.equal('presentedCallingNumber' in last('EstablishedEvent'), false);
});
