// The ACD part of a lab topology (issue 11): one node of kind `acd` is a peripheral (PeripheralID,
// peripheral type) with its agents, skill groups, call types, dialed numbers and translation
// routes, the duplexed CTI Server that serves it (sides A and B), the CTI clients it accepts, and
// the SCCP phones of the agents and the customers. Sources: Cisco "CTI Planning" (UCCE CTI planning guide: "CTI
// Server Fault Tolerance", "CTI Server Client Application Models", "Well-Known Port for CTI
// Server") and the "CTI Server Message Reference Guide" (PeripheralType values, agent state
// reason codes, field sizes). The simulator's plain types are simulators/acd/acd-spec.ts (nodes
// read no topology: acd-topology.ts hands the values over).
import * as z from 'zod';
import { NAME, PORT } from './cucm-schema.ts';

/** PeripheralType names (CTI Server Message Reference Guide "PeripheralType Values"). */
export const ACD_PERIPHERAL_TYPES = [
  'ENTERPRISE_AGENT',
  'ASPECT',
  'MERIDIAN',
  'DEFINITY_ECS_EAS',
  'VRU',
  'GENERIC',
] as const;

const DN = z.string().regex(/^[0-9*#+]{1,24}$/, 'a directory number is digits, *, # or +');
/** AgentID: STRING[12] on the wire (11 characters). */
const AGENT_ID = z.string().regex(/^[0-9A-Za-z]{1,11}$/, 'an agent ID is 1-11 letters or digits');
const REASON_CODE = z.number().int().min(1).max(65535);

const AGENT = z.strictObject({
  id: AGENT_ID,
  /** AgentPassword STRING[64]. */
  password: z.string().max(63),
  /** The agent's extension / instrument: the DN of one of the node's phones. */
  extension: DN,
  name: z.string().min(1).optional(),
});

const SKILL_GROUP = z.strictObject({
  /** SkillGroupNumber: the peripheral's number for it. */
  number: z.number().int().min(0).max(0xfffffffe),
  /** SkillGroupID: the ICM's id for it. */
  id: z.number().int().min(0).max(0xfffffffe),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_. -]{1,32}$/, 'a skill group name is 1-32 letters, digits, "_", ".", "-" or spaces'),
  members: z.array(AGENT_ID).default([]),
});

const CALL_TYPE = z.strictObject({
  id: z.number().int().min(0),
  name: z.string().min(1).max(32),
});

const DIALED_NUMBER = z.strictObject({
  number: DN,
  skillGroup: z.string().min(1),
  callType: z.string().min(1).optional(),
});

const TRANSLATION_ROUTE = z.strictObject({
  /** The number a call is sent to on this peripheral. */
  number: DN,
  /** The peripheral (this or another acd node's) where the call arrives. */
  peripheralId: z.number().int().min(0),
  /** The DNIS it arrives with there: a dialed number of that peripheral. */
  dnis: DN,
});

const AGENT_RULES = z.strictObject({
  notReadyReasonCodes: z.array(REASON_CODE).default([]),
  logoutReasonCodes: z.array(REASON_CODE).default([]),
  reasonCodeRequired: z.boolean().default(false),
  wrapUp: z.enum(['required', 'optional', 'none']).default('optional'),
  wrapUpDataRequired: z.boolean().default(false),
  wrapUpTimeS: z.number().int().min(0).max(7200).default(0),
  /** Redirection on No Answer after this many seconds of ringing (0 = off). */
  ringNoAnswerS: z.number().int().min(0).max(3600).default(0),
});

const PERIPHERAL = z.strictObject({
  /** PeripheralID (u32; 0xFFFFFFFF is "none"). */
  id: z.number().int().min(0).max(0xfffffffe),
  type: z.enum(ACD_PERIPHERAL_TYPES).default('ENTERPRISE_AGENT'),
  agents: z.array(AGENT).default([]),
  skillGroups: z.array(SKILL_GROUP).default([]),
  callTypes: z.array(CALL_TYPE).default([]),
  dialedNumbers: z.array(DIALED_NUMBER).default([]),
  agentRules: AGENT_RULES.default({
    notReadyReasonCodes: [],
    logoutReasonCodes: [],
    reasonCodeRequired: false,
    wrapUp: 'optional',
    wrapUpDataRequired: false,
    wrapUpTimeS: 0,
    ringNoAnswerS: 0,
  }),
});

const HOST = z.string().min(1).default('127.0.0.1');

/** The CTI clients the server accepts ("CTI Server Client Application Models"). */
const CLIENTS = z.strictObject({
  /** CTI Bridge clients (All Events). */
  bridges: z
    .array(z.strictObject({ clientId: z.string().min(1).max(63), password: z.string().max(63).default('') }))
    .default([]),
  /** Agent workstation clients (Client Events): any ClientID, empty password. */
  workstations: z.strictObject({ anyClientId: z.boolean().default(true) }).default({ anyClientId: true }),
});

const PHONE = z.strictObject({
  name: z.string().regex(/^SEP[0-9A-F]{12}$/, 'an SCCP phone is SEP and 12 upper-case hex digits'),
  model: z.string().min(1).default('7961'),
  dn: DN,
});

export const ACD_NODE = z.strictObject({
  kind: z.literal('acd'),
  name: NAME,
  peripheral: PERIPHERAL,
  translationRoutes: z.array(TRANSLATION_ROUTE).default([]),
  /** The duplexed CTI Server: side A and side B ("CTI Server Fault Tolerance"). */
  sides: z
    .strictObject({
      a: z
        .strictObject({ host: HOST, port: PORT.default(42027) })
        .default({ host: '127.0.0.1', port: 42027 }),
      b: z
        .strictObject({ host: HOST, port: PORT.default(43027) })
        .default({ host: '127.0.0.1', port: 43027 }),
    })
    .default({ a: { host: '127.0.0.1', port: 42027 }, b: { host: '127.0.0.1', port: 43027 } }),
  clients: CLIENTS.default({ bridges: [], workstations: { anyClientId: true } }),
  /** The SCCP phones of the ACD's agents and customers. */
  phones: z.array(PHONE).default([]),
  /** The phones' SCCP port (0 or absent: ephemeral / 2000). */
  ports: z.strictObject({ sccp: PORT.optional() }).optional(),
});

export type AcdNode = z.infer<typeof ACD_NODE>;
