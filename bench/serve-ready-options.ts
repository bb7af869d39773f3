import { BenchArgs } from './bench-options.ts';
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

/** Command-line options of bench/serve-ready.ts; bad values throw {@link BenchOptionError}. */
export function parseServeReadyOptions(argv: readonly string[]): ServeReadyOptions {
  const args = new BenchArgs(argv, { values: ['rounds', 'nodes', 'modes', 'out'] });
  return {
    rounds: args.integerIn('rounds', 10, 1, 1000),
    nodes: args.listOf('nodes', SERVE_NODES.join(','), SERVE_NODES),
    modes: args.listOf('modes', 'default', SERVE_MODES),
    out: args.value('out'),
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
