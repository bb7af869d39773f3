import type { Rule } from './rule.ts';

/**
 * A rule of the catalogue; `status: 'planned'` marks one that no scenario checks yet (the lab does
 * not model it), which catalogue.test.ts exempts. No rule is planned now.
 */
export type CatalogueRule = Rule & { readonly status?: 'planned' };

/**
 * Rules of the CME's CTI CSTA interface: one per sentence of the chapter "CTI CSTA Protocol Suite"
 * of the Cisco Unified Communications Manager Express System Administrator Guide
 * that states a behaviour. Every rule is tagged on a scenario of features/csta or
 * features/restrictions (dial-via-office: features/csta/dial-via-office.feature).
 */
const GUIDE =
  'Cisco Unified Communications Manager Express System Administrator Guide, "CTI CSTA Protocol Suite"';
const rule = (id: string, statement: string, heading: string, role: Rule['role'] = 'server'): Rule => ({
  id,
  statement,
  source: `${GUIDE} > "${heading}"`,
  role,
  profiles: ['cme-cti'],
});

const SESSION = 'CTI Session';
const TABLE1 = 'Supported Services and Events" > Table 1 "Supported CSTA Services and Events';
const ENABLE = 'Enable CTI CSTA in Cisco Unified CME';
const SESSION_MANAGER = 'Create a Session Manager';
const DEVICE = 'Configure a Number or Device for CTI CSTA Operations';
const RESTRICTION = 'Configure a Number or Device for CTI CSTA Operations" > "Restriction';
const CLEAR = 'Clear a Session Between a CSTA Client Application and Cisco Unified CME';

