// An ACD node as a load target on the process or containers runtime: the lab's ACD nodes (with the
// run's generated phones and agents, acd-load-setup.ts) are ONE `ctilab serve acd --console
// --call-events` command, started by the runtime's launcher (serve-target.ts), as `ctilab lab up`
// runs them (one call model, a duplexed CTI Server per node: simulators/runtime/acd-lab-unit.ts):
// a child with the phones' SCCP and every side on an ephemeral port of 127.0.0.1, or a container
// with them on the ports the containers runtime gives them (acd-container.ts `acdContainerSpec`)
// published on 127.0.0.1. The phones and CTI Server clients stay in the load process. Ground
// truth: the node's call-model event lines and the lines of what each peripheral handed to its CTI
// Server, with their emission times (both ledgers match late emissions), and the greeting lines of
// its CTI Server sessions (tagged with their MonitorID). Faults as the runtimes
// apply them to an ACD node: console commands of the unit (kill/stop = fail-side of the active
// side, restore = restore-side, restart = both; applyAcdFault). RSS and CPU are the unit's.

import type { AcdLabEndpoints } from '../../simulators/acd-cti/acd-lab.ts';
import type { CallEvent } from '../../simulators/calls/call-events.ts';
import type { PeripheralEvent } from '../../simulators/cti-server/server/cti-peripheral.ts';
import type { CtiMessage } from '../../simulators/cti-server/wire.ts';
import type { Clock } from '../../simulators/lab/clock.ts';
import { applyAcdFault } from '../../simulators/runtime/acd-lab-unit.ts';
import { acdConsoleHandle } from '../../simulators/runtime/console-handles.ts';
import { acdContainerSpec } from '../../simulators/runtime/containers/acd-container.ts';
import { acdCtiServerTarget, acdLoadSetup } from './acd-load-setup.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadTarget } from './load-target.ts';
import { nodeProcess, type ServeLauncher, topologyArgs, writeChildTopology } from './serve-target.ts';

export async function startAcdServeTarget(
  loaded: LoadedScenario,
  clock: Clock,
  launcher: ServeLauncher,
): Promise<LoadTarget> {
  const setup = acdLoadSetup(loaded);
  const { acd, node: nodeName } = setup;
  const calls = new Set<(e: CallEvent, t: number) => void>();
  const published = new Set<(e: PeripheralEvent, t: number) => void>();
  const greeted = new Set<(monitorID: number, m: CtiMessage, t: number) => void>();
  const file = await writeChildTopology(setup.topology);
  // The SCCP and side ports inside a container; the process runtime binds ephemeral ports instead
  // (the topology's well-known side ports would collide with other labs on the machine).
  const spec = acdContainerSpec(setup.topology, acd);
  const unit = await launcher
    .start(
      'acd',
      (listen) => [
        'serve',
        'acd',
        ...topologyArgs(file, listen),
        '--host',
        listen.host,
        '--port',
        `sccp=${listen.port(spec.sccp)}`,
        ...acd.nodes.flatMap((n) => {
          const sides = spec.sides[n.name]!;
          return [
            '--port',
            `${n.name}:A=${listen.port(sides.A)}`,
            '--port',
            `${n.name}:B=${listen.port(sides.B)}`,
          ];
        }),
      ],
      clock,
      (truth) => {
        if (truth.kind === 'call') for (const l of calls) l(truth.event, truth.t);
        else if (truth.node !== nodeName) return;
        else if (truth.kind === 'peripheral') for (const l of published) l(truth.event, truth.t);
        else for (const l of greeted) l(truth.monitorID, truth.message, truth.t);
      },
    )
    .catch(async (err: unknown) => {
      await file.remove();
      throw err;
    });
  const handle = acdConsoleHandle(acd, unit.child, unit.ready.endpoints as AcdLabEndpoints, unit.what);
  const subscribe = <L>(set: Set<L>, listener: L) => {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };
  return {
    kind: 'acd',
    phones: setup.phones,
    clients: [],
    ctiServer: acdCtiServerTarget(setup, {
      sides: () => {
        const ep = handle.endpoints().nodes[nodeName]!;
        return [ep.A, ep.B];
      },
      // As the last console answer gave it (a fault's command answers with the endpoints after it).
      active: () => handle.endpoints().nodes[nodeName]!.active,
      subscribe: (listener) => subscribe(published, listener),
      greetings: (listener) => subscribe(greeted, listener),
      lateEmissions: true,
    }),
    phoneServers: () => [handle.endpoints().sccp],
    onCallEvent: (listener) => subscribe(calls, listener),
    registeredNode: (phone) => (phone.state.registered ? nodeName : undefined),
    tr87Open: () => {
      throw new Error('an ACD node has no TR/87 interface');
    },
    processes: () => nodeProcess('acd', unit),
    fault: (node, fault) => applyAcdFault(handle, node, { kind: fault }),
    stop: async () => {
      await unit.stop();
      await file.remove();
    },
  };
}
