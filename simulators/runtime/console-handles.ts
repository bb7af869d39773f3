// The handles through which a runtime drives a unit that runs in a `ctilab serve ... --console`
// child: a CUCM cluster (`serve cucm --console`, cucm-lab.ts) and the ACD nodes (`serve acd
// --console`, acd-lab-unit.ts). Each command is one console line, answered by one JSON line
// `{"console":{command, ok, endpoints | error}}`; commands go one at a time, in order. Used by the
// process runtime and by `ctilab load --runtime process` (conformance/load/).
import type { AcdLabEndpoints } from '../acd-cti/acd-lab.ts';
import type { CucmEndpoints } from '../cucm/cucm-cluster.ts';
import type { RunnableAcd, RunnableCluster } from '../topology/runnable-topology.ts';
import { type AcdCommand, type AcdHandle, acdCommandLine } from './acd-lab-unit.ts';
import type { CtilabChild } from './ctilab-child.ts';
import { type ClusterCommand, type ClusterHandle, commandLine } from './cucm-lab.ts';

/** Bound on the answer to one console command (a node stop closes its sockets). */
export const CONSOLE_MS = 10_000;

/**
 * The handle of a cluster child: each command is one console line, answered by one JSON line
 * `{"console":{command, ok, endpoints | error}}`; commands go one at a time, in order.
 */
export function clusterConsoleHandle(
  topology: RunnableCluster,
  child: CtilabChild,
  first: CucmEndpoints,
): ClusterHandle {
  let endpoints = first;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    topology,
    paused: new Set(),
    endpoints: () => endpoints,
    running: () => !child.exited,
    where: () => `console of pid ${child.pid}`,
    run: (command: ClusterCommand) => {
      const line = commandLine(command);
      const answered = queue.then(async () => {
        const from = child.lines.length;
        child.send(line);
        const reply = await child.waitForLine(
          (v) => typeof v.console === 'object',
          CONSOLE_MS,
          `answer to '${line}'`,
          from,
        );
        const answer = reply.value.console as { ok: boolean; error?: string; endpoints?: CucmEndpoints };
        if (!answer.ok) throw new Error(answer.error ?? `'${line}' refused`);
        if (answer.endpoints !== undefined) endpoints = answer.endpoints;
      });
      queue = answered.catch(() => undefined);
      return answered;
    },
  };
}

/** The handle of the ACD lab child: each command one console line, answered by one JSON line, in order. */
export function acdConsoleHandle(
  topology: RunnableAcd,
  child: CtilabChild,
  first: AcdLabEndpoints,
): AcdHandle {
  let endpoints = first;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    topology,
    endpoints: () => endpoints,
    running: () => !child.exited,
    where: () => `console of pid ${child.pid}`,
    run: (command: AcdCommand) => {
      const line = acdCommandLine(command);
      const answered = queue.then(async () => {
        const from = child.lines.length;
        child.send(line);
        const reply = await child.waitForLine(
          (v) => typeof v.console === 'object',
          CONSOLE_MS,
          `answer to '${line}'`,
          from,
        );
        const answer = reply.value.console as { ok: boolean; error?: string; endpoints?: AcdLabEndpoints };
        if (!answer.ok) throw new Error(answer.error ?? `'${line}' refused`);
        if (answer.endpoints !== undefined) endpoints = answer.endpoints;
      });
      queue = answered.catch(() => undefined);
      return answered;
    },
  };
}
