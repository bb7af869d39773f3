import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CtiSession } from '../cme/cti/cti-session.ts';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import type { CstaEvent, CstaRequest } from '../csta/csta-types.ts';
import { CallControlTestLab, type TestPhone } from '../testing/call-control-test-lab.ts';
import { accepted, refusal, response } from '../testing/cti-test-lab.ts';
import type { CtiOpenSessionParams } from '../tr87/cti-backend.ts';
import { ClusterDirectory } from './cluster-directory.ts';
import { type CucmClusterSpec, DEFAULT_SERVICE_PARAMETERS } from './cluster-spec.ts';
import { clusterStationConfig } from './cluster-station-config.ts';
import { CtiManager } from './cti-manager.ts';
import type { CtiGroup } from './cti-permissions.ts';
import { CucmCti } from './cucm-cti.ts';

// CucmCti without sockets: a StationServer that is never started with its StationCallControl
// (simulators/testing/call-control-test-lab.ts), phones that are handler calls, a ManualClock, two
// CTIManagers. Rules: Cisco Unified CM System Configuration Guide (CUCM CTI guide) "Access Control Group
// Configuration Options", "CTI Route Points Overview", "CTI Redundancy"; CUCM-ACG-*, CUCM-RED-*.

const ENABLED: CtiGroup = 'Standard CTI Enabled';
const ALL: CtiGroup = 'Standard CTI Allow Control of All Devices';
const SECURE: CtiGroup = 'Standard CTI Secure Connection';

function spec(secure: boolean): CucmClusterSpec {
  return {
    name: 'cluster1',
    secure,
    cmGroups: { G1: ['cucm-sub1', 'cucm-pub'] },
    devicePools: { DP1: { cmGroup: 'G1' } },
    // CUCM-RP-005: 3000 is in P-Exec, 3001 in P-Internal; line 1004 is shared by SEP...CA004 (whose
    // line CSS lists P-Internal only) and SEP...CA005 (whose device CSS lists P-Exec too).
    partitions: ['P-Internal', 'P-Exec'],
    callingSearchSpaces: { 'CSS-Internal': ['P-Internal'], 'CSS-Exec': ['P-Internal', 'P-Exec'] },
    phones: [
      { name: 'SEP0000000CA001', model: '7961', devicePool: 'DP1', lines: [{ dn: '1001' }] },
      { name: 'SEP0000000CA002', model: '7961', devicePool: 'DP1', lines: [{ dn: '1002' }] },
      { name: 'SEP0000000CA003', model: '7961', devicePool: 'DP1', lines: [{ dn: '1003' }] },
      {
        name: 'SEP0000000CA004',
        model: '7961',
        devicePool: 'DP1',
        lines: [{ dn: '1004', css: 'CSS-Internal' }],
      },
      {
        name: 'SEP0000000CA005',
        model: '7961',
        devicePool: 'DP1',
        lines: [{ dn: '1004' }, { dn: '1005' }],
        css: 'CSS-Exec',
      },
      {
        name: 'SEP0000000CA006',
        model: '7961',
        devicePool: 'DP1',
        lines: [
          { dn: '3000', partition: 'P-Exec' },
          { dn: '3001', partition: 'P-Internal' },
        ],
      },
    ],
    routePoints: [
      {
        name: 'RP2000',
        devicePool: 'DP1',
        lines: [{ dn: '2000' }],
        maxCalls: 5000,
        forward: { noAnswer: '1003', onFailure: '1002' },
      },
      { name: 'RP2100', devicePool: 'DP1', lines: [{ dn: '2100' }], maxCalls: 5000 },
    ],
    ctiPorts: [],
    users: [
      { id: 'alice', password: 'a', kind: 'end', groups: [ENABLED], controlledDevices: ['SEP0000000CA001'] },
      { id: 'bob', password: 'b', kind: 'end', groups: [], controlledDevices: [] },
      { id: 'carol', password: 'c', kind: 'end', groups: [ENABLED, ALL], controlledDevices: [] },
      {
        id: 'dave',
        password: 'd',
        kind: 'end',
        groups: [ENABLED, SECURE],
        controlledDevices: ['SEP0000000CA001'],
      },
      { id: 'erin', password: 'e', kind: 'end', groups: [ENABLED], controlledDevices: ['SEP0000000CA004'] },
      {
        id: 'rp-app',
        password: 'r',
        kind: 'application',
        groups: [ENABLED],
        controlledDevices: ['RP2000', 'RP2100'],
      },
    ],
    serviceParameters: { ...DEFAULT_SERVICE_PARAMETERS, newCallAcceptTimerS: 4 },
  };
}

const MACS = {
  '1001': '0000000CA001',
  '1002': '0000000CA002',
  '1003': '0000000CA003',
  '1004': '0000000CA004',
} as const;

class Lab {
  readonly directory: ClusterDirectory;
  readonly calls: CallControlTestLab;
  readonly managers = [
    new CtiManager(
      'cucm-sub1',
      () => DEFAULT_SERVICE_PARAMETERS,
      () => {},
    ),
    new CtiManager(
      'cucm-pub',
      () => DEFAULT_SERVICE_PARAMETERS,
      () => {},
    ),
  ];
  readonly cti: CucmCti;
  readonly events: { session: number; event: CstaEvent }[] = [];
  readonly closed: { session: number; reason: string; eventsBefore: number }[] = [];
  readonly phones = new Map<string, TestPhone>();
  /** Observations of the gateway (topic and detail), in order. */
  readonly observed: { source: string; topic: string; detail: unknown }[] = [];
  private nextId = 1;
  /** Does a CallManager node of the phones' CM group listen (host.canRehome)? */
  nodeListening = true;
  /** Devices whose CM group has no node to re-home to even while `nodeListening`. */
  readonly noRehome = new Set<string>();

