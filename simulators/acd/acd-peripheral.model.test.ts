// Model-based test of the ACD peripheral (fast-check `fc.commands`): random agent state requests,
// logins with right and wrong passwords, call arrivals, answers, holds, call ends, wrap-up data and
// time passing. The reference is a simple agent state machine (the allowed AGENT_STATE_EVENT
// edges and the ControlFailureCode each SET_AGENT_STATE_REQ must get, Cisco CTI Server Message
// Reference Guide). After every command: the ACD never offered a call to an agent that was not
// AVAILABLE, never lost a call (every arrived call is queued, offered, connected or was ended, and
// the queues are FIFO with no call waiting while an agent of its group is AVAILABLE), and every
// offer went to the longest-available agent of the group (by the clock).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../lab/manual-clock.ts';
import { salesPeripheral } from '../testing/acd-specs.ts';
import type { AgentStateName } from './acd-codes.ts';
import type { AcdEvent } from './acd-events.ts';
import { AcdPeripheral } from './acd-peripheral.ts';

const AGENTS = ['5001', '5002', '5003'] as const;
const EXT: Record<string, string> = { '5001': '3001', '5002': '3002', '5003': '3003' };

/** The reference: which agent state changes may be reported at all. */
const EDGES: Record<string, readonly AgentStateName[]> = {
  LOGOUT: ['LOGIN'],
  LOGIN: ['NOT_READY'],
  NOT_READY: ['AVAILABLE', 'NOT_READY', 'LOGOUT', 'TALKING'],
  AVAILABLE: ['RESERVED', 'NOT_READY', 'LOGOUT', 'TALKING'],
  RESERVED: ['TALKING', 'AVAILABLE', 'NOT_READY'],
  TALKING: ['HOLD', 'WORK_READY', 'WORK_NOT_READY', 'AVAILABLE', 'NOT_READY'],
  HOLD: ['TALKING', 'WORK_READY', 'WORK_NOT_READY', 'AVAILABLE', 'NOT_READY'],
  WORK_READY: ['AVAILABLE', 'NOT_READY', 'WORK_NOT_READY', 'LOGOUT', 'TALKING'],
  // WORK_NOT_READY -> WORK_NOT_READY: a new reason code.
  WORK_NOT_READY: ['WORK_NOT_READY', 'NOT_READY', 'AVAILABLE', 'WORK_READY', 'LOGOUT', 'TALKING'],
};

const ON_CALL = new Set<AgentStateName>(['RESERVED', 'TALKING', 'HOLD']);

/** The reference's answer to SET_AGENT_STATE_REQ (reason codes required on this peripheral). */
function expectedSet(state: AgentStateName, target: AgentStateName, reasonCode: number): number {
  if (state === 'LOGOUT') return 22;
  if ((target === 'NOT_READY' || target === 'LOGOUT') && reasonCode === 0) return 281;
  if (target === 'LOGOUT') return ON_CALL.has(state) ? 22 : 0;
  if (target === 'WORK_READY' || target === 'WORK_NOT_READY')
    return state === 'AVAILABLE' || state === 'NOT_READY' || state === 'RESERVED' ? 22 : 0;
  return 0;
}

interface Model {
  /** Agent states as the events reported them. */
  readonly state: Map<string, AgentStateName>;
  readonly availableSince: Map<string, number>;
  readonly arrived: Set<number>;
  readonly ended: Set<number>;
}

interface Real {
  readonly clock: ManualClock;
  readonly acd: AcdPeripheral;
}

function setup(): { model: Model; real: Real } {
  const clock = new ManualClock();
  const acd = new AcdPeripheral(
    salesPeripheral({ reasonCodeRequired: true, wrapUpTimeS: 20, ringNoAnswerS: 30 }, 1),
    { clock },
  );
  const model: Model = {
    state: new Map(AGENTS.map((a) => [a, 'LOGOUT' as AgentStateName])),
    availableSince: new Map(),
    arrived: new Set(),
    ended: new Set(),
  };
  acd.on((e) => observe(acd, model, e));
  return { model, real: { clock, acd } };
}

