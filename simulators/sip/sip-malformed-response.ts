import type { Endpoint } from '../lab/observation.ts';
import { newTag } from './sip-identifiers.ts';
import { fieldValues, type RequestHead } from './sip-request-syntax.ts';
import { formatResponse, type ResponseSource } from './sip-response.ts';
import { parseVia, stampVia, type ViaInfo } from './sip-via.ts';

/** The answer to a request refused before sip.js parsed it, and where it goes. */
export interface MalformedAnswer {
  readonly bytes: Uint8Array;
  /** The top Via, stamped with `received`/`rport` (RFC 3261 §18.2.1), that routes it (§18.2.2). */
  readonly topVia: ViaInfo;
}

/**
 * The response to a request refused for its syntax, built from its raw header fields (RFC 3261
 * §8.2.6.2: Via, From, To with our tag, Call-ID and CSeq copied as they came), or undefined when
 * the top Via cannot route a response (§18.2.2): then there is nobody to answer. Values are
 * copied as UTF-8 text without control characters.
 */
export function malformedResponse(
  head: RequestHead,
  status: number,
  reason: string,
  source: Endpoint,
  server: string,
): MalformedAnswer | undefined {
  const vias = fieldValues(head, 'via').map(utf8);
  const top = vias[0] === undefined ? undefined : stampVia(vias[0], source);
  const topVia = top === undefined ? undefined : parseVia(top);
  if (top === undefined || topVia === undefined) return undefined;
  const request = responseSource(head);
  const spec = { request, vias: [top, ...vias.slice(1)], status, toTag: newTag(), server };
  return { bytes: formatResponse(spec, { reason }), topVia };
}

/** The first value of each header (UTF-8 text), the To tag and the Call-ID of a raw head. */
function responseSource(head: RequestHead): ResponseSource {
  const header = (name: string): string | undefined => {
    const v = fieldValues(head, name)[0];
    return v === undefined ? undefined : utf8(v);
  };
  const to = header('to') ?? '';
  return {
    header,
    toTag: /;[ \t]*tag[ \t]*=[ \t]*([^;, \t]+)/i.exec(to)?.[1],
    callId: header('call-id') ?? '',
  };
}

/**
 * latin1 text (one character per byte) back to the UTF-8 text those bytes spell, without control
 * characters: the request was refused for its syntax, and its bytes are not echoed verbatim.
 */
function utf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1')
    .toString('utf8')
    .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '');
}
