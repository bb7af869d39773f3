import type { Rule } from './rule.ts';

const sccp = (id: string, statement: string, source: string, role: Rule['role'] = 'server'): Rule => ({
  id,
  statement,
  source,
  role,
  profiles: ['sccp-cme'],
});

/** Rules of the SCCP side of the simulated CME (issue 2). */
export const sccpCmeRules: Rule[] = [
  sccp(
    'SCCP-FRAME-001',
    'Every SCCP frame is u32 LE length (4 + body), u32 LE header version, u32 LE message id, body.',
    'reference/sccp-protocol.md §1',
  ),
  sccp(
    'SCCP-FRAME-002',
    'A frame whose length is below 4 or above the largest message, or whose header version is unknown, closes that connection only.',
    'reference/sccp-protocol.md §1 (Wireshark accepted versions; chan-sccp length check)',
  ),
  sccp(
    'SCCP-FRAME-003',
    'An unknown message id or a truncated body is ignored and logged; the connection and every other phone keep working.',
    'reference/sccp-protocol.md §1',
  ),
  sccp(
    'SCCP-REG-001',
    'A RegisterReq from a configured MAC is answered by RegisterAck and then CapabilitiesReq at once.',
    'reference/sccp-protocol.md §3',
  ),
  sccp(
    'SCCP-REG-002',
    'A RegisterReq from a MAC no ephone has is answered by RegisterReject and the connection closed.',
    'reference/sccp-protocol.md §3; CME ephone mac-address',
  ),
  sccp(
    'SCCP-REG-003',
    'Once max-ephones phones are registered, a further RegisterReq is rejected.',
    'CME telephony-service max-ephones (seeds/004 example configs)',
  ),
  sccp(
    'SCCP-REG-004',
    'A RegisterReq for a device that is already registered on a live connection is rejected.',
    'issue 2; chan-sccp duplicate-session handling (reference §5)',
  ),
  sccp(
    'SCCP-REG-005',
    'TimeDateReq completes registration: TimeDateRes, then the idle soft keys and "Your current options".',
    'reference/sccp-protocol.md §3 and §6 frames 45-46',
  ),
  sccp(
    'SCCP-REG-006',
    'ButtonTemplateRes and LineStatRes describe the ephone button lines and their directory numbers.',
    'reference/sccp-protocol.md §3; CME ephone button command',
  ),
  sccp(
    'SCCP-KA-001',
    'KeepAliveReq is answered by KeepAliveAck; RegisterAck carries the telephony-service keepalive interval.',
    'reference/sccp-protocol.md §4',
  ),
  sccp(
    'SCCP-KA-002',
    'A phone silent for three keepalive intervals is unregistered and its connection closed.',
    'reference/sccp-protocol.md §4 (chan_skinny 3 x keepalive)',
  ),
  sccp(
    'SCCP-REG-007',
    "A RegisterReq whose device type is 0 or 0xFFFFFFFF, or not the ephone's configured type, gets RegisterReject and the connection is closed.",
    'Wireshark skinny dissector DeviceType table (no 0 / 0xFFFFFFFF); CISCO-CCM-MIB CcmDevRegFailCauseCode deviceTypeMismatch(32)',
  ),
  sccp(
    'SCCP-SLOW-001',
    'A connection that sends no RegisterReq, RegisterTokenReq or KeepAliveReq within 10 s of opening is closed; registered phones are unaffected.',
    'docs/robustness.md (value ours; a phone sends RegisterReq within ~0.1 s of its SYN: cm_cap.pcapng frames 27-31)',
  ),
  sccp(
    'SCCP-SLOW-002',
    'A connection holding an unfinished frame 5 s after its first byte is closed; registered phones are unaffected.',
    'docs/robustness.md (value ours; RFC 6298 section 2 retransmission)',
  ),
  sccp(
    'SCCP-FO-001',
    'A phone whose keepalives go unanswered registers with the next call manager of its list.',
    'reference/sccp-protocol.md §5',
    'phone',
  ),
  sccp(
    'SCCP-FO-002',
    'A phone on a secondary call manager returns to the primary once it accepts a RegisterTokenReq.',
    'reference/sccp-protocol.md §5 (token registration)',
    'phone',
  ),
  sccp(
    'CME-CALL-001',
    'Off-hook is answered in the CUCM order: SetRinger off, SetSpeakerMode on, SetLamp on, CallState OffHook, SelectSoftKeys OffHook, prompt, ActivateCallPlane, StartTone dial tone.',
    'reference/sccp-protocol.md §6 frames 80-87',
  ),
  sccp(
    'CME-CALL-002',
    'A call to a DN rings its phone in the CUCM order: CallState RingIn, SelectSoftKeys RingIn, prompt From, priority notify, SetLamp blink, SetRinger.',
    'reference/sccp-protocol.md §6 frames 132-138',
  ),
  sccp(
    'CME-CALL-003',
    'Answer follows the CUCM order and opens media: OpenReceiveChannel, CallState Connected, then StartMediaTransmission to the other phone.',
    'reference/sccp-protocol.md §6 frames 141-155',
  ),
  sccp(
    'CME-CALL-004',
    'A call to a busy single-line DN gives the caller busy tone and CallState Busy.',
    'CME ephone-dn single-line; ECMA-269 cause busy',
  ),
  sccp(
    'CME-CALL-005',
    'Digits that match no configured number give reorder tone and CallState InvalidNumber.',
    'CME dial plan; ECMA-269 cause invalidNumberFormat',
  ),
  sccp(
    'CME-CALL-006',
    'Hold closes media and shows Hold with the OnHold soft keys; Resume reconnects.',
    'seeds/004 Table 1 Hold Call / Retrieve Call',
  ),
  sccp(
    'CME-CALL-007',
    'Transfer completed while the target rings hands the caller to the target (blind transfer).',
    'seeds/004 Table 1 Transfer Call; transfer-system full-consult',
  ),
  sccp(
    'CME-CALL-008',
    'Consultative transfer joins the held party with the consulted party and releases the transferring phone.',
    'seeds/004 Table 1 Consultation Call / Transfer Call',
  ),
  sccp(
    'CME-CALL-009',
    'Confrn joins the held and consulted parties into a three-party conference.',
    'CME max-conferences (seeds/004 example configs)',
  ),
  sccp(
    'CME-CALL-010',
    'A shared DN rings on every phone it appears on; when one answers the others show it in use remotely.',
    'reference/sccp-protocol.md §7 (shared line); CME button on two ephones',
  ),
  sccp(
    'CME-CALL-011',
    'An overlay button presents the first ringing DN for incoming calls and takes the first idle DN for outgoing ones.',
    'reference/sccp-protocol.md §7 (CME button o)',
  ),
  sccp(
    'CME-CALL-012',
    'Call forward all set from the phone diverts calls to the destination.',
    'seeds/004 Table 1 Get/Set CFwdAll; CME call-forward all',
  ),
  sccp(
    'CME-CALL-013',
    'Do not disturb makes the DN refuse calls as busy.',
    'seeds/004 Table 1 Get/Set Do Not Disturb',
  ),
  sccp(
    'CME-CFG-001',
    'The example running-configs of seeds/004 load unchanged; unmodelled commands are kept and listed.',
    'seeds/004 Configuration Examples',
  ),
  sccp('CME-CFG-002', 'A configuration error names the offending line.', 'issue 2'),
];
