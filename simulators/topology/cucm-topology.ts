// The CUCM clusters of a topology as the CUCM simulator is given them (simulators/cucm/
// cluster-spec.ts): per cluster its `kind: cucm` servers and `kind: cti-gateway` nodes, and the
// phones of its `devicesOf` populations with their CM group's node list. Data only, like the rest
// of this folder: the runtimes and the CLI start the nodes.

import type { Cluster, CtiGatewayNode, CucmNode } from './cucm-schema.ts';
import type { LoadedTopology } from './load-topology.ts';

export interface CucmClusterTopology {
  readonly cluster: Cluster;
  readonly servers: readonly CucmNode[];
  readonly gateways: readonly CtiGatewayNode[];
}

/** A cluster's phone: name, model and its CM group's nodes, primary first. */
export interface CucmPhoneEntry {
  readonly name: string;
  readonly mac: string;
  readonly model: string;
  readonly cmGroup: readonly string[];
}

export function cucmClustersOf(loaded: LoadedTopology): CucmClusterTopology[] {
  const nodes = loaded.topology.nodes;
  return loaded.topology.clusters.map((cluster) => ({
    cluster,
    servers: nodes.filter((n): n is CucmNode => n.kind === 'cucm' && n.cluster === cluster.name),
    gateways: nodes.filter(
      (n): n is CtiGatewayNode => n.kind === 'cti-gateway' && n.cluster === cluster.name,
    ),
  }));
}

/** The phones of a cluster, each with the node list of its device pool's CM group. */
export function clusterPhones(cluster: Cluster): CucmPhoneEntry[] {
  return cluster.phones.map((p) => ({
    name: p.name,
    mac: p.name.slice(3),
    model: p.model,
    cmGroup: cluster.cmGroups[cluster.devicePools[p.devicePool]?.cmGroup ?? ''] ?? [],
  }));
}
