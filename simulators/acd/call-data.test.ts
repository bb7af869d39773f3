// Call data limits (CTI Server Message Reference Guide floating fields: CallVariable1-10
// STRING[41], ANI STRING[40], DNIS STRING[32], CallerEnteredDigits STRING[40], UserToUserInfo
// UNSPEC[131], NAMEDVAR, NAMEDARRAY, CallWrapupData STRING[40]) and updates that keep the rest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyCallDataUpdate, checkWrapUpData, emptyCallData } from './call-data.ts';

const base = emptyCallData({ ani: '3009', dnis: '8000', dialedNumber: '8000' });

describe('call data', () => {
  it('starts with ANI, DNIS, dialed number and ten empty call variables', () => {
    assert.equal(base.ani, '3009');
    assert.equal(base.dnis, '8000');
    assert.deepEqual(base.callVariables, ['', '', '', '', '', '', '', '', '', '']);
  });

  it('an update changes only what it names and keeps earlier updates', () => {
    const one = applyCallDataUpdate(base, {
      callVariables: { 1: 'a', 10: 'j' },
      callerEnteredDigits: '1234',
    });
    assert.ok(one.ok);
    const two = applyCallDataUpdate(one.value, {
      callVariables: { 2: 'b' },
      namedVariables: { 'user.order': 'X1' },
      namedArrays: [{ name: 'user.items', index: 3, value: 'pen' }],
      userToUserInfo: new Uint8Array([1, 2, 3]),
    });
    assert.ok(two.ok);
    assert.deepEqual(two.value.callVariables.slice(0, 3), ['a', 'b', '']);
    assert.equal(two.value.callVariables[9], 'j');
    assert.equal(two.value.callerEnteredDigits, '1234');
    assert.equal(two.value.ani, '3009');
    assert.deepEqual(two.value.namedVariables, { 'user.order': 'X1' });
    assert.deepEqual(two.value.namedArrays, { 'user.items': { 3: 'pen' } });
    assert.deepEqual([...two.value.userToUserInfo], [1, 2, 3]);
    assert.deepEqual(one.value.namedVariables, {}, 'the earlier value is not changed');
  });

  it('a call variable holds 40 characters; 41 is E_CTI_VALUE_TOO_LONG (74) and nothing changes', () => {
    assert.ok(applyCallDataUpdate(base, { callVariables: { 1: 'x'.repeat(40) } }).ok);
    const r = applyCallDataUpdate(base, { ani: '555', callVariables: { 1: 'x'.repeat(41) } });
    assert.equal(r.ok ? 0 : r.error, 74);
  });

  it('CallVariable11 and array index 256 are E_CTI_INVALID_ARRAY_INDEX (61)', () => {
    const cv = applyCallDataUpdate(base, { callVariables: { 11: 'x' } });
    assert.equal(cv.ok ? 0 : cv.error, 61);
    const arr = applyCallDataUpdate(base, { namedArrays: [{ name: 'user.a', index: 256, value: 'x' }] });
    assert.equal(arr.ok ? 0 : arr.error, 61);
  });

  it('field limits: ANI 39, DNIS 31, CED 39 characters, UUI 131 bytes, ECC name 32 / value 210', () => {
    const tooLong = [
      { ani: '1'.repeat(40) },
      { dnis: '1'.repeat(32) },
      { callerEnteredDigits: '1'.repeat(40) },
      { userToUserInfo: new Uint8Array(132) },
      { namedVariables: { ['n'.repeat(33)]: 'v' } },
      { namedVariables: { 'user.v': 'v'.repeat(211) } },
    ];
    for (const update of tooLong) {
      const r = applyCallDataUpdate(base, update);
      assert.equal(r.ok ? 0 : r.error, 74, JSON.stringify(Object.keys(update)));
    }
    assert.ok(
      applyCallDataUpdate(base, {
        ani: '1'.repeat(39),
        dnis: '2'.repeat(31),
        userToUserInfo: new Uint8Array(131),
      }).ok,
    );
  });

  it('wrap-up data holds 39 characters', () => {
    assert.ok(checkWrapUpData('w'.repeat(39)).ok);
    const r = checkWrapUpData('w'.repeat(40));
    assert.equal(r.ok ? 0 : r.error, 74);
  });
});
