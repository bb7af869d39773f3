// Steps of the CUCM route point, device limit and heartbeat features (features/cucm/
// route-points.feature, device-limits.feature, heartbeat.feature): calls at a route point told
// apart by their other party, CTI snapshots with connection states, phone checks that do not move
// the scenario clock (the New Call Accept Timer is timed to the second), sessions on a named
// gateway, alarms by node, and raw session INVITEs / re-INVITEs to read 422 and Min-SE.
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { encodeCsta } from '../simulators/csta/csta-encode.ts';
import { DEFAULT_CSTA_NAMESPACE } from '../simulators/csta/csta-namespaces.ts';
import type { CstaEvent } from '../simulators/csta/csta-types.ts';
import { authorizationHeader, challengeValues, chooseChallenge } from '../simulators/sip/sip-digest.ts';
import { SipEndpoint } from '../simulators/sip/sip-endpoint.ts';
import { SipRequestFailedError } from '../simulators/sip/sip-error.ts';
import type { SipResponse } from '../simulators/sip/sip-message.ts';
import { Tr87Client } from '../simulators/tr87/tr87-client.ts';
import { CSTA_CONTENT_TYPE } from '../simulators/tr87/tr87-server.ts';
import { client, phoneOn, request, scenario, tel } from './cucm-steps.ts';
import { hasCallIn, ringing } from './phone-state-checks.ts';
import type { LabWorld } from './world.ts';

type Conn = { callID: string; deviceID: string };
type AnyEvent = CstaEvent & Record<string, unknown>;

const dnOf = (id: unknown): string | undefined =>
  typeof id === 'string' ? id.replace(/^tel:/, '').split(';')[0] : undefined;

const partyDn = (p: unknown): string | undefined =>
  dnOf((p as { deviceIdentifier?: string } | undefined)?.deviceIdentifier);

/** Connections an event names (its own, held, new, ...), each with its callID and device. */
function connectionsIn(e: AnyEvent): Conn[] {
  const out: Conn[] = [];
  for (const key of [
    'connection',
    'heldConnection',
    'droppedConnection',
    'establishedConnection',
    'retrievedConnection',
    'newConnection',
  ])
    if (e[key] && typeof e[key] === 'object') out.push(e[key] as Conn);
  return out;
}

/**
 * The connection at `at` of the call between `at` and `party`, as the client's events show it:
 * a call whose events at `at` name `party` as calling, called or alerting device.
 */
function callWith(world: LabWorld, user: string, party: string, at: string): Conn {
  const c = client(world, user);
  const parties = (e: AnyEvent) =>
    [e.callingDevice, e.calledDevice, e.alertingDevice, e.answeringDevice].map(partyDn);
  const ids = new Set<string>();
  for (const e of c.events as AnyEvent[])
    if (parties(e).includes(party)) for (const conn of connectionsIn(e)) ids.add(conn.callID);
  for (let i = c.events.length - 1; i >= 0; i--)
    for (const conn of connectionsIn(c.events[i] as AnyEvent))
      if (ids.has(conn.callID) && dnOf(conn.deviceID) === at) return conn;
  assert.fail(`${user} saw no call between ${party} and ${at}`);
}

/** DeliveredEvents the client got with the alerting connection at `dn`. */
function offeredAt(world: LabWorld, user: string, dn: string): AnyEvent[] {
  return (client(world, user).events as AnyEvent[]).filter(
    (e) => e.type === 'DeliveredEvent' && dnOf((e.connection as Conn).deviceID) === dn,
  );
}

