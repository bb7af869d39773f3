import { isIPv4, isIPv6 } from 'node:net';
import { type Clock, systemClock, type TimerHandle } from '../lab/clock.ts';
import type { ObservationStream } from '../lab/observation.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import type { SccpDecodeError } from '../sccp/decode-error.ts';
import { DCallStateName, KeyPadButtonByChar } from '../sccp/enums.ts';
import type { SccpMessage, SccpMessageType } from '../sccp/messages.ts';
import type { StationFrame } from './call-manager-connection.ts';
import { foregroundCall, heldCall, ringingCall } from './call-selection.ts';
import { deviceTypeForModel } from './device-type.ts';
import { StationMediaPorts } from './media-ports.ts';
import {
  NoCallManagerError,
  PhoneActionError,
  PhoneConfigError,
  PhoneStoppedError,
  PhoneWaitTimeoutError,
  type RegistrationAttemptFailure,
  RegistrationRejectedError,
} from './phone-errors.ts';
import { PhoneEventHub, type PhoneEventName, type PhoneEvents } from './phone-events.ts';
import { lineStimulus, openReceiveChannelAck, type StationIdentity } from './phone-messages.ts';
import { PhoneSession, type PhoneSessionEnv, type PhoneSessionHooks } from './phone-session.ts';
import { hasActiveCall, initialPhoneState, type PhoneState, resetServerState } from './phone-state.ts';
import { softKeyEventFor } from './soft-key-event.ts';
import { applyServerMessage } from './state-reducer.ts';

export interface SccpPhoneOptions {
  /** 12 hex digits; the device name is `SEP` + the MAC in upper case. */
  mac: string;
  /** '7961', '7912', 'Cisco7970', ... (DeviceType via enums.ts) or a numeric device type. */
  model: string;
  /** The call-manager list, primary first (chan-sccp (CallManager list and failover) callManagerGroup). */
  servers: ReadonlyArray<{ host: string; port: number }>;
  clock?: Clock;
  observations?: ObservationStream;
  /** Protocol version offered in RegisterReq (default 15, §2). */
  protocolVersion?: number;
  /** Unanswered keepalives before the server counts as lost (default 3, §4 chan_skinny). */
  keepaliveMissLimit?: number;
  /** How often to probe the primary with RegisterTokenReq while on another server (default 60 s, §5 backoff_time). */
  fallbackProbeIntervalMs?: number;
  /** IPv4 address put in RegisterReq / OpenReceiveChannelAck (default: the socket's local address). */
  stationIp?: string;
  /**
   * Where the phone says it receives RTP (OpenReceiveChannelAck), IPv4 or IPv6. Default: the
   * socket's local address, IPv6 too when the phone registered over IPv6. An IPv6 address needs
   * the ipv4or6 fields of protocol version 17+ (Wireshark packet-skinny (header versions)): below, the IPv4
   * station address is sent instead.
   */
  mediaIp?: string;
  /**
   * The address its TCP connections to call managers start from (bound before connect), IPv4 or
   * IPv6: one address per phone, as every real phone has its own. Default: the kernel's choice
   * (the route's source address, the same for every phone of the process).
   */
  localAddress?: string;
  /** TCP connect bound per server (default 5 s, injected clock). */
  connectTimeoutMs?: number;
  /** Bound on RegisterReq -> TimeDateRes and on a token answer (default 30 s, injected clock). */
  registrationTimeoutMs?: number;
  /** Bound on UnregisterReq -> UnregisterAck in stop() (default 2 s, injected clock). */
  unregisterTimeoutMs?: number;
  /**
   * Pause before walking the whole list again when no server registered the phone (default 1 s,
   * injected clock); it doubles after each such round up to `retryMaxIntervalMs` and starts again
   * from this value once the phone is registered. See {@link RETRY_BACKOFF} for the source.
   */
  retryIntervalMs?: number;
  /** Cap of the doubling retry pause (default 30 s, injected clock). */
  retryMaxIntervalMs?: number;
}

