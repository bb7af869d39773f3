import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CtiSession } from '../cme/cti/cti-session.ts';
import { encodeCsta, encodeCstaError } from '../csta/csta-encode.ts';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import type { CstaEvent, CstaRequest } from '../csta/csta-types.ts';
import { CallControlTestLab, type TestPhone } from '../testing/call-control-test-lab.ts';
import { accepted, refusal, response } from '../testing/cti-test-lab.ts';
import { CallRecorder } from './call-recorder.ts';
import { ClusterDirectory } from './cluster-directory.ts';
import { type CucmClusterSpec, DEFAULT_SERVICE_PARAMETERS } from './cluster-spec.ts';
import { clusterStationConfig } from './cluster-station-config.ts';
import { CtiManager } from './cti-manager.ts';
import type { CtiGroup } from './cti-permissions.ts';
import { CucmCti } from './cucm-cti.ts';

// The gateway's own services without sockets (as cucm-cti.test.ts): silent monitoring with
// ECMA-269 Single Step Conference Call (CUCM-ACG-008) and recording with Record Message / Stop
// (ECMA-269 voice unit services, clause 26; CUCM-ACG-010), each behind its access control group
// on the user's controlled devices unless Allow Control of All Devices (CUCM-ACG-006, 007).
// Cisco Unified CM System Configuration Guide, "Access Control Group Configuration Options".

const ENABLED: CtiGroup = 'Standard CTI Enabled';
const ALL: CtiGroup = 'Standard CTI Allow Control of All Devices';
const MON: CtiGroup = 'Standard CTI Allow Call Monitoring';
const REC: CtiGroup = 'Standard CTI Allow Call Recording';
const AGENT = 'SEP0000000CA001';
const SUPERVISOR = 'SEP0000000CA003';

function spec(): CucmClusterSpec {
  const phone = (n: number) => ({
    name: `SEP0000000CA00${n}`,
    model: '7961',
    devicePool: 'DP1',
    lines: [{ dn: `100${n}` }],
  });
  const user = (id: string, groups: CtiGroup[], controlledDevices: string[]) => ({
    id,
    password: id,
    kind: 'end' as const,
    groups: [ENABLED, ...groups],
    controlledDevices,
  });
  return {
    name: 'cluster1',
    secure: false,
    cmGroups: { G1: ['cucm-pub'] },
    devicePools: { DP1: { cmGroup: 'G1' } },
    partitions: [],
    callingSearchSpaces: {},
    phones: [phone(1), phone(2), phone(3), phone(4), phone(5)],
    routePoints: [{ name: 'RP2000', devicePool: 'DP1', lines: [{ dn: '2000' }], maxCalls: 10 }],
    ctiPorts: [],
    users: [
      user('mona', [MON], [AGENT, SUPERVISOR, 'RP2000']),
      user('rick', [REC], [AGENT, SUPERVISOR]),
      user('ursula', [MON, REC, ALL], []),
      user('pat', [MON, REC], [SUPERVISOR]),
      user('plain', [], [AGENT, SUPERVISOR]),
    ],
    serviceParameters: DEFAULT_SERVICE_PARAMETERS,
  };
}

const TEL = (dn: string) => `tel:${dn};phone-context=dialstring`;
const PRIVILEGE = { operation: 'privilegeViolationSpecifiedDevice' };

class Lab {
  readonly directory = new ClusterDirectory(spec());
  readonly calls = new CallControlTestLab({ config: clusterStationConfig(this.directory) });
  readonly recorder = new CallRecorder(this.calls.clock, this.calls.model);
  readonly cti: CucmCti;
  readonly events: { session: number; event: CstaEvent }[] = [];
  readonly phones = new Map<string, TestPhone>();
  private nextId = 1;

