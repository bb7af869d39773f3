/**
 * Fuzzes the process lab's dashboard index (dashboard-index.ts `startDashboardIndex`, `GET /`,
 * `GET /api/dashboards`) on 127.0.0.1 with fast-check, as `ctilab lab up <topology> --runtime
 * process --dashboard` serves it, but in this process: the entries come from a function, as
 * bin/lab-command.ts hands over the runtime's list, and they change while it runs (a node goes
 * down, paused, up with a new URL), so no lab of child processes is needed. Inputs: arbitrary
 * methods, request-targets (percent-encoding good and broken, `..`, `//?`, very long, absolute
 * form), headers, content types and bodies (simulators/testing/http-request-arbitrary.ts), and
 * bytes that are no HTTP request. Each answer is a status below 500; an error (4xx) is JSON
 * `{"error": "..."}` or plain text (what node:http's parser refuses, lab/http-client-errors.ts);
 * only `GET /` and `GET /api/dashboards` are served; a well-formed request is served right after
 * each input; no connection stays open on the server's side; nothing throws out of the process.
 * Bounded: numRuns and a time limit per property.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import {
  type DashboardIndex,
  type DashboardIndexEntry,
  startDashboardIndex,
} from '../simulators/dashboard/dashboard-index.ts';
import type { Dashboard } from '../simulators/dashboard/dashboard-server.ts';
import {
  brokenHttpBytesArbitrary,
  describeRequest,
  httpRequestArbitrary,
  httpRequestBytes,
} from '../simulators/testing/http-request-arbitrary.ts';
import { type RawHttpAnswer, rawHttp, serverConnections } from '../simulators/testing/raw-http-client.ts';
import { collectUncaught } from '../simulators/testing/uncaught-errors.ts';

let index: Dashboard;
let reads = 0;
const uncaught = collectUncaught();

/** The lab's list as the runtime reports it, moving on at each read (a fault, a restore). */
function read(): DashboardIndex {
  reads++;
  const states: DashboardIndexEntry['state'][] = ['up', 'down', 'paused'];
  return {
    lab: 'fuzz <lab> & "co"',
    entries: [
      {
        name: 'cme',
        kind: 'cme',
        state: states[reads % 3]!,
        url: `http://127.0.0.1:${1000 + (reads % 50)}/`,
      },
      { name: 'phones:moc', kind: 'phones', state: 'up', url: 'http://127.0.0.1:2/' },
      { name: 'acd <x>', kind: 'acd', state: 'down', url: null },
    ],
  };
}

before(async () => {
  index = await startDashboardIndex(read, 0);
});

after(async () => {
  await index?.close();
});

const PARAMS = { numRuns: 300, interruptAfterTimeLimit: 12_000, markInterruptAsFailure: false } as const;
const host = () => `127.0.0.1:${index.port}`;

