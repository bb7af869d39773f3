import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePcapAddress } from './pcap-address.ts';
import { PcapError } from './pcap-error.ts';

test('IPv4 literals, the dual-stack form and localhost become four bytes', () => {
  assert.deepEqual(parsePcapAddress('10.102.219.27'), { family: 4, bytes: Uint8Array.of(10, 102, 219, 27) });
  assert.deepEqual(parsePcapAddress('::ffff:127.0.0.1').bytes, Uint8Array.of(127, 0, 0, 1));
  assert.deepEqual(parsePcapAddress('localhost').bytes, Uint8Array.of(127, 0, 0, 1));
});

test('IPv6 literals expand `::` and embedded dotted quads', () => {
  const one = new Uint8Array(16);
  one[15] = 1;
  assert.deepEqual(parsePcapAddress('::1'), { family: 6, bytes: one });
  const doc = parsePcapAddress('[2001:db8::8:800:200c:417a]');
  assert.deepEqual(
    [...doc.bytes],
    [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0x08, 0x08, 0x00, 0x20, 0x0c, 0x41, 0x7a],
  );
  assert.deepEqual([...parsePcapAddress('64:ff9b::192.0.2.33').bytes.subarray(12)], [192, 0, 2, 33]);
  assert.deepEqual([...parsePcapAddress('fe80::1%eth0').bytes.subarray(0, 2)], [0xfe, 0x80]);
});

test('a host name or garbage is a PcapError bad-address', () => {
  for (const bad of ['phone.example', '', '300.1.1.1', '1::2::3', 'cme']) {
    assert.throws(
      () => parsePcapAddress(bad),
      (e: unknown) => e instanceof PcapError && e.code === 'bad-address',
    );
  }
  assert.throws(() => parsePcapAddress(undefined as unknown as string), PcapError);
});
