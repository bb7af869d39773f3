import { formatMessage, reasonPhrase, type SipHeaderList } from './sip-format.ts';
import { contentTypeHeader, type SipResponseOptions } from './sip-message-options.ts';

/**
 * What a response copies from its request (RFC 3261 §8.2.6.2): a parsed `SipRequest`, or the
 * header fields of a request refused before sip.js parsed it (`malformedResponse`).
 */
export interface ResponseSource {
  header(name: string): string | undefined;
  readonly toTag: string | undefined;
  readonly callId: string;
}

/** A response to build for a request (the request's own Via values, stamped, in order). */
export interface ResponseSpec {
  readonly request: ResponseSource;
  readonly vias: readonly string[];
  readonly status: number;
  /** Our To tag, added when the request's To has none. */
  readonly toTag: string | undefined;
  /** The Server header value. */
  readonly server: string;
}

/**
 * RFC 3261 §8.2.6.2: Via (all, in order), From, To (+tag), Call-ID, CSeq copied; then Server,
 * the layer's own headers (`extra`), the caller's, and Content-Type for a body (§20.15).
 */
export function formatResponse(
  spec: ResponseSpec,
  opts: SipResponseOptions,
  extra: SipHeaderList = [],
): Uint8Array {
  const { request: req, status, toTag } = spec;
  const headers: Array<readonly [string, string]> = spec.vias.map((v) => ['Via', v] as const);
  const to = req.header('to') ?? '';
  const from = req.header('from');
  if (from !== undefined) headers.push(['From', from]);
  headers.push([
    'To',
    req.toTag === undefined && toTag !== undefined && to !== '' ? `${to};tag=${toTag}` : to,
  ]);
  if (req.callId) headers.push(['Call-ID', req.callId]);
  const cseq = req.header('cseq');
  if (cseq !== undefined) headers.push(['CSeq', cseq]);
  headers.push(['Server', spec.server]);
  headers.push(...extra, ...(opts.headers ?? []), ...contentTypeHeader(opts));
  return formatMessage(`SIP/2.0 ${status} ${opts.reason ?? reasonPhrase(status)}`, headers, opts.body ?? '');
}
