// What every runtime (embedded, process, containers) does alike for the ACD nodes of a lab
// (issue 11). The ACD nodes run as ONE unit, an AcdLab (simulators/acd-cti/acd-lab.ts: their
// phones on one call model, the ICM router across their peripherals, a duplexed CTI Server per
// node): in process, one AcdLab; process runtime, one `ctilab serve acd --console` child;
// containers, one container running `ctilab serve acd --admin`. A fault on an ACD node is an
// operation of that unit on the node's duplexed CTI Server (Cisco "CTI Planning", "CTI Server
// Fault Tolerance"), written as the console commands of `serve acd`:
// - `fail-side <node> <A|B>`: the active side dies (its sessions are reset, it stops listening)
//   and the standby takes over; only the active side can fail (the duplex fault), and not while
//   the standby is down (it would leave no side);
// - `restore-side <node>`: a dead side comes back as the standby, on the port it first bound;
// - `peripheral <node> online|offline`, `central-controller <node> up|down`: the peripheral or
//   the central controller fails / comes back (SYSTEM_EVENT to every session, PGStatus);
// - `status`: the endpoints and each node's PGStatus.
// The lab's fault verbs map onto them: kill | stop = fail the active side (rules ACD-FT-001/002:
// the standby is then the one that accepts sessions); restore = restore-side; restart = both.
// Pause and the network faults are refused: the sides run inside one unit with the phones' SCCP
// listener (one process, one container), so no side can hang or lose the network alone.
import type { AcdLab, AcdLabEndpoints } from '../acd-cti/acd-lab.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import type { RunnableAcd } from '../topology/runnable-topology.ts';
import { describeFault, type FaultOutcome, type LabFault } from './lab-fault.ts';
import type { NodeEndpoints, PhoneGroupStatus } from './lab-runtime.ts';

export type SideName = 'A' | 'B';

/** One operation on the ACD lab unit: the words of `ctilab serve acd --console`. */
export type AcdCommand =
  | { readonly op: 'fail-side'; readonly node: string; readonly side: SideName }
  | { readonly op: 'restore-side'; readonly node: string }
  | { readonly op: 'peripheral'; readonly node: string; readonly online: boolean }
  | { readonly op: 'central-controller'; readonly node: string; readonly up: boolean }
  | { readonly op: 'status' };

export const ACD_COMMANDS_USAGE =
  'commands: fail-side <node> A|B, restore-side <node>, peripheral <node> online|offline, central-controller <node> up|down, status';

export function acdCommandLine(command: AcdCommand): string {
  switch (command.op) {
    case 'fail-side':
      return `fail-side ${command.node} ${command.side}`;
    case 'restore-side':
      return `restore-side ${command.node}`;
    case 'peripheral':
      return `peripheral ${command.node} ${command.online ? 'online' : 'offline'}`;
    case 'central-controller':
      return `central-controller ${command.node} ${command.up ? 'up' : 'down'}`;
    case 'status':
      return 'status';
  }
}

/** One console line as a command; refused with the usage of the verb (or every verb). */
export function parseAcdCommand(line: string): Result<AcdCommand, 'usage'> {
  const [verb, node, arg, extra] = line.trim().split(/\s+/);
  const usage = (reason: string) => refused('usage' as const, reason);
  if (extra !== undefined) return usage(`unexpected '${extra}' (${ACD_COMMANDS_USAGE})`);
  switch (verb) {
    case 'fail-side':
      if (node === undefined || (arg !== 'A' && arg !== 'B')) return usage('fail-side <node> A|B');
      return ok({ op: verb, node, side: arg });
    case 'restore-side':
      if (node === undefined || arg !== undefined) return usage('restore-side <node>');
      return ok({ op: verb, node });
    case 'peripheral':
      if (node === undefined || (arg !== 'online' && arg !== 'offline'))
        return usage('peripheral <node> online|offline');
      return ok({ op: verb, node, online: arg === 'online' });
    case 'central-controller':
      if (node === undefined || (arg !== 'up' && arg !== 'down'))
        return usage('central-controller <node> up|down');
      return ok({ op: verb, node, up: arg === 'up' });
    case 'status':
      if (node !== undefined) return usage(`unexpected '${node}' (${ACD_COMMANDS_USAGE})`);
      return ok({ op: verb });
    default:
      return usage(`unknown command '${verb ?? ''}' (${ACD_COMMANDS_USAGE})`);
  }
}

