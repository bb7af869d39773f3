/**
 * The graders of the CTI Server client-role rules (profiles acd-bridge and acd-agent): pure
 * functions over the run's Transcript (GED-188 messages read back from the pcap) and the lab's
 * stimuli, one per rule (conformance/rules/acd-cti-rules.ts). A rule is `inconc` when the run gave
 * the client no chance to show the behaviour (no session, no refusal, the upper tester could not
 * act).
 *
 * The stimuli they read (acd-plan.ts records them):
 * - `fault` `fail-side <A|B>` with detail `{ failed, other }` (`host:port` of the dead side and of
 *   the side that takes over) and `restore-side <A|B>`;
 * - `timer` `heartbeat-period` with detail `{ ms }`: a quiet window (no call, no upper tester);
 * - `upper-tester` `close-session`, whose `outcome` is `ok` when the client was asked.
 *
 * ⚠ The pcap is recorded where the lab's CTI Server sides read and write, message by message: a
 * request pipelined in the same TCP segment right behind OPEN_REQ is read after the side sent
 * its OPEN_CONF, so ACD-MSG-009 sees it only when it comes before OPEN_REQ or the OPEN_CONF is late.
 */
import { evidenceOf, grade, type RuleGrade } from './client-grade.ts';
import type { Stimulus, ValidationSettings } from './client-profile.ts';
import type { CtiEntry, Transcript } from './transcript.ts';

/** IdleTimeout meaning "no heartbeats" (guide table 4-2). */
const NO_IDLE_TIMEOUT = 0xffff_ffff;
/** ACD-MSG-013: the window after a refusal in which one identical request is allowed. */
export const RETRY_WINDOW_MS = 5000;
/** ACD-MSG-010: a gap longer than this many heartbeat intervals fails. */
export const HEARTBEAT_GAP_FACTOR = 2;
/** Agent state LOGIN / LOGOUT (guide "AgentState Values"). */
const LOGIN = 0;
const LOGOUT = 1;
const NULL_U16 = 0xffff;

const ANSWERS = new Set(['FAILURE_CONF', 'CONTROL_FAILURE_CONF']);
const AGENT_REQUESTS = new Set([
  'SET_AGENT_STATE_REQ',
  'ANSWER_CALL_REQ',
  'CLEAR_CALL_REQ',
  'CLEAR_CONNECTION_REQ',
  'MAKE_CALL_REQ',
  'HOLD_CALL_REQ',
  'RETRIEVE_CALL_REQ',
  'ALTERNATE_CALL_REQ',
  'CONSULTATION_CALL_REQ',
  'CONFERENCE_CALL_REQ',
  'TRANSFER_CALL_REQ',
  'DEFLECT_CALL_REQ',
  'RECONNECT_CALL_REQ',
  'SEND_DTMF_SIGNAL_REQ',
]);

/** One client connection to a CTI Server side, its messages in transcript order. */
export interface CtiConnection {
  readonly client: string;
  readonly server: string;
  readonly messages: readonly CtiEntry[];
  /** The OPEN_REQ, OPEN_CONF and the open refusal (FAILURE_CONF to the OPEN_REQ), when seen. */
  readonly openReq?: CtiEntry;
  readonly openConf?: CtiEntry;
  readonly openRefused?: CtiEntry;
}

const invokeIdOf = (e: CtiEntry): number | undefined => {
  const v = e.message?.fixed.InvokeID;
  return typeof v === 'number' ? v : undefined;
};

/** The transcript's GED-188 messages, by connection, in the order the connections began. */
export function ctiConnections(t: Transcript): CtiConnection[] {
  const byKey = new Map<string, CtiEntry[]>();
  for (const e of t.entries) {
    if (e.protocol !== 'cti-server') continue;
    const key = `${e.client}|${e.server}`;
    const list = byKey.get(key) ?? [];
    list.push(e);
    byKey.set(key, list);
  }
  return [...byKey.values()].map((messages) => {
    const first = messages[0]!;
    const openReq = messages.find((m) => m.direction === 'from-client' && m.name === 'OPEN_REQ');
    const id = openReq === undefined ? undefined : invokeIdOf(openReq);
    const openConf = messages.find((m) => m.direction === 'to-client' && m.name === 'OPEN_CONF');
    const openRefused =
      openConf === undefined
        ? messages.find(
            (m) =>
              m.direction === 'to-client' &&
              m.name === 'FAILURE_CONF' &&
              id !== undefined &&
              invokeIdOf(m) === id,
          )
        : undefined;
    return { client: first.client, server: first.server, messages, openReq, openConf, openRefused };
  });
}

