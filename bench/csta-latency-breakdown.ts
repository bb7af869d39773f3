import type { LatencyProbeSnapshot } from '../simulators/lab/latency-probe.ts';
import { percentile } from './csta-stats.ts';

/**
 * Where the time of the CSTA requests of one latency phase went (`bench/csta-latency.ts --probe`):
 * the client's and the CME's probe snapshots (`simulators/lab/latency-probe.ts`, one epoch time
 * base) joined by `Call-ID CSeq`, each request cut into consecutive segments, and the slowest 1%
 * set against the other requests and against what held either event loop (GC, long timer
 * callbacks, the 100 ms windows' largest loop delay).
 */

/** Consecutive segments of one request, client send to client parse (ms). */
export const SEGMENTS = [
  'clientCork', // client: INFO handed to the socket -> the turn's writev (turn-writes.ts)
  'toCme', // client writev -> the CME's JavaScript reads it (kernel + the CME's loop busy elsewhere)
  'cmeParse', // CME: data read -> SIP request parsed and dispatched
  'decode', // CSTA XML decoded (tr87-session.ts)
  'service', // the backend answered
  'encode', // the answer encoded
  'respond', // the 200 formatted and handed to the socket
  'cmeCork', // CME: handed -> the turn's writev
  'toClient', // CME writev -> the client's JavaScript reads it (kernel + the client's loop busy elsewhere)
  'clientParse', // client: data read -> the 200 parsed and matched to its transaction
] as const;
export type Segment = (typeof SEGMENTS)[number];

const STAGE_PAIRS: Record<Segment, readonly [side: 'c' | 's', from: string, side2: 'c' | 's', to: string]> = {
  clientCork: ['c', 'sent', 'c', 'written'],
  toCme: ['c', 'written', 's', 'read'],
  cmeParse: ['s', 'read', 's', 'parsed'],
  decode: ['s', 'parsed', 's', 'decoded'],
  service: ['s', 'decoded', 's', 'served'],
  encode: ['s', 'served', 's', 'encoded'],
  respond: ['s', 'encoded', 's', 'sent'],
  cmeCork: ['s', 'sent', 's', 'written'],
  toClient: ['s', 'written', 'c', 'read'],
  clientParse: ['c', 'read', 'c', 'parsed'],
};

export interface JoinedRequest {
  key: string;
  /** Epoch ms: the client handed the INFO to its socket. */
  sentAt: number;
  totalMs: number;
  segments: Record<Segment, number>;
  /** Requests the CME read from the same socket data (1: alone). */
  cmeReadBatch: number;
}

type Figures = Record<Segment | 'total', number>;

export interface ProcessHolds {
  /** GC pauses that began in the phase: count, summed and largest pause, per kind. */
  gc: {
    count: number;
    totalMs: number;
    maxMs: number;
    byKind: Record<string, { count: number; totalMs: number }>;
  };
  /** Timer callbacks of 1 ms or more that began in the phase. */
  longTimers: { count: number; maxMs: number; top: Array<{ durationMs: number; source: string }> };
  /** Largest event-loop delay per 100 ms window in the phase: p50, p99 and max over the windows. */
  loopWindowMaxMs: { p50: number; p99: number; max: number };
  /** Time the main thread waited for a CPU in the phase (null: not known). */
  runQueueMs: number | null;
}

export interface LatencyBreakdown {
  /** Requests sent in the phase that both probes recorded completely. */
  joined: number;
  /** Requests with a negative segment (clocks of the two processes out of step); left out. */
  negative: number;
  /** Segment percentiles over every joined request. */
  p50: Figures;
  p99: Figures;
  /** The slowest 1% by total (at least one request). */
  slowest: {
    count: number;
    thresholdMs: number;
    meanMs: Figures;
    /** How many slow requests had each segment as their largest. */
    dominant: Partial<Record<Segment, number>>;
    /** Share of slow requests during which a GC of the process that held them ran. */
    withCmeGc: number;
    withClientGc: number;
    /** The same shares over all joined requests (what chance alone gives). */
    allWithCmeGc: number;
    allWithClientGc: number;
    /** Mean requests per CME socket read, slow vs all. */
    cmeReadBatch: number;
    allCmeReadBatch: number;
    /** Mean of the largest CME / client loop delay in the 100 ms window the request ended in. */
    cmeLoopWindowMaxMs: number;
    clientLoopWindowMaxMs: number;
    /**
     * Mean time the CME's / client's main thread waited for a CPU (other processes ran) in the
     * 100 ms window the request ended in, slow vs all: the busy machine's share.
     */
    cmeRunQueueMs: number;
    clientRunQueueMs: number;
    allCmeRunQueueMs: number;
    allClientRunQueueMs: number;
  };
  cme: ProcessHolds | undefined;
  client: ProcessHolds;
}

