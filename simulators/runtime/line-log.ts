// The output of a `ctilab` command running somewhere else (a child process, a container): its
// stdout JSON lines with arrival times, its stderr lines, and bounded waits on them. Every wait
// reads the injected clock.
import { type Clock, systemClock } from '../lab/clock.ts';

/** Stderr lines kept for error reports and counting (the rest are dropped). */
const keptStderrLines = 200_000;

export interface JsonLine {
  /** Clock time the line arrived. */
  at: number;
  value: Record<string, unknown>;
}

/** The command ended or timed out while a runtime, benchmark or test waited on it. */
export class ChildProcessError extends Error {
  constructor(
    readonly child: string,
    message: string,
  ) {
    super(`${child}: ${message}`);
    this.name = 'ChildProcessError';
  }
}

export class LineLog {
  readonly lines: JsonLine[] = [];
  readonly stderr: string[] = [];
  private readonly waiters = new Set<() => void>();
  private ended: string | undefined;
  private stdoutRest = '';
  private stderrRest = '';
  /**
   * Sees every JSON object line first; a line it returns true for is taken (not kept in `lines`):
   * a stream a reader consumes as it comes (ground truth of a load run) would otherwise pile up.
   */
  tap: ((value: Record<string, unknown>) => boolean) | undefined;

  constructor(
    readonly name: string,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Why the command ended (undefined while it runs). */
  get endedBecause(): string | undefined {
    return this.ended;
  }

  /** The command ended: waits that need more output fail now. */
  end(reason: string): void {
    this.ended = reason;
    this.wake();
  }

  /** The command runs again (a restarted container): waits may be satisfied again. */
  resume(): void {
    this.ended = undefined;
  }

  onStdout(chunk: string): void {
    const parts = (this.stdoutRest + chunk).split('\n');
    this.stdoutRest = parts.pop() ?? '';
    for (const text of parts) {
      if (text.trim() === '') continue;
      try {
        const value: unknown = JSON.parse(text);
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          if (this.tap?.(value as Record<string, unknown>) !== true)
            this.lines.push({ at: this.clock.now(), value: value as Record<string, unknown> });
        } else this.pushStderr(`stdout (not a JSON object): ${text}`);
      } catch {
        this.pushStderr(`stdout (not JSON): ${text}`);
      }
    }
    this.wake();
  }

  onStderr(chunk: string): void {
    const parts = (this.stderrRest + chunk).split('\n');
    this.stderrRest = parts.pop() ?? '';
    for (const line of parts) this.pushStderr(line);
  }

  pushStderr(line: string): void {
    if (this.stderr.length < keptStderrLines) this.stderr.push(line);
  }

  /** Lines of stderr seen so far matching `pattern` (counted over the kept lines). */
  countStderr(pattern: RegExp): number {
    return this.stderr.filter((l) => pattern.test(l)).length;
  }

  /**
   * The first JSON line from index `from` on (default: lines not yet received) for which `match`
   * holds. Rejects with {@link ChildProcessError} after `timeoutMs` or when the command ends first.
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

  /** Resolves with what `check` returns once it is defined; `endOk`: the command's end does not fail it. */
  waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string, endOk = false): Promise<T> {
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
        } else if (this.ended !== undefined && !endOk) {
          finish();
          reject(new ChildProcessError(this.name, `${this.ended} before ${what}${this.stderrTail()}`));
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

  wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private stderrTail(): string {
    const tail = this.stderr.slice(-5);
    return tail.length > 0 ? `; stderr ends:\n  ${tail.join('\n  ')}` : '';
  }
}
