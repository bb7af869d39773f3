import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeMemo } from './decode-memo.ts';
import { decodeBody, encodeBody } from './message-codec.ts';
import { MessageId } from './message-ids.ts';
import type { SccpMessage } from './messages.ts';

const keys: SccpMessage = {
  type: 'SoftKeyTemplateRes',
  softKeyOffset: 0,
  totalSoftKeyCount: 2,
  definitions: [
    { softKeyLabel: '\x80\x01', softKeyEvent: 1 },
    { softKeyLabel: 'NewCall', softKeyEvent: 2 },
  ],
};
const otherKeys: SccpMessage = { ...keys, totalSoftKeyCount: 3 };
const id = MessageId.SoftKeyTemplateRes;

describe('DecodeMemo', () => {
  it('decodes a body equal to the last one of its id once: the same frozen message comes back', () => {
    const memo = new DecodeMemo([id]);
    const first = memo.decode(id, encodeBody(keys, 0), 0);
    const again = memo.decode(id, Buffer.from(encodeBody(keys, 0)), 0);
    assert.deepEqual(first, keys);
    assert.equal(again, first);
    assert.ok(Object.isFrozen(first));
    const defs = (first as Extract<SccpMessage, { type: 'SoftKeyTemplateRes' }>).definitions;
    assert.ok(Object.isFrozen(defs) && Object.isFrozen(defs[0]));
    assert.throws(() => {
      (defs[0] as { softKeyEvent: number }).softKeyEvent = 9;
    }, TypeError);
  });

  it('reads a changed body, another header version, or the caller changing its buffer afresh', () => {
    const memo = new DecodeMemo([id]);
    const buffer = Buffer.from(encodeBody(keys, 0));
    const first = memo.decode(id, buffer, 0);
    const other = memo.decode(id, encodeBody(otherKeys, 0), 0);
    assert.notEqual(other, first);
    assert.deepEqual(other, otherKeys);
    // The memo keeps its own copy: the caller reusing its buffer does not change what it compares.
    buffer.fill(0);
    const v15 = memo.decode(id, encodeBody(otherKeys, 15), 15);
    assert.notEqual(v15, other);
    assert.deepEqual(v15, decodeBody(id, encodeBody(otherKeys, 15), 15));
  });

  it('leaves other ids alone (a new message each time) and remembers no error', () => {
    const memo = new DecodeMemo([id]);
    const ack: SccpMessage = { type: 'KeepAliveAck' };
    const a = memo.decode(MessageId.KeepAliveAck, encodeBody(ack, 0), 0);
    const b = memo.decode(MessageId.KeepAliveAck, encodeBody(ack, 0), 0);
    assert.notEqual(a, b);
    assert.ok(!Object.isFrozen(a));
    const short = encodeBody(keys, 0).subarray(0, 8);
    assert.throws(() => memo.decode(id, short, 0), /needs at least/);
    assert.throws(() => memo.decode(id, short, 0), /needs at least/);
  });
});
