// One interface for the three runtimes of DESIGN.md section 4 (embedded, process, containers):
// start a lab from its topology, get every endpoint, apply a fault, collect logs, stop.
import type { CallModel } from '../calls/call-model.ts';
import type { AcdLive, CucmLive } from '../lab/live-state.ts';
import type { ObservationStream } from '../lab/observation.ts';
import type { SccpPhone } from '../phone/phone.ts';
import type { LoadedTopology } from '../topology/load-topology.ts';
import type { FaultOutcome, LabFault } from './lab-fault.ts';

export type RuntimeKind = 'embedded' | 'process' | 'containers';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** What a node listens on, reachable from the host (127.0.0.1 or a published port). */
export interface NodeEndpoints {
  readonly kind: string;
  readonly endpoints: {
    readonly sccp?: Endpoint;
    readonly sip?: Endpoint;
    readonly tftp?: Endpoint;
    /** An ACD node's duplexed CTI Server: side A and side B (GED-188 over TCP). */
    readonly ctiServerA?: Endpoint;
    readonly ctiServerB?: Endpoint;
  };
  /** An ACD node: which CTI Server side is active and which sides listen (acd-lab-unit.ts). */
  readonly duplex?: { readonly active: 'A' | 'B'; readonly up: ReadonlyArray<'A' | 'B'> };
}

export interface PhoneGroupStatus {
  readonly phones: number;
  readonly registered: number;
  /** Devices registered per node name. */
  readonly byNode: Readonly<Record<string, number>>;
  /**
   * A CUCM cluster's phones only (few, named in the topology): the node each device is registered
   * with, null when it is not registered.
   */
  readonly devices?: Readonly<Record<string, string | null>>;
}

export interface LabStatus {
  readonly lab: string;
  readonly runtime: RuntimeKind;
  readonly nodes: Readonly<Record<string, NodeEndpoints & { readonly running: boolean }>>;
  readonly phones: Readonly<Record<string, PhoneGroupStatus>>;
}

export interface RunningLab {
  readonly name: string;
  readonly runtime: RuntimeKind;
  /** Every node's endpoints, as printed by `ctilab lab up`. */
  readonly nodes: Readonly<Record<string, NodeEndpoints>>;
  status(): Promise<LabStatus>;
  fault(node: string, fault: LabFault): Promise<FaultOutcome>;
  /** Log lines of each node and phone group (stderr of children; node logs in-process). */
  logs(): Readonly<Record<string, readonly string[]>>;
  /**
   * The pcap files this lab wrote when started with `captureDir` (complete once stop() returned):
   * embedded and process, each node's own capture of its traffic; containers, the lab network.
   */
  captures(): readonly string[];
  /** Process ids of the child processes this lab runs now (process runtime; none in-process). */
  processes(): readonly number[];
  /** Stops every phone and node this lab started; nothing is left running. */
  stop(): Promise<void>;
  /**
   * The process runtime started with `dashboards`: each child's own dashboard (node, cluster, ACD
   * unit, phone group), its URL as the child printed it and whether the child runs now.
   */
  dashboards?(): readonly ChildDashboard[];
  /** The in-process parts a live view reads and acts on (the dashboard); only the embedded runtime has them. */
  parts?(): LabParts;
}

/** A lab's phones (by group) and nodes as objects of this process (embedded runtime). */
export interface LabParts {
  readonly lab: string;
  readonly phoneGroups: ReadonlyArray<{ readonly group: string; readonly phones: readonly SccpPhone[] }>;
  readonly nodes: ReadonlyArray<{
    readonly name: string;
    readonly kind: string;
    readonly observations: ObservationStream;
    readonly callModel?: CallModel;
    /** `show cti session`: open CTI sessions and their monitors' cross-reference ids. */
    readonly ctiSessions?: () => ReadonlyArray<{
      readonly id: number;
      readonly user: string;
      readonly dn: string;
      readonly client: string;
      readonly monitors: readonly string[];
    }>;
    /** A CUCM cluster now: services, CTIManagers' providers, CTI gateways' sessions (live-state-of.ts). */
    readonly cucm?: () => CucmLive;
    /** The ACD nodes now: agents, skill groups, CTI Server sides and their clients (live-state-of.ts). */
    readonly acd?: () => AcdLive;
  }>;
}

export interface LabStartOptions {
  /** Write the lab's captures (pcap) into this directory. */
  readonly captureDir?: string;
  /**
   * Process runtime: start every child with `--dashboard` (an ephemeral port on 127.0.0.1) and
   * keep the URL each prints (`dashboards()`); the runtime opens no page itself (bin/ does).
   */
  readonly dashboards?: boolean;
}

/** One child's dashboard (process runtime): its URL and whether its process runs now. */
export interface ChildDashboard {
  readonly name: string;
  readonly kind: string;
  readonly state: 'up' | 'down' | 'paused';
  readonly url: string | null;
}

export interface LabRuntime {
  readonly kind: RuntimeKind;
  /** Starts the nodes, waits for each to be ready, then starts the phones. On failure stops what it started. */
  start(topology: LoadedTopology, options?: LabStartOptions): Promise<RunningLab>;
}
