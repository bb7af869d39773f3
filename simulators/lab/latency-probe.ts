import { readFileSync, writeFileSync } from 'node:fs';
import { constants, monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';

/**
 * A diagnostic of where a request's time goes (issue 13: the CSTA request p99 tail), off unless
 * asked for: the environment variable `CTILAB_LATENCY_PROBE=<file>` turns it on in a process
 * (the CME child of `bench/csta-latency.ts --probe`) and writes its snapshot to `<file>` as JSON
 * when the process exits; `enableLatencyProbe()` turns it on in the calling process (the bench's
 * clients). While off, every hook is one `undefined` check.
 *
 * It records, on one time base shared by every process of the machine (milliseconds since the
 * Unix epoch with microsecond fraction: `performance.timeOrigin + performance.now()`):
 * - per SIP message keyed `Call-ID CSeq`: the stages it reached (`read`: the socket data that
 *   carried it reached JavaScript; `parsed`; stages the layers above mark, e.g. `decoded`,
 *   `served`, `encoded`; `sent`: handed to the socket; `written`: the turn's corked writes
 *   left in one writev, `turn-writes.ts`);
 * - garbage collections (`PerformanceObserver` 'gc' entries: start, duration, kind);
 * - the event loop's delay (`monitorEventLoopDelay`, 1 ms resolution): the whole run's
 *   percentiles and the largest delay in each 100 ms window;
 * - timer callbacks of `systemClock` that ran 1 ms or longer (start, duration, the callback's
 *   source text, shortened).
 * A measuring device, not a timer of the lab: it reads `performance`, never the injected Clock.
 */
export interface LatencyProbeSnapshot {
  pid: number;
  /**
   * Requests this process sent (`uac`: sent, written, then its final response's read, parsed) and
   * requests it answered (`uas`: read, parsed, the stages marked, its final response's sent,
   * written), keyed `Call-ID CSeq`: stage -> epoch ms.
   */
  uac: Record<string, Record<string, number>>;
  uas: Record<string, Record<string, number>>;
  /** Messages not recorded once `maxMessages` were. */
  messagesDropped: number;
  gc: Array<{
    start: number;
    durationMs: number;
    kind: 'minor' | 'major' | 'incremental' | 'weakcb' | 'other';
  }>;
  loopDelayMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /**
   * Each 100 ms window that ended at `end` (epoch ms): the largest event-loop delay in it, and how
   * long the main thread waited for a CPU in it (`/proc/self/schedstat`, Linux; null elsewhere):
   * a loop delayed by other processes rather than by this one's own work.
   */
  loopWindows: Array<{ end: number; maxMs: number; runQueueMs: number | null }>;
  longTimers: Array<{ start: number; durationMs: number; source: string }>;
}

type Stages = Record<string, number>;

/** A request this process sent (`uac`, its response received) or received (`uas`, answered). */
export type ProbeRole = 'uac' | 'uas';

/** Records the stages of SIP messages and what else held the event loop (see the file's comment). */
export class LatencyProbe {
  private readonly messages = { uac: new Map<string, Stages>(), uas: new Map<string, Stages>() };
  private messagesDropped = 0;
  /** When the socket data being handled now reached JavaScript. */
  private lastRead = 0;
  /** The message being handled now (from `received` to `sent`). */
  private current: Stages | undefined;
  /** Messages sent in this turn, written when their socket is uncorked. */
  private readonly unwritten: Stages[] = [];
  private readonly gc: LatencyProbeSnapshot['gc'] = [];
  private readonly longTimers: LatencyProbeSnapshot['longTimers'] = [];
  private readonly loopWindows: LatencyProbeSnapshot['loopWindows'] = [];
  private readonly loop = monitorEventLoopDelay({ resolution: 1 });
  private readonly window = monitorEventLoopDelay({ resolution: 1 });
  private readonly observer: PerformanceObserver;
  private readonly sampler: NodeJS.Timeout;

  constructor(private readonly maxMessages = 200_000) {
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        this.gc.push({
          start: roundUs(performance.timeOrigin + e.startTime),
          durationMs: roundUs(e.duration),
          kind: gcKind((e as { detail?: { kind?: number } }).detail?.kind),
        });
    });
    this.observer.observe({ entryTypes: ['gc'] });
    this.loop.enable();
    this.window.enable();
    let waited = runQueueNs();
    this.sampler = setInterval(() => {
      const now = runQueueNs();
      this.loopWindows.push({
        end: roundUs(epochNow()),
        maxMs: roundUs(this.window.max / 1e6),
        runQueueMs: now === null || waited === null ? null : roundUs((now - waited) / 1e6),
      });
      waited = now;
      this.window.reset();
    }, 100);
    this.sampler.unref();
  }

  /** Socket data reached JavaScript (the messages it carries are `received` next). */
  read(): void {
    this.lastRead = epochNow();
  }

  /** A message was parsed from the data last `read`: it becomes the current one. */
  received(role: ProbeRole, callId: string, cseq: number): void {
    const stages = this.stagesOf(role, callId, cseq);
    if (stages === undefined) return;
    stages.read = this.lastRead;
    stages.parsed = epochNow();
    this.current = stages;
  }

  /** The current message reached `stage` (decoded, served, encoded...). */
  mark(stage: string): void {
    if (this.current) this.current[stage] = epochNow();
  }

  /** A message was handed to its socket (written at the next `flushed`). */
  sent(role: ProbeRole, callId: string, cseq: number): void {
    const stages = this.stagesOf(role, callId, cseq);
    if (stages === undefined) return;
    stages.sent = epochNow();
    this.unwritten.push(stages);
    if (this.current === stages) this.current = undefined;
  }

  /** A corked socket was uncorked: what was sent in the turn left now. */
  flushed(): void {
    if (this.unwritten.length === 0) return;
    const now = epochNow();
    for (const s of this.unwritten) s.written ??= now;
    this.unwritten.length = 0;
  }

  /** A timer callback of the lab's system clock ran from `start` (epoch ms) until now. */
  timerRan(start: number, fn: () => void): void {
    const duration = epochNow() - start;
    if (duration >= 1)
      this.longTimers.push({
        start: roundUs(start),
        durationMs: roundUs(duration),
        source: fn.toString().replace(/\s+/g, ' ').slice(0, 120),
      });
  }

  snapshot(): LatencyProbeSnapshot {
    const ms = (ns: number) => roundUs(Number.isFinite(ns) ? ns / 1e6 : 0);
    return {
      pid: process.pid,
      uac: Object.fromEntries(this.messages.uac),
      uas: Object.fromEntries(this.messages.uas),
      messagesDropped: this.messagesDropped,
      gc: [...this.gc],
      loopDelayMs: {
        p50: ms(this.loop.percentile(50)),
        p90: ms(this.loop.percentile(90)),
        p99: ms(this.loop.percentile(99)),
        max: ms(this.loop.max),
        mean: ms(this.loop.mean),
      },
      loopWindows: [...this.loopWindows],
      longTimers: [...this.longTimers],
    };
  }

  stop(): void {
    this.observer.disconnect();
    this.loop.disable();
    this.window.disable();
    clearInterval(this.sampler);
  }

  private stagesOf(role: ProbeRole, callId: string, cseq: number): Stages | undefined {
    const key = `${callId} ${cseq}`;
    const map = this.messages[role];
    let stages = map.get(key);
    if (stages === undefined) {
      if (map.size >= this.maxMessages) {
        this.messagesDropped++;
        return undefined;
      }
      stages = {};
      map.set(key, stages);
    }
    return stages;
  }
}

