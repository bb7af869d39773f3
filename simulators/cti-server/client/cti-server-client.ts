/**
 * A CTI client of a (duplexed) CTI Server, for tests, steps and `ctilab` commands. It opens a
 * session (OPEN_REQ with version, masks, ClientID, password, agent identity), keeps it alive with
 * HEARTBEAT_REQ on the injectable clock, matches requests to their CONF by InvokeID, queues
 * events, closes with CLOSE_REQ, and fails over between the sides:
 *
 * - Cisco "CTI Server Message Reference Guide (Protocol Version 15)" chapter 2 "Heartbeat
 *   Messages" / chapter 4 "Session Maintenance": the client sends heartbeats; 3 unconfirmed →
 *   it resets the TCP connection; IdleTimeout = 4 x the heartbeat interval;
 * - "CTI Planning", "CTI Server Fault Tolerance": a client reconnects to either side;
 * - uccertweb (MIT) `app/ctidriver/` HA behaviour as digested in the reference (§10): start on
 *   the first side; an established session lost → the other side immediately; a connect or OPEN
 *   failure (any answer but OPEN_CONF) → wait 5 s, then the other side; alternate forever.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { type Clock, systemClock, type TimerHandle } from '../../lab/clock.ts';
import { resetSocket } from '../../lab/socket-reset.ts';
import {
  CtiFrameReader,
  type CtiMessage,
  ctiMessage,
  decodeMessage,
  encodeMessage,
  type FloatingField,
  MESSAGES_BY_ID,
  NEWEST_VERSION,
  NULL_U32,
} from '../wire.ts';

export interface CtiClientEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface CtiServerClientOptions {
  /** Side A and (optionally) side B of the CTI Server. */
  sides: readonly CtiClientEndpoint[];
  version?: number;
  clientID: string;
  /** ClientPassword (sent even if empty, guide table 4-2). */
  password?: string;
  services: number;
  callMsgMask?: number;
  agentStateMask?: number;
  configMsgMask?: number;
  peripheralID?: number;
  agentExtension?: string;
  agentID?: string;
  agentInstrument?: string;
  /** Interval of HEARTBEAT_REQ; undefined = no heartbeats (IdleTimeout 0xFFFFFFFF). */
  heartbeatIntervalMs?: number;
  /** IdleTimeout to ask for; default 4 x the heartbeat interval (guide table 4-2). */
  idleTimeoutSeconds?: number;
  clock?: Clock;
  /** Wait after a failed connect / OPEN before trying the other side (uccertweb: 5 s). */
  openFailureWaitMs?: number;
  /** `connect` rejects after this many failed open attempts (default: keeps trying). */
  maxOpenAttempts?: number;
  /**
   * false: an established session that is lost is not re-established (a faulty client of the
   * client-validation fixtures); default true (fail over to the other side at once).
   */
  reconnect?: boolean;
  /**
   * Each unsolicited message as it arrives (load runs: no queue, the arrival time is exact); with
   * it, `events` stays empty.
   */
  onEvent?: (message: CtiMessage) => void;
  /**
   * A session opened (`true`, after its OPEN_CONF, given as `conf`) or an established session was
   * lost (`false`). Called before any message that came after OPEN_CONF is handed on.
   */
  onSession?: (open: boolean, conf?: CtiMessage) => void;
}

/** An answer to OPEN_REQ that was not OPEN_CONF, or a connection that failed before it. */
export interface OpenFailure {
  readonly side: number;
  readonly status: number | undefined;
  readonly reason: string;
}

/** `connect` gave up: every OPEN_REQ refused (or no connection), with each attempt's answer. */
export class CtiOpenError extends Error {
  constructor(
    message: string,
    readonly failures: readonly OpenFailure[],
  ) {
    super(message);
    this.name = 'CtiOpenError';
  }
}

interface Pending {
  resolve: (m: CtiMessage) => void;
  reject: (e: Error) => void;
}

const HEARTBEAT_LIMIT = 3;

export class CtiServerClient {
  /** The last OPEN_CONF. */
  openConf: CtiMessage | undefined;
  /** Index in `sides` of the current (or last) session's side. */
  side = 0;
  /** Sessions opened so far (1 after connect, +1 per failover). */
  sessionsOpened = 0;
  readonly openFailures: OpenFailure[] = [];
  /** Unsolicited messages received and not yet taken by `nextEvent`. */
  readonly events: CtiMessage[] = [];
  private socket: Socket | undefined;
  private open = false;
  private closing = false;
  private invokeID = 1;
  private readonly pending = new Map<number, Pending>();
  private unconfirmedHeartbeats = 0;
  private heartbeatTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private readonly clock: Clock;
  private readonly version: number;
  private readonly waiters = new Set<() => void>();
  private failedAttempts = 0;
  private firstOpen: { resolve: () => void; reject: (e: Error) => void } | undefined;