export interface SoftKeyOptions {
  line?: number;
  callReference?: number;
}

const DEFAULT_WAIT_MS = 5000;

/**
 * Retry back-off when no call manager of the list registers the phone. An SCCP phone must open a
 * TCP connection before it can register, and when that connection is lost it attempts to fail over
 * and register again (Cisco Community document 3109676 "Understanding SCCP Phone unregistration
 * and failover from the network's perspective", section TCP; Cisco Tech Note 200410 "Troubleshoot
 * IP Phone Unregistration": the keepalive mechanism also serves to re-establish the device's
 * connection with call control). No public Cisco source gives the SCCP firmware's retry timing, so
 * the numbers are ours: the shape (a delay that starts at the retry interval, doubles on every
 * failed retry and stops at a cap) is Cisco's documented "Reg Retry Intvl Cap" (Cisco IP Phone
 * 8800 Series Multiplatform Phones Administration Guide, SIP parameters); 1 s and 30 s are chosen
 * here so that a call manager that comes back is found again within 30 s.
 */
export const RETRY_BACKOFF = { initialMs: 1000, maxMs: 30_000 } as const;

/**
 * Why {@link SccpPhone.powerOn}'s first round did not register the phone: no server of the list
 * did (unreachable, RegisterReject or no answer; the reason lists each; the phone keeps trying),
 * or the phone was stopped first.
 */
export type PowerOnRefusal = 'no-call-manager' | 'stopped';

/**
 * A simulated Cisco SCCP IP phone on real TCP sockets: registers with the first reachable call
 * manager of its list (Wireshark packet-skinny and chan-sccp (registration)), keeps the registration alive (§4), fails
 * over to the next server when the current one is lost and returns to the primary through
 * RegisterTokenReq (§5); when no server of the list answers (a list of one whose server is gone)
 * it keeps walking the list with back-off (RETRY_BACKOFF) until one registers it. It keeps an
 * observable, JSON-serialisable picture of what a real phone would show (`state`) and presses
 * keys on request. All protocol timers read the injected clock; only `waitFor`/`nextMessage`
 * time-outs use real time (they guard tests, not the protocol).
 */
export class SccpPhone {
  readonly deviceName: string;
  readonly deviceType: number;
  private readonly mac: string;
  private readonly servers: ReadonlyArray<{ host: string; port: number }>;
  private readonly clock: Clock;
  private readonly observations: ObservationStream | undefined;
  private readonly opts: Required<
    Pick<
      SccpPhoneOptions,
      | 'protocolVersion'
      | 'keepaliveMissLimit'
      | 'fallbackProbeIntervalMs'
      | 'connectTimeoutMs'
      | 'registrationTimeoutMs'
      | 'unregisterTimeoutMs'
      | 'retryIntervalMs'
      | 'retryMaxIntervalMs'
    >
  >;
  private readonly stationIpOption: string | undefined;
  private readonly localAddressOption: string | undefined;
  private readonly mediaIpOption: string | undefined;
  private readonly live: PhoneState;
  private readonly events = new PhoneEventHub();
  private readonly ports = new StationMediaPorts();
  private readonly checks = new Set<() => void>();
  private readonly timers = new Set<TimerHandle>();
  private readonly hooks: PhoneSessionHooks;
  private session: PhoneSession | undefined;
  private probe: PhoneSession | undefined;
  private running = false;
  /** Set while re-registering after a loss or for fallback: reported as 'failover' once registered. */
  private moving: { from: number; reason: string } | undefined;
  /** The next retry pause (RETRY_BACKOFF) and the failed rounds since the last registration. */
  private retryDelayMs: number;
  private failedRounds = 0;

