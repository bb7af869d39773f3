import type { ConnectionObservation, Endpoint, Observation, WireObservation } from './observation.ts';
import { type PcapAddress, parsePcapAddress } from './pcap-address.ts';
import { PcapError } from './pcap-error.ts';
import { buildTcpFrame, buildUdpFrame, TCP_FLAGS } from './pcap-packet.ts';

/** Classic libpcap magic, microsecond timestamps, written big-endian here (any order is valid). */
export const PCAP_MAGIC = 0xa1b2c3d4;
export const PCAP_SNAPLEN = 262144;
/** LINKTYPE_ETHERNET: every dissector (and every tool) handles it. */
export const LINKTYPE_ETHERNET = 1;
/** Payloads above this are written as several TCP segments (brief: split above 65000 bytes). */
export const MAX_SEGMENT_PAYLOAD = 65000;
const RECORD_HEADER = 16;

export interface PcapWriterOptions {
  /**
   * Lab nodes on both ends of a connection each publish the same bytes (the sender on send, the
   * receiver on receipt). With `dedupe` (the default) the first publisher heard for a direction
   * of a flow owns that direction and other publishers' copies are left out of the capture.
   */
  dedupe?: boolean;
  /**
   * Who the client is, for a connection whose `open` this writer never saw (it started after
   * the connection opened). Without an answer the first side to send is taken as the client,
   * which holds for SCCP, SIP over TCP and the CTI Server protocol (all client-first).
   */
  clientHint?: (a: Endpoint, b: Endpoint) => Endpoint | undefined;
}

export interface PcapWriterStats {
  /** Packets (pcap records) written, global header excluded. */
  packets: number;
  /** Observations turned into at least one packet. */
  written: number;
  /** Observations deliberately left out (state, duplicates, data after close). */
  ignored: number;
}

type Direction = 'c2s' | 's2c';

interface Side {
  endpoint: Endpoint;
  addr: PcapAddress;
}

interface TcpFlow {
  client: Side;
  server: Side;
  /** Next sequence number each side will send. */
  next: Record<Direction, number>;
  owner: Partial<Record<Direction, string>>;
  ids: Set<string>;
}

interface UdpFlow {
  owner: Partial<Record<'ab' | 'ba', string>>;
}

/**
 * Turns observations into classic libpcap records (global header then one record per packet)
 * with synthesised Ethernet/IP/TCP/UDP headers, handing each chunk to `sink` synchronously.
 *
 * TCP connections are keyed by their address/port pair, not by the publisher's connection id, so
 * both ends' reports land in one stream. Each flow keeps per-direction sequence numbers so
 * Wireshark reassembles PDUs across segments: a three-way handshake on `open` (or lazily before
 * the first data), data segments with PSH|ACK split at {@link MAX_SEGMENT_PAYLOAD}, and a
 * FIN/FIN/ACK close. Bad observations raise {@link PcapError} before any state changes.
 */
export class PcapWriter {
  private readonly sink: (chunk: Uint8Array) => void;
  private readonly dedupe: boolean;
  private readonly clientHint: PcapWriterOptions['clientHint'];
  private readonly tcp = new Map<string, TcpFlow>();
  private readonly udp = new Map<string, UdpFlow>();
  private readonly closedIds = new Set<string>();
  private lastMicros = -1;
  private ipId = 0;
  private flowCounter = 0;
  private readonly counts: PcapWriterStats = { packets: 0, written: 0, ignored: 0 };

  constructor(sink: (chunk: Uint8Array) => void, opts: PcapWriterOptions = {}) {
    this.sink = sink;
    this.dedupe = opts.dedupe ?? true;
    this.clientHint = opts.clientHint;
    sink(pcapGlobalHeader());
  }

  get stats(): PcapWriterStats {
    return { ...this.counts };
  }

  /** Writes whatever packets the observation stands for; returns how many. */
  write(o: Observation): number {
    let n = 0;
    if (o.kind === 'wire') n = this.wire(o);
    else if (o.kind === 'connection') n = this.connection(o);
    if (n > 0) this.counts.written++;
    else this.counts.ignored++;
    return n;
  }

  /** The client of the live TCP connection between `a` and `b`, if this writer knows it. */
  clientOf(a: Endpoint, b: Endpoint): Endpoint | undefined {
    return this.tcp.get(pairKey(a, b))?.client.endpoint;
  }

  /** Client/server of every live TCP connection (used to seed a rotated capture). */
  liveConnections(): Array<{ client: Endpoint; server: Endpoint }> {
    return [...this.tcp.values()].map((f) => ({ client: f.client.endpoint, server: f.server.endpoint }));
  }

