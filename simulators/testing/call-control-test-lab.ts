import { ManualClock } from '../lab/manual-clock.ts';
import { ObservationStream } from '../lab/observation.ts';
import { KeyPadButtonByChar } from '../sccp/enums.ts';
import { messageWith } from '../sccp/message-defaults.ts';
import type { MessageOf, SccpMessage, SccpMessageType } from '../sccp/messages.ts';
import { StationCallControl } from '../station/call-control.ts';
import type { DnConfig, EphoneConfig, StationConfig, StationSettings } from '../station/station-config.ts';
import type { RegisteredDevice } from '../station/station-server.ts';
import { StationServer } from '../station/station-server.ts';
import type { StationSession } from '../station/station-session.ts';
import type { StationState } from '../station/station-view.ts';

/**
 * The CME's call control without sockets: a {@link StationServer} that is never started (its
 * config, line appearances, clock and observation stream are all call control reads) with a
 * {@link StationCallControl} on it, and phones that are only a registered device whose session
 * records what the node sends. A test calls the handler as the server would (registration,
 * station messages, unregistration), so everything is synchronous: what the node sends because of
 * a message has been recorded when the call returns, and an exception in call control fails the
 * test instead of being logged by the session. Timers read a {@link ManualClock}.
 */

/** An ephone-dn with the defaults of `ephone-dn <tag>` / `number <number>` and nothing else. */
export function testDn(tag: number, number: string, extra: Partial<DnConfig> = {}): DnConfig {
  return {
    tag,
    number,
    name: undefined,
    dualLine: false,
    ctiWatch: true,
    ctiNotify: false,
    forwardAll: undefined,
    forwardBusy: undefined,
    forwardNoAnswer: undefined,
    ...extra,
  };
}

/** An ephone (type 7961) whose buttons 1, 2, ... carry one DN tag each (`button 1:t1 2:t2`). */
export function testEphone(tag: number, mac: string, dnTags: number[]): EphoneConfig {
  return {
    tag,
    mac,
    deviceName: `SEP${mac}`,
    model: '7961',
    buttons: dnTags.map((t, i) => ({ index: i + 1, kind: 'normal' as const, dnTags: [t] })),
    logoutProfile: undefined,
  };
}

/**
 * A telephony-service with these ephone-dns and ephones: hostname cme-calls, max-ephones and
 * max-dn as many as given, keepalive 30 s, 8 conferences, transfer-system full-consult, source
 * address 127.0.0.1 port 0 (any free port); `settings` overrides any of these.
 */
export function testStationConfig(
  dns: DnConfig[],
  ephones: EphoneConfig[],
  settings: Partial<StationSettings> = {},
): StationConfig {
  return {
    settings: {
      hostname: 'cme-calls',
      maxEphones: ephones.length,
      maxDn: dns.length,
      keepaliveSeconds: 30,
      maxConferences: 8,
      transferSystem: 'full-consult',
      sourceAddress: '127.0.0.1',
      sourcePort: 0,
      secondaryAddress: undefined,
      ...settings,
    },
    dns: new Map(dns.map((d) => [d.tag, d])),
    ephones: new Map(ephones.map((e) => [e.tag, e])),
    unmodelled: [],
  };
}

/** The MACs of the phones of {@link threePhoneConfig}: ephones 1, 2 and 3. */
export const THREE_PHONE_MACS = ['001E4A34A35F', '000F8FC7B681', '0019E7FF1E30'] as const;

/**
 * The three-phone CME of the station server tests: ephones 1-3 (7961, MACs
 * {@link THREE_PHONE_MACS}) with one line each, ephone-dn 1 = 201, 2 = 202, 3 = 203 (plain
 * single-line DNs), max-ephones 3 and max-dn 10; `settings` overrides any setting.
 */
export function threePhoneConfig(hostname: string, settings: Partial<StationSettings> = {}): StationConfig {
  return testStationConfig(
    [testDn(1, '201'), testDn(2, '202'), testDn(3, '203')],
    THREE_PHONE_MACS.map((mac, i) => testEphone(i + 1, mac, [i + 1])),
    { hostname, maxDn: 10, ...settings },
  );
}

/**
 * The three-phone CME of the call-control tests. Phones: A (SEP00DD00000001) lines 1 = 401
 * (dual-line) and 2 = 404; B (SEP00DD00000002) lines 1 = 402 (single line) and 2 = 406;
 * C (SEP00DD00000003) lines 1 = 403 (dual-line) and 2 = 406: 406 is shared by B and C. DN 405
 * has no phone: cti-notify, call-forward all 402 / busy 403 / noan 403 after 12 s.
 */
export function callControlConfig(): StationConfig {
  return testStationConfig(
    [
      testDn(1, '401', { dualLine: true }),
      testDn(2, '402'),
      testDn(3, '403', { dualLine: true }),
      testDn(4, '404'),
      testDn(5, '405', {
        ctiNotify: true,
        forwardAll: '402',
        forwardBusy: '403',
        forwardNoAnswer: { number: '403', timeoutSeconds: 12 },
      }),
      testDn(6, '406'),
    ],
    [
      testEphone(1, '00DD00000001', [1, 4]),
      testEphone(2, '00DD00000002', [2, 6]),
      testEphone(3, '00DD00000003', [3, 6]),
    ],
  );
}

