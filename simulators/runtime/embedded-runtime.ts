// The embedded runtime (DESIGN.md section 4): every node and phone of the lab in this process,
// on 127.0.0.1. Faults are what can be done in-process: kill/stop close every socket of the node,
// restart opens them again on the same ports, pause/unpause stop/resume answering SCCP keepalives.
// Network faults need a network of their own (containers runtime) and are refused with the reason.
import { readFileSync } from 'node:fs';
import { CmeLab } from '../cme/cme.ts';
import { loadCmeConfig } from '../cme/config/load-cme-config.ts';
import { SccpPhone } from '../phone/phone.ts';
import type { LoadedTopology } from '../topology/load-topology.ts';
import { describeFault, type FaultOutcome, type LabFault } from './lab-fault.ts';
import type { LabRuntime, LabStatus, NodeEndpoints, RunningLab } from './lab-runtime.ts';
import { phoneSpecs } from './phone-population.ts';

interface EmbeddedNode {
  readonly name: string;
  readonly lab: CmeLab;
  endpoints: NodeEndpoints;
  readonly log: string[];
}

export class EmbeddedRuntime implements LabRuntime {
  readonly kind = 'embedded' as const;

  async start(loaded: LoadedTopology): Promise<RunningLab> {
    const nodes = new Map<string, EmbeddedNode>();
    const groups = new Map<string, SccpPhone[]>();
    const lab = new EmbeddedLab(loaded.topology.name, nodes, groups);
    try {
      for (const node of loaded.topology.nodes) {
        const { config, ios } = loadCmeConfig(readFileSync(loaded.configPath(node.name), 'utf8'));
        const log: string[] = [];
        const cme = new CmeLab({
          config,
          ios,
          name: node.name,
          host: '127.0.0.1',
          sccpPort: node.ports?.sccp ?? 0,
          sipPort: node.ports?.sip,
          tftpPort: node.ports?.tftp,
          log: (line) => log.push(line),
        });
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
      for (const group of loaded.topology.phones) {
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
    const byAddress = new Map(
      [...this.nodeMap.values()].map((n) => [
        `${n.endpoints.endpoints.sccp?.host}:${n.endpoints.endpoints.sccp?.port}`,
        n.name,
      ]),
    );
    const phones = Object.fromEntries(
      [...this.groups].map(([name, list]) => {
        const byNode: Record<string, number> = {};
        for (const phone of list) {
          const server = phone.state.registered ? phone.state.server : null;
          const node = server === null ? undefined : byAddress.get(`${server.host}:${server.port}`);
          if (node !== undefined) byNode[node] = (byNode[node] ?? 0) + 1;
        }
        const registered = Object.values(byNode).reduce((a, b) => a + b, 0);
        return [name, { phones: list.length, registered, byNode }];
      }),
    );
    const nodes = Object.fromEntries(
      [...this.nodeMap].map(([name, node]) => [name, { ...node.endpoints, running: node.lab.isRunning }]),
    );
    return { lab: this.name, runtime: this.runtime, nodes, phones };
  }

  async fault(nodeName: string, fault: LabFault): Promise<FaultOutcome> {
    const node = this.nodeMap.get(nodeName);
    if (node === undefined)
      return { applied: false, node: nodeName, fault, reason: `no node named '${nodeName}'` };
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
        return {
          applied: false,
          node: nodeName,
          fault,
          reason: `${describeFault(fault)} needs a network of the lab's own: use --runtime containers`,
        };
    }
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
  }
}
