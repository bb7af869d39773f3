// Preload (`node --import tsx --import ./conformance/report/fast-check-record.mjs --test ...`) for
// the property and model tests a conformance run reports (conformance/report/property-run.ts):
// - every fast-check run (fc.assert, sync or async) appends one JSON line to the file named by
//   CTILAB_FC_RECORD: { failed, interrupted, seed, numRuns, numShrinks, path, counterexample, error };
// - CTILAB_FC_SEED (and CTILAB_FC_PATH) replay a reported run exactly: fast-check starts from that
//   seed (and goes straight to that counterexample path).
// A failure still throws fast-check's own report ("Property failed after N tests { seed, path }
// Counterexample: ..."), so the test fails as without the preload. Plain JavaScript: it is loaded
// beside tsx, before any test file. It touches only fast-check's global configuration, which the
// tests' own `fc.assert(p, params)` parameters override.
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';

const recordFile = process.env.CTILAB_FC_RECORD;
const seed = process.env.CTILAB_FC_SEED;
const path = process.env.CTILAB_FC_PATH;

function record(out) {
  if (recordFile === undefined || recordFile === '') return;
  const line = {
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
  };
  appendFileSync(recordFile, `${JSON.stringify(line)}\n`);
}

function reporter(out) {
  record(out);
  if (!out.failed) return;
  throw new Error(fc.defaultReportMessage(out), { cause: out.errorInstance });
}

fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  reporter,
  ...(seed === undefined || seed === '' ? {} : { seed: Number(seed) }),
  ...(path === undefined || path === '' ? {} : { path }),
});
