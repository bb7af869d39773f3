import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallEvent } from '../../simulators/calls/call-events.ts';
import { CallModel } from '../../simulators/calls/call-model.ts';
import { cstaEventFor } from '../../simulators/cme/cti/cti-events.ts';
import { ManualClock } from '../../simulators/lab/manual-clock.ts';
import { callIdOf, ledgerEmissions, ledgerReceipt } from './csta-ledger-feed.ts';
import { EventLedger } from './event-ledger.ts';

/** A call 201 -> 202 answered and cleared on a real call model; its events. */
function callEvents(): CallEvent[] {
  const model = new CallModel({ clock: new ManualClock() });
  for (const n of ['201', '202']) assert.ok(model.addDevice({ number: n, maxCalls: 2 }).ok);
  const events: CallEvent[] = [];
  model.on((e) => events.push(e));
  const r = model.makeCall('201', '202');
  assert.ok(r.ok);
  assert.ok(model.answer({ callID: r.value.callID, deviceID: '202' }).ok);
  assert.ok(model.clear({ callID: r.value.callID, deviceID: '201' }).ok);
  return events;
}

test('every CSTA event a monitored device must get is entered once; a receipt of each matches it, one missing is lost', () => {
  const events = callEvents();
  const ledger = new EventLedger();
  ledger.open('201', 0);
  // 202 is not monitored: nothing of it is entered.
  let entered = 0;
  for (const e of events) entered += ledgerEmissions(ledger, e, (dn) => dn === '201', 1);
  const sent = events.flatMap((e) =>
    e.monitoredDevices.includes('201')
      ? [cstaEventFor(e, '201', '7', (d) => d)].filter((x) => x !== undefined)
      : [],
  );
  assert.equal(entered, sent.length);
  assert.ok(entered >= 4, `${entered}`);
  // The client gets all but the last (with its own monitorCrossRefID): the last is lost.
  for (const csta of sent.slice(0, -1)) assert.equal(ledgerReceipt(ledger, '201', csta, 3), 2);
  const c = ledger.counts();
  assert.equal(c.expected, entered);
  assert.equal(c.delivered, entered - 1);
  assert.equal(c.lost, 1);
  assert.equal(c.firstLost[0]?.startsWith(`201|${sent.at(-1)!.type}|`), true);
  // The same receipt again is a duplicate.
  ledgerReceipt(ledger, '201', sent[0]!, 4);
  assert.equal(ledger.counts().duplicated, 1);
});

test('a device listed twice in monitoredDevices is entered once', () => {
  const [first] = callEvents();
  const twice = { ...first!, monitoredDevices: ['201', '201'] } as CallEvent;
  const ledger = new EventLedger();
  assert.equal(
    ledgerEmissions(ledger, twice, () => true, 0),
    1,
  );
});

test('callIdOf: the first callID breadth first, undefined when none', () => {
  assert.equal(callIdOf({ type: 'X', connection: { callID: 'c1', deviceID: 'd' } }), 'c1');
  assert.equal(callIdOf({ a: { b: { callID: 'deep' } }, c: { callID: 'near' } }), 'near');
  assert.equal(callIdOf({ type: 'X' }), undefined);
  assert.equal(callIdOf(null), undefined);
});
