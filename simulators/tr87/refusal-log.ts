/**
 * One readable log line per request a TR/87 server refused (issue 12 item 6), from its state
 * observations (tr87-server.ts):
 *
 * - `csta-request-refused`: a CSTA request in INFO answered with a CSTAErrorCode (ECMA-323
 *   `CSTAErrorCode`, one category and its value), e.g.
 *   `[cme-cti] session 2 (sip:alice@cme, line 201): MakeCall refused: CSTAErrorCode operation privilegeViolationSpecifiedDevice (why)`;
 * - `invite-refused`: a session INVITE answered with a final error (RFC 3261 section 21.4), e.g.
 *   `[cucm-imp] session INVITE from 127.0.0.1:5070 refused: 403 CTI Session Refused (why)`.
 *   The 401 that challenges an INVITE carrying no Authorization is the first leg of every digest
 *   set-up (RFC 3261 section 22.1), not a refusal: it is not logged; a 401 for wrong credentials is.
 */
import type { Observation, ObservationStream } from '../lab/observation.ts';

/** Logs each refusal of the TR/87 servers named by `isServer` (observation `source`); returns unsubscribe. */
export function logTr87Refusals(
  observations: ObservationStream,
  isServer: (source: string) => boolean,
  log: (line: string) => void,
): () => void {
  return observations.subscribe(
    (o: Observation) => {
      if (o.kind !== 'state' || !isServer(o.source)) return;
      const line = refusalLine(o.source, o.topic, o.detail);
      if (line !== undefined) log(line);
    },
    ['state'],
  );
}

/** The log line of one state observation, or undefined when it is not a refusal. */
export function refusalLine(source: string, topic: string, d: Record<string, unknown>): string | undefined {
  if (topic === 'csta-request-refused') {
    const error = (d.error ?? {}) as Record<string, unknown>;
    const [category, value] = Object.entries(error)[0] ?? ['unspecified', true];
    const code = value === true || value === '' ? String(category) : `${category} ${String(value)}`;
    const reason = typeof d.reason === 'string' && d.reason !== '' ? ` (${d.reason})` : '';
    return `[${source}] session ${String(d.id)} (${String(d.user)}, line ${String(d.line)}): ${String(d.request)} refused: CSTAErrorCode ${code}${reason}`;
  }
  if (topic === 'invite-refused') {
    if (d.status === 401 && d.why === 'no Authorization') return undefined;
    const remote = d.remote as { host?: string; port?: number } | undefined;
    const from = remote ? ` from ${remote.host}:${remote.port}` : '';
    const detail = typeof d.why === 'string' ? ` (${d.why})` : '';
    return `[${source}] session INVITE${from} refused: ${String(d.status)} ${String(d.reason)}${detail}`;
  }
  return undefined;
}
