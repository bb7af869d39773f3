import fc from 'fast-check';

/** One HTTP/1.1 request as the fuzzer builds it; `httpRequestBytes` frames it. */
export interface FuzzHttpRequest {
  readonly method: string;
  /** The request-target as sent (origin form, absolute form, `*`, or broken). */
  readonly target: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  /** How the body is framed: Content-Length, chunked (RFC 9112 §7.1), or neither (no body then). */
  readonly framing: 'length' | 'chunked' | 'none';
}

const TCHAR = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";
const token = (max: number) =>
  fc.string({ unit: fc.constantFrom(...TCHAR.split('')), minLength: 1, maxLength: max });
/** Characters a request-target may carry unescaped (RFC 3986 pchar and a few delimiters). */
const PCHAR = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@";

const METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'TRACE',
  'PROPFIND',
  'get',
  'Post',
];

/** Path segments: the servers' own, traversal, percent-encoding good and broken, odd bytes. */
const segment = fc.oneof(
  fc.constantFrom(
    'api',
    'state',
    'events',
    'ladder',
    'phones',
    'metrics',
    'index.html',
    'offhook',
    'onhook',
    'dial',
    'softkey',
    'line',
    '..',
    '.',
    '',
    '%2e%2e',
    '%2E%2E%2F',
    '%2F',
    '%00',
    '%zz',
    '%',
    '%%',
    '%E0%A4%A',
    '%C0%AF',
    '%FF%FE',
    '%F0%9F%93%9E',
    '~',
    ';a=b',
  ),
  fc.string({ unit: fc.constantFrom(...PCHAR.split('')), maxLength: 24 }),
  fc
    .uint8Array({ minLength: 1, maxLength: 12 })
    .map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')),
);

/** The names of a lab's phones and other words that make a path look almost right. */
export function httpTargetArbitrary(words: readonly string[]): fc.Arbitrary<string> {
  const seg = words.length === 0 ? segment : fc.oneof(segment, fc.constantFrom(...words));
  const path = fc.array(seg, { maxLength: 7 }).map((s) => `/${s.join('/')}`);
  const query = fc.oneof(
    fc.constant(''),
    fc.string({ unit: fc.constantFrom(...`${PCHAR}/?%`.split('')), maxLength: 30 }).map((q) => `?${q}`),
  );
  const fragmentless = fc.tuple(path, query).map(([p, q]) => `${p}${q}`);
  return fc.oneof(
    { weight: 6, arbitrary: fragmentless },
    { weight: 1, arbitrary: fragmentless.map((p) => `/${p}`) }, // `//host`-looking
    { weight: 1, arbitrary: fragmentless.map((p) => `http://127.0.0.1${p}`) }, // absolute form
    { weight: 1, arbitrary: fc.constantFrom('*', 'api/state', '', 'http://[', '//[', '/\\..\\..') },
    {
      weight: 1,
      // Very long: a few KB up to the 16 KiB head limit and past it (431 from node:http).
      arbitrary: fc
        .tuple(fc.constantFrom('/api/state/', '/api/phones/', '/'), fc.integer({ min: 1_000, max: 20_000 }))
        .map(([p, n]) => `${p}${'a/..%2F'.repeat(Math.ceil(n / 7)).slice(0, n)}`),
    },
  );
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zz',
  'application/octet-stream',
  'application/json; charset=latin1',
  ';;;',
  'x',
];

/** Header values: visible ASCII and spaces, sometimes obs-text (latin-1) or very long. */
const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
  fc.integer({ min: 1_000, max: 12_000 }).map((n) => 'v'.repeat(n)),
);

const FRAMING_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'host',
  'expect',
  'upgrade',
]);

const headers = fc.array(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(
        fc.constant('Content-Type'),
        fc.oneof(fc.constantFrom(...CONTENT_TYPES), headerValue),
      ),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(
        fc.constantFrom('Accept', 'Accept-Encoding', 'Cookie', 'Origin', 'Referer', 'Range'),
        headerValue,
      ),
    },
    // Rare: node:http answers an unknown expectation before the handler sees the request.
    { weight: 1, arbitrary: fc.tuple(fc.constant('Expect'), fc.constantFrom('100-continue', 'nothing')) },
    {
      weight: 4,
      arbitrary: fc.tuple(
        token(30).filter((n) => !FRAMING_HEADERS.has(n.toLowerCase())),
        headerValue,
      ),
    },
  ),
  { maxLength: 6 },
);

