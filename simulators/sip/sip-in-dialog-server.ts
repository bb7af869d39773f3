import type { SipCore } from './sip-core.ts';
import type { IncomingDialogRequest, SipDialog } from './sip-dialog.ts';
import type { SipDialogLayer } from './sip-dialog-layer.ts';
import { contentTypeHeader } from './sip-message-options.ts';
import { acceptHeaderValue, acceptsBody } from './sip-request-validation.ts';
import type { ServerRequest } from './sip-server-request.ts';
import { contactUri } from './sip-uri.ts';

/**
 * Requests inside a dialog, UAS side (RFC 3261 §12.2.2): BYE (§15.1.2), INFO (RFC 6086) and
 * re-INVITE (§14.2; RFC 4028 session refresh). Other methods get 405.
 */
export class SipInDialogServer {
  constructor(
    private readonly core: SipCore,
    private readonly dialogs: SipDialogLayer,
  ) {}

  /** A request with a To tag. */
  receive(sr: ServerRequest): void {
    const req = sr.request;
    const dialog = this.dialogs.forRequest(req);
    if (!dialog) {
      // RFC 3261 §12.2.2: a request for an unknown dialog gets 481.
      sr.refuse(481);
      return;
    }
    if (req.cseq < (dialog.remoteSeq ?? 0)) {
      // RFC 3261 §12.2.2: a CSeq lower than the remote sequence (if not empty) gets 500.
      sr.refuse(500, 'CSeq Out of Order');
      return;
    }
    dialog.remoteSeq = req.cseq;
    if (sr.flow.connection) dialog.connection = sr.flow.connection;
    this.serve(sr, dialog);
  }

  private serve(sr: ServerRequest, dialog: SipDialog): void {
    const req = sr.request;
    if (req.method === 'BYE') {
      sr.respond(200); // §15.1.2
      dialog.deliverBye(req);
      return;
    }
    if (req.method !== 'INFO' && req.method !== 'INVITE') {
      sr.refuse(405, undefined, [['Allow', this.core.allowedMethods().join(', ')]]);
      return;
    }
    if (!acceptsBody(req, dialog.accept)) {
      sr.refuse(415, undefined, [['Accept', acceptHeaderValue(dialog.accept)]]);
      return;
    }
    const isInvite = req.method === 'INVITE';
    // §14.2: a re-INVITE while ours is pending gets 491.
    if (isInvite && dialog.outgoingInvitePending) {
      sr.refuse(491);
      return;
    }
    if (isInvite) {
      const contact = contactUri(req);
      // Stryker disable next-line ConditionalExpression: equivalent, an INVITE without a Contact that parses is refused 400 before it gets here (§8.1.1.8)
      if (contact) dialog.remoteTarget = contact; // §12.2.2: target refresh
      sr.onAckTimeout((status) => {
        if (status < 300 && dialog.state === 'confirmed') dialog.bye().catch(() => {});
      });
    }
    this.deliver(sr, dialog, isInvite);
  }

  /** Hand INFO / re-INVITE to the dialog's handlers; a throwing handler gets the request a 500. */
  private deliver(sr: ServerRequest, dialog: SipDialog, isInvite: boolean): void {
    const { request: req, transaction: tx } = sr;
    const incoming: IncomingDialogRequest = {
      request: req,
      dialog,
      respond: (status, opts = {}) => {
        if (tx.finalStatus !== undefined || status < 200 || status > 699) return;
        contentTypeHeader(opts); // a body without its type throws here, before any state changes
        const ok = isInvite && status < 300;
        if (ok) dialog.pendingAck = { cseq: req.cseq, acked: () => tx.ack() };
        sr.respond(status, opts, ok ? this.core.uasHeaders(dialog.localUser, sr.flow.transport) : []);
      },
    };
    let handled: boolean;
    try {
      handled = isInvite ? dialog.deliverReInvite(incoming) : dialog.deliverInfo(incoming);
    } catch {
      sr.respond(500); // a no-op when the handler answered before it threw (one final response)
      return;
    }
    // No handler: a refresh re-INVITE is accepted (RFC 4028 §9); a dialog that takes no INFO
    // answers 501 Not Implemented (RFC 3261 §21.5.2).
    if (!handled) incoming.respond(isInvite ? 200 : 501);
  }
}
