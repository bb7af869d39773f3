// The ACD lab on the lab runtimes (features/failover/acd-duplex-runtimes.feature, tagged @failover
// so the failoverProcess / failoverContainers profiles run it on the process and containers
// runtimes as well): labs/acd-duplex.yaml runs in a lab of the scenario's runtime (`ctilab lab up`;
// simulators/runtime/acd-lab-unit.ts), faults are the lab's own fault verbs on the ACD node (they
// act on its duplexed CTI Server), and the CTI clients are real CtiServerClients here, on the real
// clock, talking to the side endpoints the lab publishes. Without a Docker engine the containers
// scenarios are skipped with the reason (as the CUCM lab steps do).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Given, Then, When } from '@cucumber/cucumber';
import {
  type CtiClientEndpoint,
  CtiServerClient,
} from '../simulators/cti-server/client/cti-server-client.ts';
import {
  AgentState,
  CtiFrameReader,
  type CtiMessage,
  CtiStatus,
  ctiMessage,
  ctiStatusName,
  decodeMessage,
  encodeMessage,
  floatingString,
  NEWEST_VERSION,
  NULL_U32,
  ServiceMask,
} from '../simulators/cti-server/wire.ts';
import type { NodeEndpoints } from '../simulators/runtime/lab-runtime.ts';
import { runtimeOf } from '../simulators/runtime/runtimes.ts';
import { acdNodesOf } from '../simulators/topology/acd-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { skipWithoutDocker } from './docker-skip.ts';
import { noLabOnRealTarget } from './pixit-target.ts';
import type { LabWorld } from './world.ts';

interface AcdLabScenario {
  /** The ACD node's peripheral id, by node name. */
  readonly peripherals: ReadonlyMap<string, number>;
  readonly clients: Map<string, CtiServerClient>;
  readonly everyClient: CtiServerClient[];
  /** The FAILURE_CONF Status of the last refused open, by client name. */
  readonly refusals: Map<string, number | undefined>;
  group: string;
}

const labs = new WeakMap<LabWorld, AcdLabScenario>();

