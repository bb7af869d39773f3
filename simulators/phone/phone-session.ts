import type { Clock, TimerHandle } from '../lab/clock.ts';
import type { ObservationStream } from '../lab/observation.ts';
import type { SccpDecodeError } from '../sccp/decode-error.ts';
import type { SccpMessage } from '../sccp/messages.ts';
import { StationConnection, type StationFrame } from './call-manager-connection.ts';
import { PhoneKeepalive } from './keepalive.ts';
import { RegistrationRejectedError, SccpPhoneError } from './phone-errors.ts';
import {
  bodiless,
  registerReq,
  registerTokenReq,
  type StationIdentity,
  unregisterReq,
} from './phone-messages.ts';
import {
  agreedProtocolVersion,
  phoneHeaderVersion,
  RegistrationHandshake,
  type RegistrationStep,
} from './registration.ts';

export type PhaseName = 'idle' | 'token' | 'registering' | 'registered' | 'unregistering' | 'closed';

export interface PhoneSessionEnv {
  clock: Clock;
  observations: ObservationStream | undefined;
  deviceName: string;
  /** Where its connections start from (SccpPhoneOptions.localAddress); undefined: the kernel's choice. */
  localAddress: string | undefined;
  connectTimeoutMs: number;
  /** Bound on RegisterReq -> TimeDateRes and RegisterTokenReq -> answer. */
  requestTimeoutMs: number;
  keepaliveMissLimit: number;
  protocolVersion: number;
}

export interface PhoneSessionHooks {
  identity(localHost: string): StationIdentity;
  received(session: PhoneSession, frame: StationFrame): void;
  sent(session: PhoneSession, message: SccpMessage): void;
  badInput(session: PhoneSession, error: SccpDecodeError, fatal: boolean): void;
  acked(
    session: PhoneSession,
    ack: Extract<RegistrationStep, { kind: 'acked' }>,
    agreedVersion: number,
  ): void;
  /** The server was lost after registration (connection closed, fatal input, keepalive). */
  lost(session: PhoneSession, reason: string): void;
}

export type TokenAnswer = { kind: 'ack' } | { kind: 'reject'; waitSeconds: number };

interface Pending<T> {
  resolve(v: T): void;
  reject(e: Error): void;
  timer: TimerHandle | undefined;
}

/** Used when RegisterAck carries keepAliveInterval 0 (⚠ chan-sccp sample configuration: 60 s, §4). */
const FALLBACK_KEEPALIVE_S = 60;

/**
 * One TCP connection from the phone to one call manager of its list, with its registration,
 * keepalive and token exchange (Wireshark packet-skinny and chan-sccp (registration)). The phone owns at most one
 * registered session, plus a short-lived one while probing the primary with RegisterTokenReq.
 */
export class PhoneSession {
  private conn: StationConnection | undefined;
  private current: PhaseName = 'idle';
  private intentional = false;
  private handshake: RegistrationHandshake | undefined;
  private keepalive: PhoneKeepalive | undefined;
  private registration: Pending<void> | undefined;
  private token: Pending<TokenAnswer> | undefined;
  private unregistration: Pending<void> | undefined;
  /** Header version of the phone's frames: 0 until RegisterAck agrees a version (§2). */
  headerVersion = 0;

  constructor(
    readonly serverIndex: number,
    readonly server: { host: string; port: number },
    private readonly env: PhoneSessionEnv,
    private readonly hooks: PhoneSessionHooks,
  ) {}

  get phase(): PhaseName {
    return this.current;
  }

  get connectionId(): string | undefined {
    return this.conn?.id;
  }

  get localHost(): string {
    return this.conn?.localAddress.host ?? '';
  }

  /** The phone's end of this connection, once connected. */
  get localAddress(): { host: string; port: number } | undefined {
    return this.conn?.localAddress;
  }

  async connect(): Promise<void> {
    this.conn = await StationConnection.connect({
      endpoint: this.server,
      clock: this.env.clock,
      observations: this.env.observations,
      source: this.env.deviceName,
      localAddress: this.env.localAddress,
      connectTimeoutMs: this.env.connectTimeoutMs,
      handlers: {
        message: (frame) => this.onFrame(frame),
        badInput: (error, fatal) => this.hooks.badInput(this, error, fatal),
        close: (reason) => this.onClose(reason),
      },
    });
  }

  /** Sends RegisterReq and resolves when registration completes (TimeDateRes, §3). */
  register(): Promise<void> {
    if (this.conn === undefined || !this.conn.isOpen)
      return Promise.reject(new SccpPhoneError('not connected'));
    this.current = 'registering';
    this.handshake = new RegistrationHandshake((m) => this.send(m));
    return new Promise<void>((resolve, reject) => {
      this.registration = {
        resolve,
        reject,
        timer: this.env.clock.setTimeout(
          () => this.drop(`no registration within ${this.env.requestTimeoutMs} ms`),
          this.env.requestTimeoutMs,
        ),
      };
      this.send(registerReq(this.hooks.identity(this.localHost)));
    });
  }

