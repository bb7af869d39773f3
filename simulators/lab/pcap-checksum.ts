/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
 * big-endian words. Takes several parts so a pseudo-header, a header and a payload can be summed
 * without copying; an odd-length part carries its last byte into the next part.
 */
export function internetChecksum(...parts: Uint8Array[]): number {
  let sum = 0;
  let pending = -1;
  for (const part of parts) {
    let i = 0;
    if (pending >= 0 && part.length > 0) {
      sum += (pending << 8) | (part[0] ?? 0);
      pending = -1;
      i = 1;
    }
    const n = part.length;
    for (; i + 1 < n; i += 2) sum += ((part[i] ?? 0) << 8) | (part[i + 1] ?? 0);
    if (i < n) pending = part[i] ?? 0;
  }
  if (pending >= 0) sum += pending << 8;
  // Plain arithmetic (not 32-bit operators): the sum stays exact below 2^53, i.e. for any payload.
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}
