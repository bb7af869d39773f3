import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVia, responseDestination, stampVia, viaProblem } from './sip-via.ts';

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

test('RFC 3261 §18.2.1: a received the client wrote itself is overwritten with the source address', () => {
  const v = stampVia('SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKd;received=127.0.0.2', src);
  assert.equal(v, 'SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKd;received=10.0.0.9');
  assert.deepEqual(responseDestination(parseVia(v) ?? assert.fail()), { host: '10.0.0.9', port: 5070 });
});

test('RFC 3581 §4: an rport value the client wrote is replaced by the source port', () => {
  const v = stampVia('SIP/2.0/UDP 10.0.0.9:5070;rport=1;branch=z9hG4bKe', src);
  assert.equal(v, 'SIP/2.0/UDP 10.0.0.9:5070;rport=40123;branch=z9hG4bKe;received=10.0.0.9');
  assert.deepEqual(responseDestination(parseVia(v) ?? assert.fail()), src);
});

test('RFC 3261 §18.2.2: maddr routes a UDP response (sent-by port), never a TCP one', () => {
  const via =
    parseVia('SIP/2.0/UDP 10.0.0.9:5070;branch=z9hG4bKf;maddr=239.1.1.1;rport=7000') ?? assert.fail();
  assert.equal(via.host, '10.0.0.9', 'maddr does not replace the sent-by host');
  assert.deepEqual(responseDestination(via, 'udp'), { host: '239.1.1.1', port: 5070 });
  assert.deepEqual(responseDestination(via, 'tcp'), { host: '10.0.0.9', port: 5070 });
  const stamped = parseVia(stampVia('SIP/2.0/TCP phone.lab:5071;branch=z9hG4bKg;maddr=10.9.9.9', src));
  assert.deepEqual(responseDestination(stamped ?? assert.fail(), 'tcp'), { host: '10.0.0.9', port: 5071 });
});

test('only the top via-parm of a comma list is stamped and routes the response', () => {
  const v = stampVia(
    'SIP/2.0/UDP 192.168.1.5:5062;branch=z9hG4bKh;rport, SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bKi',
    src,
  );
  assert.equal(
    v,
    'SIP/2.0/UDP 192.168.1.5:5062;branch=z9hG4bKh;rport=40123;received=10.0.0.9, SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bKi',
  );
  assert.deepEqual(responseDestination(parseVia(v) ?? assert.fail()), src);
});

test('viaProblem: RFC 3261 §25.1 via-parm grammar; the top one names SIP/2.0 and an answerable transport', () => {
  assert.equal(
    viaProblem(['SIP/2.0/UDP h;branch=z9hG4bK1', 'SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bK2']),
    undefined,
  );
  assert.equal(
    viaProblem(['SIP  /   2.0\r\n /UDP\r\n 192.0.2.2;branch=390skdjuw']),
    undefined,
    'folded (RFC 4475 wsinv)',
  );
  assert.equal(viaProblem(['SIP/2.0/TCP [::1]:5060;branch=z9hG4bK3;received=::1']), undefined);
  assert.match(viaProblem(['SIP/3.0/UDP h;branch=z9hG4bK1']) ?? '', /protocol SIP\/3\.0/);
  assert.match(viaProblem(['SIP/2.0/FOO h;branch=z9hG4bK1']) ?? '', /transport FOO/);
  assert.match(viaProblem(['SIP/2.0/UDP 192.0.2.15;;,;,,']) ?? '', /parameter|via-parm/);
  assert.match(viaProblem(['SIP/2.0/UDP h;received=somewhere']) ?? '', /received/);
  assert.match(viaProblem(['SIP/2.0/UDP h;branch=a;branch=b']) ?? '', /twice/);
  assert.equal(parseVia('SIP/2.0/UDP'), undefined, 'no sent-by: cannot route');
  assert.equal(parseVia(''), undefined);
});