const fromClient = (c: CtiConnection) => c.messages.filter((m) => m.direction === 'from-client');
const isRequest = (e: CtiEntry) => e.direction === 'from-client' && e.name.endsWith('_REQ');

/** ACD-MSG-008: OPEN_REQ is the client's first message on each connection. */
export function gradeOpenFirst(t: Transcript): RuleGrade {
  const rule = 'ACD-MSG-008';
  const conns = ctiConnections(t).filter((c) => fromClient(c).length > 0);
  if (conns.length === 0) return grade(rule, 'inconc', 'the client sent no CTI Server message');
  for (const c of conns) {
    const first = fromClient(c)[0]!;
    if (first.name !== 'OPEN_REQ')
      return grade(rule, 'fail', `the first message on the connection from ${c.client} is ${first.name}`, [
        evidenceOf(first, 'not OPEN_REQ'),
      ]);
  }
  return grade(
    rule,
    'pass',
    `OPEN_REQ first on each of ${conns.length} connection(s)`,
    conns.map((c) => evidenceOf(fromClient(c)[0]!)),
  );
}

/** ACD-MSG-009: no request but OPEN_REQ before the connection's OPEN_CONF. */
export function gradeNothingBeforeOpenConf(t: Transcript): RuleGrade {
  const rule = 'ACD-MSG-009';
  const conns = ctiConnections(t).filter((c) => fromClient(c).length > 0);
  if (conns.length === 0) return grade(rule, 'inconc', 'the client sent no CTI Server message');
  for (const c of conns) {
    for (const m of c.messages) {
      if (m === c.openConf) break;
      if (m.direction === 'from-client' && m.name !== 'OPEN_REQ')
        return grade(rule, 'fail', `${m.name} sent on the connection from ${c.client} before its OPEN_CONF`, [
          evidenceOf(m, 'before OPEN_CONF'),
          ...(c.openConf ? [evidenceOf(c.openConf)] : []),
        ]);
    }
  }
  return grade(rule, 'pass', `no request before OPEN_CONF on ${conns.length} connection(s)`);
}

/** The connection whose session was open at `time`: OPEN_CONF before it, not ended by a fault. */
export function sessionAt(
  t: Transcript,
  stimuli: readonly Stimulus[],
  time: number,
  closedByCloseReq = true,
): CtiConnection | undefined {
  const open = ctiConnections(t).filter((c) => c.openConf !== undefined && c.openConf.time <= time);
  const alive = open.filter((c) => {
    const opened = c.openConf!.time;
    const killed = stimuli.some(
      (s) =>
        s.kind === 'fault' &&
        s.action.startsWith('fail-side') &&
        s.detail?.failed === c.server &&
        s.time >= opened &&
        s.time <= time,
    );
    const closed =
      closedByCloseReq &&
      c.messages.some((m) => m.direction === 'from-client' && m.name === 'CLOSE_REQ' && m.time <= time);
    return !killed && !closed;
  });
  return alive.at(-1);
}

