// The SIPp-vs-ctilab MakeCall comparison: both sides' figures in one record, and that record as
// a Markdown table and an HTML page (no script, nothing fetched).

import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MakeCallLoadResult } from './csta-makecall-load.ts';
import type { LatencySummary } from './csta-stats.ts';
import type { SippRunResult } from './sipp-run.ts';

/** One side's figures, the same fields for SIPp and for our client. */
export interface SideFigures {
  readonly tool: string;
  readonly attempted: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly failureCauses: Readonly<Record<string, number>>;
  /** INFO MakeCall sent -> its 200 received, ms. */
  readonly makeCall: LatencySummary;
  /** INVITE sent -> its 200 received, ms. */
  readonly sessionSetup: LatencySummary;
  /** Step of the clock the response times were taken with, ms (SIPp: seen in its samples). */
  readonly resolutionMs: number;
  /** INVITEs (of answered sessions) sent per second, first to last: the rate the side really drove. */
  readonly achievedRate: number;
  readonly wallSeconds: number;
  /** CPU of the load generator's process, share of one core. */
  readonly loadGeneratorCpuCores: number | null;
  /** CPU of the CME's process over the side's phase, share of one core. */
  readonly cmeCpuCores: number | null;
}

export interface SippSide extends SideFigures {
  readonly command: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** SIPp's own totals from its statistics file (failure causes, retransmissions, means). */
  readonly stats: SippRunResult['stats'];
  readonly errorLog: string;
  /** Where SIPp's files were kept, relative to the report. */
  readonly files: Readonly<Record<string, string | null>>;
}

export interface CtilabSide extends SideFigures {
  readonly firstErrors: readonly string[];
  /** Event-loop delay of our client's process during its calls (part of its response times). */
  readonly eventLoopDelay: MakeCallLoadResult['eventLoopDelay'];
}

export interface SippCstaReport {
  readonly benchmark: 'sipp-csta';
  readonly date: string;
  readonly command: string;
  readonly node: string;
  readonly sippVersion: string;
  readonly cpus: number;
  /** /proc/loadavg (1, 5, 15 min) before the lab started and after both sides ran. */
  readonly loadAverage: { readonly before: readonly number[]; readonly after: readonly number[] };
  readonly lab: string;
  readonly call: string;
  readonly rate: number;
  readonly seconds: number;
  readonly callsPerSide: number;
  readonly holdMs: number;
  readonly answerAfterMs: number;
  readonly pairs: number;
  readonly order: string;
  /** Calls made by our client before the first side, not counted (JIT, connections, phones). */
  readonly warmUpCalls: number;
  readonly sipp: SippSide;
  readonly ctilab: CtilabSide;
  /** The phones process's last line: calls answered (both sides together), registrations lost. */
  readonly phones: Readonly<Record<string, unknown>> | null;
}

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * SIPp's command as the report prints it: the scenario file named relative to the project root
 * (`conformance/sipp/csta-make-call-load.xml`), not by the absolute path SIPp was given (a path of
 * the machine that ran it). The other arguments name files of SIPp's run directory.
 */
export function reportedSippCommand(command: string, scenario: string, root = projectRoot): string {
  const shown = relative(root, scenario).split(sep).join('/');
  return command.replace(` -sf ${scenario} `, ` -sf ${shown} `);
}

export function sippSide(r: SippRunResult, sippVersion: string, cmeCpuCores: number | null): SippSide {
  const none = {
    count: 0,
    p50Ms: Number.NaN,
    p90Ms: Number.NaN,
    p99Ms: Number.NaN,
    maxMs: Number.NaN,
    meanMs: Number.NaN,
  };
  return {
    tool: `SIPp ${sippVersion} (-t t1)`,
    attempted: r.stats.created,
    succeeded: r.stats.successful,
    failed: r.stats.failed,
    failureCauses: r.stats.failureCauses,
    makeCall: r.responseTimes.makecall ?? none,
    sessionSetup: r.responseTimes.session ?? none,
    resolutionMs: r.clockStepMs,
    achievedRate: r.sessionRate,
    wallSeconds: round2(r.wallSeconds),
    loadGeneratorCpuCores: r.cpuCores,
    cmeCpuCores,
    command: reportedSippCommand(r.command, r.scenario),
    exitCode: r.exitCode,
    signal: r.signal,
    stats: r.stats,
    errorLog: r.errorLog,
    files: r.files,
  };
}

