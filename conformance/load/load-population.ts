// The devices a load run adds to the scenario's cluster: `count` SCCP phones in the chosen device
// pool (device SEP00AD1 + 7 hex digits, DN 8000000 + i: seven digits, so no DN of the run is a
// prefix of another) and, per TR/87 client, an application user with Standard CTI Enabled whose
// Controlled Devices are the phones it monitors ("Access Control Group Configuration Options").
// Monitored phones are the first `round(monitored * count)`, dealt round-robin to the clients.
import type { CucmClusterSpec } from '../../simulators/cucm/cluster-spec.ts';
import type { Scenario } from './scenario-schema.ts';

const MAC_BASE = 0x00ad10000000;
const DN_BASE = 8_000_000;

export interface LoadPhone {
  readonly mac: string;
  readonly name: string;
  readonly dn: string;
}

export interface LoadClient {
  readonly name: string;
  readonly user: string;
  readonly password: string;
  readonly gateway: string;
  readonly requestRate: number;
  readonly phones: readonly LoadPhone[];
}

export interface LoadPopulation {
  readonly phones: readonly LoadPhone[];
  readonly clients: readonly LoadClient[];
  /** The cluster spec with the phones and users added. */
  readonly cluster: CucmClusterSpec;
}

export function loadPopulation(
  scenario: Scenario,
  base: CucmClusterSpec,
  devicePool: string,
): LoadPopulation {
  const phones: LoadPhone[] = Array.from({ length: scenario.phones.count }, (_, i) => {
    const mac = (MAC_BASE + i).toString(16).toUpperCase().padStart(12, '0');
    return { mac, name: `SEP${mac}`, dn: String(DN_BASE + i) };
  });
  const monitored = Math.round(scenario.monitored * phones.length);
  const tr87 = scenario.cti.tr87;
  const clients: LoadClient[] = tr87.map((c, k) => ({
    name: c.name,
    user: `load-${c.name}`,
    password: `load-${c.name}-pw`,
    gateway: c.gateway,
    requestRate: c.requestRate,
    phones: phones.slice(0, monitored).filter((_, i) => i % tr87.length === k),
  }));
  const cluster: CucmClusterSpec = {
    ...base,
    phones: [
      ...base.phones,
      ...phones.map((p) => ({ name: p.name, model: '7961', devicePool, lines: [{ dn: p.dn }] })),
    ],
    users: [
      ...base.users,
      ...clients.map((c) => ({
        id: c.user,
        password: c.password,
        kind: 'application' as const,
        groups: ['Standard CTI Enabled' as const],
        controlledDevices: c.phones.map((p) => p.name),
      })),
    ],
  };
  return { phones, clients, cluster };
}
