/**
 * Fuzzes the dashboard's HTTP server (simulators/dashboard/dashboard-server.ts) on 127.0.0.1 with fast-check, on a real
 * embedded lab (labs/cme-moc.yaml: one CME, three registered ephones): arbitrary methods,
 * request-targets (its own paths, `..`, percent-encoding good and broken, very long, absolute form),
 * headers, content types and bodies (bad JSON, binary, past the 16 KiB limit, chunked), and bytes
 * that are no HTTP request at all. Each answer is a status below 500; an error (4xx) is JSON
 * `{"error": "..."}` or plain text; a well-formed request is served right after each input; the
 * server keeps no connection open once its clients are gone; nothing throws out of the process.
 * Bounded: numRuns and a time limit per property (each well under 20 s on an idle machine).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { type Dashboard, startDashboard } from '../simulators/dashboard/dashboard-server.ts';
import { EmbeddedRuntime } from '../simulators/runtime/embedded-runtime.ts';
import type { RunningLab } from '../simulators/runtime/lab-runtime.ts';
import {
  brokenHttpBytesArbitrary,
  type FuzzHttpRequest,
  httpRequestArbitrary,
  httpRequestBytes,
} from '../simulators/testing/http-request-arbitrary.ts';
import { type RawHttpAnswer, rawHttp, serverConnections } from '../simulators/testing/raw-http-client.ts';
import { collectUncaught } from '../simulators/testing/uncaught-errors.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';

let lab: RunningLab;
let dashboard: Dashboard;
let devices: string[] = [];
const uncaught = collectUncaught();

before(async () => {
  const file = fileURLToPath(new URL('../labs/cme-moc.yaml', import.meta.url));
  lab = await new EmbeddedRuntime().start(await loadTopology(file));
  const parts = lab.parts?.() ?? assert.fail('the embedded runtime hands over its parts');
  devices = parts.phoneGroups.flatMap((g) => g.phones.map((p) => p.deviceName));
  dashboard = await startDashboard(parts, 0);
});

after(async () => {
  await dashboard?.close();
  await lab?.stop();
});

const PARAMS = { numRuns: 250, interruptAfterTimeLimit: 12_000, markInterruptAsFailure: false } as const;
const host = () => `127.0.0.1:${dashboard.port}`;

/** The answer's promise: a status, below 500, and an error in JSON or plain text. */
function checkAnswer(a: RawHttpAnswer, what: string, method: string): void {
  assert.notEqual(a.end, 'guard', `${what}: no answer and no close within the guard`);
  if (a.status === undefined) return; // closed without a word: only for bytes that are no request (checked by the caller)
  assert.ok(a.status < 500, `${what}: ${a.status} ${a.body.subarray(0, 200).toString('latin1')}`);
  if (a.status < 400) return;
  const type = a.headers.get('content-type') ?? '';
  assert.match(
    type,
    /^(application\/json|text\/plain)(;|$)/,
    `${what}: ${a.status} with content-type '${type}'`,
  );
  if (method === 'HEAD' || a.end !== 'complete' || !type.startsWith('application/json')) return;
  const parsed = JSON.parse(a.body.toString('utf8')) as { error?: unknown };
  assert.equal(typeof parsed.error, 'string', `${what}: ${a.body.toString('utf8')}`);
}

/** A well-formed request, right after: the server still serves. */
async function stillServing(): Promise<void> {
  const a = await rawHttp(
    dashboard.port,
    `GET /api/state HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`,
  );
  assert.equal(a.status, 200, `GET /api/state after the input: ${a.status} ${a.end}`);
  const view = JSON.parse(a.body.toString('utf8')) as { lab?: string; phones?: unknown[] };
  assert.equal(view.lab, 'cme-moc');
  assert.equal(view.phones?.length, devices.length);
}

