// Steps of the CUCM features (features/cucm, features/permissions, features/failover/cucm-*):
// a cluster from a lab topology on the scenario's ManualClock, its SCCP phones registered down
// their CM group, and TR/87 clients of the cluster's users on the CTI gateway (SIP digest).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Given, Then, When } from '@cucumber/cucumber';
import type { LoadedPixit } from '../conformance/pixit/load-pixit.ts';
import { errorCategory, errorValue } from '../simulators/csta/csta-error-code.ts';
import type { CstaEvent } from '../simulators/csta/csta-types.ts';
import { CucmCluster, type CucmClusterOptions } from '../simulators/cucm/cucm-cluster.ts';
import { systemClock } from '../simulators/lab/clock.ts';
import { SccpPhone } from '../simulators/phone/phone.ts';
import type { Cluster } from '../simulators/topology/cucm-schema.ts';
import { type CucmClusterTopology, cucmClustersOf } from '../simulators/topology/cucm-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { Tr87Client } from '../simulators/tr87/tr87-client.ts';
import { CstaRequestError, Tr87SetupError } from '../simulators/tr87/tr87-errors.ts';
import { cucmEndpointNames, nameLadderEndpoints } from './ladder-files.ts';
import { hears, ringing } from './phone-state-checks.ts';
import { pixitCucmDn, pixitCucmPhones, pixitCucmSession, pixitNodeAt, refusing } from './pixit-cucm.ts';
import { notOnRealTarget } from './pixit-target.ts';
import type { LabWorld } from './world.ts';

/** The scenario's cluster, its phones by DN of their first line, its clients by name. */
export interface CucmScenario {
  topology: CucmClusterTopology;
  cluster: CucmCluster;
  readonly phones: Map<string, SccpPhone>;
  readonly clients: Map<string, Tr87Client>;
  /** Every client opened, replaced ones included: each owns a SIP endpoint to close. */
  readonly everyClient: Tr87Client[];
  /** The last refusal of a step (session set-up or request), as its text. */
  lastError: Error | undefined;
  lastSnapshot: number | undefined;
  /** Calls present per DN before an administrator's change ("callID:state"). */
  callIdsBefore?: Map<string, string[]>;
  /** A real cluster (`--target pixit:<file>`, steps/pixit-cucm.ts): `cluster` and `topology` refuse. */
  readonly target?: LoadedPixit;
}

const scenarios = new WeakMap<LabWorld, CucmScenario>();

/** The scenario's CUCM cluster, phones and clients (other CUCM step files use it). */
export function scenario(world: LabWorld): CucmScenario {
  const s = scenarios.get(world);
  if (s === undefined)
    throw new Error('no CUCM cluster in this scenario (Given the CUCM cluster of ... is running)');
  return s;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** Start the cluster of a lab topology (edited by `edit`) on the scenario's clock; `extra`: more options. */
export async function startCluster(
  world: LabWorld,
  file: string,
  edit?: (c: Mutable<Cluster>) => void,
  extra: Partial<CucmClusterOptions> = {},
) {
  if (world.pixit) {
    // The target is configured as the PIXIT says; a scenario that changes it needs the lab.
    if (edit !== undefined || Object.keys(extra).length > 0)
      throw notOnRealTarget(world.pixit, `changing the configuration of the CUCM cluster of ${file}`);
    return pixitScenario(world, world.pixit);
  }
  const [topology] = cucmClustersOf(await loadTopology(file));
  assert.ok(topology, `${file} has a CUCM cluster`);
  const cluster = structuredClone(topology.cluster) as Mutable<Cluster>;
  edit?.(cluster);
  const t: CucmClusterTopology = { ...topology, cluster: cluster as Cluster };
  const running = new CucmCluster({
    cluster: t.cluster,
    servers: t.servers,
    gateways: t.gateways,
    clock: world.clock,
    observations: world.observations,
    log: (line) => world.logLines.push(`[cucm] ${line}`),
    ...extra,
  });
  await running.start();
  nameLadderEndpoints(world, cucmEndpointNames(running.endpoints));
  const s: CucmScenario = {
    topology: t,
    cluster: running,
    phones: new Map(),
    clients: new Map(),
    everyClient: [],
    lastError: undefined,
    lastSnapshot: undefined,
  };
  scenarios.set(world, s);
  world.cleanups.push(async () => {
    await Promise.allSettled(s.everyClient.map((c) => c.close()));
    await Promise.allSettled([...s.phones.values()].map((p) => p.stop()));
    await running.stop();
  });
  return s;
}

function pixitScenario(world: LabWorld, target: LoadedPixit): CucmScenario {
  const s: CucmScenario = {
    topology: refusing(target, 'the lab topology of the CUCM cluster'),
    cluster: refusing(target, 'the CUCM cluster'),
    phones: new Map(),
    clients: new Map(),
    everyClient: [],
    lastError: undefined,
    lastSnapshot: undefined,
    target,
  };
  scenarios.set(world, s);
  world.cleanups.push(async () => {
    await Promise.allSettled(s.everyClient.map((c) => c.close()));
    await Promise.allSettled([...s.phones.values()].map((p) => p.stop()));
  });
  return s;
}

/** A DN the features name, as the target has it (the PIXIT's `numbers.lines`), as a tel: URI. */
const telOn = (world: LabWorld, dn: string) => tel(pixitCucmDn(world.pixit, dn));

/**
 * Poll `pred`, advancing the scenario clock 1 s per round (retries and keepalives read it); on a
 * real target in real time, for at most the PIXIT's `timers.responseTimeoutMs`.
 */
export async function eventually(
  world: LabWorld,
  pred: () => boolean,
  what: string,
  seconds = 120,
): Promise<void> {
  if (world.pixit) {
    const ms = world.pixit.pixit.timers.responseTimeoutMs;
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (pred()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`${what}: not within ${ms} ms (timers.responseTimeoutMs of pixit:${world.pixit.file})`);
  }
  for (let i = 0; i < seconds * 4; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 5));
    if (i % 4 === 3) await world.passSeconds(1);
  }
  assert.fail(`${what}: not within ${seconds} simulated seconds`);
}