/** The answer's promise: a status below 500, an error in JSON `{"error"}` or plain text. */
function checkAnswer(a: RawHttpAnswer, what: string, method: string): void {
  assert.notEqual(a.end, 'guard', `${what}: no answer and no close within the guard`);
  if (a.status === undefined) return; // closed without a word: only for bytes that are no request
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

/** A well-formed request right after: the index still serves, read afresh. */
async function stillServing(): Promise<void> {
  const a = await rawHttp(
    index.port,
    `GET /api/dashboards HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`,
  );
  assert.equal(a.status, 200, `GET /api/dashboards after the input: ${a.status} ${a.end}`);
  const v = JSON.parse(a.body.toString('utf8')) as DashboardIndex;
  assert.equal(v.lab, 'fuzz <lab> & "co"');
  assert.deepEqual(
    v.entries.map((e) => e.name),
    ['cme', 'phones:moc', 'acd <x>'],
  );
}

async function noConnectionLeft(): Promise<void> {
  const deadline = Date.now() + 5000;
  while (serverConnections(index.port) > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  assert.equal(serverConnections(index.port), 0, 'connections left open on the index');
}

test('arbitrary requests to the index: below 500, errors as JSON or text, only GET|HEAD / and /api/dashboards served, the next served', async () => {
  await fc.assert(
    fc.asyncProperty(httpRequestArbitrary(['dashboards', 'api', 'index.html']), async (r) => {
      const a = await rawHttp(index.port, httpRequestBytes(r, host()));
      assert.notEqual(a.status, undefined, `${describeRequest(r)}: closed without an answer (${a.end})`);
      checkAnswer(a, describeRequest(r), r.method);
      if (a.status === 200) {
        assert.ok(r.method === 'GET' || r.method === 'HEAD', describeRequest(r));
        const path = new URL(r.target, 'http://127.0.0.1').pathname;
        assert.ok(path === '/' || path === '/api/dashboards', describeRequest(r));
        const type = a.headers.get('content-type') ?? '';
        if (r.method === 'HEAD') assert.equal(a.body.length, 0, describeRequest(r));
        else if (path === '/') {
          assert.equal(type, 'text/html; charset=utf-8');
          // The lab's name and the entries are escaped: no markup of theirs on the page.
          assert.ok(!a.body.toString('utf8').includes('<x>'), describeRequest(r));
        } else assert.equal(type, 'application/json; charset=utf-8');
      }
      await stillServing();
    }),
    PARAMS,
  );
  await noConnectionLeft();
  assert.deepEqual(uncaught, []);
});

test('request-targets aimed at the index: its paths with odd encodings, queries and prefixes', async () => {
  const target = fc
    .tuple(
      fc.constantFrom('', '/', '//', 'http://127.0.0.1', 'http://[', '/./', '/../'),
      fc.constantFrom(
        '',
        '?',
        'api/dashboards',
        'api%2Fdashboards',
        'api/dashboards/',
        '%61pi/dashboards',
        'API/DASHBOARDS',
        'api/dashboards%00',
        'api/../api/dashboards',
        'index.html',
        '%zz',
        '\u00e9',
      ),
      fc.constantFrom('', '?', '?x=1', '?%zz', '#', '#f', '?\u00ff'),
    )
    .map(([a, b, c]) => `${a}${b}${c}`);
  await fc.assert(
    fc.asyncProperty(target, httpRequestArbitrary(), async (t, request) => {
      const r = { ...request, method: 'GET', target: t };
      const a = await rawHttp(index.port, httpRequestBytes(r, host()));
      assert.notEqual(a.status, undefined, `${describeRequest(r)}: closed without an answer (${a.end})`);
      checkAnswer(a, describeRequest(r), r.method);
      await stillServing();
    }),
    { ...PARAMS, numRuns: 200 },
  );
  await noConnectionLeft();
  assert.deepEqual(uncaught, []);
});

test('bytes that are no HTTP request, or one cut short: a 4xx or a close, never a 5xx, the next request served', async () => {
  await fc.assert(
    fc.asyncProperty(brokenHttpBytesArbitrary, async (bytes) => {
      const a = await rawHttp(index.port, bytes, { halfClose: true });
      const what = JSON.stringify(bytes.subarray(0, 80).toString('latin1'));
      checkAnswer(a, what, '');
      if (a.status !== undefined && a.status < 400)
        assert.match(bytes.toString('latin1'), /\r\n\r\n/, `${what}: served with ${a.status}`);
      await stillServing();
    }),
    { ...PARAMS, numRuns: 200 },
  );
  await noConnectionLeft();
  assert.deepEqual(uncaught, []);
});

test('the bytes the fuzzer found: `//?` and a request without Host get a 400 in JSON, the next served', async () => {
  for (const [bytes, error] of [
    [
      `GET //? HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`,
      /the request-target is no path: \/\/\?/,
    ],
    [
      `GET http://[ HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`,
      /the request-target is no path/,
    ],
    ['GET /api/dashboards HTTP/1.1\r\nConnection: close\r\n\r\n', /needs a Host header/],
  ] as const) {
    const a = await rawHttp(index.port, bytes);
    assert.equal(a.status, 400, `${JSON.stringify(bytes)}: ${a.status} ${a.end}`);
    assert.equal(a.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.match((JSON.parse(a.body.toString('utf8')) as { error: string }).error, error);
    await stillServing();
  }
  const bare = await rawHttp(index.port, 'GET / HTTP/1.1\r\nBad Header\r\n\r\n');
  assert.equal(bare.status, 400);
  assert.match(bare.headers.get('content-type') ?? '', /^text\/plain/);
  await noConnectionLeft();
  assert.deepEqual(uncaught, []);
});
