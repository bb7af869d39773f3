import type { SipClientCore } from './sip-client-core.ts';
import type { SipCore } from './sip-core.ts';
import { newTag } from './sip-identifiers.ts';
import type { InviteHandler } from './sip-invite-server.ts';
import type { SipResponse } from './sip-message.ts';
import { acceptHeaderValue, SUPPORTED_OPTIONS } from './sip-request-validation.ts';
import type { ServerRequest } from './sip-server-request.ts';
import type { SipTransportName } from './sip-transport-layer.ts';
import { requestTarget } from './sip-uri.ts';

/**
 * RFC 3261 §11.2: OPTIONS outside a dialog is answered as an INVITE would be (404 for a user no
 * handler serves), with capabilities: Allow, Accept (the handler's media types), Supported.
 */
export function answerOptions(core: SipCore, sr: ServerRequest, handler: InviteHandler | undefined): void {
  if (!handler) {
    sr.refuse(404);
    return;
  }
  sr.respond(200, {}, [
    ['Allow', core.allowedMethods().join(', ')],
    ['Accept', acceptHeaderValue(handler.accept)],
    ['Supported', SUPPORTED_OPTIONS.join(', ')],
  ]);
}

/** Send OPTIONS outside a dialog (RFC 3261 §11.1); resolves with the final response. */
export async function sendOptions(
  core: SipCore,
  client: SipClientCore,
  target: string,
  transport: SipTransportName,
): Promise<SipResponse> {
  const { remote } = requestTarget(target, 'target');
  const { host } = core.transport.address;
  const { response } = await client.request({
    method: 'OPTIONS',
    uri: target,
    transport,
    remote,
    connection: undefined,
    from: `<sip:${core.name}@${host}>;tag=${newTag()}`,
    to: `<${target}>`,
    callId: core.newCallId(),
    cseq: 1,
    contactUser: undefined,
    opts: {},
  });
  return response;
}
