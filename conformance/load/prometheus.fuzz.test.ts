/**
 * Fuzzes the load run's Prometheus endpoint (prometheus.ts `startMetricsServer`, `GET /metrics`)
 * on 127.0.0.1 with fast-check, serving `prometheusText` of live metrics that change while it
 * runs: arbitrary methods, request-targets (percent-encoding, `..`, very long, absolute form),
 * headers, content types and bodies, and bytes that are no HTTP request. Each answer is a status
 * below 500, an error (4xx) in plain text; a well-formed scrape is served right after each input
 * and parses as the exposition format; no connection stays open on the server's side. Bounded:
 * numRuns and a time limit per property.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import {
  brokenHttpBytesArbitrary,
  describeRequest,
  httpRequestArbitrary,
  httpRequestBytes,
} from '../../simulators/testing/http-request-arbitrary.ts';
import { type RawHttpAnswer, rawHttp, serverConnections } from '../../simulators/testing/raw-http-client.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { prometheusText, startMetricsServer } from './prometheus.ts';
import type { LiveMetrics } from './run-load.ts';

const live: LiveMetrics = {
  attempted: 0,
  completed: 0,
  failed: { 'no-answer': 1, 'cause "quoted"\nline': 2 },
  clearedByDesign: 0,
  clearedUnexpectedly: 0,
  activeCalls: 0,
  cstaRequests: 0,
  cstaErrors: 0,
  eventsReceived: 0,
  registrations: 0,
  reRegistrations: 0,
  registeredPhones: 0,
  phones: 12,
  sessionsOpen: 0,
  csta: new LatencyHistogram(),
  events: new LatencyHistogram(),
  rssBytes: 0,
  cpuSeconds: 0,
};
let server: Server;
let port: number;
let scrapes = 0;

before(async () => {
  ({ server, port } = await startMetricsServer(0, () => {
    // Each scrape sees the run move on.
    scrapes++;
    live.attempted++;
    live.csta.record(0.5 + (scrapes % 7) * 3.1);
    return prometheusText('fuzz "scenario"', live);
  }));
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const PARAMS = { numRuns: 300, interruptAfterTimeLimit: 12_000, markInterruptAsFailure: false } as const;

function checkAnswer(a: RawHttpAnswer, what: string): void {
  assert.notEqual(a.end, 'guard', `${what}: no answer and no close within the guard`);
  if (a.status === undefined) return;
  assert.ok(a.status < 500, `${what}: ${a.status} ${a.body.subarray(0, 200).toString('latin1')}`);
  if (a.status >= 400)
    assert.match(a.headers.get('content-type') ?? '', /^text\/plain(;|$)/, `${what}: ${a.status}`);
}

/** A scrape right after: 200, the exposition format (every sample line `name{labels} value`). */
async function stillScraping(): Promise<void> {
  const a = await rawHttp(
    port,
    `GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
  );
  assert.equal(a.status, 200);
  assert.equal(a.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const text = a.body.toString('utf8');
  assert.match(text, /^ctilab_load_calls_attempted_total\{scenario="fuzz _scenario_"\} \d+$/m);
  for (const line of text.split('\n').filter((l) => l !== '' && !l.startsWith('#')))
    assert.match(line, /^[a-zA-Z_:][a-zA-Z0-9_:]*\{[^{}\n]*\} [0-9.e+-]+$/, line);
}

async function noConnectionLeft(): Promise<void> {
  const deadline = Date.now() + 5000;
  while (serverConnections(port) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(serverConnections(port), 0, 'connections left open on the metrics endpoint');
}

test('arbitrary requests to the metrics endpoint: below 500, errors in plain text, the next scrape served', async () => {
  await fc.assert(
    fc.asyncProperty(httpRequestArbitrary(['metrics', 'Metrics', 'metrics%2F']), async (r) => {
      const a = await rawHttp(port, httpRequestBytes(r, `127.0.0.1:${port}`));
      assert.notEqual(a.status, undefined, `${describeRequest(r)}: closed without an answer (${a.end})`);
      checkAnswer(a, describeRequest(r));
      // Only GET /metrics itself is served.
      if (a.status === 200) assert.equal(`${r.method} ${r.target}`, 'GET /metrics', describeRequest(r));
      await stillScraping();
    }),
    PARAMS,
  );
  await noConnectionLeft();
});

test('bytes that are no HTTP request, or one cut short: a 4xx or a close, and the next scrape served', async () => {
  await fc.assert(
    fc.asyncProperty(brokenHttpBytesArbitrary, async (bytes) => {
      const a = await rawHttp(port, bytes, { halfClose: true });
      checkAnswer(a, JSON.stringify(bytes.subarray(0, 80).toString('latin1')));
      await stillScraping();
    }),
    { ...PARAMS, numRuns: 200 },
  );
  await noConnectionLeft();
});
