import { CucmCluster } from '../simulators/cucm/cucm-cluster.ts';
import { CaptureRecorder } from '../simulators/lab/capture-recorder.ts';
import { cucmClustersOf } from '../simulators/topology/cucm-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { waitForSignal } from './serve-command.ts';

/** The options of `ctilab serve cucm`, as bin/cli.ts parsed and checked them. */
export interface ServeCucmOptions {
  readonly topology: string;
  readonly cluster?: string;
  readonly node?: readonly string[];
  readonly host: string;
  readonly capture?: string;
}

/**
 * `ctilab serve cucm --topology <lab.yaml> [--cluster name] [--node name ...] [--host] [--capture file]`:
 * runs a CUCM cluster of the topology (issue 10) in the foreground until SIGTERM and prints, once
 * ready, one JSON line with every endpoint: each server's SCCP listener (CallManager nodes), which
 * run a CTIManager, and each CTI gateway's SIP endpoint (TCP and UDP). Ports are the topology's
 * (`ports.sccp`, `ports.sip`) or ephemeral. `--node` serves only the named servers (repeatable):
 * the others are started out of service, as if failed, so phones and applications see them down;
 * the cluster's one call model stays in this process (a cluster split over processes shares no
 * calls — not modelled). Phones register with `ctilab phones --topology <lab.yaml> --target
 * <node>=<host:port> ...`.
 */
export async function serveCucm(values: ServeCucmOptions): Promise<number> {
  const loaded = await loadTopology(values.topology);
  const clusters = cucmClustersOf(loaded);
  const chosen = values.cluster ? clusters.find((c) => c.cluster.name === values.cluster) : clusters[0];
  if (chosen === undefined)
    throw new Error(
      values.cluster
        ? `${values.topology}: no cluster named '${values.cluster}'`
        : `${values.topology}: no CUCM cluster in this topology`,
    );
  for (const n of values.node ?? [])
    if (!chosen.servers.some((s) => s.name === n))
      throw new Error(`--node '${n}' is no server of cluster ${chosen.cluster.name}`);
  const cluster = new CucmCluster({
    cluster: chosen.cluster,
    servers: chosen.servers,
    gateways: chosen.gateways,
    host: values.host,
    log: (line) => process.stderr.write(`[${chosen.cluster.name}] ${line}\n`),
  });
  const capture = values.capture
    ? new CaptureRecorder(cluster.observations, { path: values.capture })
    : undefined;
  capture?.start();
  try {
    await cluster.start();
    for (const s of chosen.servers)
      if (values.node !== undefined && !values.node.includes(s.name)) await cluster.stopNode(s.name);
  } catch (err) {
    await capture?.stop();
    throw err;
  }
  process.stdout.write(
    `${JSON.stringify({
      node: 'cucm',
      cluster: chosen.cluster.name,
      secure: chosen.cluster.secure,
      endpoints: cluster.endpoints,
      phones: chosen.cluster.phones.length,
      routePoints: chosen.cluster.routePoints.length,
      ctiPorts: chosen.cluster.ctiPorts.length,
      users: chosen.cluster.users.length,
    })}\n`,
  );
  await waitForSignal();
  await cluster.stop();
  await capture?.stop();
  return 0;
}
