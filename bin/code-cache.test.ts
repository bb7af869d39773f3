import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheFileOf, loadCachedBundle } from './code-cache.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ctilab-code-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A CommonJS bundle as esbuild writes one: strict, exports, require of a built-in, __filename.
const source = (n: number) =>
  [
    "'use strict';",
    "const { basename } = require('node:path');",
    `exports.answer = (x) => x * ${n};`,
    'exports.file = basename(__filename);',
    'exports.strict = (function () { return this === undefined; })();',
    '',
  ].join('\n');

test('no cache: the bundle runs; saveCache writes one; the next load uses it and writes none', () => {
  const bundle = join(dir, 'a.cjs');
  writeFileSync(bundle, source(2));
  const first = loadCachedBundle(bundle);
  assert.equal(first.cache, 'absent');
  assert.equal((first.exports.answer as (x: number) => number)(21), 42);
  assert.equal(first.exports.file, 'a.cjs');
  assert.equal(first.exports.strict, true);
  assert.equal(first.saveCache(), true);
  assert.ok(readFileSync(cacheFileOf(bundle)).length > 4);
  const second = loadCachedBundle(bundle);
  assert.equal(second.cache, 'used');
  assert.equal((second.exports.answer as (x: number) => number)(21), 42);
  assert.equal(second.saveCache(), false);
});

test('a changed bundle (same length, other mtime) is not run with the old cache, and gets its own', () => {
  const bundle = join(dir, 'b.cjs');
  writeFileSync(bundle, source(2));
  utimesSync(bundle, new Date(1_000_000), new Date(1_000_000));
  loadCachedBundle(bundle).saveCache();
  writeFileSync(bundle, source(3)); // same length, new content and mtime
  const changed = loadCachedBundle(bundle);
  assert.equal(changed.cache, 'absent');
  assert.equal((changed.exports.answer as (x: number) => number)(21), 63);
  assert.equal(changed.saveCache(), true);
  assert.equal(loadCachedBundle(bundle).cache, 'used');
});

test('a cache whose data V8 refuses is reported rejected, the bundle still runs, and a new cache replaces it', () => {
  // A source this process has not compiled: V8 would otherwise find it in its in-memory cache.
  const bundle = join(dir, 'c.cjs');
  writeFileSync(bundle, source(5));
  const st = statSync(bundle);
  const header = Buffer.from(
    JSON.stringify({
      node: process.version,
      v8: process.versions.v8,
      arch: process.arch,
      size: st.size,
      mtimeMs: st.mtimeMs,
    }),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length, 0);
  writeFileSync(cacheFileOf(bundle), Buffer.concat([length, header, Buffer.alloc(64, 7)]));
  const loaded = loadCachedBundle(bundle);
  assert.equal(loaded.cache, 'rejected');
  assert.equal((loaded.exports.answer as (x: number) => number)(5), 25);
  assert.equal(loaded.saveCache(), true);
  assert.equal(loadCachedBundle(bundle).cache, 'used');
});

test('in a new process, the cache written by the last one is used (V8 accepts it)', () => {
  const bundle = join(dir, 'f.cjs');
  writeFileSync(bundle, source(6));
  const run = () =>
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { loadCachedBundle } from ${JSON.stringify(pathToFileURL(join(here, 'code-cache.js')).href)};
         const b = loadCachedBundle(${JSON.stringify(bundle)});
         b.saveCache();
         console.log(b.cache, b.exports.answer(7));`,
      ],
      { encoding: 'utf8' },
    ).stdout.trim();
  assert.equal(run(), 'absent 42');
  assert.equal(run(), 'used 42');
  assert.equal(run(), 'used 42');
});

test('a truncated or foreign cache file is ignored; a folder that cannot be written means no cache, no error', () => {
  const bundle = join(dir, 'd.cjs');
  writeFileSync(bundle, source(2));
  writeFileSync(cacheFileOf(bundle), Buffer.from([0, 0, 0xff, 0xff, 1]));
  assert.equal(loadCachedBundle(bundle).cache, 'absent');
  writeFileSync(cacheFileOf(bundle), '{"node":"v0.0.0"}');
  assert.equal(loadCachedBundle(bundle).cache, 'absent');
  if (process.getuid?.() === 0) return; // root writes anywhere
  const locked = mkdtempSync(join(dir, 'ro-'));
  const inLocked = join(locked, 'e.cjs');
  writeFileSync(inLocked, source(2));
  chmodSync(locked, 0o555);
  try {
    const loaded = loadCachedBundle(inLocked);
    assert.equal(loaded.saveCache(), false);
  } finally {
    chmodSync(locked, 0o755);
  }
});
