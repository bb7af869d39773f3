import type { Clock, TimerHandle } from '../lab/clock.ts';
import type { SipTimerValues } from './sip-timers.ts';

export interface ServerTransactionOptions {
  method: string;
  clock: Clock;
  timers: SipTimerValues;
  reliable: boolean;
  /** Put response bytes on the wire (routing per RFC 3261 §18.2.2 is the caller's). */
  send(bytes: Uint8Array, status: number, retransmission: boolean): void;
  /** Timer H fired: no ACK for the final INVITE response (status given). */
  onAckTimeout(status: number): void;
  onTerminated(): void;
}

/**
 * A server transaction (RFC 3261 §17.2): absorbs request retransmissions by resending the
 * last response (§17.2.1, §17.2.2); for INVITE retransmits the final response until the ACK —
 * Timer G/H for non-2xx on UDP (§17.2.1), and the UAS core's 2xx retransmission on any
 * transport (§13.3.1.4: interval T1 doubling to T2, give up after 64*T1).
 */
export class ServerTransaction {
  private last: { bytes: Uint8Array; status: number } | undefined;
  private retransmit: TimerHandle | undefined;
  private timeout: TimerHandle | undefined;
  private linger: TimerHandle | undefined;
  private terminated = false;
  private readonly invite: boolean;

  constructor(private readonly opts: ServerTransactionOptions) {
    this.invite = opts.method === 'INVITE';
  }

  /** The final status sent, if any. */
  get finalStatus(): number | undefined {
    return this.last && this.last.status >= 200 ? this.last.status : undefined;
  }

  get isTerminated(): boolean {
    return this.terminated;
  }

  respond(bytes: Uint8Array, status: number): void {
    if (this.terminated || this.finalStatus !== undefined) return;
    this.last = { bytes, status };
    this.opts.send(bytes, status, false);
    if (status < 200) return;
    const { t1 } = this.opts.timers;
    if (this.invite) {
      if (status < 300 || !this.opts.reliable) this.retransmitFinal(bytes, status);
      // Timer H = 64*T1 (§17.2.1; §13.3.1.4 for 2xx).
      this.timeout = this.opts.clock.setTimeout(() => {
        this.terminate();
        this.opts.onAckTimeout(status);
      }, 64 * t1);
      return;
    }
    // Timer J = 64*T1 on UDP, 0 on TCP (§17.2.2): keep answering retransmissions meanwhile.
    if (this.opts.reliable) this.terminate();
    else this.linger = this.opts.clock.setTimeout(() => this.terminate(), 64 * t1);
  }

  /** Timer G (§17.2.1) and the 2xx retransmission (§13.3.1.4): T1, doubling up to T2. */
  private retransmitFinal(bytes: Uint8Array, status: number): void {
    const { t1, t2 } = this.opts.timers;
    let interval = t1;
    const again = (): void => {
      this.retransmit = this.opts.clock.setTimeout(() => {
        this.opts.send(bytes, status, true);
        interval = Math.min(interval * 2, t2);
        again();
      }, interval);
    };
    again();
  }

  /** A retransmission of the request arrived: resend the last response, if any (§17.2.1). */
  retransmission(): void {
    if (this.terminated || !this.last) return;
    this.opts.send(this.last.bytes, this.last.status, true);
  }

  /** The ACK for the final INVITE response arrived (§17.2.1 Confirmed; Timer I ignored). */
  ack(): void {
    if (this.invite && this.finalStatus !== undefined) this.terminate();
  }

  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.retransmit?.cancel();
    this.timeout?.cancel();
    this.linger?.cancel();
    this.opts.onTerminated();
  }
}