export function ctilabSide(r: MakeCallLoadResult, cmeCpuCores: number | null): CtilabSide {
  return {
    tool: 'ctilab Tr87Client (one SIP endpoint, TCP)',
    attempted: r.attempted,
    succeeded: r.succeeded,
    failed: r.failed,
    failureCauses: r.failureCauses as Record<string, number>,
    makeCall: r.responseTimes.makecall,
    sessionSetup: r.responseTimes.session,
    resolutionMs: 0.001,
    achievedRate: r.sessionRate,
    wallSeconds: round2(r.wallSeconds),
    loadGeneratorCpuCores: r.cpuCores,
    cmeCpuCores,
    firstErrors: r.firstErrors,
    eventLoopDelay: r.eventLoopDelay,
  };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** The figures as rows: [label, SIPp, ctilab]. */
export function comparisonRows(r: SippCstaReport): Array<[string, string, string]> {
  const ms = (v: number) => (Number.isFinite(v) ? `${Number(v.toFixed(3))} ms` : '-');
  const causes = (c: Readonly<Record<string, number>>) =>
    Object.keys(c).length === 0
      ? '-'
      : Object.entries(c)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
  const cpu = (v: number | null) => (v === null ? '-' : v.toFixed(2));
  const both = (f: (s: SideFigures) => string): [string, string] => [f(r.sipp), f(r.ctilab)];
  return [
    ['load generator', ...both((s) => s.tool)],
    ['calls attempted', ...both((s) => String(s.attempted))],
    ['calls succeeded', ...both((s) => String(s.succeeded))],
    ['calls failed', ...both((s) => String(s.failed))],
    ['failure causes', ...both((s) => causes(s.failureCauses))],
    ['achieved calls/s (INVITEs sent, first to last)', ...both((s) => s.achievedRate.toFixed(2))],
    ['MakeCall response p50', ...both((s) => ms(s.makeCall.p50Ms))],
    ['MakeCall response p90', ...both((s) => ms(s.makeCall.p90Ms))],
    ['MakeCall response p99', ...both((s) => ms(s.makeCall.p99Ms))],
    ['MakeCall response max', ...both((s) => ms(s.makeCall.maxMs))],
    ['MakeCall responses measured', ...both((s) => String(s.makeCall.count))],
    ['session set-up (INVITE -> 200) p50', ...both((s) => ms(s.sessionSetup.p50Ms))],
    ['session set-up p90', ...both((s) => ms(s.sessionSetup.p90Ms))],
    ['session set-up p99', ...both((s) => ms(s.sessionSetup.p99Ms))],
    [
      'response time clock step',
      ...both((s) =>
        s.resolutionMs >= 1
          ? `${s.resolutionMs} ms`
          : s.resolutionMs === 0
            ? '-'
            : `${s.resolutionMs * 1000} us`,
      ),
    ],
    ['load generator CPU (cores)', ...both((s) => cpu(s.loadGeneratorCpuCores))],
    ['CME CPU during the phase (cores)', ...both((s) => cpu(s.cmeCpuCores))],
    [
      'load generator event-loop lateness p50 / p99',
      '-',
      `${r.ctilab.eventLoopDelay.p50Ms} / ${r.ctilab.eventLoopDelay.p99Ms} ms`,
    ],
    ['exit code', String(r.sipp.exitCode ?? r.sipp.signal), '-'],
  ];
}

export function reportMarkdown(r: SippCstaReport): string {
  const rows = comparisonRows(r);
  const esc = (s: string) => s.replaceAll('|', '\\|');
  return [
    `# CSTA MakeCall load: SIPp and ctilab side by side`,
    '',
    `${r.date}, \`${r.command}\`, Node ${r.node}, ${r.cpus} CPUs, load average ${r.loadAverage.before.join(' ')} before, ${r.loadAverage.after.join(' ')} after.`,
    '',
    `Lab: ${r.lab}. Each call: ${r.call}. ${r.rate} calls/s for ${r.seconds} s per side (${r.callsPerSide} calls), ` +
      `hold ${r.holdMs} ms, answer after ${r.answerAfterMs} ms, ${r.pairs} phone pairs, ${r.order}, after ${r.warmUpCalls} warm-up calls (not counted).`,
    '',
    '| | SIPp | ctilab |',
    '|---|---:|---:|',
    ...rows.map(([k, a, b]) => `| ${esc(k)} | ${esc(a)} | ${esc(b)} |`),
    '',
    `SIPp command (run in its run directory; the scenario named from the project root): \`${r.sipp.command}\``,
    ...(r.phones ? ['', `Phones: ${JSON.stringify(r.phones)}`] : []),
    ...(r.sipp.errorLog
      ? ['', 'SIPp error log (first lines):', '', '```', r.sipp.errorLog.slice(0, 1500), '```']
      : []),
    ...(r.ctilab.firstErrors.length > 0
      ? ['', 'ctilab first errors:', '', ...r.ctilab.firstErrors.map((e) => `- ${e}`)]
      : []),
    '',
  ].join('\n');
}

export function reportHtml(r: SippCstaReport): string {
  const h = (s: string) =>
    s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
  const rows = comparisonRows(r)
    .map(([k, a, b]) => `<tr><th>${h(k)}</th><td>${h(a)}</td><td>${h(b)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CSTA MakeCall load: SIPp and ctilab</title>
<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em}td{text-align:right}th{text-align:left}pre{background:#f4f4f4;padding:.5em;overflow:auto}</style>
</head><body>
<h1>CSTA MakeCall load: SIPp and ctilab side by side</h1>
<p>${h(r.date)}, <code>${h(r.command)}</code>, Node ${h(r.node)}, ${r.cpus} CPUs, load average ${h(r.loadAverage.before.join(' '))} before, ${h(r.loadAverage.after.join(' '))} after.</p>
<p>Lab: ${h(r.lab)}. Each call: ${h(r.call)}. ${r.rate} calls/s for ${r.seconds} s per side (${r.callsPerSide} calls), hold ${r.holdMs} ms, answer after ${r.answerAfterMs} ms, ${r.pairs} phone pairs, ${h(r.order)}, after ${r.warmUpCalls} warm-up calls (not counted).</p>
<table><thead><tr><th></th><th>SIPp</th><th>ctilab</th></tr></thead><tbody>
${rows}
</tbody></table>
<p>SIPp command (run in its run directory; the scenario named from the project root): <code>${h(r.sipp.command)}</code></p>
${r.phones ? `<p>Phones: <code>${h(JSON.stringify(r.phones))}</code></p>` : ''}
${r.sipp.errorLog ? `<h2>SIPp error log (first lines)</h2><pre>${h(r.sipp.errorLog.slice(0, 1500))}</pre>` : ''}
${r.ctilab.firstErrors.length > 0 ? `<h2>ctilab first errors</h2><ul>${r.ctilab.firstErrors.map((e) => `<li>${h(e)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}
