import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVia, responseDestination, stampVia } from './sip-via.ts';

const src = { host: '10.0.0.9', port: 40123 };

test('RFC 3581: valueless rport gets the source port and received', () => {
  const v = stampVia('SIP/2.0/UDP 192.168.1.5:5062;branch=z9hG4bKa;rport', src);
  assert.equal(v, 'SIP/2.0/UDP 192.168.1.5:5062;branch=z9hG4bKa;rport=40123;received=10.0.0.9');
  assert.deepEqual(responseDestination(parseVia(v) ?? assert.fail()), src);
});

test('RFC 3261 §18.2.1/§18.2.2: received added when sent-by differs; reply to received at sent-by port', () => {
  const v = stampVia('SIP/2.0/UDP phone.lab:5070;branch=z9hG4bKb', src);
  assert.match(v, /;received=10\.0\.0\.9$/);
  assert.deepEqual(responseDestination(parseVia(v) ?? assert.fail()), { host: '10.0.0.9', port: 5070 });
});

test('same host, no rport: untouched, reply to sent-by (default port 5060)', () => {
  const raw = 'SIP/2.0/UDP 10.0.0.9;branch=z9hG4bKc';
  assert.equal(stampVia(raw, src), raw);
  assert.deepEqual(responseDestination(parseVia(raw) ?? assert.fail()), { host: '10.0.0.9', port: 5060 });
});

test('unparseable Via is left alone and reported as undefined', () => {
  assert.equal(parseVia('garbage'), undefined);
  assert.equal(stampVia('garbage', src), 'garbage');
});
