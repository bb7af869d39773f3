/**
 * Starts the client under test when validate-client is given its command (`--client "<cmd>"`,
 * or `--reference` for the shipped fixture): the ConnectInfo goes in the environment
 * (`CTILAB_CONNECT`, JSON) and in `{connect}` of the command; the client's output goes to the
 * run's `client.log`; a JSON line `{"control": "<url>"}` the client prints becomes `{control}`
 * for the upper tester (the shipped fixtures print one).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Clock } from '../../simulators/lab/clock.ts';
import type { ConnectInfo } from './client-profile.ts';

export interface LaunchedClient {
  /** Values for the upper tester (`control` once the client printed it). */
  readonly context: Record<string, string>;
  /** Resolves with the control URL, or undefined when the client exits without one. */
  readonly control: Promise<string | undefined>;
  stop(): Promise<void>;
}

export function launchClient(
  command: readonly string[],
  connect: ConnectInfo,
  logFile: string,
  cwd: string,
  clock: Clock,
): LaunchedClient {
  const connectJson = JSON.stringify(connect);
  const argv = command.map((a) => a.replaceAll('{connect}', connectJson));
  const logStream = createWriteStream(logFile);
  // The child's pipes may still deliver bytes after its 'exit' and after stop() ended the log:
  // those are dropped, not written to an ended stream (ERR_STREAM_WRITE_AFTER_END, an uncaught
  // 'error' that ended a CI run's test process).
  const log = {
    write: (chunk: string | Buffer): void => {
      if (!logStream.writableEnded) logStream.write(chunk);
    },
    end: (done: () => void): void => {
      logStream.end(done);
    },
  };
  const child: ChildProcess = spawn(argv[0] as string, argv.slice(1), {
    cwd,
    env: { ...process.env, CTILAB_CONNECT: connectJson },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const context: Record<string, string> = {};
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      log.write(`[ctilab] client exited (${signal ?? `code ${code}`})\n`);
      resolve();
    });
    child.on('error', (e) => {
      exited = true;
      log.write(`[ctilab] client did not start: ${e.message}\n`);
      resolve();
    });
  });
  const control = new Promise<string | undefined>((resolve) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (context['control'] !== undefined || !line.startsWith('{')) return;
      try {
        const url = (JSON.parse(line) as { control?: unknown }).control;
        if (typeof url === 'string') {
          context['control'] = url;
          resolve(url);
        }
      } catch {
        // not a JSON line: only logged
      }
    });
    void exit.then(() => resolve(context['control']));
  });
  child.stderr?.on('data', (c: Buffer) => log.write(c));
  return {
    context,
    control,
    async stop() {
      if (!exited && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const killer = clock.setTimeout(() => {
          if (!exited && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        }, 3000);
        await exit;
        killer.cancel();
      }
      await new Promise<void>((r) => log.end(r));
    },
  };
}