export function phoneOn(world: LabWorld, dn: string): SccpPhone {
  const p = scenario(world).phones.get(dn);
  assert.ok(p, `a phone on ${dn} is registered in this scenario`);
  return p;
}

export function client(world: LabWorld, name: string): Tr87Client {
  const c = scenario(world).clients.get(name);
  assert.ok(c, `"${name}" has a CTI session`);
  return c;
}

export const tel = (dn: string) => (dn.startsWith('tel:') ? dn : `tel:${dn}`);

export function errorText(e: unknown): string {
  if (e instanceof CstaRequestError || (e instanceof Tr87SetupError && e.code))
    return `${errorCategory(e.code!)}/${String(errorValue(e.code!))}`;
  return (e as Error).message;
}

// ------------------------------------------------------------------ the cluster

Given('the CUCM cluster of {string} is running', async function (this: LabWorld, file: string) {
  await startCluster(this, file);
});

Given(
  'the CUCM cluster of {string} is running with service parameters:',
  async function (this: LabWorld, file: string, table: { rowsHash(): Record<string, string> }) {
    const values = table.rowsHash();
    await startCluster(this, file, (c) => {
      for (const [k, v] of Object.entries(values))
        (c.serviceParameters as Record<string, number>)[k] = Number(v);
    });
  },
);

Given(
  'the CUCM cluster of {string} is running without cluster security',
  async function (this: LabWorld, file: string) {
    await startCluster(this, file, (c) => {
      c.secure = false;
    });
  },
);

Then('the cluster serves SCCP on {string}', function (this: LabWorld, list: string) {
  const nodes = scenario(this).cluster.endpoints.nodes;
  const serving = Object.entries(nodes)
    .filter(([, n]) => n.sccp !== undefined)
    .map(([name]) => name)
    .sort();
  assert.deepEqual(serving, list.split(/,\s*/).sort());
});

Then('the cluster runs a CTIManager on {string}', function (this: LabWorld, list: string) {
  const nodes = scenario(this).cluster.endpoints.nodes;
  const managers = Object.entries(nodes)
    .filter(([, n]) => n.ctiManager)
    .map(([name]) => name)
    .sort();
  assert.deepEqual(managers, list.split(/,\s*/).sort());
});

