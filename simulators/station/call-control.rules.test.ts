/**
 * CME call control, rule by rule, without sockets (simulators/testing/call-control-test-lab.ts):
 * each test presses keys on phones as a person would and states what the phone then shows (the
 * exact SCCP messages, prompts and refusals) and what the call model holds. Everything is
 * synchronous and timers run on a ManualClock, so a rule about time ("the failed call stays")
 * advances the clock past the timer that could break it.
 *
 * Sources: soft keys and stimuli as the real CallManager 4.1 sequences of pyskinny's fixtures lists them; transfer and
 * conference with `transfer-system full-consult` (CME CSTA guide example configs); the overlay / first
 * idle DN rule of reference §7; message orders from the captures named in call-signalling.ts
 * (cm_cap.pcapng idle screen frames 45-46, off-hook 80-87; cm2_register.pcapng remote clear
 * 1049-1055; cm_call_7912.pcapng local hang-up 3135-3145); Cisco CME ephone-dn settings
 * (`dual-line`, `call-forward all|busy|noan`, `cti notify`, `name`) and IOS `timeouts wait-release`
 * (calls/README.md "Failed MakeCall").
 *
 * Phones (callControlConfig): A = SEP00DD00000001 lines 1 = 401 (dual-line), 2 = 404;
 * B = SEP00DD00000002 lines 1 = 402 (single line), 2 = 406; C = SEP00DD00000003 lines
 * 1 = 403 (dual-line), 2 = 406 (406 is shared by B and C). 405 has no phone (cti-notify,
 * forward all 402, busy 403, no answer 403 after 12 s).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_FAILED_CALL_RELEASE_MS } from '../calls/call-model.ts';
import { DEFAULT_INTERDIGIT_TIMEOUT_MS } from '../calls/dial-plan.ts';
import {
  DCallState,
  DeviceStimulus,
  DisplayLabel,
  KeyPadButton,
  LampMode,
  labelRef,
  MediaStatus,
  RingDuration,
  RingMode,
  SoftKeyEvent,
  SoftKeySet,
} from '../sccp/enums.ts';
import type { SccpMessage } from '../sccp/messages.ts';
import {
  CallControlTestLab,
  callControlConfig,
  type TestPhone,
  testDn,
  testEphone,
  testStationConfig,
} from '../testing/call-control-test-lab.ts';

const S = SoftKeyEvent;
const MAC = { a: '00DD00000001', b: '00DD00000002', c: '00DD00000003' } as const;

/** The three phones of the config, registered. */
function setup(config = callControlConfig()) {
  const lab = new CallControlTestLab({ config });
  const a = lab.phone(MAC.a).register();
  const b = lab.phone(MAC.b).register();
  const c = lab.phone(MAC.c).register();
  return { lab, a, b, c };
}

/** `from`, off-hook on `line`, dials `number` and `to` answers with OffHook (the ringing call's reference). */
function dialAnswered(from: TestPhone, to: TestPhone, number: string, line = 1): void {
  from.keys(number, line);
  to.offHook(0, to.refIn(DCallState.RingIn));
}

/** `from` calls `number` on `line` (1 unless given) and `to` answers with OffHook. */
function talking(from: TestPhone, to: TestPhone, number: string, line = 1): void {
  from.offHook(line);
  dialAnswered(from, to, number, line);
}

/** A talks to B on 401 and holds it, then calls C from 404 (NewCall on line 2): 401 held, 404 connected. */
function holdingAndTalking() {
  const s = setup();
  talking(s.a, s.b, '402');
  s.a.softKey(S.Hold);
  s.a.softKey(S.NewCall, 2);
  dialAnswered(s.a, s.c, '403', 2);
  return s;
}

/** A talks to B, presses `press` (the consultation: B held, dial tone on 401), dials 403 and C answers. */
function consulting(press: (p: TestPhone) => void) {
  const s = setup();
  talking(s.a, s.b, '402');
  press(s.a);
  dialAnswered(s.a, s.c, '403');
  return s;
}

/** The refusal prompt: DisplayPromptStatus(timeout 10 s, label, line 0, reference 0). */
function refusal(label: number): SccpMessage {
  return {
    type: 'DisplayPromptStatus',
    timeOutValue: 10,
    promptStatus: labelRef(label),
    lineInstance: 0,
    callReference: 0,
  };
}

/** captures/cm_cap.pcapng frames 45-46: the idle screen (OnHook soft keys, no line, no call) and its prompt. */
const idleScreen = (promptText = labelRef(DisplayLabel.YourCurrentOptions)): SccpMessage[] => [
  {
    type: 'SelectSoftKeys',
    lineInstance: 0,
    callReference: 0,
    softKeySetIndex: SoftKeySet.OnHook,
    validKeyMask: 0xffffffff,
  },
  {
    type: 'DisplayPromptStatus',
    timeOutValue: 0,
    promptStatus: promptText,
    lineInstance: 0,
    callReference: 0,
  },
];

const types = (ms: SccpMessage[]) => ms.map((m) => m.type);

describe('start-up: the ephone-dn settings become the model', () => {
  test('a dual-line ephone-dn carries two calls, a plain one one', () => {
    const { lab } = setup();
    assert.deepEqual(
      ['401', '402', '403', '404'].map((dn) => lab.model.maxCallsOf(dn)),
      [2, 1, 2, 1],
    );
  });

  test('call-forward all / busy / noan (timeout in seconds) are set; a DN without them forwards nothing', () => {
    const { lab } = setup();
    const active = (dn: string) =>
      lab.model
        .getForwarding(dn)
        .filter((f) => f.forwardStatus)
        .map((f) => [f.forwardingType, f.forwardDN, f.noAnswerTimeoutMs]);
    assert.deepEqual(active('405'), [
      ['forwardImmediate', '402', undefined],
      ['forwardBusy', '403', undefined],
      ['forwardNoAns', '403', 12_000],
    ]);
    assert.deepEqual(active('401'), []);
  });

  test('a cti-notify DN is in service without a phone; a phone DN is in service from its registration', () => {
    const lab = new CallControlTestLab();
    assert.deepEqual(
      ['401', '404', '405'].map((dn) => lab.model.isInService(dn)),
      [false, false, true],
    );
    lab.phone(MAC.a).register();
    assert.deepEqual(
      ['401', '404', '402'].map((dn) => lab.model.isInService(dn)),
      [true, true, false],
    );
  });

  test('a setting the model cannot take stops the node at start, naming the ephone-dn', () => {
    const config = testStationConfig(
      [testDn(1, '401'), testDn(7, '407', { forwardAll: '407' })],
      [testEphone(1, MAC.a, [1])],
    );
    assert.throws(() => new CallControlTestLab({ config }), {
      message:
        'ephone-dn 7 (407) was refused (a bug): invalidForwardingDestination: 407 cannot forward to itself',
    });
  });

  test('CallInfo names the parties with their ephone-dn `name`; a DN without one has an empty name', () => {
    const config = callControlConfig();
    const dn401 = config.dns.get(1);
    assert.ok(dn401);
    dn401.name = 'Alice Lab';
    const { a, b } = setup(config);
    a.call('402');
    const info = b.last('CallInfo');
    assert.deepEqual(
      [info?.callingParty, info?.callingPartyName, info?.calledParty, info?.calledPartyName],
      ['401', 'Alice Lab', '402', ''],
    );
  });
});

