import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CtiSession } from '../cme/cti/cti-session.ts';
import { CSTA_NAMESPACES } from '../csta/csta-namespaces.ts';
import type { CstaEvent, CstaRequest } from '../csta/csta-types.ts';
import type { XmlNode } from '../csta/xml-node.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { SccpPhone } from '../phone/phone.ts';
import { allCalls } from '../phone/phone-state.ts';
import { accepted, refusal, response } from '../testing/cti-test-lab.ts';
import { cucmLabTopology } from '../testing/cucm-lab-topology.ts';
import { CALLING_NUMBER_ELEMENT } from './calling-number.ts';
import { CucmCluster } from './cucm-cluster.ts';
import type { CucmCti } from './cucm-cti.ts';
import { labElement, labExtensions, labPrivateElements } from './lab-private-data.ts';

// labs/cucm-number-srtp.yaml on real sockets: SCCP phones 1001 and 1002 (encrypted), 1003
// (non-secure), 1004 (authenticated), the CTI gateway's service layer driven directly.
// CUCM-ACG-011: Standard CTI Allow Calling Number Modification; CUCM-ACG-012: Standard CTI Allow
// Reception of SRTP Key Material (Cisco Unified CM System Configuration Guide, "Access Control
// Group Configuration Options").

const clock = new ManualClock();
let cluster: CucmCluster;
let cti: CucmCti;
const phones = new Map<string, SccpPhone>();
const events: { session: number; event: CstaEvent }[] = [];
const sessions: CtiSession[] = [];

async function eventually(pred: () => boolean, what: string, seconds = 30): Promise<void> {
  for (let i = 0; i < seconds * 20; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 5));
    if (i % 20 === 19) clock.advance(1000);
  }
  assert.fail(`${what}: not within ${seconds} s`);
}

function open(user: string, line: string): CtiSession {
  const s = accepted(
    cti.openSession({
      user: `sip:${user}@cluster1`,
      authenticatedUser: user,
      line: `tel:${line}`,
      client: 'generic',
      namespace: CSTA_NAMESPACES.ed3,
    }),
  );
  sessions.push(s);
  return s;
}

function monitor(s: CtiSession, dn: string): void {
  response(
    cti.handle(s, { type: 'MonitorStart', monitorObject: { deviceObject: `tel:${dn}` } }),
    'MonitorStartResponse',
  );
}

const presenting = (number: string): XmlNode[] =>
  labExtensions([labElement(CALLING_NUMBER_ELEMENT, {}, number)]);

/** What the phone on `dn` shows as the caller of its (only) call. */
const shownCaller = (dn: string) => allCalls(phones.get(dn)!.state)[0]?.callInfo?.callingParty;
const ringing = (dn: string) => allCalls(phones.get(dn)!.state).some((c) => c.state === 'RingIn');
const idle = (dn: string) =>
  allCalls(phones.get(dn)!.state).every((c) => c.state === 'OnHook' || c.state === 'Idle');

function eventsOf(s: CtiSession, type: CstaEvent['type']): CstaEvent[] {
  return events.filter((e) => e.session === s.id && e.event.type === type).map((e) => e.event);
}

async function clearAll(): Promise<void> {
  const model = cluster.calls.model;
  for (const callID of model.callIds())
    for (const e of model.snapshotCall(callID).endpoints) model.clear(e.connection);
  await eventually(() => [...phones.keys()].every(idle), 'every phone idle');
  for (const s of sessions.splice(0)) cti.closeSession(s, 'test done');
  events.length = 0;
}

before(async () => {
  const t = await cucmLabTopology('cucm-number-srtp.yaml');
  cluster = new CucmCluster({
    cluster: t.cluster,
    servers: t.servers,
    gateways: t.gateways,
    ports: { 'cucm-pub': 0, 'cucm-imp': 0 },
    clock,
    log: () => {},
  });
  await cluster.start();
  cti = cluster.gateways.get('cucm-imp')!.cti;
  cti.onEvent((session, event) => events.push({ session: session.id, event }));
  const sccp = cluster.endpoints.nodes['cucm-pub']!.sccp!;
  for (const spec of t.cluster.phones) {
    const phone = new SccpPhone({ mac: spec.name.slice(3), model: spec.model, servers: [sccp], clock });
    phones.set(spec.lines[0]!.dn, phone);
    await phone.start();
  }
  await eventually(() => [...phones.values()].every((p) => p.state.registered), 'phones registered');
});

after(async () => {
  await Promise.allSettled([...phones.values()].map((p) => p.stop()));
  await cluster?.stop();
});

