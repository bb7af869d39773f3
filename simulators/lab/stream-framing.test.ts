import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type FramerEvent,
  headerEnd,
  MHDR_SIZE,
  type MhdrEvent,
  MhdrFramer,
  SipStreamFramer,
} from './stream-framing.ts';

// Properties of the lab's one framing module (SIP by Content-Length, RFC 3261 §18.3; GED-188 by
// MHDR, CTI Server Message Reference Guide "Message Conventions"); the SIP framer's examples are
// in stream-framing.sip.test.ts, the GED-188 reader's in cti-server/frame-reader*.test.ts.

/** Cuts `bytes` at the given points (any, unordered, possibly repeated or out of range). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    chunks.push(bytes.subarray(from, c));
    from = c;
  }
  return chunks;
}

const sipMessage = fc
  .record({
    method: fc.constantFrom('INFO', 'INVITE', 'REGISTER', 'BYE'),
    callId: fc.stringMatching(/^[a-z0-9]{1,12}$/),
    compact: fc.boolean(),
    body: fc.string({ unit: 'binary', maxLength: 300, size: 'max' }),
  })
  .map(({ method, callId, compact, body }) => {
    const length = Buffer.byteLength(body, 'utf8');
    const header = compact ? `l: ${length}` : `Content-Length: ${length}`;
    return Buffer.from(
      `${method} sip:201@lab SIP/2.0\r\nCall-ID: ${callId}\r\n${header}\r\n\r\n${body}`,
      'utf8',
    );
  });

/** A SIP stream: messages with, between them, keepalive pings and lone CRLFs (RFC 5626 §3.5.1). */
const sipStream = fc.array(
  fc.tuple(sipMessage, fc.constantFrom('', '\r\n\r\n', '\r\n')).map(([m, before]) => ({ m, before })),
  { minLength: 1, maxLength: 8 },
);

const messagesOf = (events: FramerEvent[]): string[] =>
  events.flatMap((e) => (e.kind === 'message' ? [Buffer.from(e.bytes).toString('hex')] : []));

test('SIP: any split of a valid stream into chunks frames to the same messages', () => {
  fc.assert(
    fc.property(sipStream, fc.array(fc.nat(), { maxLength: 20 }), (parts, cuts) => {
      const stream = Buffer.concat(parts.flatMap(({ m, before }) => [Buffer.from(before), m]));
      const framer = new SipStreamFramer();
      const events = split(stream, cuts).flatMap((c) => framer.push(c));
      assert.deepEqual(
        messagesOf(events),
        parts.map(({ m }) => m.toString('hex')),
      );
      assert.equal(events.filter((e) => e.kind === 'error').length, 0);
      // Each CRLFCRLF between messages is one ping; a lone CRLF is skipped (RFC 5626 §3.5.1).
      assert.equal(
        events.filter((e) => e.kind === 'ping').length,
        parts.filter(({ before }) => before === '\r\n\r\n').length,
      );
      assert.equal(framer.buffered, 0);
      assert.equal(framer.waiting, false);
    }),
    { numRuns: 200 },
  );
});

test('SIP: an over-size body split anywhere is skipped and the next message frames', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 600 }),
      sipMessage,
      fc.array(fc.nat(), { maxLength: 10 }),
      (n, next, cuts) => {
        const max = Math.max(200, next.length);
        const big = Buffer.from(
          `INFO sip:a@lab SIP/2.0\r\nContent-Length: ${max + n}\r\n\r\n${'y'.repeat(max + n)}`,
        );
        const framer = new SipStreamFramer(max);
        const events = split(Buffer.concat([big, next]), cuts).flatMap((c) => framer.push(c));
        assert.deepEqual(
          events.map((e) => (e.kind === 'error' ? `${e.reason} ${e.recoverable}` : e.kind)),
          ['too-large true', 'message'],
        );
        assert.deepEqual(messagesOf(events), [next.toString('hex')]);
        assert.equal(framer.waiting, false);
      },
    ),
    { numRuns: 100 },
  );
});