describe('registration and unregistration', () => {
  test("a cti-notify DN stays in service when its phone leaves; the phone's other DNs go out of service", () => {
    // Cisco CME CTI CSTA guide, cti-notify: the DN is in service without a registered phone.
    const config = testStationConfig(
      [testDn(1, '401', { ctiNotify: true }), testDn(2, '402')],
      [testEphone(1, MAC.a, [1, 2])],
    );
    const lab = new CallControlTestLab({ config });
    const a = lab.phone(MAC.a).register();
    assert.deepEqual([lab.model.isInService('401'), lab.model.isInService('402')], [true, true]);
    a.unregister();
    assert.deepEqual([lab.model.isInService('401'), lab.model.isInService('402')], [true, false]);
  });

  test('a registered phone gets the idle screen only (cm_cap.pcapng 45-46): no message lamp without a message', () => {
    const lab = new CallControlTestLab();
    const a = lab.phone(MAC.a).register();
    assert.deepEqual(a.received, idleScreen());
  });

  test("a DN with a message waiting lights the phone's message lamp after the idle screen", () => {
    const lab = new CallControlTestLab();
    lab.model.setMessageWaiting('404', true);
    const a = lab.phone(MAC.a).register();
    assert.deepEqual(a.received, [
      ...idleScreen(),
      { type: 'SetLamp', stimulus: DeviceStimulus.VoiceMail, stimulusInstance: 0, lampMode: LampMode.On },
    ]);
  });

  test('a phone registering while its shared DN is in use elsewhere shows the call in use remotely', () => {
    const lab = new CallControlTestLab();
    const a = lab.phone(MAC.a).register();
    const b = lab.phone(MAC.b).register();
    a.call('406');
    b.offHook(2, b.refIn(DCallState.RingIn));
    const c = lab.phone(MAC.c).register();
    const ref = c.refIn(DCallState.CallRemoteMultiline);
    assert.deepEqual(c.received.slice(2), [
      { type: 'SetLamp', stimulus: DeviceStimulus.Line, stimulusInstance: 2, lampMode: LampMode.On },
      {
        type: 'CallState',
        callState: DCallState.CallRemoteMultiline,
        lineInstance: 2,
        callReference: ref,
        privacy: 0,
        precedenceLevel: 4,
        precedenceDomain: 0,
      },
      {
        type: 'SelectSoftKeys',
        lineInstance: 2,
        callReference: ref,
        softKeySetIndex: SoftKeySet.OnHookStealable,
        validKeyMask: 0xffffffff,
      },
    ]);
  });

  test('a device call control never saw register is ignored: completion, messages, unregistration', () => {
    const { lab, a } = setup();
    const stranger = lab.phone(MAC.a);
    a.unregister();
    lab.control.onRegistrationComplete(stranger.device);
    stranger.offHook(1);
    stranger.softKey(S.NewCall, 1);
    stranger.unregister();
    assert.deepEqual(stranger.received, []);
    assert.deepEqual(lab.model.callIds(), []);
    assert.deepEqual(lab.refusals, []);
  });

  test('a phone that goes away clears the calls it was talking on, holding or dialling', () => {
    const { lab, a, b, c } = setup();
    talking(a, b, '402');
    a.softKey(S.Hold);
    a.softKey(S.NewCall, 2);
    talking(c, a, '401');
    assert.deepEqual([lab.states('401'), lab.states('404')], [['connected', 'hold'], ['initiated']]);
    a.unregister();
    assert.deepEqual(lab.model.callIds(), []);
    assert.deepEqual([b.views(), c.views()], [[], []]);
    assert.deepEqual(lab.refusals, []);
  });

  test('a phone that goes away leaves a shared-line call ringing or in use on the other phone', () => {
    const { lab, a, b, c } = setup();
    a.call('406');
    c.unregister();
    assert.deepEqual(lab.states('406'), ['alerting'], 'still ringing on B');
    b.offHook(2, b.refIn(DCallState.RingIn));
    const c2 = lab.phone(MAC.c).register();
    assert.deepEqual(c2.views(), ['406:remote-in-use']);
    c2.unregister();
    assert.deepEqual(lab.states('406'), ['connected']);
  });

  test('a phone that goes away while talking on a shared DN ends that call; the DN stays with the other phone', () => {
    const { lab, a, b } = setup();
    a.call('406');
    b.offHook(2, b.refIn(DCallState.RingIn));
    const cleared: string[] = [];
    lab.model.on((ev) => {
      if (ev.type === 'ConnectionClearedEvent') cleared.push(`${ev.droppedConnection.deviceID} ${ev.cause}`);
    });
    b.unregister();
    assert.deepEqual([lab.model.callIds(), lab.model.isInService('406')], [[], true]);
    assert.deepEqual(cleared, ['406 normalClearing', '401 normalClearing']);
  });

  test('a DN goes out of service with its last phone unless it is cti-notify', () => {
    const config = callControlConfig();
    const dn404 = config.dns.get(4);
    assert.ok(dn404);
    dn404.ctiNotify = true;
    const { lab, a, c } = setup(config);
    a.unregister();
    assert.deepEqual(
      ['401', '404'].map((dn) => lab.model.isInService(dn)),
      [false, true],
    );
    c.unregister();
    assert.deepEqual(
      ['403', '406', '402'].map((dn) => lab.model.isInService(dn)),
      [false, true, true],
      '406 stays with B',
    );
  });

  test('a call between two lines of one phone is cleared once when the phone goes away, without a refusal', () => {
    const { lab, a } = setup();
    a.call('404');
    a.softKey(S.Answer, 2, a.refIn(DCallState.RingIn));
    assert.deepEqual(a.views(), ['401:connected', '404:connected']);
    a.unregister();
    assert.deepEqual(lab.model.callIds(), []);
    assert.deepEqual(lab.refusals, []);
  });
});

