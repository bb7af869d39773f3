import type { PcapAddress } from './pcap-address.ts';
import { internetChecksum } from './pcap-checksum.ts';
import { PcapError } from './pcap-error.ts';

/** TCP header flag bits (RFC 9293 §3.1). */
export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
export const IP_PROTO_TCP = 6;
export const IP_PROTO_UDP = 17;
const ETHERNET_HEADER = 14;
const IPV4_HEADER = 20;
const IPV6_HEADER = 40;
const TCP_HEADER = 20;
const UDP_HEADER = 8;
/** The window advertised; with the SYN's window-scale option of 14 it stands for ~1 GiB. */
const TCP_WINDOW = 0xffff;
export const TCP_WINDOW_SCALE = 14;

export interface PacketAddressing {
  src: PcapAddress;
  dst: PcapAddress;
  srcPort: number;
  dstPort: number;
}

export interface TcpSegment extends PacketAddressing {
  seq: number;
  ack: number;
  flags: number;
  payload?: Uint8Array;
  /** IPv4 identification field (ignored for IPv6). */
  ipId?: number;
}

export interface UdpDatagram extends PacketAddressing {
  payload: Uint8Array;
  ipId?: number;
}

/** Largest payload one IPv4 TCP segment can carry (65535 minus the IP and TCP headers). */
export const MAX_TCP_PAYLOAD = 0xffff - IPV4_HEADER - TCP_HEADER;
/** Largest UDP payload over IPv4 (RFC 768 length field minus the IP header). */
export const MAX_UDP_PAYLOAD = 0xffff - IPV4_HEADER - UDP_HEADER;

/**
 * A synthetic Ethernet + IPv4/IPv6 + TCP frame. Checksums are real (IPv4 header checksum per
 * RFC 791, TCP over the pseudo-header per RFC 9293 §3.1 / RFC 8200 §8.1), so Wireshark with
 * checksum validation on reports them good. SYN segments carry MSS and window-scale options
 * (RFC 7323 §2) so that large unacknowledged bursts never look like a full window.
 */
export function buildTcpFrame(seg: TcpSegment): Uint8Array {
  checkPair(seg);
  const payload = seg.payload ?? new Uint8Array(0);
  if (payload.length > MAX_TCP_PAYLOAD) {
    throw new PcapError('bad-payload', `TCP payload of ${payload.length} bytes exceeds ${MAX_TCP_PAYLOAD}`);
  }
  const syn = (seg.flags & TCP_FLAGS.SYN) !== 0;
  // MSS (kind 2, len 4), NOP, window scale (kind 3, len 3): 8 bytes, keeps the header 32-bit aligned.
  const options = syn ? Uint8Array.of(2, 4, 0xff, 0xd7, 1, 3, 3, TCP_WINDOW_SCALE) : new Uint8Array(0);
  const tcpLen = TCP_HEADER + options.length;
  const tcp = new Uint8Array(tcpLen);
  const v = new DataView(tcp.buffer);
  v.setUint16(0, seg.srcPort);
  v.setUint16(2, seg.dstPort);
  v.setUint32(4, seg.seq >>> 0);
  v.setUint32(8, seg.ack >>> 0);
  tcp[12] = (tcpLen / 4) << 4;
  tcp[13] = seg.flags & 0xff;
  v.setUint16(14, TCP_WINDOW);
  tcp.set(options, TCP_HEADER);
  const pseudo = pseudoHeader(seg.src, seg.dst, IP_PROTO_TCP, tcpLen + payload.length);
  v.setUint16(16, internetChecksum(pseudo, tcp, payload));
  return frame(seg, IP_PROTO_TCP, tcp, payload);
}

