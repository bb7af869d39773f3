// CME nodes as a load target on the process or containers runtime: each CME of the phone group's
// register list is a `ctilab serve cme --call-events` command of its own, started by the runtime's
// launcher (serve-target.ts: a child of this process, or a container of the lab image), so its RSS
// and CPU are its own; the phones and TR/87 clients stay in the load process. Ground truth: the
// node prints each call-model event as a JSON line with the time it was emitted; a client may
// receive the CSTA event before that line arrives (the ledger matches late emissions). Faults are
// what the runtime does to a CME's process: kill = SIGKILL (`docker kill`), stop = SIGTERM
// (`docker stop`), pause/unpause = SIGSTOP/SIGCONT (`docker pause|unpause`), restore = a new
// process (container) on the ports the first bound, restart = stop then restore. The part shared
// with the embedded target is cme-target-common.ts.
import type { Clock } from '../../simulators/lab/clock.ts';
import { SCCP_DEFAULT_PORT, SIP_DEFAULT_PORT } from '../../simulators/runtime/node-ports.ts';
import { type CallEventListener, cmeLoadTarget, faultApplied, noSuchCme } from './cme-target-common.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadTarget, TargetEndpoint } from './load-target.ts';
import { nodeProcess, type ServeLauncher, type ServeNode } from './serve-target.ts';

interface CmeUnit {
  readonly unit: ServeNode;
  readonly sccp: TargetEndpoint;
  readonly sip: TargetEndpoint | undefined;
}

export async function startCmeServeTarget(
  loaded: LoadedScenario,
  clock: Clock,
  launcher: ServeLauncher,
): Promise<LoadTarget> {
  if (loaded.target.kind !== 'cme') throw new Error('not a CME scenario');
  const { register } = loaded.target;
  const listeners = new Set<CallEventListener>();
  const children = new Map<string, CmeUnit>();
  const startNode = async (name: string, again?: CmeUnit): Promise<CmeUnit> => {
    const unit = await launcher.start(
      name,
      (listen) => [
        'serve',
        'cme',
        '--config',
        listen.read(loaded.topology.configPath(name)),
        '--host',
        listen.host,
        '--sccp-port',
        String(listen.port(SCCP_DEFAULT_PORT, again?.sccp.port)),
        '--sip-port',
        String(listen.port(SIP_DEFAULT_PORT, again?.sip?.port)),
      ],
      clock,
      (truth) => {
        if (truth.kind === 'call') for (const l of listeners) l(truth.event, truth.t);
      },
    );
    const endpoints = unit.ready.endpoints as { sccp: TargetEndpoint; sip?: TargetEndpoint };
    const ep = (e: TargetEndpoint) => ({ host: e.host, port: e.port });
    return { unit, sccp: ep(endpoints.sccp), sip: endpoints.sip && ep(endpoints.sip) };
  };
  try {
    for (const name of register) children.set(name, await startNode(name));
  } catch (err) {
    await Promise.allSettled([...children.values()].map((c) => c.unit.stop()));
    throw err;
  }
  const again = async (node: string, c: CmeUnit) => {
    const next = await startNode(node, c);
    children.set(node, next);
    return next.unit.what;
  };
  const nodes = {
    servers: register.map((n) => children.get(n)!.sccp),
    isUp: (node: string) => children.get(node)?.unit.running === true,
    sip: (node: string) => children.get(node)?.sip,
  };
  return cmeLoadTarget(loaded, nodes, listeners, {
    processes: () => [...children].flatMap(([node, c]) => nodeProcess(node, c.unit)),
    fault: async (node, fault) => {
      const c = children.get(node);
      if (c === undefined) return noSuchCme(node, fault);
      const { unit } = c;
      switch (fault) {
        case 'kill':
          return faultApplied(node, fault, await unit.kill());
        case 'stop':
          return faultApplied(node, fault, await unit.terminate());
        case 'pause':
          return faultApplied(node, fault, await unit.pause());
        case 'unpause':
          return faultApplied(node, fault, await unit.unpause());
        case 'restore':
          if (unit.running) return faultApplied(node, fault, `${unit.what} is running: nothing to do`);
          return faultApplied(node, fault, `a new ${await again(node, c)} on the ports the first bound`);
        case 'restart': {
          await unit.terminate();
          return faultApplied(
            node,
            fault,
            `${unit.what} stopped; a new ${await again(node, c)} on the same ports`,
          );
        }
      }
    },
    stop: async () => {
      await Promise.allSettled([...children.values()].map((c) => c.unit.stop()));
    },
  });
}
