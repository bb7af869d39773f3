/**
 * CLI: writes reports/conformance-rules.{json,html}, the verdict per rule and per profile
 * (DESIGN.md section 7), from the Cucumber messages of a conformance run.
 *
 *   node --import tsx conformance/report/write-report.ts [--messages reports/conformance.ndjson] [--out reports]
 *
 * Exits 2 when the messages cannot be read or the report cannot be written; failing verdicts
 * do not change the exit code (cucumber's own exit code says that).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { ruleCatalogue } from '../rules/catalogue.ts';
import { renderHtml } from './html-report.ts';
import { NdjsonError, readMessages } from './ndjson-reader.ts';
import { type IutIdentification, ruleReport } from './rule-report.ts';
import { testPurposes } from './test-purposes.ts';

function gitCommit(): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

function labName(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync('package.json', 'utf8'));
    if (typeof pkg === 'object' && pkg !== null && 'name' in pkg && typeof pkg.name === 'string') {
      const version = 'version' in pkg && typeof pkg.version === 'string' ? ` ${pkg.version}` : '';
      return `${pkg.name}${version}`;
    }
  } catch {
    // no package.json in the working directory: fall through
  }
  return 'ctilab';
}

function main(argv: string[]): number {
  let values: { messages: string; out: string; target: string };
  try {
    const parsed = parseArgs({
      args: argv,
      options: {
        messages: { type: 'string', default: 'reports/conformance.ndjson' },
        out: { type: 'string', default: 'reports' },
        target: { type: 'string', default: 'embedded lab' },
      },
    });
    values = parsed.values as typeof values;
  } catch (e) {
    console.error(`write-report: ${(e as Error).message}`);
    return 2;
  }

  let text: string;
  try {
    text = readFileSync(values.messages, 'utf8');
  } catch (e) {
    console.error(`write-report: cannot read ${values.messages}: ${(e as Error).message}`);
    return 2;
  }
  let run: ReturnType<typeof readMessages>;
  try {
    run = readMessages(text);
  } catch (e) {
    if (e instanceof NdjsonError) {
      console.error(`write-report: ${values.messages} ${e.message}`);
      return 2;
    }
    throw e;
  }

  const iut: IutIdentification = {
    lab: labName(),
    target: values.target,
    node: process.version,
    date: run.startedAt ?? new Date().toISOString(),
  };
  const commit = gitCommit();
  if (commit !== undefined) iut.gitCommit = commit;
  if (run.runner !== undefined) iut.runner = run.runner;

  const report = ruleReport(ruleCatalogue.values(), testPurposes(run), iut);
  const out = values.out;
  const captureHref = (capture: string) => relative(out, capture).split(sep).join('/');
  try {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'conformance-rules.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(out, 'conformance-rules.html'), renderHtml(report, { captureHref }));
  } catch (e) {
    console.error(`write-report: cannot write to ${out}: ${(e as Error).message}`);
    return 2;
  }
  const t = report.totals;
  console.log(
    `conformance-rules: ${report.testPurposes.length} test purposes (${t.pass} pass, ${t.fail} fail, ${t.inconc} inconc, ${t.error} error), ${report.rules.length} rules -> ${join(out, 'conformance-rules.{json,html}')}`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
