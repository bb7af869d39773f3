/**
 * `ctilab load --scenario <file> [--runtime embedded|process|containers] [--duration s] [--metrics-port n] [--out dir]`:
 * runs a load scenario (conformance/load/, issue 13) on the runtime given (else the scenario's
 * `runtime`, else embedded; process: each node unit a `ctilab serve` child; containers: each node
 * unit a container of the lab image running that command) with progress on
 * stderr (one rewritten line on a TTY, a line every 5 s otherwise), GET /metrics (Prometheus
 * text) on 127.0.0.1 while it runs, and writes <out>/load/<run-id>/metrics.json and index.html
 * (<out>/load/latest points at it). Exit 0 when every threshold of the scenario is met, 1 when one
 * is missed, 2 on bad usage or a bad scenario (named with its file, path and line before anything
 * starts), or when the runtime is not there (containers: no Docker engine answers).
 */
import { join, resolve } from 'node:path';
import { RuntimeUnavailable } from '../conformance/load/container-launcher.ts';
import { loadReportOf, writeLoadReport } from '../conformance/load/load-report.ts';
import {
  faultPastDuration,
  type LoadedScenario,
  loadScenario,
  ScenarioError,
} from '../conformance/load/load-scenario.ts';
import { prometheusText, startMetricsServer } from '../conformance/load/prometheus.ts';
import {
  type LiveMetrics,
  LOAD_RUNTIMES,
  type LoadResult,
  type LoadRuntime,
  runLoad,
  type Sample,
} from '../conformance/load/run-load.ts';
import { checkThresholds } from '../conformance/load/thresholds.ts';
import { pointLatest, runDirectoryName } from './run-directory.ts';

export interface LoadOptions {
  scenario: string;
  /** embedded | process | containers; default the scenario's `runtime`, else embedded. */
  runtime?: string;
  duration?: string;
  metricsPort: string;
  out: string;
}

export interface LoadIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  signal?: AbortSignal;
}

const LINE_EVERY_S = 5;

