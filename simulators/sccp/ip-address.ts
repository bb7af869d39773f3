/**
 * IP addresses as SCCP carries them: 4 raw bytes in network order for IPv4 (10.102.219.27 =
 * 0a 66 db 1b, Wireshark packet-skinny (framing)) and 16 raw bytes for IPv6. Text forms: dotted IPv4
 * and RFC 5952 IPv6 (lowercase, longest zero run compressed).
 */
import { isIPv4, isIPv6 } from 'node:net';

export function isIpv4Text(text: string): boolean {
  return isIPv4(text);
}

export function isIpv6Text(text: string): boolean {
  return isIPv6(text);
}

/** Dotted IPv4 -> 4 bytes; undefined when `text` is not an IPv4 address. */
export function ipv4ToBytes(text: string): Uint8Array | undefined {
  if (!isIPv4(text)) return undefined;
  // isIPv4 accepted it: four decimal parts 0..255 split by dots, digits only.
  // Without split/map: it runs on every encode of an IPv4 field.
  const bytes = new Uint8Array(4);
  let part = 0;
  for (const c of text) {
    if (c === '.') part++;
    else bytes[part] = (bytes[part] ?? 0) * 10 + (c.charCodeAt(0) - 0x30);
  }
  return bytes;
}

export function ipv4FromBytes(bytes: Uint8Array): string {
  return `${bytes[0] ?? 0}.${bytes[1] ?? 0}.${bytes[2] ?? 0}.${bytes[3] ?? 0}`;
}

/** IPv6 text (any valid form, including an embedded IPv4 tail) -> 16 bytes; undefined if invalid. */
export function ipv6ToBytes(text: string): Uint8Array | undefined {
  // The unspecified address, what an IPv4-only phone puts in its IPv6 fields (RegisterReq
  // stationIpV6Addr): 16 zero bytes without parsing.
  // Stryker disable next-line ConditionalExpression: equivalent, a fast path: the general path makes the same zero bytes of '::'
  if (text === '::') return new Uint8Array(16);
  if (!isIPv6(text)) return undefined;
  // The groups of one side of '::'. An empty side ('::' at the start or the end) reads as one
  // group 0, which lies in the zero run '::' stands for: the zero fill below is one group shorter.
  const groups = (part: string): number[] => {
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        // isIPv6 accepted the text, so an embedded IPv4 tail is valid.
        const v4 = ipv4ToBytes(piece) ?? new Uint8Array(4);
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else {
        out.push(Number.parseInt(piece, 16) || 0);
      }
    }
    return out;
  };
  // split always gives a first element.
  const [head, tail] = text.split('::') as [string, string?];
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  // isIPv6 accepted the text: with or without '::' there are exactly 8 groups.
  const all = [...left, ...zeros, ...right];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[i * 2] = (g >> 8) & 0xff;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

/** The unspecified address (RFC 4291 §2.5.2): 16 zero bytes. */
const UNSPECIFIED = Buffer.alloc(16);

/** 16 bytes -> RFC 5952 text. */
export function ipv6FromBytes(bytes: Uint8Array): string {
  // The unspecified address, what an IPv4-only phone sends: "::" (RFC 5952 §4.2.2), the text the
  // general path below makes too, without building it (every RegisterReq carries one).
  // Stryker disable next-line ConditionalExpression: equivalent, a fast path: the general path makes '::' of 16 zero bytes too
  if (UNSPECIFIED.equals(bytes)) return '::';
  // One pass: the groups, and RFC 5952 §4.2's longest run (length >= 2) of zero groups, the first
  // on a tie (a later run replaces it only when longer).
  const g: number[] = [];
  let bestStart = -1;
  let bestLen = 1;
  let run = 0;
  for (let i = 0; i < 8; i++) {
    const group = ((bytes[i * 2] ?? 0) << 8) | (bytes[i * 2 + 1] ?? 0);
    g.push(group);
    run = group === 0 ? run + 1 : 0;
    if (run > bestLen) {
      bestStart = i + 1 - run;
      bestLen = run;
    }
  }
  const hex = (xs: number[]): string => xs.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}
