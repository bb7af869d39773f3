import { fileURLToPath } from 'node:url';
import type { AcdSpec } from '../acd/acd-spec.ts';
import { acdNodesOf } from '../topology/acd-topology.ts';
import { loadTopology } from '../topology/load-topology.ts';

/**
 * The ACD nodes of a lab file under `labs/` (e.g. `acd-duplex.yaml`) as AcdLab takes them, for the
 * tests beside simulators/acd-cti/ (nodes read no topology themselves: the dependency rule
 * nodes-and-devices-do-not-read-topologies; test support may).
 */
export async function acdLabNodes(labFile: string): Promise<AcdSpec[]> {
  const path = fileURLToPath(new URL(`../../labs/${labFile}`, import.meta.url));
  const nodes = acdNodesOf(await loadTopology(path));
  if (nodes.length === 0) throw new Error(`labs/${labFile} has no ACD node`);
  return [...nodes];
}
