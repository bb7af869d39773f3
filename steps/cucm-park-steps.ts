// Steps of features/permissions/call-park-monitoring.feature (CUCM-ACG-009): the Park soft key on
// a cluster phone, what the phones show and hear, and the park notifications a CTI user gets.
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import type { CstaEvent } from '../simulators/csta/csta-types.ts';
import { client, phoneOn } from './cucm-steps.ts';
import { hasCallIn, sendsTo } from './phone-state-checks.ts';
import type { LabWorld } from './world.ts';

const dnOf = (deviceId: string | undefined) => deviceId?.replace(/^tel:/, '').split(';')[0];

When('the phone on {string} presses Park', async function (this: LabWorld, dn: string) {
  const p = phoneOn(this, dn);
  await p.waitFor((s) => hasCallIn(s, 'Connected'), 5000, `${dn} in a connected call`);
  p.softKey('Park');
});

Then('the phone on {string} shows {string}', async function (this: LabWorld, dn: string, text: string) {
  await phoneOn(this, dn).waitFor(
    (s) => s.notify?.text === text || s.prompt?.text === text,
    5000,
    `${dn} shows "${text}"`,
  );
});

Then('the phone on {string} hears hold', async function (this: LabWorld, dn: string) {
  await phoneOn(this, dn).waitFor((s) => s.tone?.tone === 'HoldTone', 5000, `${dn} hears hold tone`);
});

Then(
  'the phone on {string} talks to the phone on {string}',
  async function (this: LabWorld, a: string, b: string) {
    const pa = phoneOn(this, a);
    const pb = phoneOn(this, b);
    await pa.waitFor((s) => hasCallIn(s, 'Connected') && sendsTo(s, pb.state), 5000, `${a} sends to ${b}`);
    await pb.waitFor((s) => hasCallIn(s, 'Connected') && sendsTo(s, pa.state), 5000, `${b} sends to ${a}`);
  },
);

Then(
  '{string} is told the call was parked on {string}',
  async function (this: LabWorld, user: string, park: string) {
    const e = (await client(this, user).nextEvent('QueuedEvent', 5000)) as Extract<
      CstaEvent,
      { type: 'QueuedEvent' }
    >;
    assert.equal(e.cause, 'park');
    assert.ok('deviceIdentifier' in e.queue, 'the QueuedEvent names its queue');
    assert.equal(dnOf(e.queue.deviceIdentifier), park);
    assert.equal(dnOf(e.queuedConnection.deviceID), park);
    assert.equal(e.localConnectionInfo, 'queued');
  },
);

Then('{string} is told the call left {string}', async function (this: LabWorld, user: string, park: string) {
  const c = client(this, user);
  for (;;) {
    const e = (await c.nextEvent('ConnectionClearedEvent', 5000)) as Extract<
      CstaEvent,
      { type: 'ConnectionClearedEvent' }
    >;
    if (dnOf(e.droppedConnection.deviceID) === park) return;
  }
});

Then('{string} has received {int} QueuedEvent(s)', async function (this: LabWorld, user: string, n: number) {
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(client(this, user).events.filter((e) => e.type === 'QueuedEvent').length, n);
});

Then('{string} has no park notification', async function (this: LabWorld, user: string) {
  await new Promise((r) => setTimeout(r, 50));
  const told = client(this, user).events.filter(
    (e) => e.type === 'QueuedEvent' || /tel:70\d\d/.test(JSON.stringify(e)),
  );
  assert.deepEqual(told, []);
});
