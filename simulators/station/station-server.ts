import { createServer, type Server, type Socket } from 'node:net';
import { type Clock, systemClock, type TimerHandle } from '../lab/clock.ts';
import { ObservationStream } from '../lab/observation.ts';
import { refused } from '../lab/result.ts';
import type { SccpMessage } from '../sccp/messages.ts';
import { LineAppearances } from './line-appearances.ts';
import { StationRegistration } from './registration.ts';
import type { StationConfig } from './station-config.ts';
import { StationSession } from './station-session.ts';

/** How long stop() lets closing connections flush before it destroys them. */
const STOP_GRACE_MS = 1000;

/**
 * How long a new connection has to show it is a phone (ours: no public Cisco number was found).
 * A real phone sends RegisterReq right after the TCP handshake: 121 ms after its SYN in
 * captures/cm_cap.pcapng (SYN frame 27, RegisterReq frame 31), 2 ms in captures/cm2_register.pcapng
 * (frames 1 and 4). 10 s is far above that and a third of chan_skinny's `authtimeout` default of
 * 30 s (Asterisk configs/samples/skinny.conf.sample), the only public call-agent number found.
 */
export const REGISTRATION_TIMEOUT_MS = 10_000;

/**
 * Connections one source address may hold beyond twice the configured ephones (the default
 * per-source cap is 2 x ephones + this): each ephone may hold its registered connection plus one
 * that replaces it while the old one is still closing (a phone re-registering, a token fallback
 * probe, `station-server.ts` isStale); the margin is for test clients and tools. Ours.
 */
export const PER_SOURCE_MARGIN = 8;

/**
 * The default cap on simultaneous connections from one source address: every phone of the
 * config may sit behind one address (a NAT, a VG224 registering its ports, the lab and the bench
 * running all their phones on 127.0.0.1), so the cap follows the config rather than a fixed number.
 */
export function defaultMaxConnectionsPerSource(config: StationConfig): number {
  return 2 * config.ephones.size + PER_SOURCE_MARGIN;
}

type Msg<T extends SccpMessage['type']> = Extract<SccpMessage, { type: T }>;

export interface StationServerOptions {
  config: StationConfig;
  /** Address to listen on; overrides `ip source-address` (DESIGN.md section 5). */
  host?: string;
  /** SCCP port; 0 = ephemeral. Defaults to the config's source-address port. */
  sccpPort?: number;
  clock?: Clock;
  observations?: ObservationStream;
  /** Name used on the observation stream and in logs. */
  name?: string;
  log?: (line: string) => void;
  /**
   * Missed keepalive intervals before a silent phone is unregistered. reference §4: chan_skinny
   * drops the session after 3 x keepalive without one.
   */
  keepaliveMissFactor?: number;
  /**
   * A connection that has sent no RegisterReq (nor a standby KeepAliveReq or a RegisterTokenReq)
   * this long after it opened is closed. Default {@link REGISTRATION_TIMEOUT_MS}.
   */
  registrationTimeoutMs?: number;
  /** Partial-frame limit (station-session.ts PARTIAL_FRAME_TIMEOUT_MS, the default). */
  partialFrameTimeoutMs?: number;
  /**
   * Simultaneous connections allowed from one source address; a further one is closed at accept
   * and published as `connection-refused`. Default {@link defaultMaxConnectionsPerSource};
   * `Infinity` for no cap.
   */
  maxConnectionsPerSource?: number;
  /**
   * Whether `start()` opens the main listener (tag {@link StationServer.name}, `host` /
   * `sccpPort`). Default true. False: a cluster opens only its node listeners
   * ({@link StationServer.addListener}); `start()` then only starts keepalive supervision.
   */
  mainListener?: boolean;
  /**
   * Called for a RegisterReq (of a configured device, after the node's own checks passed) with
   * the device name (upper case) and the tag of the listener that accepted the connection. A
   * string refuses the registration: it is the RegisterReject text (char[32], registration.ts)
   * and the connection is closed as for any refused RegisterReq. Also consulted for a
   * RegisterTokenReq (reference §5 fallback probe): a refusal answers RegisterTokenReject, so a
   * phone is not invited back to a node that would then reject its RegisterReq. A CUCM node
   * refuses a phone whose device pool's CM group does not list the node.
   */
  admitRegistration?: (deviceName: string, listener: string) => string | undefined;
}

