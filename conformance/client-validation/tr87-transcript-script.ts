/**
 * Hand-built TR/87 transcripts for the graders' tests: a short script of what a client and the lab
 * said (real SIP text, parsed by the project's SIP parser, bodies decoded by the ECMA-323 decoder,
 * as pcap-transcript.ts builds entries), one entry per message, frames numbered in order.
 */
import { decodeCsta } from '../../simulators/csta/csta-decode.ts';
import { encodeCsta } from '../../simulators/csta/csta-encode.ts';
import { CSTA_NAMESPACES } from '../../simulators/csta/csta-namespaces.ts';
import type { CstaMessage } from '../../simulators/csta/csta-types.ts';
import { parseSipMessage } from '../../simulators/sip/sip-parser.ts';
import type { Direction, SipEntry, Transcript, TranscriptEntry } from './transcript.ts';

const CT = 'application/csta+xml';
export const ED3 = CSTA_NAMESPACES.ed3;
export const CLIENT = '127.0.0.1:40000';
export const LAB = '127.0.0.1:5060';

export interface ScriptSession {
  readonly callId: string;
  readonly server: string;
  cseq: number;
  labCseq: number;
  readonly ns: string;
}

export class TranscriptScript {
  readonly entries: TranscriptEntry[] = [];
  private n = 0;

  private push(time: number, direction: Direction, text: string, server: string): SipEntry {
    const sip = parseSipMessage(Buffer.from(text));
    if (sip instanceof Error) throw sip;
    const base = { frame: ++this.n, time, direction, client: CLIENT, server, protocol: 'sip' as const, sip };
    let entry: SipEntry = base;
    if (sip.contentType === CT && sip.body !== '') {
      try {
        const d = decodeCsta(sip.body);
        entry = { ...base, csta: d.message, namespace: d.namespace };
      } catch (e) {
        entry = { ...base, cstaError: (e as Error).message };
      }
    }
    this.entries.push(entry);
    return entry;
  }

