import type { Clock, TimerHandle } from '../lab/clock.ts';
import type { SipConnectionLimits } from './sip-timers.ts';

/** Why a TCP connection was closed by its supervision (`SipConnectionLimits`). */
export type ConnectionTimeout = 'no-message' | 'incomplete-message' | 'idle';

export interface SupervisionInit {
  readonly clock: Clock;
  readonly limits: SipConnectionLimits;
  /** Connections we opened count as established from the start. */
  readonly established: boolean;
  /** True while something (a dialog) still uses the connection: idleness does not close it. */
  readonly inUse: () => boolean;
  /** A limit was reached: the owner closes the connection. */
  readonly expire: (why: ConnectionTimeout) => void;
}

/**
 * The timers of one TCP connection, on the injected clock (`connectionLimits` in sip-timers.ts
 * gives the values and their sources): no well-formed message within `firstMessageMs` of opening,
 * a message begun but not finished within `incompleteMessageMs`, or `idleMs` of silence on an
 * established connection no dialog uses. One clock timer per connection, armed for the earliest
 * deadline and re-armed when it fires early (activity only moves deadlines later).
 */
export class ConnectionSupervision {
  private established: boolean;
  private readonly openedAt: number;
  private lastActivity: number;
  private partialSince: number | undefined;
  private timer: TimerHandle | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(private readonly init: SupervisionInit) {
    this.established = init.established;
    this.openedAt = init.clock.now();
    this.lastActivity = this.openedAt;
    this.arm();
  }

  /** A whole message or keepalive came in, or we sent one. */
  activity(): void {
    this.lastActivity = this.init.clock.now();
  }

  /** A well-formed SIP message arrived: the connection serves a real peer. */
  markEstablished(): void {
    this.established = true;
  }

  /** Whether bytes of an unfinished message are waiting after the last read. */
  partial(waiting: boolean): void {
    if (!waiting) {
      this.partialSince = undefined;
      return;
    }
    if (this.partialSince !== undefined) return;
    this.partialSince = this.init.clock.now();
    if (this.deadline().at < this.armedFor) this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private deadline(): { at: number; why: ConnectionTimeout } {
    const { limits } = this.init;
    let due: { at: number; why: ConnectionTimeout } = { at: this.lastActivity + limits.idleMs, why: 'idle' };
    if (!this.established && this.openedAt + limits.firstMessageMs <= due.at)
      due = { at: this.openedAt + limits.firstMessageMs, why: 'no-message' };
    // A message left unfinished is named as the cause when it is due as early.
    if (this.partialSince !== undefined && this.partialSince + limits.incompleteMessageMs <= due.at)
      due = { at: this.partialSince + limits.incompleteMessageMs, why: 'incomplete-message' };
    return due;
  }

  private arm(): void {
    this.timer?.cancel();
    if (this.stopped) return;
    const { at } = this.deadline();
    this.armedFor = at;
    this.timer = this.init.clock.setTimeout(() => this.check(), Math.max(0, at - this.init.clock.now()));
  }

  private check(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    if (this.stopped) return;
    const due = this.deadline();
    if (due.at > this.init.clock.now()) {
      this.arm();
      return;
    }
    if (due.why === 'idle' && this.init.inUse()) {
      // A dialog still uses the flow: look again after another idle period.
      this.lastActivity = this.init.clock.now();
      this.arm();
      return;
    }
    this.stopped = true;
    this.init.expire(due.why);
  }
}