  constructor() {
    const manager = new CtiManager(
      'cucm-pub',
      () => DEFAULT_SERVICE_PARAMETERS,
      () => {},
    );
    this.cti = new CucmCti(
      {
        name: 'cucm-imp',
        clock: this.calls.clock,
        observations: this.calls.observations,
        directory: this.directory,
        calls: this.calls.control,
        recorder: this.recorder,
        ctiManagers: [manager],
        isRegistered: (name) => this.calls.control.stations.has(name),
        canRehome: () => true,
        ctiDeviceOpenElsewhere: () => false,
        nextSessionId: () => this.nextId++,
      },
      { secure: false, newCallAcceptTimerS: () => 4 },
    );
    this.cti.onEvent((session, event) => this.events.push({ session: session.id, event }));
    for (const n of ['1', '2', '3', '4', '5'])
      this.phones.set(`100${n}`, this.calls.phone(`0000000CA00${n}`).register());
  }

  phone(dn: string): TestPhone {
    const p = this.phones.get(dn);
    assert.ok(p);
    return p;
  }

  open(user: string, line: string): CtiSession {
    return accepted(
      this.cti.openSession({
        user: `sip:${user}@cluster1`,
        authenticatedUser: user,
        line: `tel:${line}`,
        client: 'generic',
        namespace: CSTA_NAMESPACES.ed3,
      }),
    );
  }

  /** A customer (1004, or 1005 for a second call) calls `agent`, who answers: the call's id. */
  agentCall(agent: string, customer = '1004'): string {
    this.phone(customer).call(agent);
    this.phone(agent).offHook();
    assert.deepEqual(this.calls.states(agent), ['connected']);
    return this.calls.model.snapshotDevice(agent)[0]!.callID;
  }

  /** The answer must be one the TR/87 layer can send. */
  handle(session: CtiSession, request: CstaRequest) {
    const r = this.cti.handle(session, request);
    if (r.ok) encodeCsta(r.value, { namespace: CSTA_NAMESPACES.ed3 });
    else encodeCstaError(r.error, { namespace: CSTA_NAMESPACES.ed3 });
    return r;
  }

  monitorCall(
    session: CtiSession,
    agent: string,
    callID: string,
    joining = '1003',
    participation?: 'silent' | 'active' | 'none',
  ) {
    return this.handle(session, {
      type: 'SingleStepConferenceCall',
      activeCall: { callID, deviceID: `tel:${agent}` },
      deviceToJoin: `tel:${joining}`,
      ...(participation === undefined ? {} : { participationType: participation }),
    });
  }

  record(session: CtiSession, agent: string, callID?: string) {
    return this.handle(session, {
      type: 'RecordMessage',
      callToBeRecorded: { ...(callID === undefined ? {} : { callID }), deviceID: `tel:${agent}` },
    });
  }

  parties(callID: string): string[] {
    return this.calls.model
      .snapshotCall(callID)
      .endpoints.map((e) => `${e.connection.deviceID}${e.participation === 'silent' ? ':silent' : ''}`);
  }

  eventsOf(session: CtiSession): CstaEvent[] {
    return this.events.filter((e) => e.session === session.id).map((e) => e.event);
  }
}

// ------------------------------------------------------------------ silent monitoring

test('CUCM-ACG-008: a Call Monitoring user silently joins the supervisor phone to the agent call; monitors get ConferencedEvent', () => {
  const lab = new Lab();
  const mona = lab.open('mona', '1001');
  const id = response(
    lab.handle(mona, { type: 'MonitorStart', monitorObject: { deviceObject: 'tel:1001' } }),
    'MonitorStartResponse',
  ).monitorCrossRefID;
  const callID = lab.agentCall('1001');
  const r = response(
    lab.monitorCall(mona, '1001', callID, '1003', 'silent'),
    'SingleStepConferenceCallResponse',
  );
  assert.deepEqual(r.conferencedCall, { callID, deviceID: TEL('1003') });
  assert.deepEqual(lab.parties(callID), ['1004', '1001', '1003:silent']);
  const conferenced = lab.eventsOf(mona).find((e) => e.type === 'ConferencedEvent');
  assert.deepEqual(conferenced, {
    type: 'ConferencedEvent',
    monitorCrossRefID: id,
    primaryOldCall: { callID, deviceID: TEL('1001') },
    conferencingDevice: { deviceIdentifier: TEL('1001') },
    addedParty: { deviceIdentifier: TEL('1003') },
    conferenceConnections: ['1004', '1001', '1003'].map((d) => ({
      newConnection: { callID, deviceID: TEL(d) },
      oldConnection: { callID, deviceID: TEL(d) },
      endpoint: { deviceID: TEL(d) },
    })),
    localConnectionInfo: 'connected',
    cause: 'silentParticipation',
  });
  // The supervisor's phone shows the call connected (speaker on, no key pressed).
  assert.deepEqual(lab.phone('1003').views(), ['1003:connected']);
  // The customer hangs up: the monitoring ends with the call.
  lab.phone('1004').onHook();
  assert.deepEqual(lab.calls.states('1003'), []);
});

