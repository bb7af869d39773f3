import { CallModel } from '../calls/call-model.ts';
import type { CallRefusal } from '../calls/call-model-error.ts';
import type { CallPark } from '../calls/call-park.ts';
import type { ConnectionID } from '../calls/connection-state.ts';
import { DIALABLE_DIGITS } from '../calls/dial-plan.ts';
import { mustSucceed, type Result } from '../lab/result.ts';
import {
  DeviceStimulus,
  KeyPadButtonChar,
  // The codec's display-label numbers, named Label here for short.
  DisplayLabel as Label,
  LampMode,
  labelRef,
  MediaStatus,
  RingDuration,
  RingMode,
  SoftKeyEvent,
} from '../sccp/enums.ts';
import type { SccpMessage } from '../sccp/messages.ts';
import { StationCallSignalling } from './call-signalling.ts';
import { notify, prompt } from './sccp-out.ts';
import type { RegisteredDevice, StationHandler, StationServer } from './station-server.ts';
import { type CallView, type StationState, viewKey } from './station-view.ts';

/** Keypad buttons the call model dials (0-9, * and #); A-D and + (KeyPadButton 10-13, 16) are not. */
const DIALLED_KEYS: ReadonlyMap<number, string> = new Map(
  [...KeyPadButtonChar].filter(([, c]) => DIALABLE_DIGITS.test(c)),
);

/**
 * The CME's call handling: what a person does on an SCCP phone (hook, keypad, line and soft
 * keys) becomes an operation on the shared {@link CallModel}; the model's events go back to
 * every phone through {@link StationCallSignalling}. CSTA (issue 3) drives the same model, so a
 * phone action and a CSTA request produce the same events. Every ephone-dn is a model device (the
 * constructor adds them all), and a phone's lines carry only configured DNs (line-appearances.ts),
 * so a DN on a line is always a device of the model.
 */
export class StationCallControl implements StationHandler {
  readonly model: CallModel;
  readonly stations = new Map<string, StationState>();
  readonly signalling: StationCallSignalling;
  private readonly node: StationServer;
  /** Call Park (a Cisco Unified CM feature; a CME has none): set by the node that offers it. */
  callPark: CallPark | undefined;
  /** CSTA prompted MakeCalls waiting for the user to go off-hook: DN -> digits to dial. */
  private readonly prompted = new Map<string, string>();

  constructor(node: StationServer) {
    this.node = node;
    const cfg = node.config;
    this.model = new CallModel({
      clock: node.clock,
      maxConferences: cfg.settings.maxConferences,
      onListenerError: (err, ev) =>
        node.observations.publish({
          kind: 'state',
          time: node.clock.now(),
          source: node.name,
          topic: 'error',
          detail: { where: `call event ${ev.type}`, error: String((err as Error)?.stack ?? err) },
        }),
    });
    for (const dn of cfg.dns.values()) {
      const configured = (r: Result<unknown, CallRefusal>) =>
        mustSucceed(r, `ephone-dn ${dn.tag} (${dn.number})`);
      configured(
        this.model.addDevice({
          number: dn.number,
          name: dn.name,
          maxCalls: dn.maxCalls ?? (dn.dualLine ? 2 : 1),
          manyActive: dn.manyActive === true,
          allowPhonelessUp: dn.ctiNotify,
          inService: dn.ctiNotify,
        }),
      );
      // ephone-dn call-forward settings (Cisco CME: call-forward all / busy / noan ... timeout).
      if (dn.forwardAll)
        configured(
          this.model.setForwarding(dn.number, {
            type: 'forwardImmediate',
            activate: true,
            destination: dn.forwardAll,
          }),
        );
      if (dn.forwardBusy)
        configured(
          this.model.setForwarding(dn.number, {
            type: 'forwardBusy',
            activate: true,
            destination: dn.forwardBusy,
          }),
        );
      if (dn.forwardNoAnswer)
        configured(
          this.model.setForwarding(dn.number, {
            type: 'forwardNoAns',
            activate: true,
            destination: dn.forwardNoAnswer.number,
            noAnswerTimeoutMs: dn.forwardNoAnswer.timeoutSeconds * 1000,
          }),
        );
    }
    const names = new Map([...cfg.dns.values()].map((d) => [d.number, d.name]));
    this.signalling = new StationCallSignalling(
      this.model,
      node.appearances,
      this.stations,
      () => node.endpoint.host,
      (dn) => names.get(dn) ?? '',
      () => node.clock.now(),
    );
    this.model.on((ev) => this.signalling.onEvent(ev));
    node.addHandler(this);
  }

