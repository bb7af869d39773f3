/**
 * tshark Decode As rules for a scenario's capture: the lab's SCCP and SIP (TR/87) listeners on
 * ports that are not their protocol's registered one (SCCP 2000, SIP 5060), learnt from the
 * scenario's connection observations and from a process/containers lab's reported endpoints.
 *
 * Why: tshark tries a port's registered dissector before any heuristic, so an ephemeral port that
 * another protocol registered makes it dissect the lab's traffic as that protocol and call every
 * frame malformed. Seen in conformance runs: a phone on 48898 (Beckhoff AMS) and a TR/87 client
 * on 34980 (EtherCAT: features/cucm/device-limit-defaults.feature, 4,011 malformed frames; with
 * `tcp.port==<listener>,sip`, 0). Wireshark User's Guide, "User Specified Decodes" (Decode As): a `tcp.port` rule matches either
 * port, so it covers the whole conversation.
 */
import type { Observation } from '../lab/observation.ts';
import type { DecodeOptions } from '../lab/tshark.ts';

/** The endpoints a process/containers lab reports per node (simulators/runtime). */
export interface LabNodeEndpoints {
  readonly endpoints: { readonly sccp?: { readonly port: number }; readonly sip?: { readonly port: number } };
}

/** SCCP's registered TCP port (Wireshark packet-skinny) and SIP's (RFC 3261 §19.1.2). */
const SCCP_PORT = 2000;
const SIP_PORT = 5060;

/**
 * `decodeAs` for the scenario's SCCP and SIP listeners; with a runtime lab (`nodes`) also its
 * nodes' listeners, and `checkChecksums: false`: frames captured on a real interface (the lab
 * network's bridge) carry checksums the kernel leaves to the NIC (offload). An embedded lab's
 * captures check every checksum.
 */
export function labDecodeOptions(
  observed: readonly Observation[],
  sccpDecodePorts: Iterable<number>,
  nodes?: Readonly<Record<string, LabNodeEndpoints>>,
): Pick<DecodeOptions, 'decodeAs' | 'checkChecksums'> {
  const sccp = new Set(sccpDecodePorts);
  const sip = new Set<number>();
  for (const o of observed) {
    if (o.kind !== 'connection') continue;
    if (o.protocol === 'sccp') sccp.add(o.server.port);
    if (o.protocol === 'sip') sip.add(o.server.port);
  }
  for (const n of Object.values(nodes ?? {})) {
    if (n.endpoints.sccp) sccp.add(n.endpoints.sccp.port);
    if (n.endpoints.sip) sip.add(n.endpoints.sip.port);
  }
  const decodeAs = [
    ...[...sccp].filter((p) => p !== SCCP_PORT).map((p) => `tcp.port==${p},skinny`),
    ...[...sip].filter((p) => p !== SIP_PORT).map((p) => `tcp.port==${p},sip`),
  ];
  if (nodes === undefined) return decodeAs.length > 0 ? { decodeAs } : {};
  return { decodeAs, checkChecksums: false };
}
