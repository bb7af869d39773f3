import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { Dashboard } from '../simulators/dashboard/dashboard-server.ts';
import { requestControl, serveControl } from '../simulators/runtime/lab-control.ts';
import type { RunningLab, RuntimeKind } from '../simulators/runtime/lab-runtime.ts';
import {
  isAlive,
  type LabStateFile,
  pickLab,
  readLabStates,
  removeLabState,
  socketPath,
  writeLabState,
} from '../simulators/runtime/lab-state.ts';
import { runtimeOf } from '../simulators/runtime/runtimes.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { waitForSignal } from './wait-for-signal.ts';

/**
 * `ctilab lab up <topology> [--runtime embedded|process|containers] [--capture dir] [--dashboard
 * [--dashboard-port N]]`: starts the
 * lab (capturing into dir: each node's pcap, or the lab network's), prints one JSON line
 * `{"lab", "runtime", "nodes": {<name>: {kind, endpoints}}, "phones": {<group>: {phones,
 * registered, byNode}}}` (a CUCM cluster's or an ACD node's group also `devices`: the node of
 * each phone; an ACD node also its CTI Server sides `ctiServerA` / `ctiServerB` and `duplex`:
 * the active side and the sides up; every endpoint on 127.0.0.1) and stays up until SIGTERM/SIGINT or
 * `ctilab lab down`. With --dashboard the line also has `dashboard`: the URL of the live page on
 * 127.0.0.1:--dashboard-port (0 = ephemeral). Embedded runtime: the lab's page (simulators/dashboard).
 * Process runtime: every child serves its own page (`serve ... --dashboard`, `phones --dashboard`,
 * ephemeral ports) and this process serves their index (dashboard-index.ts: each node and phone
 * group, its link, up / down / paused, a restored node's new URL). Containers: refused (the
 * children's pages would need a published port each). Other shells reach it through `.ctilab/labs/<lab>.sock` (lab-control.ts).
 */
export async function labUp(
  topologyFile: string,
  options: { runtime: RuntimeKind; capture?: string; dashboard?: boolean; dashboardPort?: number },
): Promise<number> {
  if (options.dashboard === true && options.runtime === 'containers')
    throw new Error(
      "--dashboard runs on the embedded runtime (one page) or the process runtime (a page per child and their index), not 'containers'",
    );
  const loaded = await loadTopology(topologyFile);
  const name = loaded.topology.name;
  const existing = readLabStates().find((s) => s.lab === name);
  if (existing !== undefined && isAlive(existing.pid))
    throw new Error(`lab '${name}' is already up (pid ${existing.pid}): ctilab lab down ${name}`);
  if (existing !== undefined) await cleanUpLeftovers(existing);
  const captureDir = options.capture === undefined ? undefined : resolve(options.capture);
  if (captureDir !== undefined) mkdirSync(captureDir, { recursive: true });
  const lab = await (await runtimeOf(options.runtime)).start(loaded, {
    ...(captureDir === undefined ? {} : { captureDir }),
    ...(options.dashboard === true && options.runtime === 'process' ? { dashboards: true } : {}),
  });
  const path = socketPath(name);
  let requestDown = () => {};
  const downRequested = new Promise<void>((resolveDown) => {
    requestDown = resolveDown;
  });
  let server: Server;
  try {
    mkdirSync(dirname(path), { recursive: true });
    rmSync(path, { force: true });
    server = await serveControl(lab, path, requestDown);
  } catch (err) {
    await lab.stop();
    throw new Error(`control socket ${path}: ${(err as Error).message}`);
  }
  const state = (): LabStateFile => ({
    lab: name,
    runtime: lab.runtime,
    topology: resolve(topologyFile),
    pid: process.pid,
    socket: path,
    children: lab.processes(),
    startedAt,
  });
  const startedAt = new Date().toISOString();
  writeLabState(state());
  // A restart fault starts a new child: keep the pid list true for a later `lab down`.
  const refresh = setInterval(() => writeLabState(state()), 2000);
  const dashboard = options.dashboard === true ? await openDashboard(lab, options.dashboardPort) : undefined;
  const status = await lab.status();
  // Listening before the ready line: a signal that comes before a listener ends the process outright.
  const signalled = waitForSignal();
  process.stdout.write(
    `${JSON.stringify({ lab: name, runtime: lab.runtime, nodes: lab.nodes, phones: status.phones, ...(captureDir ? { captures: lab.captures() } : {}), ...(dashboard ? { dashboard: dashboard.url } : {}) })}\n`,
  );
  await Promise.race([signalled, downRequested]);
  clearInterval(refresh);
  await dashboard?.close();
  server.close();
  await lab.stop();
  removeLabState(name);
  return 0;
}

