/**
 * The media type of CSTA XML bodies in SIP (ECMA TR/87 §5; RFC 6086 INFO bodies): the TR/87 layer
 * names it on every body it sends and accepts, the SIP layer knows no media type of its own.
 */
export const CSTA_CONTENT_TYPE = 'application/csta+xml';