/** The requests the client sent in [start, end] (epoch ms), joined with the CME's record of them. */
export function joinRequests(
  client: LatencyProbeSnapshot,
  cme: LatencyProbeSnapshot,
  start: number,
  end: number,
): { joined: JoinedRequest[]; negative: number } {
  const reads = new Map<number, number>();
  for (const s of Object.values(cme.uas))
    if (s.read !== undefined) reads.set(s.read, (reads.get(s.read) ?? 0) + 1);
  const joined: JoinedRequest[] = [];
  let negative = 0;
  for (const [key, c] of Object.entries(client.uac)) {
    if (c.sent === undefined || c.sent < start || c.sent > end) continue;
    const s = cme.uas[key];
    if (s === undefined) continue;
    const segments = {} as Record<Segment, number>;
    let complete = true;
    let bad = false;
    for (const seg of SEGMENTS) {
      const [a, from, b, to] = STAGE_PAIRS[seg];
      const t0 = (a === 'c' ? c : s)[from];
      const t1 = (b === 'c' ? c : s)[to];
      if (t0 === undefined || t1 === undefined) {
        complete = false;
        break;
      }
      segments[seg] = t1 - t0;
      // A microsecond of rounding either way is not a clock out of step.
      if (t1 - t0 < -0.01) bad = true;
    }
    if (!complete) continue;
    if (bad) {
      negative++;
      continue;
    }
    joined.push({
      key,
      sentAt: c.sent,
      totalMs: c.parsed! - c.sent,
      segments,
      cmeReadBatch: reads.get(s.read!) ?? 1,
    });
  }
  return { joined, negative };
}

/** The breakdown of one phase: requests the client sent in [start, end] (epoch ms). */
export function latencyBreakdown(
  client: LatencyProbeSnapshot,
  cme: LatencyProbeSnapshot | undefined,
  start: number,
  end: number,
): LatencyBreakdown {
  const { joined, negative } =
    cme === undefined ? { joined: [], negative: 0 } : joinRequests(client, cme, start, end);
  const byTotal = [...joined].sort((a, b) => b.totalMs - a.totalMs);
  const slow = byTotal.slice(0, Math.max(1, Math.ceil(joined.length / 100)));
  const dominant: Partial<Record<Segment, number>> = {};
  for (const r of slow) {
    const top = SEGMENTS.reduce((best, seg) => (r.segments[seg] > r.segments[best] ? seg : best));
    dominant[top] = (dominant[top] ?? 0) + 1;
  }
  // A request "met" a GC when a pause of the process overlapped the part of its life spent there.
  const cmeGc = cme?.gc ?? [];
  const metCmeGc = (r: JoinedRequest) =>
    overlaps(
      cmeGc,
      r.sentAt + r.segments.clientCork,
      r.sentAt + r.totalMs - r.segments.toClient - r.segments.clientParse,
    );
  const metClientGc = (r: JoinedRequest) => overlaps(client.gc, r.sentAt, r.sentAt + r.totalMs);
  const windowOf = (snap: LatencyProbeSnapshot | undefined, at: number) =>
    snap?.loopWindows.find((w) => w.end >= at);
  const windowMax = (snap: LatencyProbeSnapshot | undefined, at: number) =>
    windowOf(snap, at)?.maxMs ?? Number.NaN;
  const runQueue = (snap: LatencyProbeSnapshot | undefined, rs: readonly JoinedRequest[]) =>
    round3(mean(rs.map((r) => windowOf(snap, r.sentAt + r.totalMs)?.runQueueMs ?? Number.NaN)));
  return {
    joined: joined.length,
    negative,
    p50: figures(joined, 50),
    p99: figures(joined, 99),
    slowest: {
      count: joined.length === 0 ? 0 : slow.length,
      thresholdMs: round3(slow.at(-1)?.totalMs ?? Number.NaN),
      meanMs: meanFigures(joined.length === 0 ? [] : slow),
      dominant,
      withCmeGc: share(slow, metCmeGc),
      withClientGc: share(slow, metClientGc),
      allWithCmeGc: share(joined, metCmeGc),
      allWithClientGc: share(joined, metClientGc),
      cmeReadBatch: round3(mean(slow.map((r) => r.cmeReadBatch))),
      allCmeReadBatch: round3(mean(joined.map((r) => r.cmeReadBatch))),
      cmeLoopWindowMaxMs: round3(mean(slow.map((r) => windowMax(cme, r.sentAt + r.totalMs)))),
      clientLoopWindowMaxMs: round3(mean(slow.map((r) => windowMax(client, r.sentAt + r.totalMs)))),
      cmeRunQueueMs: runQueue(cme, slow),
      clientRunQueueMs: runQueue(client, slow),
      allCmeRunQueueMs: runQueue(cme, joined),
      allClientRunQueueMs: runQueue(client, joined),
    },
    cme: cme === undefined ? undefined : holds(cme, start, end),
    client: holds(client, start, end),
  };
}

