import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { versionedMessage } from '../testing/sccp-message-arbitraries.ts';
import { encodeMessage, FrameReader, type FrameResult, HEADER_VERSIONS, SccpDecodeError } from './codec.ts';
import type { SccpMessage } from './messages.ts';

const keepAlive = encodeMessage({ type: 'KeepAliveReq' });
const onHook = encodeMessage({ type: 'OnHook', lineInstance: 1, callReference: 7 });
const frameOf = (length: number, version: number, id: number, body: Uint8Array = Buffer.alloc(0)) => {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(length, 0);
  head.writeUInt32LE(version, 4);
  head.writeUInt32LE(id, 8);
  return Buffer.concat([head, body]);
};

/** Splits `bytes` at the given cut points (taken modulo the length). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1))))].sort(
    (a, b) => a - b,
  );
  const parts: Buffer[] = [];
  let at = 0;
  for (const p of points) {
    parts.push(bytes.subarray(at, p));
    at = p;
  }
  parts.push(bytes.subarray(at));
  return parts;
}

function pushAll(reader: FrameReader, chunks: Buffer[]): FrameResult[] {
  return chunks.flatMap((c) => reader.push(c));
}

describe('FrameReader', () => {
  it('splits several frames in one chunk and joins one across chunks', () => {
    const reader = new FrameReader();
    const stream = Buffer.concat([keepAlive, onHook, keepAlive]);
    const first = reader.push(stream.subarray(0, 20));
    assert.equal(first.length, 1);
    assert.equal(reader.buffered, 8);
    const rest = reader.push(stream.subarray(20));
    assert.deepEqual(
      [...first, ...rest].map((r) => (r.ok ? r.message.type : r.error.code)),
      ['KeepAliveReq', 'OnHook', 'KeepAliveReq'],
    );
    assert.equal(reader.buffered, 0);
    const second = rest[0];
    assert.ok(second?.ok);
    assert.deepEqual(second.raw, onHook);
    assert.equal(second.messageId, 0x0007);
    assert.equal(second.headerVersion, 0);
  });

  it('skips an unknown message or a truncated body and goes on', () => {
    const reader = new FrameReader();
    const results = reader.push(
      Buffer.concat([
        frameOf(8, 0, 0x7777, Buffer.alloc(4)),
        frameOf(8, 0, 0x0086, Buffer.alloc(4)),
        keepAlive,
      ]),
    );
    assert.equal(results.length, 3);
    const [unknown, truncated, ok] = results;
    assert.ok(unknown && !unknown.ok && !unknown.fatal && unknown.error.code === 'unknown-message');
    assert.equal(unknown.raw.length, 16);
    assert.ok(truncated && !truncated.ok && !truncated.fatal && truncated.error.code === 'truncated');
    assert.equal(truncated.error.messageId, 0x0086);
    assert.ok(ok?.ok);
    assert.equal(reader.closed, false);
  });

  it('a length below 4 is fatal and the reader refuses further input', () => {
    const reader = new FrameReader();
    const [bad, ...more] = reader.push(Buffer.concat([keepAlive, frameOf(3, 0, 0), keepAlive]));
    assert.ok(bad?.ok);
    assert.equal(more.length, 1);
    const fatal = more[0];
    assert.ok(fatal && !fatal.ok && fatal.fatal);
    assert.equal(fatal.error.code, 'length-out-of-range');
    assert.equal(reader.closed, true);
    assert.deepEqual(reader.push(keepAlive), []);
    assert.equal(reader.buffered, 0);
  });

  it('a length above maxLength is fatal as soon as the length word arrives', () => {
    const reader = new FrameReader({ maxLength: 100 });
    const [fatal] = reader.push(frameOf(101, 0, 0).subarray(0, 4));
    assert.ok(fatal && !fatal.ok && fatal.fatal && fatal.error.code === 'length-out-of-range');
  });

  it('the default maxLength accepts the largest known message at every version', () => {
    const reader = new FrameReader();
    const sets = encodeMessage(
      { type: 'SoftKeySetRes', softKeySetOffset: 0, totalSoftKeySetCount: 0, definitions: [] },
      0x16,
    );
    assert.ok(reader.push(sets)[0]?.ok);
    assert.ok(!new FrameReader().push(frameOf(0x7fffffff, 0, 0))[0]?.ok);
  });

  it('a header version outside {0, 0x0A, 0x0B, 0x0F..0x16} is fatal', () => {
    for (const v of [1, 9, 0x0c, 0x0e, 0x17, 0xffffffff]) {
      const [fatal] = new FrameReader().push(frameOf(4, v, 0));
      assert.ok(
        fatal && !fatal.ok && fatal.fatal && fatal.error.code === 'bad-header-version',
        `version ${v}`,
      );
      assert.equal(fatal.error.offset, 4);
    }
    for (const v of HEADER_VERSIONS)
      assert.ok(new FrameReader().push(frameOf(4, v, 0))[0]?.ok, `version ${v}`);
  });

  it('waits for a frame whose length says more than arrived (CM 3.x captures)', () => {
    const reader = new FrameReader();
    assert.deepEqual(reader.push(onHook.subarray(0, onHook.length - 4)), []);
    assert.equal(reader.buffered, onHook.length - 4);
  });
});

describe('FrameReader properties', () => {
  const frames = fc.array(versionedMessage(HEADER_VERSIONS), { maxLength: 6 }).map((list) => ({
    messages: list.map((x) => x.m),
    bytes: Buffer.concat(list.map(({ m, v }) => encodeMessage(m, v))),
  }));
  const cuts = fc.array(fc.nat(), { maxLength: 12 });

  // Property (b): arbitrary bytes never make push throw; after a fatal result nothing more comes.
  function wellBehaved(chunks: Buffer[], maxLength?: number): void {
    const reader = new FrameReader(maxLength === undefined ? {} : { maxLength });
    let fatalSeen = false;
    for (const c of chunks) {
      const results = reader.push(c);
      if (fatalSeen) assert.deepEqual(results, []);
      results.forEach((r, i) => {
        if (r.ok) return;
        assert.ok(r.error instanceof SccpDecodeError);
        assert.ok(Buffer.isBuffer(r.raw));
        if (r.fatal) {
          assert.equal(i, results.length - 1, 'a fatal result is the last one');
          fatalSeen = true;
        }
      });
    }
    assert.equal(reader.closed, fatalSeen);
  }

  it('never throws on arbitrary bytes split anywhere', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        cuts,
        fc.option(fc.nat({ max: 4096 })),
        (bytes, c, max) => {
          wellBehaved(split(Buffer.from(bytes), c), max ?? undefined);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on valid frames with random byte mutations and truncation', () => {
    const mutated = fc
      .tuple(
        frames,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(),
      )
      .map(([f, edits, cut]) => {
        const bytes = Buffer.from(f.bytes);
        for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
        return bytes.subarray(0, bytes.length === 0 ? 0 : cut % (bytes.length + 1));
      });
    fc.assert(
      fc.property(mutated, cuts, (bytes, c) => wellBehaved(split(bytes, c))),
      { numRuns: 500 },
    );
  });

  // Property (c): any chunking of a stream gives the same results as the whole stream at once.
  it('decodes a stream split at arbitrary boundaries exactly as the whole stream', () => {
    fc.assert(
      fc.property(frames, cuts, ({ messages, bytes }, c) => {
        const whole = new FrameReader().push(bytes);
        const chunked = pushAll(new FrameReader(), split(bytes, c));
        assert.deepEqual(chunked, whole);
        assert.equal(whole.length, messages.length);
        assert.ok(whole.every((r) => r.ok));
        assert.deepEqual(
          whole.map((r) => (r.ok ? r.message.type : undefined)),
          messages.map((m: SccpMessage) => m.type),
        );
      }),
      { numRuns: 300 },
    );
  });
});
