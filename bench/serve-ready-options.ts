import { parseArgs } from 'node:util';
import { BenchOptionError } from './bench-option-error.ts';
import { roundTo } from './bench-support.ts';
import { percentile } from './csta-stats.ts';

/** The nodes `ctilab serve` can start, each with the shipped lab it is measured on. */
export const SERVE_NODES = ['cme', 'cucm', 'acd'] as const;
export type ServeNode = (typeof SERVE_NODES)[number];

/** How bin/ctilab.js runs: its choice (the compiled build when fresh), or the sources on tsx. */
export const SERVE_MODES = ['default', 'tsx'] as const;
export type ServeMode = (typeof SERVE_MODES)[number];

export interface ServeReadyOptions {
  /** Starts per node and mode (default 10). */
  rounds: number;
  nodes: ServeNode[];
  modes: ServeMode[];
  out: string | undefined;
}

export const serveReadyUsage = `usage: npm run bench:serve-ready -- [--rounds 10] [--nodes cme,cucm,acd] [--modes default,tsx]
  [--out reports/bench/serve-ready.json]
`;

/** `ctilab` arguments that serve `node` on ephemeral ports only (the shipped labs). */
export function serveArgs(node: ServeNode): string[] {
  switch (node) {
    case 'cme':
      return ['serve', 'cme', '--config', 'labs/cme-moc.cfg', '--sccp-port', '0', '--sip-port', '0'];
    case 'cucm':
      return [
        'serve',
        'cucm',
        '--topology',
        'labs/cucm-cluster.yaml',
        ...['--port', 'cucm-pub=0', '--port', 'cucm-sub1=0', '--port', 'cucm-imp=0'],
      ];
    case 'acd':
      return [
        'serve',
        'acd',
        '--topology',
        'labs/acd-duplex.yaml',
        ...['--port', 'sccp=0', '--port', 'acd:A=0', '--port', 'acd:B=0'],
      ];
  }
}

function listOf<T extends string>(name: string, text: string, allowed: readonly T[]): T[] {
  const items = text.split(',');
  for (const item of items)
    if (!(allowed as readonly string[]).includes(item))
      throw new BenchOptionError(name, `'${item}' is not one of ${allowed.join(', ')}`);
  return items as T[];
}

/** Command-line options of bench/serve-ready.ts; bad values throw {@link BenchOptionError}. */
export function parseServeReadyOptions(argv: readonly string[]): ServeReadyOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        rounds: { type: 'string' },
        nodes: { type: 'string' },
        modes: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new BenchOptionError('arguments', (err as Error).message);
  }
  const rounds = values.rounds === undefined ? 10 : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1000 || !/^\d+$/.test(values.rounds ?? '10'))
    throw new BenchOptionError('--rounds', `'${values.rounds}' is not an integer in 1..1000`);
  return {
    rounds,
    nodes: listOf('--nodes', values.nodes ?? SERVE_NODES.join(','), SERVE_NODES),
    modes: listOf('--modes', values.modes ?? 'default', SERVE_MODES),
    out: values.out,
  };
}

export interface ServeReadyResult {
  node: ServeNode;
  mode: ServeMode;
  /** What ran: the compiled build or the sources on tsx. */
  runsOn: 'build' | 'tsx';
  samplesMs: number[];
  minMs: number;
  p50Ms: number;
  p90Ms: number;
  maxMs: number;
}

/** One row of the report: the samples in start order and their nearest-rank percentiles. */
export function summarize(node: ServeNode, mode: ServeMode, runsOn: 'build' | 'tsx', samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    node,
    mode,
    runsOn,
    samplesMs: samples.map((s) => roundTo(s, 1)),
    minMs: roundTo(sorted[0]!, 1),
    p50Ms: roundTo(percentile(sorted, 50), 1),
    p90Ms: roundTo(percentile(sorted, 90), 1),
    maxMs: roundTo(sorted[sorted.length - 1]!, 1),
  } satisfies ServeReadyResult;
}
