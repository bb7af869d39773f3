import { AcdLab, type AcdLabEndpoints } from '../simulators/acd-cti/acd-lab.ts';
import type { Dashboard } from '../simulators/dashboard/dashboard-server.ts';
import { CaptureRecorder } from '../simulators/lab/capture-recorder.ts';
import { systemClock } from '../simulators/lab/clock.ts';
import {
  type AcdPeripheralStatus,
  acdPeripheralStatus,
  parseAcdCommand,
  runAcdCommand,
} from '../simulators/runtime/acd-lab-unit.ts';
import { streamGroundTruth } from '../simulators/runtime/ground-truth-lines.ts';
import { acdPart } from '../simulators/runtime/live-state-of.ts';
import { acdNodesOf } from '../simulators/topology/acd-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { oversizeLine } from './console-line.ts';
import type { AdminServer } from './cucm-admin-server.ts';
import { loadConsole, serialCommands } from './serve-console.ts';
import { waitForSignal } from './wait-for-signal.ts';

/** The options of `ctilab serve acd`, as bin/cli.ts parsed and checked them. */
export interface ServeAcdOptions {
  readonly topology: string;
  /** Serve only these ACD nodes (default: every acd node of the topology). */
  readonly node?: readonly string[];
  /** Address of every listener (the phones' SCCP and both sides); default: 127.0.0.1 and the topology's side hosts. */
  readonly host?: string;
  /** `<node>:A=<n>`, `<node>:B=<n>`, `sccp=<n>`. */
  readonly port?: readonly string[];
  readonly capture?: string;
  readonly console?: boolean;
  /** `<host>:<port>` of the admin endpoint: the console verbs over HTTP (cucm-admin-server.ts). */
  readonly admin?: string;
  /** Serve the live dashboard (agents, skill groups, CTI Server sides and clients, calls, alarms; the phones are outside) on 127.0.0.1:dashboardPort. */
  readonly dashboard?: boolean;
  readonly dashboardPort?: number;
  /**
   * Print every event of the call model (`{"callEvent":{...},"t":ms}`) and every event each ACD
   * node's peripheral hands to its CTI Server (`{"peripheralEvent":{...},"node":n,"t":ms}`) as JSON
   * lines (simulators/runtime/ground-truth-lines.ts; `ctilab load --runtime process` reads them).
   */
  readonly callEvents?: boolean;
}

/** The phones' SCCP port when neither --port sccp=<n> nor the topology names one (Cisco: TCP 2000). */
export const ACD_SCCP_DEFAULT_PORT = 2000;

export interface AcdPortOverrides {
  readonly sccp?: number;
  readonly sides: Record<string, { A?: number; B?: number }>;
}

/** `--port <node>:A=<n>`, `--port <node>:B=<n>`, `--port sccp=<n>`; throws the reason for a bad one. */
export function parseAcdPortOverrides(values: readonly string[], nodes: readonly string[]): AcdPortOverrides {
  let sccp: number | undefined;
  const sides: Record<string, { A?: number; B?: number }> = {};
  for (const v of values) {
    const m = /^(?:sccp|([a-z][a-z0-9-]*):([AB]))=(\d{1,5})$/.exec(v);
    if (!m || Number(m[3]) > 65_535)
      throw new Error(`--port '${v}' is not <node>:A=<port>, <node>:B=<port> or sccp=<port>`);
    const port = Number(m[3]);
    const node = m[1];
    if (node === undefined) {
      sccp = port;
      continue;
    }
    if (!nodes.includes(node))
      throw new Error(`--port '${v}': '${node}' is no ACD node served here (${nodes.join(', ')})`);
    sides[node] = { ...sides[node], [m[2] as 'A' | 'B']: port };
  }
  return { ...(sccp === undefined ? {} : { sccp }), sides };
}

