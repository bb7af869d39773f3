/**
 * Scale benchmark (`npm run bench:scale -- [--target cucm|cme] [--phones N] [--nodes K]
 * [--phone-processes P] [--hold-seconds 35] [--concurrency 200] [--cpu-prof dir] [--out file]`):
 * N simulated SCCP phones, split over P `ctilab phones` processes, registered and kept alive on
 *   - cucm (default): a generated CUCM cluster of K CallManager nodes (bench/generate-cucm-topology.ts),
 *     each node in its own `ctilab serve cucm --node cm-k` process, each phone on its device pool's
 *     CM group [cm-k, cm-(k+1)];
 *   - cme: one CME (`ctilab serve cme`, generated config as bench/register-phones.ts).
 * Several processes on each side because every TCP connection is one descriptor at each end and a
 * process may open `ulimit -n` files (checked before anything starts). Measures the registration
 * rate over all phones processes (first start -> last registration), p50 / p99 registration time
 * over every phone, RSS and heap per phone of every node process (after full GCs, settled,
 * before / after / after the hold), RSS per phone of every phones process, and after a real-time
 * hold spanning a keepalive round: registrations still complete on the nodes and phones with a
 * keepalive acknowledged. Prints tables, writes reports/bench/scale-<target>.json. Figures only:
 * nothing here asserts a duration; exit 1 when a phone failed, was lost or got no keepalive ack.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CtilabChild } from '../simulators/runtime/ctilab-child.ts';
import { benchCommand, benchMachine, mib } from './bench-figures.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { progressLogger, roundTo, writeJsonReport } from './bench-support.ts';
import { readProcCpuSeconds } from './csta-proc-cpu.ts';
import { macAt, parseMacBase } from './generate-cme-config.ts';
import { generateCucmTopology, nodeShares } from './generate-cucm-topology.ts';
import { registrationWindowSeconds, settledStatus, statusOf } from './node-status.ts';
import { BenchChildren, phonesOutcome, runPhonesBench, startBenchCme } from './phones-bench-run.ts';
import { readProcRssBytes } from './proc-rss.ts';
import {
  checkDescriptors,
  type PhonesProcessPlan,
  parseScaleBenchOptions,
  phonesProcessPlan,
  type ScaleBenchOptions,
  scaleBenchUsage,
} from './scale-phones-options.ts';
import {
  formatScaleTables,
  nodeResult,
  type PhonesHeld,
  type ScaleNodeResult,
  type ScalePhonesResult,
  summarize,
} from './scale-report.ts';

const progress = progressLogger('bench:scale');
const statusIntervalMs = 100;
const macBase = '00BF00000000';

/** SIGINT/SIGTERM: waits stop and every child is stopped. */
const children = new BenchChildren();
const { sleep } = children;
const track = (child: CtilabChild) => children.track(child);
const round2 = (v: number) => roundTo(v, 2);

interface NodeProcess {
  name: string;
  child: CtilabChild;
  port: number;
  phones: number;
}

