/**
 * The `ctilab` child processes of a test file (simulators/runtime/ctilab-child.ts): each child it
 * starts is stopped in the file's `after` hook (SIGTERM, then SIGKILL), and so is its working
 * directory removed when it has one of its own (a `lab up` keeps its state files there, apart from
 * any other run's).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AcdLabEndpoints } from '../acd-cti/acd-lab.ts';
import { CtilabChild } from '../runtime/ctilab-child.ts';

export type CtilabChildOptions = ConstructorParameters<typeof CtilabChild>[2];

/** What a short command (`lab status`, `lab fault …`) left: its exit code, first JSON line and stderr. */
export interface CtilabOutcome {
  code: number | null;
  value: Record<string, unknown> | undefined;
  stderr: string;
}

export interface CtilabChildren {
  /** The children's working directory (undefined: this process's). */
  readonly cwd: string | undefined;
  /** Starts `ctilab <args>` as a child, stopped when the file's tests are done. */
  start(name: string, args: string[], opts?: CtilabChildOptions): CtilabChild;
  /** Runs a short `ctilab <args>` to its end (at most 30 s). */
  once(args: string[]): Promise<CtilabOutcome>;
}

/**
 * Call at the top of a test file (it registers an `after` hook). `cwdPrefix`: the children run
 * in a fresh temporary directory of that prefix.
 */
export function ctilabChildren(opts: { cwdPrefix: string }): CtilabChildren & { readonly cwd: string };
export function ctilabChildren(opts?: { cwdPrefix?: undefined }): CtilabChildren;
export function ctilabChildren(opts: { cwdPrefix?: string | undefined } = {}): CtilabChildren {
  const cwd = opts.cwdPrefix === undefined ? undefined : mkdtempSync(join(tmpdir(), opts.cwdPrefix));
  const children: CtilabChild[] = [];
  after(async () => {
    for (const c of children) await c.stop(5000).catch(() => undefined);
    if (cwd !== undefined) rmSync(cwd, { recursive: true, force: true });
  });
  const start = (name: string, args: string[], childOpts: CtilabChildOptions = {}): CtilabChild => {
    const child = new CtilabChild(name, args, { ...(cwd === undefined ? {} : { cwd }), ...childOpts });
    children.push(child);
    return child;
  };
  return {
    cwd,
    start,
    async once(args) {
      const child = start(args.join(' '), args);
      const exit = await child.waitForExit(30_000);
      return { code: exit.code, value: child.lines[0]?.value, stderr: child.stderr.join('\n') };
    },
  };
}

/**
 * The ready line of a `ctilab serve …` child (the first JSON line with `endpoints`), as `T`;
 * rejects after 30 s or when the child exits first.
 */
export async function serveReadyLine<T>(child: CtilabChild): Promise<T> {
  return (await child.waitForLine((v) => typeof v.endpoints === 'object', 30_000, 'ready line')).value as T;
}

/** The ready line of `ctilab serve acd --dashboard`: the page and both sides of each ACD node. */
export interface AcdDashboardReady {
  dashboard: string;
  endpoints: AcdLabEndpoints;
}

/**
 * `ctilab serve acd` of labs/acd-duplex.yaml on ephemeral ports with `--console` (its stdin open)
 * and `--dashboard`; the caller stops it.
 */
export function serveAcdDuplexDashboard(): CtilabChild {
  const topology = fileURLToPath(new URL('../../labs/acd-duplex.yaml', import.meta.url));
  return new CtilabChild(
    'serve acd',
    [
      ...['serve', 'acd', '--topology', topology],
      ...['--port', 'sccp=0', '--port', 'acd:A=0', '--port', 'acd:B=0'],
      '--console',
      '--dashboard',
    ],
    { stdin: true },
  );
}

/** What `ctilab run` left: its exit code, its output and the run directory it wrote. */
export interface CtilabRunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** `<out>/runs/<the one run>`. */
  runDir: string;
}

/**
 * `ctilab run <args> --out <out>` from the project root, with the browser checks off
 * (CTILAB_SKIP_BROWSER=1), to its end (killed after `timeoutMs`).
 */
export function ctilabRun(
  args: readonly string[],
  out: string,
  timeoutMs = 240_000,
): Promise<CtilabRunResult> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(root, 'bin', 'ctilab.js'), 'run', ...args, '--out', out],
      { cwd: root, timeout: timeoutMs, env: { ...process.env, CTILAB_SKIP_BROWSER: '1' } },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        try {
          resolve({ code, stdout, stderr, runDir: join(out, 'runs', readdirSync(join(out, 'runs'))[0]!) });
        } catch (e) {
          reject(e);
        }
      },
    );
  });
}
