// Base steps of the ACD features (features/acd, issue 11): an ACD lab (labs/acd-*.yaml) as an
// AcdLab in this process on the scenario's ManualClock with ephemeral ports, its SCCP phones
// registered, and CTI Server clients (CTI Bridge or agent workstation, "CTI Planning", "CTI
// Server Client Application Models") on real TCP. Other ACD step files build on the exported
// helpers: acdScenario, ctiClient, sendCti, fieldText.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import type { AcdSpec } from '../simulators/acd/acd-spec.ts';
import { AcdLab } from '../simulators/acd-cti/acd-lab.ts';
import { CtiOpenError, CtiServerClient } from '../simulators/cti-server/client/cti-server-client.ts';
import {
  AgentState,
  AgentStateMask,
  CallMsgMask,
  type CtiMessage,
  CtiStatus,
  ctiMessage,
  floatingValues,
  ServiceMask,
} from '../simulators/cti-server/wire.ts';
import { SccpPhone } from '../simulators/phone/phone.ts';
import { acdNodesOf } from '../simulators/topology/acd-topology.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { hears, ringing } from './phone-state-checks.ts';
import { pixitAcdLab, pixitCtiServerSide } from './pixit-acd.ts';
import { noLabOnRealTarget } from './pixit-target.ts';
import type { LabWorld } from './world.ts';

export interface AcdScenario {
  readonly lab: AcdLab;
  readonly nodes: readonly AcdSpec[];
  /** The lab's phones by DN. */
  readonly phones: Map<string, SccpPhone>;
  /** CTI clients by the scenario's name for them (also their ClientID). */
  readonly clients: Map<string, CtiServerClient>;
  /** The last answer to a request of a step. */
  lastAnswer: CtiMessage | undefined;
  /** The last refusal of a session set-up. */
  lastError: Error | undefined;
}

const scenarios = new WeakMap<LabWorld, AcdScenario>();

export function acdScenario(world: LabWorld): AcdScenario {
  const s = scenarios.get(world);
  if (s === undefined) throw new Error('no ACD lab in this scenario (Given the ACD lab ... is running)');
  return s;
}

/** Every call event bit, every agent state bit: a client that wants everything. */
export const ALL_CALL_EVENTS = Object.values(CallMsgMask).reduce((a, b) => a | b, 0);
export const ALL_AGENT_STATES = Object.values(AgentStateMask).reduce((a, b) => a | b, 0);

/** Starts the ACD lab of `file` (edited by `edit`) and registers its phones. */
export async function startAcdLab(
  world: LabWorld,
  file: string,
  edit: (nodes: AcdSpec[]) => AcdSpec[] = (n) => n,
): Promise<AcdScenario> {
  noLabOnRealTarget(world, `the ACD lab ${file}`);
  const nodes = edit(acdNodesOf(await loadTopology(file)));
  assert.ok(nodes.length > 0, `${file} has an ACD node`);
  const sidePorts = Object.fromEntries(nodes.map((n) => [n.name, { A: 0, B: 0 }]));
  const lab = new AcdLab({
    nodes,
    sidePorts,
    sccpPort: 0,
    clock: world.clock,
    observations: world.observations,
    log: (line) => world.logLines.push(`[acd] ${line}`),
  });
  await lab.start();
  const ep = lab.endpoints();
  world.decodePorts.sccp.add(ep.sccp.port);
  const s: AcdScenario = {
    lab,
    nodes,
    phones: new Map(),
    clients: new Map(),
    lastAnswer: undefined,
    lastError: undefined,
  };
  scenarios.set(world, s);
  world.cleanups.push(async () => {
    // The termination call detail records the ACD wrote ("CTI Planning": wrap-up data goes to the
    // Termination_Call_Detail record): kept with the scenario in the report.
    const records = nodes.flatMap((n) => lab.system.peripheral(n.peripheral.id).terminationRecords());
    if (records.length > 0)
      world.attach(JSON.stringify(records, null, 2), {
        mediaType: 'application/json',
        fileName: 'termination-call-detail.json',
      });
    await Promise.allSettled([...s.clients.values()].map((c) => c.close()));
    await Promise.allSettled([...s.phones.values()].map((p) => p.stop()));
    await lab.close();
  });
  const sccp = lab.endpoints().sccp;
  for (const spec of nodes.flatMap((n) => n.phones)) {
    const phone = new SccpPhone({
      mac: spec.name.slice(3),
      model: spec.model,
      servers: [sccp],
      clock: world.clock,
    });
    s.phones.set(spec.dn, phone);
    await phone.start();
  }
  return s;
}

