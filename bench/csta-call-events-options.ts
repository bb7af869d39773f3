import { parseArgs } from 'node:util';
import { BenchOptionError } from './bench-option-error.ts';

export interface CallEventsBenchOptions {
  /** Call rates to run, calls/second (open loop), each for `seconds`. */
  rates: number[];
  /** Seconds of calls per rate. */
  seconds: number;
  /** Monitored devices: phoneless `cti watch` DNs, each with one device monitor; an even number. */
  devices: number;
  /** Seconds a call stays connected before the caller clears it. */
  holdSeconds: number;
  /** Seconds after the traffic a late event may still arrive (then it counts as lost). */
  drainSeconds: number;
  /** Output JSON file; default reports/bench/csta-call-events.json. */
  out: string | undefined;
  /**
   * process (default): the CME is a `ctilab serve cme --call-events --console` child, the clients
   * and the ledger are in the bench process; embedded: all in the bench process.
   */
  runtime: 'embedded' | 'process';
  /** Process runtime: the CME child runs under `node --cpu-prof` and writes its profile here. */
  cpuProfDir: string | undefined;
}

export const callEventsBenchUsage =
  'usage: node --import tsx bench/csta-call-events.ts [--rates 100,250,500] [--seconds 10] [--devices 2000]\n' +
  '       [--hold-seconds 1] [--drain-seconds 10] [--runtime process|embedded] [--cpu-prof-dir dir] [--out file]\n';

/** Command-line options of bench/csta-call-events.ts; throws {@link BenchOptionError} for bad input. */
export function parseCallEventsBenchOptions(argv: readonly string[]): CallEventsBenchOptions {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        rates: { type: 'string' },
        seconds: { type: 'string' },
        devices: { type: 'string' },
        'hold-seconds': { type: 'string' },
        'drain-seconds': { type: 'string' },
        out: { type: 'string' },
        runtime: { type: 'string' },
        'cpu-prof-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | undefined>;
  } catch (e) {
    throw new BenchOptionError('argv', (e as Error).message);
  }
  const rates = (values.rates ?? '100,250,500').split(',').map((r) => num('rates', r, 1, 5000));
  const devices = int('devices', values.devices ?? '2000', 2, 10_000);
  if (devices % 2 !== 0) throw new BenchOptionError('devices', `${devices} is odd: calls need device pairs`);
  const runtime = values.runtime ?? 'process';
  if (runtime !== 'process' && runtime !== 'embedded')
    throw new BenchOptionError('runtime', `'${runtime}' is not process or embedded`);
  if (values['cpu-prof-dir'] !== undefined && runtime !== 'process')
    throw new BenchOptionError('cpu-prof-dir', 'profiles the CME child: --runtime process only');
  return {
    rates,
    seconds: int('seconds', values.seconds ?? '10', 1, 600),
    devices,
    holdSeconds: num('hold-seconds', values['hold-seconds'] ?? '1', 0.01, 60),
    drainSeconds: num('drain-seconds', values['drain-seconds'] ?? '10', 0, 120),
    out: values.out,
    runtime,
    cpuProfDir: values['cpu-prof-dir'],
  };
}

function int(option: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new BenchOptionError(option, `'${text}' is not a whole number`);
  return inRange(option, Number(text.trim()), min, max);
}

function num(option: string, text: string, min: number, max: number): number {
  if (!/^\d+(\.\d+)?$/.test(text.trim())) throw new BenchOptionError(option, `'${text}' is not a number`);
  return inRange(option, Number(text.trim()), min, max);
}

function inRange(option: string, n: number, min: number, max: number): number {
  if (n < min || n > max) throw new BenchOptionError(option, `${n} is not in ${min}..${max}`);
  return n;
}
