/**
 * Lab times per runtime (issue 9 "Figures"): `node --import tsx bench/lab-times.ts [--runtimes
 * embedded,process,containers] [--rounds 3] [--out reports/bench/lab-times.json]`. For each runtime and round:
 * the time `lab up` of labs/cme-100.yaml takes until all 100 phones are registered, and its
 * `down`; then, on labs/cme-pair.yaml, the time from `fault primary kill` until every phone is
 * registered on the secondary. Prints a table and writes JSON. Figures only: nothing here
 * asserts a duration.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RunningLab, RuntimeKind } from '../simulators/runtime/lab-runtime.ts';
import { runtimeOf } from '../simulators/runtime/runtimes.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';

const lab = (name: string) => fileURLToPath(new URL(`../labs/${name}`, import.meta.url));
const defaultOut = fileURLToPath(new URL('../reports/bench/lab-times.json', import.meta.url));

interface Round {
  runtime: RuntimeKind;
  round: number;
  upMs: number;
  registeredAtUp: number;
  downMs: number;
  failoverMs: number;
  failedOver: number;
}

async function registeredOn(
  running: RunningLab,
  node: string,
  phones: number,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await running.status();
    const count = Object.values(status.phones).reduce((sum, group) => sum + (group.byNode[node] ?? 0), 0);
    if (count >= phones || Date.now() > deadline) return count;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function oneRound(runtime: RuntimeKind, round: number): Promise<Round> {
  const hundred = await loadTopology(lab('cme-100.yaml'));
  let started = performance.now();
  const up = await (await runtimeOf(runtime)).start(hundred);
  const registeredAtUp = await registeredOn(up, 'cme', 100, 60_000);
  const upMs = performance.now() - started;
  started = performance.now();
  await up.stop();
  const downMs = performance.now() - started;

  const pair = await (await runtimeOf(runtime)).start(await loadTopology(lab('cme-pair.yaml')));
  try {
    await registeredOn(pair, 'primary', 8, 30_000);
    started = performance.now();
    await pair.fault('primary', { kind: 'kill' });
    // A killed container sends no FIN: its phones notice by their keepalives (keepalive 30 s).
    const failedOver = await registeredOn(pair, 'secondary', 8, 150_000);
    return {
      runtime,
      round,
      upMs,
      registeredAtUp,
      downMs,
      failoverMs: performance.now() - started,
      failedOver,
    };
  } finally {
    await pair.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      runtimes: { type: 'string', default: 'embedded,process,containers' },
      rounds: { type: 'string', default: '3' },
      out: { type: 'string', default: defaultOut },
    },
  });
  const runtimes = values.runtimes.split(',') as RuntimeKind[];
  const rounds = Number(values.rounds);
  const results: Round[] = [];
  for (const runtime of runtimes)
    for (let round = 1; round <= rounds; round++) {
      const r = await oneRound(runtime, round);
      results.push(r);
      console.log(
        `${runtime.padEnd(9)} round ${round}: up (100 phones registered) ${r.upMs.toFixed(0)} ms ` +
          `[${r.registeredAtUp}/100], down ${r.downMs.toFixed(0)} ms, kill primary -> 8 on secondary ` +
          `${r.failoverMs.toFixed(0)} ms [${r.failedOver}/8]`,
      );
    }
  const report = { date: new Date().toISOString(), cpus: cpus().length, loadavg: loadavg(), results };
  await mkdir(dirname(values.out), { recursive: true });
  await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${values.out}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
