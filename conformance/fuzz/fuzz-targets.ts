/**
 * What `ctilab fuzz --interface <name>` runs: the fuzz tests beside the code, each starting the real
 * node on 127.0.0.1 ephemeral ports and checking it with its own fast-check arbitraries and
 * oracles (the right answer per input class, other sessions unaffected, nothing leaked).
 */

export const FUZZ_INTERFACES = ['sccp', 'sip', 'csta', 'cti-server'] as const;
export type FuzzInterface = (typeof FUZZ_INTERFACES)[number];

export interface FuzzTarget {
  /** What `--target` takes. */
  readonly id: string;
  readonly interface: FuzzInterface;
  /** The test file, relative to the repository root. */
  readonly file: string;
  /** Only these tests of the file (exact titles); default: the whole file. */
  readonly tests?: readonly string[];
  readonly description: string;
}

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  {
    id: 'cme-sccp',
    interface: 'sccp',
    file: 'simulators/station/station-server.fuzz.test.ts',
    tests: ['every input: the protocol treatment, good phones unaffected, nothing leaked'],
    description:
      "CME's SCCP port: framing, registration and call-control input; good phones keep working; no session, call or view left",
  },
  {
    id: 'sip-endpoint',
    interface: 'sip',
    file: 'simulators/sip/sip-endpoint.fuzz.test.ts',
    description: 'SIP endpoint on UDP and TCP: arbitrary bytes and mutated messages never crash it',
  },
  {
    id: 'sip-header-grammar',
    interface: 'sip',
    file: 'simulators/sip/sip-header-grammar.fuzz.test.ts',
    description: 'SIP header grammar mutations get exactly their answer; a witness is served; no dialog left',
  },
  {
    id: 'cme-tr87',
    interface: 'csta',
    file: 'simulators/cme/cti/cti-over-sip.fuzz.test.ts',
    description:
      "CME's TR/87 (CSTA over SIP): INFO bodies and requests out of place get the right CSTA error or SIP status; no session, monitor or call left",
  },
  {
    id: 'cme-dial-via-office',
    interface: 'csta',
    file: 'simulators/cme/cti/cti-dial-via-office.fuzz.test.ts',
    description:
      "CME's dial-via-office MakeCall forms, remote answers and snr timeouts: the right answer or CSTA error; no callback, call or timer left",
  },
  {
    id: 'cucm-tr87',
    interface: 'csta',
    file: 'simulators/cucm/cti-gateway.fuzz.test.ts',
    description:
      "CUCM CTI gateway's TR/87: CSTA requests and set-up INVITE variants get their answer; no session left",
  },
  {
    id: 'cti-server-port',
    interface: 'cti-server',
    file: 'simulators/cti-server/server/cti-server.fuzz.test.ts',
    description:
      'CTI Server port: bytes, truncated and impossible frames; the witness gets HEARTBEAT_CONF; no session or timer left',
  },
  {
    id: 'acd-lab',
    interface: 'cti-server',
    file: 'simulators/acd-cti/acd-lab.fuzz.test.ts',
    description:
      'live ACD lab CTI Server: each input class gets its answer; the witness bridge carries on; nothing leaks',
  },
];

export function targetsOf(iface: FuzzInterface | 'all'): FuzzTarget[] {
  return FUZZ_TARGETS.filter((t) => iface === 'all' || t.interface === iface);
}
