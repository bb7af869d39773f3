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

const FAILING = `import fc from 'fast-check';
let calls = 0;
try {
  fc.assert(fc.property(fc.array(fc.nat(), { minLength: 5 }), () => ++calls < 3), { numRuns: 50, seed: 42 });
} catch {}
console.log(JSON.stringify({ calls }));`;

test('the mutation preload ends a property at its first failure (no shrinking); without it fast-check shrinks', () => {
  const calls = (preload: string[]) =>
    (
      JSON.parse(
        execFileSync(process.execPath, [...preload, '--input-type=module', '--eval', FAILING], {
          cwd: root,
          encoding: 'utf8',
        }),
      ) as { calls: number }
    ).calls;
  assert.equal(calls(['--import', 'tsx', '--import', './mutation/property-budget.ts']), 3);
  assert.ok(calls(['--import', 'tsx']) > 3, 'shrinking runs the failing predicate again');
});