/** Wait (real time only: the scenario clock stays) for `pred` over the client's events. */
async function waitEvents(world: LabWorld, user: string, pred: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!pred()) {
    if (Date.now() > deadline)
      assert.fail(`${what} (events: ${client(world, user).events.map((e) => e.type)})`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

// ------------------------------------------------------------------ calls at a route point

Then(
  '{string} has been offered {int} calls at {string}, each with its own callID',
  async function (this: LabWorld, user: string, n: number, dn: string) {
    await waitEvents(
      this,
      user,
      () => offeredAt(this, user, dn).length >= n,
      `${n} DeliveredEvents at ${dn}`,
    );
    await new Promise((r) => setTimeout(r, 30));
    const offered = offeredAt(this, user, dn);
    assert.equal(offered.length, n, `DeliveredEvents at ${dn}`);
    assert.equal(new Set(offered.map((e) => (e.connection as Conn).callID)).size, n, 'distinct callIDs');
  },
);

Then(
  '{string} is offered the call from {string} at {string} as a call to {string}',
  async function (this: LabWorld, user: string, caller: string, at: string, called: string) {
    const find = () => offeredAt(this, user, at).find((e) => partyDn(e.callingDevice) === caller);
    await waitEvents(this, user, () => find() !== undefined, `a DeliveredEvent at ${at} from ${caller}`);
    assert.equal(partyDn(find()!.calledDevice), called, 'calledDevice of the DeliveredEvent');
  },
);

When(
  '{string} answers the call from {string} at {string}',
  async function (this: LabWorld, user: string, party: string, at: string) {
    await request(this, user, { type: 'AnswerCall', callToBeAnswered: callWith(this, user, party, at) });
  },
);

When(
  '{string} holds the call with {string} at {string}',
  async function (this: LabWorld, user: string, party: string, at: string) {
    await request(this, user, { type: 'HoldCall', callToBeHeld: callWith(this, user, party, at) });
  },
);

When(
  '{string} retrieves the call with {string} at {string}',
  async function (this: LabWorld, user: string, party: string, at: string) {
    await request(this, user, { type: 'RetrieveCall', callToBeRetrieved: callWith(this, user, party, at) });
  },
);

When(
  '{string} clears the call with {string} at {string}',
  async function (this: LabWorld, user: string, party: string, at: string) {
    await request(this, user, {
      type: 'ClearConnection',
      connectionToBeCleared: callWith(this, user, party, at),
    });
  },
);

When(
  '{string} redirects the call from {string} at {string} to {string}',
  async function (this: LabWorld, user: string, party: string, at: string, to: string) {
    await request(this, user, {
      type: 'DeflectCall',
      callToBeDiverted: callWith(this, user, party, at),
      newDestination: tel(to),
    });
  },
);

Then(
  '{string} gets a(n) {word} for the call with {string} at {string}',
  async function (this: LabWorld, user: string, type: string, party: string, at: string) {
    const { callID } = callWith(this, user, party, at);
    await waitEvents(
      this,
      user,
      () =>
        (client(this, user).events as AnyEvent[]).some(
          (e) => e.type === type && connectionsIn(e).some((c) => c.callID === callID),
        ),
      `${type} for the call with ${party} at ${at}`,
    );
  },
);

/**
 * SnapshotDevice by the user (ECMA-269 §20.1.3): the local connection state of each call at the
 * device, sorted, e.g. "alerting, connected, hold".
 */
Then(
  '{string} sees the calls at {string} as {string}',
  async function (this: LabWorld, user: string, dn: string, states: string) {
    const answer = (await client(this, user).request({
      type: 'SnapshotDevice',
      snapshotObject: tel(dn),
    })) as {
      crossRefIDorSnapshotData?: {
        snapshotData?: { localCallState?: { compoundCallState?: string[] } }[];
      };
    };
    const items = answer.crossRefIDorSnapshotData?.snapshotData ?? [];
    const local = items.map((i) => i.localCallState?.compoundCallState?.[0] ?? '?').sort();
    const want = states === '' ? [] : states.split(/,\s*/).sort();
    assert.deepEqual(local, want, `calls at ${dn}`);
  },
);

Then('{string} sees no call at {string}', async function (this: LabWorld, user: string, dn: string) {
  const answer = (await client(this, user).request({ type: 'SnapshotDevice', snapshotObject: tel(dn) })) as {
    crossRefIDorSnapshotData?: { snapshotData?: unknown[] };
  };
  assert.deepEqual(answer.crossRefIDorSnapshotData?.snapshotData ?? [], [], `no call at ${dn}`);
});

Then(
  '{string} got no further DeliveredEvent at {string} than {int}',
  async function (this: LabWorld, user: string, dn: string, n: number) {
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(offeredAt(this, user, dn).length, n, `DeliveredEvents at ${dn}`);
  },
);

// ------------------------------------------------------------------ phones, without moving the clock

Then('the phone on {string} is ringing now', async function (this: LabWorld, dn: string) {
  await phoneOn(this, dn).waitFor(ringing, 2000, `the phone on ${dn} rings`);
});

Then('the phone on {string} is in a connected call', async function (this: LabWorld, dn: string) {
  await phoneOn(this, dn).waitFor((s) => hasCallIn(s, 'Connected'), 5000, `${dn} connected`);
});

Then('the phone on {string} has no call any more', async function (this: LabWorld, dn: string) {
  await phoneOn(this, dn).waitFor(
    (s) => !hasCallIn(s, 'Connected') && !hasCallIn(s, 'RingOut') && !hasCallIn(s, 'Hold'),
    5000,
    `${dn} released`,
  );
});

Then('the phone on {string} has no media open', async function (this: LabWorld, dn: string) {
  await phoneOn(this, dn).waitFor(
    (s) => Object.keys(s.media.receive).length === 0 && Object.keys(s.media.transmit).length === 0,
    5000,
    `${dn} has no media`,
  );
});

// ------------------------------------------------------------------ sessions on a named gateway

async function connect(
  world: LabWorld,
  user: string,
  line: string,
  opts: { gateway?: string; sessionExpires?: number; autoRefresh?: boolean; name?: string } = {},
): Promise<Tr87Client> {
  const s = scenario(world);
  const gateways = s.cluster.endpoints.gateways;
  const sip = (opts.gateway ? gateways[opts.gateway] : Object.values(gateways)[0])?.sip;
  assert.ok(sip, `the cluster has the CTI gateway ${opts.gateway ?? ''}`);
  const password = s.topology.cluster.users.find((u) => u.id === user)?.password ?? 'none';
  const c = await Tr87Client.connect({
    host: sip.host,
    port: sip.port,
    transport: 'tcp',
    user: `sip:${user}@${s.topology.cluster.name}`,
    line: tel(line),
    clock: world.clock,
    credentials: { username: user, password },
    ...(opts.autoRefresh === false ? { autoRefresh: false } : {}),
    ...(opts.sessionExpires === undefined ? {} : { sessionExpires: opts.sessionExpires }),
  });
  s.clients.set(opts.name ?? user, c);
  s.everyClient.push(c);
  return c;
}

When(
  '{string} has a CTI session through {string} on line {string} monitoring {string}',
  async function (this: LabWorld, user: string, gateway: string, line: string, list: string) {
    const c = await connect(this, user, line, { gateway });
    for (const d of list.split(/,\s*/)) await c.monitorStart(tel(d));
  },
);

When(
  '{string} opens a CTI session on line {string} with a Session-Expires of {int} seconds that it never refreshes',
  async function (this: LabWorld, user: string, line: string, seconds: number) {
    await connect(this, user, line, { sessionExpires: seconds, autoRefresh: false });
  },
);

When(
  '{string} opens a CTI session on line {string} with a Session-Expires of {int} seconds that it refreshes',
  async function (this: LabWorld, user: string, line: string, seconds: number) {
    await connect(this, user, line, { sessionExpires: seconds });
  },
);

Then('{string} has refreshed its session at least once', function (this: LabWorld, user: string) {
  assert.ok(client(this, user).refreshes >= 1, `refreshes: ${client(this, user).refreshes}`);
});

Then(
  '{string} is served by the CTIManager on {string}',
  function (this: LabWorld, user: string, node: string) {
    const sessions = [...scenario(this).cluster.gateways.values()].flatMap((g) => g.cti.sessions());
    const mine = sessions.filter((s) => s.user === user);
    assert.deepEqual(
      mine.map((s) => s.node),
      [node],
      `sessions of ${user}`,
    );
  },
);

Then('the cluster has no CTI session of {string}', function (this: LabWorld, user: string) {
  const sessions = [...scenario(this).cluster.gateways.values()].flatMap((g) => g.cti.sessions());
  assert.deepEqual(
    sessions.filter((s) => s.user === user),
    [],
  );
});

Then('no CTIManager has a device open', function (this: LabWorld) {
  for (const m of scenario(this).cluster.managers.values())
    assert.equal(m.openCount, 0, `devices open on ${m.name}`);
});

Then(
  'the CTIManager on {string} counts {int} open device(s)',
  function (this: LabWorld, node: string, n: number) {
    const m = scenario(this).cluster.managers.get(node);
    assert.ok(m, `a CTIManager on ${node}`);
    assert.equal(m.openCount, n);
  },
);

// ------------------------------------------------------------------ service parameters, alarms

Then(
  'the cluster runs with the service parameter {string} at {int}',
  function (this: LabWorld, parameter: string, value: number) {
    const params = scenario(this).topology.cluster.serviceParameters as Record<string, number>;
    assert.equal(params[parameter], value, parameter);
  },
);

Then(
  'the cluster raised the alarm {string} on {string} for {string} with limit {int} and count {int}',
  function (this: LabWorld, parameter: string, node: string, provider: string, limit: number, count: number) {
    const alarms = scenario(this).cluster.alarms;
    const found = alarms.some(
      (a) =>
        a.parameter === parameter &&
        a.node === node &&
        a.provider === provider &&
        a.limit === limit &&
        a.count === count,
    );
    assert.ok(found, `alarm among ${JSON.stringify(alarms)}`);
  },
);

Then('the cluster raised {int} alarm(s) {string}', function (this: LabWorld, n: number, parameter: string) {
  assert.equal(
    scenario(this).cluster.alarms.filter((a) => a.parameter === parameter).length,
    n,
    JSON.stringify(scenario(this).cluster.alarms),
  );
});

Then(
  'the observation stream carries the alarm {string} for {string} with limit {int} and count {int}',
  function (this: LabWorld, parameter: string, who: string, limit: number, count: number) {
    const seen = this.observed
      .filter((o) => o.kind === 'state' && o.topic === 'alarm')
      .map((o) => (o as { detail: Record<string, unknown> }).detail);
    const found = seen.some(
      (d) =>
        d.parameter === parameter &&
        (d.provider === who || d.node === who) &&
        d.limit === limit &&
        d.count === count,
    );
    assert.ok(found, `alarm among ${JSON.stringify(seen)}`);
  },
);

// ------------------------------------------------------------------ raw session INVITEs (RFC 4028)

/** The last final answer of a raw INVITE / re-INVITE of this scenario. */
const answers = new WeakMap<LabWorld, SipResponse>();

/**
 * A session INVITE asking `seconds`, answering the digest challenge as Tr87Client does, but
 * keeping the final response (Tr87Client reports a refused set-up without its headers).
 */
When(
  '{string} sends a session INVITE on line {string} with a Session-Expires of {int} seconds',
  async function (this: LabWorld, user: string, line: string, seconds: number) {
    const s = scenario(this);
    const sip = Object.values(s.cluster.endpoints.gateways)[0]!.sip;
    const password = s.topology.cluster.users.find((u) => u.id === user)?.password ?? 'none';
    const endpoint = await SipEndpoint.start({ name: 'raw-tr87', clock: this.clock });
    this.cleanups.push(() => endpoint.close());
    const target = `sip:${line}@${sip.host}:${sip.port};transport=tcp`;
    const invite: Parameters<SipEndpoint['invite']>[1] = {
      from: `sip:${user}@${s.topology.cluster.name}`,
      to: tel(line),
      transport: 'tcp',
      body: encodeCsta({ type: 'RequestSystemStatus' }, { namespace: DEFAULT_CSTA_NAMESPACE }),
      contentType: CSTA_CONTENT_TYPE,
      accept: [CSTA_CONTENT_TYPE],
      headers: [
        ['Content-Disposition', 'signal;handling=required'],
        ['Session-Expires', String(seconds)],
      ],
    };
    let withAuth = invite;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const dialog = await endpoint.invite(target, withAuth);
        answers.set(this, dialog.answer!);
        this.cleanups.push(async () => {
          await dialog.bye().catch(() => {});
        });
        return;
      } catch (e) {
        if (!(e instanceof SipRequestFailedError)) throw e;
        answers.set(this, e.response);
        if (e.response.status !== 401) return;
        const offer = chooseChallenge(challengeValues(e.response.bytes));
        assert.ok(offer, 'a digest challenge');
        const authorization = authorizationHeader(offer, {
          username: user,
          password,
          method: 'INVITE',
          uri: target,
        });
        withAuth = { ...invite, headers: [...(invite.headers ?? []), ['Authorization', authorization]] };
      }
    }
  },
);

