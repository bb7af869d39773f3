// The CTI gateway's service layer (issue 10): TR/87 sessions of CUCM end and application users,
// each an application connection (provider) on a CTIManager, with the access control groups of
// "Access Control Group Configuration Options" enforced on every session, request and event, and
// CTI route points / ports opened by their application. The CSTA services themselves are the ones
// the CME serves (simulators/cme/cti/cti-services.ts) on the cluster's one call model, so a phone
// key and a CSTA request move the same calls; what differs is who may use which device.
import type { CallEvent } from '../calls/call-events.ts';
import type { CallModel } from '../calls/call-model.ts';
import { CtiError } from '../cme/cti/cti-errors.ts';
import { cstaEventFor } from '../cme/cti/cti-events.ts';
import { CtiMonitors } from '../cme/cti/cti-monitors.ts';
import type { CtiCallControl, CtiCallModel } from '../cme/cti/cti-ports.ts';
import { handleService } from '../cme/cti/cti-services.ts';
import { CtiSession } from '../cme/cti/cti-session.ts';
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import { isCstaNamespace } from '../csta/csta-namespaces.ts';
import type { CstaEvent, CstaRequest, CstaResponse } from '../csta/csta-types.ts';
import { dialableNumber, formatDeviceId } from '../csta/device-id.ts';
import type { Clock, TimerHandle } from '../lab/clock.ts';
import type { ObservationStream } from '../lab/observation.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import type {
  CtiBackend,
  CtiOpenSessionParams,
  CtiSessionTimer,
  CtiSessionTransport,
} from '../tr87/cti-backend.ts';
import { parkNumberAccess } from './call-park-monitoring.ts';
import { CallRecorder, type Recording } from './call-recorder.ts';
import { callingNumberElement, permittedCallingNumber } from './calling-number.ts';
import type { ClusterDirectory, CucmDevice } from './cluster-directory.ts';
import type { CucmUserSpec } from './cluster-spec.ts';
import type { CtiManager } from './cti-manager.ts';
import { deviceRefusal, sessionRefusal, type Transport } from './cti-permissions.ts';
import { type CucmServiceContext, handleCucmService } from './cucm-call-services.ts';
import { cucmFeatureGroups, isCucmOnlyRequest } from './cucm-features.ts';
import { withLabPrivateData } from './lab-private-data.ts';
import type { MediaTermination } from './media-termination.ts';
import { type SrtpKeyMaterial, srtpElementFor } from './srtp-keys.ts';
import { forwardUnopenedToCfna, stopForwardingUnopened } from './unopened-cti-device.ts';

/** What the gateway's service layer needs of the cluster around it. */
export interface CucmCtiHost {
  /** The gateway's name (observation source). */
  readonly name: string;
  readonly clock: Clock;
  readonly observations: Pick<ObservationStream, 'publish'>;
  readonly directory: ClusterDirectory;
  readonly calls: CtiCallControl & {
    readonly model: CtiCallModel &
      Pick<CallModel, 'isInService' | 'setInService' | 'withdrawAlerting' | 'singleStepConference'>;
  };
  /** The cluster's recordings (CUCM-ACG-010), shared by its gateways; the gateway keeps its own without. */
  readonly recorder?: CallRecorder;
  /** The gateway's CTIManagers in its order (primary first). */
  readonly ctiManagers: readonly CtiManager[];
  /** Is the phone registered with a CallManager node now? */
  isRegistered(deviceName: string): boolean;
  /** Does a CallManager node of the device's CM group listen now (the phone can re-home there)? */
  canRehome(device: CucmDevice): boolean;
  /** CTI devices (route points, ports) open by any application of the cluster, except `session`'s. */
  ctiDeviceOpenElsewhere(device: string, session: CtiSession): boolean;
  /** A session id unique in the cluster (it keys the session's provider on its CTIManager). */
  nextSessionId(): number;
  /** The cluster's Call Park numbers (CUCM-ACG-009); none without. */
  readonly callPark?: { isParkNumber(dn: string): boolean } | undefined;
  /** The SRTP key material an event of an encrypted call carries (srtp-keys.ts); none without. */
  srtpKeys?(event: CallEvent): SrtpKeyMaterial | undefined;
  /** Media termination at route points and CTI ports (CUCM-APP-002/003, CFG-005); none: unchecked. */
  readonly media?: MediaTermination;
}

