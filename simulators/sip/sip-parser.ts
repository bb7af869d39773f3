import {
  IncomingRequestMessage,
  type IncomingResponseMessage,
  LoggerFactory,
  Parser,
} from 'sip.js/lib/core/index.js';
import { contentLengthsOf, headerEnd } from '../lab/stream-framing.ts';
import { SipParseError } from './sip-error.ts';
import { installGrammarCache } from './sip-grammar-cache.ts';
import type { SipMessage, SipMessageBase } from './sip-message.ts';

installGrammarCache();

const loggerFactory = new LoggerFactory();
loggerFactory.builtinEnabled = false;
const logger = loggerFactory.getLogger('sip.parser');
const utf8 = new TextDecoder('utf-8', { fatal: false });

export { contentLengthsOf, headerEnd };

/**
 * Parse one whole SIP message from bytes with sip.js core's `Parser.parseMessage`.
 * The body is cut by Content-Length counted in BYTES (RFC 3261 §20.14; sip.js would count
 * characters), so the text handed to sip.js already holds exactly the body.
 * Without Content-Length (allowed on UDP, RFC 3261 §18.3) the body runs to the end.
 */
export function parseSipMessage(bytes: Uint8Array): SipMessage | SipParseError {
  const end = headerEnd(bytes);
  if (end < 0) return new SipParseError('no blank line after the headers', bytes);
  const head = utf8.decode(bytes.subarray(0, end));
  const lengthText = contentLengthOf(head);
  let bodyBytes = bytes.subarray(end);
  if (lengthText !== undefined) {
    if (!/^\d{1,9}$/.test(lengthText)) return new SipParseError(`bad Content-Length "${lengthText}"`, bytes);
    const length = Number(lengthText);
    // RFC 3261 §18.3: a body shorter than Content-Length is an error; extra bytes are discarded.
    if (length > bodyBytes.byteLength) return new SipParseError('body shorter than Content-Length', bytes);
    bodyBytes = bodyBytes.subarray(0, length);
  }
  const body = utf8.decode(bodyBytes);
  let parsed: IncomingRequestMessage | IncomingResponseMessage | undefined;
  const tel = telUrisForSipJs(head);
  try {
    parsed = Parser.parseMessage(tel.head + body, logger);
  } catch (e) {
    return new SipParseError(`sip.js parser failed: ${(e as Error).message}`, bytes);
  }
  if (parsed === undefined) return new SipParseError('not a SIP message', bytes);
  parsed.body = body;
  return view(parsed, body, bytes, tel.originals);
}

/** The Content-Length value (trimmed) in a header block, or undefined when absent. */
export function contentLengthOf(head: string): string | undefined {
  return contentLengthsOf(head)[0];
}

function view(
  parsed: IncomingRequestMessage | IncomingResponseMessage,
  body: string,
  bytes: Uint8Array,
  originals: ReadonlyMap<string, string>,
): SipMessage {
  const cseqParsed = safe(() => parsed.parseHeader('cseq')) as { value: number; method: string } | undefined;
  const base: SipMessageBase = {
    callId: parsed.callId ?? '',
    cseq: typeof cseqParsed?.value === 'number' ? cseqParsed.value : Number.NaN,
    cseqMethod: typeof cseqParsed?.method === 'string' ? cseqParsed.method : '',
    fromTag: parsed.fromTag || undefined,
    toTag: parsed.toTag || undefined,
    body,
    header: (name) => originals.get(canonicalHeader(name)) ?? parsed.getHeader(name),
    headers: (name) => parsed.getHeaders(name),
    contentType: (parsed.getHeader('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
    bytes,
  };
  if (parsed instanceof IncomingRequestMessage) {
    const ruri = parsed.ruri;
    return {
      ...base,
      kind: 'request',
      method: parsed.method,
      uri: ruri?.toString() ?? '',
      user: ruri?.user ?? undefined,
      parsed,
    };
  }
  const response = parsed as IncomingResponseMessage;
  return {
    ...base,
    kind: 'response',
    status: response.statusCode ?? 0,
    reason: response.reasonPhrase ?? '',
    parsed: response,
  };
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

const compactNames: Readonly<Record<string, string>> = { f: 'from', t: 'to' };

function canonicalHeader(name: string): string {
  const n = name.toLowerCase();
  return compactNames[n] ?? n;
}

/**
 * RFC 3261 §20.20 / §20.39 allow any URI in From and To, and TR/87 clients put the line there as
 * a `tel:` URI (RFC 3966), but the sip.js grammar only accepts SIP URIs in those headers. For the
 * sip.js parse only, a `tel:NUMBER` URI becomes `sip:NUMBER@tel.invalid;user=phone` (its user part
 * is the number, as the CTI layer reads it); the original header values are kept and returned by
 * `header()`, so responses copy From and To unchanged (RFC 3261 §8.2.6.2).
 */
function telUrisForSipJs(head: string): { head: string; originals: Map<string, string> } {
  const originals = new Map<string, string>();
  const out = head.replace(
    /^(from|f|to|t)([ \t]*:[ \t]*)([^\r\n]*)$/gim,
    (line, name: string, colon: string, value: string) => {
      if (!/tel:/i.test(value)) return line;
      originals.set(canonicalHeader(name), value.trim());
      return `${name}${colon}${telUriForSipJs(value)}`;
    },
  );
  return { head: out, originals };
}

/** One From/To value with its `tel:` URI rewritten for the sip.js grammar (see `telUrisForSipJs`). */
export function telUriForSipJs(value: string): string {
  if (!/tel:/i.test(value)) return value;
  return value
    .replace(/<tel:([^;>]+)[^>]*>/gi, '<sip:$1@tel.invalid;user=phone>')
    .replace(/(^|[\s"])tel:([^;>\s,]+)/gi, '$1<sip:$2@tel.invalid;user=phone>');
}
