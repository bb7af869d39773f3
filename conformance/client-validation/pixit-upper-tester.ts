/**
 * The upper tester a client PIXIT declares: each action is a shell command (run by /bin/sh, its
 * exit status the outcome) or an HTTP request (2xx is success). Arguments are checked against a
 * safe alphabet (digits, letters, `.:@+_-`: numbers, device IDs, agent IDs and states) before
 * they are placed, so a value can never become shell syntax or a second URL parameter; shell
 * values are single-quoted too, URL values percent-encoded.
 */
import { spawn } from 'node:child_process';
import { type Clock, systemClock } from '../../simulators/lab/clock.ts';
import type { ClientPixit, UpperTesterAction } from './client-pixit.ts';
import type { UpperTester, UpperTesterResult } from './upper-tester.ts';

const SAFE_VALUE = /^[A-Za-z0-9.:@+_-]*$/;
const TAIL = 300;

export interface PixitUpperTesterOptions {
  /** Values of the run for `{control}` and the like (e.g. the control URL a launched client printed). */
  readonly context?: () => Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** The clock the action timeouts read. */
  readonly clock?: Clock;
}

export function pixitUpperTester(pixit: ClientPixit, opts: PixitUpperTesterOptions = {}): UpperTester {
  const actions = pixit.upperTester?.actions ?? {};
  const timeoutMs = (pixit.upperTester?.timeoutSeconds ?? 10) * 1000;
  return {
    supports: (action) => Object.hasOwn(actions, action),
    async perform(action, args) {
      const declared = actions[action];
      if (declared === undefined)
        return { ok: false, detail: `the PIXIT declares no upper-tester action '${action}'` };
      for (const [name, value] of Object.entries(args)) {
        if (!SAFE_VALUE.test(value))
          return {
            ok: false,
            detail: `argument ${name}='${value}' has characters outside [A-Za-z0-9.:@+_-]`,
          };
      }
      const values = { ...(opts.context?.() ?? {}), ...args };
      return run(declared, values, timeoutMs, opts.cwd, opts.clock ?? systemClock);
    },
  };
}

/** Replaces `{name}` by `encode(value)`; a placeholder with no value is an error, not an empty string. */
export function fill(
  template: string,
  values: Readonly<Record<string, string>>,
  encode: (v: string) => string,
): string {
  return template.replace(/\{([a-zA-Z][a-zA-Z0-9-]*)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}}`);
    return encode(value);
  });
}

const shellQuote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

async function run(
  action: UpperTesterAction,
  values: Readonly<Record<string, string>>,
  timeoutMs: number,
  cwd: string | undefined,
  clock: Clock,
): Promise<UpperTesterResult> {
  try {
    if ('shell' in action)
      return await runShell(fill(action.shell, values, shellQuote), timeoutMs, cwd, clock);
    const { method, url, headers, body } = action.http;
    // `{control}` is a whole URL prefix: left as it is; everything else percent-encoded.
    const target = fill(url, values, (v) => (v === values['control'] ? v : encodeURIComponent(v)));
    const abort = new AbortController();
    const timer = clock.setTimeout(() => abort.abort(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    try {
      const response = await fetch(target, {
        method,
        ...(headers === undefined ? {} : { headers }),
        ...(body === undefined ? {} : { body: fill(body, values, (v) => v) }),
        signal: abort.signal,
      });
      const text = (await response.text()).slice(-TAIL);
      return { ok: response.ok, detail: `HTTP ${response.status}${text === '' ? '' : `: ${text.trim()}`}` };
    } finally {
      timer.cancel();
    }
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  }
}

function runShell(
  command: string,
  timeoutMs: number,
  cwd: string | undefined,
  clock: Clock,
): Promise<UpperTesterResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (c: Buffer) => {
      output = (output + c.toString('utf8')).slice(-TAIL);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = clock.setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      timer.cancel();
      resolve({ ok: false, detail: e.message });
    });
    child.on('close', (code, signal) => {
      timer.cancel();
      const tail = output.trim() === '' ? '' : `: ${output.trim()}`;
      if (signal !== null)
        resolve({ ok: false, detail: `killed by ${signal} (timeout ${timeoutMs} ms)${tail}` });
      else resolve({ ok: code === 0, detail: `exit ${code}${tail}` });
    });
  });
}
