// Loaded into every test process of a mutation run (run-mutation.ts, tap nodeArgs), never by
// `npm test`: caps each fast-check property at CTILAB_MUTATION_PROPERTY_RUNS runs (default 100).
// A property runs once per mutant that reaches it, and the 1,000-3,000 runs some properties use in
// `npm test` made one mutant cost a minute on a loaded 2-core machine. The cap can only hide a
// mutant that just the later runs would find, so the score it gives is a lower bound
// (docs/testing.md). fast-check's exports cannot be patched (ES module bindings), so a resolve
// hook hands the tests fast-check-budget.mjs whenever they import 'fast-check'.
import { register } from 'node:module';

register('./fast-check-redirect.mjs', import.meta.url);
