/**
 * A CUCM cluster and an ACD lab as the plain snapshots a live view reads (lab/live-state.ts): the
 * embedded runtime (`RunningLab.parts()`) and `ctilab serve cucm|acd --dashboard` hand these
 * functions over, so the dashboard reads the nodes without knowing them.
 */
import type { AcdLab } from '../acd-cti/acd-lab.ts';
import type { CucmCluster } from '../cucm/cucm-cluster.ts';
import type { AcdLive, CucmLive } from '../lab/live-state.ts';
import type { LabParts } from './lab-runtime.ts';

type LabPart = LabParts['nodes'][number];

/** A cluster as one node of `LabParts`: its observations, its call model, its live state. */
export function cucmPart(cluster: CucmCluster): LabPart {
  return {
    name: cluster.name,
    kind: 'cucm',
    observations: cluster.observations,
    callModel: cluster.calls.model,
    cucm: () => cucmLiveState(cluster),
  };
}

/** An ACD lab as one node of `LabParts`: its observations, its call model, its live state. */
export function acdPart(lab: AcdLab): LabPart {
  return {
    name: lab.name,
    kind: 'acd',
    observations: lab.observations,
    callModel: lab.calls.model,
    acd: () => acdLiveState(lab),
  };
}

/** The cluster now: each server's services, each CTIManager's providers, each gateway's sessions. */
export function cucmLiveState(cluster: CucmCluster): CucmLive {
  const phonesOn = new Map<string, number>();
  for (const d of cluster.station.registeredDevices)
    if (d.listener !== undefined) phonesOn.set(d.listener, (phonesOn.get(d.listener) ?? 0) + 1);
  return {
    servers: cluster.serviceStates().map((s) => ({ ...s, phones: phonesOn.get(s.name) ?? 0 })),
    ctiManagers: [...cluster.managers.values()].map((m) => ({
      node: m.name,
      up: m.up,
      ...m.currentLimits,
      openDevices: m.openCount,
      providers: m.providerList(),
    })),
    gateways: [...cluster.gateways.values()].map((g) => ({
      name: g.name,
      up: g.sip !== undefined,
      sessions: g.cti.sessions().map((s) => ({
        id: s.id,
        user: s.user,
        ctiManager: s.node,
        transport: s.transport,
        monitors: s.monitors,
      })),
    })),
  };
}

/** The ACD nodes now: agents, skill groups with their queue depth, both CTI Server sides and their clients. */
export function acdLiveState(lab: AcdLab): AcdLive {
  return {
    nodes: lab.options.nodes.map((spec) => {
      const peripheral = lab.system.peripheral(spec.peripheral.id);
      const agents = peripheral.agentIds().map((id) => peripheral.agent(id));
      const pair = lab.pair(spec.name);
      return {
        node: spec.name,
        peripheralId: spec.peripheral.id,
        peripheralType: spec.peripheral.type,
        agents: agents.map((a) => ({
          id: a.id,
          name: spec.peripheral.agents.find((s) => s.id === a.id)?.name ?? '',
          extension: a.extension,
          state: a.state,
          reasonCode: a.reasonCode,
          stateSince: a.stateSince,
          skillGroups: a.skillGroups.map((g) => g.name),
          callId: a.callId ?? null,
        })),
        skillGroups: spec.peripheral.skillGroups.map((g) => ({
          name: g.name,
          number: g.number,
          id: g.id,
          members: g.members.length,
          available: agents.filter((a) =>
            a.skillGroups.some((s) => s.name === g.name && s.state === 'AVAILABLE'),
          ).length,
          queued: peripheral.queue(g.name).length,
        })),
        activeSide: pair.active,
        sides: (['A', 'B'] as const).map((side) => ({
          side,
          active: pair.active === side,
          listening: pair.sides[side].listening,
          port: pair.endpoint(side).port,
          clients: pair.sides[side].clients(),
        })),
      };
    }),
  };
}