function acdScenario(world: LabWorld): AcdLabScenario {
  const s = labs.get(world);
  assert.ok(s && world.runtimeLab, 'the ACD lab is up (Given the ACD lab ... is up on the scenario runtime)');
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

function acdNode(world: LabWorld, node: string): NodeEndpoints {
  const n = world.runtimeLab?.nodes[node];
  assert.ok(n?.kind === 'acd', `the lab has an ACD node '${node}'`);
  return n;
}

function side(world: LabWorld, node: string, name: string): CtiClientEndpoint {
  const endpoints = acdNode(world, node).endpoints;
  const ep = name === 'A' ? endpoints.ctiServerA : name === 'B' ? endpoints.ctiServerB : undefined;
  assert.ok(ep, `side ${name} of ${node}`);
  return ep;
}

async function duplexNow(world: LabWorld, node: string): Promise<NodeEndpoints['duplex']> {
  return (await world.runtimeLab!.status()).nodes[node]?.duplex;
}

Given(
  'the ACD lab {string} is up on the scenario runtime',
  { timeout: 240_000 },
  async function (this: LabWorld, file: string) {
    if ((await skipWithoutDocker(this)) === 'skipped') return 'skipped';
    const loaded = await loadTopology(file);
    const nodes = acdNodesOf(loaded);
    assert.ok(nodes.length > 0, `${file} has an ACD node`);
    // A process or containers lab captures its own traffic; hooks.ts merges it into the
    // scenario's pcap and dissects the CTI Server sides' ports with the GED-188 plugin.
    if (this.runtime !== 'embedded') this.labCaptureDir = mkdtempSync(join(tmpdir(), 'ctilab-lab-capture-'));
    noLabOnRealTarget(this, `the ACD lab ${file}`);
    const lab = await (await runtimeOf(this.runtime)).start(
      loaded,
      this.labCaptureDir === undefined ? {} : { captureDir: this.labCaptureDir },
    );
    this.runtimeLab = lab;
    this.attach(`runtime: ${this.runtime} ${JSON.stringify(lab.nodes)}`, 'text/plain');
    const s: AcdLabScenario = {
      peripherals: new Map(nodes.map((n) => [n.name, n.peripheral.id])),
      clients: new Map(),
      everyClient: [],
      refusals: new Map(),
      group: Object.keys((await lab.status()).phones)[0] ?? '',
    };
    labs.set(this, s);
    this.cleanups.push(async () => {
      for (const c of s.everyClient) c.destroy();
    });
    return undefined;
  },
);

Then(
  'in the ACD lab, the phones {string} are registered with {string}',
  { timeout: 40_000 },
  async function (this: LabWorld, list: string, node: string) {
    const s = acdScenario(this);
    const devices = list.split(/,\s*/);
    await within(
      30,
      async () => {
        const where = (await this.runtimeLab!.status()).phones[s.group]?.devices ?? {};
        return devices.every((d) => where[d] === node);
      },
      `${devices.join(', ')} registered with ${node}`,
    );
  },
);

Then(
  'in the ACD lab, side {string} of {string} listens on port {int} and side {string} on port {int}',
  function (this: LabWorld, a: string, node: string, portA: number, b: string, portB: number) {
    assert.equal(side(this, node, a).port, portA);
    assert.equal(side(this, node, b).port, portB);
  },
);

Then(
  'in the ACD lab, side {string} of {string} is active and sides {string} listen',
  async function (this: LabWorld, active: string, node: string, up: string) {
    assert.deepEqual(await duplexNow(this, node), { active, up: up.split(/,\s*/) });
  },
);

/** CTI Bridge: All Events ("CTI Bridge Application"), every call and agent state message. */
When(
  'in the ACD lab, the CTI Bridge {string} opens a session given sides {string} of {string}',
  { timeout: 60_000 },
  async function (this: LabWorld, clientID: string, sides: string, node: string) {
    const s = acdScenario(this);
    const c = await CtiServerClient.connect({
      sides: sides.split(/,\s*/).map((n) => side(this, node, n)),
      clientID,
      password: '',
      services: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL,
      callMsgMask: NULL_U32,
      agentStateMask: NULL_U32,
      peripheralID: s.peripherals.get(node),
      // The client waits this long after a refused or failed open before trying the other side
      // (uccertweb waits 5 s; shortened for the scenario).
      openFailureWaitMs: 500,
    });
    s.clients.set(clientID, c);
    s.everyClient.push(c);
  },
);

When(
  'in the ACD lab, a client {string} with ClientID {string} tries once to open a session on side {string} of {string}',
  async function (this: LabWorld, name: string, clientID: string, sideName: string, node: string) {
    acdScenario(this).refusals.set(name, await openFailureStatus(side(this, node, sideName), clientID));
  },
);

/**
 * One OPEN_REQ on a fresh TCP connection, as a client's first message (guide chapter 4 "Session
 * Initialization"): the Status of the FAILURE_CONF the side answers, undefined for anything else.
 */
function openFailureStatus(endpoint: CtiClientEndpoint, clientID: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect(endpoint);
    const reader = new CtiFrameReader();
    const done = (status: number | undefined) => {
      socket.destroy();
      resolve(status);
    };
    socket.setTimeout(5_000, () => done(undefined));
    socket.on('error', () => done(undefined));
    socket.on('connect', () =>
      socket.write(
        encodeMessage(
          ctiMessage(
            'OPEN_REQ',
            {
              InvokeID: 1,
              VersionNumber: NEWEST_VERSION,
              IdleTimeout: NULL_U32,
              PeripheralID: NULL_U32,
              ServicesRequested: ServiceMask.ALL_EVENTS,
            },
            [
              { name: 'ClientID', value: clientID },
              { name: 'ClientPassword', value: Buffer.alloc(0) },
            ],
          ),
          NEWEST_VERSION,
        ),
      ),
    );
    socket.on('data', (chunk: Buffer) => {
      for (const r of reader.push(chunk)) {
        if (!r.ok) return done(undefined);
        const d = decodeMessage(r.frame.messageType, r.frame.body, NEWEST_VERSION);
        if (!d.ok) continue;
        return done(d.message.name === 'FAILURE_CONF' ? (d.message.fixed.Status as number) : undefined);
      }
    });
  });
}

Then(
  'in the ACD lab, {string} is refused with FAILURE_CONF {word}',
  function (this: LabWorld, name: string, statusName: string) {
    const s = acdScenario(this);
    assert.ok(s.refusals.has(name), `${name} was refused (it opened a session)`);
    const status = s.refusals.get(name);
    assert.equal(
      status === undefined ? 'no FAILURE_CONF' : ctiStatusName(status),
      statusName,
      `${name}: FAILURE_CONF Status ${status}`,
    );
  },
);

Then(
  'in the ACD lab, {string} is in session on side {string}',
  { timeout: 40_000 },
  async function (this: LabWorld, name: string, sideName: string) {
    const c = acdScenario(this).clients.get(name);
    assert.ok(c, `${name} opened a session`);
    const index = sideName === 'A' ? 0 : 1;
    await within(30, () => c.isOpen && c.side === index, `${name} in session on side ${sideName}`);
  },
);

Then(
  'in the ACD lab, {string} opened {int} session(s) and was refused or cut off on side {string} first',
  function (this: LabWorld, name: string, sessions: number, sideName: string) {
    const c = acdScenario(this).clients.get(name);
    assert.ok(c, `${name} opened a session`);
    assert.equal(c.sessionsOpened, sessions);
    const index = sideName === 'A' ? 0 : 1;
    assert.ok(
      c.openFailures.some((f) => f.side === index),
      `${name} failed on side ${sideName} first: ${JSON.stringify(c.openFailures)}`,
    );
  },
);

