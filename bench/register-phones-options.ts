import { BenchOptionError } from './bench-option-error.ts';
import { BenchArgs } from './bench-options.ts';
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
  /**
   * `--warmup W`: W registrations in the same two processes before each measured round: the first
   * W phones register and unregister once, or, for W beyond N, rounds of all N until W are done
   * (`ctilab phones --warmup`; default 0: a cold round, both processes just started).
   */
  warmup: number;
  /**
   * `--phone-processes P`: the N phones split over P `ctilab phones` processes (default 1). One
   * phones process costs more CPU per registration than the CME (issue 13: 0.17-0.22 against
   * 0.10-0.15 ms), so with one the rate is the phones process's ceiling, not the CME's. Each
   * process runs its own --warmup W (the CME then sees P x W warm-up registrations).
   */
  phoneProcesses: number;
  /** Where the JSON report goes (default reports/bench/register-phones.json under the repository). */
  out: string | undefined;
  /** With `--cpu-prof <dir>`: both children run with `node --cpu-prof` writing their profiles there. */
  cpuProfDir: string | undefined;
  /**
   * With `--node-flags "<flags>"`: node / V8 flags (space-separated, each starting with `--`) both
   * children run with, to weigh a flag's cost against the same run without it.
   */
  nodeFlags: string[];
}

export const registerBenchUsage = `usage: npm run bench:register -- [--counts 1000,10000] [--keepalive-seconds 30]
  [--hold-seconds 35] [--concurrency 200] [--warmup 0] [--phone-processes 1] [--out reports/bench/register-phones.json]
  [--cpu-prof <dir>]   (the CME and phones children write V8 CPU profiles into <dir>)
  [--node-flags "<--flag ...>"]   (node / V8 flags for both children, e.g. "--max-semi-space-size=32")
`;

/** Command-line options of bench/register-phones.ts; bad values throw {@link BenchOptionError}. */
export function parseRegisterBenchOptions(argv: readonly string[]): RegisterBenchOptions {
  const args = new BenchArgs(argv, {
    values: [
      'counts',
      'keepalive-seconds',
      'hold-seconds',
      'concurrency',
      'warmup',
      'phone-processes',
      'out',
      'cpu-prof',
      'node-flags',
    ],
  });
  const opts: RegisterBenchOptions = {
    counts: args.integers('counts', '1000,10000', 1, maxBenchEphones),
    // Cisco CME command reference: telephony-service keepalive 10..65535 seconds.
    keepaliveSeconds: args.integer('keepalive-seconds', 30, 10, 65535),
    holdSeconds: args.integer('hold-seconds', 35, 0, 3600),
    concurrency: args.integer('concurrency', 200, 1, 100_000),
    warmup: args.integer('warmup', 0, 0, 1_000_000),
    phoneProcesses: args.integer('phone-processes', 1, 1, 16),
    out: args.value('out'),
    cpuProfDir: args.value('cpu-prof'),
    nodeFlags: nodeFlagsOf(args.value('node-flags')),
  };
  const fewest = Math.min(...opts.counts);
  if (opts.phoneProcesses > fewest)
    throw new BenchOptionError(
      '--phone-processes',
      `${opts.phoneProcesses} processes cannot share N = ${fewest} phones (at least one phone each)`,
    );
  return opts;
}

function nodeFlagsOf(text: string | undefined): string[] {
  const flags = (text ?? '').split(/\s+/).filter((f) => f !== '');
  const bad = flags.find((f) => !/^--[a-z0-9][a-z0-9_=.,:/-]*$/i.test(f));
  if (bad !== undefined) throw new BenchOptionError('--node-flags', `'${bad}' is not a --flag`);
  return flags;
}