  constructor(options: SccpPhoneOptions) {
    if (!/^[0-9a-fA-F]{12}$/.test(options.mac))
      throw new PhoneConfigError(`MAC '${options.mac}' is not 12 hex digits`);
    if (options.servers.length === 0) throw new PhoneConfigError('the call-manager list is empty');
    if (options.stationIp !== undefined && !isIPv4(options.stationIp))
      throw new PhoneConfigError(`stationIp '${options.stationIp}' is not an IPv4 address`);
    if (options.mediaIp !== undefined && !isIPv4(options.mediaIp) && !isIPv6(options.mediaIp))
      throw new PhoneConfigError(`mediaIp '${options.mediaIp}' is not an IPv4 or IPv6 address`);
    if (options.localAddress !== undefined && !isIPv4(options.localAddress) && !isIPv6(options.localAddress))
      throw new PhoneConfigError(`localAddress '${options.localAddress}' is not an IPv4 or IPv6 address`);
    const limit = options.keepaliveMissLimit ?? 3;
    if (!Number.isInteger(limit) || limit < 1)
      throw new PhoneConfigError('keepaliveMissLimit must be an integer >= 1');
    const retryMs = options.retryIntervalMs ?? RETRY_BACKOFF.initialMs;
    const retryMaxMs = options.retryMaxIntervalMs ?? Math.max(retryMs, RETRY_BACKOFF.maxMs);
    if (!(retryMs > 0) || !(retryMaxMs >= retryMs))
      throw new PhoneConfigError('retryIntervalMs must be > 0 and retryMaxIntervalMs >= retryIntervalMs');
    this.mac = options.mac.toUpperCase();
    this.deviceName = `SEP${this.mac}`;
    this.deviceType = deviceTypeForModel(options.model);
    this.servers = options.servers.map((s) => ({ host: s.host, port: s.port }));
    this.clock = options.clock ?? systemClock;
    this.observations = options.observations;
    this.stationIpOption = options.stationIp;
    this.mediaIpOption = options.mediaIp;
    this.localAddressOption = options.localAddress;
    this.opts = {
      protocolVersion: options.protocolVersion ?? 15,
      keepaliveMissLimit: limit,
      fallbackProbeIntervalMs: options.fallbackProbeIntervalMs ?? 60_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      registrationTimeoutMs: options.registrationTimeoutMs ?? 30_000,
      unregisterTimeoutMs: options.unregisterTimeoutMs ?? 2000,
      retryIntervalMs: retryMs,
      retryMaxIntervalMs: retryMaxMs,
    };
    this.retryDelayMs = retryMs;
    this.live = initialPhoneState(this.deviceName);
    this.hooks = {
      identity: (localHost) => this.identity(localHost),
      received: (s, frame) => this.onReceived(s, frame),
      sent: (s, message) => {
        if (!this.events.has('sent')) return;
        this.events.emit('sent', {
          time: this.clock.now(),
          serverIndex: s.serverIndex,
          headerVersion: s.headerVersion,
          message,
        });
      },
      badInput: (s, error, fatal) => this.onBadInput(s, error, fatal),
      acked: (s, ack, agreed) => {
        if (s !== this.session) return;
        this.live.keepAliveInterval = ack.keepAliveInterval;
        this.live.secondaryKeepAliveInterval = ack.secondaryKeepAliveInterval;
        this.live.dateTemplate = ack.dateTemplate;
        this.live.protocolVersion = agreed;
      },
      lost: (s, reason) => {
        if (s === this.session) this.onServerLost(s.serverIndex, reason);
      },
    };
  }

  /** The live observable state (do not mutate; use {@link snapshot} to keep a copy). */
  get state(): Readonly<PhoneState> {
    return this.live;
  }

  /** The phone's end of its current call manager connection (the dashboard's ladder names it). */
  get localAddress(): { host: string; port: number } | undefined {
    return this.session?.localAddress;
  }

  snapshot(): PhoneState {
    return structuredClone(this.live);
  }

