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
    'Wireshark epan/dissectors/packet-skinny.c (SCCP header: length, header version, message id; layouts of tools/SkinnyProtocolOptimized.xml)',
  ),
  sccp(
    'SCCP-FRAME-002',
    'A frame whose length is below 4 or above the largest message, or whose header version is unknown, closes that connection only.',
    'Wireshark epan/dissectors/packet-skinny.c (accepted header versions, length >= 4); chan-sccp src/sccp_session.c (length above the largest message refused)',
  ),
  sccp(
    'SCCP-FRAME-003',
    'An unknown message id or a truncated body is ignored and logged; the connection and every other phone keep working.',
    'chan-sccp src/sccp_actions.c handle_unknown_message (logged, connection kept); Wireshark epan/dissectors/packet-skinny.c (unknown message ids)',
  ),
  sccp(
    'SCCP-REG-001',
    'A RegisterReq from a configured MAC is answered by RegisterAck and then CapabilitiesReq at once.',
    'pyskinny (github.com/paleophyte/pyskinny) capture cm_cap.pcapng frames 31-34 (CUCM 4.1: RegisterReq, RegisterAck, CapabilitiesReq)',
  ),
  sccp(
    'SCCP-REG-002',
    'A RegisterReq from a MAC no ephone has is answered by RegisterReject and the connection closed.',
    'Wireshark epan/dissectors/packet-skinny.c RegisterRejectMessage 0x009D; Cisco Unified Communications Manager Express Command Reference, "mac-address (ephone)"',
  ),
  sccp(
    'SCCP-REG-003',
    'Once max-ephones phones are registered, a further RegisterReq is rejected.',
    'Cisco Unified Communications Manager Express Command Reference, "max-ephones"; Cisco Unified Communications Manager Express System Administrator Guide, "CTI CSTA Protocol Suite" > "Configuration Examples for CTI CSTA Protocol Suite"',
  ),
  sccp(
    'SCCP-REG-004',
    'A RegisterReq for a device that is already registered on a live connection is rejected.',
    'chan-sccp src/sccp_actions.c (RegisterReq of a device that already has a live session is refused)',
  ),
  sccp(
    'SCCP-REG-005',
    'TimeDateReq completes registration: TimeDateRes, then the idle soft keys and "Your current options".',
    'pyskinny (github.com/paleophyte/pyskinny) capture cm_cap.pcapng frames 60-63 (TimeDateReq, TimeDateRes, "Your current options") and 45-46 (SelectSoftKeys OnHook)',
  ),
  sccp(
    'SCCP-REG-006',
    'ButtonTemplateRes and LineStatRes describe the ephone button lines and their directory numbers.',
    'pyskinny (github.com/paleophyte/pyskinny) capture cm_cap.pcapng frames 36-38 and 47-48 (ButtonTemplateReq/Res, LineStatReq/Res); Cisco Unified Communications Manager Express Command Reference, "button"',
  ),
  sccp(
    'SCCP-KA-001',
    'KeepAliveReq is answered by KeepAliveAck; RegisterAck carries the telephony-service keepalive interval.',
    'pyskinny (github.com/paleophyte/pyskinny) capture cm_cap.pcapng frames 33 (RegisterAck keepAliveInterval) and 76-77 (KeepAliveReq, KeepAliveAck)',
  ),
  sccp(
    'SCCP-KA-002',
    'A phone silent for three keepalive intervals is unregistered and its connection closed.',
    'Asterisk channels/chan_skinny.c (session dropped after 3 x keepalive without a KeepAliveReq)',
  ),
  sccp(
    'SCCP-REG-007',
    "A RegisterReq whose device type is 0 or 0xFFFFFFFF, or not the ephone's configured type, gets RegisterReject and the connection is closed.",
    'Wireshark skinny dissector DeviceType table (no 0 / 0xFFFFFFFF); CISCO-CCM-MIB CcmDevRegFailCauseCode deviceTypeMismatch(32)',
  ),
  sccp(
    'SCCP-SLOW-001',
    'A connection that sends no RegisterReq, RegisterTokenReq or KeepAliveReq within 10 s of opening is closed; registered phones are unaffected.',
    'docs/robustness.md (value ours; a phone sends RegisterReq within ~0.1 s of its SYN: pyskinny (github.com/paleophyte/pyskinny) capture cm_cap.pcapng frames 27-31)',
  ),
  sccp(
    'SCCP-SLOW-002',
    'A connection holding an unfinished frame 5 s after its first byte is closed; registered phones are unaffected.',
    'docs/robustness.md (value ours; RFC 6298 section 2 retransmission)',
  ),
  sccp(
    'SCCP-FO-001',
    'A phone whose keepalives go unanswered registers with the next call manager of its list.',
    'chan-sccp conf/tftp/SEP0000000000.cnf.xml_annotated (devicePool callManagerGroup members by priority); Wireshark epan/dissectors/packet-skinny.c ServerResMessage 0x009E',
    'phone',
  ),
  sccp(
    'SCCP-FO-002',
    'A phone on a secondary call manager returns to the primary once it accepts a RegisterTokenReq.',
    'Wireshark epan/dissectors/packet-skinny.c RegisterTokenReq 0x0029, RegisterTokenAck 0x011A, RegisterTokenReject 0x011B; chan-sccp src/sccp_actions.c (token registration, fallback)',
    'phone',
  ),
  sccp(
    'CME-CALL-001',
    'Off-hook is answered in the CUCM order: SetRinger off, SetSpeakerMode on, SetLamp on, CallState OffHook, SelectSoftKeys OffHook, prompt, ActivateCallPlane, StartTone dial tone.',
    'pyskinny (github.com/paleophyte/pyskinny) capture cm_cap.pcapng frames 80-87 (CUCM 4.1)',
  ),
  sccp(
    'CME-CALL-002',
    'A call to a DN rings its phone in the CUCM order: CallState RingIn, SelectSoftKeys RingIn, prompt From, priority notify, SetLamp blink, SetRinger.',
    'pyskinny (github.com/paleophyte/pyskinny) capture cm_call_7912.pcapng frames 132-138 (CUCM 4.1, a 7912)',
  ),
  sccp(
    'CME-CALL-003',
    'Answer follows the CUCM order and opens media: OpenReceiveChannel, CallState Connected, then StartMediaTransmission to the other phone.',
    'pyskinny (github.com/paleophyte/pyskinny) capture cm_call_7912.pcapng frames 141-155 (CUCM 4.1, a 7912)',
  ),
  sccp(
    'CME-CALL-004',
    'A call to a busy single-line DN gives the caller busy tone and CallState Busy.',
    'Cisco Unified Communications Manager Express Command Reference, "ephone-dn" (single-line); ECMA-323 EventCause busy',
  ),
  sccp(
    'CME-CALL-005',
    'Digits that match no configured number give reorder tone and CallState InvalidNumber.',
    'Cisco Unified Communications Manager Express Command Reference, "number (ephone-dn)"; ECMA-323 EventCause invalidNumberFormat',
  ),
  sccp(
    'CME-CALL-006',
    'Hold closes media and shows Hold with the OnHold soft keys; Resume reconnects.',
    'Cisco Unified Communications Manager Express System Administrator Guide, "CTI CSTA Protocol Suite" > "Supported Services and Events" Table 1 (Hold Call, Retrieve Call)',
  ),
  sccp(
    'CME-CALL-007',
    'Transfer completed while the target rings hands the caller to the target (blind transfer).',
    'Cisco Unified Communications Manager Express System Administrator Guide, "CTI CSTA Protocol Suite" > "Supported Services and Events" Table 1 (Transfer Call); Cisco Unified Communications Manager Express Command Reference, "transfer-system"',
  ),
  sccp(
    'CME-CALL-008',
    'Consultative transfer joins the held party with the consulted party and releases the transferring phone.',
    'Cisco Unified Communications Manager Express System Administrator Guide, "CTI CSTA Protocol Suite" > "Supported Services and Events" Table 1 (Consultation Call, Transfer Call)',
  ),
  sccp(
    'CME-CALL-009',
    'Confrn joins the held and consulted parties into a three-party conference.',
    'Cisco Unified Communications Manager Express Command Reference, "max-conferences"; Cisco Unified Communications Manager Express System Administrator Guide, "CTI CSTA Protocol Suite" > "Configuration Examples for CTI CSTA Protocol Suite"',
  ),
  sccp(
    'CME-CALL-010',
    'A shared DN rings on every phone it appears on; when one answers the others show it in use remotely.',
    'Cisco Unified Communications Manager Express Command Reference, "button" (one ephone-dn on two ephones); chan-sccp src/sccp_indicate.c (CallRemoteMultiline on the other devices of a shared line)',
  ),
  sccp(
    'CME-CALL-011',
    'An overlay button presents the first ringing DN for incoming calls and takes the first idle DN for outgoing ones.',
    'Cisco Unified Communications Manager Express Command Reference, "button" (separator o: overlay)',
  ),
  sccp(
    'CME-CALL-012',
    'Call forward all set from the phone diverts calls to the destination.',
    'Cisco Unified Communications Manager Express System Administrator Guide, "CTI CSTA Protocol Suite" > "Supported Services and Events" Table 1 (Get CFwdALL, Set CFwdAll); Cisco Unified Communications Manager Express Command Reference, "call-forward all"',
  ),
  sccp(
    'CME-CALL-013',
    'Do not disturb makes the DN refuse calls as busy.',
    'Cisco Unified Communications Manager Express System Administrator Guide, "CTI CSTA Protocol Suite" > "Supported Services and Events" Table 1 (Get Do Not Disturb, Set Do Not Disturb)',
  ),
  sccp(
    'CME-CFG-001',
    'The example running-configs of the CME guide\'s "CTI CSTA Protocol Suite" chapter load unchanged; unmodelled commands are kept and listed.',
    'Cisco Unified Communications Manager Express System Administrator Guide, "CTI CSTA Protocol Suite" > "Configuration Examples for CTI CSTA Protocol Suite"',
  ),
  sccp(
    'CME-CFG-002',
    'A configuration error names the offending line.',
    'Cisco IOS Configuration Fundamentals Configuration Guide, "Using the Cisco IOS Command-Line Interface" > "Understanding CLI Error Messages"',
  ),
];