/** ACD-MSG-010: HEARTBEAT_REQ at the configured interval while idle. */
export function gradeHeartbeat(
  t: Transcript,
  stimuli: readonly Stimulus[],
  settings: ValidationSettings,
): RuleGrade {
  const rule = 'ACD-MSG-010';
  const quiet = stimuli.find((s) => s.kind === 'timer' && s.action === 'heartbeat-period');
  if (quiet === undefined) return grade(rule, 'inconc', 'the run had no heartbeat period');
  const intervalMs = settings.sessionExpiresSeconds * 1000;
  const bound = HEARTBEAT_GAP_FACTOR * intervalMs;
  const nextFault = stimuli.find((s) => s.kind === 'fault' && s.time > quiet.time);
  const end = Math.min(
    quiet.time + Number(quiet.detail?.ms ?? 0),
    nextFault?.time ?? Number.POSITIVE_INFINITY,
  );
  if (end - quiet.time <= bound)
    return grade(
      rule,
      'inconc',
      `the heartbeat period (${end - quiet.time} ms) is not longer than ${bound} ms`,
    );
  const session = sessionAt(t, stimuli, quiet.time);
  if (session === undefined) return grade(rule, 'inconc', 'no session was open during the heartbeat period');
  const idle = session.openReq?.message?.fixed.IdleTimeout;
  if (idle === NO_IDLE_TIMEOUT)
    return grade(
      rule,
      'inconc',
      'the client asked for no IdleTimeout (0xFFFFFFFF): it need not send heartbeats',
      [evidenceOf(session.openReq!)],
    );
  const sent = fromClient(session);
  const before = sent.filter((m) => m.time <= quiet.time).at(-1);
  const during = sent.filter((m) => m.time > quiet.time && m.time <= end);
  const heartbeats = during.filter((m) => m.name === 'HEARTBEAT_REQ');
  let last = quiet.time;
  let prev = before;
  for (const m of during) {
    if (m.time - last > bound)
      return grade(
        rule,
        'fail',
        `${m.time - last} ms without a message from the client (heartbeat interval ${intervalMs} ms)`,
        [
          ...(prev ? [evidenceOf(prev, 'last message before the gap')] : []),
          evidenceOf(m, 'first message after the gap'),
        ],
      );
    last = m.time;
    prev = m;
  }
  // Other messages keep the session alive as well ("while it has nothing else to send").
  if (end - last > bound)
    return grade(
      rule,
      'fail',
      `no HEARTBEAT_REQ for ${end - last} ms of the ${end - quiet.time} ms heartbeat period (interval ${intervalMs} ms, IdleTimeout ${idle} s)`,
      [
        evidenceOf(session.openReq ?? session.messages[0]!, 'IdleTimeout asked'),
        ...(during.at(-1) ? [evidenceOf(during.at(-1)!)] : []),
      ],
    );
  return grade(
    rule,
    'pass',
    `${heartbeats.length} HEARTBEAT_REQ (${during.length} messages) in ${end - quiet.time} ms, no gap over ${bound} ms`,
    (heartbeats.length > 0 ? heartbeats : during).slice(0, 3).map((m) => evidenceOf(m)),
  );
}

/** ACD-MSG-011: no InvokeID reused while its request awaits an answer. */
export function gradeUniqueInvokeIds(t: Transcript): RuleGrade {
  const rule = 'ACD-MSG-011';
  let requests = 0;
  for (const c of ctiConnections(t)) {
    const outstanding = new Map<number, CtiEntry>();
    for (const m of c.messages) {
      const id = invokeIdOf(m);
      if (id === undefined) continue;
      if (isRequest(m)) {
        requests++;
        const earlier = outstanding.get(id);
        if (earlier !== undefined)
          return grade(rule, 'fail', `InvokeID ${id} of ${m.name} is still outstanding (${earlier.name})`, [
            evidenceOf(earlier, `InvokeID ${id}, not yet answered`),
            evidenceOf(m, `InvokeID ${id} again`),
          ]);
        outstanding.set(id, m);
      } else if (m.direction === 'to-client' && m.name.endsWith('_CONF')) outstanding.delete(id);
    }
  }
  if (requests < 2) return grade(rule, 'inconc', `the client sent ${requests} request(s)`);
  return grade(rule, 'pass', `${requests} requests, no InvokeID reused while outstanding`);
}

