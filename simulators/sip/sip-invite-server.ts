import type { Endpoint } from '../lab/observation.ts';
import type { SipCore } from './sip-core.ts';
import type { SipDialog } from './sip-dialog.ts';
import type { SipDialogLayer } from './sip-dialog-layer.ts';
import { SipTransportError } from './sip-error.ts';
import type { SipRequest } from './sip-message.ts';
import { contentTypeHeader, type SipResponseOptions } from './sip-message-options.ts';
import { acceptHeaderValue, acceptsBody } from './sip-request-validation.ts';
import type { ServerRequest, ServerTransactionTable } from './sip-server-request.ts';
import type { ServerTransaction } from './sip-server-transaction.ts';
import type { SipTransportName } from './sip-transport-layer.ts';
import { contactUri } from './sip-uri.ts';

/** A new INVITE (no To tag) for a registered user. */
export interface IncomingInvite {
  readonly request: SipRequest;
  readonly transport: SipTransportName;
  /** The packet's source address. */
  readonly remote: Endpoint;
  /** Answer 200 with Contact (RFC 3261 §13.3.1.4) and return the confirmed dialog. */
  accept(opts?: SipResponseOptions): SipDialog;
  /** Answer with a final non-2xx status. */
  reject(status: number, opts?: SipResponseOptions): void;
}

export interface InviteHandlerOptions {
  /** Request-URI user this handler answers; omitted: every user no other handler claims. */
  user?: string;
  /**
   * Media types accepted in bodies (INVITE, INFO, re-INVITE); others get 415. Default: the
   * endpoint's `acceptedContentTypes`, else any.
   */
  accept?: readonly string[];
}

/** An installed INVITE handler. */
export interface InviteHandler {
  readonly fn: (invite: IncomingInvite) => void;
  readonly user: string | undefined;
  readonly accept: readonly string[] | undefined;
}

/**
 * The INVITE server (RFC 3261 §13.3, UAS core): new INVITEs go to the handler of their
 * Request-URI user; CANCEL ends a pending one (§9.2); ACK completes the INVITE server
 * transaction (§17.2.1, non-2xx) or the 2xx handshake of the dialog (§13.3.1.4).
 */
export class SipInviteServer {
  private readonly handlers: InviteHandler[] = [];
  /** INVITE server transactions still waiting for the handler (CANCEL answers them 487). */
  private readonly pending = new Map<ServerTransaction, (status: number) => void>();

  constructor(
    private readonly core: SipCore,
    private readonly dialogs: SipDialogLayer,
    private readonly transactions: ServerTransactionTable,
  ) {}

  /** Install a handler; returns its uninstall function. */
  add(fn: (invite: IncomingInvite) => void, opts: InviteHandlerOptions): () => void {
    const h: InviteHandler = { fn, user: opts.user, accept: opts.accept ?? this.core.acceptedContentTypes };
    this.handlers.push(h);
    return () => {
      const i = this.handlers.indexOf(h);
      if (i >= 0) this.handlers.splice(i, 1);
    };
  }

  /** The handler of a Request-URI user: its own, else the one for every user (`user` undefined). */
  handlerFor(user: string | undefined): InviteHandler | undefined {
    return this.handlers.find((h) => h.user === user) ?? this.handlers.find((h) => h.user === undefined);
  }

  /** A new INVITE (no To tag): 404 without a handler, 415 for a body it does not accept. */
  receiveInvite(sr: ServerRequest): void {
    const handler = this.handlerFor(sr.request.user);
    if (!handler) {
      sr.refuse(404);
      return;
    }
    if (!acceptsBody(sr.request, handler.accept)) {
      // RFC 3261 §21.4.16: 415 lists what we accept.
      sr.refuse(415, undefined, [['Accept', acceptHeaderValue(handler.accept)]]);
      return;
    }
    const invite = this.incomingInvite(sr, handler);
    const tx = sr.transaction;
    this.pending.set(tx, (status) => invite.reject(status));
    try {
      handler.fn(invite);
    } catch {
      invite.reject(500); // a no-op when the handler answered before it threw (one final response)
    }
    // RFC 3261 §17.2.1: a TU that does not answer at once gets a 100 Trying sent for it.
    if (tx.finalStatus === undefined) {
      sr.respond(100);
      // A handler that never answers: by 64*T1 the caller's Timer B has fired; end with 408
      // (RFC 3261 §21.4.9) so the transaction is not kept forever.
      // (Answered or ended meanwhile: the transaction sends no second final response.)
      this.core.clock.setTimeout(() => invite.reject(408), 64 * this.core.timers.t1);
    }
  }

