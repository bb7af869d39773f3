/**
 * Graders of the TR/87 client-role rules (CME-CTI-SESSION-*, CME-CTI-SM-007, CUCM-RED-006/010/011):
 * pure functions over the transcript of the run and the stimuli the lab recorded. Each returns one
 * RuleGrade naming the frames its verdict rests on. Stimuli they read (tr87 profiles record them):
 * - `phone` stimuli (a call on a monitored line; `detail.devices` the lines it involves);
 * - `upper-tester` actions, `detail.refusal: true` on the one the lab refuses;
 * - `fault` `end-session` (the lab ended the client's session with BYE), `expire-session` (the lab
 *   let it expire), `fail-ctimanager` / `restore-ctimanager` with `detail.role` primary|backup and
 *   `detail.server` the failed gateway's `host:port`.
 */

import { type Evidence, evidenceOf, grade, type RuleGrade } from './client-grade.ts';
import type { Stimulus, ValidationSettings } from './client-profile.ts';
import {
  cstaType,
  monitoredDevice,
  sipEntries,
  type Tr87SessionView,
  tr87Sessions,
} from './tr87-sessions.ts';
import type { SipEntry, Transcript } from './transcript.ts';

export type Tr87Grader = (
  t: Transcript,
  stimuli: readonly Stimulus[],
  settings: ValidationSettings,
) => RuleGrade;

/** A refresh may come this late (ms) past the interval before the session counts as expired. */
const LATE_MS = 150;

const NO_SESSION = 'the client opened no TR/87 session';

/** CME-CTI-SESSION-001: the client creates its session as a SIP dialog (INVITE, 200, ACK). */
export const session001: Tr87Grader = (t) => {
  const id = 'CME-CTI-SESSION-001';
  const sessions = tr87Sessions(t);
  if (sessions.length === 0) return grade(id, 'fail', NO_SESSION);
  const ok = sessions.find(
    (s) =>
      s.answer?.sip.kind === 'response' &&
      s.answer.sip.status === 200 &&
      s.later.some(
        (e) => e.direction === 'from-client' && e.sip.kind === 'request' && e.sip.method === 'ACK',
      ),
  );
  if (!ok)
    return grade(
      id,
      'fail',
      'no set-up INVITE of the client was answered 200 and ACKed',
      sessions.map((s) => evidenceOf(s.invite)),
    );
  const inDialog = new Set(sessions.map((s) => s.callId));
  const stray = sipEntries(t).find(
    (e) =>
      e.direction === 'from-client' &&
      e.sip.kind === 'request' &&
      e.sip.method === 'INFO' &&
      !inDialog.has(e.sip.callId),
  );
  if (stray)
    return grade(id, 'fail', 'the client sent an INFO outside any session dialog', [evidenceOf(stray)]);
  return grade(id, 'pass', 'the session is a SIP dialog: INVITE, 200, ACK', [
    evidenceOf(ok.invite),
    ...(ok.answer ? [evidenceOf(ok.answer)] : []),
  ]);
};

/** CME-CTI-SESSION-003: every set-up INVITE carries a RequestSystemStatus body. */
export const session003: Tr87Grader = (t) => {
  const id = 'CME-CTI-SESSION-003';
  const sessions = tr87Sessions(t);
  if (sessions.length === 0) return grade(id, 'inconc', NO_SESSION);
  const bad = sessions.filter((s) => s.invite.csta?.type !== 'RequestSystemStatus');
  if (bad.length > 0)
    return grade(
      id,
      'fail',
      'a set-up INVITE carries no RequestSystemStatus',
      bad.map((s) => evidenceOf(s.invite)),
    );
  return grade(
    id,
    'pass',
    `all ${sessions.length} set-up INVITEs carry RequestSystemStatus`,
    sessions.map((s) => evidenceOf(s.invite)),
  );
};

