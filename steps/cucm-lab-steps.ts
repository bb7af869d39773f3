// CUCM redundancy on the lab runtimes (features/failover/cucm-lab-runtimes.feature, tagged
// @failover so the failoverProcess profile runs it on the process runtime as well): the cluster and
// its phones run in a lab of the scenario's runtime (`ctilab lab up`; simulators/runtime/cucm-lab.ts),
// faults are the lab's own fault verbs, and the CTI application is a TR/87 client here, on the real
// clock, talking to the gateway endpoint the lab publishes. On the containers runtime (the
// failoverContainers profile) the cluster is one container driven through its admin endpoint
// (simulators/runtime/containers/cluster-container.ts) and its phones another; without a Docker
// engine the scenarios are skipped with the reason.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { errorCategory, errorValue } from '../simulators/csta/csta-error-code.ts';
import type { CstaEvent } from '../simulators/csta/csta-types.ts';
import { systemClock } from '../simulators/lab/clock.ts';
import type { LabFault } from '../simulators/runtime/lab-fault.ts';
import { runtimeOf } from '../simulators/runtime/runtimes.ts';
import { cucmClustersOf } from '../simulators/topology/cucm-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { Tr87Client } from '../simulators/tr87/tr87-client.ts';
import { CstaRequestError, Tr87SetupError } from '../simulators/tr87/tr87-errors.ts';
import { skipWithoutDocker } from './docker-skip.ts';
import { noLabOnRealTarget } from './pixit-target.ts';
import type { LabWorld } from './world.ts';

interface CucmLabScenario {
  readonly users: ReadonlyMap<string, string>;
  readonly group: string;
  readonly clients: Map<string, Tr87Client>;
  readonly everyClient: Tr87Client[];
  /** What the last session set-up or request of a step answered: "ok", the SIP status, or the CSTA error. */
  outcome: string;
}

const labs = new WeakMap<LabWorld, CucmLabScenario>();

function labScenario(world: LabWorld): CucmLabScenario {
  const s = labs.get(world);
  assert.ok(
    s && world.runtimeLab,
    'the CUCM lab is up (Given the CUCM lab ... is up on the scenario runtime)',
  );
  return s;
}

