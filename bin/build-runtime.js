// The compiled runtime path (`npm run build`; `npm ci` runs it through the `prepare` script):
// esbuild bundles bin/cli.ts and the dependencies it loads into dist/ (ES modules, one chunk per
// lazily loaded command), so `ctilab serve` starts without compiling TypeScript. The harness
// commands (compiled-runtime.js TSX_COMMANDS) stay outside the bundle: they run on tsx. Writes
// dist/manifest.json last (the inputs with size, mtime, sha256) into a fresh folder that then
// replaces dist/ whole. Plain JavaScript, like bin/ctilab.js.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_DIR, MANIFEST, sha256Of, TSX_COMMANDS } from './compiled-runtime.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Packages the bundle leaves to node_modules: the container client, the harness, tsx itself. */
const EXTERNAL_PACKAGES = ['testcontainers', '@cucumber/cucumber', 'tsx', 'tsx/*', 'playwright-core'];

const posix = (path) => path.split(sep).join('/');

/**
 * Each project module's `import.meta.url` becomes the URL of its source file (resolved from the
 * bundle's folder), so paths built from it (package.json, bin/ctilab.js, the project root) are the
 * same as under tsx.
 */
function sourceUrlPlugin(outDir) {
  return {
    name: 'ctilab-source-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        const fromOut = posix(relative(outDir, args.path));
        const contents = source.replace(
          /\bimport\.meta\.url\b/g,
          `new URL(${JSON.stringify(fromOut)}, import.meta.url).href`,
        );
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** `./run-command.ts` and the other harness commands: left as imports of their sources. */
function tsxCommandsPlugin(root, outDir) {
  const harness = new Set([...TSX_COMMANDS].map((c) => join(root, 'bin', `${c}-command.ts`)));
  return {
    name: 'ctilab-tsx-commands',
    setup(build) {
      build.onResolve({ filter: /-command\.ts$/ }, (args) => {
        const abs = resolve(args.resolveDir, args.path);
        if (!harness.has(abs)) return undefined;
        return { path: posix(relative(outDir, abs)), external: true };
      });
    },
  };
}

/** `node_modules/<package>/package.json` of a bundled file (nested packages kept nested). */
export function packageManifestOf(input) {
  const at = posix(input).indexOf('node_modules/');
  if (at < 0) return undefined;
  const parts = posix(input)
    .slice(at + 'node_modules/'.length)
    .split('/');
  const dir = [];
  for (let i = 0; i < parts.length - 1; ) {
    const take = parts[i]?.startsWith('@') ? 2 : 1;
    dir.push(...parts.slice(i, i + take));
    i += take;
    if (parts[i] !== 'node_modules') break;
    dir.push('node_modules');
    i++;
  }
  return `node_modules/${dir.join('/')}/package.json`;
}

/** What the manifest records of one input. */
function recordOf(root, file) {
  const path = join(root, file);
  const st = statSync(path);
  return { size: st.size, mtimeMs: st.mtimeMs, sha256: sha256Of(path) };
}

/**
 * Builds `entry` (relative to `root`) into `root/<outDir>`; returns the manifest written.
 * Inputs: the project files bundled and the package.json of every bundled dependency.
 */
export async function buildRuntime({ root = projectRoot, entry = 'bin/cli.ts', outDir = BUILD_DIR } = {}) {
  const esbuild = await import('esbuild');
  const finalDir = join(root, outDir);
  const workDir = join(root, `${outDir}.building-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: { cli: join(root, entry) },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outdir: workDir,
      // Class and function names stay what the sources call them (error names, logs).
      keepNames: true,
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
      external: EXTERNAL_PACKAGES,
      // CommonJS dependencies bundled into ES modules still call require() (node built-ins).
      banner: {
        js: "import { createRequire as __ctilabCreateRequire } from 'node:module'; const require = __ctilabCreateRequire(import.meta.url);",
      },
      // Same depth as dist/, so the relative source URLs hold after the rename.
      plugins: [sourceUrlPlugin(finalDir), tsxCommandsPlugin(root, finalDir)],
    });
    const inputs = {};
    for (const input of Object.keys(result.metafile.inputs).sort()) {
      const abs = isAbsolute(input) ? input : join(root, input);
      const pkg = packageManifestOf(relative(root, abs));
      const file = pkg ?? posix(relative(root, abs));
      if (!(file in inputs)) inputs[file] = recordOf(root, file);
    }
    const manifest = { entry: 'cli.js', builtBy: `esbuild ${esbuild.version}`, inputs };
    writeFileSync(join(workDir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
    rmSync(finalDir, { recursive: true, force: true });
    renameSync(workDir, finalDir);
    return manifest;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  try {
    const manifest = await buildRuntime();
    const ms = Math.round(performance.now() - started);
    process.stdout.write(
      `ctilab build: ${BUILD_DIR}/ from ${Object.keys(manifest.inputs).length} inputs in ${ms} ms\n`,
    );
  } catch (err) {
    // No build is not an install failure: bin/ctilab.js then runs the sources through tsx.
    process.stderr.write(
      `ctilab build: not built (${err instanceof Error ? err.message : String(err)}); ctilab will run the TypeScript sources through tsx\n`,
    );
    if (process.env.CTILAB_BUILD_STRICT === '1') process.exitCode = 1;
  }
}
