/**
 * Protocol-version negotiation and the header version the node writes on each connection.
 *
 * Wireshark packet-skinny (header versions): chan-sccp supports 3, 5, 8, 9, 10, 11, 15..22 and picks the
 * highest <= the phone's (minimum 3); sends carry the negotiated version as header version when
 * it is >= 10, else 0, and always 0 for KeepAliveAck, RegisterAck and UnregisterAck.
 */
export const supportedProtocolVersions = [3, 5, 8, 9, 10, 11, 15, 16, 17, 18, 19, 20, 21, 22] as const;

export function negotiateProtocolVersion(phoneVersion: number, maxVersion = 22): number {
  const limit = Math.min(phoneVersion, maxVersion);
  let best = 3;
  for (const v of supportedProtocolVersions) if (v <= limit) best = v;
  return best;
}

export function headerVersionFor(protocolVersion: number): number {
  return protocolVersion >= 10 ? protocolVersion : 0;
}

/** From v8 on, prompts and call info use the dynamic (variable-length) messages (reference §2). */
export function usesDynamicMessages(protocolVersion: number): boolean {
  return protocolVersion >= 8;
}

/** RegisterAck feature bytes per chan-sccp: 00 00 00 (v3), 20 F1 FE (5-10), 20 F1 FF (>= 11). */
export function registerAckFeatures(protocolVersion: number): { unknown: number; phoneFeatures: number } {
  if (protocolVersion <= 3) return { unknown: 0, phoneFeatures: 0 };
  if (protocolVersion <= 10) return { unknown: 0x20, phoneFeatures: 0xfef1 };
  return { unknown: 0x20, phoneFeatures: 0xfff1 };
}
