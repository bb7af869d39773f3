// The process runtime (DESIGN.md section 4): one `ctilab serve <kind>` child per node and one
// `ctilab phones` child per phone population, all on 127.0.0.1. Faults are signals: kill =
// SIGKILL, stop = SIGTERM (the node's graceful shutdown), pause/unpause = SIGSTOP/SIGCONT, restart
// = a new child on the ports the first one bound, restore = the same when the child has ended.
// A CUCM cluster is one child (`ctilab serve cucm --console`): its servers share one call model,
// so a fault on a server is a console command of that child (cucm-lab.ts), not a signal. The ACD
// nodes are one `ctilab serve acd --console` child; a fault on one is a console command on its
// duplexed CTI Server (acd-lab-unit.ts).
// Network faults need the containers runtime.
// With `dashboards` every child serves its own dashboard (`--dashboard`, an ephemeral port on
// 127.0.0.1) and `dashboards()` lists their URLs; bin/lab-command.ts serves the index.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AcdLabEndpoints } from '../acd-cti/acd-lab.ts';
import { loadCmeConfig } from '../cme/config/load-cme-config.ts';
import type { CucmEndpoints } from '../cucm/cucm-cluster.ts';
import type { LoadedTopology } from '../topology/load-topology.ts';
import { type RunnableAcd, type RunnableCluster, runnableTopologyOf } from '../topology/runnable-topology.ts';
import type { CmeNode } from '../topology/topology-schema.ts';
import {
  type AcdHandle,
  acdGroupPhones,
  acdGroupStatus,
  acdNodeEndpoints,
  acdNodeStatus,
} from './acd-lab-unit.ts';
import { acdConsoleHandle, clusterConsoleHandle } from './console-handles.ts';
import { CtilabChild } from './ctilab-child.ts';
import {
  type ClusterHandle,
  clusterGroupStatus,
  clusterNodeEndpoints,
  clusterNodeStatus,
  clusterPhoneTargets,
} from './cucm-lab.ts';
import type { FaultOutcome, LabFault } from './lab-fault.ts';
import type {
  ChildDashboard,
  LabRuntime,
  LabStartOptions,
  LabStatus,
  NodeEndpoints,
  RunningLab,
} from './lab-runtime.ts';
import {
  groupStatus,
  latestRegistrations,
  needsLabNetwork,
  nodesByAddress,
  noSuchNode,
} from './lab-status.ts';
import { nodePorts } from './node-ports.ts';
import { phoneSpecs } from './phone-population.ts';
import { unitFault } from './unit-fault.ts';

/** Bound on a child's ready line: a node start includes compiling TypeScript (about 1-2 s). */
const READY_MS = 30_000;
const STOP_GRACE_MS = 5_000;

interface ProcessNode {
  readonly spec: CmeNode;
  readonly configPath: string;
  child: CtilabChild;
  endpoints: NodeEndpoints;
  paused: boolean;
  /** The child's dashboard URL (its ready line's `dashboard`), null without --dashboard. */
  dashboard: string | null;
}

interface ProcessPhones {
  readonly name: string;
  readonly child: CtilabChild;
  readonly devices: readonly string[];
  /** The child's dashboard URL (its round line's `dashboard`), null without --dashboard. */
  dashboard: string | null;
}

/** A CUCM cluster's child, its nodes' endpoints and the phones children of its groups. */
interface ProcessCluster {
  /** Replaced once the child's ready line gave the endpoints. */
  handle: ClusterHandle;
  readonly child: CtilabChild;
  readonly nodes: Record<string, NodeEndpoints>;
  readonly groups: ProcessPhones[];
  dashboard: string | null;
}

/** The ACD lab's child, its phone groups' children (group -> its ACD node). */
interface ProcessAcd {
  handle: AcdHandle;
  readonly child: CtilabChild;
  readonly groups: Array<ProcessPhones & { readonly node: string }>;
  dashboard: string | null;
}

/** The `dashboard` URL of a ready or round line, null when it has none. */
function dashboardOf(value: Record<string, unknown>): string | null {
  return typeof value.dashboard === 'string' ? value.dashboard : null;
}

/**
 * Waits for a phones child's first round and one registration line per registered phone; the
 * round line's dashboard URL (--dashboard), null without.
 */
