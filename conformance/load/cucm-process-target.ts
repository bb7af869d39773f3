// A CUCM cluster as a load target on the process runtime: the cluster (with the run's generated
// phones and application users, cucm-load-setup.ts) is ONE `ctilab serve cucm --console
// --call-events` child, as `ctilab lab up --runtime process` runs a cluster (its servers share one
// call model: simulators/runtime/cucm-lab.ts), every listener on an ephemeral port of 127.0.0.1;
// the phones and TR/87 clients stay in the load process. Ground truth: the child's call-model
// event lines with their emission times (the ledger matches late emissions). Faults as the process
// runtime applies them to a cluster server: console commands of the child (kill/stop = stop-node,
// restore = start-node, restart = both, pause/unpause = pause-node on/off; applyClusterFault). RSS
// and CPU are the child's (one process for the cluster's servers and gateways).
import type { CallEvent } from '../../simulators/calls/call-events.ts';
import type { CucmEndpoints } from '../../simulators/cucm/cucm-cluster.ts';
import type { Clock } from '../../simulators/lab/clock.ts';
import { clusterConsoleHandle } from '../../simulators/runtime/console-handles.ts';
import { applyClusterFault } from '../../simulators/runtime/cucm-lab.ts';
import { cucmLoadSetup, cucmTr87Open } from './cucm-load-setup.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadTarget, TargetEndpoint } from './load-target.ts';
import { childProcess, startGroundTruthChild, stopChild, writeChildTopology } from './process-target.ts';

export async function startCucmProcessTarget(loaded: LoadedScenario, clock: Clock): Promise<LoadTarget> {
  const setup = cucmLoadSetup(loaded);
  const { cluster: topo, population } = setup;
  const name = topo.cluster.name;
  const listeners = new Set<(e: CallEvent, t: number) => void>();
  const file = await writeChildTopology(setup.topology);
  // Ephemeral ports: the topology's would collide with other labs on the machine.
  const ports = [...topo.servers, ...topo.gateways].flatMap((n) => ['--port', `${n.name}=0`]);
  const started = await startGroundTruthChild(
    name,
    ['serve', 'cucm', '--topology', file.file, '--cluster', name, '--host', '127.0.0.1', ...ports],
    clock,
    (truth) => {
      if (truth.kind === 'call') for (const l of listeners) l(truth.event, truth.t);
    },
  ).catch(async (err: unknown) => {
    await file.remove();
    throw err;
  });
  const { child } = started;
  const handle = clusterConsoleHandle(topo, child, started.ready.endpoints as CucmEndpoints);
  const first = handle.endpoints();
  const servers = setup.cmGroup
    .map((n) => first.nodes[n]?.sccp)
    .filter((e): e is TargetEndpoint => e !== undefined);
  // A restored server listens on the port it first bound: a phone's server port names its node.
  const nodeOfPort = new Map(
    Object.entries(first.nodes).flatMap(([n, e]) => (e.sccp ? [[e.sccp.port, n] as const] : [])),
  );
  return {
    kind: 'cucm',
    phones: population.phones,
    clients: population.clients,
    phoneServers: () => servers,
    onCallEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    registeredNode: (phone) => {
      const s = phone.state;
      return s.registered && s.server ? nodeOfPort.get(s.server.port) : undefined;
    },
    // The gateway's session node (its CTIManager) is in the child: the timeline names the gateway.
    tr87Open: (client) =>
      cucmTr87Open(setup, client, handle.endpoints().gateways[client.gateway]?.sip, undefined),
    processes: () => childProcess(name, child),
    fault: (node, fault) => applyClusterFault(handle, node, { kind: fault }),
    stop: async () => {
      await stopChild(child);
      await file.remove();
    },
  };
}
