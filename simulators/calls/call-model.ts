import type { Clock, TimerHandle } from '../lab/clock.ts';
import { systemClock } from '../lab/clock.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import type {
  CallEvent,
  CallEventListener,
  ConnectionListItem,
  ConnectionStates,
  EventCause,
  ForwardingType,
} from './call-events.ts';
import { CallModelError, type CallRefusal } from './call-model-error.ts';
import type { ConnectionID, LocalConnectionState } from './connection-state.ts';
import { canTransition, isActiveState } from './connection-state.ts';
import { DEFAULT_INTERDIGIT_TIMEOUT_MS, DIALABLE_DIGITS, DialPlan } from './dial-plan.ts';
import type { DeviceOptions, ForwardingSetting, ForwardingStatus } from './line-device.ts';
import { DEFAULT_NO_ANSWER_TIMEOUT_MS, LineDevice } from './line-device.ts';

/**
 * The call model every node shares (DESIGN.md §2 `calls/`): line devices (directory numbers),
 * calls, connections in ECMA-269 states, and the services of CME CSTA guide "Supported CSTA Services
 * and Events". Nodes drive it with line-level operations and translate its {@link CallEvent}s into
 * their protocol (SCCP to phones, CSTA events to monitors).
 *
 * All operations are synchronous. They validate everything first and either refuse, returning
 * `{ ok: false, error: CallRefusal }` (lab/result.ts; the model is left untouched), or apply the
 * change and return `{ ok: true, value }`; events are delivered to listeners after the
 * operation's state change is complete, in ECMA-269 order. Inside the model, validation helpers
 * abort with a {@link CallModelError}; {@link CallModel.attempt} turns it into the refusal at the
 * public boundary, so it never leaves the model. Queries (`snapshotDevice`, `getDoNotDisturb`, ...)
 * on a device or call that does not exist throw: callers check `hasDevice` first.
 */

export interface CallModelOptions {
  readonly clock?: Clock;
  /** T302, default 10 s. */
  readonly interdigitTimeoutMs?: number;
  /** Default for forwardNoAns when SetForwarding gives no timeout; default 20 s. */
  readonly noAnswerTimeoutMs?: number;
  /** CME `max-conferences` (CME CSTA guide example: `max-conferences 8`); default 8. */
  readonly maxConferences?: number;
  /** Parties in one ad hoc conference; CME's basic conference is three-party. Default 3. */
  readonly maxConferenceParties?: number;
  /** Diversions one call may take before forwarding is ignored (loop guard). Default 5. */
  readonly maxForwardHops?: number;
  /**
   * How long a failed connection that the model took off-hook itself for a MakeCall (nobody lifted
   * a handset) hears busy / reorder before it is cleared; default
   * {@link DEFAULT_FAILED_CALL_RELEASE_MS}. `Infinity` never clears it (IOS `timeouts wait-release
   * infinity`).
   */
  readonly failedCallReleaseMs?: number;
  /** Called when a listener throws; without it the first listener error is rethrown after dispatch. */
  readonly onListenerError?: (error: unknown, event: CallEvent) => void;
}

/**
 * The calling party number the called party is shown instead of the calling line's (Cisco Unified
 * CM "Standard CTI Allow Calling Number Modification": "allows an application to modify the
 * calling party number"). The call's `callingDevice` stays the line that calls; the number rides
 * on the call (snapshotCall, Delivered / Established events) until a transfer changes who calls.
 */
export interface PresentationOptions {
  readonly presentedCallingNumber?: string | undefined;
}

/** Options of {@link CallModel.makeCall}. */
export interface MakeCallOptions extends PresentationOptions {
  /**
   * The user lifted the handset to place it (a prompted MakeCall, autoOriginate prompt): a
   * failure is then the user's to clear, as for a call they dialled, and is not released by
   * `failedCallReleaseMs`.
   */
  readonly userOffHook?: boolean;
}

/**
 * Why {@link CallModel.clear} clears a connection: normal clearing (ClearConnection, hang-up), or
 * why a leg outside the model ended before the call was placed (dial-via-office's callback to the
 * user's remote number: not answered, busy, unreachable).
 */
export type ClearCause = Extract<
  EventCause,
  'normalClearing' | 'callNotAnswered' | 'busy' | 'destNotObtainable'
>;

/** One entry of SnapshotDevice (ECMA-269 SnapshotDeviceData). */
export interface DeviceSnapshotItem {
  readonly callID: string;
  readonly connection: ConnectionID;
  readonly localConnectionState: LocalConnectionState;
  /** Every party on the call, this device included. */
  readonly endpoints: readonly {
    readonly deviceID: string;
    readonly localConnectionState: LocalConnectionState;
    /** Present for a party joined by singleStepConference as `silent`. */
    readonly participation?: 'silent';
  }[];
}

/** SnapshotCall (ECMA-269 SnapshotCallData). */
export interface CallSnapshot {
  readonly callID: string;
  readonly callingDevice: string;
  readonly calledDevice: string;
  /** The calling number the called party is shown, when an application set one (PresentationOptions). */
  readonly presentedCallingNumber?: string;
  readonly conference: boolean;
  readonly endpoints: readonly {
    readonly connection: ConnectionID;
    readonly localConnectionState: LocalConnectionState;
    /** Present for a party joined by singleStepConference as `silent`: it hears, it is not heard. */
    readonly participation?: 'silent';
  }[];
}

export interface TransferResult {
  /** A connection of the resulting call (at the transferred-to device). */
  readonly transferredCall: ConnectionID;
  readonly connections: readonly ConnectionListItem[];
}

export interface ConferenceResult {
  readonly conferenceCall: ConnectionID;
  readonly connections: readonly ConnectionListItem[];
}

interface ConnectionRecord {
  readonly device: string;
  callId: string;
  state: LocalConnectionState;
  noAnswerTimer: TimerHandle | undefined;
  /**
   * The model took this line off-hook itself (MakeCall doNotPrompt on a line nobody had taken
   * off-hook, or a consultation placed from such a connection): no user is there to hang up.
   */
  readonly autoOffHook: boolean;
  /** Clears the connection once it has been in `fail` for `failedCallReleaseMs` (autoOffHook only). */
  releaseTimer: TimerHandle | undefined;
  /** How a device joined by singleStepConference takes part (ECMA-323 ParticipationType). */
  readonly participation?: Participation;
}

/** ECMA-269 Single Step Conference Call participation: `silent` hears the call and is not heard. */
export type Participation = 'silent' | 'active';

type OriginCause = 'newCall' | 'makeCall' | 'consultation';

interface CallRecord {
  readonly id: string;
  /** Insertion order = order parties joined. */
  readonly connections: Map<string, ConnectionRecord>;
  callingDevice: string;
  calledDevice: string;
  lastRedirectionDevice: string | undefined;
  /** PresentationOptions: the calling number shown to the called party instead of callingDevice. */
  presentedCallingNumber: string | undefined;
  digits: string;
  interdigitTimer: TimerHandle | undefined;
  originCause: OriginCause;
  conference: boolean;
  /**
   * The first half of a MakeCall whose user is reached elsewhere ({@link CallModel.originateMakeCall}):
   * its initiated connection waits for {@link CallModel.completeMakeCall} and nothing else may take
   * it over (an off-hook or MakeCall on the device does not reuse it, Dial does not dial on it).
   */
  awaitingRemote: boolean;
  /** Creation order (the order `calls` iterates in). */
  readonly seq: number;
}

/**
 * A call's connections that keep the model's device index true: every set, delete and clear
 * also records which calls a device is in, so a device's connections are found without a scan
 * of every call (with 1,000 calls up, that scan was 5% of the CME's busy time in
 * bench:call-events, issue 13).
 */
class CallConnections extends Map<string, ConnectionRecord> {
  /** The call these are the connections of: set by `create` before the first connection. */
  owner!: CallRecord;

  constructor(private readonly index: Map<string, Set<CallRecord>>) {
    super();
  }

  override set(device: string, conn: ConnectionRecord): this {
    super.set(device, conn);
    const calls = this.index.get(device);
    if (calls === undefined) this.index.set(device, new Set([this.owner]));
    else calls.add(this.owner);
    return this;
  }

  override delete(device: string): boolean {
    const had = super.delete(device);
    if (had) this.unindex(device);
    return had;
  }

  override clear(): void {
    for (const device of this.keys()) this.unindex(device);
    super.clear();
  }

