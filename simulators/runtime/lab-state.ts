// Where a running lab can be found from another shell: `.ctilab/labs/<lab>.json` (the `lab up`
// pid, its control socket, the pids of its children) beside `.ctilab/labs/<lab>.sock`. A lab whose
// `lab up` was killed is found from this file by the next `lab down`, which ends what it left.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeKind } from './lab-runtime.ts';

export interface LabStateFile {
  readonly lab: string;
  readonly runtime: RuntimeKind;
  readonly topology: string;
  /** The `ctilab lab up` process. */
  readonly pid: number;
  readonly socket: string;
  /** Child processes (process runtime), ended by `lab down` if `lab up` is gone. */
  readonly children: readonly number[];
  readonly startedAt: string;
}

export function stateDir(root = process.cwd()): string {
  return join(root, '.ctilab', 'labs');
}

export function socketPath(lab: string, root?: string): string {
  return join(stateDir(root), `${lab}.sock`);
}

export function writeLabState(state: LabStateFile, root?: string): void {
  mkdirSync(stateDir(root), { recursive: true });
  writeFileSync(join(stateDir(root), `${state.lab}.json`), `${JSON.stringify(state, null, 2)}\n`);
}

export function readLabStates(root?: string): LabStateFile[] {
  const dir = stateDir(root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as LabStateFile);
}

export function removeLabState(lab: string, root?: string): void {
  rmSync(join(stateDir(root), `${lab}.json`), { force: true });
  rmSync(socketPath(lab, root), { force: true });
}

/** The one lab running here, or the named one; a clear error otherwise. */
export function pickLab(name: string | undefined, root?: string): LabStateFile {
  const labs = readLabStates(root);
  if (name !== undefined) {
    const lab = labs.find((l) => l.lab === name);
    if (lab === undefined) throw new Error(`no lab named '${name}' is up here (${describeLabs(labs)})`);
    return lab;
  }
  if (labs.length === 1) return labs[0]!;
  throw new Error(
    labs.length === 0 ? 'no lab is up here' : `several labs are up: name one (${describeLabs(labs)})`,
  );
}

function describeLabs(labs: readonly LabStateFile[]): string {
  return labs.length === 0 ? 'none is' : `up: ${labs.map((l) => l.lab).join(', ')}`;
}

/**
 * Whether `pid` is a live process (signal 0). A zombie is not: an orphan of a killed `lab up`
 * stays one until its new parent reaps it, which some container init processes never do.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // proc(5): the state is the field after the parenthesised command name.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}
