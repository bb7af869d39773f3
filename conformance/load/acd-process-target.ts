// An ACD node as a load target on the process runtime: the lab's ACD nodes (with the run's
// generated phones and agents, acd-load-setup.ts) are ONE `ctilab serve acd --console
// --call-events` child, as `ctilab lab up --runtime process` runs them (one call model, a
// duplexed CTI Server per node: simulators/runtime/acd-lab-unit.ts), the phones' SCCP and every
// side on an ephemeral port of 127.0.0.1; the phones and CTI Server clients stay in the load
// process. Ground truth: the child's call-model event lines and the lines of what each peripheral
// handed to its CTI Server, with their emission times (both ledgers match late emissions), and the
// greeting lines of its CTI Server sessions (tagged with their MonitorID). Faults
// as the process runtime applies them to an ACD node: console commands of the child (kill/stop =
// fail-side of the active side, restore = restore-side, restart = both; applyAcdFault). RSS and
// CPU are the child's.

import type { AcdLabEndpoints } from '../../simulators/acd-cti/acd-lab.ts';
import type { CallEvent } from '../../simulators/calls/call-events.ts';
import type { PeripheralEvent } from '../../simulators/cti-server/server/cti-peripheral.ts';
import type { CtiMessage } from '../../simulators/cti-server/wire.ts';
import type { Clock } from '../../simulators/lab/clock.ts';
import { applyAcdFault } from '../../simulators/runtime/acd-lab-unit.ts';
import { acdConsoleHandle } from '../../simulators/runtime/console-handles.ts';
import { acdCtiServerTarget, acdLoadSetup } from './acd-load-setup.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadTarget } from './load-target.ts';
import { childProcess, startGroundTruthChild, stopChild, writeChildTopology } from './process-target.ts';

export async function startAcdProcessTarget(loaded: LoadedScenario, clock: Clock): Promise<LoadTarget> {
  const setup = acdLoadSetup(loaded);
  const { acd, node: nodeName } = setup;
  const calls = new Set<(e: CallEvent, t: number) => void>();
  const published = new Set<(e: PeripheralEvent, t: number) => void>();
  const greeted = new Set<(monitorID: number, m: CtiMessage, t: number) => void>();
  const file = await writeChildTopology(setup.topology);
  // Ephemeral ports: the topology's well-known side ports would collide with other labs on the machine.
  const ports = ['sccp=0', ...acd.nodes.flatMap((n) => [`${n.name}:A=0`, `${n.name}:B=0`])].flatMap((p) => [
    '--port',
    p,
  ]);
  const started = await startGroundTruthChild(
    'acd',
    ['serve', 'acd', '--topology', file.file, '--host', '127.0.0.1', ...ports],
    clock,
    (truth) => {
      if (truth.kind === 'call') for (const l of calls) l(truth.event, truth.t);
      else if (truth.node !== nodeName) return;
      else if (truth.kind === 'peripheral') for (const l of published) l(truth.event, truth.t);
      else for (const l of greeted) l(truth.monitorID, truth.message, truth.t);
    },
  ).catch(async (err: unknown) => {
    await file.remove();
    throw err;
  });
  const { child } = started;
  const handle = acdConsoleHandle(acd, child, started.ready.endpoints as AcdLabEndpoints);
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
    processes: () => childProcess('acd', child),
    fault: (node, fault) => applyAcdFault(handle, node, { kind: fault }),
    stop: async () => {
      await stopChild(child);
      await file.remove();
    },
  };
}