  onRegistered(device: RegisteredDevice): void {
    this.stations.set(device.deviceName, {
      device,
      views: new Map(),
      pending: undefined,
      forwardCollect: undefined,
      lastDialled: '',
    });
    for (const line of this.node.appearances.linesOf(device.deviceName)) {
      // Stryker disable next-line StringLiteral: equivalent, a configured DN is never refused (the text only names a bug)
      for (const dn of line.dns) mustSucceed(this.model.setInService(dn, true), `in service ${dn}`);
    }
  }

  onRegistrationComplete(device: RegisteredDevice): void {
    const s = this.stations.get(device.deviceName);
    if (!s) return;
    this.signalling.showIdlePrompt(s);
    // Show calls already up on shared DNs, and the message lamp.
    this.signalling.reconcile(s);
    for (const line of this.node.appearances.linesOf(device.deviceName)) {
      for (const dn of line.dns) {
        if (this.model.getMessageWaiting(dn)) {
          this.signalling.send(s, {
            type: 'SetLamp',
            stimulus: DeviceStimulus.VoiceMail,
            stimulusInstance: 0,
            lampMode: LampMode.On,
          });
        }
      }
    }
  }

  onUnregistered(device: RegisteredDevice): void {
    const s = this.stations.get(device.deviceName);
    if (!s) return;
    this.stations.delete(device.deviceName);
    // Calls this phone was holding go with it (a shared DN's other phones keep theirs).
    for (const v of s.views.values()) {
      if (v.phase === 'ringin' || v.phase === 'remote-in-use') continue;
      this.guard(undefined, () => this.model.clear({ callID: v.callId, deviceID: v.dn }));
    }
    for (const line of this.node.appearances.linesOf(device.deviceName)) {
      for (const dn of line.dns) {
        const stillThere = this.node.appearances
          .appearancesOf(dn)
          .some((a) => this.stations.has(a.deviceName));
        // A cti-notify DN stays in service all the same (the model's allowPhonelessUp). No scan of
        // the DN table here: one per unregistration made 10,000 phones leaving cost 10,000 scans
        // of 10,000 DNs (issue 13 profile of bench:register).
        if (!stillThere)
          // Stryker disable next-line StringLiteral: equivalent, a configured DN is never refused (the text only names a bug)
          mustSucceed(this.model.setInService(dn, false), `out of service ${dn}`);
      }
    }
  }

  onStationMessage(device: RegisteredDevice, m: SccpMessage): void {
    const s = this.stations.get(device.deviceName);
    if (!s) return;
    switch (m.type) {
      case 'OffHook':
        this.offHook(s, m.lineInstance, m.callReference);
        return;
      case 'OnHook':
        this.endCall(s, m.callReference);
        return;
      case 'KeypadButton': {
        const c = DIALLED_KEYS.get(m.kpButton);
        if (c !== undefined) this.digit(s, c);
        return;
      }
      case 'Stimulus':
        this.stimulus(s, m.stimulus, m.lineInstance, m.callReference);
        return;
      case 'SoftKeyEvent':
        this.softKey(s, m.softKeyEvent, m.lineInstance, m.callReference);
        return;
      case 'OpenReceiveChannelAck':
        if (m.mediaReceptionStatus === MediaStatus.Ok)
          this.signalling.onOpenReceiveChannelAck(s, m.passThroughPartyId, m.ipAddr, m.portNumber);
        return;
      case 'EnblocCall':
        this.newCall(s, m.lineInstance);
        this.digit(s, m.calledParty);
        return;
    }
  }

  // ------------------------------------------------------------------ phone actions

  private offHook(s: StationState, lineInstance: number, callReference: number): void {
    const ringing = this.ringingView(s, callReference, lineInstance);
    if (ringing) this.answer(s, ringing);
    else if (!this.activeView(s)) this.newCall(s, lineInstance);
  }

