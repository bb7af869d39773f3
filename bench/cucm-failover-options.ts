import { BenchArgs } from './bench-options.ts';
import { MAX_BENCH_DEVICES } from './cucm-failover-cluster.ts';

export const FAILOVER_VARIANTS = ['callmanager', 'node'] as const;
export type FailoverVariant = (typeof FAILOVER_VARIANTS)[number];

export interface FailoverBenchOptions {
  phones: number;
  routePoints: number;
  ctiPorts: number;
  /** Which failures to measure, in order: the CallManager service only, or the whole node. */
  variants: FailoverVariant[];
  /** Paced CSTA requests per second for the latency phase (0: no latency phase). */
  rate: number;
  /** Seconds of the latency phase. */
  seconds: number;
  /** Phones starting their registration at once before the failure. */
  concurrency: number;
  /** Real seconds a failover may take before the run counts it as incomplete. */
  timeoutSeconds: number;
  /** Where the JSON report goes (default reports/bench/cucm-failover.json under the repository). */
  out: string | undefined;
}

export const failoverBenchUsage = `usage: npm run bench:cucm-failover -- [--phones 1000] [--route-points 100]
  [--cti-ports 100] [--variants callmanager,node] [--rate 500] [--seconds 10] [--concurrency 200]
  [--timeout-seconds 120] [--out reports/bench/cucm-failover.json]
`;

/** Command-line options of bench/cucm-failover.ts; bad values throw {@link BenchOptionError}. */
export function parseFailoverBenchOptions(argv: readonly string[]): FailoverBenchOptions {
  const args = new BenchArgs(argv, {
    values: [
      'phones',
      'route-points',
      'cti-ports',
      'variants',
      'rate',
      'seconds',
      'concurrency',
      'timeout-seconds',
      'out',
    ],
  });
  return {
    phones: args.integer('phones', 1000, 1, MAX_BENCH_DEVICES),
    routePoints: args.integer('route-points', 100, 0, MAX_BENCH_DEVICES),
    ctiPorts: args.integer('cti-ports', 100, 0, MAX_BENCH_DEVICES),
    variants: args.listOf(
      'variants',
      'callmanager,node',
      FAILOVER_VARIANTS,
      'is neither callmanager nor node',
    ),
    rate: args.integer('rate', 500, 0, 100_000),
    seconds: args.integer('seconds', 10, 1, 3600),
    concurrency: args.integer('concurrency', 200, 1, 100_000),
    timeoutSeconds: args.integer('timeout-seconds', 120, 1, 3600),
    out: args.value('out'),
  };
}
