import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { CSTAErrorCode } from '../../csta/csta-error-code.ts';
import { CSTA_NAMESPACES } from '../../csta/csta-namespaces.ts';
import type { CstaRequest } from '../../csta/csta-types.ts';
import { ok, type Refused, type Result, refused } from '../../lab/result.ts';
import { accepted, CtiTestLab, RESTRICTIONS_CFG, refusal, response } from '../../testing/cti-test-lab.ts';
import { CtiError } from './cti-errors.ts';

const lab = (name: string) => readFileSync(new URL(`../../../labs/${name}`, import.meta.url), 'utf8');
const ed3 = CSTA_NAMESPACES.ed3;
const monitorStart = (device: string): CstaRequest => ({
  type: 'MonitorStart',
  monitorObject: { deviceObject: device },
});

/** The EmError of a refused emadmin command (a reason must be given too). */
function emRefusal(r: Result<number, string>): string {
  assert.ok(!r.ok, 'expected a refusal');
  assert.ok(r.reason.length > 0);
  return r.error;
}

describe('CTI restrictions (CME CSTA guide "Restriction", cti watch / cti notify)', () => {
  let t: CtiTestLab;
  before(async () => {
    t = await new CtiTestLab(RESTRICTIONS_CFG).start();
    await t.phone('000000000001');
  });
  after(async () => {
    await t.stop();
  });
  /** Monitor and control `line` from a session on it: accepted, or the refusal (CSTA error and reason). */
  const expectMonitor = (
    line: string,
    client: 'moc' | 'generic',
    expected: 'accepted' | Refused<CSTAErrorCode>,
    on = line,
  ) => {
    const s = t.open(on, { client });
    const r = t.cti.handle(s, monitorStart(line));
    assert.deepEqual(r.ok ? 'accepted' : r, expected, `${client} monitor on ${line}`);
    // Control is refused the same way as monitoring.
    const g = t.cti.handle(s, { type: 'GetDoNotDisturb', device: line });
    assert.deepEqual(g.ok ? 'accepted' : g, expected, `${client} control of ${line}`);
    t.cti.closeSession(s, 'done');
  };

  test('a DN without cti watch can be neither monitored nor controlled', () =>
    expectMonitor('204', 'generic', refused(CtiError.notPermitted, '204 has no cti watch')));
  test('only SCCP IP phones: a DN on an ATA or a VG224 is refused', () => {
    expectMonitor('205', 'generic', refused(CtiError.incompatibleDevice, '205 is on no SCCP IP phone'));
    expectMonitor('212', 'generic', refused(CtiError.incompatibleDevice, '212 is on no SCCP IP phone'));
  });
  test('overlay DNs are refused', () => {
    expectMonitor('206', 'generic', refused(CtiError.incompatibleDevice, '206 is an overlay DN'));
    expectMonitor('207', 'moc', refused(CtiError.incompatibleDevice, '207 is an overlay DN'));
  });
  test('shared lines are refused for MOC clients only', () => {
    expectMonitor('208', 'moc', refused(CtiError.incompatibleDevice, '208 is a shared line (MOC client)'));
    expectMonitor('208', 'generic', 'accepted');
  });
  test('a phoneless DN needs cti notify', () => {
    expectMonitor('209', 'moc', 'accepted');
    expectMonitor(
      '210',
      'generic',
      refused(CtiError.deviceOutOfService, '210 has no phone and no cti notify'),
    );
  });
  test('MOC and generic clients monitor and control only the line of their session (cti-service.ts)', () => {
    expectMonitor(
      '202',
      'generic',
      refused(CtiError.notPermitted, 'a generic session controls only 201'),
      '201',
    );
    expectMonitor('201', 'moc', refused(CtiError.notPermitted, 'a moc session controls only 203'), '203');
  });
  test('a device id that is no DN of this CME is refused at session set-up', () => {
    for (const line of ['299', 'sip:alice@host', '', 'tel:']) {
      assert.deepEqual(refusal(t.cti.openSession({ user: 'u', line, client: 'generic', namespace: ed3 })), {
        operation: 'invalidDeviceID',
      });
    }
    assert.deepEqual(
      refusal(t.cti.openSession({ user: 'u', line: '201', client: 'generic', namespace: 'urn:x' })),
      {
        operation: 'invalidParameterValue',
      },
    );
  });

  test('prompted MakeCall: refused on models lacking it and for MOC clients; otherwise the phone rings first', async () => {
    const noPrompt = t.open('211');
    assert.deepEqual(
      refusal(
        t.cti.handle(noPrompt, {
          type: 'MakeCall',
          callingDevice: '211',
          calledDirectoryNumber: '201',
          autoOriginate: 'prompt',
        }),
      ),
      { operation: 'requestIncompatibleWithCallingDevice' },
    );
    const moc = t.open('201', { client: 'moc' });
    assert.deepEqual(
      refusal(
        t.cti.handle(moc, {
          type: 'MakeCall',
          callingDevice: '201',
          calledDirectoryNumber: '203',
          autoOriginate: 'prompt',
        }),
      ),
      { operation: 'requestIncompatibleWithCallingDevice' },
    );
    t.cti.closeSession(moc, 'done');
    // 202's phone is not registered: nobody to prompt.
    const unreg = t.open('202');
    assert.deepEqual(
      refusal(
        t.cti.handle(unreg, {
          type: 'MakeCall',
          callingDevice: '202',
          calledDirectoryNumber: '201',
          autoOriginate: 'prompt',
        }),
      ),
      { systemResourceAvailibility: 'deviceOutOfService' },
    );
    const s = t.open('201');
    t.cti.handle(s, monitorStart('201'));
    const phone = t.phones.get('000000000001')!;
    phone.clear();
    const r = t.cti.handle(s, {
      type: 'MakeCall',
      callingDevice: '201',
      calledDirectoryNumber: '209',
      autoOriginate: 'prompt',
    });
    assert.deepEqual(accepted(r), {
      type: 'MakeCallResponse',
      callingDevice: { deviceID: 'tel:201;phone-context=dialstring' },
    });
    await phone.until((m) => m.some((x) => x.type === 'SetRinger' && x.ringMode === 2), 'prompt ring');
    assert.deepEqual(t.typesFor(s), [], 'no call before the user goes off-hook');
    phone.send('OffHook', { lineInstance: 1 });
    await waitUntil(() => t.typesFor(s).includes('DeliveredEvent'), 'prompted call placed');
    const si = t.eventsFor(s)[0];
    assert.equal(si?.type === 'ServiceInitiatedEvent' && si.cause, 'makeCall');
    assert.deepEqual(t.typesFor(s), ['ServiceInitiatedEvent', 'OriginatedEvent', 'DeliveredEvent']);
    t.cti.closeSession(s, 'done');
  });
});

