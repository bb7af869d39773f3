/**
 * The frame reader (Cisco "CTI Server Message Reference Guide (Protocol Version 15)", chapter 3:
 * MHDR = MessageLength, the bytes after the header, then MessageType): whole messages out
 * whatever the chunking; a length beyond the largest message is fatal (uccertweb
 * `Packetizer.scala`: out of sync), a length shorter than the fixed part is not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ctiMessageArbitrary } from '../testing/cti-wire-arbitraries.ts';
import { CtiFrameReader, type FrameResult } from './frame-reader.ts';
import { MESSAGES } from './message-catalogue.ts';
import { decodeMessage, encodeMessage } from './message-codec.ts';
import { DEFAULT_MAX_MESSAGE_SIZE } from './protocol-version.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const frames = (rs: FrameResult[]) =>
  rs.map((r) => (r.ok ? r.frame.raw.toString('hex') : `error ${r.error.code}`));

/** Any sequence of catalogued messages (not OPEN_REQ, whose version field decides its format). */
const stream = (version: number) =>
  fc.array(
    fc
      .constantFrom(...MESSAGES.filter((m) => m.name !== 'OPEN_REQ'))
      .chain((def) => ctiMessageArbitrary(def, version)),
    { minLength: 1, maxLength: 6 },
  );

/** Cut points splitting `total` bytes into chunks (possibly empty). */
const cuts = (total: number) =>
  fc.uniqueArray(fc.integer({ min: 0, max: total }), { maxLength: 12 }).map((c) => c.sort((a, b) => a - b));

describe('CtiFrameReader', () => {
  it('yields the same messages whatever the chunking (v19 and v20)', () => {
    for (const version of [19, 20]) {
      fc.assert(
        fc.property(
          stream(version).chain((msgs) => {
            const bytes = Buffer.concat(msgs.map((m) => encodeMessage(m, version)));
            return fc.tuple(fc.constant(msgs), fc.constant(bytes), cuts(bytes.length));
          }),
          ([msgs, bytes, points]) => {
            const reader = new CtiFrameReader();
            const out: FrameResult[] = [];
            let from = 0;
            for (const p of [...points, bytes.length]) {
              out.push(...reader.push(bytes.subarray(from, p)));
              from = p;
            }
            assert.equal(reader.buffered, 0);
            const decoded = out.map((r) => {
              assert.ok(r.ok);
              const d = decodeMessage(r.frame.messageType, r.frame.body, version);
              assert.ok(d.ok, d.ok ? '' : d.error.message);
              return d.message;
            });
            assert.deepEqual(decoded, msgs);
          },
        ),
        { numRuns: 60 },
      );
    }
  });

  it('delivers two messages of one chunk and holds a partial third', () => {
    const reader = new CtiFrameReader();
    const out = reader.push(hex('00000004 00000005 00000001 00000004 00000006 00000001 00000004 0000'));
    assert.deepEqual(frames(out), ['000000040000000500000001', '000000040000000600000001']);
    assert.equal(reader.buffered, 6);
    assert.deepEqual(frames(reader.push(hex('0005 00000002'))), ['000000040000000500000002']);
  });

  it('a MessageLength beyond the largest message is fatal and the reader refuses more input', () => {
    const reader = new CtiFrameReader();
    const tooLong = DEFAULT_MAX_MESSAGE_SIZE - 8 + 1;
    const out = reader.push(
      Buffer.concat([
        hex('00000004 00000005 00000001'),
        hex(`${tooLong.toString(16).padStart(8, '0')} 00000005`),
      ]),
    );
    assert.equal(out.length, 2);
    assert.ok(out[0]?.ok);
    const bad = out[1];
    assert.ok(bad !== undefined && !bad.ok);
    assert.equal(bad.error.code, 'message-too-long');
    assert.equal(bad.error.fatal, true);
    assert.equal(bad.error.messageType, 5);
    assert.equal(reader.closed, true);
    assert.deepEqual(reader.push(hex('00000004 00000005 00000001')), []);
  });

  it('the largest allowed length is not fatal: the reader waits for its bytes', () => {
    const reader = new CtiFrameReader();
    const max = DEFAULT_MAX_MESSAGE_SIZE - 8;
    assert.deepEqual(reader.push(hex(`${max.toString(16).padStart(8, '0')} 00000009`)), []);
    assert.equal(reader.closed, false);
  });

  it('a length shorter than the fixed part is delivered; its decode fails for that message alone', () => {
    const reader = new CtiFrameReader();
    const out = reader.push(hex('00000002 00000007 0102 00000004 00000005 00000009'));
    assert.equal(out.length, 2);
    const [short, next] = out;
    assert.ok(short?.ok && next?.ok);
    const d = decodeMessage(short.frame.messageType, short.frame.body, 20);
    assert.ok(!d.ok);
    assert.equal(d.error.status, 25);
    assert.equal(d.error.fatal, false);
    assert.equal(next.frame.messageType, 5);
  });
});
