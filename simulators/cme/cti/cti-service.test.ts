import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { encodeCsta, encodeCstaError } from '../../csta/csta-encode.ts';
import type { CSTAErrorCode } from '../../csta/csta-error-code.ts';
import { CSTA_NAMESPACES } from '../../csta/csta-namespaces.ts';
import type { CstaEvent, CstaRequest, CstaResponse } from '../../csta/csta-types.ts';
import type { Result } from '../../lab/result.ts';
import { accepted, CtiTestLab, RESTRICTIONS_CFG, refusal } from '../../testing/cti-test-lab.ts';
import type { CtiSession } from './cti-session.ts';

const ns = { namespace: CSTA_NAMESPACES.ed3 };

/** Every answer must encode with the project codec (so the TR/87 layer can send it). */
function encodes(result: Result<CstaResponse, CSTAErrorCode>): void {
  if (result.ok) encodeCsta(result.value, ns);
  else encodeCstaError(result.error, ns);
}

function ok<T extends CstaResponse['type']>(result: Result<CstaResponse, CSTAErrorCode>, type: T) {
  assert.ok(result.ok, `expected ${type}, got error ${JSON.stringify(result)}`);
  assert.equal(result.value.type, type);
  encodes(result);
  return result.value as Extract<CstaResponse, { type: T }>;
}

function monitor(t: CtiTestLab, s: CtiSession, device: string): string {
  return ok(
    t.cti.handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: device } }),
    'MonitorStartResponse',
  ).monitorCrossRefID;
}

function callIdOf(t: CtiTestLab, dn: string): string {
  const snap = t.lab.calls.model.snapshotDevice(dn);
  assert.equal(snap.length, 1, `${dn} has one call`);
  return snap[0]!.callID;
}