describe('keypad and EnblocCall', () => {
  test('A-D and + (KeyPadButton 10-13, 16) and unknown buttons send nothing and refuse nothing', () => {
    const { lab, a } = setup();
    a.offHook(1);
    const mark = a.mark();
    for (const kpButton of [
      KeyPadButton.A,
      KeyPadButton.B,
      KeyPadButton.C,
      KeyPadButton.D,
      KeyPadButton.Plus,
      99,
    ])
      a.send('KeypadButton', { kpButton, lineInstance: 1, callReference: 0 });
    assert.deepEqual(a.since(mark), []);
    assert.deepEqual(lab.refusals, []);
    assert.deepEqual(a.views(), ['401:offhook'], 'still dial tone');
  });

  test('the first digit stops the dial tone and shows the DigitsFollowing keys; a complete number rings out', () => {
    const { lab, a } = setup();
    a.offHook(1);
    const ref = a.refIn(DCallState.OffHook);
    const mark = a.mark();
    a.keys('4');
    assert.deepEqual(a.since(mark), [
      { type: 'StopTone', lineInstance: 1, callReference: ref, tone: 0 },
      {
        type: 'SelectSoftKeys',
        lineInstance: 1,
        callReference: ref,
        softKeySetIndex: SoftKeySet.DigitsFollowing,
        validKeyMask: 0xffffffff,
      },
    ]);
    a.keys('02');
    assert.deepEqual([lab.states('402'), a.views()], [['alerting'], ['401:ringout']]);
  });

  test('digits while on-hook, hearing ringback or holding a call do nothing', () => {
    const { lab, a, b } = setup();
    const dtmf: string[] = [];
    lab.model.on((ev) => {
      if (ev.type === 'DigitsGeneratedEvent') dtmf.push(ev.digitGeneratedList);
    });
    let mark = a.mark();
    a.keys('402');
    assert.deepEqual([a.since(mark), lab.model.callIds()], [[], []], 'on-hook');
    a.call('402');
    mark = a.mark();
    a.keys('5');
    assert.deepEqual(a.since(mark), [], 'ringback');
    b.offHook(0, b.refIn(DCallState.RingIn));
    a.softKey(S.Hold);
    mark = a.mark();
    a.keys('5');
    assert.deepEqual(a.since(mark), [], 'held');
    assert.deepEqual([dtmf, lab.refusals], [[], []]);
  });

  test('digits while talking are sent as DTMF (0-9, * and #), not dialled', () => {
    const { lab, a, b } = setup();
    talking(a, b, '402');
    const dtmf: string[] = [];
    lab.model.on((ev) => {
      if (ev.type === 'DigitsGeneratedEvent') dtmf.push(ev.digitGeneratedList);
    });
    a.keys('*0#');
    assert.deepEqual(dtmf, ['*', '0', '#']);
    assert.deepEqual(lab.states('401'), ['connected']);
  });

  test('EnblocCall on line 0 dials the whole number from the first line', () => {
    const { lab, a } = setup();
    a.send('EnblocCall', { calledParty: '403', lineInstance: 0 });
    assert.deepEqual(
      [lab.states('401'), lab.states('404'), lab.states('403')],
      [['connected'], [], ['alerting']],
    );
  });
});

describe('hook: off-hook and hang-up', () => {
  test('OffHook with no line (0) takes line 1; with line 2 takes 404', () => {
    const { lab, a } = setup();
    a.offHook(0);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['initiated'], []]);
    a.onHook();
    a.offHook(2);
    assert.deepEqual([lab.states('401'), lab.states('404')], [[], ['initiated']]);
  });

  /** B calls 401 (A line 1 rings) then C calls 404 (A line 2 rings). */
  function twoRinging() {
    const s = setup();
    s.b.call('401');
    s.c.call('404');
    const rings = s.a.all('CallState').filter((m) => m.callState === DCallState.RingIn);
    const [on401, on404] = [rings.find((m) => m.lineInstance === 1), rings.find((m) => m.lineInstance === 2)];
    assert.ok(on401 && on404);
    return { ...s, ref401: on401.callReference, ref404: on404.callReference };
  }

  test('OffHook answers the ringing call its reference names, before the one of its line', () => {
    const { lab, a, ref404 } = twoRinging();
    a.offHook(1, ref404);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['alerting'], ['connected']]);
  });

  test('OffHook with no reference answers the call ringing on its line', () => {
    const { lab, a } = twoRinging();
    a.offHook(2, 0);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['alerting'], ['connected']]);
  });

  test('OffHook with neither reference nor line answers the first ringing call', () => {
    const { lab, a } = twoRinging();
    a.offHook(0, 0);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['connected'], ['alerting']]);
  });

  test('the Answer soft key picks the call by reference too, and with nothing ringing does nothing', () => {
    const { lab, a, ref404 } = twoRinging();
    a.softKey(S.Answer, 0, ref404);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['alerting'], ['connected']]);
    const idle = setup();
    idle.a.softKey(S.Answer, 1);
    assert.deepEqual([idle.a.received.length, idle.lab.refusals], [2, []]);
  });

  test('OnHook or EndCall with no call does nothing', () => {
    const { lab, a } = setup();
    a.onHook(0);
    a.softKey(S.EndCall, 1, 0);
    assert.deepEqual([a.received.length, lab.refusals], [2, []]);
  });

  test('OnHook with the reference of a ringing call does not reject it', () => {
    const { lab, a, b } = setup();
    b.call('401');
    a.onHook(a.refIn(DCallState.RingIn));
    assert.deepEqual(lab.states('401'), ['alerting']);
  });

  test('EndCall naming the call in front clears it and leaves the held one', () => {
    const { lab, a } = holdingAndTalking();
    assert.deepEqual(a.views(), ['401:hold', '404:connected']);
    const ref404 = a.refIn(DCallState.Connected);
    a.softKey(S.EndCall, 2, ref404);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['hold'], []]);
  });

  test('EndCall without reference ends the call that hears busy (DN in use, single line)', () => {
    const { lab, a, b, c } = setup();
    talking(a, b, '402');
    c.call('402');
    assert.deepEqual(c.views(), ['403:busy']);
    c.offHook(1);
    assert.deepEqual(c.views(), ['403:busy'], 'off-hook again takes no second call');
    c.softKey(S.EndCall, 1, 0);
    assert.deepEqual([c.views(), lab.states('403')], [[], []]);
  });

  test('EndCall without reference ends the call that hears reorder (unknown number)', () => {
    const { lab, a } = setup();
    a.call('9');
    assert.deepEqual(a.views(), ['401:invalid']);
    a.softKey(S.EndCall, 1, 0);
    assert.deepEqual([a.views(), lab.states('401')], [[], []]);
  });

  test('OnHook without reference ends a call that failed (the called DN is out of service)', () => {
    const { lab, a, b } = setup();
    b.unregister();
    a.call('402');
    assert.deepEqual(a.views(), ['401:failed']);
    a.onHook(0);
    assert.deepEqual([a.views(), lab.states('401')], [[], []]);
  });
});

