/**
 * Golden message orders from real Cisco call managers, driven through a real StationServer +
 * StationCallControl (CmeLab over TCP) by bare SCCP stations. The sources are the captures of the
 * pyskinny repository (github.com/paleophyte/pyskinny, recorded on real Cisco equipment, MIT
 * licence), read with Wireshark's skinny dissector; the bytes and fields below are copied from
 * them (tshark -x) so that these tests need no capture file:
 *   - captures/vphone_hold_unhold.pcap (CallManager 2.x, Cisco Virtual Phone): hold frames 1-4,
 *     resume frames 8-11;
 *   - captures/cm_call_7912.pcapng (CUCM 4.1, a real 7912): local hang-up frames 3135-3145;
 *   - captures/cm_cap.pcapng (CUCM 4.1, a 7960): EndCall while off-hook, frames 89-96;
 *   - captures/cm2_register.pcapng (CallManager 2.x): remote clear frames 1049-1055.
 * Where the station adapts an old CallManager's order for newer phones (call-signalling.ts says
 * what and why), the expected order below is the adapted one and the comment names the capture's.
 * Any change of these orders must fail here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CmeLab } from '../cme/cme.ts';
import { loadCmeConfig } from '../cme/config/load-cme-config.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { encodeMessage } from '../sccp/codec.ts';
import {
  DCallState,
  DeviceStimulus,
  DeviceType,
  LampMode,
  RingDuration,
  RingMode,
  SoftKeyEvent,
  SoftKeySet,
  SpeakerMode,
} from '../sccp/enums.ts';
import type { MessageOf, SccpMessage, SccpMessageType } from '../sccp/messages.ts';
import { SccpTestClient } from '../testing/sccp-test-client.ts';

/**
 * Frames as captured (hex of the whole SCCP packet: length, header version 0, message id, body).
 * The call reference of cm_call_7912.pcapng is 0x0100001F (`1f000001`); messages that carry it
 * are compared with the station's own reference put in its place.
 */
const captured = {
  /** vphone_hold_unhold.pcap frame 4, 3rd message: SetLamp(Line, 1, Flash = 4) on hold. */
  setLampFlash: '100000000000000086000000090000000100000004000000',
  /** vphone_hold_unhold.pcap frame 11, 1st message: SetLamp(Line, 1, Wink = 3) on resume. */
  setLampWink: '100000000000000086000000090000000100000003000000',
  /** vphone_hold_unhold.pcap frame 11, 6th message: SetLamp(Line, 1, On = 2) once media is back. */
  setLampOn: '100000000000000086000000090000000100000002000000',
  /** cm_call_7912.pcapng frame 3136: StopTone(line 1, ref), 8-byte body (no tone below header version 11). */
  stopTone: '0c0000000000000083000000010000001f000001',
  /** cm_call_7912.pcapng frame 3137 (= cm_cap.pcapng 91, cm2_register.pcapng 1055): SetLamp(Line, 1, Off = 1). */
  setLampOff: '100000000000000086000000090000000100000001000000',
  /** cm_call_7912.pcapng frame 3138: ClearPromptStatus(line 1, ref). */
  clearPromptStatus: '0c0000000000000013010000010000001f000001',
  /** cm_call_7912.pcapng frame 3141: CallState(OnHook = 2, line 1, ref, privacy 0, precedence 4 / domain 0). */
  callStateOnHook: '1c000000000000001101000002000000010000001f000001000000000400000000000000',
  /** cm_call_7912.pcapng frame 3142 (= cm_cap.pcapng 94): SelectSoftKeys(line 0, ref 0, set 0 OnHook, mask 0xFFFFFFFF). */
  selectSoftKeysIdle: '140000000000000010010000000000000000000000000000ffffffff',
  /** cm_call_7912.pcapng frame 3144 (= cm_cap.pcapng 96, cm2_register.pcapng 1055): SetSpeakerMode(Off = 2). */
  setSpeakerOff: '08000000000000008800000002000000',
  /** cm_call_7912.pcapng frame 3145: SetRinger(RingOff = 1, NormalRing = 1, line 0, ref 0). */
  setRingerOff: '14000000000000008500000001000000010000000000000000000000',
} as const;
const capturedRef = '1f000001';

