import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rawRequest } from '../testing/raw-sip-peer.ts';
import { SipParseError } from './sip-error.ts';
import { parseSipMessage } from './sip-parser.ts';

test('body is cut by Content-Length in bytes and decoded as UTF-8', () => {
  const body = '<d>Zoë 北京</d>';
  assert.notEqual(Buffer.byteLength(body), body.length);
  const exact = Buffer.from(rawRequest('INFO', 'sip:201@lab', {}, body) + 'junk', 'utf8');
  const m = parseSipMessage(exact);
  assert.ok(!(m instanceof SipParseError) && m.kind === 'request');
  assert.equal(m.body, body); // extra bytes after Content-Length discarded (RFC 3261 §18.3)
  assert.equal(m.user, '201');
  assert.equal(m.contentType, 'application/csta+xml');
});

test('UDP message without Content-Length takes the rest as body; short body is an error', () => {
  const m = parseSipMessage(
    Buffer.from(rawRequest('INFO', 'sip:a@b', { 'Content-Length': undefined }) + 'abc'),
  );
  assert.ok(!(m instanceof SipParseError) && m.body === 'abc');
  const short = parseSipMessage(
    Buffer.from(rawRequest('INFO', 'sip:a@b', { 'Content-Length': '10' }) + 'abc'),
  );
  assert.ok(short instanceof SipParseError);
  assert.ok(short.bytes.byteLength > 0);
});

test('garbage and broken headers become SipParseError, never a throw', () => {
  for (const text of [
    '',
    'hello',
    'hello\r\n\r\n',
    'SIP/2.0 abc OK\r\n\r\n',
    'INVITE sip:a@b SIP/2.0\r\nFrom: <<<\r\n\r\n',
    'SIP/2.0 200 OK\r\nCSeq: x\r\n\r\n',
  ]) {
    assert.ok(parseSipMessage(Buffer.from(text)) instanceof SipParseError, JSON.stringify(text));
  }
});

test('response fields', () => {
  const m = parseSipMessage(
    Buffer.from(
      'SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>;tag=t2\r\nCSeq: 4 INFO\r\nContent-Length: 0\r\n\r\n',
    ),
  );
  assert.ok(!(m instanceof SipParseError) && m.kind === 'response');
  assert.equal(m.status, 486);
  assert.equal(m.reason, 'Busy Here');
  assert.equal(m.cseq, 4);
  assert.equal(m.cseqMethod, 'INFO');
  assert.equal(m.toTag, 't2');
});

test('tel: URIs in From and To parse (RFC 3261 §20.20/§20.39) and the original values are kept', () => {
  const raw =
    'INVITE sip:201@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK1\r\n' +
    'From: <tel:+15551234567>;tag=abc\r\nt: <tel:201;phone-context=dialstring>\r\nCall-ID: x1\r\n' +
    'CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContact: <sip:a@127.0.0.1:5070>\r\nContent-Length: 0\r\n\r\n';
  const m = parseSipMessage(new TextEncoder().encode(raw));
  assert.ok(!(m instanceof Error) && m.kind === 'request');
  assert.equal(m.header('To'), '<tel:201;phone-context=dialstring>');
  assert.equal(m.header('From'), '<tel:+15551234567>;tag=abc');
  assert.equal(m.fromTag, 'abc');
  assert.equal(m.parsed.to?.uri.user, '201');
  assert.equal(m.parsed.from?.uri.user, '+15551234567');
});
