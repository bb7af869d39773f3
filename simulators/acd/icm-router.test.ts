// Pre-route indications and translation routes ("CTI Planning", UCCE CTI planning guide): data given while the
// call is still in the network reaches the call when it arrives; call data reaches an agent on
// another peripheral only through a translation route.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../lab/manual-clock.ts';
import { salesPeripheral, supportPeripheral } from '../testing/acd-specs.ts';
import { AcdPeripheral } from './acd-peripheral.ts';
import { IcmRouter, type RouterEvent } from './icm-router.ts';

function setup() {
  const clock = new ManualClock();
  const sales = new AcdPeripheral(salesPeripheral(), { clock });
  const support = new AcdPeripheral(supportPeripheral(), { clock, firstCallId: 1000 });
  const router = new IcmRouter([sales, support], [{ number: '8100', peripheralId: 6000, dnis: '9100' }], {
    now: () => clock.now(),
  });
  const events: RouterEvent[] = [];
  router.on((e) => events.push(e));
  for (const [p, id] of [
    [sales, '5001'],
    [support, '6001'],
  ] as const) {
    p.login(id, `${id}-pw`);
    p.setAgentState(id, 'AVAILABLE');
  }
  return { clock, sales, support, router, events };
}

describe('ICM router', () => {
  it('a pre-route indication carries the caller before the call arrives; the call then has its data', () => {
    const { router, sales, events } = setup();
    const pre = router.preRoute(5000, '8000', {
      ani: '3009',
      callerEnteredDigits: '42',
      update: { callVariables: { 1: 'gold' } },
    });
    assert.ok(pre.ok);
    assert.equal(sales.activeCalls().length, 0, 'the call is still in the network');
    assert.deepEqual(
      events.map((e) => e.type),
      ['preRoute'],
    );
    const call = router.arrive(5000, { dialedNumber: '8000', ani: '3009' });
    assert.ok(call.ok);
    assert.equal(call.value.callType, 'PREROUTE_ACD_IN');
    assert.equal(call.value.data.callerEnteredDigits, '42');
    assert.equal(call.value.data.callVariables[0], 'gold');
    const next = router.arrive(5000, { dialedNumber: '8000', ani: '3010' });
    assert.ok(next.ok);
    assert.equal(next.value.callType, 'ACD_IN', 'one pre-route, one call');
    assert.equal(next.value.data.callVariables[0], '');
  });

  it('a pre-route for a number the peripheral does not have is INVALID_DESTINATION (14)', () => {
    const { router } = setup();
    const r = router.preRoute(5000, '7777', {});
    assert.equal(r.ok ? 0 : r.error, 14);
  });

  it('through translation route 8100 the call data reaches agent 6001 on peripheral 6000', () => {
    const { router, sales, support, events } = setup();
    const call = router.arrive(5000, { dialedNumber: '8000', ani: '3009' });
    assert.ok(call.ok);
    sales.answer(call.value.id);
    sales.setCallData(call.value.id, {
      callVariables: { 1: 'claim-42' },
      namedVariables: { 'user.case': 'C9' },
    });
    const t = router.translate(5000, call.value.id, '8100');
    assert.ok(t.ok);
    assert.equal(events.at(-1)?.type, 'translationRoute');
    assert.equal(sales.agent('5001').state, 'WORK_READY', 'the first agent wraps up');
    sales.setAgentState('5001', 'AVAILABLE');
    assert.equal(sales.terminationRecords()[0]?.disposition, 'translationRouted');
    const there = router.arrive(6000, { dialedNumber: '9100', ani: '3009' });
    assert.ok(there.ok);
    assert.equal(there.value.agentId, '6001');
    assert.equal(there.value.callType, 'TRANSFER_IN');
    assert.equal(there.value.data.callVariables[0], 'claim-42');
    assert.equal(there.value.data.namedVariables['user.case'], 'C9');
    assert.equal(there.value.data.dialedNumber, '9100');
    assert.equal(support.call(there.value.id)?.id, 1000);
  });

  it('without a translation route the call arrives on the other peripheral with no call data', () => {
    const { router, sales } = setup();
    const call = router.arrive(5000, { dialedNumber: '8000', ani: '3009' });
    assert.ok(call.ok);
    sales.setCallData(call.value.id, { callVariables: { 1: 'claim-42' } });
    sales.callEnded(call.value.id);
    const there = router.arrive(6000, { dialedNumber: '9100', ani: '3009' });
    assert.ok(there.ok);
    assert.equal(there.value.data.callVariables[0], '');
    assert.equal(there.value.data.ani, '3009');
  });

  it('an unknown translation route is INVALID_DESTINATION (14), an unknown call INVALID_CALL_ID (11)', () => {
    const { router } = setup();
    const call = router.arrive(5000, { dialedNumber: '8000' });
    assert.ok(call.ok);
    const r = router.translate(5000, call.value.id, '8199');
    assert.equal(r.ok ? 0 : r.error, 14);
    const c = router.translate(5000, 4242, '8100');
    assert.equal(c.ok ? 0 : c.error, 11);
  });
});