/** Milliseconds since the Unix epoch, sub-millisecond: one time base for every process of the machine. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Nanoseconds the main thread has waited on a run queue (the second field of /proc/self/schedstat). */
export function runQueueNs(): number | null {
  try {
    const waited = Number(readFileSync('/proc/self/schedstat', 'latin1').split(' ')[1]);
    return Number.isFinite(waited) ? waited : null;
  } catch {
    return null;
  }
}

function roundUs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function gcKind(kind: number | undefined): LatencyProbeSnapshot['gc'][number]['kind'] {
  switch (kind) {
    case constants.NODE_PERFORMANCE_GC_MINOR:
      return 'minor';
    case constants.NODE_PERFORMANCE_GC_MAJOR:
      return 'major';
    case constants.NODE_PERFORMANCE_GC_INCREMENTAL:
      return 'incremental';
    case constants.NODE_PERFORMANCE_GC_WEAKCB:
      return 'weakcb';
    default:
      return 'other';
  }
}

/** The probe of this process, when on (hooks: `latencyProbe?.read()`). */
export let latencyProbe: LatencyProbe | undefined;

/** Turn the probe on in this process (idempotent); returns it. */
export function enableLatencyProbe(): LatencyProbe {
  latencyProbe ??= new LatencyProbe();
  return latencyProbe;
}

/** Turn it off; returns its last snapshot (undefined when it was off). */
export function disableLatencyProbe(): LatencyProbeSnapshot | undefined {
  const p = latencyProbe;
  if (p === undefined) return undefined;
  latencyProbe = undefined;
  p.stop();
  return p.snapshot();
}

const probeFile = process.env.CTILAB_LATENCY_PROBE;
if (probeFile !== undefined && probeFile !== '') {
  const probe = enableLatencyProbe();
  process.once('exit', () => writeFileSync(probeFile, `${JSON.stringify(probe.snapshot())}\n`));
}
