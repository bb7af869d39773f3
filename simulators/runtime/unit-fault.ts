// Where a lab fault goes on every runtime: a node of the lab's ACD (acd-lab-unit.ts) or of one of
// its CUCM clusters (cucm-lab.ts) is an operation of that unit, through its handle; any other node
// is the runtime's own to fault.
import { type AcdHandle, applyAcdFault, isAcdNode } from './acd-lab-unit.ts';
import { applyClusterFault, type ClusterHandle, isClusterNode } from './cucm-lab.ts';
import type { FaultOutcome, LabFault } from './lab-fault.ts';

/** A running lab's units: its ACD (if any) and its CUCM clusters, each with its handle. */
export interface LabUnits {
  readonly acd: { readonly handle: AcdHandle } | undefined;
  readonly clusters: readonly { readonly handle: ClusterHandle }[];
}

/** The fault applied by the ACD's or a cluster's handle; undefined when `node` is of neither. */
export function unitFault(lab: LabUnits, node: string, fault: LabFault): Promise<FaultOutcome> | undefined {
  const acd = lab.acd?.handle;
  if (acd !== undefined && isAcdNode(acd.topology, node)) return applyAcdFault(acd, node, fault);
  const cluster = lab.clusters.find((c) => isClusterNode(c.handle.topology, node));
  return cluster === undefined ? undefined : applyClusterFault(cluster.handle, node, fault);
}