/** A CUCM CTI session: the TR/87 session row plus the user and the CTIManager serving it. */
interface CucmSessionInfo {
  readonly user: CucmUserSpec;
  readonly manager: CtiManager;
  readonly transport: Transport;
}

export type CucmCtiEventListener = (session: CtiSession, event: CstaEvent) => void;

export class CucmCti implements CtiBackend<CtiSession> {
  private readonly monitors = new CtiMonitors();
  /** Open sessions by id, each with its user and CTIManager. */
  private readonly open = new Map<number, { readonly session: CtiSession; readonly info: CucmSessionInfo }>();
  private readonly listeners = new Set<CucmCtiEventListener>();
  private readonly closeListeners = new Set<(s: CtiSession, reason: string) => void>();
  /** New Call Accept Timer of calls offered at a route point without CFNA: "callID dn" -> timer. */
  private readonly acceptTimers = new Map<string, TimerHandle>();
  private readonly unsubscribe: () => void;
  private readonly recorder: CallRecorder;
  private readonly unsubscribeRecorder: () => void;

  constructor(
    private readonly host: CucmCtiHost,
    private readonly options: {
      readonly secure: boolean;
      readonly newCallAcceptTimerS: () => number;
    },
  ) {
    this.unsubscribe = host.calls.model.on((event) => this.dispatch(event));
    this.recorder = host.recorder ?? new CallRecorder(host.clock, host.calls.model);
    this.unsubscribeRecorder = this.recorder.onChange((r, change) => this.recordingChanged(r, change));
  }

  /** Device ids as events and responses carry them: `tel:` URIs (no CME conversion switch here). */
  // Stryker disable next-line ObjectLiteral: equivalent, an absent suppressConversion reads as false
  private fmt = (n: string) => formatDeviceId(n, { suppressConversion: false });

  resolveLine(line: string): Result<string, CSTAErrorCode> {
    // The same reading as a device id in a request: `;device=` must name a device of the line.
    const number = this.dnOf(line);
    if (number === undefined)
      return refused(CtiError.invalidDevice, `${String(line)} is not a directory number of the cluster`);
    return ok(number);
  }

  openSession(params: CtiOpenSessionParams): Result<CtiSession, CSTAErrorCode> {
    const id = params.authenticatedUser ?? userPart(params.user);
    const user = this.host.directory.user(id);
    // CUCM CTI guide "Add End Users and Application Users": only configured users connect (the digest
    // check before this has already refused wrong credentials).
    if (user === undefined) return refused(CtiError.notPermitted, `${id} is not a user of the cluster`);
    const transport = transportOf(params.via);
    const refusal = sessionRefusal(user, transport, this.options.secure);
    if (refusal) return refused(CtiError.notPermitted, refusal.reason);
    if (!isCstaNamespace(params.namespace))
      return refused(CtiError.invalidParameter, `not an ECMA-323 namespace: ${String(params.namespace)}`);
    const line = this.resolveLine(params.line);
    if (!line.ok) return line;
    const lineAllowed = this.mayControlDn(user, line.value);
    if (!lineAllowed.ok) return lineAllowed;
    // CUCM-CFG-001 / RED-006: the session is an application connection on the first CTIManager
    // of the gateway's list that is in service.
    const manager = this.host.ctiManagers.find((m) => m.up);
    if (manager === undefined)
      return refused(
        { systemResourceAvailibility: 'resourceOutOfService' },
        `no CTIManager of ${this.host.ctiManagers.map((m) => m.name).join(', ')} is in service`,
      );
    const session = new CtiSession({
      id: this.host.nextSessionId(),
      user: user.id,
      line: params.line,
      dn: line.value,
      client: 'generic',
      registerId: undefined,
      namespace: params.namespace,
      via: params.via,
      now: this.host.clock.now(),
    });
    manager.connect(session.id, user.id);
    this.open.set(session.id, { session, info: { user, manager, transport } });
    this.publish('cti-session', {
      state: 'opened',
      id: session.id,
      user: user.id,
      node: manager.name,
      transport,
    });
    return ok(session);
  }

