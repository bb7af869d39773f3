import { parseArgs } from 'node:util';
import { BenchOptionError } from './bench-option-error.ts';
import { maxBenchEphones } from './generate-cme-config.ts';

export interface RegisterBenchOptions {
  /** Phone counts to run, in order (default 1,000 and 10,000). */
  counts: number[];
  /** telephony-service keepalive written into the generated config (default 30 s). */
  keepaliveSeconds: number;
  /** Real seconds to keep the phones registered after registration (default 35). */
  holdSeconds: number;
  /** Registrations in flight at once in the phones process (default 200). */
  concurrency: number;
  /** Where the JSON report goes (default reports/bench/register-phones.json under the repository). */
  out: string | undefined;
}

export const registerBenchUsage = `usage: npm run bench:register -- [--counts 1000,10000] [--keepalive-seconds 30]
  [--hold-seconds 35] [--concurrency 200] [--out reports/bench/register-phones.json]
`;

/** Command-line options of bench/register-phones.ts; bad values throw {@link BenchOptionError}. */
export function parseRegisterBenchOptions(argv: readonly string[]): RegisterBenchOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        counts: { type: 'string' },
        'keepalive-seconds': { type: 'string' },
        'hold-seconds': { type: 'string' },
        concurrency: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new BenchOptionError('arguments', (err as Error).message);
  }
  const counts = (values.counts ?? '1000,10000')
    .split(',')
    .map((c) => integer('--counts', c.trim(), 1, maxBenchEphones));
  return {
    counts,
    // Cisco CME command reference: telephony-service keepalive 10..65535 seconds.
    keepaliveSeconds: integer('--keepalive-seconds', values['keepalive-seconds'] ?? '30', 10, 65535),
    holdSeconds: integer('--hold-seconds', values['hold-seconds'] ?? '35', 0, 3600),
    concurrency: integer('--concurrency', values.concurrency ?? '200', 1, 100_000),
    out: values.out,
  };
}

function integer(option: string, text: string, min: number, max: number): number {
  if (!/^\d{1,9}$/.test(text)) throw new BenchOptionError(option, `'${text}' is not a whole number`);
  const n = Number(text);
  if (n < min || n > max) throw new BenchOptionError(option, `${n} is outside ${min}..${max}`);
  return n;
}