  /** RegisterTokenReq on this connection (§5): ack -> may register, reject -> wait. */
  requestToken(): Promise<TokenAnswer> {
    if (this.conn === undefined || !this.conn.isOpen)
      return Promise.reject(new SccpPhoneError('not connected'));
    this.current = 'token';
    return new Promise<TokenAnswer>((resolve, reject) => {
      this.token = {
        resolve,
        reject,
        timer: this.env.clock.setTimeout(
          () => this.drop(`no token answer within ${this.env.requestTimeoutMs} ms`),
          this.env.requestTimeoutMs,
        ),
      };
      this.send(registerTokenReq(this.hooks.identity(this.localHost)));
    });
  }

  /** UnregisterReq, then UnregisterAck (§3) or `timeoutMs` on the clock, then close. */
  unregister(timeoutMs: number): Promise<void> {
    this.keepalive?.stop();
    if (this.conn === undefined || !this.conn.isOpen) {
      this.close('unregister without connection');
      return Promise.resolve();
    }
    this.intentional = true;
    this.current = 'unregistering';
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.close('unregistered');
        resolve();
      };
      this.unregistration = {
        resolve: done,
        reject: done,
        timer: this.env.clock.setTimeout(done, timeoutMs),
      };
      this.send(unregisterReq());
    });
  }

  send(message: SccpMessage): boolean {
    if (this.conn === undefined) return false;
    const ok = this.conn.send(message, this.headerVersion);
    if (ok) this.hooks.sent(this, message);
    return ok;
  }

  /** Closes on the phone's own initiative: no `lost` hook. */
  close(reason: string): void {
    this.intentional = true;
    this.keepalive?.stop();
    if (this.conn?.isOpen) this.conn.close(reason);
    else this.onClose(reason);
  }

  /** Closes because the server failed; a registered session reports `lost`. */
  private drop(reason: string): void {
    this.keepalive?.stop();
    if (this.conn?.isOpen) this.conn.close(reason);
    else this.onClose(reason);
  }

  private onFrame(frame: StationFrame): void {
    const m = frame.message;
    this.hooks.received(this, frame);
    if (this.current === 'closed') return;
    if (m.type === 'KeepAliveAck') {
      this.keepalive?.ack();
      return;
    }
    if (m.type === 'KeepAliveReq') {
      this.send(bodiless.KeepAliveAck);
      return;
    }
    if (this.current === 'token') {
      if (m.type === 'RegisterTokenAck') this.settleToken({ kind: 'ack' });
      else if (m.type === 'RegisterTokenReject')
        this.settleToken({ kind: 'reject', waitSeconds: m.waitTimeBeforeNextReq });
      return;
    }
    if (this.current === 'unregistering') {
      if (m.type === 'UnregisterAck') this.unregistration?.resolve();
      return;
    }
    if (this.handshake === undefined) return;
    const step = this.handshake.handle(m);
    switch (step.kind) {
      case 'acked': {
        const agreed = agreedProtocolVersion(this.env.protocolVersion, step.maxProtocolVer);
        this.headerVersion = phoneHeaderVersion(agreed);
        const seconds = step.keepAliveInterval > 0 ? step.keepAliveInterval : FALLBACK_KEEPALIVE_S;
        this.keepalive?.stop();
        this.keepalive = new PhoneKeepalive({
          clock: this.env.clock,
          intervalMs: seconds * 1000,
          missLimit: this.env.keepaliveMissLimit,
          send: () => this.send(bodiless.KeepAliveReq),
          lost: (n) => this.drop(`${n} keepalives unanswered`),
        });
        this.hooks.acked(this, step, agreed);
        break;
      }
      case 'registered':
        if (this.current === 'registering') {
          this.current = 'registered';
          const pending = this.registration;
          this.registration = undefined;
          pending?.timer?.cancel();
          pending?.resolve();
        }
        break;
      case 'rejected': {
        // §3: RegisterReject, then the server closes; the phone does not wait for it.
        const pending = this.registration;
        this.registration = undefined;
        pending?.timer?.cancel();
        this.close(`rejected: ${step.text}`);
        pending?.reject(new RegistrationRejectedError(step.text, this.serverIndex));
        break;
      }
      case 'pending':
        break;
    }
  }

  private settleToken(answer: TokenAnswer): void {
    const pending = this.token;
    this.token = undefined;
    this.current = 'idle';
    pending?.timer?.cancel();
    pending?.resolve(answer);
  }

  private onClose(reason: string): void {
    if (this.current === 'closed') return;
    const wasRegistered = this.current === 'registered';
    this.current = 'closed';
    this.keepalive?.stop();
    // The error (and its stack) only when a request is waiting for it: closing a phone with none
    // (every stop of a registered phone) made one per phone for nobody (issue 13 profile).
    let failure: SccpPhoneError | undefined;
    for (const p of [this.registration, this.token, this.unregistration]) {
      if (p === undefined) continue;
      p.timer?.cancel();
      failure ??= new SccpPhoneError(
        `server #${this.serverIndex} ${this.server.host}:${this.server.port}: ${reason}`,
      );
      p.reject(failure);
    }
    this.registration = undefined;
    this.token = undefined;
    this.unregistration = undefined;
    if (wasRegistered && !this.intentional) this.hooks.lost(this, reason);
  }
}
