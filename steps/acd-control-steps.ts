// Steps of the ACD third-party call control features (features/acd/third-party-call-control.feature,
// agent-control.feature, call-data.feature, peripheral-types.feature): requests that name the
// calls at a device (ConnectionCallID, or Active / Held / Other connection fields, as each
// request's table in Cisco's "CTI Server Message Reference Guide", chapter 5 "Client Control
// Service", has them), call data with ECC variables, the answer's fields, the phones' calls, the
// termination call detail records, and a lab whose peripheral is of another type ("CTI Planning",
// "ACD Support for Client and Third-Party Call Control").
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import type { PeripheralTypeName } from '../simulators/acd/acd-codes.ts';
import type { LocalConnectionState } from '../simulators/calls/connection-state.ts';
import {
  type CtiMessage,
  ctiMessage,
  type FieldValue,
  type FloatingField,
  MESSAGES_BY_NAME,
  ServiceMask,
} from '../simulators/cti-server/wire.ts';
import { acdPhone, acdScenario, fieldText, openCti, requestFrom, sendCti, startAcdLab } from './acd-steps.ts';
import { hasCallIn, idle } from './phone-state-checks.ts';
import type { LabWorld } from './world.ts';

const remembered = new WeakMap<LabWorld, Map<string, { readonly id: number; readonly device: string }>>();

function peripheralId(world: LabWorld): number {
  return acdScenario(world).nodes[0]!.peripheral.id;
}

/**
 * The ConnectionCallID the node's CTI Server gives a call at `device`: the first in one of
 * `states` (any state when empty).
 */
function callIdAt(world: LabWorld, device: string, states: readonly LocalConnectionState[] = []): number {
  const s = acdScenario(world);
  const items = s.lab.calls.model.snapshotDevice(device);
  // The first state of `states` that a call is in wins (a held call before a talking one, say).
  const item =
    states.length === 0
      ? items[0]
      : states.map((st) => items.find((i) => i.localConnectionState === st)).find((i) => i !== undefined);
  assert.ok(
    item,
    `a call at ${device}${states.length ? ` (${states.join(' / ')})` : ''}: ${JSON.stringify(items)}`,
  );
  return s.lab.cti(s.nodes[0]!.name).context.callIds.wireId(item.callID);
}

/** Which fields name the call a request acts on, and which state the call is in at the device. */
function callFields(request: string): {
  readonly call: string;
  readonly device: string;
  readonly states: LocalConnectionState[];
} {
  switch (request) {
    case 'RETRIEVE_CALL_REQ':
      // The held call; a talking one when none is held (a retrieve the server refuses).
      return {
        call: 'HeldConnectionCallID',
        device: 'HeldConnectionDeviceID',
        states: ['hold', 'connected'],
      };
    case 'CONSULTATION_CALL_REQ':
    case 'CONFERENCE_CALL_REQ':
    case 'TRANSFER_CALL_REQ':
      return { call: 'ActiveConnectionCallID', device: 'ActiveConnectionDeviceID', states: ['connected'] };
    case 'ANSWER_CALL_REQ':
    case 'DEFLECT_CALL_REQ':
      return { call: 'ConnectionCallID', device: 'ConnectionDeviceID', states: ['alerting'] };
    default:
      return { call: 'ConnectionCallID', device: 'ConnectionDeviceID', states: [] };
  }
}

const hasFloating = (request: string, field: string) =>
  MESSAGES_BY_NAME.get(request)?.floating.some((f) => f.tag.name === field) ?? false;

/** `request` with the step table's fields and `fixed` / `floating` naming the calls. */
function build(
  world: LabWorld,
  request: string,
  rows: readonly (readonly string[])[],
  fixed: Record<string, number>,
  floating: FloatingField[],
  device: string,
): CtiMessage {
  const base = requestFrom(request, rows, peripheralId(world));
  const instrument =
    hasFloating(request, 'AgentInstrument') && !rows.some(([f]) => f === 'AgentInstrument')
      ? [{ name: 'AgentInstrument', value: device }]
      : [];
  return ctiMessage(request, { ...base.fixed, ...fixed }, [...floating, ...instrument, ...base.floating]);
}

