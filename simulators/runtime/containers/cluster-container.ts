// The containers runtime's handle on a CUCM cluster's one container (issue 10): each command of
// cucm-lab.ts (`stop-node`, `start-node`, `pause-node`) is POSTed, one at a time, to the admin
// endpoint the container publishes (`ctilab serve cucm --admin`, bin/cucm-admin-server.ts), which
// answers the console's JSON `{command, ok, endpoints | error}`. Network faults on one server are
// refused (cucm-lab.ts clusterNetworkReason): the servers share the container's one network
// interface, so disconnect, delay or loss would hit every server of the cluster at once.
import type { CucmEndpoints } from '../../cucm/cucm-cluster.ts';
import type { RunnableCluster } from '../../topology/runnable-topology.ts';
import { type ClusterCommand, type ClusterHandle, commandLine } from '../cucm-lab.ts';
import type { Endpoint } from '../lab-runtime.ts';

/** Bound on the answer to one admin command (a node stop closes its sockets). */
const ADMIN_MS = 10_000;

export function adminHandle(
  topology: RunnableCluster,
  admin: Endpoint,
  first: CucmEndpoints,
  containerId: string,
): ClusterHandle & { alive: boolean } {
  let endpoints = first;
  let queue: Promise<unknown> = Promise.resolve();
  const handle = {
    topology,
    paused: new Set<string>(),
    alive: true,
    endpoints: () => endpoints,
    running: () => handle.alive,
    where: () => `admin endpoint ${admin.host}:${admin.port} of container ${containerId.slice(0, 12)}`,
    run: (command: ClusterCommand) => {
      const line = commandLine(command);
      const answered = queue.then(async () => {
        const reply = await postCommand(admin, line);
        if (!reply.ok) throw new Error(reply.error ?? `'${line}' refused`);
        if (reply.endpoints !== undefined) endpoints = reply.endpoints;
      });
      queue = answered.catch(() => undefined);
      return answered;
    },
  };
  return handle;
}

/** One console line to `POST /command`; the answer's JSON (a refusal has `ok: false` and `error`). */
export async function postCommand(
  admin: Endpoint,
  line: string,
): Promise<{ ok: boolean; error?: string; endpoints?: CucmEndpoints }> {
  const res = await fetch(`http://${admin.host}:${admin.port}/command`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: line,
    signal: AbortSignal.timeout(ADMIN_MS),
  });
  const body = (await res.json()) as { ok?: boolean; error?: string; endpoints?: CucmEndpoints };
  return { ...body, ok: res.status === 200 && body.ok === true };
}