test('CUCM-ACG-011: MakeCall with a calling number: the called phone shows it, events carry it beside callingDevice', async () => {
  await clearAll();
  const ann = open('cnm-ann', '1001');
  monitor(ann, '1001');
  const watcher = open('cnm-all', '1002');
  monitor(watcher, '1002');
  const request: CstaRequest = {
    type: 'MakeCall',
    callingDevice: 'tel:1001',
    calledDirectoryNumber: 'tel:1002',
    extensions: presenting('+14085550100'),
  };
  response(cti.handle(ann, request), 'MakeCallResponse');
  await eventually(
    () => ringing('1002') && shownCaller('1002') === '+14085550100',
    '1002 rings showing the number',
  );
  const delivered = eventsOf(watcher, 'DeliveredEvent')[0] as Extract<CstaEvent, { type: 'DeliveredEvent' }>;
  assert.deepEqual(
    delivered.callingDevice,
    { deviceIdentifier: 'tel:1001;phone-context=dialstring' },
    'the calling line stays (JTAPI getCallingAddress)',
  );
  assert.deepEqual(labPrivateElements(delivered.extensions), [
    { name: 'callingNumber', attributes: {}, text: '+14085550100', children: [] },
  ]);
  // The caller's own phone is not told it is someone else.
  await eventually(() => shownCaller('1001') === '1001', '1001 shows itself as the caller');
  await clearAll();
});

test('CUCM-ACG-011: a user outside the group is refused and no call is placed; without the number it is served', async () => {
  await clearAll();
  const ben = open('cti-ben', '1001');
  const calls = cluster.calls.model.callIds().length;
  const r = cti.handle(ben, {
    type: 'MakeCall',
    callingDevice: 'tel:1001',
    calledDirectoryNumber: 'tel:1002',
    extensions: presenting('5550100'),
  });
  assert.deepEqual(refusal(r), { operation: 'privilegeViolationSpecifiedDevice' });
  assert.equal(cluster.calls.model.callIds().length, calls, 'no call placed');
  assert.equal(ringing('1002'), false);
  response(
    cti.handle(ben, { type: 'MakeCall', callingDevice: 'tel:1001', calledDirectoryNumber: 'tel:1002' }),
    'MakeCallResponse',
  );
  await eventually(() => ringing('1002') && shownCaller('1002') === '1001', '1002 rings showing 1001');
  await clearAll();
});

test('CUCM-ACG-011: a bad calling number is operation invalidParameterValue; the session keeps working', async () => {
  await clearAll();
  const ann = open('cnm-ann', '1001');
  for (const bad of ['12ab', '', '+', '1234567890123456789012345']) {
    const r = cti.handle(ann, {
      type: 'MakeCall',
      callingDevice: 'tel:1001',
      calledDirectoryNumber: 'tel:1002',
      extensions: presenting(bad),
    });
    assert.deepEqual(refusal(r), { operation: 'invalidParameterValue' }, bad);
  }
  assert.deepEqual(cluster.calls.model.callIds(), []);
  response(
    cti.handle(ann, {
      type: 'MakeCall',
      callingDevice: 'tel:1001',
      calledDirectoryNumber: 'tel:1002',
      extensions: presenting('*67#'),
    }),
    'MakeCallResponse',
  );
  await eventually(() => shownCaller('1002') === '*67#', '1002 shows *67#');
  await clearAll();
});

test('CUCM-ACG-011: DeflectCall and SingleStepTransferCall present the number to the new party', async () => {
  await clearAll();
  const ann = open('cnm-ann', '1001');
  monitor(ann, '1001');
  // 1003 calls 1001; ann redirects the ringing call to 1002 presenting 5550100.
  const p3 = phones.get('1003')!;
  p3.offHook();
  await eventually(() => allCalls(p3.state).length > 0, '1003 off hook');
  p3.dial('1001');
  await eventually(() => eventsOf(ann, 'DeliveredEvent').length > 0, 'ann sees the call');
  const delivered = eventsOf(ann, 'DeliveredEvent')[0] as Extract<CstaEvent, { type: 'DeliveredEvent' }>;
  response(
    cti.handle(ann, {
      type: 'DeflectCall',
      callToBeDiverted: delivered.connection,
      newDestination: 'tel:1002',
      extensions: presenting('5550100'),
    }),
    'DeflectCallResponse',
  );
  await eventually(() => ringing('1002') && shownCaller('1002') === '5550100', '1002 rings showing 5550100');
  await clearAll();

  // 1003 calls 1001, 1001 answers; ann transfers it to 1002 presenting +15550101.
  const again = open('cnm-ann', '1001');
  monitor(again, '1001');
  p3.offHook();
  await eventually(() => allCalls(p3.state).length > 0, '1003 off hook');
  p3.dial('1001');
  await eventually(() => ringing('1001'), '1001 rings');
  phones.get('1001')!.answer();
  await eventually(() => eventsOf(again, 'EstablishedEvent').length > 0, 'connected');
  const est = eventsOf(again, 'EstablishedEvent')[0] as Extract<CstaEvent, { type: 'EstablishedEvent' }>;
  response(
    cti.handle(again, {
      type: 'SingleStepTransferCall',
      activeCall: est.establishedConnection,
      transferredTo: 'tel:1002',
      extensions: presenting('+15550101'),
    }),
    'SingleStepTransferCallResponse',
  );
  await eventually(
    () => ringing('1002') && shownCaller('1002') === '+15550101',
    '1002 rings showing +15550101',
  );
  await clearAll();
});