export async function loadCommand(options: LoadOptions, io: LoadIo): Promise<number> {
  const complain = (text: string) => {
    io.stderr.write(`ctilab load: ${text}\n`);
    return 2;
  };
  const isRuntime = (r: string | undefined): r is LoadRuntime => LOAD_RUNTIMES.includes(r as LoadRuntime);
  if (options.runtime !== undefined && !isRuntime(options.runtime))
    return complain(`--runtime ${options.runtime}: one of ${LOAD_RUNTIMES.join(', ')}`);
  const duration = options.duration === undefined ? undefined : Number(options.duration);
  if (duration !== undefined && !(Number.isFinite(duration) && duration > 0 && duration <= 86_400))
    return complain(`--duration ${options.duration}: seconds, more than 0 and at most 86400`);
  const port = Number(options.metricsPort);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    return complain(`--metrics-port ${options.metricsPort}: a TCP port, 0 for any free one`);
  let loaded: LoadedScenario;
  try {
    loaded = await loadScenario(resolve(io.cwd, options.scenario));
  } catch (err) {
    if (err instanceof ScenarioError) return complain(err.message);
    throw err;
  }
  const runtime = isRuntime(options.runtime) ? options.runtime : (loaded.scenario.runtime ?? 'embedded');
  const late = duration === undefined ? undefined : faultPastDuration(loaded, duration);
  if (late !== undefined) return complain(late.message);
  let live: LiveMetrics | undefined;
  const metrics = await startMetricsServer(port, () =>
    live === undefined ? '# the run has not started yet\n' : prometheusText(loaded.scenario.name, live),
  );
  const runId = runDirectoryName(new Date());
  const command = `ctilab load --scenario ${options.scenario}${runtime === 'embedded' ? '' : ` --runtime ${runtime}`}${duration === undefined ? '' : ` --duration ${duration}`}`;
  io.stderr.write(
    `ctilab load: ${loaded.scenario.name} (${duration ?? loaded.scenario.duration} s), run ${runId}; metrics at http://127.0.0.1:${metrics.port}/metrics\n`,
  );
  const tty = io.stderr.isTTY === true;
  let lastLine = Number.NEGATIVE_INFINITY;
  const progress = (s: Sample) =>
    `${s.t.toFixed(0).padStart(4)} s  calls ${s.attempted} placed, ${s.completed} done, ${s.failed} failed, ${s.activeCalls} active  ` +
    `${s.throughput}/s  csta p99 ${s.cstaP99Ms ?? '-'} ms  events ${s.eventsPerSecond}/s p99 ${s.eventP99Ms ?? '-'} ms  ` +
    `phones ${s.registeredPhones}  rss ${s.rssMB} MB  cpu ${s.cpuPercent} %`;
  try {
    const result = await runLoad({
      loaded,
      runtime,
      ...(duration === undefined ? {} : { durationS: duration }),
      ...(io.signal === undefined ? {} : { signal: io.signal }),
      onStep: (line) => io.stderr.write(`${tty ? '\r\x1b[K' : ''}[load] ${line}\n`),
      onSample: (m, s) => {
        live = m;
        if (tty) io.stderr.write(`\r\x1b[K${progress(s)}`);
        else if (s.t - lastLine >= LINE_EVERY_S) {
          lastLine = s.t;
          io.stderr.write(`[load] ${progress(s)}\n`);
        }
      },
    });
    if (tty) io.stderr.write('\n');
    const checks = checkThresholds(loaded.scenario.thresholds, result);
    const report = loadReportOf(runId, command, options.scenario, result, checks);
    const out = resolve(io.cwd, options.out, 'load');
    const dir = join(out, runId);
    await writeLoadReport(dir, report);
    pointLatest(out, dir);
    const c = result.calls;
    const e = result.events;
    const lines = [
      `calls: ${c.attempted} attempted, ${c.completed} completed, ${c.failedTotal} failed ${JSON.stringify(c.failed)} (${c.clearedByDesign} cleared by a fault by design, ${c.clearedUnexpectedly} unexpectedly)`,
      `csta: ${result.csta.requests} SnapshotDevice, ${result.csta.errors} errors, p50 ${result.csta.latency.p50Ms} ms, p99 ${result.csta.latency.p99Ms} ms`,
      `events: ${e.received} received; against the call model ${e.expected} expected, ${e.lost} lost, ${e.duplicated} duplicated, ${e.unexpected} unexpected; delivery p50 ${e.deliveryLatency.p50Ms} ms, p99 ${e.deliveryLatency.p99Ms} ms`,
      `recovered devices (monitors reopened after a fault): ${e.recoveredDevices}, ${e.expectedRecovered} events expected after the reopen, ${e.lostRecovered} lost`,
      ...ctiServerLines(result),
      ...result.failovers.map(
        (f) =>
          `failover: ${f.fault} ${f.node} at ${f.atS} s: ${f.phonesLost === 0 ? 'no phone lost' : `${f.phonesReRegistered}/${f.phonesLost} phones re-homed (last ${f.reHomeSeconds ?? 'never'} s)`}, ` +
          `sessions ended [${f.sessionsEnded.join(', ')}]${f.sessionsEnded.length === 0 ? '' : ` reopened at ${f.reopenSeconds ?? 'never'} s`}` +
          (result.ctiServer === null
            ? ''
            : `, CTI Server sessions ended ${f.ctiServerSessionsEnded.length}${f.ctiServerSessionsEnded.length === 0 ? '' : ` reopened on the other side at ${f.ctiServerReopenSeconds ?? 'never'} s`}`),
      ),
      ...checks.map(
        (t) => `threshold ${t.name} ${t.limit}: ${t.actual ?? 'not measured'} ${t.met ? 'met' : 'MISSED'}`,
      ),
      `report: ${dir}`,
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return report.ok ? 0 : 1;
  } catch (err) {
    // The runtime is not there (no Docker engine): nothing ran, the reason and what to do.
    if (err instanceof RuntimeUnavailable) return complain(err.message);
    throw err;
  } finally {
    await new Promise<void>((r) => metrics.server.close(() => r()));
  }
}

/** The CTI Server lines of the summary (ACD runs). */
function ctiServerLines(result: LoadResult): string[] {
  const c = result.ctiServer;
  if (c === null) return [];
  const e = c.events;
  return [
    `cti server: ${c.bridges} bridges, ${c.workstations} workstations, ${c.sessionsOpened} sessions opened; ${c.requests} requests, ${c.errors} errors ${JSON.stringify(c.refusals)}, p50 ${c.latency.p50Ms} ms, p99 ${c.latency.p99Ms} ms`,
    `cti server events: ${e.received} received (${e.onOpen} sent with OPEN_CONF); against the peripheral's events and the sessions' greetings ${e.expected} expected, ${e.lost} lost, ${e.duplicated} duplicated, ${e.unexpected} unexpected; delivery p50 ${e.deliveryLatency.p50Ms} ms, p99 ${e.deliveryLatency.p99Ms} ms; recovered clients ${e.recoveredDevices}, ${e.expectedRecovered} events expected after the reopen, ${e.lostRecovered} lost`,
  ];
}
