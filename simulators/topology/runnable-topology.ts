// What the runtimes run. Every runtime (embedded, process, containers) runs a topology's CME
// nodes with their phone populations, its CUCM clusters (servers, CTI gateways) with the phones
// of their `devicesOf` populations, and its ACD nodes as one ACD lab (issue 11: the nodes' phones
// on one call model, a duplexed CTI Server per node) with the phones of their `devicesOf`
// populations (runnableTopologyOf; on containers a cluster, and the ACD lab, is one container).
// `lab export` runs CME nodes only (cmeTopologyOf): a CUCM or ACD node there is refused, naming
// the node.
import { type AcdNodeSpec, acdNodesOf } from './acd-topology.ts';
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
 * An ACD node (issue 11) runs on every runtime (`lab up`), but `lab export` does not render it yet
 * (the exports write CME nodes only): it is refused there by name with this reason rather than
 * exported without it.
 */
export class AcdNotRunnableError extends Error {
  constructor(file: string, node: string) {
    super(
      `${file}: node '${node}' is of kind acd: lab export does not render ACD nodes in this build (run the ACD lab with lab up, on any runtime, or ctilab serve acd)`,
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

/**
 * The ACD nodes of a lab, run as one unit (simulators/acd-cti/acd-lab.ts AcdLab: their phones
 * share one call model and the ICM router joins their peripherals), and the names of the phone
 * populations made of their devices.
 */
export interface RunnableAcd {
  readonly nodes: readonly AcdNodeSpec[];
  /** Each `devicesOf: <acd node>` population: its name and the node whose phones it runs. */
  readonly phoneGroups: ReadonlyArray<{ readonly name: string; readonly node: string }>;
  /** The phones' SCCP port the topology names (the first acd node's `ports.sccp`), if any. */
  readonly sccpPort?: number;
}

/** Everything the runtimes start: CME nodes and phones, CUCM clusters, the ACD lab (if any). */
export interface RunnableTopology extends CmeTopology {
  readonly clusters: readonly RunnableCluster[];
  readonly acd?: RunnableAcd;
}

export function runnableTopologyOf(loaded: LoadedTopology): RunnableTopology {
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
  const acdNodes = acdNodesOf(loaded);
  const sccpPort = loaded.topology.nodes.find((n) => n.kind === 'acd' && n.ports?.sccp !== undefined);
  const acd: RunnableAcd | undefined =
    acdNodes.length === 0
      ? undefined
      : {
          ...(sccpPort?.kind === 'acd' && sccpPort.ports?.sccp !== undefined
            ? { sccpPort: sccpPort.ports.sccp }
            : {}),
          nodes: acdNodes,
          phoneGroups: acdNodes.flatMap((n) =>
            (clusterGroups.get(n.name) ?? []).map((name) => ({ name, node: n.name })),
          ),
        };
  return { name: loaded.topology.name, nodes, phones, clusters, ...(acd === undefined ? {} : { acd }) };
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
