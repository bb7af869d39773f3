/**
 * The Park soft key where the node offers Call Park (a CUCM cluster sets `callPark`; on a CME the
 * key stays "Key Is Not Active", call-control.rules.test.ts). Without sockets
 * (simulators/testing/call-control-test-lab.ts). Cisco Unified CM Feature Configuration Guide,
 * "Call Park": the parker's phone shows the park number ("Call park At", label 33, for the Call
 * Park Display Timer's 10 s), the parked party hears hold, "No Park Number Available" (label 71)
 * when every number is taken; dialling the number retrieves the call.
 *
 * Phones (callControlConfig): A = 401 (dual-line) / 404, B = 402 / 406, C = 403 (dual-line) / 406.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallPark } from '../calls/call-park.ts';
import { DCallState, DeviceTone, DisplayLabel, labelRef, SoftKeyEvent } from '../sccp/enums.ts';
import { CallControlTestLab, type TestPhone } from '../testing/call-control-test-lab.ts';

const MAC = { a: '00DD00000001', b: '00DD00000002', c: '00DD00000003' } as const;

function setup(numbers = ['7001']) {
  const lab = new CallControlTestLab();
  lab.control.callPark = new CallPark(lab.control.model, { numbers, clock: lab.clock });
  const a = lab.phone(MAC.a).register();
  const b = lab.phone(MAC.b).register();
  const c = lab.phone(MAC.c).register();
  return { lab, a, b, c };
}

function talking(from: TestPhone, to: TestPhone, number: string): void {
  from.offHook(1);
  from.keys(number, 1);
  to.offHook(0, to.refIn(DCallState.RingIn));
}

const tones = (p: TestPhone, from: number) => p.all('StartTone', from).map((m) => m.tone);

test('Park: the parker shows "Call park At 7001" and leaves the call; the parked party hears hold, its media closed', () => {
  const { lab, a, b } = setup();
  talking(a, b, '402');
  const markA = a.mark();
  const markB = b.mark();
  a.softKey(SoftKeyEvent.Park);
  assert.deepEqual(a.all('DisplayNotify', markA), [
    { type: 'DisplayNotify', timeOutValue: 10, notify: `${labelRef(DisplayLabel.CallParkAt)} 7001` },
  ]);
  assert.deepEqual(a.views(), []);
  assert.equal(a.all('CallState', markA).at(-1)?.callState, DCallState.OnHook);
  assert.deepEqual(b.views(), ['402:connected']);
  assert.deepEqual(tones(b, markB), [DeviceTone.HoldTone]);
  assert.equal(b.all('CloseReceiveChannel', markB).length, 1);
  assert.deepEqual(lab.states('7001'), ['queued']);
  assert.deepEqual(lab.refusals, []);
});

test('dialling the park number: the retriever talks to the parked party, whose hold tone stops', () => {
  const { lab, a, b, c } = setup();
  talking(a, b, '402');
  a.softKey(SoftKeyEvent.Park);
  const markB = b.mark();
  c.offHook(1);
  c.keys('7001', 1);
  assert.deepEqual(c.views(), ['403:connected']);
  assert.deepEqual(b.views(), ['402:connected']);
  assert.equal(b.all('StopTone', markB).length, 1);
  assert.equal(b.all('OpenReceiveChannel', markB).length, 1);
  assert.equal(b.all('CallInfo', markB).at(-1)?.callingParty, '403');
  assert.deepEqual(lab.states('7001'), []);
  // The retriever kept its call reference: the view was renamed, not cleared and made again.
  assert.equal(c.all('CallState').filter((m) => m.callState === DCallState.OnHook).length, 0);
});

test('every park number taken: "No Park Number Available", the call stays', () => {
  const { lab, a, b, c } = setup();
  talking(a, b, '402');
  a.softKey(SoftKeyEvent.Park);
  talking(c, a, '401');
  const mark = a.mark();
  a.softKey(SoftKeyEvent.Park);
  assert.deepEqual(a.since(mark), [
    {
      type: 'DisplayPromptStatus',
      timeOutValue: 10,
      promptStatus: labelRef(DisplayLabel.NoParkNumberAvailable),
      lineInstance: 0,
      callReference: 0,
    },
  ]);
  assert.deepEqual(a.views(), ['401:connected']);
  assert.deepEqual(c.views(), ['403:connected']);
  assert.deepEqual(lab.refusals, ['all Call Park numbers (7001) are taken']);
});

test('Park without a connected call is not active', () => {
  const { lab, a } = setup();
  a.offHook(1);
  const mark = a.mark();
  a.softKey(SoftKeyEvent.Park);
  assert.deepEqual(a.since(mark), [
    {
      type: 'DisplayPromptStatus',
      timeOutValue: 10,
      promptStatus: labelRef(DisplayLabel.KeyIsNotActive),
      lineInstance: 0,
      callReference: 0,
    },
  ]);
  assert.deepEqual(lab.refusals, ['park: no connected call']);
  assert.deepEqual(a.views(), ['401:offhook']);
});

test('reversion: unretrieved for 60 s, the call rings the parker again', () => {
  const { lab, a, b } = setup();
  talking(a, b, '402');
  a.softKey(SoftKeyEvent.Park);
  lab.clock.advance(59_999);
  assert.deepEqual(a.views(), []);
  lab.clock.advance(1);
  assert.deepEqual(a.views(), ['401:ringin']);
  assert.deepEqual(b.views(), ['402:ringout']);
});
