import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeCsta, encodeCstaError } from '../csta/csta-encode.ts';
import type { CSTAErrorCode } from '../csta/csta-error-code.ts';
import { CSTA_NAMESPACES, type CstaNamespace } from '../csta/csta-namespaces.ts';
import type { CstaEvent, CstaRequest, CstaResponse } from '../csta/csta-types.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { ok, type Result, refused } from '../lab/result.ts';
import {
  type DialogHost,
  type IncomingDialogRequest,
  SipDialog,
  type SipRequestOptions,
  type SipResponseOptions,
} from '../sip/sip-dialog.ts';
import type { SipRequest, SipResponse } from '../sip/sip-message.ts';
import { CSTA_CONTENT_TYPE } from './csta-content-type.ts';
import type { CtiBackend } from './cti-backend.ts';
import { SessionTimer } from './session-timer.ts';
import { type Tr87EndReason, Tr87Session } from './tr87-session.ts';

/**
 * Tr87Session on its own: a real SipDialog whose requests go to a scripted DialogHost (the test
 * answers each one), a scripted CtiBackend, and a SessionTimer on a ManualClock. Every wait is a
 * turn of the event loop, never a deadline, so a broken session fails an assertion at once.
 */

const ED3 = CSTA_NAMESPACES.ed3;
const ED4 = CSTA_NAMESPACES.ed4;
const ED6 = CSTA_NAMESPACES.ed6;

/** One request the dialog sent, waiting for the test's answer. */
interface Sent {
  readonly method: string;
  readonly opts: SipRequestOptions;
  answer(status: number): void;
  fail(error: Error): void;
}

/** The dialog layer as the session sees it: every request waits for the test to answer it. */
class ScriptedHost implements DialogHost {
  readonly sent: Sent[] = [];
  sendInDialog(_dialog: SipDialog, method: string, opts: SipRequestOptions): Promise<SipResponse> {
    return new Promise((resolve, reject) => {
      this.sent.push({ method, opts, answer: (status) => resolve({ status } as SipResponse), fail: reject });
    });
  }
  forgetDialog(): void {}
  methods(): string[] {
    return this.sent.map((s) => s.method);
  }
}

class ScriptedBackend implements CtiBackend<string> {
  readonly handled: CstaRequest[] = [];
  readonly closed: Array<[string, string]> = [];
  reply: (request: CstaRequest) => Result<CstaResponse, CSTAErrorCode> = () =>
    ok({ type: 'MonitorStopResponse' });
  closeFails = false;
  resolveLine(): Result<string, CSTAErrorCode> {
    throw new Error('not used by a session');
  }
  openSession(): Result<string, CSTAErrorCode> {
    throw new Error('not used by a session');
  }
  handle(_session: string, request: CstaRequest): Result<CstaResponse, CSTAErrorCode> {
    this.handled.push(request);
    return this.reply(request);
  }
  closeSession(session: string, reason: string): void {
    this.closed.push([session, reason]);
    if (this.closeFails) throw new Error('backend down');
  }
  onEvent(): void {}
  sessionId(session: string): number {
    return session === 'backend-session' ? 7 : -1;
  }
  onSessionClosed(): void {}
  refreshSession(): void {}
}

function makeSession(namespace: CstaNamespace = ED3) {
  const clock = new ManualClock();
  const host = new ScriptedHost();
  const dialog = new SipDialog(host, {
    role: 'uas',
    callId: 'call-1@lab',
    localTag: 'cme',
    remoteTag: 'client',
    localHeader: '<sip:201@cme>;tag=cme',
    remoteHeader: '<sip:alice@lab>;tag=client',
    remoteTarget: 'sip:alice@127.0.0.1:5070',
    localUser: '201',
    transport: 'udp',
    remote: { host: '127.0.0.1', port: 5070 },
    connection: undefined,
    localSeq: 0,
    remoteSeq: 1,
    accept: [CSTA_CONTENT_TYPE],
  });
  const backend = new ScriptedBackend();
  const expired: number[] = [];
  const timer = new SessionTimer(clock, () => expired.push(clock.now()));
  const ended: Tr87EndReason[] = [];
  const session = new Tr87Session<string>({
    user: 'sip:alice@lab',
    line: '201',
    client: 'generic',
    registerId: undefined,
    namespace,
    transport: 'udp',
    remote: { host: '127.0.0.1', port: 5070 },
    created: clock.now(),
    dialog,
    backend,
    backendSession: 'backend-session',
    timer,
    sessionExpires: 1800,
    onEnded: (s, reason) => {
      assert.equal(s, session);
      ended.push(reason);
    },
  });
  return { clock, host, dialog, backend, session, expired, ended };
}