  constructor(secure = true) {
    this.directory = new ClusterDirectory(spec(secure));
    this.calls = new CallControlTestLab({ config: clusterStationConfig(this.directory) });
    // As cucm-cluster.ts does: a CTI device no application opened sends its calls to CFNA.
    for (const device of this.directory.ctiDevices)
      for (const dn of device.dns)
        if (device.forward.noAnswer !== undefined)
          this.calls.model.setForwarding(dn, {
            type: 'forwardImmediate',
            activate: true,
            destination: device.forward.noAnswer,
          });
    this.cti = new CucmCti(
      {
        name: 'cucm-imp',
        clock: this.calls.clock,
        observations: this.calls.observations,
        directory: this.directory,
        calls: this.calls.control,
        ctiManagers: this.managers,
        isRegistered: (name) => this.calls.control.stations.has(name),
        canRehome: (device) => this.nodeListening && !this.noRehome.has(device.name),
        ctiDeviceOpenElsewhere: (device, session) =>
          this.managers.some((m) => m.isOpenByAny(device, session.id)),
        nextSessionId: () => this.nextId++,
      },
      { secure, newCallAcceptTimerS: () => 4 },
    );
    this.calls.observations.subscribe((o) => {
      if (o.kind === 'state' && o.source === 'cucm-imp')
        this.observed.push({ source: o.source, topic: o.topic, detail: o.detail });
    });
    this.cti.onEvent((session, event) => this.events.push({ session: session.id, event }));
    this.cti.onSessionClosed((s, reason) =>
      this.closed.push({ session: s.id, reason, eventsBefore: this.events.length }),
    );
  }

  /** Register the phones of these DNs (handler calls, as station-server.ts makes them). */
  register(...dns: (keyof typeof MACS)[]): this {
    for (const dn of dns) {
      const p = this.calls.phone(MACS[dn]).register();
      this.phones.set(dn, p);
    }
    return this;
  }

  phone(dn: keyof typeof MACS): TestPhone {
    const p = this.phones.get(dn);
    assert.ok(p, `phone ${dn} registered`);
    return p;
  }

  params(user: string, line: string, extra: Partial<CtiOpenSessionParams> = {}): CtiOpenSessionParams {
    return {
      user: `sip:${user}@cluster1`,
      authenticatedUser: user,
      line,
      client: 'generic',
      namespace: CSTA_NAMESPACES.ed3,
      via: { transport: 'tcp', remote: '127.0.0.1:5555', sessionExpires: 1800, expires: 0 },
      ...extra,
    };
  }

  open(user: string, line: string, extra: Partial<CtiOpenSessionParams> = {}): CtiSession {
    return accepted(this.cti.openSession(this.params(user, line, extra)));
  }

  monitor(session: CtiSession, device: string): string {
    return response(
      this.cti.handle(session, { type: 'MonitorStart', monitorObject: { deviceObject: device } }),
      'MonitorStartResponse',
    ).monitorCrossRefID;
  }

  eventsOf(session: CtiSession): CstaEvent[] {
    return this.events.filter((e) => e.session === session.id).map((e) => e.event);
  }

  forwardImmediate(dn: string) {
    return this.calls.model.getForwarding(dn).find((f) => f.forwardingType === 'forwardImmediate');
  }
}

const PRIVILEGE = { operation: 'privilegeViolationSpecifiedDevice' };
const INVALID_DEVICE = { operation: 'invalidDeviceID' };
const DEVICE_OOS = { systemResourceAvailibility: 'deviceOutOfService' };
// Events name devices as `tel:` URIs with the dial-string context (csta/device-id.ts formatDeviceId).
const TEL_1001 = 'tel:1001;phone-context=dialstring';
const TEL_1002 = 'tel:1002;phone-context=dialstring';
const RESOURCE_OOS = { systemResourceAvailibility: 'resourceOutOfService' };

// ------------------------------------------------------------------ session set-up

test('openSession: a user the cluster does not know is refused privilegeViolationSpecifiedDevice', () => {
  const lab = new Lab().register('1001');
  const r = lab.cti.openSession(lab.params('zed', 'tel:1001'));
  assert.deepEqual(refusal(r), PRIVILEGE);
  assert.equal(!r.ok && r.reason, 'zed is not a user of the cluster');
  assert.deepEqual(lab.cti.sessions(), []);
});

test('CUCM-ACG-001: a user outside Standard CTI Enabled is refused', () => {
  const lab = new Lab().register('1001');
  const r = lab.cti.openSession(lab.params('bob', 'tel:1001'));
  assert.deepEqual(refusal(r), PRIVILEGE);
  assert.equal(!r.ok && r.reason, 'bob is not in Standard CTI Enabled');
});

test('CUCM-ACG-013: a Secure Connection user over TCP (or UDP) is refused; over TLS served', () => {
  const lab = new Lab(true).register('1001');
  const viaOf = (transport: string) => ({ transport, remote: 'x:1', sessionExpires: 1800, expires: 0 });
  const tcp = lab.cti.openSession(lab.params('dave', 'tel:1001', { via: viaOf('tcp') }));
  assert.deepEqual(refusal(tcp), PRIVILEGE);
  assert.equal(!tcp.ok && tcp.reason, 'dave is in Standard CTI Secure Connection: TLS only, not TCP');
  const udp = lab.cti.openSession(lab.params('dave', 'tel:1001', { via: viaOf('UDP') }));
  assert.equal(!udp.ok && udp.reason, 'dave is in Standard CTI Secure Connection: TLS only, not UDP');
  const none = lab.cti.openSession(lab.params('dave', 'tel:1001', { via: undefined }));
  assert.deepEqual(refusal(none), PRIVILEGE, 'no transport facts count as TCP');
  const tls = lab.open('dave', 'tel:1001', { via: viaOf('TLS') });
  assert.deepEqual(
    lab.cti.sessions().map((s) => [s.id, s.user, s.transport]),
    [[tls.id, 'dave', 'tls']],
  );
});