test('SIP: Content-Length spellings and limits', () => {
  const frames = (text: string, max?: number) =>
    new SipStreamFramer(max).push(Buffer.from(text)).map((e) => (e.kind === 'error' ? e.reason : e.kind));
  for (const h of ['Content-Length: 3', 'content-length:3', 'CONTENT-LENGTH :\t 3', 'l:3', 'L \t: 3  '])
    assert.deepEqual(frames(`INFO sip:a@b SIP/2.0\r\n${h}\r\n\r\nabc`), ['message'], h);
  assert.deepEqual(frames('INFO sip:a@b SIP/2.0\r\nContent-Length: 1234567890\r\n\r\n'), [
    'bad-content-length',
  ]);
  assert.deepEqual(frames('INFO sip:a@b SIP/2.0\r\nContent-Length: 3x\r\n\r\nabc'), ['bad-content-length']);
  assert.deepEqual(frames('INFO sip:a@b SIP/2.0\r\nX-Content-Length: 3\r\n\r\n'), ['no-content-length']);
  // A message of exactly the maximum frames; one byte more is too large.
  const whole = 'INFO sip:a@b SIP/2.0\r\nl: 3\r\n\r\nabc';
  assert.deepEqual(frames(whole, whole.length), ['message']);
  assert.deepEqual(frames(whole, whole.length - 1), ['too-large']);
  // Headers without their blank line: waiting up to the maximum, lost beyond it.
  const head = 'INFO sip:a@b SIP/2.0\r\nX: 1';
  assert.deepEqual(frames(head, head.length), []);
  assert.deepEqual(frames(head, head.length - 1), ['too-large']);
  // A CR that may begin a ping waits; CRLF then anything else is a lone CRLF.
  const f = new SipStreamFramer();
  assert.deepEqual(f.push(Buffer.from('\r')), []);
  assert.deepEqual(f.push(Buffer.from('\n\r')), []);
  assert.equal(f.waiting, true);
  assert.deepEqual(
    f.push(Buffer.from(`\n${whole}`)).map((e) => e.kind),
    ['ping', 'message'],
  );
  const g = new SipStreamFramer();
  assert.deepEqual(
    g.push(Buffer.from(`\r\n${whole}\r\n\r\n`)).map((e) => e.kind),
    ['message', 'ping'],
  );
  assert.equal(g.buffered, 0);
});

test('SIP: headerEnd is the offset just past the first blank line, from any start', () => {
  const bytes = Buffer.from('\r\n\r\nA: 1\r\n\r\nB');
  assert.equal(headerEnd(bytes), 4, 'a blank line at offset 0');
  assert.equal(headerEnd(bytes, 1), 12);
  assert.equal(headerEnd(bytes, 10), -1);
  assert.equal(headerEnd(Buffer.from('A: 1\r\n\r')), -1);
  // A view into a larger buffer counts from the view's own start.
  assert.equal(headerEnd(new Uint8Array(Buffer.from('xxA\r\n\r\n')).subarray(2)), 5);
});

test('SIP: a CRLF followed by anything but CRLF is a lone CRLF, not the start of a ping', () => {
  const kinds = (text: string) =>
    new SipStreamFramer().push(Buffer.from(text)).map((e) => (e.kind === 'error' ? e.reason : e.kind));
  // "X\n" where a ping has its second CRLF: the lone CRLF is skipped, the rest is a header block.
  assert.deepEqual(kinds('\r\nX\n\r\n\r\n'), ['no-content-length']);
  assert.deepEqual(kinds('\r\n\rX\r\n\r\n'), ['no-content-length']);
  // A lone CR is a header block begun: it waits, and a CRLFCRLF completing it is a ping.
  const f = new SipStreamFramer();
  assert.deepEqual(f.push(Buffer.from('\r')), []);
  assert.equal(f.buffered, 1);
  assert.deepEqual(
    f.push(Buffer.from('\n\r\n')).map((e) => e.kind),
    ['ping'],
  );
  assert.equal(f.waiting, false);
});

test('SIP: waiting while the rest of an over-size body is still to be skipped (nothing buffered)', () => {
  const framer = new SipStreamFramer(64);
  const events = framer.push(
    Buffer.from(`INFO sip:a@b SIP/2.0\r\nContent-Length: 100\r\n\r\n${'y'.repeat(10)}`),
  );
  assert.deepEqual(
    events.map((e) => (e.kind === 'error' ? `${e.reason} ${e.recoverable}` : e.kind)),
    ['too-large true'],
  );
  assert.equal(framer.buffered, 0);
  assert.equal(framer.waiting, true, '90 body bytes still to come');
  assert.deepEqual(framer.push(Buffer.from('y'.repeat(89))), []);
  assert.equal(framer.waiting, true, 'one body byte still to come');
  const next = 'INFO sip:a@b SIP/2.0\r\nl: 0\r\n\r\n';
  assert.deepEqual(
    framer.push(Buffer.from(`y${next}`)).map((e) => e.kind),
    ['message'],
  );
  assert.equal(framer.waiting, false);
});

test('SIP: garbage never throws; a lost framing is an error event, then the framer ignores input', () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ maxLength: 400, size: 'max' }), { maxLength: 12 }),
      fc.uint8Array({ minLength: 1, maxLength: 50 }),
      (chunks, after) => {
        const framer = new SipStreamFramer(2048);
        const events = chunks.flatMap((c) => framer.push(c));
        const fatal = events.findIndex((e) => e.kind === 'error' && !e.recoverable);
        if (fatal >= 0) {
          assert.equal(fatal, events.length - 1, 'nothing after a fatal error');
          assert.deepEqual(framer.push(after), []);
        }
        for (const e of events) if (e.kind === 'error') assert.ok(e.reason.length > 0);
      },
    ),
    { numRuns: 300 },
  );
});