Given("the cluster's phones are registered", async function (this: LabWorld) {
  const s = scenario(this);
  if (s.target) {
    for (const spec of pixitCucmPhones(s.target)) {
      const phone = new SccpPhone({
        mac: spec.mac,
        model: spec.model,
        servers: spec.servers,
        clock: systemClock,
      });
      s.phones.set(spec.dn, phone);
      await phone.start();
    }
    return;
  }
  const nodes = s.cluster.endpoints.nodes;
  for (const spec of s.topology.cluster.phones) {
    const group = s.topology.cluster.cmGroups[s.topology.cluster.devicePools[spec.devicePool]!.cmGroup]!;
    const servers = group.map((n) => nodes[n]?.sccp).filter((e) => e !== undefined);
    const phone = new SccpPhone({ mac: spec.name.slice(3), model: spec.model, servers, clock: this.clock });
    s.phones.set(spec.lines[0]!.dn, phone);
    await phone.start();
  }
});

Then(
  'the phone on {string} is registered with {string}',
  async function (this: LabWorld, dn: string, node: string) {
    const s = scenario(this);
    const name = phoneOn(this, dn).deviceName;
    const p = phoneOn(this, dn);
    // On a real target: the node whose SCCP listener the phone is registered with, as it sees it.
    const target = s.target;
    if (target)
      return eventually(
        this,
        () => p.state.registered && pixitNodeAt(target, p.state.server) === node,
        `${name} registered with ${node} (${JSON.stringify(p.state.server)})`,
      );
    await eventually(
      this,
      () => s.cluster.registeredNode(name) === node && p.state.registered,
      `${name} registered with ${node}`,
    );
  },
);

Then('the phone on {string} is registered nowhere', async function (this: LabWorld, dn: string) {
  const s = scenario(this);
  const name = phoneOn(this, dn).deviceName;
  await eventually(this, () => s.cluster.registeredNode(name) === undefined, `${name} unregistered`);
});

When('CUCM node {string} fails', async function (this: LabWorld, node: string) {
  await scenario(this).cluster.stopNode(node);
});

When('CUCM node {string} comes back', async function (this: LabWorld, node: string) {
  await scenario(this).cluster.startNode(node);
});

// ------------------------------------------------------------------ phones

When('the phone on {string} calls {string}', async function (this: LabWorld, dn: string, digits: string) {
  const p = phoneOn(this, dn);
  p.offHook();
  await p.waitFor((st) => hears(st, 'InsideDialTone'), 5000, 'dial tone');
  p.dial(pixitCucmDn(this.pixit, digits));
});

Then('the phone on {string} rings', async function (this: LabWorld, dn: string) {
  const p = phoneOn(this, dn);
  await eventually(this, () => ringing(p.state), `the phone on ${dn} rings`, 30);
});

Then('the phone on {string} does not ring', async function (this: LabWorld, dn: string) {
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(!ringing(phoneOn(this, dn).state), `the phone on ${dn} does not ring`);
});

Then('the phone on {string} hears {string}', async function (this: LabWorld, dn: string, tone: string) {
  const p = phoneOn(this, dn);
  const names: Record<string, string> = {
    ringback: 'AlertingTone',
    'busy tone': 'LineBusyTone',
    'fast busy': 'ReorderTone',
  };
  const want = names[tone] ?? tone;
  await p.waitFor((st) => hears(st, want), 5000, `${dn} hears ${tone}`);
});

When('the phone on {string} answers', async function (this: LabWorld, dn: string) {
  const p = phoneOn(this, dn);
  await p.waitFor(ringing, 5000, 'ringing before answering');
  p.answer();
});

// ------------------------------------------------------------------ CTI sessions

