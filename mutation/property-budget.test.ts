import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// In a mutation run (and only there) every fast-check property is capped at
// CTILAB_MUTATION_PROPERTY_RUNS runs; `npm test` runs them in full.

const root = fileURLToPath(new URL('..', import.meta.url));
const PROGRAM = `import fc from 'fast-check';
let n = 0;
fc.assert(fc.property(fc.integer(), () => { n++; return true; }), { numRuns: 5000 });
let m = 0;
fc.assert(fc.property(fc.integer(), () => { m++; return true; }), { numRuns: 7 });
console.log(JSON.stringify({ n, m }));`;

function runs(preload: string[], env: Record<string, string> = {}): { n: number; m: number } {
  const out = execFileSync(process.execPath, [...preload, '--input-type=module', '--eval', PROGRAM], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out) as { n: number; m: number };
}

test('the mutation preload caps numRuns at 100 (never raises a smaller one); without it nothing changes', () => {
  const preload = ['--import', './mutation/property-budget.ts'];
  assert.deepEqual(runs(['--import', 'tsx', ...preload]), { n: 100, m: 7 });
  assert.deepEqual(runs(['--import', 'tsx', ...preload], { CTILAB_MUTATION_PROPERTY_RUNS: '30' }), {
    n: 30,
    m: 7,
  });
  assert.deepEqual(runs(['--import', 'tsx']), { n: 5000, m: 7 });
});
