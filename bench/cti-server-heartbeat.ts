/**
 * Lost-heartbeat detection benchmark (issue 11 figures): `npm run bench:cti-heartbeat --
 * [--interval-ms 5000] [--runs 20] [--out file]`.
 *
 * How long a CTI client takes to notice that its CTI Server side stopped answering, on the real
 * clock. Cisco "CTI Server Message Reference Guide (Protocol Version 15)", chapter 2 "Heartbeat
 * Messages": the client sends HEARTBEAT_REQ every interval and resets the connection after three
 * unconfirmed heartbeats; chapter 4 "Session Maintenance": IdleTimeout (here 4 x the interval) is
 * how long the server waits for any message before it resets the session.
 *
 * Set-up: a live ACD lab (labs/acd-duplex.yaml, side ports ephemeral). Each run is one real
 * CtiServerClient (a CTI Bridge with heartbeats every `interval-ms`, IdleTimeout 4 x that) that
 * reaches side A through its own TCP relay on loopback. After the session has confirmed at least
 * one heartbeat, at a random moment within an interval, the relay freezes: the TCP connections
 * stay up, nothing is passed either way and nothing is closed (a hung side or a silent network).
 * Measured from the freeze: (1) the client resets its connection (the relay's client-side socket
 * sees the reset), expected in (3, 4] intervals; (2) the side resets the session for IdleTimeout
 * (its `cti-server-session-reset` observation, reason `idle timeout`), expected 4 intervals after
 * the last message it received. Runs are concurrent, each at its own moment. Prints p50 / p95
 * and writes reports/bench/cti-server-heartbeat.json. Figures only: nothing asserts a time.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, platform } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { AcdLab } from '../simulators/acd-cti/acd-lab.ts';
import { CtiServerClient } from '../simulators/cti-server/client/cti-server-client.ts';
import { ServiceMask } from '../simulators/cti-server/wire.ts';
import { acdNodesOf } from '../simulators/topology/acd-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { progressLogger, roundTo, runBenchMain, waitUntil } from './bench-support.ts';
import { type LatencySummary, percentile, summarizeLatency } from './csta-stats.ts';
import {
  type CtiHeartbeatBenchOptions,
  ctiHeartbeatBenchUsage,
  parseCtiHeartbeatBenchOptions,
} from './cti-server-bench-options.ts';
import { FreezingRelay } from './freezing-relay.ts';

const progress = progressLogger('cti-heartbeat');
const defaultOut = fileURLToPath(new URL('../reports/bench/cti-server-heartbeat.json', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

interface Run {
  clientID: string;
  /** ms after the session opened when the relay froze. */
  frozeAfterMs: number;
  /** Freeze -> the client reset its connection. */
  clientDetectedMs: number | null;
  /** Freeze -> the side reset the session for IdleTimeout. */
  serverDetectedMs: number | null;
}