describe('line buttons', () => {
  test('a line button answers the call ringing on that line, even when another line rings first', () => {
    const { lab, a, b, c } = setup();
    b.call('401');
    c.call('404');
    a.stimulus(DeviceStimulus.Line, 2);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['alerting'], ['connected']]);
  });

  test('a line button resumes the call held on that line and holds the one in front', () => {
    const { lab, a } = holdingAndTalking();
    a.stimulus(DeviceStimulus.Line, 1);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['connected'], ['hold']]);
  });

  test('a line button of an idle line starts a call there; during a call it starts nothing', () => {
    const { lab, a, b } = setup();
    a.stimulus(DeviceStimulus.Line, 2);
    assert.deepEqual(lab.states('404'), ['initiated']);
    a.softKey(S.EndCall, 2);
    talking(a, b, '402');
    a.stimulus(DeviceStimulus.Line, 2);
    a.stimulus(DeviceStimulus.Line, 1);
    assert.deepEqual([lab.states('401'), lab.states('404'), lab.refusals], [['connected'], [], []]);
  });

  test('a line button does not resume a call held on another line: it starts a call on its own', () => {
    const { lab, a, b } = setup();
    talking(a, b, '402');
    a.softKey(S.Hold);
    a.stimulus(DeviceStimulus.Line, 2);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['hold'], ['initiated']]);
  });

  test('stimuli that are not modelled (Display, SpeedDial) do nothing', () => {
    const { lab, a } = setup();
    a.stimulus(DeviceStimulus.Display, 1);
    a.stimulus(DeviceStimulus.SpeedDial, 1);
    assert.deepEqual([a.received.length, lab.model.callIds(), lab.refusals], [2, [], []]);
  });
});

describe('hold and resume', () => {
  test('the Hold button holds the call in front even when a call is already held on that line', () => {
    const { lab, a, b, c } = setup();
    talking(a, b, '402');
    a.softKey(S.Hold);
    a.softKey(S.NewCall, 1);
    dialAnswered(a, c, '403');
    assert.deepEqual(lab.states('401'), ['connected', 'hold']);
    a.stimulus(DeviceStimulus.Hold, 1);
    assert.deepEqual(lab.states('401'), ['hold', 'hold']);
  });

  test('the Hold button with no call in front resumes a held call of its line or of any line (line 0)', () => {
    const { lab, a, b } = setup();
    talking(a, b, '402');
    a.stimulus(DeviceStimulus.Hold, 1);
    assert.deepEqual(lab.states('401'), ['hold']);
    a.stimulus(DeviceStimulus.Hold, 2);
    assert.deepEqual(lab.states('401'), ['hold'], 'line 2 has nothing held');
    a.stimulus(DeviceStimulus.Hold, 1);
    assert.deepEqual(lab.states('401'), ['connected']);
    a.stimulus(DeviceStimulus.Hold, 1);
    a.stimulus(DeviceStimulus.Hold, 0);
    assert.deepEqual(lab.states('401'), ['connected']);
  });

  test('Hold with only a ringing call, or a dial tone, does nothing and refuses nothing', () => {
    const { lab, a, b } = setup();
    b.call('401');
    a.stimulus(DeviceStimulus.Hold, 0);
    a.softKey(S.Hold, 1, 0);
    assert.deepEqual([lab.states('401'), lab.refusals], [['alerting'], []]);
    a.softKey(S.Answer, 1);
    a.softKey(S.EndCall, 1);
    a.offHook(2);
    a.softKey(S.Hold, 2, 0);
    assert.deepEqual([lab.states('404'), lab.refusals], [['initiated'], []]);
  });

  test('the Hold soft key without reference holds the call in front, not the first call of the phone', () => {
    const { lab, a } = holdingAndTalking();
    a.softKey(S.Hold, 2, 0);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['hold'], ['hold']]);
  });

  test('Resume naming the call in front is refused: "Key Is Not Active" with the model\'s reason', () => {
    const { lab, a, b } = setup();
    talking(a, b, '402');
    const mark = a.mark();
    a.softKey(S.Resume, 1, a.refIn(DCallState.Connected));
    assert.deepEqual(lab.refusals, ['invalidConnectionState: cannot retrieve a connected connection']);
    assert.deepEqual(
      a.since(mark),
      [refusal(DisplayLabel.KeyIsNotActive)],
      'the call is not held on the way',
    );
    assert.deepEqual(lab.states('401'), ['connected']);
  });

  test('Resume without reference retrieves the held call; with nothing held it does nothing', () => {
    const { lab, a, b } = setup();
    a.softKey(S.Resume, 1, 0);
    assert.deepEqual([a.received.length, lab.refusals], [2, []]);
    talking(a, b, '402');
    a.softKey(S.Hold);
    a.softKey(S.Resume, 1, 0);
    assert.deepEqual(lab.states('401'), ['connected']);
  });

  test('Resume without reference takes the held call back, not the call in front', () => {
    const { lab, a, b, c } = setup();
    talking(a, b, '402');
    a.softKey(S.Hold);
    talking(c, a, '404');
    a.stimulus(DeviceStimulus.Line, 1);
    assert.deepEqual(a.views(), ['401:connected', '404:hold']);
    a.softKey(S.Resume, 0, 0);
    assert.deepEqual([lab.states('401'), lab.states('404'), lab.refusals], [['hold'], ['connected'], []]);
  });
});

