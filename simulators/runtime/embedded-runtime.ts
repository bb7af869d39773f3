// The embedded runtime (DESIGN.md section 4): every node and phone of the lab in this process,
// on 127.0.0.1. Faults are what can be done in-process: kill/stop close every socket of the node,
// restart opens them again on the same ports, restore opens them again if closed, pause/unpause
// stop/resume answering SCCP keepalives. A CUCM cluster is one CucmCluster (its servers share one
// call model); a fault on one of its servers is an operation of the cluster (cucm-lab.ts). The
// ACD nodes are one AcdLab; a fault on one is an operation on its duplexed CTI Server
// (acd-lab-unit.ts).
// Network faults need a network of their own (containers runtime) and are refused with the reason.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AcdLab } from '../acd-cti/acd-lab.ts';
import { CmeLab } from '../cme/cme.ts';
import { loadCmeConfig } from '../cme/config/load-cme-config.ts';
import { CucmCluster } from '../cucm/cucm-cluster.ts';
import { CaptureRecorder } from '../lab/capture-recorder.ts';
import { SccpPhone } from '../phone/phone.ts';
import type { LoadedTopology } from '../topology/load-topology.ts';
import { type RunnableAcd, type RunnableCluster, runnableTopologyOf } from '../topology/runnable-topology.ts';
import {
  type AcdHandle,
  acdGroupPhones,
  acdGroupStatus,
  acdNodeEndpoints,
  acdNodeStatus,
  runAcdCommand,
} from './acd-lab-unit.ts';
import {
  type ClusterHandle,
  clusterGroupStatus,
  clusterNodeEndpoints,
  clusterNodeStatus,
  clusterPhoneTargets,
} from './cucm-lab.ts';
import type { FaultOutcome, LabFault } from './lab-fault.ts';
import type {
  LabParts,
  LabRuntime,
  LabStartOptions,
  LabStatus,
  NodeEndpoints,
  RunningLab,
} from './lab-runtime.ts';
import { addressOf, groupStatus, needsLabNetwork, nodesByAddress, noSuchNode } from './lab-status.ts';
import { acdPart, cucmPart } from './live-state-of.ts';
import { cucmPorts, type NodePorts, nodePorts } from './node-ports.ts';
import { phoneSpecs } from './phone-population.ts';
import { unitFault } from './unit-fault.ts';

interface EmbeddedNode {
  readonly name: string;
  readonly lab: CmeLab;
  endpoints: NodeEndpoints;
  readonly log: string[];
}

/** A CUCM cluster in this process: its nodes' endpoints and its phone groups. */
interface EmbeddedCluster {
  readonly handle: ClusterHandle;
  readonly cluster: CucmCluster;
  readonly nodes: Record<string, NodeEndpoints>;
  readonly log: string[];
  readonly groups: Map<string, SccpPhone[]>;
}

/** The lab's ACD nodes in this process: one AcdLab, its nodes' endpoints, its phone groups. */
interface EmbeddedAcd {
  readonly handle: AcdHandle;
  readonly lab: AcdLab;
  readonly log: string[];
  readonly groups: Map<string, { readonly node: string; readonly phones: SccpPhone[] }>;
}

function embeddedAcdHandle(topology: RunnableAcd, lab: AcdLab): AcdHandle {
  return {
    topology,
    endpoints: () => lab.endpoints(),
    running: () => lab.isRunning,
    where: () => 'in process',
    run: async (command) => {
      const done = await runAcdCommand(lab, command);
      if (!done.ok) throw new Error(done.reason);
    },
  };
}

function embeddedHandle(topology: RunnableCluster, cluster: CucmCluster): ClusterHandle {
  return {
    topology,
    paused: new Set(),
    endpoints: () => cluster.endpoints,
    running: () => cluster.isRunning,
    where: () => 'in process',
    run: async (command) => {
      if (command.op === 'pause-node') cluster.pauseNode(command.node, command.paused);
      else if (command.op === 'stop-node') await cluster.stopNode(command.node);
      else await cluster.startNode(command.node);
    },
  };
}

export class EmbeddedRuntime implements LabRuntime {
  readonly kind = 'embedded' as const;

