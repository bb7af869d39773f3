import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSTA_NAMESPACES } from '../../simulators/csta/csta-namespaces.ts';
import type { CstaMessage } from '../../simulators/csta/csta-types.ts';
import type { RuleGrade } from './client-grade.ts';
import type { Stimulus, ValidationSettings } from './client-profile.ts';
import {
  red006,
  red010,
  red011,
  session001,
  session003,
  session005,
  session006,
  session008,
  session012,
  session013,
  session015,
  session016,
  session017,
  sm007,
  type Tr87Grader,
} from './tr87-client-graders.ts';
import { TranscriptScript } from './tr87-transcript-script.ts';

const settings: ValidationSettings = { connectTimeoutSeconds: 5, runSeconds: 20, sessionExpiresSeconds: 4 };
const call: Stimulus = {
  time: 3000,
  kind: 'phone',
  action: 'call 202 -> 201',
  detail: { devices: ['201', '202'] },
};
const endSession: Stimulus = { time: 6000, kind: 'fault', action: 'end-session' };
const refused: Stimulus = {
  time: 4000,
  kind: 'upper-tester',
  action: 'hold',
  detail: { refusal: true },
  outcome: 'ok',
};
const stimuli = [call, refused, endSession];

const errorCode = { type: 'CSTAErrorCode', operation: 'invalidConnectionID' } as unknown as CstaMessage;
const hold = { type: 'HoldCall', callToBeHeld: { callID: '0', deviceID: '201' } } as unknown as CstaMessage;

interface Faults {
  noAck?: boolean;
  body?: string;
  infoBeforeStatus?: boolean;
  skipFeatures?: boolean;
  noMonitor?: boolean;
  noSessionExpires?: boolean;
  noRefresh?: boolean;
  wrongNamespace?: boolean;
  badXml?: boolean;
  byeOnError?: boolean;
  noReconnect?: boolean;
  noHold?: boolean;
}

/** What the reference client does in a run of the cme-moc plan, with `f` broken. */
function run(f: Faults = {}) {
  const s = new TranscriptScript();
  const a = s.session(0, {
    callId: 'c1',
    ...(f.body === undefined ? {} : { body: f.body }),
    ...(f.noSessionExpires ? { sessionExpires: null } : {}),
  });
  if (!f.skipFeatures) s.features(a, 100);
  if (f.wrongNamespace)
    s.info(a, 150, `<GetCSTAFeatures xmlns="${CSTA_NAMESPACES.ed5}"/>`, {
      type: 'GetCSTAFeaturesResponse',
    } as unknown as CstaMessage);
  if (f.badXml) s.info(a, 150, '<GetCSTAFeatures xmlns="nope">');
  if (!f.noMonitor) {
    s.monitor(a, 200, '201');
    s.monitor(a, 300, '202');
  }
  if (!f.noRefresh) s.refresh(a, 2000);
  s.event(a, 3100);
  if (!f.noHold) s.info(a, 4000, hold, errorCode);
  if (f.byeOnError) s.bye(a, 4100, 'client');
  else s.event(a, 4200);
  if (!f.noRefresh) s.refresh(a, 4000 + 10);
  s.bye(a, f.noRefresh ? 4002 : 6000, 'lab');
  if (!f.noReconnect) {
    const b = s.session(6500, { callId: 'c2' });
    if (!f.skipFeatures) s.features(b, 6600);
    if (!f.noMonitor) {
      s.monitor(b, 6700, '201');
      s.monitor(b, 6800, '202');
    }
    if (!f.noRefresh) s.refresh(b, 8500);
  }
  s.tick(9000);
  return s.transcript;
}

const verdicts = (graders: Tr87Grader[], t = run(), st: readonly Stimulus[] = stimuli) =>
  graders.map((g) => g(t, st, settings)).map((g: RuleGrade) => `${g.rule} ${g.verdict}`);

const all = [
  session001,
  session003,
  session005,
  session006,
  session008,
  session012,
  session013,
  session015,
  session016,
  session017,
];

