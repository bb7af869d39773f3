import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { encodeCsta, encodeCstaError } from '../../csta/csta-encode.ts';
import type { CSTAErrorCode } from '../../csta/csta-error-code.ts';
import { CSTA_NAMESPACES } from '../../csta/csta-namespaces.ts';
import type { CstaEvent, CstaResponse } from '../../csta/csta-types.ts';
import type { Result } from '../../lab/result.ts';
import { DCallState } from '../../sccp/enums.ts';
import { CtiTestLab, refusal, response } from '../../testing/cti-test-lab.ts';
import { SccpTestClient } from '../../testing/sccp-test-client.ts';
import { Tr87Client } from '../../tr87/tr87-client.ts';
import { CstaRequestError } from '../../tr87/tr87-errors.ts';
import { CmeLab } from '../cme.ts';
import { loadCmeConfig } from '../config/load-cme-config.ts';
import type { CtiSession } from './cti-session.ts';

// Dial-via-office (CME 8.8, cti-dial-via-office.ts) on labs/cme-cti-dvo.cfg: 201 has mobility and
// snr 0612345678 (timeout 20 s); 203 has snr but no mobility; 204 and 205 share snr 0698765432.
const CFG = readFileSync(new URL('../../../labs/cme-cti-dvo.cfg', import.meta.url), 'utf8');
const MOBILE = 'tel:0612345678';
const ns = { namespace: CSTA_NAMESPACES.ed3 };

/** Every answer must encode with the project codec (the TR/87 layer sends it as is). */
function encodes(result: Result<CstaResponse, CSTAErrorCode>): Result<CstaResponse, CSTAErrorCode> {
  if (result.ok) encodeCsta(result.value, ns);
  else encodeCstaError(result.error, ns);
  return result;
}

