import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Clock, systemClock } from '../lab/clock.ts';

const ctilabBin = fileURLToPath(new URL('../../bin/ctilab.js', import.meta.url));
/** Stderr lines kept for error reports and counting (the rest are only counted). */
const keptStderrLines = 200_000;

export interface JsonLine {
  /** Clock time the line arrived. */
  at: number;
  value: Record<string, unknown>;
}

/** A child process ended or timed out while a runtime, benchmark or test waited on it. */
export class ChildProcessError extends Error {
  constructor(
    readonly child: string,
    message: string,
  ) {
    super(`${child}: ${message}`);
    this.name = 'ChildProcessError';
  }
}

/**
 * One `node bin/ctilab.js <args>` child process: its stdout JSON lines (with arrival times), its
 * stderr lines, bounded waits on both and a bounded stop (SIGTERM, then SIGKILL). Every wait reads
 * the injected clock.
 */
export class CtilabChild {
  readonly name: string;
  readonly lines: JsonLine[] = [];
  readonly stderr: string[] = [];
  private readonly proc: ChildProcess;
  private readonly clock: Clock;
  private readonly waiters = new Set<() => void>();
  private exit: { code: number | null; signal: string | null } | undefined;
  private stdoutRest = '';
  private stderrRest = '';

  constructor(
    name: string,
    args: readonly string[],
    opts: { nodeArgs?: string[]; clock?: Clock; cwd?: string } = {},
  ) {
    this.name = name;
    this.clock = opts.clock ?? systemClock;
    this.proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), ctilabBin, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    });
    this.proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk));
    this.proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.onStderr(chunk));
    this.proc.on('error', (err) => {
      this.stderr.push(`spawn error: ${err.message}`);
      this.exit ??= { code: null, signal: null };
      this.wake();
    });
    // 'close' (not 'exit'): stdout and stderr are drained by then, so no last line is missed.
    this.proc.on('close', (code, signal) => {
      this.exit = { code, signal };
      this.wake();
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get exited(): boolean {
    return this.exit !== undefined;
  }

  /** Lines of stderr seen so far matching `pattern` (counted over the kept lines). */
  countStderr(pattern: RegExp): number {
    return this.stderr.filter((l) => pattern.test(l)).length;
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
    let index = from;
    return this.waitUntil(
      () => {
        for (; index < this.lines.length; index++) {
          const line = this.lines[index]!;
          if (match(line.value)) return line;
        }
        return undefined;
      },
      timeoutMs,
      what,
    );
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

  signal(sig: NodeJS.Signals): void {
    if (!this.exit) this.proc.kill(sig);
  }

  waitForExit(timeoutMs: number): Promise<{ code: number | null; signal: string | null }> {
    return this.waitUntil(() => this.exit, timeoutMs, 'exit', true);
  }

  private waitUntil<T>(
    check: () => T | undefined,
    timeoutMs: number,
    what: string,
    exitOk = false,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = () => {
        this.waiters.delete(poll);
        timer.cancel();
      };
      const poll = () => {
        const found = check();
        if (found !== undefined) {
          finish();
          resolve(found);
        } else if (this.exit && !exitOk) {
          finish();
          reject(
            new ChildProcessError(
              this.name,
              `exited (${this.describeExit()}) before ${what}${this.stderrTail()}`,
            ),
          );
        }
      };
      const timer = this.clock.setTimeout(() => {
        this.waiters.delete(poll);
        reject(new ChildProcessError(this.name, `no ${what} within ${timeoutMs} ms${this.stderrTail()}`));
      }, timeoutMs);
      this.waiters.add(poll);
      poll();
    });
  }

  private describeExit(): string {
    return this.exit ? `code ${this.exit.code}, signal ${this.exit.signal}` : 'running';
  }

  private stderrTail(): string {
    const tail = this.stderr.slice(-5);
    return tail.length > 0 ? `; stderr ends:\n  ${tail.join('\n  ')}` : '';
  }

  private onStdout(chunk: string): void {
    const parts = (this.stdoutRest + chunk).split('\n');
    this.stdoutRest = parts.pop() ?? '';
    for (const text of parts) {
      if (text.trim() === '') continue;
      try {
        const value: unknown = JSON.parse(text);
        if (value !== null && typeof value === 'object' && !Array.isArray(value))
          this.lines.push({ at: this.clock.now(), value: value as Record<string, unknown> });
        else this.stderr.push(`stdout (not a JSON object): ${text}`);
      } catch {
        this.stderr.push(`stdout (not JSON): ${text}`);
      }
    }
    this.wake();
  }

  private onStderr(chunk: string): void {
    const parts = (this.stderrRest + chunk).split('\n');
    this.stderrRest = parts.pop() ?? '';
    for (const line of parts) if (this.stderr.length < keptStderrLines) this.stderr.push(line);
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
