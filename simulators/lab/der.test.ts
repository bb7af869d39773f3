import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bitString,
  boolean,
  directoryString,
  explicit,
  implicit,
  integer,
  ipOctets,
  namedBits,
  octetString,
  oid,
  pem,
  sequence,
  set,
  time,
  tlv,
} from './der.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('lengths: short form below 128, long form with the fewest octets from 128 (X.690 §8.1.3)', () => {
  assert.equal(hex(tlv(0x04, Buffer.alloc(127))).slice(0, 4), '047f');
  assert.equal(hex(tlv(0x04, Buffer.alloc(128))).slice(0, 6), '048180');
  assert.equal(hex(tlv(0x04, Buffer.alloc(255))).slice(0, 6), '0481ff');
  assert.equal(hex(tlv(0x04, Buffer.alloc(256))).slice(0, 8), '04820100');
  assert.equal(tlv(0x04, Buffer.alloc(70_000)).length, 1 + 4 + 70_000);
  assert.equal(hex(tlv(0x04, Buffer.alloc(70_000))).slice(0, 10), '0483011170');
});

test('INTEGER: minimal two-s complement octets, a zero octet before a set first bit (X.690 §8.3)', () => {
  assert.equal(hex(integer(0)), '020100');
  assert.equal(hex(integer(2)), '020102');
  assert.equal(hex(integer(127)), '02017f');
  assert.equal(hex(integer(128)), '02020080');
  assert.equal(hex(integer(256)), '02020100');
  assert.equal(hex(integer(Buffer.from('00007f01', 'hex'))), '02027f01');
  assert.equal(hex(integer(Buffer.from('ff', 'hex'))), '020200ff');
  assert.throws(() => integer(-1), /not a safe non-negative integer/);
});

test('OBJECT IDENTIFIER: first two arcs joined, base-128 arcs (X.690 §8.19)', () => {
  assert.equal(hex(oid('2.5.4.3')), '0603550403');
  assert.equal(hex(oid('1.2.840.10045.4.3.2')), '06082a8648ce3d040302');
  assert.equal(hex(oid('1.3.6.1.5.5.7.3.1')), '06082b06010505070301');
  assert.throws(() => oid('1.40'), /not a valid object identifier/);
  assert.throws(() => oid('1.2.x'), /'x' is no arc/);
});

test('BOOLEAN TRUE is FF; SEQUENCE, SET, OCTET STRING, explicit and implicit tags', () => {
  assert.equal(hex(boolean(true)), '0101ff');
  assert.equal(hex(boolean(false)), '010100');
  assert.equal(hex(sequence()), '3000');
  assert.equal(hex(sequence(integer(1), boolean(true))), '30060201010101ff');
  assert.equal(hex(set(integer(1))), '3103020101');
  assert.equal(hex(octetString(Buffer.of(1, 2))), '04020102');
  assert.equal(hex(explicit(0, integer(2))), 'a003020102');
  assert.equal(hex(explicit(3, sequence())), 'a3023000');
  assert.equal(hex(implicit(2, Buffer.from('a'))), '820161');
  assert.equal(hex(bitString(Buffer.of(0xab))), '030200ab');
});

test('named bits drop trailing zero bits: KeyUsage digitalSignature 03020780, keyCertSign|cRLSign 03020106', () => {
  assert.equal(hex(namedBits([0])), '03020780');
  assert.equal(hex(namedBits([5, 6])), '03020106');
  assert.equal(hex(namedBits([8])), '0303070080');
  assert.equal(hex(namedBits([])), '030100');
});

test('DirectoryString: PrintableString when every character fits, else UTF8String', () => {
  assert.equal(hex(directoryString('CTI Lab')), `1307${hex(Buffer.from('CTI Lab'))}`);
  assert.equal(hex(directoryString("a-b.c,d(e)+f/g:h=i?j'k")).slice(0, 2), '13');
  assert.equal(hex(directoryString('lab_ca')).slice(0, 2), '0c');
  assert.equal(hex(directoryString('é')), '0c02c3a9');
});

test('Time: UTCTime through 2049 and GeneralizedTime from 2050, to the second, in UTC (RFC 5280 §4.1.2.5)', () => {
  assert.equal(
    Buffer.from(time(new Date(Date.UTC(2026, 11, 6, 21, 56, 21, 999)))).toString('latin1'),
    '\x17\x0d261206215621Z',
  );
  assert.equal(
    Buffer.from(time(new Date(Date.UTC(2049, 11, 31, 23, 59, 59)))).toString('latin1'),
    '\x17\x0d491231235959Z',
  );
  assert.equal(
    Buffer.from(time(new Date(Date.UTC(2050, 0, 1, 0, 0, 0)))).toString('latin1'),
    '\x18\x0f20500101000000Z',
  );
  assert.throws(() => time(new Date(Date.UTC(1949, 0, 1))), /not a certificate time/);
});

test('IP addresses as iPAddress octets: IPv4 4 octets, IPv6 16 (compressed, embedded IPv4, zone dropped)', () => {
  assert.equal(hex(ipOctets('127.0.0.1')), '7f000001');
  assert.equal(hex(ipOctets('::1')), '00000000000000000000000000000001');
  assert.equal(hex(ipOctets('::')), '00000000000000000000000000000000');
  assert.equal(hex(ipOctets('2001:db8::8:800:200c:417a')), '20010db80000000000080800200c417a');
  assert.equal(hex(ipOctets('fe80::1%eth0')), 'fe800000000000000000000000000001');
  assert.equal(hex(ipOctets('::ffff:192.0.2.1')), '00000000000000000000ffffc0000201');
  assert.equal(hex(ipOctets('1:2:3:4:5:6:7:8')), '00010002000300040005000600070008');
  assert.throws(() => ipOctets('localhost'), /'localhost' is no IP address/);
});

test('PEM: BEGIN line, base64 in 64-character lines, END line, no newline after it (RFC 7468 §2)', () => {
  const text = pem(Buffer.alloc(60, 0xff), 'CERTIFICATE');
  const lines = text.split('\n');
  assert.equal(lines[0], '-----BEGIN CERTIFICATE-----');
  assert.equal(lines[1], '/'.repeat(64));
  assert.equal(lines[2], '/'.repeat(16));
  assert.equal(lines[3], '-----END CERTIFICATE-----');
  assert.equal(lines.length, 4);
});
