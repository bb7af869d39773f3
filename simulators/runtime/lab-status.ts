// What every runtime reports the same way: where a phone group is registered, and the refusals of
// a fault (unknown node; a network fault without a network of the lab's own).
import { describeFault, type FaultOutcome, type LabFault } from './lab-fault.ts';
import type { Endpoint, NodeEndpoints, PhoneGroupStatus } from './lab-runtime.ts';
import type { JsonLine } from './line-log.ts';

export function addressOf(endpoint: Endpoint | undefined): string {
  return endpoint === undefined ? '' : `${endpoint.host}:${endpoint.port}`;
}

/** `host:port` of each node's SCCP endpoint -> node name. */
export function nodesByAddress(nodes: Iterable<[string, NodeEndpoints]>): Map<string, string> {
  return new Map([...nodes].map(([name, n]) => [addressOf(n.endpoints.sccp), name]));
}

/** A group of `phones` whose registered members are at `servers` (`host:port`, undefined = none). */
export function groupStatus(
  phones: number,
  servers: Iterable<string | undefined>,
  byAddress: ReadonlyMap<string, string>,
): PhoneGroupStatus {
  const byNode: Record<string, number> = {};
  let registered = 0;
  for (const server of servers) {
    const node = server === undefined ? undefined : byAddress.get(server);
    if (node === undefined) continue;
    byNode[node] = (byNode[node] ?? 0) + 1;
    registered++;
  }
  return { phones, registered, byNode };
}

export function noSuchNode(node: string, fault: LabFault): FaultOutcome {
  return { applied: false, node, fault, reason: `no node named '${node}'` };
}

export function needsLabNetwork(node: string, fault: LabFault): FaultOutcome {
  return {
    applied: false,
    node,
    fault,
    reason: `${describeFault(fault)} needs a network of the lab's own: use --runtime containers`,
  };
}

/** device -> `host:port` of its current registration, from the `ctilab phones` change lines. */
export function latestRegistrations(lines: readonly JsonLine[]): Map<string, string> {
  const where = new Map<string, string>();
  for (const line of lines) {
    const change = line.value.phone as { device?: string; registered?: boolean; server?: string } | undefined;
    if (change?.device === undefined) continue;
    if (change.registered === true && change.server !== undefined) where.set(change.device, change.server);
    else where.delete(change.device);
  }
  return where;
}