test('CUCM-ACG-008/006: no Call Monitoring group, or a device the user does not control: privilegeViolationSpecifiedDevice, call unchanged', () => {
  const lab = new Lab();
  const callID = lab.agentCall('1001');
  const cases: [string, string][] = [
    ['rick', '1001'], // controls the agent phone, not in Allow Call Monitoring
    ['plain', '1001'],
    ['pat', '1003'], // the group, but neither the agent phone nor Control of All Devices
  ];
  for (const [user, line] of cases) {
    const s = lab.open(user, line);
    const r = lab.monitorCall(s, '1001', callID, '1003', 'silent');
    assert.deepEqual(refusal(r), PRIVILEGE, user);
    assert.deepEqual(lab.parties(callID), ['1004', '1001'], user);
  }
  const mona = lab.open('mona', '1001');
  const other = lab.agentCall('1002', '1005');
  assert.deepEqual(refusal(lab.monitorCall(mona, '1002', other)), PRIVILEGE, 'mona does not control 1002');
  const reason = lab.monitorCall(mona, '1002', other, '1003', 'silent');
  assert.equal(!reason.ok && reason.reason, "SEP0000000CA002 is not among mona's controlled devices");
  const rick = lab.open('rick', '1001');
  const why = lab.monitorCall(rick, '1001', callID, '1003', 'silent');
  assert.equal(!why.ok && why.reason, 'rick is not in Standard CTI Allow Call Monitoring');
});

test('CUCM-ACG-007: Allow Control of All Devices lifts the controlled-devices condition of the monitoring role', () => {
  const lab = new Lab();
  const ursula = lab.open('ursula', '1003');
  const callID = lab.agentCall('1002');
  response(lab.monitorCall(ursula, '1002', callID, '1003', 'silent'), 'SingleStepConferenceCallResponse');
  assert.deepEqual(lab.parties(callID), ['1004', '1002', '1003:silent']);
});

test('silent monitoring: the joining phone must be controlled, idle, registered and a phone; bad ids and participation none refused', () => {
  const lab = new Lab();
  const mona = lab.open('mona', '1001');
  const callID = lab.agentCall('1001');
  // 1002 is not among mona's devices (she controls the agent and supervisor phones).
  assert.deepEqual(refusal(lab.monitorCall(mona, '1001', callID, '1002', 'silent')), PRIVILEGE);
  assert.deepEqual(refusal(lab.monitorCall(mona, '1001', callID, '2000', 'silent')), {
    operation: 'requestIncompatibleWithObject',
  });
  assert.deepEqual(refusal(lab.monitorCall(mona, '1001', callID, '9999', 'silent')), {
    operation: 'invalidDeviceID',
  });
  assert.deepEqual(refusal(lab.monitorCall(mona, '1001', 'C99', '1003', 'silent')), {
    operation: 'invalidConnectionID',
  });
  assert.deepEqual(refusal(lab.monitorCall(mona, '1001', callID, '1003', 'none')), {
    operation: 'invalidParticipationType',
  });
  assert.deepEqual(refusal(lab.monitorCall(mona, '1001', callID, '1001', 'silent')), {
    operation: 'notDifferentDevices',
  });
  lab.phone('1003').offHook(); // the supervisor is busy dialling
  assert.deepEqual(refusal(lab.monitorCall(mona, '1001', callID, '1003', 'silent')), {
    stateIncompatibility: 'invalidDeviceState',
  });
  lab.phone('1003').onHook();
  lab.phone('1003').unregister();
  assert.deepEqual(refusal(lab.monitorCall(mona, '1001', callID, '1003', 'silent')), {
    systemResourceAvailibility: 'deviceOutOfService',
  });
  assert.deepEqual(lab.parties(callID), ['1004', '1001']);
});

