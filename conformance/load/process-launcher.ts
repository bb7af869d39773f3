// The process runtime's launcher of a load run's node units (serve-target.ts): each one a `node
// bin/ctilab.js serve ...` child of this process on 127.0.0.1 (ephemeral ports unless a node comes
// back on the ports it first bound), as `ctilab lab up --runtime process` runs a node; its faults
// are signals to the child (kill = SIGKILL, terminate = SIGTERM, pause/unpause = SIGSTOP/SIGCONT),
// its RSS and CPU its own (/proc/<pid>).
import { CtilabChild } from '../../simulators/runtime/ctilab-child.ts';
import { readyLine, SERVE_FLAGS, type ServeLauncher, type ServeListen, truthTap } from './serve-target.ts';

/** Bound on a child's ready line (a start under load may compile TypeScript when dist/ is stale). */
const READY_MS = 30_000;
/** SIGTERM, then SIGKILL after this long. */
const STOP_GRACE_MS = 5_000;
/** Bound on the end of a SIGKILLed or SIGTERMed child. */
const EXIT_MS = 10_000;

export const processLauncher: ServeLauncher = {
  runtime: 'process',
  async start(name, args, clock, onTruth) {
    const listen: ServeListen = { host: '127.0.0.1', port: (_inside, again) => again ?? 0, read: (p) => p };
    const child = new CtilabChild(name, [...args(listen), ...SERVE_FLAGS], {
      stdin: true,
      clock,
      onLine: truthTap(onTruth),
    });
    const stop = async () => {
      // A paused child cannot end: SIGCONT first.
      child.signal('SIGCONT');
      await child.stop(STOP_GRACE_MS).catch(() => undefined);
    };
    const ready = await readyLine(child, READY_MS).catch(async (err: unknown) => {
      await stop();
      throw err;
    });
    const pid = child.pid;
    let ending = false;
    const ended = async (sig: NodeJS.Signals) => {
      child.signal(sig);
      await child.waitForExit(EXIT_MS);
    };
    return {
      child,
      ready,
      what: `pid ${pid}`,
      // Down from the moment it is killed or stopped: a client that sees its connection close
      // while the kill is still under way must not reopen on it.
      get running() {
        return !child.exited && !ending;
      },
      pid: () => (child.exited ? undefined : child.pid),
      kill: async () => {
        ending = true;
        await ended('SIGKILL');
        return `SIGKILL to pid ${pid}`;
      },
      terminate: async () => {
        ending = true;
        await ended('SIGTERM');
        return `SIGTERM to pid ${pid}: it ended its CTI sessions and exited`;
      },
      pause: async () => {
        child.signal('SIGSTOP');
        return `SIGSTOP to pid ${pid}`;
      },
      unpause: async () => {
        child.signal('SIGCONT');
        return `SIGCONT to pid ${pid}`;
      },
      stop,
    };
  },
};
