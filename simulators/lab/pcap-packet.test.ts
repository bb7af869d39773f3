import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePcapAddress } from './pcap-address.ts';
import { internetChecksum } from './pcap-checksum.ts';
import { PcapError } from './pcap-error.ts';
import { buildTcpFrame, buildUdpFrame, MAX_UDP_PAYLOAD, TCP_FLAGS } from './pcap-packet.ts';

const phone = parsePcapAddress('10.102.219.27');
const cme = parsePcapAddress('10.102.219.1');
const u16 = (b: Uint8Array, o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u32 = (b: Uint8Array, o: number) => new DataView(b.buffer, b.byteOffset).getUint32(o);

function pseudo(src: Uint8Array, dst: Uint8Array, proto: number, len: number): Uint8Array {
  return Uint8Array.of(...src, ...dst, 0, proto, len >> 8, len & 0xff);
}

test('Ethernet + IPv4 + TCP layout, with an IPv4 header checksum that verifies on recomputation', () => {
  const payload = Uint8Array.of(4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const f = buildTcpFrame({
    src: phone,
    dst: cme,
    srcPort: 51001,
    dstPort: 2000,
    seq: 0xfffffff0,
    ack: 77,
    flags: TCP_FLAGS.PSH | TCP_FLAGS.ACK,
    payload,
    ipId: 0x1234,
  });
  assert.equal(f.length, 14 + 20 + 20 + payload.length);
  assert.deepEqual([...f.subarray(0, 6)], [0x02, 0x00, 10, 102, 219, 1], 'destination MAC from the IP');
  assert.equal(u16(f, 12), 0x0800);
  const ip = f.subarray(14, 34);
  assert.equal(ip[0], 0x45);
  assert.equal(u16(ip, 2), 20 + 20 + payload.length, 'IPv4 total length');
  assert.equal(u16(ip, 4), 0x1234);
  assert.equal(ip[9], 6);
  assert.deepEqual([...ip.subarray(12, 16)], [10, 102, 219, 27]);
  // Recompute: zero the checksum field, sum again, compare; and the full header sums to 0.
  const zeroed = Uint8Array.from(ip);
  zeroed[10] = 0;
  zeroed[11] = 0;
  assert.equal(u16(ip, 10), internetChecksum(zeroed));
  assert.equal(internetChecksum(ip), 0);
  const tcp = f.subarray(34);
  assert.equal(u16(tcp, 0), 51001);
  assert.equal(u16(tcp, 2), 2000);
  assert.equal(u32(tcp, 4), 0xfffffff0);
  assert.equal(u32(tcp, 8), 77);
  assert.equal(tcp[12], 5 << 4, 'data offset 5 words');
  assert.equal(tcp[13], 0x18);
  assert.equal(
    internetChecksum(pseudo(phone.bytes, cme.bytes, 6, tcp.length), tcp),
    0,
    'TCP checksum verifies',
  );
});

test('SYN carries MSS and window-scale options in a 32-byte header', () => {
  const f = buildTcpFrame({
    src: phone,
    dst: cme,
    srcPort: 1,
    dstPort: 2,
    seq: 9,
    ack: 0,
    flags: TCP_FLAGS.SYN,
  });
  const tcp = f.subarray(34);
  assert.equal(tcp.length, 28);
  assert.equal(tcp[12], 7 << 4);
  assert.deepEqual([...tcp.subarray(20)], [2, 4, 0xff, 0xd7, 1, 3, 3, 14]);
  assert.equal(internetChecksum(pseudo(phone.bytes, cme.bytes, 6, tcp.length), tcp), 0);
});

test('UDP over IPv4 with a verifying checksum; odd payload lengths included', () => {
  const payload = new TextEncoder().encode('OPTIONS sip:cme SIP/2.0\r\n\r\n!');
  const f = buildUdpFrame({ src: phone, dst: cme, srcPort: 5060, dstPort: 5061, payload });
  const udp = f.subarray(34);
  assert.equal(f[14 + 9], 17);
  assert.equal(u16(udp, 4), 8 + payload.length);
  assert.notEqual(u16(udp, 6), 0);
  assert.equal(internetChecksum(pseudo(phone.bytes, cme.bytes, 17, udp.length), udp), 0);
});

test('IPv6 frames: ethertype 0x86dd, payload length, TCP checksum over the v6 pseudo-header', () => {
  const a = parsePcapAddress('::1');
  const b = parsePcapAddress('2001:db8::2');
  const f = buildTcpFrame({
    src: a,
    dst: b,
    srcPort: 5,
    dstPort: 2000,
    seq: 1,
    ack: 1,
    flags: 0x18,
    payload: Uint8Array.of(1, 2, 3),
  });
  assert.equal(u16(f, 12), 0x86dd);
  assert.equal((f[14] ?? 0) >> 4, 6, 'IP version 6');
  assert.equal(u16(f, 18), 23);
  const tcp = f.subarray(54);
  const ph = new Uint8Array(40);
  ph.set(a.bytes, 0);
  ph.set(b.bytes, 16);
  ph[35] = 23;
  ph[39] = 6;
  assert.equal(internetChecksum(ph, tcp), 0);
});

test('bad input is a typed PcapError: mixed families, bad ports, oversize payloads', () => {
  const is = (code: string) => (e: unknown) => e instanceof PcapError && e.code === code;
  const v6 = parsePcapAddress('::1');
  assert.throws(
    () => buildTcpFrame({ src: phone, dst: v6, srcPort: 1, dstPort: 2, seq: 0, ack: 0, flags: 2 }),
    is('address-family-mismatch'),
  );
  assert.throws(
    () => buildTcpFrame({ src: phone, dst: cme, srcPort: 70000, dstPort: 2, seq: 0, ack: 0, flags: 2 }),
    is('bad-port'),
  );
  assert.throws(
    () => buildUdpFrame({ src: phone, dst: cme, srcPort: 1.5, dstPort: 2, payload: new Uint8Array(1) }),
    is('bad-port'),
  );
  assert.throws(
    () =>
      buildUdpFrame({
        src: phone,
        dst: cme,
        srcPort: 1,
        dstPort: 2,
        payload: new Uint8Array(MAX_UDP_PAYLOAD + 1),
      }),
    is('datagram-too-large'),
  );
  assert.throws(
    () =>
      buildTcpFrame({
        src: phone,
        dst: cme,
        srcPort: 1,
        dstPort: 2,
        seq: 0,
        ack: 0,
        flags: 0x18,
        payload: new Uint8Array(70000),
      }),
    is('bad-payload'),
  );
});
