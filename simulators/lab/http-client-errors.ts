/**
 * The answers node:http gives on its own, written as the lab's HTTP servers (the dashboard, the
 * load run's /metrics) write their errors: with a plain-text body saying why. Without this a
 * request node's parser refuses (a method llhttp does not know, a header line without a colon,
 * a head past 16 KiB, a chunk size that is no hex number) gets a bare `400 Bad Request` (or 431)
 * with no Content-Type and no body, an HTTP/1.1 request without Host a bare 400, and an `Expect`
 * other than 100-continue a bare 417 (found by bin/lab-dashboard.fuzz.test.ts).
 * RFC 9110 §15.5.1 (400), RFC 6585 §5 (431), RFC 9112 §3.2 (Host), RFC 9110 §10.1.1 (Expect, 417).
 */
import { type IncomingMessage, type Server, type ServerOptions, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

function plainAnswer(status: number, why: string): string {
  const body = `${status} ${STATUS_CODES[status] ?? ''}: ${why}\n`;
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Options for `createServer`: the Host check is the handler's (`hostMissing`), so that its 400
 * says why like every other error of the server.
 */
export const LAB_HTTP_SERVER_OPTIONS: ServerOptions = { requireHostHeader: false };

/** RFC 9112 §3.2: "A server MUST respond with a 400 ... to any HTTP/1.1 request message that lacks a Host header field". */
export function hostMissing(req: IncomingMessage): boolean {
  return req.httpVersionMajor === 1 && req.httpVersionMinor >= 1 && req.headers.host === undefined;
}

/**
 * The path of a request-target (origin or absolute form), undefined when it is no URL: `//?` or
 * `http://[` make `new URL` throw, which out of a request handler ends the process (a 400, RFC
 * 9110 §15.5.1, not a crash or a 500).
 */
export function pathOf(target: string): string | undefined {
  try {
    return new URL(target, 'http://127.0.0.1').pathname;
  } catch {
    return undefined;
  }
}

/** Makes `server` answer what its parser refuses, and unmet expectations, in plain text. */
export function answerHttpClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // node:http's own rule: answer only on a socket still writable that carried nothing yet.
    if (err.code === 'ECONNRESET' || !socket.writable || socket.bytesWritten > 0) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
          ? 413
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? 408
            : 400;
    socket.end(plainAnswer(status, `the request cannot be read (${err.code ?? 'malformed'})`), () =>
      socket.destroy(),
    );
  });
  server.on('checkExpectation', (req, res) => {
    res.writeHead(417, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    res.end(
      `417 ${STATUS_CODES[417]}: Expect '${String(req.headers.expect).slice(0, 100)}' is not supported\n`,
    );
  });
}
