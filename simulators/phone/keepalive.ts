import type { Clock, TimerHandle } from '../lab/clock.ts';

export interface PhoneKeepaliveOptions {
  clock: Clock;
  intervalMs: number;
  /** Unanswered KeepAliveReqs tolerated; at the next tick the server counts as lost. */
  missLimit: number;
  send(): void;
  lost(outstanding: number): void;
}

/**
 * Phone-side keepalive (chan-sccp and Wireshark packet-skinny (keepalive)): KeepAliveReq every keepAliveInterval
 * from RegisterAck; each KeepAliveAck clears the count of unanswered requests. When `missLimit`
 * requests are still unanswered at the next tick the phone gives the server up (⚠ Cisco's exact
 * phone timing is not in the sources, §5; chan_skinny drops a session after 3 x keepalive).
 */
export class PhoneKeepalive {
  private outstanding = 0;
  private readonly timer: TimerHandle;
  private stopped = false;

  constructor(private readonly options: PhoneKeepaliveOptions) {
    this.timer = options.clock.setInterval(() => this.tick(), options.intervalMs);
  }

  /** KeepAliveAck received. */
  ack(): void {
    this.outstanding = 0;
  }

  get unanswered(): number {
    return this.outstanding;
  }

  stop(): void {
    this.stopped = true;
    this.timer.cancel();
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.outstanding >= this.options.missLimit) {
      this.stop();
      this.options.lost(this.outstanding);
      return;
    }
    this.outstanding += 1;
    this.options.send();
  }
}
