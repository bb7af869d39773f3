// What the process-runtime load targets share (cucm-process-target.ts, acd-process-target.ts): the
// run's topology (the scenario's lab plus its generated phones, users and agents) written for the
// child, the child itself (a `ctilab serve <kind> --console --call-events` child, as the process
// runtime runs a cluster or the ACD nodes: simulators/runtime/process-runtime.ts) whose ground-truth
// lines are taken as they arrive (simulators/runtime/ground-truth-lines.ts), and its bounded stop.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../simulators/lab/clock.ts';
import { CtilabChild } from '../../simulators/runtime/ctilab-child.ts';
import { type GroundTruth, groundTruthOf } from '../../simulators/runtime/ground-truth-lines.ts';
import type { LoadedTopology } from '../../simulators/topology/load-topology.ts';

/** Bound on a child's ready line (a start under load may compile TypeScript when dist/ is stale). */
const READY_MS = 30_000;
/** SIGTERM, then SIGKILL after this long. */
const STOP_GRACE_MS = 5_000;

export interface TopologyFile {
  readonly file: string;
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
  const nodes = t.nodes.map((n) => (n.kind === 'cme' ? { ...n, config: topology.configPath(n.name) } : n));
  await writeFile(file, `${JSON.stringify({ ...t, nodes }, null, 1)}\n`);
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface GroundTruthChild {
  readonly child: CtilabChild;
  /** The child's ready line. */
  readonly ready: Record<string, unknown>;
}

/**
 * Starts `ctilab <args> --console --call-events` (commands on its stdin); each ground-truth line goes to `onTruth` as it
 * arrives (and is not kept); resolves with the ready line (the first with `endpoints`).
 */
export async function startGroundTruthChild(
  name: string,
  args: readonly string[],
  clock: Clock,
  onTruth: (truth: GroundTruth) => void,
): Promise<GroundTruthChild> {
  const child = new CtilabChild(name, [...args, '--console', '--call-events'], {
    stdin: true,
    clock,
    onLine: (value) => {
      const truth = groundTruthOf(value);
      if (truth === undefined) return false;
      onTruth(truth);
      return true;
    },
  });
  try {
    const ready = await child.waitForLine((v) => typeof v.endpoints === 'object', READY_MS, 'ready line');
    return { child, ready: ready.value };
  } catch (err) {
    await stopChild(child);
    throw new Error(`${(err as Error).message}: ${child.stderr.slice(-5).join(' | ')}`);
  }
}

/** The child's process while it runs (RSS and CPU per node: run-load.ts reads /proc/<pid>). */
export function childProcess(node: string, child: CtilabChild): Array<{ node: string; pid: number }> {
  return child.exited || child.pid === undefined ? [] : [{ node, pid: child.pid }];
}

/** SIGCONT (a paused child cannot end), SIGTERM, SIGKILL after the grace time. */
export async function stopChild(child: CtilabChild): Promise<void> {
  child.signal('SIGCONT');
  await child.stop(STOP_GRACE_MS).catch(() => undefined);
}
