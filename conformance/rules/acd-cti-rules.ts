import type { CatalogueRule } from './cme-cti-rules.ts';
import { guideRule } from './guide-rule.ts';

/**
 * Rules of the simulated ACD and its CTI Server (issue 11): one per sentence of the "CTI Planning"
 * chapter of Cisco's Unified ICM / Unified CCE planning documentation (the project's ACD seed)
 * that states a behaviour, written as what a CTI Server client observes on the GED-188 protocol
 * (Cisco "CTI Server Message Reference Guide"). Every rule is planned until a scenario of
 * features/acd/ checks it (CHECKED_ACD_RULES).
 */
export const CHECKED_ACD_RULES: ReadonlySet<string> = new Set<string>([
  'ACD-COM-001',
  'ACD-MSG-001',
  'ACD-MSG-002',
  'ACD-MSG-003',
  // The requests half (features/acd/agent-control, third-party-call-control, call-data,
  // peripheral-types).
  ...Array.from({ length: 12 }, (_, i) => `ACD-TPC-${String(i + 1).padStart(3, '0')}`),
  'ACD-MSG-006',
  'ACD-MSG-007',
  'ACD-WS-004',
  'ACD-WS-005',
  'ACD-BR-002',
  'ACD-PER-001',
  'ACD-PER-002',
  // features/acd/call-events.feature, features/acd/call-data-across-agents.feature
  'ACD-SRV-001',
  'ACD-SRV-002',
  'ACD-SRV-003',
  'ACD-WS-001',
  'ACD-WS-002',
  'ACD-WS-003',
  'ACD-WS-006',
  'ACD-WS-007',
  'ACD-BR-001',
  'ACD-MSG-004',
  'ACD-MSG-005',
  // features/failover/acd-duplex-runtimes.feature (the ACD lab on every runtime)
  'ACD-COM-002',
  'ACD-FT-001',
  'ACD-FT-002',
  'ACD-FT-003',
  'ACD-FT-004',
  // features/client-validation/acd-clients.feature (ctilab validate-client, the client role)
  'ACD-MSG-008',
  'ACD-MSG-009',
  'ACD-MSG-010',
  'ACD-MSG-011',
  'ACD-MSG-012',
  'ACD-MSG-013',
  'ACD-TPC-013',
]);

const GUIDE = 'Cisco Unified ICM / Unified CCE, "CTI Planning"';
const MESSAGES = 'Cisco CTI Server Message Reference Guide';

const rule = guideRule(GUIDE, 'acd-cti', CHECKED_ACD_RULES);

/**
 * A client-role rule of the CTI Server communications the planning guide describes, whose
 * precise obligation is in a section of the message guide (the CTI client's side of it).
 */
const clientRule = (id: string, statement: string, section: string, heading = COMMS): CatalogueRule =>
  rule(id, statement, heading, 'client', `${MESSAGES} (Protocol Version 15), ${section}`);

const SERVER = 'CTI Server';
const COMMS = 'CTI Server Communications';
const FAULT = 'CTI Server Fault Tolerance';
const WORKSTATION = 'Agent Workstation Application';
const BRIDGE = 'CTI Bridge Application';
const PORT = 'Well-Known Port for CTI Server';
const CLIENT_FAILOVER = 'Fail-over Strategy for CTI Clients';
const MESSAGE_CATEGORIES = 'CTI Server Messages';
const TPCC = 'Third-Party Call Control';
const ACD_SUPPORT = 'ACD Support for Client and Third-Party Call Control';