async function sendForCall(world: LabWorld, name: string, request: string, device: string, rows: string[][]) {
  const f = callFields(request);
  const id = callIdAt(world, device, f.states).valueOf();
  await sendCti(
    world,
    name,
    build(world, request, rows, { [f.call]: id }, [{ name: f.device, value: device }], device),
  );
}

const tableRows = (table: { raw(): string[][] }) => table.raw().filter((r) => r[0] !== 'field');

// ------------------------------------------------------------------ labs and sessions

Given(
  'the ACD lab {string} is running with peripheral type {word}',
  async function (this: LabWorld, file: string, type: string) {
    await startAcdLab(this, file, (nodes) =>
      nodes.map((n) => ({ ...n, peripheral: { ...n.peripheral, type: type as PeripheralTypeName } })),
    );
  },
);

Given(
  '{string} opens a CTI Bridge session on side {word} asking for services {string}',
  async function (this: LabWorld, name: string, side: string, services: string) {
    const mask = services
      .split('+')
      .map((s) => ServiceMask[s.trim() as keyof typeof ServiceMask])
      .reduce((a, b) => {
        assert.ok(b !== undefined, `services ${services}`);
        return a | b;
      }, 0);
    const c = await openCti(this, name, side, { services: mask });
    assert.ok(c, `session of ${name}: ${acdScenario(this).lastError?.message}`);
  },
);

Then(
  'the OPEN_CONF of {string} names peripheral type {int}',
  function (this: LabWorld, name: string, type: number) {
    const conf = acdScenario(this).clients.get(name)?.openConf;
    assert.ok(conf, `${name} has an OPEN_CONF`);
    assert.equal(conf.fixed.PeripheralType, type);
  },
);

// ------------------------------------------------------------------ requests naming calls

When(
  '{string} sends {word} for the call at {string}',
  async function (this: LabWorld, name: string, request: string, device: string) {
    await sendForCall(this, name, request, device, []);
  },
);

When(
  '{string} sends {word} for the call at {string} with:',
  async function (this: LabWorld, name: string, request: string, device: string, table) {
    await sendForCall(this, name, request, device, tableRows(table));
  },
);

/**
 * A request on the two calls at `device`: the held one and the other (talking or ringing).
 * TRANSFER / CONFERENCE / RECONNECT: HeldConnection* and ActiveConnection*; ALTERNATE: the
 * talking call is the active one, the held call the other.
 */
When(
  '{string} sends {word} for the calls at {string}',
  async function (this: LabWorld, name: string, request: string, device: string) {
    const held = callIdAt(this, device, ['hold']);
    const active = callIdAt(this, device, ['connected', 'alerting']);
    const alternate = request === 'ALTERNATE_CALL_REQ';
    const other = alternate ? 'Other' : 'Held';
    await sendCti(
      this,
      name,
      build(
        this,
        request,
        [],
        { ActiveConnectionCallID: active, [`${other}ConnectionCallID`]: held },
        [
          { name: 'ActiveConnectionDeviceID', value: device },
          { name: `${other}ConnectionDeviceID`, value: device },
        ],
        device,
      ),
    );
  },
);

When('the call at {string} is remembered as {string}', function (this: LabWorld, device: string, as: string) {
  const m = remembered.get(this) ?? new Map();
  remembered.set(this, m);
  m.set(as, { id: callIdAt(this, device), device });
});

When(
  '{string} sends {word} for the call remembered as {string} with:',
  async function (this: LabWorld, name: string, request: string, as: string, table) {
    const call = remembered.get(this)?.get(as);
    assert.ok(call, `a call remembered as ${as}`);
    await sendCti(
      this,
      name,
      build(
        this,
        request,
        tableRows(table),
        { ConnectionCallID: call.id },
        [{ name: 'ConnectionDeviceID', value: call.device }],
        call.device,
      ),
    );
  },
);

/**
 * SET_CALL_DATA_REQ for the call at `device` from a table: `NamedVariable` values are
 * `name=value`, `NamedArray` values `name[index]=value`, `UserToUserInfo` text (sent as bytes);
 * other fields as `{string} sends {word} with:` takes them.
 */
