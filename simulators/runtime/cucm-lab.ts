// What every runtime (embedded, process, containers) does alike for a CUCM cluster of a lab (issue 10). A
// cluster's servers share one call model, so each runtime runs the whole cluster as one unit (in
// process: one CucmCluster; process runtime: one `ctilab serve cucm --console` child; containers:
// one container, `ctilab serve cucm --admin`, containers/cluster-container.ts) and a fault
// on a server is an operation of that unit, not an OS process of its own:
// - kill | stop: the server fails, both its services stop (CucmCluster.stopNode; CUCM CTI guide "CTI
//   Redundancy": its phones fail over down their device pool's CM group, its CTI applications
//   reconnect through another CTIManager);
// - restore: both services start again, SCCP on the port first bound (startNode);
// - restart: stop, then start;
// - pause | unpause: the server hangs (its listener answers nothing, so its phones' keepalives
//   go unanswered and they fail over) and recovers, handling what its phones sent meanwhile
//   (pauseNode; StationServer.pauseListener).
// A CTI gateway takes no node fault (the simulator fails servers); network faults on a node are
// refused on every runtime (clusterNetworkReason): the unit would take them all at once.
import type { CucmEndpoints } from '../cucm/cucm-cluster.ts';
import { type CucmPhoneEntry, clusterPhones } from '../topology/cucm-topology.ts';
import type { RunnableCluster } from '../topology/runnable-topology.ts';
import { describeFault, type FaultOutcome, type LabFault } from './lab-fault.ts';
import type { Endpoint, NodeEndpoints, PhoneGroupStatus } from './lab-runtime.ts';

/** One operation on a server of a running cluster: the words of `ctilab serve cucm --console`. */
export type ClusterCommand =
  | { readonly op: 'stop-node' | 'start-node'; readonly node: string }
  | { readonly op: 'pause-node'; readonly node: string; readonly paused: boolean };

export function commandLine(command: ClusterCommand): string {
  return command.op === 'pause-node'
    ? `pause-node ${command.node} ${command.paused ? 'on' : 'off'}`
    : `${command.op} ${command.node}`;
}

/** A running cluster as a runtime drives it: in process, or through its child's console. */
export interface ClusterHandle {
  readonly topology: RunnableCluster;
  /** Runs one command; rejects with the reason when the cluster refused it. */
  run(command: ClusterCommand): Promise<void>;
  /** Every endpoint as the cluster reports it now (`up`: neither service stopped). */
  endpoints(): CucmEndpoints;
  /** Is the cluster (process) running at all? */
  running(): boolean;
  /** Servers paused by a fault (the cluster does not report it). */
  readonly paused: Set<string>;
  /** Where the faults happen, for the detail: "in process" or "console of pid N". */
  where(): string;
}

export function isClusterNode(cluster: RunnableCluster, node: string): boolean {
  return cluster.servers.some((s) => s.name === node) || cluster.gateways.some((g) => g.name === node);
}

/** The nodes of a cluster with their endpoints, in topology order: servers, then gateways. */
export function clusterNodeEndpoints(
  cluster: RunnableCluster,
  endpoints: CucmEndpoints,
): Record<string, NodeEndpoints> {
  const nodes: Record<string, NodeEndpoints> = {};
  for (const s of cluster.servers) {
    const sccp = endpoints.nodes[s.name]?.sccp;
    nodes[s.name] = {
      kind: 'cucm',
      endpoints: sccp ? { sccp: { transport: 'tcp', ...sccp } as Endpoint } : {},
    };
  }
  for (const g of cluster.gateways) {
    const sip = endpoints.gateways[g.name]?.sip;
    nodes[g.name] = { kind: 'cti-gateway', endpoints: sip ? { sip } : {} };
  }
  return nodes;
}

/** Is each node of the cluster in service now: a server up and not paused, a gateway while the cluster runs. */
export function clusterNodeStatus(
  handle: ClusterHandle,
  nodes: Readonly<Record<string, NodeEndpoints>>,
): Record<string, NodeEndpoints & { running: boolean }> {
  const endpoints = handle.endpoints();
  const running = handle.running();
  return Object.fromEntries(
    Object.entries(nodes).map(([name, n]) => {
      const server = endpoints.nodes[name];
      const up = server === undefined ? running : running && server.up && !handle.paused.has(name);
      return [name, { ...n, running: up }];
    }),
  );
}

/**
 * The phones of a cluster, each with the endpoints of its device pool's CM group, primary first
 * (servers without an SCCP listener left out). A phone whose group has none is refused.
 */
