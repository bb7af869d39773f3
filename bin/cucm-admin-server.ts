// The admin endpoint of `ctilab serve cucm --admin <host:port>` (issue 10): the console verbs of
// `--console` over HTTP, for a cluster running where no standard input reaches it (a container of
// the containers runtime). node:http, no framework:
// - `POST /command` with one console line as the body (text): the answer of runClusterCommand as
//   JSON, 200 when the cluster did it, 400 when it refused (the answer's `error` says why);
// - `GET /status`: the answer to `status` (endpoints, and the node each phone is registered with);
// - anything else: 404 (unknown path) or 405 (wrong method, with `Allow`), a body over 4 KiB 413,
//   an empty body or more than one line 400; every refusal is JSON `{"error": reason}`.
// RFC 9110 §15.5.1 (400), §15.5.5 (404), §15.5.6 (405 and Allow), §15.5.14 (413).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_CONSOLE_LINE_BYTES } from './console-line.ts';

/** What a console command answers (serve-cucm-command.ts ClusterConsoleAnswer): `ok` decides 200 or 400. */
export interface CommandAnswer {
  readonly ok: boolean;
}

/** The largest command body accepted: a console line is short. */
export const MAX_COMMAND_BYTES = MAX_CONSOLE_LINE_BYTES;

export interface AdminServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** `<host>:<port>` (port 0 = ephemeral; an IPv6 host in brackets); throws the reason when it is not. */
export function parseAdminAddress(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65_535)
    throw new Error(`--admin '${text}' is not <host>:<port> (e.g. 127.0.0.1:8080, 0.0.0.0:8080)`);
  return { host: m[1] ?? m[2]!, port };
}

/**
 * Serves `run` (one console line -> its answer; the caller runs commands one at a time) on
 * host:port until close().
 */
export async function startAdminServer(
  address: { host: string; port: number },
  run: (line: string) => Promise<CommandAnswer>,
): Promise<AdminServer> {
  const server: Server = createServer((req, res) => {
    handle(req, res, run).catch((err: Error) => send(res, 500, { error: err.message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    host: address.host,
    port: bound.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  run: (line: string) => Promise<CommandAnswer>,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const allowed: Record<string, string> = { '/command': 'POST', '/status': 'GET' };
  const method = path === undefined ? undefined : allowed[path];
  if (method === undefined)
    return send(res, 404, { error: `no such path '${path}' (POST /command, GET /status)` });
  if (req.method !== method)
    return send(res, 405, { error: `${path} takes ${method}, not ${req.method}` }, { allow: method });
  if (path === '/status') {
    const answer = await run('status');
    return send(res, answer.ok ? 200 : 500, answer);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_COMMAND_BYTES)
      return send(
        res,
        413,
        { error: `a command is at most ${MAX_COMMAND_BYTES} bytes` },
        { connection: 'close' },
      );
    chunks.push(chunk);
  }
  const line = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (line.trim() === '')
    return send(res, 400, { error: 'the body is one console line, e.g. stop-node <server>' });
  if (/[\r\n]/.test(line)) return send(res, 400, { error: 'one console line per request' });
  const answer = await run(line);
  return send(res, answer.ok ? 200 : 400, answer);
}
