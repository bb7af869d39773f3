/**
 * What the CTI Server needs from "the peripheral" (the ACD behind it): the narrow port the
 * simulated ACD (simulators/acd/, issue 11) implements. The server keeps only sessions; every
 * state that must survive a failover of the duplexed server (calls, call data, agent states)
 * lives behind this port — Cisco "CTI Planning", "CTI Server Fault Tolerance": "The call's CTI
 * client history list and any updates to call variables remain in effect when the connection is
 * reestablished".
 */
import type { Result } from '../../lab/result.ts';
import type { CtiMessage } from '../wire.ts';

/** The agent identity a workstation (Client Events) client names in OPEN_REQ. */
export interface AgentIdentity {
  readonly agentExtension?: string;
  readonly agentID?: string;
  readonly agentInstrument?: string;
}

/** The agent and device a workstation session is bound to, as the peripheral resolved them. */
export interface AgentScope {
  readonly agentID: string;
  /** Extension and instrument (device ids) of the agent's teleset. */
  readonly devices: readonly string[];
  /** Current AgentState (enums.ts `AgentState`), for OPEN_CONF. */
  readonly agentState: number;
  readonly agentExtension?: string;
  readonly agentInstrument?: string;
}

/** Who asks, for a request the server forwards. */
export interface RequestContext {
  readonly sessionId: number;
  readonly clientID: string;
  /** Set for a workstation (Client Events) session. */
  readonly agent?: AgentScope;
  readonly version: number;
}

/** An event of the peripheral, already built, with what the server needs to route it. */
export interface PeripheralEvent {
  readonly message: CtiMessage;
  /**
   * 'call': needs its `callMsgMask` bit in the session's CallMsgMask; 'agent': needs its
   * `agentStateMask` bit in the session's AgentStateMask; 'system': every open session.
   */
  readonly kind: 'call' | 'agent' | 'system';
  /** The CallMsgMask bit (enums.ts `CallMsgMask`) of a 'call' event. */
  readonly callMsgMask?: number;
  /** The AgentStateMask bit (enums.ts `AgentStateMask`) of an 'agent' event. */
  readonly agentStateMask?: number;
  /** Agents the event concerns (a workstation session receives it when its agent is one). */
  readonly agentIDs?: readonly string[];
  /** Devices the event concerns (a workstation session receives it when its device is one). */
  readonly devices?: readonly string[];
  /**
   * For CLIENT_EVENTS (workstation) sessions only: e.g. the BEGIN_CALL_EVENT a workstation gets
   * when a call the CTI Bridges already know reaches its agent's teleset ("CTI Planning", "Agent
   * Workstation Application": the workstation is told of the calls of its own teleset).
   */
  readonly clientEventsOnly?: boolean;
}

export interface CtiPeripheral {
  readonly peripheralID: number;
  /** PeripheralType (enums.ts `PeripheralType`). */
  readonly peripheralType: number;
  /** Names of the requests (e.g. 'ANSWER_CALL_REQ') this peripheral type implements. */
  readonly supportedRequests: ReadonlySet<string>;
  /** PGStatus bits (enums.ts `PGStatus`), 0 = normal. */
  pgStatus(): number;
  online(): boolean;
  /**
   * The agent a workstation session names. A refusal carries the E_CTI_* Status for the
   * FAILURE_CONF (e.g. E_CTI_INVALID_AGENT_DATA, E_CTI_INCONSISTENT_AGENT_DATA).
   */
  resolveAgent(identity: AgentIdentity): Result<AgentScope, number>;
  /**
   * The devices and agent a request acts on, when it names one (AgentInstrument,
   * ConnectionDeviceID, AgentID, ...): a workstation may act only on its own.
   */
  requestTargets(request: CtiMessage): {
    readonly agentIDs: readonly string[];
    readonly devices: readonly string[];
  };
  /** Answers a request: its CONF, a FAILURE_CONF or a CONTROL_FAILURE_CONF (same InvokeID). */
  handleRequest(request: CtiMessage, context: RequestContext): CtiMessage | Promise<CtiMessage>;
  /**
   * Messages for a session right after its OPEN_CONF (and the ALL_EVENTS SYSTEM_EVENT): e.g. a
   * BEGIN_CALL_EVENT per call in progress on a workstation's device, so a client that reopened
   * after a failover learns its calls again (reference digest §10; there is no replay of events).
   */
  eventsOnOpen?(context: RequestContext): readonly CtiMessage[];
  /** Subscribes to the peripheral's events; returns the unsubscribe function. */
  subscribe(listener: (event: PeripheralEvent) => void): () => void;
}
