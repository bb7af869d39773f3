// CME nodes as a load target: each CME of the phone group's register list (primary first) as a
// CmeLab in this process with its CTI (TR/87 on its SIP port) when its config enables it; the
// phones are the group's ephones (cme-load-phones.ts). A fault acts on one CME as `lab fault` does
// on the embedded runtime: kill/stop close every socket (its phones fail over down the register
// list, its TR/87 sessions end), restore/restart open them again on the same ports, pause/unpause
// stop/resume answering keepalives. A TR/87 client whose session ended reopens on the next CME.
// The part shared with the process runtime's target is cme-target-common.ts.
import { readFileSync } from 'node:fs';
import { CmeLab } from '../../simulators/cme/cme.ts';
import { loadCmeConfig } from '../../simulators/cme/config/load-cme-config.ts';
import type { Clock } from '../../simulators/lab/clock.ts';
import { type CallEventListener, cmeLoadTarget, faultApplied, noSuchCme } from './cme-target-common.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadTarget, TargetEndpoint } from './load-target.ts';

export async function startCmeTarget(loaded: LoadedScenario, clock: Clock): Promise<LoadTarget> {
  if (loaded.target.kind !== 'cme') throw new Error('not a CME scenario');
  const { register } = loaded.target;
  const labs = new Map<string, CmeLab>();
  const servers: TargetEndpoint[] = [];
  const sips = new Map<string, TargetEndpoint>();
  const listeners = new Set<CallEventListener>();
  try {
    for (const name of register) {
      const { config, ios } = loadCmeConfig(readFileSync(loaded.topology.configPath(name), 'utf8'));
      const lab = new CmeLab({
        config,
        ios,
        name,
        host: '127.0.0.1',
        sccpPort: 0,
        sipPort: 0,
        clock,
        log: () => {},
      });
      labs.set(name, lab);
      lab.calls.model.on((e) => {
        for (const l of listeners) l(e);
      });
      const started = await lab.start();
      servers.push(started.endpoints.sccp);
      if (started.endpoints.sip !== undefined) sips.set(name, started.endpoints.sip);
    }
  } catch (err) {
    for (const lab of labs.values()) await lab.stop().catch(() => {});
    throw err;
  }
  // SCCP comes back on its port; the SIP endpoint is new (ephemeral port on 127.0.0.1).
  const reopened = (node: string, started: { endpoints: { sip?: TargetEndpoint } }) => {
    if (started.endpoints.sip !== undefined) sips.set(node, started.endpoints.sip);
  };
  const nodes = {
    servers,
    isUp: (node: string) => labs.get(node)?.isRunning === true,
    sip: (node: string) => sips.get(node),
  };
  return cmeLoadTarget(loaded, nodes, listeners, {
    fault: async (node, fault) => {
      const lab = labs.get(node);
      if (lab === undefined) return noSuchCme(node, fault);
      switch (fault) {
        case 'kill':
        case 'stop':
          await lab.stop();
          return faultApplied(
            node,
            fault,
            'every socket of the CME closed (in process: kill and stop are the same)',
          );
        case 'restart':
          await lab.stop();
          reopened(node, await lab.start());
          return faultApplied(node, fault, 'sockets closed and opened again on the same ports');
        case 'restore':
          if (lab.isRunning) return faultApplied(node, fault, 'the CME is running: nothing to do');
          reopened(node, await lab.start());
          return faultApplied(node, fault, 'sockets opened again on the same ports');
        case 'pause':
          lab.node.faults.ignoreKeepalives = true;
          return faultApplied(node, fault, 'the CME stops answering SCCP keepalives');
        case 'unpause':
          lab.node.faults.ignoreKeepalives = false;
          return faultApplied(node, fault, 'the CME answers SCCP keepalives again');
      }
    },
    stop: async () => {
      for (const lab of labs.values()) await lab.stop().catch(() => {});
    },
  });
}
