import type { Endpoint, Observation, WireObservation, WireProtocol } from '../lab/observation.ts';
import {
  type DirectionDecoder,
  directionDecoder,
  type FlowContext,
  newFlowContext,
  undecodableBytes,
} from './message-decoders.ts';
import { PartyNames } from './party-names.ts';

/**
 * A ladder (sequence) diagram of what crossed the lab's sockets, built from the observation
 * stream only (docs/architecture.md: consumers never reach into a node): one lifeline per party,
 * one arrow per message. The same data is the JSON export (`ladder.json`).
 */
export interface LadderParty {
  /** The lifeline's label: a node or device name where known, else `host:port`. */
  name: string;
  /** The `host:port` endpoints drawn on this lifeline. */
  endpoints: string[];
}

export interface LadderArrow {
  /** 1, 2, ... in the order the messages crossed. */
  seq: number;
  /** The lab clock's time (ms since the epoch) when the first copy was observed. */
  time: number;
  from: string;
  to: string;
  fromEndpoint: string;
  toEndpoint: string;
  protocol: WireProtocol;
  transport: 'tcp' | 'udp';
  /** The message name (SCCP `RegisterReq`, SIP `INFO (MakeCall)`, GED-188 `OPEN_REQ`). */
  name: string;
  /**
   * The decoded message, as JSON values. Byte fields longer than {@link HEX_FIELD_BYTES} are
   * left out (`"<n bytes: see the pcap>"`); an undecodable message carries its first bytes in hex.
   */
  fields: unknown;
}

/** The JSON format of a ladder: /2 added `total` and `truncated` (a capped ladder). */
export const LADDER_FORMAT = 'ctilab-ladder/2';

export interface Ladder {
  format: typeof LADDER_FORMAT;
  /** Messages seen: the last arrow's seq, drawn or not. */
  total: number;
  /**
   * Messages left out of `arrows` (`total - arrows.length`): a capped ladder (`cappedLadder`)
   * keeps its first and last arrows, a live one its last; the gap shows in the arrows' seq.
   */
  truncated: number;
  parties: LadderParty[];
  arrows: LadderArrow[];
}

export interface LadderOptions {
  /**
   * Names the harness knows for endpoints (`host:port` -> name); they win over learnt ones. A
   * function is asked each time the ladder is read (a live lab's phones reconnect).
   */
  names?: ReadonlyMap<string, string> | ((endpoint: string) => string | undefined);
  /** The protocols drawn; default SCCP, SIP and the CTI Server protocol. */
  protocols?: readonly WireProtocol[];
  /** Keep only about the last `limit` arrows (a live lab runs for hours); default all. */
  limit?: number;
}

export const endpointKey = (e: Endpoint): string => `${e.host}:${e.port}`;

interface RawArrow {
  seq: number;
  time: number;
  src: string;
  dst: string;
  protocol: WireProtocol;
  transport: 'tcp' | 'udp';
  name: string;
  fields: unknown;
}

interface Direction {
  owner: string;
  decoder: DirectionDecoder;
}

/**
 * Consumes observations (live, or a scenario's after the fact) and keeps the arrows. Each message
 * is published by its sender and again by its receiver: as in the captures (pcap-writer.ts,
 * `dedupe`), the first publisher heard for a direction of a flow owns it and the others' copies
 * are left out. Party names are resolved when the ladder is read, so a name learnt late (a
 * receiver's copy, a RegisterReq) names the earlier arrows too.
 */
export class LadderBuilder {
  private readonly protocols: ReadonlySet<WireProtocol>;
  private readonly directions = new Map<string, Direction>();
  private readonly flows = new Map<string, FlowContext>();
  private readonly raw: RawArrow[] = [];
  private readonly names: PartyNames;
  private readonly limit: number;
  private seq = 0;

  constructor(options: LadderOptions = {}) {
    this.protocols = new Set(options.protocols ?? ['sccp', 'sip', 'cti-server']);
    this.names = new PartyNames(options.names);
    this.limit = options.limit ?? Number.POSITIVE_INFINITY;
  }

  /** Arrows kept. */
  get size(): number {
    return this.raw.length;
  }

  /** Arrows seen so far (the last arrow's seq), kept or not. */
  get total(): number {
    return this.seq;
  }

  /** Takes one observation; returns how many arrows it added. */
  observe(o: Observation): number {
    if (o.kind === 'state' || !this.protocols.has(o.protocol)) return 0;
    this.names.observe(o);
    if (o.kind === 'connection') return 0;
    const src = endpointKey(o.src);
    const dst = endpointKey(o.dst);
    const key = `${o.protocol}|${src}>${dst}`;
    let dir = this.directions.get(key);
    if (dir === undefined) {
      dir = { owner: o.source, decoder: directionDecoder(o.protocol, this.flow(o)) };
      this.directions.set(key, dir);
    }
    if (dir.owner !== o.source) return 0;
    let added = 0;
    for (const m of decodeSafely(dir.decoder, o)) {
      this.names.message(o, m.name, m.fields);
      this.raw.push({
        seq: ++this.seq,
        time: o.time,
        src,
        dst,
        protocol: o.protocol,
        transport: o.transport,
        name: m.name,
        fields: toJson(m.fields),
      });
      added++;
    }
    // Trimmed in batches, so a long run does not copy the list on every message.
    if (this.raw.length > this.limit + Math.ceil(this.limit / 10))
      this.raw.splice(0, this.raw.length - this.limit);
    return added;
  }

