// The dashboard's view of an ACD lab (labs/acd-duplex.yaml) on real sockets, ephemeral ports: the
// agents and their states, the skill group's queue, both CTI Server sides with their CTI clients,
// and the alarm when the active side dies. The runtime's part (runtime/live-state-of.ts `acdPart`)
// is what `RunningLab.parts()` and `ctilab serve acd --dashboard` hand over.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AcdLab } from '../acd-cti/acd-lab.ts';
import { CtiServerClient } from '../cti-server/client/cti-server-client.ts';
import { ServiceMask } from '../cti-server/wire.ts';
import { AlarmLog } from '../dashboard/dashboard-alarms.ts';
import type { DashboardSource } from '../dashboard/dashboard-source.ts';
import { dashboardView } from '../dashboard/dashboard-view.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { SccpPhone } from '../phone/phone.ts';
import { acdLabNodes } from '../testing/acd-lab-topology.ts';
import { acdPart } from './live-state-of.ts';

const clock = new ManualClock();
let lab: AcdLab;
let source: DashboardSource;
let alarms: AlarmLog;
const closers: Array<() => Promise<unknown>> = [];
let customerPhone: SccpPhone | undefined;

/** Waits (real time, bounded) until `pred` holds; the lab's clock does not move. */
async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`${what}: not reached`);
}

const view = () => dashboardView(source, alarms.list());
const node = () => {
  const n = view().acd[0];
  assert.ok(n, 'one ACD node');
  return n;
};

before(async () => {
  lab = new AcdLab({
    nodes: await acdLabNodes('acd-duplex.yaml'),
    sidePorts: { acd: { A: 0, B: 0 } },
    clock,
  });
  source = { lab: 'acd-duplex', phoneGroups: [], nodes: [acdPart(lab)] };
  alarms = new AlarmLog(source.nodes.map((n) => n.observations));
  await lab.start();
});

after(async () => {
  for (const c of closers.reverse()) await c().catch(() => undefined);
  alarms.close();
  await lab.close();
});

test('at start: two agents logged out, skill group Sales empty, side A active and B standby, no client, no alarm', () => {
  const n = node();
  assert.deepEqual(
    [n.node, n.peripheralId, n.peripheralType, n.activeSide],
    ['acd', 5000, 'ENTERPRISE_AGENT', 'A'],
  );
  assert.deepEqual(
    n.agents.map((a) => [a.id, a.extension, a.state, a.stateSince, a.callId]),
    [
      ['5001', '3001', 'LOGOUT', clock.now(), null],
      ['5002', '3002', 'LOGOUT', clock.now(), null],
    ],
  );
  assert.deepEqual(n.skillGroups, [
    { name: 'Sales', number: 1, id: 101, members: 2, available: 0, queued: 0 },
  ]);
  assert.deepEqual(
    n.sides.map((s) => [s.side, s.active, s.listening, s.clients]),
    [
      ['A', true, true, []],
      ['B', false, true, []],
    ],
  );
  assert.ok(n.sides.every((s) => s.port > 0));
  assert.deepEqual(view().alarms, []);
});

test('a CTI Bridge on side A shows with its client id and masks; agent 5001 available shows in the agents and the group', async () => {
  const ep = lab.endpoints().nodes['acd'];
  assert.ok(ep);
  const bridge = await CtiServerClient.connect({
    sides: [ep.A, ep.B],
    clientID: 'bridge',
    password: '',
    services: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL,
  });
  closers.push(() => bridge.close());
  await until(() => node().sides[0]?.clients[0]?.state === 'open', 'the bridge session open');
  const [client] = node().sides[0]?.clients ?? [];
  assert.equal(client?.clientID, 'bridge');
  assert.equal(client?.agentID, null);
  assert.equal(
    (client?.servicesGranted ?? 0) & ServiceMask.ALL_EVENTS,
    ServiceMask.ALL_EVENTS,
    'the grant has ALL_EVENTS',
  );
  assert.equal(typeof client?.callMsgMask, 'number');

  const peripheral = lab.system.peripheral(5000);
  assert.ok(peripheral.login('5001', '5001-pw').ok);
  assert.ok(peripheral.setAgentState('5001', 'AVAILABLE').ok);
  const n = node();
  assert.deepEqual(
    n.agents.map((a) => [a.id, a.state, a.skillGroups]),
    [
      ['5001', 'AVAILABLE', ['Sales']],
      ['5002', 'LOGOUT', ['Sales']],
    ],
    'a logged-out agent lists the groups it is a member of',
  );
  assert.equal(n.skillGroups[0]?.available, 1);
});

