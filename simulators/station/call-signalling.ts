import type { CallEvent } from '../calls/call-events.ts';
import type { CallModel } from '../calls/call-model.ts';
import type { LocalConnectionState } from '../calls/connection-state.ts';
import type { SccpMessage } from '../sccp/messages.ts';
import type { LineAppearances } from './line-appearances.ts';
import {
  callInfo,
  notify,
  openReceiveChannel,
  priNotify,
  prompt,
  startMediaTransmission,
} from './sccp-out.ts';
import { Label, labelRef, SoftKeySetIndex } from './softkeys.ts';
import { type CallView, type StationState, type ViewPhase, viewKey } from './station-view.ts';

// Enumerations used below (reference/skinny-enums.txt).
const CallStateCode = {
  OffHook: 1,
  OnHook: 2,
  RingOut: 3,
  RingIn: 4,
  Connected: 5,
  Busy: 6,
  Hold: 8,
  CallRemoteMultiline: 13,
  InvalidNumber: 14,
} as const;
const Lamp = { Off: 1, On: 2, Wink: 3, Blink: 5 } as const;
const Stimulus = { Line: 9, VoiceMail: 15 } as const;
const Ring = { Off: 1, Inside: 2, Normal: 1 } as const;
const Tone = { InsideDial: 33, Alerting: 36, LineBusy: 35, Reorder: 37, CallWaiting: 45 } as const;
const Speaker = { On: 1, Off: 2 } as const;
const AllKeys = 0xffffffff;
/** reference §6 frame 151: Connected soft keys with mask 0xFFFFFDFF. */
const ConnectedMask = 0xfffffdff;

interface Desired {
  callId: string;
  dn: string;
  lineInstance: number;
  phase: ViewPhase;
  others: { deviceID: string; localConnectionState: LocalConnectionState }[];
  own: LocalConnectionState;
}

/**
 * Call-model events -> SCCP. After each event the CME reconciles every affected phone's view of
 * its calls with the model and sends the messages of the real call-manager orders recorded in
 * reference/sccp-protocol.md §6 (pyskinny CUCM 4.1 -> 7912 frames): off-hook / new call (80-87),
 * ring-in (132-138), answer (141-151), media (148, 154); shared lines per §7 (chan-sccp: the other
 * phone shows CallRemoteMultiline with the "On Hook with Stealable Call" soft keys).
 */
export class StationCallSignalling {
  /** Which station owns each (call, DN) connection on a shared DN: `${callId}|${dn}` -> device name. */
  readonly owners = new Map<string, string>();
  /** Failure causes of (call, DN) connections in `fail`. */
  private readonly failCauses = new Map<string, string>();
  /** The station acting right now (set around model operations it caused). */
  actor: StationState | undefined;
  private nextCallReference = 0x01000001;
  private nextPassThrough = 0x01000101;

  constructor(
    private readonly model: CallModel,
    private readonly appearances: LineAppearances,
    private readonly stations: Map<string, StationState>,
    private readonly mediaHost: () => string,
    private readonly nameOf: (dn: string) => string,
  ) {}

  onEvent(event: CallEvent): void {
    if (event.type === 'FailedEvent') {
      this.failCauses.set(
        viewKey(event.failedConnection.callID, event.failedConnection.deviceID),
        event.cause,
      );
    }
    if (event.type === 'TransferedEvent') {
      for (const c of event.transferredConnections) this.rename(c.oldConnection, c.newConnection);
    }
    if (event.type === 'ConferencedEvent') {
      for (const c of event.conferenceConnections) this.rename(c.oldConnection, c.newConnection);
    }
    if (event.type === 'MessageWaitingEvent') {
      for (const s of this.stationsOf([event.targetDevice])) {
        // MWI is the phone's message lamp: SetLamp(VoiceMail, 0, On/Off).
        this.send(s, {
          type: 'SetLamp',
          stimulus: Stimulus.VoiceMail,
          stimulusInstance: 0,
          lampMode: event.messageWaitingOn ? Lamp.On : Lamp.Off,
        });
      }
      return;
    }
    if (event.type === 'DoNotDisturbEvent') {
      for (const s of this.stationsOf([event.device])) {
        const text = event.doNotDisturbOn ? `${labelRef(Label.DND)} active` : `${labelRef(Label.DND)} off`;
        this.send(s, notify(s.device.session.protocolVersion, text, 10));
      }
      return;
    }
    if (event.type === 'ForwardingEvent') {
      for (const s of this.stationsOf([event.device])) this.showIdlePrompt(s);
      return;
    }
    const devices = new Set<string>(event.monitoredDevices);
    for (const d of Object.keys('localConnectionInfo' in event ? event.localConnectionInfo : {}))
      devices.add(d);
    for (const s of this.stationsOf([...devices])) this.reconcile(s);
    // A call cleared after its phone unregistered reaches no station (cme-call-control.ts
    // onUnregistered drops the station first), so no reconcile runs: prune here too, or the
    // owner / fail-cause entries of its connections stay forever (found by cme-node.fuzz.test.ts).
    this.pruneConnections();
  }

