import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PcapError } from './pcap-error.ts';
import { readPcap } from './pcap-reader.ts';
import { pcapGlobalHeader } from './pcap-writer.ts';

test('reads little-endian files too (as written by tcpdump on x86)', () => {
  const h = Buffer.from(pcapGlobalHeader());
  const le = Buffer.alloc(24 + 16 + 2);
  le.writeUInt32LE(0xa1b2c3d4, 0);
  le.writeUInt16LE(2, 4);
  le.writeUInt16LE(4, 6);
  le.writeUInt32LE(65535, 16);
  le.writeUInt32LE(1, 20);
  le.writeUInt32LE(7, 24);
  le.writeUInt32LE(8, 28);
  le.writeUInt32LE(2, 32);
  le.writeUInt32LE(60, 36);
  const { header, records } = readPcap(le);
  assert.equal(header.littleEndian, true);
  assert.equal(header.snaplen, 65535);
  assert.deepEqual(
    records.map((r) => [r.tsSec, r.tsUsec, r.capturedLength, r.originalLength]),
    [[7, 8, 2, 60]],
  );
  assert.equal(readPcap(h).header.littleEndian, false);
});

test('short, cut or foreign files are PcapErrors', () => {
  const is = (code: string) => (e: unknown) => e instanceof PcapError && e.code === code;
  assert.throws(() => readPcap(new Uint8Array(10)), is('truncated-file'));
  assert.throws(() => readPcap(new Uint8Array(24)), is('bad-magic'));
  const cut = Buffer.concat([Buffer.from(pcapGlobalHeader()), Buffer.alloc(10)]);
  assert.throws(() => readPcap(cut), is('truncated-file'));
  const lying = Buffer.concat([
    Buffer.from(pcapGlobalHeader()),
    Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 0, 99]),
  ]);
  assert.throws(() => readPcap(lying), is('truncated-file'));
});
