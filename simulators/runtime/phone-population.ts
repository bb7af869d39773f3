// The phones of a topology's population: MAC and model of each, from a CME config's ephones or
// generated (MACs counting up from macBase, as `ctilab phones --count N --mac-base` does).
import { readFileSync } from 'node:fs';
import { loadCmeConfig } from '../cme/config/load-cme-config.ts';
import type { LoadedTopology } from '../topology/load-topology.ts';
import type { CmePhonePopulation } from '../topology/topology-schema.ts';

export interface PhoneSpec {
  readonly mac: string;
  readonly model: string;
}

export function phoneSpecs(loaded: LoadedTopology, group: CmePhonePopulation): PhoneSpec[] {
  const source = group.phones;
  if ('ephonesOf' in source) {
    const { config } = loadCmeConfig(readFileSync(loaded.configPath(source.ephonesOf), 'utf8'));
    const wanted = source.tags === undefined ? undefined : new Set(source.tags);
    return [...config.ephones.values()]
      .filter((e) => wanted === undefined || wanted.has(e.tag))
      .map((e) => ({ mac: e.mac.toUpperCase(), model: e.model ?? '7961' }));
  }
  const base = BigInt(`0x${source.macBase}`);
  return Array.from({ length: source.count }, (_, i) => ({
    mac: (base + BigInt(i)).toString(16).toUpperCase().padStart(12, '0'),
    model: source.model,
  }));
}