test('the reference run passes every CME-CTI-SESSION rule, each with evidence frames', () => {
  const grades = all.map((g) => g(run(), stimuli, settings));
  assert.deepEqual(
    grades.filter((g) => g.verdict !== 'pass').map((g) => `${g.rule}: ${g.reason}`),
    [],
  );
  for (const g of grades)
    assert.ok(
      g.evidence.some((e) => typeof e.frame === 'number' && e.frame > 0),
      g.rule,
    );
});

test('each fault fails its rule (and the evidence names the frame)', () => {
  const failing = (f: Faults, g: Tr87Grader) => {
    const r = g(run(f), stimuli, settings);
    assert.equal(r.verdict, 'fail', `${r.rule}: ${r.reason}`);
    return r;
  };
  assert.equal(failing({ body: '' }, session003).evidence[0]?.frame, 1);
  assert.match(failing({ skipFeatures: true }, session006).reason, /first request is not GetCSTAFeatures/);
  assert.match(failing({ noMonitor: true }, session008).reason, /no monitor on 201 before "call 202 -> 201"/);
  assert.match(failing({ noSessionExpires: true }, session012).reason, /no \(valid\) Session-Expires/);
  assert.match(
    failing({ noRefresh: true }, session013).reason,
    /no refresh within the 4 s interval: the session expired/,
  );
  assert.match(
    failing({ wrongNamespace: true }, session015).reason,
    /namespace .*ed5, the session's is .*ed3/,
  );
  assert.match(failing({ badXml: true }, session015).reason, /not a valid ECMA-323 message/);
  assert.match(
    failing({ byeOnError: true }, session016).reason,
    /ended its session after a CSTA error response/,
  );
  assert.match(failing({ noReconnect: true }, session017).reason, /no new session with 201, 202 monitors/);
});

test('a fault breaks only its rule: the other session rules still pass', () => {
  const others = (f: Faults, broken: string) =>
    verdicts(all, run(f)).filter((v) => !v.startsWith(broken) && !v.endsWith('pass'));
  assert.deepEqual(others({ skipFeatures: true }, 'CME-CTI-SESSION-006'), []);
  assert.deepEqual(others({ noMonitor: true }, 'CME-CTI-SESSION-008'), []);
  assert.deepEqual(others({ noSessionExpires: true }, 'CME-CTI-SESSION-012'), []);
  assert.deepEqual(others({ wrongNamespace: true }, 'CME-CTI-SESSION-015'), []);
});

test('001: no INVITE fails; a 200 never ACKed fails; an INFO outside any dialog fails', () => {
  const empty = new TranscriptScript();
  empty.tick(1);
  assert.equal(session001(empty.transcript, [], settings).verdict, 'fail');
  const s = new TranscriptScript();
  const a = s.session(0, { callId: 'c1' });
  s.entries.splice(2, 1); // drop the ACK
  assert.match(session001(s.transcript, [], settings).reason, /answered 200 and ACKed/);
  const t = new TranscriptScript();
  t.session(0, { callId: 'c1' });
  t.info({ ...a, callId: 'stray' }, 10, { type: 'GetCSTAFeatures' });
  assert.match(session001(t.transcript, [], settings).reason, /INFO outside any session dialog/);
});

test('005: a request in a session whose System Status is not normal fails; no request at all is inconc', () => {
  const s = new TranscriptScript();
  const a = s.session(0, { callId: 'c1', status: 'disabled' });
  s.features(a, 10);
  assert.match(session005(s.transcript, [], settings).reason, /without SystemStatus normal/);
  const t = new TranscriptScript();
  t.session(0, { callId: 'c1' });
  assert.equal(session005(t.transcript, [], settings).verdict, 'inconc');
});

test('rules without their stimulus are inconc, not pass', () => {
  assert.deepEqual(verdicts([session008, session016, session017], run({ noHold: true }), []), [
    'CME-CTI-SESSION-008 inconc',
    'CME-CTI-SESSION-016 inconc',
    'CME-CTI-SESSION-017 inconc',
  ]);
  const short = new TranscriptScript();
  short.session(0, { callId: 'c1', granted: 4 });
  short.tick(1000);
  assert.equal(session013(short.transcript, [], settings).verdict, 'inconc');
});