test('silent monitoring of a call that is not connected is refused invalidActiveConnectionState', () => {
  const lab = new Lab();
  const mona = lab.open('mona', '1001');
  lab.phone('1004').call('1001'); // ringing at the agent
  const callID = lab.calls.model.snapshotDevice('1001')[0]!.callID;
  assert.deepEqual(refusal(lab.monitorCall(mona, '1001', callID, '1003', 'silent')), {
    stateIncompatibility: 'invalidActiveConnectionState',
  });
});

test('participationType active (the default) is a conference join: control of the devices, no monitoring group needed', () => {
  const lab = new Lab();
  const plain = lab.open('plain', '1001');
  const callID = lab.agentCall('1001');
  response(lab.monitorCall(plain, '1001', callID, '1003'), 'SingleStepConferenceCallResponse');
  assert.deepEqual(lab.parties(callID), ['1004', '1001', '1003']);
  assert.equal(lab.calls.model.snapshotCall(callID).conference, true);
});

// ------------------------------------------------------------------ recording

test('CUCM-ACG-010: a Call Recording user records the agent call: message id, Record and Stop events, the recording list', () => {
  const lab = new Lab();
  const rick = lab.open('rick', '1001');
  const id = response(
    lab.handle(rick, { type: 'MonitorStart', monitorObject: { deviceObject: 'tel:1001' } }),
    'MonitorStartResponse',
  ).monitorCrossRefID;
  const callID = lab.agentCall('1001');
  lab.calls.clock.advance(5000);
  const startedAt = lab.calls.clock.now();
  const r = response(lab.record(rick, '1001'), 'RecordMessageResponse');
  assert.equal(r.resultingMessage, 'rec-1');
  const connection = { callID, deviceID: TEL('1001') };
  assert.deepEqual(
    lab.eventsOf(rick).filter((e) => e.type === 'RecordEvent'),
    [{ type: 'RecordEvent', monitorCrossRefID: id, connection, message: 'rec-1' }],
  );
  assert.deepEqual(lab.recorder.recordings(), [
    {
      id: 'rec-1',
      callID,
      dn: '1001',
      device: AGENT,
      user: 'rick',
      startedAt,
      stoppedAt: undefined,
      stoppedBy: undefined,
    },
  ]);
  // One recording per connection at a time.
  assert.deepEqual(refusal(lab.record(rick, '1001', callID)), {
    operation: 'requestIncompatibleWithConnection',
  });
  lab.calls.clock.advance(30_000);
  lab.phone('1004').onHook();
  assert.deepEqual(lab.recorder.recordings()[0]?.stoppedAt, startedAt + 30_000);
  assert.equal(lab.recorder.recordings()[0]?.stoppedBy, 'call-ended');
  assert.deepEqual(
    lab.eventsOf(rick).filter((e) => e.type === 'StopEvent'),
    [{ type: 'StopEvent', monitorCrossRefID: id, connection, message: 'rec-1', cause: 'normalClearing' }],
  );
});

test('CUCM-ACG-010/006: without Call Recording, or on a device not controlled, privilegeViolationSpecifiedDevice and nothing is recorded', () => {
  const lab = new Lab();
  lab.agentCall('1001');
  const cases: [string, string, string][] = [
    ['mona', '1001', 'mona is not in Standard CTI Allow Call Recording'],
    ['plain', '1001', 'plain is not in Standard CTI Allow Call Recording'],
    ['pat', '1003', "SEP0000000CA001 is not among pat's controlled devices"],
  ];
  for (const [user, line, reason] of cases) {
    const r = lab.record(lab.open(user, line), '1001');
    assert.deepEqual(refusal(r), PRIVILEGE, user);
    assert.equal(!r.ok && r.reason, reason);
  }
  lab.agentCall('1002', '1005');
  assert.deepEqual(refusal(lab.record(lab.open('rick', '1001'), '1002')), PRIVILEGE);
  assert.deepEqual(lab.recorder.recordings(), []);
});

