// What each container of a lab runs (the containers runtime and `ctilab lab export` alike): a node
// container runs `ctilab serve <kind>` on 0.0.0.0 with its config at /lab/<file> and the ports of
// node-ports.ts for an address of its own; a phones container runs `ctilab phones` with one
// --target per node of its list, by the node's name (its alias on the lab network).
import { readFileSync } from 'node:fs';
import { basename, dirname, posix, relative, resolve, sep } from 'node:path';
import { loadCmeConfig } from '../../cme/config/load-cme-config.ts';
import type { LoadedTopology } from '../../topology/load-topology.ts';
import { cmeTopologyOf, type RunnableCluster } from '../../topology/runnable-topology.ts';
import type { CmeNode, CmePhonePopulation } from '../../topology/topology-schema.ts';
import { type NodePorts, nodePorts, SCCP_DEFAULT_PORT, SIP_DEFAULT_PORT } from '../node-ports.ts';

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

/** The admin endpoint's port inside a cluster container (`serve cucm --admin 0.0.0.0:<port>`). */
export const CLUSTER_ADMIN_PORT = 8080;

/** What a CUCM cluster's one container runs and publishes (issue 10). */
export interface ClusterContainerSpec {
  readonly name: string;
  /** Its aliases on the lab network: the cluster's name and every server's and gateway's. */
  readonly aliases: string[];
  /** Inside the container: each CallManager server's SCCP port, each gateway's SIP port (TCP and UDP). */
  readonly sccp: Record<string, number>;
  readonly sip: Record<string, number>;
  /** A secure cluster's gateways: SIP over TLS. */
  readonly sipTls: Record<string, number>;
  readonly admin: number;
  /** The topology file and each CME config it names, and where they go in the container. */
  readonly files: Array<{ source: string; target: string }>;
  readonly topologyInside: string;
  readonly command: string[];
}

/**
 * A cluster runs as ONE container (its servers share one call model, cucm-lab.ts): `ctilab serve
 * cucm --topology /lab/<file> --cluster <c> --host 0.0.0.0 --admin 0.0.0.0:8080` with every port
 * fixed, so it can be published. The servers share the container's address, so each takes the
 * topology's port, else SCCP 2000, 2001, ... in topology order (Cisco Unified CM "TCP and UDP Port
 * Usage": SCCP TCP 2000); gateways SIP 5060, 5062, ... and SIP over TLS 5061, 5063, ... (RFC 3261
 * §19.1.2: 5060 sip, 5061 sips). Two listeners on one port are refused.
 */
export function clusterContainerSpec(loaded: LoadedTopology, cluster: RunnableCluster): ClusterContainerSpec {
  const sccp: Record<string, number> = {};
  const sip: Record<string, number> = {};
  const sipTls: Record<string, number> = {};
  const taken = new Map<number, string>([[CLUSTER_ADMIN_PORT, 'the admin endpoint']]);
  const take = (port: number, what: string): number => {
    const other = taken.get(port);
    if (other !== undefined)
      throw new Error(
        `${loaded.file}: ${what} and ${other} would both listen on port ${port} of the cluster's container`,
      );
    taken.set(port, what);
    return port;
  };
  cluster.servers
    .filter((s) => s.services.includes('callmanager'))
    .forEach((s, i) => {
      sccp[s.name] = take(s.ports?.sccp ?? SCCP_DEFAULT_PORT + i, `SCCP of ${s.name}`);
    });
  cluster.gateways.forEach((g, i) => {
    sip[g.name] = take(g.ports?.sip ?? SIP_DEFAULT_PORT + 2 * i, `SIP of ${g.name}`);
    if (cluster.cluster.secure)
      sipTls[g.name] = take(g.ports?.sipTls ?? SIP_DEFAULT_PORT + 1 + 2 * i, `SIP over TLS of ${g.name}`);
  });
  const base = dirname(resolve(loaded.file));
  const inside = (file: string) => posix.resolve('/lab', relative(base, file).split(sep).join('/'));
  const files = [{ source: resolve(loaded.file), target: inside(resolve(loaded.file)) }];
  for (const node of loaded.topology.nodes)
    if (node.kind === 'cme') {
      const config = loaded.configPath(node.name);
      files.push({ source: config, target: inside(config) });
    }
  const name = cluster.cluster.name;
  const topologyInside = files[0]!.target;
  const command = [
    'serve',
    'cucm',
    '--topology',
    topologyInside,
    '--cluster',
    name,
    '--host',
    '0.0.0.0',
    '--admin',
    `0.0.0.0:${CLUSTER_ADMIN_PORT}`,
    ...Object.entries({ ...sccp, ...sip }).flatMap(([n, p]) => ['--port', `${n}=${p}`]),
    ...Object.entries(sipTls).flatMap(([n, p]) => ['--port', `${n}:tls=${p}`]),
  ];
  const aliases = [name, ...cluster.servers.map((s) => s.name), ...cluster.gateways.map((g) => g.name)];
  return { name, aliases, sccp, sip, sipTls, admin: CLUSTER_ADMIN_PORT, files, topologyInside, command };
}

/**
 * The phones of a cluster's `devicesOf` group in a container of their own on the lab network, as
 * CME phone groups run: `ctilab phones --topology` with one `--target <server>=<server>:<port>` per
 * CallManager server, by its alias; each phone registers with its device pool's CM group.
 */
export function clusterPhonesContainerSpec(spec: ClusterContainerSpec, group: string): PhonesContainerSpec {
  const command = [
    'phones',
    '--topology',
    spec.topologyInside,
    '--cluster',
    spec.name,
    ...Object.entries(spec.sccp).flatMap(([n, p]) => ['--target', `${n}=${n}:${p}`]),
  ];
  return { name: `phones-${group}`, dependsOn: [spec.name], command };
}
