import { latencyProbe } from '../lab/latency-probe.ts';
import type { SipCore } from './sip-core.ts';
import { newTag } from './sip-identifiers.ts';
import type { SipInDialogServer } from './sip-in-dialog-server.ts';
import type { SipInviteServer } from './sip-invite-server.ts';
import type { SipRequest } from './sip-message.ts';
import { answerOptions } from './sip-options.ts';
import type { SipRegistrar } from './sip-registrar.ts';
import { validateRequest } from './sip-request-validation.ts';
import { formatResponse } from './sip-response.ts';
import {
  openServerRequest,
  type ServerRequest,
  type ServerTransactionTable,
  serverKey,
} from './sip-server-request.ts';
import type { SipFlow } from './sip-transport-layer.ts';
import { parseVia, stampVia, type ViaInfo } from './sip-via.ts';

/** The roles a request can go to. */
export interface SipServerRoles {
  readonly invite: SipInviteServer;
  readonly registrar: SipRegistrar;
  readonly inDialog: SipInDialogServer;
}

/**
 * Incoming requests (SIP.js: UserAgentCore.receiveIncomingRequestFromTransport): stamp Via,
 * validate, match a server transaction (absorbing retransmissions) or open one, and hand the
 * request to its role.
 */
export class SipRequestDispatcher {
  constructor(
    private readonly core: SipCore,
    private readonly transactions: ServerTransactionTable,
    private readonly roles: SipServerRoles,
  ) {}

  receive(req: SipRequest, flow: SipFlow): void {
    // An ACK carries its INVITE's CSeq number: it is not a request of its own to the probe.
    if (req.method !== 'ACK') latencyProbe?.received('uas', req.callId, req.cseq);
    const vias = req.headers('via');
    if (vias[0] !== undefined) vias[0] = stampVia(vias[0], flow.remote); // §18.2.1
    const topVia = vias[0] ? parseVia(vias[0]) : undefined;
    if (this.rejected(req, vias, topVia, flow)) return;
    const key = serverKey(req, topVia);
    if (req.method === 'ACK') {
      this.roles.invite.receiveAck(req, key);
      return;
    }
    const existing = this.transactions.get(key);
    if (existing) {
      // §17.2.1/§17.2.2: a retransmission gets the last response again.
      this.core.stats.retransmissionsAbsorbed++;
      existing.retransmission();
      return;
    }
    this.route(openServerRequest(this.core, this.transactions, { request: req, vias, topVia, flow, key }));
  }

  /** A request failing validation (RFC 3261 §8.2) is answered here, outside any transaction. */
  private rejected(req: SipRequest, vias: string[], topVia: ViaInfo | undefined, flow: SipFlow): boolean {
    const rejection =
      vias.length > 0 && !topVia
        ? { status: 400, reason: 'Bad Via' }
        : validateRequest(req, this.core.allowedMethods());
    if (!rejection) return false;
    if (req.method === 'ACK') return true; // §17.2.3: an ACK is never answered
    const { status, reason } = rejection;
    this.core.stats.rejected++;
    this.core.transport.publishBadInput(flow.transport, flow.remote, `${status} ${reason}`);
    const spec = { request: req, vias, status, toTag: newTag(), server: this.core.userAgent };
    const bytes = formatResponse(spec, { reason, headers: rejection.headers });
    this.core.transport.sendResponse(flow, topVia, bytes, status);
    return true;
  }

  private route(sr: ServerRequest): void {
    const req = sr.request;
    if (req.method === 'CANCEL') {
      this.roles.invite.receiveCancel(sr);
      return;
    }
    if (req.method === 'OPTIONS' && req.toTag === undefined) {
      answerOptions(this.core, sr, this.roles.invite.handlerFor(req.user));
      return;
    }
    if (req.method === 'REGISTER') {
      this.roles.registrar.receive(sr);
      return;
    }
    if (req.toTag !== undefined) {
      this.roles.inDialog.receive(sr);
      return;
    }
    // Out of dialog from here: INFO/BYE need a dialog (RFC 6086 §4.2.2, RFC 3261 §15.1.2).
    if (req.method !== 'INVITE') {
      sr.refuse(481);
      return;
    }
    this.roles.invite.receiveInvite(sr);
  }
}