describe('new calls: which line', () => {
  // `holder` talks to `other` on its line 1, holds, and goes off-hook with no line (0): its first
  // DN keeps the held call, its second starts the new one (reference §7, first idle DN).
  for (const { name, holder, other, number, dns } of [
    {
      name: 'off-hook with no line takes the first idle DN: 404 before the free channel of 401 holding a call',
      holder: 'a',
      other: 'b',
      number: '402',
      dns: ['401', '404'],
    },
    {
      name: 'B holding 402 (single line) and going off-hook with no line gets 406',
      holder: 'b',
      other: 'a',
      number: '401',
      dns: ['402', '406'],
    },
  ] as const) {
    test(name, () => {
      const phones = setup();
      talking(phones[holder], phones[other], number);
      phones[holder].softKey(S.Hold);
      phones[holder].offHook(0);
      assert.deepEqual(
        dns.map((dn) => phones.lab.states(dn)),
        [['hold'], ['initiated']],
      );
    });
  }

  test('with no idle DN, NewCall (no line) takes the free channel of a dual-line DN holding a call', () => {
    const { lab, a, b, c } = setup();
    talking(c, a, '404');
    a.softKey(S.Hold, 2);
    talking(a, b, '402');
    a.softKey(S.Hold, 1);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['hold'], ['hold']]);
    a.softKey(S.NewCall, 0);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['hold', 'initiated'], ['hold']]);
  });

  test('a later dual-line line with a free channel is found after a full first line', () => {
    const base = callControlConfig();
    const config = testStationConfig(
      [...base.dns.values(), testDn(7, '407'), testDn(8, '408', { dualLine: true })],
      [...base.ephones.values(), testEphone(4, '00DD00000004', [7, 8])],
    );
    const { lab, b, c } = setup(config);
    const d = lab.phone('00DD00000004').register();
    talking(d, b, '402');
    d.softKey(S.Hold, 1);
    d.softKey(S.NewCall, 2);
    dialAnswered(d, c, '403', 2);
    d.softKey(S.Hold, 2);
    d.softKey(S.NewCall, 0);
    assert.deepEqual([lab.states('407'), lab.states('408')], [['hold'], ['hold', 'initiated']]);
    assert.deepEqual(lab.refusals, []);
  });

  test('NewCall on a line with no free channel says "Line In Use"', () => {
    const { lab, a, b } = setup();
    talking(a, b, '402');
    const mark = b.mark();
    b.softKey(S.NewCall, 1);
    assert.deepEqual([lab.refusals, b.since(mark)], [['no idle line'], [refusal(DisplayLabel.LineInUse)]]);
    assert.deepEqual(lab.states('402'), ['connected']);
  });

  test('NewCall holds the call in front, on another DN and on the same dual-line DN', () => {
    const { lab, a, b } = setup();
    talking(a, b, '402');
    a.softKey(S.NewCall, 2);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['hold'], ['initiated']]);
    a.softKey(S.EndCall, 2);
    a.softKey(S.Resume, 1);
    a.softKey(S.NewCall, 1);
    assert.deepEqual(lab.states('401'), ['hold', 'initiated']);
    assert.deepEqual(lab.refusals, []);
  });

  test('answering a call on another DN holds the call in front; answering while dialling refuses nothing', () => {
    const { lab, a, b, c } = setup();
    talking(a, b, '402');
    c.call('404');
    a.softKey(S.Answer, 2);
    assert.deepEqual([lab.states('401'), lab.states('404')], [['hold'], ['connected']]);
    const other = setup();
    other.a.offHook(2);
    other.b.call('401');
    other.a.softKey(S.Answer, 1);
    assert.deepEqual([other.lab.states('401'), other.lab.states('404')], [['connected'], ['initiated']]);
    assert.deepEqual(other.lab.refusals, []);
  });

  test('answering a waiting call on the same dual-line DN holds the first one', () => {
    const { lab, a, b, c } = setup();
    talking(a, b, '402');
    c.call('401');
    a.softKey(S.Answer, 1, a.refIn(DCallState.RingIn));
    assert.deepEqual(lab.states('401'), ['connected', 'hold']);
    assert.deepEqual(lab.refusals, []);
  });
});

describe('Redial', () => {
  test('Redial dials the last number again, on the line it was pressed on', () => {
    const { lab, a } = setup();
    a.call('402');
    a.softKey(S.EndCall);
    a.softKey(S.Redial, 2);
    assert.deepEqual(
      [lab.states('401'), lab.states('404'), lab.states('402')],
      [[], ['connected'], ['alerting']],
    );
  });

  test('the last number is every digit of the last call, pressed one at a time or en bloc', () => {
    const { lab, a } = setup();
    a.offHook(1);
    a.keys('4');
    a.keys('0');
    a.keys('3');
    a.softKey(S.EndCall);
    a.send('EnblocCall', { calledParty: '402', lineInstance: 1 });
    a.softKey(S.EndCall);
    a.stimulus(DeviceStimulus.LastNumberRedial, 0);
    assert.deepEqual([lab.states('402'), lab.states('403')], [['alerting'], []]);
    a.softKey(S.EndCall);
    a.offHook(1);
    a.keys('40');
    a.keys('3');
    a.softKey(S.EndCall);
    a.softKey(S.Redial, 1);
    assert.deepEqual([lab.states('402'), lab.states('403')], [[], ['alerting']]);
  });

  test('Redial with nothing dialled yet starts no call and refuses nothing', () => {
    const { lab, a } = setup();
    a.softKey(S.Redial, 1);
    assert.deepEqual([a.received.length, lab.model.callIds(), lab.refusals], [2, [], []]);
  });
});