  private stimulus(s: StationState, stimulus: number, lineInstance: number, callReference: number): void {
    switch (stimulus) {
      case DeviceStimulus.Line: {
        const ringing = this.ringingView(s, 0, lineInstance);
        if (ringing) this.answer(s, ringing);
        else {
          const held = [...s.views.values()].find(
            (v) => v.lineInstance === lineInstance && v.phase === 'hold',
          );
          if (held) this.resume(s, held);
          else if (!this.activeView(s)) this.newCall(s, lineInstance);
        }
        return;
      }
      case DeviceStimulus.Hold: {
        // captures/vphone_hold_unhold.pcap frames 1 and 8: the same Stimulus Hold holds the call
        // and, pressed again with no other call in front, resumes it.
        const held = this.activeView(s)
          ? undefined
          : [...s.views.values()].find(
              (v) => v.phase === 'hold' && (lineInstance === 0 || v.lineInstance === lineInstance),
            );
        if (held) this.resume(s, held);
        else this.softKey(s, SoftKeyEvent.Hold, lineInstance, callReference);
        return;
      }
      case DeviceStimulus.Transfer:
        this.softKey(s, SoftKeyEvent.Transfer, lineInstance, callReference);
        return;
      case DeviceStimulus.Conference:
        this.softKey(s, SoftKeyEvent.Confrn, lineInstance, callReference);
        return;
      case DeviceStimulus.ForwardAll:
        this.softKey(s, SoftKeyEvent.CfwdAll, lineInstance, callReference);
        return;
      case DeviceStimulus.LastNumberRedial:
        this.softKey(s, SoftKeyEvent.Redial, lineInstance, callReference);
        return;
      case DeviceStimulus.NewCall:
        this.softKey(s, SoftKeyEvent.NewCall, lineInstance, callReference);
        return;
      case DeviceStimulus.EndCall:
        this.softKey(s, SoftKeyEvent.EndCall, lineInstance, callReference);
        return;
    }
  }

  private softKey(s: StationState, event: number, lineInstance: number, callReference: number): void {
    // A reference of 0 names no call: views are numbered from 0x01000001 (call-signalling.ts).
    const byRef = [...s.views.values()].find((v) => v.callReference === callReference);
    switch (event) {
      case SoftKeyEvent.NewCall:
        this.newCall(s, lineInstance);
        return;
      case SoftKeyEvent.Redial:
        if (s.lastDialled) {
          this.newCall(s, lineInstance);
          this.digit(s, s.lastDialled);
        }
        return;
      case SoftKeyEvent.EndCall:
        this.endCall(s, callReference);
        return;
      case SoftKeyEvent.Answer: {
        const ringing = this.ringingView(s, callReference, lineInstance);
        if (ringing) this.answer(s, ringing);
        return;
      }
      case SoftKeyEvent.Hold: {
        const v = byRef ?? this.activeView(s);
        if (v && v.phase === 'connected') this.act(s, () => this.model.hold(conn(v)));
        return;
      }
      case SoftKeyEvent.Resume: {
        const v = byRef ?? [...s.views.values()].find((x) => x.phase === 'hold');
        if (v) this.resume(s, v);
        return;
      }
      case SoftKeyEvent.Transfer:
        this.consultKey(s, 'transfer');
        return;
      case SoftKeyEvent.Confrn:
        this.consultKey(s, 'conference');
        return;
      case SoftKeyEvent.CfwdAll:
        this.forwardAllKey(s, lineInstance);
        return;
      case SoftKeyEvent.DND: {
        const dns = this.dnsOf(s);
        const on = !dns.some((dn) => this.model.getDoNotDisturb(dn));
        for (const dn of dns) this.act(s, () => this.model.setDoNotDisturb(dn, on));
        return;
      }
      case SoftKeyEvent.Park:
        this.parkKey(s, event);
        return;
      case SoftKeyEvent.BackSpace:
        return;
      default:
        this.refuse(s, Label.KeyIsNotActive, `soft key ${event} is not modelled`);
    }
  }

