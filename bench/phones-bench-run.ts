// What the two registration benchmarks share (register-phones.ts: one CME and one phones process
// per N; scale-phones.ts: a CME or CUCM node processes and several phones processes): their child
// processes and how an interruption stops them, the CME child on a generated config, the outcome
// line a `ctilab phones` process prints, and the end of the bench's main.
import { writeFile } from 'node:fs/promises';
import { systemClock } from '../simulators/lab/clock.ts';
import { CtilabChild } from '../simulators/runtime/ctilab-child.ts';
import type { RegistrationFigures } from './bench-figures.ts';
import { generateCmeConfig } from './generate-cme-config.ts';

/** The registration outcome line of `ctilab phones` (bin/phones-command.ts). */
export interface PhonesOutcome extends RegistrationFigures {
  phones: number;
  startedAt: number;
  finishedAt: number;
  /** With --registration-times: every phone's registration time, ms. */
  registrationTimesMs?: number[];
  failures: Array<{ device: string; error: string }>;
}

/** The outcome line of a phones process (read from its first line on), within `timeoutMs`. */
export async function phonesOutcome(phones: CtilabChild, timeoutMs: number): Promise<PhonesOutcome> {
  const line = await phones.waitForLine(
    (v) => 'registered' in v && 'phones' in v,
    timeoutMs,
    'registration outcome',
    0,
  );
  return line.value as unknown as PhonesOutcome;
}

/** The child processes of a bench run; SIGINT or SIGTERM stops them all and ends every wait. */
export class BenchChildren {
  readonly #live = new Set<CtilabChild>();
  readonly #interrupted = new AbortController();

  /** Whether SIGINT or SIGTERM came (the bench then exits 130). */
  get interrupted(): boolean {
    return this.#interrupted.signal.aborted;
  }

  /** `child`, stopped with the others on an interruption or at the end. */
  track(child: CtilabChild): CtilabChild {
    this.#live.add(child);
    return child;
  }

  /** `child` stopped and no longer tracked. */
  async stop(child: CtilabChild, timeoutMs: number): Promise<void> {
    await child.stop(timeoutMs);
    this.#live.delete(child);
  }

  /** Runs `work` with SIGINT and SIGTERM stopping every child; at its end stops those still running. */
  async run<T>(work: () => Promise<T>, stopMs: number): Promise<T> {
    const stopAll = () => {
      this.#interrupted.abort();
      for (const c of this.#live) c.signal('SIGTERM');
    };
    process.once('SIGINT', stopAll);
    process.once('SIGTERM', stopAll);
    try {
      return await work();
    } finally {
      process.off('SIGINT', stopAll);
      process.off('SIGTERM', stopAll);
      await Promise.all([...this.#live].map((c) => c.stop(stopMs)));
    }
  }

  /** Waits `ms` of real time; rejects at once when the run is interrupted. */
  sleep = (ms: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const signal = this.#interrupted.signal;
      if (signal.aborted) return reject(new Error('interrupted'));
      const onAbort = () => {
        timer.cancel();
        reject(new Error('interrupted'));
      };
      const timer = systemClock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

/**
 * One CME child (`ctilab serve cme` on 127.0.0.1, an ephemeral SCCP port, status lines every
 * `statusIntervalMs`) on a generated config of `count` ephones, ready: its SCCP port read from its
 * ready line.
 */
export async function startBenchCme(
  children: BenchChildren,
  config: { path: string; count: number; macBase: string; keepaliveSeconds: number },
  opts: { statusIntervalMs: number; nodeArgs: string[]; readyMs: number },
): Promise<{ child: CtilabChild; port: number }> {
  await writeFile(
    config.path,
    generateCmeConfig({
      count: config.count,
      macBase: config.macBase,
      keepaliveSeconds: config.keepaliveSeconds,
    }),
  );
  const child = children.track(
    new CtilabChild(
      'cme',
      [
        'serve',
        'cme',
        '--config',
        config.path,
        '--host',
        '127.0.0.1',
        '--sccp-port',
        '0',
        '--status-interval-ms',
        String(opts.statusIntervalMs),
      ],
      { nodeArgs: opts.nodeArgs },
    ),
  );
  const ready = await child.waitForLine((v) => 'endpoints' in v, opts.readyMs, 'ready line', 0);
  const port = (ready.value as { endpoints?: { sccp?: { port?: unknown } } }).endpoints?.sccp?.port;
  if (typeof port !== 'number' || port <= 0)
    throw new Error(`CME ready line has no SCCP port: ${JSON.stringify(ready.value)}`);
  return { child, port };
}

/**
 * Runs a registration bench's main: its value is the exit code; a throw prints `<name> failed: …`
 * on stderr and exits 1, or 130 after an interruption.
 */
export async function runPhonesBench(
  name: string,
  children: BenchChildren,
  main: (argv: string[]) => Promise<number>,
): Promise<void> {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${name} failed: ${(err as Error).stack ?? (err as Error).message}\n`);
    process.exitCode = children.interrupted ? 130 : 1;
  }
}
