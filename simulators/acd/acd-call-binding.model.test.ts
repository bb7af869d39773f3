// Model-based test of the ACD on the real CallModel (fast-check `fc.commands`): random agent
// state requests, customer calls to 8000, what the agents and the callers do on their phones
// (answer, hold, retrieve, hang up, call out) and time passing (ring no answer 20 s, wrap-up
// 15 s). After every command the ACD and the call model agree: a queued call alerts at 8000, an
// offered call alerts at its agent's phone and only there, a RESERVED agent has exactly that call,
// a TALKING agent's phone has a line in use, an AVAILABLE agent's phone has none connected or
// held, and no ACD call is lost (each not ended has its model call).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CallModel } from '../calls/call-model.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { mustSucceed } from '../lab/result.ts';
import { salesPeripheral } from '../testing/acd-specs.ts';
import { AcdCallBinding } from './acd-call-binding.ts';
import { AcdPeripheral } from './acd-peripheral.ts';

const AGENTS = { '5001': '3001', '5002': '3002' } as const;
type AgentId = keyof typeof AGENTS;
const CALLERS = ['3009', '3010'] as const;

interface Real {
  readonly clock: ManualClock;
  readonly model: CallModel;
  readonly acd: AcdPeripheral;
  readonly binding: AcdCallBinding;
}

function setup(): Real {
  const clock = new ManualClock();
  const model = new CallModel({ clock });
  for (const dn of [...Object.values(AGENTS), ...CALLERS])
    mustSucceed(model.addDevice({ number: dn, maxCalls: 2 }), dn);
  const acd = new AcdPeripheral(salesPeripheral({ ringNoAnswerS: 20, wrapUpTimeS: 15 }), { clock });
  const binding = new AcdCallBinding(model, acd);
  return { clock, model, acd, binding };
}

const states = (model: CallModel, dn: string) => model.snapshotDevice(dn).map((i) => i.localConnectionState);

function checkInvariants({ model, acd, binding }: Real): void {
  for (const call of acd.activeCalls()) {
    const modelCall = binding.modelCallOf(call.id);
    if (call.state === 'connected') continue;
    assert.ok(
      modelCall !== undefined && model.callIds().includes(modelCall),
      `ACD call ${call.id} (${call.state}) has no model call`,
    );
    const alerting = model
      .snapshotCall(modelCall)
      .endpoints.filter((e) => e.localConnectionState === 'alerting')
      .map((e) => e.connection.deviceID);
    const where = call.state === 'queued' ? call.dialedNumber : AGENTS[call.agentId as AgentId];
    assert.deepEqual(alerting, [where], `ACD call ${call.id} ${call.state} alerts at ${alerting.join()}`);
  }
  for (const [id, ext] of Object.entries(AGENTS)) {
    const agent = acd.agent(id);
    const phone = states(model, ext);
    if (agent.state === 'RESERVED') {
      const offered = acd.activeCalls().filter((c) => c.state === 'offered' && c.agentId === id);
      assert.equal(offered.length, 1, `reserved agent ${id} has one offered call`);
    }
    if (agent.state === 'TALKING')
      assert.ok(
        phone.some((s) => s === 'connected' || s === 'initiated' || s === 'fail'),
        `agent ${id} TALKING with phone ${phone.join()}`,
      );
    if (agent.state === 'HOLD')
      assert.ok(
        phone.includes('hold') && !phone.includes('connected'),
        `agent ${id} HOLD with phone ${phone.join()}`,
      );
    if (agent.state === 'AVAILABLE')
      assert.ok(
        !phone.some((s) => s === 'connected' || s === 'hold'),
        `agent ${id} AVAILABLE with phone ${phone.join()}`,
      );
  }
}

class Step implements fc.Command<object, Real> {
  constructor(
    private readonly label: string,
    private readonly act: (real: Real) => unknown,
  ) {}
  check(): boolean {
    return true;
  }
  run(_m: object, real: Real): void {
    this.act(real); // call model refusals are values: a refused step changes nothing
    checkInvariants(real);
  }
  toString(): string {
    return this.label;
  }
}

const agent = fc.constantFrom<AgentId>('5001', '5002');
const caller = fc.constantFrom(...CALLERS);
const first = (model: CallModel, dn: string, state: string) =>
  model.snapshotDevice(dn).find((i) => i.localConnectionState === state)?.connection;

const commands = [
  agent.map((a) => new Step(`login ${a}`, ({ acd }) => acd.login(a, `${a}-pw`))),
  fc
    .record({
      a: agent,
      s: fc.constantFrom('AVAILABLE', 'NOT_READY', 'LOGOUT', 'WORK_READY') as fc.Arbitrary<'AVAILABLE'>,
    })
    .map(({ a, s }) => new Step(`set ${a} ${s}`, ({ acd }) => acd.setAgentState(a, s, 1))),
  caller.map((c) => new Step(`${c} calls 8000`, ({ model }) => model.makeCall(c, '8000'))),
  agent.map(
    (a) =>
      new Step(`${a} answers`, ({ model }) => {
        const c = first(model, AGENTS[a], 'alerting');
        if (c) model.answer(c);
      }),
  ),
  agent.map(
    (a) =>
      new Step(`${a} holds`, ({ model }) => {
        const c = first(model, AGENTS[a], 'connected');
        if (c) model.hold(c);
      }),
  ),
  agent.map(
    (a) =>
      new Step(`${a} retrieves`, ({ model }) => {
        const c = first(model, AGENTS[a], 'hold');
        if (c) model.retrieve(c);
      }),
  ),
  fc.record({ who: fc.constantFrom<string>(...Object.values(AGENTS), ...CALLERS), k: fc.nat(3) }).map(
    ({ who, k }) =>
      new Step(`${who} hangs up #${k}`, ({ model }) => {
        const items = model.snapshotDevice(who);
        const item = items[k % Math.max(1, items.length)];
        if (item) model.clear(item.connection);
      }),
  ),
  fc
    .record({ a: agent, to: caller })
    .map(({ a, to }) => new Step(`${a} calls ${to}`, ({ model }) => model.makeCall(AGENTS[a], to))),
  caller.map(
    (c) =>
      new Step(`${c} answers`, ({ model }) => {
        const conn = first(model, c, 'alerting');
        if (conn) model.answer(conn);
      }),
  ),
  fc
    .constantFrom(1_000, 10_000, 20_000)
    .map((ms) => new Step(`advance ${ms}`, ({ clock }) => clock.advance(ms))),
];

describe('ACD on the call model, model-based', () => {
  it('queued calls alert at 8000, offered calls at their agent, agent states follow the phones, no call lost', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60, size: 'large' }), (cmds) => {
        const real = setup();
        fc.modelRun(() => ({ model: {}, real }), cmds);
      }),
      { numRuns: 200 },
    );
  });
});