/** One TCP listener of the server (the main one, or a node of a cluster: {@link StationServer.addListener}). */
/** Messages a paused listener holds at most (pauseListener). */
const HELD_MAX = 10_000;

interface Listener {
  readonly tag: string;
  host: string;
  requestedPort: number;
  /** The port first bound; a restart reuses it. 0 until then. */
  boundPort: number;
  /**
   * The local end of every connection it accepts when it is bound to one address (not 0.0.0.0 or
   * ::): a TCP connection's local end is the address and port its listener bound (RFC 9293 §3.3.2),
   * so the session need not ask the kernel (getsockname) per connection. Undefined: ask.
   */
  acceptedLocal?: { host: string; port: number } | undefined;
  server: Server | undefined;
  /** pauseListener: the node hangs, its sessions' messages wait (`held`) and get no answer. */
  paused: boolean;
  /** What its sessions sent while it hung, in arrival order: handled when it resumes. */
  readonly held: Array<{ readonly session: StationSession; readonly message: SccpMessage }>;
  /** Every open socket accepted here, lingering ones included. */
  readonly sockets: Set<Socket>;
}

/** Faults a test or the lab's fault injector can switch on. */
export interface StationFaults {
  /** Stop answering KeepAliveReq (a hung call manager: phones fail over). */
  ignoreKeepalives: boolean;
}

export interface RegisteredDevice {
  deviceName: string;
  ephoneTag: number;
  session: StationSession;
  since: number;
  /**
   * Tag of the listener the phone registered on (the node of a cluster; the server's `name` for
   * the main listener). StationServer always sets it (= `session.listener`); optional only so
   * devices built by hand for call-control tests need not name one.
   */
  listener?: string;
}

/** Listener for device and message hooks (call control plugs in here). */
export interface StationHandler {
  /** RegisterAck sent: the device's lines are in service. */
  onRegistered?(device: RegisteredDevice): void;
  /** TimeDateReq answered: the phone finished its registration exchange (show the idle screen). */
  onRegistrationComplete?(device: RegisteredDevice): void;
  onUnregistered?(device: RegisteredDevice, reason: string): void;
  /** Messages not consumed by registration/keepalive handling. */
  onStationMessage?(device: RegisteredDevice, message: SccpMessage): void;
}

/**
 * The simulated Cisco CME: a real TCP SCCP listener, registration (RegisterAck / RegisterReject),
 * keepalive supervision and the registry of stations. Call handling is attached as a
 * {@link StationHandler} (see call-control.ts), so registration can be exercised alone.
 */
export class StationServer {
  readonly config: StationConfig;
  readonly appearances: LineAppearances;
  readonly observations: ObservationStream;
  readonly clock: Clock;
  readonly name: string;
  readonly faults: StationFaults = { ignoreKeepalives: false };
  private readonly registration: StationRegistration;
  private readonly sessions = new Set<StationSession>();
  /** Every open socket, including closed sessions still lingering for the peer's FIN. */
  private readonly sockets = new Set<Socket>();
  private readonly registered = new Map<string, RegisteredDevice>();
  private readonly handlers: StationHandler[] = [];
  private readonly log: (line: string) => void;
  private readonly missFactor: number;
  private readonly registrationTimeoutMs: number;
  private readonly partialFrameTimeoutMs: number | undefined;
  readonly maxConnectionsPerSource: number;
  /** Open sockets (lingering ones included) per source address. */
  private readonly perSource = new Map<string, number>();
  /** Connections refused per source address since its count was last below the cap (log damping). */
  private readonly refusedPerSource = new Map<string, number>();
  /** Registration deadline of each connection that has not yet shown it is a phone. */
  private readonly deadlines = new Map<StationSession, TimerHandle>();
  /** Every listener ever opened, by tag, open or closed (a closed one keeps its port for a restart). */
  private readonly listeners = new Map<string, Listener>();
  private readonly mainListener: boolean;
  private readonly admitRegistration: StationServerOptions['admitRegistration'];
  private sweepTimer: TimerHandle | undefined;
  private nextConnection = 1;