describe('CTI configuration switches', () => {
  test('without `no cti shutdown` CTI refuses every session', async () => {
    for (const voip of ['', 'voice service voip\n cti shutdown\n']) {
      const t = new CtiTestLab(`${voip}ephone-dn 1\n number 201\n cti watch\n cti notify\n`);
      assert.deepEqual(
        refusal(t.cti.openSession({ user: 'u', line: '201', client: 'generic', namespace: ed3 })),
        {
          systemResourceAvailibility: 'resourceOutOfService',
        },
      );
      t.cti.dispose();
    }
  });

  test('session-manager clients need a cti-aware session server register-id (labs/cme-session-manager.cfg)', () => {
    const t = new CtiTestLab(lab('cme-session-manager.cfg'));
    const open = (registerId?: string) =>
      t.cti.openSession({
        user: 'app',
        line: '204',
        client: 'session-manager',
        namespace: ed3,
        ...(registerId ? { registerId } : {}),
      });
    assert.deepEqual(refusal(open()), { operation: 'securityViolation' });
    assert.deepEqual(refusal(open('app1')), { operation: 'securityViolation' });
    const s = accepted(open('apps'));
    // A session manager may monitor any CTI DN, not just its session's line.
    response(t.cti.handle(s, monitorStart('204')), 'MonitorStartResponse');
    t.cti.dispose();
    const noAware = new CtiTestLab(
      'voice service voip\n no cti shutdown\nvoice register session-server 1\n register-id apps\nephone-dn 1\n number 201\n cti watch\n',
    );
    assert.deepEqual(
      refusal(
        noAware.cti.openSession({
          user: 'a',
          line: '201',
          client: 'session-manager',
          registerId: 'apps',
          namespace: ed3,
        }),
      ),
      { operation: 'securityViolation' },
    );
    noAware.cti.dispose();
  });

  test('cti csta mode basic suppresses DigitsGenerated; suppress-conversion gives bare device ids', async () => {
    const base =
      'ephone-dn 1\n number 201\n cti watch\n cti notify\nephone-dn 2\n number 202\n cti watch\n cti notify\n';
    for (const [switches, basic, bare] of [
      ['', false, false],
      [' cti csta mode basic\n', true, false],
      [' cti message device-id suppress-conversion\n', false, true],
    ] as const) {
      const t = new CtiTestLab(`voice service voip\n no cti shutdown\n${switches}${base}`);
      const s = t.open('201');
      t.cti.handle(s, monitorStart('201'));
      const f = response(t.cti.handle(s, { type: 'GetCSTAFeatures' }), 'GetCSTAFeaturesResponse');
      const events = (f.supportedEvents ?? []).flatMap((g) => g.features.map((x) => x.name));
      assert.equal(events.includes('digitsGenerated'), !basic);
      const mc = response(
        t.cti.handle(s, { type: 'MakeCall', callingDevice: '201', calledDirectoryNumber: '202' }),
        'MakeCallResponse',
      );
      assert.equal(mc.callingDevice.deviceID, bare ? '201' : 'tel:201;phone-context=dialstring');
      const callID = mc.callingDevice.callID!;
      t.lab.calls.model.answer({ callID, deviceID: '202' });
      t.cti.handle(s, {
        type: 'GenerateDigits',
        connectionToSendDigits: { callID, deviceID: '201' },
        charactersToSend: '5',
      });
      assert.equal(t.typesFor(s).includes('DigitsGeneratedEvent'), !basic);
      for (const e of t.eventsFor(s)) assert.ok(!('extensions' in e), 'no extensions');
      const si = t.eventsFor(s)[0];
      assert.deepEqual(si?.type === 'ServiceInitiatedEvent' && si.initiatingDevice, {
        deviceIdentifier: bare ? '201' : 'tel:201;phone-context=dialstring',
      });
      t.cti.dispose();
    }
  });
});

