#!/usr/bin/env node
// The ctilab command line. The sources are TypeScript: a fresh compiled build in dist/ runs when
// there is one (bin/build-runtime.js, made by `npm ci`; bin/compiled-runtime.js decides), else
// tsx (a runtime dependency) loads the sources. The harness commands always run on tsx.
import { compiledEntryFor } from './compiled-runtime.js';

const argv = process.argv.slice(2);
const compiled = compiledEntryFor(argv);
let main;
if (compiled !== undefined) {
  ({ main } = await import(compiled));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./cli.ts'));
}
process.exitCode = await main(argv);
