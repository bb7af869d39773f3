// A CUCM cluster as a load target: the scenario's cluster with the generated phones and one
// application user per TR/87 client (cucm-load-setup.ts), in this process; faults as `lab fault`
// applies them to a cluster server (simulators/runtime/cucm-lab.ts).
import { CucmCluster } from '../../simulators/cucm/cucm-cluster.ts';
import type { Clock } from '../../simulators/lab/clock.ts';
import { applyClusterFault, type ClusterHandle } from '../../simulators/runtime/cucm-lab.ts';
import { cucmLoadSetup, cucmTr87Open } from './cucm-load-setup.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadTarget, TargetEndpoint } from './load-target.ts';

export async function startCucmTarget(loaded: LoadedScenario, clock: Clock): Promise<LoadTarget> {
  const setup = cucmLoadSetup(loaded);
  const { population, cluster: topo } = setup;
  const cluster = new CucmCluster({
    cluster: topo.cluster,
    servers: topo.servers,
    gateways: topo.gateways,
    host: '127.0.0.1',
    clock,
    // Every unregistration during a failover is a log line: counted, not kept.
    log: () => {},
  });
  const handle: ClusterHandle = {
    topology: topo,
    paused: new Set(),
    endpoints: () => cluster.endpoints,
    running: () => cluster.isRunning,
    where: () => 'in process',
    run: async (command) => {
      if (command.op === 'pause-node') cluster.pauseNode(command.node, command.paused);
      else if (command.op === 'stop-node') await cluster.stopNode(command.node);
      else await cluster.startNode(command.node);
    },
  };
  const endpoints = await cluster.start();
  const servers = setup.cmGroup
    .map((n) => endpoints.nodes[n]?.sccp)
    .filter((e): e is TargetEndpoint => e !== undefined);
  return {
    kind: 'cucm',
    phones: population.phones,
    clients: population.clients,
    phoneServers: () => servers,
    onCallEvent: (listener) => cluster.calls.model.on(listener),
    registeredNode: (phone) => cluster.registeredNode(phone.deviceName),
    tr87Open: (client) =>
      cucmTr87Open(
        setup,
        client,
        cluster.endpoints.gateways[client.gateway]?.sip,
        cluster.gateways.get(client.gateway)?.cti.sessions()[0]?.node,
      ),
    fault: (node, fault) => applyClusterFault(handle, node, { kind: fault }),
    stop: () => cluster.stop(),
  };
}
