// The ground truth a node process streams for a load run in another process (`ctilab serve cme |
// cucm | acd --call-events`; read by conformance/load/ on the process runtime): one JSON line per
// event, with the time (ms since the epoch, Date.now()) the node emitted it.
// - `{"callEvent": <CallEvent>, "t": ms}`: an event of the node's call model, as the model emits it;
// - `{"peripheralEvent": <PeripheralEvent>, "node": <acd node>, "t": ms}`: what an ACD node's
//   peripheral handed to its CTI Server (CtiPeripheral.subscribe), byte fields as `{"hex": "..."}`.
// One encoder and one decoder, so the writers (bin/serve-*.ts) and the reader agree on the format.
import type { CallEvent } from '../calls/call-events.ts';
import type { FloatingField } from '../cti-server/message-codec.ts';
import type { PeripheralEvent } from '../cti-server/server/cti-peripheral.ts';

export type GroundTruth =
  | { readonly kind: 'call'; readonly event: CallEvent; readonly t: number }
  | {
      readonly kind: 'peripheral';
      readonly node: string;
      readonly event: PeripheralEvent;
      readonly t: number;
    };

/** The line (no newline) of a call-model event emitted at `t`. */
export function callEventLine(event: CallEvent, t: number): string {
  return JSON.stringify({ callEvent: event, t });
}

/** The line (no newline) of an event ACD node `node`'s peripheral handed to its CTI Server at `t`. */
export function peripheralEventLine(node: string, event: PeripheralEvent, t: number): string {
  const floating = event.message.floating.map((f) =>
    f.value instanceof Uint8Array
      ? { name: f.name, value: { hex: Buffer.from(f.value).toString('hex') } }
      : f,
  );
  return JSON.stringify({ peripheralEvent: { ...event, message: { ...event.message, floating } }, node, t });
}

/** The ground truth a parsed stdout line carries; undefined for any other line (ready, console, status). */
export function groundTruthOf(value: Record<string, unknown>): GroundTruth | undefined {
  const t = typeof value.t === 'number' ? value.t : undefined;
  if (t === undefined) return undefined;
  if (typeof value.callEvent === 'object' && value.callEvent !== null)
    return { kind: 'call', event: value.callEvent as CallEvent, t };
  const p = value.peripheralEvent as PeripheralEvent | undefined;
  if (typeof p !== 'object' || p === null || typeof value.node !== 'string') return undefined;
  const floating: FloatingField[] = p.message.floating.map((f) => {
    const v = f.value as unknown as { hex?: unknown };
    return typeof v === 'object' && v !== null && typeof v.hex === 'string' && Object.keys(v).length === 1
      ? { name: f.name, value: new Uint8Array(Buffer.from(v.hex, 'hex')) }
      : f;
  });
  return { kind: 'peripheral', node: value.node, event: { ...p, message: { ...p.message, floating } }, t };
}

/** The sources a node streams: its call model and, on an ACD lab, each node's peripheral. */
export interface GroundTruthSources {
  readonly model: { on(listener: (event: CallEvent) => void): () => void };
  readonly peripherals?: ReadonlyArray<{
    readonly node: string;
    subscribe(listener: (event: PeripheralEvent) => void): () => void;
  }>;
}

/** Writes every event of `sources` as one line to `write` as it is emitted; returns the unsubscribe. */
export function streamGroundTruth(
  sources: GroundTruthSources,
  write: (line: string) => void,
  now: () => number,
): () => void {
  const offs = [
    sources.model.on((e) => write(`${callEventLine(e, now())}\n`)),
    ...(sources.peripherals ?? []).map((p) =>
      p.subscribe((e) => write(`${peripheralEventLine(p.node, e, now())}\n`)),
    ),
  ];
  return () => {
    for (const off of offs) off();
  };
}
