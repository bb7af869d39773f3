// What the runtimes run. Every runtime (embedded, process, containers) runs a topology's CME
// nodes with their phone populations and its CUCM clusters (servers, CTI gateways) with the phones
// of their `devicesOf` populations (runnableTopologyOf; on containers a cluster is one container).
// `lab export` runs CME nodes only (cmeTopologyOf): a CUCM node there is refused, naming the node.
import { type CucmClusterTopology, cucmClustersOf } from './cucm-topology.ts';
import type { LoadedTopology } from './load-topology.ts';
import type { CmeNode, CmePhonePopulation, CmeTopology } from './topology-schema.ts';

export class UnrunnableTopologyError extends Error {
  constructor(file: string, what: string) {
    super(
      `${file}: ${what}: lab export runs CME nodes only in this build (run a CUCM cluster with lab up, on any runtime)`,
    );
    this.name = 'UnrunnableTopologyError';
  }
}

/**
 * An ACD node (issue 11) is described, loaded and checked, but no runtime serves it yet: the CTI
 * Server sides are not built. Every runtime and `lab export` refuse it by name with this reason
 * rather than start the rest of the lab without it.
 */
export class AcdNotRunnableError extends Error {
  constructor(file: string, node: string) {
    super(
      `${file}: node '${node}' is of kind acd: this build has the ACD model (simulators/acd/) but cannot run an ACD node yet (its CTI Server sides A and B are not served)`,
    );
    this.name = 'AcdNotRunnableError';
  }
}

function refuseAcd(loaded: LoadedTopology): void {
  const acd = loaded.topology.nodes.find((n) => n.kind === 'acd');
  if (acd !== undefined) throw new AcdNotRunnableError(loaded.file, acd.name);
}

/** A CUCM cluster of the lab and the names of the phone populations made of its devices. */
export interface RunnableCluster extends CucmClusterTopology {
  readonly phoneGroups: readonly string[];
}

/** Everything the embedded and process runtimes start: CME nodes and phones, CUCM clusters. */
export interface RunnableTopology extends CmeTopology {
  readonly clusters: readonly RunnableCluster[];
}

export function runnableTopologyOf(loaded: LoadedTopology): RunnableTopology {
  refuseAcd(loaded);
  const nodes = loaded.topology.nodes.filter((n): n is CmeNode => n.kind === 'cme');
  const phones: CmePhonePopulation[] = [];
  const clusterGroups = new Map<string, string[]>();
  for (const group of loaded.topology.phones) {
    const source = group.phones;
    if ('devicesOf' in source) {
      clusterGroups.set(source.devicesOf, [...(clusterGroups.get(source.devicesOf) ?? []), group.name]);
      continue;
    }
    // load-topology.ts checked that CME populations name their node list, of existing nodes.
    const notCme = group.register?.find((n) => !nodes.some((node) => node.name === n));
    if (notCme !== undefined)
      throw new Error(
        `${loaded.file}: phones '${group.name}' register with '${notCme}', which is no CME node (a cluster's phones are devicesOf: <cluster>)`,
      );
    phones.push({ name: group.name, phones: source, register: group.register ?? [] });
  }
  const clusters = cucmClustersOf(loaded).map((c) => ({
    ...c,
    phoneGroups: clusterGroups.get(c.cluster.name) ?? [],
  }));
  return { name: loaded.topology.name, nodes, phones, clusters };
}

export function cmeTopologyOf(loaded: LoadedTopology): CmeTopology {
  refuseAcd(loaded);
  const nodes: CmeNode[] = [];
  for (const node of loaded.topology.nodes) {
    if (node.kind !== 'cme')
      throw new UnrunnableTopologyError(loaded.file, `node '${node.name}' is of kind ${node.kind}`);
    nodes.push(node);
  }
  const phones: CmePhonePopulation[] = [];
  for (const group of loaded.topology.phones) {
    const source = group.phones;
    if ('devicesOf' in source || group.register === undefined)
      throw new UnrunnableTopologyError(
        loaded.file,
        `phones '${group.name}' are the devices of a CUCM cluster`,
      );
    phones.push({ name: group.name, phones: source, register: group.register });
  }
  return { name: loaded.topology.name, nodes, phones };
}