  /** A new call on the line `lineInstance`, or on the first line with a free DN (0). */
  private newCall(s: StationState, lineInstance: number): void {
    const lines = this.node.appearances.linesOf(s.device.deviceName);
    const candidates = lineInstance ? lines.filter((l) => l.lineInstance === lineInstance) : lines;
    // reference §7: an overlay button takes the first idle DN for an outgoing call.
    let dn: string | undefined;
    for (const line of candidates) {
      dn = line.dns.find((d) => this.model.snapshotDevice(d).length === 0);
      if (dn) break;
    }
    if (!dn) {
      // A dual-line DN with one call on hold still has a channel free.
      for (const line of candidates) {
        dn = line.dns.find((d) => this.model.snapshotDevice(d).length < this.model.maxCallsOf(d));
        if (dn) break;
      }
    }
    if (!dn) {
      this.refuse(s, Label.LineInUse, 'no idle line');
      return;
    }
    this.holdCallInFront(s);
    const target = dn;
    const promptedDigits = this.prompted.get(target);
    if (promptedDigits !== undefined) {
      // A prompted MakeCall (CSTA autoOriginate prompt): going off-hook places the requested call.
      this.cancelPromptedMakeCall(target);
      // The user went off-hook: a failure is theirs to clear (calls/README.md "Failed MakeCall").
      this.act(s, () => this.model.makeCall(target, promptedDigits, { userOffHook: true }));
      return;
    }
    this.act(s, () => this.model.offHook(target));
  }

  /**
   * CSTA MakeCall with `autoOriginate` prompt (ECMA-269 enumerations:
   * "the phone rings/alerts its user first"): every registered phone with `dn` on a line button
   * rings once (SetRinger inside, single ring) and shows the number; the call is placed with
   * `CallModel.makeCall` when the user goes off-hook on that line (OffHook, Line key or NewCall),
   * so its events are a MakeCall's (ServiceInitiated cause makeCall, Originated, ...). A newer
   * prompt for the same DN replaces the older one. Returns how many phones were alerted (0: the
   * prompt is not stored).
   */
  promptedMakeCall(dn: string, digits: string): number {
    const stations = this.stationsWith(dn);
    if (stations.length === 0) return 0;
    this.prompted.set(dn, digits);
    for (const { s, lineInstance } of stations) {
      this.signalling.send(s, {
        type: 'SetRinger',
        ringMode: RingMode.InsideRing,
        ringDuration: RingDuration.SingleRing,
        lineInstance,
        callReference: 0,
      });
      this.signalling.send(s, notify(s.device.session.protocolVersion, `Lift handset to call ${digits}`, 10));
    }
    return stations.length;
  }

  /**
   * Run `op` (a call-model operation on `dn`) for a party that is not one of this node's phones,
   * `owner` (dial-via-office: the user's remote number): the connection it creates on `dn` is
   * shown on every phone with the DN as remote in use, and no phone goes off-hook for it.
   */
  asRemoteParty<T>(dn: string, owner: string, op: () => T): T {
    return this.signalling.withRemoteOwner(dn, owner, op);
  }

  /** Drop a waiting prompted MakeCall (the CTI session went away, or it was taken). */
  cancelPromptedMakeCall(dn: string): boolean {
    if (!this.prompted.delete(dn)) return false;
    for (const { s } of this.stationsWith(dn))
      this.signalling.send(s, {
        type: 'SetRinger',
        ringMode: RingMode.RingOff,
        ringDuration: RingDuration.NormalRing,
        lineInstance: 0,
        callReference: 0,
      });
    return true;
  }

  /** The prompted MakeCall waiting on `dn`, if any. */
  pendingPromptedMakeCall(dn: string): string | undefined {
    return this.prompted.get(dn);
  }

  private stationsWith(dn: string): { s: StationState; lineInstance: number }[] {
    const found: { s: StationState; lineInstance: number }[] = [];
    for (const a of this.node.appearances.appearancesOf(dn)) {
      const s = this.stations.get(a.deviceName);
      if (s) found.push({ s, lineInstance: a.lineInstance });
    }
    return found;
  }

  private digit(s: StationState, digits: string): void {
    const fc = s.forwardCollect;
    if (fc) {
      for (const c of digits) {
        if (c === '#') {
          this.finishForward(s, fc);
          return;
        }
        fc.digits += c;
      }
      const m = this.model.dialPlan.match(fc.digits);
      if (m.kind === 'complete') this.finishForward(s, fc);
      return;
    }
    const v = this.activeView(s);
    if (!v) return;
    if (v.phase === 'offhook' || v.phase === 'dialing') {
      this.signalling.firstDigit(s, v);
      this.act(s, () => this.model.dial(conn(v), digits));
      this.trackDialled(s, v, digits);
    } else if (v.phase === 'connected') {
      this.act(s, () => this.model.generateDigits(conn(v), digits));
    }
  }

