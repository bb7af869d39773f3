// Preload (`node --import tsx --import ./conformance/report/fast-check-record.mjs --test ...`) for
// the property and model tests a conformance run reports (conformance/report/property-run.ts):
// - every fast-check run (fc.assert, sync or async) appends one JSON line to the file named by
//   CTILAB_FC_RECORD: { failed, interrupted, seed, numRuns, numShrinks, path, counterexample, error };
// - CTILAB_FC_SEED (and CTILAB_FC_PATH) replay a reported run exactly: fast-check starts from that
//   seed (and goes straight to that counterexample path).
// - CTILAB_FC_ASSERT=<n> (with CTILAB_FC_PATH) gives the path to the n-th fast-check run of the
//   process only (0-based; the others run from the seed alone), so a test file with several
//   properties replays the one that failed (`ctilab fuzz`, conformance/fuzz/);
// - each line also carries `index` (that n) and `memory`: heap and RSS at the preload and after the
//   run (after a GC when node runs with --expose-gc), for `ctilab fuzz`'s memory report.
// A failure still throws fast-check's own report ("Property failed after N tests { seed, path }
// Counterexample: ..."), so the test fails as without the preload. Plain JavaScript: it is loaded
// beside tsx, before any test file. It touches only fast-check's global configuration, which the
// tests' own `fc.assert(p, params)` parameters override.
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';

const recordFile = process.env.CTILAB_FC_RECORD;
const seed = process.env.CTILAB_FC_SEED;
const path = process.env.CTILAB_FC_PATH;
const pathAt =
  process.env.CTILAB_FC_ASSERT === undefined || process.env.CTILAB_FC_ASSERT === ''
    ? 0
    : Number(process.env.CTILAB_FC_ASSERT);
let index = 0;

function sample() {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss };
}
const memoryStart = sample();

function record(out) {
  if (recordFile === undefined || recordFile === '') return;
  const line = {
    index,
    failed: out.failed,
    interrupted: out.interrupted,
    seed: out.seed,
    numRuns: out.numRuns,
    numShrinks: out.numShrinks,
    ...(out.failed && out.counterexamplePath !== null ? { path: out.counterexamplePath } : {}),
    ...(out.failed && out.counterexample !== null
      ? { counterexample: fc.stringify(out.counterexample) }
      : {}),
    ...(out.failed && out.errorInstance !== null && out.errorInstance !== undefined
      ? { error: String(out.errorInstance instanceof Error ? out.errorInstance.message : out.errorInstance) }
      : {}),
    memory: { start: memoryStart, end: sample() },
  };
  appendFileSync(recordFile, `${JSON.stringify(line)}\n`);
}

/** The global configuration for the fast-check run numbered `index`. */
function configure() {
  const { path: _old, ...rest } = fc.readConfigureGlobal() ?? {};
  fc.configureGlobal({
    ...rest,
    reporter,
    ...(seed === undefined || seed === '' ? {} : { seed: Number(seed) }),
    ...(path === undefined || path === '' || index !== pathAt ? {} : { path }),
  });
}

function reporter(out) {
  record(out);
  index++;
  configure();
  if (!out.failed) return;
  throw new Error(fc.defaultReportMessage(out), { cause: out.errorInstance });
}

configure();
