/**
 * The framing limits of Wireshark packet-skinny (framing) (Wireshark packet-skinny: length >= 4,
 * header version in {0x00, 0x0A, 0x0B, 0x0F-0x16}; chan-sccp sccp_session.c: a length above the
 * largest known message is refused) at their exact edges, and what a fatal result carries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MAX_LENGTH, encodeMessage, FrameReader, MAX_KNOWN_BODY } from './codec.ts';
import type { MessageOf } from './messages.ts';

const frameOf = (length: number, version: number, id: number, body: Uint8Array = Buffer.alloc(0)) => {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(length, 0);
  head.writeUInt32LE(version, 4);
  head.writeUInt32LE(id, 8);
  return Buffer.concat([head, body]);
};
const keepAlive = encodeMessage({ type: 'KeepAliveReq' });

/** CallInfoV2 with every NUL-terminated string at its maximum (25 for numbers, 121 for names). */
function fullCallInfoV2(): MessageOf<'CallInfoV2'> {
  const num = '9'.repeat(24);
  const name = 'N'.repeat(120);
  return {
    type: 'CallInfoV2',
    lineInstance: 1,
    callReference: 2,
    callType: 1,
    originalCdpnRedirectReason: 0,
    lastRedirectingReason: 0,
    callInstance: 1,
    callSecurityStatus: 0,
    partyPIRestrictionBits: 0,
    callingParty: num,
    alternateCallingParty: num,
    calledParty: num,
    originalCalledParty: num,
    lastRedirectingParty: num,
    cgpnVoiceMailbox: num,
    cdpnVoiceMailbox: num,
    originalCdpnVoiceMailbox: num,
    lastRedirectingVoiceMailbox: num,
    callingPartyName: name,
    calledPartyName: name,
    originalCalledPartyName: name,
    lastRedirectingPartyName: name,
    huntPilotNumber: num,
    huntPilotName: name,
  };
}

describe('SCCP frame length limits (reference §1)', () => {
  it('the largest known body is a full CallInfoV2 at header version 17+ (887 bytes); the default limit adds a 2048-byte margin', () => {
    const frame = encodeMessage(fullCallInfoV2(), 0x16);
    assert.equal(frame.length - 12, 887);
    assert.equal(MAX_KNOWN_BODY, 887);
    assert.equal(DEFAULT_MAX_LENGTH, 4 + 887 + 2048);
    assert.ok(new FrameReader().push(frame)[0]?.ok);
  });

  it('a length equal to the default limit is accepted and one more is fatal', () => {
    const atLimit = new FrameReader().push(frameOf(DEFAULT_MAX_LENGTH, 0, 0x0000));
    assert.deepEqual(atLimit, [], 'waits for the rest of a frame at the limit');
    const [over] = new FrameReader().push(frameOf(DEFAULT_MAX_LENGTH + 1, 0, 0x0000));
    assert.ok(over && !over.ok && over.fatal);
    assert.equal(over.error.code, 'length-out-of-range');
  });

  it('a length equal to maxLength decodes (trailing body bytes ignored); maxLength + 1 is fatal with the range in the message', () => {
    const [ok] = new FrameReader({ maxLength: 100 }).push(frameOf(100, 0, 0x0000, Buffer.alloc(96)));
    assert.ok(ok?.ok);
    assert.equal(ok.message.type, 'KeepAliveReq');
    const [bad] = new FrameReader({ maxLength: 100 }).push(frameOf(101, 0, 0x0000));
    assert.ok(bad && !bad.ok && bad.fatal);
    assert.equal(bad.error.message, 'SCCP length-out-of-range: length 101 is outside 4..100 (offset 0)');
    assert.equal(bad.error.offset, 0);
  });

  it('a length of exactly 4 is an empty body: KeepAliveReq', () => {
    const [r] = new FrameReader().push(frameOf(4, 0, 0x0000));
    assert.ok(r?.ok);
    assert.deepEqual(r.message, { type: 'KeepAliveReq' });
    assert.equal(r.raw.length, 12);
  });
});

describe('SCCP fatal framing errors', () => {
  it('a bad header version is fatal as soon as its word arrives, before the message id', () => {
    const reader = new FrameReader();
    const [fatal] = reader.push(frameOf(4, 9, 0x0000).subarray(0, 8));
    assert.ok(fatal && !fatal.ok && fatal.fatal);
    assert.equal(fatal.error.code, 'bad-header-version');
    assert.equal(
      fatal.error.message,
      'SCCP bad-header-version: header version 0x9 is not accepted (offset 4)',
    );
    assert.deepEqual(fatal.raw, frameOf(4, 9, 0x0000).subarray(0, 8));
    assert.equal(reader.closed, true);
  });

  it('the rejected frame header (at most 12 bytes) is the raw and the error bytes', () => {
    const header = frameOf(4, 0x17, 0x0000);
    const [fatal] = new FrameReader().push(Buffer.concat([header, Buffer.alloc(20, 0xee)]));
    assert.ok(fatal && !fatal.ok && fatal.fatal);
    assert.deepEqual(fatal.raw, header);
    assert.deepEqual(Buffer.from(fatal.error.bytes), header);
    const [short] = new FrameReader().push(frameOf(2, 0, 0).subarray(0, 4));
    assert.ok(short && !short.ok);
    assert.deepEqual(short.raw, Buffer.from('02000000', 'hex'));
  });

  it('frames before a fatal one are delivered, and nothing is kept after it', () => {
    const reader = new FrameReader();
    const results = reader.push(Buffer.concat([keepAlive, keepAlive, frameOf(4, 1, 0), keepAlive]));
    assert.deepEqual(
      results.map((r) => (r.ok ? r.message.type : r.error.code)),
      ['KeepAliveReq', 'KeepAliveReq', 'bad-header-version'],
    );
    assert.equal(reader.buffered, 0);
    assert.equal(reader.closed, true);
  });

  it('a frame split inside its length word is held until the word is complete', () => {
    const reader = new FrameReader();
    assert.deepEqual(reader.push(keepAlive.subarray(0, 3)), []);
    assert.equal(reader.buffered, 3);
    const [r] = reader.push(keepAlive.subarray(3));
    assert.ok(r?.ok);
    assert.equal(reader.buffered, 0);
  });
});
