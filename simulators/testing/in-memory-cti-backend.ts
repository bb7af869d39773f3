import type { SystemStatusValue } from '../csta/csta-enums.ts';
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import type { CstaFeatureGroup } from '../csta/csta-schema-kinds.ts';
import type { CstaEvent, CstaRequest, CstaResponse } from '../csta/csta-types.ts';
import { type Clock, systemClock } from '../lab/clock.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import type {
  CtiBackend,
  CtiClientKind,
  CtiOpenSessionParams,
  CtiSessionTimer,
} from '../tr87/cti-backend.ts';

/** A session of the in-memory backend. */
export interface MemorySession {
  readonly id: number;
  readonly params: CtiOpenSessionParams;
  /** Clock time it was opened. */
  readonly created: number;
  /** Its timer as the transport last reported it (open, refresh). */
  timer: CtiSessionTimer | undefined;
  open: boolean;
  closeReason: string | undefined;
}

/** A row of the backend's `show cti session`. */
export interface MemorySessionRow {
  readonly id: number;
  readonly user: string;
  readonly line: string;
  readonly client: CtiClientKind;
  readonly registerId: string | undefined;
  readonly namespace: string;
  readonly transport: string | undefined;
  readonly remote: string | undefined;
  readonly created: number;
  readonly sessionExpires: number | undefined;
  readonly expires: number | undefined;
  /** monitorCrossRefIDs of the session's monitors, in start order. */
  readonly monitors: readonly string[];
}

interface Monitor {
  readonly id: string;
  readonly session: MemorySession;
  readonly device: string;
}

/** An event as the backend raises it, before the monitorCrossRefID of each monitor is filled in. */
export type DeviceEvent = CstaEvent extends infer E
  ? E extends { monitorCrossRefID: string }
    ? Omit<E, 'monitorCrossRefID'>
    : never
  : never;

/**
 * A small but real CtiBackend for the TR/87 tests and the SIPp interop test (not the CME): it
 * keeps sessions and monitors in maps, answers GetCSTAFeatures from its feature list, serves
 * Get/SetDoNotDisturb on its devices (SetDoNotDisturb raises a DoNotDisturbEvent on every monitor
 * of the device), and `emit` raises any event on every monitor of a device.
 */
export class InMemoryCtiBackend implements CtiBackend<MemorySession> {
  systemStatus: SystemStatusValue = 'normal';
  readonly sessions = new Map<number, MemorySession>();
  readonly monitors = new Map<string, Monitor>();
  readonly closed: Array<{ session: MemorySession; reason: string }> = [];
  readonly handled: Array<{ session: MemorySession; request: CstaRequest }> = [];
  private readonly dnd = new Map<string, boolean>();
  private readonly listeners: Array<(s: MemorySession, e: CstaEvent) => void> = [];
  private readonly closeListeners: Array<(s: MemorySession, reason: string) => void> = [];
  private nextSession = 1;
  private nextMonitor = 1;

  constructor(
    /** Devices that exist (lines and monitorable devices). */
    readonly devices: ReadonlySet<string>,
    readonly features: readonly CstaFeatureGroup[] = [
      {
        name: 'callControlServices',
        features: [
          { name: 'makeCall', supported: true },
          { name: 'answerCall', supported: true },
        ],
      },
      { name: 'logicalDeviceFeatures', features: [{ name: 'setDoNotDisturb', supported: true }] },
    ],
    /** Users refused at openSession (security). */
    readonly refusedUsers: ReadonlySet<string> = new Set(),
    /** Session creation times read it. */
    private readonly clock: Clock = systemClock,
  ) {}

  resolveLine(line: string): Result<string, CSTAErrorCode> {
    return this.device(line);
  }

  openSession(params: CtiOpenSessionParams): Result<MemorySession, CSTAErrorCode> {
    if (this.refusedUsers.has(params.user))
      return refused({ security: 'generic' }, `user ${params.user} is refused`);
    const line = this.device(params.line);
    if (!line.ok) return line;
    const s: MemorySession = {
      id: this.nextSession++,
      params,
      created: this.clock.now(),
      timer: params.via,
      open: true,
      closeReason: undefined,
    };
    this.sessions.set(s.id, s);
    return ok(s);
  }

