/**
 * `ctilab run [paths...] [--tags EXPR] [--name RE] [--target embedded|process|containers|pixit:FILE]
 * [--pics FILE] [--out DIR] [--rerun FILE]`: runs exactly the selected scenarios of the conformance suite
 * through Cucumber's JavaScript API (@cucumber/cucumber/api: loadConfiguration, runCucumber),
 * without cucumber.mjs, so the given paths replace the default `features/**\/*.feature` instead
 * of adding to it. The steps load through the tsx loader that bin/ctilab.js registered.
 *
 * Every run writes its own run directory `<out>/runs/<yyyymmdd-hhmmss>-<id>/` and points
 * `<out>/latest` at it (a symlink; `<out>/latest.txt` holds its path where links fail):
 *   cucumber.html, cucumber.junit.xml, cucumber.ndjson  Cucumber's report, JUnit, messages
 *   rerun.txt                                          the failed scenarios (`ctilab run @<dir>/rerun.txt`)
 *   conformance.json, conformance.html                 the rule report (conformance/report/)
 *   conformance.png                                    its screenshot, when headless Chromium is there
 *   captures/run.pcap, captures/<scenario>.pcap        every byte (steps/hooks.ts)
 *   captures/<scenario>.log                            the scenario's node logs (steps/hooks.ts)
 *   properties.json                                    the property / model tests that ran
 *                                                      (conformance/report/property-run.ts)
 * With `--pics` (or the PICS a PIXIT names) only the scenarios the PICS makes applicable run
 * (conformance/pixit/applicability.ts); `--target pixit:<file>` runs them against a real system
 * through its protocols (no lab starts; steps/pixit-target.ts), `@lab-control` scenarios end inconc.
 * The console shows one line per scenario with its verdict, a summary per feature
 * (conformance/report/ci-formatter.ts), the rule report's counts and the run directory.
 *
 * Exit code: 0 when every scenario passed, 1 when one did not, 2 when the run could not start
 * or its report could not be written.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import { applicableTagExpression } from '../conformance/pixit/applicability.ts';
import {
  implementationOf,
  notApplicableScenarios,
  pixitWorldParameter,
  planImplementation,
} from '../conformance/pixit/run-implementation.ts';
import { screenshotHtml } from '../conformance/report/chromium.ts';
import { readMessages } from '../conformance/report/ndjson-reader.ts';
import { type PropertyResult, runProperties } from '../conformance/report/property-run.ts';
import { selectProperties } from '../conformance/report/property-selection.ts';
import { reportSummary, writeRuleReport } from '../conformance/report/rule-report-files.ts';
import { testPurposes } from '../conformance/report/test-purposes.ts';
import { propertyCoverage } from '../conformance/rules/property-coverage.ts';
import { ok, type Result, refused } from '../simulators/lab/result.ts';
import { pointLatest, runDirectoryName } from './run-directory.ts';

export { runDirectoryName };

export type RunTarget =
  | { kind: 'runtime'; runtime: 'embedded' | 'process' | 'containers' }
  | { kind: 'pixit'; file: string };

export interface RunOptions {
  tags?: string;
  name?: string[];
  target: string;
  out: string;
  rerun?: string;
  /**
   * The property and model tests that check rules (conformance/rules/property-coverage.ts): all
   * for the whole suite; for a selection none, or with true those of its rules; false: none
   * (property-selection.ts).
   */
  properties?: boolean;
  /** A PICS file: only the scenarios it makes applicable run (conformance/pixit/). */
  pics?: string;
}

export interface RunIo {
  stdout: Writable;
  stderr: Writable;
  cwd: string;
  /** The run directory's name: `<yyyymmdd-hhmmss>-<6 hex>` by default. */
  runName?: string;
}

export const defaultFeaturePaths = ['features/**/*.feature'];

/**
 * The --target value: a runtime the features' world parameter `runtime` knows
 * (steps/runtime-lab.ts), or `pixit:<file>`, a real system the PIXIT file describes.
 */