  private wire(o: WireObservation): number {
    if (!(o.bytes instanceof Uint8Array))
      throw new PcapError('bad-payload', 'wire observation without bytes');
    if (o.transport === 'udp') return this.udpData(o);
    if (o.transport !== 'tcp') throw new PcapError('bad-payload', `unknown transport ${String(o.transport)}`);
    const src = side(o.src);
    const dst = side(o.dst);
    if (this.closedIds.has(o.connection)) return 0;
    const key = pairKey(o.src, o.dst);
    let flow = this.tcp.get(key);
    const micros = this.micros(o.time);
    let n = 0;
    if (!flow) {
      const hinted = this.clientHint?.(o.src, o.dst);
      const srcIsClient = hinted === undefined || sameEndpoint(hinted, o.src);
      flow = this.newFlow(key, srcIsClient ? src : dst, srcIsClient ? dst : src, o.connection);
      n += this.handshake(flow, micros);
    }
    flow.ids.add(o.connection);
    const dir: Direction = sameEndpoint(flow.client.endpoint, o.src) ? 'c2s' : 's2c';
    if (!this.claim(flow.owner, dir, o.source)) return n;
    if (o.bytes.length === 0) return n;
    for (let off = 0; off < o.bytes.length; off += MAX_SEGMENT_PAYLOAD) {
      const chunk = o.bytes.subarray(off, off + MAX_SEGMENT_PAYLOAD);
      this.segment(flow, dir, TCP_FLAGS.PSH | TCP_FLAGS.ACK, micros, chunk);
      n++;
    }
    return n;
  }

  private connection(o: ConnectionObservation): number {
    const client = side(o.client);
    const server = side(o.server);
    const key = pairKey(o.client, o.server);
    const micros = this.micros(o.time);
    const flow = this.tcp.get(key);
    if (o.event === 'open') {
      if (flow) {
        // The other end's report of a connection already written.
        flow.ids.add(o.connection);
        return 0;
      }
      if (this.closedIds.has(o.connection)) return 0;
      return this.handshake(this.newFlow(key, client, server, o.connection), micros);
    }
    if (o.event !== 'close')
      throw new PcapError('bad-payload', `unknown connection event ${String(o.event)}`);
    this.closedIds.add(o.connection);
    if (!flow) return 0;
    for (const id of flow.ids) this.closedIds.add(id);
    this.tcp.delete(key);
    // Active close by the client, then the server's FIN, then the client's last ACK (RFC 9293 §3.6).
    this.segment(flow, 'c2s', TCP_FLAGS.FIN | TCP_FLAGS.ACK, micros);
    flow.next.c2s = (flow.next.c2s + 1) >>> 0;
    this.segment(flow, 's2c', TCP_FLAGS.FIN | TCP_FLAGS.ACK, micros);
    flow.next.s2c = (flow.next.s2c + 1) >>> 0;
    this.segment(flow, 'c2s', TCP_FLAGS.ACK, micros);
    return 3;
  }

  private udpData(o: WireObservation): number {
    const src = side(o.src);
    const dst = side(o.dst);
    const key = pairKey(o.src, o.dst);
    const dir = endpointKey(o.src) <= endpointKey(o.dst) ? 'ab' : 'ba';
    const micros = this.micros(o.time);
    const frame = buildUdpFrame({
      src: src.addr,
      dst: dst.addr,
      srcPort: o.src.port,
      dstPort: o.dst.port,
      payload: o.bytes,
      ipId: this.ipId,
    });
    let flow = this.udp.get(key);
    if (!flow) {
      flow = { owner: {} };
      this.udp.set(key, flow);
    }
    if (!this.claim(flow.owner, dir, o.source)) return 0;
    this.ipId = (this.ipId + 1) & 0xffff;
    this.record(frame, micros);
    return 1;
  }

  private claim<K extends string>(owner: Partial<Record<K, string>>, dir: K, source: string): boolean {
    if (!this.dedupe) return true;
    const current = owner[dir];
    if (current === undefined) {
      owner[dir] = source;
      return true;
    }
    return current === source;
  }

  private newFlow(key: string, client: Side, server: Side, id: string): TcpFlow {
    if (client.addr.family !== server.addr.family) {
      throw new PcapError(
        'address-family-mismatch',
        `${endpointKey(client.endpoint)} / ${endpointKey(server.endpoint)}`,
      );
    }
    const n = this.flowCounter++;
    const flow: TcpFlow = {
      client,
      server,
      next: { c2s: isn(`${key}#${n}/c`), s2c: isn(`${key}#${n}/s`) },
      owner: {},
      ids: new Set([id]),
    };
    this.tcp.set(key, flow);
    return flow;
  }