/** CME-CTI-SESSION-005: no request in a session before the 200 carrying SystemStatus normal. */
export const session005: Tr87Grader = (t) => {
  const id = 'CME-CTI-SESSION-005';
  const sessions = tr87Sessions(t);
  const early = sipEntries(t).filter((e) => {
    if (e.direction !== 'from-client' || e.sip.kind !== 'request' || e.sip.method !== 'INFO') return false;
    const s = sessions.find((x) => x.callId === e.sip.callId);
    return s === undefined || !s.established || (s.answer !== undefined && e.frame < s.answer.frame);
  });
  if (early.length > 0)
    return grade(
      id,
      'fail',
      'the client sent requests in a session without SystemStatus normal',
      early.map((e) => evidenceOf(e)),
    );
  const used = sessions.filter((s) => s.requests.length > 0);
  if (used.length === 0) return grade(id, 'inconc', 'the client sent no request in any session');
  return grade(
    id,
    'pass',
    'every request follows the System Status response (normal) of its session',
    used.map((s) => evidenceOf(s.answer!)),
  );
};

/** CME-CTI-SESSION-006: in every session, GetCSTAFeatures is the client's first request. */
export const session006: Tr87Grader = (t) => {
  const id = 'CME-CTI-SESSION-006';
  const used = tr87Sessions(t).filter((s) => s.established && s.requests.length > 0);
  if (used.length === 0) return grade(id, 'inconc', 'the client sent no request in any session');
  const bad = used.filter((s) => cstaType(s.requests[0]!) !== 'GetCSTAFeatures');
  if (bad.length > 0)
    return grade(
      id,
      'fail',
      "a session's first request is not GetCSTAFeatures",
      bad.map((s) => evidenceOf(s.requests[0]!)),
    );
  return grade(
    id,
    'pass',
    'each session starts its requests with GetCSTAFeatures',
    used.map((s) => evidenceOf(s.requests[0]!)),
  );
};

const devicesOf = (s: Stimulus): string[] => {
  const d = s.detail?.devices;
  return Array.isArray(d) ? d.map(String) : [];
};

/** Sessions alive at time `at` (set up before it, not yet ended). */
const aliveAt = (sessions: readonly Tr87SessionView[], at: number) =>
  sessions.filter((s) => s.established && s.answer !== undefined && s.answer.time <= at && s.end >= at);

/** The client's MonitorStart on `device` (answered MonitorStartResponse) in `s` before `at`. */
function monitorBefore(s: Tr87SessionView, device: string, at: number): SipEntry | undefined {
  const digits = (x: string) => /\d+/.exec(x)?.[0];
  return s.requests.find((r) => {
    const dev = monitoredDevice(r);
    if (r.time > at || dev === undefined || digits(dev) !== digits(device)) return false;
    return s.later.some(
      (a) =>
        a.direction === 'to-client' &&
        a.sip.kind === 'response' &&
        a.sip.cseq === r.sip.cseq &&
        a.sip.cseqMethod === 'INFO' &&
        a.csta?.type === 'MonitorStartResponse',
    );
  });
}

/** CME-CTI-SESSION-008: a monitor runs on each line a phone stimulus involves before it happens. */
export const session008: Tr87Grader = (t, stimuli) => {
  const id = 'CME-CTI-SESSION-008';
  const calls = stimuli.filter((s) => s.kind === 'phone' && devicesOf(s).length > 0);
  if (calls.length === 0) return grade(id, 'inconc', 'the lab made no call on a monitored line');
  const sessions = tr87Sessions(t);
  const evidence: Evidence[] = [];
  for (const c of calls) {
    const live = aliveAt(sessions, c.time);
    if (live.length === 0) continue; // no session at that moment: the reconnect rules grade that
    for (const device of devicesOf(c)) {
      const m = live.map((s) => monitorBefore(s, device, c.time)).find((x) => x !== undefined);
      if (!m)
        return grade(id, 'fail', `no monitor on ${device} before "${c.action}"`, [
          { time: c.time, summary: `lab: ${c.action}` },
          ...live.map((s) => evidenceOf(s.invite, 'the session had no MonitorStart on it')),
        ]);
      evidence.push(evidenceOf(m, `before "${c.action}"`));
    }
  }
  if (evidence.length === 0) return grade(id, 'inconc', 'no session was up when the lab made its calls');
  return grade(id, 'pass', 'a monitor ran on every line before its calls', evidence);
};

