import { isIPv6 } from 'node:net';
import type { CallEvent } from '../calls/call-events.ts';
import type { CallModel } from '../calls/call-model.ts';
import type { LocalConnectionState } from '../calls/connection-state.ts';
import {
  CallPrivacy,
  CallType,
  DCallState,
  DeviceStimulus,
  DeviceTone,
  DisplayLabel,
  LampMode,
  labelRef,
  PortHandling,
  RingDuration,
  RingMode,
  SoftKeySet,
  SpeakerMode,
  ToneOutputDirection,
} from '../sccp/enums.ts';
import type { SccpMessage } from '../sccp/messages.ts';
import type { LineAppearances } from './line-appearances.ts';
import { timeDate } from './registration.ts';
import {
  callInfo,
  notify,
  openReceiveChannel,
  priNotify,
  prompt,
  startMediaTransmission,
} from './sccp-out.ts';
import { type CallView, type StationState, type ViewPhase, viewKey } from './station-view.ts';

const AllKeys = 0xffffffff;
/** captures/cm_call_7912.pcapng frame 151: Connected soft keys with mask 0xFFFFFDFF. */
const ConnectedMask = 0xfffffdff;

interface Desired {
  callId: string;
  dn: string;
  lineInstance: number;
  phase: ViewPhase;
  others: { deviceID: string; localConnectionState: LocalConnectionState }[];
  own: LocalConnectionState;
}

/** A phone's receive channel on a call: its (call, DN) leg and, once acked, where it receives RTP. */
export interface ReceiveChannel {
  readonly callId: string;
  readonly dn: string;
  readonly deviceName: string;
  readonly rx: { readonly ip: string; readonly port: number } | undefined;
}

/**
 * Call-model events -> SCCP. After each event the CME reconciles every affected phone's view of
 * its calls with the model and sends the messages in the orders of real call managers. Every
 * order below names its source: a capture of the pyskinny repository (github.com/paleophyte/pyskinny,
 * file and frames; the real CallManager 4.1 sequences of pyskinny's fixtures digests them) where one exists, else chan-sccp
 * (github.com/chan-sccp/chan-sccp, sccp_indicate.c), else it says that it is the station's own.
 *   - captures/cm_cap.pcapng (CUCM 4.1 -> 7960): idle 45-46, off-hook 80-87, EndCall off-hook 89-96;
 *   - captures/cm_call_7912.pcapng (CUCM 4.1 -> 7912): ring-in 132-138, answer 141-153, media 148
 *     and 154, local hang-up 3135-3145;
 *   - captures/vphone_hold_unhold.pcap (CallManager 2.x): hold 1-4, resume 8-11;
 *   - captures/cm2_register.pcapng (CallManager 2.x): remote clear 1049-1055.
 * The golden tests in capture-orders.golden.test.ts pin these orders.
 */
export class StationCallSignalling {
  /** Which station owns each (call, DN) connection on a shared DN: `${callId}|${dn}` -> device name. */
  readonly owners = new Map<string, string>();
  /**
   * DN -> the owner of the next (call, DN) connection the DN gets: a party that is no desk phone
   * (the remote number of a dial-via-office call, simulators/cme/cti/cti-dial-via-office.ts), so
   * every phone with the DN shows the call as remote in use. Set around one model operation only.
   */
  private readonly remoteOwners = new Map<string, string>();
  /** Failure causes of (call, DN) connections in `fail`. */
  private readonly failCauses = new Map<string, string>();
  /** The station acting right now (set around model operations it caused). */
  actor: StationState | undefined;
  private nextCallReference = 0x01000001;
  private nextPassThrough = 0x01000101;
  /**
   * Where a phone streams to when the other party of its two-party call has no phone: a CTI port
   * or route point whose application terminates the media (set by the CUCM cluster,
   * simulators/cucm/media-termination.ts); undefined = nowhere (no StartMediaTransmission).
   */
  mediaEndpointOf: ((callId: string, dn: string) => { ip: string; port: number } | undefined) | undefined =
    undefined;
  /** Told each phone's receive address once its OpenReceiveChannelAck arrives. */
  readonly onReceiveOpened = new Set<(r: ReceiveChannel) => void>();

