/**
 * The malformed (and valid-but-strange) SIP requests of `sip/sip-malformed-requests.test.ts`, one
 * row per class of GitHub issue 7 (items 2, 3, 4 and 9) and per RFC 4475 torture message that
 * applies to a UAS, each with what the endpoint must do over TCP and over UDP. RFC 4475 messages
 * are adapted the same way: the top Via is the test peer's (so an answer reaches it; the Via is
 * left as written where it is what the message tests, with the peer's address in it), and
 * `Content-Length` is counted from the body unless the message is about it.
 */

/** What the test knows when it builds a row's bytes. */
export interface CaseContext {
  readonly transport: 'tcp' | 'udp';
  /** `TCP` / `UDP`, for Via. */
  readonly T: string;
  /** The test peer's port (its address is 127.0.0.1). */
  readonly port: number;
  /** A fresh branch, `z9hG4bK...`, that the answer must carry back. */
  readonly branch: string;
  /** A well-formed top Via for this peer: `SIP/2.0/T 127.0.0.1:port;branch=...`. */
  readonly via: string;
}

/**
 * What must happen: a response (`status`; for a 400 `names` is the part the reason phrase names,
 * RFC 3261 §21.4.1; `thenClose`: the connection closes after it, framing being lost), or no answer
 * at all: `close` (TCP: closed at once, or after 64*T1 of waiting for the rest of a message) or
 * `drop` (UDP: discarded and counted).
 */
export type Outcome =
  | { readonly status: number; readonly names?: string; readonly thenClose?: boolean }
  | { readonly close: 'at-once' | 'after-64T1' }
  | { readonly drop: true };

export interface MalformedCase {
  readonly name: string;
  /** The class it belongs to (the report counts rows per class). */
  readonly cls: string;
  /** Where it comes from: `issue 7 item N` or `RFC 4475 §x.y.z name`. */
  readonly source: string;
  /** Why the outcome is what it is, when the row alone does not say (RFC text, a choice). */
  readonly note?: string;
  readonly build: (c: CaseContext) => Buffer;
  readonly tcp: Outcome;
  readonly udp: Outcome;
}

const CRLF = '\r\n';

/** latin1 text to bytes: one byte per character, so `\x00` and `\xff` are single bytes. */
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

/** A message from its lines; `Content-Length` counted from the body unless `length` is 'as-written'. */
function message(
  start: string,
  headers: readonly string[],
  body = '',
  length: 'count' | 'as-written' = 'count',
) {
  const cl = length === 'count' ? [`Content-Length: ${Buffer.byteLength(body, 'latin1')}`] : [];
  return latin1([start, ...headers, ...cl].join(CRLF) + CRLF + CRLF + body);
}

type Change = string | null | readonly string[];

/**
 * The issue's repro OPTIONS (`OPTIONS sip:201@127.0.0.1 SIP/2.0`, Via of the peer, From with a
 * tag, To, Call-ID, `CSeq: 1 OPTIONS`, `Max-Forwards: 70`) with headers replaced (a string),
 * dropped (null) or repeated (an array); `extra` lines go after them.
 */
function options(
  c: CaseContext,
  change: Readonly<Record<string, Change>> = {},
  opts: { start?: string; extra?: readonly string[]; body?: string; length?: 'count' | 'as-written' } = {},
): Buffer {
  const base: ReadonlyArray<readonly [string, string]> = [
    ['Via', c.via],
    ['From', `<sip:a@127.0.0.1>;tag=1`],
    ['To', '<sip:201@127.0.0.1>'],
    ['Call-ID', `c-${c.branch}`],
    ['CSeq', '1 OPTIONS'],
    ['Max-Forwards', '70'],
  ];
  const lines: string[] = [];
  for (const [name, value] of base) {
    const v = name in change ? change[name] : value;
    if (v === null || v === undefined) continue;
    for (const one of typeof v === 'string' ? [v] : v) lines.push(`${name}: ${one}`);
  }
  lines.push(...(opts.extra ?? []));
  return message(opts.start ?? 'OPTIONS sip:201@127.0.0.1 SIP/2.0', lines, opts.body ?? '', opts.length);
}

/** The session description RFC 4475's INVITEs carry (its §3.1.1.1 wsinv body). */
const SDP = [
  'v=0',
  'o=mhandley 29739 7272939 IN IP4 192.0.2.1',
  's=-',
  'c=IN IP4 192.0.2.1',
  't=0 0',
  'm=audio 49217 RTP/AVP 0 12',
  'm=video 3227 RTP/AVP 31',
  'a=rtpmap:31 LPC',
  '',
].join(CRLF);

const bad = (names: string): Outcome => ({ status: 400, names });
const both = (o: Outcome) => ({ tcp: o, udp: o });
/** Nothing routes an answer (no usable top Via, RFC 3261 §18.2.2): close the stream, drop the datagram. */
const unanswerable = { tcp: { close: 'at-once' }, udp: { drop: true } } as const;
/** Content-Length broken: on a stream framing is lost (400, then close); a datagram gets 400 (§18.3). */
const framing = (names: string) => ({ tcp: { status: 400, names, thenClose: true }, udp: bad(names) });

const ISSUE2 = 'issue 7 item 2';
const ISSUE3 = 'issue 7 item 3';

