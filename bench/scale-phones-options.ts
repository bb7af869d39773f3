import { BenchOptionError } from './bench-option-error.ts';
import { BenchArgs } from './bench-options.ts';
import { maxBenchEphones } from './generate-cme-config.ts';
import { maxBenchCucmNodes, maxBenchCucmPhones, nodeShares } from './generate-cucm-topology.ts';
import { contiguousBlocks } from './register-phones-split.ts';

export const SCALE_TARGETS = ['cme', 'cucm'] as const;

export interface ScaleBenchOptions {
  /** What the phones register with: one CME, or a CUCM cluster with one process per CallManager node. */
  target: (typeof SCALE_TARGETS)[number];
  /** Phones in all (default 30,000 on cucm, 10,000 on cme). */
  phones: number;
  /** CallManager nodes of the generated cluster (cucm; default 3); 1 for a CME. */
  nodes: number;
  /** Phones processes (default: one per node on cucm; ceil(phones / 10,000) on cme). */
  phoneProcesses: number;
  /** Keepalive interval (cme: telephony-service keepalive; cucm: its fixed 30 s). */
  keepaliveSeconds: number;
  /** Real seconds to keep the phones registered after registration (default 35). */
  holdSeconds: number;
  /** Registrations in flight at once in each phones process (default 200). */
  concurrency: number;
  /** `node --cpu-prof --cpu-prof-dir <dir>` on every child (profiles written when each exits). */
  cpuProfDir: string | undefined;
  /** Where the JSON report goes (default reports/bench/scale-<target>.json under the repository). */
  out: string | undefined;
}

/** One phones process: its MAC range (0-based index of its first phone, count) and its call managers. */
export interface PhonesProcessPlan {
  first: number;
  count: number;
  /** Node names, primary first (the CME is node `cme`). */
  targets: string[];
}

export const scaleBenchUsage = `usage: npm run bench:scale -- [--target cucm|cme] [--phones N] [--nodes K]
  [--phone-processes P] [--keepalive-seconds 30] [--hold-seconds 35] [--concurrency 200]
  [--cpu-prof <dir>] [--out reports/bench/scale-<target>.json]
  cucm: N phones (default 30,000) on a generated cluster of K CallManager nodes (default 3), each
        node in its own \`ctilab serve cucm --node\` process, P phones processes (a multiple of K;
        default K); the CUCM keepalive is 30 s.
  cme:  N phones (1..${maxBenchEphones}, default 10,000) on one CME process, P phones processes.
`;

/** The CUCM's Station KeepAlive Interval as the lab models it (simulators/cucm/cluster-station-config.ts). */
export const cucmKeepaliveSeconds = 30;

/** Command-line options of bench/scale-phones.ts; bad values throw {@link BenchOptionError}. */
export function parseScaleBenchOptions(argv: readonly string[]): ScaleBenchOptions {
  const args = new BenchArgs(argv, {
    values: [
      'target',
      'phones',
      'nodes',
      'phone-processes',
      'keepalive-seconds',
      'hold-seconds',
      'concurrency',
      'cpu-prof',
      'out',
    ],
  });
  const target = args.oneOf('target', 'cucm', SCALE_TARGETS, 'is not cme or cucm');
  const cme = target === 'cme';
  if (cme && args.value('nodes') !== undefined)
    args.refuse('nodes', 'a CME is one node (--nodes is for --target cucm)');
  if (!cme && args.value('keepalive-seconds') !== undefined)
    args.refuse('keepalive-seconds', `the CUCM keepalive is fixed at ${cucmKeepaliveSeconds} s`);
  const nodes = cme ? 1 : args.integer('nodes', 3, 1, maxBenchCucmNodes);
  const phones = cme
    ? args.integer('phones', 10_000, 1, maxBenchEphones)
    : args.integer('phones', 30_000, nodes, maxBenchCucmPhones);
  const phoneProcesses = args.integer('phone-processes', cme ? Math.ceil(phones / 10_000) : nodes, 1, phones);
  if (phoneProcesses % nodes !== 0)
    args.refuse('phone-processes', `${phoneProcesses} is not a multiple of the ${nodes} nodes`);
  return {
    target,
    phones,
    nodes,
    phoneProcesses,
    // Cisco CME command reference: telephony-service keepalive 10..65535 seconds.
    keepaliveSeconds: cme ? args.integer('keepalive-seconds', 30, 10, 65535) : cucmKeepaliveSeconds,
    holdSeconds: args.integer('hold-seconds', 35, 0, 3600),
    concurrency: args.integer('concurrency', 200, 1, 100_000),
    cpuProfDir: args.value('cpu-prof'),
    out: args.value('out'),
  };
}

/**
 * The phones processes of a run: each node's block of phones (nodeShares; the CME is one block)
 * cut into `processes / nodes` contiguous parts, each part registering with its block's CM group.
 */
export function phonesProcessPlan(
  opts: Pick<ScaleBenchOptions, 'target' | 'phones' | 'nodes' | 'phoneProcesses'>,
): PhonesProcessPlan[] {
  const blocks =
    opts.target === 'cme'
      ? [{ first: 0, count: opts.phones, cmGroup: ['cme'] }]
      : nodeShares(opts.nodes, opts.phones);
  const per = opts.phoneProcesses / blocks.length;
  const plan: PhonesProcessPlan[] = [];
  for (const b of blocks) {
    for (const part of contiguousBlocks(b.first, b.count, per))
      if (part.count > 0) plan.push({ ...part, targets: [...b.cmGroup] });
  }
  return plan;
}

/**
 * Refuses a plan in which one process would hold more TCP connections than it may open files
 * (`fdLimit`, the soft RLIMIT_NOFILE the children inherit, less `reserve` for everything else).
 */
export function checkDescriptors(
  perProcess: ReadonlyArray<{ what: string; connections: number }>,
  fdLimit: number,
  reserve = 200,
): void {
  for (const p of perProcess)
    if (p.connections > fdLimit - reserve)
      throw new BenchOptionError(
        p.what,
        `${p.connections} connections in one process exceed the open-file limit ${fdLimit} (ulimit -n) less ${reserve}`,
      );
}
