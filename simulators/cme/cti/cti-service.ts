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
import { ok, type Result, refused } from '../../lab/result.ts';
import {
  CTI_CLIENT_KINDS,
  type CtiBackend,
  type CtiClientKind,
  type CtiSessionTimer,
  type CtiSessionTransport,
} from '../../tr87/cti-backend.ts';
import { CtiDialViaOffice } from './cti-dial-via-office.ts';
import { CtiError } from './cti-errors.ts';
import { cstaEventFor } from './cti-events.ts';
import { CtiExtensionMobility, type EmResult } from './cti-extension-mobility.ts';
import { deliveredEventTypes, supportedRequestTypes } from './cti-features.ts';
import { CtiMonitors } from './cti-monitors.ts';
import type { CtiHost } from './cti-ports.ts';
import { CtiRestrictions } from './cti-restrictions.ts';
import { handleService } from './cti-services.ts';
import { CtiSession, type CtiSessionRow } from './cti-session.ts';

/** The services `handle` serves: exactly those GetCSTAFeatures lists (cti-features.ts). */
const CME_SERVICES = supportedRequestTypes();

/**
 * What `openSession` accepts: TR/87's CtiOpenSessionParams, with the namespace as any string (it
 * is checked here, so a test may hand in anything).
 */
export interface OpenSessionRequest {
  /** SIP From user: the logical name of the phone user (CME CSTA guide "CTI Session"). */
  readonly user: string;
  /** SIP To: the line, a device id in any form (`tel:201`, `sip:201@host`, `201`). */
  readonly line: string;
  readonly client: CtiClientKind;
  /** The application's `register-id` (session-manager clients). */
  readonly registerId?: string;
  /** ECMA-323 namespace of the client's RequestSystemStatus; answers and events use it. */
  readonly namespace: string;
  /** The transport's facts (TR/87: its SIP dialog and session timer), for `show cti session`. */
  readonly via?: CtiSessionTransport;
}

export type CtiEventListener = (session: CtiSession, event: CstaEvent) => void;
export type CtiSessionClosedListener = (session: CtiSession, reason: string) => void;