test('CUCM-ACG-011: DeflectCall refused for a user outside the group: the call stays where it rings', async () => {
  await clearAll();
  const ben = open('cti-ben', '1001');
  monitor(ben, '1001');
  const p3 = phones.get('1003')!;
  p3.offHook();
  await eventually(() => allCalls(p3.state).length > 0, '1003 off hook');
  p3.dial('1001');
  await eventually(
    () => eventsOf(ben, 'DeliveredEvent').length > 0 && ringing('1001'),
    'ben sees the call ring',
  );
  const delivered = eventsOf(ben, 'DeliveredEvent')[0] as Extract<CstaEvent, { type: 'DeliveredEvent' }>;
  const r = cti.handle(ben, {
    type: 'DeflectCall',
    callToBeDiverted: delivered.connection,
    newDestination: 'tel:1002',
    extensions: presenting('5550100'),
  });
  assert.deepEqual(refusal(r), { operation: 'privilegeViolationSpecifiedDevice' });
  assert.deepEqual(
    cluster.calls.model.snapshotDevice('1001').map((i) => [i.callID, i.localConnectionState]),
    [[delivered.connection.callID, 'alerting']],
    'the call still alerts at 1001',
  );
  assert.deepEqual(cluster.calls.model.snapshotDevice('1002'), [], '1002 was never offered it');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(ringing('1001'), true);
  assert.equal(ringing('1002'), false);
  await clearAll();
});

/** 1001 calls `to` from its phone and `to` answers; the EstablishedEvent each session got. */
async function connect(to: string, watchers: CtiSession[]): Promise<void> {
  const p1 = phones.get('1001')!;
  p1.offHook();
  await eventually(() => allCalls(p1.state).length > 0, '1001 off hook');
  p1.dial(to);
  await eventually(() => ringing(to), `${to} rings`);
  phones.get(to)!.answer();
  await eventually(
    () => watchers.every((w) => eventsOf(w, 'EstablishedEvent').length > 0),
    'every watcher has the EstablishedEvent',
  );
}

const srtpOf = (e: CstaEvent | undefined) =>
  labPrivateElements((e as { extensions?: XmlNode[] } | undefined)?.extensions).filter(
    (x) => x.name === 'srtp',
  );

test('CUCM-ACG-012: an encrypted call: only the SRTP group gets the key material, the others the same event without it', async () => {
  await clearAll();
  const kim = open('srtp-kim', '1002');
  monitor(kim, '1002');
  const lee = open('cti-lee', '1002');
  monitor(lee, '1002');
  const all = open('srtp-all', '1001');
  monitor(all, '1002');
  await connect('1002', [kim, lee, all]);
  const callID = cluster.calls.model.callIds()[0]!;
  const material = cluster.srtp.of(callID);
  assert.ok(material, 'a call between two encrypted phones has key material');
  for (const s of [kim, all]) {
    const srtp = srtpOf(eventsOf(s, 'EstablishedEvent')[0]);
    assert.deepEqual(srtp, [
      {
        name: 'srtp',
        attributes: { suite: 'AES_CM_128_HMAC_SHA1_80', key: material.keySalt },
        text: '',
        children: [],
      },
    ]);
    assert.equal(Buffer.from(material.keySalt, 'base64').length, 30);
  }
  const withKey = eventsOf(kim, 'EstablishedEvent')[0] as Record<string, unknown>;
  const without = eventsOf(lee, 'EstablishedEvent')[0] as Record<string, unknown>;
  assert.equal('extensions' in without, false, 'cti-lee: no private data at all');
  const { extensions: _, monitorCrossRefID: a, ...rest } = withKey;
  const { monitorCrossRefID: b, ...restWithout } = without;
  assert.notEqual(a, b);
  assert.deepEqual(rest, restWithout, 'otherwise the same event');
  for (const s of [kim, lee, all])
    for (const type of ['DeliveredEvent', 'OriginatedEvent', 'ServiceInitiatedEvent'] as const)
      for (const e of eventsOf(s, type)) assert.deepEqual(srtpOf(e), [], `${type}: no keys`);
  await clearAll();
  assert.equal(cluster.srtp.size, 0, 'the material went with the call');
});

test('CUCM-ACG-012: calls with a non-secure or authenticated phone never carry key material', async () => {
  await clearAll();
  const all = open('srtp-all', '1001');
  monitor(all, '1001');
  monitor(all, '1003');
  monitor(all, '1004');
  for (const to of ['1003', '1004']) {
    events.length = 0;
    await connect(to, [all]);
    for (const e of eventsOf(all, 'EstablishedEvent')) assert.deepEqual(srtpOf(e), [], `call to ${to}`);
    assert.equal(cluster.srtp.size, 0);
    const model = cluster.calls.model;
    for (const callID of model.callIds())
      for (const e of model.snapshotCall(callID).endpoints) model.clear(e.connection);
    await eventually(() => [...phones.keys()].every(idle), 'idle');
  }
  await clearAll();
});