test('SIP: a header block without Content-Length loses the framing with a reason', () => {
  const framer = new SipStreamFramer();
  const events = framer.push(Buffer.from('INFO sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nrest'));
  assert.equal(events.length, 1);
  const [e] = events;
  assert.ok(e?.kind === 'error' && e.reason === 'no-content-length' && !e.recoverable);
  assert.deepEqual(framer.push(Buffer.from('INFO sip:a@b SIP/2.0\r\nl: 0\r\n\r\n')), []);
  assert.equal(framer.buffered, 0, 'a lost framer holds nothing of what comes after');
  assert.equal(framer.waiting, false);
});

const mhdr = (type: number, body: Buffer): Buffer => {
  const head = Buffer.alloc(MHDR_SIZE);
  head.writeUInt32BE(body.length, 0);
  head.writeUInt32BE(type, 4);
  return Buffer.concat([head, body]);
};

const mhdrStream = fc.array(
  fc
    .tuple(fc.nat({ max: 300 }), fc.uint8Array({ maxLength: 200, size: 'max' }))
    .map(([t, b]) => mhdr(t, Buffer.from(b))),
  { minLength: 1, maxLength: 10 },
);

const framesOf = (events: MhdrEvent[]): string[] =>
  events.flatMap((e) => (e.kind === 'message' ? [`${e.messageType}:${e.raw.toString('hex')}`] : []));

test('GED-188: any split of a valid stream into chunks frames to the same messages', () => {
  fc.assert(
    fc.property(mhdrStream, fc.array(fc.nat(), { maxLength: 20 }), (messages, cuts) => {
      const framer = new MhdrFramer(4096);
      const events = split(Buffer.concat(messages), cuts).flatMap((c) => framer.push(c));
      assert.deepEqual(
        framesOf(events),
        messages.map((m) => `${m.readUInt32BE(4)}:${m.toString('hex')}`),
      );
      for (const e of events) if (e.kind === 'message') assert.equal(e.body.length, e.raw.length - MHDR_SIZE);
      assert.equal(framer.buffered, 0);
      assert.equal(framer.closed, false);
    }),
    { numRuns: 200 },
  );
});

test('GED-188: garbage never throws; an impossible MessageLength is the last event and closes the framer', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 300, size: 'max' }), { maxLength: 12 }), (chunks) => {
      const framer = new MhdrFramer(512);
      const events = chunks.flatMap((c) => framer.push(c));
      const error = events.findIndex((e) => e.kind === 'error');
      if (error >= 0) {
        assert.equal(error, events.length - 1);
        assert.equal(framer.closed, true);
        const e = events[error];
        assert.ok(e?.kind === 'error' && e.length > 512 - MHDR_SIZE);
        assert.deepEqual(framer.push(mhdr(1, Buffer.alloc(4))), []);
      }
    }),
    { numRuns: 300 },
  );
});

test('GED-188: a message of exactly the maximum frames; one byte more is lost framing', () => {
  const max = 64;
  const whole = mhdr(7, Buffer.alloc(max - MHDR_SIZE, 1));
  assert.deepEqual(framesOf(new MhdrFramer(max).push(whole)), [`7:${whole.toString('hex')}`]);
  const over = new MhdrFramer(max);
  assert.deepEqual(over.push(mhdr(7, Buffer.alloc(max - MHDR_SIZE + 1))), [
    { kind: 'error', reason: 'too-large', length: max - MHDR_SIZE + 1, messageType: 7, maxSize: max },
  ]);
  assert.equal(over.closed, true);
});

test('GED-188: an impossible MessageLength is lost framing as soon as its 4 bytes are in (type 0 when unknown)', () => {
  const framer = new MhdrFramer(64);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(57, 0);
  assert.deepEqual(framer.push(length), [
    { kind: 'error', reason: 'too-large', length: 57, messageType: 0, maxSize: 64 },
  ]);
  assert.equal(framer.buffered, 0);
  // Three bytes of a length are not enough to judge: held.
  const partial = new MhdrFramer(64);
  assert.deepEqual(partial.push(length.subarray(0, 3)), []);
  assert.equal(partial.buffered, 3);
});

test('GED-188: a length beyond the maximum is reported with the message type when the header is whole', () => {
  const framer = new MhdrFramer(64);
  const head = Buffer.alloc(MHDR_SIZE);
  head.writeUInt32BE(1000, 0);
  head.writeUInt32BE(3, 4);
  assert.deepEqual(framer.push(head), [
    { kind: 'error', reason: 'too-large', length: 1000, messageType: 3, maxSize: 64 },
  ]);
});
