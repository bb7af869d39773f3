// Third-party call control requests on the real ACD and call model (Cisco "CTI Planning",
// "Third-Party Call Control"; "CTI Server Message Reference Guide (Protocol Version 15)", chapter 5
// "Client Control Service", table 5-89 and each request's table; "ControlFailureCode Values").
// Rule ACD-TPC-001: a request runs the call-model operation the phone's key runs, so the call
// moves the same way with the same events (compared below against the phone-driven path).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { CallEvent } from '../calls/call-events.ts';
import { ControlFailureCode as CF, CtiStatus, floatingValues, NULL_U32 } from '../cti-server/wire.ts';
import { mustSucceed } from '../lab/result.ts';
import { AcdCtiRequestFixture, CONN, INSTRUMENT } from '../testing/acd-cti-request-fixture.ts';

const DIALED = (n: string) => ({ name: 'DialedNumber', value: n });
const ACTIVE = (d: string) => ({ name: 'ActiveConnectionDeviceID', value: d });
const HELD = (d: string) => ({ name: 'HeldConnectionDeviceID', value: d });

describe('call control requests', () => {
  let f: AcdCtiRequestFixture;
  let events: CallEvent[];
  beforeEach(() => {
    f = new AcdCtiRequestFixture();
    events = [];
    f.model.on((e) => events.push(e));
  });
  afterEach(() => f.close());

  const code = (m: { name: string; fixed: Record<string, unknown> }) => [m.name, m.fixed.FailureCode];

  it('ANSWER_CALL_REQ answers the call ringing at the agent: ANSWER_CALL_CONF, connected, agent TALKING', () => {
    f.ready('5001');
    f.customerCalls();
    assert.deepEqual(f.stateAt('3001'), ['alerting']);
    const m = f.send('ANSWER_CALL_REQ', { ConnectionCallID: f.callAt('3001') }, [CONN('3001')]);
    assert.equal(m.name, 'ANSWER_CALL_CONF');
    assert.deepEqual(f.stateAt('3001'), ['connected']);
    assert.equal(f.acd.agent('5001').state, 'TALKING');
  });

  it('ANSWER_CALL_REQ refusals: a talking call → CF_NO_CALL_TO_ANSWER; an unknown call → 11; a non-party → 13', () => {
    const call = f.talking();
    assert.deepEqual(code(f.send('ANSWER_CALL_REQ', { ConnectionCallID: call }, [CONN('3001')])), [
      'CONTROL_FAILURE_CONF',
      CF.NO_CALL_TO_ANSWER,
    ]);
    assert.deepEqual(code(f.send('ANSWER_CALL_REQ', { ConnectionCallID: 4242 }, [CONN('3001')])), [
      'CONTROL_FAILURE_CONF',
      CF.INVALID_CSTA_CALL_IDENTIFIER,
    ]);
    assert.deepEqual(code(f.send('ANSWER_CALL_REQ', { ConnectionCallID: call }, [CONN('3002')])), [
      'CONTROL_FAILURE_CONF',
      CF.INVALID_CSTA_CONNECTION_IDENTIFIER,
    ]);
  });

  it('CLEAR_CONNECTION_REQ hangs the agent up: the call ends, the agent wraps up (WORK_READY)', () => {
    const call = f.talking();
    assert.equal(
      f.send('CLEAR_CONNECTION_REQ', { ConnectionCallID: call }, [CONN('3001')]).name,
      'CLEAR_CONNECTION_CONF',
    );
    assert.deepEqual([f.stateAt('3001'), f.stateAt('3009')], [[], []]);
    assert.equal(f.acd.agent('5001').state, 'WORK_READY');
  });

  it('same events as the phone (ACD-TPC-001): answer, hold, retrieve and hang up by request = by the phone', () => {
    const byRequest = () => {
      f.ready('5001');
      f.customerCalls();
      const call = f.callAt('3001');
      for (const name of ['ANSWER_CALL_REQ', 'HOLD_CALL_REQ'])
        assert.match(f.send(name, { ConnectionCallID: call }, [CONN('3001')]).name, /_CONF$/);
      assert.match(
        f.send('RETRIEVE_CALL_REQ', { HeldConnectionCallID: call }, [HELD('3001')]).name,
        /_CONF$/,
      );
      assert.match(f.send('CLEAR_CONNECTION_REQ', { ConnectionCallID: call }, [CONN('3001')]).name, /_CONF$/);
    };
    byRequest();
    const viaCti = events.map((e) => e.type);
    f.close();
    f = new AcdCtiRequestFixture();
    events = [];
    f.model.on((e) => events.push(e));
    f.ready('5001');
    f.customerCalls();
    const leg = () => f.model.snapshotDevice('3001')[0]!.connection;
    mustSucceed(f.model.answer(leg()), 'answer');
    mustSucceed(f.model.hold(leg()), 'hold');
    mustSucceed(f.model.retrieve(leg()), 'retrieve');
    mustSucceed(f.model.clear(leg()), 'hang up');
    assert.deepEqual(
      viaCti,
      events.map((e) => e.type),
    );
    assert.ok(
      viaCti.includes('HeldEvent') &&
        viaCti.includes('RetrievedEvent') &&
        viaCti.includes('CallClearedEvent'),
    );
  });

  it('HOLD / RETRIEVE: the agent is HOLD then TALKING; holding a held call → CF_NO_ACTIVE_CALL, retrieving a talking one → CF_NO_HELD_CALL', () => {
    const call = f.talking();
    assert.equal(f.send('HOLD_CALL_REQ', { ConnectionCallID: call }, [CONN('3001')]).name, 'HOLD_CALL_CONF');
    assert.deepEqual([f.stateAt('3001'), f.acd.agent('5001').state], [['hold'], 'HOLD']);
    assert.deepEqual(code(f.send('HOLD_CALL_REQ', { ConnectionCallID: call }, [CONN('3001')])), [
      'CONTROL_FAILURE_CONF',
      CF.NO_ACTIVE_CALL,
    ]);
    assert.equal(
      f.send('RETRIEVE_CALL_REQ', { HeldConnectionCallID: call }, [HELD('3001')]).name,
      'RETRIEVE_CALL_CONF',
    );
    assert.deepEqual([f.stateAt('3001'), f.acd.agent('5001').state], [['connected'], 'TALKING']);
    assert.deepEqual(code(f.send('RETRIEVE_CALL_REQ', { HeldConnectionCallID: call }, [HELD('3001')])), [
      'CONTROL_FAILURE_CONF',
      CF.NO_HELD_CALL,
    ]);
  });

  it('MAKE_CALL_REQ: 3001 calls 3010 → MAKE_CALL_CONF with the new ConnectionCallID; 3010 rings', () => {
    const m = f.send('MAKE_CALL_REQ', {}, [INSTRUMENT('3001'), DIALED('3010')]);
    assert.equal(m.name, 'MAKE_CALL_CONF');
    assert.equal(m.fixed.NewConnectionCallID, f.callAt('3001'));
    assert.deepEqual(floatingValues(m, 'NewConnectionDeviceID'), ['3001']);
    assert.deepEqual([f.stateAt('3001'), f.stateAt('3010')], [['connected'], ['alerting']]);
    assert.deepEqual(code(f.send('MAKE_CALL_REQ', {}, [INSTRUMENT('3002'), DIALED('12#x')])), [
      'CONTROL_FAILURE_CONF',
      CF.INVALID_DESTINATION,
    ]);
    assert.deepEqual(code(f.send('MAKE_CALL_REQ', {}, [INSTRUMENT('7777'), DIALED('3010')])), [
      'CONTROL_FAILURE_CONF',
      CF.INVALID_CSTA_DEVICE_IDENTIFIER,
    ]);
  });

  it('consultative transfer: CONSULTATION_CALL_REQ, 3002 answers, TRANSFER_CALL_REQ → caller and 3002 talk, 3001 is free', () => {
    const call = f.talking();
    const consult = f.send('CONSULTATION_CALL_REQ', { ActiveConnectionCallID: call }, [
      ACTIVE('3001'),
      DIALED('3002'),
    ]);
    assert.equal(consult.name, 'CONSULTATION_CALL_CONF');
    const consultCall = consult.fixed.NewConnectionCallID as number;
    assert.notEqual(consultCall, call);
    assert.deepEqual([f.stateAt('3001'), f.stateAt('3002')], [['hold', 'connected'], ['alerting']]);
    mustSucceed(f.model.answer(f.model.snapshotDevice('3002')[0]!.connection), '3002 answers');
    const t = f.send(
      'TRANSFER_CALL_REQ',
      { ActiveConnectionCallID: consultCall, HeldConnectionCallID: call },
      [ACTIVE('3001'), HELD('3001')],
    );
    assert.equal(t.name, 'TRANSFER_CALL_CONF');
    assert.equal(t.fixed.NewConnectionCallID, call, 'the held (primary) call keeps its id');
    assert.equal(t.fixed.NumParties, 2);
    assert.deepEqual(floatingValues(t, 'ConnectedPartyDeviceID').sort(), ['3002', '3009']);
    assert.deepEqual(
      [f.stateAt('3001'), f.stateAt('3002'), f.stateAt('3009')],
      [[], ['connected'], ['connected']],
    );
    assert.ok(events.some((e) => e.type === 'TransferedEvent'));
  });

  it('blind transfer: TRANSFER_CALL_REQ with DialedNumber and no held call → 3002 rings, 3001 left', () => {
    const call = f.talking();
    const t = f.send('TRANSFER_CALL_REQ', { ActiveConnectionCallID: call, HeldConnectionCallID: NULL_U32 }, [
      ACTIVE('3001'),
      DIALED('3002'),
    ]);
    assert.equal(t.name, 'TRANSFER_CALL_CONF');
    assert.deepEqual(floatingValues(t, 'NewConnectionDeviceID'), ['3002']);
    assert.deepEqual(
      [f.stateAt('3001'), f.stateAt('3002'), f.stateAt('3009')],
      [[], ['alerting'], ['connected']],
    );
    assert.equal(
      f.send('TRANSFER_CALL_REQ', { ActiveConnectionCallID: call }, [ACTIVE('3009')]).fixed.Status,
      CtiStatus.E_CTI_REQUIRED_DATA_MISSING,
    );
  });

  it('consultative conference: CONSULTATION_CALL_REQ, 3010 answers, CONFERENCE_CALL_REQ → three parties talk', () => {
    const call = f.talking();
    const consult = f.send('CONSULTATION_CALL_REQ', { ActiveConnectionCallID: call }, [
      ACTIVE('3001'),
      DIALED('3010'),
    ]);
    const consultCall = consult.fixed.NewConnectionCallID as number;
    // Before the consulted party answers the conference is refused (the model: invalidActiveConnectionState).
    assert.deepEqual(
      code(
        f.send('CONFERENCE_CALL_REQ', { ActiveConnectionCallID: consultCall, HeldConnectionCallID: call }, [
          ACTIVE('3001'),
          HELD('3001'),
        ]),
      ),
      ['CONTROL_FAILURE_CONF', CF.NO_ACTIVE_CALL],
    );
    mustSucceed(f.model.answer(f.model.snapshotDevice('3010')[0]!.connection), '3010 answers');
    const c = f.send(
      'CONFERENCE_CALL_REQ',
      { ActiveConnectionCallID: consultCall, HeldConnectionCallID: call },
      [ACTIVE('3001'), HELD('3001')],
    );
    assert.equal(c.name, 'CONFERENCE_CALL_CONF');
    assert.equal(c.fixed.NewConnectionCallID, call);
    assert.equal(c.fixed.NumParties, 3);
    assert.deepEqual(
      [f.stateAt('3001'), f.stateAt('3009'), f.stateAt('3010')],
      [['connected'], ['connected'], ['connected']],
    );
    // CLEAR_CALL_REQ releases every party.
    assert.equal(
      f.send('CLEAR_CALL_REQ', { ConnectionCallID: call }, [CONN('3001')]).name,
      'CLEAR_CALL_CONF',
    );
    assert.deepEqual([f.stateAt('3001'), f.stateAt('3009'), f.stateAt('3010')], [[], [], []]);
  });

  it('blind conference: CONFERENCE_CALL_REQ with DialedNumber → 3010 joins at once; neither held call nor number → REQUIRED_DATA_MISSING', () => {
    const call = f.talking();
    const c = f.send('CONFERENCE_CALL_REQ', { ActiveConnectionCallID: call }, [
      ACTIVE('3001'),
      DIALED('3010'),
    ]);
    assert.equal(c.name, 'CONFERENCE_CALL_CONF');
    assert.equal(c.fixed.NumParties, 3);
    assert.deepEqual(f.stateAt('3010'), ['connected']);
    assert.ok(events.some((e) => e.type === 'ConferencedEvent'));
    assert.equal(
      f.send('CONFERENCE_CALL_REQ', { ActiveConnectionCallID: call }, [ACTIVE('3001')]).fixed.Status,
      CtiStatus.E_CTI_REQUIRED_DATA_MISSING,
    );
  });

  it('ALTERNATE_CALL_REQ swaps hold; RECONNECT_CALL_REQ drops the consultation and retrieves the caller', () => {
    const call = f.talking();
    const consult = f.send('CONSULTATION_CALL_REQ', { ActiveConnectionCallID: call }, [
      ACTIVE('3001'),
      DIALED('3010'),
    ]);
    const consultCall = consult.fixed.NewConnectionCallID as number;
    mustSucceed(f.model.answer(f.model.snapshotDevice('3010')[0]!.connection), '3010 answers');
    const swap = f.send(
      'ALTERNATE_CALL_REQ',
      { ActiveConnectionCallID: consultCall, OtherConnectionCallID: call },
      [ACTIVE('3001'), { name: 'OtherConnectionDeviceID', value: '3001' }],
    );
    assert.equal(swap.name, 'ALTERNATE_CALL_CONF');
    assert.deepEqual(f.stateAt('3001'), ['connected', 'hold'], 'the caller talks, the consultation waits');
    const back = f.send(
      'RECONNECT_CALL_REQ',
      { ActiveConnectionCallID: call, HeldConnectionCallID: consultCall },
      [ACTIVE('3001'), HELD('3001')],
    );
    assert.equal(back.name, 'RECONNECT_CALL_CONF');
    assert.deepEqual(
      [f.stateAt('3001'), f.stateAt('3009'), f.stateAt('3010')],
      [['connected'], [], ['connected']],
    );
  });

  it('DEFLECT_CALL_REQ redirects the ringing call: 3010 rings, agent 5001 is free again; a talking call → CF_INVALID_OBJECT_STATE', () => {
    f.ready('5001');
    f.customerCalls();
    const call = f.callAt('3001');
    const m = f.send('DEFLECT_CALL_REQ', { ConnectionCallID: call }, [
      CONN('3001'),
      { name: 'CalledDeviceID', value: '3010' },
    ]);
    assert.equal(m.name, 'DEFLECT_CALL_CONF');
    assert.deepEqual([f.stateAt('3001'), f.stateAt('3010')], [[], ['alerting']]);
    assert.equal(f.acd.agent('5001').state, 'AVAILABLE');
    assert.ok(events.some((e) => e.type === 'DivertedEvent'));
    mustSucceed(f.model.answer(f.model.snapshotDevice('3010')[0]!.connection), '3010 answers');
    assert.deepEqual(
      code(
        f.send('DEFLECT_CALL_REQ', { ConnectionCallID: call }, [
          CONN('3010'),
          { name: 'CalledDeviceID', value: '3002' },
        ]),
      ),
      ['CONTROL_FAILURE_CONF', CF.INVALID_OBJECT_STATE],
    );
  });

  it('SEND_DTMF_SIGNAL_REQ sends the digits on a talking call (DigitsGenerated); on a ringing one → CF_NO_ACTIVE_CALL', () => {
    const call = f.talking();
    const dtmf = (digits: string, device = '3001', id = call) =>
      f.send('SEND_DTMF_SIGNAL_REQ', { ConnectionCallID: id }, [
        CONN(device),
        { name: 'DTMFString', value: digits },
      ]);
    assert.equal(dtmf('12#').name, 'SEND_DTMF_SIGNAL_CONF');
    const sent = events.find((e) => e.type === 'DigitsGeneratedEvent');
    assert.equal(sent?.type === 'DigitsGeneratedEvent' ? sent.digitGeneratedList : undefined, '12#');
    assert.deepEqual(code(dtmf('12x')), ['CONTROL_FAILURE_CONF', CF.VALUE_OUT_OF_RANGE]);
    mustSucceed(f.model.makeCall('3002', '3010'), '3002 calls 3010');
    assert.deepEqual(code(dtmf('1', '3010', f.callAt('3010'))), ['CONTROL_FAILURE_CONF', CF.NO_ACTIVE_CALL]);
  });
});
