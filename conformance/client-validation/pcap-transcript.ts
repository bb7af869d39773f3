/**
 * Reads a run's pcap back into a Transcript of the client's conversation with the lab: TCP
 * streams toward the lab's listening endpoints are reassembled per direction (segments in frame
 * order; the lab's writer and dumpcap keep that order), then framed as the protocol frames them
 * — SIP by Content-Length (RFC 3261 §18.3), GED-188 by its MHDR length (CTI Server Message
 * Reference Guide, "Message Format") — and decoded with the lab's own codecs (CSTA bodies with
 * the ECMA-323 decoder, GED-188 at the version of the connection's OPEN_REQ). Each message is
 * stamped with the frame its first byte travelled in, so evidence points at a Wireshark frame.
 */
import { decodeCsta } from '../../simulators/csta/csta-decode.ts';
import { CtiFrameReader } from '../../simulators/cti-server/frame-reader.ts';
import { MESSAGES_BY_ID } from '../../simulators/cti-server/message-catalogue.ts';
import { decodeMessage } from '../../simulators/cti-server/message-codec.ts';
import { NEWEST_VERSION } from '../../simulators/cti-server/protocol-version.ts';
import type { Endpoint } from '../../simulators/lab/observation.ts';
import { SipStreamFramer } from '../../simulators/lab/stream-framing.ts';
import { parseSipMessage } from '../../simulators/sip/sip-parser.ts';
import { type TcpFrame, tcpFramesOfPcap } from './tcp-frames.ts';
import type { Direction, Transcript, TranscriptEntry } from './transcript.ts';

export interface TranscriptEndpoints {
  /** The lab's SIP (TR/87) listening endpoints. */
  readonly sip: readonly Endpoint[];
  /** The lab's CTI Server listening endpoints (both sides). */
  readonly cti: readonly Endpoint[];
}

const TCP_FIN = 0x01;
const TCP_SYN = 0x02;
const TCP_RST = 0x04;
const TCP_ACK = 0x10;
const OPEN_REQ = 3;
const CSTA_CONTENT_TYPE = 'application/csta+xml';

interface Chunk {
  readonly frame: number;
  readonly time: number;
  /** Offset of this chunk's first byte in the direction's stream. */
  readonly start: number;
}

/** One direction of one connection: bytes so far, where each chunk began, and its framer. */
interface HalfStream {
  readonly direction: Direction;
  readonly chunks: Chunk[];
  length: number;
  /** Bytes not yet located as messages; `stream[0]` is at offset `streamBase`. */
  stream: Buffer;
  streamBase: number;
  /** Offset up to which messages have been located. */
  located: number;
  readonly sip?: SipStreamFramer;
  readonly cti?: CtiFrameReader;
  failed: boolean;
}

interface Connection {
  readonly client: string;
  readonly server: string;
  readonly protocol: 'sip' | 'cti-server';
  readonly up: HalfStream;
  readonly down: HalfStream;
  /** GED-188 version from the client's OPEN_REQ. */
  version: number;
}

export function transcriptOfPcap(bytes: Uint8Array, endpoints: TranscriptEndpoints): Transcript {
  return transcriptOfFrames(tcpFramesOfPcap(bytes), endpoints);
}

export function transcriptOfFrames(frames: readonly TcpFrame[], endpoints: TranscriptEndpoints): Transcript {
  const entries: TranscriptEntry[] = [];
  const connections = new Map<string, Connection>();
  for (const f of frames) {
    const toServer = protocolOf(f.dst, f.dstPort, endpoints);
    const fromServer = toServer === undefined ? protocolOf(f.src, f.srcPort, endpoints) : undefined;
    const protocol = toServer ?? fromServer;
    if (protocol === undefined) continue;
    const direction: Direction = toServer !== undefined ? 'from-client' : 'to-client';
    const client = direction === 'from-client' ? `${f.src}:${f.srcPort}` : `${f.dst}:${f.dstPort}`;
    const server = direction === 'from-client' ? `${f.dst}:${f.dstPort}` : `${f.src}:${f.srcPort}`;
    const key = `${client}|${server}`;
    const base = { frame: f.frame, time: f.time, direction, client, server };
    if ((f.flags & TCP_SYN) !== 0 && (f.flags & TCP_ACK) === 0) {
      connections.set(key, newConnection(client, server, protocol));
      entries.push({ ...base, protocol: 'tcp', event: 'open' });
      continue;
    }
    let conn = connections.get(key);
    if (conn === undefined) {
      // A capture that began mid-connection: take the stream from here.
      conn = newConnection(client, server, protocol);
      connections.set(key, conn);
    }
    if (f.payload.length > 0) {
      const half = direction === 'from-client' ? conn.up : conn.down;
      entries.push(...feed(conn, half, f));
    }
    if ((f.flags & TCP_RST) !== 0) entries.push({ ...base, protocol: 'tcp', event: 'reset' });
    else if ((f.flags & TCP_FIN) !== 0) entries.push({ ...base, protocol: 'tcp', event: 'close' });
  }
  return { entries };
}

