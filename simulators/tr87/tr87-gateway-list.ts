// The CTI application's ordered list of CTI gateway addresses (rule CUCM-RED-006, client role).
// Cisco Unified CM System Configuration Guide, "Configure CTI Applications", "CTI Redundancy on
// CTIManager": an application is configured with its CTIManagers as primary and backup; it
// connects to the primary and, when that fails, to the backup. Cisco's CTI clients take an
// ordered list of addresses (JTAPI's provider string names several CTIManagers, TSP a primary and a
// backup); we take up to MAX_CTI_GATEWAYS (8) and try them in order.
//
// Decisions:
// - An attempt fails over to the next address when the gateway cannot serve anyone: the
//   connection is refused or lost (SipTransportError), nothing answers within `attemptTimeoutMs`
//   (default 32 s = 64*T1, RFC 3261 Timer B), a 5xx (RFC 3261 §21.5: 503 Service Unavailable is
//   the server's "try elsewhere"), a refusal whose CSTAErrorCode is a systemResourceAvailibility
//   one (the gateway has no CTIManager in service), or a SystemStatus other than normal. A refusal
//   of the application itself (401, 403 operation/privilege, 404, other 4xx) is final: every
//   gateway of the cluster would refuse it the same way.
// - `connect()` (an application (re)starting) always begins at the primary (CUCM-RED-010).
// - Session loss (the gateway BYEs us, a refresh fails, the TCP/TLS connection to the gateway
//   closes: RFC 5626 §4.4, a flow failure is seen when the connection closes) reconnects starting
//   at the address after the one that failed, wrapping round; it does not go back to the primary
//   while the backup serves (CUCM-RED-009), and reopens every device the application monitored.
// - Each attempt uses its own SIP endpoint (the application's local socket), closed with the
//   session, so an abandoned attempt or a dead gateway's connection leaves nothing behind.

import type { CstaRequest } from '../csta/csta-types.ts';
import { type Clock, systemClock, type TimerHandle } from '../lab/clock.ts';
import { SipEndpoint } from '../sip/sip-endpoint.ts';
import { SipTimeoutError, SipTransportError } from '../sip/sip-error.ts';
import { type ResponseFor, Tr87Client, type Tr87ConnectOptions } from './tr87-client.ts';
import { Tr87Error, Tr87SetupError, Tr87SystemStatusError } from './tr87-errors.ts';

/** Cisco's limit for the CTI gateway (CTIManager) addresses one application is given. */
export const MAX_CTI_GATEWAYS = 8;

/** RFC 3261 Timer B (64*T1, T1 = 500 ms): how long an INVITE waits for any final answer. */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 32_000;

export interface Tr87GatewayAddress {
  readonly host: string;
  readonly port: number;
  /** A name for reports (e.g. the gateway's node name); default `host:port`. */
  readonly name?: string;
}

export interface Tr87GatewayListOptions extends Omit<Tr87ConnectOptions, 'host' | 'port' | 'endpoint'> {
  /** Primary first, then the backups in order: 1 to MAX_CTI_GATEWAYS addresses. */
  readonly gateways: readonly Tr87GatewayAddress[];
  /** How long one attempt may take before the next address is tried (ms, on `clock`). */
  readonly attemptTimeoutMs?: number;
}

export type Tr87AttemptOutcome = 'connected' | 'refused' | 'timeout' | 'unavailable';

export interface Tr87GatewayAttempt {
  readonly index: number;
  readonly gateway: string;
  readonly outcome: Tr87AttemptOutcome;
  readonly detail: string;
}

export interface Tr87GatewayConnected {
  readonly index: number;
  readonly gateway: string;
  readonly client: Tr87Client;
  /** `open`: connect(); `reconnect`: after a session loss. */
  readonly why: 'open' | 'reconnect';
  /** Devices monitored again on the new session (reconnect only), and those refused. */
  readonly reopened: readonly string[];
  readonly notReopened: readonly { device: string; error: string }[];
}

/** The list itself is wrong: no address, or more than MAX_CTI_GATEWAYS. */
export class Tr87GatewayListError extends Tr87Error {
  override readonly name = 'Tr87GatewayListError';
}

/** Every address was tried and none could serve; `attempts` says what each did. */
export class Tr87NoGatewayError extends Tr87Error {
  override readonly name = 'Tr87NoGatewayError';
  constructor(readonly attempts: readonly Tr87GatewayAttempt[]) {
    super(`no CTI gateway could be reached: ${attempts.map((a) => `${a.gateway} ${a.detail}`).join('; ')}`);
  }
}

type Listener<T> = (value: T) => void;