test('CUCM-ACG-014: a Secure Connection user on a cluster without security is refused even over TLS', () => {
  const lab = new Lab(false).register('1001');
  const r = lab.cti.openSession(
    lab.params('dave', 'tel:1001', {
      via: { transport: 'tls', remote: 'x:1', sessionExpires: 90, expires: 0 },
    }),
  );
  assert.deepEqual(refusal(r), PRIVILEGE);
  assert.equal(
    !r.ok && r.reason,
    'dave is in Standard CTI Secure Connection and the cluster has no security enabled',
  );
});

test('CUCM-ACG-004: a line on no device the user controls is refused; a line of no device invalidDeviceID', () => {
  const lab = new Lab().register('1001', '1002');
  const other = lab.cti.openSession(lab.params('alice', 'tel:1002'));
  assert.deepEqual(refusal(other), PRIVILEGE);
  assert.equal(!other.ok && other.reason, "SEP0000000CA002 is not among alice's controlled devices");
  assert.deepEqual(refusal(lab.cti.openSession(lab.params('alice', 'tel:9999'))), INVALID_DEVICE);
  assert.deepEqual(refusal(lab.cti.resolveLine('sip:9999@cluster1')), INVALID_DEVICE);
  assert.deepEqual(lab.cti.resolveLine('sip:1001@cluster1'), { ok: true, value: '1001' });
  const own = lab.open('alice', 'sip:1001@cluster1');
  assert.equal(own.dn, '1001');
});

test('a session whose namespace is not ECMA-323 is refused invalidParameterValue', () => {
  const lab = new Lab().register('1001');
  const r = lab.cti.openSession(lab.params('carol', 'tel:1001', { namespace: 'urn:x' as never }));
  assert.deepEqual(refusal(r), { operation: 'invalidParameterValue' });
});

test('CUCM-CFG-001 / RED-006: the session runs on the first CTIManager in service; none -> resourceOutOfService', () => {
  const lab = new Lab().register('1001');
  const [sub1, pub] = lab.managers;
  const first = lab.open('carol', 'tel:1001');
  assert.equal(lab.cti.managerOf(first)?.name, 'cucm-sub1');
  sub1?.setUp(false);
  const second = lab.open('carol', 'tel:1001');
  assert.equal(lab.cti.managerOf(second)?.name, 'cucm-pub');
  pub?.setUp(false);
  const r = lab.cti.openSession(lab.params('carol', 'tel:1001'));
  assert.deepEqual(refusal(r), RESOURCE_OOS);
  assert.equal(!r.ok && r.reason, 'no CTIManager of cucm-sub1, cucm-pub is in service');
  // A request on a session whose CTIManager is down is refused the same way.
  const answer = lab.cti.handle(second, { type: 'GetDoNotDisturb', device: 'tel:1001' });
  assert.deepEqual(refusal(answer), RESOURCE_OOS);
});

test('the authenticated user name wins over the From user (RFC 3261 §22.4: the Authorization username)', () => {
  const lab = new Lab().register('1001', '1002');
  // From says alice (who may not use 1002); the digest authenticated carol.
  const s = lab.open('carol', 'tel:1002', { user: 'sip:alice@cluster1', authenticatedUser: 'carol' });
  assert.equal(s.user, 'carol');
  // Without an authenticated user the From's user part is the user.
  const bobFrom = lab.cti.openSession(
    lab.params('x', 'tel:1001', { user: 'sip:bob@cluster1', authenticatedUser: undefined }),
  );
  assert.equal(!bobFrom.ok && bobFrom.reason, 'bob is not in Standard CTI Enabled');
  const bare = lab.open('x', 'tel:1001', { user: 'alice', authenticatedUser: undefined });
  assert.equal(bare.user, 'alice');
});

test('sessions get cluster ids and are listed with user, CTIManager and transport', () => {
  const lab = new Lab().register('1001');
  const a = lab.open('alice', 'tel:1001');
  const c = lab.open('carol', 'tel:1001');
  const m = lab.monitor(c, 'tel:1001');
  assert.deepEqual(lab.cti.sessions(), [
    { id: 1, user: 'alice', node: 'cucm-sub1', transport: 'tcp', monitors: [] },
    { id: 2, user: 'carol', node: 'cucm-sub1', transport: 'tcp', monitors: ['1001'] },
  ]);
  assert.equal(lab.cti.sessionId(a), 1);
  assert.ok(m);
});

// ------------------------------------------------------------------ requests

test('CUCM-ACG-004/005: MonitorStart on a controlled device is served, on another refused', () => {
  const lab = new Lab().register('1001', '1002');
  const alice = lab.open('alice', 'tel:1001');
  const id = lab.monitor(alice, 'tel:1001');
  assert.deepEqual(lab.managers[0]?.devicesOf(alice.id), ['SEP0000000CA001'], 'the phone is open on sub1');
  assert.deepEqual([...alice.monitors.entries()], [[id, '1001']]);
  const other = lab.cti.handle(alice, { type: 'MonitorStart', monitorObject: { deviceObject: 'tel:1002' } });
  assert.deepEqual(refusal(other), PRIVILEGE);
  assert.equal(!other.ok && other.reason, "SEP0000000CA002 is not among alice's controlled devices");
  // Allow Control of All Devices: carol monitors both.
  const carol = lab.open('carol', 'tel:1001');
  lab.monitor(carol, 'tel:1002');
  lab.monitor(carol, 'tel:1001');
  assert.deepEqual(lab.managers[0]?.devicesOf(carol.id), ['SEP0000000CA002', 'SEP0000000CA001']);
});

test('MonitorStart on a device that is no DN of the cluster is invalidDeviceID', () => {
  const lab = new Lab().register('1001');
  const carol = lab.open('carol', 'tel:1001');
  for (const device of ['tel:9999', 'sip:nobody@cluster1', '']) {
    const r = lab.cti.handle(carol, { type: 'MonitorStart', monitorObject: { deviceObject: device } });
    assert.deepEqual(refusal(r), INVALID_DEVICE, device);
  }
});

