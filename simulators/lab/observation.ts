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
  private readonly listeners = new Set<ObservationListener>();

  publish(o: Observation): void {
    for (const l of this.listeners) {
      try {
        l(o);
      } catch {
        // A consumer's failure must never disturb the node that published.
      }
    }
  }

  subscribe(listener: ObservationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
