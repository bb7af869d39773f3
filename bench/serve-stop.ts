/**
 * `ctilab serve` stop time after SIGTERM, the loop that found the `serve acd` exit hang
 * (simulators/lab/socket-reset.ts): `npm run bench:serve-stop -- [--cycles 30]
 * [--nodes acd,cucm,cme] [--out reports/bench/serve-stop.json]`. Each cycle starts `ctilab serve
 * <node> --console --dashboard` (the shipped lab, ephemeral ports), asks the dashboard for its
 * state (undici keeps that HTTP connection alive), makes the node do something (acd: a CTI Bridge
 * opens, `fail-side acd A` moves it to side B, the bridge then drops its connection; cucm:
 * `stop-service cucm-sub1 ctimanager`; cme: nothing more), then sends SIGTERM and measures until
 * the exit; a child not gone 5 s after SIGTERM is killed (SIGKILL) and counted. Prints
 * p50/max and the killed count per node and writes the JSON. Figures only: nothing here asserts
 * a duration.
 */
import { fileURLToPath } from 'node:url';
import { CtiServerClient } from '../simulators/cti-server/client/cti-server-client.ts';
import { ServiceMask } from '../simulators/cti-server/wire.ts';
import { CtilabChild } from '../simulators/runtime/ctilab-child.ts';
import { benchMachine } from './bench-figures.ts';
import { BenchArgs } from './bench-options.ts';
import { progressLogger, roundTo, runBenchMain, writeJsonReport } from './bench-support.ts';
import { percentile } from './csta-stats.ts';
import { SERVE_NODES, type ServeNode, serveArgs } from './serve-ready-options.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const defaultOut = fileURLToPath(new URL('../reports/bench/serve-stop.json', import.meta.url));
const progress = progressLogger('serve-stop');
/** The bound bin/serve-dashboard.test.ts gives a stop before SIGKILL. */
const GRACE_MS = 5_000;

/** One cycle: start, use, SIGTERM; the ms from SIGTERM to the exit and whether it had to be killed. */
async function cycle(node: ServeNode): Promise<{ ms: number; killed: boolean; code: number | null }> {
  const child = new CtilabChild(`serve ${node}`, [...serveArgs(node), '--console', '--dashboard'], {
    stdin: true,
    cwd: root,
  });
  let bridge: CtiServerClient | undefined;
  try {
    const ready = (await child.waitForLine((v) => typeof v.endpoints === 'object', 60_000, 'ready line'))
      .value as {
      dashboard: string;
      endpoints: {
        nodes?: Record<string, { A: { host: string; port: number }; B: { host: string; port: number } }>;
      };
    };
    const state = async () => (await fetch(new URL('/api/state', ready.dashboard))).json();
    await state();
    const ask = async (line: string) => {
      const from = child.lines.length;
      child.send(line);
      await child.waitForLine((v) => typeof v.console === 'object', 10_000, line, from);
    };
    if (node === 'acd') {
      const sides = ready.endpoints.nodes?.['acd'];
      if (sides === undefined) throw new Error('serve acd: no node acd in the ready line');
      bridge = await CtiServerClient.connect({
        sides: [sides.A, sides.B],
        clientID: 'bridge',
        password: '',
        services: ServiceMask.ALL_EVENTS,
      });
      await ask('fail-side acd A');
    }
    if (node === 'cucm') await ask('stop-service cucm-sub1 ctimanager');
    await state();
  } finally {
    bridge?.destroy();
  }
  const started = performance.now();
  const exit = await child.stop(GRACE_MS);
  return { ms: performance.now() - started, killed: exit.killed, code: exit.code };
}

async function main(argv: string[]): Promise<number> {
  const args = new BenchArgs(argv, { values: ['cycles', 'nodes', 'out'] });
  const cycles = args.integerIn('cycles', 30, 1, 1000);
  const nodes = args.listOf('nodes', 'acd', SERVE_NODES);
  const out = args.value('out') ?? defaultOut;
  const results = [];
  for (const node of nodes) {
    const ms: number[] = [];
    let killed = 0;
    let nonZero = 0;
    for (let i = 0; i < cycles; i++) {
      const r = await cycle(node);
      ms.push(r.ms);
      if (r.killed) killed++;
      else if (r.code !== 0) nonZero++;
      if (r.killed) progress(`${node} cycle ${i + 1}: not gone ${GRACE_MS} ms after SIGTERM, killed`);
    }
    ms.sort((a, b) => a - b);
    const figures = {
      node,
      cycles,
      killed,
      nonZeroExit: nonZero,
      p50Ms: roundTo(percentile(ms, 50), 1),
      maxMs: roundTo(ms.at(-1) ?? 0, 1),
    };
    process.stdout.write(
      `serve ${node}: ${cycles} stops, ${killed} killed after ${GRACE_MS} ms, ${nonZero} non-zero exits; SIGTERM -> exit p50 ${figures.p50Ms} ms, max ${figures.maxMs} ms\n`,
    );
    results.push(figures);
  }
  await writeJsonReport(out, { bench: 'serve-stop', machine: benchMachine(), graceMs: GRACE_MS, results });
  process.stdout.write(`wrote ${out}\n`);
  return 0;
}

await runBenchMain('serve-stop', main);