/**
 * The CME's CTI service layer (CME CSTA guide "CTI CSTA Protocol Suite"), independent of SIP: sessions,
 * device monitors, the Table 1 services on the shared call model, events to monitors, the
 * configuration switches of `voice service voip` and Extension Mobility. The TR/87 layer maps a SIP
 * dialog to `openSession` (INVITE with RequestSystemStatus), INFO bodies to `handle`, BYE / expiry
 * to `closeSession`, re-INVITE to `refreshSession`, sends what `onEvent` delivers in INFO, and BYEs
 * the client of a session this layer closes itself (`onSessionClosed`).
 *
 * This is the one owner of the CME's CTI sessions: their ids (`show cti session`, `clear cti
 * session id N`), rows and monitors. It reaches the rest of the CME only through its `CtiHost`
 * (cti-ports.ts).
 *
 * Decisions (CME CSTA guide leaves them open):
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
export class CmeCti implements CtiBackend<CtiSession> {
  private readonly host: CtiHost;
  private readonly clock: Clock;
  private readonly restrictions: CtiRestrictions;
  private readonly monitors = new CtiMonitors();
  private readonly em: CtiExtensionMobility;
  /**
   * Dial-via-office (CME 8.8): MakeCall from a user's `snr` remote number (cti-dial-via-office.ts);
   * its `answer`, `busy` and `unreachable` are the lab's stand-in for the remote party (the PSTN).
   */
  readonly dialViaOffice: CtiDialViaOffice;
  private readonly open = new Map<number, CtiSession>();
  private readonly listeners = new Set<CtiEventListener>();
  private readonly closeListeners = new Set<CtiSessionClosedListener>();
  /** Sessions closed since the start, by reason (`show cti session`). */
  private readonly closedTally = new Map<string, number>();
  /** Prompted MakeCalls a session left waiting: session id -> DNs. */
  private readonly prompts = new Map<number, Set<string>>();
  private readonly delivered: Set<CstaEvent['type']>;
  private readonly unsubscribe: () => void;
  private nextId = 1;

  constructor(host: CtiHost) {
    this.host = host;
    this.clock = host.clock;
    this.em = new CtiExtensionMobility(host.settings, host.config, host.lines);
    this.restrictions = new CtiRestrictions(host.config, host.lines, host.calls.model, (tag) =>
      this.em.userOn(tag),
    );
    this.dialViaOffice = new CtiDialViaOffice(host);
    this.delivered = deliveredEventTypes(this.basicMode);
    this.unsubscribe = host.calls.model.on((event) => this.dispatch(event));
  }

  /** CME CSTA guide Step 7: only `no cti shutdown` enables CTI. */
  get enabled(): boolean {
    return this.host.settings.enabled;
  }

  /** CME CSTA guide Step 10 `cti csta mode basic`. */
  get basicMode(): boolean {
    return this.host.settings.basicMode;
  }

  /** A directory number as CTI messages carry it (CME CSTA guide Step 11). */
  formatDevice(number: string): string {
    return formatDeviceId(number, { suppressConversion: this.host.settings.suppressDeviceIdConversion });
  }

  openSession(request: OpenSessionRequest): Result<CtiSession, CSTAErrorCode> {
    if (!this.enabled) return refused(CtiError.ctiShutdown, 'cti shutdown');
    if (typeof request !== 'object' || request === null)
      return refused(CtiError.invalidParameter, 'no session request');
    const { user, line, client, registerId, namespace } = request;
    if (typeof user !== 'string' || user === '') return refused(CtiError.invalidParameter, 'no user');
    if (!CTI_CLIENT_KINDS.includes(client))
      return refused(CtiError.invalidParameter, `unknown client kind ${String(client)}`);
    if (typeof namespace !== 'string' || !isCstaNamespace(namespace))
      return refused(CtiError.invalidParameter, `not an ECMA-323 namespace: ${String(namespace)}`);
    const resolved = this.resolveLine(line);
    if (!resolved.ok) return resolved;
    const dn = resolved.value;
    if (client === 'session-manager' && !this.host.settings.isCtiAwareRegisterId(registerId))
      return refused(CtiError.notRegistered, `register-id ${String(registerId)} is not cti-aware`);
    // CME CSTA guide Restriction: "If the phone to be controlled and monitored by a MOC client is an
    // Extension Mobility (EM) phone, the MOC client must log into the phone using the credential
    // in an EM user profile".
    if (client === 'moc' && this.restrictions.onUnloggedEmPhone(dn))
      return refused(CtiError.notPermitted, `${dn} is on an Extension Mobility phone nobody is logged into`);
    const session = new CtiSession({
      id: this.nextId++,
      user,
      line,
      dn,
      client,
      registerId: typeof registerId === 'string' ? registerId : undefined,
      namespace,
      via: transportOf(request.via),
      now: this.clock.now(),
    });
    this.open.set(session.id, session);
    this.publish('opened', session);
    return ok(session);
  }

  /** The directory number a line (Request-URI, To, `lcs:line`) names, or invalidDeviceID. */
  resolveLine(line: string): Result<string, CSTAErrorCode> {
    const dn = this.restrictions.dnOf(line);
    if (dn === undefined)
      return refused(CtiError.invalidDevice, `${String(line)} is not a directory number of this CME`);
    return ok(dn);
  }

  /** CME CSTA guide "CTI Session": the INVITE's System Status request, answered `normal`. */
  handleRequestSystemStatus(session: CtiSession): Result<RequestSystemStatusResponse, CSTAErrorCode> {
    if (!this.isOpen(session)) return refused(CtiError.sessionClosed, 'the session is closed');
    return ok({ type: 'RequestSystemStatusResponse', systemStatus: 'normal' });
  }

  handle(session: CtiSession, request: CstaRequest): Result<CstaResponse, CSTAErrorCode> {
    // A service the codec knows for other nodes (the CUCM gateway's SingleStepConferenceCall,
    // RecordMessage, Stop) is refused as it was before the codec knew it: serviceNotSupported,
    // whatever the session's state (GetCSTAFeatures does not list it).
    if (typeof request === 'object' && request !== null && !CME_SERVICES.has(request.type))
      return refused(CtiError.serviceNotSupported, `${request.type}: service not supported by the CME`);
    if (!this.isOpen(session)) return refused(CtiError.sessionClosed, 'the session is closed');
    if (!this.enabled) return refused(CtiError.ctiShutdown, 'cti shutdown');
    if (typeof request !== 'object' || request === null)
      return refused(CtiError.invalidParameter, 'the request is not a CSTA message');
    return handleService(
      {
        calls: this.host.calls,
        restrictions: this.restrictions,
        monitors: this.monitors,
        fmt: (n) => this.formatDevice(n),
        basicMode: this.basicMode,
        onPrompt: (s, dn) => {
          const dns = this.prompts.get(s.id) ?? new Set<string>();
          dns.add(dn);
          this.prompts.set(s.id, dns);
        },
        dialViaOffice: this.dialViaOffice,
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

  /** Subscribe to session closes (any reason); returns the unsubscribe function. */
  onSessionClosed(listener: CtiSessionClosedListener): () => void {
    this.closeListeners.add(listener);
    return () => {
      this.closeListeners.delete(listener);
    };
  }

  sessionId(session: CtiSession): number {
    return session.id;
  }

  /**
   * The session timer was refreshed (re-INVITE): records the time, and the transport's new timer
   * when given, for `show cti session`. False when the session is not open.
   */
  refreshSession(session: CtiSession, timer?: CtiSessionTimer): boolean {
    if (!this.isOpen(session)) return false;
    session.refreshed = this.clock.now();
    const t = timerOf(timer);
    if (t !== undefined) session.timer = t;
    return true;
  }

  /**
   * Ends a session (BYE, session expiry, `clear cti session id N`): its monitors are deleted and
   * its waiting prompted MakeCalls cancelled; then the close listeners hear of it (TR/87 BYEs the
   * client of a session it did not end itself). False when it was not open.
   */
  closeSession(session: CtiSession, reason: string): boolean {
    if (!this.isOpen(session)) return false;
    session.open = false;
    session.closeReason = reason;
    this.closedTally.set(reason, (this.closedTally.get(reason) ?? 0) + 1);
    this.open.delete(session.id);
    this.monitors.stopAll(session);
    for (const dn of this.prompts.get(session.id) ?? []) this.host.calls.cancelPromptedMakeCall(dn);
    this.prompts.delete(session.id);
    this.publish('closed', session, reason);
    for (const listener of [...this.closeListeners]) {
      try {
        listener(session, reason);
      } catch (error) {
        this.publishError(`cti session ${session.id} closed`, error);
      }
    }
    return true;
  }

  /** `show cti session`: the open sessions, by id. */
  sessions(): CtiSessionRow[] {
    return [...this.open.values()].sort((a, b) => a.id - b.id).map((s) => s.row());
  }

  /**
   * `show cti session`'s tally of the sessions closed since the start, by reason: the TR/87
   * reasons (`bye`, `expired`, `connection-lost`, `event-rejected`, `server-closed`, ...), `cleared`
   * (`clear cti session id N`), `CTI stopped`, `refused` (closed again at set-up).
   */
  closedSessions(): Record<string, number> {
    return Object.fromEntries([...this.closedTally].sort(([a], [b]) => a.localeCompare(b)));
  }

  session(id: number): CtiSession | undefined {
    return this.open.get(id);
  }

  /**
   * `clear cti session id N` (CME CSTA guide "Clear a Session": "gracefully tear down"): closes the
   * session; the TR/87 server, told by `onSessionClosed`, BYEs the client. False when no such
   * session is open.
   */
  clearSession(id: number): boolean {
    const s = this.open.get(id);
    return s !== undefined && this.closeSession(s, 'cleared');
  }

  /** CME CSTA guide Step 2 `emadmin login name ephone-tag`. */
  emLogin(user: string, ephoneTag: number): EmResult {
    return this.em.login(user, ephoneTag);
  }

  /** CME CSTA guide Step 3 `emadmin logout name`. */
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
    this.dialViaOffice.dispose();
    this.unsubscribe();
  }

  private isOpen(session: CtiSession): boolean {
    return session instanceof CtiSession && session.open && this.open.get(session.id) === session;
  }

  /** formatDevice as one function for the event dispatch (not a closure per monitor per event). */
  private readonly fmtForEvents = (n: string): string => this.formatDevice(n);

  private dispatch(event: CallEvent): void {
    for (const dn of new Set(event.monitoredDevices)) {
      for (const { id, session } of this.monitors.watchersOf(dn)) {
        const csta = cstaEventFor(event, dn, id, this.fmtForEvents);
        if (csta === undefined || !this.delivered.has(csta.type)) continue;
        for (const listener of [...this.listeners]) {
          try {
            listener(session, csta);
          } catch (error) {
            // A failing consumer must not break the call model's dispatch or other sessions.
            this.publishError(`cti event ${csta.type}`, error);
          }
        }
      }
    }
  }

  private publishError(where: string, error: unknown): void {
    this.host.observations.publish({
      kind: 'state',
      time: this.clock.now(),
      source: this.host.name,
      topic: 'error',
      detail: { where, error: String((error as Error)?.stack ?? error) },
    });
  }

  private publish(what: 'opened' | 'closed', session: CtiSession, reason?: string): void {
    this.host.observations.publish({
      kind: 'state',
      time: this.clock.now(),
      source: this.host.name,
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

/** A session timer as given by the transport, if it is one (bad input is ignored). */
function timerOf(t: unknown): CtiSessionTimer | undefined {
  if (typeof t !== 'object' || t === null) return undefined;
  const { sessionExpires, expires } = t as Partial<CtiSessionTimer>;
  if (typeof sessionExpires !== 'number' || typeof expires !== 'number') return undefined;
  return { sessionExpires, expires };
}

/** The transport's facts of a session, if they are such (copied; bad input is ignored). */
function transportOf(v: unknown): CtiSessionTransport | undefined {
  const timer = timerOf(v);
  if (timer === undefined) return undefined;
  const { transport, remote } = v as Partial<CtiSessionTransport>;
  if (typeof transport !== 'string' || typeof remote !== 'string') return undefined;
  return { transport, remote, ...timer };
}