/** A refresh re-INVITE in the user's session asking `seconds` (RFC 4028 §10), its answer kept. */
When(
  '{string} refreshes its session asking for a Session-Expires of {int} seconds',
  async function (this: LabWorld, user: string, seconds: number) {
    const c = client(this, user);
    const response = await c.dialog.reInvite({
      body: encodeCsta({ type: 'RequestSystemStatus' }, { namespace: c.namespace }),
      contentType: CSTA_CONTENT_TYPE,
      headers: [['Session-Expires', String(seconds)]],
    });
    answers.set(this, response);
  },
);

Then(
  'the answer is {int} {string} with Min-SE {int}',
  function (this: LabWorld, status: number, reason: string, minSe: number) {
    const r = answers.get(this);
    assert.ok(r, 'a raw INVITE was answered');
    assert.equal(r.status, status);
    assert.equal(r.reason, reason);
    assert.equal(r.header('min-se'), String(minSe));
  },
);

Then('the answer is 200 with a Session-Expires of {int} seconds', function (this: LabWorld, seconds: number) {
  const r = answers.get(this);
  assert.ok(r, 'a raw INVITE was answered');
  assert.equal(r.status, 200);
  assert.equal(Number.parseInt(r.header('session-expires') ?? '', 10), seconds);
});
