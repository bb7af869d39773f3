/**
 * Header versions an SCCP frame may carry (Wireshark packet-skinny (framing): Wireshark accepts
 * 0x00, 0x0A, 0x0B, 0x0F-0x16). Layouts are chosen by this number (§2).
 */
export const HEADER_VERSIONS: readonly number[] = [
  0x00, 0x0a, 0x0b, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
];

const accepted = new Set(HEADER_VERSIONS);

export function isHeaderVersion(v: number): boolean {
  return accepted.has(v);
}
