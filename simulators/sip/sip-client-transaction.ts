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

/**
 * A client transaction (RFC 3261 §17.1): INVITE (Timers A, B, D) or non-INVITE (Timers E, F).
 * sip.js leaves UDP retransmissions out and reads the global timers; this one reads the
 * injected Clock.
 */
export class ClientTransaction {
  private retransmit: TimerHandle | undefined;
  private timeout: TimerHandle | undefined;
  private linger: TimerHandle | undefined;
  private interval: number;
  private state: 'trying' | 'proceeding' | 'completed' | 'terminated' = 'trying';
  private finalResponse: SipResponse | undefined;
  private readonly invite: boolean;

  constructor(private readonly opts: ClientTransactionOptions) {
    this.invite = opts.method === 'INVITE';
    this.interval = opts.timers.t1;
  }

  start(): void {
    this.opts.send(false);
    const { t1 } = this.opts.timers;
    if (!this.opts.reliable) this.scheduleRetransmit();
    // Timer B (INVITE) / Timer F (non-INVITE) = 64*T1, RFC 3261 §17.1.1.2 and §17.1.2.2.
    // Timer B also bounds the Proceeding state here: a lab peer that rings forever is a fault.
    this.timeout = this.opts.clock.setTimeout(() => {
      if (this.state === 'completed' || this.state === 'terminated') return;
      this.terminate();
      this.opts.onTimeout(this.invite ? 'B' : 'F');
    }, 64 * t1);
  }

  receive(response: SipResponse): void {
    if (this.state === 'terminated') return;
    if (this.state === 'completed') {
      // RFC 3261 §17.1.1.2: a retransmitted final response in Completed gets the ACK again.
      if (this.invite && this.finalResponse) this.opts.sendAck(this.finalResponse);
      return;
    }
    if (response.status < 200) {
      if (this.state === 'trying') {
        this.state = 'proceeding';
        if (this.invite)
          this.cancelRetransmit(); // §17.1.1.2: Proceeding stops Timer A
        else this.interval = this.opts.timers.t2; // §17.1.2.2: Proceeding retransmits every T2
      }
      this.opts.onResponse(response);
      return;
    }
    this.cancelRetransmit();
    this.timeout?.cancel();
    if (this.invite && response.status >= 300) {
      // §17.1.1.3: the transaction ACKs a non-2xx final response; Timer D (32 s on UDP)
      // absorbs retransmissions of it.
      this.finalResponse = response;
      this.state = 'completed';
      this.opts.sendAck(response);
      this.opts.onResponse(response);
      if (this.opts.reliable) this.terminate();
      else this.linger = this.opts.clock.setTimeout(() => this.terminate(), 32000);
      return;
    }
    // §17.1.1.2: a 2xx ends the INVITE transaction at once (the TU ACKs it, §13.2.2.4);
    // §17.1.2.2: a non-INVITE final response ends it (Timer K is 0 on our side: late
    // retransmissions find no transaction and are dropped, which is what K would do).
    this.terminate();
    this.opts.onResponse(response);
  }

  private scheduleRetransmit(): void {
    this.retransmit = this.opts.clock.setTimeout(() => {
      if (this.state === 'terminated' || this.state === 'completed') return;
      this.opts.send(true);
      // Timer A doubles without bound (§17.1.1.2); Timer E doubles up to T2 (§17.1.2.2).
      this.interval = this.invite ? this.interval * 2 : Math.min(this.interval * 2, this.opts.timers.t2);
      if (this.state === 'proceeding' && !this.invite) this.interval = this.opts.timers.t2;
      this.scheduleRetransmit();
    }, this.interval);
  }

  private cancelRetransmit(): void {
    this.retransmit?.cancel();
    this.retransmit = undefined;
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.cancelRetransmit();
    this.timeout?.cancel();
    this.linger?.cancel();
    this.opts.onTerminated();
  }
}
