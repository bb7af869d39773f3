/** Counters of what the endpoint saw; bad input is counted, never thrown. */
export interface SipStats {
  messagesReceived: number;
  messagesSent: number;
  /** Unparseable messages dropped (UDP datagrams, or framed TCP messages). */
  dropped: number;
  /** Requests refused with a 4xx/5xx before reaching a handler. */
  rejected: number;
  /** TCP connections closed because framing was lost. */
  framingErrors: number;
  /**
   * Malformed requests nobody could be answered for (no top Via that routes a response, RFC 3261
   * §18.2.2): the TCP connection was closed, or the datagram dropped (also counted in `dropped`).
   */
  unanswerable: number;
  /** TCP connections closed by their limits: no message, an unfinished message, or idle. */
  connectionsTimedOut: number;
  /** Requests and responses we retransmitted (Timers A, E, G, 2xx). */
  retransmissionsSent: number;
  /** Retransmitted requests absorbed by a server transaction. */
  retransmissionsAbsorbed: number;
  keepalivesAnswered: number;
}

/** All counters at zero; one object per endpoint, shared by its layers. */
export function newSipStats(): SipStats {
  return {
    messagesReceived: 0,
    messagesSent: 0,
    dropped: 0,
    rejected: 0,
    framingErrors: 0,
    unanswerable: 0,
    connectionsTimedOut: 0,
    retransmissionsSent: 0,
    retransmissionsAbsorbed: 0,
    keepalivesAnswered: 0,
  };
}
