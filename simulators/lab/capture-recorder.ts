import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { CaptureError } from './capture-error.ts';
import type { Endpoint, Observation, ObservationStream, WireProtocol } from './observation.ts';
import { PcapError } from './pcap-error.ts';
import { PcapWriter, type PcapWriterOptions } from './pcap-writer.ts';

export interface CaptureRecorderOptions {
  path: string;
  /** Only these protocols are captured; all of them when absent. */
  protocols?: WireProtocol[];
  /** See {@link PcapWriterOptions.dedupe}; default true. */
  dedupe?: boolean;
  /** See {@link PcapWriterOptions.clientHint}. */
  clientHint?: (a: Endpoint, b: Endpoint) => Endpoint | undefined;
}

export interface CaptureStats {
  path: string;
  packets: number;
  /** Observations turned into packets. */
  written: number;
  /** Observations left out on purpose (state, other protocols, duplicates, data after close). */
  ignored: number;
  /** Observations the writer refused (bad address, time, ...), with the last few reasons. */
  rejected: number;
  lastRejections: string[];
}

const KEPT_REJECTIONS = 10;

interface OpenFile {
  stream: WriteStream;
  error: unknown;
}

/**
 * Writes what crosses the lab's sockets to a pcap file: a consumer of the observation stream
 * (DESIGN.md section 3) that never touches a node. Packets are queued on a file write stream in
 * order, so nothing is lost however fast the stream runs; `stop()` unsubscribes, flushes and
 * closes. An observation the writer refuses is counted and never disturbs the publisher.
 */
export class CaptureRecorder {
  private readonly stream: ObservationStream;
  private readonly opts: CaptureRecorderOptions;
  private currentPath: string;
  private file: OpenFile | undefined;
  private writer: PcapWriter | undefined;
  private unsubscribe: (() => void) | undefined;
  private state: 'new' | 'running' | 'stopped' = 'new';
  private rejected = 0;
  private readonly rejections: string[] = [];
  private readonly protocols: ReadonlySet<WireProtocol> | undefined;
  private lastStats: CaptureStats | undefined;

  constructor(stream: ObservationStream, opts: CaptureRecorderOptions) {
    this.stream = stream;
    this.opts = opts;
    this.currentPath = opts.path;
    this.protocols = opts.protocols ? new Set(opts.protocols) : undefined;
  }

  get path(): string {
    return this.currentPath;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  get stats(): CaptureStats {
    if (!this.writer) {
      return (
        this.lastStats ?? {
          path: this.currentPath,
          packets: 0,
          written: 0,
          ignored: 0,
          rejected: 0,
          lastRejections: [],
        }
      );
    }
    return {
      path: this.currentPath,
      ...this.writer.stats,
      rejected: this.rejected,
      lastRejections: [...this.rejections],
    };
  }

  /** The client of a live TCP connection this capture has seen open (see PcapWriterOptions.clientHint). */
  clientOf(a: Endpoint, b: Endpoint): Endpoint | undefined {
    try {
      return this.writer?.clientOf(a, b);
    } catch {
      return undefined;
    }
  }

  /** Opens the file, writes the pcap header and starts listening. Throws {@link CaptureError}. */
  start(): void {
    if (this.state === 'running')
      throw new CaptureError('already-started', `already capturing to ${this.currentPath}`);
    if (this.state === 'stopped')
      throw new CaptureError('stopped', 'a stopped recorder cannot restart; make a new one');
    this.open(this.currentPath, this.opts.clientHint);
    this.unsubscribe = this.stream.subscribe((o) => this.onObservation(o));
    this.state = 'running';
  }

  /**
   * Closes the current file and continues in `newPath` without missing an observation. Connections
   * already open keep their client/server roles; they get a fresh handshake in the new file.
   */
  async rotate(newPath: string): Promise<void> {
    if (this.state !== 'running') throw new CaptureError('not-started', 'rotate() needs a running recorder');
    const known = new Map<string, Endpoint>();
    for (const c of this.writer?.liveConnections() ?? []) known.set(roleKey(c.client, c.server), c.client);
    const userHint = this.opts.clientHint;
    const previous = this.closeFile();
    this.open(newPath, (a, b) => known.get(roleKey(a, b)) ?? userHint?.(a, b));
    await previous;
  }

  /** Unsubscribes, flushes and closes. Idempotent; rejects with {@link CaptureError} on I/O failure. */
  async stop(): Promise<void> {
    if (this.state !== 'running') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopped';
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.closeFile();
  }

  private open(path: string, clientHint: PcapWriterOptions['clientHint']): void {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw new CaptureError('io', `cannot create the folder for ${path}: ${(err as Error).message}`, err);
    }
    this.currentPath = path;
    this.rejected = 0;
    this.rejections.length = 0;
    const file: OpenFile = { stream: createWriteStream(path), error: undefined };
    file.stream.on('error', (err) => {
      file.error ??= err;
    });
    this.file = file;
    this.writer = new PcapWriter(
      (chunk) => {
        if (file.error === undefined) file.stream.write(chunk);
      },
      { dedupe: this.opts.dedupe ?? true, ...(clientHint ? { clientHint } : {}) },
    );
  }

  private closeFile(): Promise<void> {
    const file = this.file;
    const path = this.currentPath;
    this.lastStats = this.stats;
    this.file = undefined;
    this.writer = undefined;
    if (!file) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        const err = file.error;
        if (err === undefined) resolve();
        else reject(new CaptureError('io', `writing ${path} failed: ${(err as Error).message}`, err));
      };
      if (file.stream.closed) done();
      else {
        file.stream.once('close', done);
        file.stream.end();
      }
    });
  }

  private onObservation(o: Observation): void {
    if (o.kind === 'state') return;
    if (this.protocols && !this.protocols.has(o.protocol)) return;
    const writer = this.writer;
    if (!writer) return;
    try {
      writer.write(o);
    } catch (err) {
      this.rejected++;
      const reason = err instanceof PcapError ? err.message : `unexpected: ${String(err)}`;
      this.rejections.push(`${o.source}/${o.connection}: ${reason}`);
      if (this.rejections.length > KEPT_REJECTIONS) this.rejections.shift();
    }
  }
}

function roleKey(a: Endpoint, b: Endpoint): string {
  const ka = `${a.host}|${a.port}`;
  const kb = `${b.host}|${b.port}`;
  return ka <= kb ? `${ka}<>${kb}` : `${kb}<>${ka}`;
}
