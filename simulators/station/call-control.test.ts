/**
 * CME call control, one phone action at a time (real TCP, bare SCCP stations): what a person does
 * on the phone becomes a call-model operation, and a refused action is shown on the phone as a
 * prompt (Cisco CME behaviour; soft keys and stimuli from the real CallManager 4.1 sequences of pyskinny's fixtures,
 * transfer-system full-consult as in the CME CSTA guide example configs).
 *
 * Phones: A (SEP00DD00000001) lines 1 = 401 (dual-line) and 2 = 404; B = 402 (single line);
 * C = 403 (dual-line); 406 is shared by B and C (line 2 of each). DN 405 has no phone:
 * cti-notify, call-forward all/busy/noan configured.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { CmeLab } from '../cme/cme.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import {
  DCallState,
  DeviceStimulus,
  DisplayLabel,
  KeyPadButtonByChar,
  LampMode,
  labelRef,
  RingDuration,
  RingMode,
  SoftKeyEvent,
} from '../sccp/enums.ts';
import type { MessageOf, SccpMessage, SccpMessageType } from '../sccp/messages.ts';
import { callControlConfig } from '../testing/call-control-test-lab.ts';
import { SccpTestClient } from '../testing/sccp-test-client.ts';

const S = SoftKeyEvent;

describe('CME call control: phone actions to the call model', () => {
  let clock: ManualClock;
  let lab: CmeLab;
  let port: number;
  let a: SccpTestClient;
  let b: SccpTestClient;
  let c: SccpTestClient;
  let refusals: string[];

  beforeEach(async () => {
    clock = new ManualClock();
    lab = new CmeLab({ config: callControlConfig(), sccpPort: 0, clock, log: () => {} });
    refusals = [];
    lab.observations.subscribe((o) => {
      if (o.kind === 'state' && o.topic === 'refused') refusals.push((o.detail as { why: string }).why);
    });
    port = (await lab.start()).endpoints.sccp.port;
    a = await SccpTestClient.connect(port);
    b = await SccpTestClient.connect(port);
    c = await SccpTestClient.connect(port);
    await a.register('00DD00000001');
    await b.register('00DD00000002');
    await c.register('00DD00000003');
  });
  afterEach(async () => {
    for (const p of [a, b, c]) p.close();
    await lab.stop();
  });

  const model = () => lab.calls.model;
  /** The local connection states of `number`'s calls, sorted. */
  const states = (number: string) =>
    model()
      .snapshotDevice(number)
      .map((i) => i.localConnectionState)
      .sort();

  /** Everything the node wrote because of what the phones sent so far has arrived. */
  async function sync(...phones: SccpTestClient[]): Promise<void> {
    for (const p of phones.length > 0 ? phones : [a, b, c]) {
      const acks = () => p.received.filter((m) => m.type === 'KeepAliveAck').length;
      const before = acks();
      p.send('KeepAliveReq');
      await p.until(() => acks() > before, 'KeepAliveAck');
    }
  }

  function send<T extends SccpMessageType>(p: SccpTestClient, type: T, fields: Partial<MessageOf<T>> = {}) {
    p.send(type, fields);
  }
  const softKey = (p: SccpTestClient, event: number, lineInstance = 1, callReference = 0) =>
    send(p, 'SoftKeyEvent', { softKeyEvent: event, lineInstance, callReference });
  const stimulus = (p: SccpTestClient, stim: number, lineInstance = 1) =>
    send(p, 'Stimulus', { stimulus: stim, lineInstance, callReference: 0, stimulusStatus: 0 });
  const keys = (p: SccpTestClient, digits: string, lineInstance = 1) => {
    for (const ch of digits) send(p, 'KeypadButton', { kpButton: KeyPadButtonByChar.get(ch), lineInstance });
  };

  /** The latest CallState `p` got in `state`. */
  function lastCallState(p: SccpTestClient, state: number): MessageOf<'CallState'> {
    const found = p.received.filter(
      (m): m is MessageOf<'CallState'> => m.type === 'CallState' && m.callState === state,
    );
    const last = found[found.length - 1];
    assert.ok(last, `no CallState ${state}`);
    return last;
  }

  /** A (401, line 1) calls `to`, which answers with OffHook. */
  async function talking(to: SccpTestClient, number: string): Promise<void> {
    send(a, 'OffHook', { lineInstance: 1 });
    keys(a, number);
    await sync();
    send(to, 'OffHook', {
      lineInstance: 1,
      callReference: lastCallState(to, DCallState.RingIn).callReference,
    });
    await sync();
    assert.deepEqual(states(number), ['connected']);
  }

  /** The refusal prompt: DisplayPromptStatus(timeout 10, label, line 0, ref 0). */
  function assertRefusedWith(p: SccpTestClient, label: number): void {
    const prompts = p.received.filter(
      (m): m is MessageOf<'DisplayPromptStatus'> => m.type === 'DisplayPromptStatus',
    );
    assert.deepEqual(prompts[prompts.length - 1], {
      type: 'DisplayPromptStatus',
      timeOutValue: 10,
      promptStatus: labelRef(label),
      lineInstance: 0,
      callReference: 0,
    });
  }

  test('ephone-dn call-forward all / busy / noan settings are set in the model at start', () => {
    assert.deepEqual(
      model()
        .getForwarding('405')
        .filter((f) => f.forwardStatus)
        .map((f) => [f.forwardingType, f.forwardDN, f.noAnswerTimeoutMs]),
      [
        ['forwardImmediate', '402', undefined],
        ['forwardBusy', '403', undefined],
        ['forwardNoAns', '403', 12_000],
      ],
    );
    assert.equal(model().isInService('405'), true, 'cti-notify keeps a phoneless DN in service');
  });

  test('keypad 0-9 dial; A-D and + are not dialled (the model dials 0-9, * and #)', async () => {
    send(a, 'OffHook', { lineInstance: 1 });
    send(a, 'KeypadButton', { kpButton: 10, lineInstance: 1 });
    send(a, 'KeypadButton', { kpButton: 16, lineInstance: 1 });
    keys(a, '402');
    await sync();
    assert.deepEqual(states('402'), ['alerting']);
    assert.deepEqual(states('401'), ['connected']);
  });

  test('EnblocCall places the call on the given line with the whole number', async () => {
    send(a, 'EnblocCall', { calledParty: '403', lineInstance: 2 });
    await sync();
    assert.deepEqual(states('404'), ['connected']);
    assert.deepEqual(states('401'), []);
    assert.deepEqual(states('403'), ['alerting']);
  });

  test('digits while talking are sent as DTMF (generateDigits), not dialled', async () => {
    await talking(b, '402');
    const generated: string[] = [];
    model().on((ev) => {
      if (ev.type === 'DigitsGeneratedEvent') generated.push(ev.digitGeneratedList);
    });
    keys(a, '5#');
    await sync();
    assert.deepEqual(generated, ['5', '#']);
    assert.deepEqual(states('401'), ['connected']);
  });

  test('the line button answers a ringing call, and otherwise resumes the call held on that line', async () => {
    send(b, 'OffHook', { lineInstance: 1 });
    keys(b, '401');
    await sync();
    stimulus(a, DeviceStimulus.Line, 1);
    await sync();
    assert.deepEqual(states('401'), ['connected']);
    softKey(a, S.Hold);
    await sync();
    assert.deepEqual(states('401'), ['hold']);
    stimulus(a, DeviceStimulus.Line, 2);
    await sync();
    assert.deepEqual(states('404'), ['initiated'], 'line 2 had nothing held: a new call on 404');
    softKey(a, S.EndCall, 2);
    await sync();
    stimulus(a, DeviceStimulus.Line, 1);
    await sync();
    assert.deepEqual(states('401'), ['connected']);
  });

  test('the Hold button with no call in front resumes a held call on any line (line 0)', async () => {
    await talking(b, '402');
    stimulus(a, DeviceStimulus.Hold, 1);
    await sync();
    assert.deepEqual(states('401'), ['hold']);
    stimulus(a, DeviceStimulus.Hold, 0);
    await sync();
    assert.deepEqual(states('401'), ['connected']);
  });

  test('Hold holds only a connected call; Resume retrieves the held one', async () => {
    send(a, 'OffHook', { lineInstance: 1 });
    await sync();
    softKey(a, S.Hold);
    await sync();
    assert.deepEqual(states('401'), ['initiated'], 'a dial-tone call is not held');
    keys(a, '402');
    await sync();
    send(b, 'OffHook', { lineInstance: 1 });
    await sync();
    const ref = lastCallState(a, DCallState.Connected).callReference;
    softKey(a, S.Hold, 1, ref);
    await sync();
    assert.deepEqual(states('401'), ['hold']);
    softKey(a, S.Resume, 1, 0);
    await sync();
    assert.deepEqual(states('401'), ['connected']);
  });

  test('NewCall on another line holds the call in progress; NewCall with no idle line says Line In Use', async () => {
    await talking(b, '402');
    softKey(a, S.NewCall, 2);
    await sync();
    assert.deepEqual(states('401'), ['hold']);
    assert.deepEqual(states('404'), ['initiated']);
    softKey(b, S.NewCall, 1);
    await sync();
    assert.deepEqual(refusals, ['no idle line']);
    assertRefusedWith(b, DisplayLabel.LineInUse);
    assert.deepEqual(states('402'), ['connected']);
  });

  test('a dual-line DN with a call on hold still takes a new call on its second channel', async () => {
    await talking(b, '402');
    softKey(a, S.Hold);
    await sync();
    softKey(a, S.NewCall, 1);
    await sync();
    assert.deepEqual(states('401'), ['hold', 'initiated']);
    assert.deepEqual(refusals, []);
  });

  test('Transfer (full consult): hold, dial the consulted party, press again: the parties are joined', async () => {
    await talking(b, '402');
    stimulus(a, DeviceStimulus.Transfer);
    await sync();
    assert.deepEqual(states('401'), ['hold', 'initiated']);
    keys(a, '403');
    await sync();
    send(c, 'OffHook', { lineInstance: 1 });
    await sync();
    softKey(a, S.Transfer);
    await sync();
    assert.deepEqual(states('401'), []);
    assert.deepEqual(states('402'), ['connected']);
    assert.deepEqual(states('403'), ['connected']);
    assert.equal(lab.calls.stations.get('SEP00DD00000001')?.pending, undefined);
  });

  test('Transfer completes while the consulted party is still ringing', async () => {
    await talking(b, '402');
    softKey(a, S.Transfer);
    keys(a, '403');
    await sync();
    softKey(a, S.Transfer);
    await sync();
    assert.deepEqual(states('401'), []);
    assert.deepEqual(states('403'), ['alerting']);
  });

  test('Confrn (conference button) joins the held call and the consulted one', async () => {
    await talking(b, '402');
    const conferenced: [string, string, number][] = [];
    model().on((ev) => {
      if (ev.type === 'ConferencedEvent')
        conferenced.push([ev.conferencingDevice, ev.addedParty, ev.conferenceConnections.length]);
    });
    stimulus(a, DeviceStimulus.Conference);
    keys(a, '403');
    await sync();
    send(c, 'OffHook', { lineInstance: 1 });
    await sync();
    softKey(a, S.Confrn);
    await sync();
    assert.deepEqual(conferenced, [['401', '403', 3]]);
    assert.deepEqual(states('401'), ['connected']);
  });

  test('Transfer refusals: no connected call; a single-line DN; a second press with no consultation call', async () => {
    softKey(a, S.Transfer);
    await sync();
    assert.deepEqual(refusals, ['transfer: no connected call']);
    assertRefusedWith(a, DisplayLabel.KeyIsNotActive);
    await talking(b, '402');
    softKey(b, S.Confrn);
    await sync();
    assert.equal(refusals[1], 'conference: 402 has no free channel (single-line DN)');
    assertRefusedWith(b, DisplayLabel.CanNotCompleteTransfer);
    assert.deepEqual(states('402'), ['connected'], 'the refused key leaves the call alone');
    softKey(a, S.Transfer);
    await sync();
    softKey(a, S.Transfer);
    await sync();
    assert.equal(refusals[2], 'transfer: no consultation call to join');
    assertRefusedWith(a, DisplayLabel.CanNotCompleteTransfer);
  });

  test('CfwdAll prompts "Enter number", collects digits until the number is complete, and clears on the next press', async () => {
    stimulus(a, DeviceStimulus.ForwardAll, 1);
    await sync();
    const enter = a.received.filter((m) => m.type === 'DisplayPromptStatus').pop();
    assert.deepEqual(enter, {
      type: 'DisplayPromptStatus',
      timeOutValue: 0,
      promptStatus: labelRef(DisplayLabel.EnterNumber),
      lineInstance: 1,
      callReference: 0,
    });
    keys(a, '403');
    await sync();
    const active = () =>
      model()
        .getForwarding('401')
        .find((f) => f.forwardingType === 'forwardImmediate');
    assert.deepEqual([active()?.forwardStatus, active()?.forwardDN], [true, '403']);
    assert.deepEqual(states('401'), [], 'the digits did not start a call');
    softKey(a, S.CfwdAll, 1);
    await sync();
    assert.equal(active()?.forwardStatus, false);
  });

  test('CfwdAll: # ends the number early; # alone or EndCall sets nothing', async () => {
    const active = () =>
      model()
        .getForwarding('404')
        .find((f) => f.forwardingType === 'forwardImmediate');
    softKey(a, S.CfwdAll, 2);
    keys(a, '40#3', 2);
    await sync();
    assert.deepEqual([active()?.forwardStatus, active()?.forwardDN], [true, '40']);
    softKey(a, S.CfwdAll, 2);
    softKey(a, S.CfwdAll, 2);
    keys(a, '#', 2);
    softKey(a, S.CfwdAll, 2);
    keys(a, '4', 2);
    softKey(a, S.EndCall, 2);
    keys(a, '02', 2);
    await sync();
    assert.equal(active()?.forwardStatus, false);
    const last = a.received.filter((m) => m.type === 'DisplayPromptStatus').pop();
    assert.equal(
      (last as MessageOf<'DisplayPromptStatus'>).promptStatus,
      labelRef(DisplayLabel.YourCurrentOptions),
    );
  });

  test('DND toggles do-not-disturb on every DN of the phone', async () => {
    softKey(a, S.DND);
    await sync();
    assert.deepEqual([model().getDoNotDisturb('401'), model().getDoNotDisturb('404')], [true, true]);
    softKey(a, S.DND);
    await sync();
    assert.deepEqual([model().getDoNotDisturb('401'), model().getDoNotDisturb('404')], [false, false]);
  });

  test('Redial calls the last number dialled again; with nothing dialled it does nothing', async () => {
    stimulus(a, DeviceStimulus.LastNumberRedial);
    await sync();
    assert.deepEqual(states('401'), []);
    send(a, 'OffHook', { lineInstance: 1 });
    keys(a, '40');
    keys(a, '2');
    await sync();
    softKey(a, S.EndCall);
    await sync();
    assert.deepEqual(states('402'), []);
    softKey(a, S.Redial, 1);
    await sync();
    assert.deepEqual(states('402'), ['alerting']);
    softKey(a, S.EndCall);
    send(a, 'OffHook', { lineInstance: 1 });
    keys(a, '403');
    await sync();
    softKey(a, S.EndCall);
    await sync();
    softKey(a, S.Redial, 1);
    await sync();
    assert.deepEqual([states('402'), states('403')], [[], ['alerting']], 'the last number only');
  });

  test('NewCall and EndCall buttons (stimuli) act as their soft keys', async () => {
    stimulus(a, DeviceStimulus.NewCall, 2);
    await sync();
    assert.deepEqual(states('404'), ['initiated']);
    stimulus(a, DeviceStimulus.EndCall, 2);
    await sync();
    assert.deepEqual(states('404'), []);
  });

  test('an unmodelled soft key (Park) is refused with "Key is not active"; BackSpace is ignored', async () => {
    softKey(a, S.BackSpace);
    await sync();
    assert.deepEqual(refusals, []);
    softKey(a, S.Park);
    await sync();
    assert.deepEqual(refusals, ['soft key 14 is not modelled']);
    assertRefusedWith(a, DisplayLabel.KeyIsNotActive);
  });

  test('a refused model operation is shown with its reason (answering with nothing ringing is ignored)', async () => {
    softKey(a, S.Answer);
    await sync();
    assert.deepEqual(refusals, []);
    await talking(b, '402');
    softKey(c, S.Hold);
    softKey(c, S.Resume);
    await sync();
    assert.deepEqual(refusals, []);
  });

  test('Answer picks the ringing call by reference, then by line', async () => {
    send(b, 'OffHook', { lineInstance: 1 });
    keys(b, '404');
    send(c, 'OffHook', { lineInstance: 1 });
    keys(c, '401');
    await sync();
    const rings = a.received.filter(
      (m): m is MessageOf<'CallState'> => m.type === 'CallState' && m.callState === DCallState.RingIn,
    );
    const on404 = rings.find((m) => m.lineInstance === 2);
    assert.ok(on404);
    softKey(a, S.Answer, 0, on404.callReference);
    await sync();
    assert.deepEqual([states('404'), states('401')], [['connected'], ['alerting']]);
    send(a, 'OffHook', { lineInstance: 1, callReference: 0 });
    await sync();
    assert.deepEqual([states('404'), states('401')], [['hold'], ['connected']]);
  });

  test('OnHook on a phone that is only ringing does not reject the call', async () => {
    send(b, 'OffHook', { lineInstance: 1 });
    keys(b, '401');
    await sync();
    const ref = lastCallState(a, DCallState.RingIn).callReference;
    send(a, 'OnHook', { lineInstance: 1, callReference: ref });
    await sync();
    assert.deepEqual(states('401'), ['alerting']);
  });

  test('OnHook with a held call reference clears that call, not the one in front', async () => {
    await talking(b, '402');
    const heldRef = lastCallState(a, DCallState.Connected).callReference;
    softKey(a, S.Hold);
    softKey(a, S.NewCall, 2);
    await sync();
    send(a, 'OnHook', { lineInstance: 1, callReference: heldRef });
    await sync();
    assert.deepEqual([states('401'), states('404')], [[], ['initiated']]);
  });

  test('OffHook while already off-hook, or the other line button during a call, starts nothing', async () => {
    send(a, 'OffHook', { lineInstance: 1 });
    send(a, 'OffHook', { lineInstance: 2 });
    await sync();
    assert.deepEqual([states('401'), states('404')], [['initiated'], []]);
    keys(a, '402');
    await sync();
    send(b, 'OffHook', { lineInstance: 1 });
    await sync();
    stimulus(a, DeviceStimulus.Line, 2);
    stimulus(a, DeviceStimulus.Display, 1);
    await sync();
    assert.deepEqual([states('401'), states('404')], [['connected'], []]);
    assert.deepEqual(refusals, []);
  });

  test('the Hold button of another line does not resume a call held on line 1', async () => {
    await talking(b, '402');
    softKey(a, S.Hold);
    await sync();
    stimulus(a, DeviceStimulus.Hold, 2);
    await sync();
    assert.deepEqual(states('401'), ['hold']);
  });

  test('soft keys with a call reference act on that call: Hold of a held call does nothing, Resume picks it', async () => {
    await talking(b, '402');
    const ref401 = lastCallState(a, DCallState.Connected).callReference;
    softKey(a, S.Hold);
    softKey(a, S.NewCall, 2);
    keys(a, '403', 2);
    await sync();
    send(c, 'OffHook', { lineInstance: 1 });
    await sync();
    assert.deepEqual([states('401'), states('404')], [['hold'], ['connected']]);
    softKey(a, S.Hold, 1, ref401);
    await sync();
    assert.deepEqual([states('401'), states('404')], [['hold'], ['connected']]);
    const ref404 = lastCallState(a, DCallState.Connected).callReference;
    softKey(a, S.Hold, 2, ref404);
    await sync();
    assert.deepEqual([states('401'), states('404')], [['hold'], ['hold']]);
    softKey(a, S.Resume, 2, ref404);
    await sync();
    assert.deepEqual([states('401'), states('404')], [['hold'], ['connected']]);
  });

  test('resuming a call on one line holds the call talking on another (Line button)', async () => {
    await talking(b, '402');
    softKey(a, S.Hold);
    softKey(a, S.NewCall, 2);
    keys(a, '403', 2);
    await sync();
    send(c, 'OffHook', { lineInstance: 1 });
    await sync();
    stimulus(a, DeviceStimulus.Line, 1);
    await sync();
    assert.deepEqual([states('401'), states('404')], [['connected'], ['hold']]);
  });

  test('CfwdAll on line 0 forwards the first line', async () => {
    softKey(a, S.CfwdAll, 0);
    keys(a, '402', 0);
    await sync();
    const fwd = model()
      .getForwarding('401')
      .find((f) => f.forwardingType === 'forwardImmediate');
    assert.deepEqual([fwd?.forwardStatus, fwd?.forwardDN], [true, '402']);
  });

  test('a failed OpenReceiveChannelAck opens no media: transmission starts once both receivers are open', async () => {
    await talking(b, '402');
    const orc = (p: SccpTestClient) => p.received.filter((m) => m.type === 'OpenReceiveChannel').pop();
    const ackFrom = (p: SccpTestClient, status: number, ip: string) => {
      const open = orc(p) as MessageOf<'OpenReceiveChannel'>;
      send(p, 'OpenReceiveChannelAck', {
        mediaReceptionStatus: status,
        ipAddr: ip,
        portNumber: 16384,
        passThroughPartyId: open.passThroughPartyId,
      });
    };
    ackFrom(a, 1, '127.0.0.21');
    ackFrom(b, 0, '127.0.0.22');
    await sync();
    const starts = (p: SccpTestClient) =>
      p.received.filter((m): m is MessageOf<'StartMediaTransmission'> => m.type === 'StartMediaTransmission');
    assert.deepEqual([starts(a), starts(b)], [[], []], 'media starts once both receivers are open');
    ackFrom(a, 0, '127.0.0.21');
    await sync();
    assert.deepEqual(
      starts(a).map((m) => [m.remoteIpAddr, m.remotePortNumber]),
      [['127.0.0.22', 16384]],
    );
    assert.deepEqual(
      starts(b).map((m) => [m.remoteIpAddr, m.remotePortNumber]),
      [['127.0.0.21', 16384]],
    );
  });

  test('an exception in a call-event listener is published as an error observation', async () => {
    const errors: unknown[] = [];
    lab.observations.subscribe((o) => {
      if (o.kind === 'state' && o.topic === 'error') errors.push(o.detail);
    });
    model().on(() => {
      throw new Error('listener broke');
    });
    send(a, 'OffHook', { lineInstance: 1 });
    await sync();
    assert.ok(errors.length > 0);
    const first = errors[0] as { where: string; error: string };
    assert.equal(first.where, 'call event ServiceInitiatedEvent');
    assert.match(first.error, /^Error: listener broke\n\s+at /, 'the stack, not just the message');
  });

  test('a prompted MakeCall rings each phone of the DN once; going off-hook places it', async () => {
    assert.equal(lab.calls.promptedMakeCall('404', '402'), 1);
    await sync();
    const ring = a.received.filter((m) => m.type === 'SetRinger').pop();
    assert.deepEqual(ring, {
      type: 'SetRinger',
      ringMode: RingMode.InsideRing,
      ringDuration: RingDuration.SingleRing,
      lineInstance: 2,
      callReference: 0,
    });
    assert.deepEqual(a.received.filter((m) => m.type === 'DisplayNotify').pop(), {
      type: 'DisplayNotify',
      timeOutValue: 10,
      notify: 'Lift handset to call 402',
    });
    assert.equal(lab.calls.pendingPromptedMakeCall('404'), '402');
    send(a, 'OffHook', { lineInstance: 2 });
    await sync();
    assert.deepEqual(states('402'), ['alerting']);
    assert.equal(lab.calls.pendingPromptedMakeCall('404'), undefined);
  });

  test('a cancelled prompted MakeCall stops the ringer; a DN without a registered phone is not prompted', async () => {
    assert.equal(lab.calls.promptedMakeCall('405', '402'), 0);
    assert.equal(lab.calls.pendingPromptedMakeCall('405'), undefined);
    lab.calls.promptedMakeCall('402', '401');
    assert.equal(lab.calls.cancelPromptedMakeCall('402'), true);
    assert.equal(lab.calls.cancelPromptedMakeCall('402'), false);
    await sync();
    assert.deepEqual(b.received.filter((m) => m.type === 'SetRinger').pop(), {
      type: 'SetRinger',
      ringMode: RingMode.RingOff,
      ringDuration: RingDuration.NormalRing,
      lineInstance: 0,
      callReference: 0,
    });
    send(b, 'OffHook', { lineInstance: 1 });
    await sync();
    assert.deepEqual(states('401'), [], 'off-hook after the cancel is a plain off-hook');
    assert.deepEqual(states('402'), ['initiated']);
  });

  test('a phone that goes away takes its calls with it; its DNs go out of service', async () => {
    await talking(b, '402');
    a.close();
    await sync(b);
    await waitFor(() => !model().isInService('401'), '401 out of service');
    assert.deepEqual(model().callIds(), []);
    assert.equal(model().isInService('404'), false);
    assert.equal(model().isInService('405'), true);
  });

  test('a shared DN stays in service while one of its phones is registered; its call survives the other leaving', async () => {
    send(a, 'OffHook', { lineInstance: 1 });
    keys(a, '406');
    await sync();
    assert.deepEqual(states('406'), ['alerting']);
    c.close();
    await waitFor(() => !model().isInService('403'), '403 out of service');
    assert.equal(model().isInService('406'), true);
    assert.deepEqual(states('406'), ['alerting'], 'still ringing on B');
    send(b, 'OffHook', { lineInstance: 2 });
    await sync(a, b);
    assert.deepEqual(states('406'), ['connected']);
  });

  test('a phone showing a shared-line call in use remotely does not clear it when it goes away', async () => {
    send(a, 'OffHook', { lineInstance: 1 });
    keys(a, '406');
    await sync();
    send(b, 'OffHook', { lineInstance: 2 });
    await sync();
    assert.deepEqual(states('406'), ['connected']);
    c.close();
    await waitFor(() => !model().isInService('403'), '403 out of service');
    assert.deepEqual(states('406'), ['connected']);
  });

  test('registration lights the message-waiting lamp of a DN with a message waiting', async () => {
    b.close();
    await waitFor(() => !model().isInService('402'), '402 out of service');
    model().setMessageWaiting('402', true);
    const again = await SccpTestClient.connect(port);
    b = again;
    await again.register('00DD00000002');
    await sync(again);
    const lamp = again.received.find(
      (m: SccpMessage) => m.type === 'SetLamp' && m.stimulus === DeviceStimulus.VoiceMail,
    );
    assert.deepEqual(lamp, {
      type: 'SetLamp',
      stimulus: DeviceStimulus.VoiceMail,
      stimulusInstance: 0,
      lampMode: LampMode.On,
    });
    assert.equal(model().isInService('402'), true);
  });
});

/** Polls `pred` (the node reacts to a socket close asynchronously), failing after 3 s. */
async function waitFor(pred: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!pred()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
