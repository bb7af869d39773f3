import type { SipClientCore } from './sip-client-core.ts';
import type { SipCore } from './sip-core.ts';
import type { SipHeaderList } from './sip-format.ts';
import { newTag } from './sip-identifiers.ts';
import type { SipResponse } from './sip-message.ts';
import type { SipTransportName } from './sip-transport-layer.ts';
import { requestTarget } from './sip-uri.ts';

export interface RegisterOptions {
  /** The address-of-record, To and From (RFC 3261 §10.2). */
  aor: string;
  /** Seconds the binding lasts; 0 removes it (§10.2.2). */
  expires: number;
  /** Default: the registrar URI's `transport` parameter, else UDP. */
  transport?: SipTransportName;
  /** The user of the Contact we bind. */
  contactUser?: string;
  headers?: SipHeaderList;
}

/**
 * The registration client (RFC 3261 §10.2, UAC side of REGISTER): one Call-ID and From tag per
 * AOR, kept across refreshes, with a CSeq that increases by one per REGISTER (§10.2).
 */
export class SipRegisterClient {
  /** REGISTER Call-ID and CSeq per AOR, kept across refreshes (RFC 3261 §10.2). */
  private readonly registrations = new Map<string, { callId: string; cseq: number; tag: string }>();

  constructor(
    private readonly core: SipCore,
    private readonly client: SipClientCore,
  ) {}

  /** Send REGISTER to `registrar` (`sip:host:port`); resolves with the final response, whatever its status. */
  async register(registrar: string, opts: RegisterOptions): Promise<SipResponse> {
    const target = requestTarget(registrar, 'registrar');
    const transport = opts.transport ?? target.transport;
    const previous = this.registrations.get(opts.aor);
    const state = previous ?? { callId: this.core.newCallId(), cseq: 0, tag: newTag() };
    state.cseq++;
    this.registrations.set(opts.aor, state);
    const { response } = await this.client.request({
      method: 'REGISTER',
      uri: registrar,
      transport,
      remote: target.remote,
      connection: undefined,
      from: `<${opts.aor}>;tag=${state.tag}`,
      to: `<${opts.aor}>`,
      callId: state.callId,
      cseq: state.cseq,
      contactUser: undefined,
      opts: {
        headers: [
          ['Contact', this.core.contactFor(opts.contactUser, transport)],
          ['Expires', String(opts.expires)],
          ...(opts.headers ?? []),
        ],
      },
    });
    return response;
  }
}