describe('dial-via-office on the CME CTI layer (real CME on TCP, manual clock)', () => {
  let t: CtiTestLab;
  let s201: CtiSession;
  let s202: CtiSession;

  const dvo = (s: CtiSession, callingDevice: string, called: string, extra: object = {}) =>
    encodes(
      t.cti.handle(s, {
        type: 'MakeCall',
        callingDevice,
        calledDirectoryNumber: called,
        ...extra,
      }),
    );
  const events = (s: CtiSession): CstaEvent[] => t.eventsFor(s);
  const types = (s: CtiSession): string[] => t.typesFor(s);

  before(async () => {
    t = await new CtiTestLab(CFG).start();
    for (const mac of ['000000000001', '000000000002', '000000000003', '000000000004']) await t.phone(mac);
  });
  after(async () => {
    await t.stop();
  });
  beforeEach(() => {
    s201 = t.open('201');
    s202 = t.open('202');
    for (const [s, d] of [
      [s201, '201'],
      [s202, '202'],
    ] as const)
      response(
        t.cti.handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: d } }),
        'MonitorStartResponse',
      );
    t.events.length = 0;
  });
  afterEach(() => {
    // Nothing may be left ringing or up between tests.
    for (const dn of ['201', '202']) {
      for (const item of t.lab.calls.model.snapshotDevice(dn)) t.lab.calls.model.clear(item.connection);
    }
    t.cti.closeSession(s201, 'bye');
    t.cti.closeSession(s202, 'bye');
    assert.deepEqual(t.cti.dialViaOffice.ringing(), []);
  });

  test('the remote number rings first; the office line calls once it answers, shown as the office line', async () => {
    const made = response(dvo(s201, MOBILE, '202', { autoOriginate: 'prompt' }), 'MakeCallResponse');
    const callID = made.callingDevice.callID;
    assert.equal(made.callingDevice.deviceID, 'tel:201;phone-context=dialstring');
    assert.ok(callID);
    // The callback rings the mobile: the office connection is initiated, nothing is dialled yet.
    assert.deepEqual(types(s201), ['ServiceInitiatedEvent']);
    assert.deepEqual(types(s202), []);
    const si = events(s201)[0] as Extract<CstaEvent, { type: 'ServiceInitiatedEvent' }>;
    assert.equal(si.cause, 'makeCall');
    assert.deepEqual(t.cti.dialViaOffice.ringing(), [
      { remote: '0612345678', dn: '201', digits: '202', callID },
    ]);
    assert.equal(t.lab.calls.model.snapshotDevice('201')[0]!.localConnectionState, 'initiated');
    // The desk phone shows the line remote in use and does not go off-hook.
    const phone1 = t.phones.get('000000000001')!;
    await phone1.until(
      (m) => m.some((x) => x.type === 'CallState' && x.callState === DCallState.CallRemoteMultiline),
      'CallRemoteMultiline on phone 1',
    );
    assert.ok(!phone1.received.some((x) => x.type === 'CallState' && x.callState === DCallState.OffHook));

    // The user answers on the mobile: the call is placed from 201.
    assert.equal(t.cti.dialViaOffice.answer('0612345678').ok, true);
    assert.deepEqual(types(s201), ['ServiceInitiatedEvent', 'OriginatedEvent', 'DeliveredEvent']);
    assert.deepEqual(types(s202), ['DeliveredEvent']);
    const delivered = events(s202)[0] as Extract<CstaEvent, { type: 'DeliveredEvent' }>;
    assert.equal(delivered.connection.callID, callID, 'the call keeps the id of the MakeCallResponse');
    assert.deepEqual(delivered.callingDevice, { deviceIdentifier: 'tel:201;phone-context=dialstring' });
    assert.deepEqual(t.cti.dialViaOffice.ringing(), []);
    assert.equal(t.cti.dialViaOffice.answer('0612345678').ok, false, 'answered once only');
  });

  for (const [what, fail, cause] of [
    ['nobody answers within snr timeout', () => t.clock.advance(20_000), 'callNotAnswered'],
    ['the remote number is busy', () => t.cti.dialViaOffice.busy(MOBILE), 'busy'],
    [
      'the remote number is unreachable',
      () => t.cti.dialViaOffice.unreachable('0612345678'),
      'destNotObtainable',
    ],
  ] as const) {
    test(`the office connection clears (cause ${cause}) when ${what}`, () => {
      response(dvo(s201, MOBILE, '202'), 'MakeCallResponse');
      if (cause === 'callNotAnswered') {
        t.clock.advance(19_999);
        assert.deepEqual(types(s201), ['ServiceInitiatedEvent'], 'still ringing before the timeout');
      }
      fail();
      assert.deepEqual(types(s201), ['ServiceInitiatedEvent', 'ConnectionClearedEvent']);
      const cleared = events(s201)[1] as Extract<CstaEvent, { type: 'ConnectionClearedEvent' }>;
      assert.equal(cleared.cause, cause);
      assert.deepEqual(types(s202), []);
      assert.deepEqual(t.lab.calls.model.snapshotDevice('201'), []);
      assert.equal(t.cti.dialViaOffice.answer(MOBILE).ok, false);
    });
  }

  test('ClearConnection on the office connection cancels the ringing callback', () => {
    const made = response(dvo(s201, MOBILE, '202'), 'MakeCallResponse');
    response(
      t.cti.handle(s201, { type: 'ClearConnection', connectionToBeCleared: made.callingDevice }),
      'ClearConnectionResponse',
    );
    assert.deepEqual(t.cti.dialViaOffice.ringing(), []);
    assert.equal(t.cti.dialViaOffice.answer(MOBILE).ok, false);
    // Past the snr timeout (not further: the test phones send no keepalives).
    t.clock.advance(20_000);
    assert.deepEqual(types(s202), []);
  });

  test('refusals: each bad request gets its CSTA error and changes nothing', () => {
    const cases: [string, Result<CstaResponse, CSTAErrorCode>, CSTAErrorCode][] = [
      [
        'doNotPrompt cannot take a mobile off-hook',
        dvo(s201, MOBILE, '202', { autoOriginate: 'doNotPrompt' }),
        { operation: 'requestIncompatibleWithCallingDevice' },
      ],
      [
        'snr without mobility: not dial-via-office capable',
        dvo(t.open('203'), 'tel:0611111111', '202'),
        { operation: 'requestIncompatibleWithCallingDevice' },
      ],
      [
        'a remote number on two DNs',
        dvo(t.open('204'), '0698765432', '202'),
        { operation: 'invalidCallingDeviceID' },
      ],
      [
        'a number that is neither a DN nor an snr number',
        dvo(s201, 'tel:0600000000', '202'),
        { operation: 'invalidDeviceID' },
      ],
      [
        "another line's remote number (generic client: own line only)",
        dvo(s202, MOBILE, '201'),
        { operation: 'privilegeViolationSpecifiedDevice' },
      ],
      [
        'an undialable destination',
        dvo(s201, MOBILE, 'sip:alice@example.com'),
        { operation: 'invalidDestination' },
      ],
    ];
    for (const [what, result, code] of cases) assert.deepEqual(refusal(result), code, what);
    assert.deepEqual(t.cti.dialViaOffice.ringing(), []);
    assert.deepEqual(t.lab.calls.model.snapshotDevice('201'), []);
  });

  test('the office line on a call: stateIncompatibility/invalidDeviceState; a second callback: refused', () => {
    response(dvo(s201, MOBILE, '202'), 'MakeCallResponse');
    assert.deepEqual(refusal(dvo(s201, MOBILE, '202')), { systemResourceAvailibility: 'resourceBusy' });
    t.cti.dialViaOffice.busy(MOBILE);
    response(dvo(s201, '201', '202', { autoOriginate: 'doNotPrompt' }), 'MakeCallResponse');
    assert.deepEqual(refusal(dvo(s201, MOBILE, '202')), { stateIncompatibility: 'invalidDeviceState' });
  });

  test('a destination that fails after the answer fails like any MakeCall', () => {
    response(dvo(s201, MOBILE, '9999'), 'MakeCallResponse');
    t.cti.dialViaOffice.answer(MOBILE);
    assert.deepEqual(types(s201), ['ServiceInitiatedEvent', 'OriginatedEvent', 'FailedEvent']);
  });
});