  /** RFC 3261 §9.2: CANCEL matches the INVITE's server transaction (same branch). */
  receiveCancel(sr: ServerRequest): void {
    const invite = this.transactions.get(sr.key.replace(/\|CANCEL$/, '|INVITE'));
    if (!invite || invite.finalStatus !== undefined) {
      sr.refuse(481);
      return;
    }
    sr.respond(200);
    const cancelled = this.pending.get(invite);
    // Stryker disable next-line OptionalChaining: equivalent, without an entry (a re-INVITE) the call throws as the last statement here, and the transports swallow it (DESIGN.md section 8)
    cancelled?.(487);
  }

  /** An ACK (never answered, RFC 3261 §17.2.3); `key` is its transaction key. */
  receiveAck(req: SipRequest, key: string): void {
    // Non-2xx ACK: same branch as the INVITE (§17.2.1).
    const tx = this.transactions.get(key.replace(/\|ACK$/, '|INVITE'));
    if (tx) {
      tx.ack();
      return;
    }
    // 2xx ACK: matched to the dialog by CSeq (§13.3.1.4).
    const dialog = this.dialogs.forRequest(req);
    // Stryker disable next-line OptionalChaining: equivalent, without a dialog the read throws as the last statement here, and the transports swallow it (DESIGN.md section 8)
    if (dialog?.pendingAck && dialog.pendingAck.cseq === req.cseq) {
      dialog.pendingAck.acked();
      dialog.pendingAck = undefined;
    }
  }

  private incomingInvite(sr: ServerRequest, handler: InviteHandler): IncomingInvite {
    const tx = sr.transaction;
    return {
      request: sr.request,
      transport: sr.flow.transport,
      remote: sr.flow.remote,
      accept: (opts = {}) => this.accept(sr, handler, opts),
      reject: (status, opts = {}) => {
        if (status < 300 || status > 699)
          throw new RangeError(`reject needs a 3xx-6xx status, got ${status}`);
        this.pending.delete(tx);
        sr.respond(status, opts);
      },
    };
  }

  /** 200 to the INVITE: the UAS dialog is confirmed at once and waits for the ACK (§13.3.1.4). */
  private accept(sr: ServerRequest, handler: InviteHandler, opts: SipResponseOptions): SipDialog {
    const { request: req, flow, transaction: tx, toTag: localTag } = sr;
    if (tx.finalStatus !== undefined) throw new SipTransportError('INVITE already answered');
    contentTypeHeader(opts); // a body without its type throws here, before a dialog exists
    const dialog = this.dialogs.create({
      role: 'uas',
      callId: req.callId,
      localTag,
      remoteTag: req.fromTag ?? '',
      // Stryker disable next-line StringLiteral: equivalent, an INVITE without To is refused 400 before it gets here (§8.1.1)
      localHeader: `${req.header('to') ?? ''};tag=${localTag}`,
      // Stryker disable next-line StringLiteral: equivalent, an INVITE without From is refused 400 before it gets here (§8.1.1)
      remoteHeader: req.header('from') ?? '',
      remoteTarget: contactUri(req) ?? req.uri,
      localUser: req.user ?? '',
      transport: flow.transport,
      remote: flow.remote,
      connection: flow.connection,
      localSeq: 0,
      remoteSeq: req.cseq,
      accept: handler.accept,
    });
    dialog.pendingAck = { cseq: req.cseq, acked: () => tx.ack() };
    // §13.3.1.4: no ACK for the 2xx within 64*T1: the session SHOULD be terminated. (The final
    // response of this transaction is the 200 sent below: Timer H reports no other status.)
    sr.onAckTimeout(() => {
      if (dialog.state === 'confirmed') dialog.bye().catch(() => {});
    });
    this.pending.delete(tx);
    sr.respond(200, opts, this.core.uasHeaders(req.user, flow.transport));
    return dialog;
  }
}