  constructor(opts: StationServerOptions) {
    this.config = opts.config;
    this.appearances = new LineAppearances(opts.config);
    this.clock = opts.clock ?? systemClock;
    this.observations = opts.observations ?? new ObservationStream();
    this.name = opts.name ?? opts.config.settings.hostname ?? 'cme';
    this.log = opts.log ?? ((line) => process.stderr.write(`[${this.name}] ${line}\n`));
    this.missFactor = opts.keepaliveMissFactor ?? 3;
    this.registrationTimeoutMs = positive(
      opts.registrationTimeoutMs ?? REGISTRATION_TIMEOUT_MS,
      'registrationTimeoutMs',
    );
    this.partialFrameTimeoutMs =
      opts.partialFrameTimeoutMs === undefined
        ? undefined
        : positive(opts.partialFrameTimeoutMs, 'partialFrameTimeoutMs');
    this.maxConnectionsPerSource = positive(
      opts.maxConnectionsPerSource ?? defaultMaxConnectionsPerSource(opts.config),
      'maxConnectionsPerSource',
    );
    this.mainListener = opts.mainListener ?? true;
    this.admitRegistration = opts.admitRegistration;
    if (this.mainListener)
      this.listeners.set(this.name, {
        tag: this.name,
        host: opts.host ?? opts.config.settings.sourceAddress ?? '127.0.0.1',
        requestedPort: opts.sccpPort ?? opts.config.settings.sourcePort ?? 2000,
        boundPort: 0,
        server: undefined,
        paused: false,
        held: [],
        sockets: new Set(),
      });
    this.registration = new StationRegistration(this.config, this.appearances, () => this.clock.now());
  }

  addHandler(handler: StationHandler): void {
    this.handlers.push(handler);
  }

  /**
   * Start listening on the main listener (unless `mainListener: false`) and start keepalive
   * supervision. Restarting after stop() reuses the port first bound (failover tests). Returns
   * {@link endpoint}; with `mainListener: false` and no listener added yet, `{ host: '', port: 0 }`.
   */
  async start(): Promise<{ host: string; port: number }> {
    const main = this.mainListener ? this.listeners.get(this.name) : undefined;
    if (main) await this.open(main);
    // After the listen succeeded: a start() that fails leaves no timer behind.
    this.superviseFromNow();
    return this.listeners.size > 0 ? this.endpoint : { host: '', port: 0 };
  }

  /**
   * Open a further listener named `tag` (a call-manager node of a cluster sharing this server's
   * call model). Port 0 = ephemeral; reopening a tag after {@link closeListener} or {@link stop}
   * reuses the port first bound (and the host first given unless `host` is passed again).
   * Connections accepted on it go through the same path as the main listener's: per-source cap
   * (counted over all listeners), registration deadline, sessions. Opening an open tag returns
   * its endpoint. Starts keepalive supervision if `start()` has not. `tag` may not be the main
   * listener's (the server's `name`) unless `mainListener` is false.
   */
  async addListener(opts: {
    tag: string;
    host?: string;
    port?: number;
  }): Promise<{ host: string; port: number }> {
    if (opts.tag === this.name && this.mainListener)
      throw new Error(`listener tag '${opts.tag}' is the main listener's; use start()`);
    let listener = this.listeners.get(opts.tag);
    if (!listener) {
      listener = {
        tag: opts.tag,
        host: opts.host ?? '127.0.0.1',
        requestedPort: opts.port ?? 0,
        boundPort: 0,
        server: undefined,
        paused: false,
        held: [],
        sockets: new Set(),
      };
      this.listeners.set(opts.tag, listener);
    } else if (!listener.server && opts.host !== undefined) listener.host = opts.host;
    await this.open(listener);
    this.superviseFromNow();
    return { host: listener.host, port: listener.boundPort };
  }

