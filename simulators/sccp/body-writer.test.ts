// BodyWriter on its own: the buffer it grows as fields are written, the size it reports, the
// frame it hands out with the header room in front (message-codec.ts fills that room).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BodyWriter } from './body-writer.ts';

describe('BodyWriter', () => {
  it('size counts the body only, not the header room in front of it', () => {
    const w = new BodyWriter('KeepAliveMessage', 0, 12);
    assert.equal(w.size, 0);
    w.u32(7, 'a');
    w.u8(1, 'b');
    assert.equal(w.size, 5);
    assert.equal(w.toBuffer().length, 5);
    assert.equal(w.toFrame().length, 17);
  });

  it('a NUL-terminated string that ends exactly past the first buffer is written whole, NUL included', () => {
    // 256 bytes are allocated first: 249 bytes of zeros leave 7, and 'abcdefgh' + NUL needs 9.
    for (const room of [0, 12]) {
      const w = new BodyWriter('RegisterMessage', 0, room);
      w.zeros(249);
      w.nulTerminatedLatin1('abcdefgh', 8);
      w.u8(0x5a, 'after');
      const body = w.toBuffer();
      assert.equal(body.length, 249 + 9 + 1, `room ${room}`);
      assert.equal(body.subarray(249).toString('latin1'), 'abcdefgh\0Z', `room ${room}`);
    }
  });

  it('every field kind written across the growth of the buffer reads back in order', () => {
    const w = new BodyWriter('Test', 0, 8);
    const expected: number[] = [];
    for (let i = 0; i < 200; i++) {
      w.u8(i & 0xff, 'u8');
      w.u16(i * 3, 'u16');
      w.fixedLatin1(`f${i}`, 5);
      expected.push(i);
    }
    const body = w.toBuffer();
    assert.equal(body.length, 200 * 8);
    for (const i of expected) {
      assert.equal(body[i * 8], i & 0xff);
      assert.equal(body.readUInt16LE(i * 8 + 1), i * 3);
      assert.equal(body.subarray(i * 8 + 3, i * 8 + 8).toString('latin1'), `f${i}`.padEnd(5, '\0'));
    }
  });
});
