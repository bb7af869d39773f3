import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { internetChecksum } from './pcap-checksum.ts';

test('RFC 1071 §3 worked example: words sum to 0xddf2, checksum is its complement', () => {
  const bytes = Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
  assert.equal(internetChecksum(bytes), ~0xddf2 & 0xffff);
});

test('an odd trailing byte is padded with zero on the right', () => {
  assert.equal(internetChecksum(Uint8Array.of(0x12)), ~0x1200 & 0xffff);
  assert.equal(internetChecksum(new Uint8Array(0)), 0xffff);
});

test('summing in parts equals summing the concatenation, whatever the split', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }), (parts) => {
      const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let off = 0;
      for (const p of parts) {
        whole.set(p, off);
        off += p.length;
      }
      assert.equal(internetChecksum(...parts), internetChecksum(whole));
    }),
  );
});

test('data with its checksum appended verifies to zero', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 2, maxLength: 200 }), (raw) => {
      const data = raw.length % 2 === 0 ? raw : raw.subarray(1);
      const sum = internetChecksum(data);
      const withSum = Uint8Array.of(...data, sum >> 8, sum & 0xff);
      assert.equal(internetChecksum(withSum), 0);
    }),
  );
});

test('a 1 MiB payload of 0xff bytes still folds exactly', () => {
  const big = new Uint8Array(1 << 20).fill(0xff);
  // Every word is 0xffff (ones' complement -0), so the sum is 0xffff and the checksum 0.
  assert.equal(internetChecksum(big), 0);
});