test('CUCM-ACG-007: with Allow Control of All Devices the recording role works on any device', () => {
  const lab = new Lab();
  const callID = lab.agentCall('1002');
  response(lab.record(lab.open('ursula', '1003'), '1002', callID), 'RecordMessageResponse');
  assert.deepEqual(
    lab.recorder.recordings().map((r) => [r.dn, r.device, r.user]),
    [['1002', 'SEP0000000CA002', 'ursula']],
  );
});

test('RecordMessage: a call that is not connected, an unknown call or device, no call named', () => {
  const lab = new Lab();
  const rick = lab.open('rick', '1001');
  assert.deepEqual(refusal(lab.record(rick, '1001')), { operation: 'invalidConnectionID' });
  lab.phone('1004').call('1001');
  const callID = lab.calls.model.snapshotDevice('1001')[0]!.callID;
  assert.deepEqual(refusal(lab.record(rick, '1001', callID)), {
    stateIncompatibility: 'invalidConnectionState',
  });
  assert.deepEqual(refusal(lab.record(rick, '1001', 'C42')), { operation: 'invalidConnectionID' });
  assert.deepEqual(refusal(lab.record(rick, '9999')), { operation: 'invalidDeviceID' });
  // Without deviceID the connection is on the session's line (as the CME's services read it).
  lab.phone('1001').offHook();
  const r = lab.handle(rick, { type: 'RecordMessage', callToBeRecorded: { callID } });
  assert.equal(response(r, 'RecordMessageResponse').resultingMessage, 'rec-1');
  assert.deepEqual(lab.recorder.recordings().length, 1);
});

test('Stop ends a recording by its message id or its connection; the recording list keeps it with its stop time', () => {
  const lab = new Lab();
  const rick = lab.open('rick', '1001');
  lab.handle(rick, { type: 'MonitorStart', monitorObject: { deviceObject: 'tel:1001' } });
  const callID = lab.agentCall('1001');
  response(lab.record(rick, '1001', callID), 'RecordMessageResponse');
  lab.calls.clock.advance(2000);
  response(lab.handle(rick, { type: 'Stop', messageToBeStopped: 'rec-1' }), 'StopResponse');
  const [rec] = lab.recorder.recordings();
  assert.equal(rec?.stoppedBy, 'stop-requested');
  assert.equal(rec?.stoppedAt, (rec?.startedAt ?? 0) + 2000);
  const stop = lab.eventsOf(rick).find((e) => e.type === 'StopEvent');
  assert.deepEqual(
    stop && 'cause' in stop ? stop.cause : undefined,
    undefined,
    'no cause for a requested stop',
  );
  assert.deepEqual(refusal(lab.handle(rick, { type: 'Stop', messageToBeStopped: 'rec-1' })), {
    stateIncompatibility: 'incorrectMsgState',
  });
  response(lab.record(rick, '1001', callID), 'RecordMessageResponse');
  response(lab.handle(rick, { type: 'Stop', connection: { callID, deviceID: 'tel:1001' } }), 'StopResponse');
  assert.deepEqual(
    lab.recorder.recordings().map((r) => [r.id, r.stoppedBy]),
    [
      ['rec-1', 'stop-requested'],
      ['rec-2', 'stop-requested'],
    ],
  );
});