async function open(
  world: LabWorld,
  user: string,
  line: string,
  opts: {
    password?: string;
    transport?: 'tcp' | 'udp' | 'tls';
    sessionExpires?: number;
    credentials?: false;
    name?: string;
    gateway?: string;
    autoRefresh?: boolean;
  } = {},
): Promise<void> {
  const s = scenario(world);
  if (s.target) {
    if (opts.gateway !== undefined) throw notOnRealTarget(s.target, `choosing the gateway ${opts.gateway}`);
    s.lastError = undefined;
    try {
      const to = pixitCucmSession(s.target, user, opts);
      const c = await Tr87Client.connect({
        host: to.host,
        port: to.port,
        transport: to.transport,
        user: to.uri,
        line: telOn(world, line),
        clock: systemClock,
        ...(opts.autoRefresh === false ? { autoRefresh: false } : {}),
        ...(opts.sessionExpires === undefined ? {} : { sessionExpires: opts.sessionExpires }),
        ...(opts.credentials === false ? {} : { credentials: to.credentials }),
      });
      s.clients.set(opts.name ?? user, c);
      s.everyClient.push(c);
    } catch (e) {
      s.lastError = e as Error;
    }
    return;
  }
  const gateways = s.cluster.endpoints.gateways;
  const gateway = opts.gateway ? gateways[opts.gateway] : Object.values(gateways)[0];
  // TLS: the gateway's TLS port, trusting the cluster's lab CA (a secure cluster has both).
  const sip = opts.transport === 'tls' ? gateway?.sipTls : gateway?.sip;
  assert.ok(sip, `the cluster has a CTI gateway${opts.transport === 'tls' ? ' with a TLS endpoint' : ''}`);
  const password = opts.password ?? s.topology.cluster.users.find((u) => u.id === user)?.password ?? 'none';
  s.lastError = undefined;
  try {
    const c = await Tr87Client.connect({
      host: sip.host,
      port: sip.port,
      transport: opts.transport ?? 'tcp',
      ...(opts.transport === 'tls' && s.cluster.labCa !== undefined ? { tls: { ca: s.cluster.labCa } } : {}),
      user: `sip:${user}@${s.topology.cluster.name}`,
      line: tel(line),
      clock: world.clock,
      ...(opts.autoRefresh === false ? { autoRefresh: false } : {}),
      ...(opts.sessionExpires === undefined ? {} : { sessionExpires: opts.sessionExpires }),
      ...(opts.credentials === false ? {} : { credentials: { username: user, password } }),
    });
    s.clients.set(opts.name ?? user, c);
    s.everyClient.push(c);
  } catch (e) {
    s.lastError = e as Error;
  }
}

When(
  '{string} opens a CTI session on line {string}',
  async function (this: LabWorld, user: string, line: string) {
    await open(this, user, line);
  },
);

When(
  '{string} opens a CTI session on line {string} over {word}',
  async function (this: LabWorld, user: string, line: string, transport: string) {
    await open(this, user, line, { transport: transport.toLowerCase() as 'tcp' | 'udp' | 'tls' });
  },
);

When(
  '{string} opens a CTI session on line {string} with the password {string}',
  async function (this: LabWorld, user: string, line: string, password: string) {
    await open(this, user, line, { password });
  },
);

When(
  '{string} opens a CTI session on line {string} without credentials',
  async function (this: LabWorld, user: string, line: string) {
    await open(this, user, line, { credentials: false });
  },
);

When(
  '{string} opens a CTI session on line {string} asking for a Session-Expires of {int} seconds',
  async function (this: LabWorld, user: string, line: string, seconds: number) {
    await open(this, user, line, { sessionExpires: seconds });
  },
);

Given(
  '{string} has a CTI session on line {string} monitoring {string}',
  async function (this: LabWorld, user: string, line: string, list: string) {
    await open(this, user, line);
    const c = client(this, user);
    for (const d of list.split(/,\s*/)) await c.monitorStart(telOn(this, d));
  },
);

Then('the CTI session of {string} is up', function (this: LabWorld, user: string) {
  const s = scenario(this);
  assert.equal(s.lastError, undefined, `no refusal (${s.lastError?.message})`);
  assert.equal(client(this, user).state, 'active');
});

Then('the CTI session is refused with status {int}', function (this: LabWorld, status: number) {
  const e = scenario(this).lastError;
  assert.ok(e instanceof Tr87SetupError, `a refused session set-up, got ${e?.message ?? 'no error'}`);
  assert.equal(e.status, status, e.message);
});

Then(
  'the CTI session is refused with status {int} and {string}',
  function (this: LabWorld, status: number, text: string) {
    const e = scenario(this).lastError;
    assert.ok(e instanceof Tr87SetupError, `a refused session set-up, got ${e?.message ?? 'no error'}`);
    assert.equal(e.status, status, e.message);
    assert.equal(errorText(e), text);
  },
);

Then(
  'the CTI session of {string} was granted a Session-Expires of {int} seconds',
  function (this: LabWorld, user: string, seconds: number) {
    assert.equal(client(this, user).sessionExpires, seconds);
  },
);

