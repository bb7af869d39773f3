// Which ports a CME node of a lab listens on, the same rule in every runtime (issue 9):
// - SCCP: the topology's `ports.sccp`; else 2000 (the IOS default, Cisco CME System Administrator
//   Guide, "ip source-address ... port") where the node has an address of its own (containers),
//   an ephemeral port where nodes share 127.0.0.1 (embedded, process).
// - SIP (CSTA over SIP, seeds/004): served when the topology names `ports.sip` or the config has
//   `voice register global` / `source-address <ip> port <n>`. The port is the topology's; else the
//   config's on an address of its own, an ephemeral one on 127.0.0.1 (two nodes from one config
//   would both want it).
// - TFTP: only when the topology names `ports.tftp`.
import type { CmeNode } from '../topology/topology-schema.ts';

export type AddressSpace = 'shared-loopback' | 'own-address';

export interface NodePorts {
  readonly sccp: number;
  readonly sip?: number;
  readonly tftp?: number;
}

/** SCCP's well-known port (Cisco: TCP 2000). */
export const SCCP_DEFAULT_PORT = 2000;

export function nodePorts(node: CmeNode, configSipPort: number | undefined, space: AddressSpace): NodePorts {
  const own = space === 'own-address';
  const sccp = node.ports?.sccp ?? (own ? SCCP_DEFAULT_PORT : 0);
  const sip = node.ports?.sip ?? (configSipPort === undefined ? undefined : own ? configSipPort : 0);
  const tftp = node.ports?.tftp;
  return { sccp, ...(sip === undefined ? {} : { sip }), ...(tftp === undefined ? {} : { tftp }) };
}
