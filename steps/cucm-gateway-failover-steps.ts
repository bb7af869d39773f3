// Steps of CUCM-RED-006 (features/failover/cucm-gateway-failover.feature): an application given
// its CTI gateway addresses as an ordered list (simulators/tr87/tr87-gateway-list.ts), primary
// first. The list's current session is the user's client for the other CUCM steps ("gets a
// DeliveredEvent for", "is served by").
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { Tr87GatewayList } from '../simulators/tr87/tr87-gateway-list.ts';
import { eventually, scenario, tel } from './cucm-steps.ts';
import type { LabWorld } from './world.ts';

const lists = new WeakMap<LabWorld, Map<string, Tr87GatewayList>>();

function listOf(world: LabWorld, user: string): Tr87GatewayList {
  const l = lists.get(world)?.get(user);
  assert.ok(l, `"${user}" has a CTI gateway list`);
  return l;
}

Given(
  '{string} is given the CTI gateway addresses of {string}',
  function (this: LabWorld, user: string, names: string) {
    const s = scenario(this);
    const gateways = names.split(/,\s*/).map((name) => {
      const sip = s.cluster.endpoints.gateways[name]?.sip;
      assert.ok(sip, `the cluster has a CTI gateway "${name}" serving SIP`);
      return { host: sip.host, port: sip.port, name };
    });
    const password = s.topology.cluster.users.find((u) => u.id === user)?.password;
    assert.ok(password, `${user} is a user of the cluster`);
    const list = new Tr87GatewayList({
      gateways,
      user: `sip:${user}@${s.topology.cluster.name}`,
      line: 'tel:1001',
      clock: this.clock,
      credentials: { username: user, password },
    });
    // The list's session is the user's client for the other steps, on every (re)connect.
    list.on('connected', (c) => {
      s.clients.set(user, c.client);
    });
    const mine = lists.get(this) ?? new Map<string, Tr87GatewayList>();
    mine.set(user, list);
    lists.set(this, mine);
    this.cleanups.push(() => list.close());
  },
);

When('the CTI gateway {string} fails', async function (this: LabWorld, name: string) {
  await scenario(this).cluster.stopGateway(name);
});

When(
  '{string} connects on line {string} through its CTI gateway list',
  async function (this: LabWorld, user: string, line: string) {
    const list = listOf(this, user);
    assert.equal(line, '1001', 'the list steps open line 1001');
    await list.connect();
  },
);

When(
  '{string} starts a monitor on {string} through its CTI gateway list',
  async function (this: LabWorld, user: string, device: string) {
    await listOf(this, user).monitorStart(tel(device));
  },
);

Then(
  '{string} is connected to the CTI gateway {string} after trying {string}',
  async function (this: LabWorld, user: string, gateway: string, tried: string) {
    const list = listOf(this, user);
    await eventually(
      this,
      () => list.connectedTo?.gateway === gateway,
      `${user} connected to ${gateway}`,
      10,
    );
    await list.settled();
    // The attempts of the last (re)connect: the failed ones, then the one that connected.
    const attempts = list.attempts.map((a) => `${a.gateway} ${a.outcome}`);
    const from = attempts.length - 1 - (tried === '' ? 0 : tried.split(/,\s*/).length);
    assert.deepEqual(attempts.slice(from), [
      ...(tried === '' ? [] : tried.split(/,\s*/)),
      `${gateway} connected`,
    ]);
  },
);

Then(
  'the cluster has the CTI session of {string} on {string}',
  function (this: LabWorld, user: string, gateway: string) {
    const s = scenario(this);
    const byGateway = [...s.cluster.gateways.values()].map((g) => [
      g.name,
      g.cti.sessions().filter((x) => x.user === user).length,
    ]);
    assert.deepEqual(
      byGateway.filter(([, n]) => n !== 0),
      [[gateway, 1]],
    );
  },
);

Then(
  'the CTI session of {string} monitors {string} again',
  async function (this: LabWorld, user: string, device: string) {
    const list = listOf(this, user);
    await list.settled();
    const sessions = [...scenario(this).cluster.gateways.values()].flatMap((g) => g.cti.sessions());
    const mine = sessions.filter((x) => x.user === user);
    assert.equal(mine.length, 1, `one session of ${user}: ${JSON.stringify(sessions)}`);
    assert.deepEqual(
      mine[0]!.monitors.map((m) => m.replace(/^tel:/, '').split(';')[0]),
      [device],
    );
  },
);
