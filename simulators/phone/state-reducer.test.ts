import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeviceStimulus, LampMode } from '../sccp/enums.ts';
import { foregroundCall, heldCall, ringingCall } from './call-selection.ts';
import { hasActiveCall, initialPhoneState } from './phone-state.ts';
import { softKeyEventFor } from './soft-key-event.ts';
import { applyServerMessage } from './state-reducer.ts';

const callState = (callState: number, lineInstance: number, callReference: number) =>
  ({
    type: 'CallState',
    callState,
    lineInstance,
    callReference,
    privacy: 0,
    precedenceLevel: 4,
    precedenceDomain: 0,
  }) as const;

test('CallState creates, updates and (OnHook) removes calls; selection helpers find them', () => {
  const s = initialPhoneState('SEP000000000001');
  applyServerMessage(s, callState(4, 1, 10));
  applyServerMessage(s, callState(8, 2, 20));
  applyServerMessage(s, callState(5, 1, 11));
  assert.equal(ringingCall(s)?.callReference, 10);
  assert.equal(heldCall(s)?.callReference, 20);
  assert.equal(foregroundCall(s)?.callReference, 11);
  assert.equal(hasActiveCall(s), true);
  applyServerMessage(s, callState(2, 1, 10));
  applyServerMessage(s, callState(2, 1, 11));
  applyServerMessage(s, callState(2, 2, 20));
  assert.equal(hasActiveCall(s), false);
  assert.deepEqual(s.lines['1']?.calls, {});
  assert.equal(
    applyServerMessage(s, callState(2, 9, 99)),
    false,
    'OnHook for an unknown call changes nothing',
  );
});

test('SelectSoftKeys and prompts attach to the call they name; idle ones to the device (§6)', () => {
  const s = initialPhoneState('SEP000000000001');
  applyServerMessage(s, callState(1, 1, 7));
  applyServerMessage(s, {
    type: 'SelectSoftKeys',
    lineInstance: 1,
    callReference: 7,
    softKeySetIndex: 4,
    validKeyMask: 0xffffffff,
  });
  applyServerMessage(s, {
    type: 'SelectSoftKeys',
    lineInstance: 0,
    callReference: 0,
    softKeySetIndex: 0,
    validKeyMask: 0xfffffdff,
  });
  assert.equal(s.lines['1']?.calls['7']?.softKeySet, 'OffHook');
  assert.deepEqual(s.selectedSoftKeys, {
    lineInstance: 0,
    callReference: 0,
    softKeySet: 'OnHook',
    validKeyMask: 0xfffffdff,
  });
  applyServerMessage(s, {
    type: 'DisplayPromptStatusV2',
    timeOutValue: 0,
    lineInstance: 0,
    callReference: 0,
    promptStatus: '\x80\x13',
  });
  assert.equal(s.prompt?.text, 'Your current options');
  applyServerMessage(s, { type: 'ClearPromptStatus', lineInstance: 0, callReference: 0 });
  assert.equal(s.prompt, null);
});

test('lamps, reset type and unknown enum values are named', () => {
  const s = initialPhoneState('SEP000000000001');
  applyServerMessage(s, { type: 'SetLamp', stimulus: 15, stimulusInstance: 1, lampMode: 4 });
  applyServerMessage(s, { type: 'SetLamp', stimulus: 9, stimulusInstance: 3, lampMode: 99 });
  applyServerMessage(s, { type: 'Reset', resetType: 2 });
  assert.deepEqual(s.lamps, { 'VoiceMail:1': 'Flash' });
  assert.equal(s.lines['3']?.lamp, 'Unknown(99)');
  assert.equal(s.lastResetType, 'Restart');
});

test('a held line shows Flash, then Wink and On on resume (captures/vphone_hold_unhold.pcap frames 4 and 11)', () => {
  const s = initialPhoneState('SEP000000000001');
  const lamp = (lampMode: number) => {
    applyServerMessage(s, { type: 'SetLamp', stimulus: DeviceStimulus.Line, stimulusInstance: 1, lampMode });
    return s.lines['1']?.lamp;
  };
  assert.equal(lamp(LampMode.Flash), 'Flash');
  assert.equal(lamp(LampMode.Wink), 'Wink');
  assert.equal(lamp(LampMode.On), 'On');
});

test('soft key events: template first, then the SoftKeyEvent enum (DND 63, not template index 22)', () => {
  const s = initialPhoneState('SEP000000000001');
  assert.equal(softKeyEventFor(s, 'DND'), 63);
  assert.equal(softKeyEventFor(s, 'answer'), 11);
  assert.equal(softKeyEventFor(s, 'nope'), undefined);
  applyServerMessage(s, {
    type: 'SoftKeyTemplateRes',
    softKeyOffset: 0,
    totalSoftKeyCount: 1,
    definitions: [{ softKeyLabel: '\x80\x3f', softKeyEvent: 19 }],
  });
  assert.equal(softKeyEventFor(s, 'DND'), 19);
});
