/** RFC 3261 §17.1.1.1 / Table 4 timer bases; every other timer derives from these. */
export interface SipTimerValues {
  /** RTT estimate, default 500 ms. */
  t1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  t2: number;
  /** Maximum time a message stays in the network, default 5 s. */
  t4: number;
}

export const DEFAULT_SIP_TIMERS: SipTimerValues = { t1: 500, t2: 4000, t4: 5000 };

/**
 * When this endpoint closes a TCP connection on its own (RFC 3261 §18 leaves connection lifetime
 * to the implementation; §18.3 and RFC 4475 §3.1.2.2 want a stream that stops mid-message closed
 * "within a reasonable period of time").
 */
export interface SipConnectionLimits {
  /** An accepted connection that has not delivered one well-formed message by then is closed. */
  readonly firstMessageMs: number;
  /** A message whose bytes stopped arriving before it was complete closes the connection. */
  readonly incompleteMessageMs: number;
  /** An established connection that no dialog uses and that was silent this long is closed. */
  readonly idleMs: number;
}

/**
 * Idle limit of an established connection, 5 minutes: longer than the 95-120 s between the
 * CRLF keepalives RFC 5626 §4.4.1 has clients send on connection-oriented transports, so a client
 * that keeps its flow alive is never cut; a connection that carries a dialog is kept whatever its
 * silence (its dialog's session timer, RFC 4028, ends it instead).
 */
export const DEFAULT_TCP_IDLE_MS = 5 * 60_000;

/**
 * The limits for timer base `t1`: 64*T1 (32 s by default) to deliver the first message and to
 * finish one begun, the time every SIP transaction gives its peer (§17.1.1.2 Timer B, §17.1.2.2
 * Timer F); then `idleMs` of silence.
 */
export function connectionLimits(t1: number, idleMs = DEFAULT_TCP_IDLE_MS): SipConnectionLimits {
  return { firstMessageMs: 64 * t1, incompleteMessageMs: 64 * t1, idleMs };
}
