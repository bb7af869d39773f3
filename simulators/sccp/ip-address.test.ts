import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ipv4FromBytes, ipv4ToBytes, ipv6FromBytes, ipv6ToBytes } from './ip-address.ts';

describe('ip-address', () => {
  it('IPv4 is 4 bytes in network order (reference §1: 10.102.219.27 = 0a 66 db 1b)', () => {
    assert.deepEqual(ipv4ToBytes('10.102.219.27'), Uint8Array.from([0x0a, 0x66, 0xdb, 0x1b]));
    assert.equal(ipv4FromBytes(Uint8Array.from([0x0a, 0x66, 0xdb, 0x1b])), '10.102.219.27');
    assert.equal(ipv4ToBytes('10.102.219'), undefined);
    assert.equal(ipv4ToBytes('::1'), undefined);
    assert.equal(ipv4ToBytes('010.1.1.1'), undefined);
    assert.equal(ipv4ToBytes('256.1.1.1'), undefined);
  });

  it('IPv4: any 4 bytes -> dotted text -> the same 4 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (bytes) => {
        assert.deepEqual(ipv4ToBytes(ipv4FromBytes(bytes)), bytes);
      }),
    );
  });

  it('the unspecified IPv6 address "::" is 16 zero bytes and back; one set byte is not', () => {
    assert.deepEqual(ipv6ToBytes('::'), new Uint8Array(16));
    assert.equal(ipv6ToBytes(''), undefined, 'the empty text is no address');
    assert.equal(ipv6FromBytes(new Uint8Array(16)), '::');
    for (let i = 0; i < 16; i++) {
      const bytes = new Uint8Array(16);
      bytes[i] = 1;
      assert.notEqual(ipv6FromBytes(bytes), '::', `byte ${i}`);
      assert.deepEqual(ipv6ToBytes(ipv6FromBytes(bytes)), bytes, `byte ${i}`);
    }
  });

  it('IPv6 text forms, including an embedded IPv4 tail', () => {
    assert.equal(
      ipv6FromBytes(ipv6ToBytes('2001:0db8:0000:0000:0000:0000:0000:0001') ?? new Uint8Array()),
      '2001:db8::1',
    );
    assert.equal(ipv6FromBytes(ipv6ToBytes('::ffff:10.0.0.1') ?? new Uint8Array()), '::ffff:a00:1');
    assert.deepEqual(
      ipv6ToBytes('64:ff9b::192.0.2.33'),
      Uint8Array.from([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 33]),
    );
    assert.equal(ipv6FromBytes(new Uint8Array(16)), '::');
    assert.equal(ipv6FromBytes(ipv6ToBytes('1:0:0:2:0:0:0:3') ?? new Uint8Array()), '1:0:0:2::3');
    assert.equal(ipv6FromBytes(ipv6ToBytes('1:0:2:3:4:5:6:7') ?? new Uint8Array()), '1:0:2:3:4:5:6:7');
    assert.equal(ipv6ToBytes('1::2::3'), undefined);
    assert.equal(ipv6ToBytes('10.0.0.1'), undefined);
  });

  it('an embedded IPv4 tail keeps all four octets (RFC 4291 §2.2 form 3)', () => {
    assert.deepEqual(
      ipv6ToBytes('::ffff:192.168.1.2'),
      Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 1, 2]),
    );
    assert.deepEqual(
      ipv6ToBytes('1:2:3:4:5:6:7.8.9.10'),
      Uint8Array.from([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 7, 8, 9, 10]),
    );
    assert.equal(ipv6ToBytes('::ffff:192.168.1.256'), undefined);
  });

  it("'::' at either end or in the middle stands for as many zero groups as are missing (RFC 4291 §2.2)", () => {
    const groups = (...g: number[]) => Uint8Array.from(g.flatMap((x) => [x >> 8, x & 0xff]));
    assert.deepEqual(ipv6ToBytes('1:2:3:4:5:6:7::'), groups(1, 2, 3, 4, 5, 6, 7, 0));
    assert.deepEqual(ipv6ToBytes('::2:3:4:5:6:7:8'), groups(0, 2, 3, 4, 5, 6, 7, 8));
    assert.deepEqual(ipv6ToBytes('1::8'), groups(1, 0, 0, 0, 0, 0, 0, 8));
    assert.deepEqual(ipv6ToBytes('::1'), groups(0, 0, 0, 0, 0, 0, 0, 1));
    assert.deepEqual(ipv6ToBytes('fe80::'), groups(0xfe80, 0, 0, 0, 0, 0, 0, 0));
    assert.deepEqual(ipv6ToBytes('FFFF::abcd'), groups(0xffff, 0, 0, 0, 0, 0, 0, 0xabcd));
  });

  it('RFC 5952 §4.2: the longest zero run is compressed, the first of equal runs, never a single 0', () => {
    const text = (...g: number[]) => ipv6FromBytes(Uint8Array.from(g.flatMap((x) => [x >> 8, x & 0xff])));
    assert.equal(text(1, 0, 0, 2, 0, 0, 3, 4), '1::2:0:0:3:4');
    assert.equal(text(1, 0, 0, 2, 0, 0, 0, 4), '1:0:0:2::4');
    assert.equal(text(0, 0, 1, 2, 3, 4, 0, 0), '::1:2:3:4:0:0');
    assert.equal(text(1, 2, 3, 4, 5, 6, 0, 0), '1:2:3:4:5:6::');
    assert.equal(text(0, 1, 0, 1, 0, 1, 0, 1), '0:1:0:1:0:1:0:1');
    assert.equal(text(0, 0, 0, 0, 0, 0, 0, 1), '::1');
    assert.equal(text(1, 0, 0, 0, 0, 0, 0, 0), '1::');
    assert.equal(text(0xffff, 0xabcd, 0, 0, 0, 0, 0, 0x10), 'ffff:abcd::10');
  });

  it('IPv6 bytes -> text matches the WHATWG URL parser (RFC 5952) and parses back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = ipv6FromBytes(bytes);
        const groups = Array.from(
          { length: 8 },
          (_, i) => ((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0),
        );
        const viaUrl = new URL(`http://[${groups.map((g) => g.toString(16)).join(':')}]/`).hostname.slice(
          1,
          -1,
        );
        assert.equal(text, viaUrl);
        assert.deepEqual(ipv6ToBytes(text), bytes);
      }),
    );
  });
});
