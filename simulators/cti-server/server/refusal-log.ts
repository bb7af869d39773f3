/**
 * One readable log line per request a CTI Server side refused (issue 12 item 6): who (the side,
 * the session and its ClientID), what (the request), why, and the error returned, e.g.
 *
 *   [acd-cti-A] session 3 (bridge): SET_AGENT_STATE_REQ refused: CONTROL_FAILURE_CONF 257 INVALID_PASSWORD_SPECIFIED (wrong password)
 *
 * It reads only the observation stream: the bytes each session sent and received (`wire`, protocol
 * `cti-server`, connection `<side>/<session>`) and the reasons the session noted (`cti-server-*`
 * state observations). Every FAILURE_CONF, FAILURE_EVENT and CONTROL_FAILURE_CONF a client is sent
 * is one line; the request is the one the client sent with the same InvokeID (Cisco "CTI Server
 * Message Reference Guide", chapter 3 "Invoke IDs": a CONF echoes its request's InvokeID). The
 * names of Status and ControlFailureCode values are the guide's ("Failure Indication Message
 * Status Codes", "ControlFailureCode Values").
 */
import type { Observation, ObservationStream } from '../../lab/observation.ts';
import { ControlFailureCode, ctiStatusName, decodeMessage, MESSAGES_BY_ID, NEWEST_VERSION } from '../wire.ts';

const FAILURES = new Set(['FAILURE_CONF', 'FAILURE_EVENT', 'CONTROL_FAILURE_CONF']);
const CONTROL_FAILURE_NAMES = new Map<number, string>(
  Object.entries(ControlFailureCode).map(([name, value]) => [value as number, name]),
);
/** State observations of a session that has ended. */
const END_TOPICS = new Set(['cti-server-session-closed', 'cti-server-session-reset']);
/** Connections remembered at most (one entry per session: its ClientID, version, open requests). */
const MAX_CONNECTIONS = 10_000;
/** State observations of a session that say why it refuses what it sends next. */
const REASON_TOPICS = new Set([
  'cti-server-request-refused',
  'cti-server-open-refused',
  'cti-server-bad-input',
]);

interface Connection {
  clientID?: string;
  version: number;
  /** Requests awaiting their answer, by InvokeID. */
  readonly pending: Map<number, string>;
  /** The reason the session noted for the refusal it is about to send. */
  reason?: string;
  /** OPEN_REQ's VersionNumber, the session's version once OPEN_CONF is sent. */
  pendingVersion?: number;
}

/**
 * Logs each refusal the CTI Server sides named by `isSide` (observation `source`) send; returns
 * the unsubscribe function.
 */
export function logCtiServerRefusals(
  observations: ObservationStream,
  isSide: (source: string) => boolean,
  log: (line: string) => void,
): () => void {
  const connections = new Map<string, Connection>();
  const connectionOf = (key: string): Connection => {
    let c = connections.get(key);
    if (c === undefined) {
      c = { version: NEWEST_VERSION, pending: new Map() };
      connections.set(key, c);
      // Sessions that end without a note (the client's FIN) are forgotten oldest first.
      if (connections.size > MAX_CONNECTIONS) connections.delete(connections.keys().next().value!);
    }
    return c;
  };
  return observations.subscribe((o: Observation) => {
    if (!isSide(o.source)) return;
    if (o.kind === 'state' && END_TOPICS.has(o.topic)) {
      connections.delete(`${o.source}/${o.detail.session}`);
      return;
    }
    if (o.kind === 'state' && REASON_TOPICS.has(o.topic)) {
      const reason = o.detail.reason ?? o.detail.error;
      if (typeof reason === 'string') connectionOf(`${o.source}/${o.detail.session}`).reason = reason;
      return;
    }
    if (o.kind !== 'wire' || o.protocol !== 'cti-server' || o.bytes.length < 8) return;
    const bytes = Buffer.from(o.bytes.buffer, o.bytes.byteOffset, o.bytes.byteLength);
    const type = bytes.readUInt32BE(4);
    const body = bytes.subarray(8);
    const name = MESSAGES_BY_ID.get(type)?.name ?? `message type ${type}`;
    const c = connectionOf(o.connection);
    if (name === 'OPEN_CONF') {
      c.version = c.pendingVersion ?? c.version;
      return;
    }
    if (!FAILURES.has(name)) {
      if (name.endsWith('_REQ') || !MESSAGES_BY_ID.has(type)) received(c, name, type, body);
      return;
    }
    const decoded = decodeMessage(type, body, c.version);
    if (!decoded.ok) return;
    const f = decoded.message.fixed;
    const invokeID = f.InvokeID as number | undefined;
    const request = invokeID === undefined ? undefined : c.pending.get(invokeID);
    if (invokeID !== undefined) c.pending.delete(invokeID);
    const [side, session] = splitConnection(o.connection);
    const who = `[${side}] session ${session} (${c.clientID ?? 'not open'})`;
    const what = request ?? (invokeID === undefined ? 'a message' : `InvokeID ${invokeID}`);
    log(`${who}: ${what} refused: ${errorText(name, f, decoded.message.floating, c.reason)}`);
    c.reason = undefined;
  });
}

/** A request from the client: remember its InvokeID (and, for OPEN_REQ, its ClientID and version). */
function received(c: Connection, name: string, type: number, body: Buffer): void {
  if (body.length < 4) return;
  const def = MESSAGES_BY_ID.get(type);
  if (def !== undefined && def.fixed[0]?.name !== 'InvokeID') return;
  c.pending.set(body.readUInt32BE(0), name);
  if (name !== 'OPEN_REQ') return;
  const open = decodeMessage(type, body, NEWEST_VERSION);
  if (!open.ok) return;
  const client = open.message.floating.find((f) => f.name === 'ClientID')?.value;
  if (typeof client === 'string') c.clientID = client;
  const version = open.message.fixed.VersionNumber;
  if (typeof version === 'number') c.pendingVersion = version;
}

function errorText(
  name: string,
  fixed: Record<string, unknown>,
  floating: readonly { name: string; value: unknown }[],
  reason: string | undefined,
): string {
  if (name === 'CONTROL_FAILURE_CONF') {
    const code = fixed.FailureCode as number;
    const text = floating.find((f) => f.name === 'Text')?.value;
    const why = typeof text === 'string' && text !== '' ? text : reason;
    return `${name} ${code} ${CONTROL_FAILURE_NAMES.get(code) ?? 'unknown code'}${why ? ` (${why})` : ''}`;
  }
  const status = fixed.Status as number;
  return `${name} ${status} ${ctiStatusName(status) ?? 'unknown status'}${reason ? ` (${reason})` : ''}`;
}

function splitConnection(connection: string): [string, string] {
  const i = connection.lastIndexOf('/');
  return [connection.slice(0, i), connection.slice(i + 1)];
}
