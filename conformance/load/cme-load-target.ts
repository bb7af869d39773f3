// CME nodes as a load target: each CME of the phone group's register list (primary first) as a
// CmeLab in this process with its CTI (TR/87 on its SIP port) when its config enables it; the
// phones are the group's ephones (cme-load-phones.ts). A fault acts on one CME as `lab fault` does
// on the embedded runtime: kill/stop close every socket (its phones fail over down the register
// list, its TR/87 sessions end), restore/restart open them again on the same ports, pause/unpause
// stop/resume answering keepalives. A TR/87 client whose session ended reopens on the next CME.
import { readFileSync } from 'node:fs';
import type { CallEvent } from '../../simulators/calls/call-events.ts';
import { CmeLab } from '../../simulators/cme/cme.ts';
import { loadCmeConfig } from '../../simulators/cme/config/load-cme-config.ts';
import type { Clock } from '../../simulators/lab/clock.ts';
import type { FaultOutcome } from '../../simulators/runtime/lab-fault.ts';
import type { LoadClient, LoadPhone } from './load-population.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadTarget, TargetEndpoint } from './load-target.ts';

export async function startCmeTarget(loaded: LoadedScenario, clock: Clock): Promise<LoadTarget> {
  if (loaded.target.kind !== 'cme') throw new Error('not a CME scenario');
  const { register } = loaded.target;
  const { phones, clients } = cmeTr87Clients(loaded);
  const labs = new Map<string, CmeLab>();
  const servers: TargetEndpoint[] = [];
  const sips = new Map<string, TargetEndpoint>();
  const listeners = new Set<(e: CallEvent) => void>();
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
  const nodeOfPort = new Map(register.map((n, i) => [servers[i]!.port, n]));
  const applied = (node: string, fault: string, detail: string): FaultOutcome =>
    ({ applied: true, node, fault: { kind: fault }, detail }) as FaultOutcome;
  return {
    kind: 'cme',
    phones,
    clients,
    phoneServers: () => servers,
    onCallEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    registeredNode: (phone) => {
      const s = phone.state;
      return s.registered && s.server ? nodeOfPort.get(s.server.port) : undefined;
    },
    tr87Open: (client, attempt) => {
      // The client's CME first, then the others of the register list, round and round.
      const start = Math.max(0, register.indexOf(client.gateway));
      const order = register.map((_, i) => register[(start + i) % register.length]!);
      const up = order.filter((n) => labs.get(n)?.isRunning === true && sips.has(n));
      const node = up[attempt % Math.max(1, up.length)] ?? client.gateway;
      const sip = sips.get(node);
      if (sip === undefined) throw new Error(`CME ${node} has no SIP (CTI) endpoint`);
      return { host: sip.host, port: sip.port, user: `sip:${client.user}@${node}`, node };
    },
    fault: async (node, fault) => {
      const lab = labs.get(node);
      if (lab === undefined)
        return {
          applied: false,
          node,
          fault: { kind: fault },
          reason: `no CME '${node}' in this run`,
        } as FaultOutcome;
      switch (fault) {
        case 'kill':
        case 'stop':
          await lab.stop();
          return applied(
            node,
            fault,
            'every socket of the CME closed (in process: kill and stop are the same)',
          );
        case 'restart':
          await lab.stop();
          reopened(node, await lab.start());
          return applied(node, fault, 'sockets closed and opened again on the same ports');
        case 'restore':
          if (lab.isRunning) return applied(node, fault, 'the CME is running: nothing to do');
          reopened(node, await lab.start());
          return applied(node, fault, 'sockets opened again on the same ports');
        case 'pause':
          lab.node.faults.ignoreKeepalives = true;
          return applied(node, fault, 'the CME stops answering SCCP keepalives');
        case 'unpause':
          lab.node.faults.ignoreKeepalives = false;
          return applied(node, fault, 'the CME answers SCCP keepalives again');
      }
    },
    stop: async () => {
      for (const lab of labs.values()) await lab.stop().catch(() => {});
    },
  };
}

/**
 * The phones of a CME run and its TR/87 sessions. A CME CTI session acts for its own line (CME
 * CSTA guide: the session's line is the DN it may monitor and control): a scenario's TR/87 client
 * is one session per phone it monitors, its request rate shared among them.
 */
export function cmeTr87Clients(loaded: LoadedScenario): { phones: LoadPhone[]; clients: LoadClient[] } {
  if (loaded.target.kind !== 'cme') throw new Error('not a CME scenario');
  const scenario = loaded.scenario;
  const phones = loaded.target.phones.slice(0, scenario.phones.count);
  const monitored = Math.round(scenario.monitored * phones.length);
  const tr87 = scenario.cti.tr87;
  const clients = tr87.flatMap((c, k) => {
    const mine = phones.slice(0, monitored).filter((_, i) => i % tr87.length === k);
    return mine.map((p) => ({
      name: `${c.name}-${p.dn}`,
      user: `load-${c.name}-${p.dn}`,
      password: '',
      gateway: c.gateway,
      requestRate: c.requestRate / mine.length,
      phones: [p],
    }));
  });
  return { phones, clients };
}
