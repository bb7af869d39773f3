import type { SipClientCore } from './sip-client-core.ts';
import type { SipCore } from './sip-core.ts';
import type { SipDialog } from './sip-dialog.ts';
import type { SipDialogLayer } from './sip-dialog-layer.ts';
import { SipRequestFailedError } from './sip-error.ts';
import { newTag } from './sip-identifiers.ts';
import type { SipRequestOptions } from './sip-message-options.ts';
import type { SipTransportName } from './sip-transport-layer.ts';
import { contactUri, requestTarget, uriUser } from './sip-uri.ts';

export type InviteOptions = SipRequestOptions & {
  /** Our AOR, e.g. `sip:app@lab`; its user goes into Contact. */
  from: string;
  /** To URI; default the target. */
  to?: string;
  /** Default: the target's `transport` parameter, else UDP. */
  transport?: SipTransportName;
  /**
   * Media types accepted in INFO/re-INVITE bodies the peer sends; others get 415. Default: the
   * endpoint's `acceptedContentTypes`, else any.
   */
  accept?: readonly string[];
};

/**
 * The INVITE client (RFC 3261 §13.2, UAC core): a new INVITE in a new dialog; a 2xx confirms the
 * dialog (§12.1.2) and is ACKed (§13.2.2.4); a final non-2xx is a SipRequestFailedError.
 */
export class SipInviteClient {
  constructor(
    private readonly core: SipCore,
    private readonly client: SipClientCore,
    private readonly dialogs: SipDialogLayer,
  ) {}

  async invite(target: string, opts: InviteOptions): Promise<SipDialog> {
    const parsed = requestTarget(target, 'target');
    const transport = opts.transport ?? parsed.transport;
    const fromUser = uriUser(opts.from);
    const localTag = newTag();
    const callId = this.core.newCallId();
    const from = `<${opts.from}>;tag=${localTag}`;
    const to = `<${opts.to ?? target}>`;
    const { response, flow } = await this.client.request({
      method: 'INVITE',
      uri: target,
      transport,
      remote: parsed.remote,
      connection: undefined,
      from,
      to,
      callId,
      cseq: 1,
      contactUser: fromUser,
      opts,
    });
    if (response.status >= 300) throw new SipRequestFailedError(response);
    const dialog = this.dialogs.create({
      role: 'uac',
      callId,
      localTag,
      remoteTag: response.toTag ?? '',
      localHeader: from,
      remoteHeader: response.header('to') ?? to,
      remoteTarget: contactUri(response) ?? target,
      localUser: fromUser ?? '',
      transport,
      remote: parsed.remote,
      connection: flow.connection,
      localSeq: 1,
      remoteSeq: undefined,
      accept: opts.accept ?? this.core.acceptedContentTypes,
      answer: response,
    });
    this.client.ack2xx(dialog, 1, flow);
    return dialog;
  }
}
