// CME nodes as a load target on the process runtime: each CME of the phone group's register list
// is a `ctilab serve cme --call-events` child (as `ctilab lab up --runtime process` runs a CME),
// so its RSS and CPU are its own (/proc/<pid>); the phones and TR/87 clients stay in the load
// process. Ground truth: the child prints each call-model event as a JSON line with the time it
// was emitted; a client may receive the CSTA event before that line arrives (the ledger matches
// late emissions). Faults are what the process runtime does to a CME child: kill = SIGKILL, stop =
// SIGTERM, pause/unpause = SIGSTOP/SIGCONT, restore = a new child on the ports the first bound,
// restart = stop then restore. The part shared with the embedded target is cme-target-common.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CallEvent } from '../../simulators/calls/call-events.ts';
import type { Clock } from '../../simulators/lab/clock.ts';
import { type CallEventListener, cmeLoadTarget, faultApplied, noSuchCme } from './cme-target-common.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadTarget, TargetEndpoint } from './load-target.ts';

const CTILAB = fileURLToPath(new URL('../../bin/ctilab.js', import.meta.url));
const READY_MS = 30_000;

interface NodeChild {
  proc: ChildProcess;
  running: boolean;
  sccp: TargetEndpoint;
  sip: TargetEndpoint | undefined;
}

export async function startCmeProcessTarget(loaded: LoadedScenario, clock: Clock): Promise<LoadTarget> {
  if (loaded.target.kind !== 'cme') throw new Error('not a CME scenario');
  const { register } = loaded.target;
  const listeners = new Set<CallEventListener>();
  const children = new Map<string, NodeChild>();
  const spawnNode = (name: string, ports?: { sccp: number; sip: number | undefined }) =>
    new Promise<NodeChild>((resolve, reject) => {
      const args = ['serve', 'cme', '--config', loaded.topology.configPath(name), '--host', '127.0.0.1'];
      args.push(
        '--sccp-port',
        String(ports?.sccp ?? 0),
        '--sip-port',
        String(ports?.sip ?? 0),
        '--call-events',
      );
      const proc = spawn(process.execPath, [CTILAB, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      const stderr: string[] = [];
      proc.stderr!.setEncoding('utf8').on('data', (c: string) => {
        stderr.push(c);
        if (stderr.length > 20) stderr.shift();
      });
      const timer = clock.setTimeout(() => {
        proc.kill('SIGKILL');
        reject(
          new Error(`CME ${name}: no ready line in ${READY_MS / 1000} s: ${stderr.join('').slice(-400)}`),
        );
      }, READY_MS);
      let child: NodeChild | undefined;
      proc.on('exit', (code, signal) => {
        if (child !== undefined) child.running = false;
        else {
          timer.cancel();
          reject(
            new Error(
              `CME ${name} exited (${code ?? signal}) before its ready line: ${stderr.join('').slice(-400)}`,
            ),
          );
        }
      });
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        const v = JSON.parse(line) as {
          callEvent?: CallEvent;
          t?: number;
          node?: string;
          endpoints?: { sccp: TargetEndpoint; sip?: TargetEndpoint };
        };
        if (v.callEvent !== undefined) {
          for (const l of listeners) l(v.callEvent, v.t ?? clock.now());
        } else if (v.node === 'cme' && v.endpoints !== undefined && child === undefined) {
          timer.cancel();
          const ep = (e: TargetEndpoint) => ({ host: e.host, port: e.port });
          child = {
            proc,
            running: true,
            sccp: ep(v.endpoints.sccp),
            sip: v.endpoints.sip && ep(v.endpoints.sip),
          };
          resolve(child);
        }
      });
    });
  const exited = (c: NodeChild) =>
    new Promise<void>((r) => {
      if (!c.running || c.proc.exitCode !== null || c.proc.signalCode !== null) return r();
      c.proc.once('exit', () => r());
    });
  try {
    for (const name of register) children.set(name, await spawnNode(name));
  } catch (err) {
    for (const c of children.values()) c.proc.kill('SIGKILL');
    throw err;
  }
  const again = async (node: string, c: NodeChild) => {
    const next = await spawnNode(node, { sccp: c.sccp.port, sip: c.sip?.port });
    children.set(node, next);
    return next.proc.pid;
  };
  const nodes = {
    servers: register.map((n) => children.get(n)!.sccp),
    isUp: (node: string) => children.get(node)?.running === true,
    sip: (node: string) => children.get(node)?.sip,
  };
  return cmeLoadTarget(loaded, nodes, listeners, {
    processes: () =>
      [...children]
        .filter(([, c]) => c.running && c.proc.pid !== undefined)
        .map(([node, c]) => ({ node, pid: c.proc.pid! })),
    fault: async (node, fault) => {
      const c = children.get(node);
      if (c === undefined) return noSuchCme(node, fault);
      const pid = c.proc.pid;
      switch (fault) {
        case 'kill':
          c.proc.kill('SIGKILL');
          await exited(c);
          return faultApplied(node, fault, `SIGKILL to pid ${pid}`);
        case 'stop':
          c.proc.kill('SIGTERM');
          await exited(c);
          return faultApplied(node, fault, `SIGTERM to pid ${pid}: it ended its CTI sessions and exited`);
        case 'pause':
          c.proc.kill('SIGSTOP');
          return faultApplied(node, fault, `SIGSTOP to pid ${pid}`);
        case 'unpause':
          c.proc.kill('SIGCONT');
          return faultApplied(node, fault, `SIGCONT to pid ${pid}`);
        case 'restore':
          if (c.running) return faultApplied(node, fault, `pid ${pid} is running: nothing to do`);
          return faultApplied(
            node,
            fault,
            `a new child (pid ${await again(node, c)}) on the ports the first bound`,
          );
        case 'restart':
          c.proc.kill('SIGTERM');
          await exited(c);
          return faultApplied(
            node,
            fault,
            `pid ${pid} stopped; a new child (pid ${await again(node, c)}) on the same ports`,
          );
      }
    },
    stop: async () => {
      for (const c of children.values()) {
        if (!c.running) continue;
        c.proc.kill('SIGCONT');
        c.proc.kill('SIGTERM');
        const killer = clock.setTimeout(() => c.proc.kill('SIGKILL'), 5_000);
        await exited(c);
        killer.cancel();
      }
    },
  });
}
