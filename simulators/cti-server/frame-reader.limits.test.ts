/**
 * The frame reader's limit (Cisco "CTI Server Message Reference Guide (Protocol Version 15)",
 * chapter 3 "Message Conventions": MHDR = MessageLength UINT, MessageType UINT). A MessageLength
 * beyond the largest message means the stream lost sync (uccertweb `Packetizer.scala`): the reader
 * says so as soon as the four length bytes are in, with the type when its bytes are in too, and
 * refuses the rest of the stream.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CtiFrameReader, type FrameResult } from './frame-reader.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const u32 = (n: number) => n.toString(16).padStart(8, '0');

/** The one result is a fatal message-too-long error with exactly these values. */
function lostSync(out: FrameResult[], length: number, maxSize: number, messageType: number) {
  assert.equal(out.length, 1);
  const r = out[0];
  assert.ok(r !== undefined && !r.ok);
  assert.deepEqual(
    {
      code: r.error.code,
      status: r.error.status,
      fatal: r.error.fatal,
      messageType: r.error.messageType,
      offset: r.error.offset,
      message: r.error.message,
    },
    {
      code: 'message-too-long',
      status: 25,
      fatal: true,
      messageType,
      offset: 0,
      message:
        `GED-188 message-too-long: MessageLength ${length} makes a message larger than ${maxSize} bytes ` +
        `(message type ${messageType}, offset 0)`,
    },
  );
}

describe('CtiFrameReader limits', () => {
  it('four bytes of an impossible MessageLength are enough to fail, with message type 0', () => {
    const reader = new CtiFrameReader();
    lostSync(reader.push(hex(u32(8185))), 8185, 8192, 0);
    assert.equal(reader.closed, true);
    assert.equal(reader.buffered, 0);
    assert.deepEqual(reader.push(hex('00000004 00000005 00000001')), []);
  });

  it('with the whole MHDR in, the error names the message type', () => {
    const reader = new CtiFrameReader();
    lostSync(reader.push(hex(`${u32(0xffffffff)} 0000001a`)), 0xffffffff, 8192, 26);
  });

  it('three bytes are not yet a length: the reader waits', () => {
    const reader = new CtiFrameReader();
    assert.deepEqual(reader.push(hex('ffffff')), []);
    assert.equal(reader.buffered, 3);
    assert.equal(reader.closed, false);
  });

  it('maxSize bounds the whole message, MHDR included', () => {
    const reader = new CtiFrameReader({ maxSize: 20 });
    const out = reader.push(hex(`${u32(12)} 00000005 ${'00'.repeat(12)}`));
    assert.equal(out.length, 1);
    assert.ok(out[0]?.ok);
    assert.equal(out[0].frame.raw.length, 20);
    assert.equal(reader.closed, false);
    lostSync(reader.push(hex(`${u32(13)} 00000005`)), 13, 20, 5);
  });

  it('by default the largest MessageLength is 8184 (8192 with MHDR)', () => {
    const reader = new CtiFrameReader();
    assert.deepEqual(reader.push(hex(`${u32(8184)} 00000005`)), []);
    assert.equal(reader.closed, false);
    assert.equal(reader.buffered, 8);
    const out = reader.push(Buffer.alloc(8184));
    assert.equal(out.length, 1);
    assert.ok(out[0]?.ok);
    assert.equal(out[0].frame.messageType, 5);
    assert.equal(out[0].frame.body.length, 8184);
    assert.equal(reader.buffered, 0);
    lostSync(new CtiFrameReader().push(hex(`${u32(8185)} 00000005`)), 8185, 8192, 5);
  });
});