/**
 * Message types in order, as the station sends them for each captured flow. Where the station
 * adapts an old CallManager's order, the comment gives the capture's and call-signalling.ts why.
 */
const orders = {
  /**
   * vphone_hold_unhold.pcap frames 2-4: StopMediaReception (0x8D; CloseReceiveChannel today),
   * StopMediaTransmission, TimeDateRes, SetLamp(Line 1, Flash), StartTone(InsideDialTone). The
   * station drops the dial tone and adds CallState Hold + the OnHold soft keys after the lamp.
   */
  hold: 'CloseReceiveChannel StopMediaTransmission TimeDateRes SetLamp CallState SelectSoftKeys',
  /**
   * vphone_hold_unhold.pcap frames 9-11: StopTone, SetLamp(Wink), TimeDateRes, StopTone,
   * StartMediaTransmission, StartMediaReception (0x8C), SetLamp(On), CallInfo. The station plays
   * no tone on hold (no StopTone), opens the phone's receiver first (OpenReceiveChannel;
   * StartMediaTransmission follows its ack) and adds ActivateCallPlane, CallState Connected and
   * the Connected soft keys in the answer's order (cm_call_7912.pcapng 145, 150, 151) before CallInfo.
   */
  resume:
    'SetLamp TimeDateRes OpenReceiveChannel SetLamp ActivateCallPlane CallState SelectSoftKeys CallInfo',
  /** cm_call_7912.pcapng frames 3136-3145, exactly. */
  localHangUp:
    'StopTone SetLamp ClearPromptStatus CloseReceiveChannel StopMediaTransmission CallState SelectSoftKeys TimeDateRes SetSpeakerMode SetRinger',
  /**
   * cm2_register.pcapng frames 1051 and 1055: StopMediaReception, StopMediaTransmission,
   * TimeDateRes, SetSpeakerMode Off, SetLamp Off, TimeDateRes, StopTone. The station sends
   * CloseReceiveChannel for StopMediaReception and one TimeDateRes, and adds ClearPromptStatus
   * after the lamp and CallState OnHook + the idle soft keys last, as CUCM 4.1 places them
   * (cm_call_7912.pcapng 3138, 3141-3142).
   */
  remoteClear:
    'CloseReceiveChannel StopMediaTransmission TimeDateRes SetSpeakerMode SetLamp ClearPromptStatus StopTone CallState SelectSoftKeys',
  /** cm_cap.pcapng frames 90-96: no media to close, no ringer (the capture ends with SetSpeakerMode). */
  endCallOffHook: 'StopTone SetLamp ClearPromptStatus CallState SelectSoftKeys TimeDateRes SetSpeakerMode',
};

/** `ms` are exactly the message types of `order` (names separated by spaces, or a list). */
function assertOrder(ms: SccpMessage[], order: string | readonly string[]): void {
  const expected = typeof order === 'string' ? order.split(' ') : order;
  assert.deepEqual(
    ms.map((m) => m.type),
    [...expected],
  );
}

/** Header version 0, as every frame of these captures and this lab's protocol version 5. */
function hex(m: SccpMessage): string {
  return encodeMessage(m, 0).toString('hex');
}

function withRef(frame: string, ref: number): string {
  const le = Buffer.alloc(4);
  le.writeUInt32LE(ref >>> 0);
  return frame.replaceAll(capturedRef, le.toString('hex'));
}