export const cmeCtiRules: CatalogueRule[] = [
  // ------------------------------------------------------------------ architecture
  rule(
    'CME-CTI-ARCH-001',
    'The CME itself terminates the SIP messages of a CSTA client and carries its ECMA-323 requests out on the SCCP phones (no separate CSTA gateway).',
    'CSTA Client Application Deployment',
  ),
  rule(
    'CME-CTI-ARCH-002',
    'The CSTA interface gives third-party call control of SCCP phones registered to the CME, including click-to-dial.',
    'CTI CSTA in Cisco Unified CME',
  ),
  // Checked by features/csta/dial-via-office.feature; the encoding (MakeCall from the office
  // line's snr remote number, a callback first) is the lab's reading: cti-dial-via-office.ts.
  rule(
    'CME-CTI-ARCH-003',
    'From CME 8.8 the CSTA interface enables dial-via-office from the application.',
    'CTI CSTA in Cisco Unified CME',
  ),
  // ------------------------------------------------------------------ session
  rule(
    'CME-CTI-SESSION-001',
    'A CSTA client creates a CTI session by establishing a SIP dialog with the CME CTI interface.',
    SESSION,
    'client',
  ),
  rule(
    'CME-CTI-SESSION-002',
    "The session's SIP From header names the user and its To header names the controlled line.",
    SESSION,
  ),
  rule(
    'CME-CTI-SESSION-003',
    'The INVITE that opens a session carries a RequestSystemStatus body.',
    SESSION,
    'client',
  ),
  rule(
    'CME-CTI-SESSION-004',
    'The CME answers the session INVITE with 200 OK carrying a System Status response (systemStatus normal).',
    SESSION,
  ),
  rule(
    'CME-CTI-SESSION-005',
    'The client continues only if it receives the expected System Status response.',
    SESSION,
    'client',
  ),
  rule(
    'CME-CTI-SESSION-006',
    'After the System Status exchange the client requests the supported services and events (GetCSTAFeatures).',
    SESSION,
    'client',
  ),
  rule(
    'CME-CTI-SESSION-007',
    'The CME answers GetCSTAFeatures with exactly the services and events it supports.',
    SESSION,
  ),
  rule(
    'CME-CTI-SESSION-008',
    'The client starts a CSTA monitor (MonitorStart in SIP INFO) before it expects events.',
    SESSION,
    'client',
  ),
  rule(
    'CME-CTI-SESSION-009',
    'The CME sends no CSTA events for a device before a monitor is started on it.',
    SESSION,
  ),
  rule(
    'CME-CTI-SESSION-010',
    'The CME authorizes a MonitorStart and answers 200 OK carrying a MonitorStartResponse with a monitorCrossRefID.',
    SESSION,
  ),
  rule(
    'CME-CTI-SESSION-011',
    "After MonitorStart the CME sends the monitored device's events in SIP INFO messages, each with its monitorCrossRefID.",
    SESSION,
  ),
  rule(
    'CME-CTI-SESSION-012',
    'The client sets the session timer (default 30 minutes) in the INVITE.',
    SESSION,
    'client',
  ),
  rule('CME-CTI-SESSION-013', 'The client refreshes the session timer with a re-INVITE.', SESSION, 'client'),
  rule(
    'CME-CTI-SESSION-014',
    'The CME deletes the SIP dialog (and its monitors) when the session expires.',
    SESSION,
  ),
  // client-role rules graded by `ctilab validate-client` (conformance/client-validation/)
  {
    ...rule(
      'CME-CTI-SESSION-015',
      "Every CSTA body the client sends is a valid ECMA-323 message in the namespace of its session's set-up INVITE.",
      SESSION,
      'client',
    ),
    source: `${GUIDE} > "${SESSION}"; ECMA-323 (4th edition and later), Annex K "CSTA over SIP (uaCSTA) transport"; ECMA TR/87 "Using CSTA for SIP Phone User Agents (uaCSTA)"`,
  },
  {
    ...rule(
      'CME-CTI-SESSION-016',
      'A CSTA error response (CSTAErrorCode in the 200 OK of an INFO) leaves the session up: the client does not end it and answers later event INFOs with 200 OK.',
      SESSION,
      'client',
    ),
    source: `${GUIDE} > "${SESSION}"; ECMA TR/87 "Using CSTA for SIP Phone User Agents (uaCSTA)" (the CSTA response travels in the 200 OK of the INFO); RFC 3261 section 15 (only BYE ends the session)`,
  },
  {
    ...rule(
      'CME-CTI-SESSION-017',
      'After the CME ends its session (BYE, or expiry without refresh), the client opens a new session (INVITE with RequestSystemStatus) and restarts the monitors it had.',
      SESSION,
      'client',
    ),
    source: `${GUIDE} > "${SESSION}" (the CME deletes the SIP dialog and its monitors when the session expires); RFC 4028 section 10 (an expired session is over)`,
  },
  // ------------------------------------------------------------------ services (Table 1)
  rule('CME-CTI-SVC-001', 'Make Call is supported (click-to-dial).', TABLE1),
  rule('CME-CTI-SVC-002', 'Answer Call is supported.', TABLE1),
  rule('CME-CTI-SVC-003', 'Clear Connection is supported.', TABLE1),
  rule('CME-CTI-SVC-004', 'Reconnect Call is supported.', TABLE1),
  rule('CME-CTI-SVC-005', 'Hold Call is supported.', TABLE1),
  rule('CME-CTI-SVC-006', 'Retrieve Call (Resume) is supported.', TABLE1),
  rule('CME-CTI-SVC-007', 'Deflect Call is supported only while the call is alerting.', TABLE1),
  rule('CME-CTI-SVC-008', 'Single Step Transfer Call is supported.', TABLE1),
  rule('CME-CTI-SVC-009', 'Consultation Call is supported.', TABLE1),
  rule('CME-CTI-SVC-010', 'Transfer Call is supported.', TABLE1),
  rule('CME-CTI-SVC-011', 'Alternate Call is supported.', TABLE1),
  rule('CME-CTI-SVC-012', 'Generate Digits (DTMF) is supported.', TABLE1),
  rule('CME-CTI-SVC-013', 'Get Do Not Disturb is supported.', TABLE1),
  rule('CME-CTI-SVC-014', 'Set Do Not Disturb is supported.', TABLE1),
  rule('CME-CTI-SVC-015', 'Get CFwdAll (GetForwarding, forwardImmediate) is supported.', TABLE1),
  rule(
    'CME-CTI-SVC-016',
    'Set CFwdAll (SetForwarding, forwardImmediate) is supported; other forwarding types are not.',
    TABLE1,
  ),
  rule(
    'CME-CTI-SVC-017',
    "Set MWI (SetMessageWaitingIndicator) is supported and lights the phone's message lamp.",
    TABLE1,
  ),
  rule('CME-CTI-SVC-018', 'Snapshot Device is supported.', TABLE1),
  // ------------------------------------------------------------------ configuration (voice service voip)
  rule(
    'CME-CTI-CFG-001',
    '`no cti shutdown` enables CTI; with `cti shutdown` (the default) CTI sessions are refused.',
    ENABLE,
  ),
  rule(
    'CME-CTI-CFG-002',
    '`callmonitor` (optional) enables call monitoring messaging; a MOC client is served without it.',
    ENABLE,
  ),
  rule(
    'CME-CTI-CFG-003',
    '`gcid` (optional) enables Global Call-ID; a MOC client is served without it.',
    ENABLE,
  ),
  rule(
    'CME-CTI-CFG-004',
    '`cti csta mode basic` suppresses enhanced features and extensions in CTI messages.',
    ENABLE,
  ),
  rule(
    'CME-CTI-CFG-005',
    'A MOC client is served with `cti csta mode basic` configured (required for MOC).',
    ENABLE,
  ),
  rule(
    'CME-CTI-CFG-006',
    '`cti message device-id suppress-conversion` suppresses conversion or promotion of extension numbers in CTI messages.',
    ENABLE,
  ),
  rule(
    'CME-CTI-CFG-007',
    'A MOC client is served without `cti message device-id suppress-conversion` (extension numbers converted).',
    ENABLE,
  ),
  rule(
    'CME-CTI-CFG-008',
    '`registrar server expires max <600-86400> min <sec>` (optional, default max 3600) enables the SIP registrar; a MOC client does not need it.',
    ENABLE,
  ),
  rule('CME-CTI-CFG-009', 'A MOC client needs no AXL credential (`xml user`).', ENABLE),
  rule(
    'CME-CTI-CFG-010',
    'The CTI interface is reached at the router address of telephony-service `ip source-address`.',
    ENABLE,
  ),
  // ------------------------------------------------------------------ session manager
  rule('CME-CTI-SM-001', 'A MOC client needs no session manager.', SESSION_MANAGER),
  rule(
    'CME-CTI-SM-002',
    'A CME supports several session managers (`voice register session-server` 1 to 8).',
    SESSION_MANAGER,
  ),
  rule(
    'CME-CTI-SM-003',
    '`cti-aware` binds a session manager to the CTI subsystem and enables the CTI-specific Register heartbeat.',
    SESSION_MANAGER,
  ),
  rule(
    'CME-CTI-SM-004',
    '`register-id <name>` (1 to 30 alphanumeric characters) identifies the CSTA client application in its Register requests.',
    SESSION_MANAGER,
  ),
  rule(
    'CME-CTI-SM-005',
    'A session-manager registration expires after `keepalive` seconds (60 to 3600, default 300) unless the application re-registers.',
    SESSION_MANAGER,
  ),
  rule(
    'CME-CTI-SM-006',
    'Session managers are provisioned under `voice register global` `mode cme`.',
    SESSION_MANAGER,
  ),
  rule(
    'CME-CTI-SM-007',
    'A cti-aware session manager registers its register-id before it opens sessions and re-registers before its registration (keepalive) expires.',
    SESSION_MANAGER,
    'client',
  ),
  // ------------------------------------------------------------------ restrictions
  rule(
    'CME-CTI-RESTRICT-001',
    'Only SCCP IP phones can be controlled by a CSTA client application.',
    RESTRICTION,
  ),
  rule(
    'CME-CTI-RESTRICT-002',
    'VG224, analog (FXS) and SIP phones are refused as devices for a CSTA client.',
    RESTRICTION,
  ),
  rule(
    'CME-CTI-RESTRICT-003',
    'Overlay DNs are refused for control and monitoring by a CSTA client.',
    RESTRICTION,
  ),
  rule(
    'CME-CTI-RESTRICT-004',
    'A prompted MakeCall is refused on VG224, ATAs and SCCP-controlled FXS ports.',
    RESTRICTION,
  ),
  rule(
    'CME-CTI-RESTRICT-005',
    'A prompted MakeCall is refused on the phone models unable to complete it (Cisco 792X, 793X).',
    RESTRICTION,
  ),
  rule('CME-CTI-RESTRICT-006', 'A prompted MakeCall is refused for a MOC client.', RESTRICTION),
  rule('CME-CTI-RESTRICT-007', 'Shared lines are refused for a MOC client.', RESTRICTION),
  rule(
    'CME-CTI-RESTRICT-008',
    'A MOC client may control an Extension Mobility phone only once logged in with an EM user-profile credential.',
    RESTRICTION,
  ),
  // ------------------------------------------------------------------ numbers and devices
  rule(
    'CME-CTI-DEV-001',
    "`emadmin login <name> <ephone-tag>` logs the application into an EM phone: the phone takes the user profile's numbers.",
    DEVICE,
  ),
  rule(
    'CME-CTI-DEV-002',
    '`emadmin logout <name>` logs the application out of the EM phone: the phone returns to its logout profile.',
    DEVICE,
  ),
  rule(
    'CME-CTI-DEV-003',
    'A DN can be monitored and controlled by a CSTA client only with `cti watch`.',
    DEVICE,
  ),
  rule(
    'CME-CTI-DEV-004',
    "`cti watch` and `cti notify` may come from an ephone-dn-template; the ephone-dn's own setting has priority.",
    DEVICE,
  ),
  rule('CME-CTI-DEV-005', '`cti notify` keeps the DN in a constant "up" state for CTI operations.', DEVICE),
  rule(
    'CME-CTI-DEV-006',
    'A DN not associated with a physical device can be monitored or controlled only with `cti notify`.',
    DEVICE,
  ),
  rule(
    'CME-CTI-DEV-007',
    "`em external` removes the Extension Mobility login page from the phones' Services menu.",
    DEVICE,
  ),
  rule(
    'CME-CTI-DEV-008',
    '`url services <url> root` provides the root menu of phone services under the Services button.',
    DEVICE,
  ),
  // ------------------------------------------------------------------ administration
  rule('CME-CTI-ADMIN-001', '`show cti session` lists the CTI sessions with their IDs.', CLEAR),
  rule(
    'CME-CTI-ADMIN-002',
    '`clear cti session id <N>` gracefully tears down that session (its dialog and monitors) and no other.',
    CLEAR,
  ),
];