/** ACD-MSG-012: CLOSE_REQ when asked to end the session. */
export function gradeCloseRequest(t: Transcript, stimuli: readonly Stimulus[]): RuleGrade {
  const rule = 'ACD-MSG-012';
  const ask = stimuli.find((s) => s.kind === 'upper-tester' && s.action === 'close-session');
  if (ask === undefined) return grade(rule, 'inconc', 'the client was not asked to end its session');
  if (ask.outcome !== 'ok')
    return grade(
      rule,
      'inconc',
      `the upper tester could not end the session: ${ask.outcome ?? 'no outcome'}`,
    );
  // An upper-tester stimulus is recorded once the action returned: its CLOSE_REQ may precede it.
  const session = sessionAt(t, stimuli, ask.time, false);
  if (session === undefined)
    return grade(rule, 'inconc', 'no session was open when the client was asked to end it');
  const close = session.messages.find((m) => m.direction === 'from-client' && m.name === 'CLOSE_REQ');
  if (close === undefined)
    return grade(
      rule,
      'fail',
      `no CLOSE_REQ on the open session (from ${session.client}) after the client was asked to end it`,
      [
        evidenceOf(session.openConf!, 'the session'),
        ...(fromClient(session).at(-1) ? [evidenceOf(fromClient(session).at(-1)!, 'its last message')] : []),
      ],
    );
  const conf = session.messages.find((m) => m.direction === 'to-client' && m.name === 'CLOSE_CONF');
  return grade(rule, 'pass', 'CLOSE_REQ ended the session', [
    evidenceOf(close),
    ...(conf ? [evidenceOf(conf)] : []),
  ]);
}

/** The request's identity without its InvokeID: type, fixed fields, floating fields. */
function requestSignature(e: CtiEntry): string {
  const fixed = { ...(e.message?.fixed ?? {}) };
  delete fixed.InvokeID;
  const floating = (e.message?.floating ?? []).map((f) => [
    f.name,
    f.value instanceof Uint8Array ? Buffer.from(f.value).toString('hex') : f.value,
  ]);
  return JSON.stringify([e.messageType, fixed, floating]);
}

/** ACD-MSG-013: at most one identical request within 5 s of a refusal. */
export function gradeNoRetryStorm(t: Transcript): RuleGrade {
  const rule = 'ACD-MSG-013';
  const conns = ctiConnections(t);
  const sent = conns.flatMap((c) => c.messages.filter(isRequest));
  let refusals = 0;
  for (const c of conns) {
    const byId = new Map<number, CtiEntry>();
    for (const m of c.messages) {
      const id = invokeIdOf(m);
      if (id === undefined) continue;
      if (isRequest(m)) {
        byId.set(id, m);
        continue;
      }
      if (m.direction !== 'to-client' || !ANSWERS.has(m.name)) continue;
      const req = byId.get(id);
      if (req === undefined || req.name === 'OPEN_REQ' || req.name === 'HEARTBEAT_REQ') continue;
      refusals++;
      const sig = requestSignature(req);
      const again = sent.filter(
        (x) =>
          x !== req && x.time >= m.time && x.time <= m.time + RETRY_WINDOW_MS && requestSignature(x) === sig,
      );
      if (again.length > 1)
        return grade(
          rule,
          'fail',
          `${req.name} refused (${m.name}), then sent again ${again.length} times within ${RETRY_WINDOW_MS} ms`,
          [
            evidenceOf(req),
            evidenceOf(m, 'the refusal'),
            ...again.slice(0, 3).map((x) => evidenceOf(x, 'identical request')),
          ],
        );
    }
  }
  if (refusals === 0) return grade(rule, 'inconc', 'no request of the client was refused');
  return grade(rule, 'pass', `${refusals} refusal(s), none followed by a retry storm`);
}

const failSides = (stimuli: readonly Stimulus[]) =>
  stimuli.filter((s) => s.kind === 'fault' && s.action.startsWith('fail-side'));

