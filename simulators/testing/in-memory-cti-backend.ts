import type { SystemStatusValue } from '../csta/csta-enums.ts';
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import type { CstaFeatureGroup } from '../csta/csta-schema-kinds.ts';
import type { CstaEvent, CstaRequest, CstaResponse } from '../csta/csta-types.ts';
import type { CtiBackend, CtiOpenSessionParams } from '../tr87/cti-backend.ts';

/** A session of the in-memory backend. */
export interface MemorySession {
  readonly id: number;
  readonly params: CtiOpenSessionParams;
  open: boolean;
  closeReason: string | undefined;
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
  ) {}

  openSession(params: CtiOpenSessionParams): MemorySession | CSTAErrorCode {
    if (this.refusedUsers.has(params.user)) return { security: 'generic' };
    if (!this.devices.has(deviceOf(params.line))) return { operation: 'invalidDeviceID' };
    const s: MemorySession = { id: this.nextSession++, params, open: true, closeReason: undefined };
    this.sessions.set(s.id, s);
    return s;
  }

  handle(session: MemorySession, request: CstaRequest): CstaResponse | CSTAErrorCode {
    if (!session.open) return { operation: 'generic' };
    this.handled.push({ session, request });
    switch (request.type) {
      case 'RequestSystemStatus':
        return { type: 'RequestSystemStatusResponse', systemStatus: this.systemStatus };
      case 'GetCSTAFeatures':
        return { type: 'GetCSTAFeaturesResponse', supportedServices: this.features };
      case 'MonitorStart': {
        const obj = request.monitorObject;
        if (!('deviceObject' in obj)) return { operation: 'requestIncompatibleWithObject' };
        const device = deviceOf(obj.deviceObject);
        if (!this.devices.has(device)) return { operation: 'invalidDeviceID' };
        const id = String(this.nextMonitor++);
        this.monitors.set(id, { id, session, device });
        return { type: 'MonitorStartResponse', monitorCrossRefID: id };
      }
      case 'MonitorStop': {
        const m = this.monitors.get(request.monitorCrossRefID);
        if (!m || m.session !== session) return { operation: 'invalidMonitorCrossRefID' };
        this.monitors.delete(m.id);
        return { type: 'MonitorStopResponse' };
      }
      case 'GetDoNotDisturb': {
        const device = deviceOf(request.device);
        if (!this.devices.has(device)) return { operation: 'invalidDeviceID' };
        return { type: 'GetDoNotDisturbResponse', doNotDisturbOn: this.dnd.get(device) ?? false };
      }
      case 'SetDoNotDisturb': {
        const device = deviceOf(request.device);
        if (!this.devices.has(device)) return { operation: 'invalidDeviceID' };
        this.dnd.set(device, request.doNotDisturbOn);
        this.emit(device, {
          type: 'DoNotDisturbEvent',
          device: { deviceIdentifier: device },
          doNotDisturbOn: request.doNotDisturbOn,
        });
        return { type: 'SetDoNotDisturbResponse' };
      }
      default:
        return { operation: 'serviceNotSupported' };
    }
  }

  closeSession(session: MemorySession, reason: string): void {
    if (!session.open) return;
    session.open = false;
    session.closeReason = reason;
    this.sessions.delete(session.id);
    for (const [id, m] of this.monitors) if (m.session === session) this.monitors.delete(id);
    this.closed.push({ session, reason });
  }

  onEvent(fn: (session: MemorySession, event: CstaEvent) => void): void {
    this.listeners.push(fn);
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
