/**
 * CSTA call events at a call rate (issue 13 item 6 "Speed"): `npm run bench:call-events -- [--rates
 * 100,250,500] [--seconds 10] [--devices 2000] [--hold-seconds 1] [--runtime process|embedded]
 * [--cpu-prof-dir dir] [--out file]`.
 *
 * A CME with `devices` phoneless ephone-dns, each `cti watch` and `cti notify` (CME CSTA guide:
 * monitorable, in service with no phone); one TR/87 session per DN over TCP on loopback (one SIP
 * endpoint) MonitorStarts its DN (a CME session monitors its own line). The DNs form
 * caller/callee pairs; calls are placed on the CME's call model directly, open loop at each rate
 * (MakeCall from the caller, the callee answers as soon as it rings, the caller clears after
 * `hold-seconds`): the model, the CTI service, the TR/87 server and the clients are the code under
 * test; SCCP phones are not (one process could not drive 1,000 phones through 500 calls/s: the
 * CUCM load run saturated at 20 calls/s with 1,000 phones, README "Load"), and a load generator in
 * front of a real call agent (a trunk, a SIPp script) would not use phones either.
 *
 * `--runtime process` (default): the CME is a `ctilab serve cme --call-events --console` child
 * (the calls are its console's `call make|answer|clear` lab commands, its call-model events come
 * back as JSON lines); the TR/87 clients, the call driver and the ledger stay in this process, so
 * the CME and the clients each have a core. `--runtime embedded`: everything in this process.
 * `--cpu-prof-dir dir` runs the child under `node --cpu-prof` (profile this process with `node
 * --cpu-prof --import tsx bench/csta-call-events.ts`).
 *
 * Ground truth: every call-model event for a monitored DN is entered in the event ledger of
 * `ctilab load` (conformance/load/event-ledger.ts) as the CTI service must report it, through the
 * same feed as `ctilab load` (conformance/load/csta-ledger-feed.ts, `cstaEventFor`); every event a
 * client receives is matched there: expected / delivered / lost / duplicated, and emission ->
 * receipt latency. An event not received `drain-seconds` after the last call ended is lost. Per
 * rate: calls attempted / completed, events, latency p50/p99, CPU (cores and ms per call, this
 * process and the CME child), the event loop's utilization and RSS. Prints a table and writes
 * reports/bench/csta-call-events.json. Figures only: nothing asserts a time.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchOptionError } from './bench-option-error.ts';
import { progressLogger, runBenchMain } from './bench-support.ts';
import {
  type CallEventsBenchOptions,
  callEventsBenchUsage,
  parseCallEventsBenchOptions,
} from './csta-call-events-options.ts';
import { type RateResult, runCallEventsBench } from './csta-call-events-run.ts';

const defaultOut = fileURLToPath(new URL('../reports/bench/csta-call-events.json', import.meta.url));

async function main(argv: string[]): Promise<number> {
  let opts: CallEventsBenchOptions;
  try {
    opts = parseCallEventsBenchOptions(argv);
  } catch (err) {
    if (!(err instanceof BenchOptionError)) throw err;
    process.stderr.write(`bench csta-call-events: ${err.message}\n${callEventsBenchUsage}`);
    return 2;
  }
  const command = `npm run bench:call-events${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  const report = await runCallEventsBench(opts, command, { progress: progressLogger('csta-call-events') });
  const out = opts.out ?? defaultOut;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${formatTable(report.rates, opts)}\n\nwrote ${out}\n`);
  return 0;
}

function formatTable(results: readonly RateResult[], opts: CallEventsBenchOptions): string {
  const rows = [
    [
      ...['calls/s', 'attempted', 'completed', 'done/s', 'events exp', 'delivered', 'lost', 'dup'],
      ...['events/s', 'p50 ms', 'p99 ms', 'cpu', 'ms/call', 'cme cpu', 'cme ms/call', 'ms/event', 'elu'],
      'RSS MB',
      ...['load', 'sustained'],
    ],
    ...results.map((r) => [
      String(r.targetCallsPerSecond),
      String(r.calls.attempted),
      String(r.calls.completed),
      r.calls.completedPerSecond.toFixed(1),
      String(r.events.expected),
      String(r.events.delivered),
      String(r.events.lost),
      String(r.events.duplicated),
      r.events.receivedPerSecondInWindow.toFixed(0),
      String(r.events.deliveryLatency.p50Ms ?? '-'),
      String(r.events.deliveryLatency.p99Ms ?? '-'),
      r.cpuCores.toFixed(2),
      r.cpuMsPerCall.toFixed(2),
      r.cme === null ? '-' : r.cme.cpuCores.toFixed(2),
      r.cme === null ? '-' : r.cme.cpuMsPerCall.toFixed(2),
      r.totalCpuMsPerEvent.toFixed(3),
      r.eventLoopUtilization.toFixed(2),
      r.rssMaxMB.toFixed(0),
      r.loadAverage[0]!.toFixed(2),
      r.sustained ? 'yes' : 'no',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return [
    `CSTA call events (${opts.runtime} runtime): ${opts.devices} monitored DNs (one TR/87 session each), calls on the call model, hold ${opts.holdSeconds} s, ${opts.seconds} s per rate` +
      (opts.runtime === 'process'
        ? '; cpu / ms/call = this process (clients, ledger), cme = the serve cme child, ms/event = both'
        : ''),
    ...rows.map((r) => r.map((c, i) => c.padStart(widths[i]!)).join('  ')),
  ].join('\n');
}

runBenchMain('bench csta-call-events', main);