function protocolOf(
  host: string,
  port: number,
  endpoints: TranscriptEndpoints,
): 'sip' | 'cti-server' | undefined {
  const matches = (e: Endpoint) => e.port === port && sameHost(e.host, host);
  if (endpoints.sip.some(matches)) return 'sip';
  if (endpoints.cti.some(matches)) return 'cti-server';
  return undefined;
}

function sameHost(listening: string, seen: string): boolean {
  if (listening === seen || listening === '0.0.0.0' || listening === '::') return true;
  if (listening === 'localhost') return seen === '127.0.0.1' || seen === '::1';
  return listening.replace(/^::ffff:/, '') === seen;
}

function newConnection(client: string, server: string, protocol: 'sip' | 'cti-server'): Connection {
  const half = (direction: Direction): HalfStream => ({
    direction,
    chunks: [],
    length: 0,
    stream: Buffer.alloc(0),
    streamBase: 0,
    located: 0,
    failed: false,
    ...(protocol === 'sip' ? { sip: new SipStreamFramer() } : { cti: new CtiFrameReader() }),
  });
  return {
    client,
    server,
    protocol,
    up: half('from-client'),
    down: half('to-client'),
    version: NEWEST_VERSION,
  };
}

function feed(conn: Connection, half: HalfStream, f: TcpFrame): TranscriptEntry[] {
  if (half.failed) return [];
  half.chunks.push({ frame: f.frame, time: f.time, start: half.length });
  half.length += f.payload.length;
  half.stream = Buffer.concat([half.stream, f.payload]);
  const base = (at: number) => {
    const chunk = chunkAt(half, at);
    return {
      frame: chunk.frame,
      time: chunk.time,
      direction: half.direction,
      client: conn.client,
      server: conn.server,
    };
  };
  const out: TranscriptEntry[] = [];
  if (half.sip !== undefined) {
    for (const ev of half.sip.push(f.payload)) {
      if (ev.kind === 'ping') continue;
      if (ev.kind === 'error') {
        half.failed = true;
        out.push({ ...base(half.located), protocol: 'unframed', reason: `SIP framing lost: ${ev.reason}` });
        break;
      }
      const at = locate(half, ev.bytes);
      out.push(sipEntry(base(at), ev.bytes));
    }
    return out;
  }
  for (const r of half.cti?.push(f.payload) ?? []) {
    if (!r.ok) {
      half.failed = true;
      out.push({
        ...base(half.located),
        protocol: 'unframed',
        reason: `GED-188 framing lost: ${r.error.message}`,
      });
      break;
    }
    const at = locate(half, r.frame.raw);
    const { messageType, body } = r.frame;
    // The OPEN_REQ's second UINT is the VersionNumber the session speaks (guide "OPEN_REQ").
    if (half.direction === 'from-client' && messageType === OPEN_REQ && body.length >= 8)
      conn.version = body.readUInt32BE(4);
    const decoded = decodeMessage(messageType, body, conn.version);
    const name = MESSAGES_BY_ID.get(messageType)?.name ?? `MSG_${messageType}`;
    out.push({
      ...base(at),
      protocol: 'cti-server',
      messageType,
      name,
      version: conn.version,
      ...(decoded.ok ? { message: decoded.message } : { error: decoded.error.message }),
    });
  }
  return out;
}

/** Where `message` starts in the stream (searching on from the last message found). */
function locate(half: HalfStream, message: Uint8Array): number {
  const at = half.stream.indexOf(message, half.located - half.streamBase);
  const start = at < 0 ? half.located : half.streamBase + at;
  half.located = start + message.length;
  half.stream = half.stream.subarray(half.located - half.streamBase);
  half.streamBase = half.located;
  return start;
}

function chunkAt(half: HalfStream, offset: number): Chunk {
  let found = half.chunks[0] as Chunk;
  for (const c of half.chunks) {
    if (c.start > offset) break;
    found = c;
  }
  return found;
}

function sipEntry(base: Omit<TranscriptEntry, 'protocol'>, bytes: Uint8Array): TranscriptEntry {
  const parsed = parseSipMessage(bytes);
  if (parsed instanceof Error)
    return { ...base, protocol: 'unframed', reason: `not a SIP message: ${parsed.message}` };
  if (parsed.contentType !== CSTA_CONTENT_TYPE || parsed.body === '')
    return { ...base, protocol: 'sip', sip: parsed };
  try {
    const decoded = decodeCsta(parsed.body);
    return { ...base, protocol: 'sip', sip: parsed, csta: decoded.message, namespace: decoded.namespace };
  } catch (e) {
    return { ...base, protocol: 'sip', sip: parsed, cstaError: (e as Error).message };
  }
}