/** A synthetic Ethernet + IP + UDP frame with a real UDP checksum (RFC 768). */
export function buildUdpFrame(d: UdpDatagram): Uint8Array {
  checkPair(d);
  if (d.payload.length > MAX_UDP_PAYLOAD) {
    throw new PcapError(
      'datagram-too-large',
      `UDP payload of ${d.payload.length} bytes exceeds ${MAX_UDP_PAYLOAD}`,
    );
  }
  const udp = new Uint8Array(UDP_HEADER);
  const v = new DataView(udp.buffer);
  v.setUint16(0, d.srcPort);
  v.setUint16(2, d.dstPort);
  v.setUint16(4, UDP_HEADER + d.payload.length);
  const pseudo = pseudoHeader(d.src, d.dst, IP_PROTO_UDP, UDP_HEADER + d.payload.length);
  // RFC 768: a computed checksum of zero is sent as all ones (zero means "none").
  v.setUint16(6, internetChecksum(pseudo, udp, d.payload) || 0xffff);
  return frame(d, IP_PROTO_UDP, udp, d.payload);
}

/**
 * A locally administered unicast MAC derived from the IP address (02:00 + the address's last four
 * bytes), so each host keeps one stable MAC across the capture.
 */
export function macFor(addr: PcapAddress): Uint8Array {
  const b = addr.bytes;
  return Uint8Array.of(0x02, 0x00, ...b.subarray(b.length - 4));
}

function checkPair(p: PacketAddressing): void {
  if (p.src.family !== p.dst.family) {
    throw new PcapError('address-family-mismatch', 'source and destination are of different IP versions');
  }
  for (const port of [p.srcPort, p.dstPort]) {
    if (!Number.isInteger(port) || port < 0 || port > 0xffff)
      throw new PcapError('bad-port', `bad port ${port}`);
  }
}

function pseudoHeader(src: PcapAddress, dst: PcapAddress, proto: number, length: number): Uint8Array {
  if (src.family === 4) {
    const p = new Uint8Array(12);
    p.set(src.bytes, 0);
    p.set(dst.bytes, 4);
    p[9] = proto;
    new DataView(p.buffer).setUint16(10, length);
    return p;
  }
  const p = new Uint8Array(40);
  p.set(src.bytes, 0);
  p.set(dst.bytes, 16);
  new DataView(p.buffer).setUint32(32, length);
  p[39] = proto;
  return p;
}

function frame(
  p: PacketAddressing & { ipId?: number },
  proto: number,
  l4: Uint8Array,
  payload: Uint8Array,
): Uint8Array {
  const v4 = p.src.family === 4;
  const ipLen = v4 ? IPV4_HEADER : IPV6_HEADER;
  const out = new Uint8Array(ETHERNET_HEADER + ipLen + l4.length + payload.length);
  const v = new DataView(out.buffer);
  out.set(macFor(p.dst), 0);
  out.set(macFor(p.src), 6);
  v.setUint16(12, v4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6);
  const ip = ETHERNET_HEADER;
  if (v4) {
    out[ip] = 0x45; // version 4, IHL 5 words
    v.setUint16(ip + 2, IPV4_HEADER + l4.length + payload.length);
    v.setUint16(ip + 4, (p.ipId ?? 0) & 0xffff);
    v.setUint16(ip + 6, 0x4000); // DF, no fragments
    out[ip + 8] = 64; // TTL
    out[ip + 9] = proto;
    out.set(p.src.bytes, ip + 12);
    out.set(p.dst.bytes, ip + 16);
    v.setUint16(ip + 10, internetChecksum(out.subarray(ip, ip + IPV4_HEADER)));
  } else {
    v.setUint32(ip, 0x60000000); // version 6, no traffic class, no flow label
    v.setUint16(ip + 4, l4.length + payload.length);
    out[ip + 6] = proto;
    out[ip + 7] = 64; // hop limit
    out.set(p.src.bytes, ip + 8);
    out.set(p.dst.bytes, ip + 24);
  }
  out.set(l4, ip + ipLen);
  out.set(payload, ip + ipLen + l4.length);
  return out;
}
