import type { SipDialog } from '../sip/sip-dialog.ts';
import type { SipEndpoint } from '../sip/sip-endpoint.ts';
import { SipTimeoutError, SipTransportError } from '../sip/sip-error.ts';

/** Requests left without an answer in a row after which a watched session is taken for lost. */
export const DEFAULT_UNANSWERED_REQUESTS = 2;

export interface DeadTransportOptions {
  /**
   * Requests in a row left without any answer (their transaction timed out: Timer F = 64*T1 on
   * the endpoint's Clock, RFC 3261 §17.1.2.2; or they could not be sent) that end the session;
   * default 2. At least 1.
   */
  readonly unansweredRequests?: number;
}

/** The limit `opts` asks for; throws RangeError for one below 1 or not a whole number. */
export function unansweredLimit(opts: DeadTransportOptions): number {
  const limit = opts.unansweredRequests ?? DEFAULT_UNANSWERED_REQUESTS;
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`unansweredRequests must be a whole number of at least 1, got ${limit}`);
  return limit;
}

/**
 * Watches the transport of one TR/87 session for a client that wants to know when its server is
 * gone without a BYE (a node killed or frozen): the TCP or TLS connection the dialog uses closing
 * or reset (RFC 5626 §4.4: a flow has failed when its connection closes), or `unansweredRequests`
 * requests in a row with no answer. Any SIP response is an answer, a 200 carrying a CSTAErrorCode
 * (an ECMA-323 negative acknowledgement) included: it comes from a live session and resets the
 * count. Tells `onDead` once, then forgets the dialog without signalling (a BYE to a peer that is
 * gone would only wait for Timer F).
 */
export class DeadTransportWatch {
  private unanswered = 0;
  private done = false;
  private readonly detach: () => void;
  private readonly limit: number;

  constructor(
    endpoint: SipEndpoint,
    private readonly dialog: SipDialog,
    opts: DeadTransportOptions,
    /** Told once: what ended the transport, for a person (`Tr87Client.transportLoss`). */
    private readonly onDead: (detail: string) => void,
  ) {
    this.limit = unansweredLimit(opts);
    this.detach = endpoint.onFlowClosed((flow) => {
      // Only connections close (sip-transport-layer.ts; UDP has none, so a UDP dialog's is
      // undefined); a connection the dialog does not use is not its transport.
      if (flow.connection !== dialog.connection) return;
      this.dead(`connection to ${flow.remote.host}:${flow.remote.port} closed`);
    });
  }

  /** A request of the session got a response (any status, any body). */
  answered(): void {
    this.unanswered = 0;
  }

  /**
   * A request of the session failed with `error`: a time-out or a send failure counts as
   * unanswered; anything else (a response the client did not like) as an answer.
   */
  failed(error: unknown): void {
    if (!(error instanceof SipTimeoutError || error instanceof SipTransportError)) {
      this.answered();
      return;
    }
    if (++this.unanswered >= this.limit)
      this.dead(`${this.unanswered} requests in a row unanswered (${(error as Error).message})`);
  }

  /** Stop watching (the session ended some other way). */
  stop(): void {
    this.done = true;
    this.detach();
  }

  private dead(detail: string): void {
    if (this.done) return;
    this.stop();
    this.onDead(detail);
    if (this.dialog.state === 'confirmed') this.dialog.terminate();
  }
}
