// The containers runtime's ACD lab (issue 11): the lab's ACD nodes run as ONE container (`ctilab
// serve acd --topology /lab/<file> --host 0.0.0.0 --admin 0.0.0.0:8080` with every port fixed;
// acd-lab-unit.ts) with an alias per ACD node, and their `devicesOf` phones in a container of their
// own. Each CTI Server side listens on the topology's port inside the container and is published on
// the host on that same port number (Cisco "CTI Planning", "Well-Known Port for CTI Server": a
// client that knows the port reaches it; a topology port of 0 takes 42027 / 43027 inside and a
// free port on the host); the phones' SCCP and the admin endpoint on free host ports. A fault is a
// command POSTed to the admin endpoint, as the process runtime writes it to the console.
import { dirname, posix, relative, resolve, sep } from 'node:path';
import type { AcdLabEndpoints } from '../../acd-cti/acd-lab.ts';
import type { LoadedTopology } from '../../topology/load-topology.ts';
import type { RunnableAcd } from '../../topology/runnable-topology.ts';
import { type AcdCommand, type AcdHandle, acdCommandLine, acdGroupPhones } from '../acd-lab-unit.ts';
import type { Endpoint } from '../lab-runtime.ts';
import { SCCP_DEFAULT_PORT } from '../node-ports.ts';
import { postCommand } from './cluster-container.ts';
import { CLUSTER_ADMIN_PORT, type PhonesContainerSpec } from './container-specs.ts';

/** Default side ports (Cisco: 42027 side A, 43027 side B). */
const SIDE_DEFAULTS = { A: 42027, B: 43027 } as const;

export interface AcdContainerSpec {
  readonly name: string;
  /** Its aliases on the lab network: every ACD node's name. */
  readonly aliases: string[];
  /** Inside the container: the phones' SCCP port, each node's side ports, the admin port. */
  readonly sccp: number;
  readonly sides: Record<string, { readonly A: number; readonly B: number }>;
  readonly admin: number;
  /** Host ports the sides are published on: the same numbers (0 in the topology: a free one). */
  readonly fixedHostPorts: Record<string, { readonly A?: number; readonly B?: number }>;
  readonly files: Array<{ source: string; target: string }>;
  readonly topologyInside: string;
  readonly command: string[];
}

/** The ACD lab's one container; two listeners on one port of the container are refused. */
export function acdContainerSpec(loaded: LoadedTopology, acd: RunnableAcd): AcdContainerSpec {
  const taken = new Map<number, string>([[CLUSTER_ADMIN_PORT, 'the admin endpoint']]);
  const take = (port: number, what: string): number => {
    const other = taken.get(port);
    if (other !== undefined)
      throw new Error(
        `${loaded.file}: ${what} and ${other} would both listen on port ${port} of the ACD container`,
      );
    taken.set(port, what);
    return port;
  };
  const sccp = take(acd.sccpPort || SCCP_DEFAULT_PORT, "the phones' SCCP");
  const sides: Record<string, { A: number; B: number }> = {};
  const fixedHostPorts: Record<string, { A?: number; B?: number }> = {};
  acd.nodes.forEach((n, i) => {
    const a = n.sides.a.port;
    const b = n.sides.b.port;
    sides[n.name] = {
      A: take(a || SIDE_DEFAULTS.A + 2 * i, `CTI Server side A of ${n.name}`),
      B: take(b || SIDE_DEFAULTS.B + 2 * i, `CTI Server side B of ${n.name}`),
    };
    fixedHostPorts[n.name] = { ...(a === 0 ? {} : { A: a }), ...(b === 0 ? {} : { B: b }) };
  });
  const base = dirname(resolve(loaded.file));
  const topologyInside = posix.resolve('/lab', relative(base, resolve(loaded.file)).split(sep).join('/'));
  const command = [
    'serve',
    'acd',
    '--topology',
    topologyInside,
    '--host',
    '0.0.0.0',
    '--admin',
    `0.0.0.0:${CLUSTER_ADMIN_PORT}`,
    '--port',
    `sccp=${sccp}`,
    ...Object.entries(sides).flatMap(([n, s]) => ['--port', `${n}:A=${s.A}`, '--port', `${n}:B=${s.B}`]),
  ];
  return {
    name: 'acd-lab',
    aliases: acd.nodes.map((n) => n.name),
    sccp,
    sides,
    admin: CLUSTER_ADMIN_PORT,
    fixedHostPorts,
    files: [{ source: resolve(loaded.file), target: topologyInside }],
    topologyInside,
    command,
  };
}

/** The phones of an ACD node's `devicesOf` group: `ctilab phones --topology --target <node>=<node>:<sccp>`. */
export function acdPhonesContainerSpec(
  spec: AcdContainerSpec,
  group: string,
  node: string,
): PhonesContainerSpec {
  return {
    name: `phones-${group}`,
    dependsOn: [spec.name],
    command: ['phones', '--topology', spec.topologyInside, '--target', `${node}=${node}:${spec.sccp}`],
  };
}

/** Host-side endpoints: what the container reports, with every port as published on 127.0.0.1. */
export function publishedAcdEndpoints(
  inside: AcdLabEndpoints,
  hostPort: (containerPort: number) => number,
): AcdLabEndpoints {
  const host = (e: { port: number }): Endpoint => ({ host: '127.0.0.1', port: hostPort(e.port) });
  return {
    sccp: host(inside.sccp),
    nodes: Object.fromEntries(
      Object.entries(inside.nodes).map(([n, e]) => [n, { ...e, A: host(e.A), B: host(e.B) }]),
    ),
  };
}

/** The ACD container's handle: each command POSTed to its admin endpoint, one at a time. */
export function acdAdminHandle(
  topology: RunnableAcd,
  admin: Endpoint,
  first: AcdLabEndpoints,
  hostPort: (containerPort: number) => number,
  containerId: string,
): AcdHandle & { alive: boolean; setEndpoints(inside: AcdLabEndpoints): void } {
  let endpoints = publishedAcdEndpoints(first, hostPort);
  let queue: Promise<unknown> = Promise.resolve();
  const handle = {
    topology,
    alive: true,
    endpoints: () => endpoints,
    setEndpoints: (inside: AcdLabEndpoints) => {
      endpoints = publishedAcdEndpoints(inside, hostPort);
    },
    running: () => handle.alive,
    where: () => `admin endpoint ${admin.host}:${admin.port} of container ${containerId.slice(0, 12)}`,
    run: (command: AcdCommand) => {
      const line = acdCommandLine(command);
      const answered = queue.then(async () => {
        const reply = (await postCommand(admin, line)) as {
          ok: boolean;
          error?: string;
          endpoints?: unknown;
        };
        if (!reply.ok) throw new Error(reply.error ?? `'${line}' refused`);
        if (reply.endpoints !== undefined)
          endpoints = publishedAcdEndpoints(reply.endpoints as AcdLabEndpoints, hostPort);
      });
      queue = answered.catch(() => undefined);
      return answered;
    },
  };
  return handle;
}

/** The devices of an ACD phone group. */
export function acdGroupDevices(acd: RunnableAcd, node: string): string[] {
  return acdGroupPhones(acd, node).map((p) => p.name);
}