export type AcdConsoleAnswer =
  | {
      command: string;
      ok: true;
      endpoints: AcdLabEndpoints;
      peripherals: AcdPeripheralStatus;
    }
  | { command: string; ok: false; error: string };

/** One console line of `serve acd --console` / `--admin` (simulators/runtime/acd-lab-unit.ts). */
export async function runAcdConsoleLine(lab: AcdLab, line: string): Promise<AcdConsoleAnswer> {
  const tooLong = oversizeLine(line);
  if (tooLong !== undefined) return tooLong;
  const command = line.trim();
  if (command === '') return { command, ok: false, error: 'empty command' };
  const parsed = parseAcdCommand(command);
  if (!parsed.ok) return { command, ok: false, error: parsed.reason };
  try {
    const done = await runAcdCommand(lab, parsed.value);
    if (!done.ok) return { command, ok: false, error: done.reason };
  } catch (err) {
    return { command, ok: false, error: (err as Error).message };
  }
  return { command, ok: true, endpoints: lab.endpoints(), peripherals: acdPeripheralStatus(lab) };
}

/**
 * `ctilab serve acd --topology <lab.yaml> [--node name ...] [--host h] [--port <node>:A=<n>]
 * [--port <node>:B=<n>] [--port sccp=<n>] [--capture file] [--console] [--admin host:port]`: runs
 * the ACD lab of the topology (issue 11; simulators/acd-cti/acd-lab.ts: the phones' SCCP listener,
 * the ACD system, a duplexed CTI Server per ACD node) in the foreground until SIGTERM and prints,
 * once ready, one JSON line `{node: "acd", lab, endpoints: {sccp, nodes: {<node>: {A, B, active,
 * up}}}, phones}`. Each side listens on the topology's port (Cisco "CTI Planning", "Well-Known
 * Port for CTI Server": 42027 / 43027 by default) unless `--port <node>:A|B=<n>` overrides it (0 =
 * ephemeral); the phones' SCCP port is `--port sccp=<n>`, else the topology's, else 2000. Phones
 * register with `ctilab phones --topology <lab.yaml> --target <node>=<host:port>`.
 *
 * `--console` reads one command a line on standard input (`fail-side <node> A|B`, `restore-side
 * <node>`, `peripheral <node> online|offline`, `central-controller <node> up|down`, `status`) and
 * answers each, in order, with one JSON line `{"console":{command, ok, endpoints, peripherals}}`
 * (`ok: false` with `error` when refused). `--admin <host:port>` serves the same commands over
 * HTTP (`POST /command`, `GET /status`), as `serve cucm --admin` does; the ready line names it.
 */