test('013: a refresh later than the interval fails; one per half interval passes', () => {
  const s = new TranscriptScript();
  const a = s.session(0, { callId: 'c1', granted: 4 });
  s.refresh(a, 2000);
  s.refresh(a, 6500);
  s.tick(7000);
  assert.match(session013(s.transcript, [], settings).reason, /refresh 4500 ms after the last, interval 4 s/);
});

test('016: an event answered with an error status after the CSTA error fails', () => {
  const s = new TranscriptScript();
  const a = s.session(0, { callId: 'c1' });
  s.info(a, 100, hold, errorCode);
  s.event(a, 200, 500);
  assert.match(session016(s.transcript, [refused], settings).reason, /answered an event 500/);
});

test('SM-007: registered first and renewed within the granted expiry passes; late, missing or after the INVITE fails', () => {
  const good = new TranscriptScript();
  good.register(0, 'r1', 1, 4);
  good.session(100, { callId: 'c1' });
  good.register(2000, 'r1', 2, 4);
  good.register(4000, 'r1', 3, 4);
  good.tick(6000);
  assert.equal(sm007(good.transcript, [], settings).verdict, 'pass');
  const late = new TranscriptScript();
  late.register(0, 'r1', 1, 4);
  late.session(100, { callId: 'c1' });
  late.tick(6000);
  assert.match(sm007(late.transcript, [], settings).reason, /no re-REGISTER within the 4 s granted/);
  const none = new TranscriptScript();
  none.session(0, { callId: 'c1' });
  assert.match(sm007(none.transcript, [], settings).reason, /never REGISTERed/);
  const after = new TranscriptScript();
  after.session(0, { callId: 'c1' });
  after.register(100, 'r1', 1, 4);
  assert.match(sm007(after.transcript, [], settings).reason, /opened a session before its registration/);
});

test('CUCM-RED-006/010/011: failover to the backup, first session on the primary, back to the primary when the backup fails', () => {
  const P = '127.0.0.1:5070';
  const B = '127.0.0.1:5071';
  const st: Stimulus[] = [
    { time: 0, kind: 'timer', action: 'gateways', detail: { primary: P, backup: B } },
    {
      time: 1000,
      kind: 'fault',
      action: 'fail-ctimanager',
      detail: { role: 'primary', server: P, other: B },
    },
    { time: 3000, kind: 'fault', action: 'fail-ctimanager', detail: { role: 'backup', server: B, other: P } },
  ];
  const good = (second = B, third = P) => {
    const s = new TranscriptScript();
    const a = s.session(0, { callId: 'c1', server: P });
    s.monitor(a, 100, '201');
    s.bye(a, 1000, 'lab');
    const b = s.session(1500, { callId: 'c2', server: second });
    s.monitor(b, 1600, '201');
    s.bye(b, 3000, 'lab');
    const c = s.session(3500, { callId: 'c3', server: third });
    s.monitor(c, 3600, '201');
    s.tick(5000);
    return s.transcript;
  };
  assert.deepEqual(verdicts([red006, red010, red011], good(), st), [
    'CUCM-RED-006 pass',
    'CUCM-RED-010 pass',
    'CUCM-RED-011 pass',
  ]);
  // Back to the primary after the primary failed: RED-006 fails (and the backup never failed under it).
  assert.deepEqual(verdicts([red006, red010, red011], good(P, B), st), [
    'CUCM-RED-006 fail',
    'CUCM-RED-010 pass',
    'CUCM-RED-011 inconc',
  ]);
  const noReconnect = new TranscriptScript();
  const a = noReconnect.session(0, { callId: 'c1', server: P });
  noReconnect.monitor(a, 100, '201');
  noReconnect.bye(a, 1000, 'lab');
  noReconnect.tick(5000);
  assert.deepEqual(verdicts([red006, red010, red011], noReconnect.transcript, st), [
    'CUCM-RED-006 fail',
    'CUCM-RED-010 pass',
    'CUCM-RED-011 inconc',
  ]);
  const backupFirst = new TranscriptScript();
  backupFirst.session(0, { callId: 'c1', server: B });
  backupFirst.tick(100);
  assert.match(
    red010(backupFirst.transcript, st, settings).reason,
    /first session went to 127.0.0.1:5071, the primary is 127.0.0.1:5070/,
  );
});