describe('Transfer and Confrn (transfer-system full-consult)', () => {
  test('the first press holds the call and gives dial tone on the same DN', () => {
    const { a, b } = setup();
    talking(a, b, '402');
    a.softKey(S.Transfer);
    assert.deepEqual(a.views(), ['401:hold', '401:offhook']);
    assert.equal(a.state?.pending?.kind, 'transfer');
  });

  test('the Transfer button: dial, the consulted party answers, press again: the parties are joined', () => {
    const { lab, a } = consulting((p) => p.stimulus(DeviceStimulus.Transfer));
    a.stimulus(DeviceStimulus.Transfer);
    assert.deepEqual(
      [lab.states('401'), lab.states('402'), lab.states('403')],
      [[], ['connected'], ['connected']],
    );
    assert.equal(a.state?.pending, undefined);
  });

  test('Transfer completes while the consulted party is still ringing', () => {
    const { lab, a, b } = setup();
    talking(a, b, '402');
    a.softKey(S.Transfer);
    a.keys('403');
    a.softKey(S.Transfer);
    assert.deepEqual(
      [lab.states('401'), lab.states('402'), lab.states('403')],
      [[], ['connected'], ['alerting']],
    );
  });

  test('the Conference button and the Confrn key join all three', () => {
    for (const press of [
      (p: TestPhone) => p.stimulus(DeviceStimulus.Conference),
      (p: TestPhone) => p.softKey(S.Confrn),
    ]) {
      const { lab, a, b, c } = setup();
      const conferenced: string[][] = [];
      lab.model.on((ev) => {
        if (ev.type === 'ConferencedEvent') conferenced.push([ev.conferencingDevice, ev.addedParty]);
      });
      talking(a, b, '402');
      press(a);
      dialAnswered(a, c, '403');
      press(a);
      assert.deepEqual(conferenced, [['401', '403']]);
      assert.deepEqual(
        [lab.states('401'), lab.states('402'), lab.states('403')],
        [['connected'], ['connected'], ['connected']],
      );
    }
  });

  test('refused: with no connected call ("Key Is Not Active"), while ringing out, on a single-line DN', () => {
    const { lab, a, b } = setup();
    let mark = a.mark();
    a.softKey(S.Transfer);
    assert.deepEqual(a.since(mark), [refusal(DisplayLabel.KeyIsNotActive)]);
    a.call('402');
    a.softKey(S.Confrn);
    assert.deepEqual(lab.refusals, ['transfer: no connected call', 'conference: no connected call']);
    b.offHook(0, b.refIn(DCallState.RingIn));
    mark = b.mark();
    b.softKey(S.Transfer);
    assert.deepEqual(b.since(mark), [refusal(DisplayLabel.CanNotCompleteTransfer)]);
    assert.equal(lab.refusals[2], 'transfer: 402 has no free channel (single-line DN)');
    assert.deepEqual(lab.states('402'), ['connected'], 'the refused key leaves the call alone');
  });

  test('a second press with only dial tone on the consultation line: "Can Not Complete Transfer"', () => {
    const { lab, a, b } = setup();
    talking(a, b, '402');
    a.softKey(S.Transfer);
    const mark = a.mark();
    a.softKey(S.Transfer);
    assert.deepEqual(a.since(mark), [refusal(DisplayLabel.CanNotCompleteTransfer)]);
    assert.deepEqual(lab.refusals, ['transfer: no consultation call to join']);
    assert.deepEqual(a.views(), ['401:hold', '401:offhook']);
  });

  test('Confrn while a transfer consultation waits does not join the calls', () => {
    const { lab, a } = consulting((p) => p.softKey(S.Transfer));
    a.softKey(S.Confrn);
    assert.deepEqual(
      [lab.states('401'), lab.states('402'), lab.states('403')],
      [['connected', 'hold'], ['connected'], ['connected']],
    );
    assert.deepEqual(lab.refusals, ['conference: 401 has no free channel (single-line DN)']);
  });

  test('a call on another line is not the consultation: the second press joins nothing', () => {
    const { lab, a, b, c } = setup();
    talking(a, b, '402');
    a.softKey(S.Transfer);
    c.call('404');
    a.softKey(S.Answer, 2);
    assert.deepEqual(a.views(), ['401:hold', '401:offhook', '404:connected']);
    const mark = a.mark();
    a.softKey(S.Transfer);
    assert.deepEqual(a.since(mark), [refusal(DisplayLabel.CanNotCompleteTransfer)]);
    assert.deepEqual(lab.refusals, ['transfer: no consultation call to join']);
    assert.deepEqual(
      [lab.states('402'), lab.states('403'), lab.states('404')],
      [['connected'], ['connected'], ['connected']],
    );
  });

  test('a consultation given up (EndCall, then Resume) leaves Transfer working: the next press starts a new one', () => {
    const { lab, a, b, c } = setup();
    talking(a, b, '402');
    a.softKey(S.Transfer);
    a.softKey(S.EndCall);
    a.softKey(S.Resume);
    assert.deepEqual(a.views(), ['401:connected']);
    a.softKey(S.Transfer);
    assert.deepEqual([a.views(), lab.refusals], [['401:hold', '401:offhook'], []]);
    dialAnswered(a, c, '403');
    a.softKey(S.Transfer);
    assert.deepEqual(
      [lab.states('401'), lab.states('402'), lab.states('403')],
      [[], ['connected'], ['connected']],
    );
  });
});