  private handshake(flow: TcpFlow, micros: number): number {
    // RFC 9293 §3.5: SYN, SYN-ACK, ACK; each SYN consumes one sequence number.
    this.segment(flow, 'c2s', TCP_FLAGS.SYN, micros, undefined, 0);
    flow.next.c2s = (flow.next.c2s + 1) >>> 0;
    this.segment(flow, 's2c', TCP_FLAGS.SYN | TCP_FLAGS.ACK, micros);
    flow.next.s2c = (flow.next.s2c + 1) >>> 0;
    this.segment(flow, 'c2s', TCP_FLAGS.ACK, micros);
    return 3;
  }

  private segment(
    flow: TcpFlow,
    dir: Direction,
    flags: number,
    micros: number,
    payload?: Uint8Array,
    ack?: number,
  ) {
    const [from, to] = dir === 'c2s' ? [flow.client, flow.server] : [flow.server, flow.client];
    const frame = buildTcpFrame({
      src: from.addr,
      dst: to.addr,
      srcPort: from.endpoint.port,
      dstPort: to.endpoint.port,
      seq: flow.next[dir],
      ack: ack ?? flow.next[dir === 'c2s' ? 's2c' : 'c2s'],
      flags,
      ...(payload ? { payload } : {}),
      ipId: this.ipId,
    });
    this.ipId = (this.ipId + 1) & 0xffff;
    if (payload) flow.next[dir] = (flow.next[dir] + payload.length) >>> 0;
    this.record(frame, micros);
  }

  /** Emits one record; timestamps strictly increase within the file (1 µs apart at least). */
  private record(frame: Uint8Array, micros: number): void {
    const t = Math.max(micros, this.lastMicros + 1);
    this.lastMicros = t;
    const rec = new Uint8Array(RECORD_HEADER + frame.length);
    const v = new DataView(rec.buffer);
    v.setUint32(0, Math.floor(t / 1e6));
    v.setUint32(4, t % 1e6);
    v.setUint32(8, frame.length);
    v.setUint32(12, frame.length);
    rec.set(frame, RECORD_HEADER);
    this.counts.packets++;
    this.sink(rec);
  }

  private micros(timeMs: number): number {
    if (typeof timeMs !== 'number' || !Number.isFinite(timeMs) || timeMs < 0 || timeMs >= 0xffffffff * 1000) {
      throw new PcapError('bad-time', `observation time ${String(timeMs)} is not a pcap timestamp`);
    }
    return Math.round(timeMs * 1000);
  }
}

/** The 24-byte libpcap global header: magic, v2.4, zone 0, sigfigs 0, snaplen, link type. */
export function pcapGlobalHeader(snaplen = PCAP_SNAPLEN, linkType = LINKTYPE_ETHERNET): Uint8Array {
  const h = new Uint8Array(24);
  const v = new DataView(h.buffer);
  v.setUint32(0, PCAP_MAGIC);
  v.setUint16(4, 2);
  v.setUint16(6, 4);
  v.setInt32(8, 0);
  v.setUint32(12, 0);
  v.setUint32(16, snaplen);
  v.setUint32(20, linkType);
  return h;
}

function side(endpoint: Endpoint): Side {
  if (!endpoint || typeof endpoint !== 'object') throw new PcapError('bad-address', 'missing endpoint');
  const port = endpoint.port;
  if (!Number.isInteger(port) || port < 0 || port > 0xffff)
    throw new PcapError('bad-port', `bad port ${port}`);
  return { endpoint: { host: endpoint.host, port }, addr: parsePcapAddress(endpoint.host) };
}

/** An endpoint as address bytes and port, so `::ffff:1.2.3.4` and `1.2.3.4` are one host. */
function endpointKey(e: Endpoint): string {
  return `${addrKey(e.host)}|${e.port}`;
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.port === b.port && addrKey(a.host) === addrKey(b.host);
}

function addrKey(host: string): string {
  return parsePcapAddress(host).bytes.join('.');
}

function pairKey(a: Endpoint, b: Endpoint): string {
  const ka = endpointKey(a);
  const kb = endpointKey(b);
  return ka <= kb ? `${ka}<>${kb}` : `${kb}<>${ka}`;
}

/** A deterministic initial sequence number per flow (FNV-1a), so captures are reproducible. */
function isn(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
