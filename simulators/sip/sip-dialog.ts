import type { Endpoint } from '../lab/observation.ts';
import type { SipHeaderList } from './sip-format.ts';
import type { SipRequest, SipResponse } from './sip-message.ts';
import type { SipRequestOptions, SipResponseOptions } from './sip-message-options.ts';
import type { SipTcpConnection } from './sip-tcp-transport.ts';
import type { SipTransportName } from './sip-transport-layer.ts';

export type { SipBodyOptions, SipRequestOptions, SipResponseOptions } from './sip-message-options.ts';
export type { SipTransportName } from './sip-transport-layer.ts';

/** An in-dialog request (INFO, re-INVITE) waiting for its answer. */
export interface IncomingDialogRequest {
  readonly request: SipRequest;
  readonly dialog: SipDialog;
  /** Answer once; later calls are ignored. A 2xx to a re-INVITE waits for its ACK. */
  respond(status: number, opts?: SipResponseOptions): void;
}

export type DialogEndReason = 'bye-received' | 'bye-sent' | 'no-ack' | 'terminated';

/** The services a dialog uses: sending in it and forgetting it (the dialog layer). */
export interface DialogHost {
  sendInDialog(dialog: SipDialog, method: string, opts: SipRequestOptions): Promise<SipResponse>;
  forgetDialog(dialog: SipDialog): void;
}

export interface SipDialogInit {
  role: 'uac' | 'uas';
  callId: string;
  localTag: string;
  remoteTag: string;
  /** Our From (as UAC) / To (as UAS) header value, with our tag. */
  localHeader: string;
  /** The peer's header value, with its tag. */
  remoteHeader: string;
  /** The peer's Contact URI (RFC 3261 §12.1: the remote target). */
  remoteTarget: string;
  /** Our own user part, for the Contact we send. */
  localUser: string;
  transport: SipTransportName;
  /** Where the peer's messages come from. */
  remote: Endpoint;
  connection: SipTcpConnection | undefined;
  localSeq: number;
  remoteSeq: number | undefined;
  /** Media types accepted in INFO/re-INVITE bodies (undefined: any). */
  accept: readonly string[] | undefined;
  /** UAC side: the 2xx that established the dialog (its body and headers, e.g. Session-Expires). */
  answer?: SipResponse;
}

/**
 * A confirmed SIP dialog (RFC 3261 §12): identified by Call-ID + local tag + remote tag,
 * carries the local/remote CSeq and the remote target. The same class serves the UAS and the
 * UAC side.
 */
export class SipDialog {
  readonly id: string;
  readonly role: 'uac' | 'uas';
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly localHeader: string;
  readonly remoteHeader: string;
  readonly localUser: string;
  readonly transport: SipTransportName;
  readonly remote: Endpoint;
  readonly accept: readonly string[] | undefined;
  /** UAC side: the 2xx to our INVITE that established the dialog; undefined on the UAS side. */
  readonly answer: SipResponse | undefined;
  remoteTarget: string;
  connection: SipTcpConnection | undefined;
  localSeq: number;
  remoteSeq: number | undefined;
  state: 'confirmed' | 'terminated' = 'confirmed';
  /** A re-INVITE we sent is pending (RFC 3261 §14.2: answer theirs with 491). */
  outgoingInvitePending = false;
  /** The INVITE CSeq whose 2xx waits for an ACK, with the hook that stops retransmitting. */
  pendingAck: { cseq: number; acked(): void } | undefined;

  private readonly infoHandlers: Array<(r: IncomingDialogRequest) => void> = [];
  private readonly reInviteHandlers: Array<(r: IncomingDialogRequest) => void> = [];
  // Stryker disable next-line ArrayDeclaration: equivalent, notify() isolates a handler that throws (a non-function entry) and calls the rest
  private readonly byeHandlers: Array<(r: SipRequest) => void> = [];
  // Stryker disable next-line ArrayDeclaration: equivalent, notify() isolates a handler that throws (a non-function entry) and calls the rest
  private readonly endHandlers: Array<(reason: DialogEndReason) => void> = [];

  constructor(
    private readonly host: DialogHost,
    init: SipDialogInit,
  ) {
    this.role = init.role;
    this.callId = init.callId;
    this.localTag = init.localTag;
    this.remoteTag = init.remoteTag;
    this.id = `${init.callId};local-tag=${init.localTag};remote-tag=${init.remoteTag}`;
    this.localHeader = init.localHeader;
    this.remoteHeader = init.remoteHeader;
    this.remoteTarget = init.remoteTarget;
    this.localUser = init.localUser;
    this.transport = init.transport;
    this.remote = init.remote;
    this.connection = init.connection;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.accept = init.accept;
    this.answer = init.answer;
  }

  /** Receive INFO requests (RFC 6086). Without a handler INFO gets 501. */
  onInfo(fn: (r: IncomingDialogRequest) => void): void {
    this.infoHandlers.push(fn);
  }

  /** Receive re-INVITEs (session refresh, RFC 4028). Without a handler they get 200. */
  onReInvite(fn: (r: IncomingDialogRequest) => void): void {
    this.reInviteHandlers.push(fn);
  }

  /** A BYE arrived (already answered 200, RFC 3261 §15.1.2). */
  onBye(fn: (r: SipRequest) => void): void {
    this.byeHandlers.push(fn);
  }

  /** The dialog ended, for whatever reason. */
  onTerminated(fn: (reason: DialogEndReason) => void): void {
    this.endHandlers.push(fn);
  }

  /**
   * Send INFO (RFC 6086) with a body of the given media type; resolves with the final response,
   * rejects on Timer F/transport error.
   */
  sendInfo(body: string, opts: { contentType: string; headers?: SipHeaderList }): Promise<SipResponse> {
    return this.host.sendInDialog(this, 'INFO', { ...opts, body });
  }

  /** Send a re-INVITE (RFC 3261 §14.1; RFC 4028 refresh); a 2xx is ACKed for you. */
  reInvite(opts: SipRequestOptions = {}): Promise<SipResponse> {
    return this.host.sendInDialog(this, 'INVITE', opts);
  }

  /** Send BYE (RFC 3261 §15.1.1); the dialog ends whatever the answer. */
  async bye(): Promise<SipResponse> {
    const answer = this.host.sendInDialog(this, 'BYE', {});
    this.end('bye-sent');
    return answer;
  }

  /** End the dialog locally without signalling (e.g. session expiry handled above). */
  terminate(): void {
    this.end('terminated');
  }

  /** @internal Endpoint -> dialog delivery; a throwing handler propagates (the endpoint answers 500). */
  deliverInfo(r: IncomingDialogRequest): boolean {
    for (const h of this.infoHandlers) h(r);
    return this.infoHandlers.length > 0;
  }

  /** @internal */
  deliverReInvite(r: IncomingDialogRequest): boolean {
    for (const h of this.reInviteHandlers) h(r);
    return this.reInviteHandlers.length > 0;
  }

  /** @internal */
  deliverBye(req: SipRequest): void {
    notify(this.byeHandlers, req);
    this.end('bye-received');
  }

  /** @internal */
  end(reason: DialogEndReason): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.host.forgetDialog(this);
    notify(this.endHandlers, reason);
  }
}

/** Call each handler, isolating failures. */
function notify<T>(handlers: ReadonlyArray<(x: T) => void>, x: T): void {
  for (const h of handlers) {
    try {
      h(x);
    } catch {
      // A handler's failure must not disturb the dialog or the endpoint.
    }
  }
}
