import type { Clock, TimerHandle } from '../lab/clock.ts';
import type { SipResponse } from './sip-message.ts';
import type { SipTimerValues } from './sip-timers.ts';

export interface ClientTransactionOptions {
  method: string;
  clock: Clock;
  timers: SipTimerValues;
  /** UDP needs retransmissions (RFC 3261 §17.1.1.2, §17.1.2.2); TCP does not. */
  reliable: boolean;
  /** (Re)send the request bytes. */
  send(retransmission: boolean): void;
  /** Send the ACK of a non-2xx final INVITE response (RFC 3261 §17.1.1.3). */
  sendAck(response: SipResponse): void;
  onResponse(response: SipResponse): void;
  onTimeout(timer: 'B' | 'F'): void;
  onTerminated(): void;
}

/** Timer D, how long an INVITE client transaction absorbs final-response retransmissions on UDP. */
const TIMER_D_MS = 32_000;

/**
 * A client transaction (RFC 3261 §17.1): INVITE (Timers A, B, D) or non-INVITE (Timers E, F).
 * sip.js leaves UDP retransmissions out and reads the global timers; this one reads the
 * injected Clock. Its states: Calling/Trying until a response; Proceeding after a 1xx (which
 * stops Timer A, or slows Timer E to T2); Completed while `acked` holds the non-2xx final
 * INVITE response it ACKed; Terminated.
 */
export class ClientTransaction {
  private retransmit: TimerHandle | undefined;
  private timeout!: TimerHandle;
  private interval: number;
  private terminated = false;
  private acked: SipResponse | undefined;
  private readonly invite: boolean;

  constructor(private readonly opts: ClientTransactionOptions) {
    this.invite = opts.method === 'INVITE';
    this.interval = opts.timers.t1;
  }

  start(): void {
    this.opts.send(false);
    if (!this.opts.reliable) this.scheduleRetransmit();
    // Timer B (INVITE) / Timer F (non-INVITE) = 64*T1, RFC 3261 §17.1.1.2 and §17.1.2.2.
    // Timer B also bounds the Proceeding state here: a lab peer that rings forever is a fault.
    this.timeout = this.opts.clock.setTimeout(() => {
      this.terminate();
      this.opts.onTimeout(this.invite ? 'B' : 'F');
    }, 64 * this.opts.timers.t1);
  }

  receive(response: SipResponse): void {
    if (this.terminated) return;
    if (this.acked) {
      // RFC 3261 §17.1.1.2: a retransmitted final response in Completed gets the ACK again.
      this.opts.sendAck(this.acked);
      return;
    }
    if (response.status < 200) {
      // §17.1.1.2: Proceeding stops Timer A; §17.1.2.2: Proceeding retransmits every T2.
      if (this.invite) this.cancelRetransmit();
      else this.interval = this.opts.timers.t2;
      this.opts.onResponse(response);
      return;
    }
    if (this.invite && response.status >= 300) {
      this.complete(response);
      return;
    }
    // §17.1.1.2: a 2xx ends the INVITE transaction at once (the TU ACKs it, §13.2.2.4);
    // §17.1.2.2: a non-INVITE final response ends it (Timer K is 0 on our side: late
    // retransmissions find no transaction and are dropped, which is what K would do).
    this.terminate();
    this.opts.onResponse(response);
  }

  /**
   * §17.1.1.3: the transaction ACKs a non-2xx final response; Timer D (32 s on UDP, 0 on TCP)
   * absorbs retransmissions of it.
   */
  private complete(response: SipResponse): void {
    this.cancelRetransmit();
    this.timeout.cancel();
    this.acked = response;
    this.opts.sendAck(response);
    this.opts.onResponse(response);
    if (this.opts.reliable) this.terminate();
    else this.opts.clock.setTimeout(() => this.terminate(), TIMER_D_MS);
  }

  private scheduleRetransmit(): void {
    this.retransmit = this.opts.clock.setTimeout(() => {
      this.opts.send(true);
      // Timer A doubles without bound (§17.1.1.2); Timer E doubles up to T2 (§17.1.2.2).
      this.interval = this.invite ? this.interval * 2 : Math.min(this.interval * 2, this.opts.timers.t2);
      this.scheduleRetransmit();
    }, this.interval);
  }

  private cancelRetransmit(): void {
    this.retransmit?.cancel();
  }

  private terminate(): void {
    this.terminated = true;
    this.cancelRetransmit();
    this.timeout.cancel();
    this.opts.onTerminated();
  }
}
