// The report of a load run: reports/load/<run-id>/metrics.json (everything measured, the
// thresholds and their outcome) and index.html (the figures and inline SVG charts of throughput,
// latency percentiles over time, registrations, events, RSS/CPU, and the failover timeline).
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, platform } from 'node:os';
import { join } from 'node:path';
import type { LoadResult, LoadRuntime } from './run-load.ts';
import { type ChartMarker, esc, lineChart } from './svg-chart.ts';
import type { ThresholdCheck } from './thresholds.ts';

export interface LoadReport {
  readonly runId: string;
  readonly command: string;
  readonly scenarioFile: string;
  readonly runtime: LoadRuntime;
  readonly machine: { node: string; platform: string; cpus: number; cpuModel: string };
  readonly ok: boolean;
  readonly thresholds: readonly ThresholdCheck[];
  readonly result: LoadResult;
}

export function loadReportOf(
  runId: string,
  command: string,
  scenarioFile: string,
  result: LoadResult,
  thresholds: readonly ThresholdCheck[],
): LoadReport {
  return {
    runId,
    command,
    scenarioFile,
    runtime: result.runtime,
    machine: {
      node: process.version,
      platform: `${platform()} ${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
    },
    ok: thresholds.every((t) => t.met),
    thresholds,
    result,
  };
}

/** Writes metrics.json and index.html into `dir`; returns their paths. */
export async function writeLoadReport(dir: string, report: LoadReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'metrics.json');
  const html = join(dir, 'index.html');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(html, renderHtml(report));
  return [json, html];
}

export function renderHtml(report: LoadReport): string {
  const r = report.result;
  const s = r.series;
  const markers: ChartMarker[] = r.failovers.map((f) => ({ x: f.atS, label: `${f.fault} ${f.node}` }));
  const pts = (f: (x: (typeof s)[number]) => number | null) => s.map((x) => [x.t, f(x)] as const);
  const charts = [
    lineChart('Throughput', 'calls/s', [{ name: 'completed/s', points: pts((x) => x.throughput) }], markers),
    lineChart(
      'CSTA request latency (SnapshotDevice)',
      'ms',
      [
        { name: 'p50', points: pts((x) => x.cstaP50Ms) },
        { name: 'p99', points: pts((x) => x.cstaP99Ms) },
      ],
      markers,
    ),
    lineChart(
      'Event delivery latency (call model -> TR/87 client)',
      'ms',
      [
        { name: 'p50', points: pts((x) => x.eventP50Ms) },
        { name: 'p99', points: pts((x) => x.eventP99Ms) },
      ],
      markers,
    ),
    lineChart(
      'Registered phones',
      'phones',
      [{ name: 'registered', points: pts((x) => x.registeredPhones) }],
      markers,
    ),
    lineChart(
      'CSTA events received',
      'events/s',
      [{ name: 'events/s', points: pts((x) => x.eventsPerSecond) }],
      markers,
    ),
    lineChart(
      r.runtime === 'embedded'
        ? 'Process RSS and CPU (embedded: every node in one process, no per-node figures)'
        : 'Load process RSS and CPU (phones and clients; nodes below)',
      'MB / %',
      [
        { name: 'RSS MB', points: pts((x) => x.rssMB) },
        { name: 'CPU %', points: pts((x) => x.cpuPercent) },
      ],
      markers,
    ),
  ];
  const nodes = [...new Set(s.flatMap((x) => Object.keys(x.nodes ?? {})))];
  if (nodes.length > 0)
    charts.push(
      lineChart(
        `RSS per node (${r.runtime} runtime; load = phones and clients)`,
        'MB',
        nodes.map((n) => ({ name: n, points: pts((x) => x.nodes?.[n]?.rssMB ?? null) })),
        markers,
      ),
      lineChart(
        `CPU per node (${r.runtime} runtime, % of one core)`,
        '%',
        nodes.map((n) => ({ name: n, points: pts((x) => x.nodes?.[n]?.cpuPercent ?? null) })),
        markers,
      ),
    );
  if (r.ctiServer !== null)
    charts.push(
      lineChart(
        'CTI Server request latency (QUERY_AGENT_STATE_REQ, SET_AGENT_STATE_REQ)',
        'ms',
        [
          { name: 'p50', points: pts((x) => x.ctiP50Ms) },
          { name: 'p99', points: pts((x) => x.ctiP99Ms) },
        ],
        markers,
      ),
      lineChart(
        'CTI Server events (peripheral -> client)',
        'msgs/s / ms',
        [
          { name: 'received/s', points: pts((x) => x.ctiEventsPerSecond) },
          { name: 'delivery p99 ms', points: pts((x) => x.ctiEventP99Ms) },
        ],
        markers,
      ),
    );
  const rows = (pairs: ReadonlyArray<readonly [string, unknown]>) =>
    pairs
      .map(
        ([k, v]) =>
          `<tr><th>${esc(k)}</th><td>${esc(typeof v === 'string' ? v : JSON.stringify(v))}</td></tr>`,
      )
      .join('');
  const e = r.events;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ctilab load ${esc(report.runId)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;margin-bottom:1em}
th,td{border:1px solid #ccc;padding:2px 8px;text-align:left;font-size:13px}.ok{color:#2ca02c}.miss{color:#d62728}
.charts{display:flex;flex-wrap:wrap;gap:12px}</style></head><body>
<h1>ctilab load: ${esc(r.scenario)} — <span class="${report.ok ? 'ok' : 'miss'}">${report.ok ? 'thresholds met' : 'threshold missed'}</span></h1>
<p><code>${esc(report.command)}</code> — run ${esc(report.runId)}, started ${esc(r.startedAt)}, ${r.durationS} s, runtime ${report.runtime};
${esc(report.machine.platform)}, ${report.machine.cpus} CPUs (${esc(report.machine.cpuModel)}), Node ${esc(report.machine.node)}</p>
<h2>Thresholds</h2><table><tr><th>threshold</th><th>limit</th><th>measured</th><th></th></tr>
${report.thresholds.map((t) => `<tr><td>${esc(t.name)}</td><td>${t.limit}</td><td>${t.actual ?? 'not measured'}</td><td class="${t.met ? 'ok' : 'miss'}">${t.met ? 'met' : 'missed'}</td></tr>`).join('')}</table>
<h2>Figures</h2><table>${rows([
    ['target', `${r.target.kind}: ${r.target.nodes}`],
    ['phones / monitored devices / TR/87 clients', `${r.phones} / ${r.monitoredDevices} / ${r.clients}`],
    ['set-up: register / monitor (s)', `${r.setup.registerSeconds} / ${r.setup.monitorSeconds}`],
    ['calls attempted / completed', `${r.calls.attempted} / ${r.calls.completed}`],
    ['calls failed by cause', r.calls.failed],
    [
      'calls cleared by design (fault) / unexpectedly',
      `${r.calls.clearedByDesign} / ${r.calls.clearedUnexpectedly}`,
    ],
    ['call set-up latency (dial -> established)', r.calls.setupLatency],
    ['CSTA requests / errors', `${r.csta.requests} / ${r.csta.errors}`],
    ['CSTA SnapshotDevice latency', r.csta.latency],
    ['CSTA MonitorStart latency', r.csta.monitorStart],
    ['events received', e.received],
    [
      'events expected (ground truth) / delivered / lost / duplicated / unexpected',
      `${e.expected} / ${e.delivered} / ${e.lost} / ${e.duplicated} / ${e.unexpected}`,
    ],
    [
      'recovered devices / events expected after reopen / lost',
      `${e.recoveredDevices} / ${e.expectedRecovered} / ${e.lostRecovered}`,
    ],
    ['device state events (OutOfService / BackInService)', e.deviceState],
    ['event delivery latency', e.deliveryLatency],
    [
      'registrations / re-registrations / registered at end',
      `${r.registrations.registrations} / ${r.registrations.reRegistrations} / ${r.registrations.registeredAtEnd}`,
    ],
    [
      'RSS max (MB) / CPU mean (% of a core)',
      `${r.resources.rssMaxMB} / ${r.resources.cpuMeanPercent} (${r.resources.process})`,
    ],
    ...(r.resources.perNode === null
      ? []
      : Object.entries(r.resources.perNode).map(
          ([n, u]) =>
            [
              `node ${n}: RSS max (MB) / CPU mean (% of a core)`,
              `${u.rssMaxMB} / ${u.cpuMeanPercent}`,
            ] as const,
        )),
  ])}</table>
${r.ctiServer === null ? '' : ctiServerSection(r.ctiServer, rows)}
<h2>Failover</h2>${r.failovers.length === 0 ? '<p>No fault in this run.</p>' : ''}
${r.failovers
  .map(
    (f) =>
      `<table>${rows([
        ['fault', `${f.fault} ${f.node} at ${f.atS} s: ${f.applied ? 'applied' : 'refused'} (${f.detail})`],
        ['phones lost / re-registered', `${f.phonesLost} / ${f.phonesReRegistered}`],
        ['re-home: last phone (s)', f.reHomeSeconds],
        ['re-home per phone (ms from the fault)', f.reHome],
        ['sessions ended', f.sessionsEnded.join(', ') || 'none'],
        ['reconnect / reopen: last (s from the fault)', `${f.reconnectSeconds} / ${f.reopenSeconds}`],
        ['devices reopened', f.devicesReopened],
        ...(r.ctiServer === null
          ? []
          : ([
              ['CTI Server sessions ended (failed over)', f.ctiServerSessionsEnded.join(', ') || 'none'],
              [
                'CTI Server sessions open again on the other side: last (s from the fault)',
                f.ctiServerReopenSeconds,
              ],
            ] as const)),
      ])}</table>`,
  )
  .join('')}
<h3>Timeline</h3><table><tr><th>s</th><th>what</th></tr>${r.timeline.map((t) => `<tr><td>${t.t}</td><td>${esc(t.what)}</td></tr>`).join('')}</table>
${r.skippedFaults.length > 0 ? `<p>Faults not run (after the end): ${esc(r.skippedFaults.join('; '))}</p>` : ''}
<h2>Over time</h2><div class="charts">${charts.join('\n')}</div>
</body></html>
`;
}

function ctiServerSection(
  c: NonNullable<LoadResult['ctiServer']>,
  rows: (pairs: ReadonlyArray<readonly [string, unknown]>) => string,
): string {
  const e = c.events;
  return `<h2>CTI Server (GED-188) clients</h2><table>${rows([
    ['CTI Bridges (All Events) / agent workstations (Client Events)', `${c.bridges} / ${c.workstations}`],
    ['sessions opened (first opens and reopens after a side failed)', c.sessionsOpened],
    ['requests / errors', `${c.requests} / ${c.errors}`],
    ['answers other than the CONF', c.refusals],
    ['request latency', c.latency],
    ['messages received / sent by the server with OPEN_CONF', `${e.received} / ${e.onOpen}`],
    [
      "events expected (the peripheral's per client, and each session's greeting) / delivered / lost / duplicated / unexpected",
      `${e.expected} / ${e.delivered} / ${e.lost} / ${e.duplicated} / ${e.unexpected}`,
    ],
    [
      'recovered clients / events expected after reopen / lost',
      `${e.recoveredDevices} / ${e.expectedRecovered} / ${e.lostRecovered}`,
    ],
    ['event delivery latency (peripheral -> client)', e.deliveryLatency],
  ])}</table>`;
}
