/**
 * CSTA MakeCall load, SIPp and our client side by side (issue 13): `npm run bench:sipp-csta --
 * [--rate 10] [--seconds 20] [--hold-ms 1000] [--answer-after-ms 100] [--pairs N]
 * [--order sipp-first|ctilab-first] [--scenario file.xml] [--out reports/bench/sipp-csta.json]`.
 *
 * One lab (bench/makecall-lab.ts: `ctilab serve cme` and `ctilab phones --answer-after`, each its
 * own process), then on it, one after the other: SIPp (spawned, conformance/sipp/csta-make-call-load.xml,
 * its exit code, -trace_stat and -trace_rtt files read back) and our client
 * (bench/csta-makecall-load.ts), each making rate x seconds calls at `rate` per second:
 * TR/87 session, MakeCall, hold, ClearConnection, BYE. Writes the JSON, a Markdown and an HTML
 * report beside it (sipp-csta.md, sipp-csta.html) and SIPp's own files under sipp-csta-sipp/.
 * Exit 0 when neither side failed a call, 1 otherwise, 2 on a bad option.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchOptionError } from './bench-option-error.ts';
import { progressLogger, runBenchMain } from './bench-support.ts';
import { runSippCstaComparison } from './sipp-csta-compare.ts';
import { parseSippCstaOptions, type SippCstaOptions, sippCstaUsage } from './sipp-csta-options.ts';
import { reportHtml, reportMarkdown } from './sipp-csta-report.ts';

const progress = progressLogger('sipp-csta');
const defaultOut = fileURLToPath(new URL('../reports/bench/sipp-csta.json', import.meta.url));

async function main(argv: string[]): Promise<number> {
  let opts: SippCstaOptions;
  try {
    opts = parseSippCstaOptions(argv);
  } catch (err) {
    if (!(err instanceof BenchOptionError)) throw err;
    process.stderr.write(`bench sipp-csta: ${err.message}\n${sippCstaUsage}`);
    return 2;
  }
  const dir = await mkdtemp(join(tmpdir(), 'ctilab-sipp-csta-'));
  const out = opts.out ?? defaultOut;
  const stem = out.replace(/\.json$/, '');
  try {
    const command = `npm run bench:sipp-csta${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
    const report = await runSippCstaComparison(opts, dir, command, progress);
    await mkdir(dirname(out), { recursive: true });
    // SIPp's own files, kept beside the report (the JSON names them relative to this folder).
    const sippFiles = `${stem}-sipp`;
    await rm(sippFiles, { recursive: true, force: true });
    await cp(join(dir, 'sipp'), sippFiles, { recursive: true });
    const withFiles = {
      ...report,
      sipp: {
        ...report.sipp,
        files: Object.fromEntries(
          Object.entries(report.sipp.files).map(([k, f]) => [
            k,
            f === null ? null : `${basename(sippFiles)}/${f}`,
          ]),
        ),
      },
    };
    await writeFile(out, `${JSON.stringify(withFiles, null, 2)}\n`);
    await writeFile(`${stem}.md`, reportMarkdown(withFiles));
    await writeFile(`${stem}.html`, reportHtml(withFiles));
    process.stdout.write(`\n${reportMarkdown(withFiles)}\nwrote ${out}, ${stem}.md, ${stem}.html\n`);
    return report.sipp.failed === 0 && report.ctilab.failed === 0 && report.sipp.exitCode === 0 ? 0 : 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runBenchMain('bench sipp-csta', main);
