import type { Clock, TimerHandle } from '../lab/clock.ts';
import type { IncomingRegister, RegisterBinding } from '../sip/sip-register.ts';

/** `voice register session-server N` (CME CSTA guide "Create a Session Manager"). */
export interface SessionServerConfig {
  /** session-server-tag, 1..8. */
  readonly tag: number;
  /** `register-id name`: identifies the application in its REGISTER (1..30 alphanumerics). */
  readonly registerId: string;
  /** `keepalive seconds`, 60..3600, default 300: the registration's lifetime unless re-registered. */
  readonly keepalive?: number;
  /** `cti-aware`: binds the session manager to CTI and enables the CTI-specific REGISTER heartbeat. */
  readonly ctiAware?: boolean;
}

export interface RegistrarOptions {
  /** `registrar server expires min` (CME CSTA guide "Enable CTI CSTA"), default 60: lower gets 423. */
  readonly minExpires?: number;
  /**
   * `registrar server expires max` (CME CSTA guide "Enable CTI CSTA"): the longest registration
   * granted; a longer request is shortened to it (RFC 3261 §10.3 step 7: the registrar may
   * shorten the duration). Unset: only the session-server keepalive caps it.
   */
  readonly maxExpires?: number;
}

/** A row of the registry (what `show voice register session-server` would list). */
export interface SessionManagerRow {
  readonly tag: number;
  readonly registerId: string;
  readonly keepalive: number;
  readonly ctiAware: boolean;
  readonly registered: boolean;
  readonly contacts: readonly string[];
  /** Clock time the registration expires (0 when not registered). */
  readonly expires: number;
}

export type RegistrationEndReason = 'expired' | 'unregistered';

interface Entry {
  readonly config: Required<SessionServerConfig>;
  contacts: Map<string, { expiresAt: number }>;
  timer: TimerHandle | undefined;
}

const REGISTER_ID = /^[A-Za-z0-9]{1,30}$/;

/**
 * The session managers' registrar (RFC 3261 §10.3 as the CME applies it to
 * `voice register session-server`). Every REGISTER refreshes all bindings of its register-id; the
 * registration lives `min(requested, keepalive, expires max)` seconds (CME CSTA guide: keepalive is the
 * duration "after which the registration expires unless the application reregisters"; RFC 3261
 * §10.2.1 lets a registrar shorten, never lengthen). Expiry runs on the injected clock.
 */
