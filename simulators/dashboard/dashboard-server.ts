/**
 * The dashboard's HTTP server (node:http, 127.0.0.1): `GET /` the page (dashboard.html),
 * `GET /api/state` the view as JSON, `GET /api/events` the view as server-sent events (one
 * `state` event now and one after each change that changed the view: a phone's state, a call model
 * event, an observation of a node (CTI sessions, agent states, failovers and alarms all show on
 * the stream); and a `ladder` event, the ladder panel, whenever a message crossed),
 * `GET /api/ladder` the ladder of the lab's messages as JSON, `GET /ladder` the same as a page
 * (dashboard-ladder.ts), `POST /api/phones/<device>/<action>` a press on a phone
 * (phone-action.ts). Errors are JSON `{"error": "..."}` with a 4xx status.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  answerHttpClientErrors,
  hostMissing,
  LAB_HTTP_SERVER_OPTIONS,
  pathOf,
} from '../lab/http-client-errors.ts';
import type { SccpPhone } from '../phone/phone.ts';
import { AlarmLog } from './dashboard-alarms.ts';
import { LiveLadder } from './dashboard-ladder.ts';
import type { DashboardSource } from './dashboard-source.ts';
import { dashboardView } from './dashboard-view.ts';
import { applyPhoneAction } from './phone-action.ts';

export interface Dashboard {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;

function page(): string {
  return readFileSync(new URL('./dashboard.html', import.meta.url), 'utf8');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** decodeURIComponent, undefined for malformed percent-encoding (`%zz`, a cut UTF-8 sequence). */
function percentDecoded(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** Starts the dashboard on 127.0.0.1:`port` (0: an ephemeral port). */
export async function startDashboard(source: DashboardSource, port = 0): Promise<Dashboard> {
  const phones = new Map<string, SccpPhone>();
  for (const g of source.phoneGroups) for (const p of g.phones) phones.set(p.deviceName, p);
  const html = page();
  // Subscribed before the push below: an alarm is in the list by the time its turn's push runs.
  const alarms = new AlarmLog(source.nodes.map((n) => n.observations));
  const view = () => dashboardView(source, alarms.list());
  const clients = new Set<ServerResponse>();
  let last = '';
  let scheduled = false;
  let ladderSent = -1;
  const sendLadder = (c: ServerResponse) =>
    c.write(`event: ladder\ndata: ${JSON.stringify(ladder.panel())}\n\n`);
  const push = () => {
    scheduled = false;
    if (clients.size === 0) return;
    if (ladder.total !== ladderSent) {
      ladderSent = ladder.total;
      for (const c of clients) sendLadder(c);
    }
    const text = JSON.stringify(view());
    if (text === last) return;
    last = text;
    for (const c of clients) c.write(`event: state\ndata: ${text}\n\n`);
  };
  // Changes come in bursts (one message changes a phone, the call model and the stream): one push per turn.
  const changed = () => {
    if (scheduled || clients.size === 0) return;
    scheduled = true;
    setImmediate(push);
  };
  const ladder = new LiveLadder(
    source.nodes.map((n) => n.observations),
    [...phones.values()],
    () => changed(),
  );
  const unsubscribe: Array<() => void> = [() => ladder.close(), () => alarms.close()];
  for (const p of phones.values()) unsubscribe.push(p.on('state', changed));
  for (const n of source.nodes) {
    unsubscribe.push(n.observations.subscribe(changed));
    if (n.callModel !== undefined) unsubscribe.push(n.callModel.on(changed));
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (hostMissing(req)) return json(res, 400, { error: 'an HTTP/1.1 request needs a Host header' });
    const path = pathOf(req.url ?? '/');
    if (path === undefined) return json(res, 400, { error: `the request-target is no path: ${req.url}` });
    if (req.method === 'GET' && (path === '/' || path === '/index.html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    if (req.method === 'GET' && path === '/api/state') return json(res, 200, view());
    if (req.method === 'GET' && path === '/api/ladder') return json(res, 200, ladder.ladder());
    if (req.method === 'GET' && path === '/ladder') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(ladder.page(source.lab));
      return;
    }
    if (req.method === 'GET' && path === '/api/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      const text = JSON.stringify(view());
      res.write(`event: state\ndata: ${text}\n\n`);
      sendLadder(res);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const action = /^\/api\/phones\/([^/]+)\/([^/]+)$/.exec(path);
    if (action !== null) {
      if (req.method !== 'POST') return json(res, 405, { error: `${req.method} ${path}: use POST` });
      const device = percentDecoded(action[1] ?? '');
      const name = percentDecoded(action[2] ?? '');
      if (device === undefined || name === undefined)
        return json(res, 400, { error: `malformed percent-encoding in ${path}` });
      const phone = phones.get(device);
      if (phone === undefined)
        return json(res, 404, {
          error: `unknown phone '${device}' (${phones.size === 0 ? 'this dashboard has no phones' : `phones: ${[...phones.keys()].join(', ')}`})`,
        });
      const text = await readBody(req);
      if (text === undefined) return json(res, 413, { error: `body larger than ${MAX_BODY} bytes` });
      let body: unknown = {};
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          return json(res, 400, { error: 'the body is not JSON' });
        }
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        return json(res, 400, { error: 'the body must be a JSON object' });
      const done = applyPhoneAction(phone, name, body as Record<string, unknown>);
      if (!done.ok) return json(res, done.error, { error: done.reason });
      return json(res, 200, { ok: true, device, action: action[2] });
    }
    return json(res, 404, { error: `no such resource: ${req.method} ${path}` });
  };

  const server: Server = createServer(LAB_HTTP_SERVER_OPTIONS, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String((e as Error)?.message ?? e) });
      else res.end();
    });
  });
  answerHttpClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/`,
    port: bound,
    close: async () => {
      for (const u of unsubscribe) u();
      for (const c of clients) c.end();
      clients.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
