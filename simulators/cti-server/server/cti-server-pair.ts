/**
 * A duplexed CTI Server: sides A and B over one peripheral (Cisco "CTI Planning", "CTI Server
 * Fault Tolerance": "the CTI Server is installed on a pair of server platforms. In the event of a
 * failed CTI client connection, the client process can automatically reestablish a connection to
 * either side"). Only the active side takes sessions; the standby answers OPEN_REQ with
 * FAILURE_CONF E_CTI_SERVER_NOT_MASTER and closes (as UCCX's standby does; reference digest
 * §10). Sessions are per side; what must survive a failover lives in the peripheral.
 * Default ports 42027 (A) and 43027 (B) are the defaults of uccertweb (reference digest §10).
 */
import { type Clock, systemClock } from '../../lab/clock.ts';
import type { Endpoint, ObservationStream } from '../../lab/observation.ts';
import type { CtiMessage } from '../wire.ts';
import type { CtiPeripheral } from './cti-peripheral.ts';
import { CtiServerSide } from './cti-server-side.ts';
import type { ConfiguredClient } from './open-request.ts';

export const DEFAULT_SIDE_A_PORT = 42027;
export const DEFAULT_SIDE_B_PORT = 43027;

export type SideName = 'A' | 'B';

export interface CtiServerPairOptions {
  peripheral: CtiPeripheral;
  host?: string;
  /** Ports of sides A and B (0 = ephemeral, kept across a restore). */
  ports?: { A?: number; B?: number };
  clock?: Clock;
  clients?: ReadonlyMap<string, ConfiguredClient>;
  openTimeoutMs?: number;
  observations?: ObservationStream;
  /** Name prefix on the observation stream (default `cti-server`). */
  name?: string;
}

export class CtiServerPair {
  readonly sides: Readonly<Record<SideName, CtiServerSide>>;
  private activeSide: SideName = 'A';
  private readonly options: CtiServerPairOptions;
  private readonly greetingListeners = new Set<
    (monitorID: number, messages: readonly CtiMessage[]) => void
  >();

  constructor(options: CtiServerPairOptions) {
    this.options = options;
    const monitorIDs = { next: 1 };
    const side = (n: SideName, port: number) =>
      new CtiServerSide({
        name: `${options.name ?? 'cti-server'}-${n}`,
        host: options.host,
        port,
        peripheral: options.peripheral,
        clock: options.clock,
        clients: options.clients,
        active: n === 'A',
        openTimeoutMs: options.openTimeoutMs,
        observations: options.observations,
        monitorIDs,
        onGreeting: (monitorID, messages) => {
          for (const l of this.greetingListeners) l(monitorID, messages);
        },
      });
    this.sides = {
      A: side('A', options.ports?.A ?? DEFAULT_SIDE_A_PORT),
      B: side('B', options.ports?.B ?? DEFAULT_SIDE_B_PORT),
    };
  }

  /**
   * The greeting of every session either side opens (what it sends of its own right after
   * OPEN_CONF), with that OPEN_CONF's MonitorID (unique across the pair); returns the unsubscribe.
   */
  onGreeting(listener: (monitorID: number, messages: readonly CtiMessage[]) => void): () => void {
    this.greetingListeners.add(listener);
    return () => {
      this.greetingListeners.delete(listener);
    };
  }

  get active(): SideName {
    return this.activeSide;
  }

  get standby(): SideName {
    return this.activeSide === 'A' ? 'B' : 'A';
  }

  endpoint(side: SideName): Endpoint {
    return this.sides[side].endpoint;
  }

  async start(): Promise<{ A: Endpoint; B: Endpoint }> {
    try {
      await this.sides.A.start();
      await this.sides.B.start();
    } catch (e) {
      await this.stop();
      throw e;
    }
    return { A: this.endpoint('A'), B: this.endpoint('B') };
  }

  async stop(): Promise<void> {
    await this.sides.A.stop();
    await this.sides.B.stop();
  }

  /** A fault: the active side dies (its sessions are reset, it stops listening); the other takes over. */
  async failActive(): Promise<SideName> {
    const failed = this.activeSide;
    const other = this.standby;
    this.sides[failed].setActive(false);
    this.sides[other].setActive(true);
    this.activeSide = other;
    await this.sides[failed].stop();
    this.note({ side: failed, state: 'down', active: other });
    return other;
  }

  /** Brings every dead side back, as standby, on its former port. */
  async restore(): Promise<void> {
    for (const n of ['A', 'B'] as const) {
      if (!this.sides[n].listening) {
        this.sides[n].setActive(n === this.activeSide);
        await this.sides[n].start();
        this.note({ side: n, state: 'up', active: this.activeSide });
      }
    }
  }

  /** A side died or came back: a state observation `cti-server-side` (what a live view shows as an alarm). */
  private note(detail: { side: SideName; state: 'up' | 'down'; active: SideName }): void {
    this.options.observations?.publish({
      kind: 'state',
      time: (this.options.clock ?? systemClock).now(),
      source: this.options.name ?? 'cti-server',
      topic: 'cti-server-side',
      detail: { ...detail },
    });
  }
}
