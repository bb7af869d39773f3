// Steps of features/permissions/call-monitoring-recording.feature: silent monitoring
// (SingleStepConferenceCall, participationType silent) and recording (RecordMessage) on the CUCM
// cluster, allowed by Standard CTI Allow Call Monitoring / Allow Call Recording on the user's
// controlled devices (CUCM-ACG-006, 007, 008, 010). The cluster, phones and clients are the ones
// of steps/cucm-steps.ts.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { eventually, phoneOn, request, scenario, tel } from './cucm-steps.ts';
import { hasCallIn, hears, receivePorts, sendsTo } from './phone-state-checks.ts';
import type { LabWorld } from './world.ts';

/** The call at `dn` as the cluster's call model has it (the lab's view, not the client's). */
function callAt(world: LabWorld, dn: string): string {
  const items = scenario(world).cluster.calls.model.snapshotDevice(dn);
  assert.equal(items.length, 1, `${dn} has one call`);
  return items[0]!.callID;
}

function parties(world: LabWorld, callID: string): string[] {
  return scenario(world)
    .cluster.calls.model.snapshotCall(callID)
    .endpoints.map((e) => `${e.connection.deviceID}${e.participation === 'silent' ? ' (silent)' : ''}`);
}

Given(
  'a customer on {string} is talking to the agent on {string}',
  async function (this: LabWorld, customer: string, agent: string) {
    const model = scenario(this).cluster.calls.model;
    phoneOn(this, customer).offHook();
    await phoneOn(this, customer).waitFor((s) => hears(s, 'InsideDialTone'), 5000, 'dial tone');
    phoneOn(this, customer).dial(agent);
    await phoneOn(this, agent).waitFor((s) => hasCallIn(s, 'RingIn'), 5000, `${agent} rings`);
    phoneOn(this, agent).answer();
    await eventually(
      this,
      () =>
        model.snapshotDevice(agent)[0]?.localConnectionState === 'connected' &&
        model.snapshotDevice(customer)[0]?.localConnectionState === 'connected',
      `${customer} and ${agent} connected`,
      10,
    );
  },
);

async function monitor(world: LabWorld, user: string, agent: string, joining: string): Promise<void> {
  await request(world, user, {
    type: 'SingleStepConferenceCall',
    activeCall: { callID: callAt(world, agent), deviceID: tel(agent) },
    deviceToJoin: tel(joining),
    participationType: 'silent',
  });
}

When(
  '{string} asks to monitor the call at {string} silently from {string}',
  async function (this: LabWorld, user: string, agent: string, joining: string) {
    await monitor(this, user, agent, joining);
  },
);

// `monitor` joins the supervisor phone 1003 silently (the outline's form); `record` records the call.
When(
  '{string} asks to {word} the call at {string}',
  async function (this: LabWorld, user: string, service: string, agent: string) {
    if (service === 'monitor') await monitor(this, user, agent, '1003');
    else if (service === 'record')
      await request(this, user, {
        type: 'RecordMessage',
        callToBeRecorded: { callID: callAt(this, agent), deviceID: tel(agent) },
      });
    else assert.fail(`monitor or record, not ${service}`);
  },
);

When('the customer on {string} hangs up', function (this: LabWorld, dn: string) {
  phoneOn(this, dn).onHook();
});

Then(
  'the call at {string} is monitored silently from {string}',
  async function (this: LabWorld, agent: string, joining: string) {
    const callID = callAt(this, agent);
    assert.ok(parties(this, callID).includes(`${joining} (silent)`), parties(this, callID).join(', '));
    await phoneOn(this, joining).waitFor((s) => hasCallIn(s, 'Connected'), 5000, `${joining} connected`);
    assert.deepEqual(scenario(this).cluster.recordings(), []);
  },
);

Then('the call at {string} is recorded for {string}', function (this: LabWorld, agent: string, user: string) {
  const callID = callAt(this, agent);
  const running = scenario(this)
    .cluster.recordings()
    .filter((r) => r.stoppedAt === undefined)
    .map((r) => `${r.callID} ${r.dn} ${r.device} ${r.user}`);
  assert.deepEqual(running, [`${callID} ${agent} ${phoneOn(this, agent).deviceName} ${user}`]);
  assert.ok(
    parties(this, callID).every((p) => !p.endsWith('(silent)')),
    'no one listens in',
  );
});

Then('the call at {string} is neither monitored nor recorded', function (this: LabWorld, agent: string) {
  const callID = callAt(this, agent);
  assert.equal(parties(this, callID).length, 2, `the call is unchanged: ${parties(this, callID).join(', ')}`);
  assert.deepEqual(scenario(this).cluster.recordings(), []);
});

Then(
  'the phone on {string} receives the call and sends nothing',
  async function (this: LabWorld, dn: string) {
    const p = phoneOn(this, dn);
    await p.waitFor((s) => receivePorts(s).length === 1, 5000, `${dn} opened a receive channel`);
    // Give the station time to (wrongly) start a transmission before checking there is none.
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(Object.keys(p.state.media.transmit), [], `${dn} transmits nothing`);
  },
);

Then(
  'the phones on {string} and {string} still send to each other',
  async function (this: LabWorld, a: string, b: string) {
    const pa = phoneOn(this, a);
    const pb = phoneOn(this, b);
    await eventually(
      this,
      () => sendsTo(pa.state, pb.state) && sendsTo(pb.state, pa.state),
      `${a} <-> ${b}`,
      10,
    );
  },
);

Then(
  "the cluster's recording of the call at {string} lasted {int} seconds",
  function (this: LabWorld, dn: string, seconds: number) {
    const recs = scenario(this)
      .cluster.recordings()
      .filter((r) => r.dn === dn);
    assert.equal(recs.length, 1, `one recording of ${dn}`);
    const r = recs[0]!;
    assert.notEqual(r.stoppedAt, undefined, 'the recording has stopped');
    assert.equal(r.stoppedBy, 'call-ended');
    assert.equal((r.stoppedAt ?? 0) - r.startedAt, seconds * 1000);
  },
);
