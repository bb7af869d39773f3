// fast-check with `assert` capped at CTILAB_MUTATION_PROPERTY_RUNS runs per property (default
// 100) and ending at the first failure (endOnFailure: no shrinking): what the tests get for
// 'fast-check' in a mutation run (property-budget.ts). A mutant needs only to be seen failing;
// shrinking ran the mutated code thousands of times more, over Stryker's hit limit, and a mutant
// the property had caught was reported as timed out. Plain JavaScript: the resolve hook hands it
// over before tsx could transpile anything.
import real from 'fast-check';

export * from 'fast-check';

const CAP = Number(process.env.CTILAB_MUTATION_PROPERTY_RUNS ?? 100);

export function assert(property, params) {
  return real.assert(property, {
    ...params,
    numRuns: Math.min(params?.numRuns ?? 100, CAP),
    endOnFailure: true,
  });
}

export default { ...real, assert };
