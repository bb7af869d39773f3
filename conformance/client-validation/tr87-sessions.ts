/**
 * The TR/87 sessions of a client, read from its transcript: one per set-up INVITE the client sent
 * (an INVITE with no To tag), with what the lab answered, the client's later requests in that
 * dialog (re-INVITE refreshes, INFO requests, BYE) and how the session ended. The graders
 * (tr87-client-graders.ts) read only these and the transcript.
 */
import type { SipResponse } from '../../simulators/sip/sip-message.ts';
import { sessionExpiresOf } from '../../simulators/tr87/session-timer.ts';
import type { SipEntry, Transcript, TranscriptEntry } from './transcript.ts';

export interface Tr87SessionView {
  readonly callId: string;
  /** The set-up INVITE (the last one when it was retransmitted). */
  readonly invite: SipEntry;
  /** The lab's final answer to it, when one came. */
  readonly answer: SipEntry | undefined;
  /** 200 carrying RequestSystemStatusResponse with systemStatus normal. */
  readonly established: boolean;
  /** The namespace of the set-up INVITE's CSTA body. */
  readonly namespace: string | undefined;
  /** Session-Expires granted in the 200, seconds. */
  readonly granted: number | undefined;
  /** The listening endpoint of the lab the client reached (`host:port`). */
  readonly server: string;
  /** Every SIP entry of the dialog after the set-up answer, both directions, in order. */
  readonly later: readonly SipEntry[];
  /** The client's re-INVITEs (refreshes), in order. */
  readonly refreshes: readonly SipEntry[];
  /** The client's INFO requests, in order. */
  readonly requests: readonly SipEntry[];
  /** The BYE that ended it (either side), if any. */
  readonly bye: SipEntry | undefined;
  /** Time the session ended: its BYE or its connection's close, else the transcript's last entry. */
  readonly end: number;
}

export const sipEntries = (t: Transcript): SipEntry[] =>
  t.entries.filter((e: TranscriptEntry): e is SipEntry => e.protocol === 'sip');

const isRequest = (e: SipEntry, method: string): boolean =>
  e.sip.kind === 'request' && e.sip.method === method;

/** The sessions the client opened, in the order of their set-up INVITEs. */
export function tr87Sessions(t: Transcript): Tr87SessionView[] {
  const sip = sipEntries(t);
  const lastTime = t.entries.at(-1)?.time ?? 0;
  const setups = new Map<string, SipEntry>();
  for (const e of sip) {
    if (e.direction === 'from-client' && isRequest(e, 'INVITE') && e.sip.toTag === undefined)
      setups.set(e.sip.callId, e);
  }
  return [...setups.values()]
    .sort((a, b) => a.frame - b.frame)
    .map((invite) => {
      const callId = invite.sip.callId;
      const mine = sip.filter((e) => e.sip.callId === callId && e.frame > invite.frame);
      const answer = mine.find(
        (e) =>
          e.direction === 'to-client' &&
          e.sip.kind === 'response' &&
          e.sip.cseqMethod === 'INVITE' &&
          e.sip.cseq === invite.sip.cseq &&
          e.sip.status >= 200,
      );
      const established =
        answer !== undefined &&
        answer.sip.kind === 'response' &&
        answer.sip.status === 200 &&
        answer.csta?.type === 'RequestSystemStatusResponse' &&
        answer.csta.systemStatus === 'normal';
      const se =
        answer && answer.sip.kind === 'response' ? sessionExpiresOf(answer.sip as SipResponse) : undefined;
      const later = answer ? mine.filter((e) => e.frame > answer.frame) : [];
      const bye = later.find((e) => isRequest(e, 'BYE'));
      // A session also ends when its connection closes or is reset (a gateway crash sends no BYE).
      const closed = t.entries.find(
        (e) =>
          e.protocol === 'tcp' &&
          e.event !== 'open' &&
          e.frame > invite.frame &&
          e.client === invite.client &&
          e.server === invite.server,
      );
      const fromClient = later.filter((e) => e.direction === 'from-client');
      return {
        callId,
        invite,
        answer,
        established,
        namespace: invite.namespace,
        granted: se === undefined || se instanceof Error ? undefined : se.seconds,
        server: invite.server,
        later,
        refreshes: fromClient.filter((e) => isRequest(e, 'INVITE')),
        requests: fromClient.filter((e) => isRequest(e, 'INFO')),
        bye,
        end: Math.min(bye?.time ?? lastTime, closed?.time ?? lastTime),
      };
    });
}

/** The CSTA request type an INFO carries (`MonitorStart`, ...), or undefined. */
export const cstaType = (e: SipEntry): string | undefined => e.csta?.type;

/** The device of a MonitorStart request, when it is one. */
export function monitoredDevice(e: SipEntry): string | undefined {
  const m = e.csta;
  if (m?.type !== 'MonitorStart') return undefined;
  const obj = m.monitorObject as { deviceObject?: string; callObject?: unknown };
  return obj.deviceObject;
}