async function main(argv: string[]): Promise<number> {
  let opts: CtiHeartbeatBenchOptions;
  try {
    opts = parseCtiHeartbeatBenchOptions(argv);
  } catch (err) {
    if (!(err instanceof BenchOptionError)) throw err;
    process.stderr.write(`bench:cti-heartbeat: ${err.message}\n${ctiHeartbeatBenchUsage}`);
    return 2;
  }
  const nodes = acdNodesOf(
    await loadTopology(fileURLToPath(new URL('../labs/acd-duplex.yaml', import.meta.url))),
  );
  const lab = new AcdLab({ nodes, sidePorts: { acd: { A: 0, B: 0 } } });
  await lab.start();
  const idleTimeoutSeconds = Math.max(20, Math.ceil((4 * opts.intervalMs) / 1000));
  // Session id -> ClientID (session-opened), and the side's idle-timeout resets by session id.
  const sessionClient = new Map<number, string>();
  const idleResetAt = new Map<string, number>();
  lab.observations.subscribe((o) => {
    if (o.kind !== 'state') return;
    const session = o.detail['session'] as number;
    if (o.topic === 'cti-server-session-opened') sessionClient.set(session, String(o.detail['clientID']));
    if (o.topic === 'cti-server-session-reset' && o.detail['reason'] === 'idle timeout') {
      const client = sessionClient.get(session);
      if (client !== undefined) idleResetAt.set(client, performance.now());
    }
  });
  const load = loadavg().map((v) => roundTo(v, 2));
  const relays: FreezingRelay[] = [];
  const clients: CtiServerClient[] = [];
  try {
    progress(
      `${opts.runs} sessions, heartbeat every ${opts.intervalMs} ms, IdleTimeout ${idleTimeoutSeconds} s; freezing each at a random moment`,
    );
    const runs = await Promise.all(
      Array.from({ length: opts.runs }, async (_, i): Promise<Run> => {
        const relay = new FreezingRelay(lab.pair('acd').endpoint('A'));
        relays.push(relay);
        const via = await relay.start();
        const clientID = `bench-${i + 1}`;
        const client = await CtiServerClient.connect({
          sides: [via],
          clientID,
          services: ServiceMask.ALL_EVENTS,
          heartbeatIntervalMs: opts.intervalMs,
          idleTimeoutSeconds,
          maxOpenAttempts: 1,
        });
        clients.push(client);
        const opened = performance.now();
        // At least one heartbeat confirmed, then a random phase within the next interval.
        const frozeAfterMs = opts.intervalMs * (1 + Math.random()) + 50;
        await sleep(opened + frozeAfterMs - performance.now());
        const frozeAt = relay.freeze();
        const limit = 6 * opts.intervalMs + idleTimeoutSeconds * 1000;
        await waitUntil(() => relay.clientResetAt !== undefined, limit);
        // The client, having reset, tries its only side again: stop it there.
        client.destroy();
        await waitUntil(() => idleResetAt.has(clientID), limit);
        const server = idleResetAt.get(clientID);
        return {
          clientID,
          frozeAfterMs: roundTo(frozeAfterMs, 1),
          clientDetectedMs:
            relay.clientResetAt === undefined ? null : roundTo(relay.clientResetAt - frozeAt, 1),
          serverDetectedMs: server === undefined ? null : roundTo(server - frozeAt, 1),
        };
      }),
    );
    const clientMs = runs.flatMap((r) => (r.clientDetectedMs === null ? [] : [r.clientDetectedMs]));
    const serverMs = runs.flatMap((r) => (r.serverDetectedMs === null ? [] : [r.serverDetectedMs]));
    const report = {
      benchmark: 'cti-server-heartbeat',
      date: new Date().toISOString(),
      node: process.version,
      platform: `${platform()} ${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      command:
        argv.length > 0 ? `npm run bench:cti-heartbeat -- ${argv.join(' ')}` : 'npm run bench:cti-heartbeat',
      setup: {
        process:
          'one process: the ACD lab (labs/acd-duplex.yaml, CTI Server sides on ephemeral ports), one TCP relay and one CtiServerClient per run; real clock, loopback',
        heartbeatIntervalMs: opts.intervalMs,
        idleTimeoutSeconds,
        runs: opts.runs,
        fault: 'the relay between client and side A stops passing bytes both ways; no FIN, no RST',
        expectedClientMs: [3 * opts.intervalMs, 4 * opts.intervalMs],
        loadAverageBefore: load,
      },
      figures: {
        client: withP95(clientMs),
        server: withP95(serverMs),
        undetected: runs.filter((r) => r.clientDetectedMs === null || r.serverDetectedMs === null).length,
      },
      runs,
    };
    const out = opts.out ?? defaultOut;
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
    const c = report.figures.client;
    const s = report.figures.server;
    process.stdout.write(
      [
        '',
        `Lost heartbeat detection: ${opts.runs} runs, heartbeat interval ${opts.intervalMs} ms, IdleTimeout ${idleTimeoutSeconds} s`,
        `  client resets (3 unconfirmed)  p50 ${c.p50Ms} ms  p95 ${c.p95Ms} ms  min ${c.minMs} ms  max ${c.maxMs} ms  (expected ${3 * opts.intervalMs}..${4 * opts.intervalMs})`,
        `  side resets (IdleTimeout)      p50 ${s.p50Ms} ms  p95 ${s.p95Ms} ms  min ${s.minMs} ms  max ${s.maxMs} ms`,
        `  undetected                     ${report.figures.undetected}`,
        '',
        `wrote ${out}`,
        '',
      ].join('\n'),
    );
    return report.figures.undetected === 0 ? 0 : 1;
  } finally {
    for (const c of clients) c.destroy();
    for (const r of relays) await r.stop();
    await lab.close();
  }
}

function withP95(samples: number[]): LatencySummary & { p95Ms: number; minMs: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { ...summarizeLatency(samples), p95Ms: percentile(sorted, 95), minMs: sorted[0] ?? Number.NaN };
}

void runBenchMain('bench:cti-heartbeat', main);