async function phonesReady(child: CtilabChild, count: number): Promise<string | null> {
  const round = await child.waitForLine(
    (v) => typeof v.phones === 'number',
    READY_MS + count * 50,
    'registration round',
  );
  // The round line is followed by one line per registered phone: wait for them all, so the
  // lab's first status is true.
  const registered = Number(round.value.registered);
  await child.waitForLine(
    () => latestRegistrations(child.lines).size >= registered,
    5_000,
    'a registration line per registered phone',
    0,
  );
  return dashboardOf(round.value);
}

function serveArgs(
  node: ProcessNode | { spec: CmeNode; configPath: string },
  bound?: { sccp?: number; sip?: number },
): string[] {
  const { spec, configPath } = node;
  const { ios } = loadCmeConfig(readFileSync(configPath, 'utf8'));
  const ports = nodePorts(spec, ios.voiceRegisterGlobal?.sourceAddress?.port, 'shared-loopback');
  const args = ['serve', spec.kind, '--config', configPath, '--host', '127.0.0.1'];
  // A restarted node listens on the ports its first child bound.
  args.push('--sccp-port', String(bound?.sccp ?? ports.sccp));
  if (ports.sip !== undefined) args.push('--sip-port', String(bound?.sip ?? ports.sip));
  if (ports.tftp !== undefined) args.push('--tftp-port', String(ports.tftp));
  return args;
}

async function startNode(
  name: string,
  args: string[],
): Promise<{ child: CtilabChild; endpoints: NodeEndpoints; dashboard: string | null }> {
  const child = new CtilabChild(name, args);
  const ready = await child.waitForLine((v) => typeof v.endpoints === 'object', READY_MS, 'ready line');
  return {
    child,
    dashboard: dashboardOf(ready.value),
    endpoints: {
      kind: String(ready.value.node),
      endpoints: ready.value.endpoints as NodeEndpoints['endpoints'],
    },
  };
}

export class ProcessRuntime implements LabRuntime {
  readonly kind = 'process' as const;

  async start(loaded: LoadedTopology, options: LabStartOptions = {}): Promise<RunningLab> {
    const lab = new ProcessLab(loaded.topology.name, options.captureDir, options.dashboards === true);
    const runnable = runnableTopologyOf(loaded);
    try {
      for (const spec of runnable.nodes) {
        const configPath = loaded.configPath(spec.name);
        const { child, endpoints, dashboard } = await startNode(spec.name, [
          ...serveArgs({ spec, configPath }),
          ...lab.captureArgs(spec.name),
          ...lab.dashboardArgs(),
        ]);
        lab.nodeMap.set(spec.name, { spec, configPath, child, endpoints, paused: false, dashboard });
      }
      for (const group of runnable.phones) {
        const specs = phoneSpecs(loaded, group);
        const targets = group.register.flatMap((n) => {
          const sccp = lab.nodeMap.get(n)!.endpoints.endpoints.sccp!;
          return ['--target', `${sccp.host}:${sccp.port}`];
        });
        const source = group.phones;
        const population =
          'ephonesOf' in source
            ? [
                '--config',
                loaded.configPath(source.ephonesOf),
                ...(source.tags ? ['--ephones', source.tags.join(',')] : []),
              ]
            : ['--count', String(source.count), '--mac-base', source.macBase, '--model', source.model];
        const child = new CtilabChild(`phones ${group.name}`, [
          'phones',
          ...targets,
          ...population,
          ...lab.dashboardArgs(group.name),
        ]);
        const entry: ProcessPhones = {
          name: group.name,
          child,
          devices: specs.map((s) => `SEP${s.mac}`),
          dashboard: null,
        };
        lab.phoneGroups.push(entry);
        entry.dashboard = await phonesReady(child, specs.length);
      }
      for (const topology of runnable.clusters) await lab.startCluster(loaded.file, topology);
      if (runnable.acd !== undefined) await lab.startAcd(loaded.file, runnable.acd);
      return lab;
    } catch (err) {
      await lab.stop();
      throw err;
    }
  }
}

class ProcessLab implements RunningLab {
  readonly runtime = 'process' as const;
  readonly nodeMap = new Map<string, ProcessNode>();
  readonly phoneGroups: ProcessPhones[] = [];