test('a call to 8000 with no agent available waits in the Sales queue (queued: 1)', async () => {
  const peripheral = lab.system.peripheral(5000);
  assert.ok(peripheral.setAgentState('5001', 'NOT_READY', 1).ok);
  const sccp = lab.endpoints().sccp;
  const customer = new SccpPhone({ mac: '0000000AC009', model: '7961', servers: [sccp] });
  closers.push(() => customer.stop());
  await customer.start();
  await customer.waitFor((s) => s.registered);
  customerPhone = customer;
  customer.offHook();
  await customer.waitFor((s) => Object.values(s.lines).some((l) => Object.keys(l.calls).length > 0));
  customer.dial('8000');
  await until(() => node().skillGroups[0]?.queued === 1, 'the call queued');
  const agent = node().agents[0];
  assert.deepEqual([agent?.state, agent?.reasonCode], ['NOT_READY', 1]);
  assert.equal(view().calls.length, 1, 'the call is in the call model');
  assert.equal(agent?.callId, null, 'no ACD call on an agent not ready');
  customer.onHook();
  await until(() => node().skillGroups[0]?.queued === 0, 'the abandoned call left the queue');
});

// Written because a view that showed no agent's ACD call (`callId: null` in acdLiveState) failed no
// test (the sabotage check of the dashboard's views).
test('a call to 8000 with agent 5001 available is delivered to it: the agent shows the ACD call id, then none once cleared', async () => {
  const peripheral = lab.system.peripheral(5000);
  assert.ok(peripheral.setAgentState('5001', 'AVAILABLE').ok);
  // Agent 5001's phone (extension 3001) takes the call; the customer's is the queue test's.
  const agentPhone = new SccpPhone({ mac: '0000000AC001', model: '7961', servers: [lab.endpoints().sccp] });
  closers.push(() => agentPhone.stop());
  await agentPhone.start();
  await agentPhone.waitFor((s) => s.registered);
  const customer = customerPhone ?? assert.fail('the customer phone of the queue test');
  customer.offHook();
  await customer.waitFor((s) => Object.values(s.lines).some((l) => Object.keys(l.calls).length > 0));
  customer.dial('8000');
  await until(() => typeof node().agents[0]?.callId === 'number', 'the call on agent 5001');
  const [first, second] = node().agents;
  assert.equal(first?.id, '5001');
  assert.equal(peripheral.agent('5001').callId, first?.callId, "the peripheral's ACD call id");
  assert.equal(second?.callId, null, 'agent 5002 (logged out) has none');
  customer.onHook();
  await until(() => node().agents[0]?.callId === null, 'the call cleared from agent 5001');
  assert.ok(peripheral.setAgentState('5001', 'NOT_READY', 1).ok);
});

test('side A dies: B is active, A is down, and the alarm list says so with the clock time', async () => {
  clock.advance(5000);
  await lab.pair('acd').failActive();
  const n = node();
  assert.equal(n.activeSide, 'B');
  assert.deepEqual(
    n.sides.map((s) => [s.side, s.active, s.listening, s.clients.length]),
    [
      ['A', false, false, 0],
      ['B', true, true, n.sides[1]?.clients.length ?? 0],
    ],
  );
  const [newest] = view().alarms;
  assert.deepEqual(newest, {
    time: clock.now(),
    source: 'acd-cti',
    kind: 'cti-server-side',
    severity: 'raised',
    text: 'CTI Server side A failed; side B is active',
  });
  await lab.pair('acd').restore();
  assert.deepEqual(
    view()
      .alarms.slice(0, 2)
      .map((a) => [a.kind, a.severity, a.text]),
    [
      ['cti-server-side', 'cleared', 'CTI Server side A back (standby); side B is active'],
      ['cti-server-side', 'raised', 'CTI Server side A failed; side B is active'],
    ],
    'newest first',
  );
});