/** A two-phone CME (Cisco IOS running-config): 7912s on single-line DNs 201 and 202. */
const cmeConfig = `
hostname cme-golden
telephony-service
 max-ephones 2
 max-dn 2
 ip source-address 127.0.0.1 port 2000
 keepalive 30
ephone-dn 1
 number 201
ephone-dn 2
 number 202
ephone 1
 mac-address 00CC.0000.0001
 type 7912
 button 1:1
ephone 2
 mac-address 00CC.0000.0002
 type 7912
 button 1:2
`;

/** Everything the node wrote because of what `c` sent so far has arrived: a KeepAlive round trip. */
async function sync(c: SccpTestClient): Promise<void> {
  const acks = () => c.received.filter((m) => m.type === 'KeepAliveAck').length;
  const before = acks();
  c.send('KeepAliveReq');
  await c.until(() => acks() > before, 'KeepAliveAck');
}

/** What `c` received since `mark` (an index into `received`), keepalive answers left out. */
function since(c: SccpTestClient, mark: number): SccpMessage[] {
  return c.received.slice(mark).filter((m) => m.type !== 'KeepAliveAck');
}

function one<T extends SccpMessageType>(ms: SccpMessage[], type: T, nth = 0): MessageOf<T> {
  const found = ms.filter((m) => m.type === type)[nth];
  assert.ok(found, `no ${type} #${nth} in ${ms.map((m) => m.type).join(', ')}`);
  return found as MessageOf<T>;
}