/** CME-CTI-SESSION-012: every set-up INVITE sets the session timer (a valid Session-Expires). */
export const session012: Tr87Grader = (t) => {
  const id = 'CME-CTI-SESSION-012';
  const sessions = tr87Sessions(t);
  if (sessions.length === 0) return grade(id, 'inconc', NO_SESSION);
  const bad = sessions.filter(
    (s) =>
      !/^\s*\d{1,10}\s*(;|$)/.test(s.invite.sip.header('session-expires') ?? s.invite.sip.header('x') ?? ''),
  );
  if (bad.length > 0)
    return grade(
      id,
      'fail',
      'a set-up INVITE has no (valid) Session-Expires',
      bad.map((s) => evidenceOf(s.invite)),
    );
  return grade(
    id,
    'pass',
    'every set-up INVITE carries Session-Expires',
    sessions.map((s) =>
      evidenceOf(
        s.invite,
        `Session-Expires: ${s.invite.sip.header('session-expires') ?? s.invite.sip.header('x')}`,
      ),
    ),
  );
};

/**
 * CME-CTI-SESSION-013: the client refreshes by re-INVITE before its granted interval runs out
 * (RFC 4028 §10): no session stays un-refreshed for a whole interval.
 */
export const session013: Tr87Grader = (t) => {
  const id = 'CME-CTI-SESSION-013';
  const sessions = tr87Sessions(t).filter((s) => s.established && s.granted !== undefined);
  const evidence: Evidence[] = [];
  let graded = false;
  for (const s of sessions) {
    const interval = s.granted! * 1000;
    let last = s.answer!.time;
    let lastEntry = s.answer!;
    for (const r of s.refreshes) {
      if (r.time - last > interval + LATE_MS)
        return grade(id, 'fail', `refresh ${r.time - last} ms after the last, interval ${s.granted} s`, [
          evidenceOf(lastEntry),
          evidenceOf(r),
        ]);
      graded = true;
      evidence.push(evidenceOf(r, `${r.time - last} ms after the last (interval ${s.granted} s)`));
      last = r.time;
      lastEntry = r;
    }
    const byLab = s.bye?.direction === 'to-client';
    if (s.end - last >= interval - LATE_MS && (byLab || s.bye === undefined))
      return grade(id, 'fail', `no refresh within the ${s.granted} s interval: the session expired`, [
        evidenceOf(lastEntry),
        ...(s.bye ? [evidenceOf(s.bye, 'the lab ended the expired session')] : []),
      ]);
  }
  if (!graded) return grade(id, 'inconc', 'no session lived long enough to need a refresh');
  return grade(id, 'pass', 'every session was refreshed within its interval', evidence);
};

/** CME-CTI-SESSION-015: every CSTA body the client sends is ECMA-323 in its session's namespace. */
export const session015: Tr87Grader = (t) => {
  const id = 'CME-CTI-SESSION-015';
  const sessions = tr87Sessions(t);
  if (sessions.length === 0) return grade(id, 'inconc', NO_SESSION);
  const nsOf = new Map(sessions.map((s) => [s.callId, s.namespace]));
  const bodies = sipEntries(t).filter(
    (e) =>
      e.direction === 'from-client' &&
      e.sip.body !== '' &&
      (e.sip.contentType === 'application/csta+xml' || e.csta || e.cstaError),
  );
  for (const e of bodies) {
    if (e.cstaError !== undefined || e.csta === undefined)
      return grade(id, 'fail', `not a valid ECMA-323 message: ${e.cstaError ?? e.sip.contentType}`, [
        evidenceOf(e),
      ]);
    const want = nsOf.get(e.sip.callId);
    if (want !== undefined && e.namespace !== want)
      return grade(id, 'fail', `namespace ${e.namespace}, the session's is ${want}`, [evidenceOf(e)]);
  }
  return grade(
    id,
    'pass',
    `all ${bodies.length} CSTA bodies decode in their session's namespace`,
    bodies.slice(0, 3).map((e) => evidenceOf(e)),
  );
};

