import type { SipClientCore } from './sip-client-core.ts';
import { type DialogHost, SipDialog, type SipDialogInit } from './sip-dialog.ts';
import { SipTransportError } from './sip-error.ts';
import type { SipRequest, SipResponse } from './sip-message.ts';
import type { SipRequestOptions } from './sip-message-options.ts';
import type { SipTcpConnection } from './sip-tcp-transport.ts';
import { contactUri, uriEndpoint } from './sip-uri.ts';

/**
 * The dialog layer (RFC 3261 §12): the confirmed dialogs of one endpoint, found by Call-ID,
 * local tag and remote tag (§12 dialog ID), and the UAC side of requests inside them (§12.2.1).
 */
export class SipDialogLayer implements DialogHost {
  private readonly byKey = new Map<string, SipDialog>();
  /**
   * Connections an in-dialog request is being sent on (a BYE outlives its dialog), with counts.
   * Requests of UDP dialogs count under `undefined`, which no connection ever asks for.
   */
  private readonly sending = new Map<SipTcpConnection | undefined, number>();

  constructor(private readonly client: SipClientCore) {}

  /** Confirmed dialogs by id. */
  get dialogs(): ReadonlyMap<string, SipDialog> {
    return new Map([...this.byKey.values()].map((d) => [d.id, d]));
  }

  /** A new confirmed dialog, served by this layer. */
  create(init: SipDialogInit): SipDialog {
    const dialog = new SipDialog(this, init);
    this.byKey.set(dialogKey(dialog.callId, dialog.localTag, dialog.remoteTag), dialog);
    return dialog;
  }

  /** The dialog a request with a To tag belongs to (its To tag is our local tag), if any. */
  forRequest(req: SipRequest): SipDialog | undefined {
    // Our local tags are never empty: a request without To tag finds no dialog.
    const remoteTag = req.fromTag ?? ''; // RFC 2543 peers may send no From tag
    // Stryker disable next-line StringLiteral: equivalent, our local tags are random and never empty: no stand-in text for a missing To tag finds a dialog
    return this.byKey.get(dialogKey(req.callId, req.toTag ?? '', remoteTag));
  }

  /**
   * Whether a confirmed dialog sends its requests on `connection`, or a request of a dialog (the
   * BYE of one just ended) is on its way on it: the connection then stays open.
   */
  usesConnection(connection: SipTcpConnection): boolean {
    if (this.sending.has(connection)) return true;
    for (const d of this.byKey.values()) if (d.connection === connection) return true;
    return false;
  }

  /** End every dialog (the endpoint closes). */
  endAll(): void {
    for (const d of [...this.byKey.values()]) d.end('terminated');
  }

  /** @internal */
  forgetDialog(dialog: SipDialog): void {
    this.byKey.delete(dialogKey(dialog.callId, dialog.localTag, dialog.remoteTag));
  }

  private doneSending(connection: SipTcpConnection | undefined): void {
    const n = (this.sending.get(connection) ?? 1) - 1;
    if (n > 0) this.sending.set(connection, n);
    else this.sending.delete(connection);
  }

  /** @internal A request inside `dialog` (RFC 3261 §12.2.1.1), in a new client transaction. */
  async sendInDialog(dialog: SipDialog, method: string, opts: SipRequestOptions): Promise<SipResponse> {
    if (dialog.state === 'terminated' && method !== 'BYE')
      throw new SipTransportError(`dialog ${dialog.id} is terminated`);
    const cseq = ++dialog.localSeq; // RFC 3261 §12.2.1.1: CSeq increases by one per request
    const remote = uriEndpoint(dialog.remoteTarget) ?? dialog.remote;
    const isInvite = method === 'INVITE';
    if (isInvite) dialog.outgoingInvitePending = true;
    const on = dialog.connection;
    this.sending.set(on, (this.sending.get(on) ?? 0) + 1);
    try {
      const { response, flow } = await this.client.request({
        method,
        uri: dialog.remoteTarget,
        transport: dialog.transport,
        remote,
        connection: dialog.connection,
        from: dialog.localHeader,
        to: dialog.remoteHeader,
        callId: dialog.callId,
        cseq,
        contactUser: dialog.localUser, // only an INVITE carries Contact (client core)
        opts,
      });
      if (flow.connection) dialog.connection = flow.connection;
      if (isInvite && response.status < 300) {
        const contact = contactUri(response);
        if (contact) dialog.remoteTarget = contact; // §12.2.1.2: target refresh
        this.client.ack2xx(dialog, cseq, flow);
      }
      // RFC 3261 §12.2.1.2: 481/408 to an in-dialog request ends the dialog.
      if (response.status === 481 || response.status === 408) dialog.end('terminated');
      return response;
    } finally {
      if (isInvite) dialog.outgoingInvitePending = false;
      this.doneSending(on);
    }
  }
}

function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}|${localTag}|${remoteTag}`;
}
