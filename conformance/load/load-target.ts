// What a load run drives (run-load.ts): the lab it loads, behind one small interface so the run's
// phones, calls, TR/87 and CTI Server clients, faults and ground truth are the same code for a CUCM
// cluster (cucm-load-target.ts), CME nodes (cme-load-target.ts) and an ACD node (acd-load-target.ts).
// Those run their nodes in this process (embedded), so the run reads their call model (and the
// ACD's peripheral events) directly as ground truth; on the process and containers runtimes
// (cme-serve-target.ts, cucm-serve-target.ts, acd-serve-target.ts) each node unit is a `ctilab serve
// ... --call-events` child or container that streams them (simulators/runtime/ground-truth-lines.ts).
import type { CallEvent } from '../../simulators/calls/call-events.ts';
import type { PeripheralEvent } from '../../simulators/cti-server/server/cti-peripheral.ts';
import type { CtiMessage } from '../../simulators/cti-server/wire.ts';
import type { Clock } from '../../simulators/lab/clock.ts';
import type { SccpPhone } from '../../simulators/phone/phone.ts';
import type { FaultOutcome } from '../../simulators/runtime/lab-fault.ts';
import type { LoadClient, LoadPhone } from './load-population.ts';
import type { LoadedScenario } from './load-scenario.ts';

export interface TargetEndpoint {
  readonly host: string;
  readonly port: number;
}

/** Where a TR/87 client opens (or reopens) its session now. */
export interface Tr87Open {
  readonly host: string;
  readonly port: number;
  /** The From user (a SIP URI). */
  readonly user: string;
  readonly credentials?: { readonly username: string; readonly password: string };
  /** The node serving it (for the timeline). */
  readonly node: string;
}

/** An agent of the ACD run: its teleset is the phone with DN `extension`. */
export interface LoadAgent {
  readonly id: string;
  readonly extension: string;
}

/** The ACD node's CTI Server as the CTI Server clients of a run see it. */
export interface CtiServerTarget {
  readonly peripheralId: number;
  /** Side A then side B. */
  sides(): TargetEndpoint[];
  readonly bridge: { readonly clientId: string; readonly password: string };
  readonly agents: readonly LoadAgent[];
  /**
   * Every event the ACD's peripheral publishes to its CTI Server (the ground truth); `t` (clock
   * ms) is when the peripheral published it, when that was in another process.
   */
  subscribe(listener: (event: PeripheralEvent, t?: number) => void): () => void;
  /**
   * What each session of this CTI Server sent of its own right after its OPEN_CONF (its greeting:
   * SYSTEM_EVENT, a BEGIN_CALL_EVENT per call in progress), tagged with that OPEN_CONF's MonitorID;
   * `t` (clock ms) is when it was sent, when that was in another process.
   */
  greetings(listener: (monitorID: number, message: CtiMessage, t?: number) => void): () => void;
  /**
   * The events come from another process (the process runtime): a client may receive one before
   * its emission arrives, so the CTI Server ledger matches late emissions.
   */
  readonly lateEmissions?: boolean;
  /** The active side now ('A' | 'B'). */
  active(): string;
}

export interface LoadTarget {
  readonly kind: 'cucm' | 'cme' | 'acd';
  readonly phones: readonly LoadPhone[];
  /** TR/87 clients with the phones each monitors. */
  readonly clients: readonly LoadClient[];
  readonly ctiServer?: CtiServerTarget;
  /** The SCCP servers the phones register with, primary first (valid after start). */
  phoneServers(): TargetEndpoint[];
  /** Call-model events; `t` (clock ms) is when the node emitted it, when that was elsewhere. */
  onCallEvent(listener: (event: CallEvent, t?: number) => void): () => void;
  /** Process and containers runtimes: each node's process now (RSS and CPU per node); absent embedded. */
  processes?(): Array<{ node: string; pid: number }>;
  /** The node a phone is registered with now. */
  registeredNode(phone: SccpPhone): string | undefined;
  /** Where client `client` opens now; `attempt` counts the tries since its session ended. */
  tr87Open(client: LoadClient, attempt: number): Tr87Open;
  fault(
    node: string,
    fault: 'kill' | 'stop' | 'pause' | 'unpause' | 'restart' | 'restore',
  ): Promise<FaultOutcome>;
  stop(): Promise<void>;
}

export type LoadTargetFactory = (loaded: LoadedScenario, clock: Clock) => Promise<LoadTarget>;