  /** Bring one station's views in line with the model. */
  reconcile(s: StationState): void {
    const desired = this.desiredViews(s);
    // Calls that went away first (the idle screen must not flash between updates).
    for (const [key, view] of [...s.views]) {
      if (!desired.has(key)) this.clearView(s, key, view);
    }
    for (const [key, d] of desired) {
      const view = s.views.get(key);
      if (!view) this.newView(s, key, d);
      else this.updateView(s, view, d);
    }
    this.pruneConnections();
  }

  /** Forget owners and fail causes of (call, DN) connections the model no longer has. */
  private pruneConnections(): void {
    for (const [key] of this.failCauses) if (!this.hasConnection(key)) this.failCauses.delete(key);
    for (const [key] of this.owners) if (!this.hasConnection(key)) this.owners.delete(key);
  }

  /** The first digit ends the dial tone: StopTone and the DigitsFollowing soft keys. */
  firstDigit(s: StationState, view: CallView): void {
    if (view.phase !== 'offhook') return;
    view.phase = 'dialing';
    const { lineInstance: li, callReference: ref } = view;
    this.send(s, { type: 'StopTone', lineInstance: li, callReference: ref, tone: 0 });
    this.softKeys(s, li, ref, SoftKeySetIndex.DigitsFollowing);
  }

  /** The idle screen (reference §6 frames 45-46): SelectSoftKeys(0, 0, OnHook) then "Your current options". */
  showIdlePrompt(s: StationState): void {
    const pv = s.device.session.protocolVersion;
    this.softKeys(s, 0, 0, SoftKeySetIndex.OnHook);
    const fwd = this.forwardAllOf(s);
    const text = fwd ? `${labelRef(Label.ForwardedTo)} ${fwd}` : labelRef(Label.YourCurrentOptions);
    this.send(s, prompt(pv, text, 0, 0));
  }

  /** Media: the phone's OpenReceiveChannelAck tells where it receives RTP. */
  onOpenReceiveChannelAck(s: StationState, passThroughPartyId: number, ip: string, port: number): void {
    for (const v of s.views.values()) {
      if (v.media?.passThroughPartyId === passThroughPartyId) {
        v.media.rx = { ip, port };
        this.connectMedia(v.callId);
        return;
      }
    }
  }

  private forwardAllOf(s: StationState): string | undefined {
    for (const line of this.appearances.linesOf(s.device.deviceName)) {
      for (const dn of line.dns) {
        const f = this.model
          .getForwarding(dn)
          .find((x) => x.forwardingType === 'forwardImmediate' && x.forwardStatus);
        if (f?.forwardDN) return f.forwardDN;
      }
    }
    return undefined;
  }

  private desiredViews(s: StationState): Map<string, Desired> {
    const out = new Map<string, Desired>();
    for (const line of this.appearances.linesOf(s.device.deviceName)) {
      for (const dn of line.dns) {
        if (!this.model.hasDevice(dn)) continue;
        for (const item of this.model.snapshotDevice(dn)) {
          const key = viewKey(item.callID, dn);
          const own = item.localConnectionState;
          const others = item.endpoints.filter((e) => e.deviceID !== dn);
          let owner = this.owners.get(key);
          if (owner === undefined && own !== 'alerting' && own !== 'null') {
            owner = this.pickOwner(dn);
            if (owner !== undefined) this.owners.set(key, owner);
          }
          const phase = this.phaseOf(key, own, others, owner, s);
          if (phase === undefined) continue;
          out.set(key, { callId: item.callID, dn, lineInstance: line.lineInstance, phase, others, own });
        }
      }
    }
    return out;
  }

