// The Prometheus text endpoint of a running load (exposition format 0.0.4): GET /metrics on
// 127.0.0.1:<port> answers the live counters, gauges and latency histograms; anything else 404.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  answerHttpClientErrors,
  hostMissing,
  LAB_HTTP_SERVER_OPTIONS,
} from '../../simulators/lab/http-client-errors.ts';
import type { LatencyHistogram } from './latency-histogram.ts';
import type { LiveMetrics } from './run-load.ts';

const BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

export function prometheusText(scenario: string, m: LiveMetrics): string {
  const label = `scenario="${scenario.replace(/["\\\n]/g, '_')}"`;
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number, extra = '') => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}{${label}${extra}} ${value}`);
  };
  metric('ctilab_load_calls_attempted_total', 'counter', 'Calls the load placed.', m.attempted);
  metric(
    'ctilab_load_calls_completed_total',
    'counter',
    'Calls connected and cleared after their hold time.',
    m.completed,
  );
  lines.push(
    '# HELP ctilab_load_calls_failed_total Calls that failed, by cause.',
    '# TYPE ctilab_load_calls_failed_total counter',
  );
  for (const [cause, n] of Object.entries(m.failed))
    lines.push(`ctilab_load_calls_failed_total{${label},cause="${cause.replace(/["\\\n]/g, '_')}"} ${n}`);
  metric('ctilab_load_calls_active', 'gauge', 'Calls in progress.', m.activeCalls);
  metric(
    'ctilab_load_csta_requests_total',
    'counter',
    'CSTA requests sent by the TR/87 clients.',
    m.cstaRequests,
  );
  metric(
    'ctilab_load_csta_errors_total',
    'counter',
    'CSTA requests that failed (error response, session ended, SIP transaction time-out).',
    m.cstaErrors,
  );
  metric(
    'ctilab_load_events_received_total',
    'counter',
    'CSTA events the TR/87 clients received.',
    m.eventsReceived,
  );
  metric('ctilab_load_registrations_total', 'counter', 'Phone registrations.', m.registrations);
  metric(
    'ctilab_load_reregistrations_total',
    'counter',
    'Phone registrations after a loss.',
    m.reRegistrations,
  );
  metric('ctilab_load_phones_registered', 'gauge', 'Phones registered now.', m.registeredPhones);
  metric('ctilab_load_tr87_sessions_open', 'gauge', 'TR/87 sessions open now.', m.sessionsOpen);
  metric(
    'ctilab_load_process_rss_bytes',
    'gauge',
    'RSS of the process running the embedded lab.',
    m.rssBytes,
  );
  metric(
    'ctilab_load_process_cpu_seconds_total',
    'counter',
    'CPU seconds of that process since the start.',
    m.cpuSeconds,
  );
  histogram(lines, 'ctilab_load_csta_request_seconds', 'CSTA request latency.', label, m.csta);
  histogram(
    lines,
    'ctilab_load_event_delivery_seconds',
    'Call model event -> TR/87 client.',
    label,
    m.events,
  );
  return `${lines.join('\n')}\n`;
}

function histogram(lines: string[], name: string, help: string, label: string, h: LatencyHistogram): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
  const counts = h.cumulativeAt(BOUNDS_MS);
  BOUNDS_MS.forEach((b, i) => {
    lines.push(`${name}_bucket{${label},le="${b / 1000}"} ${counts[i]}`);
  });
  const s = h.summary();
  lines.push(
    `${name}_bucket{${label},le="+Inf"} ${h.count}`,
    `${name}_sum{${label}} ${s.meanMs === null ? 0 : (s.meanMs * h.count) / 1000}`,
    `${name}_count{${label}} ${h.count}`,
  );
}

/** Serves GET /metrics on 127.0.0.1:`port` (0: any free port) with `text()`. */
export async function startMetricsServer(
  port: number,
  text: () => string,
): Promise<{ server: Server; port: number }> {
  const server = createServer(LAB_HTTP_SERVER_OPTIONS, (req, res) => {
    if (hostMissing(req)) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('an HTTP/1.1 request needs a Host header\n');
    } else if (req.method === 'GET' && req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(text());
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found: GET /metrics\n');
    }
  });
  answerHttpClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