  constructor(
    private readonly model: CallModel,
    private readonly appearances: LineAppearances,
    private readonly stations: Map<string, StationState>,
    private readonly mediaHost: () => string,
    private readonly nameOf: (dn: string) => string,
    /** The node's clock (ms since the epoch), for the TimeDateRes the call managers send on hold and clear. */
    private readonly now: () => number,
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
          stimulus: DeviceStimulus.VoiceMail,
          stimulusInstance: 0,
          lampMode: event.messageWaitingOn ? LampMode.On : LampMode.Off,
        });
      }
      return;
    }
    if (event.type === 'DoNotDisturbEvent') {
      for (const s of this.stationsOf([event.device])) {
        const text = event.doNotDisturbOn
          ? `${labelRef(DisplayLabel.DND)} active`
          : `${labelRef(DisplayLabel.DND)} off`;
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
    // A call cleared after its phone unregistered reaches no station (call-control.ts
    // onUnregistered drops the station first), so no reconcile runs: prune here too, or the
    // owner / fail-cause entries of its connections stay forever (found by station-server.fuzz.test.ts).
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

  /**
   * The first digit ends the dial tone: StopTone and the DigitsFollowing soft keys (no capture
   * shows dialling; the soft-key set as chan-sccp uses it, KEYMODE_DIGITSFOLL).
   */
  firstDigit(s: StationState, view: CallView): void {
    if (view.phase !== 'offhook') return;
    view.phase = 'dialing';
    const { lineInstance: li, callReference: ref } = view;
    this.stopTone(s, li, ref);
    this.softKeys(s, li, ref, SoftKeySet.DigitsFollowing);
  }

  /** The idle screen (captures/cm_cap.pcapng frames 45-46): SelectSoftKeys(0, 0, OnHook) then "Your current options". */
  showIdlePrompt(s: StationState): void {
    this.softKeys(s, 0, 0, SoftKeySet.OnHook);
    this.idlePrompt(s, false);
  }

  /**
   * The idle prompt: "Your current options" (cm_cap.pcapng frame 46), or "Forwarded to <n>" while
   * forward-all is on. After a clear (`afterClear`) the captures send no prompt at all
   * (cm_call_7912.pcapng ends at frame 3145 with SetRinger), so only the forward-all notice is
   * shown again (the station's own addition: the phone would otherwise lose it with ClearPromptStatus).
   */
  private idlePrompt(s: StationState, afterClear: boolean): void {
    const pv = s.device.session.protocolVersion;
    const fwd = this.forwardAllOf(s);
    if (fwd) this.send(s, prompt(pv, `${labelRef(DisplayLabel.ForwardedTo)} ${fwd}`, 0, 0));
    else if (!afterClear) this.send(s, prompt(pv, labelRef(DisplayLabel.YourCurrentOptions), 0, 0));
  }

  /** The receive channels phones have open on a call: each phone's leg, with its address once acked. */
  receiveChannels(callId: string): ReceiveChannel[] {
    const out: ReceiveChannel[] = [];
    for (const s of this.stations.values())
      for (const v of s.views.values())
        if (v.callId === callId && v.media)
          out.push({ callId, dn: v.dn, deviceName: s.device.deviceName, rx: v.media.rx });
    return out;
  }

  /** Media: the phone's OpenReceiveChannelAck tells where it receives RTP. */
  onOpenReceiveChannelAck(s: StationState, passThroughPartyId: number, ip: string, port: number): void {
    for (const v of s.views.values()) {
      if (v.media?.passThroughPartyId === passThroughPartyId) {
        v.media.rx = { ip, port };
        for (const l of [...this.onReceiveOpened])
          l({ callId: v.callId, dn: v.dn, deviceName: s.device.deviceName, rx: { ip, port } });
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
            owner = this.remoteOwners.get(dn) ?? this.pickOwner(dn);
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

  /**
   * Run `op` (a model operation) with the connection it creates on `dn` owned by `owner`, a party
   * that is not a phone of this node: the phones with the DN show it as remote in use (chan-sccp's
   * CallRemoteMultiline, as for a shared line's other phone), none goes off-hook for it.
   */
  withRemoteOwner<T>(dn: string, owner: string, op: () => T): T {
    this.remoteOwners.set(dn, owner);
    try {
      return op();
    } finally {
      this.remoteOwners.delete(dn);
    }
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
        // A party whose other end is queued (parked, calls/call-park.ts) stays connected, on hold tone.
        const ringing = others.some((o) => o.localConnectionState === 'alerting');
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
      rang: d.phase === 'ringin',
    };
    s.views.set(key, view);
    const { lineInstance: li, callReference: ref } = view;
    const pv = s.device.session.protocolVersion;
    switch (d.phase) {
      case 'offhook':
        // captures/cm_cap.pcapng frames 80-87: off-hook / New Call.
        this.ringerOff(s, 0, 0);
        this.speaker(s, SpeakerMode.On);
        this.lamp(s, li, LampMode.On);
        this.callState(s, DCallState.OffHook, li, ref);
        this.softKeys(s, li, ref, SoftKeySet.OffHook);
        this.send(s, prompt(pv, labelRef(DisplayLabel.EnterNumber), li, ref));
        this.send(s, { type: 'ActivateCallPlane', lineInstance: li });
        this.startTone(s, DeviceTone.InsideDialTone, li, ref);
        return;
      case 'ringin': {
        // captures/cm_call_7912.pcapng frames 132-138: ring-in. The capture's CallInfo (frame 136,
        // between DisplayPriNotify and SetLamp) still goes last here, as the features expect. A
        // phone already in a call hears the call-waiting tone instead of the ringer (chan-sccp
        // CALLWAITING: StartTone CallWaitingTone).
        const busyElsewhere = [...s.views.values()].some(
          (v) => v !== view && v.phase !== 'ringin' && v.phase !== 'remote-in-use',
        );
        const caller = d.others[0]?.deviceID ?? '';
        this.callState(s, DCallState.RingIn, li, ref);
        this.softKeys(s, li, ref, SoftKeySet.RingIn);
        this.send(s, prompt(pv, `${labelRef(DisplayLabel.From)}${caller}`, li, ref));
        this.send(s, priNotify(pv, `${labelRef(DisplayLabel.From)}${caller}`, 10, 5));
        this.lamp(s, li, LampMode.Blink);
        if (busyElsewhere) this.startTone(s, DeviceTone.CallWaitingTone, li, ref);
        else
          this.send(s, {
            type: 'SetRinger',
            ringMode: RingMode.InsideRing,
            ringDuration: RingDuration.NormalRing,
            lineInstance: li,
            callReference: ref,
          });
        this.sendCallInfo(s, view, d);
        return;
      }
      case 'remote-in-use':
        // chan-sccp (lines, overlays, shared lines) (chan-sccp): a shared line in use on another phone.
        this.lamp(s, li, LampMode.On);
        this.callState(s, DCallState.CallRemoteMultiline, li, ref);
        this.softKeys(s, li, ref, SoftKeySet.OnHookStealable);
        return;
      default:
        // A call that reaches this phone already past set-up (CSTA MakeCall, a transfer): take the
        // line first as the off-hook of cm_cap.pcapng frames 81-83 and 86 does, then show the state.
        this.speaker(s, SpeakerMode.On);
        this.lamp(s, li, LampMode.On);
        this.callState(s, DCallState.OffHook, li, ref);
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
          // No capture of ring-back: the station's own order of what chan-sccp RINGOUT sends
          // (CallState RingOut, CallInfo, StartTone AlertingTone, the RingOut soft keys). Dial tone
          // stops on the first digit (firstDigit); only an off-hook view still has it.
          if (from === 'offhook') this.stopTone(s, li, ref);
          if (from === 'connected') this.closeMedia(s, view);
          this.sendCallInfo(s, view, d);
          this.callState(s, DCallState.RingOut, li, ref);
          this.softKeys(s, li, ref, SoftKeySet.RingOut);
          this.startTone(s, DeviceTone.AlertingTone, li, ref);
          break;
        case 'connected':
          if (from === 'ringin') {
            // captures/cm_call_7912.pcapng frames 141-151: answer (then 148 OpenReceiveChannel,
            // 150 CallState Connected, 151 SelectSoftKeys; the capture's second StopTone, 149, and
            // its prompt, 152, are not sent).
            this.ringerOff(s, 0, 0);
            this.speaker(s, SpeakerMode.On);
            this.lamp(s, li, LampMode.On);
            this.callState(s, DCallState.OffHook, li, ref);
            this.send(s, { type: 'ActivateCallPlane', lineInstance: li });
            this.ringerOff(s, li, ref);
            this.stopTone(s, li, ref);
          } else if (from === 'ringout' || from === 'offhook' || from === 'dialing') {
            // The far end answered. No capture shows the caller's side: the answer's order from
            // StopTone on (cm_call_7912.pcapng frames 147-151, CallInfo 153 last).
            this.stopTone(s, li, ref);
          } else if (from === 'hold') {
            // captures/vphone_hold_unhold.pcap frames 8-11 (resume, CallManager 2.x): SetLamp Wink,
            // TimeDateRes, [StopTone], StartMediaTransmission, StartMediaReception, SetLamp On,
            // CallInfo. Kept: Wink, TimeDateRes, the media (as OpenReceiveChannel: newer call
            // managers open the phone's receiver first and send StartMediaTransmission after its
            // ack, cm_call_7912.pcapng 148/154), SetLamp On, CallInfo last. Dropped: the two
            // StopTones (this station plays no tone during hold, the old one gave dial tone).
            // Added for newer phones: ActivateCallPlane, CallState Connected and the Connected soft
            // keys, in the answer's order (cm_call_7912.pcapng 145, 150, 151).
            this.lamp(s, li, LampMode.Wink);
            this.timeDate(s);
            this.syncMedia(s, view, d);
            this.lamp(s, li, LampMode.On);
            this.send(s, { type: 'ActivateCallPlane', lineInstance: li });
          }
          if (from !== 'hold') this.syncMedia(s, view, d);
          this.callState(s, DCallState.Connected, li, ref);
          this.softKeys(s, li, ref, SoftKeySet.Connected, ConnectedMask);
          this.sendCallInfo(s, view, d);
          return;
        case 'hold':
          // captures/vphone_hold_unhold.pcap frames 1-4 (hold, CallManager 2.x): StopMediaReception,
          // StopMediaTransmission, TimeDateRes, SetLamp(Line, Flash), StartTone(InsideDialTone).
          // Kept: the media close (CloseReceiveChannel is the newer StopMediaReception), TimeDateRes
          // and the Flash lamp (not Wink, as chan_skinny / chan-sccp send). Added for newer phones
          // (chan-sccp HOLD): CallState Hold and the OnHold soft keys after the lamp. Dropped: the
          // dial tone, as the phone keeps the held call in front (NewCall gives a new dial tone).
          this.closeMedia(s, view);
          this.timeDate(s);
          this.lamp(s, li, LampMode.Flash);
          this.callState(s, DCallState.Hold, li, ref);
          this.softKeys(s, li, ref, SoftKeySet.OnHold);
          break;
        case 'remote-in-use':
          // chan-sccp (lines, overlays, shared lines) (chan-sccp): SetRinger off, ClearPromptStatus, SetLamp On, CallRemoteMultiline.
          this.ringerOff(s, li, ref);
          this.send(s, { type: 'ClearPromptStatus', lineInstance: li, callReference: ref });
          this.closeMedia(s, view);
          this.lamp(s, li, LampMode.On);
          this.callState(s, DCallState.CallRemoteMultiline, li, ref);
          this.softKeys(s, li, ref, SoftKeySet.OnHookStealable);
          break;
        case 'busy':
          this.failed(s, view, DCallState.Busy, DeviceTone.LineBusyTone, DisplayLabel.Busy);
          break;
        case 'invalid':
          this.failed(s, view, DCallState.InvalidNumber, DeviceTone.ReorderTone, DisplayLabel.UnknownNumber);
          break;
        case 'failed':
          this.failed(s, view, undefined, DeviceTone.ReorderTone, DisplayLabel.TempFail);
          break;
        case 'ringin':
        case 'offhook':
        case 'dialing':
          break;
      }
    }
    if (view.phase === 'connected') this.syncMedia(s, view, d);
    this.syncParkedTone(s, view, d);
  }

  /**
   * A parked party hears hold (Cisco Unified CM Feature Configuration Guide, "Call Park": the
   * parked party hears music or tone on hold) until the call is retrieved, then sees who took it.
   * No capture shows it: the station's own StartTone HoldTone / StopTone and CallInfo.
   */
  private syncParkedTone(s: StationState, view: CallView, d: Desired): void {
    const parked = view.phase === 'connected' && d.others.some((o) => o.localConnectionState === 'queued');
    if (parked === (view.parked === true)) return;
    view.parked = parked;
    const { lineInstance: li, callReference: ref } = view;
    if (parked) this.startTone(s, DeviceTone.HoldTone, li, ref);
    else if (view.phase === 'connected') {
      this.stopTone(s, li, ref);
      this.sendCallInfo(s, view, d);
    }
  }

  /**
   * A call that cannot be completed: the tone, the call state (if any) and the reason on the
   * prompt line. No capture shows it: the station's own order (chan-sccp BUSY / CONGESTION also
   * start the tone before the prompt).
   */
  private failed(
    s: StationState,
    view: CallView,
    callState: DCallState | undefined,
    tone: DeviceTone,
    label: DisplayLabel,
  ): void {
    const { lineInstance: li, callReference: ref } = view;
    this.stopTone(s, li, ref);
    if (callState !== undefined) this.callState(s, callState, li, ref);
    this.startTone(s, tone, li, ref);
    this.send(s, prompt(s.device.session.protocolVersion, labelRef(label), li, ref));
  }

  /** A call view went away: the phone that hung up, the far end, or a call that only rang here. */
  private clearView(s: StationState, key: string, view: CallView): void {
    s.views.delete(key);
    if (s.pending?.heldKey === key) s.pending = undefined;
    if (view.phase === 'ringin' || view.phase === 'remote-in-use') this.clearUnanswered(s, view);
    else if (this.actor === s) this.clearLocal(s, view);
    else this.clearRemote(s, view);
  }

  /**
   * Local hang-up, captures/cm_call_7912.pcapng frames 3135-3145 (CUCM 4.1, SoftKeyEvent EndCall
   * on a call that rang in and was answered): StopTone, SetLamp Off, ClearPromptStatus,
   * CloseReceiveChannel, StopMediaTransmission, CallState OnHook, SelectSoftKeys(0, 0, OnHook),
   * TimeDateRes, SetSpeakerMode Off, SetRinger Off(0, 0). An outgoing call ended off-hook
   * (captures/cm_cap.pcapng frames 89-96) has no media and no SetRinger: the ringer is turned off
   * only for a call that rang on this phone.
   */
  private clearLocal(s: StationState, view: CallView): void {
    const { lineInstance: li, callReference: ref } = view;
    this.stopTone(s, li, ref);
    this.lampAfterClear(s, li);
    this.send(s, { type: 'ClearPromptStatus', lineInstance: li, callReference: ref });
    this.closeMedia(s, view);
    this.callState(s, DCallState.OnHook, li, ref);
    this.softKeysAfterClear(s, li, ref);
    this.timeDate(s);
    if (!this.hasActiveView(s)) this.speaker(s, SpeakerMode.Off);
    if (view.rang && ![...s.views.values()].some((v) => v.phase === 'ringin')) this.ringerOff(s, 0, 0);
    if (s.views.size === 0) this.idlePrompt(s, true);
  }

  /**
   * The far end cleared, captures/cm2_register.pcapng frames 1049-1055 (CallManager 2.x, the
   * only capture of it; the far end's OnHook is frame 1049): StopMediaReception (1051),
   * StopMediaTransmission, TimeDateRes, SetSpeakerMode Off, SetLamp Off, TimeDateRes, StopTone (1055).
   * Kept, in that order: CloseReceiveChannel (the newer StopMediaReception), StopMediaTransmission,
   * TimeDateRes, SetSpeakerMode Off, SetLamp Off, StopTone. Dropped: the second TimeDateRes (the
   * same time again within a millisecond; the newer CUCM 4.1 clear of cm_call_7912.pcapng sends
   * one). Added for newer phones, placed as CUCM 4.1 places them in its clear (3138, 3141, 3142):
   * ClearPromptStatus right after SetLamp, then CallState OnHook and SelectSoftKeys(0, 0, OnHook)
   * after the last message that names the call (StopTone).
   */
  private clearRemote(s: StationState, view: CallView): void {
    const { lineInstance: li, callReference: ref } = view;
    this.closeMedia(s, view);
    this.timeDate(s);
    if (!this.hasActiveView(s)) this.speaker(s, SpeakerMode.Off);
    this.lampAfterClear(s, li);
    this.send(s, { type: 'ClearPromptStatus', lineInstance: li, callReference: ref });
    this.stopTone(s, li, ref);
    this.callState(s, DCallState.OnHook, li, ref);
    this.softKeysAfterClear(s, li, ref);
    if (s.views.size === 0) this.idlePrompt(s, true);
  }

  /**
   * A call that only rang here (the caller gave up, or it was taken elsewhere) or a shared-line
   * call in use on another phone went away. No capture shows it; chan-sccp sccp_indicate.c ONHOOK:
   * ClearPromptStatus, SetRinger Off (a ringing call only), CallState OnHook, the OnHook soft keys,
   * TimeDateRes; then the line lamp.
   */
  private clearUnanswered(s: StationState, view: CallView): void {
    const { lineInstance: li, callReference: ref } = view;
    this.send(s, { type: 'ClearPromptStatus', lineInstance: li, callReference: ref });
    if (view.phase === 'ringin') this.ringerOff(s, li, ref);
    this.callState(s, DCallState.OnHook, li, ref);
    this.softKeysAfterClear(s, li, ref);
    this.timeDate(s);
    this.lampAfterClear(s, li);
    if (s.views.size === 0) this.idlePrompt(s, true);
  }

  /**
   * The line lamp once a call on it has gone: Off when the line has no call left (cm_call_7912.pcapng
   * frame 3137), Flash when all it still has is on hold (vphone_hold_unhold.pcap frame 4), else as it is.
   */
  private lampAfterClear(s: StationState, li: number): void {
    const left = [...s.views.values()].filter((v) => v.lineInstance === li);
    if (left.length === 0) this.lamp(s, li, LampMode.Off);
    else if (left.every((v) => v.phase === 'hold')) this.lamp(s, li, LampMode.Flash);
  }

  /** After CallState OnHook: the idle soft keys with no line and call (cm_call_7912.pcapng frame 3142) once the phone has no call left, else OnHook for the cleared call. */
  private softKeysAfterClear(s: StationState, li: number, ref: number): void {
    if (s.views.size === 0) this.softKeys(s, 0, 0, SoftKeySet.OnHook);
    else this.softKeys(s, li, ref, SoftKeySet.OnHook);
  }

  /** Some call this phone is using (not ringing, not held, not another phone's). */
  private hasActiveView(s: StationState): boolean {
    return [...s.views.values()].some(
      (v) => v.phase !== 'ringin' && v.phase !== 'remote-in-use' && v.phase !== 'hold',
    );
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
    // cm_call_7912.pcapng frames 3139-3140: CloseReceiveChannel then StopMediaTransmission.
    this.send(s, {
      type: 'CloseReceiveChannel',
      conferenceId: ref,
      passThroughPartyId: m.passThroughPartyId,
      callReference: ref,
      portHandlingFlag: PortHandling.ClosePort,
    });
    if (m.tx)
      this.send(s, {
        type: 'StopMediaTransmission',
        conferenceId: ref,
        passThroughPartyId: m.passThroughPartyId,
        callReference: ref,
        portHandlingFlag: PortHandling.ClosePort,
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
    const endpoints = this.model.snapshotCall(callId).endpoints;
    // A silent party (CSTA silent monitoring) receives and is not heard: it sends nothing, and the
    // heard parties keep sending to each other as before it joined.
    const silent = new Set(
      endpoints.filter((e) => e.participation === 'silent').map((e) => e.connection.deviceID),
    );
    const parties = endpoints.filter(
      (e) => e.localConnectionState === 'connected' && !silent.has(e.connection.deviceID),
    );
    for (const leg of legs) {
      if (silent.has(leg.v.dn)) continue;
      let target: { ip: string; port: number } | undefined;
      if (parties.length === 2) {
        const peer = legs.find((l) => l !== leg && !silent.has(l.v.dn));
        const other = parties.find(
          (p) => p.connection.deviceID !== leg.v.dn && !silent.has(p.connection.deviceID),
        );
        target = peer?.v.media?.rx ?? (other && this.mediaEndpointOf?.(callId, other.connection.deviceID));
      } else if (parties.length > 2) {
        target = { ip: this.mediaHost(), port: 20000 + ((leg.v.media!.passThroughPartyId & 0x0fff) << 1) };
      }
      const m = leg.v.media!;
      if (!target || (m.tx && m.tx.ip === target.ip && m.tx.port === target.port)) continue;
      // Wireshark packet-skinny (header versions): an IPv6 address needs the ipv4or6 fields of version 17+.
      if (isIPv6(target.ip) && leg.s.device.session.protocolVersion < 17) continue;
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
    // A calling number an application set (CUCM "Standard CTI Allow Calling Number Modification")
    // is what the called phone shows as the caller; the calling line's own view is unchanged.
    const shown = inbound && remote === snap.callingDevice ? snap.presentedCallingNumber : undefined;
    const caller = inbound ? (shown ?? remote) : view.dn;
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
        callType: inbound ? CallType.InBoundCall : CallType.OutBoundCall,
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
      // was never cleared and the phone's key stayed stuck (found by call-control.property.test.ts).
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

  private callState(s: StationState, callState: DCallState, li: number, ref: number): void {
    // reference §6 (cm_call_7912.pcapng frame 3141): precedence level 4, domain 0, privacy 0 in every CallState.
    this.send(s, {
      type: 'CallState',
      callState,
      lineInstance: li,
      callReference: ref,
      privacy: CallPrivacy.None,
      precedenceLevel: 4,
      precedenceDomain: 0,
    });
  }

  softKeys(s: StationState, li: number, ref: number, set: SoftKeySet, mask = AllKeys): void {
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
      ringMode: RingMode.RingOff,
      ringDuration: RingDuration.NormalRing,
      lineInstance: li,
      callReference: ref,
    });
  }

  private lamp(s: StationState, li: number, mode: LampMode): void {
    this.send(s, { type: 'SetLamp', stimulus: DeviceStimulus.Line, stimulusInstance: li, lampMode: mode });
  }

  private speaker(s: StationState, mode: SpeakerMode): void {
    this.send(s, { type: 'SetSpeakerMode', speakerMode: mode });
  }

  private startTone(s: StationState, tone: DeviceTone, li: number, ref: number): void {
    this.send(s, {
      type: 'StartTone',
      tone,
      toneOutputDirection: ToneOutputDirection.User,
      lineInstance: li,
      callReference: ref,
    });
  }

  private stopTone(s: StationState, li: number, ref: number): void {
    this.send(s, { type: 'StopTone', lineInstance: li, callReference: ref, tone: DeviceTone.Silence });
  }

  /** TimeDateRes from the node's clock, as the call managers send it on hold and on clear. */
  private timeDate(s: StationState): void {
    this.send(s, timeDate(this.now()));
  }

  send(s: StationState, m: SccpMessage): void {
    s.device.session.send(m);
  }
}
