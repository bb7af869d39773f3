// Two peripherals on one call model ("CTI Planning", UCCE CTI planning guide, agent workstation model): a call
// transferred to an agent on the same ACD keeps its call data; to an agent on another ACD, the
// call data arrives only if a translation route is used; a pre-route indication's data reaches the
// call that then arrives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallModel } from '../calls/call-model.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { mustSucceed } from '../lab/result.ts';
import { salesPeripheral, supportPeripheral } from '../testing/acd-specs.ts';
import { AcdSystem } from './acd-system.ts';

function setup() {
  const clock = new ManualClock();
  const model = new CallModel({ clock });
  for (const dn of ['3001', '3002', '3009', '4001'])
    mustSucceed(model.addDevice({ number: dn, maxCalls: 2 }), dn);
  const system = new AcdSystem(
    [
      {
        peripheral: salesPeripheral(),
        translationRoutes: [{ number: '8100', peripheralId: 6000, dnis: '9100' }],
      },
      { peripheral: supportPeripheral(), translationRoutes: [] },
    ],
    { clock, model },
  );
  const sales = system.peripheral(5000);
  const support = system.peripheral(6000);
  for (const [p, id] of [
    [sales, '5001'],
    [support, '6001'],
  ] as const) {
    mustSucceed(p.login(id, `${id}-pw`), 'login');
    mustSucceed(p.setAgentState(id, 'AVAILABLE'), 'ready');
  }
  /** 3009 calls 8000, agent 5001 answers and sets CallVariable1. */
  const answered = () => {
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    const [ring] = model.snapshotDevice('3001');
    assert.ok(ring);
    mustSucceed(model.answer(ring.connection), 'answer');
    const acdCall = system.bindings.get(5000)?.acdCallOf(caller.callID);
    assert.ok(acdCall !== undefined);
    mustSucceed(sales.setCallData(acdCall, { callVariables: { 1: 'claim-42' } }), 'data');
    return { caller, agentLeg: ring.connection, acdCall };
  };
  return { clock, model, system, sales, support, answered };
}

describe('ACD system: call data across agents and peripherals', () => {
  it('blind transfer to translation route 8100: agent 6001 on peripheral 6000 gets the call with its data', () => {
    const { model, sales, support, answered } = setup();
    const { agentLeg, acdCall } = answered();
    mustSucceed(model.singleStepTransfer(agentLeg, '8100'), 'transfer');
    assert.deepEqual(
      model.snapshotDevice('4001').map((i) => i.localConnectionState),
      ['alerting'],
    );
    const there = support.activeCalls()[0];
    assert.ok(there);
    assert.deepEqual(
      [there.agentId, there.callType, there.data.callVariables[0], there.data.ani],
      ['6001', 'TRANSFER_IN', 'claim-42', '3009'],
    );
    assert.equal(sales.agent('5001').state, 'WORK_READY');
    assert.equal(sales.call(acdCall)?.state, 'ended');
  });

  it('blind transfer straight to 9100 (no translation route): the call arrives without the call data', () => {
    const { model, support, answered } = setup();
    const { agentLeg } = answered();
    mustSucceed(model.singleStepTransfer(agentLeg, '9100'), 'transfer');
    const there = support.activeCalls()[0];
    assert.ok(there);
    assert.deepEqual([there.agentId, there.callType, there.data.callVariables[0]], ['6001', 'ACD_IN', '']);
  });

  it('blind transfer back to 8000: the next Sales agent gets the call with the first agent’s updates', () => {
    const { model, sales, answered } = setup();
    mustSucceed(sales.login('5002', '5002-pw'), 'login');
    mustSucceed(sales.setAgentState('5002', 'AVAILABLE'), 'ready');
    const { agentLeg, acdCall } = answered();
    mustSucceed(model.singleStepTransfer(agentLeg, '8000'), 'transfer');
    const again = sales.activeCalls()[0];
    assert.ok(again);
    assert.notEqual(again.id, acdCall);
    assert.deepEqual(
      [again.agentId, again.callType, again.data.callVariables[0]],
      ['5002', 'TRANSFER_IN', 'claim-42'],
    );
    assert.deepEqual(
      model.snapshotDevice('3002').map((i) => i.localConnectionState),
      ['alerting'],
    );
  });

  it('a pre-route indication before the call: the call arriving at 8000 carries its data', () => {
    const { model, system, sales } = setup();
    mustSucceed(
      system.router.preRoute(5000, '8000', { ani: '3009', update: { callVariables: { 2: 'vip' } } }),
      'pre-route',
    );
    const caller = mustSucceed(model.makeCall('3009', '8000'), 'call');
    const id = system.bindings.get(5000)?.acdCallOf(caller.callID);
    assert.ok(id !== undefined);
    assert.deepEqual(
      [sales.call(id)?.callType, sales.call(id)?.data.callVariables[1]],
      ['PREROUTE_ACD_IN', 'vip'],
    );
  });
});