export async function serveAcd(values: ServeAcdOptions): Promise<number> {
  const loaded = await loadTopology(values.topology);
  const all = acdNodesOf(loaded);
  if (all.length === 0) throw new Error(`${values.topology}: no ACD node in this topology`);
  for (const n of values.node ?? [])
    if (!all.some((a) => a.name === n))
      throw new Error(
        `--node '${n}' is no ACD node of ${values.topology} (${all.map((a) => a.name).join(', ')})`,
      );
  const chosen = values.node === undefined ? all : all.filter((a) => values.node!.includes(a.name));
  // The admin endpoint's module (and node:http) loads only for --admin (a fast start, issue 13).
  const adminModule = values.admin === undefined ? undefined : await import('./cucm-admin-server.ts');
  const adminAddress = values.admin === undefined ? undefined : adminModule?.parseAdminAddress(values.admin);
  const ports = parseAcdPortOverrides(
    values.port ?? [],
    chosen.map((n) => n.name),
  );
  const host = values.host;
  const nodes =
    host === undefined
      ? chosen
      : chosen.map((n) => ({
          ...n,
          sides: { a: { ...n.sides.a, host }, b: { ...n.sides.b, host } },
        }));
  const topologySccp = loaded.topology.nodes.find(
    (n) => n.kind === 'acd' && chosen.some((c) => c.name === n.name) && n.ports?.sccp !== undefined,
  );
  const lab = new AcdLab({
    nodes,
    host: host ?? '127.0.0.1',
    sccpPort:
      ports.sccp ??
      (topologySccp?.kind === 'acd' ? topologySccp.ports?.sccp : undefined) ??
      ACD_SCCP_DEFAULT_PORT,
    sidePorts: ports.sides,
    log: (line) => process.stderr.write(`[acd] ${line}\n`),
  });
  const capture = values.capture
    ? new CaptureRecorder(lab.observations, { path: values.capture })
    : undefined;
  capture?.start();
  // One command at a time, from the console and the admin endpoint alike, answered in order.
  const commands = serialCommands((line) => runAcdConsoleLine(lab, line));
  let admin: AdminServer | undefined;
  try {
    await lab.start();
    if (adminModule !== undefined && adminAddress !== undefined)
      admin = await adminModule.startAdminServer(adminAddress, commands.run);
  } catch (err) {
    await lab.close().catch(() => undefined);
    await capture?.stop();
    throw err;
  }
  let dashboard: Dashboard | undefined;
  try {
    dashboard =
      values.dashboard === true
        ? await openDashboard(loaded.topology.name, lab, values.dashboardPort ?? 0)
        : undefined;
  } catch (err) {
    await admin?.close();
    await lab.close().catch(() => undefined);
    await capture?.stop();
    throw err;
  }
  // The lab's ground truth for a load run in another process, armed before the ready line.
  const stopEvents =
    values.callEvents === true
      ? streamGroundTruth(
          {
            model: lab.calls.model,
            peripherals: lab.nodeNames.map((node) => ({
              node,
              subscribe: lab.cti(node).subscribe.bind(lab.cti(node)),
              onGreeting: lab.pair(node).onGreeting.bind(lab.pair(node)),
            })),
          },
          (line) => process.stdout.write(line),
          () => systemClock.now(),
        )
      : undefined;
  // node:readline loads only for --console (a fast start, issue 13), before the ready line.
  const consoleReader = values.console ? await loadConsole() : undefined;
  // Listening for SIGTERM/SIGINT before the ready line: a parent may signal as soon as it reads it,
  // and a signal that comes before a listener ends the process outright (no clean stop).
  const signalled = waitForSignal();
  process.stdout.write(
    `${JSON.stringify({
      node: 'acd',
      lab: loaded.topology.name,
      endpoints: lab.endpoints(),
      phones: nodes.reduce((sum, n) => sum + n.phones.length, 0),
      ...(admin === undefined ? {} : { admin: { host: admin.host, port: admin.port } }),
      ...(dashboard ? { dashboard: dashboard.url } : {}),
    })}\n`,
  );
  // A blank line is no command and gets no answer (loadConsole): the process runtime's console
  // handle (simulators/runtime/console-handles.ts) reads the next answer as its command's.
  const consoleInput = consoleReader?.listen(async (line) => ({ console: await commands.run(line) }));
  await signalled;
  consoleInput?.close();
  await admin?.close();
  await dashboard?.close();
  await commands.drained();
  stopEvents?.();
  await lab.close();
  await capture?.stop();
  return 0;
}

/**
 * `--dashboard`: the ACD nodes live on a page (simulators/dashboard): agents and their states,
 * skill groups and their queues, both CTI Server sides with their CTI clients, calls and alarms.
 * The phones are outside this process, so none is drawn.
 */
async function openDashboard(name: string, lab: AcdLab, port: number): Promise<Dashboard> {
  const { startDashboard } = await import('../simulators/dashboard/dashboard-server.ts');
  try {
    return await startDashboard({ lab: name, phoneGroups: [], nodes: [acdPart(lab)] }, port);
  } catch (err) {
    throw new Error(`dashboard on 127.0.0.1:${port}: ${(err as Error).message}`);
  }
}