test('over TR/87 with the real codec: MakeCall from the snr number, and a MakeCall without calledDirectoryNumber', async () => {
  const { config, ios } = loadCmeConfig(CFG);
  const lab = new CmeLab({ config, ios, host: '127.0.0.1', sccpPort: 0, sipPort: 0, log: () => {} });
  await lab.start();
  const phone = await SccpTestClient.connect(lab.running.endpoints.sccp.port);
  await phone.register('000000000001', { deviceType: 30018 });
  const sip = lab.running.endpoints.sip!;
  const client = await Tr87Client.connect({
    host: sip.host,
    port: sip.port,
    transport: 'tcp',
    user: 'alice',
    line: '201',
  });
  try {
    await client.monitorStart('201');
    const made = await client.request({
      type: 'MakeCall',
      callingDevice: MOBILE,
      calledDirectoryNumber: '202',
    });
    assert.equal(made.callingDevice.deviceID, 'tel:201;phone-context=dialstring');
    // The ServiceInitiated event arrives in an INFO of the session.
    const deadline = Date.now() + 3000;
    while (!client.events.some((e) => e.type === 'ServiceInitiatedEvent') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      client.events.map((e) => e.type),
      ['ServiceInitiatedEvent'],
    );
    await assert.rejects(
      client.request({
        type: 'MakeCall',
        callingDevice: MOBILE,
        calledDirectoryNumber: '202',
        autoOriginate: 'doNotPrompt',
      }),
      (e: unknown) =>
        e instanceof CstaRequestError &&
        JSON.stringify(e.code) === JSON.stringify({ operation: 'requestIncompatibleWithCallingDevice' }),
    );
    // A MakeCall without its calledDirectoryNumber is refused by the codec (ECMA-323: mandatory).
    const body = encodeCsta(
      { type: 'MakeCall', callingDevice: MOBILE, calledDirectoryNumber: '202' },
      { namespace: CSTA_NAMESPACES.ed3 },
    ).replace(/<calledDirectoryNumber>[^<]*<\/calledDirectoryNumber>/, '');
    assert.ok(!body.includes('calledDirectoryNumber'));
    const answer = await client.dialog.sendInfo(body, { contentType: 'application/csta+xml' });
    assert.equal(answer.status, 200);
    assert.match(answer.body, /CSTAErrorCode/);
    assert.equal(lab.cti!.dialViaOffice.ringing().length, 1, 'the refused request changed nothing');
  } finally {
    await client.close();
    phone.close();
    await lab.stop();
  }
});
