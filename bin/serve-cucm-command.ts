import type { CtiAlarm } from '../simulators/cucm/cti-manager.ts';
import { CucmCluster, type CucmEndpoints } from '../simulators/cucm/cucm-cluster.ts';
import type { CucmCti } from '../simulators/cucm/cucm-cti.ts';
import type { Dashboard } from '../simulators/dashboard/dashboard-server.ts';
import { CaptureRecorder } from '../simulators/lab/capture-recorder.ts';
import { systemClock } from '../simulators/lab/clock.ts';
import { streamGroundTruth } from '../simulators/runtime/ground-truth-lines.ts';
import { cucmPart } from '../simulators/runtime/live-state-of.ts';
import { cucmClustersOf } from '../simulators/topology/cucm-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { oversizeLine } from './console-line.ts';
import type { AdminServer } from './cucm-admin-server.ts';
import { loadConsole, serialCommands } from './serve-console.ts';
import { armStatusLines } from './status-line.ts';
import { waitForSignal } from './wait-for-signal.ts';

/** The options of `ctilab serve cucm`, as bin/cli.ts parsed and checked them. */
export interface ServeCucmOptions {
  readonly topology: string;
  readonly cluster?: string;
  readonly node?: readonly string[];
  readonly host: string;
  readonly capture?: string;
  readonly console?: boolean;
  /** `<host>:<port>` of the admin endpoint (cucm-admin-server.ts): the console verbs over HTTP. */
  readonly admin?: string;
  /** `<node>=<port>`: the listening port of a server (SCCP) or CTI gateway (SIP), over the topology's. */
  readonly port?: readonly string[];
  /** A status line every N ms and on SIGUSR2 (bin/status-line.ts), for benchmarks (bench/scale-phones.ts). */
  readonly statusIntervalMs?: number;
  /** Serve the live dashboard (servers, CTIManagers, TR/87 sessions, calls, alarms; the phones are outside) on 127.0.0.1:dashboardPort. */
  readonly dashboard?: boolean;
  readonly dashboardPort?: number;
  /**
   * Print every event of the cluster's call model as a JSON line `{"callEvent":{...},"t":ms}`
   * (simulators/runtime/ground-truth-lines.ts; `ctilab load --runtime process` reads them).
   */
  readonly callEvents?: boolean;
}

/**
 * `--port <node>=<n>` values as CucmCluster's `ports`, and `--port <gateway>:tls=<n>` as the SIP
 * over TLS port of a secure cluster's gateway; throws the reason for a bad one.
 */
