import { parseArgs } from 'node:util';
import { BenchOptionError } from './bench-option-error.ts';

export type SippCstaOrder = 'sipp-first' | 'ctilab-first';

export interface SippCstaOptions {
  /** MakeCalls (TR/87 sessions) per second, the same for SIPp and for our client. */
  rate: number;
  /** Seconds of calls per side: each side makes rate x seconds calls. */
  seconds: number;
  /** MakeCall answered -> ClearConnection sent, ms. */
  holdMs: number;
  /** The called phone answers this long after it rings, ms. */
  answerAfterMs: number;
  /** Caller/callee phone pairs; default: enough that a pair is free again before its next call. */
  pairs: number;
  /** Seconds of our client's calls at `rate` before the first side, not counted (warm-up). */
  warmUpSeconds: number;
  /** Which side runs first (the other follows on the same lab after a settling pause). */
  order: SippCstaOrder;
  /** The SIPp scenario; default conformance/sipp/csta-make-call-load.xml. */
  scenario: string | undefined;
  /** Output JSON file (the .md and .html beside it); default reports/bench/sipp-csta.json. */
  out: string | undefined;
}

export const sippCstaUsage =
  'usage: npm run bench:sipp-csta -- [--rate 10] [--seconds 20] [--hold-ms 1000] [--answer-after-ms 100] [--pairs N] [--warm-up-seconds 5] [--order sipp-first|ctilab-first] [--scenario file.xml] [--out file.json]\n';

/**
 * Pairs needed at `rate` calls/s when a call lasts `holdMs` plus its set-up and clearing: a pair's
 * next call comes `pairs / rate` s after its last one, which must have ended (2 s of margin).
 */
export function pairsFor(rate: number, holdMs: number): number {
  return Math.max(2, Math.ceil(rate * (holdMs / 1000 + 2)));
}

/** Command-line options of bench/sipp-csta.ts; throws {@link BenchOptionError} for bad input. */
export function parseSippCstaOptions(argv: readonly string[]): SippCstaOptions {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        rate: { type: 'string' },
        seconds: { type: 'string' },
        'hold-ms': { type: 'string' },
        'answer-after-ms': { type: 'string' },
        pairs: { type: 'string' },
        'warm-up-seconds': { type: 'string' },
        order: { type: 'string' },
        scenario: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values as Record<string, string | undefined>;
  } catch (e) {
    throw new BenchOptionError('argv', (e as Error).message);
  }
  const rate = int('rate', values.rate ?? '10', 1, 500);
  const holdMs = int('hold-ms', values['hold-ms'] ?? '1000', 0, 60_000);
  const answerAfterMs = int('answer-after-ms', values['answer-after-ms'] ?? '100', 0, 60_000);
  const needed = pairsFor(rate, holdMs);
  const pairs = values.pairs === undefined ? needed : int('pairs', values.pairs, 1, 5000);
  if (pairs < needed)
    throw new BenchOptionError(
      'pairs',
      `${pairs} pairs at ${rate} calls/s held ${holdMs} ms: a pair would be called again before its last call ended (at least ${needed})`,
    );
  if (2 * pairs > 10_000) throw new BenchOptionError('pairs', `${pairs} pairs need more than 10,000 phones`);
  const order = values.order ?? 'sipp-first';
  if (order !== 'sipp-first' && order !== 'ctilab-first')
    throw new BenchOptionError('order', `'${order}' is not sipp-first or ctilab-first`);
  if (answerAfterMs >= holdMs && holdMs > 0)
    throw new BenchOptionError(
      'answer-after-ms',
      `${answerAfterMs} ms is not shorter than --hold-ms ${holdMs}: the calls would be cleared before they are answered`,
    );
  return {
    rate,
    seconds: int('seconds', values.seconds ?? '20', 1, 3600),
    holdMs,
    answerAfterMs,
    pairs,
    warmUpSeconds: int('warm-up-seconds', values['warm-up-seconds'] ?? '5', 0, 60),
    order,
    scenario: values.scenario,
    out: values.out,
  };
}

function int(option: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new BenchOptionError(option, `'${text}' is not a whole number`);
  const n = Number(text.trim());
  if (n < min || n > max) throw new BenchOptionError(option, `${n} is not in ${min}..${max}`);
  return n;
}
