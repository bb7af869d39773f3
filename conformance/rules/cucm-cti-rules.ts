import type { CatalogueRule } from './cme-cti-rules.ts';
import { guideRule } from './guide-rule.ts';

/**
 * Rules of the simulated CUCM cluster's CTI (issue 10): one per sentence of the chapter "Configure
 * CTI Applications" of Cisco's System Configuration Guide for Cisco Unified Communications Manager
 * (the project's CUCM seed) that states a behaviour, written as what a client observes. Where the
 * chapter leaves the observable open, Cisco's JTAPI and TAPI developers guides (section named in
 * the rule's source) and the RFCs named in the statement fill it in.
 *
 * How the lab shows CUCM's CTI (issue 10): a TR/87 client (SIP + ECMA-323) talks to the CTI gateway,
 * which maps its session to an application connection on a CTIManager. Choices of ours, made once
 * here so every scenario expects the same thing:
 * - a device the user may not use: CSTA error operation `privilegeViolationSpecifiedDevice` (as the
 *   CME's `cti watch` refusal, simulators/cme/cti/cti-errors.ts);
 * - a device that cannot be opened or controlled because it is registered nowhere (yet):
 *   systemResourceAvailibility `deviceOutOfService`;
 * - a device going away and coming back: ECMA-323 `OutOfServiceEvent`, then `BackInServiceEvent`
 *   (JTAPI's out-of-service / in-service events, JTAPI Developers Guide "CTIManager Failure");
 * - the application heartbeat of a TR/87 session is its session refresh: the heartbeat interval is
 *   half its Session-Expires, since the refresher refreshes at half the interval (RFC 4028 §10) and
 *   the session ends once a whole Session-Expires (two heartbeat intervals) passed without one.
 *
 * A rule is `planned` until a scenario checks it (CHECKED_CUCM_RULES below).
 */
const GUIDE = 'Cisco Unified CM System Configuration Guide, "Configure CTI Applications"';

/**
 * Rules a scenario checks (features/cucm, features/permissions, features/failover): their
 * `planned` mark is dropped. Every CUCM rule of the catalogue is in it now; a new rule stays
 * planned until a scenario checks it.
 */
export const CHECKED_CUCM_RULES: ReadonlySet<string> = new Set([
  'CUCM-ACG-001',
  'CUCM-ACG-002',
  'CUCM-ACG-003',
  'CUCM-ACG-004',
  'CUCM-ACG-005',
  'CUCM-ACG-006',
  'CUCM-ACG-007',
  'CUCM-ACG-008',
  'CUCM-ACG-009',
  'CUCM-ACG-010',
  'CUCM-ACG-011',
  'CUCM-ACG-012',
  'CUCM-ACG-013',
  'CUCM-ACG-014',
  'CUCM-APP-001',
  'CUCM-APP-002',
  'CUCM-APP-003',
  'CUCM-CFG-001',
  'CUCM-CFG-002',
  'CUCM-CFG-003',
  'CUCM-CFG-004',
  'CUCM-CFG-005',
  'CUCM-CFG-006',
  'CUCM-HB-001',
  'CUCM-HB-002',
  'CUCM-HB-003',
  'CUCM-LIMIT-001',
  'CUCM-LIMIT-002',
  'CUCM-LIMIT-003',
  'CUCM-LIMIT-004',
  'CUCM-LIMIT-005',
  'CUCM-LIMIT-006',
  'CUCM-LIMIT-007',
  'CUCM-RED-001',
  'CUCM-RED-002',
  'CUCM-RED-003',
  'CUCM-RED-004',
  'CUCM-RED-005',
  'CUCM-RED-006',
  'CUCM-RED-007',
  'CUCM-RED-008',
  'CUCM-RED-009',
  'CUCM-RED-010',
  'CUCM-RED-011',
  'CUCM-RED-012',
  'CUCM-RED-013',
  'CUCM-RED-014',
  'CUCM-RED-015',
  'CUCM-RP-001',
  'CUCM-RP-002',
  'CUCM-RP-003',
  'CUCM-RP-004',
  'CUCM-RP-005',
  'CUCM-RP-006',
  'CUCM-RP-007',
  'CUCM-RP-008',
  'CUCM-RP-009',
  'CUCM-RP-010',
  'CUCM-RP-011',
  'CUCM-RP-012',
  'CUCM-RP-013',
  'CUCM-RP-014',
  'CUCM-RP-015',
]);
const JTAPI = 'Cisco Unified JTAPI Developers Guide for Cisco Unified Communications Manager';
const TAPI = 'Cisco Unified TAPI Developers Guide for Cisco Unified Communications Manager';

