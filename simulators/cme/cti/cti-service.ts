import type { CallEvent } from '../../calls/call-events.ts';
import type { CSTAErrorCode } from '../../csta/csta-error-code.ts';
import { isCstaNamespace } from '../../csta/csta-namespaces.ts';
import type {
  CstaEvent,
  CstaRequest,
  CstaResponse,
  RequestSystemStatusResponse,
} from '../../csta/csta-types.ts';
import { formatDeviceId } from '../../csta/device-id.ts';
import type { Clock } from '../../lab/clock.ts';
import type { CmeLab } from '../cme.ts';
import type { IosConfig } from '../config/ios-config-types.ts';
import { CtiError } from './cti-errors.ts';
import { cstaEventFor } from './cti-events.ts';
import { CtiExtensionMobility, type EmResult } from './cti-extension-mobility.ts';
import { deliveredEventTypes } from './cti-features.ts';
import { CtiMonitors } from './cti-monitors.ts';
import { CtiRestrictions } from './cti-restrictions.ts';
import { handleService } from './cti-services.ts';
import { CTI_CLIENT_KINDS, type CtiClientKind, CtiSession, type CtiSessionRow } from './cti-session.ts';

export interface CmeCtiOptions {
  readonly lab: CmeLab;
  readonly ios: IosConfig;
  /** Timestamps of sessions (created / refreshed); defaults to the lab node's clock. */
  readonly clock?: Clock;
}

export interface OpenSessionRequest {
  /** SIP From user: the logical name of the phone user (seeds/004 "CTI Session"). */
  readonly user: string;
  /** SIP To: the line, a device id in any form (`tel:201`, `sip:201@host`, `201`). */
  readonly line: string;
  readonly client: CtiClientKind;
  /** The application's `register-id` (session-manager clients). */
  readonly registerId?: string;
  /** ECMA-323 namespace of the client's RequestSystemStatus; answers and events use it. */
  readonly namespace: string;
}

export type CtiEventListener = (session: CtiSession, event: CstaEvent) => void;

/**
 * The CME's CTI service layer (seeds/004 "CTI CSTA Protocol Suite"), independent of SIP: sessions,
 * device monitors, the Table 1 services on the shared call model, events to monitors, the
 * configuration switches of `voice service voip` and Extension Mobility. The TR/87 layer maps a SIP
 * dialog to `openSession` (INVITE with RequestSystemStatus), INFO bodies to `handle`, BYE / expiry
 * to `closeSession`, and sends what `onEvent` delivers in INFO.
 *
 * Decisions (seeds/004 leaves them open):
 * - `cti shutdown` is the IOS default; without `no cti shutdown` (or without `voice service voip`)
 *   every session is refused with systemResourceAvailibility/resourceOutOfService.
 * - A session-manager client must present a `register-id` equal to that of a `voice register
 *   session-server` configured `cti-aware` ("Binds this session manager to the CTI subsystem");
 *   otherwise operation/securityViolation. MOC and generic clients need none ("This task is not
 *   required for a MOC client").
 * - MOC and generic sessions control only their own line; a session-manager session may control
 *   any DN that passes the restrictions. A MOC session on a line of an Extension Mobility phone
 *   nobody is logged into is refused (operation/privilegeViolationSpecifiedDevice).
 * - Services are allowed before MonitorStart; events flow only to started monitors.
 * - `cti csta mode basic`: see cti-features.ts (no extensions; DigitsGenerated not delivered).
 * - `cti message device-id suppress-conversion`: device ids in events and responses are bare
 *   numbers; otherwise `tel:` URIs (simulators/csta/device-id.ts formatDeviceId).
 */
export class CmeCti {
  private readonly lab: CmeLab;
  private readonly ios: IosConfig;
  private readonly clock: Clock;
  private readonly restrictions: CtiRestrictions;
  private readonly monitors = new CtiMonitors();
  private readonly em: CtiExtensionMobility;
  private readonly open = new Map<number, CtiSession>();
  private readonly listeners = new Set<CtiEventListener>();
  /** Prompted MakeCalls a session left waiting: session id -> DNs. */
  private readonly prompts = new Map<number, Set<string>>();
  private readonly delivered: Set<CstaEvent['type']>;
  private readonly unsubscribe: () => void;
  private nextId = 1;

  constructor(opts: CmeCtiOptions) {
    this.lab = opts.lab;
    this.ios = opts.ios;
    this.clock = opts.clock ?? opts.lab.node.clock;
    this.em = new CtiExtensionMobility(this.lab, this.ios);
    this.restrictions = new CtiRestrictions(this.lab, (tag) => this.em.userOn(tag));
    this.delivered = deliveredEventTypes(this.basicMode);
    this.unsubscribe = this.lab.calls.model.on((event) => this.dispatch(event));
  }

  /** seeds/004 Step 7: only `no cti shutdown` enables CTI. */
  get enabled(): boolean {
    return this.ios.voiceServiceVoip?.ctiShutdown === false;
  }

  /** seeds/004 Step 10 `cti csta mode basic`. */
  get basicMode(): boolean {
    return this.ios.voiceServiceVoip?.ctiCstaModeBasic === true;
  }

  /** A directory number as CTI messages carry it (seeds/004 Step 11). */
  formatDevice(number: string): string {
    return formatDeviceId(number, {
      suppressConversion: this.ios.voiceServiceVoip?.ctiMessageDeviceIdSuppressConversion === true,
    });
  }

