// One CTIManager (Cisco CTIManager service of a Unified CM node): the application connections
// (providers) made through it and the devices each has open, counted against the clusterwide
// limits of "Configure CTIManager Service Parameters" (CUCM CTI guide): Maximum Devices Per Provider and
// Maximum Devices Per Node. Crossing a limit raises an alarm and the application keeps working
// (Cisco JTAPI Developer Guide and CUCM CTI documents: "exceeding it raises alarms; applications
// keep working"; rules CUCM-LIMIT-002..007).

export type CtiLimitParameter = 'Maximum Devices Per Provider' | 'Maximum Devices Per Node';

export interface CtiAlarm {
  readonly parameter: CtiLimitParameter;
  /** The CTIManager node. */
  readonly node: string;
  /** The application user of the provider (per-provider alarms). */
  readonly provider?: string;
  readonly limit: number;
  /** Devices open after the open that crossed the limit. */
  readonly count: number;
  /** Clock time (ms). */
  readonly time: number;
}

export interface CtiManagerLimits {
  readonly maxDevicesPerProvider: number;
  readonly maxDevicesPerNode: number;
}

interface Provider {
  readonly user: string;
  readonly devices: Set<string>;
}

export class CtiManager {
  private readonly providers = new Map<number, Provider>();
  private running = true;

  constructor(
    readonly name: string,
    private readonly limits: () => CtiManagerLimits,
    private readonly raise: (alarm: Omit<CtiAlarm, 'time'>) => void,
  ) {}

  get up(): boolean {
    return this.running;
  }

  /** The node's CTIManager stops (node failure) or starts again; stopping drops every provider. */
  setUp(up: boolean): void {
    this.running = up;
    if (!up) this.providers.clear();
  }

  connect(provider: number, user: string): void {
    if (!this.providers.has(provider)) this.providers.set(provider, { user, devices: new Set() });
  }

  disconnect(provider: number): readonly string[] {
    const p = this.providers.get(provider);
    this.providers.delete(provider);
    return p ? [...p.devices] : [];
  }

  /** Devices open on this node, over all providers (a device two providers opened counts twice). */
  get openCount(): number {
    let n = 0;
    for (const p of this.providers.values()) n += p.devices.size;
    return n;
  }

  /** The limits in force now (the service parameters can change while the lab runs). */
  get currentLimits(): CtiManagerLimits {
    const { maxDevicesPerProvider, maxDevicesPerNode } = this.limits();
    return { maxDevicesPerProvider, maxDevicesPerNode };
  }

  /** Each provider (by session id) with its application user and the devices it has open. */
  providerList(): { id: number; user: string; devices: string[] }[] {
    return [...this.providers].map(([id, p]) => ({ id, user: p.user, devices: [...p.devices] }));
  }

  devicesOf(provider: number): readonly string[] {
    return [...(this.providers.get(provider)?.devices ?? [])];
  }

  isOpenByAny(device: string, except?: number): boolean {
    for (const [id, p] of this.providers) if (id !== except && p.devices.has(device)) return true;
    return false;
  }

  /**
   * The provider opens a device (a MonitorStart on it). Opening is never refused for a limit:
   * crossing one raises its alarm (CUCM-LIMIT-007). Returns false when the provider is unknown.
   */
  open(provider: number, device: string): boolean {
    const p = this.providers.get(provider);
    if (p === undefined) return false;
    if (p.devices.has(device)) return true;
    p.devices.add(device);
    const { maxDevicesPerProvider, maxDevicesPerNode } = this.limits();
    if (p.devices.size > maxDevicesPerProvider)
      this.raise({
        parameter: 'Maximum Devices Per Provider',
        node: this.name,
        provider: p.user,
        limit: maxDevicesPerProvider,
        count: p.devices.size,
      });
    const onNode = this.openCount;
    if (onNode > maxDevicesPerNode)
      this.raise({
        parameter: 'Maximum Devices Per Node',
        node: this.name,
        limit: maxDevicesPerNode,
        count: onNode,
      });
    return true;
  }

  /** The provider closes a device (its last monitor on it stopped). */
  close(provider: number, device: string): void {
    this.providers.get(provider)?.devices.delete(device);
  }
}