When(
  '{string} sets the call data of the call at {string}:',
  async function (this: LabWorld, name: string, device: string, table) {
    const rows = tableRows(table);
    const special: FloatingField[] = [];
    const plain: string[][] = [];
    let vars = 0;
    let arrays = 0;
    for (const [field, value] of rows) {
      if (field === 'NamedVariable') {
        const [n, ...v] = value!.split('=');
        special.push({ name: field, value: { name: n!, value: v.join('=') } });
        vars++;
      } else if (field === 'NamedArray') {
        const m = /^([^[]+)\[(\d+)\]=(.*)$/.exec(value!);
        assert.ok(m, `NamedArray ${value} is name[index]=value`);
        special.push({ name: field, value: { name: m[1]!, index: Number(m[2]), value: m[3]! } });
        arrays++;
      } else if (field === 'UserToUserInfo')
        special.push({ name: field, value: Buffer.from(value!, 'latin1') });
      else plain.push([field!, value!]);
    }
    const id = callIdAt(this, device);
    await sendCti(
      this,
      name,
      build(
        this,
        'SET_CALL_DATA_REQ',
        plain,
        { ConnectionCallID: id, NumNamedVariables: vars, NumNamedArrays: arrays },
        [{ name: 'ConnectionDeviceID', value: device }, ...special],
        device,
      ),
    );
  },
);

// ------------------------------------------------------------------ answers

/** Expected text of a field: as fieldText gives it; NamedVariable / NamedArray as name=value. */
function shown(message: CtiMessage, field: string): string | undefined {
  if (field === 'NamedVariable' || field === 'NamedArray')
    return message.floating
      .filter((f) => f.name === field)
      .map((f) => named(f.value))
      .join(',');
  return fieldText(message, field);
}

function named(v: FieldValue): string {
  if (typeof v === 'object' && v !== null && 'name' in v)
    return 'index' in v ? `${v.name}[${v.index}]=${v.value}` : `${v.name}=${v.value}`;
  return String(v);
}

Then('the CTI answer has:', function (this: LabWorld, table) {
  const a = acdScenario(this).lastAnswer;
  assert.ok(a, 'a request was answered');
  for (const [field, value] of tableRows(table))
    assert.equal(shown(a, field!), value, `${a.name} ${field}: ${JSON.stringify(a.fixed)}`);
});

Then('the CTI answer has no {word}', function (this: LabWorld, field: string) {
  const a = acdScenario(this).lastAnswer;
  assert.ok(a, 'a request was answered');
  assert.equal(shown(a, field), undefined, `${a.name} has ${field}`);
});

// ------------------------------------------------------------------ phones and records

/** Waits (scenario clock 1 s per 20 rounds) for the phone of `dn` to satisfy `pred`. */
async function phoneUntil(world: LabWorld, dn: string, pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 5));
    if (i % 20 === 19) await world.passSeconds(1);
  }
  assert.fail(`${what} (phone ${dn}): ${JSON.stringify(acdPhone(world, dn).state.lines)}`);
}

Then(
  'the phone {string} has a call in state {word}',
  async function (this: LabWorld, dn: string, state: string) {
    const p = acdPhone(this, dn);
    await phoneUntil(this, dn, () => hasCallIn(p.state, state), `a call in ${state}`);
  },
);

Then('the phone {string} has no call', async function (this: LabWorld, dn: string) {
  const p = acdPhone(this, dn);
  await phoneUntil(this, dn, () => idle(p.state), 'no call');
});

/**
 * The agent's state once the phones' messages have reached the ACD (`agent {string} is {word}`
 * reads it at once; a phone's key press is asynchronous). Real time only, the clock stays.
 */
Then('agent {string} becomes {word}', async function (this: LabWorld, agent: string, state: string) {
  const acd = acdScenario(this).lab.system.peripheral(peripheralId(this));
  for (let i = 0; i < 400 && acd.agent(agent).state !== state; i++)
    await new Promise((r) => setTimeout(r, 5));
  assert.equal(acd.agent(agent).state, state);
});

Then(
  'the termination call detail of agent {string} has wrap-up data {string}',
  function (this: LabWorld, agent: string, text: string) {
    const records = acdScenario(this).lab.system.peripheral(peripheralId(this)).terminationRecords();
    const mine = records.filter((r) => r.agentId === agent);
    assert.ok(mine.length > 0, `a TCD of agent ${agent}: ${JSON.stringify(records)}`);
    assert.equal(mine.at(-1)?.wrapUpData, text);
  },
);