/** Why an attempt failed, when the next address should be tried; undefined when the failure is final. */
export function failoverReason(e: unknown): Exclude<Tr87AttemptOutcome, 'connected'> | undefined {
  if (e instanceof SipTransportError) return 'refused';
  if (e instanceof SipTimeoutError) return 'timeout';
  if (e instanceof Tr87SystemStatusError) return 'unavailable';
  if (e instanceof Tr87SetupError) {
    if (e.status >= 500) return 'unavailable';
    if (e.code !== undefined && 'systemResourceAvailibility' in e.code) return 'unavailable';
  }
  return undefined;
}

class AttemptTimeout extends Error {}

export class Tr87GatewayList {
  readonly gateways: readonly Tr87GatewayAddress[];
  /** Every attempt made, oldest first. */
  readonly attempts: Tr87GatewayAttempt[] = [];
  /** Devices the application monitors (reopened after a reconnect), in the order opened. */
  readonly devices: string[] = [];
  state: 'idle' | 'connecting' | 'connected' | 'down' | 'closed' = 'idle';
  /** Why the list is down: the last reconnect found no gateway. */
  lastError: Error | undefined;
  private current:
    | { index: number; client: Tr87Client; endpoint: SipEndpoint; detach: () => void }
    | undefined;
  private readonly clock: Clock;
  private readonly connectedListeners: Array<Listener<Tr87GatewayConnected>> = [];
  private readonly downListeners: Array<Listener<Error>> = [];
  private reconnecting: Promise<void> | undefined;

  constructor(private readonly opts: Tr87GatewayListOptions) {
    const n = opts.gateways.length;
    if (n < 1 || n > MAX_CTI_GATEWAYS)
      throw new Tr87GatewayListError(
        `a CTI application takes 1 to ${MAX_CTI_GATEWAYS} CTI gateway addresses (primary first), got ${n}`,
      );
    this.gateways = [...opts.gateways];
    this.clock = opts.clock ?? systemClock;
  }

  /** The session in use (undefined while none is up). */
  get client(): Tr87Client | undefined {
    return this.current?.client;
  }

  /** The address serving the session: its index in the list and its name. */
  get connectedTo(): { index: number; gateway: string } | undefined {
    return this.current ? { index: this.current.index, gateway: this.nameOf(this.current.index) } : undefined;
  }

  on(what: 'connected', fn: Listener<Tr87GatewayConnected>): void;
  on(what: 'down', fn: Listener<Error>): void;
  on(what: 'connected' | 'down', fn: Listener<never>): void {
    if (what === 'connected') this.connectedListeners.push(fn as Listener<Tr87GatewayConnected>);
    else this.downListeners.push(fn as Listener<Error>);
  }

  /** Open a session on the first address that serves, trying the primary first. */
  async connect(): Promise<Tr87Client> {
    if (this.state === 'closed') throw new Tr87Error('the gateway list is closed');
    await this.settled();
    const c = this.current;
    this.current = undefined;
    if (c) {
      // A restart: the old session ends properly (MonitorStop, BYE) before the primary is tried.
      c.detach();
      await c.client.close();
      await c.endpoint.close();
    }
    return this.openFrom(0, 'open');
  }

  /** MonitorStart through the current session; the device is reopened after every reconnect. */
  async monitorStart(device: string): Promise<string> {
    const id = await this.need().monitorStart(device);
    if (!this.devices.includes(device)) this.devices.push(device);
    return id;
  }

  /** Any CSTA request through the current session. */
  request<R extends CstaRequest>(req: R): Promise<ResponseFor<R['type']>> {
    return this.need().request(req);
  }

  /** Resolves once a reconnect in progress has finished (connected or down). */
  async settled(): Promise<void> {
    while (this.reconnecting) await this.reconnecting;
  }

  /** End the session (MonitorStop, BYE) and stop reconnecting. */
  async close(): Promise<void> {
    this.state = 'closed';
    await this.reconnecting?.catch(() => {});
    const c = this.current;
    this.current = undefined;
    if (c) {
      c.detach();
      await c.client.close();
      await c.endpoint.close();
    }
  }

