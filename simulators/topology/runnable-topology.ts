// What today's runtimes run: CME nodes and their phone populations. A topology may already describe
// a CUCM cluster (cucm-schema.ts), whose simulator is issue 10; asking a runtime to start one is
// refused here, naming the first node or population it cannot run.
import type { LoadedTopology } from './load-topology.ts';
import type { CmeNode, CmePhonePopulation, CmeTopology } from './topology-schema.ts';

export class UnrunnableTopologyError extends Error {
  constructor(file: string, what: string) {
    super(`${file}: ${what}: no runtime runs it in this build yet (the CUCM simulator is issue 10)`);
    this.name = 'UnrunnableTopologyError';
  }
}

export function cmeTopologyOf(loaded: LoadedTopology): CmeTopology {
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
