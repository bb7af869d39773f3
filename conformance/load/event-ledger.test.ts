import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventLedger } from './event-ledger.ts';

test('an emission inside a window is delivered when received, lost when not', () => {
  const l = new EventLedger();
  l.open('8000000', 0);
  l.emitted('8000000', 'DeliveredEvent', 'c1', 10);
  l.emitted('8000000', 'EstablishedEvent', 'c1', 20);
  assert.equal(l.received('8000000', 'DeliveredEvent', 'c1', 12.5), 2.5);
  const c = l.counts();
  assert.deepEqual([c.expected, c.delivered, c.lost, c.duplicated, c.unexpected], [2, 1, 1, 0, 0]);
  assert.deepEqual(c.firstLost, ['8000000|EstablishedEvent|c1 at 20']);
});

test('a second receipt of one emission is duplicated; a receipt with no emission is unexpected', () => {
  const l = new EventLedger();
  l.open('8000001', 0);
  l.emitted('8000001', 'ConnectionClearedEvent', 'c2', 5);
  l.received('8000001', 'ConnectionClearedEvent', 'c2', 6);
  assert.equal(l.received('8000001', 'ConnectionClearedEvent', 'c2', 7), undefined);
  assert.equal(l.received('8000001', 'ConnectionClearedEvent', 'c9', 7), undefined);
  const c = l.counts();
  assert.deepEqual([c.expected, c.delivered, c.duplicated, c.unexpected], [1, 1, 1, 1]);
});

test('emissions while the session is down are not expected; after the reopen they count as recovered', () => {
  const l = new EventLedger();
  l.open('8000002', 0);
  l.emitted('8000002', 'DeliveredEvent', 'a', 50);
  l.received('8000002', 'DeliveredEvent', 'a', 51);
  l.close('8000002', 100);
  l.emitted('8000002', 'DeliveredEvent', 'b', 150);
  l.open('8000002', 300, true);
  l.emitted('8000002', 'DeliveredEvent', 'c', 400);
  l.emitted('8000002', 'EstablishedEvent', 'c', 410);
  l.received('8000002', 'DeliveredEvent', 'c', 402);
  const c = l.counts();
  assert.deepEqual(
    [c.expected, c.delivered, c.lost, c.recoveredDevices, c.expectedRecovered, c.lostRecovered],
    [3, 2, 1, 1, 2, 1],
  );
});

test('late emissions: a receipt before its emission waits, matches it, and measures from the emission', () => {
  const late: number[] = [];
  const l = new EventLedger({ lateEmissions: true, onLateMatch: (ms) => late.push(ms) });
  l.open('d', 0);
  assert.equal(l.received('d', 'T', 'c', 10), undefined);
  assert.equal(l.counts().unexpected, 1, 'still waiting: unexpected if it stays so');
  l.emitted('d', 'T', 'c', 7);
  assert.deepEqual(late, [3]);
  assert.equal(l.received('d', 'T', 'c', 12), undefined, 'a second receipt waits too');
  const c = l.counts();
  assert.deepEqual([c.expected, c.delivered, c.lost, c.duplicated, c.unexpected], [1, 1, 0, 1, 0]);
});
