// The ACD nodes of a topology as the ACD simulator is given them (simulators/acd/acd-spec.ts
// AcdSpec): data only, like the rest of this folder; the runtimes and the CLI build the nodes.
import type { AcdNode } from './acd-schema.ts';
import type { LoadedTopology } from './load-topology.ts';

/** The plain values of an ACD node (structurally simulators/acd/acd-spec.ts AcdSpec). */
export interface AcdNodeSpec {
  readonly name: string;
  readonly peripheral: AcdNode['peripheral'];
  readonly translationRoutes: AcdNode['translationRoutes'];
  readonly sides: AcdNode['sides'];
  readonly clients: { readonly bridges: AcdNode['clients']['bridges']; readonly workstationsAnyId: boolean };
  readonly phones: AcdNode['phones'];
}

export function acdNodesOf(loaded: LoadedTopology): AcdNodeSpec[] {
  return loaded.topology.nodes
    .filter((n): n is AcdNode => n.kind === 'acd')
    .map((n) => ({
      name: n.name,
      peripheral: n.peripheral,
      translationRoutes: n.translationRoutes,
      sides: n.sides,
      clients: { bridges: n.clients.bridges, workstationsAnyId: n.clients.workstations.anyClientId },
      phones: n.phones,
    }));
}