/**
 * CME-CTI-SESSION-016: a CSTA error response leaves the session up: the client does not end it
 * and answers the lab's later INFOs in it with 200.
 */
export const session016: Tr87Grader = (t, stimuli) => {
  const id = 'CME-CTI-SESSION-016';
  const refused = stimuli.find((s) => s.kind === 'upper-tester' && s.detail?.refusal === true);
  const errors = sipEntries(t).filter(
    (e) =>
      e.direction === 'to-client' &&
      e.sip.kind === 'response' &&
      e.sip.cseqMethod === 'INFO' &&
      e.csta?.type === 'CSTAErrorCode',
  );
  const first = errors[0];
  if (!first)
    return grade(
      id,
      'inconc',
      refused
        ? `the refused action "${refused.action}" sent no request (${refused.outcome ?? 'no outcome'})`
        : 'the lab refused no request of the client',
    );
  const s = tr87Sessions(t).find((x) => x.callId === first.sip.callId);
  const after = s?.later.filter((e) => e.frame > first.frame) ?? [];
  const clientBye = after.find(
    (e) => e.direction === 'from-client' && e.sip.kind === 'request' && e.sip.method === 'BYE',
  );
  if (clientBye)
    return grade(id, 'fail', 'the client ended its session after a CSTA error response', [
      evidenceOf(first),
      evidenceOf(clientBye),
    ]);
  const labInfo = after.filter(
    (e) => e.direction === 'to-client' && e.sip.kind === 'request' && e.sip.method === 'INFO',
  );
  for (const info of labInfo) {
    const answer = after.find(
      (e) =>
        e.direction === 'from-client' &&
        e.sip.kind === 'response' &&
        e.sip.cseqMethod === 'INFO' &&
        e.sip.cseq === info.sip.cseq,
    );
    if (answer?.sip.kind === 'response' && answer.sip.status !== 200)
      return grade(id, 'fail', `after the error the client answered an event ${answer.sip.status}`, [
        evidenceOf(first),
        evidenceOf(answer),
      ]);
  }
  const later = after.find((e) => e.direction === 'from-client' && e.sip.kind === 'request');
  if (!later && labInfo.length === 0)
    return grade(id, 'inconc', 'nothing happened in the session after the error', [evidenceOf(first)]);
  return grade(id, 'pass', 'the session went on after the CSTA error response', [
    evidenceOf(first),
    ...(later ? [evidenceOf(later, 'the client carried on')] : []),
  ]);
};

/** The devices the client monitored in a session. */
const monitoredIn = (s: Tr87SessionView): string[] =>
  s.requests.map(monitoredDevice).filter((d): d is string => d !== undefined);

const digits = (x: string) => /\d+/.exec(x)?.[0] ?? x;

/** The first session set up after `at` that reopened every device of `devices`, if any. */
function reopenedAfter(
  sessions: readonly Tr87SessionView[],
  at: number,
  devices: readonly string[],
  server?: (s: string) => boolean,
) {
  return sessions.find(
    (s) =>
      s.invite.time >= at &&
      s.established &&
      (server === undefined || server(s.server)) &&
      devices.every((d) => monitoredIn(s).some((m) => digits(m) === digits(d))),
  );
}

/**
 * CME-CTI-SESSION-017: after the CME ends its session (BYE, or expiry), the client opens a new one
 * (INVITE with RequestSystemStatus) and restarts the monitors it had.
 */