test('Stop: no parameter, an unknown message, a connection without recording, a mismatch, another user without the role', () => {
  const lab = new Lab();
  const rick = lab.open('rick', '1001');
  const callID = lab.agentCall('1001');
  assert.deepEqual(refusal(lab.handle(rick, { type: 'Stop' })), {
    operation: 'atLeastOneConditionalParameterNotProvided',
  });
  assert.deepEqual(refusal(lab.handle(rick, { type: 'Stop', messageToBeStopped: 'rec-9' })), {
    operation: 'invalidMsgID',
  });
  assert.deepEqual(
    refusal(lab.handle(rick, { type: 'Stop', connection: { callID, deviceID: 'tel:1001' } })),
    {
      operation: 'invalidConnectionID',
    },
  );
  response(lab.record(rick, '1001', callID), 'RecordMessageResponse');
  assert.deepEqual(
    refusal(
      lab.handle(rick, {
        type: 'Stop',
        connection: { callID: 'C77', deviceID: 'tel:1001' },
        messageToBeStopped: 'rec-1',
      }),
    ),
    { operation: 'invalidConnectionID' },
  );
  const mona = lab.open('mona', '1001');
  assert.deepEqual(refusal(lab.handle(mona, { type: 'Stop', messageToBeStopped: 'rec-1' })), PRIVILEGE);
  assert.equal(lab.recorder.recordings()[0]?.stoppedAt, undefined, 'still recording');
});

test('a recording stops when its device leaves the call by transfer too (the connection is gone)', () => {
  const lab = new Lab();
  const ursula = lab.open('ursula', '1001');
  const callID = lab.agentCall('1001');
  response(lab.record(ursula, '1001', callID), 'RecordMessageResponse');
  response(
    lab.handle(ursula, {
      type: 'SingleStepTransferCall',
      activeCall: { callID, deviceID: 'tel:1001' },
      transferredTo: 'tel:1002',
    }),
    'SingleStepTransferCallResponse',
  );
  assert.equal(lab.recorder.recordings()[0]?.stoppedBy, 'call-ended');
});

// ------------------------------------------------------------------ capability exchange

test('GetCSTAFeatures of the gateway lists singleStepConference, recordMsg, stop and the record / stopEvent events', () => {
  const lab = new Lab();
  const f = response(
    lab.handle(lab.open('mona', '1001'), { type: 'GetCSTAFeatures' }),
    'GetCSTAFeaturesResponse',
  );
  const names = (groups: typeof f.supportedServices, name: string) =>
    groups?.find((g) => g.name === name)?.features.map((x) => x.name);
  assert.ok(names(f.supportedServices, 'callControlServList')?.includes('singleStepConference'));
  assert.ok(names(f.supportedServices, 'callControlServList')?.includes('makeCall'), 'the CME services stay');
  assert.deepEqual(names(f.supportedServices, 'voiceServList'), ['recordMsg', 'stop']);
  assert.deepEqual(names(f.supportedEvents, 'voiceEvtsList'), ['record', 'stopEvent']);
});

test('a gateway built without a cluster recorder keeps its own, and lets go of it on dispose', () => {
  const lab = new Lab();
  const own = new CucmCti(
    {
      name: 'solo',
      clock: lab.calls.clock,
      observations: lab.calls.observations,
      directory: lab.directory,
      calls: lab.calls.control,
      ctiManagers: [
        new CtiManager(
          'cucm-pub',
          () => DEFAULT_SERVICE_PARAMETERS,
          () => {},
        ),
      ],
      isRegistered: () => true,
      canRehome: () => true,
      ctiDeviceOpenElsewhere: () => false,
      nextSessionId: () => 99,
    },
    { secure: false, newCallAcceptTimerS: () => 4 },
  );
  const s = accepted(
    own.openSession({
      user: 'sip:rick@c',
      authenticatedUser: 'rick',
      line: 'tel:1001',
      client: 'generic',
      namespace: CSTA_NAMESPACES.ed3,
    }),
  );
  lab.agentCall('1001');
  response(
    own.handle(s, { type: 'RecordMessage', callToBeRecorded: { deviceID: 'tel:1001' } }),
    'RecordMessageResponse',
  );
  assert.deepEqual(lab.recorder.recordings(), [], 'not the cluster recorder');
  own.dispose();
});
