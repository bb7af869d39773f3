import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SipStreamFramer } from './stream-framing.ts';

const msg = (body: string): Buffer =>
  Buffer.from(
    `INFO sip:201@lab SIP/2.0\r\nCall-ID: a\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    'utf8',
  );

test('frames by Content-Length in bytes, not characters (multi-byte UTF-8 body)', () => {
  const body = '<x>Müller – 北京 🎧</x>';
  assert.notEqual(Buffer.byteLength(body), body.length);
  const f = new SipStreamFramer();
  const events = f.push(Buffer.concat([msg(body), msg('second')]));
  assert.equal(events.length, 2);
  const [first, second] = events;
  assert.equal(first?.kind, 'message');
  assert.ok(first?.kind === 'message' && Buffer.from(first.bytes).toString('utf8').endsWith(body));
  assert.ok(second?.kind === 'message' && Buffer.from(second.bytes).toString('utf8').endsWith('second'));
  assert.equal(f.buffered, 0);
});

test('a message split across segments, even inside a multi-byte character', () => {
  const whole = msg('é€😀 done');
  const f = new SipStreamFramer();
  const out = [];
  for (let i = 0; i < whole.length; i += 3) out.push(...f.push(whole.subarray(i, i + 3)));
  assert.equal(out.length, 1);
  assert.ok(out[0]?.kind === 'message' && Buffer.compare(Buffer.from(out[0].bytes), whole) === 0);
});

test('CRLFCRLF ping is reported; a lone CRLF before a message is skipped', () => {
  const f = new SipStreamFramer();
  const events = f.push(Buffer.concat([Buffer.from('\r\n\r\n'), Buffer.from('\r\n'), msg('x')]));
  assert.deepEqual(
    events.map((e) => e.kind),
    ['ping', 'message'],
  );
  // A ping split in two segments is still one ping.
  const g = new SipStreamFramer();
  assert.deepEqual(g.push(Buffer.from('\r\n')), []);
  assert.deepEqual(
    g.push(Buffer.from('\r\n')).map((e) => e.kind),
    ['ping'],
  );
});

test('missing or bad Content-Length loses framing (unrecoverable) and stops the framer', () => {
  const f = new SipStreamFramer();
  const [e] = f.push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n'));
  assert.ok(e?.kind === 'error' && e.reason === 'no-content-length' && !e.recoverable && e.head);
  assert.deepEqual(f.push(msg('x')), []);
  const g = new SipStreamFramer();
  const [b] = g.push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: -3\r\n\r\n'));
  assert.ok(b?.kind === 'error' && b.reason === 'bad-content-length');
});

test('over-size body is skipped (recoverable, head kept for a 413); over-size headers are not', () => {
  const f = new SipStreamFramer(200);
  const big = msg('y'.repeat(500));
  const events = [...f.push(big.subarray(0, 100)), ...f.push(big.subarray(100)), ...f.push(msg('ok'))];
  assert.deepEqual(
    events.map((e) => e.kind),
    ['error', 'message'],
  );
  assert.ok(events[0]?.kind === 'error' && events[0].reason === 'too-large' && events[0].recoverable);
  const g = new SipStreamFramer(100);
  const [h] = g.push(Buffer.from(`INFO sip:a@b SIP/2.0\r\nX: ${'z'.repeat(200)}`));
  assert.ok(h?.kind === 'error' && h.reason === 'too-large' && !h.recoverable && h.head === undefined);
});

test('two Content-Length headers lose framing (RFC 3261 §7.3.1; RFC 4475 §3.3.9)', () => {
  const f = new SipStreamFramer();
  const [e] = f.push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\nl: 3\r\n\r\nabc'));
  assert.ok(e?.kind === 'error' && e.reason === 'multiple-content-length' && !e.recoverable);
});

test('waiting: a message begun and not finished (RFC 3261 §18.3), until it completes', () => {
  const f = new SipStreamFramer();
  assert.equal(f.waiting, false);
  const whole = msg('hello');
  assert.deepEqual(f.push(whole.subarray(0, 10)), []);
  assert.equal(f.waiting, true);
  assert.deepEqual(
    f.push(whole.subarray(10)).map((e) => e.kind),
    ['message'],
  );
  assert.equal(f.waiting, false);
});