  on<K extends PhoneEventName>(event: K, listener: (e: PhoneEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /**
   * Registers with the first server of the list that answers (§3). Rejects with
   * {@link RegistrationRejectedError} on RegisterReject, {@link NoCallManagerError} when no
   * server could be reached or finished registration.
   */
  async start(): Promise<void> {
    if (this.running) throw new PhoneActionError('start', 'already started');
    this.running = true;
    this.resetBackoff();
    try {
      await this.registerInOrder(
        this.servers.map((_, i) => i),
        true,
      );
    } catch (err) {
      this.running = false;
      this.cancelTimers();
      this.live.serverIndex = null;
      this.live.server = null;
      this.changed();
      throw err;
    }
  }

  /**
   * Starts the phone as its firmware does at power-on: walks the list like {@link start}, but when
   * no server registers it (unreachable, RegisterReject, no answer) the phone does not give up: it
   * walks the list again, primary first, after the {@link RETRY_BACKOFF} pause, as after a lost
   * server, until one registers it or {@link stop} is called. Resolves after the first round: ok
   * when registered, else a refusal saying why (the phone keeps trying; watch `registered`).
   */
  async powerOn(): Promise<Result<void, PowerOnRefusal>> {
    if (this.running) throw new PhoneActionError('powerOn', 'already started');
    this.running = true;
    this.resetBackoff();
    const failure = await this.registerRound(this.servers.map((_, i) => i));
    if (failure === undefined) return this.running ? ok() : refused('stopped', 'phone stopped');
    return refused('no-call-manager', failure.message);
  }

  /** UnregisterReq -> UnregisterAck (bounded by unregisterTimeoutMs) -> close; cancels every timer. */
  async stop(): Promise<void> {
    const wasRunning = this.running;
    this.running = false;
    this.moving = undefined;
    this.cancelTimers();
    this.probe?.close('phone stopped');
    this.probe = undefined;
    const session = this.session;
    const wasRegistered = this.live.registered;
    if (session !== undefined) {
      if (session.phase === 'registered') await session.unregister(this.opts.unregisterTimeoutMs);
      else session.close('phone stopped');
    }
    this.ports.releaseAll();
    this.live.registered = false;
    this.live.media = { receive: {}, transmit: {} };
    if (wasRegistered || wasRunning) {
      this.publishState('registration', {
        registered: false,
        serverIndex: this.live.serverIndex,
        reason: 'stopped',
      });
      this.events.emit('unregistered', { serverIndex: this.live.serverIndex, reason: 'stopped' });
    }
    this.changed();
  }

  // ---- actions --------------------------------------------------------------------------------

  /** OffHook; answers the ringing call (on `line` if given) when there is one. */
  offHook(line?: number): void {
    const ringing = ringingCall(this.live, line);
    this.send('offHook', {
      type: 'OffHook',
      lineInstance: ringing?.lineInstance ?? line ?? 0,
      callReference: ringing?.callReference ?? 0,
    });
  }

  /** OnHook for the foreground call (or the active line with no call reference). */
  onHook(): void {
    const call = foregroundCall(this.live);
    this.send('onHook', {
      type: 'OnHook',
      lineInstance: call?.lineInstance ?? this.live.activeLine ?? 0,
      callReference: call?.callReference ?? 0,
    });
  }

  hangup(): void {
    this.onHook();
  }

  /** One KeypadButton per digit ('0'-'9', '*' = 14, '#' = 15, 'A'-'D', '+') on the foreground call. */
  dial(digits: string): void {
    const buttons = [...digits].map((ch) => {
      const kp = KeyPadButtonByChar.get(ch.toUpperCase());
      if (kp === undefined) throw new PhoneActionError('dial', `'${ch}' is not a keypad button`);
      return kp;
    });
    const session = this.registeredSession('dial');
    const call = foregroundCall(this.live);
    const lineInstance = call?.lineInstance ?? this.live.activeLine ?? 0;
    const callReference = call?.callReference ?? 0;
    for (const kpButton of buttons)
      session.send({ type: 'KeypadButton', kpButton, lineInstance, callReference });
  }

  /** Stimulus(Line, n): the line button (skinny-enums.txt DeviceStimulus Line = 9). */
  pressLine(n: number): void {
    if (!Number.isInteger(n) || n < 1)
      throw new PhoneActionError('pressLine', `line ${n} is not a line instance`);
    this.send('pressLine', lineStimulus(n));
  }

  /**
   * SoftKeyEvent for soft key `name` (event from the server's template, else the SoftKeyEvent
   * enum, see softKeyEventFor) on the given or current line/call: Answer picks the ringing call,
   * Resume the held one, other keys the foreground call.
   */
  softKey(name: string, opts: SoftKeyOptions = {}): void {
    const softKeyEvent = softKeyEventFor(this.live, name);
    if (softKeyEvent === undefined) throw new PhoneActionError('softKey', `unknown soft key '${name}'`);
    const key = name.toLowerCase();
    const call =
      key === 'answer'
        ? ringingCall(this.live, opts.line)
        : key === 'resume'
          ? heldCall(this.live, opts.line)
          : foregroundCall(this.live, opts.line);
    this.send('softKey', {
      type: 'SoftKeyEvent',
      softKeyEvent,
      lineInstance: opts.line ?? call?.lineInstance ?? this.live.activeLine ?? 0,
      callReference: opts.callReference ?? call?.callReference ?? 0,
    });
  }

  /** Soft key Answer on the ringing call; a PhoneActionError when nothing rings. */
  answer(): void {
    const ringing = ringingCall(this.live);
    if (ringing === undefined) throw new PhoneActionError('answer', 'no ringing call');
    this.softKey('Answer', { line: ringing.lineInstance, callReference: ringing.callReference });
  }

  // ---- waiting --------------------------------------------------------------------------------

  /**
   * Resolves as soon as `predicate(state)` holds (checked now and after every received message
   * and state change). The time-out is real time on purpose: it guards a test against a
   * silent peer and is not a protocol timer, so it does not read the injected clock.
   */
  waitFor(
    predicate: (state: Readonly<PhoneState>) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
    description = 'state',
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const check = (): void => {
        let ok: boolean;
        try {
          ok = predicate(this.live);
        } catch (err) {
          finish();
          reject(err);
          return;
        }
        if (ok) {
          finish();
          resolve();
        }
      };
      const finish = (): void => {
        this.checks.delete(check);
        if (timer !== undefined) clearTimeout(timer);
      };
      this.checks.add(check);
      timer = setTimeout(() => {
        finish();
        reject(new PhoneWaitTimeoutError(timeoutMs, `${this.deviceName} ${description}`));
      }, timeoutMs);
      check();
    });
  }