/** No connection left open on the server's side once the clients are gone (bounded wait). */
async function noConnectionLeft(): Promise<void> {
  const deadline = Date.now() + 5000;
  while (serverConnections(dashboard.port) > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  assert.equal(serverConnections(dashboard.port), 0, 'connections left open on the dashboard');
}

const describe = (r: FuzzHttpRequest) =>
  `${r.method} ${r.target.slice(0, 120)}${r.target.length > 120 ? `... (${r.target.length})` : ''} [${r.framing}, ${r.body.length} B]`;

test('arbitrary requests get a status below 500, errors as JSON or text, and the next request is served', async () => {
  await fc.assert(
    fc.asyncProperty(httpRequestArbitrary([...devices, 'SEP000000000000']), async (r) => {
      const a = await rawHttp(dashboard.port, httpRequestBytes(r, host()));
      assert.notEqual(a.status, undefined, `${describe(r)}: closed without an answer (${a.end})`);
      checkAnswer(a, describe(r), r.method);
      await stillServing();
    }),
    PARAMS,
  );
  await noConnectionLeft();
  assert.deepEqual(uncaught, []);
});

test('requests aimed at the phone actions: bodies, content types and encodings', async () => {
  const aimed = fc.record({
    device: fc.oneof(
      fc.constantFrom(...devices),
      fc
        .constantFrom(...devices)
        .map((d) => encodeURIComponent(d).replace(/[A-Z]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)),
      fc.constantFrom('%zz', '%E0%A4%A', '..', '%2e%2e', '%00', 'SEP%', `${'F'.repeat(3000)}`),
    ),
    action: fc.constantFrom('offhook', 'onhook', 'dial', 'softkey', 'line', '%64ial', '%zz', 'DIAL', '..'),
    request: httpRequestArbitrary(devices),
  });
  await fc.assert(
    fc.asyncProperty(aimed, async ({ device, action, request }) => {
      const r = { ...request, method: 'POST', target: `/api/phones/${device}/${action}` };
      const a = await rawHttp(dashboard.port, httpRequestBytes(r, host()));
      assert.notEqual(a.status, undefined, `${describe(r)}: closed without an answer (${a.end})`);
      checkAnswer(a, describe(r), r.method);
      await stillServing();
    }),
    { ...PARAMS, numRuns: 200 },
  );
  // Leave the phones idle for the next property.
  for (const d of devices)
    await rawHttp(
      dashboard.port,
      `POST /api/phones/${d}/onhook HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  await noConnectionLeft();
  assert.deepEqual(uncaught, []);
});

test('bytes that are no HTTP request, or one cut short: a 4xx or a close, never a 5xx, and the next request is served', async () => {
  await fc.assert(
    fc.asyncProperty(brokenHttpBytesArbitrary, async (bytes) => {
      const a = await rawHttp(dashboard.port, bytes, { halfClose: true });
      const what = JSON.stringify(bytes.subarray(0, 80).toString('latin1'));
      checkAnswer(a, what, '');
      if (a.status !== undefined && a.status < 400) {
        // Only a complete well-formed request may be served.
        assert.match(bytes.toString('latin1'), /\r\n\r\n/, `${what}: served with ${a.status}`);
      }
      await stillServing();
    }),
    { ...PARAMS, numRuns: 200 },
  );
  await noConnectionLeft();
  assert.deepEqual(uncaught, []);
});

test('event streams opened and dropped in numbers leave no connection behind and the next request is served', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.boolean(), async (n, reset) => {
      const streams = await Promise.all(
        Array.from({ length: n }, () =>
          rawHttp(
            dashboard.port,
            `GET /api/events HTTP/1.1\r\nHost: ${host()}\r\n${reset ? '' : 'Connection: close\r\n'}\r\n`,
          ),
        ),
      );
      for (const s of streams) {
        assert.equal(s.status, 200);
        assert.equal(s.end, 'stream');
        assert.match(s.body.toString('utf8'), /^event: state\ndata: \{/);
      }
      await stillServing();
    }),
    { ...PARAMS, numRuns: 30 },
  );
  await noConnectionLeft();
  assert.deepEqual(uncaught, []);
});
