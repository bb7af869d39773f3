/**
 * CLI: writes conformance.{json,html}, the verdict per rule and per profile (DESIGN.md section
 * 7), from the Cucumber messages of a conformance run (`ctilab run` does this itself into its
 * run directory; this rewrites the report of a run, by default the latest).
 *
 *   node --import tsx conformance/report/write-report.ts [--messages reports/latest/cucumber.ndjson] [--out reports/latest] [--selection TEXT]
 *
 * Exits 2 when the messages cannot be read or the report cannot be written; failing verdicts
 * do not change the exit code (cucumber's own exit code says that).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { reportSummary, writeRuleReport } from './rule-report-files.ts';

function main(argv: string[]): number {
  let values: { messages: string; out: string; target: string; selection?: string };
  try {
    const parsed = parseArgs({
      args: argv,
      options: {
        messages: { type: 'string', default: 'reports/latest/cucumber.ndjson' },
        out: { type: 'string', default: 'reports/latest' },
        target: { type: 'string', default: 'embedded lab' },
        selection: { type: 'string' },
      },
    });
    values = parsed.values as typeof values;
  } catch (e) {
    console.error(`write-report: ${(e as Error).message}`);
    return 2;
  }
  const written = writeRuleReport({
    messages: values.messages,
    out: values.out,
    target: values.target,
    ...(values.selection === undefined ? {} : { selection: values.selection }),
  });
  if (!written.ok) {
    console.error(`write-report: ${written.reason}`);
    return 2;
  }
  console.log(
    `conformance: ${reportSummary(written.value)} -> ${join(values.out, 'conformance.{json,html}')}`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