export function parseTarget(text: string): Result<RunTarget, 'unknown-target'> {
  if (text === 'embedded' || text === 'process' || text === 'containers')
    return ok({ kind: 'runtime', runtime: text });
  if (text.startsWith('pixit:') && text.length > 'pixit:'.length)
    return ok({ kind: 'pixit', file: text.slice('pixit:'.length) });
  return refused('unknown-target', `--target '${text}' is not embedded, process, containers or pixit:<file>`);
}

/** What a run selected, for the report; undefined for the whole suite. */
export function selectionOf(
  paths: string[],
  options: Pick<RunOptions, 'tags' | 'name' | 'rerun' | 'pics'>,
): string | undefined {
  const parts = [
    ...paths,
    ...(options.rerun === undefined ? [] : [`--rerun ${options.rerun}`]),
    ...(options.tags === undefined ? [] : [`--tags ${options.tags}`]),
    ...(options.name ?? []).map((n) => `--name ${n}`),
    ...(options.pics === undefined ? [] : [`--pics ${options.pics}`]),
  ];
  return parts.length === 0 ? undefined : parts.join(' ');
}

/** Points `<out>/latest` at the run directory: a relative symlink, else latest.txt. */

/** Runs the property / model tests of the run (property-selection.ts), prints one line each, writes properties.json. */
async function runRuleProperties(
  messages: string,
  runDir: string,
  choice: boolean | undefined,
  wholeSuite: boolean,
  io: RunIo,
): Promise<PropertyResult[]> {
  let tags: string[] = [];
  try {
    tags = testPurposes(readMessages(readFileSync(messages, 'utf8'))).flatMap((p) => p.tags);
  } catch {
    // no readable messages: the rule report says so
  }
  const rows = selectProperties(propertyCoverage, choice, wholeSuite, tags);
  if (rows.length === 0) return [];
  io.stdout.write(`property and model tests: ${rows.length}\n`);
  const results = await runProperties(rows, { cwd: io.cwd }, (r) => {
    const seed = r.seed === undefined ? '' : ` seed ${r.seed}, ${r.numRuns} runs`;
    io.stdout.write(`  ${r.verdict.padEnd(6)} ${r.file}  ${r.test}${seed}\n`);
    if (r.verdict !== 'pass') io.stdout.write(`         replay: ${r.replay}\n`);
  });
  writeFileSync(join(runDir, 'properties.json'), `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

export async function runCommand(paths: string[], options: RunOptions, io: RunIo): Promise<number> {
  const say = (text: string) => io.stdout.write(`${text}\n`);
  const complain = (text: string) => io.stderr.write(`ctilab run: ${text}\n`);
  const target = parseTarget(options.target);
  if (!target.ok) {
    complain(target.reason);
    return 2;
  }
  // The PICS and PIXIT are read before anything runs: a bad file is refused with its line.
  const plan = planImplementation(
    target.value.kind === 'pixit' ? target.value.file : undefined,
    options.pics,
    io.cwd,
  );
  if (!plan.ok) {
    complain(plan.reason);
    return 2;
  }
  const implementation = plan.value;
  const usesPics = implementation.pics !== undefined || implementation.pixit !== undefined;
  const tags = applicableTagExpression(options.tags, implementation.excluded);
  // A rerun file (Cucumber's rerun formatter: `features/x.feature:9:30` lines) is read here:
  // Cucumber itself only reads one whose own name starts with '@'.
  const rerunFiles = paths.filter((p) => p.startsWith('@')).map((p) => p.slice(1));
  if (options.rerun !== undefined) rerunFiles.push(options.rerun);
  const rerunPaths: string[] = [];
  for (const file of rerunFiles) {
    try {
      rerunPaths.push(
        ...readFileSync(resolve(io.cwd, file), 'utf8')
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== ''),
      );
    } catch (e) {
      complain(`cannot read the rerun file ${file}: ${(e as Error).message}`);
      return 2;
    }
  }
  const featurePaths = paths.filter((p) => !p.startsWith('@'));
  if (rerunFiles.length > 0 && featurePaths.length === 0 && rerunPaths.length === 0) {
    say(`nothing to rerun: ${rerunFiles.join(', ')} lists no scenario`);
    return 0;
  }
  const given = [...featurePaths, ...rerunPaths];

  const runDir = join(options.out, 'runs', io.runName ?? runDirectoryName(new Date()));
  const captureDir = join(runDir, 'captures');
  mkdirSync(captureDir, { recursive: true });
  const formatter = new URL('../conformance/report/ci-formatter.ts', import.meta.url).href;
  const environment = { cwd: io.cwd, stdout: io.stdout, stderr: io.stderr };
  const provided = {
    paths: given.length === 0 ? defaultFeaturePaths : given,
    import: ['steps/**/*.ts'],
    strict: true,
    ...(tags === undefined ? {} : { tags }),
    ...(options.name === undefined ? {} : { name: options.name }),
    worldParameters: {
      runtime: target.value.kind === 'runtime' ? target.value.runtime : 'embedded',
      captureDir,
      ...(implementation.pixit === undefined ? {} : { pixit: pixitWorldParameter(implementation.pixit) }),
    },
    format: [
      `"${formatter}"`,
      `html:"${join(runDir, 'cucumber.html')}"`,
      `junit:"${join(runDir, 'cucumber.junit.xml')}"`,
      `message:"${join(runDir, 'cucumber.ndjson')}"`,
      `rerun:"${join(runDir, 'rerun.txt')}"`,
    ],
  };
  const latest = pointLatest(options.out, runDir);
  let success: boolean;
  let notApplicable: Awaited<ReturnType<typeof notApplicableScenarios>> = [];
  try {
    const { runConfiguration } = await loadConfiguration({ file: false, provided }, environment);
    if (implementation.excluded.length > 0) {
      notApplicable = await notApplicableScenarios(
        runConfiguration.sources,
        options.tags,
        implementation.excluded,
        environment,
      );
      if (notApplicable.length > 0)
        say(`not applicable (the PICS does not claim what they need): ${notApplicable.length} scenarios`);
    }
    ({ success } = await runCucumber(runConfiguration, environment));
  } catch (e) {
    complain((e as Error).message);
    return 2;
  }
  const selection = selectionOf(paths, options);
  const messages = join(runDir, 'cucumber.ndjson');
  // The property and model tests check the lab's own code, not a real target: none on a PIXIT.
  const onRealTarget = implementation.pixit !== undefined;
  if (onRealTarget && options.properties === true)
    say('property and model tests: none on a real target (they test the lab, not the IUT)');
  const properties = onRealTarget
    ? []
    : await runRuleProperties(messages, runDir, options.properties, selection === undefined, io);
  if (properties.some((p) => p.verdict !== 'pass')) success = false;
  const written = writeRuleReport({
    messages,
    out: runDir,
    target:
      implementation.targetLabel ?? `${target.value.kind === 'runtime' ? target.value.runtime : ''} lab`,
    ...(usesPics ? { implementation: implementationOf(implementation, notApplicable, resolve(io.cwd)) } : {}),
    ...(selection === undefined ? {} : { selection }),
    ...(properties.length === 0 ? {} : { properties }),
  });
  if (!written.ok) {
    complain(written.reason);
    return 2;
  }
  say(`conformance: ${reportSummary(written.value)}`);
  // The report's screenshot (conformance/report/chromium.ts): best effort, never fails the run.
  if (process.env['CTILAB_SKIP_BROWSER'] !== '1') {
    const png = join(runDir, 'conformance.png');
    const shot = await screenshotHtml(resolve(io.cwd, runDir, 'conformance.html'), resolve(io.cwd, png));
    say(shot === undefined ? `screenshot: ${png}` : `no screenshot of the report: ${shot}`);
  }
  say(`run directory: ${runDir} (${latest})`);
  if (!success) say(`rerun the failures: ctilab run @${join(runDir, 'rerun.txt')}`);
  return success ? 0 : 1;
}