describe('CmeCti services and events (real CME on TCP)', () => {
  let t: CtiTestLab;
  let a: CtiSession;
  let b: CtiSession;
  let c: CtiSession;
  const conn = (callID: string, deviceID: string) => ({ callID, deviceID });
  const handle = (s: CtiSession, r: CstaRequest) => t.cti.handle(s, r);

  before(async () => {
    t = await new CtiTestLab(RESTRICTIONS_CFG).start();
    await t.phone('000000000001');
    await t.phone('000000000002');
    await t.phone('000000000003');
    a = t.open('tel:201;phone-context=dialstring');
    b = t.open('sip:202@cme.example');
    c = t.open('203');
    monitor(t, a, 'tel:201');
    monitor(t, b, '202');
    monitor(t, c, '203');
  });
  after(async () => {
    await t.stop();
  });

  /** Clear every call the previous test left (each clear must be accepted): the model is then idle. */
  const reset = () => {
    const model = t.lab.calls.model;
    for (const id of model.callIds()) {
      // Clearing one party may end the whole call: clear the first party left while the call lasts.
      while (model.callIds().includes(id)) {
        const first = model.snapshotCall(id).endpoints[0];
        assert.ok(first, `call ${id} lasts with no party`);
        const cleared = model.clear(first.connection);
        assert.ok(cleared.ok, `clearing ${first.connection.deviceID} in ${id}: ${JSON.stringify(cleared)}`);
      }
    }
    assert.deepEqual(model.callIds(), [], 'no call outlives reset');
    t.events.length = 0;
  };

  test('RequestSystemStatus and GetCSTAFeatures answer exactly the supported services and events', () => {
    assert.deepEqual(accepted(t.cti.handleRequestSystemStatus(a)), {
      type: 'RequestSystemStatusResponse',
      systemStatus: 'normal',
    });
    const f = ok(handle(a, { type: 'GetCSTAFeatures' }), 'GetCSTAFeaturesResponse');
    const services = (f.supportedServices ?? []).flatMap((g) => g.features.map((x) => x.name)).sort();
    assert.deepEqual(services, [
      'alternateCall',
      'answerCall',
      'clearConnection',
      'consultationCall',
      'deflectCall',
      'generateDigits',
      'getCSTAFeatures',
      'getDoNotDisturb',
      'getForwarding',
      'holdCall',
      'makeCall',
      'monitorStart',
      'monitorStop',
      'reconnectCall',
      'requestSystemStatus',
      'retrieveCall',
      'setDoNotDisturb',
      'setForwarding',
      'setMsgWaitingInd',
      'singleStepTransfer',
      'snapshotDevice',
      'systemStatus',
      'transferCall',
    ]);
    const events = (f.supportedEvents ?? []).flatMap((g) => g.features.map((x) => x.name));
    assert.ok(events.includes('digitsGenerated'), 'full mode delivers DigitsGenerated');
    assert.equal(events.length, 15);
    assert.ok((f.supportedServices ?? []).every((g) => g.features.every((x) => x.supported)));
  });

  test('MakeCall doNotPrompt, answer, clear: the event sequence at both monitors', async () => {
    reset();
    const r = ok(
      handle(a, {
        type: 'MakeCall',
        callingDevice: 'tel:201',
        calledDirectoryNumber: '202',
        autoOriginate: 'doNotPrompt',
      }),
      'MakeCallResponse',
    );
    const callID = r.callingDevice.callID!;
    assert.equal(r.callingDevice.deviceID, 'tel:201;phone-context=dialstring');
    assert.deepEqual(t.typesFor(a), ['ServiceInitiatedEvent', 'OriginatedEvent', 'DeliveredEvent']);
    assert.deepEqual(t.typesFor(b), ['DeliveredEvent']);
    const [si] = t.eventsFor(a);
    assert.equal(si?.type === 'ServiceInitiatedEvent' && si.cause, 'makeCall');
    const delivA = t.eventsFor(a)[2] as Extract<CstaEvent, { type: 'DeliveredEvent' }>;
    const delivB = t.eventsFor(b)[0] as Extract<CstaEvent, { type: 'DeliveredEvent' }>;
    assert.equal(delivA.localConnectionInfo, 'connected');
    assert.equal(delivB.localConnectionInfo, 'alerting');
    assert.equal(delivB.monitorCrossRefID, b.row().monitors[0]);
    ok(handle(b, { type: 'AnswerCall', callToBeAnswered: conn(callID, '202') }), 'AnswerCallResponse');
    assert.equal(t.typesFor(a).at(-1), 'EstablishedEvent');
    assert.equal(t.typesFor(b).at(-1), 'EstablishedEvent');
    ok(
      handle(a, { type: 'ClearConnection', connectionToBeCleared: conn(callID, 'tel:201') }),
      'ClearConnectionResponse',
    );
    // The model reports each ConnectionCleared to the parties still on the call before it.
    const dropped = (s: CtiSession) =>
      t
        .eventsFor(s)
        .flatMap((e) =>
          e.type === 'ConnectionClearedEvent' ? [[e.droppedConnection.deviceID, e.localConnectionInfo]] : [],
        );
    assert.deepEqual(dropped(a), [['tel:201;phone-context=dialstring', 'null']]);
    assert.deepEqual(dropped(b), [
      ['tel:201;phone-context=dialstring', 'connected'],
      ['tel:202;phone-context=dialstring', 'null'],
    ]);
    for (const s of [a, b])
      assert.ok(!t.typesFor(s).includes('CallClearedEvent'), 'no CallCleared at device monitors');
    for (const { event } of t.events) encodeCsta(event, ns);
  });

  test('what a person does on the phone and what MakeCall asks for give the same event types', async () => {
    reset();
    const phone = t.phones.get('000000000001')!;
    phone.send('OffHook', { lineInstance: 1 });
    for (const d of [2, 0, 2]) phone.send('KeypadButton', { kpButton: d, lineInstance: 1 });
    await waitUntil(() => t.typesFor(b).includes('DeliveredEvent'), 'phone-driven delivery');
    const byPhone = { a: t.typesFor(a), b: t.typesFor(b) };
    const callID = callIdOf(t, '202');
    t.lab.calls.model.clear(conn(callID, '201'));
    reset();
    ok(
      handle(a, { type: 'MakeCall', callingDevice: '201', calledDirectoryNumber: '202' }),
      'MakeCallResponse',
    );
    assert.deepEqual({ a: t.typesFor(a), b: t.typesFor(b) }, byPhone);
    assert.deepEqual(byPhone.a, ['ServiceInitiatedEvent', 'OriginatedEvent', 'DeliveredEvent']);
  });

  test('Hold, Retrieve, Consultation, Alternate, Reconnect, Transfer', () => {
    reset();
    const call1 = ok(
      handle(a, { type: 'MakeCall', callingDevice: '201', calledDirectoryNumber: '202' }),
      'MakeCallResponse',
    ).callingDevice.callID!;
    ok(handle(b, { type: 'AnswerCall', callToBeAnswered: conn(call1, '202') }), 'AnswerCallResponse');
    t.events.length = 0;
    ok(handle(a, { type: 'HoldCall', callToBeHeld: conn(call1, '201') }), 'HoldCallResponse');
    assert.deepEqual(t.typesFor(a), ['HeldEvent']);
    assert.deepEqual(t.typesFor(b), ['HeldEvent']);
    assert.equal((t.eventsFor(a)[0] as { localConnectionInfo?: string }).localConnectionInfo, 'hold');
    assert.equal((t.eventsFor(b)[0] as { localConnectionInfo?: string }).localConnectionInfo, 'connected');
    ok(handle(a, { type: 'RetrieveCall', callToBeRetrieved: conn(call1, '201') }), 'RetrieveCallResponse');
    assert.equal(t.typesFor(a).at(-1), 'RetrievedEvent');
    // Retrieve of a connected call: the model's state error, as a CSTA stateIncompatibility.
    assert.deepEqual(refusal(handle(a, { type: 'RetrieveCall', callToBeRetrieved: conn(call1, '201') })), {
      stateIncompatibility: 'invalidConnectionState',
    });
    t.events.length = 0;
    const consult = ok(
      handle(a, { type: 'ConsultationCall', existingCall: conn(call1, '201'), consultedDevice: 'tel:203' }),
      'ConsultationCallResponse',
    ).initiatedCall.callID!;
    assert.deepEqual(t.typesFor(c), ['DeliveredEvent']);
    assert.ok(t.typesFor(a).includes('HeldEvent') && t.typesFor(a).includes('OriginatedEvent'));
    ok(handle(c, { type: 'AnswerCall', callToBeAnswered: conn(consult, '203') }), 'AnswerCallResponse');
    t.events.length = 0;
    ok(
      handle(a, { type: 'AlternateCall', heldCall: conn(call1, '201'), activeCall: conn(consult, '201') }),
      'AlternateCallResponse',
    );
    const alt = t.eventsFor(a).filter((e) => e.type === 'HeldEvent' || e.type === 'RetrievedEvent');
    assert.deepEqual(
      alt.map((e) => [e.type, (e as { cause?: string }).cause]),
      [
        ['HeldEvent', 'alternate'],
        ['RetrievedEvent', 'alternate'],
      ],
    );
    // Now call1 active, consult held: Reconnect clears call1 and retrieves the consultation.
    t.events.length = 0;
    ok(
      handle(a, { type: 'ReconnectCall', activeCall: conn(call1, '201'), heldCall: conn(consult, '201') }),
      'ReconnectCallResponse',
    );
    assert.ok(t.typesFor(b).includes('ConnectionClearedEvent'));
    assert.equal(t.typesFor(a).at(-1), 'RetrievedEvent');
    // Reconnect whose "held" call is not held: refused before anything changes.
    assert.deepEqual(
      refusal(
        handle(a, {
          type: 'ReconnectCall',
          activeCall: conn(consult, '201'),
          heldCall: conn(consult, '201'),
        }),
      ),
      { stateIncompatibility: 'invalidHeldConnectionState' },
    );
    // Transfer: 201 talks to 203 (consult), consults 202, transfers.
    const c2 = ok(
      handle(a, { type: 'ConsultationCall', existingCall: conn(consult, '201'), consultedDevice: '202' }),
      'ConsultationCallResponse',
    ).initiatedCall.callID!;
    ok(handle(b, { type: 'AnswerCall', callToBeAnswered: conn(c2, '202') }), 'AnswerCallResponse');
    t.events.length = 0;
    const tr = ok(
      handle(a, { type: 'TransferCall', heldCall: conn(consult, '201'), activeCall: conn(c2, '201') }),
      'TransferCallResponse',
    );
    assert.ok(tr.transferredCall.callID);
    for (const s of [a, b, c])
      assert.ok(t.typesFor(s).includes('TransferedEvent'), `session ${s.id} sees Transfered`);
    assert.equal(t.lab.calls.model.snapshotDevice('201').length, 0);
    for (const { event } of t.events) encodeCsta(event, ns);
  });

  test('SingleStepTransfer, Deflect (only while alerting), GenerateDigits', () => {
    reset();
    const call = ok(
      handle(a, { type: 'MakeCall', callingDevice: '201', calledDirectoryNumber: '202' }),
      'MakeCallResponse',
    ).callingDevice.callID!;
    // Deflect while alerting: Diverted at the deflecting device, Delivered at the new one.
    ok(
      handle(b, { type: 'DeflectCall', callToBeDiverted: conn(call, '202'), newDestination: '203' }),
      'DeflectCallResponse',
    );
    assert.ok(t.typesFor(b).includes('DivertedEvent'));
    assert.ok(t.typesFor(c).includes('DeliveredEvent'));
    ok(handle(c, { type: 'AnswerCall', callToBeAnswered: conn(call, '203') }), 'AnswerCallResponse');
    // Deflect of a connected call is refused.
    const deflect = handle(c, {
      type: 'DeflectCall',
      callToBeDiverted: conn(call, '203'),
      newDestination: '202',
    });
    assert.deepEqual(refusal(deflect), { stateIncompatibility: 'invalidConnectionState' });
    encodes(deflect);
    t.events.length = 0;
    ok(
      handle(a, {
        type: 'GenerateDigits',
        connectionToSendDigits: conn(call, '201'),
        charactersToSend: '12#',
      }),
      'GenerateDigitsResponse',
    );
    const dg = t.eventsFor(a).find((e) => e.type === 'DigitsGeneratedEvent');
    assert.equal(dg?.type === 'DigitsGeneratedEvent' && dg.digitGeneratedList, '12#');
    t.events.length = 0;
    const sst = ok(
      handle(c, { type: 'SingleStepTransferCall', activeCall: conn(call, '203'), transferredTo: 'tel:202' }),
      'SingleStepTransferCallResponse',
    );
    assert.ok(sst.transferredCall.callID);
    assert.ok(t.typesFor(c).includes('TransferedEvent'));
    assert.ok(t.typesFor(b).includes('DeliveredEvent'));
  });

  test('DND, CFwdAll, MWI (the phone lamp) and SnapshotDevice', async () => {
    reset();
    ok(
      handle(a, { type: 'SetDoNotDisturb', device: '201', doNotDisturbOn: true }),
      'SetDoNotDisturbResponse',
    );
    assert.deepEqual(accepted(handle(a, { type: 'GetDoNotDisturb', device: '201' })), {
      type: 'GetDoNotDisturbResponse',
      doNotDisturbOn: true,
    });
    ok(
      handle(a, { type: 'SetDoNotDisturb', device: '201', doNotDisturbOn: false }),
      'SetDoNotDisturbResponse',
    );
    assert.deepEqual(t.typesFor(a), ['DoNotDisturbEvent', 'DoNotDisturbEvent']);
    ok(
      handle(a, {
        type: 'SetForwarding',
        device: '201',
        forwardingType: 'forwardImmediate',
        activateForward: true,
        forwardDN: '203',
      }),
      'SetForwardingResponse',
    );
    assert.deepEqual(accepted(handle(a, { type: 'GetForwarding', device: '201' })), {
      type: 'GetForwardingResponse',
      forwardingList: [{ forwardingType: 'forwardImmediate', forwardStatus: true, forwardDN: '203' }],
    });
    assert.deepEqual(
      refusal(
        handle(a, {
          type: 'SetForwarding',
          device: '201',
          forwardingType: 'forwardBusy',
          activateForward: true,
          forwardDN: '203',
        }),
      ),
      { operation: 'invalidForwardingType' },
    );
    assert.deepEqual(refusal(handle(a, { type: 'SetForwarding', device: '201', activateForward: true })), {
      operation: 'invalidForwardingDestination',
    });
    ok(handle(a, { type: 'SetForwarding', device: '201', activateForward: false }), 'SetForwardingResponse');
    assert.equal(t.typesFor(a).filter((x) => x === 'ForwardingEvent').length, 2);
    const phone = t.phones.get('000000000001')!;
    phone.clear();
    ok(
      handle(a, { type: 'SetMessageWaitingIndicator', device: '201', messageWaitingOn: true }),
      'SetMessageWaitingIndicatorResponse',
    );
    await phone.until(
      (r) => r.some((m) => m.type === 'SetLamp' && m.stimulus === 15 && m.lampMode === 2),
      'MWI lamp on',
    );
    assert.equal(t.typesFor(a).at(-1), 'MessageWaitingEvent');
    ok(
      handle(a, { type: 'MakeCall', callingDevice: '201', calledDirectoryNumber: '202' }),
      'MakeCallResponse',
    );
    const snap = ok(handle(a, { type: 'SnapshotDevice', snapshotObject: '201' }), 'SnapshotDeviceResponse');
    assert.ok('snapshotData' in snap.crossRefIDorSnapshotData);
    const items =
      'snapshotData' in snap.crossRefIDorSnapshotData ? snap.crossRefIDorSnapshotData.snapshotData : [];
    assert.equal(items.length, 1);
    assert.deepEqual(items[0]?.localCallState, { compoundCallState: ['connected', 'alerting'] });
  });

  test('MonitorStop ends the events; bad requests get typed errors', () => {
    reset();
    const s = t.open('201');
    const id = monitor(t, s, '201');
    ok(
      handle(s, { type: 'SetDoNotDisturb', device: '201', doNotDisturbOn: true }),
      'SetDoNotDisturbResponse',
    );
    assert.deepEqual(t.typesFor(s), ['DoNotDisturbEvent']);
    ok(handle(s, { type: 'MonitorStop', monitorCrossRefID: id }), 'MonitorStopResponse');
    assert.deepEqual(refusal(handle(s, { type: 'MonitorStop', monitorCrossRefID: id })), {
      operation: 'invalidMonitorCrossRefID',
    });
    handle(s, { type: 'SetDoNotDisturb', device: '201', doNotDisturbOn: false });
    assert.deepEqual(t.typesFor(s), ['DoNotDisturbEvent'], 'no events after MonitorStop');
    assert.deepEqual(
      refusal(handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: 'sip:alice@host' } })),
      {
        operation: 'invalidDeviceID',
      },
    );
    assert.deepEqual(refusal(handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: '299' } })), {
      operation: 'invalidDeviceID',
    });
    assert.deepEqual(
      refusal(handle(s, { type: 'MonitorStart', monitorObject: { callObject: { callID: 'C1' } } })),
      {
        operation: 'invalidMonitorObjectType',
      },
    );
    assert.deepEqual(
      refusal(
        handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: '201' }, monitorType: 'call' }),
      ),
      {
        operation: 'monitorTypeNotSupported',
      },
    );
    assert.deepEqual(
      refusal(handle(s, { type: 'MakeCall', callingDevice: '201', calledDirectoryNumber: 'sip:bob@x' })),
      {
        operation: 'invalidDestination',
      },
    );
    assert.deepEqual(
      refusal(handle(s, { type: 'AnswerCall', callToBeAnswered: { callID: 'C999', deviceID: '201' } })),
      {
        operation: 'invalidConnectionID',
      },
    );
    assert.deepEqual(refusal(handle(s, { type: 'HoldCall', callToBeHeld: { deviceID: '201' } })), {
      operation: 'invalidConnectionID',
    });
    // A generic client controls only its own line.
    assert.deepEqual(refusal(handle(s, { type: 'GetDoNotDisturb', device: '202' })), {
      operation: 'privilegeViolationSpecifiedDevice',
    });
    // Requests before MonitorStart are served (no events flow).
    const early = t.open('203');
    ok(handle(early, { type: 'GetDoNotDisturb', device: '203' }), 'GetDoNotDisturbResponse');
    assert.deepEqual(refusal(handle(early, { type: 'ConferenceCall' } as unknown as CstaRequest)), {
      operation: 'serviceNotSupported',
    });
    t.cti.closeSession(s, 'test');
    t.cti.closeSession(early, 'test');
  });
});

async function waitUntil(pred: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