/** Every event, in order, against the reference; offers against the longest-available rule. */
function observe(acd: AcdPeripheral, model: Model, e: AcdEvent): void {
  if (e.type === 'agentState') {
    const before = model.state.get(e.agentId);
    assert.equal(e.previous, before, `agent ${e.agentId} event says previous ${e.previous}, was ${before}`);
    assert.ok(
      EDGES[e.previous]?.includes(e.state),
      `forbidden agent state change ${e.previous} -> ${e.state}`,
    );
    model.state.set(e.agentId, e.state);
    if (e.state === 'AVAILABLE') model.availableSince.set(e.agentId, e.time);
    else model.availableSince.delete(e.agentId);
  }
  if (e.type === 'callOffered') {
    assert.equal(
      model.state.get(e.agentId),
      'AVAILABLE',
      `call ${e.callId} offered to ${e.agentId} who is not AVAILABLE`,
    );
    const group = acd.spec.skillGroups.find((g) => g.id === e.skillGroup.id);
    if (group === undefined) assert.fail(`no skill group ${e.skillGroup.id}`);
    assert.ok(group.members.includes(e.agentId), `agent ${e.agentId} is not in ${e.skillGroup.name}`);
    const mine = model.availableSince.get(e.agentId) ?? Infinity;
    for (const other of group.members) {
      if (other === e.agentId || model.state.get(other) !== 'AVAILABLE') continue;
      if (!acd.agent(other).skillGroups.some((g) => g.name === group.name)) continue;
      const theirs = model.availableSince.get(other) ?? Infinity;
      const earlierInList = group.members.indexOf(e.agentId) < group.members.indexOf(other);
      assert.ok(
        mine < theirs || (mine === theirs && earlierInList),
        `offered to ${e.agentId} (available since ${mine}) while ${other} was available since ${theirs}`,
      );
    }
  }
}

function checkInvariants(model: Model, real: Real): void {
  const { acd } = real;
  for (const id of AGENTS) assert.equal(acd.agent(id).state, model.state.get(id), `agent ${id} state`);
  const active = acd.activeCalls();
  const expected = [...model.arrived].filter((id) => !model.ended.has(id)).sort((a, b) => a - b);
  assert.deepEqual(
    active.map((c) => c.id),
    expected,
    'every arrived call not ended is still known',
  );
  for (const group of acd.spec.skillGroups) {
    const queued = active
      .filter((c) => c.state === 'queued' && c.skillGroup?.name === group.name)
      .map((c) => c.id);
    const queue = acd.queue(group.name);
    assert.deepEqual(
      queue.map((q) => q.callId),
      queued,
      `${group.name} queue is FIFO`,
    );
    assert.deepEqual(
      queue.map((q) => q.position),
      queued.map((_, i) => i + 1),
    );
    if (queued.length > 0)
      for (const m of group.members)
        if (acd.agent(m).skillGroups.some((g) => g.name === group.name))
          assert.notEqual(
            acd.agent(m).state,
            'AVAILABLE',
            `${m} AVAILABLE while ${group.name} has a queued call`,
          );
  }
  for (const id of AGENTS) {
    const offered = active.filter((c) => c.state === 'offered' && c.agentId === id);
    assert.equal(
      offered.length,
      acd.agent(id).state === 'RESERVED' ? 1 : 0,
      `agent ${id}: offered calls vs RESERVED`,
    );
  }
}

type Cmd = fc.Command<Model, Real>;

class Step implements Cmd {
  constructor(
    private readonly label: string,
    private readonly act: (model: Model, real: Real) => void,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    this.act(model, real);
    checkInvariants(model, real);
  }
  toString(): string {
    return this.label;
  }
}

const agent = fc.constantFrom(...AGENTS);

