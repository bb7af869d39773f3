import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CaptureRecorder } from './capture-recorder.ts';
import { type Endpoint, ObservationStream, type WireObservation } from './observation.ts';
import { decodeCapture, TSHARK_INSTALL_HINT, TsharkError, tsharkAvailable } from './tshark.ts';

/*
 * End-to-end check of DESIGN.md section 6 ("captured traffic must dissect in tshark with no
 * malformed packets"): hand-encoded SCCP frames go through the observation stream into a pcap,
 * and tshark must find every message, in the right direction, with nothing malformed.
 * Without tshark this fails (install it) unless CTILAB_SKIP_TSHARK=1 says to skip.
 */
const SKIP =
  process.env['CTILAB_SKIP_TSHARK'] === '1' ? 'CTILAB_SKIP_TSHARK=1: tshark checks skipped' : false;

async function requireTshark(): Promise<void> {
  if (!(await tsharkAvailable())) assert.fail(TSHARK_INSTALL_HINT);
}

const dir = mkdtempSync(join(tmpdir(), 'ctilab-tshark-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Wireshark packet-skinny (framing): u32 LE length (= 4 + body), u32 LE header version, u32 LE id, body.
function sccp(id: number, body: Uint8Array = new Uint8Array(0), headerVersion = 0): Uint8Array {
  const f = Buffer.alloc(12 + body.length);
  f.writeUInt32LE(4 + body.length, 0);
  f.writeUInt32LE(headerVersion, 4);
  f.writeUInt32LE(id, 8);
  f.set(body, 12);
  return new Uint8Array(f);
}

const KEEPALIVE_REQ = 0x0000;
const REGISTER_REQ = 0x0001;
const KEEPALIVE_ACK = 0x0100;
const SELECT_SOFT_KEYS = 0x0110;

/** Wireshark packet-skinny and chan-sccp (registration): RegisterReq deviceName[16], userId, instance, stationIp, deviceType, maxStreams. */
function registerReq(name: string, ip: number[]): Uint8Array {
  const b = Buffer.alloc(36);
  b.write(name, 0, 'latin1');
  b.writeUInt32LE(0, 16);
  b.writeUInt32LE(1, 20);
  b.set(ip, 24);
  b.writeUInt32LE(30018, 28); // 7961
  b.writeUInt32LE(5, 32);
  return sccp(REGISTER_REQ, b);
}

function selectSoftKeys(): Uint8Array {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(1, 0); // lineInstance
  b.writeUInt32LE(0, 4); // callReference
  b.writeUInt32LE(0, 8); // softKeySetIndex (on hook)
  b.writeUInt32LE(0xffff, 12); // validKeyMask
  return sccp(SELECT_SOFT_KEYS, b);
}

const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

const CME: Endpoint = { host: '192.0.2.1', port: 2000 };
const CME_ALT: Endpoint = { host: '192.0.2.1', port: 20000 };
const PHONE_A: Endpoint = { host: '192.0.2.10', port: 51001 };
const PHONE_B: Endpoint = { host: '192.0.2.11', port: 51002 };
const PHONE_C: Endpoint = { host: '192.0.2.12', port: 51003 };
const T0 = Date.UTC(2026, 0, 1, 9);

interface Harness {
  publishWire(conn: string, src: Endpoint, dst: Endpoint, bytes: Uint8Array, source?: string): void;
  open(conn: string, client: Endpoint, server: Endpoint): void;
  close(conn: string, client: Endpoint, server: Endpoint): void;
}

function harness(stream: ObservationStream): Harness {
  let t = T0;
  const tick = () => {
    t += 3;
    return t;
  };
  const base = { source: 'cme', protocol: 'sccp' } as const;
  return {
    publishWire(connection, src, dst, bytes, source = 'cme') {
      const o: WireObservation = {
        ...base,
        kind: 'wire',
        source,
        transport: 'tcp',
        time: tick(),
        connection,
        src,
        dst,
        bytes,
      };
      stream.publish(o);
    },
    open(connection, client, server) {
      stream.publish({
        ...base,
        kind: 'connection',
        time: tick(),
        connection,
        event: 'open',
        client,
        server,
      });
    },
    close(connection, client, server) {
      stream.publish({
        ...base,
        kind: 'connection',
        time: tick(),
        connection,
        event: 'close',
        client,
        server,
      });
    },
  };
}

/** Messages tshark found, keyed `id src:port>dst:port`. */
function tally(values: Array<Record<string, string[]>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of values) {
    const ids = p['skinny.messageId'] ?? [];
    const route = `${p['ip.src']?.[0]}:${p['tcp.srcport']?.[0]}>${p['ip.dst']?.[0]}:${p['tcp.dstport']?.[0]}`;
    for (const id of ids) {
      const key = `0x${Number(id).toString(16).padStart(4, '0')} ${route}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}

const route = (a: Endpoint, b: Endpoint) => `${a.host}:${a.port}>${b.host}:${b.port}`;
const hex = (id: number) => `0x${id.toString(16).padStart(4, '0')}`;
const FIELDS = [
  'ip.src',
  'ip.dst',
  'tcp.srcport',
  'tcp.dstport',
  'skinny.messageId',
  'tcp.analysis.flags',
  'sip.Method',
];

test(
  'SCCP over three connections dissects in tshark: every message, right direction, nothing malformed',
  {
    skip: SKIP,
  },
  async () => {
    await requireTshark();
    const path = join(dir, 'sccp.pcap');
    const stream = new ObservationStream();
    const rec = new CaptureRecorder(stream, { path });
    rec.start();
    const h = harness(stream);

    // Connection A: phone -> CME on TCP 2000, announced by an open.
    h.open('a', PHONE_A, CME);
    const reg = registerReq('SEP001E4A34A35F', [192, 0, 2, 10]);
    assert.equal(reg.length, 48);
    assert.equal(Buffer.from(reg).readUInt32LE(0), 40);
    // One message across three observations. Splits stay past the first 8 bytes: Wireshark's skinny
    // dissector only claims a segment that holds a full length + version header.
    h.publishWire('a', PHONE_A, CME, reg.subarray(0, 10));
    h.publishWire('a', PHONE_A, CME, reg.subarray(10, 30));
    h.publishWire('a', PHONE_A, CME, reg.subarray(30));
    // Two messages in one observation from the server.
    h.publishWire('a', CME, PHONE_A, cat(sccp(KEEPALIVE_ACK), selectSoftKeys()));
    // Two whole messages plus the head of a third, then its tail plus one more.
    const kas = cat(sccp(KEEPALIVE_REQ), sccp(KEEPALIVE_REQ), sccp(KEEPALIVE_REQ), sccp(KEEPALIVE_REQ));
    h.publishWire('a', PHONE_A, CME, kas.subarray(0, 33));
    h.publishWire('a', PHONE_A, CME, kas.subarray(33));
    // 5500 KeepAliveAcks in one observation: 66000 bytes, two segments, one message cut between them.
    const burst = cat(...Array.from({ length: 5500 }, () => sccp(KEEPALIVE_ACK)));
    h.publishWire('a', CME, PHONE_A, burst);
    h.close('a', PHONE_A, CME);

    // Connection B: no open observed (lazy handshake); the phone also reports the same bytes (dedupe).
    const kaB = sccp(KEEPALIVE_REQ);
    h.publishWire('b', PHONE_B, CME, kaB, 'SEP00000000000B');
    h.publishWire('b-cme', PHONE_B, CME, kaB, 'cme');
    h.publishWire('b-cme', CME, PHONE_B, sccp(KEEPALIVE_ACK), 'cme');
    h.publishWire('b', CME, PHONE_B, sccp(KEEPALIVE_ACK), 'SEP00000000000B');

    // Connection C: a non-standard port, decoded as skinny with decode-as.
    h.open('c', PHONE_C, CME_ALT);
    h.publishWire('c', PHONE_C, CME_ALT, registerReq('SEP00000000000C', [192, 0, 2, 12]));
    h.publishWire('c', CME_ALT, PHONE_C, sccp(KEEPALIVE_ACK));

    // One UDP datagram (SIP), to check the UDP path dissects too.
    const sip =
      'OPTIONS sip:cme@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1\r\n' +
      'From: <sip:a@192.0.2.10>;tag=1\r\nTo: <sip:cme@192.0.2.1>\r\nCall-ID: 1@192.0.2.10\r\nCSeq: 1 OPTIONS\r\n' +
      'Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n';
    stream.publish({
      kind: 'wire',
      time: T0 + 10_000,
      source: 'cme',
      protocol: 'sip',
      transport: 'udp',
      connection: 'udp-1',
      src: { host: '192.0.2.10', port: 5060 },
      dst: { host: '192.0.2.1', port: 5060 },
      bytes: new TextEncoder().encode(sip),
    });
    await rec.stop();
    assert.equal(rec.stats.rejected, 0);

    const decoded = await decodeCapture(path, { decodeAs: ['tcp.port==20000,skinny'], fields: FIELDS });
    assert.equal(decoded.malformed, 0, `tshark found problems: ${JSON.stringify(decoded.problems)}`);
    const flagged = decoded.values.filter((p) => 'tcp.analysis.flags' in p);
    assert.equal(flagged.length, 0, 'no TCP analysis warnings (sequence numbers consistent)');

    const expected = new Map<string, number>([
      [`${hex(REGISTER_REQ)} ${route(PHONE_A, CME)}`, 1],
      [`${hex(KEEPALIVE_REQ)} ${route(PHONE_A, CME)}`, 4],
      [`${hex(KEEPALIVE_ACK)} ${route(CME, PHONE_A)}`, 1 + 5500],
      [`${hex(SELECT_SOFT_KEYS)} ${route(CME, PHONE_A)}`, 1],
      [`${hex(KEEPALIVE_REQ)} ${route(PHONE_B, CME)}`, 1],
      [`${hex(KEEPALIVE_ACK)} ${route(CME, PHONE_B)}`, 1],
      [`${hex(REGISTER_REQ)} ${route(PHONE_C, CME_ALT)}`, 1],
      [`${hex(KEEPALIVE_ACK)} ${route(CME_ALT, PHONE_C)}`, 1],
    ]);
    assert.deepEqual(new Map([...tally(decoded.values)].sort()), new Map([...expected].sort()));
    const sipPackets = decoded.packets.filter((p) => p['sip.Method'] === 'OPTIONS');
    assert.equal(sipPackets.length, 1);

    // Without decode-as, the port-20000 connection is not skinny: the option is what made it so.
    const plain = await decodeCapture(path, { fields: FIELDS });
    const alt = [...tally(plain.values).keys()].filter((k) => k.includes(':20000'));
    assert.deepEqual(alt, []);
  },
);

test('a malformed SCCP frame is counted, so a broken capture fails the check', { skip: SKIP }, async () => {
  await requireTshark();
  const path = join(dir, 'malformed.pcap');
  const stream = new ObservationStream();
  const rec = new CaptureRecorder(stream, { path });
  rec.start();
  const h = harness(stream);
  h.open('m', PHONE_A, CME);
  h.publishWire('m', PHONE_A, CME, sccp(KEEPALIVE_REQ));
  // SelectSoftKeys with its 16-byte body missing: length says 4, the dissector runs off the end.
  h.publishWire('m', CME, PHONE_A, sccp(SELECT_SOFT_KEYS));
  await rec.stop();
  const decoded = await decodeCapture(path, { fields: FIELDS });
  assert.equal(decoded.malformed, 1);
  assert.equal(decoded.problems[0]?.frame, 5);
  assert.ok(
    decoded.problems[0]?.messages.some((m) => /malformed/i.test(m)),
    JSON.stringify(decoded.problems),
  );
});

test('bad options and a missing tshark are TsharkErrors', async () => {
  const is = (code: string) => (e: unknown) => e instanceof TsharkError && e.code === code;
  await assert.rejects(decodeCapture(''), is('bad-option'));
  await assert.rejects(decodeCapture('x.pcap', { fields: ['-Tfoo'] }), is('bad-option'));
  await assert.rejects(decodeCapture('x.pcap', { decodeAs: ['tcp.port==2000;rm -rf'] }), is('bad-option'));
  await assert.rejects(decodeCapture('x.pcap', { preferences: { 'a b': 'c' } }), is('bad-option'));
  await assert.rejects(decodeCapture('x.pcap', { luaScripts: [''] }), is('bad-option'));
  await assert.rejects(decodeCapture('x.pcap', { luaScripts: ['a.lua\n-r'] }), is('bad-option'));
  const missing = join(dir, 'no-such-tshark');
  assert.equal(await tsharkAvailable(missing), false);
  await assert.rejects(decodeCapture('x.pcap', { tshark: missing }), (e: unknown) => {
    return (
      e instanceof TsharkError &&
      e.code === 'not-installed' &&
      e.message.includes('apt-get install -y tshark')
    );
  });
});

test('tshark failing on an unreadable file is a TsharkError with its reason', { skip: SKIP }, async () => {
  await requireTshark();
  await assert.rejects(
    decodeCapture(join(dir, 'absent.pcap')),
    (e: unknown) => e instanceof TsharkError && e.code === 'failed',
  );
});