export const session017: Tr87Grader = (t, stimuli) => {
  const id = 'CME-CTI-SESSION-017';
  const ends = stimuli.filter(
    (s) => s.kind === 'fault' && (s.action === 'end-session' || s.action === 'expire-session'),
  );
  if (ends.length === 0) return grade(id, 'inconc', 'the lab ended no session');
  const sessions = tr87Sessions(t);
  const evidence: Evidence[] = [];
  for (const end of ends) {
    const ended = sessions
      .filter((s) => s.bye?.direction === 'to-client' && s.bye.time >= end.time - 50)
      .sort((a, b) => a.bye!.time - b.bye!.time)[0];
    if (!ended) continue;
    const had = monitoredIn(ended);
    const next = reopenedAfter(sessions, ended.bye!.time, had);
    if (!next)
      return grade(
        id,
        'fail',
        `no new session with ${had.join(', ') || 'its'} monitors after the lab ended one (${end.action})`,
        [evidenceOf(ended.bye!)],
      );
    evidence.push(evidenceOf(ended.bye!), evidenceOf(next.invite, 'the new session'));
  }
  if (evidence.length === 0)
    return grade(id, 'inconc', 'no session of the client was up when the lab ended sessions');
  return grade(id, 'pass', 'the client re-created its session and monitors', evidence);
};

/**
 * CME-CTI-SM-007: a session manager registers its register-id before it opens sessions and
 * re-registers before its registration (keepalive) expires.
 */
export const sm007: Tr87Grader = (t) => {
  const id = 'CME-CTI-SM-007';
  const sip = sipEntries(t);
  const regs = sip.filter(
    (e) => e.direction === 'from-client' && e.sip.kind === 'request' && e.sip.method === 'REGISTER',
  );
  const sessions = tr87Sessions(t);
  if (regs.length === 0)
    return grade(
      id,
      sessions.length ? 'fail' : 'inconc',
      'the client never REGISTERed',
      sessions.slice(0, 1).map((s) => evidenceOf(s.invite)),
    );
  const granted = regs.flatMap((r) => {
    const ok = sip.find(
      (e) =>
        e.direction === 'to-client' &&
        e.sip.kind === 'response' &&
        e.sip.cseqMethod === 'REGISTER' &&
        e.sip.callId === r.sip.callId &&
        e.sip.cseq === r.sip.cseq &&
        e.sip.status === 200,
    );
    const m = ok ? /;\s*expires=(\d+)/i.exec(ok.sip.header('contact') ?? '') : null;
    return ok && m ? [{ reg: r, ok, expires: Number(m[1]) }] : [];
  });
  const first = granted[0];
  if (!first)
    return grade(
      id,
      'fail',
      'no REGISTER of the client was accepted',
      regs.map((r) => evidenceOf(r)),
    );
  const early = sessions.find((s) => s.invite.time < first.ok.time);
  if (early)
    return grade(id, 'fail', 'the client opened a session before its registration', [
      evidenceOf(early.invite),
      evidenceOf(first.reg),
    ]);
  const last = t.entries.at(-1)?.time ?? first.ok.time;
  for (let i = 0; i < granted.length; i++) {
    const g = granted[i]!;
    const until = granted[i + 1]?.reg.time ?? last;
    if (g.expires > 0 && until - g.ok.time >= g.expires * 1000)
      return grade(id, 'fail', `no re-REGISTER within the ${g.expires} s granted`, [evidenceOf(g.ok)]);
  }
  if (granted.length < 2)
    return grade(id, 'inconc', 'the run ended before the registration needed renewing', [
      evidenceOf(first.ok),
    ]);
  return grade(
    id,
    'pass',
    `registered first, renewed ${granted.length - 1} times in time`,
    granted.map((g) => evidenceOf(g.reg)),
  );
};

const serverIs = (addr: unknown) => (s: string) => s === addr;