describe('CfwdAll (call forward all from the phone)', () => {
  const forwardAll = (lab: CallControlTestLab, dn: string) =>
    lab.model
      .getForwarding(dn)
      .filter((f) => f.forwardingType === 'forwardImmediate' && f.forwardStatus)
      .map((f) => f.forwardDN);

  test('the key prompts "Enter number" on its line; the number is taken once complete, shown "Forwarded to"', () => {
    const { lab, a } = setup();
    let mark = a.mark();
    a.softKey(S.CfwdAll, 2);
    assert.deepEqual(a.since(mark), [
      {
        type: 'DisplayPromptStatus',
        timeOutValue: 0,
        promptStatus: labelRef(DisplayLabel.EnterNumber),
        lineInstance: 2,
        callReference: 0,
      },
    ]);
    mark = a.mark();
    a.keys('40', 2);
    assert.deepEqual(
      [a.since(mark), forwardAll(lab, '404')],
      [[], []],
      '40 is a prefix: more digits can come',
    );
    a.keys('3', 2);
    assert.deepEqual(forwardAll(lab, '404'), ['403']);
    assert.deepEqual(a.since(mark), idleScreen(`${labelRef(DisplayLabel.ForwardedTo)} 403`));
    assert.deepEqual([lab.model.callIds(), lab.refusals], [[], []], 'the digits started no call');
  });

  test('the Forward All button with line 0 or a line the phone does not have forwards line 1', () => {
    for (const line of [0, 7]) {
      const { lab, a } = setup();
      a.stimulus(DeviceStimulus.ForwardAll, line);
      assert.equal(a.last('DisplayPromptStatus')?.lineInstance, 1);
      a.keys('402', line);
      assert.deepEqual([forwardAll(lab, '401'), forwardAll(lab, '404')], [['402'], []]);
    }
  });

  test('# ends the number early; # alone sets nothing and shows the idle screen', () => {
    const { lab, a } = setup();
    a.softKey(S.CfwdAll, 1);
    a.keys('40#3');
    assert.deepEqual(forwardAll(lab, '401'), ['40']);
    a.softKey(S.CfwdAll, 1);
    assert.deepEqual(forwardAll(lab, '401'), []);
    a.softKey(S.CfwdAll, 1);
    const mark = a.mark();
    a.keys('#');
    assert.deepEqual([forwardAll(lab, '401'), a.since(mark)], [[], idleScreen()]);
    a.keys('402');
    assert.deepEqual(lab.model.callIds(), [], 'collecting ended');
  });

  test('EndCall while collecting gives up: the idle screen, and later digits go nowhere', () => {
    const { lab, a } = setup();
    a.softKey(S.CfwdAll, 1);
    a.keys('4');
    let mark = a.mark();
    a.softKey(S.EndCall, 1);
    assert.deepEqual(a.since(mark), idleScreen());
    mark = a.mark();
    a.keys('02');
    assert.deepEqual([a.since(mark), forwardAll(lab, '401'), lab.model.callIds()], [[], [], []]);
  });

  test('pressed while forward-all is on, the key turns it off and shows the idle prompt', () => {
    const { lab, a } = setup();
    a.softKey(S.CfwdAll, 1);
    a.keys('403');
    const mark = a.mark();
    a.softKey(S.CfwdAll, 1);
    assert.deepEqual(forwardAll(lab, '401'), []);
    assert.deepEqual(a.since(mark), idleScreen());
  });

  test('call-forward busy alone is not forward-all: the key still asks for a number', () => {
    const { lab, a } = setup();
    lab.model.setForwarding('404', { type: 'forwardBusy', activate: true, destination: '403' });
    const mark = a.mark();
    a.softKey(S.CfwdAll, 2);
    assert.equal(a.since(mark).length, 1);
    assert.equal(a.last('DisplayPromptStatus')?.promptStatus, labelRef(DisplayLabel.EnterNumber));
  });

  test('a phone with no line, or a line without a DN, ignores the key', () => {
    const base = callControlConfig();
    const config = testStationConfig(
      [...base.dns.values()],
      [...base.ephones.values(), testEphone(4, '00DD00000004', []), testEphone(5, '00DD00000005', [99])],
    );
    const lab = new CallControlTestLab({ config });
    for (const mac of ['00DD00000004', '00DD00000005']) {
      const p = lab.phone(mac).register();
      const mark = p.mark();
      p.softKey(S.CfwdAll, 1);
      p.keys('402');
      assert.deepEqual(p.since(mark), [], mac);
    }
    assert.deepEqual([lab.model.callIds(), lab.refusals], [[], []]);
  });
});

describe('DND, unmodelled keys', () => {
  test('DND turns do-not-disturb on for every DN of the phone, and off for all when any is on', () => {
    const { lab, a } = setup();
    const dnd = () => ['401', '404'].map((dn) => lab.model.getDoNotDisturb(dn));
    a.softKey(S.DND);
    assert.deepEqual(dnd(), [true, true]);
    a.softKey(S.DND);
    assert.deepEqual(dnd(), [false, false]);
    lab.model.setDoNotDisturb('404', true);
    a.softKey(S.DND);
    assert.deepEqual(dnd(), [false, false]);
  });

  test('a soft key that is not modelled (Park) is refused with "Key Is Not Active"; BackSpace is ignored', () => {
    const { lab, a } = setup();
    let mark = a.mark();
    a.softKey(S.BackSpace);
    assert.deepEqual([a.since(mark), lab.refusals], [[], []]);
    mark = a.mark();
    a.softKey(S.Park);
    assert.deepEqual(
      [a.since(mark), lab.refusals],
      [[refusal(DisplayLabel.KeyIsNotActive)], ['soft key 14 is not modelled']],
    );
  });

  test('the NewCall and EndCall buttons act as their soft keys', () => {
    const { lab, a } = setup();
    a.stimulus(DeviceStimulus.NewCall, 2);
    assert.deepEqual(lab.states('404'), ['initiated']);
    a.stimulus(DeviceStimulus.EndCall, 2);
    assert.deepEqual(lab.states('404'), []);
  });
});