/** Issue 7 item 2: requests that still parse as SIP but broke a header's grammar. */
const issueItem2: MalformedCase[] = [
  ...['abc OPTIONS', '-1 OPTIONS', '0x1F OPTIONS', '1.5 OPTIONS', '1', '2147483648 OPTIONS'].map(
    (v): MalformedCase => ({
      name: `CSeq: ${v}`,
      cls: 'CSeq',
      source: ISSUE2,
      note: 'RFC 3261 §20.16 CSeq = 1*DIGIT LWS Method; §8.1.1.5: below 2**31',
      build: (c) => options(c, { CSeq: v }),
      ...both(bad('CSeq')),
    }),
  ),
  ...['-1', 'abc', '7.5', '1e3', '0x46', '256'].map(
    (v): MalformedCase => ({
      name: `Max-Forwards: ${v}`,
      cls: 'Max-Forwards',
      source: ISSUE2,
      note: 'RFC 3261 §20.22: an integer 0-255 (§25.1 1*DIGIT)',
      build: (c) => options(c, { 'Max-Forwards': v }),
      ...both(bad('Max-Forwards')),
    }),
  ),
  ...(
    [
      ['empty', ''],
      ['with a space', 'a b@h'],
      ['with a NUL', 'a\x00b@h'],
      ['with invalid UTF-8', 'a\xff\xfeb@h'],
    ] as const
  ).map(
    ([what, v]): MalformedCase => ({
      name: `Call-ID ${what}`,
      cls: 'Call-ID',
      source: ISSUE2,
      note: 'RFC 3261 §25.1 callid = word [ "@" word ], ASCII word characters only',
      build: (c) => options(c, { 'Call-ID': v }),
      ...both(bad('Call-ID')),
    }),
  ),
  ...(
    [
      ['From', 'garbage', 'garbage<<>'],
      ['From', 'unterminated <', '<sip:a@127.0.0.1;tag=1'],
      ['To', 'garbage', '%%%'],
      ['To', 'unterminated quote', '"Bob <sip:201@127.0.0.1>'],
    ] as const
  ).map(
    ([header, what, v]): MalformedCase => ({
      name: `${header} ${what}`,
      cls: 'From/To',
      source: ISSUE2,
      note: 'RFC 3261 §20.20/§20.39: name-addr / addr-spec',
      build: (c) => options(c, { [header]: v }),
      ...both(bad(header)),
    }),
  ),
  ...(
    [
      ['Request-URI without scheme', 'OPTIONS 201@127.0.0.1 SIP/2.0', 'Request-URI'],
      ['Request-URI with a space', 'OPTIONS sip:2 01@127.0.0.1 SIP/2.0', 'Request-Line'],
      ['Request-URI with a NUL', 'OPTIONS sip:2\x0001@127.0.0.1 SIP/2.0', 'Request-URI'],
      ['Request-URI in <>', 'OPTIONS <sip:201@127.0.0.1> SIP/2.0', 'Request-URI'],
      ['Request-URI host [::1', 'OPTIONS sip:201@[::1 SIP/2.0', 'Request-URI'],
      ['Request-URI with an empty user', 'OPTIONS sip:@127.0.0.1 SIP/2.0', 'Request-URI'],
      ['no SIP version', 'OPTIONS sip:201@127.0.0.1', 'Request-Line'],
      ['method INV@ITE', 'INV@ITE sip:201@127.0.0.1 SIP/2.0', 'Method'],
    ] as const
  ).map(
    ([name, start, names]): MalformedCase => ({
      name,
      cls: 'Request-Line',
      source: ISSUE2,
      note: 'RFC 3261 §7.1: Method SP Request-URI SP SIP-Version; no spaces, CTLs or <> in the URI',
      build: (c) => options(c, name.startsWith('method') ? { CSeq: '1 INV@ITE' } : {}, { start }),
      ...both(bad(names)),
    }),
  ),
  ...(
    [
      ['Via empty', ''],
      ['Via garbage', 'garbage'],
      ['no Via', null],
    ] as const
  ).map(
    ([name, v]): MalformedCase => ({
      name,
      cls: 'Via (unroutable)',
      source: ISSUE2,
      note: 'RFC 3261 §18.2.2: no top Via routes an answer; the stream closes, the datagram is dropped',
      build: (c) => options(c, { Via: v }),
      ...unanswerable,
    }),
  ),
  {
    name: 'Content-Type: ////',
    cls: 'Content-Type',
    source: ISSUE2,
    note: 'RFC 3261 §20.15 media-type = m-type SLASH m-subtype',
    build: (c) => options(c, {}, { extra: ['Content-Type: ////'] }),
    ...both(bad('Content-Type')),
  },
];

