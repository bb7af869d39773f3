// `npm run mutation -- <module>...` (or `--all`): runs StrykerJS on the named modules of
// modules.ts, each against its own narrowest tests, writes reports/mutation/<module>/ (index.html,
// mutation.json, survivors.txt) and reports/mutation/summary.md, and exits 1 when a module's score
// is under its floor or an equivalent-mutant comment gives no reason. docs/testing.md explains it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Stryker } from '@stryker-mutator/core';

type PartialStrykerOptions = NonNullable<ConstructorParameters<typeof Stryker>[0]>;

import { findModule, MUTATION_MODULES, type MutationModule, outsideModule } from './modules.ts';
import {
  describeUndetected,
  type MutationScore,
  scoreOf,
  TABLE_HEADER,
  tableRow,
  unexplainedIgnores,
} from './mutation-score.ts';

const USAGE = `usage: npm run mutation -- <module>... | --all  [--incremental] [--concurrency N] [--mutate <file[:lines]>]...
  --mutate narrows a run to part of the module, e.g. --mutate simulators/calls/call-model.ts:266-620
modules: ${MUTATION_MODULES.map((module) => module.name).join(', ')}`;

interface Flags {
  readonly incremental: boolean;
  readonly concurrency?: number;
  /** Stryker mutate patterns replacing the module's own (a file, or file:from-to lines). */
  readonly mutate?: readonly string[];
}

interface Outcome {
  readonly module: MutationModule;
  readonly score: MutationScore;
  readonly unexplained: number;
}

function strykerOptions(module: MutationModule, dir: string, flags: Flags): PartialStrykerOptions {
  return {
    testRunner: 'tap',
    tap: {
      testFiles: [...module.tests],
      nodeArgs: ['--import', 'tsx', '--import', './mutation/property-budget.ts'],
      forceBail: true,
    },
    mutate: [...(flags.mutate ?? module.mutate)],
    coverageAnalysis: 'perTest',
    // The machine is shared with the test processes Stryker starts: generous, so that a slow
    // start is not taken for a hang. A test that waits on something that never comes must fail by
    // its own deadline long before this.
    timeoutMS: 15_000,
    timeoutFactor: 2,
    ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
    reporters: ['html', 'json', 'clear-text', process.stdout.isTTY ? 'progress' : 'progress-append-only'],
    htmlReporter: { fileName: join(dir, 'index.html') },
    jsonReporter: { fileName: join(dir, 'mutation.json') },
    clearTextReporter: { reportTests: false, reportMutants: false, reportScoreTable: true },
    incremental: flags.incremental,
    incrementalFile: join(dir, 'incremental.json'),
    // One sandbox folder per module, so that two modules can be tested at once.
    tempDirName: `.stryker-tmp-${module.name}`,
    cleanTempDir: true,
    ignorePatterns: ['reports', 'docs', '.git', '.stryker-tmp*', '.ctilab'],
    disableTypeChecks: '{simulators,mutation}/**/*.ts',
  };
}

async function runModule(module: MutationModule, flags: Flags): Promise<Outcome> {
  const dir = join('reports', 'mutation', module.name);
  mkdirSync(dir, { recursive: true });
  console.log(`\n== mutation: ${module.name} (${module.description})`);
  const results = await new Stryker(strykerOptions(module, dir, flags)).runMutationTest();
  const mutants = results.map((mutant) => ({
    ...mutant,
    fileName: relative(process.cwd(), mutant.fileName),
  }));
  const score = scoreOf(mutants);
  writeFileSync(join(dir, 'survivors.txt'), `${describeUndetected(mutants).join('\n')}\n`);
  const unexplained = unexplainedIgnores(mutants);
  for (const mutant of unexplained) {
    console.error(
      `${mutant.fileName}:${mutant.location.start.line}: a Stryker disable comment without ` +
        `"equivalent, <reason>" (${mutant.statusReason ?? 'no reason'})`,
    );
  }
  return { module, score, unexplained: unexplained.length };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      all: { type: 'boolean', default: false },
      incremental: { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      mutate: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || (!values.all && positionals.length === 0)) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const modules = values.all ? [...MUTATION_MODULES] : positionals.map((name) => findModule(name));
  const unknown = positionals.filter((name) => findModule(name) === undefined);
  if (unknown.length > 0) {
    console.error(`unknown module: ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) {
    console.error(`--concurrency must be a positive integer, not ${values.concurrency}`);
    return 2;
  }
  for (const module of modules) {
    const outside = module === undefined ? [] : outsideModule(module, values.mutate ?? []);
    if (outside.length > 0) {
      const owners = MUTATION_MODULES.filter((m) => outside.some((p) => outsideModule(m, [p]).length === 0));
      console.error(
        `--mutate ${outside.join(', ')}: not a file of module ${module?.name} (its tests are not chosen for it)` +
          `${owners.length > 0 ? `; module ${owners.map((m) => m.name).join(', ')} mutates it` : '; no module mutates it: add one to mutation/modules.ts'}`,
      );
      return 2;
    }
  }
  const outcomes: Outcome[] = [];
  for (const module of modules) {
    if (module === undefined) continue;
    outcomes.push(
      await runModule(module, {
        incremental: values.incremental,
        ...(concurrency === undefined ? {} : { concurrency }),
        ...(values.mutate === undefined ? {} : { mutate: values.mutate }),
      }),
    );
  }
  const table = [TABLE_HEADER, ...outcomes.map((o) => tableRow(o.module.name, o.score, o.module.floor))];
  const summary = `${table.join('\n')}\n\nScore: killed / (killed + timed out + survived + no coverage).\n`;
  mkdirSync(join('reports', 'mutation'), { recursive: true });
  writeFileSync(join('reports', 'mutation', 'summary.md'), summary);
  console.log(`\n${summary}`);
  const failed = outcomes.filter((o) => o.score.score < o.module.floor || o.unexplained > 0);
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