test('`tel:<dn>;device=<name>` must name a device carrying the DN (case-insensitive)', () => {
  const lab = new Lab().register('1001', '1002');
  const carol = lab.open('carol', 'tel:1001');
  const wrong = lab.cti.handle(carol, {
    type: 'MonitorStart',
    monitorObject: { deviceObject: 'tel:1001;device=SEP0000000CA002' },
  });
  assert.deepEqual(refusal(wrong), INVALID_DEVICE);
  const unknown = lab.cti.handle(carol, {
    type: 'MonitorStart',
    monitorObject: { deviceObject: 'tel:1001;device=SEPFFFFFFFFFFFF' },
  });
  assert.deepEqual(refusal(unknown), INVALID_DEVICE);
  lab.monitor(carol, 'tel:1001;device=sep0000000ca001');
  lab.monitor(carol, 'tel:1001;phone-context=dialstring;device=SEP0000000CA001');
});

test('CUCM-RED-003: an unregistered phone with no node of its CM group up cannot be opened: deviceOutOfService', () => {
  const lab = new Lab().register('1001');
  lab.nodeListening = false;
  const carol = lab.open('carol', 'tel:1001');
  const r = lab.cti.handle(carol, { type: 'MonitorStart', monitorObject: { deviceObject: 'tel:1002' } });
  assert.deepEqual(refusal(r), DEVICE_OOS);
  assert.equal(!r.ok && r.reason, '1002 is registered with no CallManager node');
  assert.deepEqual(lab.managers[0]?.devicesOf(carol.id), [], 'nothing was opened');
});

test('CUCM-RED-003/008: an unregistered phone that can re-home may be opened, not controlled', () => {
  const lab = new Lab().register('1001');
  const carol = lab.open('carol', 'tel:1001');
  lab.monitor(carol, 'tel:1002');
  assert.deepEqual(lab.managers[0]?.devicesOf(carol.id), ['SEP0000000CA002']);
  const dnd = lab.cti.handle(carol, { type: 'SetDoNotDisturb', device: 'tel:1002', doNotDisturbOn: true });
  assert.deepEqual(refusal(dnd), DEVICE_OOS);
  assert.equal(!dnd.ok && dnd.reason, '1002 is registered with no CallManager node');
});

test('a closed session is refused invalidCrossRefID; a non-object request invalidParameterValue', () => {
  const lab = new Lab().register('1001');
  const carol = lab.open('carol', 'tel:1001');
  assert.deepEqual(refusal(lab.cti.handle(carol, null as unknown as CstaRequest)), {
    operation: 'invalidParameterValue',
  });
  assert.equal(lab.cti.closeSession(carol, 'BYE'), true);
  assert.equal(lab.cti.closeSession(carol, 'BYE'), false, 'closing twice does nothing');
  assert.deepEqual(refusal(lab.cti.handle(carol, { type: 'GetCSTAFeatures' })), {
    operation: 'invalidCrossRefID',
  });
  assert.equal(lab.cti.refreshSession(carol), false);
});

test('MonitorStop closes the device on the CTIManager once no monitor of the session is on it', () => {
  const lab = new Lab().register('1001');
  const carol = lab.open('carol', 'tel:1001');
  const m1 = lab.monitor(carol, 'tel:1001');
  const m2 = lab.monitor(carol, 'tel:1001');
  response(lab.cti.handle(carol, { type: 'MonitorStop', monitorCrossRefID: m1 }), 'MonitorStopResponse');
  assert.deepEqual(lab.managers[0]?.devicesOf(carol.id), ['SEP0000000CA001'], 'm2 still watches 1001');
  response(lab.cti.handle(carol, { type: 'MonitorStop', monitorCrossRefID: m2 }), 'MonitorStopResponse');
  assert.deepEqual(lab.managers[0]?.devicesOf(carol.id), []);
});

// ------------------------------------------------------------------ route points

test('CTI route point: MonitorStart by its application puts it in service and lifts its forward to CFNA', () => {
  const lab = new Lab().register('1001', '1002', '1003');
  assert.equal(lab.calls.model.isInService('2000'), false);
  assert.deepEqual(lab.forwardImmediate('2000'), {
    forwardingType: 'forwardImmediate',
    forwardStatus: true,
    forwardDN: '1003',
  });
  const app = lab.open('rp-app', 'tel:2000');
  // Before it is open: controlling it is refused (not open by any application).
  const early = lab.cti.handle(app, { type: 'SetDoNotDisturb', device: 'tel:2000', doNotDisturbOn: false });
  assert.deepEqual(refusal(early), DEVICE_OOS);
  lab.monitor(app, 'tel:2000');
  assert.equal(lab.calls.model.isInService('2000'), true);
  assert.deepEqual(lab.forwardImmediate('2000'), {
    forwardingType: 'forwardImmediate',
    forwardStatus: false,
  });
  assert.deepEqual(lab.managers[0]?.devicesOf(app.id), ['RP2000']);
  // A call to 2000 is offered to the application.
  lab.phone('1001').call('2000');
  assert.deepEqual(lab.calls.states('2000'), ['alerting']);
  assert.ok(lab.eventsOf(app).some((e) => e.type === 'DeliveredEvent'));
});