/** CUCM-RED-006: when the primary fails under it, the client reconnects through the backup and reopens its monitors. */
export const red006: Tr87Grader = (t, stimuli) => failover(t, stimuli, 'CUCM-RED-006', 'primary');

/** CUCM-RED-011: when the backup fails under it, the client goes back through the primary and reopens its monitors. */
export const red011: Tr87Grader = (t, stimuli) => failover(t, stimuli, 'CUCM-RED-011', 'backup');

function failover(
  t: Transcript,
  stimuli: readonly Stimulus[],
  id: string,
  role: 'primary' | 'backup',
): RuleGrade {
  const sessions = tr87Sessions(t);
  const fault = stimuli.find(
    (s) =>
      s.kind === 'fault' &&
      s.action === 'fail-ctimanager' &&
      s.detail?.role === role &&
      aliveAt(sessions, s.time).some((x) => x.server === s.detail?.server),
  );
  if (!fault) return grade(id, 'inconc', `the client was never on the ${role} when it failed`);
  const lost = aliveAt(sessions, fault.time).find((x) => x.server === fault.detail?.server)!;
  const other = fault.detail?.other;
  // The reconnect is the first session set up after the failure: it must go through the other gateway.
  const first = sessions.find((s) => s.invite.time >= fault.time && s.established);
  const next = first ? reopenedAfter([first], fault.time, monitoredIn(lost), serverIs(other)) : undefined;
  if (!next)
    return grade(
      id,
      'fail',
      `no session with its monitors through ${role === 'primary' ? 'the backup' : 'the primary'} (${String(other)}) after the ${role} failed`,
      [
        { time: fault.time, summary: `lab: ${fault.action} ${String(fault.detail?.server)}` },
        evidenceOf(lost.invite, 'the lost session'),
      ],
    );
  return grade(
    id,
    'pass',
    `reconnected through ${String(other)} and reopened ${monitoredIn(next).join(', ')}`,
    [evidenceOf(lost.invite), evidenceOf(next.invite)],
  );
}

/** CUCM-RED-010: the (re)started application makes its first session through the primary. */
export const red010: Tr87Grader = (t, stimuli) => {
  const id = 'CUCM-RED-010';
  const primary = stimuli.find((s) => s.kind === 'timer' && s.action === 'gateways')?.detail?.primary;
  const first = tr87Sessions(t)[0];
  if (!first) return grade(id, 'fail', NO_SESSION);
  if (primary === undefined) return grade(id, 'inconc', 'the lab did not record its primary gateway');
  if (first.server !== primary)
    return grade(id, 'fail', `the first session went to ${first.server}, the primary is ${String(primary)}`, [
      evidenceOf(first.invite),
    ]);
  return grade(id, 'pass', 'the first session went to the primary', [evidenceOf(first.invite)]);
};

export const TR87_GRADERS: Readonly<Record<string, Tr87Grader>> = {
  'CME-CTI-SESSION-001': session001,
  'CME-CTI-SESSION-003': session003,
  'CME-CTI-SESSION-005': session005,
  'CME-CTI-SESSION-006': session006,
  'CME-CTI-SESSION-008': session008,
  'CME-CTI-SESSION-012': session012,
  'CME-CTI-SESSION-013': session013,
  'CME-CTI-SESSION-015': session015,
  'CME-CTI-SESSION-016': session016,
  'CME-CTI-SESSION-017': session017,
  'CME-CTI-SM-007': sm007,
  'CUCM-RED-006': red006,
  'CUCM-RED-010': red010,
  'CUCM-RED-011': red011,
};

/** Grades `rules` (each must have a grader here). */
export function gradeTr87(
  rules: readonly string[],
  t: Transcript,
  stimuli: readonly Stimulus[],
  settings: ValidationSettings,
): RuleGrade[] {
  return rules.map((r) => {
    const g = TR87_GRADERS[r];
    return g ? g(t, stimuli, settings) : grade(r, 'error', 'no TR/87 grader for this rule');
  });
}
