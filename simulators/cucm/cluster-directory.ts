// The cluster's devices and users as the CUCM parts look them up: which devices carry a directory
// number, which CM group (ordered node list) serves a device, which user is which. Built once from
// the cluster spec; read-only.
import type {
  CucmClusterSpec,
  CucmForwardSpec,
  CucmLineSpec,
  CucmUserSpec,
  DeviceSecurityMode,
} from './cluster-spec.ts';

export type CucmDeviceKind = 'phone' | 'route-point' | 'cti-port';

export interface CucmDevice {
  readonly name: string;
  readonly kind: CucmDeviceKind;
  readonly model: string | undefined;
  readonly devicePool: string;
  /** Directory numbers of its lines, in line order. */
  readonly dns: readonly string[];
  readonly lines: readonly CucmLineSpec[];
  /** The device's calling search space. */
  readonly css: string | undefined;
  /** Nodes of its device pool's CM group, primary first ("Associate Devices with Groups"). */
  readonly cmGroup: readonly string[];
  readonly maxCalls: number | undefined;
  readonly forward: CucmForwardSpec;
  /** A phone's Device Security Mode; route points and CTI ports are non-secure. */
  readonly security: DeviceSecurityMode;
}

export class ClusterDirectory {
  readonly devices = new Map<string, CucmDevice>();
  private readonly byDn = new Map<string, CucmDevice[]>();
  private readonly users = new Map<string, CucmUserSpec>();

  constructor(readonly cluster: CucmClusterSpec) {
    const groupOf = (pool: string) => cluster.cmGroups[cluster.devicePools[pool]?.cmGroup ?? ''] ?? [];
    const add = (d: CucmDevice) => {
      this.devices.set(d.name.toUpperCase(), d);
      for (const dn of d.dns) this.byDn.set(dn, [...(this.byDn.get(dn) ?? []), d]);
    };
    for (const p of cluster.phones)
      add({
        name: p.name,
        kind: 'phone',
        model: p.model,
        devicePool: p.devicePool,
        dns: p.lines.map((l) => l.dn),
        lines: p.lines,
        css: p.css,
        cmGroup: groupOf(p.devicePool),
        maxCalls: undefined,
        forward: {},
        security: p.security ?? 'non-secure',
      });
    for (const r of cluster.routePoints)
      add({
        name: r.name,
        kind: 'route-point',
        model: undefined,
        devicePool: r.devicePool,
        dns: r.lines.map((l) => l.dn),
        lines: r.lines,
        css: r.css,
        cmGroup: groupOf(r.devicePool),
        maxCalls: r.maxCalls,
        forward: r.forward ?? {},
        security: 'non-secure',
      });
    for (const c of cluster.ctiPorts)
      add({
        name: c.name,
        kind: 'cti-port',
        model: undefined,
        devicePool: c.devicePool,
        dns: c.lines.map((l) => l.dn),
        lines: c.lines,
        css: c.css,
        cmGroup: groupOf(c.devicePool),
        // A CTI port line takes one call at a time (our choice; the seed gives no number).
        maxCalls: 1,
        forward: c.forward ?? {},
        security: 'non-secure',
      });
    for (const u of cluster.users) this.users.set(u.id, u);
  }

  device(name: string): CucmDevice | undefined {
    return this.devices.get(name.toUpperCase());
  }

  /** The devices with a line on `dn` (several for a shared line), in configuration order. */
  devicesOf(dn: string): readonly CucmDevice[] {
    return this.byDn.get(dn) ?? [];
  }

  /** Every directory number of the cluster, in first-seen order. */
  get dns(): string[] {
    return [...this.byDn.keys()];
  }

  /**
   * Apply Config of a route point or CTI port ("Synchronize CTI Route Point"): its call forward
   * settings change in place; the device object is replaced, so readers see the new values.
   */
  applyForward(name: string, forward: CucmForwardSpec): CucmDevice {
    const old = this.device(name);
    if (old === undefined || old.kind === 'phone') throw new Error(`${name} is no CTI route point or port`);
    const next: CucmDevice = { ...old, forward: { ...forward } };
    this.devices.set(old.name.toUpperCase(), next);
    for (const dn of old.dns)
      this.byDn.set(
        dn,
        (this.byDn.get(dn) ?? []).map((d) => (d === old ? next : d)),
      );
    return next;
  }

  /** The partition of a directory number (the first line that names one); undefined: none. */
  partitionOf(dn: string): string | undefined {
    for (const d of this.devicesOf(dn))
      for (const l of d.lines) if (l.dn === dn && l.partition) return l.partition;
    return undefined;
  }

  /**
   * May a call from `dn` on `device` reach `destination`? Cisco Unified CM routes with the calling
   * search space of the line, then of the device: a DN in a partition is reached only when one of
   * them lists the partition; a DN in no partition (the "None" partition) is reached by every CSS.
   */
  reaches(device: CucmDevice, dn: string, destination: string): boolean {
    const partition = this.partitionOf(destination);
    if (partition === undefined) return true;
    const line = device.lines.find((l) => l.dn === dn);
    const spaces = [line?.css, device.css].filter((c): c is string => c !== undefined);
    return spaces.some((css) => (this.cluster.callingSearchSpaces[css] ?? []).includes(partition));
  }

  user(id: string): CucmUserSpec | undefined {
    return this.users.get(id);
  }

  /** CTI devices (route points and CTI ports): in service only while an application has them open. */
  get ctiDevices(): CucmDevice[] {
    return [...this.devices.values()].filter((d) => d.kind !== 'phone');
  }
}