/**
 * The live dashboard on 127.0.0.1 (simulators/dashboard): an embedded lab's page, or the index of
 * a process lab's children's pages; on failure the lab stops.
 */
async function openDashboard(lab: RunningLab, port = 0): Promise<Dashboard> {
  const parts = lab.parts?.();
  const dashboards = lab.dashboards?.bind(lab);
  try {
    if (parts !== undefined)
      return await (await import('../simulators/dashboard/dashboard-server.ts')).startDashboard(parts, port);
    if (dashboards === undefined) throw new Error(`the ${lab.runtime} runtime serves no dashboard`);
    const { startDashboardIndex } = await import('../simulators/dashboard/dashboard-index.ts');
    return await startDashboardIndex(() => ({ lab: lab.name, entries: dashboards() }), port);
  } catch (err) {
    await lab.stop();
    throw new Error(`dashboard on 127.0.0.1:${port}: ${(err as Error).message}`);
  }
}

export async function labStatus(name: string | undefined): Promise<number> {
  const state = pickLab(name);
  const reply = await reach(state, { op: 'status' });
  process.stdout.write(`${JSON.stringify(reply)}\n`);
  return 0;
}

export async function labFault(node: string, words: string[], options: { lab?: string }): Promise<number> {
  const state = pickLab(options.lab);
  const outcome = (await reach(state, { op: 'fault', node, fault: words })) as { applied: boolean };
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
  return outcome.applied ? 0 : 1;
}

/** Asks the lab to stop and waits for its `lab up` to exit; a lab whose `lab up` is gone is cleaned up here. */
export async function labDown(name: string | undefined): Promise<number> {
  const states = name === undefined ? readLabStates() : [pickLab(name)];
  if (states.length === 0) {
    process.stdout.write(`${JSON.stringify({ down: [] })}\n`);
    return 0;
  }
  const down: Array<Record<string, unknown>> = [];
  for (const state of states) {
    if (isAlive(state.pid)) {
      await reach(state, { op: 'down' }).catch(() => process.kill(state.pid, 'SIGTERM'));
      const deadline = Date.now() + 30_000;
      while (isAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
      down.push({ lab: state.lab, stopped: true });
    } else {
      down.push({ lab: state.lab, leftOver: true, ended: await cleanUpLeftovers(state) });
    }
    removeLabState(state.lab);
  }
  process.stdout.write(`${JSON.stringify({ down })}\n`);
  return 0;
}

async function reach(state: LabStateFile, request: Parameters<typeof requestControl>[1]): Promise<unknown> {
  if (!isAlive(state.pid))
    throw new Error(
      `lab '${state.lab}' is not running (its lab up, pid ${state.pid}, is gone): ctilab lab down ${state.lab}`,
    );
  const reply = await requestControl(state.socket, request);
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

/**
 * Ends what a killed `lab up` left behind: its child processes (only ctilab processes), and in the
 * containers runtime every container and network labelled with the lab.
 */
async function cleanUpLeftovers(state: LabStateFile): Promise<Array<number | string>> {
  if (state.runtime === 'containers') {
    const { removeLabResources } = await import('../simulators/runtime/containers/lab-resources.ts');
    const removed = await removeLabResources(state.lab);
    removeLabState(state.lab);
    return [...removed.containers, ...removed.networks];
  }
  const ended: number[] = [];
  for (const pid of state.children) {
    if (!isAlive(pid) || !isCtilab(pid)) continue;
    process.kill(pid, 'SIGCONT');
    process.kill(pid, 'SIGKILL');
    ended.push(pid);
  }
  removeLabState(state.lab);
  return ended;
}

function isCtilab(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('ctilab');
  } catch {
    return process.platform !== 'linux';
  }
}