  /**
   * Stop listener `tag` and drop every connection accepted on it, as stop() does for all: its
   * phones see the call manager vanish, their devices unregister with the reason
   * `call manager <tag> stopped`. Other listeners' connections are not touched. Unknown tag: an
   * error; a closed one: nothing to do.
   */
  async closeListener(tag: string): Promise<void> {
    const listener = this.listeners.get(tag);
    if (!listener) throw new Error(`no listener '${tag}'`);
    const server = listener.server;
    listener.server = undefined;
    listener.paused = false;
    listener.held.length = 0;
    for (const s of [...this.sessions])
      if (s.listener === tag) s.close(`call manager ${tag} stopped`, { linger: false });
    for (const socket of listener.sockets) socket.destroySoon();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * A hung node (faults), as a stopped process (SIGSTOP) is: while paused, listener `tag`'s
   * sessions get no answer to anything they send (KeepAliveReq, RegisterReq, RegisterTokenReq,
   * call messages are read and published on the observation stream, then held), so its phones
   * miss their keepalives and fail over (reference §4, §5), and a token probe to it gets no
   * answer. Unpaused, it handles what it holds in arrival order (the kernel kept a stopped
   * process's input: a phone that went on hook during the hang has its call cleared then); the
   * messages of a connection closed meanwhile are dropped with it. ⚠ Lab choice: at most
   * HELD_MAX messages per listener are held (a receive buffer's bound; the rest are dropped), and
   * what the server sends them (call signalling from the shared call model) still goes out.
   * Other listeners are unaffected; `faults.ignoreKeepalives` is the server-wide counterpart.
   */
  pauseListener(tag: string, paused: boolean): void {
    const listener = this.listeners.get(tag);
    if (!listener) throw new Error(`no listener '${tag}'`);
    listener.paused = paused;
    if (paused) return;
    for (const { session, message } of listener.held.splice(0))
      if (!session.closed && !listener.paused) this.onMessage(session, message);
  }

  /** Tags of the open listeners, in the order they were first opened. */
  get listenerTags(): string[] {
    return [...this.listeners.values()].filter((l) => l.server).map((l) => l.tag);
  }

  /** Where listener `tag` listens (port 0 before it was first opened); undefined for an unknown tag. */
  listenerEndpoint(tag: string): { host: string; port: number } | undefined {
    const l = this.listeners.get(tag);
    return l ? { host: l.host, port: l.boundPort } : undefined;
  }

  /**
   * The main listener's address (port 0 before start()). With `mainListener: false` there is no
   * main listener: the first listener added (open or not); an error before any was added.
   */
  get endpoint(): { host: string; port: number } {
    const first = this.mainListener ? this.listeners.get(this.name) : this.listeners.values().next().value;
    if (!first) throw new Error(`${this.name}: no main listener (mainListener: false) and no listener added`);
    return { host: first.host, port: first.boundPort };
  }

  /** Stop every listener and drop every connection (phones see the call manager vanish). */
  async stop(): Promise<void> {
    this.sweepTimer?.cancel();
    this.sweepTimer = undefined;
    const servers: Server[] = [];
    for (const l of this.listeners.values()) {
      if (l.server) servers.push(l.server);
      l.server = undefined;
      l.paused = false;
      l.held.length = 0;
    }
    for (const s of [...this.sessions]) s.close('call manager stopped', { linger: false });
    // Sessions closed earlier may still linger (station-session.ts close): server.close() waits for them.
    for (const socket of this.sockets) socket.destroySoon();
    // destroySoon waits until the pending bytes are written; a peer that reads nothing more (a
    // phone process being killed, a full send buffer) would keep server.close() waiting forever.
    // Stop means stop: what is still open after a grace period is destroyed.
    const grace = this.clock.setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, STOP_GRACE_MS);
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    grace.cancel();
  }

  private async open(listener: Listener): Promise<void> {
    if (listener.server) return;
    const server = createServer((socket) => this.onConnection(socket, listener));
    server.on('error', (err) => this.log(`listener ${listener.tag} error: ${err.message}`));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(
        { host: listener.host, port: listener.boundPort || listener.requestedPort, backlog: 4096 },
        () => {
          server.off('error', reject);
          resolve();
        },
      );
    });
    const addr = server.address();
    listener.boundPort = typeof addr === 'object' && addr ? addr.port : listener.requestedPort;
    listener.acceptedLocal =
      typeof addr === 'object' && addr && !isWildcard(addr.address)
        ? { host: addr.address, port: addr.port }
        : undefined;
    listener.server = server;
  }