/** Issue 7 item 3: requests answered 200 before the fix. */
const issueItem3: MalformedCase[] = [
  {
    name: 'SIP/7.0 in the Request-Line',
    cls: 'SIP-Version',
    source: `${ISSUE3}; RFC 4475 §3.1.2.16`,
    note: 'RFC 3261 §21.5.6: 505 Version Not Supported',
    build: (c) => options(c, {}, { start: 'OPTIONS sip:201@127.0.0.1 SIP/7.0' }),
    ...both({ status: 505 }),
  },
  {
    name: 'sip/2.0 in the Request-Line (lower case)',
    cls: 'SIP-Version',
    source: ISSUE3,
    note:
      'valid: RFC 3261 §7.1 "The SIP-Version string is case-insensitive, but implementations MUST ' +
      'send upper-case" (§25.1 ABNF literals are case-insensitive too), so it is served: 200',
    build: (c) => options(c, {}, { start: 'OPTIONS sip:201@127.0.0.1 sip/2.0' }),
    ...both({ status: 200 }),
  },
  {
    name: 'xyz: Request-URI scheme',
    cls: 'Request-URI scheme',
    source: ISSUE3,
    note: 'RFC 3261 §8.2.2.1 / §21.4.14: 416 Unsupported URI Scheme',
    build: (c) => options(c, {}, { start: 'OPTIONS xyz:201@127.0.0.1 SIP/2.0' }),
    ...both({ status: 416 }),
  },
  ...(
    [
      ['From', '<sip:b@127.0.0.1>;tag=2'],
      ['To', '<sip:202@127.0.0.1>'],
      ['Call-ID', 'other@h'],
      ['CSeq', '2 OPTIONS'],
      ['Max-Forwards', '69'],
    ] as const
  ).map(
    ([header, second]): MalformedCase => ({
      name: `two ${header} headers`,
      cls: 'duplicate header',
      source: ISSUE3,
      note: 'RFC 3261 §7.3.1: only comma-list headers may repeat; §20: these are single-valued',
      build: (c) => {
        const first = {
          From: '<sip:a@127.0.0.1>;tag=1',
          To: '<sip:201@127.0.0.1>',
          'Call-ID': `c-${c.branch}`,
          CSeq: '1 OPTIONS',
          'Max-Forwards': '70',
        }[header];
        return options(c, { [header]: [first, second] });
      },
      ...both(bad(header)),
    }),
  ),
  {
    name: 'header line without a colon',
    cls: 'header line',
    source: ISSUE3,
    note: 'RFC 3261 §7.3.1: header-name HCOLON header-value',
    build: (c) => options(c, {}, { extra: ['NoColonHere'] }),
    ...both(bad('Header')),
  },
  {
    name: 'NUL in a header name',
    cls: 'header line',
    source: ISSUE3,
    note: 'RFC 3261 §25.1: header-name = token',
    build: (c) => options(c, {}, { extra: ['X-\x00Bad: 1'] }),
    ...both(bad('Header')),
  },
  {
    name: 'continuation line before the first header',
    cls: 'header line',
    source: ISSUE3,
    note: 'RFC 3261 §7.3.1: a folded line continues the header above it; there is none',
    build: (c) => {
      const text = options(c).toString('latin1').replace(' SIP/2.0\r\n', ' SIP/2.0\r\n  folded\r\n');
      return latin1(text);
    },
    ...both(bad('Header')),
  },
  ...(
    [
      ['Via SIP/3.0/<transport>', (c: CaseContext) => c.via.replace('SIP/2.0', 'SIP/3.0')],
      ['Via SIP/2.0/FOO', (c: CaseContext) => c.via.replace(`/${c.T} `, '/FOO ')],
    ] as const
  ).map(
    ([name, via]): MalformedCase => ({
      name,
      cls: 'Via (malformed, routable)',
      source: ISSUE3,
      note:
        'RFC 3261 §7.1/§20.42: the top Via names SIP/2.0 and a transport §18.2.2 can answer on; ' +
        'its sent-by still routes the 400',
      build: (c) => options(c, { Via: via(c) }),
      ...both(bad('Via')),
    }),
  ),
];

/** Issue 7 item 4 (responses bounced by the client's own Via parameters) and item 9 (UDP framing). */
const issueItems4and9: MalformedCase[] = [
  {
    name: 'Via with a received=127.0.0.2 the client wrote itself',
    cls: 'Via received/rport',
    source: 'issue 7 item 4',
    note: 'RFC 3261 §18.2.1: received comes from the packet, overwriting the client; the 200 reaches the peer',
    build: (c) => options(c, { Via: `${c.via};received=127.0.0.2` }),
    ...both({ status: 200 }),
  },
  {
    name: 'Via with rport=1 the client wrote itself',
    cls: 'Via received/rport',
    source: 'issue 7 item 4',
    note: 'RFC 3581 §4: the server writes rport from the packet; the 200 reaches the peer',
    build: (c) => options(c, { Via: `SIP/2.0/${c.T} 127.0.0.1:9;branch=${c.branch};rport=1` }),
    ...both({ status: 200 }),
  },
  {
    name: 'Content-Length 100, no body',
    cls: 'Content-Length',
    source: 'issue 7 item 9',
    note:
      'RFC 3261 §18.3: a datagram shorter than its Content-Length is an error, a request SHOULD ' +
      'get 400; a stream waits for the rest, then closes (64*T1)',
    build: (c) => options(c, {}, { extra: ['Content-Length: 100'], length: 'as-written' }),
    tcp: { close: 'after-64T1' },
    udp: bad('Content-Length'),
  },
  {
    name: 'Content-Length: -5',
    cls: 'Content-Length',
    source: 'issue 7 item 9',
    note: 'RFC 3261 §20.14 Content-Length = 1*DIGIT',
    build: (c) => options(c, {}, { extra: ['Content-Length: -5'], length: 'as-written' }),
    ...framing('Content-Length'),
  },
  {
    name: 'Content-Length: abc',
    cls: 'Content-Length',
    source: 'issue 7 item 9',
    note: 'RFC 3261 §20.14 Content-Length = 1*DIGIT',
    build: (c) => options(c, {}, { extra: ['Content-Length: abc'], length: 'as-written' }),
    ...framing('Content-Length'),
  },
  {
    name: 'no Content-Length',
    cls: 'Content-Length',
    source: 'issue 7 item 9',
    note: 'RFC 3261 §18.3: MUST on a stream (400, framing lost); a datagram body runs to its end (200)',
    build: (c) => options(c, {}, { length: 'as-written' }),
    tcp: { status: 400, names: 'Content-Length', thenClose: true },
    udp: { status: 200 },
  },
];