  private constructor(private readonly options: CtiServerClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.version = options.version ?? NEWEST_VERSION;
  }

  /** Opens a session on the first side that accepts one. */
  static async connect(options: CtiServerClientOptions): Promise<CtiServerClient> {
    if (options.sides.length === 0) throw new Error('no CTI Server side given');
    const client = new CtiServerClient(options);
    await new Promise<void>((resolve, reject) => {
      client.firstOpen = { resolve, reject };
      client.attempt(0);
    });
    return client;
  }

  /** The side of the current (or last) session. */
  get endpoint(): CtiClientEndpoint | undefined {
    return this.options.sides[this.side];
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Sends a request with the next InvokeID (replacing the one given) and waits for its answer. */
  request(msg: CtiMessage): Promise<CtiMessage> {
    const socket = this.socket;
    if (!this.open || socket === undefined) return Promise.reject(new Error('no open CTI session'));
    const invokeID = this.invokeID++;
    const withId: CtiMessage = { ...msg, fixed: { ...msg.fixed, InvokeID: invokeID } };
    return new Promise((resolve, reject) => {
      this.pending.set(invokeID, { resolve, reject });
      socket.write(encodeMessage(withId, this.version));
    });
  }

  /** Sends raw bytes on the session's connection (bad-input tests). */
  writeRaw(bytes: Uint8Array): void {
    this.socket?.write(bytes);
  }

  /** One HEARTBEAT_REQ now; resolves with the HEARTBEAT_CONF (or the FAILURE_CONF). */
  heartbeat(): Promise<CtiMessage> {
    return this.request(ctiMessage('HEARTBEAT_REQ'));
  }

  /**
   * The next queued event (matching `pred`), waiting for it. The timeout is a test guard on real
   * time, not protocol behaviour.
   */
  async nextEvent(pred: (m: CtiMessage) => boolean = () => true, timeoutMs = 3000): Promise<CtiMessage> {
    const take = () => {
      const i = this.events.findIndex(pred);
      return i < 0 ? undefined : this.events.splice(i, 1)[0];
    };
    const now = take();
    if (now !== undefined) return now;
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = take();
        if (m === undefined) return;
        cleanup();
        resolve(m);
      };
      const t = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching CTI event within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(t);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /** Resolves once `n` sessions have been opened in all (after failovers). Test guard on real time. */
  async waitForSession(n: number, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sessionsOpened < n || !this.open) {
      if (Date.now() > deadline) throw new Error(`session ${n} not open within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /**
   * CLOSE_REQ (Status E_CTI_NO_ERROR), then waits for CLOSE_CONF and ends the connection (guide
   * chapter 4 "Session Termination"; the client waits up to 5 s, here on the injectable clock).
   */
  async close(): Promise<CtiMessage | undefined> {
    this.closing = true;
    this.stopTimers();
    let conf: CtiMessage | undefined;
    if (this.open) {
      const answer = this.request(ctiMessage('CLOSE_REQ', { Status: 0 }));
      let timer: TimerHandle | undefined;
      const timeout = new Promise<undefined>((r) => {
        timer = this.clock.setTimeout(() => r(undefined), 5000);
      });
      conf = await Promise.race([answer.catch(() => undefined), timeout]);
      timer?.cancel();
    }
    this.destroy();
    return conf;
  }

  /** Ends everything now (no CLOSE_REQ). */
  destroy(): void {
    this.closing = true;
    this.stopTimers();
    this.open = false;
    this.socket?.destroy();
    this.socket = undefined;
    this.rejectPending('client destroyed');
    this.firstOpen?.reject(new Error('client destroyed before a session opened'));
    this.firstOpen = undefined;
  }

  private stopTimers(): void {
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = undefined;
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
  }

  private openRequest(): CtiMessage {
    const o = this.options;
    const hb = o.heartbeatIntervalMs;
    const idle = o.idleTimeoutSeconds ?? (hb === undefined ? NULL_U32 : Math.ceil((4 * hb) / 1000));
    const floating: FloatingField[] = [
      { name: 'ClientID', value: o.clientID },
      { name: 'ClientPassword', value: Buffer.from(o.password ?? '', 'latin1') },
    ];
    if (o.agentExtension !== undefined) floating.push({ name: 'AgentExtension', value: o.agentExtension });
    if (o.agentID !== undefined) floating.push({ name: 'AgentID', value: o.agentID });
    if (o.agentInstrument !== undefined) floating.push({ name: 'AgentInstrument', value: o.agentInstrument });
    return ctiMessage(
      'OPEN_REQ',
      {
        InvokeID: this.invokeID++,
        VersionNumber: this.version,
        IdleTimeout: idle,
        PeripheralID: o.peripheralID ?? NULL_U32,
        ServicesRequested: o.services,
        CallMsgMask: o.callMsgMask ?? 0,
        AgentStateMask: o.agentStateMask ?? 0,
        ConfigMsgMask: o.configMsgMask ?? 0,
      },
      floating,
    );
  }

  private attempt(side: number): void {
    if (this.closing) return;
    this.side = side;
    const ep = this.options.sides[side]!;
    const socket = netConnect({ host: ep.host, port: ep.port });
    this.socket = socket;
    const reader = new CtiFrameReader();
    let opened = false;
    let done = false;
    const lost = (reason: string, status?: number) => {
      if (done) return;
      done = true;
      socket.destroy();
      if (this.socket === socket) this.socket = undefined;
      this.open = false;
      this.heartbeatTimer?.cancel();
      this.heartbeatTimer = undefined;
      this.rejectPending(`session lost: ${reason}`);
      if (opened) this.options.onSession?.(false);
      if (this.closing) return;
      const other = (side + 1) % this.options.sides.length;
      if (opened) {
        if (this.options.reconnect === false) {
          this.closing = true;
          return;
        }
        this.attempt(other);
        return;
      }
      this.openFailures.push({ side, status, reason });
      this.failedAttempts++;
      const max = this.options.maxOpenAttempts;
      if (this.firstOpen !== undefined && max !== undefined && this.failedAttempts >= max) {
        this.firstOpen.reject(
          new CtiOpenError(`no CTI session after ${max} attempts: ${reason}`, this.openFailures),
        );
        this.firstOpen = undefined;
        this.closing = true;
        return;
      }
      this.retryTimer = this.clock.setTimeout(() => {
        this.retryTimer = undefined;
        this.attempt(other);
      }, this.options.openFailureWaitMs ?? 5000);
    };
    socket.on('error', (e) => lost(e.message));
    socket.on('close', () => lost('connection closed'));
    socket.on('connect', () => socket.write(encodeMessage(this.openRequest(), this.version)));
    socket.on('data', (chunk: Buffer) => {
      for (const r of reader.push(chunk)) {
        if (!r.ok) return lost(`framing: ${r.error.message}`);
        const d = decodeMessage(r.frame.messageType, r.frame.body, this.version);
        if (!d.ok) continue;
        const m = d.message;
        if (!opened) {
          if (m.name !== 'OPEN_CONF') {
            return lost(
              `${m.name} to OPEN_REQ`,
              typeof m.fixed.Status === 'number' ? m.fixed.Status : undefined,
            );
          }
          opened = true;
          this.onOpened(m);
          continue;
        }
        this.onMessage(m, socket);
      }
    });
  }

  private onOpened(conf: CtiMessage): void {
    this.openConf = conf;
    this.open = true;
    this.sessionsOpened++;
    this.failedAttempts = 0;
    this.unconfirmedHeartbeats = 0;
    const hb = this.options.heartbeatIntervalMs;
    if (hb !== undefined) {
      this.heartbeatTimer = this.clock.setInterval(() => this.heartbeatTick(), hb);
    }
    this.firstOpen?.resolve();
    this.firstOpen = undefined;
    this.options.onSession?.(true, conf);
  }

  private heartbeatTick(): void {
    if (this.unconfirmedHeartbeats >= HEARTBEAT_LIMIT) {
      // Guide chapter 2 "Heartbeat Messages": three unconfirmed heartbeats → reset the connection.
      if (this.socket !== undefined) resetSocket(this.socket);
      return;
    }
    this.unconfirmedHeartbeats++;
    this.heartbeat().then(
      (m) => {
        if (m.name === 'HEARTBEAT_CONF') this.unconfirmedHeartbeats = 0;
        // Guide chapter 4: a FAILURE_CONF to a heartbeat = the server is offline → reset.
        else if (this.socket !== undefined) resetSocket(this.socket);
      },
      () => {},
    );
  }

  private onMessage(m: CtiMessage, socket: Socket): void {
    const def = MESSAGES_BY_ID.get(m.type);
    const invokeID = def?.fixed[0]?.name === 'InvokeID' ? (m.fixed.InvokeID as number) : undefined;
    const p = invokeID === undefined ? undefined : this.pending.get(invokeID);
    if (p !== undefined && invokeID !== undefined) {
      this.pending.delete(invokeID);
      p.resolve(m);
      return;
    }
    if (m.name === 'FAILURE_EVENT' && m.fixed.Status === 15) {
      // Guide chapter 4 "Session Termination": E_CTI_CTI_SERVER_OFFLINE → the client closes.
      socket.destroy();
      return;
    }
    if (this.options.onEvent !== undefined) {
      this.options.onEvent(m);
      return;
    }
    this.events.push(m);
    for (const w of [...this.waiters]) w();
  }

  private rejectPending(reason: string): void {
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
  }
}
