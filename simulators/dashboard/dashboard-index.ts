/**
 * The index of a lab whose nodes and phones run in other processes (the process runtime): each
 * child serves its own dashboard (`ctilab serve ... --dashboard`, `ctilab phones --dashboard`),
 * and this page on 127.0.0.1 lists them, each with a link to its page, and says which is down
 * (its process ended: a kill or stop fault) or paused. node:http: `GET /` the page (built from the
 * entries at each request), `GET /api/dashboards` the same as JSON. The entries come from a
 * function the CLI hands over (the runtime's list); this file knows no runtime.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  answerHttpClientErrors,
  hostMissing,
  LAB_HTTP_SERVER_OPTIONS,
  pathOf,
} from '../lab/http-client-errors.ts';
import type { Dashboard } from './dashboard-server.ts';

export interface DashboardIndexEntry {
  /** The node, cluster, ACD unit or phone group. */
  readonly name: string;
  /** `cme`, `cucm`, `acd` or `phones`. */
  readonly kind: string;
  /** `up`: its process runs; `down`: it ended (its last URL is kept); `paused`: SIGSTOPped. */
  readonly state: 'up' | 'down' | 'paused';
  /** Its dashboard's URL (the last one printed), null when its process printed none. */
  readonly url: string | null;
}

export interface DashboardIndex {
  readonly lab: string;
  readonly entries: readonly DashboardIndexEntry[];
}

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The index page: a table of the entries, each linked while up; no script, nothing fetched. */
export function indexPage(index: DashboardIndex): string {
  const rows = index.entries
    .map((e) => {
      const name = html(e.name);
      const link =
        e.url === null
          ? '(no dashboard)'
          : e.state === 'up'
            ? `<a href="${html(e.url)}" target="_blank">${html(e.url)}</a>`
            : `<s>${html(e.url)}</s>`;
      return `<tr class="${e.state}" data-name="${name}"><td>${name}</td><td>${html(e.kind)}</td><td class="state">${e.state}</td><td>${link}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CTI Lab dashboards: ${html(index.lab)}</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse}
td,th{padding:.3em .8em;border-bottom:1px solid #ccc;text-align:left}
tr.down td.state{color:#b00;font-weight:bold}tr.paused td.state{color:#a60}tr.up td.state{color:#070}</style>
</head><body><h1>${html(index.lab)}</h1>
<p>Each node and phone group runs in a process of its own and serves its own dashboard. Reload this page after a fault: a node that was restored has a new address.</p>
<table><thead><tr><th>name</th><th>kind</th><th>state</th><th>dashboard</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Starts the index on 127.0.0.1:`port` (0: an ephemeral port); `read` is called at each request.
 * Bad input gets a 4xx saying why, as the dashboard's own server answers it (found by
 * bin/lab-dashboard-index.fuzz.test.ts; before, a request-target that is no URL path, `//?`,
 * threw out of the request handler and ended the `lab up` process, and what node:http's parser
 * refuses got a bare 400): a target that is no path and an HTTP/1.1 request without Host are 400 (RFC 9112
 * §3.2), in JSON; what the parser refuses is plain text (lab/http-client-errors.ts); a method
 * other than GET or HEAD is 405 with `Allow` (RFC 9110 §15.5.6).
 */
export async function startDashboardIndex(read: () => DashboardIndex, port = 0): Promise<Dashboard> {
  const json = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...extra,
    });
    res.end(JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = pathOf(req.url ?? '/');
    if (hostMissing(req)) json(res, 400, { error: 'an HTTP/1.1 request needs a Host header' });
    else if (path === undefined) json(res, 400, { error: `the request-target is no path: ${req.url}` });
    else if (req.method !== 'GET' && req.method !== 'HEAD')
      json(res, 405, { error: `${req.method} ${path}: use GET` }, { allow: 'GET, HEAD' });
    else if (path === '/') send(res, 200, 'text/html', indexPage(read()));
    else if (path === '/api/dashboards') send(res, 200, 'application/json', JSON.stringify(read()));
    else json(res, 404, { error: `no such resource: ${req.method} ${path}` });
  };
  const server = createServer(LAB_HTTP_SERVER_OPTIONS, (req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      // The runtime's list could not be read: the request fails, the index keeps serving.
      if (!res.headersSent) json(res, 500, { error: String((e as Error)?.message ?? e) });
      else res.end();
    }
  });
  answerHttpClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
