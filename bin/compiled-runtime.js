// Which code `ctilab` runs: the compiled build in dist/ (bin/build-runtime.js, run by `npm ci`
// through the `prepare` script) when it is fresh, else the TypeScript sources through tsx.
// Plain JavaScript: this runs before any TypeScript can load. Types: compiled-runtime.d.ts.
//
// Fresh means: every file the build was made from (the project's sources and the package.json
// of every bundled dependency, listed in dist/manifest.json) still has the content it had. A file
// whose size and mtime are unchanged is taken as unchanged; any other is read and its sha256
// compared, so a copy (the lab image) that lost the mtimes still counts as fresh. A stale or
// missing build is never run: the sources run through tsx instead (slower start, current code).
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The build's folder, relative to the project root. */
export const BUILD_DIR = 'dist';
/** The build's manifest in BUILD_DIR: the entry and every input with its size, mtime and sha256. */
export const MANIFEST = 'manifest.json';
/**
 * Commands that always run on tsx: the conformance harness loads the Cucumber steps and fixture
 * clients (TypeScript) in its own process through the tsx loader.
 */
export const TSX_COMMANDS = new Set(['run', 'rules', 'validate-client']);
/**
 * `ctilab serve <node>` runs from a CommonJS bundle of its own (dist/serve-<node>.cjs: the CLI with
 * only that command's module), loaded with V8's code cache by bin/code-cache.js: a faster start
 * than the ES module build (issue 13). Node -> the command module the bundle keeps.
 */
export const SERVE_BUNDLES = {
  cme: 'serve-command.ts',
  cucm: 'serve-cucm-command.ts',
  acd: 'serve-acd-command.ts',
};

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

const require = createRequire(import.meta.url);

/** sha256 (hex) of a file's bytes. */
export function sha256Of(path) {
  // node:crypto loads only when a hash is needed: a fresh build is checked by size and mtime, and
  // `serve acd` needs no crypto otherwise (a fast start, issue 13).
  const { createHash } = require('node:crypto');
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * The URL of the compiled entry when the build under `root` is fresh, else undefined; `reasons`
 * (when given) receives why not.
 */
export function freshBuildEntry(root = projectRoot, reasons = []) {
  const dir = join(root, BUILD_DIR);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } catch {
    reasons.push(`no ${BUILD_DIR}/${MANIFEST}`);
    return undefined;
  }
  // The root and each input's relative path, joined without path.join (a few ms over ~300
  // inputs at every start: issue 13).
  const base = root.endsWith(sep) ? root : `${root}${sep}`;
  for (const [file, recorded] of Object.entries(manifest.inputs ?? {})) {
    const path = base + file;
    let st;
    try {
      st = statSync(path, { throwIfNoEntry: false });
    } catch {}
    if (st === undefined) {
      reasons.push(`${file} is gone`);
      return undefined;
    }
    if (st.size === recorded.size && st.mtimeMs === recorded.mtimeMs) continue;
    if (st.size !== recorded.size || sha256Of(path) !== recorded.sha256) {
      reasons.push(`${file} changed since the build`);
      return undefined;
    }
  }
  return pathToFileURL(join(dir, manifest.entry)).href;
}

/**
 * The serve bundle (absolute path) that runs `argv` when the build `entry` (freshBuildEntry's URL)
 * has one: `serve <node>` with a bundle in the manifest's `serveBundles`; else undefined.
 */
export function serveBundleFor(entry, argv) {
  if (argv[0] !== 'serve' || !Object.hasOwn(SERVE_BUNDLES, argv[1] ?? '')) return undefined;
  const dir = dirname(fileURLToPath(entry));
  try {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
    const file = manifest.serveBundles?.[argv[1]];
    return typeof file === 'string' ? join(dir, file) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The compiled entry to import for `argv`, or undefined for tsx: a TSX_COMMANDS command,
 * CTILAB_TSX=1 in the environment, or no fresh build.
 */
export function compiledEntryFor(argv, env = process.env, root = projectRoot) {
  if (env.CTILAB_TSX === '1' || TSX_COMMANDS.has(argv[0] ?? '')) return undefined;
  return freshBuildEntry(root);
}