  private readonly captureFiles: string[] = [];

  constructor(
    readonly name: string,
    private readonly captureDir?: string,
    private readonly withDashboards = false,
  ) {}

  /**
   * `--dashboard` (an ephemeral port on 127.0.0.1) for every child when the lab was started with
   * `dashboards`; a phones child also names its group. Nothing else: bin/ opens the lab's index.
   */
  dashboardArgs(group?: string): string[] {
    if (!this.withDashboards) return [];
    return ['--dashboard', ...(group === undefined ? [] : ['--dashboard-group', group])];
  }

  dashboards(): readonly ChildDashboard[] {
    const state = (child: CtilabChild, paused = false): ChildDashboard['state'] =>
      child.exited ? 'down' : paused ? 'paused' : 'up';
    const phones = (g: ProcessPhones): ChildDashboard => ({
      name: g.name,
      kind: 'phones',
      state: state(g.child),
      url: g.dashboard,
    });
    return [
      ...[...this.nodeMap].map(([name, n]) => ({
        name,
        kind: n.spec.kind,
        state: state(n.child, n.paused),
        url: n.dashboard,
      })),
      ...this.clusters.map((c) => ({
        name: c.handle.topology.cluster.name,
        kind: 'cucm',
        state: state(c.child),
        url: c.dashboard,
      })),
      ...(this.acd === undefined
        ? []
        : [{ name: 'acd', kind: 'acd', state: state(this.acd.child), url: this.acd.dashboard }]),
      ...this.phoneGroups.map(phones),
      ...this.clusters.flatMap((c) => c.groups.map(phones)),
      ...(this.acd?.groups ?? []).map(phones),
    ];
  }

  /** `--capture <dir>/<node>-<n>.pcap` (a restarted node writes a new file) when capturing. */
  captureArgs(node: string): string[] {
    if (this.captureDir === undefined) return [];
    const file = join(
      this.captureDir,
      `${node}-${this.captureFiles.filter((f) => f.includes(`/${node}-`)).length + 1}.pcap`,
    );
    this.captureFiles.push(file);
    return ['--capture', file];
  }

  captures(): readonly string[] {
    return [...this.captureFiles];
  }

  readonly clusters: ProcessCluster[] = [];

  /**
   * One `ctilab serve cucm --console` child for the whole cluster (its servers share one call
   * model), then one `ctilab phones --topology` child per phone group of the cluster: each phone
   * registers with its device pool's CM group, by node name.
   */
  async startCluster(file: string, topology: RunnableCluster): Promise<void> {
    const name = topology.cluster.name;
    const topologyFile = resolve(file);
    const child = new CtilabChild(
      name,
      [
        'serve',
        'cucm',
        '--topology',
        topologyFile,
        '--cluster',
        name,
        '--host',
        '127.0.0.1',
        '--console',
        ...this.captureArgs(name),
        ...this.dashboardArgs(),
      ],
      { stdin: true },
    );
    const groups: ProcessPhones[] = [];
    // Registered before the wait: a child that fails to start is still stopped by stop().
    const entry: ProcessCluster = {
      handle: clusterConsoleHandle(topology, child, { nodes: {}, gateways: {} }),
      child,
      nodes: {},
      groups,
      dashboard: null,
    };
    this.clusters.push(entry);
    const ready = await child.waitForLine((v) => typeof v.endpoints === 'object', READY_MS, 'ready line');
    entry.dashboard = dashboardOf(ready.value);
    const endpoints = ready.value.endpoints as CucmEndpoints;
    entry.handle = clusterConsoleHandle(topology, child, endpoints);
    Object.assign(entry.nodes, clusterNodeEndpoints(topology, endpoints));
    const phones = clusterPhoneTargets(topology, entry.nodes);
    const targets = topology.servers.flatMap((s) => {
      const sccp = entry.nodes[s.name]?.endpoints.sccp;
      return sccp === undefined ? [] : ['--target', `${s.name}=${sccp.host}:${sccp.port}`];
    });
    for (const group of topology.phoneGroups) {
      const phonesChild = new CtilabChild(`phones ${group}`, [
        'phones',
        '--topology',
        topologyFile,
        '--cluster',
        name,
        ...targets,
        ...this.dashboardArgs(group),
      ]);
      const phonesEntry: ProcessPhones = {
        name: group,
        child: phonesChild,
        devices: phones.map((p) => p.name),
        dashboard: null,
      };
      groups.push(phonesEntry);
      phonesEntry.dashboard = await phonesReady(phonesChild, phones.length);
    }
  }