describe('Extension Mobility and MOC clients (labs/cme-moc.cfg)', () => {
  let t: CtiTestLab;
  before(async () => {
    t = await new CtiTestLab(lab('cme-moc.cfg')).start();
    await t.phone('0019E7FF1E30');
  });
  after(async () => {
    await t.stop();
  });

  test('a MOC client may not use an EM phone until a user is logged in; login and logout swap the lines', async () => {
    const moc = (line: string) => t.cti.openSession({ user: 'user204', line, client: 'moc', namespace: ed3 });
    assert.deepEqual(refusal(moc('203')), { operation: 'privilegeViolationSpecifiedDevice' });
    assert.equal(emRefusal(t.cti.emLogin('nobody', 3)), 'unknown-user');
    assert.equal(emRefusal(t.cti.emLogin('user204', 1)), 'not-em-phone');
    assert.equal(emRefusal(t.cti.emLogin('user204', 99)), 'unknown-ephone');
    const phone = t.phones.get('0019E7FF1E30')!;
    phone.clear();
    assert.deepEqual(t.cti.emLogin('user204', 3), ok(3));
    assert.equal(t.cti.emUserOn(3), 'user204');
    const reset = await phone.waitFor('Reset');
    assert.equal(reset.resetType, 2);
    const lines = t.lab.node.appearances.linesOf('SEP0019E7FF1E30');
    assert.deepEqual(
      lines.map((l) => l.dns),
      [['204']],
    );
    const s = accepted(moc('204'));
    response(t.cti.handle(s, monitorStart('204')), 'MonitorStartResponse');
    assert.deepEqual(t.cti.emLogout('user204'), ok(3));
    assert.equal(emRefusal(t.cti.emLogout('user204')), 'not-logged-in');
    assert.deepEqual(
      t.lab.node.appearances.linesOf('SEP0019E7FF1E30').map((l) => l.dns),
      [['203']],
    );
    assert.deepEqual(refusal(moc('203')), { operation: 'privilegeViolationSpecifiedDevice' });
  });

  test('show cti session / clear cti session id N', () => {
    const before = t.cti.sessions().length;
    const via = {
      transport: 'tcp',
      remote: '10.0.0.5:5060',
      sessionExpires: 120,
      expires: t.clock.now() + 120_000,
    };
    const s = t.open('201', { client: 'moc', user: 'alice', via });
    t.cti.handle(s, monitorStart('201'));
    t.clock.advance(60_000);
    // A re-INVITE: the transport reports the timer it restarted.
    assert.ok(t.cti.refreshSession(s, { sessionExpires: 90, expires: t.clock.now() + 90_000 }));
    const row = t.cti.sessions().find((r) => r.id === s.id);
    assert.deepEqual(
      { ...row, monitors: row?.monitors.length },
      {
        id: s.id,
        user: 'alice',
        line: '201',
        dn: '201',
        client: 'moc',
        registerId: undefined,
        namespace: CSTA_NAMESPACES.ed3,
        transport: 'tcp',
        remote: '10.0.0.5:5060',
        monitors: 1,
        created: s.created,
        refreshed: s.created + 60_000,
        sessionExpires: 90,
        expires: s.created + 150_000,
      },
    );
    assert.equal(t.cti.clearSession(s.id), true);
    assert.equal(t.cti.clearSession(s.id), false);
    assert.equal(t.cti.sessions().length, before);
    assert.deepEqual(refusal(t.cti.handle(s, { type: 'GetCSTAFeatures' })), {
      operation: 'invalidCrossRefID',
    });
    assert.deepEqual(refusal(t.cti.handleRequestSystemStatus(s)), { operation: 'invalidCrossRefID' });
  });
});

async function waitUntil(pred: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
