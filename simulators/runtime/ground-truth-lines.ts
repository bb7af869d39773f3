// The ground truth a node process streams for a load run in another process (`ctilab serve cme |
// cucm | acd --call-events`; read by conformance/load/ on the process runtime): one JSON line per
// event, with the time (ms since the epoch, Date.now()) the node emitted it.
// - `{"callEvent": <CallEvent>, "t": ms}`: an event of the node's call model, as the model emits it;
// - `{"peripheralEvent": <PeripheralEvent>, "node": <acd node>, "t": ms}`: what an ACD node's
//   peripheral handed to its CTI Server (CtiPeripheral.subscribe), byte fields as `{"hex": "..."}`;
// - `{"greeting": <MonitorID>, "message": <CtiMessage>, "node": <acd node>, "t": ms}`: a message
//   a session of that node's CTI Server sent of its own right after its OPEN_CONF (the session's
//   greeting: its SYSTEM_EVENT, a BEGIN_CALL_EVENT per call in progress), tagged with the MonitorID
//   that OPEN_CONF carried (unique across the node's two sides), so a reader can expect exactly
//   those messages on exactly that session (CtiServerPair.onGreeting).
// One encoder and one decoder, so the writers (bin/serve-*.ts) and the reader agree on the format.
import type { CallEvent } from '../calls/call-events.ts';
import type { FloatingField } from '../cti-server/message-codec.ts';
import type { PeripheralEvent } from '../cti-server/server/cti-peripheral.ts';
import type { CtiMessage } from '../cti-server/wire.ts';

export type GroundTruth =
  | { readonly kind: 'call'; readonly event: CallEvent; readonly t: number }
  | {
      readonly kind: 'peripheral';
      readonly node: string;
      readonly event: PeripheralEvent;
      readonly t: number;
    }
  | {
      readonly kind: 'greeting';
      readonly node: string;
      /** The MonitorID of the OPEN_CONF the session sent before it. */
      readonly monitorID: number;
      readonly message: CtiMessage;
      readonly t: number;
    };

/** The line (no newline) of a call-model event emitted at `t`. */
export function callEventLine(event: CallEvent, t: number): string {
  return JSON.stringify({ callEvent: event, t });
}

/** The line (no newline) of an event ACD node `node`'s peripheral handed to its CTI Server at `t`. */
export function peripheralEventLine(node: string, event: PeripheralEvent, t: number): string {
  return JSON.stringify({ peripheralEvent: { ...event, message: messageJson(event.message) }, node, t });
}

/** The line (no newline) of a greeting message a session of `node` (MonitorID `monitorID`) sent at `t`. */
export function greetingLine(node: string, monitorID: number, message: CtiMessage, t: number): string {
  return JSON.stringify({ greeting: monitorID, message: messageJson(message), node, t });
}

/** A GED-188 message as JSON: byte fields as `{"hex": ...}`. */
function messageJson(message: CtiMessage): unknown {
  const floating = message.floating.map((f) =>
    f.value instanceof Uint8Array
      ? { name: f.name, value: { hex: Buffer.from(f.value).toString('hex') } }
      : f,
  );
  return { ...message, floating };
}

/** The message back from its JSON: `{"hex": ...}` fields as bytes again. */
function messageOf(message: CtiMessage): CtiMessage {
  const floating: FloatingField[] = message.floating.map((f) => {
    const v = f.value as unknown as { hex?: unknown };
    return typeof v === 'object' && v !== null && typeof v.hex === 'string' && Object.keys(v).length === 1
      ? { name: f.name, value: new Uint8Array(Buffer.from(v.hex, 'hex')) }
      : f;
  });
  return { ...message, floating };
}

/** The ground truth a parsed stdout line carries; undefined for any other line (ready, console, status). */
export function groundTruthOf(value: Record<string, unknown>): GroundTruth | undefined {
  const t = typeof value.t === 'number' ? value.t : undefined;
  if (t === undefined) return undefined;
  if (typeof value.callEvent === 'object' && value.callEvent !== null)
    return { kind: 'call', event: value.callEvent as CallEvent, t };
  if (typeof value.node !== 'string') return undefined;
  const m = value.message as CtiMessage | undefined;
  if (typeof value.greeting === 'number' && isMessage(m))
    return { kind: 'greeting', node: value.node, monitorID: value.greeting, message: messageOf(m), t };
  const p = value.peripheralEvent as PeripheralEvent | undefined;
  if (typeof p !== 'object' || p === null || !isMessage(p.message)) return undefined;
  return { kind: 'peripheral', node: value.node, event: { ...p, message: messageOf(p.message) }, t };
}

function isMessage(m: unknown): m is CtiMessage {
  return typeof m === 'object' && m !== null && Array.isArray((m as CtiMessage).floating);
}

/** The sources a node streams: its call model and, on an ACD lab, each node's peripheral. */
export interface GroundTruthSources {
  readonly model: { on(listener: (event: CallEvent) => void): () => void };
  readonly peripherals?: ReadonlyArray<{
    readonly node: string;
    subscribe(listener: (event: PeripheralEvent) => void): () => void;
    /** The greetings of the node's CTI Server sessions (CtiServerPair.onGreeting). */
    onGreeting?(listener: (monitorID: number, messages: readonly CtiMessage[]) => void): () => void;
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
    ...(sources.peripherals ?? []).map(
      (p) =>
        p.onGreeting?.((monitorID, messages) => {
          const t = now();
          for (const m of messages) write(`${greetingLine(p.node, monitorID, m, t)}\n`);
        }) ?? (() => {}),
    ),
  ];
  return () => {
    for (const off of offs) off();
  };
}
