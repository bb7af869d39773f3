import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConnectionObservation, Endpoint, WireObservation } from './observation.ts';
import { PcapError } from './pcap-error.ts';
import { type PcapRecord, readPcap } from './pcap-reader.ts';
import { MAX_SEGMENT_PAYLOAD, PcapWriter, pcapGlobalHeader } from './pcap-writer.ts';

const phone: Endpoint = { host: '192.0.2.10', port: 51001 };
const cme: Endpoint = { host: '192.0.2.1', port: 2000 };
const T0 = Date.UTC(2026, 0, 1);

function capture(opts?: ConstructorParameters<typeof PcapWriter>[1]) {
  const chunks: Uint8Array[] = [];
  const writer = new PcapWriter((c) => chunks.push(c), opts);
  const records = () => readPcap(Buffer.concat(chunks)).records;
  return { writer, chunks, records };
}

function conn(
  event: 'open' | 'close',
  time = T0,
  id = 'c1',
  client = phone,
  server = cme,
): ConnectionObservation {
  return { kind: 'connection', time, source: 'cme', protocol: 'sccp', connection: id, event, client, server };
}

function wire(
  src: Endpoint,
  dst: Endpoint,
  bytes: Uint8Array,
  time = T0,
  extra: Partial<WireObservation> = {},
) {
  const o: WireObservation = {
    kind: 'wire',
    time,
    source: 'cme',
    protocol: 'sccp',
    transport: 'tcp',
    connection: 'c1',
    src,
    dst,
    bytes,
    ...extra,
  };
  return o;
}

interface Tcp {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  payload: number;
}

function tcpOf(r: PcapRecord): Tcp {
  const v = new DataView(r.data.buffer, r.data.byteOffset, r.data.byteLength);
  const ipTotal = v.getUint16(16);
  const t = 34;
  const headerLen = ((r.data[t + 12] ?? 0) >> 4) * 4;
  return {
    srcPort: v.getUint16(t),
    dstPort: v.getUint16(t + 2),
    seq: v.getUint32(t + 4),
    ack: v.getUint32(t + 8),
    flags: r.data[t + 13] ?? 0,
    payload: ipTotal - 20 - headerLen,
  };
}

test('global header: magic a1b2c3d4, version 2.4, zone 0, sigfigs 0, snaplen 262144, Ethernet', () => {
  const { chunks } = capture();
  assert.deepEqual(
    [...(chunks[0] ?? [])],
    [0xa1, 0xb2, 0xc3, 0xd4, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x04, 0, 0, 0, 0, 0, 1],
  );
  assert.deepEqual(pcapGlobalHeader(), chunks[0]);
  const h = readPcap(chunks[0] ?? new Uint8Array()).header;
  assert.deepEqual([h.versionMajor, h.versionMinor, h.snaplen, h.linkType], [2, 4, 262144, 1]);
});

test('open writes SYN, SYN-ACK, ACK with consistent sequence and acknowledgement numbers', () => {
  const { writer, records } = capture();
  assert.equal(writer.write(conn('open')), 3);
  const [syn, synAck, ack] = records().map(tcpOf);
  assert.ok(syn && synAck && ack);
  assert.deepEqual([syn.flags, synAck.flags, ack.flags], [0x02, 0x12, 0x10]);
  assert.deepEqual([syn.srcPort, syn.dstPort, synAck.srcPort], [51001, 2000, 2000]);
  assert.equal(synAck.ack, (syn.seq + 1) >>> 0);
  assert.equal(ack.seq, (syn.seq + 1) >>> 0);
  assert.equal(ack.ack, (synAck.seq + 1) >>> 0);
});

