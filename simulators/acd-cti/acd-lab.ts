// One ACD lab as a unit (issue 11): the SCCP phones of its ACD nodes on one call model (a station
// server with its call control), the ACD system on that call model (a peripheral per node, the
// ICM router across them), and per node a duplexed CTI Server (sides A and B) in front of the
// node's peripheral. This is what `ctilab serve acd` runs and what the features start in the
// embedded runtime. Calls, call data and agent states live in the ACD system and the call model,
// so a CTI Server side may fail and come back without losing them (Cisco "CTI Planning", "CTI
// Server Fault Tolerance").
import type { AcdSpec } from '../acd/acd-spec.ts';
import { AcdSystem } from '../acd/acd-system.ts';
import { CtiServerPair, type SideName } from '../cti-server/server/cti-server-pair.ts';
import type { ConfiguredClient } from '../cti-server/server/open-request.ts';
import { logCtiServerRefusals } from '../cti-server/server/refusal-log.ts';
import { type Clock, systemClock } from '../lab/clock.ts';
import { type Endpoint, ObservationStream, partPublisher } from '../lab/observation.ts';
import { StationCallControl } from '../station/call-control.ts';
import { StationServer } from '../station/station-server.ts';
import { AcdCtiPeripheral } from './acd-cti-peripheral.ts';
import { acdStationConfig } from './acd-station-config.ts';

export interface AcdLabOptions {
  /** The lab's ACD nodes (one peripheral each; translation routes join them). */
  readonly nodes: readonly AcdSpec[];
  /** Name of the unit (station hostname, log prefix). */
  readonly name?: string;
  /** Listening host of the phones' SCCP port (the sides have their own, from the spec). */
  readonly host?: string;
  /** The phones' SCCP port (0 = ephemeral). */
  readonly sccpPort?: number;
  /** Override of a node's side ports (0 = ephemeral), e.g. for tests running labs side by side. */
  readonly sidePorts?: Readonly<Record<string, { readonly A?: number; readonly B?: number }>>;
  readonly clock?: Clock;
  readonly observations?: ObservationStream;
  readonly log?: (line: string) => void;
}

export interface AcdNodeEndpoints {
  readonly A: Endpoint;
  readonly B: Endpoint;
  readonly active: SideName;
  /** Sides listening now. */
  readonly up: readonly SideName[];
}

export interface AcdLabEndpoints {
  readonly sccp: { readonly host: string; readonly port: number };
  readonly nodes: Readonly<Record<string, AcdNodeEndpoints>>;
}

export class AcdLab {
  readonly name: string;
  readonly clock: Clock;
  readonly observations: ObservationStream;
  readonly station: StationServer;
  readonly calls: StationCallControl;
  readonly system: AcdSystem;
  private readonly ctis = new Map<string, AcdCtiPeripheral>();
  private readonly pairs = new Map<string, CtiServerPair>();
  private running = false;

  constructor(readonly options: AcdLabOptions) {
    if (options.nodes.length === 0) throw new Error('an ACD lab needs at least one ACD node');
    this.name = options.name ?? options.nodes[0]!.name;
    this.clock = options.clock ?? systemClock;
    this.observations = options.observations ?? new ObservationStream();
    this.station = new StationServer({
      config: acdStationConfig(
        this.name,
        options.nodes.flatMap((n) => n.phones),
      ),
      host: options.host ?? '127.0.0.1',
      sccpPort: options.sccpPort ?? 0,
      clock: this.clock,
      observations: this.observations,
      name: this.name,
      log: options.log,
    });
    this.calls = new StationCallControl(this.station);
    this.system = new AcdSystem(options.nodes, {
      clock: this.clock,
      model: this.calls.model,
      observations: this.observations,
    });
    for (const [i, node] of options.nodes.entries()) {
      const cti = new AcdCtiPeripheral({
        system: this.system,
        peripheralId: node.peripheral.id,
        model: this.calls.model,
        clock: this.clock,
        // A block of a million ConnectionCallIDs per peripheral (AcdSystem's CALL_ID_BLOCK idea).
        firstConnectionCallId: i * 1_000_000 + 1,
      });
      this.ctis.set(node.name, cti);
      const ports = options.sidePorts?.[node.name];
      this.pairs.set(
        node.name,
        new CtiServerPair({
          peripheral: cti,
          host: node.sides.a.host,
          ports: { A: ports?.A ?? node.sides.a.port, B: ports?.B ?? node.sides.b.port },
          clock: this.clock,
          clients: new Map<string, ConfiguredClient>(
            node.clients.bridges.map((b) => [b.clientId, { password: b.password }]),
          ),
          observations: this.observations,
          name: partPublisher(node.name, 'cti'),
        }),
      );
    }
    // Issue 12 item 6: each request a CTI Server side refuses is one readable log line.
    const sides = new Set(
      options.nodes.flatMap((n) => [partPublisher(n.name, 'cti-A'), partPublisher(n.name, 'cti-B')]),
    );
    if (options.log) logCtiServerRefusals(this.observations, (source) => sides.has(source), options.log);
  }

  get nodeNames(): string[] {
    return this.options.nodes.map((n) => n.name);
  }

  /** The CTI Server port of a node (its peripheral as the server sees it). */
  cti(node: string): AcdCtiPeripheral {
    const c = this.ctis.get(node);
    if (c === undefined) throw new Error(`no ACD node ${node} in ${this.name}`);
    return c;
  }

  /** The duplexed CTI Server of a node. */
  pair(node: string): CtiServerPair {
    const p = this.pairs.get(node);
    if (p === undefined) throw new Error(`no ACD node ${node} in ${this.name}`);
    return p;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Opens the phones' SCCP port, then both sides of every node's CTI Server. */
  async start(): Promise<AcdLabEndpoints> {
    if (this.running) return this.endpoints();
    await this.station.start();
    try {
      for (const pair of this.pairs.values()) await pair.start();
    } catch (e) {
      for (const pair of this.pairs.values()) await pair.stop().catch(() => undefined);
      await this.station.stop();
      throw e;
    }
    this.running = true;
    return this.endpoints();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const pair of this.pairs.values()) await pair.stop();
    await this.station.stop();
  }

  /** Closes every socket and stops listening to the call model (the unit cannot start again). */
  async close(): Promise<void> {
    await this.stop();
    for (const c of this.ctis.values()) c.close();
    this.system.close();
  }

  endpoints(): AcdLabEndpoints {
    const nodes: Record<string, AcdNodeEndpoints> = {};
    for (const [name, pair] of this.pairs) {
      nodes[name] = {
        A: pair.endpoint('A'),
        B: pair.endpoint('B'),
        active: pair.active,
        up: (['A', 'B'] as const).filter((s) => pair.sides[s].listening),
      };
    }
    return { sccp: this.station.endpoint, nodes };
  }
}
