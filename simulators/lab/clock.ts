/**
 * The one injectable clock every timer in the lab reads (DESIGN.md section 8): keepalive
 * supervision, interdigit timeouts, session expiry, no-answer forwarding. The real clock is the
 * default; tests use {@link ManualClock} to run a 30-minute timer in microseconds.
 */
import { epochNow, latencyProbe } from './latency-probe.ts';

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Run `fn` once after `ms` milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Run `fn` every `ms` milliseconds of this clock's time. */
  setInterval(fn: () => void, ms: number): TimerHandle;
}

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t = setTimeout(latencyProbe === undefined ? fn : probed(fn), ms);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const t = setInterval(latencyProbe === undefined ? fn : probed(fn), ms);
    t.unref?.();
    return { cancel: () => clearInterval(t) };
  }
}

export const systemClock: Clock = new SystemClock();

/** `fn`, telling the latency probe (when on) how long each run took. */
function probed(fn: () => void): () => void {
  return () => {
    const start = epochNow();
    try {
      fn();
    } finally {
      latencyProbe?.timerRan(start, fn);
    }
  };
}
