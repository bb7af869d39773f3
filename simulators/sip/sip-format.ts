/** A header as [name, value]; order is kept on the wire. */
export type SipHeaderList = ReadonlyArray<readonly [string, string]>;

/** Reason phrases of the status codes this layer sends (RFC 3261 §21, RFC 4028 §6). */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  200: 'OK',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  420: 'Bad Extension',
  422: 'Session Interval Too Small',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  483: 'Too Many Hops',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  603: 'Decline',
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? (status < 300 ? 'OK' : 'Error');
}

/**
 * Serialise a message: start line, headers, then Content-Length counted in bytes of the UTF-8
 * body (RFC 3261 §20.14), always present (mandatory on TCP, RFC 3261 §18.3).
 * Header values are cleaned of CR/LF so a caller's value cannot inject headers.
 */
export function formatMessage(startLine: string, headers: SipHeaderList, body = ''): Buffer {
  const bodyBytes = Buffer.from(body, 'utf8');
  let text = `${startLine}\r\n`;
  for (const [name, value] of headers) {
    if (/^content-length$/i.test(name)) continue;
    text += `${name}: ${value.replace(/[\r\n]+/g, ' ')}\r\n`;
  }
  text += `Content-Length: ${bodyBytes.byteLength}\r\n\r\n`;
  return Buffer.concat([Buffer.from(text, 'utf8'), bodyBytes]);
}