  acd: ProcessAcd | undefined;

  /**
   * One `ctilab serve acd --console` child for the lab's ACD nodes (one call model, a duplexed CTI
   * Server per node on the topology's side ports, ACD-COM-002; the phones' SCCP port the
   * topology's or ephemeral), then one `ctilab phones --topology --target <node>=<sccp>` child per
   * `devicesOf` group of an ACD node.
   */
  async startAcd(file: string, topology: RunnableAcd): Promise<void> {
    const topologyFile = resolve(file);
    const child = new CtilabChild(
      'acd',
      [
        'serve',
        'acd',
        '--topology',
        topologyFile,
        '--port',
        `sccp=${topology.sccpPort ?? 0}`,
        '--console',
        ...this.captureArgs('acd'),
        ...this.dashboardArgs(),
      ],
      { stdin: true },
    );
    const groups: ProcessAcd['groups'] = [];
    // Registered before the wait: a child that fails to start is still stopped by stop().
    const entry: ProcessAcd = {
      handle: acdConsoleHandle(topology, child, { sccp: { host: '', port: 0 }, nodes: {} }),
      child,
      groups,
      dashboard: null,
    };
    this.acd = entry;
    const ready = await child.waitForLine((v) => typeof v.endpoints === 'object', READY_MS, 'ready line');
    entry.dashboard = dashboardOf(ready.value);
    const endpoints = ready.value.endpoints as AcdLabEndpoints;
    entry.handle = acdConsoleHandle(topology, child, endpoints);
    for (const group of topology.phoneGroups) {
      const phonesChild = new CtilabChild(`phones ${group.name}`, [
        'phones',
        '--topology',
        topologyFile,
        '--target',
        `${group.node}=${endpoints.sccp.host}:${endpoints.sccp.port}`,
        ...this.dashboardArgs(group.name),
      ]);
      const devices = acdGroupPhones(topology, group.node).map((p) => p.name);
      const phonesEntry: ProcessAcd['groups'][number] = {
        name: group.name,
        node: group.node,
        child: phonesChild,
        devices,
        dashboard: null,
      };
      groups.push(phonesEntry);
      phonesEntry.dashboard = await phonesReady(phonesChild, devices.length);
    }
  }

  get nodes(): Record<string, NodeEndpoints> {
    return Object.assign(
      Object.fromEntries([...this.nodeMap].map(([name, node]) => [name, node.endpoints])),
      ...this.clusters.map((c) => c.nodes),
      this.acd === undefined ? {} : acdNodeEndpoints(this.acd.handle.endpoints()),
    );
  }

  async status(): Promise<LabStatus> {
    const byAddress = nodesByAddress([...this.nodeMap].map(([name, n]) => [name, n.endpoints]));
    const phones = Object.fromEntries(
      this.phoneGroups.map((group) => [
        group.name,
        groupStatus(group.devices.length, latestRegistrations(group.child.lines).values(), byAddress),
      ]),
    );
    const nodes = Object.fromEntries(
      [...this.nodeMap].map(([name, n]) => [name, { ...n.endpoints, running: !n.child.exited && !n.paused }]),
    );
    for (const c of this.clusters) {
      Object.assign(nodes, clusterNodeStatus(c.handle, c.nodes));
      const byClusterAddress = nodesByAddress(Object.entries(c.nodes));
      for (const group of c.groups) {
        const where = latestRegistrations(group.child.lines);
        phones[group.name] = clusterGroupStatus(group.devices, (device) => {
          const server = where.get(device);
          return server === undefined ? undefined : byClusterAddress.get(server);
        });
      }
    }
    if (this.acd !== undefined) {
      Object.assign(nodes, acdNodeStatus(this.acd.handle));
      for (const group of this.acd.groups) {
        const where = latestRegistrations(group.child.lines);
        phones[group.name] = acdGroupStatus(group.node, group.devices, (d) => where.has(d));
      }
    }
    return { lab: this.name, runtime: this.runtime, nodes, phones };
  }

