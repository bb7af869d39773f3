import type { SipRequest } from './sip-message.ts';

/** A request the endpoint must refuse before any handler sees it. */
export interface SipRejection {
  status: number;
  reason: string;
  headers?: ReadonlyArray<readonly [string, string]>;
}

/**
 * Methods this endpoint implements (the Allow header, RFC 3261 §20.5). REGISTER is added to the
 * list only while a registrar handler is installed (`SipEndpoint.onRegister`).
 */
export const ALLOWED_METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'INFO', 'OPTIONS'] as const;

/** Option tags understood in Require (RFC 3261 §8.2.2.3); `timer` is RFC 4028. */
export const SUPPORTED_OPTIONS = ['timer'] as const;

const MANDATORY: ReadonlyArray<readonly [string, string]> = [
  ['via', 'Via'],
  ['from', 'From'],
  ['to', 'To'],
  ['call-id', 'Call-ID'],
  ['cseq', 'CSeq'],
  ['max-forwards', 'Max-Forwards'],
];

/**
 * Checks every request must pass (RFC 3261 §8.1.1: mandatory headers; §8.2.2: UAS checks;
 * §8.2.1: unknown method -> 405 with Allow; §8.2.2.3: unknown Require option -> 420 with
 * Unsupported). `allowed` is the endpoint's current method list (default ALLOWED_METHODS).
 * The grammar itself was checked before parsing (`checkRequestHead`); these repeat the checks
 * the layers above rely on. Max-Forwards 0 is not refused: 483 is a proxy's answer (§16.3 step
 * 3); the endpoint is the request's destination and serves it (RFC 4475 §3.3.11).
 */
export function validateRequest(
  req: SipRequest,
  allowed: readonly string[] = ALLOWED_METHODS,
): SipRejection | undefined {
  for (const [name, pretty] of MANDATORY) {
    if (req.headers(name).length === 0) return { status: 400, reason: `Missing ${pretty} Header` };
  }
  if (!Number.isInteger(req.cseq) || req.cseq < 0 || req.cseq >= 2 ** 31)
    return { status: 400, reason: 'Bad CSeq Header' };
  if (req.cseqMethod !== req.method) return { status: 400, reason: 'CSeq Method Mismatch' };
  const maxForwards = Number(req.header('max-forwards'));
  if (!Number.isInteger(maxForwards) || maxForwards < 0 || maxForwards > 255)
    return { status: 400, reason: 'Bad Max-Forwards Header' };
  if (!allowed.includes(req.method))
    return { status: 405, reason: 'Method Not Allowed', headers: [['Allow', allowed.join(', ')]] };
  if (req.method === 'INVITE' && req.headers('contact').length === 0)
    return { status: 400, reason: 'Missing Contact Header' }; // §8.1.1.8
  const required = req
    .headers('require')
    .flatMap((h) => h.split(','))
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '' && !(SUPPORTED_OPTIONS as readonly string[]).includes(t));
  if (required.length > 0 && req.method !== 'ACK' && req.method !== 'CANCEL')
    return { status: 420, reason: 'Bad Extension', headers: [['Unsupported', required.join(', ')]] };
  return undefined;
}

/**
 * RFC 3261 §8.2.3: a body whose media type is not in `accept` gets 415 (undefined: any type is
 * accepted; a request without a body always passes).
 */
export function acceptsBody(req: SipRequest, accept: readonly string[] | undefined): boolean {
  if (accept === undefined || req.body === '') return true;
  return accept.some((a) => a.toLowerCase() === req.contentType);
}

/**
 * The Accept header value for `accept` (RFC 3261 §20.1; a 415 lists it, §21.4.16; so does a 200
 * to OPTIONS, §11.2). Undefined means any media type: the media-range of all types (§20.1).
 */
export function acceptHeaderValue(accept: readonly string[] | undefined): string {
  return accept === undefined ? '*/*' : accept.join(', ');
}