export class SessionManagerRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly minExpires: number;
  private readonly maxExpires: number | undefined;
  private readonly endHandlers: Array<(registerId: string, reason: RegistrationEndReason) => void> = [];

  constructor(
    configs: readonly SessionServerConfig[],
    private readonly clock: Clock,
    options: RegistrarOptions = {},
  ) {
    this.minExpires = options.minExpires ?? 60;
    this.maxExpires = options.maxExpires;
    if (!Number.isInteger(this.minExpires) || this.minExpires < 1)
      throw new RangeError(`registrar expires min ${this.minExpires}: a positive integer`);
    if (
      this.maxExpires !== undefined &&
      (!Number.isInteger(this.maxExpires) || this.maxExpires < this.minExpires)
    )
      throw new RangeError(
        `registrar expires max ${this.maxExpires}: an integer not below min ${this.minExpires}`,
      );
    const tags = new Set<number>();
    for (const c of configs) {
      // CME CSTA guide: session-server-tag range 1 to 8; register-id 1 to 30 alphanumeric characters;
      // keepalive range 60 to 3600, default 300.
      if (!Number.isInteger(c.tag) || c.tag < 1 || c.tag > 8 || tags.has(c.tag))
        throw new RangeError(`session-server tag ${c.tag}: 1..8, unique`);
      if (!REGISTER_ID.test(c.registerId)) throw new RangeError(`register-id "${c.registerId}"`);
      const keepalive = c.keepalive ?? 300;
      if (!Number.isInteger(keepalive) || keepalive < 60 || keepalive > 3600)
        throw new RangeError(`keepalive ${keepalive}: 60..3600`);
      if (this.entries.has(c.registerId)) throw new RangeError(`register-id "${c.registerId}" twice`);
      tags.add(c.tag);
      this.entries.set(c.registerId, {
        config: { tag: c.tag, registerId: c.registerId, keepalive, ctiAware: c.ctiAware ?? false },
        contacts: new Map(),
        timer: undefined,
      });
    }
  }

  /** Called when a registration ends (expiry or Expires: 0). */
  onRegistrationEnd(fn: (registerId: string, reason: RegistrationEndReason) => void): void {
    this.endHandlers.push(fn);
  }

  isRegistered(registerId: string): boolean {
    return (this.entries.get(registerId)?.contacts.size ?? 0) > 0;
  }

  /** A registered, cti-aware session manager: its TR/87 sessions are `session-manager` clients. */
  isCtiApplication(registerId: string): boolean {
    const e = this.entries.get(registerId);
    return (e?.config.ctiAware ?? false) && (e?.contacts.size ?? 0) > 0;
  }

  rows(): SessionManagerRow[] {
    return [...this.entries.values()]
      .sort((a, b) => a.config.tag - b.config.tag)
      .map((e) => ({
        ...e.config,
        registered: e.contacts.size > 0,
        contacts: [...e.contacts.keys()],
        expires: Math.max(0, ...[...e.contacts.values()].map((c) => c.expiresAt)),
      }));
  }

  /** The REGISTER handler (install with `endpoint.onRegister(r => registry.handle(r))`). */
  handle(reg: IncomingRegister): void {
    const entry = reg.user === undefined ? undefined : this.entries.get(reg.user);
    // RFC 3261 §10.3 step 3: an address-of-record the registrar does not serve gets 404.
    if (!entry) {
      reg.reject(404);
      return;
    }
    if (reg.contacts === '*') {
      this.end(entry, 'unregistered'); // §10.3 step 6: `*` with Expires: 0 removes every binding
      reg.accept([]);
      return;
    }
    if (reg.contacts.length === 0) {
      reg.accept(this.bindings(entry)); // §10.3 step 6: no Contact is a query
      return;
    }
    const now = this.clock.now();
    for (const c of reg.contacts) {
      const requested = c.expires ?? reg.expires ?? entry.config.keepalive;
      // §10.3 step 7: a non-zero duration below the minimum gets 423 with Min-Expires.
      if (requested > 0 && requested < this.minExpires) {
        reg.reject(423, { headers: [['Min-Expires', String(this.minExpires)]] });
        return;
      }
    }
    const had = entry.contacts.size > 0;
    for (const c of reg.contacts) {
      const requested = c.expires ?? reg.expires ?? entry.config.keepalive;
      if (requested === 0) entry.contacts.delete(c.uri);
      else entry.contacts.set(c.uri, { expiresAt: now + this.granted(requested, entry) * 1000 });
    }
    if (entry.contacts.size === 0) {
      this.end(entry, 'unregistered', had);
      reg.accept([]);
      return;
    }
    this.arm(entry);
    reg.accept(this.bindings(entry));
  }

  /** §10.3 step 7: the registrar may shorten a requested duration, never lengthen it. */
  private granted(requested: number, entry: Entry): number {
    return Math.min(requested, entry.config.keepalive, this.maxExpires ?? Number.POSITIVE_INFINITY);
  }

  /** Cancel every registration timer. */
  close(): void {
    for (const e of this.entries.values()) {
      e.timer?.cancel();
      e.timer = undefined;
    }
  }

  private bindings(entry: Entry): RegisterBinding[] {
    const now = this.clock.now();
    return [...entry.contacts].map(([uri, c]) => ({
      uri,
      expires: Math.max(0, Math.ceil((c.expiresAt - now) / 1000)),
    }));
  }

  /** One timer per register-id, at the earliest binding's expiry. */
  private arm(entry: Entry): void {
    entry.timer?.cancel();
    const next = Math.min(...[...entry.contacts.values()].map((c) => c.expiresAt));
    entry.timer = this.clock.setTimeout(
      () => {
        entry.timer = undefined;
        const now = this.clock.now();
        const live = [...entry.contacts].filter(([, c]) => c.expiresAt > now);
        if (live.length === 0) this.end(entry, 'expired');
        else {
          entry.contacts = new Map(live);
          this.arm(entry);
        }
      },
      Math.max(0, next - this.clock.now()),
    );
  }

  /** Drop every binding; tell the listeners when the application was registered (`had`). */
  private end(entry: Entry, reason: RegistrationEndReason, had = entry.contacts.size > 0): void {
    entry.timer?.cancel();
    entry.timer = undefined;
    entry.contacts.clear();
    if (!had) return;
    for (const h of this.endHandlers) {
      try {
        h(entry.config.registerId, reason);
      } catch {
        // A listener's failure must not disturb the registrar.
      }
    }
  }
}
