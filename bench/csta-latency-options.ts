import { parseArgs } from 'node:util';
import { BenchOptionError } from './bench-option-error.ts';

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
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        rates: { type: 'string' },
        seconds: { type: 'string' },
        sessions: { type: 'string' },
        monitors: { type: 'string' },
        out: { type: 'string' },
        'cme-cpu-prof': { type: 'string' },
        'no-events': { type: 'boolean' },
        probe: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | undefined>;
  } catch (e) {
    throw new BenchOptionError('argv', (e as Error).message);
  }
  const rates = (values.rates ?? '100,1000').split(',').map((r) => int('rates', r, 1, 100_000));
  return {
    rates,
    seconds: int('seconds', values.seconds ?? '10', 1, 600),
    sessions: int('sessions', values.sessions ?? '10', 1, 1000),
    monitors: int('monitors', values.monitors ?? '100', 1, 5000),
    out: values.out,
    cmeCpuProf: values['cme-cpu-prof'],
    noEvents: (values['no-events'] as unknown) === true,
    probe: (values.probe as unknown) === true,
  };
}

function int(option: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new BenchOptionError(option, `'${text}' is not a whole number`);
  const n = Number(text.trim());
  if (n < min || n > max) throw new BenchOptionError(option, `${n} is not in ${min}..${max}`);
  return n;
}
