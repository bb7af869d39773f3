import { latencyProbe } from '../lab/latency-probe.ts';
import type { SipCore } from './sip-core.ts';
import { reasonPhrase, type SipHeaderList } from './sip-format.ts';
import { newTag } from './sip-identifiers.ts';
import type { SipRequest } from './sip-message.ts';
import type { SipResponseOptions } from './sip-message-options.ts';
import { formatResponse } from './sip-response.ts';
import { ServerTransaction } from './sip-server-transaction.ts';
import { isStream, type SipFlow } from './sip-transport-layer.ts';
import type { ViaInfo } from './sip-via.ts';

/** Server transactions by key (RFC 3261 §17.2.3), shared by the roles that match against them. */
export type ServerTransactionTable = Map<string, ServerTransaction>;

/** A request in its server transaction, as the role that serves it sees it. */
export interface ServerRequest {
  readonly request: SipRequest;
  readonly flow: SipFlow;
  /** The transaction key (RFC 3261 §17.2.3). */
  readonly key: string;
  readonly transaction: ServerTransaction;
  /** The request's To tag, or the one we add to our responses (RFC 3261 §8.2.6.2). */
  readonly toTag: string;
  /** Send a response in the transaction; `extra` headers go before the caller's. */
  respond(status: number, opts?: SipResponseOptions, extra?: SipHeaderList): void;
  /** Refuse the request: counted, published as bad input, answered with `status`. */
  refuse(status: number, reason?: string, headers?: SipHeaderList): void;
  /** What to do when Timer H fires: no ACK for our final INVITE response (RFC 3261 §17.2.1). */
  onAckTimeout(fn: (status: number) => void): void;
}

/**
 * RFC 3261 §17.2.3: branch + sent-by + method (ACK matches INVITE); RFC 2543 fallback, also for a
 * branch that is the magic cookie alone (RFC 4475 §3.2.1: it identifies no transaction).
 */
export function serverKey(req: SipRequest, via: ViaInfo | undefined): string {
  if (via?.branch?.startsWith('z9hG4bK') && via.branch.length > 7)
    return `${via.branch}|${via.host}:${via.port ?? ''}|${req.method}`;
  return `${req.callId}|${req.cseq}|${req.fromTag ?? ''}|${via?.branch ?? ''}|${req.method}`;
}

/** What a new server transaction is opened for. */
export interface ServerRequestInit {
  readonly request: SipRequest;
  /** The request's Via values, the top one stamped (RFC 3261 §18.2.1). */
  readonly vias: readonly string[];
  readonly topVia: ViaInfo | undefined;
  readonly flow: SipFlow;
  readonly key: string;
}

/**
 * Open the server transaction of a new request (RFC 3261 §17.2) and register it in `table`
 * until it terminates; responses go out routed by Via (§18.2.2).
 */
export function openServerRequest(
  core: SipCore,
  table: ServerTransactionTable,
  init: ServerRequestInit,
): ServerRequest {
  const { request: req, flow, key } = init;
  const toTag = req.toTag ?? newTag();
  let timedOut: (status: number) => void = () => {};
  const tx = new ServerTransaction({
    method: req.method,
    clock: core.clock,
    timers: core.timers,
    reliable: isStream(flow.transport),
    send: (bytes, status, retransmission) => {
      if (retransmission) core.stats.retransmissionsSent++;
      core.transport.sendResponse(flow, init.topVia, bytes, status);
    },
    onAckTimeout: (status) => timedOut(status),
    onTerminated: () => {
      if (table.get(key) === tx) table.delete(key);
    },
  });
  table.set(key, tx);
  const respond = (status: number, opts: SipResponseOptions = {}, extra: SipHeaderList = []): void => {
    const spec = { request: req, vias: init.vias, status, toTag: status > 100 ? toTag : undefined };
    const bytes = formatResponse({ ...spec, server: core.userAgent }, opts, extra);
    // Stamped before the write: a bounded writev may put the bytes out within it.
    if (status >= 200) latencyProbe?.sent('uas', req.callId, req.cseq);
    tx.respond(bytes, status);
  };
  return {
    request: req,
    flow,
    key,
    transaction: tx,
    toTag,
    respond,
    refuse: (status, reason, headers) => {
      core.stats.rejected++;
      core.transport.publishBadInput(
        flow.transport,
        flow.remote,
        `${status} ${reason ?? reasonPhrase(status)}`,
      );
      respond(status, { reason, headers });
    },
    onAckTimeout: (fn) => {
      timedOut = fn;
    },
  };
}