  handle(session: MemorySession, request: CstaRequest): Result<CstaResponse, CSTAErrorCode> {
    if (!session.open) return refused({ operation: 'generic' }, `session ${session.id} is closed`);
    this.handled.push({ session, request });
    switch (request.type) {
      case 'RequestSystemStatus':
        return ok({ type: 'RequestSystemStatusResponse', systemStatus: this.systemStatus });
      case 'GetCSTAFeatures':
        return ok({ type: 'GetCSTAFeaturesResponse', supportedServices: this.features });
      case 'MonitorStart': {
        const obj = request.monitorObject;
        if (!('deviceObject' in obj))
          return refused({ operation: 'requestIncompatibleWithObject' }, 'only device monitors');
        const device = this.device(obj.deviceObject);
        if (!device.ok) return device;
        const id = String(this.nextMonitor++);
        this.monitors.set(id, { id, session, device: device.value });
        return ok({ type: 'MonitorStartResponse', monitorCrossRefID: id });
      }
      case 'MonitorStop': {
        const m = this.monitors.get(request.monitorCrossRefID);
        if (!m || m.session !== session)
          return refused({ operation: 'invalidMonitorCrossRefID' }, 'no such monitor in this session');
        this.monitors.delete(m.id);
        return ok({ type: 'MonitorStopResponse' });
      }
      case 'GetDoNotDisturb': {
        const device = this.device(request.device);
        if (!device.ok) return device;
        return ok({ type: 'GetDoNotDisturbResponse', doNotDisturbOn: this.dnd.get(device.value) ?? false });
      }
      case 'SetDoNotDisturb': {
        const device = this.device(request.device);
        if (!device.ok) return device;
        this.dnd.set(device.value, request.doNotDisturbOn);
        this.emit(device.value, {
          type: 'DoNotDisturbEvent',
          device: { deviceIdentifier: device.value },
          doNotDisturbOn: request.doNotDisturbOn,
        });
        return ok({ type: 'SetDoNotDisturbResponse' });
      }
      default:
        return refused({ operation: 'serviceNotSupported' }, `${request.type} is not served here`);
    }
  }

  /** One of the backend's devices, by any device id, or the refusal invalidDeviceID. */
  private device(id: string): Result<string, CSTAErrorCode> {
    const device = deviceOf(id);
    return this.devices.has(device)
      ? ok(device)
      : refused({ operation: 'invalidDeviceID' }, `no device ${id}`);
  }

  closeSession(session: MemorySession, reason: string): void {
    if (!session.open) return;
    session.open = false;
    session.closeReason = reason;
    this.sessions.delete(session.id);
    for (const [id, m] of this.monitors) if (m.session === session) this.monitors.delete(id);
    this.closed.push({ session, reason });
    for (const l of [...this.closeListeners]) l(session, reason);
  }

  onEvent(fn: (session: MemorySession, event: CstaEvent) => void): void {
    this.listeners.push(fn);
  }

  sessionId(session: MemorySession): number {
    return session.id;
  }

  onSessionClosed(fn: (session: MemorySession, reason: string) => void): void {
    this.closeListeners.push(fn);
  }

  refreshSession(session: MemorySession, timer: CtiSessionTimer): void {
    if (session.open) session.timer = timer;
  }

  /** `clear cti session id N`: close it here (the transport BYEs the client); false if unknown. */
  clearSession(id: number): boolean {
    const s = this.sessions.get(id);
    if (!s) return false;
    this.closeSession(s, 'cleared');
    return true;
  }

  /** `show cti session`: the open sessions by id. */
  rows(): MemorySessionRow[] {
    return [...this.sessions.values()]
      .sort((a, b) => a.id - b.id)
      .map((s) => ({
        id: s.id,
        user: s.params.user,
        line: s.params.line,
        client: s.params.client,
        registerId: s.params.registerId,
        namespace: s.params.namespace,
        transport: s.params.via?.transport,
        remote: s.params.via?.remote,
        created: s.created,
        sessionExpires: s.timer?.sessionExpires,
        expires: s.timer?.expires,
        monitors: this.monitorsOf(s),
      }));
  }

  /** Raise an event on every monitor of `device`; returns how many monitors got it. */
  emit(device: string, event: DeviceEvent): number {
    let n = 0;
    for (const m of [...this.monitors.values()]) {
      if (m.device !== device) continue;
      const full = { ...event, monitorCrossRefID: m.id } as CstaEvent;
      for (const l of this.listeners) l(m.session, full);
      n++;
    }
    return n;
  }

  monitorsOf(session: MemorySession): string[] {
    return [...this.monitors.values()].filter((m) => m.session === session).map((m) => m.id);
  }
}

/** `tel:201;phone-context=dialstring`, `sip:201@host`, `201` -> `201`. */
export function deviceOf(id: string): string {
  const m = /^(?:tel:|sips?:)?([^@;]*)/.exec(id);
  return m?.[1] ?? id;
}
