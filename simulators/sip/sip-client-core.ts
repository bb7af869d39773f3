import { latencyProbe } from '../lab/latency-probe.ts';
import type { Endpoint } from '../lab/observation.ts';
import { ClientTransaction } from './sip-client-transaction.ts';
import type { SipCore } from './sip-core.ts';
import { SipTimeoutError } from './sip-error.ts';
import { formatMessage, type SipHeaderList } from './sip-format.ts';
import { newBranch } from './sip-identifiers.ts';
import type { SipResponse } from './sip-message.ts';
import { contentTypeHeader, type SipRequestOptions } from './sip-message-options.ts';
import { SUPPORTED_OPTIONS } from './sip-request-validation.ts';
import type { SipTcpConnection } from './sip-tcp-transport.ts';
import { isStream, type SipFlow, type SipTransportName } from './sip-transport-layer.ts';
import { parseVia } from './sip-via.ts';

/** A request to send in a new client transaction. */
export interface OutgoingRequest {
  method: string;
  uri: string;
  transport: SipTransportName;
  remote: Endpoint;
  connection: SipTcpConnection | undefined;
  from: string;
  to: string;
  callId: string;
  cseq: number;
  /** The user of our Contact (INVITE only). */
  contactUser: string | undefined;
  opts: SipRequestOptions;
}

/** What an ACK for a 2xx is built from: the dialog's (RFC 3261 §13.2.2.4). */
export interface AckTarget {
  readonly remoteTarget: string;
  readonly localHeader: string;
  readonly remoteHeader: string;
  readonly callId: string;
}

/**
 * The UAC core (RFC 3261 §8.1, §17.1): sends a request in a client transaction, matches
 * responses to it (§17.1.3: branch + CSeq method), and ACKs 2xx responses to INVITE (§13.2.2.4),
 * resending that ACK when the 2xx is retransmitted.
 */
export class SipClientCore {
  private readonly transactions = new Map<string, ClientTransaction>();
  /** ACKs for 2xx, resent when the 2xx is retransmitted (RFC 3261 §13.2.2.4). */
  private readonly ackCache = new Map<string, { bytes: Uint8Array; flow: SipFlow }>();

  constructor(private readonly core: SipCore) {}

  /** Send a request in a client transaction; resolves with the final response. */
  async request(req: OutgoingRequest): Promise<{ response: SipResponse; flow: SipFlow }> {
    const flow = await this.core.transport.flowFor(req.transport, req.remote, req.connection);
    const branch = newBranch();
    const via = this.core.viaFor(req.transport, branch);
    const bytes = formatMessage(
      `${req.method} ${req.uri} SIP/2.0`,
      this.headers(req, via),
      req.opts.body ?? '',
    );
    return new Promise((resolve, reject) => {
      const key = `${branch}|${req.method}`;
      const decoded = { method: req.method, callId: req.callId, cseq: req.cseq };
      const tx = new ClientTransaction({
        method: req.method,
        clock: this.core.clock,
        timers: this.core.timers,
        reliable: isStream(flow.transport),
        send: (retransmission) => {
          if (retransmission) this.core.stats.retransmissionsSent++;
          // Stamped before the write: a bounded writev may put the bytes out within it.
          if (!retransmission) latencyProbe?.sent('uac', req.callId, req.cseq);
          this.core.transport.transmit(flow, bytes, decoded);
        },
        sendAck: (response) => this.ackNon2xx(req, via, flow, response),
        onResponse: (response) => {
          if (response.status >= 200) resolve({ response, flow });
        },
        onTimeout: (timer) => reject(new SipTimeoutError(req.method, timer)),
        onTerminated: () => {
          if (this.transactions.get(key) === tx) this.transactions.delete(key);
        },
      });
      this.transactions.set(key, tx);
      tx.start();
    });
  }

  /** RFC 3261 §13.2.2.4: the UAC core ACKs a 2xx in a new transaction (new branch). */
  ack2xx(dialog: AckTarget, cseq: number, flow: SipFlow): void {
    const bytes = formatMessage(`ACK ${dialog.remoteTarget} SIP/2.0`, [
      ['Via', this.core.viaFor(flow.transport, newBranch())],
      ['Max-Forwards', '70'],
      ['From', dialog.localHeader],
      ['To', dialog.remoteHeader],
      ['Call-ID', dialog.callId],
      ['CSeq', `${cseq} ACK`],
    ]);
    const key = `${dialog.callId}|${cseq}`;
    this.ackCache.set(key, { bytes, flow });
    this.core.clock.setTimeout(() => this.ackCache.delete(key), 64 * this.core.timers.t1);
    this.core.transport.transmit(flow, bytes, { method: 'ACK', callId: dialog.callId, cseq });
  }

  /** A response from the transport layer: to its client transaction, else a 2xx retransmission. */
  receiveResponse(res: SipResponse): void {
    if (res.status >= 200) latencyProbe?.received('uac', res.callId, res.cseq);
    const top = res.headers('via')[0];
    const via = top ? parseVia(top) : undefined;
    const tx = via?.branch ? this.transactions.get(`${via.branch}|${res.cseqMethod}`) : undefined;
    if (tx) {
      tx.receive(res);
      return;
    }
    // RFC 3261 §13.2.2.4: a retransmitted 2xx to INVITE gets the same ACK again.
    if (res.cseqMethod === 'INVITE' && res.status >= 200 && res.status < 300) {
      const ack = this.ackCache.get(`${res.callId}|${res.cseq}`);
      if (ack)
        this.core.transport.transmit(ack.flow, ack.bytes, {
          method: 'ACK',
          callId: res.callId,
          cseq: res.cseq,
        });
    }
    // Anything else is a stray response: RFC 3261 §18.1.2 discards it silently.
  }

  /** RFC 3261 §8.1.1: the mandatory headers, then INVITE's Contact/Allow/Supported, then the caller's. */
  private headers(req: OutgoingRequest, via: string): SipHeaderList {
    const headers: Array<readonly [string, string]> = [
      ['Via', via],
      ['Max-Forwards', '70'],
      ['From', req.from],
      ['To', req.to],
      ['Call-ID', req.callId],
      ['CSeq', `${req.cseq} ${req.method}`],
    ];
    if (req.method === 'INVITE') {
      headers.push(['Contact', this.core.contactFor(req.contactUser, req.transport)]);
      headers.push(['Allow', this.core.allowedMethods().join(', ')]);
      headers.push(['Supported', SUPPORTED_OPTIONS.join(', ')]);
    }
    // A caller's own User-Agent (e.g. a client posing as another product) replaces ours.
    const own = req.opts.headers ?? [];
    if (!own.some(([name]) => name.toLowerCase() === 'user-agent'))
      headers.push(['User-Agent', this.core.userAgent]);
    headers.push(...own, ...contentTypeHeader(req.opts));
    return headers;
  }

  /**
   * RFC 3261 §17.1.1.3: ACK for non-2xx: same Request-URI, Call-ID, From, CSeq number,
   * top Via (same branch); To from the response.
   */
  private ackNon2xx(req: OutgoingRequest, via: string, flow: SipFlow, response: SipResponse): void {
    const ack = formatMessage(`ACK ${req.uri} SIP/2.0`, [
      ['Via', via],
      ['Max-Forwards', '70'],
      ['From', req.from],
      ['To', response.header('to') ?? req.to],
      ['Call-ID', req.callId],
      ['CSeq', `${req.cseq} ACK`],
    ]);
    this.core.transport.transmit(flow, ack, { method: 'ACK', callId: req.callId, cseq: req.cseq });
  }
}
