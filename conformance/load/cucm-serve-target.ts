// A CUCM cluster as a load target on the process or containers runtime: the cluster (with the
// run's generated phones and application users, cucm-load-setup.ts) is ONE `ctilab serve cucm
// --console --call-events` command, started by the runtime's launcher (serve-target.ts), as `ctilab
// lab up` runs a cluster (its servers share one call model: simulators/runtime/cucm-lab.ts): a
// child with every listener on an ephemeral port of 127.0.0.1, or a container with each server's
// SCCP and each gateway's SIP on the port the containers runtime gives it (container-specs.ts
// `clusterContainerSpec`) published on 127.0.0.1. The phones and TR/87 clients stay in the load
// process. Ground truth: the node's call-model event lines with their emission times (the ledger
// matches late emissions). Faults as the runtimes apply them to a cluster server: console commands
// of the unit (kill/stop = stop-node, restore = start-node, restart = both, pause/unpause =
// pause-node on/off; applyClusterFault), not the end of its process (the whole cluster's). RSS and
// CPU are the unit's (one process for the cluster's servers and gateways).
import type { CallEvent } from '../../simulators/calls/call-events.ts';
import type { CucmEndpoints } from '../../simulators/cucm/cucm-cluster.ts';
import type { Clock } from '../../simulators/lab/clock.ts';
import { clusterConsoleHandle } from '../../simulators/runtime/console-handles.ts';
import { clusterContainerSpec } from '../../simulators/runtime/containers/container-specs.ts';
import { applyClusterFault } from '../../simulators/runtime/cucm-lab.ts';
import { cucmLoadSetup, cucmTr87Open } from './cucm-load-setup.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadTarget, TargetEndpoint } from './load-target.ts';
import { nodeProcess, type ServeLauncher, topologyArgs, writeChildTopology } from './serve-target.ts';

export async function startCucmServeTarget(
  loaded: LoadedScenario,
  clock: Clock,
  launcher: ServeLauncher,
): Promise<LoadTarget> {
  const setup = cucmLoadSetup(loaded);
  const { cluster: topo, population } = setup;
  const name = topo.cluster.name;
  const listeners = new Set<(e: CallEvent, t: number) => void>();
  const file = await writeChildTopology(setup.topology);
  // Each server's SCCP and gateway's SIP port inside a container; the process runtime binds
  // ephemeral ports instead (the topology's would collide with other labs on the machine).
  const spec = clusterContainerSpec(setup.topology, topo);
  const inside: Record<string, number> = { ...spec.sccp, ...spec.sip };
  const unit = await launcher
    .start(
      name,
      (listen) => [
        'serve',
        'cucm',
        ...topologyArgs(file, listen),
        '--cluster',
        name,
        '--host',
        listen.host,
        ...[...topo.servers, ...topo.gateways].flatMap((n) => {
          const port = inside[n.name];
          return ['--port', `${n.name}=${port === undefined ? 0 : listen.port(port)}`];
        }),
      ],
      clock,
      (truth) => {
        if (truth.kind === 'call') for (const l of listeners) l(truth.event, truth.t);
      },
    )
    .catch(async (err: unknown) => {
      await file.remove();
      throw err;
    });
  const handle = clusterConsoleHandle(topo, unit.child, unit.ready.endpoints as CucmEndpoints, unit.what);
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
    processes: () => nodeProcess(name, unit),
    fault: (node, fault) => applyClusterFault(handle, node, { kind: fault }),
    stop: async () => {
      await unit.stop();
      await file.remove();
    },
  };
}
