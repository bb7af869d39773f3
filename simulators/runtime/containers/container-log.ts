// Follows a container's stdout and stderr into a LineLog (the same JSON lines a `ctilab` child
// prints). The Docker log stream ends when the container stops; after a restart `follow()` opens it
// again and skips what was already read, by the timestamps Docker puts on each line.
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import type { LineLog } from '../line-log.ts';

/** `2026-12-06T07:00:00.123456789Z` as a sortable key (fraction padded to nanoseconds). */
export function timestampKey(stamp: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(stamp);
  if (!m) return '';
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}`;
}

export class ContainerLog {
  private lastKey = { stdout: '', stderr: '' };
  private stream: NodeJS.ReadableStream | undefined;

  constructor(
    private readonly docker: Dockerode,
    private readonly container: Dockerode.Container,
    readonly log: LineLog,
  ) {}

  /** Starts (or, after a restart, resumes) following; resolves once the stream is open. */
  async follow(): Promise<void> {
    this.close();
    this.log.resume();
    const stream = (await this.container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      timestamps: true,
    })) as unknown as NodeJS.ReadableStream;
    this.stream = stream;
    const out = this.lines('stdout', (text) => this.log.onStdout(text));
    const err = this.lines('stderr', (text) => this.log.onStderr(text));
    this.docker.modem.demuxStream(stream, out, err);
    stream.on('end', () => {
      if (this.stream === stream) this.log.end('the container stopped');
    });
    stream.on('error', () => {
      if (this.stream === stream) this.log.end('the container log stream failed');
    });
  }

  close(): void {
    const stream = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    this.stream = undefined;
    stream?.destroy?.();
  }

  /** A writable that cuts the stream into lines, drops the ones already read and hands on the rest. */
  private lines(which: 'stdout' | 'stderr', deliver: (text: string) => void): PassThrough {
    const pass = new PassThrough();
    let rest = '';
    pass.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        const space = line.indexOf(' ');
        const key = timestampKey(space < 0 ? line : line.slice(0, space));
        if (key !== '' && key <= this.lastKey[which]) continue;
        if (key !== '') this.lastKey[which] = key;
        deliver(`${space < 0 ? '' : line.slice(space + 1)}\n`);
      }
    });
    return pass;
  }
}
