import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildRuntime } from './build-runtime.js';
import { loadCachedBundle } from './code-cache.js';
import { freshBuildEntry, serveBundleFor } from './compiled-runtime.js';

const here = fileURLToPath(new URL('.', import.meta.url));

// A small project: its CLI loads `serve acd` and `phones` on demand, as bin/cli.ts does.
const root = mkdtempSync(join(tmpdir(), 'ctilab-serve-bundle-'));
before(async () => {
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'package.json'), '{"version":"3.1.4"}\n');
  writeFileSync(
    join(root, 'bin', 'cli.ts'),
    [
      'export async function main(argv: string[]): Promise<string> {',
      "  if (argv[0] === 'serve') return (await import('./serve-acd-command.ts')).serveAcd(argv.slice(1));",
      "  return (await import('./phones-command.ts')).phones();",
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'bin', 'serve-acd-command.ts'),
    [
      "import { readFileSync } from 'node:fs';",
      "const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };",
      'export async function serveAcd(args: string[]): Promise<string> {',
      "  const { EOL } = await import('node:os');",
      "  return pkg.version + ' ' + args.join(',') + ' ' + EOL.length;",
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(join(root, 'bin', 'phones-command.ts'), "export const phones = async () => 'phones';\n");
  await buildRuntime({ root });
});
after(() => rmSync(root, { recursive: true, force: true }));

test('the build writes a CommonJS bundle for each serve command the project has, named in the manifest', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'dist', 'manifest.json'), 'utf8')) as {
    serveBundles: Record<string, string>;
    inputs: Record<string, unknown>;
  };
  assert.deepEqual(manifest.serveBundles, { acd: 'serve-acd.cjs' });
  assert.deepEqual(Object.keys(manifest.inputs), [
    'bin/cli.ts',
    'bin/phones-command.ts',
    'bin/serve-acd-command.ts',
  ]);
  const entry = freshBuildEntry(root)!;
  assert.equal(serveBundleFor(entry, ['serve', 'acd', '--x']), join(root, 'dist', 'serve-acd.cjs'));
  assert.equal(serveBundleFor(entry, ['serve', 'cme']), undefined, 'no serve cme command: no bundle');
  assert.equal(serveBundleFor(entry, ['phones']), undefined);
  assert.equal(serveBundleFor(entry, ['serve', 'toString']), undefined);
});

test('the serve bundle runs its command with import.meta.url of the source; other commands are not in it', async () => {
  const bundle = loadCachedBundle(join(root, 'dist', 'serve-acd.cjs'));
  const main = bundle.exports.main as (argv: string[]) => Promise<string>;
  assert.equal(await main(['serve', 'a', 'b']), '3.1.4 a,b 1');
  await assert.rejects(() => main(['phones']), /ctilab: \.\/phones-command\.ts is not in this serve bundle/);
  // The ES module build still has every command.
  const { main: esm } = (await import(freshBuildEntry(root)!)) as {
    main: (argv: string[]) => Promise<string>;
  };
  assert.equal(await esm(['phones']), 'phones');
});

test('a serve bundle holds no import(): with its code cache, in a new process, import of a built-in still runs', () => {
  const source = readFileSync(join(root, 'dist', 'serve-acd.cjs'), 'utf8');
  assert.doesNotMatch(source, /\bimport\(/);
  const run = () =>
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { loadCachedBundle } from ${JSON.stringify(pathToFileURL(join(here, 'code-cache.js')).href)};
         const b = loadCachedBundle(${JSON.stringify(join(root, 'dist', 'serve-acd.cjs'))});
         console.log(b.cache, await b.exports.main(['serve', 'x']));
         b.saveCache();`,
      ],
      { encoding: 'utf8' },
    );
  const first = run();
  assert.equal(first.stdout.trim(), 'absent 3.1.4 x 1');
  assert.equal(first.stderr, '');
  const second = run();
  assert.equal(second.stdout.trim(), 'used 3.1.4 x 1');
  assert.equal(second.stderr, '');
});
