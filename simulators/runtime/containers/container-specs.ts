// What each container of a lab runs (the containers runtime and `ctilab lab export` alike): a node
// container runs `ctilab serve <kind>` on 0.0.0.0 with its config at /lab/<file> and the ports of
// node-ports.ts for an address of its own; a phones container runs `ctilab phones` with one
// --target per node of its list, by the node's name (its alias on the lab network).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadCmeConfig } from '../../cme/config/load-cme-config.ts';
import type { LoadedTopology } from '../../topology/load-topology.ts';
import { cmeTopologyOf } from '../../topology/runnable-topology.ts';
import type { CmeNode, CmePhonePopulation } from '../../topology/topology-schema.ts';
import { type NodePorts, nodePorts } from '../node-ports.ts';

/** What a node container runs and publishes, shared by the Compose and Kubernetes exports. */
export interface NodeContainerSpec {
  readonly name: string;
  readonly ports: NodePorts;
  readonly configFile: string;
  readonly inside: string;
  readonly command: string[];
}

export interface PhonesContainerSpec {
  readonly name: string;
  readonly dependsOn: string[];
  readonly configFile?: string;
  readonly inside?: string;
  readonly command: string[];
}

export function nodeContainerSpecs(loaded: LoadedTopology): NodeContainerSpec[] {
  return cmeTopologyOf(loaded).nodes.map((spec) => nodeContainerSpec(loaded, spec));
}

export function nodeContainerSpec(loaded: LoadedTopology, spec: CmeNode): NodeContainerSpec {
  const configFile = loaded.configPath(spec.name);
  const { ios } = loadCmeConfig(readFileSync(configFile, 'utf8'));
  const ports = nodePorts(spec, ios.voiceRegisterGlobal?.sourceAddress?.port, 'own-address');
  const inside = `/lab/${basename(configFile)}`;
  const command = [
    'serve',
    spec.kind,
    '--config',
    inside,
    '--host',
    '0.0.0.0',
    '--sccp-port',
    String(ports.sccp),
  ];
  if (ports.sip !== undefined) command.push('--sip-port', String(ports.sip));
  if (ports.tftp !== undefined) command.push('--tftp-port', String(ports.tftp));
  return { name: spec.name, ports, configFile, inside, command };
}

export function phonesContainerSpecs(
  loaded: LoadedTopology,
  nodes: readonly NodeContainerSpec[],
): PhonesContainerSpec[] {
  return cmeTopologyOf(loaded).phones.map((group) => phonesContainerSpec(loaded, group, nodes));
}

export function phonesContainerSpec(
  loaded: LoadedTopology,
  group: CmePhonePopulation,
  nodes: ReadonlyArray<{ readonly name: string; readonly ports: NodePorts }>,
): PhonesContainerSpec {
  const sccpPort = (name: string) => nodes.find((n) => n.name === name)!.ports.sccp;
  const command = ['phones', ...group.register.flatMap((n) => ['--target', `${n}:${sccpPort(n)}`])];
  const source = group.phones;
  if ('ephonesOf' in source) {
    const configFile = loaded.configPath(source.ephonesOf);
    const inside = `/lab/${basename(configFile)}`;
    command.push('--config', inside, ...(source.tags ? ['--ephones', source.tags.join(',')] : []));
    return { name: `phones-${group.name}`, dependsOn: [...group.register], configFile, inside, command };
  }
  command.push('--count', String(source.count), '--mac-base', source.macBase, '--model', source.model);
  return { name: `phones-${group.name}`, dependsOn: [...group.register], command };
}