/** Each node's PGStatus (CTI Server Message Reference Guide, "PGStatusCode Values") and peripheral state. */
export type AcdPeripheralStatus = Record<string, { readonly online: boolean; readonly pgStatus: number }>;

/**
 * Runs one command on a running AcdLab; refused (error `refused`) with the reason when the lab
 * cannot do it (no such node, a standby side named, the last side up, the lab not running).
 */
export async function runAcdCommand(lab: AcdLab, command: AcdCommand): Promise<Result<void, 'refused'>> {
  const no = (reason: string) => refused('refused' as const, reason);
  if (!lab.isRunning) return no(`ACD lab ${lab.name} is not running`);
  if (command.op === 'status') return ok();
  if (!lab.nodeNames.includes(command.node))
    return no(`no ACD node named '${command.node}' (${lab.nodeNames.join(', ')})`);
  const pair = lab.pair(command.node);
  switch (command.op) {
    case 'fail-side': {
      if (command.side !== pair.active)
        return no(
          `side ${command.side} of ${command.node} is the standby: only the active side (${pair.active}) can fail (the duplex fault)`,
        );
      if (!pair.sides[pair.standby].listening)
        return no(
          `side ${command.side} of ${command.node} is its last side up (side ${pair.standby} is down): restore-side ${command.node} first`,
        );
      await pair.failActive();
      return ok();
    }
    case 'restore-side':
      await pair.restore();
      return ok();
    case 'peripheral':
      lab.cti(command.node).setPeripheralOnline(command.online);
      return ok();
    case 'central-controller':
      lab.cti(command.node).setCentralController(command.up);
      return ok();
  }
}

export function acdPeripheralStatus(lab: AcdLab): AcdPeripheralStatus {
  return Object.fromEntries(
    lab.nodeNames.map((n) => [n, { online: lab.cti(n).online(), pgStatus: lab.cti(n).pgStatus() }]),
  );
}

/** The ACD lab unit as a runtime drives it: in process, through its child's console or its container's admin endpoint. */
export interface AcdHandle {
  readonly topology: RunnableAcd;
  /** Runs one command; rejects with the reason when the unit refused it. */
  run(command: AcdCommand): Promise<void>;
  /** Every endpoint as the unit reports it now (host-side: published ports on containers). */
  endpoints(): AcdLabEndpoints;
  /** Is the unit (process, container) running at all? */
  running(): boolean;
  /** Where the faults happen, for the detail: "in process", "console of pid N", ... */
  where(): string;
}

export function isAcdNode(acd: RunnableAcd | undefined, node: string): boolean {
  return acd?.nodes.some((n) => n.name === node) ?? false;
}

/** Each ACD node with the phones' SCCP endpoint, its CTI Server sides and which one is active. */
export function acdNodeEndpoints(endpoints: AcdLabEndpoints): Record<string, NodeEndpoints> {
  return Object.fromEntries(
    Object.entries(endpoints.nodes).map(([name, n]) => [
      name,
      {
        kind: 'acd',
        endpoints: {
          sccp: { host: endpoints.sccp.host, port: endpoints.sccp.port },
          ctiServerA: { host: n.A.host, port: n.A.port },
          ctiServerB: { host: n.B.host, port: n.B.port },
        },
        duplex: { active: n.active, up: [...n.up] },
      },
    ]),
  );
}

/** The ACD nodes now: `running` while the unit runs and a side of the node listens. */
export function acdNodeStatus(handle: AcdHandle): Record<string, NodeEndpoints & { running: boolean }> {
  const running = handle.running();
  return Object.fromEntries(
    Object.entries(acdNodeEndpoints(handle.endpoints())).map(([name, n]) => [
      name,
      { ...n, running: running && (n.duplex?.up.length ?? 0) > 0 },
    ]),
  );
}