  private pickOwner(dn: string): string | undefined {
    const apps = this.appearances.appearancesOf(dn);
    if (this.actor && apps.some((a) => a.deviceName === this.actor!.device.deviceName))
      return this.actor.device.deviceName;
    return apps.find((a) => this.stations.has(a.deviceName))?.deviceName;
  }

  private phaseOf(
    key: string,
    own: LocalConnectionState,
    others: { localConnectionState: LocalConnectionState }[],
    owner: string | undefined,
    s: StationState,
  ): ViewPhase | undefined {
    if (own === 'null') return undefined;
    if (own === 'alerting') return 'ringin';
    if (owner !== undefined && owner !== s.device.deviceName) return 'remote-in-use';
    switch (own) {
      case 'initiated':
        return s.views.get(key)?.phase === 'dialing' ? 'dialing' : 'offhook';
      case 'connected': {
        const talking = others.some(
          (o) => o.localConnectionState === 'connected' || o.localConnectionState === 'hold',
        );
        const ringing = others.some(
          (o) => o.localConnectionState === 'alerting' || o.localConnectionState === 'queued',
        );
        return !talking && ringing ? 'ringout' : 'connected';
      }
      case 'hold':
        return 'hold';
      case 'fail': {
        const cause = this.failCauses.get(key);
        if (cause === 'busy' || cause === 'doNotDisturb') return 'busy';
        if (cause === 'invalidNumberFormat') return 'invalid';
        return 'failed';
      }
      case 'queued':
        return 'ringout';
    }
  }

  private newView(s: StationState, key: string, d: Desired): void {
    const view: CallView = {
      callId: d.callId,
      dn: d.dn,
      lineInstance: d.lineInstance,
      callReference: this.nextCallReference++,
      phase: d.phase,
      media: undefined,
    };
    s.views.set(key, view);
    const { lineInstance: li, callReference: ref } = view;
    const pv = s.device.session.protocolVersion;
    switch (d.phase) {
      case 'offhook':
        // reference §6 frames 80-87: off-hook / New Call.
        this.ringerOff(s, 0, 0);
        this.send(s, { type: 'SetSpeakerMode', speakerMode: Speaker.On });
        this.lamp(s, li, Lamp.On);
        this.callState(s, CallStateCode.OffHook, li, ref);
        this.softKeys(s, li, ref, SoftKeySetIndex.OffHook);
        this.send(s, prompt(pv, labelRef(Label.EnterNumber), li, ref));
        this.send(s, { type: 'ActivateCallPlane', lineInstance: li });
        this.send(s, {
          type: 'StartTone',
          tone: Tone.InsideDial,
          toneOutputDirection: 0,
          lineInstance: li,
          callReference: ref,
        });
        return;
      case 'ringin': {
        // reference §6 frames 132-138: ring-in; a phone already in a call hears call waiting instead.
        const busyElsewhere = [...s.views.values()].some(
          (v) => v !== view && v.phase !== 'ringin' && v.phase !== 'remote-in-use',
        );
        const caller = d.others[0]?.deviceID ?? '';
        this.callState(s, CallStateCode.RingIn, li, ref);
        this.softKeys(s, li, ref, SoftKeySetIndex.RingIn);
        this.send(s, prompt(pv, `${labelRef(Label.From)}${caller}`, li, ref));
        this.send(s, priNotify(pv, `${labelRef(Label.From)}${caller}`, 10, 5));
        this.lamp(s, li, Lamp.Blink);
        if (busyElsewhere)
          this.send(s, {
            type: 'StartTone',
            tone: Tone.CallWaiting,
            toneOutputDirection: 0,
            lineInstance: li,
            callReference: ref,
          });
        else
          this.send(s, {
            type: 'SetRinger',
            ringMode: Ring.Inside,
            ringDuration: Ring.Normal,
            lineInstance: li,
            callReference: ref,
          });
        this.sendCallInfo(s, view, d);
        return;
      }
      case 'remote-in-use':
        this.lamp(s, li, Lamp.On);
        this.callState(s, CallStateCode.CallRemoteMultiline, li, ref);
        this.softKeys(s, li, ref, SoftKeySetIndex.OnHookStealable);
        return;
      default:
        // A call that reaches this phone already past set-up (CSTA MakeCall, a transfer): take the
        // line first, then show the state.
        this.send(s, { type: 'SetSpeakerMode', speakerMode: Speaker.On });
        this.lamp(s, li, Lamp.On);
        this.callState(s, CallStateCode.OffHook, li, ref);
        this.send(s, { type: 'ActivateCallPlane', lineInstance: li });
        view.phase = 'offhook';
        this.updateView(s, view, d);
    }
  }