export function parsePortOverrides(
  values: readonly string[],
  nodes: readonly string[],
  gateways: readonly string[],
): { ports: Record<string, number>; tls: Record<string, number> } {
  const ports: Record<string, number> = {};
  const tls: Record<string, number> = {};
  for (const v of values) {
    const m = /^([^=:\s]+)(:tls)?=(\d{1,5})$/.exec(v);
    if (!m || Number(m[3]) > 65_535)
      throw new Error(`--port '${v}' is not <node>=<port> or <gateway>:tls=<port>`);
    const name = m[1]!;
    const known = m[2] === undefined ? nodes : gateways;
    if (!known.includes(name))
      throw new Error(
        `--port '${v}': '${name}' is no ${m[2] === undefined ? 'server or CTI gateway' : 'CTI gateway'} of the cluster (${known.join(', ')})`,
      );
    (m[2] === undefined ? ports : tls)[name] = Number(m[3]);
  }
  return { ports, tls };
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
 *
 * `--console` reads one command a line on standard input and answers each, in order, with one JSON
 * line `{"console":{command, ok, endpoints}}` (`ok: false` with `error` when refused; see
 * {@link runClusterCommand}). The process runtime drives a cluster's node faults through it: the
 * servers share this process's call model, so a failed node is a stopped service, not an ended
 * process. `--admin <host:port>` serves the same commands over HTTP (cucm-admin-server.ts: `POST
 * /command`, `GET /status`), the ready line then names it (`admin`): the containers runtime drives
 * a cluster's container through it. `--port <node>=<n>` (repeatable) fixes a server's SCCP or a
 * gateway's SIP port, as a container publishing them needs.
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
  // The admin endpoint's module (and node:http) loads only for --admin (a fast start, issue 13).
  const adminModule = values.admin === undefined ? undefined : await import('./cucm-admin-server.ts');
  const adminAddress = values.admin === undefined ? undefined : adminModule?.parseAdminAddress(values.admin);
  const gatewayNames = chosen.gateways.map((g) => g.name);
  const { ports, tls } = parsePortOverrides(
    values.port ?? [],
    [...chosen.servers.map((s) => s.name), ...gatewayNames],
    gatewayNames,
  );
  const cluster = new CucmCluster({
    cluster: chosen.cluster,
    servers: chosen.servers,
    gateways: chosen.gateways.map((g) =>
      tls[g.name] === undefined ? g : { ...g, ports: { ...g.ports, sipTls: tls[g.name] } },
    ),
    host: values.host,
    ports,
    log: (line) => process.stderr.write(`[${chosen.cluster.name}] ${line}\n`),
  });
  const capture = values.capture
    ? new CaptureRecorder(cluster.observations, { path: values.capture })
    : undefined;
  capture?.start();
  // One command at a time, from the console and the admin endpoint alike, answered in order.
  const commands = serialCommands((line) => runClusterCommand(cluster, line));
  let admin: AdminServer | undefined;
  try {
    await cluster.start();
    for (const s of chosen.servers)
      if (values.node !== undefined && !values.node.includes(s.name)) await cluster.stopNode(s.name);
    if (adminModule !== undefined && adminAddress !== undefined)
      admin = await adminModule.startAdminServer(adminAddress, commands.run);
  } catch (err) {
    await cluster.stop().catch(() => undefined);
    await capture?.stop();
    throw err;
  }
  let dashboard: Dashboard | undefined;
  try {
    dashboard =
      values.dashboard === true
        ? await openDashboard(loaded.topology.name, cluster, values.dashboardPort ?? 0)
        : undefined;
  } catch (err) {
    await admin?.close();
    await cluster.stop().catch(() => undefined);
    await capture?.stop();
    throw err;
  }
  // The cluster's ground truth for a load run in another process, armed before the ready line.
  const stopEvents =
    values.callEvents === true
      ? streamGroundTruth(
          { model: cluster.calls.model },
          (line) => process.stdout.write(line),
          () => systemClock.now(),
        )
      : undefined;
  // node:readline loads only for --console (a fast start, issue 13), before the ready line.
  const consoleReader = values.console ? await loadConsole() : undefined;
  // Status lines count this process's phones (the servers it serves); armed before the ready line.
  const disarmStatus =
    values.statusIntervalMs === undefined
      ? undefined
      : armStatusLines(cluster.station, values.statusIntervalMs);
  // Listening for SIGTERM/SIGINT before the ready line: a parent may signal as soon as it reads it,
  // and a signal that comes before a listener ends the process outright (no clean stop).
  const signalled = waitForSignal();
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
      ...(admin === undefined ? {} : { admin: { host: admin.host, port: admin.port } }),
      // A secure cluster's CTI gateways serve TLS with a certificate of this lab CA (PEM): clients trust it.
      ...(cluster.labCa === undefined ? {} : { labCa: cluster.labCa }),
      ...(dashboard ? { dashboard: dashboard.url } : {}),
    })}\n`,
  );
  // A blank line is no command and gets no answer (loadConsole): the process runtime's console
  // handle (simulators/runtime/console-handles.ts) reads the next answer as its command's.
  const consoleInput = consoleReader?.listen(async (line) => ({ console: await commands.run(line) }));
  await signalled;
  disarmStatus?.();
  consoleInput?.close();
  await admin?.close();
  await dashboard?.close();
  await commands.drained();
  stopEvents?.();
  await cluster.stop();
  await capture?.stop();
  return 0;
}

/**
 * `--dashboard`: the cluster live on a page (simulators/dashboard): its servers' services, each
 * CTIManager's providers and open devices, each gateway's TR/87 sessions and monitors, its calls
 * and alarms. The phones are outside this process, so none is drawn.
 */
async function openDashboard(name: string, cluster: CucmCluster, port: number): Promise<Dashboard> {
  const { startDashboard } = await import('../simulators/dashboard/dashboard-server.ts');
  try {
    return await startDashboard({ lab: name, phoneGroups: [], nodes: [cucmPart(cluster)] }, port);
  } catch (err) {
    throw new Error(`dashboard on 127.0.0.1:${port}: ${(err as Error).message}`);
  }
}

export type ClusterConsoleAnswer =
  | {
      command: string;
      ok: true;
      endpoints: CucmEndpoints;
      registrations?: Record<string, string | null>;
      alarms?: readonly CtiAlarm[];
      sessions?: Record<string, ReturnType<CucmCti['sessions']>>;
    }
  | { command: string; ok: false; error: string };

/**
 * One console command of `serve cucm --console`:
 * - `stop-node <server>` / `start-node <server>`: both services of the server stop / start
 *   (CucmCluster.stopNode / startNode: a failed server, CUCM CTI guide "CTI Redundancy");
 * - `stop-service <server> callmanager|ctimanager`, `start-service ...`: one service;
 * - `pause-node <server> on|off`: the server hangs / answers again (pauseNode);
 * - `status`: the endpoints and the node each phone of the cluster is registered with;
 * - `alarms`: the device limit alarms raised since the start (CUCM-LIMIT-006: the admin endpoint);
 * - `sessions`: each CTI gateway's open sessions (user, CTIManager, transport, monitored DNs);
 * - `apply-config <device> [cfna=<dn>] [cfb=<dn>] [cfof=<dn>]`: Apply Config of a route point or
 *   CTI port with these call forwards (CUCM-RP-014; a forward not given is removed).
 * Every answer carries the endpoints after the command (`up` per server).
 */
export async function runClusterCommand(cluster: CucmCluster, line: string): Promise<ClusterConsoleAnswer> {
  const tooLong = oversizeLine(line);
  if (tooLong !== undefined) return tooLong;
  const command = line.trim();
  const [verb, node, arg, extra] = command.split(/\s+/);
  const refuse = (error: string): ClusterConsoleAnswer => ({ command, ok: false, error });
  if (command === '') return refuse('empty command');
  // `alarms` and `sessions` take no argument: `alarms x` is refused, not read as `alarms`.
  if ((verb === 'alarms' || verb === 'sessions') && node !== undefined)
    return refuse(`${verb} takes no argument (unexpected '${node}')`);
  if (verb === 'alarms')
    return { command, ok: true, endpoints: cluster.endpoints, alarms: [...cluster.alarms] };
  if (verb === 'sessions')
    return {
      command,
      ok: true,
      endpoints: cluster.endpoints,
      sessions: Object.fromEntries([...cluster.gateways.values()].map((g) => [g.name, g.cti.sessions()])),
    };
  if (verb === 'apply-config') return applyConfigCommand(cluster, command);
  const usage =
    'commands: stop-node <server>, start-node <server>, pause-node <server> on|off, stop-service|start-service <server> callmanager|ctimanager, status, alarms, sessions, apply-config <device> [cfna=<dn>] [cfb=<dn>] [cfof=<dn>]';
  if (extra !== undefined) return refuse(`unexpected '${extra}' (${usage})`);
  try {
    switch (verb) {
      case 'stop-node':
      case 'start-node':
        if (node === undefined || arg !== undefined) return refuse(`${verb} <server>`);
        if (verb === 'stop-node') await cluster.stopNode(node);
        else await cluster.startNode(node);
        break;
      case 'pause-node':
        if (node === undefined || (arg !== 'on' && arg !== 'off'))
          return refuse('pause-node <server> on|off');
        cluster.pauseNode(node, arg === 'on');
        break;
      case 'stop-service':
      case 'start-service':
        if (node === undefined || (arg !== 'callmanager' && arg !== 'ctimanager'))
          return refuse(`${verb} <server> callmanager|ctimanager`);
        if (verb === 'stop-service') await cluster.stopService(node, arg);
        else await cluster.startService(node, arg);
        break;
      case 'status': {
        if (node !== undefined) return refuse(`unexpected '${node}' (${usage})`);
        const registrations = Object.fromEntries(
          cluster.directory.cluster.phones.map((p) => [p.name, cluster.registeredNode(p.name) ?? null]),
        );
        return { command, ok: true, endpoints: cluster.endpoints, registrations };
      }
      default:
        return refuse(`unknown command '${verb}' (${usage})`);
    }
  } catch (err) {
    return refuse((err as Error).message);
  }
  return { command, ok: true, endpoints: cluster.endpoints };
}

/** `apply-config <device> [cfna=<dn>] [cfb=<dn>] [cfof=<dn>]` (CucmCluster.applyConfig). */
function applyConfigCommand(cluster: CucmCluster, command: string): ClusterConsoleAnswer {
  const [, device, ...settings] = command.split(/\s+/);
  if (device === undefined)
    return { command, ok: false, error: 'apply-config <device> [cfna=<dn>] [cfb=<dn>] [cfof=<dn>]' };
  const forward: { noAnswer?: string; busy?: string; onFailure?: string } = {};
  const keys: Record<string, keyof typeof forward> = { cfna: 'noAnswer', cfb: 'busy', cfof: 'onFailure' };
  for (const setting of settings) {
    const m = /^(cfna|cfb|cfof)=([0-9*#+]{1,24})$/.exec(setting);
    if (!m) return { command, ok: false, error: `'${setting}' is not cfna=<dn>, cfb=<dn> or cfof=<dn>` };
    forward[keys[m[1]!]!] = m[2]!;
  }
  try {
    cluster.applyConfig(device, forward);
  } catch (err) {
    return { command, ok: false, error: (err as Error).message };
  }
  return { command, ok: true, endpoints: cluster.endpoints };
}
