import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Clock, systemClock } from '../lab/clock.ts';
import { type JsonLine, LineLog } from './line-log.ts';

export { ChildProcessError, type JsonLine } from './line-log.ts';

const ctilabBin = fileURLToPath(new URL('../../bin/ctilab.js', import.meta.url));

/**
 * One `node bin/ctilab.js <args>` child process (or `<command> <args>`, e.g. a `docker run -i` of
 * the lab image): its stdout JSON lines (with arrival times), its stderr lines, bounded waits on
 * both and a bounded stop (SIGTERM, then SIGKILL). Every wait reads the injected clock.
 */
export class CtilabChild {
  readonly name: string;
  readonly output: LineLog;
  private readonly proc: ChildProcess;
  private exit: { code: number | null; signal: string | null } | undefined;

  constructor(
    name: string,
    args: readonly string[],
    opts: {
      nodeArgs?: string[];
      clock?: Clock;
      cwd?: string;
      stdin?: boolean;
      /** Takes the stdout lines it returns true for, as they arrive (LineLog.tap); the rest are kept. */
      onLine?: (value: Record<string, unknown>) => boolean;
      /** Variables added to this process's environment for the child. */
      env?: Readonly<Record<string, string>>;
      /**
       * The program and its first arguments that run ctilab, `args` after them (default: this node
       * binary, `nodeArgs`, bin/ctilab.js); e.g. `docker run -i ... <lab image>`.
       */
      command?: readonly [string, ...string[]];
    } = {},
  ) {
    this.name = name;
    this.output = new LineLog(name, opts.clock ?? systemClock);
    this.output.tap = opts.onLine;
    const [program, ...first] = opts.command ?? [process.execPath, ...(opts.nodeArgs ?? []), ctilabBin];
    this.proc = spawn(program, [...first, ...args], {
      stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
      ...(opts.env === undefined ? {} : { env: { ...process.env, ...opts.env } }),
    });
    // A write to a child that has just died fails with EPIPE: the exit is reported by 'close'.
    this.proc.stdin?.on('error', () => undefined);
    this.proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.output.onStdout(chunk));
    this.proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.output.onStderr(chunk));
    this.proc.on('error', (err) => {
      this.output.pushStderr(`spawn error: ${err.message}`);
      this.exit ??= { code: null, signal: null };
      this.output.end(`exited (${this.describeExit()})`);
    });
    // 'close' (not 'exit'): stdout and stderr are drained by then, so no last line is missed.
    this.proc.on('close', (code, signal) => {
      this.exit = { code, signal };
      this.output.end(`exited (${this.describeExit()})`);
    });
  }

  get lines(): JsonLine[] {
    return this.output.lines;
  }

  get stderr(): string[] {
    return this.output.stderr;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get exited(): boolean {
    return this.exit !== undefined;
  }

  /** Lines of stderr seen so far matching `pattern` (counted over the kept lines). */
  countStderr(pattern: RegExp): number {
    return this.output.countStderr(pattern);
  }

  /**
   * The first JSON line from index `from` on (default: lines not yet received) for which `match`
   * holds. Rejects with {@link ChildProcessError} after `timeoutMs` or when the child exits first.
   */
  waitForLine(
    match: (value: Record<string, unknown>) => boolean,
    timeoutMs: number,
    what: string,
    from = this.lines.length,
  ): Promise<JsonLine> {
    return this.output.waitForLine(match, timeoutMs, what, from);
  }

  /** SIGTERM, wait up to graceMs for the exit, then SIGKILL and wait up to 5 s more. */
  async stop(graceMs: number): Promise<{ code: number | null; signal: string | null; killed: boolean }> {
    if (this.exit) return { ...this.exit, killed: false };
    this.proc.kill('SIGTERM');
    try {
      const e = await this.waitForExit(graceMs);
      return { ...e, killed: false };
    } catch {
      this.proc.kill('SIGKILL');
      const e = await this.waitForExit(5000);
      return { ...e, killed: true };
    }
  }

  /** Writes one line to the child's standard input (a child started with `stdin: true`). */
  send(line: string): void {
    if (this.proc.stdin === null) throw new Error(`${this.name}: started without stdin`);
    if (this.exit) throw new Error(`${this.name}: exited (${this.describeExit()})`);
    this.proc.stdin.write(`${line}\n`);
  }

  signal(sig: NodeJS.Signals): void {
    if (!this.exit) this.proc.kill(sig);
  }

  waitForExit(timeoutMs: number): Promise<{ code: number | null; signal: string | null }> {
    return this.output.waitUntil(() => this.exit, timeoutMs, 'exit', true);
  }

  private describeExit(): string {
    return this.exit ? `code ${this.exit.code}, signal ${this.exit.signal}` : 'running';
  }
}
