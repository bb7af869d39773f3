import type { Clock, TimerHandle } from './clock.ts';

interface PendingTimer {
  id: number;
  due: number;
  every: number | undefined;
  fn: () => void;
}

/**
 * A clock that only moves when told to: `advance(ms)` fires every timer that falls due, in
 * order of due time, so a 30-minute session expiry is testable in milliseconds.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, PendingTimer>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, undefined);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, Math.max(1, ms));
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.timers.size;
  }

  /** Move time forward by `ms`, firing due timers in order (timers added while firing count too). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let next: PendingTimer | undefined;
      for (const t of this.timers.values()) {
        if (
          t.due <= target &&
          (next === undefined || t.due < next.due || (t.due === next.due && t.id < next.id))
        )
          next = t;
      }
      if (next === undefined) break;
      this.current = Math.max(this.current, next.due);
      if (next.every === undefined) this.timers.delete(next.id);
      else next.due += next.every;
      next.fn();
    }
    this.current = target;
  }

  private add(fn: () => void, ms: number, every: number | undefined): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.current + Math.max(0, ms), every, fn });
    return { cancel: () => this.timers.delete(id) };
  }
}
