import { Grammar } from 'sip.js/lib/core/index.js';
import { ok, type Refused, type Result, refused } from '../lab/result.ts';
import { telUriForSipJs } from './sip-parser.ts';
import { viaProblem } from './sip-via.ts';

/**
 * The statuses a request that breaks the grammar is refused with: 400 (RFC 3261 §21.4.1, the
 * reason phrase names the header, as §21.4.1 asks), 416 for a Request-URI scheme we do not serve
 * (§8.2.2.1, §21.4.14), 505 for a SIP version other than 2.0 (§21.5.6; RFC 4475 §3.1.2.16).
 */
export type MalformedStatus = 400 | 416 | 505;

/**
 * A request's header block read line by line (RFC 3261 §7.3.1) before any grammar: the start
 * line and the header fields, folded lines joined. Text is the bytes as latin1 (one character per
 * byte), so the checks see every byte, NUL and invalid UTF-8 included.
 */
export interface RequestHead {
  readonly startLine: string;
  /** [name in lower case, compact form expanded (§7.3.3); value unfolded and trimmed], in order. */
  readonly fields: ReadonlyArray<readonly [string, string]>;
  /** The first problem of the block's structure (§7.3.1), if any. */
  readonly problem: string | undefined;
}

// RFC 3261 §25.1.
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const WORD = '[A-Za-z0-9\\-.!%*_+`\'~()<>:\\\\"/\\[\\]?{}]+';
const CALL_ID = new RegExp(`^${WORD}(?:@${WORD})?$`);
const CSEQ = /^(\d+)[ \t]+(\S+)$/;
const MEDIA_TYPE =
  /^[A-Za-z0-9\-.!%*_+`'~]+[ \t]*\/[ \t]*[A-Za-z0-9\-.!%*_+`'~]+(?:[ \t]*;[ \t]*[A-Za-z0-9\-.!%*_+`'~]+[ \t]*=[ \t]*(?:[A-Za-z0-9\-.!%*_+`'~]+|"(?:[^"\\]|\\.)*"))*$/;
/** Control characters outside quoted strings (§25.1: TEXT-UTF8char and LWS only; HTAB is LWS). */
const CTL = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Compact header names (RFC 3261 §7.3.3 and §20; RFC 4028 `x`). */
const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  x: 'session-expires',
};

/** How the reason phrases write the headers checked here. */
const PRETTY: Readonly<Record<string, string>> = {
  via: 'Via',
  from: 'From',
  to: 'To',
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'max-forwards': 'Max-Forwards',
  'content-type': 'Content-Type',
  'content-length': 'Content-Length',
  contact: 'Contact',
};

/** §8.1.1: the headers every request carries (Via is checked on its own, first). */
const MANDATORY = ['from', 'to', 'call-id', 'cseq', 'max-forwards'];
/** §7.3.1: only comma-list headers may appear twice; these are single values (§20, §25.1). */
const SINGLE = ['from', 'to', 'call-id', 'cseq', 'max-forwards', 'content-type', 'content-length'];

const bad = (reason: string): Refused<MalformedStatus> => refused(400, reason);

/** Read a header block (the bytes before the blank line) into its start line and fields. */
export function readRequestHead(block: Uint8Array): RequestHead {
  const lines = Buffer.from(block.buffer, block.byteOffset, block.byteLength)
    .toString('latin1')
    .replace(/\r\n\r\n$/, '')
    .split('\r\n');
  const fields: Array<[string, string]> = [];
  let problem: string | undefined;
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line)) {
      // §7.3.1: a line starting with whitespace continues the previous header field.
      const last = fields.at(-1);
      if (last) last[1] = `${last[1]} ${line.trim()}`.trim();
      else problem ??= 'Continuation Line Before First Header';
      continue;
    }
    const colon = line.indexOf(':');
    // §7.3.1: header-name HCOLON header-value, HCOLON = *( SP / HTAB ) ":" SWS.
    const name = colon < 0 ? '' : line.slice(0, colon).replace(/[ \t]+$/, '');
    if (colon < 0) problem ??= 'Header Line Without Colon';
    else if (!TOKEN.test(name)) problem ??= 'Bad Header Name';
    else fields.push([canonicalName(name), line.slice(colon + 1).trim()]);
  }
  return { startLine: lines[0] ?? '', fields, problem };
}

function canonicalName(name: string): string {
  const n = name.toLowerCase();
  return COMPACT[n] ?? n;
}

/** Every value of a header in `head`, as read (latin1 text). */
export function fieldValues(head: RequestHead, name: string): string[] {
  const n = canonicalName(name);
  return head.fields.filter(([k]) => k === n).map(([, v]) => v);
}

/**
 * The checks every request passes before sip.js parses it (RFC 3261 §7, §8.1.1, §8.2.2, §20,
 * §25.1; RFC 4475 §3.1.2 and §3.3): refused with the status and a reason phrase naming the part
 * that is wrong. `bodyLength` is the number of bytes after the blank line of a datagram (RFC 3261
 * §18.3); undefined on a stream, where the framer already matched Content-Length.
 */
export function checkRequestHead(
  head: RequestHead,
  bodyLength: number | undefined,
): Result<RequestHead, MalformedStatus> {
  const refusal =
    (head.problem === undefined ? undefined : bad(head.problem)) ??
    requestLineProblem(head.startLine) ??
    viaRefusal(fieldValues(head, 'via')) ??
    presenceProblem(head) ??
    valueProblem(head) ??
    contentLengthProblem(fieldValues(head, 'content-length')[0], bodyLength) ??
    schemeProblem(head.startLine.split(' ')[1] ?? '');
  return refusal ?? ok(head);
}

/** §7.1: Method SP Request-URI SP SIP-Version, single spaces, nothing after (RFC 4475 §3.1.2.8-10). */
function requestLineProblem(line: string): Refused<MalformedStatus> | undefined {
  const parts = line.split(' ');
  const [method, uri, version] = parts;
  if (parts.length !== 3 || method === undefined || uri === undefined || version === undefined)
    return bad('Bad Request-Line');
  if (method === '' || uri === '' || version === '') return bad('Bad Request-Line');
  // §7.1: "The SIP-Version string is case-insensitive, but implementations MUST send upper-case";
  // §25.1 SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT. Another version: 505 (§21.5.6).
  if (!/^SIP\/2\.0$/i.test(version))
    return /^SIP\/\d+\.\d+$/i.test(version) ? refused(505, 'Version Not Supported') : bad('Bad SIP-Version');
  if (!TOKEN.test(method)) return bad('Bad Method');
  return requestUriProblem(uri);
}

/**
 * §7.1: the Request-URI "MUST NOT contain unescaped spaces or control characters and MUST NOT be
 * enclosed in <>" (RFC 4475 §3.1.2.7); §25.1: SIP-URI / SIPS-URI / absoluteURI, so it has a
 * scheme; a SIP URI must parse (§19.1.1) and carry no headers (§19.1.1 Table 1: headers are not
 * allowed in a Request-URI; RFC 4475 §3.1.2.11).
 */
function requestUriProblem(uri: string): Refused<MalformedStatus> | undefined {
  if (CTL.test(uri) || uri.startsWith('<') || uri.endsWith('>')) return bad('Bad Request-URI');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):./.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined) return bad('Bad Request-URI');
  if (scheme !== 'sip' && scheme !== 'sips') return undefined;
  // §25.1 userinfo: user = 1*( unreserved / escaped / user-unreserved ), so `sip:@host` is malformed.
  if (/^sips?:@/i.test(uri)) return bad('Empty User In Request-URI');
  const parsed = safeUriParse(uri);
  if (parsed === undefined || Object.keys(parsed.headers).length > 0) return bad('Bad Request-URI');
  return undefined;
}

/**
 * §8.2.2.1: a Request-URI scheme the UAS does not serve gets 416 (RFC 4475 §3.3.2, §3.3.3). We
 * serve sip and sips (§19.1) and tel (RFC 3966, what TR/87 clients name lines with).
 */
function schemeProblem(uri: string): Refused<MalformedStatus> | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  return scheme === 'sip' || scheme === 'sips' || scheme === 'tel'
    ? undefined
    : refused(416, 'Unsupported URI Scheme');
}

/**
 * §20.42/§25.1 Via; the top via-parm must route the response (§18.2.2), else the caller closes
 * the connection or drops the datagram instead of answering (`malformedResponse`).
 */
function viaRefusal(vias: readonly string[]): Refused<MalformedStatus> | undefined {
  if (vias.length === 0) return bad('Missing Via Header');
  return viaProblem(vias) === undefined ? undefined : bad('Bad Via Header');
}

/** §8.1.1 mandatory headers; §7.3.1 single-valued headers at most once (RFC 4475 §3.3.8, §3.3.9). */
function presenceProblem(head: RequestHead): Refused<MalformedStatus> | undefined {
  for (const name of MANDATORY)
    if (fieldValues(head, name).length === 0) return bad(`Missing ${PRETTY[name]} Header`);
  for (const name of SINGLE)
    if (fieldValues(head, name).length > 1) return bad(`Multiple ${PRETTY[name]} Headers`);
  return undefined;
}

/** The value grammar of the headers this endpoint reads (§25.1), in a fixed order. */
function valueProblem(head: RequestHead): Refused<MalformedStatus> | undefined {
  for (const [name, value] of head.fields)
    if (CTL.test(withoutQuotedStrings(value)))
      return bad(PRETTY[name] === undefined ? 'Bad Header Value' : `Bad ${PRETTY[name]} Header`);
  const method = head.startLine.split(' ')[0] ?? '';
  const one = (name: string): string => fieldValues(head, name)[0] ?? '';
  // §20.8 callid = word [ "@" word ] (ASCII only: a space, NUL or invalid UTF-8 is refused).
  if (!CALL_ID.test(one('call-id'))) return bad('Bad Call-ID Header');
  const cseq = CSEQ.exec(one('cseq'));
  // §20.16 CSeq = 1*DIGIT LWS Method; §8.1.1.5: below 2**31 (RFC 4475 §3.1.2.4).
  if (!cseq || !TOKEN.test(cseq[2] ?? '') || Number(cseq[1]) >= 2 ** 31) return bad('Bad CSeq Header');
  // §8.1.1.5 / RFC 4475 §3.1.2.17: the CSeq method matches the request method.
  if (cseq[2] !== method) return bad('CSeq Method Mismatch');
  // §20.22: Max-Forwards is an integer in the range 0-255 (1*DIGIT; RFC 4475 §3.1.2.4).
  const mf = one('max-forwards');
  if (!/^\d+$/.test(mf) || Number(mf) > 255) return bad('Bad Max-Forwards Header');
  // §20.20 / §20.39 (name-addr / addr-spec; RFC 4475 §3.1.2.6, §3.1.2.14, §3.1.2.15).
  if (!nameAddrParses(one('from'), 'From')) return bad('Bad From Header');
  if (!nameAddrParses(one('to'), 'To')) return bad('Bad To Header');
  // §20.10: "*" or name-addrs; an addr-spec with ';', ',' or '?' must be in <> (RFC 4475 §3.1.2.13).
  if (!fieldValues(head, 'contact').every(contactParses)) return bad('Bad Contact Header');
  // §20.15 media-type = m-type SLASH m-subtype *( SEMI m-parameter ).
  const type = fieldValues(head, 'content-type')[0];
  if (type !== undefined && !MEDIA_TYPE.test(type)) return bad('Bad Content-Type Header');
  return undefined;
}

/**
 * §20.14 Content-Length = 1*DIGIT (RFC 4475 §3.1.2.3: a negative one is refused). §18.3: a
 * datagram whose body is shorter than Content-Length is an error, and a request SHOULD get 400
 * (RFC 4475 §3.1.2.2).
 */
function contentLengthProblem(
  value: string | undefined,
  bodyLength: number | undefined,
): Refused<MalformedStatus> | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) return bad('Bad Content-Length Header');
  if (bodyLength !== undefined && Number(value) > bodyLength) return bad('Content-Length Larger Than Body');
  return undefined;
}

function withoutQuotedStrings(value: string): string {
  return value.replace(/"(?:[^"\\]|\\[\s\S])*"/g, '""');
}

function nameAddrParses(value: string, rule: 'From' | 'To'): boolean {
  return grammarParses(telUriForSipJs(value), rule);
}

function contactParses(value: string): boolean {
  return value === '*' || grammarParses(value, 'Contact');
}

function grammarParses(value: string, rule: string): boolean {
  try {
    const parsed = Grammar.parse(value, rule) as unknown;
    return parsed !== -1 && parsed !== undefined && parsed !== null;
  } catch {
    return false;
  }
}

function safeUriParse(uri: string): { headers: object } | undefined {
  try {
    return Grammar.URIParse(uri);
  } catch {
    return undefined;
  }
}
