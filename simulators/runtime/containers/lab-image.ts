// The image every container of a lab runs (DESIGN.md section 4): built locally from what is on
// this machine, since there is no registry. `scratch` (the default): the host's node binary, the
// shared libraries `ldd` lists for it, the project's sources and the node_modules its command line
// needs. `node:<tag>` (a user with a registry): that base image plus the same /app. The tag is a
// hash of the staged files, so an unchanged project is not built twice.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** What the lab's containers run: `ctilab <args>`. */
export const IMAGE_REPOSITORY = 'ctilab-lab';

/**
 * Project folders a node or phone container needs (tests excluded). dist/ is the compiled build
 * (bin/build-runtime.js): bin/ctilab.js runs it when it matches the sources copied beside it (by
 * content: the copies have new mtimes), else the sources through tsx.
 */
const PROJECT_PARTS = ['bin', 'simulators', 'labs', 'dist', 'package.json', 'tsconfig.json'];

/**
 * Dependencies the containers do not need: the test harness and the runtime's own Docker client.
 * Everything else in package.json `dependencies` is copied with its dependency closure.
 */
const HOST_ONLY_DEPENDENCIES = new Set(['@cucumber/cucumber', 'testcontainers']);

export type ImageBase = 'scratch' | `node:${string}`;

export interface StagedImage {
  /** The build context: Dockerfile and rootfs/. */
  readonly context: string;
  /** `ctilab-lab:<hash of the staged files>`. */
  readonly name: string;
  readonly files: number;
  readonly bytes: number;
}

/** CTILAB_IMAGE_BASE, when set, names the base (`scratch` or `node:<tag>`); scratch otherwise. */
export function imageBaseFromEnv(value = process.env.CTILAB_IMAGE_BASE): ImageBase {
  if (value === undefined || value === '' || value === 'scratch') return 'scratch';
  if (/^node:[A-Za-z0-9._-]+$/.test(value)) return value as ImageBase;
  throw new Error(`CTILAB_IMAGE_BASE '${value}' is neither 'scratch' nor 'node:<tag>'`);
}

/** Copies what the image holds into a fresh build context and names the image by its content. */
export function stageImage(base: ImageBase, root = projectRoot): StagedImage {
  const context = join(tmpdir(), `ctilab-image-${process.pid}-${Date.now()}`);
  const rootfs = join(context, 'rootfs');
  mkdirSync(join(rootfs, 'app', 'node_modules'), { recursive: true });
  const skipTests = (src: string) => !/\.test\.ts$/.test(src) && !src.includes(`${'/'}.stryker-tmp`);
  for (const part of PROJECT_PARTS) {
    const from = join(root, part);
    // Timestamps kept: bin/ctilab.js then finds dist/ fresh by size and mtime, without hashing.
    if (existsSync(from))
      cpSync(from, join(rootfs, 'app', part), {
        recursive: true,
        filter: skipTests,
        preserveTimestamps: true,
      });
  }
  for (const dir of dependencyClosure(root)) {
    cpSync(dir, join(rootfs, 'app', relative(root, dir)), { recursive: true, dereference: true });
  }
  // tsx keeps its compile cache under os.tmpdir(); a scratch image has no /tmp of its own.
  mkdirSync(join(rootfs, 'tmp'));
  // Where the runtime copies each node's config file.
  mkdirSync(join(rootfs, 'lab'));
  chmodSync(join(rootfs, 'tmp'), 0o1777);
  let entry: string[];
  if (base === 'scratch') {
    for (const file of [process.execPath, ...sharedLibraries(process.execPath)]) {
      const target = join(rootfs, file);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(file, target, { dereference: true });
    }
    entry = [process.execPath, '/app/bin/ctilab.js'];
  } else {
    entry = ['node', '/app/bin/ctilab.js'];
  }
  const dockerfile = [
    `FROM ${base}`,
    'COPY rootfs/ /',
    'WORKDIR /app',
    'LABEL org.ctilab.image="lab"',
    `ENTRYPOINT ${JSON.stringify(entry)}`,
    '',
  ].join('\n');
  writeFileSync(join(context, 'Dockerfile'), dockerfile);
  const { hash, files, bytes } = hashTree(context);
  return { context, name: `${IMAGE_REPOSITORY}:${hash.slice(0, 16)}`, files, bytes };
}

export function removeStaged(staged: StagedImage): void {
  rmSync(staged.context, { recursive: true, force: true });
}

/** The shared libraries (and the dynamic loader) `ldd` lists for a binary. */
export function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  return parseLdd(out);
}

/** `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)` and `/lib64/ld-linux-x86-64.so.2 (0x...)`. */
export function parseLdd(out: string): string[] {
  const files: string[] = [];
  for (const line of out.split('\n')) {
    const arrow = /=>\s+(\/\S+)\s+\(/.exec(line);
    const direct = /^\s*(\/\S+)\s+\(/.exec(line);
    const file = arrow?.[1] ?? direct?.[1];
    if (file !== undefined && !files.includes(file)) files.push(file);
  }
  return files;
}

/** Directories of the runtime dependencies and everything they depend on (node's resolution). */
export function dependencyClosure(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const seen = new Set<string>();
  const queue: Array<{ name: string; from: string }> = Object.keys(pkg.dependencies ?? {})
    .filter((name) => !HOST_ONLY_DEPENDENCIES.has(name))
    .map((name) => ({ name, from: root }));
  while (queue.length > 0) {
    const { name, from } = queue.shift()!;
    const dir = resolvePackage(name, from, root);
    if (dir === undefined || seen.has(dir)) continue;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }))
      queue.push({ name: dep, from: dir });
  }
  // A package nested in another's node_modules is copied with its parent: keep only the outermost.
  const dirs = [...seen].sort();
  return dirs.filter((dir) => !dirs.some((other) => other !== dir && dir.startsWith(`${other}/`)));
}

/** `<dir>/node_modules/<name>` from `from` up to the project root, as node resolves it. */
function resolvePackage(name: string, from: string, root: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === resolve(root) || dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

/** sha256 over every file's path, mode and content, in path order. */
function hashTree(dir: string): { hash: string; files: number; bytes: number } {
  const hash = createHash('sha256');
  let files = 0;
  let bytes = 0;
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        hash.update(`d ${relative(dir, path)}\n`);
        walk(path);
      } else {
        const content = readFileSync(path);
        hash.update(`f ${relative(dir, path)} ${statSync(path).mode & 0o777} ${content.length}\n`);
        hash.update(content);
        files++;
        bytes += content.length;
      }
    }
  };
  walk(dir);
  return { hash: hash.digest('hex'), files, bytes };
}