test('CUCM-RED-013: the application fails with an answered call: CFOF takes it, later calls go to CFNA', () => {
  const lab = new Lab().register('1001', '1002', '1003');
  const app = lab.open('rp-app', 'tel:2000');
  lab.monitor(app, 'tel:2000');
  lab.phone('1001').call('2000');
  const delivered = lab.eventsOf(app).find((e) => e.type === 'DeliveredEvent') as
    | Extract<CstaEvent, { type: 'DeliveredEvent' }>
    | undefined;
  assert.ok(delivered);
  response(
    lab.cti.handle(app, { type: 'AnswerCall', callToBeAnswered: delivered.connection }),
    'AnswerCallResponse',
  );
  assert.deepEqual(lab.calls.states('2000'), ['connected']);
  assert.equal(lab.cti.closeSession(app, 'session expired'), true);
  // CUCM CTI guide "CTI Redundancy for Application Failure": the call goes to Call Forward on Failure.
  assert.deepEqual(lab.calls.states('2000'), []);
  assert.deepEqual(lab.calls.states('1002'), ['alerting']);
  assert.equal(lab.calls.model.isInService('2000'), false);
  assert.deepEqual(lab.forwardImmediate('2000'), {
    forwardingType: 'forwardImmediate',
    forwardStatus: true,
    forwardDN: '1003',
  });
  assert.deepEqual(lab.managers[0]?.devicesOf(app.id), []);
  assert.deepEqual(lab.closed, [
    { session: app.id, reason: 'session expired', eventsBefore: lab.events.length },
  ]);
});

test('CUCM-RED-013: an alerting call at the failed application is deflected to CFOF', () => {
  const lab = new Lab().register('1001', '1002', '1003');
  const app = lab.open('rp-app', 'tel:2000');
  lab.monitor(app, 'tel:2000');
  lab.phone('1001').call('2000');
  assert.deepEqual(lab.calls.states('2000'), ['alerting']);
  lab.cti.closeSession(app, 'BYE');
  assert.deepEqual(lab.calls.states('2000'), []);
  assert.deepEqual(lab.calls.states('1002'), ['alerting']);
});

test('a route point another application still has open stays in service when one application fails', () => {
  const lab = new Lab().register('1001', '1002', '1003');
  const a = lab.open('rp-app', 'tel:2000');
  const b = lab.open('rp-app', 'tel:2000');
  lab.monitor(a, 'tel:2000');
  lab.monitor(b, 'tel:2000');
  lab.cti.closeSession(a, 'BYE');
  assert.equal(lab.calls.model.isInService('2000'), true);
  assert.deepEqual(lab.forwardImmediate('2000'), {
    forwardingType: 'forwardImmediate',
    forwardStatus: false,
  });
  lab.cti.closeSession(b, 'BYE');
  assert.equal(lab.calls.model.isInService('2000'), false);
});

test('New Call Accept Timer: a route point without CFNA withdraws an unanswered offer after the timer', () => {
  const lab = new Lab().register('1001');
  const app = lab.open('rp-app', 'tel:2100');
  lab.monitor(app, 'tel:2100');
  lab.phone('1001').call('2100');
  assert.deepEqual(lab.calls.states('2100'), ['alerting']);
  lab.calls.clock.advance(3999);
  assert.deepEqual(lab.calls.states('2100'), ['alerting'], 'not before the 4 s timer');
  lab.calls.clock.advance(1);
  assert.deepEqual(
    lab.calls.states('2100'),
    [],
    'Cisco JTAPI Developer Guide and CUCM CTI documents: the caller gets fast busy',
  );
});

// ------------------------------------------------------------------ CTIManager failure, device service

test('CUCM-RED-005: managerFailed sends OutOfServiceEvent per monitor, then closes the session', () => {
  const lab = new Lab().register('1001', '1002');
  const carol = lab.open('carol', 'tel:1001');
  const m1 = lab.monitor(carol, 'tel:1001');
  const m2 = lab.monitor(carol, 'tel:1002');
  const [sub1, pub] = lab.managers;
  assert.ok(sub1 && pub);
  const onPub = (() => {
    sub1.setUp(false);
    const s = lab.open('alice', 'tel:1001');
    sub1.setUp(true);
    return s;
  })();
  lab.monitor(onPub, 'tel:1001');
  const before = lab.events.length;
  lab.cti.managerFailed(sub1);
  assert.deepEqual(
    lab.events.slice(before),
    [
      {
        session: carol.id,
        event: { type: 'OutOfServiceEvent', monitorCrossRefID: m1, device: { deviceIdentifier: TEL_1001 } },
      },
      {
        session: carol.id,
        event: { type: 'OutOfServiceEvent', monitorCrossRefID: m2, device: { deviceIdentifier: TEL_1002 } },
      },
    ],
    'only the sessions of the failed CTIManager are told',
  );
  assert.deepEqual(lab.closed, [
    { session: carol.id, reason: 'CTIManager cucm-sub1 failed', eventsBefore: before + 2 },
  ]);
  assert.equal(carol.open, false);
  assert.deepEqual(
    lab.cti.sessions().map((s) => [s.user, s.node]),
    [['alice', 'cucm-pub']],
  );
});

test('CUCM-RED-002/003: deviceService tells every monitor of the device lines Out of / Back in service', () => {
  const lab = new Lab().register('1001');
  const carol = lab.open('carol', 'tel:1001');
  const alice = lab.open('alice', 'tel:1001');
  const mc = lab.monitor(carol, 'tel:1001');
  const ma = lab.monitor(alice, 'tel:1001');
  const phone = lab.directory.device('SEP0000000CA001');
  assert.ok(phone);
  const before = lab.events.length;
  lab.cti.deviceService(phone, false);
  lab.cti.deviceService(phone, true);
  const dev = { deviceIdentifier: TEL_1001 };
  assert.deepEqual(lab.events.slice(before), [
    { session: carol.id, event: { type: 'OutOfServiceEvent', monitorCrossRefID: mc, device: dev } },
    { session: alice.id, event: { type: 'OutOfServiceEvent', monitorCrossRefID: ma, device: dev } },
    { session: carol.id, event: { type: 'BackInServiceEvent', monitorCrossRefID: mc, device: dev } },
    { session: alice.id, event: { type: 'BackInServiceEvent', monitorCrossRefID: ma, device: dev } },
  ]);
  const rp = lab.directory.device('RP2000');
  assert.ok(rp);
  lab.cti.deviceService(rp, false);
  assert.equal(lab.events.length, before + 4, 'a device nobody monitors: no event');
});