  async fault(nodeName: string, fault: LabFault): Promise<FaultOutcome> {
    const onUnit = unitFault(this, nodeName, fault);
    if (onUnit !== undefined) return onUnit;
    const node = this.nodeMap.get(nodeName);
    if (node === undefined) return noSuchNode(nodeName, fault);
    const applied = (detail: string): FaultOutcome => ({ applied: true, node: nodeName, fault, detail });
    switch (fault.kind) {
      case 'kill':
        node.child.signal('SIGKILL');
        await node.child.waitForExit(STOP_GRACE_MS);
        return applied(`SIGKILL to pid ${node.child.pid}`);
      case 'stop': {
        const exit = await node.child.stop(STOP_GRACE_MS);
        return applied(
          `SIGTERM to pid ${node.child.pid}: exit code ${exit.code}${exit.killed ? ' (SIGKILL after the grace)' : ''}`,
        );
      }
      case 'pause':
        node.child.signal('SIGSTOP');
        node.paused = true;
        return applied(`SIGSTOP to pid ${node.child.pid}`);
      case 'unpause':
        node.child.signal('SIGCONT');
        node.paused = false;
        return applied(`SIGCONT to pid ${node.child.pid}`);
      case 'restore':
      case 'restart': {
        if (fault.kind === 'restore' && !node.child.exited) {
          if (node.paused) return applied(`pid ${node.child.pid} is paused: unpause it`);
          return applied(`pid ${node.child.pid} is running: nothing to do`);
        }
        if (!node.child.exited) await node.child.stop(STOP_GRACE_MS);
        const port = node.endpoints.endpoints.sccp?.port;
        const bound = { sccp: port, sip: node.endpoints.endpoints.sip?.port };
        const { child, endpoints, dashboard } = await startNode(nodeName, [
          ...serveArgs(node, bound),
          ...this.captureArgs(nodeName),
          ...this.dashboardArgs(),
        ]);
        node.child = child;
        node.endpoints = endpoints;
        node.dashboard = dashboard;
        node.paused = false;
        return applied(`new pid ${child.pid} on SCCP port ${port}`);
      }
      default:
        return needsLabNetwork(nodeName, fault);
    }
  }

  processes(): readonly number[] {
    const children = [
      ...[...this.nodeMap.values()].map((n) => n.child),
      ...this.phoneGroups.map((g) => g.child),
      ...this.clusters.flatMap((c) => [c.child, ...c.groups.map((g) => g.child)]),
      ...(this.acd === undefined ? [] : [this.acd.child, ...this.acd.groups.map((g) => g.child)]),
    ];
    return children.filter((c) => !c.exited && c.pid !== undefined).map((c) => c.pid!);
  }

  logs(): Record<string, readonly string[]> {
    return Object.fromEntries([
      ...[...this.nodeMap].map(([name, n]) => [name, n.child.stderr] as const),
      ...this.phoneGroups.map((g) => [`phones ${g.name}`, g.child.stderr] as const),
      ...this.clusters.flatMap((c) => [
        [c.handle.topology.cluster.name, c.child.stderr] as const,
        ...c.groups.map((g) => [`phones ${g.name}`, g.child.stderr] as const),
      ]),
      ...(this.acd === undefined
        ? []
        : [
            ['acd', this.acd.child.stderr] as const,
            ...this.acd.groups.map((g) => [`phones ${g.name}`, g.child.stderr] as const),
          ]),
    ]);
  }

  async stop(): Promise<void> {
    const groups = [
      ...this.phoneGroups,
      ...this.clusters.flatMap((c) => c.groups),
      ...(this.acd?.groups ?? []),
    ];
    for (const group of groups) await group.child.stop(STOP_GRACE_MS).catch(() => undefined);
    for (const c of this.clusters) await c.child.stop(STOP_GRACE_MS).catch(() => undefined);
    await this.acd?.child.stop(STOP_GRACE_MS).catch(() => undefined);
    for (const node of this.nodeMap.values()) {
      if (node.paused) node.child.signal('SIGCONT');
      await node.child.stop(STOP_GRACE_MS).catch(() => undefined);
    }
  }
}
