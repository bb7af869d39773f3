// Which ports a CME node of a lab listens on, the same rule in every runtime (issue 9):
// - SCCP: the topology's `ports.sccp`; else 2000 (the IOS default, Cisco CME System Administrator
//   Guide, "ip source-address ... port") where the node has an address of its own (containers),
//   an ephemeral port where nodes share 127.0.0.1 (embedded, process).
// - SIP (CSTA over SIP, CME CSTA guide): served when the topology names `ports.sip` or the config has
//   `voice register global` / `source-address <ip> port <n>`. The port is the topology's; else the
//   config's on an address of its own, an ephemeral one on 127.0.0.1 (two nodes from one config
//   would both want it).
// - TFTP: only when the topology names `ports.tftp`.
// A CUCM cluster's nodes (cucmPorts) follow the same rule: a CallManager server's SCCP port is the
// topology's `ports.sccp`, else 2000 on an address of its own (Cisco Unified CM "TCP and UDP Port
// Usage": SCCP phone registration, TCP 2000), else ephemeral; a CTI gateway's SIP port is the
// topology's `ports.sip`, else 5060 on its own address (RFC 3261 §19.1.2), else ephemeral.
import type { CucmClusterTopology } from '../topology/cucm-topology.ts';
import type { CmeNode } from '../topology/topology-schema.ts';

export type AddressSpace = 'shared-loopback' | 'own-address';

export interface NodePorts {
  readonly sccp: number;
  readonly sip?: number;
  readonly tftp?: number;
}

/** SCCP's well-known port (Cisco: TCP 2000). */
export const SCCP_DEFAULT_PORT = 2000;

/** SIP's default port (RFC 3261 §19.1.2). */
export const SIP_DEFAULT_PORT = 5060;

export function nodePorts(node: CmeNode, configSipPort: number | undefined, space: AddressSpace): NodePorts {
  const own = space === 'own-address';
  const sccp = node.ports?.sccp ?? (own ? SCCP_DEFAULT_PORT : 0);
  const sip = node.ports?.sip ?? (configSipPort === undefined ? undefined : own ? configSipPort : 0);
  const tftp = node.ports?.tftp;
  return { sccp, ...(sip === undefined ? {} : { sip }), ...(tftp === undefined ? {} : { tftp }) };
}

/**
 * The listening port of every server running CallManager (SCCP) and every CTI gateway (SIP, TCP
 * and UDP) of a cluster, by node name: the `ports` option of CucmCluster. A server without the
 * CallManager service listens on nothing.
 */
export function cucmPorts(cluster: CucmClusterTopology, space: AddressSpace): Record<string, number> {
  const own = space === 'own-address';
  const ports: Record<string, number> = {};
  for (const s of cluster.servers)
    if (s.services.includes('callmanager')) ports[s.name] = s.ports?.sccp ?? (own ? SCCP_DEFAULT_PORT : 0);
  for (const g of cluster.gateways) ports[g.name] = g.ports?.sip ?? (own ? SIP_DEFAULT_PORT : 0);
  return ports;
}
