// A TCP relay on loopback that can freeze: until `freeze()` it passes bytes both ways between each
// client connection and its own connection to `target`, and ends one when the other ends; after
// it, it passes nothing and closes nothing (a hung server or a silent network: the connections
// stay up, nothing comes back). Used by bench/cti-server-heartbeat.ts to stop a CTI Server side
// answering without touching the lab. `clientResetAt` is when a connection that was open at the
// freeze was ended by its client (performance.now() ms).
import { connect, createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RelayEndpoint {
  readonly host: string;
  readonly port: number;
}

export class FreezingRelay {
  clientResetAt: number | undefined;
  private frozen = false;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly live = new Set<Socket>();

  constructor(private readonly target: RelayEndpoint) {}

  get isFrozen(): boolean {
    return this.frozen;
  }

  async start(): Promise<RelayEndpoint> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const addr = server.address();
    if (addr === null || typeof addr === 'string') throw new Error('relay has no TCP address');
    return { host: '127.0.0.1', port: addr.port };
  }

  /** From now on nothing passes and nothing is closed; returns the moment (performance.now()). */
  freeze(): number {
    this.frozen = true;
    return performance.now();
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((r) => server.close(() => r()));
  }

  private track(s: Socket): Socket {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => {});
    return s;
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.frozen) return; // swallowed: no upstream connection while frozen
    const upstream = this.track(connect({ host: this.target.host, port: this.target.port }));
    this.live.add(client);
    const clientEnded = () => {
      if (!this.live.delete(client)) return;
      if (this.frozen) this.clientResetAt ??= performance.now();
      else upstream.destroy();
    };
    client.on('error', clientEnded);
    client.on('close', clientEnded);
    upstream.on('close', () => {
      if (!this.frozen) client.destroy();
    });
    client.on('data', (d) => {
      if (!this.frozen) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!this.frozen) client.write(d);
    });
  }
}
