/**
 * `ctilab fuzz`: the fuzz targets of one interface (or all) for a time budget, with a seed, into
 * reports/fuzz/<time>-<id>/ (fuzz.json, fuzz.md); `latest` points at it. Exit 0 when every pass
 * held, 1 on a counterexample (its replay command is printed), 2 on bad usage. Loaded on demand by
 * bin/cli.ts: it imports the harness (conformance/), which the lab image does not carry.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fuzzMarkdown, runFuzz } from '../conformance/fuzz/fuzz-run.ts';
import { FUZZ_TARGETS, type FuzzInterface } from '../conformance/fuzz/fuzz-targets.ts';
import { pointLatest, runDirectoryName } from './run-directory.ts';

export interface FuzzCommandOptions {
  interface: FuzzInterface | 'all';
  minutes: number;
  seed?: number;
  target?: string;
  path?: string;
  assert?: number;
  out: string;
}

export interface FuzzIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

export async function fuzzCommand(options: FuzzCommandOptions, argv: string[], io: FuzzIo): Promise<number> {
  const targets = FUZZ_TARGETS.filter(
    (t) => options.interface === 'all' || t.interface === options.interface,
  );
  if (options.target !== undefined && !targets.some((t) => t.id === options.target)) {
    io.stderr.write(
      `ctilab fuzz: no target '${options.target}' for --interface ${options.interface} (targets: ${targets.map((t) => t.id).join(', ')})\n`,
    );
    return 2;
  }
  if (options.path !== undefined && (options.target === undefined || options.seed === undefined)) {
    io.stderr.write('ctilab fuzz: --path replays one case: it needs --target and --seed\n');
    return 2;
  }
  const out = resolve(io.cwd, options.out, 'fuzz');
  const dir = join(out, runDirectoryName(new Date()));
  mkdirSync(dir, { recursive: true });
  const report = await runFuzz(
    {
      interface: options.interface,
      minutes: options.minutes,
      cwd: io.cwd,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.target === undefined ? {} : { target: options.target }),
      ...(options.path === undefined ? {} : { path: options.path }),
      ...(options.assert === undefined ? {} : { assert: options.assert }),
      log: (line) => io.stdout.write(`${line}\n`),
    },
    ['ctilab', 'fuzz', ...argv].join(' '),
  );
  writeFileSync(join(dir, 'fuzz.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'fuzz.md'), fuzzMarkdown(report));
  pointLatest(out, dir);
  for (const r of report.interfaces)
    io.stdout.write(`${r.interface}: ${r.verdict} (${r.passes.length} passes, ${r.numRuns} inputs)\n`);
  for (const r of report.interfaces)
    for (const p of r.passes.filter((x) => x.verdict !== 'pass')) {
      io.stdout.write(`${r.interface} / ${p.target} ${p.verdict}: ${(p.reason ?? '').split('\n')[0]}\n`);
      if (p.counterexample !== undefined) io.stdout.write(`counterexample: ${p.counterexample}\n`);
      io.stdout.write(`replay: ${p.replay}\n`);
    }
  io.stdout.write(`report: ${join(dir, 'fuzz.json')}\n`);
  return report.verdict === 'pass' ? 0 : 1;
}
