/**
 * The TCP segments of a classic pcap (Ethernet + IPv4/IPv6 + TCP, what the lab's PcapWriter and
 * tshark/dumpcap on Ethernet write). Other frames (UDP, ARP, other link types) are skipped.
 * Layouts: IEEE 802.3 Ethernet II header (14 bytes), RFC 791 §3.1 (IPv4, IHL), RFC 8200 §3
 * (IPv6, 40 bytes, no extension headers), RFC 9293 §3.1 (TCP, data offset, flags).
 */
import { readPcap } from '../../simulators/lab/pcap-reader.ts';

export interface TcpFrame {
  /** 1-based frame number (Wireshark's). */
  readonly frame: number;
  /** ms since the epoch. */
  readonly time: number;
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly dstPort: number;
  readonly flags: number;
  readonly payload: Uint8Array;
}

const LINKTYPE_ETHERNET = 1;

export function tcpFramesOfPcap(bytes: Uint8Array): TcpFrame[] {
  const { header, records } = readPcap(bytes);
  if (header.linkType !== LINKTYPE_ETHERNET) return [];
  const out: TcpFrame[] = [];
  records.forEach((r, i) => {
    const f = tcpFrameOf(r.data, i + 1, r.tsSec * 1000 + r.tsUsec / 1000);
    if (f !== undefined) out.push(f);
  });
  return out;
}

function tcpFrameOf(d: Uint8Array, frame: number, time: number): TcpFrame | undefined {
  if (d.length < 14) return undefined;
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const etherType = v.getUint16(12);
  const ip = 14;
  let src: string;
  let dst: string;
  let l4: number;
  let end: number;
  if (etherType === 0x0800) {
    if (d.length < ip + 20 || d[ip + 9] !== 6) return undefined;
    const ihl = ((d[ip] ?? 0) & 0x0f) * 4;
    end = Math.min(d.length, ip + v.getUint16(ip + 2));
    src = Array.from(d.subarray(ip + 12, ip + 16)).join('.');
    dst = Array.from(d.subarray(ip + 16, ip + 20)).join('.');
    l4 = ip + ihl;
  } else if (etherType === 0x86dd) {
    if (d.length < ip + 40 || d[ip + 6] !== 6) return undefined;
    end = Math.min(d.length, ip + 40 + v.getUint16(ip + 4));
    src = ipv6Text(d.subarray(ip + 8, ip + 24));
    dst = ipv6Text(d.subarray(ip + 24, ip + 40));
    l4 = ip + 40;
  } else {
    return undefined;
  }
  if (end < l4 + 20) return undefined;
  const dataOffset = ((d[l4 + 12] ?? 0) >> 4) * 4;
  return {
    frame,
    time,
    src,
    srcPort: v.getUint16(l4),
    dst,
    dstPort: v.getUint16(l4 + 2),
    flags: d[l4 + 13] ?? 0,
    payload: d.subarray(l4 + dataOffset, end),
  };
}

/** RFC 5952 §4 text form (lower case, longest zero run as `::`). */
function ipv6Text(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
  let bestAt = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestAt < 0) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}