describe('station signalling orders match real call-manager captures', () => {
  const clock = new ManualClock();
  let lab: CmeLab;
  let a: SccpTestClient;
  let b: SccpTestClient;

  before(async () => {
    lab = new CmeLab({ config: loadCmeConfig(cmeConfig).config, sccpPort: 0, clock, log: () => {} });
    const port = (await lab.start()).endpoints.sccp.port;
    a = await SccpTestClient.connect(port);
    b = await SccpTestClient.connect(port);
    await a.register('00CC00000001', { deviceType: DeviceType.Cisco7912, protocolVer: 5 });
    await b.register('00CC00000002', { deviceType: DeviceType.Cisco7912, protocolVer: 5 });
  });
  after(async () => {
    a.close();
    b.close();
    await lab.stop();
  });

  /** The TimeDateRes the node sends now: its clock, in UTC. */
  function assertTimeDate(m: MessageOf<'TimeDateRes'>): void {
    const now = new Date(clock.now());
    assert.equal(m.wYear, now.getUTCFullYear());
    assert.equal(m.wMonth, now.getUTCMonth() + 1);
    assert.equal(m.wDay, now.getUTCDate());
    assert.equal(m.systemTime, Math.floor(clock.now() / 1000));
  }

  /** Phone a (201) calls b (202), b answers off-hook, both ack their receive channels: media both ways. */
  async function talking(): Promise<{ refA: number; refB: number }> {
    let mark = a.received.length;
    a.send('OffHook', { lineInstance: 0, callReference: 0 });
    await sync(a);
    const refA = one(since(a, mark), 'CallState').callReference;
    mark = b.received.length;
    for (const d of [2, 0, 2]) a.send('KeypadButton', { kpButton: d, lineInstance: 1, callReference: refA });
    await sync(a);
    await sync(b);
    const ringIn = one(since(b, mark), 'CallState');
    assert.equal(ringIn.callState, DCallState.RingIn);
    const refB = ringIn.callReference;
    const markA = a.received.length;
    const markB = b.received.length;
    b.send('OffHook', { lineInstance: 1, callReference: refB });
    await sync(b);
    await sync(a);
    for (const [c, mk, ip, port] of [
      [a, markA, '127.0.0.11', 16384],
      [b, markB, '127.0.0.12', 16386],
    ] as const) {
      const orc = one(since(c, mk), 'OpenReceiveChannel');
      c.send('OpenReceiveChannelAck', {
        mediaReceptionStatus: 0,
        ipAddr: ip,
        portNumber: port,
        passThroughPartyId: orc.passThroughPartyId,
      });
      await sync(c);
    }
    await sync(a);
    await sync(b);
    one(since(a, markA), 'StartMediaTransmission');
    one(since(b, markB), 'StartMediaTransmission');
    return { refA, refB };
  }

  test('hold: captures/vphone_hold_unhold.pcap frames 1-4, Flash lamp (CallState Hold kept for newer phones)', async () => {
    const { refA } = await talking();
    const mark = a.received.length;
    // Frame 1: Stimulus(Hold = 3, line 1) from the phone.
    a.send('Stimulus', { stimulus: DeviceStimulus.Hold, lineInstance: 1, callReference: 0 });
    await sync(a);
    const got = since(a, mark);
    assertOrder(got, orders.hold);
    const close = one(got, 'CloseReceiveChannel');
    assert.equal(close.conferenceId, refA);
    assert.equal(one(got, 'StopMediaTransmission').passThroughPartyId, close.passThroughPartyId);
    assertTimeDate(one(got, 'TimeDateRes'));
    const lamp = one(got, 'SetLamp');
    assert.equal(lamp.lampMode, LampMode.Flash);
    assert.equal(hex(lamp), captured.setLampFlash);
    const state = one(got, 'CallState');
    assert.deepEqual([state.callState, state.lineInstance, state.callReference], [DCallState.Hold, 1, refA]);
    const keys = one(got, 'SelectSoftKeys');
    assert.deepEqual([keys.softKeySetIndex, keys.callReference], [SoftKeySet.OnHold, refA]);
  });

  test('resume: captures/vphone_hold_unhold.pcap frames 8-11, Wink then On', async () => {
    const held = a.received.filter((m) => m.type === 'CallState' && m.callState === DCallState.Hold);
    const refA = one(held, 'CallState').callReference;
    const mark = a.received.length;
    // Frame 8: the same Stimulus(Hold, line 1) again.
    a.send('Stimulus', { stimulus: DeviceStimulus.Hold, lineInstance: 1, callReference: 0 });
    await sync(a);
    const got = since(a, mark);
    assertOrder(got, orders.resume);
    const [wink, on] = [one(got, 'SetLamp', 0), one(got, 'SetLamp', 1)];
    assert.equal(wink.lampMode, LampMode.Wink);
    assert.equal(hex(wink), captured.setLampWink);
    assert.equal(on.lampMode, LampMode.On);
    assert.equal(hex(on), captured.setLampOn);
    assertTimeDate(one(got, 'TimeDateRes'));
    const state = one(got, 'CallState');
    assert.deepEqual([state.callState, state.callReference], [DCallState.Connected, refA]);
    const keys = one(got, 'SelectSoftKeys');
    assert.deepEqual([keys.softKeySetIndex, keys.validKeyMask >>> 0], [SoftKeySet.Connected, 0xfffffdff]);
    // Tidy up: a hangs up.
    a.send('SoftKeyEvent', { softKeyEvent: SoftKeyEvent.EndCall, lineInstance: 1, callReference: refA });
    await sync(a);
    await sync(b);
    assert.deepEqual(lab.calls.model.callIds(), []);
  });

  test('local hang-up of an answered incoming call: captures/cm_call_7912.pcapng frames 3135-3145', async () => {
    const { refB } = await talking();
    const mark = b.received.length;
    // Frame 3135: SoftKeyEvent(EndCall = 9, line 1, ref) from the 7912, which had answered the call.
    b.send('SoftKeyEvent', { softKeyEvent: SoftKeyEvent.EndCall, lineInstance: 1, callReference: refB });
    await sync(b);
    const got = since(b, mark);
    assertOrder(got, orders.localHangUp);
    assert.equal(hex(one(got, 'StopTone')), withRef(captured.stopTone, refB));
    assert.equal(hex(one(got, 'SetLamp')), captured.setLampOff);
    assert.equal(hex(one(got, 'ClearPromptStatus')), withRef(captured.clearPromptStatus, refB));
    // Frames 3139-3140: conferenceId = callReference = ref (the capture's 12-byte bodies end
    // before portHandlingFlag, which Wireshark then calls malformed).
    for (const m of [one(got, 'CloseReceiveChannel'), one(got, 'StopMediaTransmission')]) {
      assert.deepEqual([m.conferenceId, m.callReference], [refB, refB]);
    }
    const state = one(got, 'CallState');
    assert.equal(state.callState, DCallState.OnHook);
    assert.equal(hex(state), withRef(captured.callStateOnHook, refB));
    const keys = one(got, 'SelectSoftKeys');
    assert.deepEqual(
      [keys.lineInstance, keys.callReference, keys.softKeySetIndex],
      [0, 0, SoftKeySet.OnHook],
    );
    assert.equal(hex(keys), captured.selectSoftKeysIdle);
    assertTimeDate(one(got, 'TimeDateRes'));
    assert.equal(one(got, 'SetSpeakerMode').speakerMode, SpeakerMode.Off);
    assert.equal(hex(one(got, 'SetSpeakerMode')), captured.setSpeakerOff);
    const ringer = one(got, 'SetRinger');
    assert.deepEqual([ringer.ringMode, ringer.ringDuration], [RingMode.RingOff, RingDuration.NormalRing]);
    assert.equal(hex(ringer), captured.setRingerOff);
    await sync(a);
    assert.deepEqual(lab.calls.model.callIds(), []);
  });

  test('remote clear (the far end hangs up): captures/cm2_register.pcapng frames 1049-1055, adapted', async () => {
    const { refA, refB } = await talking();
    const markA = a.received.length;
    const markB = b.received.length;
    // Frame 1049: OnHook from the far end (here a, the caller).
    a.send('OnHook', { lineInstance: 1, callReference: refA });
    await sync(a);
    await sync(b);
    const got = since(b, markB);
    assertOrder(got, orders.remoteClear);
    assertTimeDate(one(got, 'TimeDateRes'));
    assert.equal(hex(one(got, 'SetSpeakerMode')), captured.setSpeakerOff);
    assert.equal(hex(one(got, 'SetLamp')), captured.setLampOff);
    assert.equal(hex(one(got, 'ClearPromptStatus')), withRef(captured.clearPromptStatus, refB));
    assert.equal(hex(one(got, 'StopTone')), withRef(captured.stopTone, refB));
    assert.equal(hex(one(got, 'CallState')), withRef(captured.callStateOnHook, refB));
    assert.equal(hex(one(got, 'SelectSoftKeys')), captured.selectSoftKeysIdle);
    // The caller's own hang-up is the CUCM 4.1 local order without the final SetRinger: its call
    // never rang on it (cm_cap.pcapng frames 89-96 end with SetSpeakerMode as well).
    assertOrder(since(a, markA), orders.localHangUp.split(' ').slice(0, -1));
    assert.deepEqual(lab.calls.model.callIds(), []);
  });

  test('EndCall while off-hook: captures/cm_cap.pcapng frames 89-96', async () => {
    let mark = a.received.length;
    a.send('OffHook', { lineInstance: 0, callReference: 0 });
    await sync(a);
    const ref = one(since(a, mark), 'CallState').callReference;
    mark = a.received.length;
    // Frame 89: SoftKeyEvent(EndCall, line 1, ref).
    a.send('SoftKeyEvent', { softKeyEvent: SoftKeyEvent.EndCall, lineInstance: 1, callReference: ref });
    await sync(a);
    const got = since(a, mark);
    assertOrder(got, orders.endCallOffHook);
    assert.equal(hex(one(got, 'SetLamp')), captured.setLampOff);
    assert.equal(hex(one(got, 'SelectSoftKeys')), captured.selectSoftKeysIdle);
    assert.equal(hex(one(got, 'SetSpeakerMode')), captured.setSpeakerOff);
    assert.deepEqual(lab.calls.model.callIds(), []);
  });
});
