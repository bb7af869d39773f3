import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildRuntime, packageManifestOf } from './build-runtime.js';
import { compiledEntryFor, freshBuildEntry } from './compiled-runtime.js';

// A small project of its own: bin/cli.ts reads ../package.json through import.meta.url and
// imports a second module, as the real one does.
const root = mkdtempSync(join(tmpdir(), 'ctilab-build-'));
const cli = join(root, 'bin', 'cli.ts');
const cliSource = [
  "import { readFileSync } from 'node:fs';",
  "import { twice } from './twice.ts';",
  "const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };",
  "export async function main(argv: string[]): Promise<string> { return pkg.version + ' ' + twice(argv.length); }",
  '',
].join('\n');

before(async () => {
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'package.json'), '{"version":"7.7.7"}\n');
  writeFileSync(cli, cliSource);
  writeFileSync(join(root, 'bin', 'twice.ts'), 'export const twice = (n: number): number => n * 2;\n');
  await buildRuntime({ root });
});
after(() => rmSync(root, { recursive: true, force: true }));

test('a fresh build: its entry runs, and import.meta.url still points at the source file', async () => {
  const entry = freshBuildEntry(root);
  assert.equal(entry, pathToFileURL(join(root, 'dist', 'cli.js')).href);
  const { main } = (await import(entry!)) as { main: (argv: string[]) => Promise<string> };
  assert.equal(await main(['a', 'b', 'c']), '7.7.7 6');
  const manifest = JSON.parse(readFileSync(join(root, 'dist', 'manifest.json'), 'utf8')) as {
    inputs: Record<string, unknown>;
  };
  assert.deepEqual(Object.keys(manifest.inputs), ['bin/cli.ts', 'bin/twice.ts']);
});

test('a source with a new mtime but the same content keeps the build fresh (a copy, the image)', () => {
  const later = new Date(Date.now() + 60_000);
  utimesSync(cli, later, later);
  assert.equal(freshBuildEntry(root), pathToFileURL(join(root, 'dist', 'cli.js')).href);
});

test('a changed source, a deleted one or no manifest: no build (tsx runs), with the reason', () => {
  try {
    writeFileSync(cli, `${cliSource}// edited\n`);
    const reasons: string[] = [];
    assert.equal(freshBuildEntry(root, reasons), undefined);
    assert.deepEqual(reasons, ['bin/cli.ts changed since the build']);
  } finally {
    writeFileSync(cli, cliSource);
  }
  assert.notEqual(freshBuildEntry(root), undefined, 'the original content is fresh again');
  const twice = join(root, 'bin', 'twice.ts');
  const kept = readFileSync(twice);
  rmSync(twice);
  const gone: string[] = [];
  assert.equal(freshBuildEntry(root, gone), undefined);
  assert.deepEqual(gone, ['bin/twice.ts is gone']);
  writeFileSync(twice, kept);
  rmSync(join(root, 'dist', 'manifest.json'));
  const none: string[] = [];
  assert.equal(freshBuildEntry(root, none), undefined);
  assert.deepEqual(none, ['no dist/manifest.json']);
});

test('the harness commands and CTILAB_TSX=1 always run on tsx', async () => {
  const other = mkdtempSync(join(tmpdir(), 'ctilab-build-'));
  try {
    mkdirSync(join(other, 'bin'));
    writeFileSync(join(other, 'bin', 'cli.ts'), 'export const main = async () => 0;\n');
    await buildRuntime({ root: other });
    const entry = pathToFileURL(join(other, 'dist', 'cli.js')).href;
    assert.equal(compiledEntryFor(['serve', 'cme'], {}, other), entry);
    assert.equal(compiledEntryFor(['--version'], {}, other), entry);
    for (const command of ['run', 'rules', 'validate-client'])
      assert.equal(compiledEntryFor([command], {}, other), undefined, command);
    assert.equal(compiledEntryFor(['serve', 'cme'], { CTILAB_TSX: '1' }, other), undefined);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test('a bundled file is recorded by the package.json of its package (scoped, nested)', () => {
  assert.equal(packageManifestOf('node_modules/zod/v4/core/core.js'), 'node_modules/zod/package.json');
  assert.equal(
    packageManifestOf('../main/node_modules/@cucumber/messages/dist/cjs/src/index.js'),
    'node_modules/@cucumber/messages/package.json',
  );
  assert.equal(
    packageManifestOf('node_modules/a/node_modules/@s/b/lib/index.js'),
    'node_modules/a/node_modules/@s/b/package.json',
  );
  assert.equal(packageManifestOf('simulators/sccp/codec.ts'), undefined);
});

test('bin/ctilab.js of this project prints its version on either path', () => {
  const bin = fileURLToPath(new URL('./ctilab.js', import.meta.url));
  const version = (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  for (const env of [{ CTILAB_TSX: '1' }, { CTILAB_TSX: '' }]) {
    const out = spawnSync(process.execPath, [bin, '--version'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout.trim(), version);
  }
});