async function main(argv: string[]): Promise<number> {
  let opts: ScaleBenchOptions;
  let fdLimit: number;
  try {
    opts = parseScaleBenchOptions(argv);
    fdLimit = openFileLimit();
    const plan = phonesProcessPlan(opts);
    const perNode =
      opts.target === 'cme'
        ? [{ what: 'cme', connections: opts.phones }]
        : nodeShares(opts.nodes, opts.phones).map((s) => ({ what: s.node, connections: s.count }));
    checkDescriptors(
      [...perNode, ...plan.map((p, i) => ({ what: `phones process ${i + 1}`, connections: p.count }))],
      fdLimit,
    );
  } catch (err) {
    if (!(err instanceof BenchOptionError)) throw err;
    process.stderr.write(`bench:scale: ${err.message}\n${scaleBenchUsage}`);
    return 2;
  }
  const loadAtStart = loadavg();
  const dir = await mkdtemp(join(tmpdir(), 'ctilab-scale-'));
  let run: Awaited<ReturnType<typeof runScale>>;
  try {
    run = await children.run(() => runScale(opts, dir), 60_000);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const { nodes, parts, summary, failures } = run;
  const report = {
    benchmark: 'scale-phones',
    ...benchMachine(),
    openFileLimit: fdLimit,
    // 1, 5 and 15 minute load averages (/proc/loadavg): the machine is shared, figures vary with it.
    loadAverage: { atStart: loadAtStart.map(round2), atEnd: loadavg().map(round2) },
    command: benchCommand('bench:scale', argv),
    options: opts,
    summary,
    nodeProcesses: nodes,
    phonesProcesses: parts,
    failures: failures.slice(0, 20),
  };
  const out =
    opts.out ?? fileURLToPath(new URL(`../reports/bench/scale-${opts.target}.json`, import.meta.url));
  await writeJsonReport(out, report);
  process.stdout.write(
    `\nscale-phones on ${report.node}, ${report.cpus} CPU (${report.cpuModel}), ${opts.target === 'cucm' ? `CUCM cluster of ${opts.nodes} CallManager node processes` : 'one CME process'}, ${parts.length} phones processes, keepalive ${opts.keepaliveSeconds} s, hold ${opts.holdSeconds} s, concurrency ${opts.concurrency}; load average ${report.loadAverage.atStart.join(' ')} at start, ${report.loadAverage.atEnd.join(' ')} at end\n`,
  );
  process.stdout.write(`${formatScaleTables(summary, nodes, parts)}\n\nwrote ${out}\n`);
  const healthy =
    summary.failed === 0 &&
    summary.registered === opts.phones &&
    summary.stillRegisteredAfterHold === opts.phones &&
    (opts.holdSeconds < opts.keepaliveSeconds || summary.phonesWithKeepaliveAck === opts.phones);
  return healthy ? 0 : 1;
}

async function runScale(opts: ScaleBenchOptions, dir: string) {
  const profArgs =
    opts.cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', resolve(opts.cpuProfDir)];
  progress(
    `${opts.phones} phones on ${opts.target === 'cme' ? 'one CME' : `${opts.nodes} CUCM node processes`}: generating, starting the node processes`,
  );
  const nodes = await startNodes(opts, dir, profArgs);
  // Memory before any phone, each node after full GCs once settled (in parallel: they are independent).
  const before = await Promise.all(nodes.map((n) => settledStatus(n.child, sleep)));
  progress(
    `nodes ready (${nodes.map((n, i) => `${n.name} 127.0.0.1:${n.port} RSS ${mib(before[i]!.status.rssBytes)} MiB`).join(', ')})`,
  );
  const ports = new Map(nodes.map((n) => [n.name, n.port]));
  const cpuBefore = await Promise.all(nodes.map((n) => cpuSecondsOf(n.child)));
  const firstLine = nodes.map((n) => n.child.lines.length);
  const plan = phonesProcessPlan(opts);
  const base = parseMacBase(macBase);
  const phones = plan.map((p, i) => track(phonesChild(p, i, base, ports, opts, profArgs)));
  progress(`${phones.length} phones processes started (${plan.map((p) => p.count).join(' + ')} phones)`);
  // Bound: every phone may use its full 30 s registration timeout, `concurrency` at a time.
  const bound = 60_000 + Math.ceil(Math.max(...plan.map((p) => p.count)) / opts.concurrency) * 31_000;
  const outcomes = await Promise.all(phones.map((c) => phonesOutcome(c, bound)));
  const phonesCpu = await Promise.all(phones.map((c) => cpuSecondsOf(c)));
  const registeredPhones = outcomes.reduce((t, o) => t + o.registered, 0);
  progress(`phones report ${registeredPhones}/${opts.phones} registered`);
  // Each node: its first 100 ms status with all its phones' registrations complete.
  const complete = await Promise.all(
    nodes.map((n, i) =>
      n.child
        .waitForLine(
          (v) => statusOf(v)?.trigger === 'interval' && statusOf(v)!.registrationComplete >= n.phones,
          30_000,
          'status with every registration complete',
          firstLine[i],
        )
        .catch(() => undefined),
    ),
  );
  const cpuAfter = await Promise.all(nodes.map((n) => cpuSecondsOf(n.child)));
  const windows = nodes.map((n, i) => {
    const all = complete[i];
    return all === undefined ? null : registrationWindowSeconds(n.child.lines, firstLine[i]!, all);
  });
  const after = await Promise.all(nodes.map((n) => settledStatus(n.child, sleep)));
  const phonesRss = await Promise.all(
    phones.map((c) => (c.pid === undefined ? undefined : readProcRssBytes(c.pid))),
  );
  progress(
    `after registration: ${nodes.map((n, i) => `${n.name} ${after[i]!.status.registrationComplete} registered, RSS ${mib(after[i]!.status.rssBytes)} MiB`).join(', ')}; holding ${opts.holdSeconds} s`,
  );
  await sleep(opts.holdSeconds * 1000);
  const held = await Promise.all(nodes.map((n) => settledStatus(n.child, sleep)));
  const unregistrations = nodes.map((n) => n.child.countStderr(/ unregistered: /));
  for (const c of phones) c.signal('SIGTERM');
  const stopping = await Promise.all(
    phones.map((c) =>
      c
        .waitForLine((v) => 'stopping' in v, 60_000, 'stopping line')
        .then((l) => l.value.stopping as PhonesHeld)
        .catch(() => null),
    ),
  );
  // They unregister and exit on that one SIGTERM; a second one (stop()) would kill them mid-way
  // (their handler is gone by then), and with them their --cpu-prof profiles.
  await Promise.all(phones.map((c) => c.waitForExit(120_000).catch(() => c.stop(5000))));
  progress(
    `held: ${held.reduce((t, h) => t + h.status.registrationComplete, 0)}/${opts.phones} still registered; phones stopped`,
  );
  const nodeResults: ScaleNodeResult[] = nodes.map((n, i) =>
    nodeResult(
      n.name,
      n.phones,
      {
        before: before[i]!.status,
        after: after[i]!.status,
        held: held[i]!.status,
        settled: { before: before[i]!.settled, after: after[i]!.settled, afterHold: held[i]!.settled },
      },
      windows[i] === null ? null : round2(windows[i]!),
      unregistrations[i]!,
      cpuMsPerRegistration(cpuBefore[i], cpuAfter[i], after[i]!.status.registrationComplete),
    ),
  );
  const parts: ScalePhonesResult[] = outcomes.map((o, i) => ({
    targets: plan[i]!.targets,
    phones: o.phones,
    registered: o.registered,
    failed: o.failed,
    seconds: o.seconds,
    phonesPerSecond: round2(o.phonesPerSecond),
    registrationMs: o.registrationMs,
    startedAt: o.startedAt,
    finishedAt: o.finishedAt,
    rssBytes: phonesRss[i] ?? null,
    rssBytesPerPhone: phonesRss[i] === undefined ? null : Math.round(phonesRss[i]! / o.phones),
    held: stopping[i] ?? null,
    cpuMsPerRegistration: cpuMsPerRegistration(0, phonesCpu[i], o.registered),
  }));
  const summary = summarize(
    opts.phones,
    parts,
    nodeResults,
    outcomes.flatMap((o) => o.registrationTimesMs ?? []),
  );
  return { nodes: nodeResults, parts, summary, failures: outcomes.flatMap((o) => o.failures) };
}

/** The node processes, each ready (its ready line read, its SCCP port known). */
async function startNodes(opts: ScaleBenchOptions, dir: string, profArgs: string[]): Promise<NodeProcess[]> {
  // --expose-gc: the on-demand (SIGUSR2) status samples follow a full GC (bin/status-line.ts).
  const nodeArgs = ['--expose-gc', ...profArgs];
  const status = ['--status-interval-ms', String(statusIntervalMs)];
  if (opts.target === 'cme') {
    const { child, port } = await startBenchCme(
      children,
      {
        path: join(dir, `cme-${opts.phones}.cfg`),
        count: opts.phones,
        macBase,
        keepaliveSeconds: opts.keepaliveSeconds,
      },
      { statusIntervalMs, nodeArgs, readyMs: 180_000 },
    );
    return [{ name: 'cme', child, port, phones: opts.phones }];
  }
  const topology = join(dir, 'bench-scale.yaml');
  await writeFile(topology, generateCucmTopology({ nodes: opts.nodes, phones: opts.phones, macBase }));
  const shares = nodeShares(opts.nodes, opts.phones);
  const nodeChildren = shares.map((s) =>
    track(
      new CtilabChild(
        s.node,
        ['serve', 'cucm', '--topology', topology, '--node', s.node, '--host', '127.0.0.1', ...status],
        {
          nodeArgs,
        },
      ),
    ),
  );
  return Promise.all(
    shares.map(async (s, i) => {
      const child = nodeChildren[i]!;
      const ready = await child.waitForLine((v) => 'endpoints' in v, 300_000, 'ready line', 0);
      const endpoints = (
        ready.value as { endpoints?: { nodes?: Record<string, { sccp?: { port?: number }; up?: boolean }> } }
      ).endpoints;
      const own = endpoints?.nodes?.[s.node];
      if (typeof own?.sccp?.port !== 'number' || own.up !== true)
        throw new Error(
          `${s.node}: its ready line shows no SCCP listener in service: ${JSON.stringify(endpoints)}`,
        );
      return { name: s.node, child, port: own.sccp.port, phones: s.count };
    }),
  );
}

function phonesChild(
  p: PhonesProcessPlan,
  i: number,
  base: bigint,
  ports: Map<string, number>,
  opts: ScaleBenchOptions,
  profArgs: string[],
): CtilabChild {
  const targets = p.targets.flatMap((t) => ['--target', `127.0.0.1:${ports.get(t)}`]);
  return new CtilabChild(
    `phones-${i + 1}`,
    [
      'phones',
      ...targets,
      '--count',
      String(p.count),
      '--mac-base',
      macAt(base, p.first),
      '--concurrency',
      String(opts.concurrency),
      '--registration-times',
    ],
    { nodeArgs: profArgs },
  );
}

/** CPU seconds (user + system) a child has used so far (/proc; undefined elsewhere). */
function cpuSecondsOf(child: CtilabChild): Promise<number | undefined> {
  return child.pid === undefined ? Promise.resolve(undefined) : readProcCpuSeconds(child.pid);
}

function cpuMsPerRegistration(
  from: number | undefined,
  to: number | undefined,
  registrations: number,
): number | null {
  return from === undefined || to === undefined || registrations === 0
    ? null
    : Math.round(((to - from) * 1_000_000) / registrations) / 1000;
}

/** The soft open-file limit children inherit (`ulimit -n` of a shell started from here). */
function openFileLimit(): number {
  const text = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return text === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(text);
}

await runPhonesBench('bench:scale', children, main);