/** A phone as call control sees it: what it sent is a handler call, what it got is recorded. */
export class TestPhone {
  readonly received: SccpMessage[] = [];
  readonly device: RegisteredDevice;

  constructor(
    private readonly lab: CallControlTestLab,
    mac: string,
    protocolVersion: number,
  ) {
    const session = {
      protocolVersion,
      deviceName: `SEP${mac}`,
      send: (m: SccpMessage) => {
        this.received.push(m);
      },
    };
    this.device = {
      deviceName: `SEP${mac}`,
      ephoneTag: [...lab.config.ephones.values()].find((e) => e.mac === mac)?.tag ?? 0,
      // Call control and signalling use only `send` and `protocolVersion` of the session.
      session: session as unknown as StationSession,
      since: lab.clock.now(),
    };
  }

  /** RegisterAck sent, then TimeDateReq answered (station-server.ts calls the two hooks in that order). */
  register(): this {
    this.lab.control.onRegistered(this.device);
    this.lab.control.onRegistrationComplete(this.device);
    return this;
  }

  /** The connection went away (station-server.ts unregister). */
  unregister(): void {
    this.lab.control.onUnregistered(this.device);
  }

  /** What call control keeps for this phone (undefined once unregistered). */
  get state(): StationState | undefined {
    return this.lab.control.stations.get(this.device.deviceName);
  }

  send<T extends SccpMessageType>(type: T, fields: Partial<MessageOf<T>> = {}): void {
    this.lab.control.onStationMessage(this.device, messageWith(type, fields) as SccpMessage);
  }

  offHook(lineInstance = 1, callReference = 0): void {
    this.send('OffHook', { lineInstance, callReference });
  }

  onHook(callReference = 0, lineInstance = 1): void {
    this.send('OnHook', { lineInstance, callReference });
  }

  /** Keypad presses, one KeypadButton per character ('0'-'9', '*', '#', 'A'-'D', '+'). */
  keys(digits: string, lineInstance = 1, callReference = 0): void {
    for (const ch of digits) {
      const kpButton = KeyPadButtonByChar.get(ch);
      if (kpButton === undefined) throw new Error(`'${ch}' is not a keypad button`);
      this.send('KeypadButton', { kpButton, lineInstance, callReference });
    }
  }

  softKey(softKeyEvent: number, lineInstance = 1, callReference = 0): void {
    this.send('SoftKeyEvent', { softKeyEvent, lineInstance, callReference });
  }

  stimulus(stimulus: number, lineInstance = 1, callReference = 0): void {
    this.send('Stimulus', { stimulus, lineInstance, callReference, stimulusStatus: 0 });
  }

  /** Off-hook on `lineInstance` and dial `number`. */
  call(number: string, lineInstance = 1): void {
    this.offHook(lineInstance);
    this.keys(number, lineInstance);
  }

  /** Everything received from now on: `since(mark())`. */
  mark(): number {
    return this.received.length;
  }

  since(mark: number): SccpMessage[] {
    return this.received.slice(mark);
  }

  /** The messages of the type, in order. */
  all<T extends SccpMessageType>(type: T, from = 0): MessageOf<T>[] {
    return this.received.slice(from).filter((m): m is MessageOf<T> => m.type === type);
  }

  last<T extends SccpMessageType>(type: T): MessageOf<T> | undefined {
    const found = this.all(type);
    return found[found.length - 1];
  }

  /** The call reference of the latest CallState in `callState` (throws when there is none). */
  refIn(callState: number): number {
    const found = this.all('CallState').filter((m) => m.callState === callState);
    const last = found[found.length - 1];
    if (!last) throw new Error(`${this.device.deviceName} got no CallState ${callState}`);
    return last.callReference;
  }

  /** The phone's view of its calls: `dn:phase` (line order, then call order). */
  views(): string[] {
    return [...(this.state?.views.values() ?? [])].map((v) => `${v.dn}:${v.phase}`);
  }
}

export interface CallControlTestLabOptions {
  config?: StationConfig;
}

export class CallControlTestLab {
  readonly clock = new ManualClock();
  readonly observations = new ObservationStream();
  readonly config: StationConfig;
  readonly server: StationServer;
  readonly control: StationCallControl;
  /** The `why` of every refusal call control published (topic `refused`). */
  readonly refusals: string[] = [];
  /** Call-event listener errors call control published (topic `error`). */
  readonly errors: { where: string; error: string }[] = [];

  constructor(opts: CallControlTestLabOptions = {}) {
    this.config = opts.config ?? callControlConfig();
    this.server = new StationServer({
      config: this.config,
      clock: this.clock,
      observations: this.observations,
      log: () => {},
    });
    this.control = new StationCallControl(this.server);
    this.observations.subscribe((o) => {
      if (o.kind !== 'state') return;
      if (o.topic === 'refused') this.refusals.push((o.detail as { why: string }).why);
      if (o.topic === 'error') this.errors.push(o.detail as { where: string; error: string });
    });
  }

  get model() {
    return this.control.model;
  }

  /** A phone of the config (by MAC), not yet registered. */
  phone(mac: string, protocolVersion = 5): TestPhone {
    return new TestPhone(this, mac, protocolVersion);
  }

  /** The local connection states of `dn`'s calls, sorted. */
  states(dn: string): string[] {
    return this.model
      .snapshotDevice(dn)
      .map((i) => i.localConnectionState)
      .sort();
  }
}
