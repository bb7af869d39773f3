// Steps of the ACD call-event features (features/acd/call-events.feature,
// features/acd/call-data-across-agents.feature): sessions with chosen masks and on a chosen ACD
// node, the ACD and the ICM router acting directly (agent state, call data, a pre-route), calls
// moved on the lab's call model, and an exact check of the call and agent events a client got
// (Cisco "CTI Server Message Reference Guide", chapter 2 "Message Masks", chapter 5 "Call Events",
// "AGENT_STATE_EVENT"; "CTI Planning", "CTI Server Client Application Models").
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { CtiServerClient } from '../simulators/cti-server/client/cti-server-client.ts';
import {
  AgentState,
  AgentStateMask,
  CallMsgMask,
  type CtiMessage,
  floatingString,
  ServiceMask,
} from '../simulators/cti-server/wire.ts';
import { mustSucceed } from '../simulators/lab/result.ts';
import { ALL_AGENT_STATES, ALL_CALL_EVENTS, acdScenario, ctiClient, sideEndpoint } from './acd-steps.ts';
import type { LabWorld } from './world.ts';

/** A mask of the step: ALL, NONE, or bit names joined by "|" (e.g. DELIVERED|END_CALL). */
function mask(text: string, bits: Readonly<Record<string, number>>, all: number): number {
  if (text === 'ALL') return all;
  if (text === 'NONE') return 0;
  return text.split('|').reduce((m, name) => {
    const bit = bits[name];
    assert.ok(bit !== undefined, `mask bit ${name}`);
    return (m | bit) >>> 0;
  }, 0);
}

function nodeOfAgent(world: LabWorld, agent: string) {
  const n = acdScenario(world).nodes.find((x) => x.peripheral.agents.some((a) => a.id === agent));
  assert.ok(n, `agent ${agent} is in the lab`);
  return n;
}

function peripheralOfAgent(world: LabWorld, agent: string) {
  return acdScenario(world).lab.system.peripheral(nodeOfAgent(world, agent).peripheral.id);
}

async function open(
  world: LabWorld,
  name: string,
  side: string,
  node: string | undefined,
  options: Partial<Parameters<typeof CtiServerClient.connect>[0]>,
): Promise<void> {
  const s = acdScenario(world);
  const other = side === 'A' ? 'B' : 'A';
  const client = await CtiServerClient.connect({
    sides: [sideEndpoint(world, side, node), sideEndpoint(world, other, node)],
    clientID: name,
    password: '',
    services: ServiceMask.ALL_EVENTS,
    callMsgMask: ALL_CALL_EVENTS,
    agentStateMask: ALL_AGENT_STATES,
    clock: world.clock,
    openFailureWaitMs: 1000,
    maxOpenAttempts: 1,
    ...options,
  });
  s.clients.set(name, client);
}

/** The call and agent events of a message list as step text ("AGENT_STATE_EVENT 5001 TALKING"). */
function eventText(m: CtiMessage): string {
  if (m.name !== 'AGENT_STATE_EVENT') return m.name;
  const state = Object.entries(AgentState).find(([, v]) => v === m.fixed.AgentState)?.[0];
  return `AGENT_STATE_EVENT ${floatingString(m, 'AgentID')} ${state}`;
}

// ------------------------------------------------------------------ sessions

Given(
  '{string} opens a CTI Bridge session on side {word} with CallMsgMask {word} and AgentStateMask {word}',
  async function (this: LabWorld, name: string, side: string, calls: string, agents: string) {
    await open(this, name, side, undefined, {
      callMsgMask: mask(calls, CallMsgMask, ALL_CALL_EVENTS),
      agentStateMask: mask(agents, AgentStateMask, ALL_AGENT_STATES),
    });
  },
);

Given(
  '{string} opens a CTI Bridge session on side {word} of ACD node {string}',
  async function (this: LabWorld, name: string, side: string, node: string) {
    await open(this, name, side, node, {});
  },
);

Given(
  '{string} opens an agent workstation session for agent {string} on side {word} with AgentStateMask {word}',
  async function (this: LabWorld, name: string, agent: string, side: string, agents: string) {
    await open(this, name, side, nodeOfAgent(this, agent).name, {
      services: ServiceMask.CLIENT_EVENTS,
      peripheralID: nodeOfAgent(this, agent).peripheral.id,
      agentID: agent,
      agentStateMask: mask(agents, AgentStateMask, ALL_AGENT_STATES),
    });
  },
);