  async start(loaded: LoadedTopology, options: LabStartOptions = {}): Promise<RunningLab> {
    const nodes = new Map<string, EmbeddedNode>();
    const groups = new Map<string, SccpPhone[]>();
    const lab = new EmbeddedLab(loaded.topology.name, nodes, groups);
    const runnable = runnableTopologyOf(loaded);
    try {
      for (const node of runnable.nodes) {
        const { config, ios } = loadCmeConfig(readFileSync(loaded.configPath(node.name), 'utf8'));
        const log: string[] = [];
        const cme = new CmeLab({
          config,
          ios,
          name: node.name,
          host: '127.0.0.1',
          ...nodePortOptions(
            nodePorts(node, ios.voiceRegisterGlobal?.sourceAddress?.port, 'shared-loopback'),
          ),
          log: (line) => log.push(line),
        });
        if (options.captureDir !== undefined) {
          const recorder = new CaptureRecorder(cme.observations, {
            path: join(options.captureDir, `${node.name}.pcap`),
          });
          recorder.start();
          lab.recorders.push(recorder);
        }
        const started = await cme.start();
        // The same shape as the ready line of `ctilab serve cme` (process runtime).
        const { sccp, sip, tftp } = started.endpoints;
        const endpoints = {
          sccp: { transport: 'tcp', ...sccp },
          ...(sip ? { sip: { transport: ['tcp', 'udp'], ...sip } } : {}),
          ...(tftp ? { tftp: { transport: 'udp', ...tftp } } : {}),
        };
        nodes.set(node.name, { name: node.name, lab: cme, endpoints: { kind: node.kind, endpoints }, log });
      }
      for (const group of runnable.phones) {
        const servers = group.register.map((name) => nodes.get(name)!.endpoints.endpoints.sccp!);
        const phones = phoneSpecs(loaded, group).map((spec) => new SccpPhone({ ...spec, servers }));
        groups.set(group.name, phones);
        await Promise.all(phones.map((phone) => phone.powerOn()));
      }
      for (const topology of runnable.clusters) await lab.startCluster(topology, options);
      if (runnable.acd !== undefined) await lab.startAcd(runnable.acd, options);
      return lab;
    } catch (err) {
      await lab.stop();
      throw err;
    }
  }
}

class EmbeddedLab implements RunningLab {
  readonly runtime = 'embedded' as const;

  constructor(
    readonly name: string,
    private readonly nodeMap: Map<string, EmbeddedNode>,
    private readonly groups: Map<string, SccpPhone[]>,
  ) {}

  readonly clusters: EmbeddedCluster[] = [];

  /** Starts the cluster (one call model for its servers), then powers on the phones of its groups. */
  async startCluster(topology: RunnableCluster, options: LabStartOptions): Promise<void> {
    const log: string[] = [];
    const cluster = new CucmCluster({
      cluster: topology.cluster,
      servers: topology.servers,
      gateways: topology.gateways,
      host: '127.0.0.1',
      ports: cucmPorts(topology, 'shared-loopback'),
      log: (line) => log.push(line),
    });
    if (options.captureDir !== undefined) {
      const recorder = new CaptureRecorder(cluster.observations, {
        path: join(options.captureDir, `${topology.cluster.name}.pcap`),
      });
      recorder.start();
      this.recorders.push(recorder);
    }
    const groups = new Map<string, SccpPhone[]>();
    const entry: EmbeddedCluster = {
      handle: embeddedHandle(topology, cluster),
      cluster,
      nodes: {},
      log,
      groups,
    };
    this.clusters.push(entry);
    Object.assign(entry.nodes, clusterNodeEndpoints(topology, await cluster.start()));
    // Each phone registers with its device pool's CM group, primary first (clusterPhones()).
    const targets = clusterPhoneTargets(topology, entry.nodes);
    for (const name of topology.phoneGroups) {
      const phones = targets.map((p) => new SccpPhone({ mac: p.mac, model: p.model, servers: p.servers }));
      groups.set(name, phones);
      await Promise.all(phones.map((phone) => phone.powerOn()));
    }
  }

  acd: EmbeddedAcd | undefined;

  /**
   * Starts the ACD nodes as one AcdLab (the sides on the topology's ports, ACD-COM-002; the phones'
   * SCCP port the topology's or ephemeral), then powers on the phones of its groups.
   */
  async startAcd(topology: RunnableAcd, options: LabStartOptions): Promise<void> {
    const log: string[] = [];
    const lab = new AcdLab({
      nodes: topology.nodes,
      host: '127.0.0.1',
      sccpPort: topology.sccpPort ?? 0,
      log: (line) => log.push(line),
    });
    if (options.captureDir !== undefined) {
      const recorder = new CaptureRecorder(lab.observations, {
        path: join(options.captureDir, `${lab.name}.pcap`),
      });
      recorder.start();
      this.recorders.push(recorder);
    }
    const groups: EmbeddedAcd['groups'] = new Map();
    this.acd = { handle: embeddedAcdHandle(topology, lab), lab, log, groups };
    const { sccp } = await lab.start();
    for (const group of topology.phoneGroups) {
      const phones = acdGroupPhones(topology, group.node).map(
        (p) => new SccpPhone({ mac: p.mac, model: p.model, servers: [sccp] }),
      );
      groups.set(group.name, { node: group.node, phones });
      await Promise.all(phones.map((phone) => phone.powerOn()));
    }
  }

  get nodes(): Record<string, NodeEndpoints> {
    return Object.assign(
      Object.fromEntries([...this.nodeMap].map(([name, node]) => [name, node.endpoints])),
      ...this.clusters.map((c) => c.nodes),
      this.acd === undefined ? {} : acdNodeEndpoints(this.acd.lab.endpoints()),
    );
  }

