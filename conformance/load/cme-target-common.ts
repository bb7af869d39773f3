// What the two CME load targets share: `cme-load-target.ts` (each CME a CmeLab in this process) and
// `cme-serve-target.ts` (each CME a `ctilab serve cme` child or container). Both drive the same phones and
// TR/87 sessions and answer the same questions of the run (which CME a phone is registered with,
// where a TR/87 client opens now); only how a CME is started, observed and faulted differs.
import type { CallEvent } from '../../simulators/calls/call-events.ts';
import type { FaultOutcome } from '../../simulators/runtime/lab-fault.ts';
import type { LoadClient, LoadPhone } from './load-population.ts';
import type { LoadedScenario } from './load-scenario.ts';
import type { LoadTarget, TargetEndpoint } from './load-target.ts';

export type CallEventListener = (event: CallEvent, t?: number) => void;
export type CmeFault = Parameters<LoadTarget['fault']>[1];

/** The CMEs of the register list as a target sees them now. */
export interface CmeNodes {
  /** Their SCCP servers in register-list order (primary first); the ports stay across restarts. */
  readonly servers: readonly TargetEndpoint[];
  /** The CME is up (its sockets open, its process running). */
  isUp(node: string): boolean;
  /** Its SIP (CTI, TR/87) endpoint, when its config enables CTI. */
  sip(node: string): TargetEndpoint | undefined;
}

/** What each target does its own way: faults, stopping and (process runtime) its processes. */
export type CmeTargetOwn = Pick<LoadTarget, 'fault' | 'stop' | 'processes'>;

/** The LoadTarget of a CME run: the shared part around the target's own `fault` and `stop`. */
export function cmeLoadTarget(
  loaded: LoadedScenario,
  nodes: CmeNodes,
  listeners: Set<CallEventListener>,
  own: CmeTargetOwn,
): LoadTarget {
  if (loaded.target.kind !== 'cme') throw new Error('not a CME scenario');
  const { register } = loaded.target;
  const { phones, clients } = cmeTr87Clients(loaded);
  const nodeOfPort = new Map(register.map((n, i) => [nodes.servers[i]!.port, n]));
  return {
    kind: 'cme',
    phones,
    clients,
    phoneServers: () => [...nodes.servers],
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
      const up = order.filter((n) => nodes.isUp(n) && nodes.sip(n) !== undefined);
      const node = up[attempt % Math.max(1, up.length)] ?? client.gateway;
      const sip = nodes.sip(node);
      if (sip === undefined) throw new Error(`CME ${node} has no SIP (CTI) endpoint`);
      return { host: sip.host, port: sip.port, user: `sip:${client.user}@${node}`, node };
    },
    ...own,
  };
}

/** A fault applied to CME `node`, with what it did. */
export function faultApplied(node: string, fault: CmeFault, detail: string): FaultOutcome {
  return { applied: true, node, fault: { kind: fault }, detail } as FaultOutcome;
}

/** A fault on a node that is not a CME of this run. */
export function noSuchCme(node: string, fault: CmeFault): FaultOutcome {
  return {
    applied: false,
    node,
    fault: { kind: fault },
    reason: `no CME '${node}' in this run`,
  } as FaultOutcome;
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