/** The side endpoint of an ACD node ("A" / "B"); the first node when `node` is absent. */
export function sideEndpoint(world: LabWorld, side: string, node?: string) {
  if (world.pixit) return pixitCtiServerSide(world.pixit, side);
  const s = acdScenario(world);
  const name = node ?? s.nodes[0]!.name;
  const ep = s.lab.endpoints().nodes[name];
  assert.ok(ep, `ACD node ${name}`);
  assert.ok(side === 'A' || side === 'B', `side ${side} is A or B`);
  return ep[side];
}

export function ctiClient(world: LabWorld, name: string): CtiServerClient {
  const c = acdScenario(world).clients.get(name);
  assert.ok(c, `"${name}" has a CTI Server session`);
  return c;
}

/** Opens a CTI Server session (`options` over a bridge's defaults); the refusal is kept. */
export async function openCti(
  world: LabWorld,
  name: string,
  side: string,
  options: Partial<Parameters<typeof CtiServerClient.connect>[0]> = {},
): Promise<CtiServerClient | undefined> {
  const s = acdScenario(world);
  const other = side === 'A' ? 'B' : 'A';
  try {
    const client = await CtiServerClient.connect({
      sides: [sideEndpoint(world, side), sideEndpoint(world, other)],
      clientID: name,
      password: '',
      services: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL | ServiceMask.CALL_DATA_UPDATE,
      callMsgMask: ALL_CALL_EVENTS,
      agentStateMask: ALL_AGENT_STATES,
      clock: world.clock,
      openFailureWaitMs: 1000,
      maxOpenAttempts: 1,
      ...options,
    });
    s.clients.set(name, client);
    s.lastError = undefined;
    return client;
  } catch (e) {
    s.lastError = e as Error;
    return undefined;
  }
}

/** Sends a request on a client's session; keeps and returns the answer. */
export async function sendCti(world: LabWorld, name: string, message: CtiMessage): Promise<CtiMessage> {
  const answer = await ctiClient(world, name).request(message);
  acdScenario(world).lastAnswer = answer;
  return answer;
}

/** A field of a message as text (fixed first, then the floating values joined by ","). */
export function fieldText(message: CtiMessage, field: string): string | undefined {
  if (field in message.fixed) return String(message.fixed[field]);
  const values = floatingValues(message, field);
  if (values.length === 0) return undefined;
  return values
    .map((v) =>
      v instanceof Uint8Array
        ? Buffer.from(v).toString('latin1')
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v),
    )
    .join(',');
}

/** A field value of a step table: a number, a name of an enum the field uses, or text. */
function expectedText(field: string, value: string): string {
  if (field === 'AgentState' && value in AgentState)
    return String(AgentState[value as keyof typeof AgentState]);
  if (field === 'Status' && value in CtiStatus) return String(CtiStatus[value as keyof typeof CtiStatus]);
  return value;
}

/** The request of a step table (field | value): fixed fields by name as numbers, the rest floating. */
export function requestFrom(
  name: string,
  rows: readonly (readonly string[])[],
  peripheralID: number,
): CtiMessage {
  const probe = ctiMessage(name);
  const fixed: Record<string, number> = {};
  const floating: { name: string; value: string }[] = [];
  if ('PeripheralID' in probe.fixed) fixed.PeripheralID = peripheralID;
  for (const [field, raw] of rows) {
    const value = expectedText(field!, raw!);
    if (field! in probe.fixed) fixed[field!] = Number(value);
    else floating.push({ name: field!, value });
  }
  return ctiMessage(name, fixed, floating);
}

function agentExtension(world: LabWorld, agent: string): string {
  for (const n of acdScenario(world).nodes) {
    const a = n.peripheral.agents.find((x) => x.id === agent);
    if (a) return a.extension;
  }
  assert.fail(`agent ${agent} is in the lab`);
}