  /** The next received message of `type` (optionally matching `filter`); real-time time-out like waitFor. */
  nextMessage<T extends SccpMessageType>(
    type: T,
    timeoutMs = DEFAULT_WAIT_MS,
    filter: (m: Extract<SccpMessage, { type: T }>) => boolean = () => true,
  ): Promise<Extract<SccpMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const off = this.events.on('message', (e) => {
        if (e.message.type !== type) return;
        const m = e.message as Extract<SccpMessage, { type: T }>;
        if (!filter(m)) return;
        off();
        clearTimeout(timer);
        resolve(m);
      });
      const timer = setTimeout(() => {
        off();
        reject(new PhoneWaitTimeoutError(timeoutMs, `${this.deviceName} ${type}`));
      }, timeoutMs);
    });
  }

  // ---- registration and failover ----------------------------------------------------------------

  private env(): PhoneSessionEnv {
    return {
      clock: this.clock,
      observations: this.observations,
      deviceName: this.deviceName,
      localAddress: this.localAddressOption,
      connectTimeoutMs: this.opts.connectTimeoutMs,
      requestTimeoutMs: this.opts.registrationTimeoutMs,
      keepaliveMissLimit: this.opts.keepaliveMissLimit,
      protocolVersion: this.opts.protocolVersion,
    };
  }

  private identity(localHost: string): StationIdentity {
    return {
      deviceName: this.deviceName,
      mac: this.mac,
      deviceType: this.deviceType,
      stationIp: this.stationIp(localHost),
      protocolVersion: this.opts.protocolVersion,
      maxLines: Object.keys(this.live.lines).length,
    };
  }

  private stationIp(localHost: string): string {
    return this.stationIpOption ?? (isIPv4(localHost) ? localHost : '0.0.0.0');
  }

  /** The RTP receive address of OpenReceiveChannelAck (see `mediaIp` of the options). */
  private mediaIp(session: PhoneSession): string {
    const local = session.localHost;
    const wanted = this.mediaIpOption ?? (isIPv6(local) ? local : this.stationIp(local));
    if (isIPv4(wanted)) return wanted;
    if (isIPv6(wanted) && session.headerVersion >= 17) return wanted;
    return this.stationIp(session.localHost);
  }

  private server(index: number): { host: string; port: number } {
    const s = this.servers[index];
    if (s === undefined) throw new PhoneConfigError(`no server #${index}`);
    return s;
  }

  private async registerInOrder(order: readonly number[], stopOnReject: boolean): Promise<void> {
    const failures: RegistrationAttemptFailure[] = [];
    for (const index of order) {
      if (!this.running) throw new PhoneStoppedError('register');
      try {
        await this.registerWith(index);
        return;
      } catch (err) {
        if (!this.running) throw new PhoneStoppedError('register');
        if (err instanceof RegistrationRejectedError && stopOnReject) throw err;
        const s = this.server(index);
        failures.push({ serverIndex: index, host: s.host, port: s.port, reason: (err as Error).message });
      }
    }
    throw new NoCallManagerError(failures);
  }

  /** Registers with server `index`, on a new connection or on `probe`'s (token fallback). */
  private async registerWith(index: number, probe?: PhoneSession): Promise<void> {
    const session = probe ?? new PhoneSession(index, this.server(index), this.env(), this.hooks);
    this.session = session;
    resetServerState(this.live);
    this.ports.releaseAll();
    this.live.serverIndex = index;
    this.live.server = { index, ...this.server(index) };
    this.changed();
    if (probe === undefined) await session.connect();
    if (!this.running) {
      session.close('phone stopped');
      throw new PhoneStoppedError('register');
    }
    await session.register();
    this.live.registered = true;
    this.resetBackoff();
    this.publishState('registration', { registered: true, serverIndex: index });
    this.events.emit('registered', { index, ...this.server(index) });
    const moving = this.moving;
    this.moving = undefined;
    if (moving !== undefined) {
      const move = { from: moving.from, to: index, reason: moving.reason };
      this.publishState('failover', move);
      this.events.emit('failover', move);
    }
    this.changed();
    if (index !== 0) this.scheduleProbe(this.opts.fallbackProbeIntervalMs);
  }

  /**
   * §5: the current server is gone; walk the rest of the list (wrapping round to it last; a list of
   * one tries its only server again at once), then keep retrying with back-off (registerRound).
   */
  private onServerLost(from: number, reason: string): void {
    this.live.registered = false;
    this.ports.releaseAll();
    this.publishState('registration', { registered: false, serverIndex: from, reason });
    this.events.emit('unregistered', { serverIndex: from, reason });
    this.changed();
    this.cancelTimers();
    this.probe?.close('server lost');
    this.probe = undefined;
    if (!this.running) return;
    const n = this.servers.length;
    void this.failover(
      Array.from({ length: n }, (_, k) => (from + 1 + k) % n),
      from,
      reason,
    );
  }

  private async failover(order: number[], from: number, reason: string): Promise<void> {
    this.moving = { from, reason };
    await this.registerRound(order);
  }

  /**
   * One walk over `order` (a RegisterReject moves on to the next server). When nobody registers
   * the phone, the whole list is walked again, primary first, after the back-off pause
   * (RETRY_BACKOFF), and so on until a server registers the phone or it is stopped: a phone whose
   * only call manager is gone keeps trying it. Returns the round's failure, undefined when
   * registered (or stopped).
   */
  private async registerRound(order: readonly number[]): Promise<Error | undefined> {
    try {
      await this.registerInOrder(order, false);
      return undefined;
    } catch (err) {
      if (!this.running) return undefined;
      const failure = err as Error;
      const delayMs = this.retryDelayMs;
      this.retryDelayMs = Math.min(delayMs * 2, this.opts.retryMaxIntervalMs);
      this.failedRounds += 1;
      this.live.registered = false;
      this.publishState('registration', {
        registered: false,
        serverIndex: null,
        reason: failure.message,
        retryInMs: delayMs,
      });
      this.events.emit('retrying', { round: this.failedRounds, delayMs, reason: failure.message });
      this.changed();
      this.addTimer(delayMs, () => {
        void this.registerRound(this.servers.map((_, i) => i));
      });
      return failure;
    }
  }

  private resetBackoff(): void {
    this.retryDelayMs = this.opts.retryIntervalMs;
    this.failedRounds = 0;
  }

  private scheduleProbe(ms: number): void {
    this.addTimer(ms, () => {
      void this.probePrimary();
    });
  }

  /**
   * Token registration back to the primary (§5): a separate connection sends RegisterTokenReq;
   * RegisterTokenAck with no call in progress -> unregister from the current server and register
   * on that connection; RegisterTokenReject -> wait waitTimeBeforeNextReq seconds; a call in
   * progress or an unreachable primary -> try again after fallbackProbeIntervalMs.
   */
  private async probePrimary(): Promise<void> {
    const current = this.session;
    if (!this.running || current === undefined || current.serverIndex === 0 || !this.live.registered) return;
    const probe = new PhoneSession(0, this.server(0), this.env(), this.hooks);
    this.probe = probe;
    let answer: Awaited<ReturnType<PhoneSession['requestToken']>>;
    try {
      await probe.connect();
      answer = await probe.requestToken();
    } catch (err) {
      probe.close('probe failed');
      if (this.probe === probe) this.probe = undefined;
      this.publishState('fallback', { outcome: 'unreachable', reason: (err as Error).message });
      if (this.running && this.session === current) this.scheduleProbe(this.opts.fallbackProbeIntervalMs);
      return;
    }
    if (this.probe !== probe || !this.running || this.session !== current || !this.live.registered) {
      probe.close('probe abandoned');
      return;
    }
    this.probe = undefined;
    if (answer.kind === 'reject') {
      probe.close('token rejected');
      this.publishState('fallback', { outcome: 'rejected', waitSeconds: answer.waitSeconds });
      const wait = answer.waitSeconds > 0 ? answer.waitSeconds * 1000 : this.opts.fallbackProbeIntervalMs;
      this.scheduleProbe(wait);
      return;
    }
    if (hasActiveCall(this.live)) {
      probe.close('call in progress');
      this.publishState('fallback', { outcome: 'deferred', reason: 'call in progress' });
      this.scheduleProbe(this.opts.fallbackProbeIntervalMs);
      return;
    }
    const from = current.serverIndex;
    this.publishState('fallback', { outcome: 'accepted' });
    await current.unregister(this.opts.unregisterTimeoutMs);
    this.live.registered = false;
    this.publishState('registration', {
      registered: false,
      serverIndex: from,
      reason: 'fallback to primary',
    });
    this.events.emit('unregistered', { serverIndex: from, reason: 'fallback to primary' });
    this.changed();
    if (!this.running) {
      probe.close('phone stopped');
      return;
    }
    this.moving = { from, reason: 'fallback to primary' };
    try {
      await this.registerWith(0, probe);
    } catch (err) {
      if (!this.running) return;
      const n = this.servers.length;
      void this.failover(Array.from({ length: n - 1 }, (_, k) => k + 1).concat(0), 0, (err as Error).message);
    }
  }

  // ---- received messages ----------------------------------------------------------------------

  private onReceived(session: PhoneSession, frame: StationFrame): void {
    const m = frame.message;
    if (this.events.has('message'))
      this.events.emit('message', {
        time: frame.time,
        serverIndex: session.serverIndex,
        headerVersion: frame.headerVersion,
        message: m,
      });
    if (session === this.session) {
      this.handleMedia(session, m);
      if (applyServerMessage(this.live, m) && m.type === 'CallState') {
        this.publishState('call', {
          lineInstance: m.lineInstance,
          callReference: m.callReference,
          state: DCallStateName.get(m.callState) ?? m.callState,
        });
      }
      if (m.type === 'Reset' && this.running) this.onReset(session);
    }
    this.changed();
  }

  /** OpenReceiveChannel -> OpenReceiveChannelAck (status Ok, station IP, an even port, §6 frame 155). */
  private handleMedia(session: PhoneSession, m: SccpMessage): void {
    if (m.type === 'OpenReceiveChannel') {
      const key = String(m.passThroughPartyId);
      const existing = this.live.media.receive[key];
      const port = existing?.localPort ?? this.ports.allocate();
      const ip = this.mediaIp(session);
      session.send(
        openReceiveChannelAck(port !== undefined, ip, port ?? 0, m.passThroughPartyId, m.callReference),
      );
      if (port === undefined) return;
      this.live.media.receive[key] = {
        passThroughPartyId: m.passThroughPartyId,
        conferenceId: m.conferenceId,
        callReference: m.callReference,
        compressionType: m.compressionType,
        packetMs: m.milliSecondPacketSize,
        localIp: ip,
        localPort: port,
      };
    } else if (m.type === 'CloseReceiveChannel') {
      const open = this.live.media.receive[String(m.passThroughPartyId)];
      if (open !== undefined) this.ports.release(open.localPort);
    }
  }

  /** Reset/Restart (§3 Reset 0x009F): the phone drops the registration and registers again, primary first. */
  private onReset(session: PhoneSession): void {
    const from = session.serverIndex;
    session.close('reset by call manager');
    this.live.registered = false;
    this.publishState('registration', { registered: false, serverIndex: from, reason: 'reset' });
    this.events.emit('unregistered', { serverIndex: from, reason: 'reset' });
    this.cancelTimers();
    void this.failover(
      this.servers.map((_, i) => i),
      from,
      'reset',
    );
  }

  private onBadInput(session: PhoneSession, error: SccpDecodeError, fatal: boolean): void {
    this.publishState('bad-input', {
      serverIndex: session.serverIndex,
      code: error.code,
      message: error.message,
      offset: error.offset,
      fatal,
    });
    this.events.emit('bad-input', {
      serverIndex: session.serverIndex,
      code: error.code,
      message: error.message,
      fatal,
    });
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private registeredSession(action: string): PhoneSession {
    const s = this.session;
    if (s === undefined || s.phase !== 'registered' || !this.live.registered)
      throw new PhoneActionError(action, 'phone is not registered');
    return s;
  }

  private send(action: string, message: SccpMessage): void {
    this.registeredSession(action).send(message);
  }

  private changed(): void {
    this.events.emit('state', this.live);
    if (this.checks.size > 0) for (const check of [...this.checks]) check();
  }

  private publishState(topic: string, detail: Record<string, unknown>): void {
    this.observations?.publish({
      kind: 'state',
      time: this.clock.now(),
      source: this.deviceName,
      topic,
      detail,
    });
  }

  private addTimer(ms: number, fn: () => void): void {
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(handle);
      fn();
    }, ms);
    this.timers.add(handle);
  }

  private cancelTimers(): void {
    for (const t of this.timers) t.cancel();
    this.timers.clear();
  }
}