  private request(
    method: string,
    s: ScriptSession,
    cseq: number,
    withToTag: boolean,
    headers: string[],
    body: string,
  ) {
    return [
      `${method} sip:201@${s.server} SIP/2.0`,
      `Via: SIP/2.0/TCP ${CLIENT};branch=z9hG4bK${this.n}x`,
      `From: <sip:alice@lab>;tag=ct`,
      `To: <sip:201@lab>${withToTag ? ';tag=lt' : ''}`,
      `Call-ID: ${s.callId}`,
      `CSeq: ${cseq} ${method}`,
      ...headers,
      ...(body === '' ? [] : [`Content-Type: ${CT}`]),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
  }

  private response(
    status: number,
    method: string,
    s: ScriptSession,
    cseq: number,
    headers: string[],
    body: string,
  ) {
    return [
      `SIP/2.0 ${status} ${status === 200 ? 'OK' : 'Refused'}`,
      `Via: SIP/2.0/TCP ${CLIENT};branch=z9hG4bK${this.n}x`,
      `From: <sip:alice@lab>;tag=ct`,
      `To: <sip:201@lab>;tag=lt`,
      `Call-ID: ${s.callId}`,
      `CSeq: ${cseq} ${method}`,
      ...headers,
      ...(body === '' ? [] : [`Content-Type: ${CT}`]),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
  }

  /** INVITE (RequestSystemStatus unless `body`), the lab's 200 (SystemStatus normal, Session-Expires), ACK. */
  session(
    at: number,
    o: {
      callId: string;
      server?: string;
      granted?: number;
      sessionExpires?: string | null;
      body?: string;
      ns?: string;
      status?: string;
    },
  ): ScriptSession {
    const ns = o.ns ?? ED3;
    const s: ScriptSession = { callId: o.callId, server: o.server ?? LAB, cseq: 1, labCseq: 0, ns };
    const se = o.sessionExpires === undefined ? '1800' : o.sessionExpires;
    const body = o.body ?? encodeCsta({ type: 'RequestSystemStatus' }, { namespace: ns as typeof ED3 });
    this.push(
      at,
      'from-client',
      this.request('INVITE', s, 1, false, se === null ? [] : [`Session-Expires: ${se}`], body),
      s.server,
    );
    const answer = encodeCsta(
      { type: 'RequestSystemStatusResponse', systemStatus: (o.status ?? 'normal') as 'normal' },
      { namespace: ns as typeof ED3 },
    );
    this.push(
      at + 1,
      'to-client',
      this.response(200, 'INVITE', s, 1, [`Session-Expires: ${o.granted ?? 4};refresher=uac`], answer),
      s.server,
    );
    this.push(at + 2, 'from-client', this.request('ACK', s, 1, true, [], ''), s.server);
    return s;
  }

  /** The client's INFO carrying `req` (or raw `body`) and the lab's 200 with `answer`. */
  info(s: ScriptSession, at: number, req: CstaMessage | string, answer?: CstaMessage): SipEntry {
    const cseq = ++s.cseq;
    const body = typeof req === 'string' ? req : encodeCsta(req, { namespace: s.ns as typeof ED3 });
    const sent = this.push(at, 'from-client', this.request('INFO', s, cseq, true, [], body), s.server);
    if (answer)
      this.push(
        at + 1,
        'to-client',
        this.response(200, 'INFO', s, cseq, [], encodeCsta(answer, { namespace: s.ns as typeof ED3 })),
        s.server,
      );
    return sent;
  }

  monitor(s: ScriptSession, at: number, device: string): SipEntry {
    return this.info(s, at, { type: 'MonitorStart', monitorObject: { deviceObject: device } }, {
      type: 'MonitorStartResponse',
      monitorCrossRefID: `m${device}`,
    } as CstaMessage);
  }

  features(s: ScriptSession, at: number): SipEntry {
    return this.info(s, at, { type: 'GetCSTAFeatures' }, {
      type: 'GetCSTAFeaturesResponse',
    } as CstaMessage);
  }

  /** A re-INVITE refresh and its 200. */
  refresh(s: ScriptSession, at: number, granted = 4): SipEntry {
    const cseq = ++s.cseq;
    const sent = this.push(
      at,
      'from-client',
      this.request('INVITE', s, cseq, true, [`Session-Expires: ${granted}`], ''),
      s.server,
    );
    this.push(
      at + 1,
      'to-client',
      this.response(200, 'INVITE', s, cseq, [`Session-Expires: ${granted};refresher=uac`], ''),
      s.server,
    );
    return sent;
  }

  /** An event INFO from the lab and the client's answer. */
  event(s: ScriptSession, at: number, status = 200): SipEntry {
    const cseq = ++s.labCseq + 100;
    const body = `<DeliveredEvent xmlns="${s.ns}"><monitorCrossRefID>m201</monitorCrossRefID><connection><callID>1</callID><deviceID>201</deviceID></connection><alertingDevice><deviceIdentifier>201</deviceIdentifier></alertingDevice><callingDevice><deviceIdentifier>202</deviceIdentifier></callingDevice><calledDevice><deviceIdentifier>201</deviceIdentifier></calledDevice><lastRedirectionDevice><notRequired/></lastRedirectionDevice><localConnectionInfo>alerting</localConnectionInfo><cause>newCall</cause></DeliveredEvent>`;
    const e = this.push(
      at,
      'to-client',
      this.request('INFO', s, cseq, true, [], body).replace(
        'From: <sip:alice@lab>;tag=ct',
        'From: <sip:alice@lab>;tag=ct',
      ),
      s.server,
    );
    this.push(at + 1, 'from-client', this.response(status, 'INFO', s, cseq, [], ''), s.server);
    return e;
  }

  bye(s: ScriptSession, at: number, by: 'lab' | 'client'): SipEntry {
    const dir: Direction = by === 'lab' ? 'to-client' : 'from-client';
    const cseq = by === 'lab' ? ++s.labCseq + 100 : ++s.cseq;
    const e = this.push(at, dir, this.request('BYE', s, cseq, true, [], ''), s.server);
    this.push(
      at + 1,
      by === 'lab' ? 'from-client' : 'to-client',
      this.response(200, 'BYE', s, cseq, [], ''),
      s.server,
    );
    return e;
  }

  /** A REGISTER of `registerId` and the lab's 200 granting `expires` (0: refused with 403). */
  register(at: number, callId: string, cseq: number, expires: number): SipEntry {
    const s: ScriptSession = { callId, server: LAB, cseq, labCseq: 0, ns: ED3 };
    const e = this.push(
      at,
      'from-client',
      this.request(
        'REGISTER',
        s,
        cseq,
        false,
        ['Contact: <sip:apps@127.0.0.1:40000>', `Expires: ${expires}`],
        '',
      ),
      LAB,
    );
    this.push(
      at + 1,
      'to-client',
      this.response(
        expires > 0 ? 200 : 403,
        'REGISTER',
        s,
        cseq,
        expires > 0 ? [`Contact: <sip:apps@127.0.0.1:40000>;expires=${expires}`] : [],
        '',
      ),
      LAB,
    );
    return e;
  }

  /** Any entry at `at`, to move the transcript's end. */
  tick(at: number): void {
    this.entries.push({
      frame: ++this.n,
      time: at,
      direction: 'from-client',
      client: CLIENT,
      server: LAB,
      protocol: 'tcp',
      event: 'close',
    });
  }

  get transcript(): Transcript {
    return { entries: this.entries };
  }
}
