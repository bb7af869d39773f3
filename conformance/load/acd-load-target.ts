// An ACD node as a load target: the lab's ACD nodes as one AcdLab in this process (the phones'
// SCCP listener and call model, the ACD system, a duplexed CTI Server per node on ephemeral
// ports), with `count` generated phones added to the scenario's node, each the teleset of a
// generated agent (agent id 7000000 + i, extension = the phone's DN 8000000 + i). Faults as
// `lab fault` applies them to an ACD node (simulators/runtime/acd-lab-unit.ts): kill/stop = its
// active CTI Server side dies (the standby takes over), restore = the dead side back as standby.
import { AcdLab } from '../../simulators/acd-cti/acd-lab.ts';
import type { PeripheralEvent } from '../../simulators/cti-server/server/cti-peripheral.ts';
import type { Clock } from '../../simulators/lab/clock.ts';
import { type AcdHandle, applyAcdFault, runAcdCommand } from '../../simulators/runtime/acd-lab-unit.ts';
import { runnableTopologyOf } from '../../simulators/topology/runnable-topology.ts';
import type { LoadPhone } from './load-population.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadAgent, LoadTarget } from './load-target.ts';

const MAC_BASE = 0x00ad20000000;
const DN_BASE = 8_000_000;
const AGENT_BASE = 7_000_000;

export async function startAcdTarget(loaded: LoadedScenario, clock: Clock): Promise<LoadTarget> {
  if (loaded.target.kind !== 'acd') throw new Error('not an ACD scenario');
  const nodeName = loaded.target.node;
  const runnable = runnableTopologyOf(loaded.topology).acd;
  if (runnable === undefined) throw new Error(`no ACD node in ${loaded.topology.file}`);
  const phones: LoadPhone[] = Array.from({ length: loaded.scenario.phones.count }, (_, i) => {
    const mac = (MAC_BASE + i).toString(16).toUpperCase().padStart(12, '0');
    return { mac, name: `SEP${mac}`, dn: String(DN_BASE + i) };
  });
  const agents: LoadAgent[] = phones.map((p, i) => ({ id: String(AGENT_BASE + i), extension: p.dn }));
  const nodes = runnable.nodes.map((n) =>
    n.name !== nodeName
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
  );
  const spec = nodes.find((n) => n.name === nodeName)!;
  const lab = new AcdLab({
    nodes,
    host: '127.0.0.1',
    sccpPort: 0,
    // Ephemeral sides: the topology's well-known ports would collide with other labs on the machine.
    sidePorts: Object.fromEntries(nodes.map((n) => [n.name, { A: 0, B: 0 }])),
    clock,
    log: () => {},
  });
  const handle: AcdHandle = {
    topology: { ...runnable, nodes },
    endpoints: () => lab.endpoints(),
    running: () => lab.isRunning,
    where: () => 'in process',
    run: async (command) => {
      const done = await runAcdCommand(lab, command);
      if (!done.ok) throw new Error(done.reason);
    },
  };
  const started = await lab.start();
  const bridge = spec.clients.bridges[0] ?? { clientId: '', password: '' };
  return {
    kind: 'acd',
    phones,
    clients: [],
    ctiServer: {
      peripheralId: spec.peripheral.id,
      sides: () => {
        const ep = lab.endpoints().nodes[nodeName]!;
        return [ep.A, ep.B];
      },
      bridge: { clientId: bridge.clientId, password: bridge.password },
      agents,
      subscribe: (listener: (e: PeripheralEvent) => void) => lab.cti(nodeName).subscribe(listener),
      active: () => lab.endpoints().nodes[nodeName]!.active,
    },
    phoneServers: () => [started.sccp],
    onCallEvent: (listener) => lab.calls.model.on(listener),
    registeredNode: (phone) => (phone.state.registered ? nodeName : undefined),
    tr87Open: () => {
      throw new Error('an ACD node has no TR/87 interface');
    },
    fault: (node, fault) => applyAcdFault(handle, node, { kind: fault }),
    stop: () => lab.stop(),
  };
}