test('dispose closes every session and stops listening to the call model', () => {
  const lab = new Lab().register('1001', '1002');
  const carol = lab.open('carol', 'tel:1001');
  lab.monitor(carol, 'tel:1001');
  lab.cti.dispose();
  assert.deepEqual(lab.cti.sessions(), []);
  assert.deepEqual(
    lab.closed.map((c) => c.reason),
    ['CTI gateway stopped'],
  );
  const before = lab.events.length;
  lab.phone('1002').call('1001');
  assert.equal(lab.events.length, before);
});

// ------------------------------------------------------------------ CUCM-RP-005: redirect routing

test('CUCM-RP-005: DeflectCall is routed with the line CSS, then the device CSS; an unlisted partition is invalidDestination', () => {
  const lab = new Lab().register('1001', '1004');
  const carol = lab.open('carol', 'tel:1001');
  const deflect = (deviceID: string, newDestination: string) =>
    lab.cti.handle(carol, {
      type: 'DeflectCall',
      callToBeDiverted: { callID: '7', deviceID },
      newDestination,
    });
  // SEP...CA004's line CSS lists P-Internal only: 3000 (P-Exec) is refused before the service runs.
  const viaCa004 = deflect('tel:1004;device=SEP0000000CA004', 'tel:3000');
  assert.deepEqual(refusal(viaCa004), { operation: 'invalidDestination' });
  assert.equal(
    !viaCa004.ok && viaCa004.reason,
    '3000 is in partition P-Exec, which the calling search spaces of 1004 do not list',
  );
  // The same line on SEP...CA005 (device CSS lists P-Exec), or the line without a device named
  // (some device of it reaches 3000): routing lets it through, and the service looks for call 7.
  for (const from of ['tel:1004;device=sep0000000ca005', 'tel:1004']) {
    const through = deflect(from, 'tel:3000');
    assert.notDeepEqual(refusal(through), { operation: 'invalidDestination' }, from);
  }
  // A destination in P-Internal (the line CSS) or in no partition is reached from CA004.
  assert.notDeepEqual(refusal(deflect('tel:1004;device=SEP0000000CA004', 'tel:3001')), {
    operation: 'invalidDestination',
  });
  assert.notDeepEqual(refusal(deflect('tel:1004;device=SEP0000000CA004', 'tel:1003')), {
    operation: 'invalidDestination',
  });
  // A redirecting device that is no DN of the cluster is the service's invalidDeviceID, not routing's.
  assert.deepEqual(refusal(deflect('tel:9999', 'tel:3000')), INVALID_DEVICE);
  // An undialable destination is the service's refusal.
  const undialable = deflect('tel:1004;device=SEP0000000CA004', 'sip:@');
  assert.deepEqual(refusal(undialable), { operation: 'invalidDestination' });
  assert.equal(!undialable.ok && undialable.reason, 'sip:@ is not a dialable destination');
});

test('CUCM-RP-005: a DeflectCall routing allows is carried out; other requests are not routed', () => {
  const lab = new Lab().register('1001', '1002', '1003');
  const app = lab.open('rp-app', 'tel:2000');
  lab.monitor(app, 'tel:2000');
  lab.phone('1001').call('2000');
  const delivered = lab.eventsOf(app).find((e) => e.type === 'DeliveredEvent') as
    | Extract<CstaEvent, { type: 'DeliveredEvent' }>
    | undefined;
  assert.ok(delivered);
  response(
    lab.cti.handle(app, {
      type: 'DeflectCall',
      callToBeDiverted: delivered.connection,
      newDestination: 'tel:1003',
    }),
    'DeflectCallResponse',
  );
  assert.deepEqual(lab.calls.states('2000'), []);
  assert.deepEqual(lab.calls.states('1003'), ['alerting']);
  // A request that is no DeflectCall has no callToBeDiverted and is served as it is.
  response(lab.cti.handle(app, { type: 'GetCSTAFeatures' }), 'GetCSTAFeaturesResponse');
});

// ------------------------------------------------------------------ shared lines (CUCM-ACG-004/005)

test('CUCM-ACG-004/005: on a shared line only the devices the user controls are opened; one is enough to open the line', () => {
  const lab = new Lab().register('1004');
  // erin controls SEP...CA004, not SEP...CA005, which shares 1004.
  const erin = lab.open('erin', 'tel:1004;device=SEP0000000CA004');
  assert.equal(erin.dn, '1004');
  lab.monitor(erin, 'tel:1004');
  assert.deepEqual(lab.managers[0]?.devicesOf(erin.id), ['SEP0000000CA004']);
  // CUCM-RED-003: the registered device of the line is enough to control it.
  response(
    lab.cti.handle(erin, { type: 'SetDoNotDisturb', device: 'tel:1004', doNotDisturbOn: true }),
    'SetDoNotDisturbResponse',
  );
});

test('MonitorStop keeps a device open while a monitor of another of its lines remains', () => {
  const lab = new Lab().register('1004');
  const carol = lab.open('carol', 'tel:1004');
  lab.monitor(carol, 'tel:1004');
  const m1005 = lab.monitor(carol, 'tel:1005');
  assert.deepEqual(lab.managers[0]?.devicesOf(carol.id), ['SEP0000000CA004', 'SEP0000000CA005']);
  response(lab.cti.handle(carol, { type: 'MonitorStop', monitorCrossRefID: m1005 }), 'MonitorStopResponse');
  assert.deepEqual(
    lab.managers[0]?.devicesOf(carol.id),
    ['SEP0000000CA004', 'SEP0000000CA005'],
    'SEP...CA005 still carries the monitored 1004',
  );
});

test('CUCM-RED-008: opening an unregistered phone that can re-home does not put its line in service', () => {
  const lab = new Lab().register('1001');
  const carol = lab.open('carol', 'tel:1001');
  lab.monitor(carol, 'tel:1002');
  assert.equal(lab.calls.model.isInService('1002'), false);
  assert.equal(lab.calls.model.isInService('1003'), false, 'as any unregistered phone');
});