  /** Per phone: the call being dialled and its digits so far (for Redial). */
  private readonly dialling = new WeakMap<StationState, { key: string; digits: string }>();

  private trackDialled(s: StationState, v: CallView, digits: string): void {
    const key = viewKey(v.callId, v.dn);
    const before = this.dialling.get(s);
    const sofar = (before?.key === key ? before.digits : '') + digits;
    this.dialling.set(s, { key, digits: sofar });
    s.lastDialled = sofar;
  }

  private endCall(s: StationState, callReference: number): void {
    if (s.forwardCollect) {
      s.forwardCollect = undefined;
      this.signalling.showIdlePrompt(s);
    }
    const v =
      [...s.views.values()].find((x) => x.callReference === callReference && x.phase !== 'ringin') ??
      this.activeView(s);
    if (!v) return;
    this.act(s, () => this.model.clear(conn(v)));
  }

  private answer(s: StationState, ringing: CallView): void {
    this.holdCallInFront(s);
    // The answering phone owns the connection; other phones on a shared DN show it in use remotely.
    this.signalling.owners.set(viewKey(ringing.callId, ringing.dn), s.device.deviceName);
    this.act(s, () => this.model.answer(conn(ringing)));
  }

  private resume(s: StationState, held: CallView): void {
    this.holdCallInFront(s, held);
    this.act(s, () => this.model.retrieve(conn(held)));
  }

  /**
   * Taking another call (a new one, a ringing one, a held one) puts the call the user is talking
   * on on hold first, as a Cisco phone does. The model does it itself for a call of the same DN
   * (calls/README.md "One active line per device"); here it is done for every DN alike. Resume
   * naming the call in front itself holds nothing (the model refuses to retrieve it).
   */
  private holdCallInFront(s: StationState, taking?: CallView): void {
    const active = this.activeView(s);
    if (active !== taking && active?.phase === 'connected') this.act(s, () => this.model.hold(conn(active)));
  }

  /**
   * Transfer / Confrn (transfer-system full-consult, CME CSTA guide example configs): the first press
   * holds the call and takes a new call on the same DN for the consultation; the second press
   * joins the held call with the consulted one (transfer also works while the consulted party
   * is still ringing). The DN needs a free channel (dual-line). A consultation waits only while its
   * call is on hold here: once the user took that call back (Resume, its line button), the key
   * starts a new transfer or conference of the call in front.
   */
  private consultKey(s: StationState, kind: 'transfer' | 'conference'): void {
    const held = s.pending?.kind === kind ? s.views.get(s.pending.heldKey) : undefined;
    if (held?.phase === 'hold') {
      const active = [...s.views.values()].find(
        (v) => v.dn === held.dn && (v.phase === 'connected' || v.phase === 'ringout'),
      );
      if (!active) {
        this.refuse(s, Label.CanNotCompleteTransfer, `${kind}: no consultation call to join`);
        return;
      }
      s.pending = undefined;
      this.act(s, () =>
        kind === 'transfer'
          ? this.model.transfer(conn(held), conn(active))
          : this.model.conference(conn(held), conn(active)),
      );
      return;
    }
    const active = this.activeView(s);
    if (active?.phase !== 'connected') {
      this.refuse(s, Label.KeyIsNotActive, `${kind}: no connected call`);
      return;
    }
    const dn = active.dn;
    if (this.model.snapshotDevice(dn).length >= this.model.maxCallsOf(dn)) {
      this.refuse(s, Label.CanNotCompleteTransfer, `${kind}: ${dn} has no free channel (single-line DN)`);
      return;
    }
    // A connected call is always held (the model refuses only other states).
    this.act(s, () => this.model.hold(conn(active)));
    s.pending = { kind, heldKey: viewKey(active.callId, dn) };
    this.act(s, () => this.model.offHook(dn));
  }

