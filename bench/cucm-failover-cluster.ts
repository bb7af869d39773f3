// The cluster of the CUCM failover benchmark (bench/cucm-failover.ts), built in code: two servers
// running CallManager and CTIManager (cucm-pub, cucm-sub1), one CM group [cucm-sub1, cucm-pub]
// so every phone and CTI device is homed on cucm-sub1 (Cisco Unified CM System Configuration
// Guide, "Associate Devices with Groups"), `phones` SCCP phones, `routePoints` CTI route points
// and `ctiPorts` CTI ports, and two application users, each controlling half of the route points
// and half of the ports through its own CTI gateway: app-a through imp-a (CTIManagers
// [cucm-sub1, cucm-pub], so its session sits on the node that is killed), app-b through imp-b
// ([cucm-pub, cucm-sub1], so its session survives the kill). Application users need only
// Standard CTI Enabled and the devices in their Controlled Devices ("Access Control Group
// Configuration Options").
import type {
  CtiGatewaySpec,
  CucmClusterSpec,
  CucmCtiPortSpec,
  CucmRoutePointSpec,
  CucmServerSpec,
} from '../simulators/cucm/cluster-spec.ts';
import { DEFAULT_SERVICE_PARAMETERS } from '../simulators/cucm/cluster-spec.ts';
import { BenchOptionError } from './bench-option-error.ts';

export const KILLED_NODE = 'cucm-sub1';
export const SURVIVING_NODE = 'cucm-pub';
/** Phone MACs count up from here (12 hex digits; device name SEP + MAC). */
const MAC_BASE = 0x00be10000000;
/** Directory numbers: phones 100000 + i, route points 200000 + i, CTI ports 300000 + i. */
const PHONE_DN_BASE = 100_000;
const ROUTE_POINT_DN_BASE = 200_000;
const CTI_PORT_DN_BASE = 300_000;
export const MAX_BENCH_DEVICES = 99_999;

export interface BenchPhone {
  readonly mac: string;
  readonly name: string;
  readonly dn: string;
}

export interface BenchCtiDevice {
  readonly name: string;
  readonly kind: 'route-point' | 'cti-port';
  readonly dn: string;
}

/** An application user, the gateway it connects through and the CTI devices it opens. */
export interface BenchApplication {
  readonly user: string;
  readonly password: string;
  readonly gateway: string;
  /** The CTIManager its session lands on while both nodes are up (the gateway's first). */
  readonly homeCtiManager: string;
  readonly devices: readonly BenchCtiDevice[];
}

export interface FailoverBenchCluster {
  readonly cluster: CucmClusterSpec;
  readonly servers: readonly CucmServerSpec[];
  readonly gateways: readonly CtiGatewaySpec[];
  readonly phones: readonly BenchPhone[];
  readonly applications: readonly BenchApplication[];
}

export function failoverBenchCluster(counts: {
  phones: number;
  routePoints: number;
  ctiPorts: number;
}): FailoverBenchCluster {
  for (const [option, n] of Object.entries(counts))
    if (!Number.isInteger(n) || n < 0 || n > MAX_BENCH_DEVICES)
      throw new BenchOptionError(option, `${n} is outside 0..${MAX_BENCH_DEVICES}`);
  const pool = 'DP1';
  const phones: BenchPhone[] = Array.from({ length: counts.phones }, (_, i) => {
    const mac = (MAC_BASE + i).toString(16).toUpperCase().padStart(12, '0');
    return { mac, name: `SEP${mac}`, dn: String(PHONE_DN_BASE + i) };
  });
  const routePoints: BenchCtiDevice[] = Array.from({ length: counts.routePoints }, (_, i) => ({
    name: `RP${ROUTE_POINT_DN_BASE + i}`,
    kind: 'route-point',
    dn: String(ROUTE_POINT_DN_BASE + i),
  }));
  const ctiPorts: BenchCtiDevice[] = Array.from({ length: counts.ctiPorts }, (_, i) => ({
    name: `CTIP${CTI_PORT_DN_BASE + i}`,
    kind: 'cti-port',
    dn: String(CTI_PORT_DN_BASE + i),
  }));
  const half = <T>(list: readonly T[], first: boolean) =>
    first ? list.slice(0, Math.ceil(list.length / 2)) : list.slice(Math.ceil(list.length / 2));
  const applications: BenchApplication[] = [
    {
      user: 'app-a',
      password: 'app-a-pw',
      gateway: 'imp-a',
      homeCtiManager: KILLED_NODE,
      devices: [...half(routePoints, true), ...half(ctiPorts, true)],
    },
    {
      user: 'app-b',
      password: 'app-b-pw',
      gateway: 'imp-b',
      homeCtiManager: SURVIVING_NODE,
      devices: [...half(routePoints, false), ...half(ctiPorts, false)],
    },
  ];
  const cluster: CucmClusterSpec = {
    name: 'bench-cluster',
    secure: false,
    cmGroups: { G1: [KILLED_NODE, SURVIVING_NODE] },
    devicePools: { [pool]: { cmGroup: 'G1' } },
    partitions: [],
    callingSearchSpaces: {},
    phones: phones.map((p) => ({ name: p.name, model: '7961', devicePool: pool, lines: [{ dn: p.dn }] })),
    routePoints: routePoints.map(
      (r): CucmRoutePointSpec => ({ name: r.name, devicePool: pool, lines: [{ dn: r.dn }], maxCalls: 5000 }),
    ),
    ctiPorts: ctiPorts.map(
      (c): CucmCtiPortSpec => ({ name: c.name, devicePool: pool, lines: [{ dn: c.dn }] }),
    ),
    users: applications.map((a) => ({
      id: a.user,
      password: a.password,
      kind: 'application' as const,
      groups: ['Standard CTI Enabled' as const],
      controlledDevices: a.devices.map((d) => d.name),
    })),
    serviceParameters: DEFAULT_SERVICE_PARAMETERS,
  };
  return {
    cluster,
    servers: [
      { name: SURVIVING_NODE, role: 'publisher', services: ['callmanager', 'ctimanager'] },
      { name: KILLED_NODE, role: 'subscriber', services: ['callmanager', 'ctimanager'] },
    ],
    gateways: [
      { name: 'imp-a', ctiManagers: [KILLED_NODE, SURVIVING_NODE] },
      { name: 'imp-b', ctiManagers: [SURVIVING_NODE, KILLED_NODE] },
    ],
    phones,
    applications,
  };
}
