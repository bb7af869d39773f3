import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PhoneSoftKey } from './phone-state.ts';
import { softKeyOf, softKeySetOf } from './soft-key-sets.ts';

const frozenDef = (label: string, event: number) =>
  Object.freeze({ softKeyLabel: label, softKeyEvent: event });
const redial = softKeyOf(frozenDef('Redial', 1));
const newCall = softKeyOf(frozenDef('NewCall', 2));
const dnd = softKeyOf(frozenDef('DND', 63));

test('a frozen definition gives one shared frozen entry; an unfrozen one an entry of its own', () => {
  const d = frozenDef('Answer', 11);
  assert.equal(softKeyOf(d), softKeyOf(d));
  assert.ok(Object.isFrozen(softKeyOf(d)));
  const own = { softKeyLabel: 'Answer', softKeyEvent: 11 };
  assert.notEqual(softKeyOf(own), softKeyOf(own));
  assert.equal(Object.isFrozen(softKeyOf(own)), false);
  assert.deepEqual(softKeyOf(own), { label: 'Answer', name: 'Answer', event: 11 });
});

test('phones with the same template share one frozen set per frozen template indexes and set index', () => {
  const indexes = Object.freeze([1, 0, 2, 9]);
  const a = softKeySetOf(0, indexes, [redial, newCall]);
  const b = softKeySetOf(0, indexes, [redial, newCall]);
  assert.equal(a, b);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.keys));
  assert.deepEqual(a, {
    index: 0,
    name: 'OnHook',
    templateIndexes: [1, 0, 2, 9],
    keys: ['Redial', '', 'NewCall', ''],
  });
  assert.equal(a.templateIndexes, indexes);
  // Another set index of the same indexes is another set.
  const ringIn = softKeySetOf(3, indexes, [redial, newCall]);
  assert.notEqual(ringIn, a);
  assert.equal(ringIn.name, 'RingIn');
});

test("a phone whose template differs gets its own names, and the others' shared set is unchanged", () => {
  const indexes = Object.freeze([1, 2]);
  const shared = softKeySetOf(1, indexes, [redial, newCall]);
  const other = softKeySetOf(1, indexes, [redial, dnd]);
  assert.notEqual(other, shared);
  assert.deepEqual(other.keys, ['Redial', 'DND']);
  assert.deepEqual(shared.keys, ['Redial', 'NewCall']);
  // Both templates now have a shared set; each finds its own again.
  assert.equal(softKeySetOf(1, indexes, [redial, dnd]), other);
  assert.equal(softKeySetOf(1, indexes, [redial, newCall]), shared);
  // A template still missing its entries names nothing yet, then is named once they come.
  const early = softKeySetOf(1, indexes, []);
  assert.deepEqual(early.keys, ['', '']);
  assert.equal(softKeySetOf(1, indexes, [redial, newCall]), shared);
});

test('unfrozen indexes or entries give a set of its own, with its own copy of the indexes', () => {
  const indexes = [1, 2];
  const a = softKeySetOf(0, indexes, [redial, newCall]);
  assert.notEqual(a, softKeySetOf(0, indexes, [redial, newCall]));
  assert.notEqual(a.templateIndexes, indexes);
  assert.equal(Object.isFrozen(a), false);
  const ownEntry: PhoneSoftKey = { label: 'Park', name: 'Park', event: 12 };
  const frozenIndexes = Object.freeze([1]);
  const b = softKeySetOf(0, frozenIndexes, [ownEntry]);
  assert.notEqual(b, softKeySetOf(0, frozenIndexes, [ownEntry]));
  assert.deepEqual(b.keys, ['Park']);
});
