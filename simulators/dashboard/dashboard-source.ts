/**
 * What the dashboard reads and acts on: a lab's phones and nodes as objects of this process. The
 * lab runtime hands them over (runtime/lab-runtime.ts `LabParts` has this shape); the dashboard
 * knows no node and no runtime, only the phone, the call model, the observation stream and the
 * plain snapshots of lab/live-state.ts (a CUCM cluster, ACD nodes) the runtime or the CLI builds.
 */
import type { CallModel } from '../calls/call-model.ts';
import type { AcdLive, CucmLive } from '../lab/live-state.ts';
import type { ObservationStream } from '../lab/observation.ts';
import type { SccpPhone } from '../phone/phone.ts';

export interface DashboardCtiSession {
  readonly id: number;
  readonly user: string;
  readonly dn: string;
  readonly client: string;
  /** monitorCrossRefIDs of the session's monitors. */
  readonly monitors: readonly string[];
}

export interface DashboardNode {
  readonly name: string;
  readonly kind: string;
  readonly observations: ObservationStream;
  readonly callModel?: CallModel;
  readonly ctiSessions?: () => readonly DashboardCtiSession[];
  /** A CUCM cluster: its servers' services, CTIManagers' providers, CTI gateways' TR/87 sessions. */
  readonly cucm?: () => CucmLive;
  /** ACD nodes: agents, skill groups, the duplexed CTI Server's sides and their CTI clients. */
  readonly acd?: () => AcdLive;
}

export interface DashboardSource {
  readonly lab: string;
  readonly phoneGroups: ReadonlyArray<{ readonly group: string; readonly phones: readonly SccpPhone[] }>;
  readonly nodes: readonly DashboardNode[];
}
