// What an ACD load run adds to its lab, the same on every runtime: `count` generated phones on the
// scenario's acd node, each the teleset of a generated agent (agent id 7000000 + i, password
// `<id>-pw`, extension = the phone's DN 8000000 + i), as a topology (the embedded target runs its
// ACD nodes; the process target writes it for `ctilab serve acd`), and the CTI Server target the
// run's CTI Server clients see.
import type { PeripheralEvent } from '../../simulators/cti-server/server/cti-peripheral.ts';
import type { CtiMessage } from '../../simulators/cti-server/wire.ts';
import type { LoadedTopology } from '../../simulators/topology/load-topology.ts';
import { type RunnableAcd, runnableTopologyOf } from '../../simulators/topology/runnable-topology.ts';
import type { LoadPhone } from './load-population.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { CtiServerTarget, LoadAgent, TargetEndpoint } from './load-target.ts';

const MAC_BASE = 0x00ad20000000;
const DN_BASE = 8_000_000;
const AGENT_BASE = 7_000_000;

export interface AcdLoadSetup {
  /** The scenario's topology with the generated phones and agents on the acd node. */
  readonly topology: LoadedTopology;
  /** The ACD nodes as the runtimes run them. */
  readonly acd: RunnableAcd;
  /** The acd node of the run. */
  readonly node: string;
  readonly phones: readonly LoadPhone[];
  readonly agents: readonly LoadAgent[];
}

export function acdLoadSetup(loaded: LoadedScenario): AcdLoadSetup {
  if (loaded.target.kind !== 'acd') throw new Error('not an ACD scenario');
  const node = loaded.target.node;
  const phones: LoadPhone[] = Array.from({ length: loaded.scenario.phones.count }, (_, i) => {
    const mac = (MAC_BASE + i).toString(16).toUpperCase().padStart(12, '0');
    return { mac, name: `SEP${mac}`, dn: String(DN_BASE + i) };
  });
  const agents: LoadAgent[] = phones.map((p, i) => ({ id: String(AGENT_BASE + i), extension: p.dn }));
  const topology: LoadedTopology = {
    ...loaded.topology,
    topology: {
      ...loaded.topology.topology,
      nodes: loaded.topology.topology.nodes.map((n) =>
        n.kind !== 'acd' || n.name !== node
          ? n
          : {
              ...n,
              peripheral: {
                ...n.peripheral,
                agents: [
                  ...n.peripheral.agents,
                  ...agents.map((a) => ({ id: a.id, password: `${a.id}-pw`, extension: a.extension })),
                ],
              },
              phones: [...n.phones, ...phones.map((p) => ({ name: p.name, model: '7961', dn: p.dn }))],
            },
      ),
    },
  };
  const acd = runnableTopologyOf(topology).acd;
  if (acd === undefined) throw new Error(`no ACD node in ${loaded.topology.file}`);
  return { topology, acd, node, phones, agents };
}

/** The run's acd node's CTI Server as its CTI Server clients see it, wherever the node runs. */
export function acdCtiServerTarget(
  setup: AcdLoadSetup,
  at: {
    /** Side A and side B now. */
    sides(): TargetEndpoint[];
    active(): string;
    subscribe(listener: (event: PeripheralEvent, t?: number) => void): () => void;
    greetings(listener: (monitorID: number, message: CtiMessage, t?: number) => void): () => void;
    lateEmissions?: boolean;
  },
): CtiServerTarget {
  const spec = setup.acd.nodes.find((n) => n.name === setup.node)!;
  const bridge = spec.clients.bridges[0] ?? { clientId: '', password: '' };
  return {
    peripheralId: spec.peripheral.id,
    bridge: { clientId: bridge.clientId, password: bridge.password },
    agents: setup.agents,
    sides: at.sides,
    active: at.active,
    subscribe: at.subscribe,
    greetings: at.greetings,
    ...(at.lateEmissions === undefined ? {} : { lateEmissions: at.lateEmissions }),
  };
}
