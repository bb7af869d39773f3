// Command-line options of the CTI Server benchmarks (issue 11 figures): bench/cti-server-events.ts
// and bench/cti-server-heartbeat.ts. Bad values throw BenchOptionError naming the option.
import { BenchArgs } from './bench-options.ts';

export interface CtiEventsBenchOptions {
  /** Agents of the peripheral, logged in and ready (default 500). */
  agents: number;
  /** Calls in progress at once: each caller calls 8000 again as soon as its call ends (default 250). */
  concurrency: number;
  /** How long an agent talks on each call, ms (default 1000). */
  talkMs: number;
  /** Seconds of measurement after the warm-up (default 10). */
  seconds: number;
  /** Seconds of traffic before the measurement (default 2). */
  warmupSeconds: number;
  out: string | undefined;
}

export interface CtiHeartbeatBenchOptions {
  /** The client's heartbeat interval, ms (default 5000: the guide's minimum for a CTI Bridge). */
  intervalMs: number;
  /** Sessions whose side goes silent, each at its own random moment (default 20). */
  runs: number;
  out: string | undefined;
}

export const ctiEventsBenchUsage = `usage: npm run bench:cti-events -- [--agents 500] [--concurrency 250] [--talk-ms 1000]
  [--seconds 10] [--warmup-seconds 2] [--out reports/bench/cti-server-events.json]
`;

export const ctiHeartbeatBenchUsage = `usage: npm run bench:cti-heartbeat -- [--interval-ms 5000] [--runs 20]
  [--out reports/bench/cti-server-heartbeat.json]
`;

/** Agent IDs 5001.. and extensions 3001..: the sales peripheral has room for this many. */
export const MAX_BENCH_AGENTS = 1999;

export function parseCtiEventsBenchOptions(argv: readonly string[]): CtiEventsBenchOptions {
  const args = new BenchArgs(argv, {
    values: ['agents', 'concurrency', 'talk-ms', 'seconds', 'warmup-seconds', 'out'],
  });
  const agents = args.integer('agents', 500, 2, MAX_BENCH_AGENTS);
  return {
    agents,
    concurrency: args.integer('concurrency', Math.ceil(agents / 2), 1, agents),
    talkMs: args.integer('talk-ms', 1000, 0, 600_000),
    seconds: args.integer('seconds', 10, 1, 3600),
    warmupSeconds: args.integer('warmup-seconds', 2, 0, 600),
    out: args.value('out'),
  };
}

export function parseCtiHeartbeatBenchOptions(argv: readonly string[]): CtiHeartbeatBenchOptions {
  const args = new BenchArgs(argv, { values: ['interval-ms', 'runs', 'out'] });
  return {
    intervalMs: args.integer('interval-ms', 5000, 100, 600_000),
    runs: args.integer('runs', 20, 1, 1000),
    out: args.value('out'),
  };
}