  /** Read afresh after each await: `close()` may have run meanwhile. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private need(): Tr87Client {
    const c = this.current?.client;
    if (c === undefined || c.state !== 'active') throw new Tr87Error(`no CTI session is up (${this.state})`);
    return c;
  }

  private nameOf(index: number): string {
    const g = this.gateways[index]!;
    return g.name ?? `${g.host}:${g.port}`;
  }

  /** Try every address once, starting at `start` and wrapping round. */
  private async openFrom(start: number, why: 'open' | 'reconnect'): Promise<Tr87Client> {
    this.state = 'connecting';
    const tried: Tr87GatewayAttempt[] = [];
    for (let k = 0; k < this.gateways.length; k++) {
      if (this.isClosed()) throw new Tr87Error('the gateway list was closed while connecting');
      const index = (start + k) % this.gateways.length;
      let opened: { client: Tr87Client; endpoint: SipEndpoint };
      try {
        opened = await this.attempt(index);
      } catch (e) {
        const outcome = e instanceof AttemptTimeout ? 'timeout' : failoverReason(e);
        if (outcome === undefined) {
          if (!this.isClosed()) this.state = 'down';
          throw e;
        }
        const attempt = {
          index,
          gateway: this.nameOf(index),
          outcome,
          detail: `${outcome}: ${(e as Error).message}`,
        };
        this.attempts.push(attempt);
        tried.push(attempt);
        continue;
      }
      if (this.isClosed()) {
        await opened.client.close();
        await opened.endpoint.close();
        throw new Tr87Error('the gateway list was closed while connecting');
      }
      this.attempts.push({ index, gateway: this.nameOf(index), outcome: 'connected', detail: 'connected' });
      return this.adopt(index, opened, why);
    }
    if (this.isClosed()) throw new Tr87Error('the gateway list was closed while connecting');
    this.state = 'down';
    throw new Tr87NoGatewayError(tried);
  }

  private async attempt(index: number): Promise<{ client: Tr87Client; endpoint: SipEndpoint }> {
    const g = this.gateways[index]!;
    const { gateways: _g, attemptTimeoutMs, ...connect } = this.opts;
    const endpoint = await SipEndpoint.start({
      name: 'tr87-client',
      clock: this.clock,
      ...(connect.timers ? { timers: connect.timers } : {}),
      ...(connect.tls ? { tls: { ca: connect.tls.ca } } : {}),
    });
    let timer: TimerHandle | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = this.clock.setTimeout(
        () =>
          reject(new AttemptTimeout(`no answer within ${attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS} ms`)),
        attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS,
      );
    });
    const connecting = Tr87Client.connect({ ...connect, host: g.host, port: g.port, endpoint });
    try {
      const client = await Promise.race([connecting, timedOut]);
      return { client, endpoint };
    } catch (e) {
      // An abandoned attempt that still succeeds later is ended at once.
      connecting.then(
        (c) => c.close(),
        () => {},
      );
      await endpoint.close();
      throw e;
    } finally {
      timer?.cancel();
    }
  }

  private async adopt(
    index: number,
    opened: { client: Tr87Client; endpoint: SipEndpoint },
    why: 'open' | 'reconnect',
  ): Promise<Tr87Client> {
    const { client, endpoint } = opened;
    const g = this.gateways[index]!;
    let lost = false;
    const onLost = () => {
      if (lost || this.current?.client !== client) return;
      lost = true;
      this.reconnect(index);
    };
    client.on('ended', (reason) => {
      if (reason !== 'closed') onLost();
    });
    // RFC 5626 §4.4: the connection to the gateway closing is the flow failing.
    const detach = endpoint.onFlowClosed((flow) => {
      if (flow.transport !== 'udp' && flow.remote.port === g.port && flow.remote.host === g.host) onLost();
    });
    this.current = { index, client, endpoint, detach };
    this.state = 'connected';
    const reopened: string[] = [];
    const notReopened: { device: string; error: string }[] = [];
    if (why === 'reconnect')
      for (const device of this.devices) {
        try {
          await client.monitorStart(device);
          reopened.push(device);
        } catch (e) {
          notReopened.push({ device, error: (e as Error).message });
        }
      }
    const event = { index, gateway: this.nameOf(index), client, why, reopened, notReopened };
    for (const l of this.connectedListeners) l(event);
    return client;
  }

  /** The session on `failed` is lost: drop it and open one from the next address on. */
  private reconnect(failed: number): void {
    const run = async () => {
      await this.drop();
      if (this.state === 'closed') return;
      try {
        await this.openFrom((failed + 1) % this.gateways.length, 'reconnect');
      } catch (e) {
        if (this.isClosed()) return; // closed by the application: nothing is down
        this.lastError = e as Error;
        for (const l of this.downListeners) l(e as Error);
      }
    };
    this.reconnecting = run().finally(() => {
      this.reconnecting = undefined;
    });
  }

  /** Forget the current session without signalling (it is lost): its endpoint closes. */
  private async drop(): Promise<void> {
    const c = this.current;
    this.current = undefined;
    if (c === undefined) return;
    c.detach();
    await c.endpoint.close();
  }
}