export function clusterPhoneTargets(
  cluster: RunnableCluster,
  nodes: Readonly<Record<string, NodeEndpoints>>,
): Array<CucmPhoneEntry & { servers: Endpoint[] }> {
  return clusterPhones(cluster.cluster).map((p) => {
    const servers = p.cmGroup
      .map((n) => nodes[n]?.endpoints.sccp)
      .filter((e): e is Endpoint => e !== undefined)
      .map((e) => ({ host: e.host, port: e.port }));
    if (servers.length === 0)
      throw new Error(`${p.name}: no node of its CM group (${p.cmGroup.join(', ')}) runs CallManager`);
    return { ...p, servers };
  });
}

/** A cluster's phone group: counts per node as for CME phones, and where each device is. */
export function clusterGroupStatus(
  devices: readonly string[],
  nodeOf: (device: string) => string | undefined,
): PhoneGroupStatus {
  const byNode: Record<string, number> = {};
  const where: Record<string, string | null> = {};
  let registered = 0;
  for (const device of devices) {
    const node = nodeOf(device);
    where[device] = node ?? null;
    if (node === undefined) continue;
    byNode[node] = (byNode[node] ?? 0) + 1;
    registered++;
  }
  return { phones: devices.length, registered, byNode, devices: where };
}

/** A lab fault on a node of the cluster, as the module comment maps it. */
export async function applyClusterFault(
  handle: ClusterHandle,
  node: string,
  fault: LabFault,
): Promise<FaultOutcome> {
  const refused = (reason: string): FaultOutcome => ({ applied: false, node, fault, reason });
  const applied = (detail: string): FaultOutcome => ({
    applied: true,
    node,
    fault,
    detail: `${detail} (${handle.where()})`,
  });
  const cluster = handle.topology;
  const server = cluster.servers.find((s) => s.name === node);
  const network = ['disconnect', 'reconnect', 'delay', 'loss'].includes(fault.kind);
  if (network) return refused(clusterNetworkReason(cluster, node, fault));
  if (server === undefined)
    return refused(
      `'${node}' is a CTI gateway of cluster ${cluster.cluster.name}: ${describeFault(fault)} applies to its servers (${cluster.servers.map((s) => s.name).join(', ')})`,
    );
  if (!handle.running()) return refused(`cluster ${cluster.cluster.name} is not running`);
  const run = async (command: ClusterCommand): Promise<FaultOutcome | undefined> => {
    try {
      await handle.run(command);
      return undefined;
    } catch (err) {
      return refused((err as Error).message);
    }
  };
  const services = server.services.join(' and ');
  switch (fault.kind) {
    case 'kill':
    case 'stop': {
      const failed = await run({ op: 'stop-node', node });
      if (failed) return failed;
      handle.paused.delete(node);
      return applied(
        `${services} of ${node} stopped: its phones fail over down their CM group${fault.kind === 'stop' ? ' (kill and stop are the same for a cluster server)' : ''}`,
      );
    }
    case 'restore': {
      const failed = await run({ op: 'start-node', node });
      if (failed) return failed;
      return applied(
        `${services} of ${node} in service${server.services.includes('callmanager') ? ', SCCP on the port first bound' : ''}`,
      );
    }
    case 'restart': {
      const failed = (await run({ op: 'stop-node', node })) ?? (await run({ op: 'start-node', node }));
      if (failed) return failed;
      handle.paused.delete(node);
      return applied(`${services} of ${node} stopped and started again`);
    }
    case 'pause':
    case 'unpause': {
      if (!server.services.includes('callmanager'))
        return refused(`${node} runs no CallManager: there is no listener to pause`);
      const paused = fault.kind === 'pause';
      const failed = await run({ op: 'pause-node', node, paused });
      if (failed) return failed;
      if (paused) handle.paused.add(node);
      else handle.paused.delete(node);
      return applied(
        paused
          ? `${node} hangs: its SCCP listener answers nothing, so its phones' keepalives go unanswered`
          : `${node} answers again`,
      );
    }
    default:
      return refused(clusterNetworkReason(cluster, node, fault));
  }
}

/**
 * Why a network fault (disconnect, reconnect, delay, loss) on a node of a cluster is refused on
 * every runtime: the cluster runs as one unit (in process, one child, or one container with one
 * network interface), so the fault would hit all of its nodes, not the one named.
 */
export function clusterNetworkReason(cluster: RunnableCluster, node: string, fault: LabFault): string {
  const nodes = [...cluster.servers.map((s) => s.name), ...cluster.gateways.map((g) => g.name)];
  return `${describeFault(fault)} is not mapped for a node of a CUCM cluster: its nodes (${nodes.join(', ')}) run as one unit (one call model; on containers one container), so it would hit all of them, not '${node}' alone`;
}