test('device ids: a non-string is invalidDeviceID; `;device=` is read with spaces trimmed', () => {
  const lab = new Lab().register('1001', '1002');
  const carol = lab.open('carol', 'tel:1001');
  const number = lab.cti.handle(carol, {
    type: 'MonitorStart',
    monitorObject: { deviceObject: 1001 as unknown as string },
  });
  assert.deepEqual(refusal(number), INVALID_DEVICE);
  assert.deepEqual(refusal(lab.cti.resolveLine('tel:1001; device=SEP0000000CA002')), INVALID_DEVICE);
  assert.deepEqual(lab.cti.resolveLine('tel:1001;device= SEP0000000CA001;phone-context=dialstring'), {
    ok: true,
    value: '1001',
  });
});

test('the user of a From without authentication is the part before @ at its start', () => {
  const lab = new Lab().register('1001');
  const bare = lab.open('x', 'tel:1001', { user: 'carol@cluster1', authenticatedUser: undefined });
  assert.equal(bare.user, 'carol');
  const odd = lab.cti.openSession(
    lab.params('x', 'tel:1001', { user: ';carol@cluster1', authenticatedUser: undefined }),
  );
  assert.equal(!odd.ok && odd.reason, ';carol@cluster1 is not a user of the cluster');
});

test('a session is served with the generic client; a string is no CSTA request', () => {
  const lab = new Lab().register('1001');
  const carol = lab.open('carol', 'tel:1001');
  assert.equal(carol.client, 'generic');
  const r = lab.cti.handle(carol, 'MonitorStart' as unknown as CstaRequest);
  assert.deepEqual(refusal(r), { operation: 'invalidParameterValue' });
  assert.equal(!r.ok && r.reason, 'the request is not a CSTA message');
});

test('a session this gateway did not open is unknown to it: not refreshed, closed, handled or placed', () => {
  const lab = new Lab().register('1001');
  const other = new Lab().register('1001');
  const foreign = other.open('carol', 'tel:1001');
  lab.open('carol', 'tel:1001'); // the same id 1 here
  assert.equal(lab.cti.refreshSession(foreign), false);
  assert.equal(lab.cti.closeSession(foreign, 'BYE'), false);
  assert.deepEqual(refusal(lab.cti.handle(foreign, { type: 'GetCSTAFeatures' })), {
    operation: 'invalidCrossRefID',
  });
  assert.equal(lab.cti.managerOf(foreign), undefined);
  assert.equal(foreign.open, true);
});

test('refreshSession records the refresh time and the new session timer', () => {
  const lab = new Lab().register('1001');
  const carol = lab.open('carol', 'tel:1001');
  const timer = carol.timer;
  lab.calls.clock.advance(5000);
  assert.equal(lab.cti.refreshSession(carol), true);
  assert.equal(carol.refreshed, lab.calls.clock.now());
  assert.equal(carol.timer, timer, 'no timer given: the one there stays');
  const next = { sessionExpires: 90, refresher: 'uac' } as unknown as NonNullable<typeof carol.timer>;
  assert.equal(lab.cti.refreshSession(carol, next), true);
  assert.equal(carol.timer, next);
});

test('sessions opening and closing are observed with user, CTIManager node, transport and reason', () => {
  const lab = new Lab().register('1001');
  const carol = lab.open('carol', 'tel:1001');
  lab.cti.closeSession(carol, 'BYE');
  assert.deepEqual(lab.observed, [
    {
      source: 'cucm-imp',
      topic: 'cti-session',
      detail: { state: 'opened', id: carol.id, user: 'carol', node: 'cucm-sub1', transport: 'tcp' },
    },
    {
      source: 'cucm-imp',
      topic: 'cti-session',
      detail: { state: 'closed', id: carol.id, user: 'carol', reason: 'BYE' },
    },
  ]);
});

test('a listener that throws is observed as an error; the other listeners still get the event', () => {
  const lab = new Lab().register('1001', '1002');
  const carol = lab.open('carol', 'tel:1001');
  lab.cti.onEvent(() => {
    throw new Error('boom');
  });
  const seen: string[] = [];
  lab.cti.onEvent((_s, e) => seen.push(e.type));
  const phone = lab.directory.device('SEP0000000CA001');
  assert.ok(phone);
  lab.monitor(carol, 'tel:1001');
  lab.cti.deviceService(phone, false);
  assert.deepEqual(seen, ['OutOfServiceEvent']);
  assert.deepEqual(lab.observed.at(-1), {
    source: 'cucm-imp',
    topic: 'error',
    detail: { where: 'cti event OutOfServiceEvent', error: 'Error: boom' },
  });
});

// ------------------------------------------------------------------ application failure, accept timer

test('CUCM-RED-013: a session that monitored a phone ends: the phone line stays in service', () => {
  const lab = new Lab().register('1001', '1002');
  const carol = lab.open('carol', 'tel:1001');
  lab.monitor(carol, 'tel:1001');
  lab.cti.closeSession(carol, 'BYE');
  assert.equal(lab.calls.model.isInService('1001'), true);
  lab.phone('1002').call('1001');
  assert.deepEqual(lab.calls.states('1001'), ['alerting']);
});

test('CUCM-RED-014: a route point without CFNA that fails gets no forward to set', () => {
  const lab = new Lab().register('1001');
  const app = lab.open('rp-app', 'tel:2100');
  lab.monitor(app, 'tel:2100');
  lab.cti.closeSession(app, 'BYE');
  assert.equal(lab.calls.model.isInService('2100'), false);
  assert.deepEqual(lab.forwardImmediate('2100'), {
    forwardingType: 'forwardImmediate',
    forwardStatus: false,
  });
});

