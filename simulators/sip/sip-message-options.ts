import type { SipHeaderList } from './sip-format.ts';

/**
 * A body and its media type: RFC 3261 §20.15 wants Content-Type on every non-empty body, and the
 * SIP layer knows no media type of its own, so whoever may send a body names its type. An empty
 * or absent body sends no Content-Type.
 */
export type SipBodyOptions =
  | { body?: string; contentType: string }
  | { body?: undefined; contentType?: undefined };

/** What a request is sent with. */
export type SipRequestOptions = SipBodyOptions & { headers?: SipHeaderList };

/** What a handler answers with. */
export type SipResponseOptions = SipBodyOptions & { headers?: SipHeaderList; reason?: string };

/**
 * The Content-Type header of a body (none for an empty body). A non-empty body without a
 * content type is a caller's mistake the types already refuse; a plain-JS caller gets a
 * TypeError rather than a message that breaks RFC 3261 §20.15.
 */
export function contentTypeHeader(opts: SipBodyOptions): SipHeaderList {
  if ((opts.body ?? '') === '') return [];
  if (opts.contentType === undefined)
    throw new TypeError('a SIP body needs its contentType (RFC 3261 §20.15)');
  return [['Content-Type', opts.contentType]];
}
