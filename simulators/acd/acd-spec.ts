// What the simulated ACD is built from: plain values (simulators/topology/acd-schema.ts parses and
// checks the lab file; nodes read no topology, so the runtime hands these over). Meanings: Cisco
// "CTI Planning" (UCCE CTI planning guide) and the "CTI Server Message Reference Guide"
// (peripheral, agent, skill group, call type, dialed number, translation route, CTI Server sides,
// client models).
import type { PeripheralTypeName } from './acd-codes.ts';

/** An agent of the peripheral: the agent ID and password a desktop logs in with, on an instrument. */
export interface AgentSpec {
  readonly id: string;
  readonly password: string;
  /** The agent's extension / instrument: the DN of an SCCP phone of the lab. */
  readonly extension: string;
  readonly name?: string | undefined;
}

/** A skill group: its peripheral number, its ICM id, its name, and the agents in it. */
export interface SkillGroupSpec {
  readonly number: number;
  readonly id: number;
  readonly name: string;
  /** Agent IDs, in configuration order (the tie-break of the longest-available rule). */
  readonly members: readonly string[];
}

/** A call type (ICM: what a dialed number's calls are reported under). */
export interface CallTypeSpec {
  readonly id: number;
  readonly name: string;
}

/** A dialed number whose calls queue to a skill group. */
export interface DialedNumberSpec {
  readonly number: string;
  /** Skill group name. */
  readonly skillGroup: string;
  /** Call type name (optional). */
  readonly callType?: string | undefined;
}

/**
 * A translation route ("CTI Planning", agent workstation model: "If the transfer or conference
 * involves an agent on another ACD, the call data is provided to the remote CTI client if a
 * translation route is used"): calls sent to `number` arrive on peripheral `peripheralId` with
 * DNIS `dnis` (the route's label there), and the call data travels with them.
 */
export interface TranslationRouteSpec {
  readonly number: string;
  readonly peripheralId: number;
  readonly dnis: string;
}

/** One side (A or B) of the duplexed CTI Server ("CTI Server Fault Tolerance"). */
export interface CtiServerSideSpec {
  readonly host: string;
  readonly port: number;
}

/** Which CTI clients the CTI Server accepts ("CTI Server Client Application Models"). */
export interface CtiClientsSpec {
  /** CTI Bridge clients (All Events): ClientID and password. */
  readonly bridges: readonly { readonly clientId: string; readonly password: string }[];
  /** Agent workstation clients (Client Events): any ClientID with an empty password when true. */
  readonly workstationsAnyId: boolean;
}

/** Agent state rules of the peripheral (CTI Server Message Reference Guide, SET_AGENT_STATE_REQ). */
export interface AgentRulesSpec {
  /** Not ready reason codes the peripheral knows (empty = any 1-65535). */
  readonly notReadyReasonCodes: readonly number[];
  /** Logout reason codes the peripheral knows (empty = any 1-65535). */
  readonly logoutReasonCodes: readonly number[];
  /** A not ready (and logout) request without a reason code is refused (REASON_CODE_REQUIRED). */
  readonly reasonCodeRequired: boolean;
  /** After an ACD call: `required` / `optional` wrap-up (work state), `none` straight on. */
  readonly wrapUp: 'required' | 'optional' | 'none';
  /** Leaving wrap-up needs wrap-up data (WRAPUP_DATA_REQUIRED). */
  readonly wrapUpDataRequired: boolean;
  /** Wrap-up ends by itself after this many seconds (0 = only on request). */
  readonly wrapUpTimeS: number;
  /**
   * Redirection on No Answer: an offered call not answered in this many seconds goes back to the
   * head of its queue and the agent is made Not Ready (0 = never).
   */
  readonly ringNoAnswerS: number;
}

export interface PeripheralSpec {
  readonly id: number;
  readonly type: PeripheralTypeName;
  readonly agents: readonly AgentSpec[];
  readonly skillGroups: readonly SkillGroupSpec[];
  readonly callTypes: readonly CallTypeSpec[];
  readonly dialedNumbers: readonly DialedNumberSpec[];
  readonly agentRules: AgentRulesSpec;
}

/** The lab's SCCP phones of an ACD node (agents' instruments and customers' phones). */
export interface AcdPhoneSpec {
  readonly name: string;
  readonly model: string;
  readonly dn: string;
}

/** One ACD node: a peripheral with its duplexed CTI Server. */
export interface AcdSpec {
  readonly name: string;
  readonly peripheral: PeripheralSpec;
  readonly translationRoutes: readonly TranslationRouteSpec[];
  readonly sides: { readonly a: CtiServerSideSpec; readonly b: CtiServerSideSpec };
  readonly clients: CtiClientsSpec;
  readonly phones: readonly AcdPhoneSpec[];
}

/** The defaults of AgentRulesSpec (the shipped lab's). */
export const DEFAULT_AGENT_RULES: AgentRulesSpec = {
  notReadyReasonCodes: [],
  logoutReasonCodes: [],
  reasonCodeRequired: false,
  wrapUp: 'optional',
  wrapUpDataRequired: false,
  wrapUpTimeS: 0,
  ringNoAnswerS: 0,
};

/** Default CTI Server ports of sides A and B (uccertweb defaults; the PG Setup can override them). */
export const DEFAULT_SIDE_A_PORT = 42027;
export const DEFAULT_SIDE_B_PORT = 43027;
