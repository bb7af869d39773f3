// An ACD node as a load target: the lab's ACD nodes as one AcdLab in this process (the phones'
// SCCP listener and call model, the ACD system, a duplexed CTI Server per node on ephemeral
// ports), with the generated phones and agents of acd-load-setup.ts on the scenario's node. Faults
// as `lab fault` applies them to an ACD node (simulators/runtime/acd-lab-unit.ts): kill/stop = its
// active CTI Server side dies (the standby takes over), restore = the dead side back as standby.
import { AcdLab } from '../../simulators/acd-cti/acd-lab.ts';
import type { Clock } from '../../simulators/lab/clock.ts';
import { type AcdHandle, applyAcdFault, runAcdCommand } from '../../simulators/runtime/acd-lab-unit.ts';
import { acdCtiServerTarget, acdLoadSetup } from './acd-load-setup.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadTarget } from './load-target.ts';

export async function startAcdTarget(loaded: LoadedScenario, clock: Clock): Promise<LoadTarget> {
  const setup = acdLoadSetup(loaded);
  const { acd, node: nodeName } = setup;
  const lab = new AcdLab({
    nodes: acd.nodes,
    host: '127.0.0.1',
    sccpPort: 0,
    // Ephemeral sides: the topology's well-known ports would collide with other labs on the machine.
    sidePorts: Object.fromEntries(acd.nodes.map((n) => [n.name, { A: 0, B: 0 }])),
    clock,
    log: () => {},
  });
  const handle: AcdHandle = {
    topology: acd,
    endpoints: () => lab.endpoints(),
    running: () => lab.isRunning,
    where: () => 'in process',
    run: async (command) => {
      const done = await runAcdCommand(lab, command);
      if (!done.ok) throw new Error(done.reason);
    },
  };
  const started = await lab.start();
  return {
    kind: 'acd',
    phones: setup.phones,
    clients: [],
    ctiServer: acdCtiServerTarget(setup, {
      sides: () => {
        const ep = lab.endpoints().nodes[nodeName]!;
        return [ep.A, ep.B];
      },
      subscribe: (listener) => lab.cti(nodeName).subscribe(listener),
      greetings: (listener) =>
        lab.pair(nodeName).onGreeting((monitorID, messages) => {
          for (const m of messages) listener(monitorID, m);
        }),
      active: () => lab.endpoints().nodes[nodeName]!.active,
    }),
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