/** Real time: poll `pred` every 100 ms for at most `seconds`. */
async function within(seconds: number, pred: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await pred()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: not within ${seconds} s`);
}

Given(
  'the CUCM lab {string} is up on the scenario runtime',
  { timeout: 240_000 },
  async function (this: LabWorld, file: string) {
    if ((await skipWithoutDocker(this)) === 'skipped') return 'skipped';
    const loaded = await loadTopology(file);
    const [topology] = cucmClustersOf(loaded);
    assert.ok(topology, `${file} has a CUCM cluster`);
    noLabOnRealTarget(this, `the CUCM lab ${file}`);
    const lab = await (await runtimeOf(this.runtime)).start(loaded);
    this.runtimeLab = lab;
    this.attach(`runtime: ${this.runtime} ${JSON.stringify(lab.nodes)}`, 'text/plain');
    const s: CucmLabScenario = {
      users: new Map(topology.cluster.users.map((u) => [u.id, u.password])),
      group: Object.keys((await lab.status()).phones)[0] ?? '',
      clients: new Map(),
      everyClient: [],
      outcome: '',
    };
    labs.set(this, s);
    this.cleanups.push(async () => {
      await Promise.allSettled(s.everyClient.map((c) => c.close()));
    });
    const phones = topology.cluster.phones.length;
    await within(
      30,
      async () => (await lab.status()).phones[s.group]?.registered === phones,
      'the phones registered',
    );
    return undefined;
  },
);

Then(
  'in the lab, {string} is registered with {string}',
  { timeout: 40_000 },
  async function (this: LabWorld, device: string, node: string) {
    const s = labScenario(this);
    const lab = this.runtimeLab!;
    await within(
      30,
      async () => (await lab.status()).phones[s.group]?.devices?.[device] === node,
      `${device} registered with ${node}`,
    );
  },
);

async function connect(world: LabWorld, user: string, line: string): Promise<Tr87Client> {
  const s = labScenario(world);
  const gateway = Object.values(world.runtimeLab!.nodes).find((n) => n.kind === 'cti-gateway');
  const sip = gateway?.endpoints.sip;
  assert.ok(sip, 'the lab has a CTI gateway with a SIP endpoint');
  const c = await Tr87Client.connect({
    host: sip.host,
    port: sip.port,
    transport: 'tcp',
    user: `sip:${user}@cucm`,
    line: `tel:${line}`,
    clock: systemClock,
    credentials: { username: user, password: s.users.get(user) ?? 'none' },
  });
  s.clients.set(user, c);
  s.everyClient.push(c);
  return c;
}

Given(
  'in the lab, {string} monitors {string} from a CTI session on line {string}',
  async function (this: LabWorld, user: string, list: string, line: string) {
    const c = await connect(this, user, line);
    for (const d of list.split(/,\s*/)) await c.monitorStart(`tel:${d}`);
  },
);

When('the lab fault {string} hits {string}', async function (this: LabWorld, kind: string, node: string) {
  const outcome = await this.runtimeLab!.fault(node, { kind } as LabFault);
  this.attach(JSON.stringify(outcome), 'text/plain');
  assert.ok(outcome.applied, `fault ${kind} on ${node} applied (${JSON.stringify(outcome)})`);
});

const about = (e: CstaEvent, device: string) => JSON.stringify(e).includes(`tel:${device}`);

Then(
  'in the lab, the CTI session of {string} ends',
  { timeout: 40_000 },
  async function (this: LabWorld, user: string) {
    const c = labScenario(this).clients.get(user);
    assert.ok(c, `${user} had a CTI session`);
    await within(30, () => c.state !== 'active', `the session of ${user} ended`);
  },
);

When(
  'in the lab, {string} makes a call from {string} to {string}',
  async function (this: LabWorld, user: string, from: string, to: string) {
    const c = labScenario(this).clients.get(user);
    assert.ok(c, `${user} has a CTI session`);
    await c.request({ type: 'MakeCall', callingDevice: `tel:${from}`, calledDirectoryNumber: `tel:${to}` });
  },
);

Then(
  'in the lab, {string} gets a {word} for {string}',
  { timeout: 40_000 },
  async function (this: LabWorld, user: string, type: string, device: string) {
    const c = labScenario(this).clients.get(user);
    assert.ok(c, `${user} has a CTI session`);
    await within(
      30,
      () => c.events.some((e) => e.type === type && about(e, device)),
      `${user}: ${type} for ${device}`,
    );
  },
);

Then(
  'in the lab, a snapshot of {string} by {string} lists {int} call(s)',
  async function (this: LabWorld, device: string, user: string, n: number) {
    const c = labScenario(this).clients.get(user);
    assert.ok(c, `${user} has a CTI session`);
    const answer = await c.request({ type: 'SnapshotDevice', snapshotObject: `tel:${device}` });
    const items = (answer as { crossRefIDorSnapshotData?: { snapshotData?: unknown[] } })
      .crossRefIDorSnapshotData?.snapshotData;
    assert.equal(items?.length ?? 0, n);
  },
);

/** "ok", "403 Forbidden" for a refused session, "category/value" for a CSTA error. */
function outcomeOf(e: unknown): string {
  if (e instanceof Tr87SetupError) return `${e.status} ${e.reason}`;
  if (e instanceof CstaRequestError) return `${errorCategory(e.code)}/${String(errorValue(e.code))}`;
  throw e;
}

When(
  'in the lab, {string} opens a CTI session on line {string}',
  async function (this: LabWorld, user: string, line: string) {
    const s = labScenario(this);
    try {
      await connect(this, user, line);
      s.outcome = 'ok';
    } catch (e) {
      s.outcome = outcomeOf(e);
    }
  },
);

When(
  'in the lab, {string} starts a monitor on {string}',
  async function (this: LabWorld, user: string, device: string) {
    const s = labScenario(this);
    const c = s.clients.get(user);
    assert.ok(c, `${user} has a CTI session`);
    try {
      await c.monitorStart(`tel:${device}`);
      s.outcome = 'ok';
    } catch (e) {
      s.outcome = outcomeOf(e);
    }
  },
);

Then('in the lab, the answer is {string}', function (this: LabWorld, expected: string) {
  assert.equal(labScenario(this).outcome, expected);
});