  /** The ladder now: parties in order of their first arrow. */
  ladder(): Ladder {
    const known = new Map<string, string>();
    const name = (ep: string): string => {
      let n = known.get(ep);
      if (n === undefined) {
        n = this.names.nameOf(ep);
        known.set(ep, n);
      }
      return n;
    };
    const parties = new Map<string, LadderParty>();
    const touch = (ep: string) => {
      const n = name(ep);
      const p = parties.get(n) ?? { name: n, endpoints: [] };
      if (!p.endpoints.includes(ep)) p.endpoints.push(ep);
      parties.set(n, p);
    };
    const arrows = this.raw.map((a): LadderArrow => {
      touch(a.src);
      touch(a.dst);
      return {
        seq: a.seq,
        time: a.time,
        from: name(a.src),
        to: name(a.dst),
        fromEndpoint: a.src,
        toEndpoint: a.dst,
        protocol: a.protocol,
        transport: a.transport,
        name: a.name,
        fields: a.fields,
      };
    });
    return {
      format: LADDER_FORMAT,
      total: this.seq,
      truncated: this.seq - arrows.length,
      parties: [...parties.values()],
      arrows,
    };
  }

  private flow(o: WireObservation): FlowContext {
    const key = `${o.protocol}|${[endpointKey(o.src), endpointKey(o.dst)].sort().join('|')}`;
    let f = this.flows.get(key);
    if (f === undefined) {
      f = newFlowContext();
      this.flows.set(key, f);
    }
    return f;
  }
}

/** The last `n` arrows of a ladder and the parties they touch, in the ladder's order. */
export function lastArrows(ladder: Ladder, n: number): Ladder {
  return withArrows(ladder, n <= 0 ? [] : ladder.arrows.slice(-n));
}

/**
 * The ladder JSON a scenario writes keeps at most this many arrows: its first and last
 * `first`/`last` (the set-up and how it ended; the pcap holds every message). 2000 SIP messages
 * are about 2 MB of JSON; a device-limit scenario opens 2000 devices (12 000 messages, 13 MB).
 */
export const JSON_ARROWS = { first: 1000, last: 1000 } as const;

/**
 * The first `first` and the last `last` arrows of a ladder (all of it when that is no more), the
 * parties they touch, and `truncated` counting the messages left out between them.
 */
export function cappedLadder(
  ladder: Ladder,
  cap: { readonly first: number; readonly last: number } = JSON_ARROWS,
): Ladder {
  const { arrows } = ladder;
  if (arrows.length <= cap.first + cap.last) return ladder;
  return withArrows(ladder, [
    ...arrows.slice(0, Math.max(0, cap.first)),
    ...(cap.last > 0 ? arrows.slice(-cap.last) : []),
  ]);
}

function withArrows(ladder: Ladder, arrows: LadderArrow[]): Ladder {
  const used = new Set(arrows.flatMap((a) => [a.from, a.to]));
  return {
    ...ladder,
    truncated: ladder.total - arrows.length,
    parties: ladder.parties.filter((p) => used.has(p.name)),
    arrows,
  };
}

/** The ladder as JSON text: one arrow a line (greppable, diffable, no indentation to pay for). */
export function ladderJson(ladder: Ladder): string {
  const { arrows, ...head } = ladder;
  const top = JSON.stringify({ ...head, arrows: [] });
  if (arrows.length === 0) return `${top}\n`;
  return `${top.slice(0, -3)}[\n${arrows.map((a) => JSON.stringify(a)).join(',\n')}\n]}\n`;
}

/** The ladder of a list of observations (a scenario's `world.observed`). */
export function ladderOf(observations: Iterable<Observation>, options: LadderOptions = {}): Ladder {
  const b = new LadderBuilder(options);
  for (const o of observations) b.observe(o);
  return b.ladder();
}

function decodeSafely(decoder: DirectionDecoder, o: WireObservation) {
  try {
    return decoder.push(o);
  } catch (err) {
    // A decoder bug must not cost the rest of the ladder: the message is drawn as undecodable.
    return [
      { name: `undecodable ${o.protocol}`, fields: { error: String(err), ...undecodableBytes(o.bytes) } },
    ];
  }
}

/**
 * Byte fields of a decoded message up to this long are kept in hex (an address, a MAC, a short
 * opaque value); longer ones are left to the pcap.
 */
export const HEX_FIELD_BYTES = 32;

/** Plain JSON values: short bytes as hex, bigint as a string, Maps as objects, no cycles. */
export function toJson(value: unknown, depth = 0): unknown {
  if (depth > 12) return '…';
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value instanceof Uint8Array)
    return value.length <= HEX_FIELD_BYTES
      ? Buffer.from(value).toString('hex')
      : `<${value.length} bytes: see the pcap>`;
  if (Array.isArray(value)) return value.map((v) => toJson(v, depth + 1) ?? null);
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([k, v]) => [String(k), toJson(v, depth + 1)]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const j = toJson(v, depth + 1);
    if (j !== undefined) out[k] = j;
  }
  return out;
}
