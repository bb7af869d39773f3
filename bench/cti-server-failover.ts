/**
 * CTI Server failover benchmark (issue 11 "Figures": the time for a client to be back in session
 * on the other side after the active side dies): `npm run bench:cti-server-failover -- [--failovers
 * 50] [--clients 1] [--timeout-ms 10000] [--out file]`.
 *
 * One ACD lab (simulators/acd-cti/acd-lab.ts, labs/acd-duplex.yaml with ephemeral ports) runs in
 * this process on the real clock; `--clients` CTI Bridge clients (CtiServerClient, ClientID
 * `bridge`, empty password, All Events, given both sides) are in session on the active side. Each
 * failover: the active side dies (CtiServerPair.failActive: its sessions are reset, it stops
 * listening; Cisco "CTI Planning", "CTI Server Fault Tolerance"), and each client, on the loss of an
 * established session, connects to the other side at once and sends OPEN_REQ (uccertweb's HA
 * behaviour, reference §10); measured per client: the call of the failure -> OPEN_CONF decoded on
 * the other side (the client's session open again). Then the dead side is restored as standby and
 * the next failover kills the other side. The wait for each reopen polls every event-loop turn
 * (about 1 ms). Prints a summary and writes reports/bench/cti-server-failover.json. Figures
 * only: nothing asserts a time.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { AcdLab } from '../simulators/acd-cti/acd-lab.ts';
import { CtiServerClient } from '../simulators/cti-server/client/cti-server-client.ts';
import { ServiceMask } from '../simulators/cti-server/wire.ts';
import { acdNodesOf } from '../simulators/topology/acd-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { benchMachine } from './bench-figures.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { BenchArgs } from './bench-options.ts';
import { progressLogger, roundTo, runBenchMain } from './bench-support.ts';
import { percentile, summarizeLatency } from './csta-stats.ts';

const progress = progressLogger('cti-server-failover');
const lab = fileURLToPath(new URL('../labs/acd-duplex.yaml', import.meta.url));
const defaultOut = fileURLToPath(new URL('../reports/bench/cti-server-failover.json', import.meta.url));

export interface CtiFailoverOptions {
  failovers: number;
  clients: number;
  timeoutMs: number;
  out: string | undefined;
}

export const ctiFailoverUsage =
  'usage: npm run bench:cti-server-failover -- [--failovers 50] [--clients 1] [--timeout-ms 10000] [--out reports/bench/cti-server-failover.json]\n';

export function parseCtiFailoverOptions(argv: readonly string[]): CtiFailoverOptions {
  const args = new BenchArgs(argv, { values: ['failovers', 'clients', 'timeout-ms', 'out'] });
  return {
    failovers: args.integerIn('failovers', 50, 1, 10_000),
    clients: args.integerIn('clients', 1, 1, 1_000),
    timeoutMs: args.integerIn('timeout-ms', 10_000, 100, 600_000),
    out: args.value('out'),
  };
}

/** Resolves when `done()` holds (checked every event-loop turn) or after `timeoutMs`; true when it held. */
async function turnsUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() >= deadline) return false;
    await new Promise((r) => setImmediate(r));
  }
  return true;
}

async function main(argv: string[]): Promise<number> {
  let opts: CtiFailoverOptions;
  try {
    opts = parseCtiFailoverOptions(argv);
  } catch (err) {
    if (!(err instanceof BenchOptionError)) throw err;
    process.stderr.write(`bench:cti-server-failover: ${err.message}\n${ctiFailoverUsage}`);
    return 2;
  }
  const nodes = acdNodesOf(await loadTopology(lab));
  const node = nodes[0]!.name;
  const acd = new AcdLab({ nodes, sccpPort: 0, sidePorts: { [node]: { A: 0, B: 0 } }, log: () => {} });
  const ep = (await acd.start()).nodes[node]!;
  const pair = acd.pair(node);
  const clients: CtiServerClient[] = [];
  const reopenMs: number[] = [];
  const failCallMs: number[] = [];
  let missed = 0;
  const loadAverageBefore = loadavg().map((v) => roundTo(v, 2));
  try {
    for (let i = 0; i < opts.clients; i++)
      clients.push(
        await CtiServerClient.connect({
          sides: [ep.A, ep.B],
          clientID: 'bridge',
          password: '',
          services: ServiceMask.ALL_EVENTS,
        }),
      );
    progress(`${opts.clients} client(s) in session on side ${pair.active}; ${opts.failovers} failovers`);
    for (let f = 0; f < opts.failovers; f++) {
      const sessionsBefore = clients.map((c) => c.sessionsOpened);
      const reopened = clients.map(() => Number.NaN);
      const t0 = performance.now();
      const failing = pair.failActive();
      // Each client's reopen, from the call of the failure, seen on the first turn it holds.
      const watch = clients.map((c, i) =>
        turnsUntil(() => c.isOpen && c.sessionsOpened > sessionsBefore[i]!, opts.timeoutMs).then((ok) => {
          if (ok) reopened[i] = performance.now() - t0;
        }),
      );
      await failing;
      failCallMs.push(performance.now() - t0);
      await Promise.all(watch);
      for (const ms of reopened) {
        if (Number.isNaN(ms)) missed++;
        else reopenMs.push(ms);
      }
      await pair.restore();
      if ((f + 1) % 10 === 0 || f + 1 === opts.failovers)
        progress(`${f + 1}/${opts.failovers} failovers, active side now ${pair.active}`);
    }
  } finally {
    for (const c of clients) c.destroy();
    await acd.close();
  }
  const sorted = [...reopenMs].sort((a, b) => a - b);
  const summary = summarizeLatency(reopenMs);
  const report = {
    benchmark: 'cti-server-failover',
    ...benchMachine(),
    loadAverageBefore,
    command:
      argv.length > 0
        ? `npm run bench:cti-server-failover -- ${argv.join(' ')}`
        : 'npm run bench:cti-server-failover',
    setup: {
      process:
        'one process: the ACD lab (labs/acd-duplex.yaml, ephemeral ports) and the CTI Bridge clients, real clock, TCP on loopback',
      failovers: opts.failovers,
      clients: opts.clients,
      measured:
        'the call of the failure (active side dies) -> the client in session again on the other side (OPEN_CONF decoded), per client and failover',
    },
    backInSession: {
      samples: reopenMs.length,
      missed,
      medianMs: roundTo(percentile(sorted, 50), 3),
      p95Ms: roundTo(percentile(sorted, 95), 3),
      ...summary,
    },
    failureCall: summarizeLatency(failCallMs),
  };
  const out = opts.out ?? defaultOut;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    [
      `CTI Server failover (${opts.failovers} failovers x ${opts.clients} client(s), ${report.cpus} CPUs, load ${loadAverageBefore.join(' ')})`,
      `  back in session on the other side: median ${report.backInSession.medianMs} ms, p95 ${report.backInSession.p95Ms} ms, max ${summary.maxMs} ms (${reopenMs.length} samples, ${missed} missed)`,
      `  the failure call itself (sessions reset, listener closed): median ${report.failureCall.p50Ms} ms`,
      `  written to ${out}`,
      '',
    ].join('\n'),
  );
  return missed === 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runBenchMain('bench:cti-server-failover', main);
