// What a CUCM load run adds to its lab, the same on every runtime: the scenario's cluster with the
// generated phones and one application user per TR/87 client (load-population.ts), as a topology
// (the embedded target runs its cluster; the process target writes it for `ctilab serve cucm`),
// the phones' CM group (their SCCP servers, primary first) and where a TR/87 client opens.
import type { LoadedTopology } from '../../simulators/topology/load-topology.ts';
import { type RunnableCluster, runnableTopologyOf } from '../../simulators/topology/runnable-topology.ts';
import { type LoadClient, type LoadPopulation, loadPopulation } from './load-population.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { TargetEndpoint, Tr87Open } from './load-target.ts';

export interface CucmLoadSetup {
  /** The scenario's topology with the cluster's generated phones and users. */
  readonly topology: LoadedTopology;
  /** The cluster as the runtimes run it (servers, gateways, the spec with the population). */
  readonly cluster: RunnableCluster;
  readonly population: LoadPopulation;
  /** The servers of the device pool's CM group, primary first: the phones' server list. */
  readonly cmGroup: readonly string[];
}

export function cucmLoadSetup(loaded: LoadedScenario): CucmLoadSetup {
  if (loaded.target.kind !== 'cucm') throw new Error('not a CUCM scenario');
  const { cluster: clusterName, devicePool } = loaded.target;
  const base = loaded.topology.topology.clusters.find((c) => c.name === clusterName);
  if (base === undefined) throw new Error(`no cluster ${clusterName} in ${loaded.topology.file}`);
  const population = loadPopulation(loaded.scenario, base, devicePool);
  const topology: LoadedTopology = {
    ...loaded.topology,
    topology: {
      ...loaded.topology.topology,
      // The same data as the topology's cluster (CucmClusterSpec is its read-only view): the
      // generated phones take the schema's defaults where they give no value (security).
      clusters: loaded.topology.topology.clusters.map((c) =>
        c.name === clusterName ? (population.cluster as unknown as typeof c) : c,
      ),
    },
  };
  const cluster = runnableTopologyOf(topology).clusters.find((c) => c.cluster.name === clusterName)!;
  const cmGroup = population.cluster.cmGroups[population.cluster.devicePools[devicePool]!.cmGroup]!;
  return { topology, cluster, population, cmGroup };
}

/** Where TR/87 client `client` opens: its gateway's SIP endpoint, with its application user's digest credentials. */
export function cucmTr87Open(
  setup: CucmLoadSetup,
  client: LoadClient,
  sip: TargetEndpoint | undefined,
  ctiManager: string | undefined,
): Tr87Open {
  if (sip === undefined) throw new Error(`gateway ${client.gateway} has no SIP endpoint`);
  return {
    host: sip.host,
    port: sip.port,
    user: `sip:${client.user}@${setup.population.cluster.name}`,
    credentials: { username: client.user, password: client.password },
    node: `${client.gateway}${ctiManager === undefined ? '' : ` (CTIManager ${ctiManager})`}`,
  };
}