/** The phones of an ACD phone population (`devicesOf: <node>`): device name, MAC, model. */
export function acdGroupPhones(
  acd: RunnableAcd,
  node: string,
): Array<{ readonly name: string; readonly mac: string; readonly model: string }> {
  const phones = acd.nodes.find((n) => n.name === node)?.phones ?? [];
  return phones.map((p) => ({ name: p.name, mac: p.name.slice(3), model: p.model }));
}

/** An ACD phone group: every phone registers with the unit's one SCCP listener, counted for its node. */
export function acdGroupStatus(
  node: string,
  devices: readonly string[],
  registered: (device: string) => boolean,
): PhoneGroupStatus {
  const where: Record<string, string | null> = {};
  let count = 0;
  for (const d of devices) {
    const yes = registered(d);
    where[d] = yes ? node : null;
    if (yes) count++;
  }
  return {
    phones: devices.length,
    registered: count,
    byNode: count > 0 ? { [node]: count } : {},
    devices: where,
  };
}

/** A lab fault on an ACD node, as the module comment maps it. */
export async function applyAcdFault(handle: AcdHandle, node: string, fault: LabFault): Promise<FaultOutcome> {
  const refuse = (reason: string): FaultOutcome => ({ applied: false, node, fault, reason });
  const applied = (detail: string): FaultOutcome => ({
    applied: true,
    node,
    fault,
    detail: `${detail} (${handle.where()})`,
  });
  if (!['kill', 'stop', 'restore', 'restart'].includes(fault.kind))
    return refuse(acdUnmappedReason(handle.topology, node, fault));
  if (!handle.running()) return refuse(`the ACD lab of '${node}' is not running`);
  const run = async (command: AcdCommand): Promise<FaultOutcome | undefined> => {
    try {
      await handle.run(command);
      return undefined;
    } catch (err) {
      return refuse((err as Error).message);
    }
  };
  const before = handle.endpoints().nodes[node];
  if (before === undefined) return refuse(`no ACD node named '${node}'`);
  const port = (side: SideName) => handle.endpoints().nodes[node]?.[side].port;
  switch (fault.kind) {
    case 'kill':
    case 'stop': {
      const failed = await run({ op: 'fail-side', node, side: before.active });
      if (failed) return failed;
      const now = handle.endpoints().nodes[node]!;
      return applied(
        `CTI Server side ${before.active} of ${node} died (its sessions reset); side ${now.active} is active and takes the clients' sessions${fault.kind === 'stop' ? ' (kill and stop are the same for a CTI Server side)' : ''}`,
      );
    }
    case 'restore': {
      const down = (['A', 'B'] as const).filter((s) => !before.up.includes(s));
      if (down.length === 0) return applied(`both CTI Server sides of ${node} are up: nothing to do`);
      const failed = await run({ op: 'restore-side', node });
      if (failed) return failed;
      return applied(
        `CTI Server side ${down.join(' and ')} of ${node} back as standby on port ${down.map(port).join(', ')}; side ${handle.endpoints().nodes[node]?.active} stays active`,
      );
    }
    default: {
      const failed =
        (await run({ op: 'fail-side', node, side: before.active })) ??
        (await run({ op: 'restore-side', node }));
      if (failed) return failed;
      return applied(
        `CTI Server side ${before.active} of ${node} died and came back as standby on port ${port(before.active)}; side ${handle.endpoints().nodes[node]?.active} is active`,
      );
    }
  }
}

/**
 * Why pause, unpause and the network faults are refused on an ACD node on every runtime: its CTI
 * Server sides run inside the one ACD lab unit with the phones' SCCP listener.
 */
export function acdUnmappedReason(acd: RunnableAcd, node: string, fault: LabFault): string {
  return `${describeFault(fault)} is not mapped for an ACD node: the sides of '${node}' run inside the one ACD lab unit (${acd.nodes.map((n) => n.name).join(', ')} and the phones' SCCP listener: one process, one container), so no side can hang or lose the network alone; kill|stop fails the active CTI Server side, restore brings it back as standby, restart does both`;
}
