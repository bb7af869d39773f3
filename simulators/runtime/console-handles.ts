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
 * A child's console, one command at a time, in order: each command is one line, answered by one
 * JSON line `{"console":{command, ok, endpoints | error}}`; an answer's endpoints replace the last.
 */
function serialConsole<E>(
  child: CtilabChild,
  first: E,
): { endpoints: () => E; run: (line: string) => Promise<void> } {
  let endpoints = first;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    endpoints: () => endpoints,
    run: (line: string) => {
      const answered = queue.then(async () => {
        const from = child.lines.length;
        child.send(line);
        const reply = await child.waitForLine(
          (v) => typeof v.console === 'object',
          CONSOLE_MS,
          `answer to '${line}'`,
          from,
        );
        const answer = reply.value.console as { ok: boolean; error?: string; endpoints?: E };
        if (!answer.ok) throw new Error(answer.error ?? `'${line}' refused`);
        if (answer.endpoints !== undefined) endpoints = answer.endpoints;
      });
      queue = answered.catch(() => undefined);
      return answered;
    },
  };
}

/**
 * The handle of a cluster child: its console (serialConsole). `what` names what runs it in errors
 * and fault details (default `pid <n>`; a load run's container: `container <name>`).
 */
export function clusterConsoleHandle(
  topology: RunnableCluster,
  child: CtilabChild,
  first: CucmEndpoints,
  what = `pid ${child.pid}`,
): ClusterHandle {
  const serial = serialConsole(child, first);
  return {
    topology,
    paused: new Set(),
    endpoints: serial.endpoints,
    running: () => !child.exited,
    where: () => `console of ${what}`,
    run: (command: ClusterCommand) => serial.run(commandLine(command)),
  };
}

/** The handle of the ACD lab child: its console (serialConsole); `what` as clusterConsoleHandle's. */
export function acdConsoleHandle(
  topology: RunnableAcd,
  child: CtilabChild,
  first: AcdLabEndpoints,
  what = `pid ${child.pid}`,
): AcdHandle {
  const serial = serialConsole(child, first);
  return {
    topology,
    endpoints: serial.endpoints,
    running: () => !child.exited,
    where: () => `console of ${what}`,
    run: (command: AcdCommand) => serial.run(acdCommandLine(command)),
  };
}