/** A request after RFC 4475's pattern: start line, the peer's top Via first, then the lines. */
function torture(
  c: CaseContext,
  start: string,
  lines: readonly string[],
  body = '',
  length: 'count' | 'as-written' = 'count',
) {
  return message(start, [`Via: ${c.via}`, ...lines], body, length);
}

const RFC4475_VALID: MalformedCase[] = [
  {
    name: 'wsinv: a short tortuous INVITE',
    cls: 'RFC 4475 valid',
    source: 'RFC 4475 §3.1.1.1 wsinv',
    note: 'valid (folding, odd spacing, compact forms); its To has a tag, so no dialog matches: 481 (RFC 3261 §12.2.2)',
    build: (c) =>
      message(
        'INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0',
        [
          'TO :',
          ' sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n',
          'from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>',
          '  ;',
          '  tag = 98asjd8',
          'MaX-fOrWaRdS: 0068',
          `Call-ID: wsinv.ndaksdj@${c.branch}`,
          `Content-Length   : ${Buffer.byteLength(SDP)}`,
          'cseq: 0009',
          '  INVITE',
          'Via  : SIP  /   2.0',
          ` /${c.T}`,
          `    127.0.0.1:${c.port};branch=${c.branch}`,
          's :',
          'NewFangledHeader:   newfangled value',
          ' continued newfangled value',
          'UnknownHeaderWithUnusualValue: ;;,,;;,;',
          'Content-Type: application/sdp',
          'Route:',
          ' <sip:services.example.com;lr;unknownwith=value;unknown-no-value>',
          'v:  SIP  / 2.0  / TCP     spindle.example.com   ;',
          '  branch  =   z9hG4bK9ikj8  ,',
          ' SIP  /    2.0   / UDP  192.168.255.111   ; branch=',
          ' z9hG4bK30239',
          'm:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =',
          '      newvalue ;',
          '  secondparam ; q = 0.33',
        ],
        SDP,
        'as-written',
      ),
    ...both({ status: 481 }),
  },
  {
    name: 'intmeth: wide range of valid characters',
    cls: 'RFC 4475 valid',
    source: 'RFC 4475 §3.1.1.2 intmeth',
    note: 'valid (a NUL escaped in a quoted string, odd tokens); an unknown method: 405 (RFC 3261 §8.2.1)',
    build: (c) =>
      message(
        "!interesting-Method0123456789_*+`.%indeed'~ sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com SIP/2.0",
        [
          `Via: SIP/2.0/${c.T} 127.0.0.1:${c.port};branch=${c.branch}-.!%66*_+\`'~`,
          'To: "BEL:\\\x07 NUL:\\\x00 DEL:\\\x7F" <sip:1_unusual.URI~(to-be!sure)&isn\'t+it$/crazy?,/;;*@example.com>',
          "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"\xD1\x80\xD0\xB0\xD0\xB1\xD0\xBE\xD1\x82\xD0\xB0\xD1\x8E\xD1\x89\xD0\xB8\xD0\xB9\";tag=_token~1'+`*%!-.",
          `Call-ID: intmeth.word%ZK-!.*_+'@word\`~)(><:\\/"][?}{${c.port}`,
          "CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~",
          'Max-Forwards: 255',
          "extensionHeader-!.%*+_`'~:\xEF\xBB\xBF\xE5\xA4\xA7\xE5\x81\x9C\xE9\x9B\xBB",
        ],
      ),
    ...both({ status: 405 }),
  },
  {
    name: 'lwsdisp: no LWS between display name and <',
    cls: 'RFC 4475 valid',
    source: 'RFC 4475 §3.1.1.6 lwsdisp',
    note: 'valid: 200',
    build: (c) =>
      torture(c, 'OPTIONS sip:user@example.com SIP/2.0', [
        'To: sip:user@example.com',
        'From: caller<sip:caller@example.com>;tag=323',
        'Max-Forwards: 70',
        `Call-ID: lwsdisp.1234abcd@${c.branch}`,
        'CSeq: 60 OPTIONS',
      ]),
    ...both({ status: 200 }),
  },
  {
    name: 'longreq: long values, 34 Vias',
    cls: 'RFC 4475 valid',
    source: 'RFC 4475 §3.1.1.7 longreq',
    note: 'valid; an INVITE with an SDP body the CSTA-only INVITE handler does not take: 415 (RFC 3261 §21.4.13)',
    build: (c) =>
      torture(
        c,
        'INVITE sip:user@example.com SIP/2.0',
        [
          `To: "I have a user name of ${'extreme'.repeat(10)} proportion"<sip:user@example.com:6000;unknownparam1=very${'long'.repeat(20)}value;longparam${'name'.repeat(25)}=shortvalue;very${'long'.repeat(25)}ParameterNameWithNoValue>`,
          `F: sip:${'amazinglylongcallername'.repeat(5)}@example.net;tag=12${'982'.repeat(50)}424;unknownheaderparam${'name'.repeat(20)}=unknowheaderparam${'value'.repeat(15)};unknownValueless${'paramname'.repeat(10)}`,
          `Call-ID: longreq.one${'really'.repeat(20)}longcallid${c.port}`,
          'CSeq: 3882340 INVITE',
          `Unknown-${'Long'.repeat(20)}-Name:unknown-${'long'.repeat(20)}-value;unknown-${'long'.repeat(20)}-parameter-name =unknown-${'long'.repeat(20)}-parameter-value`,
          ...Array.from(
            { length: 33 },
            (_, i) => `${['Via', 'v', 'V', 'VIA ', 'via  '][i % 5]}: SIP/2.0/TCP sip${33 - i}.example.com`,
          ),
          `Via: SIP/2.0/TCP host.example.com;received=192.0.2.5;branch=very${'long'.repeat(50)}branchvalue`,
          'Max-Forwards: 70',
          `Contact: <sip:${'amazinglylongcallername'.repeat(5)}@host5.example.net>`,
          'Content-Type: application/sdp',
        ],
        SDP,
      ),
    ...both({ status: 415 }),
  },
  {
    name: 'semiuri: semicolon-separated parameters in the URI user part',
    cls: 'RFC 4475 valid',
    source: 'RFC 4475 §3.1.1.9 semiuri',
    note: 'valid: 200',
    build: (c) =>
      torture(c, 'OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0', [
        'To: sip:j_user@example.com',
        'From: sip:caller@example.org;tag=33242',
        'Max-Forwards: 3',
        `Call-ID: semiuri.0ha0isndaksdj${c.branch}`,
        'CSeq: 8 OPTIONS',
        'Accept: application/sdp, application/pkcs7-mime,',
        '        multipart/mixed, multipart/signed,',
        '        message/sip, message/sipfrag',
      ]),
    ...both({ status: 200 }),
  },
  {
    name: 'transports: Vias of every transport, one unknown',
    cls: 'RFC 4475 valid',
    source: 'RFC 4475 §3.1.1.10 transports',
    note: 'valid: an extension transport in a lower Via is accepted (only the top one must be answerable): 200',
    build: (c) =>
      torture(c, 'OPTIONS sip:user@example.com SIP/2.0', [
        'Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf',
        'Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj',
        'Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en',
        'Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee',
        'To: sip:user@example.com',
        'From: <sip:caller@example.com>;tag=323',
        'Max-Forwards: 70',
        `Call-ID: transports.kijh4akdnaqjkwendsasfdj${c.branch}`,
        'Accept: application/sdp',
        'CSeq: 60 OPTIONS',
      ]),
    ...both({ status: 200 }),
  },
];