// ------------------------------------------------------------------ the call flow
// These steps use the ACD CTI Server's requests and events halves (simulators/acd-cti/
// acd-cti-requests.ts, acd-cti-events.ts). A build whose requests half is still the skeleton
// answers every request FAILURE_CONF E_CTI_FUNCTION_NOT_AVAILABLE: the scenario is then skipped
// with that reason (no ACD request can succeed there), never passed.

function notAvailable(answer: CtiMessage): boolean {
  return answer.name === 'FAILURE_CONF' && answer.fixed.Status === CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE;
}

function describe(answer: CtiMessage): string {
  const status = typeof answer.fixed.Status === 'number' ? ` ${ctiStatusName(answer.fixed.Status)}` : '';
  return `${answer.name}${status}`;
}

When(
  'in the ACD lab, agent {string} logs in with password {string} on extension {string} of {string} and becomes available',
  { timeout: 60_000 },
  async function (this: LabWorld, agent: string, password: string, extension: string, node: string) {
    const s = acdScenario(this);
    const peripheralID = s.peripherals.get(node) ?? NULL_U32;
    // An agent workstation ("Agent Workstation Application"): Client Events for its own teleset.
    const desk = await CtiServerClient.connect({
      sides: [side(this, node, 'A'), side(this, node, 'B')],
      clientID: `agent-${agent}`,
      password: '',
      services: ServiceMask.CLIENT_EVENTS | ServiceMask.CLIENT_CONTROL,
      peripheralID,
      agentExtension: extension,
      agentID: agent,
      openFailureWaitMs: 500,
    });
    s.everyClient.push(desk);
    s.clients.set(`agent ${agent}`, desk);
    for (const state of [AgentState.LOGIN, AgentState.AVAILABLE]) {
      const answer = await desk.request(
        ctiMessage('SET_AGENT_STATE_REQ', { PeripheralID: peripheralID, AgentState: state }, [
          { name: 'AgentInstrument', value: extension },
          { name: 'AgentID', value: agent },
          { name: 'AgentPassword', value: password },
        ]),
      );
      if (notAvailable(answer)) {
        this.attach(
          'skipped: the ACD CTI Server answers SET_AGENT_STATE_REQ FAILURE_CONF E_CTI_FUNCTION_NOT_AVAILABLE (its requests half is not in this build)',
          'text/plain',
        );
        return 'skipped';
      }
      assert.equal(answer.name, 'SET_AGENT_STATE_CONF', `SET_AGENT_STATE_REQ ${state}: ${describe(answer)}`);
    }
    return undefined;
  },
);

When(
  'in the ACD lab, {string} calls {string} from {string} on {string}',
  { timeout: 30_000 },
  async function (this: LabWorld, name: string, dialed: string, from: string, node: string) {
    const s = acdScenario(this);
    const c = s.clients.get(name);
    assert.ok(c, `${name} is in session`);
    const answer = await c.request(
      ctiMessage('MAKE_CALL_REQ', { PeripheralID: s.peripherals.get(node) ?? NULL_U32 }, [
        { name: 'AgentInstrument', value: from },
        { name: 'DialedNumber', value: dialed },
      ]),
    );
    assert.equal(answer.name, 'MAKE_CALL_CONF', `MAKE_CALL_REQ ${from} -> ${dialed}: ${describe(answer)}`);
  },
);

Then(
  'in the ACD lab, {string} gets a {word} for {string}',
  { timeout: 40_000 },
  async function (this: LabWorld, name: string, event: string, device: string) {
    const c = acdScenario(this).clients.get(name);
    assert.ok(c, `${name} is in session`);
    const about = (m: CtiMessage) =>
      m.name === event && m.floating.some((f) => typeof f.value === 'string' && f.value === device);
    await within(30, () => c.events.some(about), `${name}: ${event} naming ${device}`);
  },
);

Then(
  'in the ACD lab, {string} reads agent {string} logged in on {string}',
  { timeout: 30_000 },
  async function (this: LabWorld, name: string, agent: string, node: string) {
    const s = acdScenario(this);
    const c = s.clients.get(name);
    assert.ok(c, `${name} is in session`);
    await within(20, () => c.isOpen, `${name} in session`);
    const answer = await c.request(
      ctiMessage('QUERY_AGENT_STATE_REQ', { PeripheralID: s.peripherals.get(node) ?? NULL_U32 }, [
        { name: 'AgentID', value: agent },
      ]),
    );
    assert.equal(answer.name, 'QUERY_AGENT_STATE_CONF', describe(answer));
    assert.notEqual(answer.fixed.AgentState, AgentState.LOGOUT, `agent ${agent} is logged in`);
    assert.equal(floatingString(answer, 'AgentID') ?? agent, agent);
  },
);