  private updateView(s: StationState, view: CallView, d: Desired): void {
    const from = view.phase;
    const to = d.phase;
    view.lineInstance = d.lineInstance;
    const { lineInstance: li, callReference: ref } = view;
    if (from !== to) {
      view.phase = to;
      switch (to) {
        case 'ringout':
          // Dial tone stops on the first digit (firstDigit); only an off-hook view still has it.
          if (from === 'offhook')
            this.send(s, { type: 'StopTone', lineInstance: li, callReference: ref, tone: 0 });
          if (from === 'connected') this.closeMedia(s, view);
          this.sendCallInfo(s, view, d);
          this.callState(s, CallStateCode.RingOut, li, ref);
          this.softKeys(s, li, ref, SoftKeySetIndex.RingOut);
          this.send(s, {
            type: 'StartTone',
            tone: Tone.Alerting,
            toneOutputDirection: 0,
            lineInstance: li,
            callReference: ref,
          });
          break;
        case 'connected':
          if (from === 'ringin') {
            // reference §6 frames 141-151: answer.
            this.ringerOff(s, 0, 0);
            this.send(s, { type: 'SetSpeakerMode', speakerMode: Speaker.On });
            this.lamp(s, li, Lamp.On);
            this.callState(s, CallStateCode.OffHook, li, ref);
            this.send(s, { type: 'ActivateCallPlane', lineInstance: li });
            this.ringerOff(s, li, ref);
            this.send(s, { type: 'StopTone', lineInstance: li, callReference: ref, tone: 0 });
          } else if (from === 'ringout' || from === 'offhook' || from === 'dialing') {
            this.send(s, { type: 'StopTone', lineInstance: li, callReference: ref, tone: 0 });
          } else if (from === 'hold') {
            this.lamp(s, li, Lamp.On);
            this.send(s, { type: 'ActivateCallPlane', lineInstance: li });
          }
          this.syncMedia(s, view, d);
          this.callState(s, CallStateCode.Connected, li, ref);
          this.softKeys(s, li, ref, SoftKeySetIndex.Connected, ConnectedMask);
          this.sendCallInfo(s, view, d);
          return;
        case 'hold':
          this.closeMedia(s, view);
          this.callState(s, CallStateCode.Hold, li, ref);
          this.softKeys(s, li, ref, SoftKeySetIndex.OnHold);
          this.lamp(s, li, Lamp.Wink);
          break;
        case 'remote-in-use':
          // reference §7 (chan-sccp): SetRinger off, ClearPromptStatus, SetLamp On, CallRemoteMultiline.
          this.ringerOff(s, li, ref);
          this.send(s, { type: 'ClearPromptStatus', lineInstance: li, callReference: ref });
          this.closeMedia(s, view);
          this.lamp(s, li, Lamp.On);
          this.callState(s, CallStateCode.CallRemoteMultiline, li, ref);
          this.softKeys(s, li, ref, SoftKeySetIndex.OnHookStealable);
          break;
        case 'busy':
          this.failed(s, view, CallStateCode.Busy, Tone.LineBusy, Label.Busy);
          break;
        case 'invalid':
          this.failed(s, view, CallStateCode.InvalidNumber, Tone.Reorder, Label.UnknownNumber);
          break;
        case 'failed':
          this.failed(s, view, undefined, Tone.Reorder, Label.TempFail);
          break;
        case 'ringin':
        case 'offhook':
        case 'dialing':
          break;
      }
    }
    if (view.phase === 'connected') this.syncMedia(s, view, d);
  }

