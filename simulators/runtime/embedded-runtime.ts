// The embedded runtime (DESIGN.md section 4): every node and phone of the lab in this process,
// on 127.0.0.1. Faults are what can be done in-process: kill/stop close every socket of the node,
// restart opens them again on the same ports, pause/unpause stop/resume answering SCCP keepalives.
// Network faults need a network of their own (containers runtime) and are refused with the reason.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CmeLab } from '../cme/cme.ts';
import { loadCmeConfig } from '../cme/config/load-cme-config.ts';
import { CaptureRecorder } from '../lab/capture-recorder.ts';
import { SccpPhone } from '../phone/phone.ts';
import type { LoadedTopology } from '../topology/load-topology.ts';
import { cmeTopologyOf } from '../topology/runnable-topology.ts';
import type { FaultOutcome, LabFault } from './lab-fault.ts';
import type { LabRuntime, LabStartOptions, LabStatus, NodeEndpoints, RunningLab } from './lab-runtime.ts';
import { addressOf, groupStatus, needsLabNetwork, nodesByAddress, noSuchNode } from './lab-status.ts';
import { type NodePorts, nodePorts } from './node-ports.ts';
import { phoneSpecs } from './phone-population.ts';

interface EmbeddedNode {
  readonly name: string;
  readonly lab: CmeLab;
  endpoints: NodeEndpoints;
  readonly log: string[];
}

export class EmbeddedRuntime implements LabRuntime {
  readonly kind = 'embedded' as const;

  async start(loaded: LoadedTopology, options: LabStartOptions = {}): Promise<RunningLab> {
    const nodes = new Map<string, EmbeddedNode>();
    const groups = new Map<string, SccpPhone[]>();
    const lab = new EmbeddedLab(loaded.topology.name, nodes, groups);
    try {
      for (const node of cmeTopologyOf(loaded).nodes) {
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
      for (const group of cmeTopologyOf(loaded).phones) {
        const servers = group.register.map((name) => nodes.get(name)!.endpoints.endpoints.sccp!);
        const phones = phoneSpecs(loaded, group).map((spec) => new SccpPhone({ ...spec, servers }));
        groups.set(group.name, phones);
        await Promise.all(phones.map((phone) => phone.powerOn()));
      }
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

  get nodes(): Record<string, NodeEndpoints> {
    return Object.fromEntries([...this.nodeMap].map(([name, node]) => [name, node.endpoints]));
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
    return { lab: this.name, runtime: this.runtime, nodes, phones };
  }

  async fault(nodeName: string, fault: LabFault): Promise<FaultOutcome> {
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

  captures(): readonly string[] {
    return this.recorders.map((r) => r.path);
  }

  processes(): readonly number[] {
    return [];
  }

  logs(): Record<string, readonly string[]> {
    return Object.fromEntries([...this.nodeMap].map(([name, node]) => [name, node.log]));
  }

  async stop(): Promise<void> {
    for (const phones of this.groups.values()) await Promise.all(phones.map((p) => p.stop().catch(() => {})));
    for (const node of this.nodeMap.values()) await node.lab.stop().catch(() => {});
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