const commands = [
  fc.record({ a: agent, good: fc.boolean(), groups: fc.constantFrom<number[]>([], [1]) }).map(
    ({ a, good, groups }) =>
      new Step(`login ${a} ${good ? 'right' : 'wrong'} password groups [${groups}]`, (model, { acd }) => {
        const want = !good ? 257 : model.state.get(a) === 'LOGOUT' ? 0 : 259;
        const r = acd.login(a, good ? `${a}-pw` : 'nope', undefined, groups);
        assert.equal(r.ok ? 0 : r.error, want);
      }),
  ),
  fc
    .record({
      a: agent,
      s: fc.constantFrom<AgentStateName>(
        'AVAILABLE',
        'NOT_READY',
        'LOGOUT',
        'WORK_READY',
        'WORK_NOT_READY',
        'TALKING',
      ),
      reason: fc.constantFrom(0, 7),
    })
    .map(
      ({ a, s, reason }) =>
        new Step(`set ${a} ${s} reason ${reason}`, (model, { acd }) => {
          const state = model.state.get(a) ?? 'LOGOUT';
          const want = s === 'TALKING' ? 3 : expectedSet(state, s, reason);
          const r = acd.setAgentState(a, s, reason);
          assert.equal(r.ok ? 0 : r.error, want, `${s} from ${state}`);
        }),
    ),
  fc.constantFrom('8000', '8001').map(
    (dn) =>
      new Step(`call to ${dn}`, (model, { acd }) => {
        const r = acd.callArrived({ dialedNumber: dn, ani: '3009' });
        assert.ok(r.ok);
        model.arrived.add(r.value.id);
      }),
  ),
  agent.map(
    (a) =>
      new Step(`${a} answers`, (_model, { acd }) => {
        const call = acd.activeCalls().find((c) => c.state === 'offered' && c.agentId === a);
        if (call === undefined) return;
        assert.ok(acd.answer(call.id).ok);
        assert.equal(acd.agent(a).state, 'TALKING');
      }),
  ),
  fc
    .record({ a: agent, what: fc.constantFrom<'talking' | 'held' | 'idle'>('talking', 'held', 'idle') })
    .map(
      ({ a, what }) => new Step(`${a} phone ${what}`, (_m, { acd }) => acd.phoneActivity(EXT[a] ?? '', what)),
    ),
  fc.nat(20).map(
    (k) =>
      new Step(`end active call #${k}`, (model, { acd }) => {
        const active = acd.activeCalls();
        const call = active[k % Math.max(1, active.length)];
        if (call === undefined) return;
        assert.ok(acd.callEnded(call.id).ok);
        model.ended.add(call.id);
      }),
  ),
  agent.map(
    (a) =>
      new Step(`${a} does not answer`, (_m, { acd }) => {
        const call = acd.activeCalls().find((c) => c.state === 'offered' && c.agentId === a);
        if (call === undefined) return;
        assert.ok(acd.ringNoAnswer(call.id).ok);
        // Not Ready (32767); or, with the phone busy on another call, on that call and Not Ready next.
        const after = acd.agent(a);
        if (after.state === 'NOT_READY') assert.equal(after.reasonCode, 32767);
        else
          assert.deepEqual(
            [after.state === 'TALKING' || after.state === 'HOLD', after.next],
            [true, { state: 'NOT_READY', reasonCode: 32767 }],
          );
      }),
  ),
  agent.map(
    (a) =>
      new Step(`${a} wrap-up data`, (_m, { acd }) => {
        const id = acd.agent(a).callId;
        if (id !== undefined) assert.ok(acd.setWrapUpData(id, 'done').ok);
      }),
  ),
  fc
    .constantFrom(0, 1_000, 5_000, 25_000)
    .map((ms) => new Step(`advance ${ms}`, (_m, { clock }) => clock.advance(ms))),
];

describe('ACD peripheral, model-based', () => {
  it('never offers a call to an agent not AVAILABLE, never loses a call, keeps the longest-available rule', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 80, size: 'large' }), (cmds) => {
        const { model, real } = setup();
        fc.modelRun(() => ({ model, real }), cmds);
      }),
      { numRuns: 300 },
    );
  });
});
