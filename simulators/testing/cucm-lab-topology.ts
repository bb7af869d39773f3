import { fileURLToPath } from 'node:url';
import { type CucmClusterTopology, cucmClustersOf } from '../topology/cucm-topology.ts';
import { loadTopology } from '../topology/load-topology.ts';

/**
 * The first CUCM cluster of a lab file under `labs/` (e.g. `cucm-cluster.yaml`), with its servers
 * and CTI gateways, for the tests beside simulators/cucm/ (nodes read no topology themselves: the
 * dependency rule nodes-and-devices-do-not-read-topologies; test support may).
 */
export async function cucmLabTopology(labFile: string): Promise<CucmClusterTopology> {
  const path = fileURLToPath(new URL(`../../labs/${labFile}`, import.meta.url));
  const [topology] = cucmClustersOf(await loadTopology(path));
  if (topology === undefined) throw new Error(`labs/${labFile} has no CUCM cluster`);
  return topology;
}