  /** Keepalive supervision, server-wide (all listeners), started once. */
  private superviseFromNow(): void {
    if (this.sweepTimer) return;
    const interval = Math.max(250, Math.min(5000, (this.config.settings.keepaliveSeconds * 1000) / 4));
    this.sweepTimer = this.clock.setInterval(() => this.superviseKeepalives(), interval);
  }

  get registeredDevices(): RegisteredDevice[] {
    return [...this.registered.values()];
  }

  device(deviceName: string): RegisteredDevice | undefined {
    return this.registered.get(deviceName.toUpperCase());
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  /** The open connections (sessions), registered or not. */
  get connections(): StationSession[] {
    return [...this.sessions];
  }

  /** Send a Reset (1 reset, 2 restart) to a registered phone (reference §3). */
  reset(deviceName: string, resetType: 1 | 2 = 1): boolean {
    const d = this.device(deviceName);
    if (!d) return false;
    d.session.send({ type: 'Reset', resetType } as Msg<'Reset'>);
    return true;
  }

  private onConnection(socket: Socket, listener: Listener): void {
    const source = sourceAddress(socket);
    if (!this.admit(socket, source)) return;
    this.sockets.add(socket);
    listener.sockets.add(socket);
    this.perSource.set(source, (this.perSource.get(source) ?? 0) + 1);
    socket.once('close', () => {
      this.sockets.delete(socket);
      listener.sockets.delete(socket);
      const left = (this.perSource.get(source) ?? 1) - 1;
      if (left > 0) this.perSource.set(source, left);
      else this.perSource.delete(source);
      if (left < this.maxConnectionsPerSource) this.refusedPerSource.delete(source);
    });
    const prefix = listener.tag === this.name ? this.name : `${this.name}-${listener.tag}`;
    const id = `${prefix}-sccp-${this.nextConnection++}`;
    const session = new StationSession({
      socket,
      local: listener.acceptedLocal,
      id,
      listener: listener.tag,
      source: this.name,
      clock: this.clock,
      observations: this.observations,
      onMessage: (s, m) => this.onMessage(s, m),
      onClose: (s, reason) => this.onClose(s, reason),
      log: this.log,
      partialFrameTimeoutMs: this.partialFrameTimeoutMs,
    });
    this.sessions.add(session);
    this.deadlines.set(
      session,
      this.clock.setTimeout(() => this.registrationExpired(session), this.registrationTimeoutMs),
    );
  }

  /**
   * The per-source cap: a connection beyond it is closed at once, before any byte is read, and
   * published (`connection-refused`); the log names the first refusal of a run and every 100th.
   */
  private admit(socket: Socket, source: string): boolean {
    const open = this.perSource.get(source) ?? 0;
    if (open < this.maxConnectionsPerSource) return true;
    const refusedSoFar = (this.refusedPerSource.get(source) ?? 0) + 1;
    this.refusedPerSource.set(source, refusedSoFar);
    const client = { host: source, port: socket.remotePort ?? 0 };
    socket.on('error', () => {});
    socket.destroy();
    if (refusedSoFar === 1 || refusedSoFar % 100 === 0)
      this.log(
        `connection from ${source} refused: ${open} open, limit ${this.maxConnectionsPerSource} per source (${refusedSoFar} refused)`,
      );
    this.publishState('connection-refused', {
      client,
      open,
      limit: this.maxConnectionsPerSource,
    });
    return false;
  }

  /**
   * The connection has shown it is a phone: a RegisterReq (accepted; a refused one closes the
   * connection), a RegisterTokenReq (reference §5: the fallback probe that registers next), or a
   * KeepAliveReq. A phone keeps an unregistered standby TCP connection to its backup call manager
   * and keeps it alive (Cisco Community, "Understanding SCCP Phone unregistration and failover
   * from the network's perspective"); such a connection stays under keepalive supervision.
   */
  private identified(session: StationSession): void {
    this.cancelDeadline(session);
  }

  private cancelDeadline(session: StationSession): void {
    this.deadlines.get(session)?.cancel();
    this.deadlines.delete(session);
  }

  private registrationExpired(session: StationSession): void {
    this.deadlines.delete(session);
    if (session.closed) return;
    const limit = this.registrationTimeoutMs;
    this.log(`${session.label()}: no RegisterReq within ${limit} ms; closing connection`);
    this.publishState('slow-client', {
      connection: session.id,
      client: session.remote,
      reason: 'no-registration',
      afterMs: limit,
    });
    session.close(`no RegisterReq within ${limit} ms`, { linger: false });
  }

  private onMessage(session: StationSession, message: SccpMessage): void {
    // pauseListener: a hung node reads (the session published the frame) and answers nothing
    // until it resumes.
    const listener = this.listeners.get(session.listener);
    if (listener?.paused) {
      if (listener.held.length < HELD_MAX) listener.held.push({ session, message });
      return;
    }
    switch (message.type) {
      case 'KeepAliveReq':
        this.identified(session);
        // reference §4: KeepAliveReq -> KeepAliveAck (header version always 0, §2).
        if (!this.faults.ignoreKeepalives) session.send({ type: 'KeepAliveAck' } as Msg<'KeepAliveAck'>, 0);
        return;
      case 'RegisterReq':
        this.onRegisterReq(session, message);
        return;
      case 'RegisterTokenReq': {
        this.identified(session);
        // reference §5: token registration; the node takes the phone back unless admitRegistration
        // refuses it here. RegisterTokenReject's waitTimeBeforeNextReq 0 leaves the next probe to
        // the phone's own interval (phone.ts probePrimary).
        const refusal = this.admitRegistration?.(message.deviceName.toUpperCase(), session.listener);
        if (refusal !== undefined) {
          this.publishState('registration', {
            device: message.deviceName.toUpperCase(),
            state: 'token-rejected',
            reason: refusal,
            listener: session.listener,
          });
          session.send(
            { type: 'RegisterTokenReject', waitTimeBeforeNextReq: 0 } as Msg<'RegisterTokenReject'>,
            0,
          );
        } else session.send({ type: 'RegisterTokenAck' } as Msg<'RegisterTokenAck'>, 0);
        return;
      }
      case 'UnregisterReq': {
        const d = session.deviceName ? this.registered.get(session.deviceName) : undefined;
        session.send({ type: 'UnregisterAck', status: d ? 0 : 1 } as Msg<'UnregisterAck'>, 0);
        if (d) this.unregister(d, 'UnregisterReq');
        session.close('unregistered');
        return;
      }
      default:
        break;
    }
    const device = session.deviceName ? this.registered.get(session.deviceName) : undefined;
    if (!device || device.session !== session) {
      // Not registered: only registration messages make sense; anything else is ignored.
      this.log(`${session.label()}: ${message.type} before registration; ignored`);
      return;
    }
    if (this.registration.answer(session, message)) {
      if (message.type === 'TimeDateReq' && session.phase === 'registering') {
        // reference §3: registration is complete when TimeDateReq arrives (chan-sccp).
        session.phase = 'registered';
        this.publishState('registration', {
          device: device.deviceName,
          state: 'complete',
          listener: device.listener,
        });
        for (const h of this.handlers) h.onRegistrationComplete?.(device);
      }
      return;
    }
    for (const h of this.handlers) h.onStationMessage?.(device, message);
  }

  private onRegisterReq(session: StationSession, req: Msg<'RegisterReq'>): void {
    const name = req.deviceName.toUpperCase();
    if (session.deviceName !== undefined) {
      this.log(`${session.label()}: second RegisterReq on a registered connection; ignored`);
      return;
    }
    let existing = this.registered.get(name);
    if (existing && this.isStale(existing)) {
      // A phone that lost its connection without unregistering comes back: drop the stale one.
      this.unregister(existing, 'replaced by a new registration (stale session)');
      existing.session.close('stale session replaced');
      existing = undefined;
    }
    const checked = this.registration.check(req, this.registered.size, existing !== undefined);
    const refusal = checked.ok ? this.admitRegistration?.(name, session.listener) : undefined;
    const verdict =
      refusal === undefined
        ? checked
        : refused(refusal, `listener ${session.listener} does not admit ${name} (admitRegistration)`);
    if (!verdict.ok) {
      this.log(`RegisterReject to ${name} from ${session.remote.host}: ${verdict.error} (${verdict.reason})`);
      this.publishState('registration', {
        device: name,
        state: 'rejected',
        reason: verdict.error,
        listener: session.listener,
      });
      this.registration.reject(session, verdict.error);
      session.close(`registration rejected: ${verdict.error}`);
      return;
    }
    const ephone = verdict.value;
    this.identified(session);
    session.deviceName = name;
    session.ephone = ephone;
    session.phase = 'registering';
    const device: RegisteredDevice = {
      deviceName: name,
      ephoneTag: ephone.tag,
      session,
      since: this.clock.now(),
      listener: session.listener,
    };
    this.registered.set(name, device);
    this.registration.accept(session, req);
    this.publishState('registration', {
      device: name,
      state: 'registered',
      protocolVersion: session.protocolVersion,
      listener: session.listener,
    });
    for (const h of this.handlers) h.onRegistered?.(device);
  }

  private isStale(d: RegisteredDevice): boolean {
    const limit = this.config.settings.keepaliveSeconds * 1000;
    return d.session.phase === 'closed' || this.clock.now() - d.session.lastHeard > limit;
  }

  private onClose(session: StationSession, reason: string): void {
    this.sessions.delete(session);
    this.cancelDeadline(session);
    const d = session.deviceName ? this.registered.get(session.deviceName) : undefined;
    if (d && d.session === session) this.unregister(d, reason);
  }

  private unregister(d: RegisteredDevice, reason: string): void {
    if (this.registered.get(d.deviceName) !== d) return;
    this.registered.delete(d.deviceName);
    this.log(`${d.deviceName} unregistered: ${reason}`);
    this.publishState('registration', {
      device: d.deviceName,
      state: 'unregistered',
      reason,
      listener: d.listener,
    });
    for (const h of this.handlers) h.onUnregistered?.(d, reason);
  }

  /** reference §4: a phone silent for missFactor x keepalive is unregistered and its connection closed. */
  private superviseKeepalives(): void {
    const limit = this.config.settings.keepaliveSeconds * 1000 * this.missFactor;
    const now = this.clock.now();
    for (const s of [...this.sessions]) {
      if (now - s.lastHeard > limit) s.close(`no keepalive for ${Math.round((now - s.lastHeard) / 1000)} s`);
    }
  }

  private publishState(topic: string, detail: Record<string, unknown>): void {
    this.observations.publish({ kind: 'state', time: this.clock.now(), source: this.name, topic, detail });
  }
}

/** 0.0.0.0 / :: (any address): a connection's local end is then one of the host's addresses. */
function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '';
}

function sourceAddress(socket: Socket): string {
  const a = socket.remoteAddress ?? 'unknown';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

function positive(n: number, what: string): number {
  if (!(n > 0)) throw new RangeError(`StationServer ${what} must be > 0, got ${n}`);
  return n;
}