  /**
   * Park (Cisco Unified CM Feature Configuration Guide, "Call Park"): the other party of the
   * connected call is parked on the first free Call Park number and the phone shows "Call park At
   * <number>" (DisplayNotify, label 33, for the Call Park Display Timer's default 10 s); all numbers
   * taken: "No Park Number Available" (label 71) and the call stays. Without Call Park (a CME) the
   * key is not active, as every key the station does not model.
   */
  private parkKey(s: StationState, event: number): void {
    const park = this.callPark;
    if (park === undefined) {
      this.refuse(s, Label.KeyIsNotActive, `soft key ${event} is not modelled`);
      return;
    }
    const v = this.activeView(s);
    if (v?.phase !== 'connected') {
      this.refuse(s, Label.KeyIsNotActive, 'park: no connected call');
      return;
    }
    const prev = this.signalling.actor;
    this.signalling.actor = s;
    try {
      const parked = park.park(conn(v));
      if (!parked.ok) {
        const label =
          parked.error.code === 'noParkNumberAvailable' ? Label.NoParkNumberAvailable : Label.KeyIsNotActive;
        this.refuse(s, label, parked.reason);
        return;
      }
      const text = `${labelRef(Label.CallParkAt)} ${parked.value.parkDn}`;
      this.signalling.send(s, notify(s.device.session.protocolVersion, text, 10));
    } finally {
      this.signalling.actor = prev;
    }
  }

  private forwardAllKey(s: StationState, lineInstance: number): void {
    const line =
      this.node.appearances.line(s.device.deviceName, lineInstance) ??
      this.node.appearances.linesOf(s.device.deviceName)[0];
    if (!line) return;
    const dn = line.dns[0];
    if (!dn) return;
    const active = this.model
      .getForwarding(dn)
      .some((f) => f.forwardingType === 'forwardImmediate' && f.forwardStatus);
    if (active) {
      this.act(s, () => this.model.setForwarding(dn, { type: 'forwardImmediate', activate: false }));
      return;
    }
    s.forwardCollect = { dn, lineInstance: line.lineInstance, digits: '' };
    this.signalling.send(
      s,
      prompt(s.device.session.protocolVersion, labelRef(Label.EnterNumber), line.lineInstance, 0),
    );
  }

  private finishForward(s: StationState, fc: NonNullable<StationState['forwardCollect']>): void {
    s.forwardCollect = undefined;
    if (fc.digits === '') {
      this.signalling.showIdlePrompt(s);
      return;
    }
    this.act(s, () =>
      this.model.setForwarding(fc.dn, { type: 'forwardImmediate', activate: true, destination: fc.digits }),
    );
  }

  // ------------------------------------------------------------------ helpers

  private dnsOf(s: StationState): string[] {
    return this.node.appearances.linesOf(s.device.deviceName).flatMap((l) => l.dns);
  }

  /** The call this phone is using now (off-hook, dialling, talking, hearing busy or ringback). */
  activeView(s: StationState): CallView | undefined {
    const order = ['offhook', 'dialing', 'busy', 'invalid', 'failed', 'ringout', 'connected'];
    for (const phase of order) {
      const v = [...s.views.values()].find((x) => x.phase === phase);
      if (v) return v;
    }
    return undefined;
  }

  private ringingView(s: StationState, callReference: number, lineInstance: number): CallView | undefined {
    const ringing = [...s.views.values()].filter((v) => v.phase === 'ringin');
    // 0 names no call and no line: references start at 0x01000001, line instances at 1.
    return (
      ringing.find((v) => v.callReference === callReference) ??
      ringing.find((v) => v.lineInstance === lineInstance) ??
      ringing[0]
    );
  }

  /** Run a model operation on behalf of a phone; a refused operation is shown on the phone. */
  private act(s: StationState, op: () => Result<unknown, CallRefusal>): boolean {
    return this.guard(s, op);
  }

  private guard(s: StationState | undefined, op: () => Result<unknown, CallRefusal>): boolean {
    const prev = this.signalling.actor;
    this.signalling.actor = s;
    try {
      const result = op();
      // The model's reason starts with its code ("invalidConnectionState: cannot hold ...").
      if (!result.ok && s) this.refuse(s, Label.KeyIsNotActive, result.reason);
      return result.ok;
    } finally {
      this.signalling.actor = prev;
    }
  }

  private refuse(s: StationState, label: number, why: string): void {
    this.node.observations.publish({
      kind: 'state',
      time: this.node.clock.now(),
      source: this.node.name,
      topic: 'refused',
      detail: { device: s.device.deviceName, why },
    });
    this.signalling.send(s, prompt(s.device.session.protocolVersion, labelRef(label), 0, 0, 10));
  }
}

function conn(v: CallView): ConnectionID {
  return { callID: v.callId, deviceID: v.dn };
}