  handle(session: CtiSession, request: CstaRequest): Result<CstaResponse, CSTAErrorCode> {
    const info = this.infoOf(session);
    if (info === undefined) return refused(CtiError.sessionClosed, 'the session is closed');
    if (!info.manager.up)
      return refused(
        { systemResourceAvailibility: 'resourceOutOfService' },
        `CTIManager ${info.manager.name} is down`,
      );
    if (typeof request !== 'object' || request === null)
      return refused(CtiError.invalidParameter, 'the request is not a CSTA message');
    // CUCM-ACG-011: a calling number given as private data, if the user may set it.
    const presented = permittedCallingNumber(request, {
      user: info.user,
      sessionDn: session.dn,
      devicesOf: (deviceId) => this.devicesNamed(deviceId),
    });
    if (!presented.ok) return presented;
    const routed = this.redirectRoute(request);
    if (!routed.ok) return routed;
    // The gateway's own services and its feature list (cucm-features.ts, cucm-call-services.ts).
    if (request.type === 'GetCSTAFeatures')
      return ok({ type: 'GetCSTAFeaturesResponse', ...cucmFeatureGroups() });
    if (isCucmOnlyRequest(request)) return handleCucmService(this.serviceContext(session, info), request);
    const media = this.answerMedia(session, request);
    if (!media.ok) return media;
    const answer = handleService(
      {
        calls: this.host.calls,
        restrictions: {
          dnOf: (deviceId) => this.dnOf(deviceId),
          check: (_s, dn) => this.check(info, dn, request.type === 'MonitorStart'),
          promptAllowed: () => false,
        },
        monitors: this.monitors,
        fmt: this.fmt,
        basicMode: false,
        onPrompt: () => {},
        presentedCallingNumber: presented.value,
      },
      session,
      request,
    );
    if (answer.ok && answer.value.type === 'MonitorStartResponse') this.opened(session, info);
    if (answer.ok && request.type === 'MonitorStop') this.closedMonitor(session, info);
    if (!answer.ok) media.value?.();
    return answer;
  }