function peripheralOf(world: LabWorld, agent?: string): number {
  const nodes = acdScenario(world).nodes;
  const n =
    agent === undefined ? nodes[0] : nodes.find((x) => x.peripheral.agents.some((a) => a.id === agent));
  assert.ok(n, `agent ${agent} is in the lab`);
  return n.peripheral.id;
}

function setAgentState(
  world: LabWorld,
  agent: string,
  state: number,
  extra: Record<string, number> = {},
  password?: string,
) {
  return ctiMessage(
    'SET_AGENT_STATE_REQ',
    { PeripheralID: peripheralOf(world, agent), AgentState: state, ...extra },
    [
      { name: 'AgentInstrument', value: agentExtension(world, agent) },
      { name: 'AgentID', value: agent },
      ...(password === undefined ? [] : [{ name: 'AgentPassword', value: password }]),
    ],
  );
}

/** Waits for the phone of `dn` until `pred` holds, the scenario clock moving 1 s per round. */
async function phoneUntil(world: LabWorld, dn: string, pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 5));
    if (i % 20 === 19) await world.passSeconds(1);
  }
  assert.fail(`${what} (phone ${dn})`);
}

export function acdPhone(world: LabWorld, dn: string): SccpPhone {
  const p = acdScenario(world).phones.get(dn);
  assert.ok(p, `a phone on ${dn} in the ACD lab`);
  return p;
}

// ------------------------------------------------------------------ the lab

Given('the ACD lab {string} is running', async function (this: LabWorld, file: string) {
  // A real CTI Server (steps/pixit-target.ts): its sides from the PIXIT, no lab.
  if (this.pixit) {
    const s: AcdScenario = {
      lab: pixitAcdLab(this.pixit),
      nodes: [],
      phones: new Map(),
      clients: new Map(),
      lastAnswer: undefined,
      lastError: undefined,
    };
    scenarios.set(this, s);
    this.cleanups.push(async () => {
      await Promise.allSettled([...s.clients.values()].map((c) => c.close()));
    });
    return this.attach(
      `real target: ${file} is not started; the PIXIT ${this.pixit.file} gives the CTI Server sides`,
      'text/plain',
    );
  }
  await startAcdLab(this, file);
});

// ------------------------------------------------------------------ sessions

Given(
  '{string} opens a CTI Bridge session on side {word}',
  async function (this: LabWorld, name: string, side: string) {
    const c = await openCti(this, name, side);
    assert.ok(c, `CTI Bridge session of ${name}: ${acdScenario(this).lastError?.message}`);
  },
);

Given(
  '{string} opens an agent workstation session for agent {string} on side {word}',
  async function (this: LabWorld, name: string, agent: string, side: string) {
    const c = await openCti(this, name, side, {
      services: ServiceMask.CLIENT_EVENTS | ServiceMask.CLIENT_CONTROL | ServiceMask.CALL_DATA_UPDATE,
      peripheralID: peripheralOf(this, agent),
      agentID: agent,
    });
    assert.ok(c, `workstation session of ${name}: ${acdScenario(this).lastError?.message}`);
  },
);

// ------------------------------------------------------------------ agents

When(
  '{string} logs agent {string} in with password {string}',
  async function (this: LabWorld, name: string, agent: string, password: string) {
    await sendCti(this, name, setAgentState(this, agent, AgentState.LOGIN, {}, password));
  },
);

When('{string} makes agent {string} ready', async function (this: LabWorld, name: string, agent: string) {
  await sendCti(this, name, setAgentState(this, agent, AgentState.AVAILABLE));
});

When(
  '{string} makes agent {string} not ready with reason code {int}',
  async function (this: LabWorld, name: string, agent: string, code: number) {
    await sendCti(this, name, setAgentState(this, agent, AgentState.NOT_READY, { EventReasonCode: code }));
  },
);

Then('agent {string} is {word}', function (this: LabWorld, agent: string, state: string) {
  const s = acdScenario(this);
  const p = s.lab.system.peripheral(peripheralOf(this, agent));
  assert.equal(p.agent(agent).state, state);
});

// ------------------------------------------------------------------ requests and answers

When('{string} sends {word} with:', async function (this: LabWorld, name: string, request: string, table) {
  const rows = (table.raw() as string[][]).filter((r) => r[0] !== 'field');
  await sendCti(this, name, requestFrom(request, rows, peripheralOf(this)));
});

