import { parseArgs } from 'node:util';
import { BenchOptionError } from './bench-option-error.ts';
import { MAX_BENCH_DEVICES } from './cucm-failover-cluster.ts';

export type FailoverVariant = 'callmanager' | 'node';

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
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        phones: { type: 'string' },
        'route-points': { type: 'string' },
        'cti-ports': { type: 'string' },
        variants: { type: 'string' },
        rate: { type: 'string' },
        seconds: { type: 'string' },
        concurrency: { type: 'string' },
        'timeout-seconds': { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new BenchOptionError('arguments', (err as Error).message);
  }
  const variants = (values.variants ?? 'callmanager,node').split(',').map((v) => {
    const t = v.trim();
    if (t !== 'callmanager' && t !== 'node')
      throw new BenchOptionError('--variants', `'${t}' is neither callmanager nor node`);
    return t as FailoverVariant;
  });
  return {
    phones: integer('--phones', values.phones ?? '1000', 1, MAX_BENCH_DEVICES),
    routePoints: integer('--route-points', values['route-points'] ?? '100', 0, MAX_BENCH_DEVICES),
    ctiPorts: integer('--cti-ports', values['cti-ports'] ?? '100', 0, MAX_BENCH_DEVICES),
    variants,
    rate: integer('--rate', values.rate ?? '500', 0, 100_000),
    seconds: integer('--seconds', values.seconds ?? '10', 1, 3600),
    concurrency: integer('--concurrency', values.concurrency ?? '200', 1, 100_000),
    timeoutSeconds: integer('--timeout-seconds', values['timeout-seconds'] ?? '120', 1, 3600),
    out: values.out,
  };
}

function integer(option: string, text: string, min: number, max: number): number {
  if (!/^\d{1,9}$/.test(text)) throw new BenchOptionError(option, `'${text}' is not a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw new BenchOptionError(option, `${n} is outside ${min}..${max}`);
  return n;
}