  onEvent(listener: CucmCtiEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onSessionClosed(listener: (s: CtiSession, reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  sessionId(session: CtiSession): number {
    return session.id;
  }

  refreshSession(session: CtiSession, timer?: CtiSessionTimer): boolean {
    if (this.infoOf(session) === undefined) return false;
    session.refreshed = this.host.clock.now();
    if (timer !== undefined) session.timer = timer;
    return true;
  }

  /**
   * Ends a session: BYE, a missed heartbeat (session expiry), a lost connection, its CTIManager
   * failing. CTI devices only it had open fail as the seed's "CTI Redundancy for Application
   * Failure" says (failApplicationDevices).
   */
  closeSession(session: CtiSession, reason: string): boolean {
    const info = this.infoOf(session);
    if (info === undefined) return false;
    session.open = false;
    session.closeReason = reason;
    this.open.delete(session.id);
    const devices = info.manager.disconnect(session.id);
    this.monitors.stopAll(session);
    this.publish('cti-session', { state: 'closed', id: session.id, user: info.user.id, reason });
    this.failApplicationDevices(session, devices);
    this.host.media?.flush(session);
    for (const l of [...this.closeListeners]) l(session, reason);
    return true;
  }

  /** Open sessions, by id. */
  sessions(): { id: number; user: string; node: string; transport: string; monitors: string[] }[] {
    return [...this.open.values()].map(({ session: s, info }) => ({
      id: s.id,
      user: s.user,
      node: info.manager.name,
      transport: info.transport,
      monitors: [...s.monitors.values()],
    }));
  }

  /** The CTIManager serving an open session. */
  managerOf(session: CtiSession): CtiManager | undefined {
    return this.infoOf(session)?.manager;
  }

  /**
   * A device left or re-entered service (its phone unregistered / registered again, a CTI device
   * re-homed): every monitor on one of its lines gets OutOfServiceEvent / BackInServiceEvent
   * (Cisco JTAPI Developer Guide and CUCM CTI documents).
   */
  deviceService(device: CucmDevice, inService: boolean): void {
    for (const dn of device.dns)
      for (const { id, session } of this.monitors.watchersOf(dn)) {
        const event: CstaEvent = inService
          ? { type: 'BackInServiceEvent', monitorCrossRefID: id, device: { deviceIdentifier: this.fmt(dn) } }
          : { type: 'OutOfServiceEvent', monitorCrossRefID: id, device: { deviceIdentifier: this.fmt(dn) } };
        this.deliver(session, event);
      }
  }

  /**
   * A CTIManager failed: each of its applications is told its devices are out of service, then
   * its session ends (TR/87: BYE), so it reconnects elsewhere (CUCM-RED-005).
   */
  managerFailed(manager: CtiManager): void {
    for (const { session, info } of [...this.open.values()]) {
      if (info.manager !== manager) continue;
      for (const [id, dn] of session.monitors)
        this.deliver(session, {
          type: 'OutOfServiceEvent',
          monitorCrossRefID: id,
          device: { deviceIdentifier: this.fmt(dn) },
        });
      this.closeSession(session, `CTIManager ${manager.name} failed`);
    }
  }

  dispose(): void {
    for (const { session } of [...this.open.values()]) this.closeSession(session, 'CTI gateway stopped');
    for (const t of this.acceptTimers.values()) t.cancel();
    this.acceptTimers.clear();
    this.unsubscribe();
    this.unsubscribeRecorder();
    if (this.host.recorder === undefined) this.recorder.dispose();
  }

  // ---------------------------------------------------------------- permissions

  private dnOf(deviceId: unknown): string | undefined {
    if (typeof deviceId !== 'string') return undefined;
    const number = dialableNumber(deviceId);
    if (number === undefined) return undefined;
    const named = deviceParam(deviceId);
    if (this.host.callPark?.isParkNumber(number)) return named === undefined ? number : undefined;
    const devices = this.host.directory.devicesOf(number);
    if (devices.length === 0) return undefined;
    // `tel:<dn>;device=SEP...` names one device of the line; it must carry the DN.
    if (named !== undefined && !devices.some((d) => d.name.toUpperCase() === named.toUpperCase()))
      return undefined;
    return number;
  }

  /** The devices a device id names: its line's, or the one its `;device=` names. */
  private devicesNamed(deviceId: string): readonly CucmDevice[] {
    const dn = this.dnOf(deviceId);
    if (dn === undefined) return [];
    const named = deviceParam(deviceId);
    return this.host.directory
      .devicesOf(dn)
      .filter((d) => named === undefined || d.name.toUpperCase() === named.toUpperCase());
  }

  /** May the user control some device with a line on `dn`? (CUCM-ACG-004, 005). */
  private mayControlDn(user: CucmUserSpec, dn: string): Result<void, CSTAErrorCode> {
    const devices = this.host.directory.devicesOf(dn);
    const refusals = devices.map((d) => deviceRefusal(user, 'control', d.name));
    if (refusals.some((r) => r === undefined)) return ok(undefined);
    return refused(CtiError.notPermitted, refusals[0]?.reason ?? `${dn} names no device`);
  }

  private check(info: CucmSessionInfo, dn: string, opening: boolean): Result<void, CSTAErrorCode> {
    if (this.host.callPark?.isParkNumber(dn)) return parkNumberAccess(info.user, dn, opening);
    const allowed = this.mayControlDn(info.user, dn);
    if (!allowed.ok) return allowed;
    const devices = this.host.directory.devicesOf(dn);
    const phones = devices.filter((d) => d.kind === 'phone');
    // CUCM-RED-003 / RED-008: a phone registered with no node cannot be controlled; it can be
    // opened (MonitorStart) only while a node of its CM group is in service for it to re-home
    // to — its BackInServiceEvent follows when it registers there. A CTI device is opened by the
    // MonitorStart itself; controlling it needs it open.
    if (phones.length > 0 && !phones.some((p) => this.host.isRegistered(p.name))) {
      const rehoming = opening && phones.some((p) => this.host.canRehome(p));
      if (!rehoming)
        return refused(CtiError.deviceOutOfService, `${dn} is registered with no CallManager node`);
    }
    if (phones.length === 0 && !opening && !this.host.calls.model.isInService(dn))
      return refused(CtiError.deviceOutOfService, `${dn} is not open by any application`);
    return ok(undefined);
  }

  /**
   * CUCM-RP-005: a redirect (DeflectCall) is routed with the calling search space of the
   * redirecting line, then of its device; a destination in a partition neither lists is refused
   * with operation invalidDestination and the call stays where it is.
   */
  private redirectRoute(request: CstaRequest): Result<void, CSTAErrorCode> {
    if (request.type !== 'DeflectCall') return ok(undefined);
    // A request without these fields fails in the service the same way either way.
    const from = this.dnOf(request.callToBeDiverted.deviceID);
    const to = dialableNumber(request.newDestination);
    if (from === undefined || to === undefined) return ok(undefined); // the service refuses it
    const named = deviceParam(String(request.callToBeDiverted.deviceID));
    const devices = this.host.directory
      .devicesOf(from)
      .filter((d) => named === undefined || d.name.toUpperCase() === named.toUpperCase());
    if (devices.some((d) => this.host.directory.reaches(d, from, to))) return ok(undefined);
    return refused(
      CtiError.invalidDestination,
      `${to} is in partition ${this.host.directory.partitionOf(to)}, which the calling search spaces of ${from} do not list`,
    );
  }

  private serviceContext(session: CtiSession, info: CucmSessionInfo): CucmServiceContext {
    return {
      user: info.user,
      sessionDn: session.dn,
      model: this.host.calls.model,
      recorder: this.recorder,
      fmt: this.fmt,
      dnOf: (deviceId) => this.dnOf(deviceId),
      devicesOf: (dn) => this.host.directory.devicesOf(dn),
      check: (dn) => this.check(info, dn, false),
    };
  }

  /**
   * CUCM-APP-002/003: an AnswerCall at a route point or CTI port needs its media (media-termination.ts):
   * the request's `<media>` private data for this call, else the device's static media. The
   * returned function forgets per-call media again when the answer fails.
   */
  private answerMedia(
    session: CtiSession,
    request: CstaRequest,
  ): Result<(() => void) | undefined, CSTAErrorCode> {
    if (request.type !== 'AnswerCall' || this.host.media === undefined) return ok(undefined);
    const c = request.callToBeAnswered;
    const dn = this.dnOf(c.deviceID ?? session.dn);
    const calls = dn === undefined ? [] : this.host.calls.model.snapshotDevice(dn);
    const callId = c.callID ?? (calls.length === 1 ? calls[0]?.callID : undefined);
    return this.host.media.answer(dn, callId, request.extensions);
  }

  // ---------------------------------------------------------------- devices the application opens

  /** After a MonitorStart: the devices of the monitored line are open on the session's CTIManager. */
  private opened(session: CtiSession, info: CucmSessionInfo): void {
    const last = [...session.monitors.values()].at(-1);
    if (last === undefined) return;
    for (const device of this.host.directory.devicesOf(last)) {
      if (deviceRefusal(info.user, 'control', device.name) !== undefined) continue;
      info.manager.open(session.id, device.name);
      if (device.kind !== 'phone') this.registerCtiDevice(device);
    }
  }

  /** After a MonitorStop: devices of lines the session no longer monitors are closed. */
  private closedMonitor(session: CtiSession, info: CucmSessionInfo): void {
    const still = new Set(session.monitors.values());
    for (const name of info.manager.devicesOf(session.id)) {
      const device = this.host.directory.device(name);
      if (device && !device.dns.some((dn) => still.has(dn))) info.manager.close(session.id, name);
    }
  }

  /** CUCM CTI guide "CTI Route Points Overview": the application registers the route point / port. */
  private registerCtiDevice(device: CucmDevice): void {
    const model = this.host.calls.model;
    const unopened = device.dns.filter((dn) => !model.isInService(dn));
    stopForwardingUnopened(model, unopened);
    for (const dn of unopened) model.setInService(dn, true);
  }

  /**
   * CUCM CTI guide "CTI Redundancy for Application Failure": calls not terminated at the application's
   * ports and route points are redirected to Call Forward on Failure; later calls go to Call
   * Forward No Answer until the application registers the devices again (CUCM-RED-013, 014).
   */
  private failApplicationDevices(session: CtiSession, devices: readonly string[]): void {
    const model = this.host.calls.model;
    for (const name of devices) {
      const device = this.host.directory.device(name);
      if (device === undefined || device.kind === 'phone') continue;
      if (this.host.ctiDeviceOpenElsewhere(device.name, session)) continue;
      for (const dn of device.dns) {
        const cfof = device.forward.onFailure;
        for (const item of model.snapshotDevice(dn)) {
          if (cfof !== undefined && item.localConnectionState === 'alerting')
            model.deflect(item.connection, cfof);
          else if (cfof !== undefined && item.localConnectionState === 'connected')
            model.singleStepTransfer(item.connection, cfof);
        }
        model.setInService(dn, false);
      }
      forwardUnopenedToCfna(model, device.dns, device.forward.noAnswer);
    }
  }

  // ---------------------------------------------------------------- events

  private dispatch(event: CallEvent): void {
    this.newCallAcceptTimer(event);
    for (const dn of new Set(event.monitoredDevices)) {
      for (const { id, session } of this.monitors.watchersOf(dn)) {
        const csta = cstaEventFor(event, dn, id, this.fmt);
        if (csta !== undefined) this.deliver(session, this.withPrivateData(session, event, dn, csta), dn);
      }
    }
  }

  /**
   * "Configure New Call Accept Timer": a call offered at a route point must be accepted, answered
   * or redirected within the timer. With CFNA the call model's no-answer forward (timeout = the
   * timer, cluster-station-config.ts) moves it; without, the caller gets fast busy (reference/
   * cucm-cti.md "Route points and ports"): the route point's connection is cleared here.
   */
  private newCallAcceptTimer(event: CallEvent): void {
    if (event.type !== 'DeliveredEvent') return;
    const dn = event.alertingDevice;
    const device = this.host.directory.devicesOf(dn).find((d) => d.kind === 'route-point');
    if (device === undefined || device.forward.noAnswer !== undefined) return;
    const key = `${event.connection.callID} ${dn}`;
    this.acceptTimers.get(key)?.cancel();
    this.acceptTimers.set(
      key,
      this.host.clock.setTimeout(() => {
        this.acceptTimers.delete(key);
        const item = this.host.calls.model
          .snapshotDevice(dn)
          .find((i) => i.callID === event.connection.callID && i.localConnectionState === 'alerting');
        if (item !== undefined) this.host.calls.model.withdrawAlerting(item.connection);
      }, this.options.newCallAcceptTimerS() * 1000),
    );
  }

  /**
   * The lab private data of one monitor's event: the presented calling number (every monitor,
   * CUCM-ACG-011) and SRTP key material (only a session whose user may receive it, CUCM-ACG-012).
   */
  private withPrivateData(session: CtiSession, event: CallEvent, dn: string, csta: CstaEvent): CstaEvent {
    const user = this.infoOf(session)?.user;
    const srtp =
      user === undefined
        ? undefined
        : srtpElementFor(user, this.host.directory.devicesOf(dn), this.host.srtpKeys?.(event));
    return withLabPrivateData(csta, [callingNumberElement(event), srtp]);
  }

  /** ECMA-269 Record / Stop events (voice unit events) to the monitors of the recorded line. */
  private recordingChanged(r: Recording, change: 'started' | 'stopped'): void {
    for (const { id, session } of this.monitors.watchersOf(r.dn)) {
      const common = {
        monitorCrossRefID: id,
        connection: { callID: r.callID, deviceID: this.fmt(r.dn) },
        message: r.id,
      };
      this.deliver(
        session,
        change === 'started'
          ? { type: 'RecordEvent', ...common }
          : {
              type: 'StopEvent',
              ...common,
              ...(r.stoppedBy === 'call-ended' ? { cause: 'normalClearing' as const } : {}),
            },
      );
    }
  }

  private deliver(session: CtiSession, event: CstaEvent, dn?: string): void {
    // CUCM-CFG-005: an EstablishedEvent of media terminating at `dn` carries the far end's address.
    if (this.host.media) this.host.media.deliver(session, event, dn, (e) => this.emit(session, e));
    else this.emit(session, event);
  }

  private emit(session: CtiSession, event: CstaEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(session, event);
      } catch (error) {
        this.publish('error', { where: `cti event ${event.type}`, error: String(error) });
      }
    }
  }

  /** The session's user and CTIManager while this gateway has it open; undefined otherwise. */
  private infoOf(session: CtiSession): CucmSessionInfo | undefined {
    const entry = this.open.get(session.id);
    return entry?.session === session ? entry.info : undefined;
  }

  private publish(topic: string, detail: Record<string, unknown>): void {
    this.host.observations.publish({
      kind: 'state',
      time: this.host.clock.now(),
      source: this.host.name,
      topic,
      detail,
    });
  }
}

/** `sip:alice@host` -> `alice`; a bare name stays as it is. */
function userPart(uri: string): string {
  const m = /^(?:sips?:)?([^@;>]+)@/.exec(uri);
  return m?.[1] ?? uri;
}

/** The `;device=` parameter of a CUCM line URI (`tel:1001;phone-context=dialstring;device=SEP...`). */
function deviceParam(deviceId: string): string | undefined {
  for (const p of deviceId.split(';').slice(1)) {
    const [k, v] = p.split('=');
    if (k?.trim().toLowerCase() === 'device' && v) return v.trim();
  }
  return undefined;
}

function transportOf(via: CtiSessionTransport | undefined): Transport {
  const t = via?.transport.toLowerCase();
  return t === 'tls' ? 'tls' : t === 'udp' ? 'udp' : 'tcp';
}