const rule = guideRule(GUIDE, 'cucm-cti', CHECKED_CUCM_RULES);

const OVERVIEW = 'CTI Applications Overview';
const PREREQ = 'CTI Applications Prerequisites';
const ACTIVATE = 'Activate the CTIManager Service';
const ASSOCIATE = 'Associate Devices with Groups';
const ADD_USERS = 'Add End Users and Application Users';
const ACG = 'Access Control Group Configuration Options';
const RP = 'CTI Route Points Overview';
const RP_FLOW = 'Configure CTI Route Points Task Flow';
const NCAT = 'Configure New Call Accept Timer';
const SIMULTANEOUS = 'Configure Simultaneous Active Calls';
const SYNC = 'Synchronize CTI Route Point';
const DEVICE_DN = 'Configure CTI Device Directory Number';
const PARAMS = 'Configure CTIManager and Cisco Unified Communications Manager Service Parameters';
const HEARTBEAT = 'Configure CTI Redundancy for Application Failure';
const RED_CM = 'CTI Redundancy on Cisco Unified Communications Manager';
const RED_CTIM = 'CTI Redundancy on CTIManager';
const RED_APP = 'CTI Redundancy for Application Failure';

export const cucmCtiRules: CatalogueRule[] = [
  // ------------------------------------------------------------------ overview
  rule(
    'CUCM-APP-001',
    "A call offered to a monitored CTI device tells the application who calls: the DeliveredEvent's callingDevice is the calling line's directory number (caller ID for a database look-up).",
    OVERVIEW,
  ),
  rule(
    'CUCM-APP-002',
    'An application terminating media at a route point gives the media address and port per call (lab stand-in for CTIQBE media registration: ECMA-323 private data `<media xmlns="urn:ctilab:cucm" address port/>` in AnswerCall): the calling SCCP phone is sent OpenReceiveChannel, then StartMediaTransmission to exactly the address and port given for that call; two calls answered at one route point with different addresses each stream to their own; an AnswerCall at a route point with no static media and no media for the call is refused with operation requestIncompatibleWithMedia, one whose media is no IPv4/IPv6 literal and UDP port 1-65535 with operation invalidParameterValue, and the call keeps alerting.',
    RP,
    'server',
    'Cisco Unified TAPI Developers Guide, "Dynamic Port Registration" (a feature invoked before the IP address and UDP port are set fails)',
  ),
  rule(
    'CUCM-APP-003',
    "Media terminates on CTI ports and route points at a static address and port (the topology's `media` of the device, used for every call answered without media of its own) or a dynamic one (given per call in AnswerCall private data, which wins over the static one): either way the calling SCCP phone is sent StartMediaTransmission to that address and port; a CTI port without static media answers only with media for the call (else operation requestIncompatibleWithMedia).",
    RP,
  ),
  // ------------------------------------------------------------------ configuration and prerequisites
  rule(
    'CUCM-CFG-001',
    '`serve cucm` runs a CTIManager on exactly the nodes whose topology activates the Cisco CTIManager service, reports those nodes, and the CTI gateway never maps a session to any other node.',
    ACTIVATE,
  ),
  rule(
    'CUCM-CFG-002',
    'A topology whose phone, CTI port or CTI route point names no device pool, or an undefined one, is refused at load with an error naming the device; nothing is served.',
    PREREQ,
  ),
  rule(
    'CUCM-CFG-003',
    'Only configured devices can be opened: MonitorStart or a request naming a device that is no configured phone, CTI port or route point line is refused with operation invalidDeviceID.',
    PREREQ,
  ),
  rule(
    'CUCM-CFG-004',
    'End users and application users open TR/87 sessions with their own password (SIP digest, RFC 3261 / RFC 7616, MD5 or SHA-256): an INVITE without credentials is challenged with 401 and WWW-Authenticate; one for a name that is neither kind of user, or with a wrong password, is challenged again with 401 (RFC 3261 §22.2: credentials the server does not accept are answered as if none were given) and opens no session.',
    PREREQ,
  ),
  rule(
    'CUCM-CFG-005',
    "IP address information keeps its family: the EstablishedEvent of a call answered at a route point or CTI port carries the calling phone's RTP receive address from its OpenReceiveChannelAck (lab private data `<media address port/>`, standing in for CTIQBE), an IPv6 one as IPv6 and an IPv4 one as IPv4; IPv6 media is sent to a phone in the IPv6 field of StartMediaTransmission (SCCP version 17+ ipv4or6: type 1 and 16 bytes), IPv4 media in the IPv4 field, and an answer with IPv6 media for a phone below version 17 is refused with operation requestIncompatibleWithMedia.",
    PREREQ,
  ),
  rule(
    'CUCM-CFG-006',
    "Every phone and CTI device is served through its device pool's CM group: it registers (and a CTIManager opens it) on the first reachable node of that ordered list, never on a node outside it.",
    ASSOCIATE,
  ),
  // ------------------------------------------------------------------ access control groups
  rule(
    'CUCM-ACG-001',
    'A user outside Standard CTI Enabled cannot connect: its authenticated session INVITE is answered 403 Forbidden and no session exists.',
    ACG,
  ),
  rule(
    'CUCM-ACG-002',
    'A user in Standard CTI Enabled connects (200 OK with systemStatus normal) and has CTI functionality on its Controlled Devices: MonitorStart and call control requests on them succeed.',
    ACG,
  ),
  rule(
    'CUCM-ACG-003',
    'Group membership and Controlled Devices work alike for application users and end users: an application user in Standard CTI Enabled connects and controls its Controlled Devices exactly as an end user does.',
    ADD_USERS,
    'server',
    `${GUIDE} > "${ASSOCIATE}"`,
  ),
  rule(
    'CUCM-ACG-004',
    'Without Standard CTI Allow Control of All Devices a user reaches only its Controlled Devices: MonitorStart or any request on another device is refused with operation privilegeViolationSpecifiedDevice, and the session and its other monitors keep working.',
    ASSOCIATE,
    'server',
    `${GUIDE} > "${ACG}"`,
  ),
  rule(
    'CUCM-ACG-005',
    'A user in Standard CTI Allow Control of All Devices (and Standard CTI Enabled) can monitor and control any CTI-controllable device of the cluster, in its Controlled Devices or not.',
    ACG,
  ),
  rule(
    'CUCM-ACG-006',
    "The Call Monitoring, Call Recording and Calling Number Modification roles act only on devices in the user's Controlled Devices: silent monitoring (SingleStepConferenceCall), recording (RecordMessage) of a call at another device, or a MakeCall from another device presenting a calling number, is refused with operation privilegeViolationSpecifiedDevice even for a user in the role, and the call is neither monitored, recorded nor placed.",
    ACG,
    'server',
    `${GUIDE} > "Associate Devices with Groups" (Note: the device must be in Controlled Devices for the roles to work)`,
  ),
  rule(
    'CUCM-ACG-007',
    'Standard CTI Allow Control of All Devices lifts the Controlled Devices condition of the Call Monitoring, Call Recording and Calling Number Modification roles: a user in the role and in Control of All Devices monitors or records a call, or presents a calling number on a call placed, at a device outside its Controlled Devices; a user in the role with neither is refused with operation privilegeViolationSpecifiedDevice.',
    ACG,
    'server',
    `${GUIDE} > "Associate Devices with Groups" (Note: the device must be in Controlled Devices for the roles to work)`,
  ),
  rule(
    'CUCM-ACG-008',
    'Silent monitoring of a connected call (SingleStepConferenceCall with participationType silent, joining an idle phone the user controls) is accepted only for a user in Standard CTI Allow Call Monitoring: the joining phone becomes a connected party that receives the call and sends no media, the two parties keep sending to each other, the monitor of the device gets a ConferencedEvent naming the joining phone, and the joining phone leaves when the call ends; for any other user it is refused with operation privilegeViolationSpecifiedDevice and the call is unchanged.',
    ACG,
  ),
  rule(
    'CUCM-ACG-009',
    'A user in Standard CTI Allow Call Park Monitoring monitoring the Call Park DNs of the cluster is told of every call parked on one (QueuedEvent, cause park, naming the park DN) and of its unparking, by retrieval or reversion (ConnectionClearedEvent of the park DN); any other user gets no park notification (no QueuedEvent, no event naming a park DN) and its MonitorStart on a park DN is refused with operation privilegeViolationSpecifiedDevice.',
    ACG,
  ),
  rule(
    'CUCM-ACG-010',
    "Recording a connected call (RecordMessage on the call of the device) is accepted only for a user in Standard CTI Allow Call Recording: the monitor of the device gets a RecordEvent and, when the call ends, a StopEvent, and the cluster's recording list shows the call, device and user with start and stop times from the lab clock; any other user is refused with operation privilegeViolationSpecifiedDevice and nothing is recorded.",
    ACG,
  ),
  rule(
    'CUCM-ACG-011',
    'A calling number given as CSTA private data (`<callingNumber xmlns="urn:ctilab:cucm">`: digits, *, # and an optional leading +, 1 to 24 characters) on MakeCall, DeflectCall or SingleStepTransferCall is honoured only for a user in Standard CTI Allow Calling Number Modification acting on a device among its Controlled Devices (or in Allow Control of All Devices): the called phone rings showing that number as the caller, and the DeliveredEvent keeps the calling line as callingDevice and carries the number as the same private data. Any other user is refused with operation privilegeViolationSpecifiedDevice and the call is not placed, redirected or transferred; a value that is not such a number is refused with operation invalidParameterValue and the session keeps working; without the private data every user is served as before.',
    ACG,
    'server',
    'Cisco Unified JTAPI Developers Guide, Release 15, message sequence charts: a modified calling party is reported beside the original calling address',
  ),
  rule(
    'CUCM-ACG-012',
    'The EstablishedEvent of a call between two phones with an encrypted security profile carries its SRTP key material as CSTA private data (`<srtp xmlns="urn:ctilab:cucm" suite="AES_CM_128_HMAC_SHA1_80" key="...">`, the key being base64 of a 16-byte master key and a 14-byte master salt, RFC 4568 §6.1) only to a session of a user in Standard CTI Allow Reception of SRTP Key Material whose monitored device is among its Controlled Devices (or who is in Allow Control of All Devices); every other session gets the same event without it, and a call with a non-secure or authenticated phone carries none.',
    ACG,
    'server',
    'RFC 3711 §8.2 and RFC 4568 §6.1, §6.2.1 (AES_CM_128_HMAC_SHA1_80 key material); Cisco Unified CM Security Guide, "Phone Security Profile Settings" (Device Security Mode)',
  ),
  rule(
    'CUCM-ACG-013',
    'A user in Standard CTI Secure Connection is served only over TLS: its session INVITE over TCP or UDP is answered 403 Forbidden; over TLS it connects.',
    ACG,
  ),
  rule(
    'CUCM-ACG-014',
    'A user in Standard CTI Secure Connection is served only by a cluster with security enabled: on a cluster without it (which offers no TLS endpoint) every session INVITE of that user is answered 403 Forbidden.',
    ACG,
  ),
  // ------------------------------------------------------------------ route points and ports
  rule(
    'CUCM-RP-001',
    'A CTI route point receives several calls at once for the application to redirect: each call to its DN while others are present is offered to the application (its own DeliveredEvent and callID) and none is refused, up to the simultaneous active calls of the line.',
    RP,
  ),
  rule(
    'CUCM-RP-002',
    "A route point has one or more lines: a call to any of its DNs is offered at the route point, the DeliveredEvent's calledDevice naming the DN called.",
    RP,
  ),
  rule(
    'CUCM-RP-003',
    "An application answers a call at a route point: AnswerCall on the route point's alerting connection gives EstablishedEvent, and the calling phone moves from ringback to connected.",
    RP,
  ),
  rule(
    'CUCM-RP-004',
    "An application redirects a call from a route point to a CTI port or an IP phone: DeflectCall to the port's or phone's DN makes that device alert (DeliveredEvent there) and the route point's connection leaves the call (DivertedEvent).",
    RP,
  ),
  rule(
    'CUCM-RP-005',
    "A redirect is routed with the calling search space of the redirecting line and device (the line's partitions first, then the device's): a destination only that CSS reaches is reached; one in a partition neither includes is refused with operation invalidDestination and the call stays at the route point.",
    RP,
  ),
  rule(
    'CUCM-RP-006',
    'A route point makes and receives several active calls: MakeCall from it, or AnswerCall of a further offered call, while it has other connected calls gives a new connected call and leaves the others connected.',
    RP,
  ),
  rule(
    'CUCM-RP-007',
    "HoldCall on a connected route point call gives HeldEvent; the other party's phone is on hold and the route point's other calls are unchanged.",
    RP,
  ),
  rule(
    'CUCM-RP-008',
    'RetrieveCall on a held route point call gives RetrievedEvent and the call is connected again.',
    RP,
  ),
  rule(
    'CUCM-RP-009',
    "ClearConnection on a route point call gives ConnectionClearedEvent and releases the other party's phone; the route point's other calls are unchanged.",
    RP,
  ),
  rule(
    'CUCM-RP-010',
    'A call that the application accepts (AcceptCall), answers (AnswerCall) or redirects (DeflectCall) within the CTI New Call Accept Timer stays where the application put it when the timer runs out.',
    NCAT,
    'server',
    `${GUIDE} > "${RP_FLOW}"`,
  ),
  rule(
    'CUCM-RP-011',
    "A call neither accepted, answered nor redirected when the CTI New Call Accept Timer runs out leaves the route point for its line's Call Forward No Answer destination, which alerts; with no CFNA configured the caller gets fast busy (SCCP ReorderTone).",
    NCAT,
    'server',
    `${JTAPI}, "Cisco Route Session Implementation" (routing timer expiry: fast busy, or ForwardNoAnswer when configured)`,
  ),
  rule(
    'CUCM-RP-012',
    'The CTI New Call Accept Timer defaults to 4 s: an unhandled call is still offered at the route point just before 4 s and has left it at 4 s.',
    NCAT,
  ),
  rule(
    'CUCM-RP-013',
    "A route point line's simultaneous active calls bound the calls present on it: with that many present, a further call is not offered (no DeliveredEvent) and goes to the line's Call Forward Busy destination, or the caller gets busy (SCCP LineBusyTone) when none is configured.",
    SIMULTANEOUS,
    'server',
    `${GUIDE} > "${RP_FLOW}"`,
  ),
  rule(
    'CUCM-RP-014',
    "Applying changed configuration to a route point (Apply Config) makes it effective for calls offered afterwards without a reset: no OutOfServiceEvent, and the route point's present calls keep their callIDs and states.",
    SYNC,
    'server',
    `${GUIDE} > "${RP_FLOW}"`,
  ),
  rule(
    'CUCM-RP-015',
    'A CTI port is reached at the DNs of its lines: a call to such a DN is offered at the port (DeliveredEvent with calledDevice that DN) and AnswerCall there connects it.',
    DEVICE_DN,
  ),
  // ------------------------------------------------------------------ device limits
  rule(
    'CUCM-LIMIT-001',
    'The CTIManager service parameters are clusterwide: a value set once applies on every CTIManager node, which all enforce the same device limits and heartbeat bounds.',
    PARAMS,
  ),
  rule(
    'CUCM-LIMIT-002',
    'Maximum Devices Per Provider counts the devices one application connection has open: opening one device more than it raises the per-provider alarm naming the application user.',
    PARAMS,
  ),
  rule(
    'CUCM-LIMIT-003',
    'Maximum Devices Per Provider defaults to 2000: an application opening its 2000th device raises no alarm, its 2001st does.',
    PARAMS,
  ),
  rule(
    'CUCM-LIMIT-004',
    'Maximum Devices Per Node counts the devices all applications have open on one CTIManager node (devices open on other nodes do not count): opening one more than it raises the per-node alarm naming the node.',
    PARAMS,
  ),
  rule(
    'CUCM-LIMIT-005',
    'Maximum Devices Per Node defaults to 800: the 800th device open on a CTIManager node raises no alarm, the 801st does.',
    PARAMS,
  ),
  rule(
    'CUCM-LIMIT-006',
    "Exceeding a device limit raises an alarm, on the lab's admin endpoint and in the reports, naming the parameter, the provider or node, the limit and the count.",
    PARAMS,
  ),
  rule(
    'CUCM-LIMIT-007',
    'Past a device limit the application keeps working with the extra devices: the MonitorStart that crosses it is answered with a MonitorStartResponse, not an error, and the extra devices give events and take requests as the others do.',
    PARAMS,
  ),
  // ------------------------------------------------------------------ application heartbeat
  rule(
    'CUCM-HB-001',
    'The CTIManager closes an application from which it received no heartbeat within two consecutive heartbeat intervals: a TR/87 session not refreshed (re-INVITE or UPDATE, RFC 4028) for a whole Session-Expires gets a BYE and its monitors stop; a refresh in time keeps it open.',
    HEARTBEAT,
  ),
  rule(
    'CUCM-HB-002',
    "Application Heartbeat Minimum Interval (default 5 s) bounds the heartbeat from below: a session INVITE or re-INVITE asking a shorter one is answered 422 Session Interval Too Small with Min-SE giving the shortest Session-Expires accepted: twice the minimum, but never below RFC 4028's 90 s floor (90 s by default).",
    HEARTBEAT,
  ),
  rule(
    'CUCM-HB-003',
    'Application Heartbeat Maximum Interval (default 3600 s) bounds the heartbeat from above: a session asking a longer one is accepted with its Session-Expires lowered to twice the maximum (7200 s by default) in the 200 OK (RFC 4028 §9).',
    HEARTBEAT,
  ),
  // ------------------------------------------------------------------ redundancy: Unified CM node failure
  rule(
    'CUCM-RED-001',
    'When a CallManager node fails, the CTIManager reopens the CTI ports and route points registered on it on another node: the application gets OutOfServiceEvent then BackInServiceEvent for each on its existing monitor, and new calls to their DNs are offered to it again.',
    RED_CM,
    'server',
    `${TAPI}, "CTI Manager (Cluster Support)" > "Cisco Unified Communications Manager Failure"`,
  ),
  rule(
    'CUCM-RED-002',
    'A phone an application has open is reopened when the phone fails over: once it registers with another node the application gets BackInServiceEvent on its existing monitor, and requests on it succeed again without a new MonitorStart.',
    RED_CM,
  ),
  rule(
    'CUCM-RED-003',
    'A phone that does not fail over cannot be opened: while it is registered with no node, MonitorStart on the phone or on one of its lines is refused with systemResourceAvailibility deviceOutOfService, and an existing monitor on it gets no BackInServiceEvent.',
    RED_CM,
  ),
  rule(
    'CUCM-RED-004',
    "CTI devices and opened phones recover on the next live node of their device pool's CM group, in the group's order; never on a node outside the group, and with no live node left in the group they stay out of service.",
    RED_CM,
  ),
  // ------------------------------------------------------------------ redundancy: CTIManager failure
  rule(
    'CUCM-RED-005',
    'When a CTIManager fails, the applications connected through it are told and can recover elsewhere: each monitored device gets OutOfServiceEvent and the session is ended (BYE), after which a session on another CTIManager opens the same devices.',
    RED_CTIM,
    'server',
    `${JTAPI}, "CTIManager Failure"`,
  ),
  rule(
    'CUCM-RED-006',
    'An application uses the CTIManagers configured for it as primary and backup: it connects to the primary (its first CTI gateway address) and, when that fails (connection refused, no answer, 5xx), to the backup; when its session on the primary is lost it reconnects to the backup and reopens its monitors there.',
    RED_CTIM,
    'client',
  ),
  rule(
    'CUCM-RED-007',
    'On the new CTIManager the application reopens the devices and lines it had open: MonitorStart on each device and each line (tel URI with ;device= where given) succeeds, and SnapshotDevice lists exactly the calls that survived the failover.',
    RED_CTIM,
    'server',
    `${JTAPI}, "CTIManager Failure"`,
  ),
  rule(
    'CUCM-RED-008',
    'An application can reopen a phone before the phone rehomes (MonitorStart succeeds), but requests controlling it are refused with systemResourceAvailibility deviceOutOfService until it has registered with its new node (BackInServiceEvent); from then they succeed.',
    RED_CTIM,
  ),
  rule(
    'CUCM-RED-009',
    'Applications do not return to the primary CTIManager when it comes back in service: the session on the backup continues (no BYE, no OutOfServiceEvent, requests keep succeeding) and the application opens nothing on the primary.',
    RED_CTIM,
  ),
  rule(
    'CUCM-RED-010',
    'A restarted application fails back to the primary CTIManager: its new session is made through the primary when the primary is in service.',
    RED_CTIM,
    'client',
  ),
  rule(
    'CUCM-RED-011',
    'An application on the backup CTIManager fails back to the primary when the backup fails: it reconnects through the primary and reopens its devices there.',
    RED_CTIM,
    'client',
  ),
  // ------------------------------------------------------------------ redundancy: application failure
  rule(
    'CUCM-RED-012',
    'When an application fails (missed heartbeat or lost connection) the CTIManager closes it: its session is ended (BYE), its monitors stop (the CTIManager has no device open for it, a call on a device it monitored sends it no event), and a later request in that dialog is answered 481 Call/Transaction Does Not Exist.',
    RED_APP,
  ),
  rule(
    'CUCM-RED-013',
    "When an application fails, every call still present at its CTI ports and route points is redirected to that line's Call Forward on Failure (CFOF) destination, which alerts with the original caller.",
    RED_APP,
  ),
  rule(
    'CUCM-RED-014',
    "While the failed application has not recovered, each new call to its CTI ports and route points goes at once to that line's Call Forward No Answer (CFNA) destination.",
    RED_APP,
  ),
  rule(
    'CUCM-RED-015',
    'Once the application is back and has reopened a CTI port or route point, new calls to it are offered to the application again (DeliveredEvent) instead of going to CFNA; devices it has not reopened still forward to CFNA.',
    RED_APP,
  ),
];