  openSession(request: OpenSessionRequest): CtiSession | CSTAErrorCode {
    if (!this.enabled) return CtiError.ctiShutdown;
    if (typeof request !== 'object' || request === null) return CtiError.invalidParameter;
    const { user, line, client, registerId, namespace } = request;
    if (typeof user !== 'string' || user === '' || !CTI_CLIENT_KINDS.includes(client))
      return CtiError.invalidParameter;
    if (typeof namespace !== 'string' || !isCstaNamespace(namespace)) return CtiError.invalidParameter;
    const dn = this.restrictions.dnOf(line);
    if (dn === undefined) return CtiError.invalidDevice;
    if (client === 'session-manager') {
      const bound = [...this.ios.voiceRegisterSessionServers.values()].some(
        (s) => s.ctiAware && s.registerId !== undefined && s.registerId === registerId,
      );
      if (!bound) return CtiError.notRegistered;
    }
    // seeds/004 Restriction: "If the phone to be controlled and monitored by a MOC client is an
    // Extension Mobility (EM) phone, the MOC client must log into the phone using the credential
    // in an EM user profile".
    if (client === 'moc' && this.restrictions.onUnloggedEmPhone(dn)) return CtiError.notPermitted;
    const session = new CtiSession({
      id: this.nextId++,
      user,
      line,
      dn,
      client,
      registerId: typeof registerId === 'string' ? registerId : undefined,
      namespace,
      now: this.clock.now(),
    });
    this.open.set(session.id, session);
    this.publish('opened', session);
    return session;
  }

  /** seeds/004 "CTI Session": the INVITE's System Status request, answered `normal`. */
  handleRequestSystemStatus(session: CtiSession): RequestSystemStatusResponse | CSTAErrorCode {
    if (!this.isOpen(session)) return CtiError.sessionClosed;
    return { type: 'RequestSystemStatusResponse', systemStatus: 'normal' };
  }

  handle(session: CtiSession, request: CstaRequest): CstaResponse | CSTAErrorCode {
    if (!this.isOpen(session)) return CtiError.sessionClosed;
    if (!this.enabled) return CtiError.ctiShutdown;
    if (typeof request !== 'object' || request === null) return CtiError.invalidParameter;
    return handleService(
      {
        calls: this.lab.calls,
        restrictions: this.restrictions,
        monitors: this.monitors,
        fmt: (n) => this.formatDevice(n),
        basicMode: this.basicMode,
        onPrompt: (s, dn) => {
          const dns = this.prompts.get(s.id) ?? new Set<string>();
          dns.add(dn);
          this.prompts.set(s.id, dns);
        },
      },
      session,
      request,
    );
  }

  /** Subscribe to the events of every monitor; returns the unsubscribe function. */
  onEvent(listener: CtiEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The session timer was refreshed (re-INVITE): records the time for `show cti session`. */
  refreshSession(session: CtiSession): boolean {
    if (!this.isOpen(session)) return false;
    session.refreshed = this.clock.now();
    return true;
  }

  /**
   * Ends a session (BYE, session expiry, `clear cti session id N`): its monitors are deleted and
   * its waiting prompted MakeCalls cancelled. False when it was not open.
   */
  closeSession(session: CtiSession, reason: string): boolean {
    if (!this.isOpen(session)) return false;
    session.open = false;
    session.closeReason = reason;
    this.open.delete(session.id);
    this.monitors.stopAll(session);
    for (const dn of this.prompts.get(session.id) ?? []) this.lab.calls.cancelPromptedMakeCall(dn);
    this.prompts.delete(session.id);
    this.publish('closed', session, reason);
    return true;
  }

  /** `show cti session`. */
  sessions(): CtiSessionRow[] {
    return [...this.open.values()].map((s) => s.row());
  }

  session(id: number): CtiSession | undefined {
    return this.open.get(id);
  }

  /** `clear cti session id N`; false when no such session is open. */
  clearSession(id: number): boolean {
    const s = this.open.get(id);
    return s !== undefined && this.closeSession(s, `clear cti session id ${id}`);
  }

  /** seeds/004 Step 2 `emadmin login name ephone-tag`. */
  emLogin(user: string, ephoneTag: number): EmResult {
    return this.em.login(user, ephoneTag);
  }

  /** seeds/004 Step 3 `emadmin logout name`. */
  emLogout(user: string): EmResult {
    return this.em.logout(user);
  }

  /** The EM user logged into an ephone, if any. */
  emUserOn(ephoneTag: number): string | undefined {
    return this.em.userOn(ephoneTag);
  }

  /** Close every session and stop listening to the call model. */
  dispose(): void {
    for (const s of [...this.open.values()]) this.closeSession(s, 'CTI stopped');
    this.unsubscribe();
  }

  private isOpen(session: CtiSession): boolean {
    return session instanceof CtiSession && session.open && this.open.get(session.id) === session;
  }

  private dispatch(event: CallEvent): void {
    for (const dn of new Set(event.monitoredDevices)) {
      for (const { id, session } of this.monitors.watchersOf(dn)) {
        const csta = cstaEventFor(event, dn, id, (n) => this.formatDevice(n));
        if (csta === undefined || !this.delivered.has(csta.type)) continue;
        for (const listener of [...this.listeners]) {
          try {
            listener(session, csta);
          } catch (error) {
            // A failing consumer must not break the call model's dispatch or other sessions.
            this.lab.observations.publish({
              kind: 'state',
              time: this.clock.now(),
              source: this.lab.node.name,
              topic: 'error',
              detail: { where: `cti event ${csta.type}`, error: String((error as Error)?.stack ?? error) },
            });
          }
        }
      }
    }
  }

  private publish(what: 'opened' | 'closed', session: CtiSession, reason?: string): void {
    this.lab.observations.publish({
      kind: 'state',
      time: this.clock.now(),
      source: this.lab.node.name,
      topic: 'cti-session',
      detail: {
        state: what,
        id: session.id,
        user: session.user,
        line: session.line,
        client: session.client,
        reason,
      },
    });
  }
}
