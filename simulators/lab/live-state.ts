/**
 * What a live view (the dashboard) reads of a CUCM cluster and of an ACD lab: plain values, a
 * snapshot taken when asked. The runtime or the CLI builds them from the nodes
 * (runtime/live-state-of.ts) and hands over a function that returns them, so the view knows no
 * node. Fields that change with time alone (durations, waits) are left out: two snapshots differ
 * only when the lab changed.
 */

/** A server of a CUCM cluster and its two services ('none': the server does not run it). */
export interface CucmServerLive {
  readonly name: string;
  readonly role: string;
  readonly callManager: 'up' | 'down' | 'none';
  readonly ctiManager: 'up' | 'down' | 'none';
  /** Phones registered with this node now. */
  readonly phones: number;
}

/** A CTIManager: its application connections (providers) and the devices each has open. */
export interface CtiManagerLive {
  readonly node: string;
  readonly up: boolean;
  readonly maxDevicesPerProvider: number;
  readonly maxDevicesPerNode: number;
  /** Devices open on the node, over all providers. */
  readonly openDevices: number;
  readonly providers: ReadonlyArray<{
    readonly id: number;
    readonly user: string;
    readonly devices: readonly string[];
  }>;
}

/** A CTI gateway (TR/87) and its open sessions with their monitors. */
export interface CtiGatewayLive {
  readonly name: string;
  readonly up: boolean;
  readonly sessions: ReadonlyArray<{
    readonly id: number;
    readonly user: string;
    /** The CTIManager serving the session. */
    readonly ctiManager: string;
    readonly transport: string;
    /** The monitored devices (DNs) of the session. */
    readonly monitors: readonly string[];
  }>;
}

export interface CucmLive {
  readonly servers: readonly CucmServerLive[];
  readonly ctiManagers: readonly CtiManagerLive[];
  readonly gateways: readonly CtiGatewayLive[];
}

/** An agent of an ACD peripheral. */
export interface AcdAgentLive {
  readonly id: string;
  readonly name: string;
  readonly extension: string;
  readonly state: string;
  readonly reasonCode: number;
  /** Clock time (ms) the agent entered the state. */
  readonly stateSince: number;
  readonly skillGroups: readonly string[];
  /** The ACD call the agent has, if any. */
  readonly callId: number | null;
}

export interface SkillGroupLive {
  readonly name: string;
  readonly number: number;
  readonly id: number;
  readonly members: number;
  /** Members in state AVAILABLE in this group. */
  readonly available: number;
  /** Calls waiting in the group's queue. */
  readonly queued: number;
}

/** A CTI client session on a CTI Server side (GED-188 OPEN_REQ grant). */
export interface CtiClientLive {
  readonly session: number;
  readonly state: string;
  readonly clientID: string | null;
  readonly agentID: string | null;
  readonly version: number | null;
  readonly servicesGranted: number | null;
  readonly callMsgMask: number | null;
  readonly agentStateMask: number | null;
}

export interface CtiServerSideLive {
  readonly side: 'A' | 'B';
  readonly active: boolean;
  readonly listening: boolean;
  readonly port: number;
  readonly clients: readonly CtiClientLive[];
}

/** One ACD node: its peripheral's agents and skill groups, its duplexed CTI Server. */
export interface AcdNodeLive {
  readonly node: string;
  readonly peripheralId: number;
  readonly peripheralType: string;
  readonly agents: readonly AcdAgentLive[];
  readonly skillGroups: readonly SkillGroupLive[];
  readonly activeSide: 'A' | 'B';
  readonly sides: readonly CtiServerSideLive[];
}

export interface AcdLive {
  readonly nodes: readonly AcdNodeLive[];
}