const INVITE_HEADERS = (c: CaseContext, tag: string): string[] => [
  'To: sip:j.user@example.com',
  `From: sip:caller@example.net;tag=${tag}`,
  'Max-Forwards: 7',
  `Call-ID: ${tag}.${c.branch}`,
  'CSeq: 8 INVITE',
  'Contact: <sip:caller@host5.example.net>',
  'Content-Type: application/sdp',
];

const RFC4475_INVALID: MalformedCase[] = [
  {
    name: 'badinv01: extraneous header field separators',
    cls: 'RFC 4475 invalid',
    source: 'RFC 4475 §3.1.2.1 badinv01',
    note: 'RFC 4475: 400; the top via-parm still routes it',
    build: (c) =>
      message(
        'INVITE sip:user@example.com SIP/2.0',
        [
          'To: sip:j.user@example.com',
          'From: sip:caller@example.net;tag=134161461246',
          'Max-Forwards: 7',
          `Call-ID: badinv01.0ha0isndaksdjasdf3234nas${c.branch}`,
          'CSeq: 8 INVITE',
          `Via: SIP/2.0/${c.T} 127.0.0.1:${c.port};branch=${c.branch};;,;,,`,
          'Contact: "Joe" <sip:joe@example.org>;;;;',
          'Content-Type: application/sdp',
        ],
        SDP,
      ),
    ...both(bad('Via')),
  },
  {
    name: 'clerr: Content-Length larger than the message',
    cls: 'RFC 4475 invalid',
    source: 'RFC 4475 §3.1.2.2 clerr',
    note: 'RFC 4475: over UDP 400; over a stream wait for more and close when none comes (here 64*T1)',
    build: (c) =>
      torture(
        c,
        'INVITE sip:user@example.com SIP/2.0',
        [...INVITE_HEADERS(c, 'clerr'), 'Content-Length: 9999'],
        SDP,
        'as-written',
      ),
    tcp: { close: 'after-64T1' },
    udp: bad('Content-Length'),
  },
  {
    name: 'ncl: negative Content-Length',
    cls: 'RFC 4475 invalid',
    source: 'RFC 4475 §3.1.2.3 ncl',
    note: 'RFC 4475: answer an error; over TCP the framing is lost and the connection closes',
    build: (c) =>
      torture(
        c,
        'INVITE sip:user@example.com SIP/2.0',
        [...INVITE_HEADERS(c, 'ncl'), 'Content-Length: -999'],
        SDP,
        'as-written',
      ),
    ...framing('Content-Length'),
  },
  {
    name: 'scalar02: request scalar fields with overlarge values',
    cls: 'RFC 4475 invalid',
    source: 'RFC 4475 §3.1.2.4 scalar02',
    note: 'RFC 4475: 400 "due to the CSeq error" (Max-Forwards 300 is wrong too)',
    build: (c) =>
      torture(c, 'REGISTER sip:example.com SIP/2.0', [
        'Max-Forwards: 300',
        'From: sip:user@example.com;tag=932298',
        'To: sip:user@example.com',
        `Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9${c.branch}`,
        'CSeq: 36893488147419103232 REGISTER',
        'Contact: <sip:user@host129.example.com>;expires=280297596632815',
        'Expires: 10000000000000000000',
      ]),
    ...both(bad('CSeq')),
  },
  {
    name: 'quotbal: unterminated quoted string in display name',
    cls: 'RFC 4475 invalid',
    source: 'RFC 4475 §3.1.2.6 quotbal',
    note: 'RFC 4475: 400',
    build: (c) =>
      torture(
        c,
        'INVITE sip:user@example.com SIP/2.0',
        [
          'To: "Mr. J. User <sip:j.user@example.com>',
          'From: sip:caller@example.net;tag=93334',
          'Max-Forwards: 10',
          `Call-ID: quotbal.aksdj${c.branch}`,
          'Contact: <sip:caller@host59.example.net>',
          'CSeq: 8 INVITE',
          'Content-Type: application/sdp',
        ],
        SDP,
      ),
    ...both(bad('To')),
  },
  ...(
    [
      [
        'ltgtruri: <> enclosing Request-URI',
        '§3.1.2.7 ltgtruri',
        'INVITE <sip:user@example.com> SIP/2.0',
        'Request-URI',
      ],
      [
        'lwsruri: embedded LWS in Request-URI',
        '§3.1.2.8 lwsruri',
        'INVITE sip:user@example.com; lr SIP/2.0',
        'Request-Line',
      ],
      [
        'lwsstart: multiple SP between Request-Line elements',
        '§3.1.2.9 lwsstart',
        'INVITE  sip:user@example.com  SIP/2.0',
        'Request-Line',
      ],
      [
        'trws: SP at the end of the Request-Line',
        '§3.1.2.10 trws',
        'INVITE sip:user@example.com SIP/2.0  ',
        'Request-Line',
      ],
      [
        'escruri: escaped headers in SIP Request-URI',
        '§3.1.2.11 escruri',
        'INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0',
        'Request-URI',
      ],
    ] as const
  ).map(
    ([name, section, start, names]): MalformedCase => ({
      name,
      cls: 'RFC 4475 invalid',
      source: `RFC 4475 ${section}`,
      note: 'RFC 4475: "reasonable always to reject ... with a 400" (liberal elements may repair it)',
      build: (c) => torture(c, start, INVITE_HEADERS(c, name.split(':')[0] ?? 'x'), SDP),
      ...both(bad(names)),
    }),
  ),
  {
    name: 'baddate: invalid timezone in Date header',
    cls: 'RFC 4475 invalid',
    source: 'RFC 4475 §3.1.2.12 baddate',
    note:
      'RFC 4475: may be accepted when Date does not matter; we ignore Date, so the INVITE reaches ' +
      'the CSTA-only handler, which refuses its SDP body: 415',
    build: (c) =>
      torture(
        c,
        'INVITE sip:user@example.com SIP/2.0',
        [...INVITE_HEADERS(c, 'baddate'), 'Date: Fri, 01 Jan 2010 16:00:00 EST'],
        SDP,
      ),
    ...both({ status: 415 }),
  },
  {
    name: 'regbadct: failure to enclose name-addr URI in <>',
    cls: 'RFC 4475 invalid',
    source: 'RFC 4475 §3.1.2.13 regbadct',
    note: 'RFC 4475: reasonable to answer 400 (RFC 3261 §20.10: a URI with ? must be in <>)',
    build: (c) =>
      torture(c, 'REGISTER sip:example.com SIP/2.0', [
        'To: sip:user@example.com',
        'From: sip:user@example.com;tag=998332',
        'Max-Forwards: 70',
        `Call-ID: regbadct.k345asrl3fdbv@${c.branch}`,
        'CSeq: 1 REGISTER',
        'Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E',
      ]),
    ...both(bad('Contact')),
  },
  {
    name: 'badaspec: spaces within addr-spec',
    cls: 'RFC 4475 invalid',
    source: 'RFC 4475 §3.1.2.14 badaspec',
    note: 'RFC 4475: reasonable to answer 400',
    build: (c) =>
      torture(c, 'OPTIONS sip:user@example.org SIP/2.0', [
        'Max-Forwards: 70',
        'From: "Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423',
        'To: "Watson, Thomas" < sip:t.watson@example.org >',
        `Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3${c.branch}`,
        'Accept: application/sdp',
        'CSeq: 3923239 OPTIONS',
      ]),
    ...both(bad('To')),
  },
  {
    name: 'baddn: non-token characters in display name',
    cls: 'RFC 4475 invalid',
    source: 'RFC 4475 §3.1.2.15 baddn',
    note: 'RFC 4475: reasonable always to answer 400 (From is checked before To)',
    build: (c) =>
      torture(c, 'OPTIONS sip:t.watson@example.org SIP/2.0', [
        'Max-Forwards: 70',
        'From: Bell, Alexander <sip:a.g.bell@example.com>;tag=43',
        'To: Watson, Thomas <sip:t.watson@example.org>',
        `Call-ID: baddn.31415@${c.branch}`,
        'Accept: application/sdp',
        'CSeq: 3923239 OPTIONS',
      ]),
    ...both(bad('From')),
  },
  {
    name: 'badvers: unknown protocol version',
    cls: 'RFC 4475 invalid',
    source: 'RFC 4475 §3.1.2.16 badvers',
    note: 'RFC 4475: 505 Version Not Supported',
    build: (c) =>
      torture(c, 'OPTIONS sip:t.watson@example.org SIP/7.0', [
        'Max-Forwards: 70',
        'From: A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe',
        'To: T. Watson <sip:t.watson@example.org>',
        `Call-ID: badvers.31417@${c.branch}`,
        'CSeq: 1 OPTIONS',
      ]),
    ...both({ status: 505 }),
  },
  {
    name: 'mismatch01: start line and CSeq method mismatch',
    cls: 'RFC 4475 invalid',
    source: 'RFC 4475 §3.1.2.17 mismatch01',
    note: 'RFC 4475: 400',
    build: (c) =>
      torture(c, 'OPTIONS sip:user@example.com SIP/2.0', [
        'To: sip:j.user@example.com',
        'From: sip:caller@example.net;tag=34525',
        'Max-Forwards: 6',
        `Call-ID: mismatch01.dj0234sxdfl3${c.branch}`,
        'CSeq: 8 INVITE',
      ]),
    ...both(bad('CSeq')),
  },
  {
    name: 'mismatch02: unknown method with CSeq method mismatch',
    cls: 'RFC 4475 invalid',
    source: 'RFC 4475 §3.1.2.18 mismatch02',
    note: 'RFC 4475: 501 preferred, 400 acceptable; the grammar checks run first here: 400',
    build: (c) =>
      torture(
        c,
        'NEWMETHOD sip:user@example.com SIP/2.0',
        [
          'To: sip:j.user@example.com',
          'From: sip:caller@example.net;tag=34525',
          'Max-Forwards: 6',
          `Call-ID: mismatch02.dj0234sxdfl3${c.branch}`,
          'CSeq: 8 INVITE',
          'Contact: <sip:caller@host.example.net>',
          'Content-Type: application/sdp',
        ],
        SDP,
      ),
    ...both(bad('CSeq')),
  },
];