  /** A call that cannot be completed: the tone, the call state (if any) and the reason on the prompt line. */
  private failed(
    s: StationState,
    view: CallView,
    callState: number | undefined,
    tone: number,
    label: number,
  ): void {
    const { lineInstance: li, callReference: ref } = view;
    this.send(s, { type: 'StopTone', lineInstance: li, callReference: ref, tone: 0 });
    if (callState !== undefined) this.callState(s, callState, li, ref);
    this.send(s, { type: 'StartTone', tone, toneOutputDirection: 0, lineInstance: li, callReference: ref });
    this.send(s, prompt(s.device.session.protocolVersion, labelRef(label), li, ref));
  }

  private clearView(s: StationState, key: string, view: CallView): void {
    s.views.delete(key);
    if (s.pending?.heldKey === key) s.pending = undefined;
    const { lineInstance: li, callReference: ref } = view;
    this.closeMedia(s, view);
    if (view.phase === 'ringin') this.ringerOff(s, li, ref);
    if (view.phase !== 'ringin' && view.phase !== 'remote-in-use')
      this.send(s, { type: 'StopTone', lineInstance: li, callReference: ref, tone: 0 });
    this.callState(s, CallStateCode.OnHook, li, ref);
    this.softKeys(s, li, ref, SoftKeySetIndex.OnHook);
    this.send(s, { type: 'ClearPromptStatus', lineInstance: li, callReference: ref });
    const lineBusy = [...s.views.values()].some((v) => v.lineInstance === li);
    if (!lineBusy) this.lamp(s, li, Lamp.Off);
    const active = [...s.views.values()].some(
      (v) => v.phase !== 'ringin' && v.phase !== 'remote-in-use' && v.phase !== 'hold',
    );
    if (!active && view.phase !== 'ringin' && view.phase !== 'remote-in-use') {
      this.send(s, { type: 'SetSpeakerMode', speakerMode: Speaker.Off });
      this.send(s, { type: 'DeactivateCallPlane' });
    }
    if (s.views.size === 0) this.showIdlePrompt(s);
  }

  /** Media is wanted while this phone is connected and some other party is connected too. */
  private syncMedia(s: StationState, view: CallView, d: Desired): void {
    const wanted = view.phase === 'connected' && d.others.some((o) => o.localConnectionState === 'connected');
    if (wanted && !view.media) {
      const pt = this.nextPassThrough++;
      view.media = { passThroughPartyId: pt, rx: undefined, tx: undefined };
      this.send(s, openReceiveChannel(view.callReference, pt, { ip: this.mediaHost(), port: 0 }));
    } else if (!wanted && view.media) {
      this.closeMedia(s, view);
    } else if (wanted) {
      this.connectMedia(view.callId);
    }
  }

  private closeMedia(s: StationState, view: CallView): void {
    const m = view.media;
    if (!m) return;
    view.media = undefined;
    const ref = view.callReference;
    this.send(s, {
      type: 'CloseReceiveChannel',
      conferenceId: ref,
      passThroughPartyId: m.passThroughPartyId,
      callReference: ref,
      portHandlingFlag: 0,
    });
    if (m.tx)
      this.send(s, {
        type: 'StopMediaTransmission',
        conferenceId: ref,
        passThroughPartyId: m.passThroughPartyId,
        callReference: ref,
        portHandlingFlag: 0,
      });
  }

  /**
   * Once receivers are open: two parties send to each other; in a conference every party sends to
   * the CME's bridge (reference §6 frame 154: StartMediaTransmission names the remote address).
   */
  private connectMedia(callId: string): void {
    const legs: { s: StationState; v: CallView }[] = [];
    for (const s of this.stations.values()) {
      for (const v of s.views.values()) if (v.callId === callId && v.media?.rx) legs.push({ s, v });
    }
    const parties = this.model
      .snapshotCall(callId)
      .endpoints.filter((e) => e.localConnectionState === 'connected');
    for (const leg of legs) {
      let target: { ip: string; port: number } | undefined;
      if (parties.length === 2) {
        const peer = legs.find((l) => l !== leg);
        target = peer?.v.media?.rx;
      } else if (parties.length > 2) {
        target = { ip: this.mediaHost(), port: 20000 + ((leg.v.media!.passThroughPartyId & 0x0fff) << 1) };
      }
      const m = leg.v.media!;
      if (!target || (m.tx && m.tx.ip === target.ip && m.tx.port === target.port)) continue;
      m.tx = target;
      this.send(leg.s, startMediaTransmission(leg.v.callReference, m.passThroughPartyId, target));
    }
  }

