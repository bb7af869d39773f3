// fast-check with `assert` capped at CTILAB_MUTATION_PROPERTY_RUNS runs per property (default
// 100): what the tests get for 'fast-check' in a mutation run (property-budget.ts). Plain
// JavaScript: the resolve hook hands it over before tsx could transpile anything.
import real from 'fast-check';

export * from 'fast-check';

const CAP = Number(process.env.CTILAB_MUTATION_PROPERTY_RUNS ?? 100);

export function assert(property, params) {
  return real.assert(property, { ...params, numRuns: Math.min(params?.numRuns ?? 100, CAP) });
}

export default { ...real, assert };
