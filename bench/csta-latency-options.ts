import { BenchArgs } from './bench-options.ts';

export interface CstaBenchOptions {
  /** Target request rates, requests/second (open-loop). */
  rates: number[];
  /** Seconds of pacing per rate and of the events phase. */
  seconds: number;
  /** TR/87 sessions (TCP) the requests are spread over, round-robin. */
  sessions: number;
  /** Monitors (one session each) on the DN that gets the events. */
  monitors: number;
  /** Output JSON file; default reports/bench/csta-latency.json. */
  out: string | undefined;
  /** Folder for a V8 CPU profile of the CME child (`node --cpu-prof`), when given. */
  cmeCpuProf: string | undefined;
  /** Skip the events phase (profiling the request path alone). */
  noEvents: boolean;
  /**
   * Record where each request's time goes, in the CME and in the clients
   * (`simulators/lab/latency-probe.ts`): adds `probe` to each latency phase of the JSON.
   */
  probe: boolean;
}

export const cstaBenchUsage = `usage: node --import tsx bench/csta-latency.ts [--rates 100,1000] [--seconds 10] [--sessions 10] [--monitors 100] [--out file] [--cme-cpu-prof dir] [--no-events] [--probe]\n`;

/** Command-line options of bench/csta-latency.ts; throws {@link BenchOptionError} for bad input. */
export function parseCstaBenchOptions(argv: readonly string[]): CstaBenchOptions {
  const args = new BenchArgs(
    argv,
    {
      values: ['rates', 'seconds', 'sessions', 'monitors', 'out', 'cme-cpu-prof'],
      flags: ['no-events', 'probe'],
    },
    'bare',
  );
  return {
    rates: args.integers('rates', '100,1000', 1, 100_000),
    seconds: args.integer('seconds', 10, 1, 600),
    sessions: args.integer('sessions', 10, 1, 1000),
    monitors: args.integer('monitors', 100, 1, 5000),
    out: args.value('out'),
    cmeCpuProf: args.value('cme-cpu-prof'),
    noEvents: args.flag('no-events'),
    probe: args.flag('probe'),
  };
}