When('{string} starts a monitor on {string}', async function (this: LabWorld, user: string, device: string) {
  const s = scenario(this);
  s.lastError = undefined;
  try {
    await client(this, user).monitorStart(telOn(this, device));
  } catch (e) {
    s.lastError = e as Error;
  }
});

export async function request(
  world: LabWorld,
  user: string,
  req: Parameters<Tr87Client['request']>[0],
): Promise<void> {
  const s = scenario(world);
  s.lastError = undefined;
  try {
    const answer = await client(world, user).request(req);
    if (answer.type === 'SnapshotDeviceResponse')
      s.lastSnapshot =
        (answer as { crossRefIDorSnapshotData?: { snapshotData?: unknown[] } }).crossRefIDorSnapshotData
          ?.snapshotData?.length ?? 0;
  } catch (e) {
    s.lastError = e as Error;
  }
}

/** The only call of `device` as the client sees it: from its events, the last connection there. */
export async function connectionOf(
  world: LabWorld,
  user: string,
  device: string,
): Promise<{ callID: string; deviceID: string }> {
  const c = client(world, user);
  const dn = device.replace(/^tel:/, '').split(';')[0]!;
  const find = () => {
    for (let i = c.events.length - 1; i >= 0; i--) {
      const e = c.events[i] as CstaEvent & { connection?: { callID: string; deviceID: string } };
      const conn =
        e.connection ?? (e as { heldConnection?: { callID: string; deviceID: string } }).heldConnection;
      if (conn && conn.deviceID.replace(/^tel:/, '').split(';')[0] === dn) return conn;
    }
    return undefined;
  };
  // The call's first event may still be on its way (the phone dialled a moment ago).
  for (let i = 0; i < 200 && find() === undefined; i++) await new Promise((r) => setTimeout(r, 10));
  return find() ?? { callID: '', deviceID: tel(dn) };
}

When(
  '{string} makes a call from {string} to {string}',
  async function (this: LabWorld, user: string, from: string, to: string) {
    await request(this, user, {
      type: 'MakeCall',
      callingDevice: telOn(this, from),
      calledDirectoryNumber: telOn(this, to),
    });
  },
);

When('{string} answers the call at {string}', async function (this: LabWorld, user: string, device: string) {
  await request(this, user, { type: 'AnswerCall', callToBeAnswered: await connectionOf(this, user, device) });
});

When(
  '{string} redirects the call at {string} to {string}',
  async function (this: LabWorld, user: string, device: string, to: string) {
    await request(this, user, {
      type: 'DeflectCall',
      callToBeDiverted: await connectionOf(this, user, device),
      newDestination: tel(to),
    });
  },
);

When('{string} holds the call at {string}', async function (this: LabWorld, user: string, device: string) {
  await request(this, user, { type: 'HoldCall', callToBeHeld: await connectionOf(this, user, device) });
});

When(
  '{string} retrieves the call at {string}',
  async function (this: LabWorld, user: string, device: string) {
    await request(this, user, {
      type: 'RetrieveCall',
      callToBeRetrieved: await connectionOf(this, user, device),
    });
  },
);

When('{string} clears the call at {string}', async function (this: LabWorld, user: string, device: string) {
  await request(this, user, {
    type: 'ClearConnection',
    connectionToBeCleared: await connectionOf(this, user, device),
  });
});

When('{string} takes a snapshot of {string}', async function (this: LabWorld, user: string, device: string) {
  await request(this, user, { type: 'SnapshotDevice', snapshotObject: tel(device) });
});

Then('the CTI snapshot lists {int} call(s)', function (this: LabWorld, n: number) {
  assert.equal(scenario(this).lastSnapshot, n);
});

Then('the CTI request succeeded', function (this: LabWorld) {
  const e = scenario(this).lastError;
  assert.equal(e, undefined, `no refusal (${e?.message})`);
});

Then('the CTI request is refused with {string}', function (this: LabWorld, expected: string) {
  const e = scenario(this).lastError;
  assert.ok(e, 'the request was refused');
  assert.equal(errorText(e), expected, e.message);
});

Then(
  '{string} gets a(n) {word} for {string}',
  async function (this: LabWorld, user: string, type: string, device: string) {
    const c = client(this, user);
    const dn = pixitCucmDn(this.pixit, device);
    const deadline = Date.now() + 5000;
    for (;;) {
      const e = (await c.nextEvent(
        type as CstaEvent['type'],
        Math.max(1, deadline - Date.now()),
      )) as unknown as Record<string, unknown>;
      if (JSON.stringify(e).includes(`tel:${dn}`)) return;
    }
  },
);

