#!/usr/bin/env node
// The ctilab command line. The sources are TypeScript: a fresh compiled build in dist/ runs when
// there is one (bin/build-runtime.js, made by `npm ci`; bin/compiled-runtime.js decides), else
// tsx (a runtime dependency) loads the sources. The harness commands always run on tsx.
// `serve <node>` runs from its own CommonJS bundle of the build with V8's code cache.
import { compiledEntryFor, serveBundleFor } from './compiled-runtime.js';

const argv = process.argv.slice(2);
const compiled = compiledEntryFor(argv);
const serveBundle = compiled === undefined ? undefined : serveBundleFor(compiled, argv);
let main;
let bundle;
if (serveBundle !== undefined) {
  // `serve <node>`: its own CommonJS bundle with V8's code cache (code-cache.js), a faster start.
  const { loadCachedBundle } = await import('./code-cache.js');
  bundle = loadCachedBundle(serveBundle);
  ({ main } = bundle.exports);
} else if (compiled !== undefined) {
  ({ main } = await import(compiled));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./cli.ts'));
}
process.exitCode = await main(argv);
// After the run, so the cache holds what it compiled; only when there was no usable cache.
bundle?.saveCache();
