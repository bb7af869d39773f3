/**
 * One side (A or B) of a CTI Server on real TCP (node:net): accepts CTI client connections, runs a
 * `CtiSession` per connection and delivers the peripheral's events to the open sessions whose
 * masks select them. A side is active (takes sessions) or standby (answers OPEN_REQ with
 * E_CTI_SERVER_NOT_MASTER); `CtiServerPair` decides which.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { type Clock, systemClock } from '../../lab/clock.ts';
import type { Endpoint, ObservationStream } from '../../lab/observation.ts';
import type { CtiMessage } from '../wire.ts';
import type { CtiPeripheral, PeripheralEvent } from './cti-peripheral.ts';
import { CtiSession, type SessionHost } from './cti-session.ts';
import type { ConfiguredClient } from './open-request.ts';

/**
 * ⚠ Lab choice: a connection that has not opened a session 30 s after connecting is reset (the
 * guide expects OPEN_CONF within 5 s of OPEN_REQ, chapter 4 "Session Initialization"; it sets no
 * server limit, but an idle unopened connection would otherwise never be supervised).
 */
export const DEFAULT_OPEN_TIMEOUT_MS = 30_000;

export interface CtiServerSideOptions {
  /** Name on the observation stream, e.g. `cti-server-A`. */
  name?: string;
  host?: string;
  /** 0 = an ephemeral port. */
  port?: number;
  peripheral: CtiPeripheral;
  clock?: Clock;
  /** Configured clients (CTI Bridges) by ClientID: their password must match. Others are accepted. */
  clients?: ReadonlyMap<string, ConfiguredClient>;
  /** Starts active (default) or standby. */
  active?: boolean;
  openTimeoutMs?: number;
  observations?: ObservationStream;
  /** Shared by the sides of a pair so MonitorIDs stay unique across a failover. */
  monitorIDs?: { next: number };
  /** Each session's greeting as it opens (SessionHost.greeted): its MonitorID and messages. */
  onGreeting?: (monitorID: number, messages: readonly CtiMessage[]) => void;
}

export class CtiServerSide {
  readonly name: string;
  private readonly clock: Clock;
  private server: Server | undefined;
  private readonly sessions = new Set<CtiSession>();
  private readonly sockets = new Set<Socket>();
  private nextSessionId = 1;
  private active: boolean;
  private unsubscribe: (() => void) | undefined;
  private boundPort: number;
  private readonly host: string;
  private readonly monitorIDs: { next: number };

  constructor(private readonly options: CtiServerSideOptions) {
    this.name = options.name ?? 'cti-server';
    this.clock = options.clock ?? systemClock;
    this.active = options.active ?? true;
    this.host = options.host ?? '127.0.0.1';
    this.boundPort = options.port ?? 0;
    this.monitorIDs = options.monitorIDs ?? { next: 1 };
  }

  get isActive(): boolean {
    return this.active;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  /** Where the side listens (the bound port once started; the same port after a restart). */
  get endpoint(): Endpoint {
    return { host: this.host, port: this.boundPort };
  }

  /** Sessions (open or not yet open) on this side. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** TCP connections this side holds. */
  get connectionCount(): number {
    return this.sockets.size;
  }

  get openSessionCount(): number {
    return [...this.sessions].filter((s) => s.state === 'open').length;
  }

  /** Each session on this side with what its OPEN_REQ was granted (null fields until it is open). */
  clients(): {
    session: number;
    state: string;
    clientID: string | null;
    agentID: string | null;
    version: number | null;
    servicesGranted: number | null;
    callMsgMask: number | null;
    agentStateMask: number | null;
  }[] {
    return [...this.sessions].map((s) => ({
      session: s.id,
      state: s.state,
      clientID: s.grant?.clientID ?? null,
      agentID: s.grant?.agent?.agentID ?? null,
      version: s.grant?.version ?? null,
      servicesGranted: s.grant?.servicesGranted ?? null,
      callMsgMask: s.grant?.callMsgMask ?? null,
      agentStateMask: s.grant?.agentStateMask ?? null,
    }));
  }

  setActive(active: boolean): void {
    this.active = active;
  }

  async start(): Promise<Endpoint> {
    if (this.server !== undefined) return this.endpoint;
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    if (addr !== null && typeof addr === 'object') this.boundPort = addr.port;
    this.server = server;
    this.unsubscribe = this.options.peripheral.subscribe((e) => this.publish(e));
    return this.endpoint;
  }

  /**
   * Stops listening. `fault` = the side dies: every connection is reset at once, with no CLOSE
   * (the reference digest §10: "Active CTI Server failure closes all sessions", no replay).
   * Without `fault` it is the same (a stopped CTI Server process keeps no connection).
   */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const s of [...this.sessions]) s.reset('side stopped');
    for (const sock of this.sockets) sock.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    const host: SessionHost = {
      name: this.name,
      clock: this.clock,
      peripheral: this.options.peripheral,
      clients: this.options.clients ?? new Map(),
      isActive: () => this.active,
      openTimeoutMs: this.options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS,
      observations: this.options.observations,
      nextMonitorID: () => this.monitorIDs.next++,
      sessionEnded: (s) => this.sessions.delete(s),
      ...(this.options.onGreeting === undefined ? {} : { greeted: this.options.onGreeting }),
    };
    this.sessions.add(new CtiSession(this.nextSessionId++, socket, host));
  }

  private publish(event: PeripheralEvent): void {
    for (const s of this.sessions) s.deliver(event);
  }
}