Then('the CTI answer is {word}', function (this: LabWorld, name: string) {
  const a = acdScenario(this).lastAnswer;
  assert.ok(a, 'a request was answered');
  assert.equal(a.name, name, `answer ${a.name} ${JSON.stringify(a.fixed)}`);
});

Then('the CTI answer is FAILURE_CONF with status {word}', function (this: LabWorld, status: string) {
  const a = acdScenario(this).lastAnswer;
  assert.ok(a, 'a request was answered');
  assert.equal(a.name, 'FAILURE_CONF', `answer ${a.name} ${JSON.stringify(a.fixed)}`);
  assert.equal(a.fixed.Status, CtiStatus[status as keyof typeof CtiStatus], `status ${status}`);
});

Then(
  'the CTI answer is CONTROL_FAILURE_CONF with failure code {int}',
  function (this: LabWorld, code: number) {
    const a = acdScenario(this).lastAnswer;
    assert.ok(a, 'a request was answered');
    assert.equal(a.name, 'CONTROL_FAILURE_CONF', `answer ${a.name} ${JSON.stringify(a.fixed)}`);
    assert.equal(a.fixed.FailureCode, code);
  },
);

Then('the CTI Server session is refused with status {word}', function (this: LabWorld, status: string) {
  const e = acdScenario(this).lastError;
  assert.ok(e instanceof CtiOpenError, `the session was refused: ${e?.message ?? 'it opened'}`);
  assert.deepEqual(
    e.failures.map((f) => f.status),
    [CtiStatus[status as keyof typeof CtiStatus]],
    `FAILURE_CONF ${status}: ${e.message}`,
  );
});

// ------------------------------------------------------------------ events

Then('{string} receives {word}', async function (this: LabWorld, name: string, event: string) {
  await ctiClient(this, name).nextEvent((m) => m.name === event);
});

Then('{string} receives {word} with:', async function (this: LabWorld, name: string, event: string, table) {
  const rows = (table.raw() as string[][]).filter((r) => r[0] !== 'field');
  const client = ctiClient(this, name);
  const m = await client.nextEvent((x) => x.name === event);
  for (const [field, value] of rows)
    assert.equal(fieldText(m, field!), expectedText(field!, value!), `${event} ${field}`);
});

Then('{string} receives these events in order:', async function (this: LabWorld, name: string, table) {
  const client = ctiClient(this, name);
  const seen: string[] = [];
  for (const [event] of table.raw() as string[][]) {
    // Each event must come after the one before: what precedes it in the queue is dropped.
    for (let i = 0; ; i++) {
      const at = client.events.findIndex((m) => m.name === event);
      if (at >= 0) {
        seen.push(...client.events.splice(0, at + 1).map((m) => m.name));
        break;
      }
      if (i > 600)
        assert.fail(
          `${name} did not receive ${event} after: ${seen.join(', ')} (left: ${client.events.map((m) => m.name).join(', ')})`,
        );
      await new Promise((r) => setTimeout(r, 5));
    }
  }
});

Then('{string} has received no {word}', async function (this: LabWorld, name: string, event: string) {
  await new Promise((r) => setTimeout(r, 50));
  const got = ctiClient(this, name).events.filter((m) => m.name === event);
  assert.equal(got.length, 0, `${name} received ${event}`);
});

// ------------------------------------------------------------------ phones

When('the phone {string} dials {string}', async function (this: LabWorld, dn: string, digits: string) {
  const p = acdPhone(this, dn);
  p.offHook();
  await phoneUntil(this, dn, () => hears(p.state, 'InsideDialTone'), 'dial tone');
  p.dial(digits);
});

Then('the phone {string} rings', async function (this: LabWorld, dn: string) {
  const p = acdPhone(this, dn);
  await phoneUntil(this, dn, () => ringing(p.state), 'ringing');
});

When('the phone {string} answers', async function (this: LabWorld, dn: string) {
  const p = acdPhone(this, dn);
  await phoneUntil(this, dn, () => ringing(p.state), 'ringing before answering');
  p.answer();
});

When('the phone {string} hangs up', function (this: LabWorld, dn: string) {
  acdPhone(this, dn).hangup();
});