Then(
  '{string} gets no {word} within {int} seconds',
  async function (this: LabWorld, user: string, type: string, seconds: number) {
    const c = client(this, user);
    const before = c.events.filter((e) => e.type === type).length;
    await this.passSeconds(seconds);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(c.events.filter((e) => e.type === type).length, before, `no new ${type}`);
  },
);

Then(
  'the DeliveredEvent of {string} names {string} as the caller',
  async function (this: LabWorld, user: string, dn: string) {
    const e = (await client(this, user).nextEvent('DeliveredEvent', 5000)) as {
      callingDevice?: { deviceIdentifier?: string };
    };
    assert.equal(
      e.callingDevice?.deviceIdentifier?.replace(/^tel:/, '').split(';')[0],
      pixitCucmDn(this.pixit, dn),
    );
  },
);

Then('the CTI session of {string} has ended', async function (this: LabWorld, user: string) {
  const c = client(this, user);
  await eventually(this, () => c.state === 'ended', `the session of ${user} ended`, 10);
});

Then('the CTI session of {string} is still up', async function (this: LabWorld, user: string) {
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(client(this, user).state, 'active');
});

When(
  '{string} opens a CTI session on line {string} that it never refreshes',
  async function (this: LabWorld, user: string, line: string) {
    // RFC 4028's shortest Session-Expires (90 s), so its expiry comes soon in the scenario.
    await open(this, user, line, { autoRefresh: false, sessionExpires: 90 });
  },
);

// ------------------------------------------------------------------ alarms

Then('the cluster raised no alarm', function (this: LabWorld) {
  assert.deepEqual(scenario(this).cluster.alarms, []);
});

Then(
  'the cluster raised the alarm {string} for {string} with limit {int} and count {int}',
  function (this: LabWorld, parameter: string, who: string, limit: number, count: number) {
    const found = scenario(this).cluster.alarms.some(
      (a) =>
        a.parameter === parameter &&
        (a.provider === who || a.node === who) &&
        a.limit === limit &&
        a.count === count,
    );
    assert.ok(
      found,
      `alarm ${parameter} ${who} ${limit} ${count} among ${JSON.stringify(scenario(this).cluster.alarms)}`,
    );
  },
);

// ------------------------------------------------------------------ redundancy

When('the {word} service of {string} fails', async function (this: LabWorld, service: string, node: string) {
  await scenario(this).cluster.stopService(node, serviceName(service));
});

When(
  'the {word} service of {string} comes back',
  async function (this: LabWorld, service: string, node: string) {
    await scenario(this).cluster.startService(node, serviceName(service));
  },
);

function serviceName(service: string): 'callmanager' | 'ctimanager' {
  const s = service.toLowerCase();
  assert.ok(s === 'callmanager' || s === 'ctimanager', `CallManager or CTIManager, not ${service}`);
  return s;
}

Then(
  'the CTI session of {string} is served by {string}',
  function (this: LabWorld, user: string, node: string) {
    const sessions = [...scenario(this).cluster.gateways.values()].flatMap((g) => g.cti.sessions());
    const mine = sessions.filter((s) => s.user === user).sort((a, b) => b.id - a.id)[0];
    assert.ok(mine, `${user} has an open session`);
    assert.equal(mine.node, node);
  },
);

Then(
  '{string} gets an OutOfServiceEvent and then a BackInServiceEvent for {string}',
  async function (this: LabWorld, user: string, device: string) {
    const c = client(this, user);
    const names = (type: string) =>
      c.events.findIndex((e) => e.type === type && JSON.stringify(e).includes(`tel:${device}`));
    await eventually(
      this,
      () => names('BackInServiceEvent') >= 0,
      `${user}: BackInServiceEvent for ${device}`,
      120,
    );
    const out = names('OutOfServiceEvent');
    assert.ok(out >= 0 && out < names('BackInServiceEvent'), 'OutOfServiceEvent came first');
  },
);

Then('{string} got no BYE', function (this: LabWorld, user: string) {
  const c = client(this, user);
  assert.equal(c.state, 'active', `session of ${user} ended: ${c.endReason}`);
});