test('CUCM-RP-011: the New Call Accept Timer runs per call, only at route points, and spares answered calls', () => {
  const lab = new Lab().register('1001', '1002', '1003', '1004');
  const app = lab.open('rp-app', 'tel:2100');
  lab.monitor(app, 'tel:2100');
  lab.phone('1001').call('2100');
  lab.calls.clock.advance(1000);
  lab.phone('1002').call('2100');
  const offered = lab
    .eventsOf(app)
    .filter((e): e is Extract<CstaEvent, { type: 'DeliveredEvent' }> => e.type === 'DeliveredEvent');
  assert.equal(offered.length, 2);
  const [first, second] = offered;
  assert.ok(first && second);
  response(
    lab.cti.handle(app, { type: 'AnswerCall', callToBeAnswered: first.connection }),
    'AnswerCallResponse',
  );
  lab.calls.clock.advance(3000); // t = 4 s: the first call's timer: it was answered
  assert.deepEqual(lab.calls.states('2100').sort(), ['alerting', 'connected']);
  lab.calls.clock.advance(1000); // t = 5 s: the second call's timer
  assert.deepEqual(lab.calls.states('2100'), ['connected']);
  // A phone is no route point: an offer to it rings past the timer, and its monitor sees it.
  const carol = lab.open('carol', 'tel:1003');
  lab.monitor(carol, 'tel:1003');
  lab.phone('1004').call('1003');
  lab.calls.clock.advance(5000);
  assert.deepEqual(lab.calls.states('1003'), ['alerting']);
  assert.ok(lab.eventsOf(carol).some((e) => e.type === 'DeliveredEvent'));
});

test('GetCSTAFeatures: the gateway is no basic-mode CME: DigitsGenerated is among the events it reports', () => {
  const lab = new Lab().register('1001');
  const carol = lab.open('carol', 'tel:1001');
  const features = response(lab.cti.handle(carol, { type: 'GetCSTAFeatures' }), 'GetCSTAFeaturesResponse');
  const associated = features.supportedEvents?.find((g) => g.name === 'callAssociatedEvtsList');
  assert.deepEqual(associated?.features, [{ name: 'digitsGenerated', supported: true }]);
});

test('a route point is registered by a MonitorStart only: other requests leave an out-of-service route point so', () => {
  const lab = new Lab().register('1001');
  const app = lab.open('rp-app', 'tel:2100');
  lab.monitor(app, 'tel:2100');
  assert.equal(lab.calls.model.isInService('2100'), true);
  lab.calls.model.setInService('2100', false); // as a failover does
  response(lab.cti.handle(app, { type: 'GetCSTAFeatures' }), 'GetCSTAFeaturesResponse');
  refusal(lab.cti.handle(app, { type: 'SetDoNotDisturb', device: 'tel:1001', doNotDisturbOn: true }));
  assert.equal(lab.calls.model.isInService('2100'), false);
  lab.monitor(app, 'tel:2100');
  assert.equal(lab.calls.model.isInService('2100'), true);
});

test('CUCM-RED-008: a shared line is opened while one of its unregistered devices can re-home', () => {
  const lab = new Lab();
  lab.noRehome.add('SEP0000000CA004');
  const carol = lab.open('carol', 'tel:1004');
  lab.monitor(carol, 'tel:1004');
  lab.noRehome.add('SEP0000000CA005');
  const r = lab.cti.handle(carol, { type: 'MonitorStart', monitorObject: { deviceObject: 'tel:1004' } });
  assert.deepEqual(refusal(r), DEVICE_OOS);
});

test('the gateway cannot prompt a user: a prompted MakeCall is refused requestIncompatibleWithCallingDevice', () => {
  const lab = new Lab().register('1001');
  const carol = lab.open('carol', 'tel:1001');
  const r = lab.cti.handle(carol, {
    type: 'MakeCall',
    callingDevice: 'tel:1001',
    calledDirectoryNumber: 'tel:1002',
    autoOriginate: 'prompt',
  });
  assert.deepEqual(refusal(r), { operation: 'requestIncompatibleWithCallingDevice' });
  assert.equal(!r.ok && r.reason, 'prompted MakeCall is not available to this client or phone model');
  assert.deepEqual(lab.calls.states('1001'), []);
});

test('CUCM-RP-011: a route point with CFNA is not withdrawn by the accept timer: the call goes to CFNA', () => {
  const lab = new Lab().register('1001', '1003');
  const app = lab.open('rp-app', 'tel:2000');
  lab.monitor(app, 'tel:2000');
  lab.phone('1001').call('2000');
  lab.calls.clock.advance(4000);
  assert.deepEqual(lab.calls.states('2000'), []);
  assert.deepEqual(lab.calls.states('1003'), ['alerting']);
});

test('CUCM-RP-011: each offered call has its own New Call Accept Timer', () => {
  const lab = new Lab().register('1001', '1002');
  const app = lab.open('rp-app', 'tel:2100');
  lab.monitor(app, 'tel:2100');
  lab.phone('1001').call('2100');
  lab.calls.clock.advance(1000);
  lab.phone('1002').call('2100');
  lab.calls.clock.advance(3000); // t = 4 s: the first offer is withdrawn, the second still rings
  assert.deepEqual(lab.calls.states('2100'), ['alerting']);
  lab.calls.clock.advance(1000);
  assert.deepEqual(lab.calls.states('2100'), []);
});

test('a listener that unsubscribed gets no more events or session closings', () => {
  const lab = new Lab().register('1001');
  const carol = lab.open('carol', 'tel:1001');
  lab.monitor(carol, 'tel:1001');
  const events: string[] = [];
  const closings: string[] = [];
  const offEvent = lab.cti.onEvent((_s, e) => events.push(e.type));
  const offClosed = lab.cti.onSessionClosed((_s, reason) => closings.push(reason));
  offEvent();
  offClosed();
  const phone = lab.directory.device('SEP0000000CA001');
  assert.ok(phone);
  lab.cti.deviceService(phone, false);
  lab.cti.closeSession(carol, 'BYE');
  assert.deepEqual(events, []);
  assert.deepEqual(closings, []);
});
