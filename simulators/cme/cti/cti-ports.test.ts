import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallModel } from '../../calls/call-model.ts';
import { CSTA_NAMESPACES } from '../../csta/csta-namespaces.ts';
import { ManualClock } from '../../lab/manual-clock.ts';
import type { Observation } from '../../lab/observation.ts';
import type { CtiBackend } from '../../tr87/cti-backend.ts';
import type { CtiDn, CtiEphone, CtiHost } from './cti-ports.ts';
import { CmeCti } from './cti-service.ts';
import type { CtiSession } from './cti-session.ts';

/** A CTI host without a CME: a call model, two DNs on one 7961, and IOS switches as plain values. */
function bareHost() {
  const clock = new ManualClock();
  const model = new CallModel();
  model.addDevice({ number: '201' });
  model.addDevice({ number: '202' });
  const published: Observation[] = [];
  const dns = new Map<number, CtiDn>([
    [1, { tag: 1, number: '201', ctiWatch: true, ctiNotify: false }],
    [2, { tag: 2, number: '202', ctiWatch: false, ctiNotify: false }],
  ]);
  const phone: CtiEphone = {
    tag: 1,
    deviceName: 'SEP000000000001',
    model: '7961',
    logoutProfile: undefined,
    buttons: [{ dnTags: [1] }, { dnTags: [2] }],
  };
  const host: CtiHost = {
    name: 'cti-only',
    clock,
    observations: { publish: (o) => published.push(o) },
    settings: {
      enabled: true,
      basicMode: false,
      suppressDeviceIdConversion: true,
      isCtiAwareRegisterId: (id) => id === 'app1',
      userProfileNumbers: () => undefined,
      logoutProfileNumbers: () => undefined,
      remoteDestinationsOf: () => [],
    },
    config: {
      dns,
      ephones: new Map([[1, phone]]),
      phoneModel: () => ({ kind: 'ip-phone', promptedMakeCall: true }),
    },
    lines: {
      appearancesOf: () => [{ ephoneTag: 1, deviceName: phone.deviceName }],
      isShared: () => false,
      isOverlay: () => false,
      setLineButtons: () => {},
    },
    calls: {
      model,
      promptedMakeCall: () => 0,
      cancelPromptedMakeCall: () => false,
      asRemoteParty: (_dn, _owner, op) => op(),
    },
  };
  return { host, clock, published };
}

test('CmeCti runs on its ports alone (no CME) and is the CtiBackend TR/87 drives', () => {
  const { host, clock, published } = bareHost();
  const backend: CtiBackend<CtiSession> = new CmeCti(host);
  const events: string[] = [];
  const closed: Array<[number, string]> = [];
  backend.onEvent((_s, e) => events.push(e.type));
  backend.onSessionClosed((s, reason) => closed.push([backend.sessionId(s), reason]));
  const via = {
    transport: 'tcp',
    remote: '10.0.0.5:5060',
    sessionExpires: 1800,
    expires: clock.now() + 1_800_000,
  };
  // A refusal takes no id: the next session is 1.
  const refused = backend.openSession({
    user: 'a',
    line: 'tel:299',
    client: 'generic',
    namespace: CSTA_NAMESPACES.ed3,
  });
  assert.ok(!refused.ok);
  assert.deepEqual(refused.error, { operation: 'invalidDeviceID' });
  const opened = backend.openSession({
    user: 'a',
    line: 'tel:201',
    client: 'generic',
    namespace: CSTA_NAMESPACES.ed3,
    via,
  });
  assert.ok(opened.ok, 'session opens');
  const s = opened.value;
  assert.equal(backend.sessionId(s), 1);
  const started = backend.handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: '201' } });
  assert.ok(started.ok && started.value.type === 'MonitorStartResponse');
  backend.handle(s, { type: 'SetDoNotDisturb', device: '201', doNotDisturbOn: true });
  assert.deepEqual(events, ['DoNotDisturbEvent']);
  // `cti watch` comes from the config port: 202 has none.
  const denied = backend.handle(s, { type: 'GetDoNotDisturb', device: '202' });
  assert.ok(!denied.ok);
  assert.deepEqual(denied.error, { operation: 'privilegeViolationSpecifiedDevice' });
  clock.advance(60_000);
  backend.refreshSession(s, { sessionExpires: 600, expires: clock.now() + 600_000 });
  const cti = backend as CmeCti;
  assert.deepEqual(
    cti
      .sessions()
      .map((r) => [r.id, r.transport, r.remote, r.sessionExpires, (r.expires ?? 0) - r.refreshed]),
    [[1, 'tcp', '10.0.0.5:5060', 600, 600_000]],
  );
  // `clear cti session id N`: closed here; the close listener (TR/87's BYE) hears of it once.
  assert.equal(cti.clearSession(1), true);
  assert.equal(cti.clearSession(1), false);
  backend.closeSession(s, 'bye');
  assert.deepEqual(closed, [[1, 'cleared']]);
  assert.deepEqual(cti.sessions(), []);
  assert.ok(published.some((o) => o.source === 'cti-only' && 'topic' in o && o.topic === 'cti-session'));
});
