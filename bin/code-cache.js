// Runs a CommonJS bundle of the compiled build (bin/build-runtime.js: dist/serve-<node>.cjs) with
// V8's code cache: the bytecode V8 compiled in an earlier run of the same bundle is reused, so a
// start compiles little (issue 13: `ctilab serve` ready fast). Node 20 has no code cache for ES
// modules (no module.enableCompileCache), hence CommonJS through vm.Script's cachedData.
//
// The cache is `<bundle>.v8cache`: a header (Node and V8 version, architecture, the bundle's size
// and mtime) and V8's data. It is used only when the header matches the bundle and this Node, and
// V8 itself refuses data from other V8 flags or another source length (`cachedDataRejected`); any
// other case runs without it and `saveCache()` writes a new one (to a temporary file renamed over
// the old, so concurrent runs never read half a file). A folder that cannot be written (a
// read-only image) only means no cache. Plain JavaScript: bin/ctilab.js loads it before tsx.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

/** The cache file of a bundle. */
export const cacheFileOf = (bundle) => `${bundle}.v8cache`;

/** What the cache of `bundle` must say of itself to be used: this Node, this bundle file. */
function headerFor(bundle) {
  const st = statSync(bundle);
  return JSON.stringify({
    node: process.version,
    v8: process.versions.v8,
    arch: process.arch,
    size: st.size,
    mtimeMs: st.mtimeMs,
  });
}

/** The cached data in `file` when its header is `header`, else undefined. */
function readCache(file, header) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length < 4) return undefined;
  const length = bytes.readUInt32BE(0);
  if (4 + length > bytes.length) return undefined;
  if (bytes.subarray(4, 4 + length).toString('utf8') !== header) return undefined;
  return bytes.subarray(4 + length);
}

/**
 * Loads and runs the CommonJS `bundle` (an absolute path) as Node's module loader would, with its
 * code cache when there is a valid one. Returns its exports, whether the cache was `used`,
 * `absent` (none, or made for another bundle or Node) or `rejected` (by V8), and `saveCache()`:
 * after the bundle has done its work (so the cache holds the functions it ran), writes a new cache
 * unless the one used was accepted; it never throws (returns false when nothing was written).
 */
export function loadCachedBundle(bundle) {
  const header = headerFor(bundle);
  const file = cacheFileOf(bundle);
  const cachedData = readCache(file, header);
  const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), {
    filename: bundle,
    ...(cachedData === undefined ? {} : { cachedData }),
    // No importModuleDynamically: Node 20 loses it with a code cache, so the bundles hold no
    // import() (bin/build-runtime.js makes sure); one would throw, never run other code.
  });
  const cache = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  module.loaded = true;
  const saveCache = () => {
    if (cache === 'used') return false;
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      const head = Buffer.from(header, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(head.length, 0);
      writeFileSync(temporary, Buffer.concat([length, head, script.createCachedData()]));
      renameSync(temporary, file);
      return true;
    } catch {
      try {
        rmSync(temporary, { force: true });
      } catch {}
      return false;
    }
  };
  return { exports: module.exports, cache, saveCache };
}