Then(
  '{string} received exactly one {word} for {string}',
  async function (this: LabWorld, user: string, type: string, device: string) {
    await new Promise((r) => setTimeout(r, 50));
    const c = client(this, user);
    const n = c.events.filter((e) => e.type === type && JSON.stringify(e).includes(`tel:${device}`)).length;
    assert.equal(n, 1, `${type} for ${device} received ${n} times`);
  },
);

// ------------------------------------------------------------------ the command line

interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}
const cliOutcomes = new WeakMap<LabWorld, CliOutcome>();

When('`ctilab serve cucm` is started with the topology:', async function (this: LabWorld, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ctilab-cucm-'));
  const file = join(dir, 'lab.yaml');
  writeFileSync(file, text);
  const child = spawn(process.execPath, ['bin/ctilab.js', 'serve', 'cucm', '--topology', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const code = await new Promise<number | null>((resolve) => {
    // A topology that loads makes the node serve until SIGTERM: stop it once it printed its line.
    const ready = setInterval(() => {
      if (stdout.includes('\n')) child.kill('SIGTERM');
    }, 20);
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (c) => {
      clearInterval(ready);
      clearTimeout(guard);
      resolve(c);
    });
  });
  rmSync(dir, { recursive: true, force: true });
  cliOutcomes.set(this, { code, stdout, stderr });
});

Then(
  'it exits with code {int} before serving, naming {string}',
  function (this: LabWorld, code: number, text: string) {
    const o = cliOutcomes.get(this);
    assert.ok(o, 'the command ran');
    assert.equal(o.code, code, o.stderr);
    assert.equal(o.stdout, '', 'no endpoints line: nothing was served');
    assert.match(o.stderr, new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  },
);

// ------------------------------------------------------------------ many devices (limits)

Given(
  'the CUCM cluster of {string} is running with {int} extra CTI ports controlled by {string}',
  async function (this: LabWorld, file: string, n: number, user: string) {
    await startCluster(this, file, (c) => {
      const pool = Object.keys(c.devicePools)[0]!;
      const owner = c.users.find((u) => u.id === user);
      assert.ok(owner, `${user} is a user of ${file}`);
      for (let i = 0; i < n; i++) {
        const name = `CTIP${String(i).padStart(5, '0')}`;
        c.ctiPorts.push({ name, devicePool: pool, lines: [{ dn: `5${String(i).padStart(5, '0')}` }] });
        owner.controlledDevices.push(name);
      }
    });
  },
);

When('{string} opens {int} of the extra CTI ports', async function (this: LabWorld, user: string, n: number) {
  const c = client(this, user);
  const opened = c.monitors.size;
  for (let i = opened; i < opened + n; i++) await c.monitorStart(`tel:5${String(i).padStart(5, '0')}`);
});

Then('the cluster raised no {string} alarm', function (this: LabWorld, parameter: string) {
  const alarms = scenario(this).cluster.alarms.filter((a) => a.parameter === parameter);
  assert.deepEqual(alarms, []);
});

// ------------------------------------------------------------------ administration

When(
  'the administrator applies the configuration of {string} with Call Forward No Answer to {string}',
  function (this: LabWorld, device: string, destination: string) {
    const s = scenario(this);
    s.callIdsBefore = new Map();
    for (const d of s.cluster.directory.device(device)?.dns ?? [])
      s.callIdsBefore.set(
        d,
        s.cluster.calls.model.snapshotDevice(d).map((i) => `${i.callID}:${i.localConnectionState}`),
      );
    s.cluster.applyConfig(device, { noAnswer: destination });
  },
);

Then('the calls at {string} keep their callIDs and states', function (this: LabWorld, dn: string) {
  const s = scenario(this);
  const before = s.callIdsBefore?.get(dn);
  assert.ok(before && before.length > 0, `calls were present at ${dn} before`);
  const now = s.cluster.calls.model.snapshotDevice(dn).map((i) => `${i.callID}:${i.localConnectionState}`);
  assert.deepEqual(now, before);
});

Given(
  'the CUCM cluster of {string} is running with {string} controlling {string}',
  async function (this: LabWorld, file: string, user: string, device: string) {
    await startCluster(this, file, (c) => {
      const u = c.users.find((x) => x.id === user);
      assert.ok(u, `${user} is a user of ${file}`);
      u.controlledDevices.push(device);
    });
  },
);