  /** `device` left this call: the index holds it in a call exactly while it has a connection there. */
  private unindex(device: string): void {
    const calls = this.index.get(device)!;
    calls.delete(this.owner);
    // An empty set left behind would only cost memory: connectionsOf returns [] for it as for none.
    if (calls.size === 0) this.index.delete(device);
  }
}

const GENERATABLE_DIGITS = /^[0-9*#A-Da-d]+$/;

/**
 * Default of {@link CallModelOptions.failedCallReleaseMs}: 30 s, the default of Cisco IOS
 * `timeouts wait-release` (Cisco IOS Voice Command Reference, voice-port configuration: how long a
 * voice port stays in the call-failure state while the router plays busy, reorder or
 * out-of-service tone before the call is released; 3-3600 s or infinity). No public Cisco source
 * gives this timer for an ephone-dn, so the lab takes the voice-port default. Not `timeouts busy`
 * (telephony-service / call-manager-fallback, default 10 s): Cisco documents that it applies only
 * to calls transferred to busy destinations, not to calls that dial a busy destination directly.
 */
export const DEFAULT_FAILED_CALL_RELEASE_MS = 30_000;

export class CallModel {
  private readonly clock: Clock;
  private readonly interdigitTimeoutMs: number;
  private readonly noAnswerTimeoutMs: number;
  private readonly maxConferences: number;
  private readonly maxConferenceParties: number;
  private readonly maxForwardHops: number;
  private readonly failedCallReleaseMs: number;
  private readonly onListenerError: ((error: unknown, event: CallEvent) => void) | undefined;
  private readonly devices = new Map<string, LineDevice>();
  private readonly calls = new Map<string, CallRecord>();
  /** Device -> the calls it has a connection in (kept by each call's CallConnections). */
  private readonly callsOfDevice = new Map<string, Set<CallRecord>>();
  private callSeq = 0;
  private readonly listeners = new Set<CallEventListener>();
  private readonly queue: CallEvent[] = [];
  private flushing = false;
  private nextCall = 1;
  /** The digit analysis over every device's number; undefined after a change, rebuilt on use. */
  private planCache: DialPlan | undefined;

  constructor(options: CallModelOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.interdigitTimeoutMs = positive(
      options.interdigitTimeoutMs ?? DEFAULT_INTERDIGIT_TIMEOUT_MS,
      'interdigit',
    );
    this.noAnswerTimeoutMs = positive(options.noAnswerTimeoutMs ?? DEFAULT_NO_ANSWER_TIMEOUT_MS, 'noAnswer');
    this.maxConferences = nonNegativeInt(options.maxConferences ?? 8, 'maxConferences');
    this.maxConferenceParties = nonNegativeInt(options.maxConferenceParties ?? 3, 'maxConferenceParties');
    this.maxForwardHops = nonNegativeInt(options.maxForwardHops ?? 5, 'maxForwardHops');
    this.failedCallReleaseMs = positiveOrInfinity(
      options.failedCallReleaseMs ?? DEFAULT_FAILED_CALL_RELEASE_MS,
      'failedCallRelease',
    );
    this.onListenerError = options.onListenerError;
    this.planCache = new DialPlan([], this.interdigitTimeoutMs);
  }

  /** The one boundary where an internal {@link CallModelError} becomes a refusal. */
  private attempt<T>(op: () => T): Result<T, CallRefusal> {
    try {
      return ok(op());
    } catch (error) {
      if (error instanceof CallModelError) return refused(error.refusal(), error.message);
      throw error;
    }
  }

  // ---------------------------------------------------------------- listeners

  /** Subscribe to every event; returns the unsubscribe function. */
  on(listener: CallEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  // ---------------------------------------------------------------- devices

  get dialPlan(): DialPlan {
    return this.plan;
  }

  private get plan(): DialPlan {
    this.planCache ??= new DialPlan(this.devices.keys(), this.interdigitTimeoutMs);
    return this.planCache;
  }

  addDevice(options: DeviceOptions): Result<void, CallRefusal> {
    return this.attempt(() => {
      const device = new LineDevice(options);
      if (this.devices.has(device.number))
        throw new CallModelError('invalidDeviceID', `device ${device.number} already exists`);
      this.devices.set(device.number, device);
      // LineDevice checked the number; the plan is rebuilt on its next use, not once per device
      // added (N devices at start-up cost O(N^2), issue 13).
      this.rebuildDialPlan();
    });
  }

  /** Removes a device, clearing its connections first. */
  removeDevice(number: string): Result<void, CallRefusal> {
    return this.attempt(() => {
      this.device(number);
      this.run(() => {
        this.clearDeviceConnections(number, 'normalClearing');
        this.devices.delete(number);
        this.rebuildDialPlan();
      });
    });
  }

  hasDevice(number: string): boolean {
    return this.devices.has(number);
  }

  deviceNumbers(): string[] {
    return [...this.devices.keys()];
  }

  maxCallsOf(number: string): number {
    return this.device(number).maxCalls;
  }

  /**
   * Phone registration. A DN whose phone goes away is out of service unless it is `cti notify`
   * (CME CSTA guide: forces the ephone-dn into a constant "up" state); going out of service clears its
   * connections with cause `destOutOfOrder`, and calls to it fail with that cause.
   */
  setInService(number: string, inService: boolean): Result<void, CallRefusal> {
    return this.attempt(() => {
      const d = this.device(number);
      if (typeof inService !== 'boolean')
        throw new CallModelError('invalidParameterValue', 'inService must be boolean');
      this.run(() => {
        d.registered = inService;
        if (!d.inService) this.clearDeviceConnections(number, 'destOutOfOrder');
      });
    });
  }

  isInService(number: string): boolean {
    return this.device(number).inService;
  }

  // ---------------------------------------------------------------- features (DND, forwarding, MWI)

  setDoNotDisturb(number: string, on: boolean): Result<void, CallRefusal> {
    return this.attempt(() => {
      const d = this.device(number);
      if (typeof on !== 'boolean')
        throw new CallModelError('invalidParameterValue', 'doNotDisturbOn must be boolean');
      this.run(() => {
        d.doNotDisturb = on;
        this.emit({
          type: 'DoNotDisturbEvent',
          device: number,
          doNotDisturbOn: on,
          monitoredDevices: [number],
        });
      });
    });
  }

  getDoNotDisturb(number: string): boolean {
    return this.device(number).doNotDisturb;
  }

  setForwarding(number: string, setting: ForwardingSetting): Result<void, CallRefusal> {
    return this.attempt(() => {
      const d = this.device(number);
      this.run(() => {
        const s = d.setForwarding(setting, this.noAnswerTimeoutMs);
        this.emit({
          type: 'ForwardingEvent',
          device: number,
          forwardingType: s.forwardingType,
          forwardStatus: s.forwardStatus,
          ...(s.forwardDN !== undefined ? { forwardTo: s.forwardDN } : {}),
          ...(s.noAnswerTimeoutMs !== undefined
            ? { ringDuration: Math.ceil(s.noAnswerTimeoutMs / 1000) }
            : {}),
          monitoredDevices: [number],
        });
      });
    });
  }

  getForwarding(number: string): ForwardingStatus[] {
    return this.device(number).forwardingList();
  }

  setMessageWaiting(number: string, on: boolean): Result<void, CallRefusal> {
    return this.attempt(() => {
      const d = this.device(number);
      if (typeof on !== 'boolean')
        throw new CallModelError('invalidParameterValue', 'messageWaitingOn must be boolean');
      this.run(() => {
        d.messageWaiting = on;
        this.emit({
          type: 'MessageWaitingEvent',
          targetDevice: number,
          messageWaitingOn: on,
          monitoredDevices: [number],
        });
      });
    });
  }

  getMessageWaiting(number: string): boolean {
    return this.device(number).messageWaiting;
  }

  // ---------------------------------------------------------------- call control

  /**
   * The device goes off-hook: a new call with its connection `initiated` (ServiceInitiated, cause
   * newCall). If the device already has an initiated call, that connection is returned. A connected
   * call of the device is put on hold first (the phone's NewCall key).
   */
  offHook(number: string): Result<ConnectionID, CallRefusal> {
    return this.attempt(() => {
      return this.run(() => this.startCall(number, 'newCall', true));
    });
  }

  /** Dial digits on an initiated connection; routes the call once the dial plan says complete. */
  dial(connection: ConnectionID, digits: string): Result<void, CallRefusal> {
    return this.attempt(() => {
      const { call, conn } = this.connection(connection);
      checkDigits(digits, 'invalidParameterValue');
      if (conn.state !== 'initiated')
        throw new CallModelError('invalidConnectionState', `cannot dial on a ${conn.state} connection`);
      if (call.awaitingRemote)
        throw new CallModelError('invalidConnectionState', 'the connection waits for its user elsewhere');
      this.run(() => {
        call.digits += digits;
        const m = this.plan.match(call.digits);
        if (m.kind === 'complete') this.endDigitCollection(call, m.number);
        else if (m.kind === 'invalid') this.endDigitCollection(call, undefined);
        else this.armInterdigit(call, m.exact);
      });
    });
  }

  /**
   * ECMA-269 MakeCall (doNotPrompt): off-hook and dial in one; the digits are final. On a line
   * nobody has taken off-hook the model takes it off-hook itself, so a failure there (busy,
   * unknown number, ...) is cleared after `failedCallReleaseMs` (see `fail` below); on a line
   * already off-hook (an initiated connection) the failed connection stays its user's to clear.
   */
  makeCall(
    callingNumber: string,
    calledDigits: string,
    options: MakeCallOptions = {},
  ): Result<ConnectionID, CallRefusal> {
    return this.attempt(() => {
      this.device(callingNumber);
      checkDigits(calledDigits, 'invalidDestination');
      return this.run(() => {
        const cid = this.startCall(callingNumber, 'makeCall', true, false, options.userOffHook === true);
        this.mustCall(cid.callID).presentedCallingNumber = options.presentedCallingNumber;
        this.dialFinal(this.mustCall(cid.callID), calledDigits, 'makeCall');
        return cid;
      });
    });
  }

  /**
   * The first half of a MakeCall whose calling user is reached somewhere else first (the CME's
   * dial-via-office, simulators/cme/cti/cti-dial-via-office.ts): the device's new connection is
   * `initiated` (ServiceInitiated, cause makeCall) and nothing is dialled until
   * {@link completeMakeCall}. The device must have no active call (`invalidDeviceState`): unlike
   * a MakeCall it does not take an initiated connection over, nor hold a connected one, because
   * the user is not at this device. Like a MakeCall nobody lifted a handset for, a failure is
   * cleared after `failedCallReleaseMs`.
   */
  originateMakeCall(
    callingNumber: string,
    options: PresentationOptions = {},
  ): Result<ConnectionID, CallRefusal> {
    return this.attempt(() => {
      this.device(callingNumber);
      for (const { conn } of this.connectionsOf(callingNumber))
        if (isActiveState(conn.state))
          throw new CallModelError('invalidDeviceState', `${callingNumber} has a ${conn.state} call`);
      return this.run(() => {
        const id = this.startCall(callingNumber, 'makeCall', false);
        const call = this.mustCall(id.callID);
        call.presentedCallingNumber = options.presentedCallingNumber;
        call.awaitingRemote = true;
        return id;
      });
    });
  }

  /**
   * The second half of {@link originateMakeCall}: the initiated connection dials `digits`, which
   * are final as a MakeCall's (Originated, then Delivered / Diverted / Failed).
   */
  completeMakeCall(connection: ConnectionID, digits: string): Result<void, CallRefusal> {
    return this.attempt(() => {
      const { call, conn } = this.connection(connection);
      checkDigits(digits, 'invalidDestination');
      if (conn.state !== 'initiated' || !call.awaitingRemote)
        throw new CallModelError(
          'invalidConnectionState',
          `cannot complete a MakeCall on a ${conn.state} connection`,
        );
      this.run(() => {
        call.awaitingRemote = false;
        this.dialFinal(call, digits, 'makeCall');
      });
    });
  }

  /** AnswerCall: an alerting connection becomes connected (Established). */
  answer(connection: ConnectionID): Result<void, CallRefusal> {
    return this.attempt(() => {
      const { call, conn } = this.connection(connection);
      if (conn.state !== 'alerting')
        throw new CallModelError('invalidConnectionState', `cannot answer a ${conn.state} connection`);
      const other = this.otherActive(conn.device, call.id);
      this.run(() => {
        if (other !== undefined) this.holdRecord(other, undefined);
        cancel(conn.noAnswerTimer);
        conn.noAnswerTimer = undefined;
        this.setState(conn, 'connected');
        this.emit({
          type: 'EstablishedEvent',
          establishedConnection: cid(call.id, conn.device),
          answeringDevice: conn.device,
          callingDevice: call.callingDevice,
          calledDevice: call.calledDevice,
          ...presented(call),
          ...(call.lastRedirectionDevice !== undefined
            ? { lastRedirectionDevice: call.lastRedirectionDevice }
            : {}),
          localConnectionInfo: states(call),
          cause: 'newCall',
          monitoredDevices: parties(call),
        });
      });
    });
  }

  /**
   * ClearConnection: the connection leaves the call (ConnectionCleared). When one party or none
   * would remain, the rest are cleared too and the call ends (CallCleared); in a conference the
   * remaining parties stay connected.
   */
  clear(connection: ConnectionID, cause: ClearCause = 'normalClearing'): Result<void, CallRefusal> {
    return this.attempt(() => {
      const { call, conn } = this.connection(connection);
      this.run(() => this.clearRecord(call, conn, cause));
    });
  }

  /** HoldCall: connected -> hold (Held). */
  hold(connection: ConnectionID): Result<void, CallRefusal> {
    return this.attempt(() => {
      const { conn } = this.connection(connection);
      if (conn.state !== 'connected')
        throw new CallModelError('invalidConnectionState', `cannot hold a ${conn.state} connection`);
      this.run(() => this.holdRecord(conn, undefined));
    });
  }

  /** RetrieveCall: hold -> connected (Retrieved); a connected call of the device is held first. */
  retrieve(connection: ConnectionID): Result<void, CallRefusal> {
    return this.attempt(() => {
      const { conn } = this.connection(connection);
      if (conn.state !== 'hold')
        throw new CallModelError('invalidConnectionState', `cannot retrieve a ${conn.state} connection`);
      const other = this.otherActive(conn.device, conn.callId);
      this.run(() => {
        if (other !== undefined) this.holdRecord(other, undefined);
        this.retrieveRecord(conn, undefined);
      });
    });
  }

  /**
   * ConsultationCall: holds the existing call (if connected) and calls `digits` from the same
   * device; returns the new call's connection. The device needs a free line (maxCalls >= 2: a CME
   * single-line ephone-dn cannot carry a consultation call).
   */
  consultation(existing: ConnectionID, digits: string): Result<ConnectionID, CallRefusal> {
    return this.attempt(() => {
      const { conn } = this.connection(existing);
      checkDigits(digits, 'invalidDestination');
      if (conn.state !== 'connected' && conn.state !== 'hold')
        throw new CallModelError('invalidConnectionState', `cannot consult from a ${conn.state} connection`);
      // A device with a connection is in service: going out of service clears its connections.
      const d = this.device(conn.device);
      if (this.connectionsOf(d.number).length >= d.maxCalls)
        throw new CallModelError('resourceBusy', `${d.number} has no free line for a consultation call`);
      // From a held call: the device must not be talking on another (at most one active connection).
      if (this.otherActive(d.number, conn.callId) !== undefined)
        throw new CallModelError('invalidDeviceState', `${d.number} already has an active call`);
      return this.run(() => {
        if (conn.state === 'connected') this.holdRecord(conn, 'consultation');
        // Stryker disable next-line BooleanLiteral: equivalent, the device has no initiated connection to reuse here (otherActive above refuses one)
        const id = this.startCall(d.number, 'consultation', false, conn.autoOffHook);
        this.dialFinal(this.mustCall(id.callID), digits, 'consultation');
        return id;
      });
    });
  }

  /** AlternateCall: hold the active call and retrieve the held one (Held then Retrieved, cause alternate). */
  alternate(activeConnection: ConnectionID, heldConnection: ConnectionID): Result<void, CallRefusal> {
    return this.attempt(() => {
      const active = this.connection(activeConnection).conn;
      const held = this.connection(heldConnection).conn;
      if (active.device !== held.device)
        throw new CallModelError('notSameDevice', 'both connections must be one device');
      if (active.callId === held.callId)
        throw new CallModelError('requestIncompatibleWithConnection', 'both connections are in one call');
      if (active.state !== 'connected')
        throw new CallModelError('invalidActiveConnectionState', `active connection is ${active.state}`);
      if (held.state !== 'hold')
        throw new CallModelError('invalidHeldConnectionState', `held connection is ${held.state}`);
      this.run(() => {
        this.holdRecord(active, 'alternate');
        this.retrieveRecord(held, 'alternate');
      });
    });
  }

  /**
   * TransferCall (consultative): the transferring device leaves both calls and their other parties
   * are joined in the held (primary) call, which keeps its call ID; the active (secondary) call's ID
   * is retired. The consulted party may still be alerting (transfer on ringing): it keeps ringing
   * in the joined call and its answer gives an Established event there.
   */
  transfer(
    heldConnection: ConnectionID,
    activeConnection: ConnectionID,
  ): Result<TransferResult, CallRefusal> {
    return this.attempt(() => {
      const { primary, secondary, held, active, others1, others2 } = this.twoCalls(
        heldConnection,
        activeConnection,
      );
      if (others2.some((c) => c.state !== 'alerting' && c.state !== 'connected' && c.state !== 'hold'))
        throw new CallModelError('invalidActiveConnectionState', 'the consulted party is not reached yet');
      const merged = others1.length + others2.length;
      if (merged > 2 && merged > this.maxConferenceParties)
        throw new CallModelError(
          'conferenceMemberLimitExceeded',
          `${merged} parties exceed the conference size`,
        );
      const device = held.device;
      const transferredTo = others2[0]!.device;
      return this.run(() => {
        const monitored = union(parties(primary), parties(secondary));
        this.removeRecord(primary, held);
        this.removeRecord(secondary, active);
        const connections = this.join(primary, secondary, others1, others2);
        primary.callingDevice = others1[0]!.device;
        primary.calledDevice = transferredTo;
        primary.presentedCallingNumber = undefined;
        primary.conference = primary.connections.size >= 3;
        this.emit({
          type: 'TransferedEvent',
          primaryOldCall: cid(primary.id, device),
          secondaryOldCall: cid(secondary.id, device),
          transferringDevice: device,
          transferredToDevice: transferredTo,
          transferredConnections: connections,
          localConnectionInfo: { ...states(primary), [device]: 'null' },
          cause: 'transfer',
          monitoredDevices: monitored,
        });
        return { transferredCall: cid(primary.id, transferredTo), connections };
      });
    });
  }

  /**
   * SingleStepTransferCall (blind transfer): the transferring device leaves at once and the other
   * party is routed to `digits` (Transfered, then Delivered/Diverted/Failed with cause
   * singleStepTransfer). If the destination is busy the transferred party's connection fails.
   * Returns the connection now offered the call.
   */
  singleStepTransfer(
    activeConnection: ConnectionID,
    digits: string,
    options: PresentationOptions = {},
  ): Result<ConnectionID, CallRefusal> {
    return this.attempt(() => {
      const { call, conn } = this.connection(activeConnection);
      checkDigits(digits, 'invalidDestination');
      if (conn.state !== 'connected')
        throw new CallModelError(
          'invalidActiveConnectionState',
          `cannot transfer a ${conn.state} connection`,
        );
      const others = [...call.connections.values()].filter((c) => c !== conn);
      if (others.length !== 1)
        throw new CallModelError(
          'requestIncompatibleWithConnection',
          'single-step transfer needs a two-party call',
        );
      const remaining = others[0]!;
      if (remaining.state !== 'connected')
        throw new CallModelError(
          'requestIncompatibleWithConnection',
          `the other party is ${remaining.state}`,
        );
      const number = this.plan.matchFinal(digits);
      if (number === undefined)
        throw new CallModelError('invalidDestination', `no device answers to '${digits}'`);
      if (number === conn.device || number === remaining.device)
        throw new CallModelError('invalidDestination', `${number} is already a party to the call`);
      return this.run(() => {
        const monitored = parties(call);
        this.removeRecord(call, conn);
        call.callingDevice = remaining.device;
        call.calledDevice = number;
        call.presentedCallingNumber = options.presentedCallingNumber;
        this.emit({
          type: 'TransferedEvent',
          primaryOldCall: cid(call.id, conn.device),
          transferringDevice: conn.device,
          transferredToDevice: number,
          transferredConnections: [
            {
              oldConnection: cid(call.id, remaining.device),
              newConnection: cid(call.id, remaining.device),
              endpoint: remaining.device,
            },
          ],
          localConnectionInfo: { ...states(call), [conn.device]: 'null' },
          cause: 'singleStepTransfer',
          monitoredDevices: monitored,
        });
        this.route(call, remaining.device, number, 'singleStepTransfer', 0, conn.device);
        // The connection the call now alerts (a forward-all target, say); the requested one if it failed.
        const offered = [...call.connections.keys()].find((d) => d !== remaining.device);
        return cid(call.id, offered ?? number);
      });
    });
  }

  /**
   * ConferenceCall: the held call's parties and the active call's parties become one call (the held
   * call's ID); the conferencing device is connected in it. Limited by `maxConferences` (CME
   * `max-conferences`) and `maxConferenceParties`.
   */
  conference(
    heldConnection: ConnectionID,
    activeConnection: ConnectionID,
  ): Result<ConferenceResult, CallRefusal> {
    return this.attempt(() => {
      const { primary, secondary, held, active, others1, others2 } = this.twoCalls(
        heldConnection,
        activeConnection,
      );
      if (others2.some((c) => c.state !== 'connected'))
        throw new CallModelError('invalidActiveConnectionState', 'the added party has not answered');
      const size = others1.length + others2.length + 1;
      if (size > this.maxConferenceParties)
        throw new CallModelError(
          'conferenceMemberLimitExceeded',
          `${size} parties exceed ${this.maxConferenceParties}`,
        );
      if (!primary.conference && !secondary.conference && this.conferenceCount() >= this.maxConferences)
        throw new CallModelError('resourceLimitExceeded', `max-conferences ${this.maxConferences} reached`);
      const device = held.device;
      const added = others2[0]!.device;
      return this.run(() => {
        this.removeRecord(secondary, active);
        const moved = this.join(primary, secondary, others1, others2);
        this.setState(held, 'connected');
        primary.conference = true;
        const connections: ConnectionListItem[] = [
          {
            oldConnection: cid(primary.id, device),
            newConnection: cid(primary.id, device),
            endpoint: device,
          },
          ...moved,
        ];
        this.emit({
          type: 'ConferencedEvent',
          primaryOldCall: cid(primary.id, device),
          secondaryOldCall: cid(secondary.id, device),
          conferencingDevice: device,
          addedParty: added,
          conferenceConnections: connections,
          localConnectionInfo: states(primary),
          cause: 'conference',
          monitoredDevices: parties(primary),
        });
        return { conferenceCall: cid(primary.id, device), connections };
      });
    });
  }

  /**
   * SingleStepConferenceCall (ECMA-269 Single Step Conference Call): the idle device `joining`
   * joins the call of the connected `activeConnection` at once, connected, with no second call.
   * `silent`: it hears the call and is not heard (a supervisor's silent monitoring; Cisco JTAPI
   * guide "Silent monitoring": only a connected call can be monitored), takes no conference
   * resources, and does not keep the call up once only one heard party is left. `active`: a party
   * like any other, within `maxConferences` / `maxConferenceParties`. Conferenced, cause
   * silentParticipation / singleStepConference. Returns the joined device's connection.
   */
  singleStepConference(
    activeConnection: ConnectionID,
    joining: string,
    participation: Participation,
  ): Result<ConnectionID, CallRefusal> {
    return this.attempt(() => {
      const { call, conn } = this.connection(activeConnection);
      if (participation !== 'silent' && participation !== 'active')
        throw new CallModelError('invalidParameterValue', `participation ${String(participation)}`);
      if (conn.state !== 'connected')
        throw new CallModelError(
          'invalidActiveConnectionState',
          `the call at ${conn.device} is ${conn.state}`,
        );
      if (![...call.connections.values()].some((c) => c !== conn && c.state === 'connected'))
        throw new CallModelError('invalidActiveConnectionState', 'no other party is connected');
      if (joining === conn.device)
        throw new CallModelError('notDifferentDevices', `${joining} is the active device`);
      const d = this.device(joining);
      if (!d.inService) throw new CallModelError('invalidDeviceState', `${joining} is out of service`);
      if (this.connectionsOf(joining).length > 0)
        throw new CallModelError('invalidDeviceState', `${joining} is not idle`);
      if (participation === 'active') {
        const size = [...call.connections.values()].filter((c) => c.participation !== 'silent').length + 1;
        if (size > this.maxConferenceParties)
          throw new CallModelError(
            'conferenceMemberLimitExceeded',
            `${size} parties exceed ${this.maxConferenceParties}`,
          );
        if (!call.conference && this.conferenceCount() >= this.maxConferences)
          throw new CallModelError('resourceLimitExceeded', `max-conferences ${this.maxConferences} reached`);
      }
      return this.run(() => {
        call.connections.set(joining, {
          device: joining,
          callId: call.id,
          state: 'connected',
          noAnswerTimer: undefined,
          autoOffHook: true,
          releaseTimer: undefined,
          participation,
        });
        if (participation === 'active') call.conference = true;
        this.emit({
          type: 'ConferencedEvent',
          primaryOldCall: cid(call.id, conn.device),
          conferencingDevice: conn.device,
          addedParty: joining,
          conferenceConnections: parties(call).map((p) => ({
            oldConnection: cid(call.id, p),
            newConnection: cid(call.id, p),
            endpoint: p,
          })),
          localConnectionInfo: states(call),
          cause: participation === 'silent' ? 'silentParticipation' : 'singleStepConference',
          monitoredDevices: parties(call),
        });
        return cid(call.id, joining);
      });
    });
  }

  /**
   * The alerting party withdraws and the call fails for the caller with `cause` (FailedEvent: the
   * caller's phone hears reorder tone). A CUCM route point whose CTI New Call Accept Timer ran out
   * with no Call Forward No Answer (Cisco JTAPI Developer Guide and CUCM CTI documents: "fast busy").
   */
  withdrawAlerting(
    alertingConnection: ConnectionID,
    cause: EventCause = 'destOutOfOrder',
  ): Result<void, CallRefusal> {
    return this.attempt(() => {
      const { call, conn } = this.connection(alertingConnection);
      if (conn.state !== 'alerting')
        throw new CallModelError(
          'invalidConnectionState',
          `withdraw only at alerting state, not ${conn.state}`,
        );
      this.run(() => {
        this.emitCleared(call, conn, cause);
        const from = [...call.connections.values()].find((c) => c.state === 'connected');
        if (from !== undefined) this.fail(call, from, conn.device, cause);
      });
    });
  }

  /** DeflectCall: only while alerting (CME CSTA guide "Deflect Call (only at alerting state)"); Diverted, cause redirected. */
  deflect(
    alertingConnection: ConnectionID,
    digits: string,
    options: PresentationOptions = {},
  ): Result<void, CallRefusal> {
    return this.attempt(() => {
      const { call, conn } = this.connection(alertingConnection);
      checkDigits(digits, 'invalidDestination');
      if (conn.state !== 'alerting')
        throw new CallModelError(
          'invalidConnectionState',
          `deflect only at alerting state, not ${conn.state}`,
        );
      const number = this.plan.matchFinal(digits);
      if (number === undefined)
        throw new CallModelError('invalidDestination', `no device answers to '${digits}'`);
      if (call.connections.has(number))
        throw new CallModelError('invalidDestination', `${number} is already a party to the call`);
      this.run(() => {
        if (options.presentedCallingNumber !== undefined)
          call.presentedCallingNumber = options.presentedCallingNumber;
        this.divert(call, conn, number, 'redirected', 0);
      });
    });
  }

  /**
   * Call Park (ECMA-269 Park Call; Cisco Unified CM Feature Configuration Guide, "Call Park"): the
   * parker leaves a two-party call and its other party waits at `parkDevice` in the `queued`
   * state (QueuedEvent, cause park, reported to the park device only), then the parker's
   * connection clears (ConnectionCleared, cause park). Which park device and the reversion timer
   * are the caller's (calls/call-park.ts). Returns the queued connection.
   */
  park(activeConnection: ConnectionID, parkDevice: string): Result<ConnectionID, CallRefusal> {
    return this.attempt(() => {
      const { call, conn } = this.connection(activeConnection);
      if (conn.state !== 'connected')
        throw new CallModelError('invalidConnectionState', `cannot park a ${conn.state} connection`);
      const others = [...call.connections.values()].filter((c) => c !== conn);
      if (others.length !== 1 || others[0]!.state !== 'connected')
        throw new CallModelError(
          'requestIncompatibleWithConnection',
          'park needs a two-party call whose other party is connected',
        );
      this.device(parkDevice);
      if (call.connections.has(parkDevice))
        throw new CallModelError('invalidDestination', `${parkDevice} is already a party to the call`);
      if (this.connectionsOf(parkDevice).length > 0)
        throw new CallModelError('resourceBusy', `${parkDevice} already holds a call`);
      return this.run(() => {
        const queued: ConnectionRecord = {
          device: parkDevice,
          callId: call.id,
          state: 'queued',
          noAnswerTimer: undefined,
          autoOffHook: false,
          releaseTimer: undefined,
        };
        call.connections.set(parkDevice, queued);
        this.emit({
          type: 'QueuedEvent',
          queuedConnection: cid(call.id, parkDevice),
          queue: parkDevice,
          callingDevice: call.callingDevice,
          calledDevice: call.calledDevice,
          numberQueued: 1,
          localConnectionInfo: states(call),
          cause: 'park',
          monitoredDevices: [parkDevice],
        });
        const monitored = parties(call).filter((d) => d !== parkDevice);
        this.removeRecord(call, conn);
        this.emit({
          type: 'ConnectionClearedEvent',
          droppedConnection: cid(call.id, conn.device),
          releasingDevice: conn.device,
          localConnectionInfo: { ...states(call), [conn.device]: 'null' },
          cause: 'park',
          monitoredDevices: monitored,
        });
        return cid(call.id, parkDevice);
      });
    });
  }

  /**
   * Park reversion: the queued (parked) connection clears (ConnectionCleared, cause recall,
   * reported to the park device only) and the call is offered to `digits` from its remaining
   * party (Delivered, cause recall, or Failed as any routing). Returns the connection offered.
   */
  recall(queuedConnection: ConnectionID, digits: string): Result<ConnectionID, CallRefusal> {
    return this.attempt(() => {
      const { call, conn } = this.connection(queuedConnection);
      checkDigits(digits, 'invalidDestination');
      if (conn.state !== 'queued')
        throw new CallModelError(
          'invalidConnectionState',
          `recall only a queued connection, not ${conn.state}`,
        );
      const from = [...call.connections.values()].find((c) => c.state === 'connected' || c.state === 'hold');
      if (from === undefined) throw new CallModelError('requestIncompatibleWithConnection', 'no party waits');
      const number = this.plan.matchFinal(digits);
      if (number === undefined)
        throw new CallModelError('invalidDestination', `no device answers to '${digits}'`);
      if (call.connections.has(number))
        throw new CallModelError('invalidDestination', `${number} is already a party to the call`);
      return this.run(() => {
        this.clearQueued(call, conn, 'recall');
        this.route(call, from.device, number, 'recall', 0, conn.device);
        return cid(call.id, number);
      });
    });
  }

  /** GenerateDigits (DTMF): only on a connected connection. */
  generateDigits(connection: ConnectionID, digits: string): Result<void, CallRefusal> {
    return this.attempt(() => {
      const { call, conn } = this.connection(connection);
      if (typeof digits !== 'string' || !GENERATABLE_DIGITS.test(digits))
        throw new CallModelError('invalidParameterValue', `not DTMF digits: ${String(digits)}`);
      if (conn.state !== 'connected')
        throw new CallModelError(
          'invalidConnectionState',
          `digits need a connected connection, not ${conn.state}`,
        );
      this.run(() =>
        this.emit({
          type: 'DigitsGeneratedEvent',
          connection: cid(call.id, conn.device),
          digitGeneratedList: digits,
          localConnectionInfo: states(call),
          monitoredDevices: parties(call),
        }),
      );
    });
  }

  // ---------------------------------------------------------------- snapshots

  snapshotDevice(number: string): DeviceSnapshotItem[] {
    this.device(number);
    return this.connectionsOf(number).map(({ call, conn }) => ({
      callID: call.id,
      connection: cid(call.id, number),
      localConnectionState: conn.state,
      endpoints: [...call.connections.values()].map((c) => ({
        deviceID: c.device,
        localConnectionState: c.state,
        ...silentMark(c),
      })),
    }));
  }

  snapshotCall(callId: string): CallSnapshot {
    const call = typeof callId === 'string' ? this.calls.get(callId) : undefined;
    if (call === undefined) throw new CallModelError('invalidCallID', `no call ${String(callId)}`);
    return {
      callID: call.id,
      callingDevice: call.callingDevice,
      calledDevice: call.calledDevice,
      ...presented(call),
      conference: call.conference,
      endpoints: [...call.connections.values()].map((c) => ({
        connection: cid(call.id, c.device),
        localConnectionState: c.state,
        ...silentMark(c),
      })),
    };
  }

  /** IDs of the calls that exist now. */
  callIds(): string[] {
    return [...this.calls.keys()];
  }

  // ================================================================ internals

  private device(number: string): LineDevice {
    const d = typeof number === 'string' ? this.devices.get(number) : undefined;
    if (d === undefined) throw new CallModelError('invalidDeviceID', `no device ${String(number)}`);
    return d;
  }

  private connection(id: ConnectionID): { call: CallRecord; conn: ConnectionRecord } {
    if (
      typeof id !== 'object' ||
      id === null ||
      typeof id.callID !== 'string' ||
      typeof id.deviceID !== 'string'
    )
      throw new CallModelError('invalidConnectionID', 'a ConnectionID needs callID and deviceID');
    const call = this.calls.get(id.callID);
    const conn = call?.connections.get(id.deviceID);
    if (call === undefined || conn === undefined)
      throw new CallModelError('invalidConnectionID', `no connection (${id.callID}, ${id.deviceID})`);
    return { call, conn };
  }

  private mustCall(id: string): CallRecord {
    const call = this.calls.get(id);
    if (call === undefined) throw new CallModelError('invalidCallID', `no call ${id}`);
    return call;
  }

  /** The device's connections, in the order the calls were made (the order `calls` iterates in). */
  private connectionsOf(number: string): { call: CallRecord; conn: ConnectionRecord }[] {
    const calls = this.callsOfDevice.get(number);
    if (calls === undefined) return [];
    const out: { call: CallRecord; conn: ConnectionRecord }[] = [];
    // The index holds a call exactly while the device has a connection in it (CallConnections).
    for (const call of calls) out.push({ call, conn: call.connections.get(number)! });
    return out.sort((a, b) => a.call.seq - b.call.seq);
  }

  /**
   * The device's active connection other than in `exceptCall`, if it is connected (to be held).
   * Throws when it is initiated or failed: the phone must hang that up first.
   */
  private otherActive(number: string, exceptCall: string): ConnectionRecord | undefined {
    if (this.device(number).manyActive) return undefined;
    for (const { call, conn } of this.connectionsOf(number)) {
      if (call.id === exceptCall || !isActiveState(conn.state)) continue;
      if (conn.state === 'connected') return conn;
      throw new CallModelError('invalidDeviceState', `${number} has a ${conn.state} call`);
    }
    return undefined;
  }

  private conferenceCount(): number {
    let n = 0;
    for (const c of this.calls.values()) if (c.conference) n++;
    return n;
  }

  private rebuildDialPlan(): void {
    this.planCache = undefined;
  }

  /** Validation shared by transfer and conference. */
  private twoCalls(heldConnection: ConnectionID, activeConnection: ConnectionID) {
    const h = this.connection(heldConnection);
    const a = this.connection(activeConnection);
    if (h.conn.device !== a.conn.device)
      throw new CallModelError('notSameDevice', 'both connections must be one device');
    if (h.call === a.call)
      throw new CallModelError('requestIncompatibleWithConnection', 'both connections are in one call');
    if (h.conn.state !== 'hold')
      throw new CallModelError('invalidHeldConnectionState', `held connection is ${h.conn.state}`);
    if (a.conn.state !== 'connected')
      throw new CallModelError('invalidActiveConnectionState', `active connection is ${a.conn.state}`);
    const others1 = [...h.call.connections.values()].filter((c) => c !== h.conn);
    const others2 = [...a.call.connections.values()].filter((c) => c !== a.conn);
    if (others1.length === 0)
      throw new CallModelError('invalidHeldConnectionState', 'the held call has no other party');
    // The held call's parties must have answered, so the joined call always has a party to route from.
    if (others1.some((c) => c.state !== 'connected' && c.state !== 'hold'))
      throw new CallModelError('invalidHeldConnectionState', 'a party of the held call has not answered');
    if (others2.length === 0)
      throw new CallModelError('invalidActiveConnectionState', 'the active call has no other party');
    if (others2.some((c) => h.call.connections.has(c.device)))
      throw new CallModelError('requestIncompatibleWithConnection', 'a party is on both calls');
    return { primary: h.call, secondary: a.call, held: h.conn, active: a.conn, others1, others2 };
  }

  /** Moves the secondary call's remaining parties into the primary call and retires the secondary call. */
  private join(
    primary: CallRecord,
    secondary: CallRecord,
    others1: readonly ConnectionRecord[],
    others2: readonly ConnectionRecord[],
  ): ConnectionListItem[] {
    const items: ConnectionListItem[] = others1.map((c) => ({
      oldConnection: cid(primary.id, c.device),
      newConnection: cid(primary.id, c.device),
      endpoint: c.device,
    }));
    for (const c of others2) {
      secondary.connections.delete(c.device);
      c.callId = primary.id;
      primary.connections.set(c.device, c);
      items.push({
        oldConnection: cid(secondary.id, c.device),
        newConnection: cid(primary.id, c.device),
        endpoint: c.device,
      });
    }
    this.dropCall(secondary);
    return items;
  }

  /**
   * A new call with the device's connection `initiated`. `inheritAutoOffHook`: a consultation is
   * placed on the same off-hook as the connection it consults from.
   */
  private startCall(
    number: string,
    cause: OriginCause,
    reuseInitiated: boolean,
    inheritAutoOffHook = false,
    userOffHook = false,
  ): ConnectionID {
    const d = this.device(number);
    if (!d.inService) throw new CallModelError('callingDeviceOutOfService', `${number} is out of service`);
    const mine = this.connectionsOf(number);
    if (reuseInitiated) {
      // A connection waiting for its user elsewhere (dial-via-office's callback) is not this
      // device's dial tone: the new call is refused below as with any other active call.
      const initiated = mine.find((x) => x.conn.state === 'initiated' && !x.call.awaitingRemote);
      if (initiated !== undefined) {
        if (cause === 'makeCall') initiated.call.originCause = 'makeCall';
        return cid(initiated.call.id, number);
      }
    }
    if (mine.length >= d.maxCalls)
      throw new CallModelError('resourceBusy', `all ${d.maxCalls} line(s) of ${number} are in use`);
    const other = this.otherActive(number, '');
    if (other !== undefined) this.holdRecord(other, undefined);
    const id = `C${this.nextCall++}`;
    const conn: ConnectionRecord = {
      device: number,
      callId: id,
      state: 'initiated',
      noAnswerTimer: undefined,
      autoOffHook: !userOffHook && (cause === 'makeCall' || inheritAutoOffHook),
      releaseTimer: undefined,
    };
    const connections = new CallConnections(this.callsOfDevice);
    const call: CallRecord = {
      id,
      connections,
      seq: this.callSeq++,
      callingDevice: number,
      calledDevice: '',
      lastRedirectionDevice: undefined,
      presentedCallingNumber: undefined,
      digits: '',
      interdigitTimer: undefined,
      originCause: cause,
      conference: false,
      awaitingRemote: false,
    };
    connections.owner = call;
    connections.set(number, conn);
    this.calls.set(id, call);
    this.emit({
      type: 'ServiceInitiatedEvent',
      initiatedConnection: cid(id, number),
      initiatingDevice: number,
      localConnectionInfo: states(call),
      cause,
      monitoredDevices: [number],
    });
    return cid(id, number);
  }

  /** Digits that are all there will be (MakeCall, consultation). */
  private dialFinal(call: CallRecord, digits: string, cause: OriginCause): void {
    call.originCause = cause;
    call.digits += digits;
    this.endDigitCollection(call, this.plan.matchFinal(call.digits));
  }

  /** T302: on expiry a "complete but more possible" number is taken, otherwise the call fails. */
  private armInterdigit(call: CallRecord, exact: string | undefined): void {
    cancel(call.interdigitTimer);
    call.interdigitTimer = this.clock.setTimeout(() => {
      call.interdigitTimer = undefined;
      if (this.calls.get(call.id) !== call) return;
      const conn = call.connections.get(call.callingDevice);
      if (conn?.state !== 'initiated') return;
      this.run(() =>
        this.endDigitCollection(call, exact, exact === undefined ? 'invalidNumberFormat' : undefined),
      );
    }, this.plan.interdigitTimeoutMs);
  }

  /** Digit collection is over: Originated, then the call is routed (or fails when no number matched). */
  private endDigitCollection(call: CallRecord, number: string | undefined, failCause?: EventCause): void {
    cancel(call.interdigitTimer);
    call.interdigitTimer = undefined;
    const parked = number === undefined ? undefined : this.parkedAt(number, call);
    if (parked !== undefined) {
      this.pickUpParked(call, parked);
      return;
    }
    const caller = call.connections.get(call.callingDevice)!;
    this.setState(caller, 'connected');
    call.calledDevice = number ?? call.digits;
    this.emit({
      type: 'OriginatedEvent',
      originatedConnection: cid(call.id, caller.device),
      callingDevice: caller.device,
      calledDevice: call.calledDevice,
      localConnectionInfo: states(call),
      cause: call.originCause,
      monitoredDevices: parties(call),
    });
    if (number === undefined) this.fail(call, caller, call.digits, failCause ?? 'invalidNumberFormat');
    else this.route(call, caller.device, number, 'newCall', 0, undefined);
  }

  /** The call parked (queued) at `number`, if `call` is a new call of one party dialling it. */
  private parkedAt(
    number: string,
    call: CallRecord,
  ): { call: CallRecord; conn: ConnectionRecord } | undefined {
    if (call.connections.size !== 1) return undefined;
    return this.connectionsOf(number).find((x) => x.conn.state === 'queued' && x.call !== call);
  }

  /**
   * Dialling a park device that holds a parked call retrieves it (Cisco "Call Park": "to retrieve
   * a parked call, dial the call park number"): the dialling party joins the parked call (its
   * call ID is kept, the dialling call's is retired: TransferedEvent, cause callPickup, names
   * the move, so phones keep their call reference) and the queued connection clears
   * (ConnectionCleared, cause callPickup, reported to the park device only).
   */
  private pickUpParked(call: CallRecord, parked: { call: CallRecord; conn: ConnectionRecord }): void {
    const retriever = call.connections.get(call.callingDevice)!;
    const target = parked.call;
    const waiting = [...target.connections.values()].filter((c) => c !== parked.conn);
    this.setState(retriever, 'connected');
    call.connections.delete(retriever.device);
    this.dropCall(call);
    retriever.callId = target.id;
    target.connections.set(retriever.device, retriever);
    const park = parked.conn.device;
    this.emit({
      type: 'TransferedEvent',
      primaryOldCall: cid(target.id, waiting[0]!.device),
      secondaryOldCall: cid(call.id, retriever.device),
      transferringDevice: park,
      transferredToDevice: retriever.device,
      transferredConnections: [
        ...waiting.map((c) => ({
          oldConnection: cid(target.id, c.device),
          newConnection: cid(target.id, c.device),
          endpoint: c.device,
        })),
        {
          oldConnection: cid(call.id, retriever.device),
          newConnection: cid(target.id, retriever.device),
          endpoint: retriever.device,
        },
      ],
      localConnectionInfo: { ...states(target), [park]: 'null' },
      cause: 'callPickup',
      monitoredDevices: parties(target).filter((d) => d !== park),
    });
    this.clearQueued(target, parked.conn, 'callPickup');
  }

  /** A parked (queued) connection leaves its call; only the park device's monitors are told. */
  private clearQueued(call: CallRecord, conn: ConnectionRecord, cause: EventCause): void {
    this.removeRecord(call, conn);
    this.emit({
      type: 'ConnectionClearedEvent',
      droppedConnection: cid(call.id, conn.device),
      releasingDevice: conn.device,
      localConnectionInfo: { ...states(call), [conn.device]: 'null' },
      cause,
      monitoredDevices: [conn.device],
    });
  }

  /**
   * Presents the call to `number` on behalf of party `from`: forward-all first (CME forwards even an
   * unregistered DN), then out of service, DND, busy (busy includes calling oneself) with
   * forward-busy, else the device alerts (Delivered) and forward-no-answer is armed. After
   * `maxForwardHops` diversions forwarding is ignored (loop guard).
   */
  private route(
    call: CallRecord,
    from: string,
    number: string,
    cause: EventCause,
    hops: number,
    lastRedirection: string | undefined,
  ): void {
    const fromConn = call.connections.get(from)!;
    const target = this.devices.get(number);
    if (target === undefined) {
      this.fail(call, fromConn, number, 'invalidNumberFormat');
      return;
    }
    const canForward = hops < this.maxForwardHops;
    const cfa = target.forward('forwardImmediate');
    if (canForward && cfa !== undefined && !call.connections.has(number)) {
      this.emitDiverted(call, number, cfa.destination, 'callForwardImmediate', [number]);
      this.route(call, from, cfa.destination, 'callForwardImmediate', hops + 1, number);
      return;
    }
    if (!target.inService) {
      this.fail(call, fromConn, number, 'destOutOfOrder');
      return;
    }
    if (target.doNotDisturb) {
      this.fail(call, fromConn, number, 'doNotDisturb');
      return;
    }
    const busy = call.connections.has(number) || this.connectionsOf(number).length >= target.maxCalls;
    if (busy) {
      const cfb = target.forward('forwardBusy');
      if (canForward && cfb !== undefined && !call.connections.has(number)) {
        this.emitDiverted(call, number, cfb.destination, 'callForwardBusy', [number]);
        this.route(call, from, cfb.destination, 'callForwardBusy', hops + 1, number);
      } else {
        this.fail(call, fromConn, number, 'busy');
      }
      return;
    }
    const conn: ConnectionRecord = {
      device: number,
      callId: call.id,
      state: 'alerting',
      noAnswerTimer: undefined,
      autoOffHook: false,
      releaseTimer: undefined,
    };
    call.connections.set(number, conn);
    call.lastRedirectionDevice = lastRedirection;
    this.emit({
      type: 'DeliveredEvent',
      connection: cid(call.id, number),
      alertingDevice: number,
      callingDevice: call.callingDevice,
      calledDevice: call.calledDevice,
      ...presented(call),
      ...(lastRedirection !== undefined ? { lastRedirectionDevice: lastRedirection } : {}),
      localConnectionInfo: states(call),
      cause,
      monitoredDevices: parties(call),
    });
    const cfna = target.forward('forwardNoAns');
    if (canForward && cfna !== undefined) {
      conn.noAnswerTimer = this.clock.setTimeout(() => {
        conn.noAnswerTimer = undefined;
        this.run(() => this.noAnswer(conn, hops));
      }, cfna.noAnswerTimeoutMs);
    }
  }

  private noAnswer(conn: ConnectionRecord, hops: number): void {
    const call = this.calls.get(conn.callId);
    if (call === undefined || call.connections.get(conn.device) !== conn || conn.state !== 'alerting') return;
    const fwd = this.devices.get(conn.device)?.forward('forwardNoAns');
    if (fwd === undefined) return;
    this.divert(call, conn, fwd.destination, 'callForwardNoAnswer', hops + 1);
  }

  /** An alerting connection leaves the call (Diverted) and the call is routed on. */
  private divert(
    call: CallRecord,
    conn: ConnectionRecord,
    destination: string,
    cause: EventCause,
    hops: number,
  ): void {
    const monitored = parties(call);
    this.removeRecord(call, conn);
    this.emitDiverted(call, conn.device, destination, cause, monitored);
    const from = [...call.connections.values()].find((c) => c.state === 'connected' || c.state === 'hold');
    if (from === undefined) {
      // Nobody left to route for (unreachable with the checks above): end the call cleanly.
      for (const rest of [...call.connections.values()]) this.emitCleared(call, rest, 'normalClearing');
      this.emit({
        type: 'CallClearedEvent',
        clearedCall: { callID: call.id },
        localConnectionInfo: { [conn.device]: 'null' },
        cause: 'normalClearing',
        monitoredDevices: monitored,
      });
      this.dropCall(call);
      return;
    }
    if (destination === from.device || call.connections.has(destination)) {
      this.fail(call, from, destination, 'busy');
      return;
    }
    this.route(call, from.device, destination, cause, hops, conn.device);
  }

  private emitDiverted(
    call: CallRecord,
    diverting: string,
    destination: string,
    cause: EventCause,
    alsoMonitored: readonly string[],
  ): void {
    this.emit({
      type: 'DivertedEvent',
      connection: cid(call.id, diverting),
      divertingDevice: diverting,
      newDestination: destination,
      callingDevice: call.callingDevice,
      calledDevice: call.calledDevice,
      ...(call.lastRedirectionDevice !== undefined
        ? { lastRedirectionDevice: call.lastRedirectionDevice }
        : {}),
      localConnectionInfo: { ...states(call), [diverting]: 'null' },
      cause,
      monitoredDevices: union(parties(call), alsoMonitored),
    });
  }

  /**
   * The party's connection fails (busy, DND, invalid number, out of order): Failed. A party that
   * has the call on hold (its call was deflected or forwarded on while it talks on another line)
   * cannot go to `fail` without becoming a second active call on its device, so its connection is
   * cleared instead, with the failure as the cause.
   *
   * Who clears a failed connection: a phone user who went off-hook hears the tone until they hang
   * up (the SCCP features' busy and reorder scenarios); a connection the model took off-hook for a
   * MakeCall has nobody to hang up, so it is released after `failedCallReleaseMs`, as IOS releases
   * a voice port left in the call-failure state after `timeouts wait-release` (Cisco IOS Voice
   * Command Reference). The client may clear it earlier (ClearConnection cancels the timer).
   */
  private fail(call: CallRecord, conn: ConnectionRecord, failing: string, cause: EventCause): void {
    if (conn.state === 'hold') {
      this.clearRecord(call, conn, cause);
      return;
    }
    this.setState(conn, 'fail');
    this.emit({
      type: 'FailedEvent',
      failedConnection: cid(call.id, conn.device),
      failingDevice: failing,
      callingDevice: call.callingDevice,
      calledDevice: call.calledDevice,
      ...(call.lastRedirectionDevice !== undefined
        ? { lastRedirectionDevice: call.lastRedirectionDevice }
        : {}),
      localConnectionInfo: states(call),
      cause,
      monitoredDevices: parties(call),
    });
    if (conn.autoOffHook) this.armRelease(conn, cause);
  }

  /**
   * The failed connection's release: ConnectionCleared with the failure as its cause, then
   * CallCleared when no other party remains (ECMA-269 Failed -> Connection Cleared -> Call
   * Cleared events; connection state fail -> null, ECMA-269 §6.1.5).
   */
  private armRelease(conn: ConnectionRecord, cause: EventCause): void {
    cancel(conn.releaseTimer);
    conn.releaseTimer = undefined;
    if (this.failedCallReleaseMs === Number.POSITIVE_INFINITY) return;
    conn.releaseTimer = this.clock.setTimeout(() => {
      conn.releaseTimer = undefined;
      const call = this.calls.get(conn.callId);
      if (call === undefined || call.connections.get(conn.device) !== conn || conn.state !== 'fail') return;
      this.run(() => this.clearRecord(call, conn, cause));
    }, this.failedCallReleaseMs);
  }

  private holdRecord(conn: ConnectionRecord, cause: EventCause | undefined): void {
    const call = this.mustCall(conn.callId);
    this.setState(conn, 'hold');
    this.emit({
      type: 'HeldEvent',
      heldConnection: cid(call.id, conn.device),
      holdingDevice: conn.device,
      localConnectionInfo: states(call),
      ...(cause !== undefined ? { cause } : {}),
      monitoredDevices: parties(call),
    });
  }

  private retrieveRecord(conn: ConnectionRecord, cause: EventCause | undefined): void {
    const call = this.mustCall(conn.callId);
    this.setState(conn, 'connected');
    this.emit({
      type: 'RetrievedEvent',
      retrievedConnection: cid(call.id, conn.device),
      retrievingDevice: conn.device,
      localConnectionInfo: states(call),
      ...(cause !== undefined ? { cause } : {}),
      monitoredDevices: parties(call),
    });
  }

  private clearRecord(call: CallRecord, conn: ConnectionRecord, cause: EventCause): void {
    const everyone = parties(call);
    this.emitCleared(call, conn, cause);
    // A silent party (singleStepConference) does not keep a call up: with one heard party left,
    // the call ends for everyone (the monitored call ended, so does its monitoring).
    const heard = [...call.connections.values()].filter((c) => c.participation !== 'silent').length;
    if (heard <= 1) {
      for (const rest of [...call.connections.values()]) this.emitCleared(call, rest, cause);
      this.emit({
        type: 'CallClearedEvent',
        clearedCall: { callID: call.id },
        localConnectionInfo: Object.fromEntries(everyone.map((d) => [d, 'null'])),
        cause,
        monitoredDevices: everyone,
      });
      this.dropCall(call);
    } else if (heard < 3) {
      call.conference = false;
    }
  }

  private emitCleared(call: CallRecord, conn: ConnectionRecord, cause: EventCause): void {
    const monitored = parties(call);
    this.removeRecord(call, conn);
    this.emit({
      type: 'ConnectionClearedEvent',
      droppedConnection: cid(call.id, conn.device),
      releasingDevice: conn.device,
      localConnectionInfo: { ...states(call), [conn.device]: 'null' },
      cause,
      monitoredDevices: monitored,
    });
  }

  private clearDeviceConnections(number: string, cause: EventCause): void {
    for (const { call, conn } of this.connectionsOf(number)) {
      if (this.calls.get(call.id) === call && call.connections.get(number) === conn)
        this.clearRecord(call, conn, cause);
    }
  }

  private removeRecord(call: CallRecord, conn: ConnectionRecord): void {
    cancel(conn.noAnswerTimer);
    conn.noAnswerTimer = undefined;
    cancel(conn.releaseTimer);
    conn.releaseTimer = undefined;
    this.setState(conn, 'null');
    call.connections.delete(conn.device);
  }

  private dropCall(call: CallRecord): void {
    cancel(call.interdigitTimer);
    call.interdigitTimer = undefined;
    for (const c of call.connections.values()) {
      cancel(c.noAnswerTimer);
      cancel(c.releaseTimer);
    }
    call.connections.clear();
    this.calls.delete(call.id);
  }

  private setState(conn: ConnectionRecord, to: LocalConnectionState): void {
    if (conn.state === to) return;
    // ECMA-269 §6.1.5: an internal transition outside the state model is a bug, not bad input.
    if (!canTransition(conn.state, to))
      throw new Error(`call model bug: ${conn.state} -> ${to} on ${conn.device}`);
    conn.state = to;
  }

  // ---------------------------------------------------------------- event dispatch

  private emit(event: CallEvent): void {
    this.queue.push(event);
  }

  /** Runs a state change, then delivers its events (also those a listener's own operations add). */
  private run<T>(fn: () => T): T {
    try {
      return fn();
    } finally {
      this.flush();
    }
  }

  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    let firstError: { error: unknown } | undefined;
    try {
      for (let event = this.queue.shift(); event !== undefined; event = this.queue.shift()) {
        for (const listener of [...this.listeners]) {
          try {
            listener(event);
          } catch (error) {
            if (this.onListenerError !== undefined) this.onListenerError(error, event);
            else firstError ??= { error };
          }
        }
      }
    } finally {
      this.flushing = false;
    }
    if (firstError !== undefined) throw firstError.error;
  }
}

function silentMark(c: ConnectionRecord): { participation?: 'silent' } {
  return c.participation === 'silent' ? { participation: 'silent' } : {};
}

function cid(callID: string, deviceID: string): ConnectionID {
  return { callID, deviceID };
}

function states(call: CallRecord): ConnectionStates {
  const out: Record<string, LocalConnectionState> = {};
  for (const c of call.connections.values()) out[c.device] = c.state;
  return out;
}

/** The call's presented calling number as an optional event / snapshot field. */
function presented(call: CallRecord): { presentedCallingNumber?: string } {
  return call.presentedCallingNumber === undefined
    ? {}
    : { presentedCallingNumber: call.presentedCallingNumber };
}

function parties(call: CallRecord): string[] {
  return [...call.connections.keys()];
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

function cancel(timer: TimerHandle | undefined): void {
  timer?.cancel();
}

function checkDigits(digits: string, code: 'invalidParameterValue' | 'invalidDestination'): void {
  if (typeof digits !== 'string' || !DIALABLE_DIGITS.test(digits))
    throw new CallModelError(code, `not dialable digits: ${String(digits)}`);
}

function positive(ms: number, what: string): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0)
    throw new CallModelError('invalidParameterValue', `${what} timeout must be > 0 ms`);
  return ms;
}

/** A timeout > 0 ms, or `Infinity` for "never". */
function positiveOrInfinity(ms: number, what: string): number {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms <= 0)
    throw new CallModelError('invalidParameterValue', `${what} timeout must be > 0 ms or Infinity`);
  return ms;
}

function nonNegativeInt(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0)
    throw new CallModelError('invalidParameterValue', `${what} must be an integer >= 0`);
  return n;
}

export type { ForwardingType };
