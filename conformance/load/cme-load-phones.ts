// The phones of a CME load run: the ephones of a CME phone group of the topology (ephonesOf: the
// node's config, tags optional), each with the number of the DN on its first button; what the
// CTI side needs to know of each CME node (CTI enabled, DNs with `cti watch`).
import { readFileSync } from 'node:fs';
import { loadCmeConfig } from '../../simulators/cme/config/load-cme-config.ts';
import type { LoadedTopology } from '../../simulators/topology/load-topology.ts';
import type { LoadPhone } from './load-population.ts';

export interface CmeLoadGroup {
  readonly name: string;
  /** The CME nodes the phones register with, primary first. */
  readonly register: readonly string[];
  /** Phones of the group with a DN on button 1, in ephone tag order. */
  readonly phones: readonly LoadPhone[];
  /** DNs with `cti watch` (only these may be monitored, CME CSTA guide Step 6). */
  readonly watched: ReadonlySet<string>;
}

/** The CME phone groups of the topology (ephonesOf groups only: generated MACs have no DNs). */
export function cmeLoadGroups(loaded: LoadedTopology): CmeLoadGroup[] {
  const groups: CmeLoadGroup[] = [];
  for (const group of loaded.topology.phones) {
    const source = group.phones;
    if (!('ephonesOf' in source)) continue;
    const { config } = loadCmeConfig(readFileSync(loaded.configPath(source.ephonesOf), 'utf8'));
    const wanted = source.tags === undefined ? undefined : new Set(source.tags);
    const phones: LoadPhone[] = [];
    for (const e of [...config.ephones.values()].sort((a, b) => a.tag - b.tag)) {
      if (wanted !== undefined && !wanted.has(e.tag)) continue;
      const dn = config.dns.get(e.buttons[0]?.dnTags[0] ?? -1);
      if (dn !== undefined) phones.push({ mac: e.mac.toUpperCase(), name: e.deviceName, dn: dn.number });
    }
    const watched = new Set([...config.dns.values()].filter((d) => d.ctiWatch).map((d) => d.number));
    groups.push({ name: group.name, register: group.register ?? [source.ephonesOf], phones, watched });
  }
  return groups;
}

/** Is CTI (CSTA) enabled on the CME node (`no cti shutdown`, CME CSTA guide "Enable CTI")? */
export function cmeCtiEnabled(loaded: LoadedTopology, node: string): boolean {
  const { ios } = loadCmeConfig(readFileSync(loaded.configPath(node), 'utf8'));
  return ios.voiceServiceVoip !== undefined && !ios.voiceServiceVoip.ctiShutdown;
}