const RFC4475_SEMANTICS: MalformedCase[] = [
  {
    name: 'badbranch: branch is the magic cookie alone',
    cls: 'RFC 4475 transaction/application',
    source: 'RFC 4475 §3.2.1 badbranch',
    note: 'RFC 4475: 400 or RFC 2543 transaction matching; we match it as RFC 2543 does: 200',
    build: (c) =>
      message('OPTIONS sip:user@example.com SIP/2.0', [
        'To: sip:user@example.com',
        'From: sip:caller@example.org;tag=33242',
        'Max-Forwards: 3',
        `Via: SIP/2.0/${c.T} 127.0.0.1:${c.port};branch=z9hG4bK`,
        'Accept: application/sdp',
        `Call-ID: badbranch.sadonfo23i420jv0as0derf3j3n${c.branch}`,
        'CSeq: 8 OPTIONS',
      ]),
    ...both({ status: 200 }),
  },
  {
    name: 'insuf: missing Call-ID, From, To',
    cls: 'RFC 4475 transaction/application',
    source: 'RFC 4475 §3.3.1 insuf',
    note: 'RFC 4475: ideally 400 (the first missing one is named)',
    build: (c) =>
      torture(
        c,
        'INVITE sip:user@example.com SIP/2.0',
        ['CSeq: 193942 INVITE', 'Content-Type: application/sdp'],
        SDP,
      ),
    ...both(bad('From')),
  },
  ...(
    [
      [
        'unkscm: Request-URI with an unknown scheme',
        '§3.3.2 unkscm',
        'OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0',
      ],
      [
        'novelsc: Request-URI with a known but atypical scheme',
        '§3.3.3 novelsc',
        'OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0',
      ],
    ] as const
  ).map(
    ([name, section, start]): MalformedCase => ({
      name,
      cls: 'RFC 4475 transaction/application',
      source: `RFC 4475 ${section}`,
      note: 'RFC 4475 / RFC 3261 §8.2.2.1: 416 Unsupported URI Scheme',
      build: (c) =>
        torture(c, start, [
          'To: sip:user@example.com',
          'From: sip:caller@example.net;tag=384',
          'Max-Forwards: 3',
          `Call-ID: ${name.split(':')[0]}.39203ndfvkjdasfkq3w4otrq0adsfdfnavd${c.branch}`,
          'CSeq: 3923239 OPTIONS',
        ]),
      ...both({ status: 416 }),
    }),
  ),
  {
    name: 'unksm2: unknown URI schemes in header fields',
    cls: 'RFC 4475 transaction/application',
    source: 'RFC 4475 §3.3.4 unksm2',
    note:
      'RFC 4475: well formed, a registrar answers 400 (To must be a SIP URI); our From/To grammar ' +
      '(sip.js) takes only sip/sips/tel URIs, so the 400 names From',
    build: (c) =>
      torture(c, 'REGISTER sip:example.com SIP/2.0', [
        'To: isbn:2983792873',
        'From: <http://www.example.com>;tag=3234233',
        `Call-ID: unksm2.daksdj@${c.branch}`,
        'CSeq: 234902 REGISTER',
        'Max-Forwards: 70',
        'Contact: <name:John_Smith>',
      ]),
    ...both(bad('From')),
  },
  {
    name: 'bext01: unknown Require and Proxy-Require',
    cls: 'RFC 4475 transaction/application',
    source: 'RFC 4475 §3.3.5 bext01',
    note: 'RFC 4475 / RFC 3261 §8.2.2.3: a UAS answers 420 listing the Require tags (Proxy-Require is for proxies)',
    build: (c) =>
      torture(c, 'OPTIONS sip:user@example.com SIP/2.0', [
        'To: sip:j_user@example.com',
        'From: sip:caller@example.net;tag=242etr',
        'Max-Forwards: 6',
        `Call-ID: bext01.0ha0isndaksdj${c.branch}`,
        'Require: nothingSupportsThis, nothingSupportsThisEither',
        'Proxy-Require: noProxiesSupportThis, norDoAnyProxiesSupportThis',
        'CSeq: 8 OPTIONS',
      ]),
    ...both({ status: 420 }),
  },
  {
    name: 'invut: unknown Content-Type',
    cls: 'RFC 4475 transaction/application',
    source: 'RFC 4475 §3.3.6 invut',
    note: 'RFC 4475 / RFC 3261 §8.2.3: 415 with Accept',
    build: (c) =>
      torture(
        c,
        'INVITE sip:user@example.com SIP/2.0',
        [
          'Contact: <sip:caller@host5.example.net>',
          'To: sip:j.user@example.com',
          'From: sip:caller@example.net;tag=8392034',
          'Max-Forwards: 70',
          `Call-ID: invut.0ha0isndaksdjadsfij34n23d${c.branch}`,
          'CSeq: 235448 INVITE',
          'Content-Type: application/unknownformat',
        ],
        '<audio> <pcmu port="443"/> </audio>\r\n',
      ),
    ...both({ status: 415 }),
  },
  {
    name: 'multi01: multiple values in single-value fields',
    cls: 'RFC 4475 transaction/application',
    source: 'RFC 4475 §3.3.8 multi01',
    note: 'RFC 4475: 400 (two Call-ID, To, From, Max-Forwards and CSeq; the first checked is named)',
    build: (c) =>
      torture(
        c,
        'INVITE sip:user@company.com SIP/2.0',
        [
          'Contact: <sip:caller@host25.example.net>',
          `Call-ID: multi01.98asdh@${c.branch}`,
          'CSeq: 59 INVITE',
          `Call-ID: multi01.98asdh@${c.branch}.2`,
          'From: sip:caller@example.com;tag=3413415',
          'To: sip:user@example.com',
          'To: sip:other@example.net',
          'From: sip:caller@example.net;tag=2923420123',
          'Content-Type: application/sdp',
          'CSeq: 59 INVITE',
          'Max-Forwards: 5',
          'Max-Forwards: 67',
        ],
        SDP,
      ),
    ...both(bad('From')),
  },
  {
    name: 'mcl01: multiple Content-Length values',
    cls: 'RFC 4475 transaction/application',
    source: 'RFC 4475 §3.3.9 mcl01',
    note: 'RFC 4475: an error; over UDP the datagram is discarded after it, over TCP framing is lost (close)',
    build: (c) =>
      torture(
        c,
        'OPTIONS sip:user@example.com SIP/2.0',
        [
          `Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf${c.branch}`,
          'CSeq: 15932 OPTIONS',
          'From: <sip:caller@example.com>;tag=2384',
          'Max-Forwards: 20',
          'To: <sip:user@example.com>',
          'Content-Length: 0',
          'Content-Length: 3',
        ],
        'abc',
        'as-written',
      ),
    tcp: { status: 400, names: 'Content-Length', thenClose: true },
    udp: bad('Content-Length'),
  },
  {
    name: 'zeromf: Max-Forwards of zero',
    cls: 'RFC 4475 transaction/application',
    source: 'RFC 4475 §3.3.11 zeromf',
    note: 'RFC 4475: a proxy answers 483 (RFC 3261 §16.3), an endpoint serves the request: 200',
    build: (c) =>
      torture(c, 'OPTIONS sip:user@example.com SIP/2.0', [
        `Call-ID: zeromf.jfasdlfnm2o2l43r5u0asdfas${c.branch}`,
        'CSeq: 39234321 OPTIONS',
        'From: <sip:caller@example.com>;tag=2923420123',
        'To: <sip:user@example.com>',
        'Max-Forwards: 0',
      ]),
    ...both({ status: 200 }),
  },
];

export const MALFORMED_CASES: readonly MalformedCase[] = [
  ...issueItem2,
  ...issueItem3,
  ...issueItems4and9,
  ...RFC4475_VALID,
  ...RFC4475_INVALID,
  ...RFC4475_SEMANTICS,
];