/** An INFO carrying `body`; `answers` collects what the session responded. */
function info(dialog: SipDialog, body: string) {
  const answers: Array<{ status: number; opts: SipResponseOptions | undefined }> = [];
  const r: IncomingDialogRequest = {
    request: { body } as SipRequest,
    dialog,
    respond: (status, opts) => answers.push({ status, opts }),
  };
  return { r, answers };
}

/** Let the session's event pump take its next step. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const dnd = (id: string, on: boolean): CstaEvent => ({
  type: 'DoNotDisturbEvent',
  monitorCrossRefID: id,
  device: { deviceIdentifier: '201' },
  doNotDisturbOn: on,
});

test('INFO request: the backend answers, the 200 carries the response in the request namespace (CME CSTA guide)', () => {
  const { dialog, backend, session } = makeSession(ED3);
  backend.reply = () => ok({ type: 'MonitorStartResponse', monitorCrossRefID: '42' });
  const { r, answers } = info(
    dialog,
    `<MonitorStart xmlns="${ED4}"><monitorObject><deviceObject>201</deviceObject></monitorObject></MonitorStart>`,
  );
  session.onInfo(r);
  assert.deepEqual(backend.handled, [{ type: 'MonitorStart', monitorObject: { deviceObject: '201' } }]);
  assert.deepEqual(answers, [
    {
      status: 200,
      opts: {
        body: encodeCsta({ type: 'MonitorStartResponse', monitorCrossRefID: '42' }, { namespace: ED4 }),
        contentType: CSTA_CONTENT_TYPE,
      },
    },
  ]);
});

test("INFO request the backend refuses: 200 carrying the refusal's CSTAErrorCode in the request namespace", () => {
  const { dialog, backend, session } = makeSession(ED3);
  backend.reply = () => refused({ operation: 'invalidMonitorCrossRefID' }, 'no such monitor');
  const { r, answers } = info(
    dialog,
    `<MonitorStop xmlns="${ED6}"><monitorCrossRefID>9</monitorCrossRefID></MonitorStop>`,
  );
  session.onInfo(r);
  assert.deepEqual(answers, [
    {
      status: 200,
      opts: {
        body: encodeCstaError({ operation: 'invalidMonitorCrossRefID' }, { namespace: ED6 }),
        contentType: CSTA_CONTENT_TYPE,
      },
    },
  ]);
});

test('INFO body that does not decode: 200 with the decode error, in its namespace or else the session one', () => {
  const { dialog, backend, session } = makeSession(ED4);
  const noNamespace = info(dialog, '<GetCSTAFeatures xmlns=');
  session.onInfo(noNamespace.r);
  assert.deepEqual(
    noNamespace.answers[0]?.opts?.body,
    encodeCstaError({ operation: 'generic' }, { namespace: ED4 }),
  );
  const inEd6 = info(dialog, `<MonitorStart xmlns="${ED6}"><bogus/></MonitorStart>`);
  session.onInfo(inEd6.r);
  assert.equal(inEd6.answers[0]?.status, 200);
  assert.deepEqual(
    inEd6.answers[0]?.opts?.body,
    encodeCstaError({ operation: 'parameterNotSupported' }, { namespace: ED6 }),
  );
  assert.deepEqual(backend.handled, []);
});

test('a CSTA response, event or error in INFO is not a service: serviceNotSupported, the backend is not asked', () => {
  const { dialog, backend, session } = makeSession(ED3);
  for (const body of [
    `<MonitorStopResponse xmlns="${ED4}"/>`,
    `<DoNotDisturbEvent xmlns="${ED4}"><monitorCrossRefID>1</monitorCrossRefID><device><deviceIdentifier>201</deviceIdentifier></device><doNotDisturbOn>true</doNotDisturbOn></DoNotDisturbEvent>`,
    `<CSTAErrorCode xmlns="${ED4}"><operation>generic</operation></CSTAErrorCode>`,
  ]) {
    const { r, answers } = info(dialog, body);
    session.onInfo(r);
    assert.deepEqual(answers, [
      {
        status: 200,
        opts: {
          body: encodeCstaError({ operation: 'serviceNotSupported' }, { namespace: ED4 }),
          contentType: CSTA_CONTENT_TYPE,
        },
      },
    ]);
  }
  assert.deepEqual(backend.handled, []);
  assert.deepEqual(session.serve({ type: 'DoNotDisturbEvent' }), {
    ok: false,
    error: { operation: 'serviceNotSupported' },
    reason: 'DoNotDisturbEvent is not a CSTA request',
  });
});

test('a backend that throws: its error reaches the endpoint unchanged (which answers 500), no 200 is sent', () => {
  const { dialog, backend, session } = makeSession(ED3);
  backend.reply = () => {
    throw new RangeError('backend bug');
  };
  const { r, answers } = info(dialog, `<GetCSTAFeatures xmlns="${ED3}"/>`);
  assert.throws(() => session.onInfo(r), { name: 'RangeError', message: 'backend bug' });
  assert.deepEqual(answers, []);
  assert.equal(session.state, 'active');
});

test('events go out one INFO at a time, in order, in the session namespace, each after the previous answer', async () => {
  const { host, session } = makeSession(ED6);
  session.sendEvent(dnd('1', true));
  session.sendEvent(dnd('1', false));
  session.sendEvent(dnd('2', true));
  assert.deepEqual(host.methods(), ['INFO']);
  assert.deepEqual(host.sent[0]?.opts, {
    contentType: CSTA_CONTENT_TYPE,
    body: encodeCsta(dnd('1', true), { namespace: ED6 }),
  });
  host.sent[0]?.answer(200);
  await turn();
  assert.deepEqual(host.methods(), ['INFO', 'INFO']);
  assert.equal(host.sent[1]?.opts.body, encodeCsta(dnd('1', false), { namespace: ED6 }));
  host.sent[1]?.answer(299);
  await turn();
  assert.equal(host.sent[2]?.opts.body, encodeCsta(dnd('2', true), { namespace: ED6 }));
  host.sent[2]?.answer(200);
  await turn();
  assert.deepEqual(session.eventStats, { sent: 3, failed: 0, unencodable: 0 });
  // The queue ran dry; a later event starts it again.
  session.sendEvent(dnd('3', true));
  assert.deepEqual(host.methods(), ['INFO', 'INFO', 'INFO', 'INFO']);
  host.sent[3]?.answer(200);
  await turn();
  assert.deepEqual(session.eventStats, { sent: 4, failed: 0, unencodable: 0 });
});

test('an event refused with another status (3xx, 4xx, 5xx) is counted failed; the session and its stream go on', async () => {
  const { host, session, backend } = makeSession();
  for (const [i, status] of [300, 400, 500, 199].entries()) {
    session.sendEvent(dnd(String(i), true));
    host.sent[i]?.answer(status);
    await turn();
  }
  assert.deepEqual(session.eventStats, { sent: 0, failed: 4, unencodable: 0 });
  assert.equal(session.state, 'active');
  assert.deepEqual(backend.closed, []);
});

test('an event that cannot be encoded is counted and not sent', () => {
  const { host, session } = makeSession();
  session.sendEvent({ ...dnd('1', true), device: { deviceIdentifier: 'bad\u0000' } } as CstaEvent);
  session.sendEvent({ ...dnd('1', true), device: { deviceIdentifier: 'bad\u0001' } } as CstaEvent);
  assert.deepEqual(host.methods(), []);
  assert.deepEqual(session.eventStats, { sent: 0, failed: 0, unencodable: 2 });
});

for (const status of [481, 408]) {
  test(`an event INFO answered ${status} ends the session without BYE; queued events are dropped (RFC 3261 §12.2.1.2)`, async () => {
    const { host, dialog, session, backend, ended, clock, expired } = makeSession();
    session.refresh(90);
    session.sendEvent(dnd('1', true));
    session.sendEvent(dnd('2', true));
    host.sent[0]?.answer(status);
    await turn();
    await turn();
    assert.equal(session.state, 'ended');
    assert.equal(session.endReason, 'event-rejected');
    assert.deepEqual(ended, ['event-rejected']);
    assert.deepEqual(backend.closed, [['backend-session', 'event-rejected']]);
    assert.deepEqual(host.methods(), ['INFO']); // neither the queued event nor a BYE
    assert.equal(dialog.state, 'terminated');
    assert.deepEqual(session.eventStats, { sent: 0, failed: 1, unencodable: 0 });
    session.sendEvent(dnd('3', true));
    assert.deepEqual(host.methods(), ['INFO']);
    clock.advance(90_000);
    assert.deepEqual(expired, []); // its timer is stopped
  });
}

test('an event INFO that gets no answer at all (Timer F) ends the session without BYE, as a 408', async () => {
  const { host, dialog, session, backend } = makeSession();
  session.sendEvent(dnd('1', true));
  host.sent[0]?.fail(new Error('Timer F'));
  await turn();
  await turn();
  assert.equal(session.endReason, 'event-rejected');
  assert.deepEqual(backend.closed, [['backend-session', 'event-rejected']]);
  assert.deepEqual(host.methods(), ['INFO']);
  assert.equal(dialog.state, 'terminated');
  assert.deepEqual(session.eventStats, { sent: 0, failed: 1, unencodable: 0 });
});

test('events queued behind an INFO in flight are dropped when the session ends meanwhile', async () => {
  const { host, session } = makeSession();
  session.sendEvent(dnd('1', true));
  session.sendEvent(dnd('2', true));
  await session.end('backend-closed', false);
  host.sent[0]?.answer(200);
  await turn();
  await turn();
  assert.deepEqual(host.methods(), ['INFO']);
  assert.deepEqual(session.eventStats, { sent: 1, failed: 0, unencodable: 0 });
});

test("the dialog's end reason maps to the session's: BYE received, the endpoint's own BYE (no ACK), otherwise", async () => {
  const cases: Array<[string, (d: SipDialog) => void, Tr87EndReason]> = [
    ['bye-received', (d) => d.deliverBye({} as SipRequest), 'bye'],
    ['bye-sent', (d) => void d.bye().catch(() => {}), 'no-ack'], // RFC 3261 §13.3.1.4
    ['terminated', (d) => d.terminate(), 'dialog-ended'],
  ];
  for (const [what, endDialog, expected] of cases) {
    const { dialog, session, backend, ended, host } = makeSession();
    dialog.onTerminated((reason) => session.dialogEnded(reason));
    endDialog(dialog);
    assert.equal(session.endReason, expected, what);
    assert.deepEqual(ended, [expected], what);
    assert.deepEqual(backend.closed, [['backend-session', expected]], what);
    // The session sends nothing of its own on a dialog that is gone.
    assert.deepEqual(host.methods(), what === 'bye-sent' ? ['BYE'] : [], what);
    session.dialogEnded('terminated');
    assert.deepEqual(ended, [expected], `${what}: ends once`);
  }
});

test('the dialog ending while an event INFO is in flight is event-rejected (the layer ends it on 481/408)', async () => {
  const { dialog, session, host } = makeSession();
  dialog.onTerminated((reason) => session.dialogEnded(reason));
  session.sendEvent(dnd('1', true));
  dialog.end('terminated'); // what the dialog layer does on a 481 or 408 (RFC 3261 §12.2.1.2)
  assert.equal(session.endReason, 'event-rejected');
  host.sent[0]?.answer(481);
  await turn();
  assert.equal(session.endReason, 'event-rejected');
});

test('end(reason, true) sends BYE once and resolves whatever the answer; end(reason, false) ends silently', async () => {
  const a = makeSession();
  const ending = a.session.end('expired', true);
  assert.deepEqual(a.host.methods(), ['BYE']);
  assert.equal(a.dialog.state, 'terminated');
  a.host.sent[0]?.fail(new Error('no answer'));
  await ending;
  await a.session.end('server-closed', true);
  assert.deepEqual(a.host.methods(), ['BYE']);
  assert.deepEqual(a.ended, ['expired']);
  assert.deepEqual(a.backend.closed, [['backend-session', 'expired']]);

  const b = makeSession();
  await b.session.end('registration-ended', false);
  assert.deepEqual(b.host.methods(), []);
  assert.equal(b.dialog.state, 'terminated');
  assert.equal(b.session.endReason, 'registration-ended');
});

test('a session whose dialog has already ended sends no BYE', async () => {
  const { dialog, session, host, ended } = makeSession();
  dialog.terminate(); // the session is not told (nothing wired it to the dialog)
  await session.end('backend-closed', true);
  assert.deepEqual(host.methods(), []);
  assert.deepEqual(ended, ['backend-closed']);
});

test('a backend that fails to close does not keep the session or its dialog alive', async () => {
  const { session, backend, ended, host } = makeSession();
  backend.closeFails = true;
  const ending = session.end('expired', true);
  assert.deepEqual(ended, ['expired']);
  assert.deepEqual(host.methods(), ['BYE']);
  host.sent[0]?.answer(200);
  await ending;
  assert.equal(session.state, 'ended');
});

test('refresh(seconds) restarts the session timer (RFC 4028 §10); ending the session stops it', () => {
  const { session, clock, expired } = makeSession();
  const t0 = clock.now();
  session.refresh(120);
  assert.equal(session.sessionExpires, 120);
  assert.equal(session.expiresAt, t0 + 120_000);
  clock.advance(60_000);
  session.refresh(90);
  assert.equal(session.sessionExpires, 90);
  assert.equal(session.expiresAt, t0 + 150_000);
  clock.advance(89_999); // past the first interval's end: that timer is gone
  assert.deepEqual(expired, []);
  clock.advance(1);
  assert.deepEqual(expired, [t0 + 150_000]);
  session.refresh(90);
  void session.end('bye', false);
  clock.advance(90_000);
  assert.deepEqual(expired, [t0 + 150_000]);
});

test("the session's id is the backend's", () => {
  assert.equal(makeSession().session.id, 7);
});