test('sequence numbers advance by payload length per direction; acks track the other side', () => {
  const { writer, records } = capture();
  writer.write(conn('open'));
  writer.write(wire(phone, cme, new Uint8Array(48), T0 + 1));
  writer.write(wire(phone, cme, new Uint8Array(12), T0 + 2));
  writer.write(wire(cme, phone, new Uint8Array(20), T0 + 3));
  writer.write(wire(phone, cme, new Uint8Array(7), T0 + 4));
  const [, synAck, hsAck, d1, d2, d3, d4] = records().map(tcpOf);
  assert.ok(synAck && hsAck && d1 && d2 && d3 && d4);
  assert.deepEqual([d1.payload, d2.payload, d3.payload, d4.payload], [48, 12, 20, 7]);
  assert.equal(d1.seq, hsAck.seq);
  assert.equal(d2.seq, (d1.seq + 48) >>> 0);
  assert.equal(d4.seq, (d2.seq + 12) >>> 0);
  assert.equal(d3.seq, (synAck.seq + 1) >>> 0);
  assert.equal(d3.ack, (d2.seq + 12) >>> 0, 'server acks all the client sent');
  assert.equal(d4.ack, (d3.seq + 20) >>> 0);
  assert.equal(d1.flags, 0x18, 'PSH|ACK');
});

test('payloads above 65000 bytes become several segments with contiguous sequence numbers', () => {
  const { writer, records } = capture();
  writer.write(conn('open'));
  const big = new Uint8Array(2 * MAX_SEGMENT_PAYLOAD + 17).map((_, i) => i & 0xff);
  assert.equal(writer.write(wire(cme, phone, big, T0 + 5)), 3);
  const segs = records().slice(3);
  const tcps = segs.map(tcpOf);
  assert.deepEqual(
    tcps.map((t) => t.payload),
    [MAX_SEGMENT_PAYLOAD, MAX_SEGMENT_PAYLOAD, 17],
  );
  assert.equal(tcps[1]?.seq, ((tcps[0]?.seq ?? 0) + MAX_SEGMENT_PAYLOAD) >>> 0);
  assert.equal(tcps[2]?.seq, ((tcps[1]?.seq ?? 0) + MAX_SEGMENT_PAYLOAD) >>> 0);
  // The bytes survive the split in order.
  const joined = Buffer.concat(segs.map((r) => r.data.subarray(54)));
  assert.deepEqual(new Uint8Array(joined), big);
});

test('close writes FIN/ACK, FIN/ACK, ACK; FINs consume one sequence number', () => {
  const { writer, records } = capture();
  writer.write(conn('open'));
  writer.write(wire(phone, cme, new Uint8Array(10), T0 + 1));
  assert.equal(writer.write(conn('close', T0 + 2)), 3);
  const all = records().map(tcpOf);
  const [data, fin1, fin2, last] = all.slice(3);
  assert.ok(data && fin1 && fin2 && last);
  assert.deepEqual([fin1.flags, fin2.flags, last.flags], [0x11, 0x11, 0x10]);
  assert.equal(fin1.seq, (data.seq + 10) >>> 0);
  assert.equal(fin2.ack, (fin1.seq + 1) >>> 0);
  assert.equal(last.seq, (fin1.seq + 1) >>> 0);
  assert.equal(last.ack, (fin2.seq + 1) >>> 0);
  // Late reports on the closed connection (the other end's copy) are left out.
  assert.equal(writer.write(wire(cme, phone, new Uint8Array(4), T0 + 3)), 0);
  assert.equal(writer.write(conn('close', T0 + 3, 'phone-side')), 0);
});

test('without an open, the first data gets a handshake; the first sender is the client', () => {
  const { writer, records } = capture();
  assert.equal(writer.write(wire(cme, phone, new Uint8Array(12))), 4);
  const [syn] = records().map(tcpOf);
  assert.equal(syn?.srcPort, 2000);
  assert.deepEqual(writer.clientOf(phone, cme), cme);
});

test('a clientHint decides roles for a connection opened before the writer started', () => {
  const { writer, records } = capture({ clientHint: (a, b) => (a.port === 2000 ? b : a) });
  writer.write(wire(cme, phone, new Uint8Array(12)));
  const [syn, , , data] = records().map(tcpOf);
  assert.deepEqual([syn?.srcPort, syn?.dstPort, syn?.flags], [51001, 2000, 0x02]);
  assert.equal(data?.srcPort, 2000);
});

