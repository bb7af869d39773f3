import { readFileSync } from 'node:fs';
import net from 'node:net';

/** What came back for one raw HTTP request. */
export interface RawHttpAnswer {
  /** The final status (1xx interim answers skipped), undefined when no status line came. */
  readonly status: number | undefined;
  /** Header names in lower case (the last of each name). */
  readonly headers: ReadonlyMap<string, string>;
  /** The body as received (a server-sent event stream: what came before we hung up). */
  readonly body: Buffer;
  /** Every byte received. */
  readonly raw: Buffer;
  /** How the exchange ended: the server closed, reset, we hung up on an event stream, or the guard fired. */
  readonly end: 'closed' | 'reset' | 'stream' | 'complete' | 'guard';
}

export interface RawHttpOptions {
  /** Half-close our side after the bytes (a request cut short ends the exchange). */
  readonly halfClose?: boolean;
  /** Wall-clock guard: a server that neither answers nor closes by then is a failure of the test. */
  readonly guardMs?: number;
}

/**
 * Sends `bytes` on a fresh TCP connection to 127.0.0.1:`port` and reads one HTTP/1.1 answer:
 * to the end of its Content-Length body, to the server's close, or, for a server-sent event
 * stream, to its first event (then hangs up). The socket is always destroyed before it resolves.
 */
export function rawHttp(
  port: number,
  bytes: Buffer | string,
  opts: RawHttpOptions = {},
): Promise<RawHttpAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (end: RawHttpAnswer['end']) => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      socket.destroy();
      resolve({ ...parseAnswer(Buffer.concat(chunks)), end });
    };
    const guard = setTimeout(() => finish('guard'), opts.guardMs ?? 5000);
    socket.on('connect', () => {
      socket.write(bytes);
      if (opts.halfClose) socket.end();
    });
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      const a = parseAnswer(Buffer.concat(chunks));
      if (a.status === undefined) return;
      if ((a.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        if (a.body.includes('\n\n')) finish('stream');
        return;
      }
      const length = Number(a.headers.get('content-length') ?? Number.NaN);
      if (Number.isInteger(length) && a.body.length >= length) finish('complete');
    });
    socket.on('error', () => finish('reset'));
    socket.on('close', () => finish('closed'));
  });
}

/** Parses what a server sent: the last status line after 1xx answers, its headers and its body. */
export function parseAnswer(raw: Buffer): Omit<RawHttpAnswer, 'end'> {
  let rest = raw;
  for (;;) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) return { status: undefined, headers: new Map(), body: Buffer.alloc(0), raw };
    const [start = '', ...lines] = rest.subarray(0, headEnd).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(start);
    if (m === null) return { status: undefined, headers: new Map(), body: Buffer.alloc(0), raw };
    const status = Number(m[1]);
    const body = rest.subarray(headEnd + 4);
    if (status >= 100 && status < 200) {
      rest = body;
      continue;
    }
    const headers = new Map<string, string>();
    for (const l of lines) {
      const i = l.indexOf(':');
      if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
    }
    const chunked = /chunked/i.test(headers.get('transfer-encoding') ?? '');
    return { status, headers, body: chunked ? dechunk(body) : body, raw };
  }
}

/**
 * TCP connections to 127.0.0.1:`port` still open on the server's side (ESTABLISHED, or
 * CLOSE_WAIT: the client is gone and the server has not closed), from /proc/net/tcp.
 */
export function serverConnections(port: number): number {
  const text = readFileSync('/proc/net/tcp', 'utf8');
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let n = 0;
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    const state = cols[3];
    if (local === undefined || state === undefined) continue;
    if (local.endsWith(`:${hexPort}`) && (state === '01' || state === '08')) n++;
  }
  return n;
}

/** The data of a chunked body (RFC 9112 §7.1), as far as it has arrived. */
function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = Number.parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isInteger(size) || size === 0) break;
    out.push(body.subarray(eol + 2, Math.min(body.length, eol + 2 + size)));
    at = eol + 2 + size + 2;
    if (at > body.length) break;
  }
  return Buffer.concat(out);
}