export const acdCtiRules: readonly CatalogueRule[] = [
  // ------------------------------------------------------------------ the CTI Server
  rule(
    'ACD-SRV-001',
    'The CTI Server forwards a pre-route indication while a call is still in the network (before it reaches an agent or VRU): a CTI Bridge client gets the caller (ANI) and the other call attributes (DNIS, dialed number, call variables) before any CALL_DELIVERED_EVENT of that call.',
    SERVER,
  ),
  rule(
    'ACD-SRV-002',
    'The CTI Server reports call events and agent state changes at each stage of the call flow, from the call arriving at the ACD until the caller hangs up: BEGIN_CALL_EVENT, CALL_DELIVERED_EVENT, CALL_ESTABLISHED_EVENT, CALL_CLEARED_EVENT, END_CALL_EVENT in that order, with AGENT_STATE_EVENTs of the answering agent between them.',
    SERVER,
  ),
  rule(
    'ACD-SRV-003',
    "In a desktop environment the call's events reach the targeted agent's workstation client when the call is delivered: the workstation gets CALL_DELIVERED_EVENT (with the call data) no later than the agent's phone rings.",
    SERVER,
  ),
  rule(
    'ACD-COM-001',
    'The CTI Server serves its clients over TCP/IP: a client connects with TCP to the side it was given and opens a session with OPEN_REQ; everything else on the connection before OPEN_CONF is answered FAILURE_CONF (E_CTI_SESSION_NOT_OPEN) or, for bytes that are no message, the connection is closed.',
    COMMS,
    'server',
    `${MESSAGES}, "Session Management"`,
  ),
  rule(
    'ACD-COM-002',
    "The CTI Server listens on a well-known port per side (defaults 42027 for side A and 43027 for side B), which the lab's topology can override; a client that knows the port reaches it.",
    PORT,
  ),
  // ------------------------------------------------------------------ fault tolerance
  rule(
    'ACD-FT-001',
    'A duplexed CTI Server runs on two sides: only the active side accepts sessions; the standby side answers OPEN_REQ with FAILURE_CONF E_CTI_SERVER_NOT_MASTER.',
    FAULT,
  ),
  rule(
    'ACD-FT-002',
    'When a client connection fails (the active side dies, or the connection is lost), the client re-establishes a session on either side of the duplexed CTI Server: the side still alive answers its OPEN_REQ with OPEN_CONF.',
    FAULT,
    'client',
  ),
  rule(
    'ACD-FT-003',
    "The call's CTI client history and every call variable update remain in effect when the connection is re-established: after a failover, the call data (call variables, ECC variables) of a call in progress reads back as the client last set it, on the other side.",
    FAULT,
  ),
  rule(
    'ACD-FT-004',
    'Each CTI client has a path to a local and a remote CTI Server for fail-over: a client given both sides alternates between them until a session opens.',
    CLIENT_FAILOVER,
    'client',
  ),
  // ------------------------------------------------------------------ client models
  rule(
    'ACD-WS-001',
    "An agent workstation client (CLIENT_EVENTS) gets the call data and call events of its own agent's teleset only: no event of another agent's calls reaches it.",
    WORKSTATION,
  ),
  rule(
    'ACD-WS-002',
    "An agent workstation client gets its agent's state changes (AGENT_STATE_EVENT) when its AgentStateMask asks for them, and none the mask leaves out.",
    WORKSTATION,
  ),
  rule(
    'ACD-WS-003',
    'When an incoming call is offered to the agent, the workstation is told with the call data the ACD collected (ANI, DNIS, call variables) in time to pop the caller on screen as the call connects.',
    WORKSTATION,
  ),
  rule(
    'ACD-WS-004',
    'While handling the call the agent updates call data (SET_CALL_DATA_REQ): the update is kept, acknowledged with SET_CALL_DATA_CONF, and reported to the other clients of the call (CALL_DATA_UPDATE_EVENT).',
    WORKSTATION,
  ),
  rule(
    'ACD-WS-005',
    "On completion of the call the agent adds wrap-up data, which is written to the call's termination call detail record (kept by the lab and shown in its reports).",
    WORKSTATION,
  ),
  rule(
    'ACD-WS-006',
    "When the agent transfers or conferences the call to another agent on the same ACD, that agent's workstation client receives the call data including the first agent's updates.",
    WORKSTATION,
  ),
  rule(
    'ACD-WS-007',
    "When the transfer or conference reaches an agent on another ACD, the call data reaches that agent's client only through a translation route: without one, the remote client gets the call without the data.",
    WORKSTATION,
  ),
  rule(
    'ACD-BR-001',
    'A CTI Bridge client (ALL_EVENTS) gets every call and agent state event that occurs on the peripheral, including the events of calls before an agent is chosen (queued, translation route).',
    BRIDGE,
  ),
  rule(
    'ACD-BR-002',
    'Everything an agent workstation client may do is available to a CTI Bridge client too (call data, wrap-up, agent state and call control), for any agent of the peripheral.',
    BRIDGE,
  ),
  // ------------------------------------------------------------------ message categories
  rule(
    'ACD-MSG-001',
    'Every CTI Server message has the common header (MessageLength, MessageType) and uses the same data types; a message whose length is impossible ends the connection, one with an unknown type is answered FAILURE_CONF (E_CTI_INVALID_MESSAGE_TYPE) and the session goes on.',
    MESSAGE_CATEGORIES,
    'server',
    `${MESSAGES}, "Message Format"`,
  ),
  rule(
    'ACD-MSG-002',
    'Session management: OPEN_REQ opens a session (OPEN_CONF, or FAILURE_CONF with the precise status for a bad version, timeout, service mask, peripheral, password or missing data); HEARTBEAT_REQ is answered at once; CLOSE_REQ gets CLOSE_CONF; a session idle longer than its IdleTimeout is reset by the server.',
    MESSAGE_CATEGORIES,
    'server',
    `${MESSAGES}, "Session Management"`,
  ),
  rule(
    'ACD-MSG-003',
    'Miscellaneous messages report system-level events of the PG: the peripheral going offline and online, and the loss and return of the central controller, as SYSTEM_EVENT (and PGStatus in OPEN_CONF).',
    MESSAGE_CATEGORIES,
  ),
  rule(
    'ACD-MSG-004',
    'Call events report call state changes, each filtered by the session CallMsgMask: a client gets exactly the call events whose bit its mask sets.',
    MESSAGE_CATEGORIES,
  ),
  rule(
    'ACD-MSG-005',
    'Agent events report agent state changes, filtered by the session AgentStateMask (HOLD is bit 9, not its state value 10).',
    MESSAGE_CATEGORIES,
  ),
  rule(
    'ACD-MSG-006',
    'Call data update messages carry a CTI client’s changes to call data: SET_CALL_DATA_REQ changes ANI, DNIS, user-to-user information, CED, call variables and ECC variables, and CALL_DATA_UPDATE_EVENT tells the clients with CALL_DATA_UPDATE service.',
    MESSAGE_CATEGORIES,
  ),
  rule(
    'ACD-MSG-007',
    'Client control messages control agent state (sign-in, sign-out) and inbound and outbound calls; a request the session was not granted CLIENT_CONTROL for is refused with FAILURE_CONF.',
    MESSAGE_CATEGORIES,
  ),
  // ------------------------------------------------------------------ client obligations (validate-client)
  clientRule(
    'ACD-MSG-008',
    'A CTI client’s first message on every connection it opens to a CTI Server side is OPEN_REQ.',
    '"Session Management" > "Session Initialization"',
  ),
  clientRule(
    'ACD-MSG-009',
    'A CTI client sends no request but OPEN_REQ on a connection until the OPEN_CONF of that connection has arrived.',
    '"Session Management" > "Session Initialization"',
  ),
  clientRule(
    'ACD-MSG-010',
    'A CTI client that asks for an IdleTimeout keeps its session alive: while it has nothing else to send it sends HEARTBEAT_REQ once every heartbeat interval it is configured with (the lab grades gaps of at most twice that interval), so the server never goes IdleTimeout seconds without a message from it.',
    '"Session Management" > "Session Maintenance"; chapter 2 "CTI Client Application Guidelines" > "Heartbeat Messages"',
  ),
  clientRule(
    'ACD-MSG-011',
    'A CTI client gives each request an InvokeID that no other request of the same connection still awaiting its confirmation carries (the InvokeID is returned in the corresponding confirm message).',
    'chapter 3 "Message Format" > "Invoke IDs"; "Session Management" > "Session Initialization" (OPEN_REQ InvokeID)',
  ),
  clientRule(
    'ACD-MSG-012',
    'A CTI client asked to end its session sends CLOSE_REQ on it (the server answers CLOSE_CONF and ends the connection) instead of dropping the connection.',
    '"Session Management" > "Session Termination"',
  ),
  clientRule(
    'ACD-MSG-013',
    'A CTI client takes FAILURE_CONF or CONTROL_FAILURE_CONF as the final answer to its request: within 5 s of the refusal it sends the identical request (same message type and fields, any InvokeID) at most once more (no retry storm).',
    'chapter 6 "Failure Indication Message Status Codes"; chapter 5 "Client Control Service" ("ControlFailureCode Values")',
    MESSAGE_CATEGORIES,
  ),
  rule(
    'ACD-TPC-001',
    'Third-party call control: a CTI client with no physical link to the teleset controls it through the CTI Server; the request moves the call exactly as the same action on the phone does, with the same events.',
    TPCC,
  ),
  rule(
    'ACD-TPC-002',
    "A CTI Bridge client can control any teleset of the ACD; an agent workstation client only its own agent's teleset (another agent's device: FAILURE_CONF).",
    TPCC,
  ),
  rule(
    'ACD-TPC-003',
    'Answer and hang up: ANSWER_CALL_REQ answers a ringing call at the agent device, CLEAR_CONNECTION_REQ hangs it up (CLEAR_CALL_REQ releases every party); RELEASE_CALL_REQ only ends the client’s call data updates and does not disconnect the call (guide: "This message does not disconnect the call").',
    TPCC,
  ),
  rule(
    'ACD-TPC-004',
    'Agent login and wrap-up data: SET_AGENT_STATE_REQ logs an agent in with its password (a wrong one is refused), makes it ready or not ready with a reason code, logs it out; wrap-up data is set for the call.',
    TPCC,
  ),
  rule(
    'ACD-TPC-005',
    'Consultative and blind conference: CONSULTATION_CALL_REQ then CONFERENCE_CALL_REQ joins the parties; a blind conference joins without waiting for the answer; CALL_CONFERENCED_EVENT reports it.',
    TPCC,
  ),
  rule(
    'ACD-TPC-006',
    'Consultative and blind transfer: CONSULTATION_CALL_REQ then TRANSFER_CALL_REQ, or a blind transfer at once; CALL_TRANSFERRED_EVENT reports it and the call data follows the call.',
    TPCC,
  ),
  rule('ACD-TPC-007', 'Generate DTMF tones: SEND_DTMF_SIGNAL_REQ sends the digits on the call.', TPCC),
  rule(
    'ACD-TPC-008',
    'Get and set agent states: QUERY_AGENT_STATE_REQ answers the agent state; SET_AGENT_STATE_REQ changes it when the state machine allows the change, else it is refused with the precise failure.',
    TPCC,
  ),
  rule(
    'ACD-TPC-009',
    'Get and set ICM call data: ANI, DNIS, CED, user-to-user information, call variables 1-10 and ECC variables are read from the call events and snapshots and set with SET_CALL_DATA_REQ.',
    TPCC,
  ),
  rule(
    'ACD-TPC-010',
    'Hold, unhold and swap hold: HOLD_CALL_REQ, RETRIEVE_CALL_REQ and ALTERNATE_CALL_REQ, reported by CALL_HELD_EVENT and CALL_RETRIEVED_EVENT.',
    TPCC,
  ),
  rule(
    'ACD-TPC-011',
    'Make a call: MAKE_CALL_REQ places a call from the agent device to the dialed number.',
    TPCC,
  ),
  rule(
    'ACD-TPC-013',
    'An agent workstation client whose agent is logged out logs it in (SET_AGENT_STATE_REQ with AgentState LOGIN) before it sends any other SET_AGENT_STATE_REQ or call control request for that agent.',
    TPCC,
    'client',
    `${MESSAGES}, "Client Control Service" > "SET_AGENT_STATE_REQ"`,
  ),
  rule(
    'ACD-TPC-012',
    'Redirect: DEFLECT_CALL_REQ (redirect) sends a ringing call at the agent device elsewhere, reported by CALL_DIVERTED_EVENT.',
    TPCC,
  ),
  // ------------------------------------------------------------------ peripheral types
  rule(
    'ACD-PER-001',
    'Peripheral types implement different sets of client control requests and call events: a request the peripheral type does not support is refused with FAILURE_CONF (E_CTI_FUNCTION_NOT_AVAILABLE) and an event type it does not produce never comes.',
    ACD_SUPPORT,
  ),
  rule(
    'ACD-PER-002',
    'Most, but not all, ACDs support third-party call control: on a peripheral type without it every call control request is refused and events still flow.',
    TPCC,
  ),
];