Given(
  '{string} opens an agent workstation session for agent {string} of ACD node {string} on side {word}',
  async function (this: LabWorld, name: string, agent: string, node: string, side: string) {
    await open(this, name, side, node, {
      services: ServiceMask.CLIENT_EVENTS,
      peripheralID: nodeOfAgent(this, agent).peripheral.id,
      agentID: agent,
    });
  },
);

// ------------------------------------------------------------------ the ACD and the router

Given('agent {string} is logged in on the ACD', function (this: LabWorld, agent: string) {
  const p = peripheralOfAgent(this, agent);
  const spec = nodeOfAgent(this, agent).peripheral.agents.find((a) => a.id === agent)!;
  mustSucceed(p.login(agent, spec.password), `login of ${agent}`);
});

When('the ACD makes agent {string} ready', function (this: LabWorld, agent: string) {
  mustSucceed(peripheralOfAgent(this, agent).setAgentState(agent, 'AVAILABLE'), `${agent} ready`);
});

When(
  'the ACD sets CallVariable{int} of the call at {string} to {string}',
  function (this: LabWorld, n: number, device: string, value: string) {
    const s = acdScenario(this);
    const [item] = s.lab.calls.model.snapshotDevice(device);
    assert.ok(item, `a call at ${device}`);
    for (const node of s.nodes) {
      const acdCall = s.lab.system.bindings.get(node.peripheral.id)?.acdCallOf(item.callID);
      if (acdCall === undefined) continue;
      mustSucceed(
        s.lab.system.peripheral(node.peripheral.id).setCallData(acdCall, { callVariables: { [n]: value } }),
        'call data',
      );
      return;
    }
    assert.fail(`the call at ${device} is no ACD call`);
  },
);

When(
  'the ICM router pre-routes a call for dialed number {string} with ANI {string} and CallVariable{int} {string}',
  function (this: LabWorld, dn: string, ani: string, n: number, value: string) {
    const s = acdScenario(this);
    const node = s.nodes.find((x) => x.peripheral.dialedNumbers.some((d) => d.number === dn));
    assert.ok(node, `dialed number ${dn} is in the lab`);
    mustSucceed(
      s.lab.system.router.preRoute(node.peripheral.id, dn, {
        ani,
        update: { callVariables: { [n]: value } },
      }),
      'pre-route',
    );
  },
);

// ------------------------------------------------------------------ calls on the call model

/** The connected call at `dn`, waiting for the phone's answer to reach the call model. */
async function connectedAt(world: LabWorld, dn: string) {
  const model = acdScenario(world).lab.calls.model;
  const find = () => model.snapshotDevice(dn).find((i) => i.localConnectionState === 'connected');
  for (let i = 0; i < 400 && find() === undefined; i++) await new Promise((r) => setTimeout(r, 5));
  const item = find();
  assert.ok(item, `a connected call at ${dn}`);
  return { model, connection: item.connection };
}

When('the phone {string} puts its call on hold', async function (this: LabWorld, dn: string) {
  const { model, connection } = await connectedAt(this, dn);
  mustSucceed(model.hold(connection), 'hold');
});

When(
  'the agent on {string} transfers the call to {string} in a single step',
  async function (this: LabWorld, dn: string, digits: string) {
    const { model, connection } = await connectedAt(this, dn);
    mustSucceed(model.singleStepTransfer(connection, digits), 'single-step transfer');
  },
);

// ------------------------------------------------------------------ what a client got

Then(
  '{string} has received exactly these call and agent events:',
  async function (this: LabWorld, name: string, table) {
    const want = (table.raw() as string[][]).map((r) => r[0]!);
    const client = ctiClient(this, name);
    const got = () => client.events.filter((m) => m.name !== 'SYSTEM_EVENT').map(eventText);
    for (let i = 0; i < 400 && got().length < want.length; i++) await new Promise((r) => setTimeout(r, 5));
    // Anything more would arrive with the last one: a short grace for extras.
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(got(), want);
  },
);

Then('{string} has received {word} by now', async function (this: LabWorld, name: string, event: string) {
  const client = ctiClient(this, name);
  for (let i = 0; i < 600 && !client.events.some((m) => m.name === event); i++)
    await new Promise((r) => setTimeout(r, 5));
  assert.ok(
    client.events.some((m) => m.name === event),
    `${name} received ${event} (got ${client.events.map((m) => m.name).join(', ')})`,
  );
});

Then('{string} has received no call or agent event', async function (this: LabWorld, name: string) {
  await new Promise((r) => setTimeout(r, 100));
  const got = ctiClient(this, name)
    .events.filter((m) => m.name !== 'SYSTEM_EVENT')
    .map(eventText);
  assert.deepEqual(got, []);
});