/** ACD-FT-002: after the client's side dies, a session opens again (on either side). */
export function gradeReconnect(t: Transcript, stimuli: readonly Stimulus[]): RuleGrade {
  const rule = 'ACD-FT-002';
  const faults = failSides(stimuli);
  if (faults.length === 0) return grade(rule, 'inconc', 'no CTI Server side failed during the run');
  const conns = ctiConnections(t);
  let affected = 0;
  const evidence = [];
  for (const f of faults) {
    const lost = sessionAt(t, [], f.time);
    if (lost === undefined || lost.server !== f.detail?.failed) continue;
    affected++;
    const again = conns.find((c) => c.openConf !== undefined && c.openConf.time > f.time);
    if (again === undefined)
      return grade(rule, 'fail', `side ${String(f.detail?.failed)} failed and no session opened again`, [
        evidenceOf(lost.messages.at(-1)!, 'last message of the lost session'),
      ]);
    evidence.push(
      evidenceOf(again.openReq ?? again.openConf!),
      evidenceOf(again.openConf!, 'session re-established'),
    );
  }
  if (affected === 0) return grade(rule, 'inconc', 'no side failed under an open session of the client');
  return grade(rule, 'pass', `a session opened again after each of ${affected} side failure(s)`, evidence);
}

/** ACD-FT-004: both sides used: after a refusal or a lost side, the next attempt goes to the other. */
export function gradeAlternate(t: Transcript, stimuli: readonly Stimulus[]): RuleGrade {
  const rule = 'ACD-FT-004';
  const conns = ctiConnections(t).filter((c) => c.openReq !== undefined);
  // A refused OPEN_REQ at one side followed by an OPEN_REQ at the same side.
  for (const [i, c] of conns.entries()) {
    const next = conns[i + 1];
    if (c.openRefused !== undefined && next !== undefined && next.server === c.server)
      return grade(
        rule,
        'fail',
        `after side ${c.server} refused the session, the client tried ${c.server} again`,
        [evidenceOf(c.openRefused, 'refusal'), evidenceOf(next.openReq!, 'same side again')],
      );
  }
  let moves = 0;
  const evidence = [];
  for (const f of failSides(stimuli)) {
    const lost = sessionAt(t, [], f.time);
    if (lost === undefined || lost.server !== f.detail?.failed) continue;
    const after = conns.filter((c) => c.openReq!.time > f.time);
    if (after.length === 0) continue;
    const other = after.find((c) => c.server !== f.detail?.failed);
    if (other === undefined)
      return grade(
        rule,
        'fail',
        `after side ${String(f.detail?.failed)} failed, the client tried only that side again`,
        [evidenceOf(after[0]!.openReq!)],
      );
    moves++;
    evidence.push(evidenceOf(other.openReq!, 'the other side'));
  }
  const switched = conns.filter((c, i) => c.openRefused !== undefined && conns[i + 1] !== undefined);
  for (const c of switched)
    evidence.push(evidenceOf(c.openRefused!, 'refused; next attempt on the other side'));
  if (moves === 0 && switched.length === 0)
    return grade(rule, 'inconc', 'the run gave no occasion to see the client move between sides');
  return grade(
    rule,
    'pass',
    `the client moved to the other side ${moves + switched.length} time(s)`,
    evidence,
  );
}

/** ACD-TPC-013: a logged-out agent's first agent request is its LOGIN. */
export function gradeLoginFirst(t: Transcript): RuleGrade {
  const rule = 'ACD-TPC-013';
  const conns = ctiConnections(t);
  const first = conns.find((c) => {
    const s = c.openConf?.message?.fixed.AgentState;
    return s === LOGOUT || s === NULL_U16;
  });
  if (first === undefined) return grade(rule, 'inconc', 'no session opened with its agent logged out');
  const later = conns
    .flatMap((c) => c.messages)
    .filter((m) => isRequest(m) && AGENT_REQUESTS.has(m.name) && m.time >= first.openConf!.time)
    .sort((a, b) => a.frame - b.frame);
  const req = later[0];
  if (req === undefined)
    return grade(rule, 'inconc', 'the client sent no agent state or call control request');
  if (req.name === 'SET_AGENT_STATE_REQ' && req.message?.fixed.AgentState === LOGIN)
    return grade(rule, 'pass', 'SET_AGENT_STATE_REQ LOGIN came first', [evidenceOf(req)]);
  return grade(
    rule,
    'fail',
    `the first agent request is ${req.name} (AgentState ${String(req.message?.fixed.AgentState)}), not LOGIN`,
    [evidenceOf(first.openConf!, 'agent logged out'), evidenceOf(req)],
  );
}
