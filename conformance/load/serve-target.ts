// What the load targets of the process and containers runtimes share (cme-, cucm-,
// acd-serve-target.ts): each node unit is a `ctilab serve <kind> --console --call-events` command
// whose ground-truth lines are taken as they arrive (simulators/runtime/ground-truth-lines.ts) and
// whose console is its standard input; the run's topology (the scenario's lab plus its generated
// phones, users and agents) is written to a file for it. The only difference between the two
// runtimes is the launcher (`ServeLauncher`): how the command is started, where it listens, how its
// process is killed, stopped, paused, and where its RSS and CPU are read: process-launcher.ts (a
// child of this process) and container-launcher.ts (a `docker run -i` of the lab image).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../simulators/lab/clock.ts';
import type { CtilabChild } from '../../simulators/runtime/ctilab-child.ts';
import { type GroundTruth, groundTruthOf } from '../../simulators/runtime/ground-truth-lines.ts';
import type { LoadedTopology } from '../../simulators/topology/load-topology.ts';

/** Where the serve command of a node unit listens and what it reads, as its launcher decides. */
export interface ServeListen {
  /** The address its listeners bind (`--host`). */
  readonly host: string;
  /**
   * The port a listener binds. Process runtime: `again` (a node back on the port it first bound),
   * else 0 (ephemeral). Containers: `inside`, published on 127.0.0.1 on `again`, else a free port.
   */
  port(inside: number, again?: number): number;
  /** A file of this machine the command reads; the path it reads it at. */
  read(path: string): string;
}

/** One running serve command of a node unit. */
export interface ServeNode {
  /** Its stdout lines (ground truth taken out), its console (`send`), its end. */
  readonly child: CtilabChild;
  /** The ready line, its endpoints as this process reaches them (127.0.0.1 and the host's ports). */
  readonly ready: Record<string, unknown>;
  /** What runs it, for fault details and console errors: `pid 123`, `container ctilab-load-...`. */
  readonly what: string;
  readonly running: boolean;
  /** The pid on this machine of the node's process while it runs (RSS and CPU from /proc). */
  pid(): number | undefined;
  /** Killed outright (SIGKILL); resolves when it has ended, with what was done. */
  kill(): Promise<string>;
  /** Asked to end (SIGTERM: it ends its CTI sessions); resolves when it has ended. */
  terminate(): Promise<string>;
  /** Frozen (it answers nothing) and thawed. */
  pause(): Promise<string>;
  unpause(): Promise<string>;
  /** Ended whatever its state (thawed, SIGTERM, SIGKILL after a grace time); nothing left behind. */
  stop(): Promise<void>;
}

export interface ServeLauncher {
  readonly runtime: 'process' | 'containers';
  /**
   * Starts `ctilab <args(listen)> --console --call-events`: each ground-truth line goes to
   * `onTruth` as it arrives (and is not kept); resolves once the ready line (the first with
   * `endpoints`) has come.
   */
  start(
    name: string,
    args: (listen: ServeListen) => string[],
    clock: Clock,
    onTruth: (truth: GroundTruth) => void,
  ): Promise<ServeNode>;
}

/** The flags every serve command of a load run gets: commands on stdin, ground truth on stdout. */
export const SERVE_FLAGS = ['--console', '--call-events'] as const;

/** A CtilabChild line tap: ground-truth lines to `onTruth` (taken), the rest kept. */
export function truthTap(onTruth: (truth: GroundTruth) => void): (value: Record<string, unknown>) => boolean {
  return (value) => {
    const truth = groundTruthOf(value);
    if (truth === undefined) return false;
    onTruth(truth);
    return true;
  };
}

/** The ready line (the first with `endpoints`) within `ms`; the child's last stderr lines if not. */
export async function readyLine(child: CtilabChild, ms: number): Promise<Record<string, unknown>> {
  try {
    return (await child.waitForLine((v) => typeof v.endpoints === 'object', ms, 'ready line')).value;
  } catch (err) {
    throw new Error(`${(err as Error).message}: ${child.stderr.slice(-5).join(' | ')}`);
  }
}

export interface TopologyFile {
  readonly file: string;
  /** The topology file and every file it names (CME configs): what the command reads. */
  readonly reads: readonly string[];
  remove(): Promise<void>;
}

/**
 * The topology as a file a child can load: JSON (YAML 1.2 reads it) in a fresh temporary
 * directory, CME config paths made absolute (they were relative to the scenario's topology file).
 */
export async function writeChildTopology(topology: LoadedTopology): Promise<TopologyFile> {
  const dir = await mkdtemp(join(tmpdir(), 'ctilab-load-'));
  const file = join(dir, 'topology.json');
  const t = topology.topology;
  const configs: string[] = [];
  const nodes = t.nodes.map((n) => {
    if (n.kind !== 'cme') return n;
    configs.push(topology.configPath(n.name));
    return { ...n, config: topology.configPath(n.name) };
  });
  await writeFile(file, `${JSON.stringify({ ...t, nodes }, null, 1)}\n`);
  return { file, reads: [file, ...configs], remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The serve command's `--topology <file>`, every file it names readable by the command. */
export function topologyArgs(file: TopologyFile, listen: ServeListen): string[] {
  for (const f of file.reads) listen.read(f);
  return ['--topology', listen.read(file.file)];
}

/** The node's process while it runs (RSS and CPU per node: run-load.ts reads /proc/<pid>). */
export function nodeProcess(node: string, unit: ServeNode): Array<{ node: string; pid: number }> {
  const pid = unit.pid();
  return pid === undefined ? [] : [{ node, pid }];
}