  async status(): Promise<LabStatus> {
    const byAddress = nodesByAddress([...this.nodeMap].map(([name, n]) => [name, n.endpoints]));
    const phones = Object.fromEntries(
      [...this.groups].map(([name, list]) => {
        const servers = list.map((p) =>
          p.state.registered && p.state.server ? addressOf(p.state.server) : undefined,
        );
        return [name, groupStatus(list.length, servers, byAddress)];
      }),
    );
    const nodes = Object.fromEntries(
      [...this.nodeMap].map(([name, node]) => [name, { ...node.endpoints, running: node.lab.isRunning }]),
    );
    for (const c of this.clusters) {
      Object.assign(nodes, clusterNodeStatus(c.handle, c.nodes));
      const byClusterAddress = nodesByAddress(Object.entries(c.nodes));
      for (const [name, list] of c.groups) {
        const byDevice = new Map(list.map((p) => [p.deviceName, p]));
        phones[name] = clusterGroupStatus([...byDevice.keys()], (device) => {
          const state = byDevice.get(device)!.state;
          return state.registered && state.server ? byClusterAddress.get(addressOf(state.server)) : undefined;
        });
      }
    }
    if (this.acd !== undefined) {
      Object.assign(nodes, acdNodeStatus(this.acd.handle));
      for (const [name, group] of this.acd.groups) {
        const byDevice = new Map(group.phones.map((p) => [p.deviceName, p]));
        phones[name] = acdGroupStatus(
          group.node,
          [...byDevice.keys()],
          (d) => byDevice.get(d)!.state.registered,
        );
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
      case 'stop':
        await node.lab.stop();
        return applied('every socket of the node closed (embedded: kill and stop are the same)');
      case 'restart':
        await node.lab.stop();
        await node.lab.start();
        return applied('sockets closed and opened again on the same ports');
      case 'restore':
        if (node.lab.isRunning) return applied('the node is running: nothing to do');
        await node.lab.start();
        return applied('sockets opened again on the same ports');
      case 'pause':
        node.lab.node.faults.ignoreKeepalives = true;
        return applied(
          'the node stops answering SCCP keepalives (embedded pause; other messages are still answered)',
        );
      case 'unpause':
        node.lab.node.faults.ignoreKeepalives = false;
        return applied('the node answers SCCP keepalives again');
      default:
        return needsLabNetwork(nodeName, fault);
    }
  }

  readonly recorders: CaptureRecorder[] = [];

  parts(): LabParts {
    return {
      lab: this.name,
      phoneGroups: [
        ...[...this.groups].map(([group, phones]) => ({ group, phones })),
        ...this.clusters.flatMap((c) => [...c.groups].map(([group, phones]) => ({ group, phones }))),
        ...[...(this.acd?.groups ?? [])].map(([group, g]) => ({ group, phones: g.phones })),
      ],
      nodes: [
        ...[...this.nodeMap].map(([name, node]) => ({
          name,
          kind: node.endpoints.kind,
          observations: node.lab.observations,
          callModel: node.lab.calls.model,
          ...(node.lab.cti ? { ctiSessions: () => node.lab.cti?.sessions() ?? [] } : {}),
        })),
        ...this.clusters.map((c) => cucmPart(c.cluster)),
        ...(this.acd ? [acdPart(this.acd.lab)] : []),
      ],
    };
  }

  captures(): readonly string[] {
    return this.recorders.map((r) => r.path);
  }

  processes(): readonly number[] {
    return [];
  }

  logs(): Record<string, readonly string[]> {
    return Object.fromEntries([
      ...[...this.nodeMap].map(([name, node]) => [name, node.log] as const),
      ...this.clusters.map((c) => [c.handle.topology.cluster.name, c.log] as const),
      ...(this.acd === undefined ? [] : [[this.acd.lab.name, this.acd.log] as const]),
    ]);
  }

  async stop(): Promise<void> {
    const groups = [
      ...this.groups.values(),
      ...this.clusters.flatMap((c) => [...c.groups.values()]),
      ...[...(this.acd?.groups.values() ?? [])].map((g) => g.phones),
    ];
    for (const phones of groups) await Promise.all(phones.map((p) => p.stop().catch(() => {})));
    for (const node of this.nodeMap.values()) await node.lab.stop().catch(() => {});
    for (const c of this.clusters) await c.cluster.stop().catch(() => {});
    await this.acd?.lab.close().catch(() => {});
    for (const recorder of this.recorders) await recorder.stop().catch(() => {});
  }
}

function nodePortOptions(ports: NodePorts): { sccpPort: number; sipPort?: number; tftpPort?: number } {
  return {
    sccpPort: ports.sccp,
    ...(ports.sip === undefined ? {} : { sipPort: ports.sip }),
    ...(ports.tftp === undefined ? {} : { tftpPort: ports.tftp }),
  };
}
