// The compiled runtime path (`npm run build`; `npm ci` runs it through the `prepare` script):
// esbuild bundles bin/cli.ts and the dependencies it loads into dist/ (ES modules, one chunk per
// lazily loaded command), so `ctilab serve` starts without compiling TypeScript; and per
// `serve <node>` a CommonJS bundle of the CLI with that command only (dist/serve-<node>.cjs,
// compiled-runtime.js SERVE_BUNDLES), which bin/ctilab.js runs with V8's code cache
// (code-cache.js). The harness commands (compiled-runtime.js TSX_COMMANDS) stay outside the
// bundle: they run on tsx. Writes
// dist/manifest.json last (the inputs with size, mtime, sha256) into a fresh folder that then
// replaces dist/ whole. Plain JavaScript, like bin/ctilab.js.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_DIR, MANIFEST, SERVE_BUNDLES, sha256Of, TSX_COMMANDS } from './compiled-runtime.js';

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

/**
 * In a serve bundle, the command modules bin/cli.ts loads on demand other than `keep`: a module
 * that refuses to load (the bundle runs `serve <node>` only, compiled-runtime.js SERVE_BUNDLES).
 */
function onlyCommandPlugin(root, keep) {
  const kept = join(root, 'bin', keep);
  return {
    name: 'ctilab-only-command',
    setup(build) {
      build.onResolve({ filter: /-command\.ts$/ }, (args) => {
        if (args.kind !== 'dynamic-import' || resolve(args.resolveDir, args.path) === kept) return undefined;
        return { path: args.path, namespace: 'ctilab-not-in-bundle' };
      });
      build.onLoad({ filter: /.*/, namespace: 'ctilab-not-in-bundle' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`ctilab: ${args.path} is not in this serve bundle`)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * In a serve bundle, `import('node:x')` becomes a require of the built-in (through a module that
 * re-exports it): a vm.Script run with a code cache has no dynamic import() on Node 20.
 */
function builtinImportsPlugin() {
  return {
    name: 'ctilab-builtin-imports',
    setup(build) {
      build.onResolve({ filter: /^node:/ }, (args) =>
        args.kind === 'dynamic-import' ? { path: args.path, namespace: 'ctilab-builtin' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'ctilab-builtin' }, (args) => ({
        contents: `export * from ${JSON.stringify(args.path)}; export { default } from ${JSON.stringify(args.path)};`,
        loader: 'js',
      }));
    },
  };
}

/** The dynamic import() calls esbuild left in an output (none may be left in a serve bundle). */
function dynamicImportsOf(result) {
  return Object.values(result.metafile.outputs).flatMap((o) =>
    o.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path),
  );
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
      // No keepNames: it wraps every function and class the bundle creates in a __name() call at
      // run time (1-3% of a registering phone's CPU, issue 13 profile of bench:register). Error
      // names come from the classes' own `name` fields, not from Function.name.
      keepNames: false,
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
    // `serve <node>`: the CLI with that command only, as CommonJS for V8's code cache (code-cache.js).
    const serveBundles = {};
    const serveResults = await Promise.all(
      Object.entries(SERVE_BUNDLES)
        .filter(([, command]) => existsSync(join(root, 'bin', command)))
        .map(async ([node, command]) => {
          serveBundles[node] = `serve-${node}.cjs`;
          return esbuild.build({
            absWorkingDir: root,
            entryPoints: [join(root, entry)],
            bundle: true,
            format: 'cjs',
            platform: 'node',
            target: 'node20',
            outfile: join(workDir, serveBundles[node]),
            keepNames: false,
            sourcemap: 'linked',
            metafile: true,
            logLevel: 'warning',
            external: EXTERNAL_PACKAGES,
            // ES module semantics (strict mode); import.meta.url is the bundle's own URL.
            banner: {
              js: "'use strict'; const __ctilabBundleUrl = require('node:url').pathToFileURL(__filename).href;",
            },
            define: { 'import.meta.url': '__ctilabBundleUrl' },
            plugins: [onlyCommandPlugin(root, command), builtinImportsPlugin(), sourceUrlPlugin(finalDir)],
          });
        }),
    );
    for (const r of serveResults) {
      const left = dynamicImportsOf(r);
      if (left.length > 0)
        throw new Error(
          `a serve bundle would import() ${left.join(', ')} (not possible with its code cache)`,
        );
    }
    const inputs = {};
    const bundled = new Set(Object.keys(result.metafile.inputs));
    for (const r of serveResults) for (const input of Object.keys(r.metafile.inputs)) bundled.add(input);
    for (const input of [...bundled].sort()) {
      if (input.startsWith('ctilab-not-in-bundle:') || input.startsWith('ctilab-builtin:')) continue;
      const abs = isAbsolute(input) ? input : join(root, input);
      const pkg = packageManifestOf(relative(root, abs));
      const file = pkg ?? posix(relative(root, abs));
      if (!(file in inputs)) inputs[file] = recordOf(root, file);
    }
    const manifest = { entry: 'cli.js', serveBundles, builtBy: `esbuild ${esbuild.version}`, inputs };
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
