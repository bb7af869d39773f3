import { BenchArgs } from './bench-options.ts';

export const SIPP_CSTA_ORDERS = ['sipp-first', 'ctilab-first'] as const;
export type SippCstaOrder = (typeof SIPP_CSTA_ORDERS)[number];

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
  const args = new BenchArgs(
    argv,
    {
      values: [
        'rate',
        'seconds',
        'hold-ms',
        'answer-after-ms',
        'pairs',
        'warm-up-seconds',
        'order',
        'scenario',
        'out',
      ],
    },
    'bare',
  );
  const rate = args.integer('rate', 10, 1, 500);
  const holdMs = args.integer('hold-ms', 1000, 0, 60_000);
  const answerAfterMs = args.integer('answer-after-ms', 100, 0, 60_000);
  const needed = pairsFor(rate, holdMs);
  const pairs = args.integer('pairs', needed, 1, 5000);
  if (pairs < needed)
    args.refuse(
      'pairs',
      `${pairs} pairs at ${rate} calls/s held ${holdMs} ms: a pair would be called again before its last call ended (at least ${needed})`,
    );
  if (2 * pairs > 10_000) args.refuse('pairs', `${pairs} pairs need more than 10,000 phones`);
  const order = args.oneOf('order', 'sipp-first', SIPP_CSTA_ORDERS, 'is not sipp-first or ctilab-first');
  if (answerAfterMs >= holdMs && holdMs > 0)
    args.refuse(
      'answer-after-ms',
      `${answerAfterMs} ms is not shorter than --hold-ms ${holdMs}: the calls would be cleared before they are answered`,
    );
  return {
    rate,
    seconds: args.integer('seconds', 20, 1, 3600),
    holdMs,
    answerAfterMs,
    pairs,
    warmUpSeconds: args.integer('warm-up-seconds', 5, 0, 60),
    order,
    scenario: args.value('scenario'),
    out: args.value('out'),
  };
}