describe('prompted MakeCall (CSTA autoOriginate prompt)', () => {
  test('rings each registered phone of the DN once and shows the number; an unregistered phone is skipped', () => {
    const { lab, b, c } = setup();
    const ringOnce = {
      type: 'SetRinger',
      ringMode: RingMode.InsideRing,
      ringDuration: RingDuration.SingleRing,
      lineInstance: 2,
      callReference: 0,
    };
    const notice = { type: 'DisplayNotify', timeOutValue: 10, notify: 'Lift handset to call 401' };
    let [mb, mc] = [b.mark(), c.mark()];
    assert.equal(lab.control.promptedMakeCall('406', '401'), 2);
    assert.deepEqual(
      [b.since(mb), c.since(mc)],
      [
        [ringOnce, notice],
        [ringOnce, notice],
      ],
    );
    c.unregister();
    [mb, mc] = [b.mark(), c.mark()];
    assert.equal(lab.control.promptedMakeCall('406', '401'), 1);
    assert.deepEqual([b.since(mb), c.since(mc)], [[ringOnce, notice], []]);
    assert.equal(lab.control.promptedMakeCall('405', '401'), 0, '405 has no phone');
    assert.equal(lab.control.pendingPromptedMakeCall('405'), undefined);
  });

  test('going off-hook on the line stops the ringer and places the call; a newer prompt replaced the older', () => {
    const { lab, a } = setup();
    lab.control.promptedMakeCall('404', '402');
    lab.control.promptedMakeCall('404', '403');
    assert.equal(lab.control.pendingPromptedMakeCall('404'), '403');
    const mark = a.mark();
    a.offHook(2);
    assert.deepEqual(a.since(mark)[0], {
      type: 'SetRinger',
      ringMode: RingMode.RingOff,
      ringDuration: RingDuration.NormalRing,
      lineInstance: 0,
      callReference: 0,
    });
    assert.deepEqual(
      [lab.states('404'), lab.states('403'), lab.states('402')],
      [['connected'], ['alerting'], []],
    );
    assert.equal(lab.control.pendingPromptedMakeCall('404'), undefined);
  });

  test('the line button and NewCall place it too; off-hook on another line is a plain call', () => {
    const { lab, a } = setup();
    lab.control.promptedMakeCall('404', '402');
    a.offHook(1);
    assert.deepEqual([lab.states('401'), lab.control.pendingPromptedMakeCall('404')], [['initiated'], '402']);
    a.onHook();
    a.stimulus(DeviceStimulus.Line, 2);
    assert.deepEqual(lab.states('402'), ['alerting']);
    a.onHook();
    lab.control.promptedMakeCall('404', '403');
    a.softKey(S.NewCall, 2);
    assert.deepEqual(lab.states('403'), ['alerting']);
  });

  test('a prompted call that fails stays for the user to hang up, past `timeouts wait-release`', () => {
    const { lab, a } = setup();
    lab.control.promptedMakeCall('404', '9');
    a.offHook(2);
    assert.deepEqual(a.views(), ['404:invalid']);
    lab.clock.advance(DEFAULT_FAILED_CALL_RELEASE_MS + 1000);
    assert.deepEqual([a.views(), lab.states('404')], [['404:invalid'], ['fail']]);
  });

  test('cancelling stops the ringer of every phone of the DN; a second cancel finds nothing', () => {
    const { lab, b, c } = setup();
    lab.control.promptedMakeCall('406', '401');
    const [mb, mc] = [b.mark(), c.mark()];
    assert.equal(lab.control.cancelPromptedMakeCall('406'), true);
    assert.equal(lab.control.cancelPromptedMakeCall('406'), false);
    const off = {
      type: 'SetRinger',
      ringMode: RingMode.RingOff,
      ringDuration: RingDuration.NormalRing,
      lineInstance: 0,
      callReference: 0,
    };
    assert.deepEqual([b.since(mb), c.since(mc)], [[off], [off]]);
    b.offHook(2);
    assert.deepEqual([lab.states('406'), lab.states('401')], [['initiated'], []]);
  });
});

describe('media and the far end', () => {
  test('OpenReceiveChannel names the node as media source; a failed ack opens nothing, an Ok ack starts media', () => {
    const config = callControlConfig();
    config.settings.sourceAddress = '127.0.0.9';
    const { a, b } = setup(config);
    talking(a, b, '402');
    const orcA = a.last('OpenReceiveChannel');
    const orcB = b.last('OpenReceiveChannel');
    assert.ok(orcA && orcB);
    assert.deepEqual([orcA.sourceIpAddr, orcB.sourceIpAddr], ['127.0.0.9', '127.0.0.9']);
    const ack = (p: TestPhone, passThroughPartyId: number, status: number, ipAddr: string) =>
      p.send('OpenReceiveChannelAck', {
        mediaReceptionStatus: status,
        ipAddr,
        portNumber: 16384,
        passThroughPartyId,
      });
    ack(a, orcA.passThroughPartyId, MediaStatus.Unknown, '127.0.0.21');
    ack(b, orcB.passThroughPartyId, MediaStatus.Ok, '127.0.0.22');
    assert.deepEqual([a.all('StartMediaTransmission'), b.all('StartMediaTransmission')], [[], []]);
    ack(a, orcA.passThroughPartyId, MediaStatus.Ok, '127.0.0.21');
    assert.deepEqual(
      [a.last('StartMediaTransmission')?.remoteIpAddr, b.last('StartMediaTransmission')?.remoteIpAddr],
      ['127.0.0.22', '127.0.0.21'],
    );
  });

  test('a far end that hangs up by CTI is a remote clear on the phone (cm2_register.pcapng 1049-1055)', () => {
    const { lab, a } = setup();
    const made = lab.model.makeCall('405', '401');
    assert.ok(made.ok);
    a.offHook(1, a.refIn(DCallState.RingIn));
    assert.deepEqual(a.views(), ['401:connected']);
    const mark = a.mark();
    assert.ok(lab.model.clear(made.value).ok);
    assert.deepEqual(
      types(a.since(mark)),
      'CloseReceiveChannel TimeDateRes SetSpeakerMode SetLamp ClearPromptStatus StopTone CallState SelectSoftKeys'.split(
        ' ',
      ),
    );
    const now = new Date(lab.clock.now());
    const time = a.last('TimeDateRes');
    assert.deepEqual(
      [time?.wYear, time?.wMonth, time?.wDay, time?.systemTime],
      [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate(), Math.floor(lab.clock.now() / 1000)],
      "the node's clock",
    );
  });

  test('a call-event listener that throws is reported with the event; a non-Error by its text', () => {
    for (const [thrown, text] of [
      ['boom', 'boom'],
      [undefined, 'undefined'],
    ] as const) {
      const { lab, a } = setup();
      lab.model.on(() => {
        throw thrown;
      });
      a.offHook(1);
      assert.deepEqual(lab.errors[0], { where: 'call event ServiceInitiatedEvent', error: text });
    }
    const { lab, a } = setup();
    lab.model.on(() => {
      throw new Error('listener broke');
    });
    a.offHook(1);
    assert.match(lab.errors[0]?.error ?? '', /^Error: listener broke\n\s+at /, 'an Error by its stack');
  });

  test('a dial-plan prefix that times out (T302) shows reorder; EndCall clears it', () => {
    const { lab, a } = setup();
    a.call('40');
    assert.deepEqual(a.views(), ['401:dialing']);
    lab.clock.advance(DEFAULT_INTERDIGIT_TIMEOUT_MS + 1);
    assert.deepEqual(a.views(), ['401:invalid']);
    a.softKey(S.EndCall, 1, 0);
    assert.deepEqual(lab.model.callIds(), []);
  });
});
