import { isIPv4, isIPv6 } from 'node:net';
import { PcapError } from './pcap-error.ts';

/** An endpoint's address as it goes into a synthesised IP header. */
export interface PcapAddress {
  family: 4 | 6;
  bytes: Uint8Array;
}

/**
 * Turns an observation's host into IP header bytes. Nodes report their sockets' own addresses,
 * which are IP literals; `::ffff:a.b.c.d` (Node's dual-stack form) is written as IPv4, and
 * `localhost` as 127.0.0.1. Anything else is a {@link PcapError} (`bad-address`).
 */
export function parsePcapAddress(host: string): PcapAddress {
  if (typeof host !== 'string') throw new PcapError('bad-address', `host is not a string: ${String(host)}`);
  let h = host.trim();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.toLowerCase() === 'localhost') h = '127.0.0.1';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(h);
  if (mapped?.[1] !== undefined) h = mapped[1];
  if (isIPv4(h)) return { family: 4, bytes: Uint8Array.from(h.split('.').map(Number)) };
  if (isIPv6(h)) return { family: 6, bytes: ipv6Bytes(h) };
  throw new PcapError('bad-address', `not an IP address: ${JSON.stringify(host)}`);
}

function ipv6Bytes(h: string): Uint8Array {
  const zone = h.indexOf('%');
  let text = zone >= 0 ? h.slice(0, zone) : h;
  const out = new Uint8Array(16);
  // An embedded dotted quad (e.g. ::1.2.3.4) stands for the last two groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tail: number[] = [];
  if (quad?.[1] !== undefined) {
    const b = quad[1].split('.').map(Number);
    tail = [((b[0] ?? 0) << 8) | (b[1] ?? 0), ((b[2] ?? 0) << 8) | (b[3] ?? 0)];
    text = text.slice(0, -quad[1].length);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const [head = '', rest] = text.split('::');
  const groups = (s: string | undefined) => (s ? s.split(':').filter((g) => g !== '') : []);
  const left = groups(head).map((g) => Number.parseInt(g, 16));
  const right = [...groups(rest).map((g) => Number.parseInt(g, 16)), ...tail];
  const words = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  words.forEach((w, i) => {
    out[i * 2] = (w >> 8) & 0xff;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}