/** JSON bodies of the dashboard's phone actions, good and bad, and anything else. */
const body = fc.oneof(
  fc.constant(Buffer.alloc(0)),
  fc
    .constantFrom(
      '{}',
      '{"digits":"202"}',
      '{"digits":""}',
      '{"digits":12}',
      '{"key":"NewCall"}',
      '{"key":"NoSuchKey"}',
      '{"line":1}',
      '{"line":0}',
      '{"line":1.5}',
      '{"line":"1"}',
      '[]',
      'null',
      '"x"',
      '{"__proto__":{"line":1}}',
      '{"constructor":{"prototype":{}}}',
      '{',
      '{"digits":"2\u0000"}',
    )
    .map((s) => Buffer.from(s)),
  fc.json({ maxDepth: 3 }).map((s) => Buffer.from(s)),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  // Bigger than the dashboard's 16 KiB body limit.
  fc
    .integer({ min: 16 * 1024 - 2, max: 96 * 1024 })
    .map((n) => Buffer.alloc(n, 0x7b)),
);

export function httpRequestArbitrary(words: readonly string[] = []): fc.Arbitrary<FuzzHttpRequest> {
  return fc
    .record({
      method: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...METHODS) },
        { weight: 1, arbitrary: token(12) },
      ),
      target: httpTargetArbitrary(words),
      headers,
      body,
      framing: fc.constantFrom<FuzzHttpRequest['framing']>('length', 'length', 'chunked', 'none'),
    })
    .map(printable);
}

/** A short text for a request (a counterexample's body may be 96 KB). */
export function describeRequest(r: FuzzHttpRequest): string {
  const cut = (t: string, n: number) => (t.length > n ? `${t.slice(0, n)}...(${t.length})` : t);
  const headers = r.headers.map(([n, v]) => `${cut(n, 40)}: ${cut(v, 60)}`).join(' | ');
  const body = JSON.stringify(cut(r.body.toString('latin1'), 80));
  return `${cut(r.method, 20)} ${cut(r.target, 160)} [${headers}] ${r.framing} ${r.body.length} B ${body}`;
}

/** `r` printed by fast-check (counterexamples) as `describeRequest` writes it. */
export function printable<T extends FuzzHttpRequest>(r: T): T {
  return Object.defineProperty(r, fc.toStringMethod, { value: () => describeRequest(r), enumerable: false });
}

/**
 * The bytes of `r` on the wire, with `Host` and `Connection: close` (one request per connection).
 * Framing `none` sends no body.
 */
export function httpRequestBytes(r: FuzzHttpRequest, host: string): Buffer {
  const head = [`${r.method} ${r.target} HTTP/1.1`, `Host: ${host}`, 'Connection: close'];
  for (const [n, v] of r.headers) head.push(`${n}: ${v}`);
  let payload: Buffer = Buffer.alloc(0);
  if (r.framing === 'length') {
    head.push(`Content-Length: ${r.body.length}`);
    payload = r.body;
  } else if (r.framing === 'chunked') {
    head.push('Transfer-Encoding: chunked');
    const parts: Buffer[] = [];
    for (let i = 0; i < r.body.length; i += 4096) {
      const c = r.body.subarray(i, i + 4096);
      parts.push(Buffer.from(`${c.length.toString(16)}\r\n`, 'latin1'), c, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from('0\r\n\r\n'));
    payload = Buffer.concat(parts);
  }
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/** Bytes that are not an HTTP request, or one cut short (sent with a half-close). */
export const brokenHttpBytesArbitrary: fc.Arbitrary<Buffer> = fc.oneof<fc.Arbitrary<Buffer>[]>(
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b)),
  fc
    .constantFrom(
      'GET',
      'GET /api/state',
      'GET /api/state HTTP/1.1\r\n',
      'GET /api/state HTTP/1.1\r\nHost: x\r\n',
      'GET /api/state HTTP/9.9\r\n\r\n',
      'GET /api/state HTTP/1.1\r\nContent-Length: -1\r\n\r\n',
      'POST /api/phones/x/dial HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef',
      'POST /api/phones/x/dial HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'GET / HTTP/1.1\r\nBad Header\r\n\r\n',
      'GET /\u0000 HTTP/1.1\r\n\r\n',
      '\r\n\r\n\r\n',
      'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    )
    .map((s) => Buffer.from(s, 'latin1')),
);