  private sendCallInfo(s: StationState, view: CallView, d: Desired): void {
    let snap: ReturnType<CallModel['snapshotCall']>;
    try {
      snap = this.model.snapshotCall(view.callId);
    } catch {
      return;
    }
    const inbound = snap.calledDevice === view.dn || (d.own === 'alerting' && snap.callingDevice !== view.dn);
    const remote = d.others[0]?.deviceID ?? (inbound ? snap.callingDevice : snap.calledDevice);
    const caller = inbound ? remote : view.dn;
    const called = inbound ? view.dn : remote;
    const name = this.nameOf;
    this.send(
      s,
      callInfo(s.device.session.protocolVersion, view.lineInstance, view.callReference, {
        callingParty: caller,
        callingPartyName: name(caller),
        calledParty: called,
        calledPartyName: name(called),
        originalCalledParty: snap.calledDevice,
        lastRedirectingParty: '',
        callType: inbound ? 1 : 2,
      }),
    );
  }

  private rename(
    oldC: { callID: string; deviceID: string },
    newC: { callID: string; deviceID: string },
  ): void {
    if (oldC.callID === newC.callID && oldC.deviceID === newC.deviceID) return;
    const oldKey = viewKey(oldC.callID, oldC.deviceID);
    const newKey = viewKey(newC.callID, newC.deviceID);
    const owner = this.owners.get(oldKey);
    if (owner !== undefined) {
      this.owners.delete(oldKey);
      this.owners.set(newKey, owner);
    }
    for (const s of this.stations.values()) {
      // A pending Transfer / Confrn follows its held call to the new key; left on the old key it
      // was never cleared and the phone's key stayed stuck (found by cme-call-control.property.test.ts).
      if (s.pending?.heldKey === oldKey) s.pending = { ...s.pending, heldKey: newKey };
      const v = s.views.get(oldKey);
      if (!v) continue;
      s.views.delete(oldKey);
      v.callId = newC.callID;
      v.dn = newC.deviceID;
      s.views.set(newKey, v);
      if (v.media) {
        v.media.tx = undefined;
      }
    }
  }

  private hasConnection(key: string): boolean {
    const [callId, dn] = key.split('|') as [string, string];
    if (!this.model.hasDevice(dn)) return false;
    return this.model.snapshotDevice(dn).some((i) => i.callID === callId);
  }

  private stationsOf(dns: string[]): StationState[] {
    const names = new Set<string>();
    for (const dn of dns) for (const a of this.appearances.appearancesOf(dn)) names.add(a.deviceName);
    return [...names].map((n) => this.stations.get(n)).filter((s): s is StationState => s !== undefined);
  }

  private callState(s: StationState, callState: number, li: number, ref: number): void {
    // reference §6: precedence level 4, domain 0, privacy 0 in every CallState.
    this.send(s, {
      type: 'CallState',
      callState,
      lineInstance: li,
      callReference: ref,
      privacy: 0,
      precedenceLevel: 4,
      precedenceDomain: 0,
    });
  }

  softKeys(s: StationState, li: number, ref: number, set: number, mask = AllKeys): void {
    this.send(s, {
      type: 'SelectSoftKeys',
      lineInstance: li,
      callReference: ref,
      softKeySetIndex: set,
      validKeyMask: mask,
    });
  }

  private ringerOff(s: StationState, li: number, ref: number): void {
    this.send(s, {
      type: 'SetRinger',
      ringMode: Ring.Off,
      ringDuration: Ring.Normal,
      lineInstance: li,
      callReference: ref,
    });
  }

  private lamp(s: StationState, li: number, mode: number): void {
    this.send(s, { type: 'SetLamp', stimulus: Stimulus.Line, stimulusInstance: li, lampMode: mode });
  }

  send(s: StationState, m: SccpMessage): void {
    s.device.session.send(m);
  }
}