test('both ends reporting the same bytes are written once (dedupe), and twice with dedupe off', () => {
  for (const [dedupe, expected] of [
    [true, 3 + 2],
    [false, 3 + 4],
  ] as const) {
    const { writer, records } = capture({ dedupe });
    writer.write(conn('open'));
    writer.write(conn('open', T0, 'phone-conn')); // the phone's report of the same connection
    writer.write(
      wire(phone, cme, new Uint8Array(12), T0 + 1, { source: 'SEP001E4A34A35F', connection: 'phone-conn' }),
    );
    writer.write(wire(phone, cme, new Uint8Array(12), T0 + 1, { source: 'cme' }));
    writer.write(wire(cme, phone, new Uint8Array(12), T0 + 2, { source: 'cme' }));
    writer.write(
      wire(cme, phone, new Uint8Array(12), T0 + 2, { source: 'SEP001E4A34A35F', connection: 'phone-conn' }),
    );
    assert.equal(records().length, expected, `dedupe ${dedupe}`);
  }
});

test('timestamps come from observation time and strictly increase within the file', () => {
  const { writer, records } = capture();
  writer.write(conn('open', T0 + 1500.25));
  writer.write(wire(phone, cme, new Uint8Array(4), T0 + 1000)); // earlier than the last: clamped
  writer.write(wire(phone, cme, new Uint8Array(4), T0 + 9000));
  const rs = records();
  const us = rs.map((r) => r.tsSec * 1e6 + r.tsUsec);
  assert.equal(us[0], (T0 + 1500.25) * 1000);
  for (let i = 1; i < us.length; i++)
    assert.ok((us[i] ?? 0) > (us[i - 1] ?? 0), `record ${i} later than ${i - 1}`);
  assert.equal(us[4], (T0 + 9000) * 1000);
  assert.ok(rs.every((r) => r.tsUsec < 1e6 && r.capturedLength === r.originalLength));
});

test('UDP observations become one datagram each, no handshake', () => {
  const { writer, records } = capture();
  const a = { host: '192.0.2.10', port: 5060 };
  const b = { host: '192.0.2.1', port: 5060 };
  assert.equal(
    writer.write(wire(a, b, new TextEncoder().encode('OPTIONS'), T0, { transport: 'udp', protocol: 'sip' })),
    1,
  );
  const [r] = records();
  assert.equal(r?.data[14 + 9], 17);
  assert.equal(r?.data.length, 14 + 20 + 8 + 7);
});

test('bad observations are PcapErrors and leave the writer usable and unchanged', () => {
  const { writer, records } = capture();
  writer.write(conn('open'));
  const before = records().length;
  const is = (code: string) => (e: unknown) => e instanceof PcapError && e.code === code;
  assert.throws(
    () => writer.write(wire({ host: 'phone', port: 1 }, cme, new Uint8Array(1))),
    is('bad-address'),
  );
  assert.throws(
    () => writer.write(wire(undefined as unknown as Endpoint, cme, new Uint8Array(1))),
    is('bad-address'),
  );
  assert.throws(() => writer.write(wire(phone, cme, new Uint8Array(1), Number.NaN)), is('bad-time'));
  assert.throws(() => writer.write(wire(phone, cme, new Uint8Array(1), -5)), is('bad-time'));
  assert.throws(
    () => writer.write(wire(phone, { host: '::1', port: 2000 }, new Uint8Array(1))),
    is('address-family-mismatch'),
  );
  assert.throws(
    () => writer.write(wire(phone, { host: '192.0.2.1', port: -1 }, new Uint8Array(1))),
    is('bad-port'),
  );
  assert.throws(() => writer.write(wire(phone, cme, 'x' as unknown as Uint8Array)), is('bad-payload'));
  assert.equal(records().length, before);
  writer.write(wire(phone, cme, new Uint8Array(3), T0 + 1));
  const [, , hsAck, data] = records().map(tcpOf);
  assert.equal(data?.seq, hsAck?.seq, 'sequence numbers untouched by the refused observations');
});

test('state observations are ignored', () => {
  const { writer, records } = capture();
  assert.equal(
    writer.write({ kind: 'state', time: T0, source: 'cme', topic: 'registration', detail: {} }),
    0,
  );
  assert.equal(records().length, 0);
  assert.deepEqual(writer.stats, { packets: 0, written: 0, ignored: 1 });
});
