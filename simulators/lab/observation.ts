/**
 * The lab's one observation stream (DESIGN.md section 3): every node and device publishes each
 * message it sends or receives (decoded, plus the raw bytes) and each state change. Captures,
 * the conformance observer and load metrics consume it; none reaches into a node's internals.
 */
export interface Endpoint {
  host: string;
  port: number;
}

export type WireProtocol = 'sccp' | 'sip' | 'cti-server' | 'tftp';

/** Bytes that crossed a real socket. `src`/`dst` are the socket's own addresses. */
export interface WireObservation {
  kind: 'wire';
  time: number;
  /** Who published it (node or device name, e.g. `cme`, `SEP001E4A34A35F`). */
  source: string;
  protocol: WireProtocol;
  transport: 'tcp' | 'udp';
  /** Stable id of the TCP connection (or UDP flow) these bytes belong to. */
  connection: string;
  src: Endpoint;
  dst: Endpoint;
  bytes: Uint8Array;
  /** The decoded message, when the publisher decoded it. */
  decoded?: unknown;
}

/** A TCP connection opened or closed (lets captures write SYN/FIN). */
export interface ConnectionObservation {
  kind: 'connection';
  time: number;
  source: string;
  protocol: WireProtocol;
  connection: string;
  event: 'open' | 'close';
  /** Client side of the connection. */
  client: Endpoint;
  /** Server side of the connection. */
  server: Endpoint;
}

/** A state change (registration, call state, alarm, ...). */
export interface StateObservation {
  kind: 'state';
  time: number;
  source: string;
  /** What changed, e.g. `registration`, `call`, `keepalive`, `bad-input`. */
  topic: string;
  detail: Record<string, unknown>;
}

/**
 * The parts of a node that publish under their own name, `<node>-<part>`: its SIP endpoint
 * (cme.ts, cucm-cluster.ts), its TR/87 service and its CTI Server sides (`-cti`, `-cti-A`,
 * `-cti-B`: cme.ts, acd-cti/acd-lab.ts with cti-server-pair.ts), its TFTP server (cme.ts).
 */
export const NODE_PARTS = ['sip', 'cti', 'cti-A', 'cti-B', 'tftp'] as const;
export type NodePart = (typeof NODE_PARTS)[number];

/** The publisher name of a node's part: `CME` + `sip` -> `CME-sip`. */
export const partPublisher = (node: string, part: NodePart): string => `${node}-${part}`;

/** The node a publisher belongs to: `CME-sip` -> `CME`, `acd-cti-A` -> `acd`; other names as they are. */
export function nodeOfPublisher(source: string): string {
  for (const part of NODE_PARTS) {
    const suffix = `-${part}`;
    if (source.length > suffix.length && source.endsWith(suffix)) return source.slice(0, -suffix.length);
  }
  return source;
}

export type Observation = WireObservation | ConnectionObservation | StateObservation;

export type ObservationListener = (o: Observation) => void;

export class ObservationStream {
  /** Each listener and the kinds it takes (undefined: every kind). */
  private readonly listeners = new Map<ObservationListener, ReadonlySet<Observation['kind']> | undefined>();
  /** The kinds some listener takes, or 'all'; kept on subscribe and unsubscribe. */
  private wanted: ReadonlySet<Observation['kind']> | 'all' = new Set();

  publish(o: Observation): void {
    for (const [l, kinds] of this.listeners) {
      if (kinds !== undefined && !kinds.has(o.kind)) continue;
      try {
        l(o);
      } catch {
        // A consumer's failure must never disturb the node that published.
      }
    }
  }

  /**
   * `listener` gets every observation published from now on, or only those of `kinds`. A
   * publisher may skip building what no listener takes ({@link wants}).
   */
  subscribe(listener: ObservationListener, kinds?: readonly Observation['kind'][]): () => void {
    this.listeners.set(listener, kinds === undefined ? undefined : new Set(kinds));
    this.updateWanted();
    return () => {
      this.listeners.delete(listener);
      this.updateWanted();
    };
  }

  /** Whether some listener takes observations of `kind` (else publishing one hands it to no one). */
  wants(kind: Observation['kind']): boolean {
    return this.wanted === 'all' || this.wanted.has(kind);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  private updateWanted(): void {
    const kinds = new Set<Observation['kind']>();
    for (const k of this.listeners.values()) {
      if (k === undefined) {
        this.wanted = 'all';
        return;
      }
      for (const kind of k) kinds.add(kind);
    }
    this.wanted = kinds;
  }
}