/** GC, long timers and loop-delay windows of one process in [start, end]. */
export function holds(snap: LatencyProbeSnapshot, start: number, end: number): ProcessHolds {
  const gc = snap.gc.filter((g) => g.start >= start && g.start <= end);
  const byKind: ProcessHolds['gc']['byKind'] = {};
  for (const g of gc) {
    const k = byKind[g.kind] ?? { count: 0, totalMs: 0 };
    byKind[g.kind] = k;
    k.count++;
    k.totalMs = round3(k.totalMs + g.durationMs);
  }
  const timers = snap.longTimers.filter((t) => t.start >= start && t.start <= end);
  const inPhase = snap.loopWindows.filter((w) => w.end >= start && w.end <= end);
  const windows = inPhase.map((w) => w.maxMs).sort((a, b) => a - b);
  const waits = inPhase.map((w) => w.runQueueMs);
  return {
    gc: {
      count: gc.length,
      totalMs: round3(gc.reduce((s, g) => s + g.durationMs, 0)),
      maxMs: round3(Math.max(0, ...gc.map((g) => g.durationMs))),
      byKind,
    },
    longTimers: {
      count: timers.length,
      maxMs: round3(Math.max(0, ...timers.map((t) => t.durationMs))),
      top: [...timers]
        .sort((a, b) => b.durationMs - a.durationMs)
        .slice(0, 3)
        .map((t) => ({ durationMs: t.durationMs, source: t.source })),
    },
    loopWindowMaxMs: {
      p50: round3(percentile(windows, 50)),
      p99: round3(percentile(windows, 99)),
      max: round3(windows.at(-1) ?? Number.NaN),
    },
    runQueueMs: waits.some((w) => w === null)
      ? null
      : round3(waits.reduce<number>((s, w) => s + (w ?? 0), 0)),
  };
}

function overlaps(pauses: LatencyProbeSnapshot['gc'], from: number, to: number): boolean {
  return pauses.some((g) => g.start < to && g.start + g.durationMs > from);
}

function figures(rs: readonly JoinedRequest[], p: number): Figures {
  const out = {} as Figures;
  for (const seg of SEGMENTS)
    out[seg] = round3(
      percentile(
        rs.map((r) => r.segments[seg]).sort((a, b) => a - b),
        p,
      ),
    );
  out.total = round3(
    percentile(
      rs.map((r) => r.totalMs).sort((a, b) => a - b),
      p,
    ),
  );
  return out;
}

function meanFigures(rs: readonly JoinedRequest[]): Figures {
  const out = {} as Figures;
  for (const seg of SEGMENTS) out[seg] = round3(mean(rs.map((r) => r.segments[seg])));
  out.total = round3(mean(rs.map((r) => r.totalMs)));
  return out;
}

function share<T>(xs: readonly T[], f: (x: T) => boolean): number {
  return xs.length === 0 ? 0 : round3(xs.filter(f).length / xs.length);
}

function mean(xs: readonly number[]): number {
  const ok = xs.filter((x) => Number.isFinite(x));
  return ok.length === 0 ? Number.NaN : ok.reduce((s, x) => s + x, 0) / ok.length;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
