import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CmeLab } from '../cme/cme.ts';
import { loadCmeConfig } from '../cme/config/load-cme-config.ts';
import { ctiMessage, encodeMessage } from '../cti-server/wire.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { type Observation, ObservationStream, type WireObservation } from '../lab/observation.ts';
import { SccpPhone } from '../phone/phone.ts';
import { openRequest } from '../testing/raw-cti-peer.ts';
import {
  cappedLadder,
  HEX_FIELD_BYTES,
  JSON_ARROWS,
  LADDER_FORMAT,
  LadderBuilder,
  ladderJson,
  ladderOf,
} from './ladder.ts';
import { UNDECODABLE_HEX_BYTES } from './message-decoders.ts';

/** Real-time poll (a test guard, not a protocol timer) until `check` holds. */
async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('a phone registering on a real CME: one arrow per message, named by the phone and the CME', async () => {
  const { config } = loadCmeConfig(readFileSync(new URL('../../labs/cme-moc.cfg', import.meta.url), 'utf8'));
  const mac = [...config.ephones.values()][0]!.mac;
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 9, 0, 0));
  const observations = new ObservationStream();
  const seen: Observation[] = [];
  observations.subscribe((o) => seen.push(o));
  const live = new LadderBuilder();
  observations.subscribe((o) => live.observe(o));
  const lab = new CmeLab({
    config,
    host: '127.0.0.1',
    sccpPort: 0,
    clock,
    observations,
    name: 'CME',
    log: () => {},
  });
  const cme = await lab.start();
  const phone = new SccpPhone({
    mac,
    model: '7961',
    servers: [{ host: '127.0.0.1', port: cme.node.endpoint.port }],
    clock,
    observations,
  });
  try {
    phone.start();
    await until(() => phone.state.registered, 'registration');
    await until(() => live.ladder().arrows.some((a) => a.name === 'DisplayPromptStatusV2'), 'idle prompt');
  } finally {
    await phone.stop();
    await lab.stop();
  }
  const ladder = ladderOf(seen);
  const device = `SEP${mac}`;
  assert.deepEqual(
    ladder.parties.map((p) => p.name),
    [device, 'CME'],
  );
  assert.deepEqual(ladder.parties[1]?.endpoints, [`127.0.0.1:${cme.node.endpoint.port}`]);
  const names = ladder.arrows.map((a) => `${a.from}>${a.to} ${a.name}`);
  assert.deepEqual(names.slice(0, 3), [
    `${device}>CME RegisterReq`,
    `CME>${device} RegisterAck`,
    `CME>${device} CapabilitiesReq`,
  ]);
  // Both ends publish every message; each is drawn once.
  assert.equal(names.filter((n) => n.endsWith(' RegisterReq')).length, 1);
  assert.equal(names.filter((n) => n.endsWith(' RegisterAck')).length, 1);
  const register = ladder.arrows[0]!;
  assert.equal((register.fields as { deviceName?: unknown }).deviceName, device);
  assert.equal(register.protocol, 'sccp');
  assert.equal(register.time, Date.UTC(2026, 10, 23, 9, 0, 0));
  assert.deepEqual(
    ladder.arrows.map((a) => a.seq),
    ladder.arrows.map((_, i) => i + 1),
  );
  // The live builder saw the same (it may have seen a few more messages after the poll).
  assert.deepEqual(live.ladder().arrows.slice(0, ladder.arrows.length), ladder.arrows);
});

const client = { host: '127.0.0.1', port: 40001 };
const server = { host: '127.0.0.5', port: 42027 };

function wire(
  protocol: WireObservation['protocol'],
  src: typeof client,
  dst: typeof client,
  bytes: Uint8Array,
  source = 'acd-cti-A',
): WireObservation {
  return { kind: 'wire', time: 5, source, protocol, transport: 'tcp', connection: 'c1', src, dst, bytes };
}

test('GED-188 bytes are framed and decoded; one publisher owns the server side, OPEN_REQ names the client', () => {
  const open = encodeMessage(openRequest(20, { InvokeID: 1 }), 20);
  const conf = encodeMessage(ctiMessage('OPEN_CONF', { InvokeID: 1, PeripheralOnline: true }), 20);
  const beat = encodeMessage(ctiMessage('HEARTBEAT_REQ', { InvokeID: 2 }), 20);
  const b = new LadderBuilder();
  b.observe({
    kind: 'connection',
    time: 5,
    source: 'acd-cti-A',
    protocol: 'cti-server',
    connection: 'c1',
    event: 'open',
    client,
    server,
  });
  // The OPEN_REQ arrives in two chunks, the heartbeat shares a chunk with the end of nothing.
  b.observe(wire('cti-server', client, server, open.subarray(0, 10)));
  assert.equal(b.size, 0);
  b.observe(wire('cti-server', client, server, Buffer.concat([open.subarray(10), beat])));
  b.observe(wire('cti-server', server, client, conf));
  const ladder = b.ladder();
  assert.deepEqual(
    ladder.arrows.map((a) => `${a.from}>${a.to} ${a.name}`),
    // The CTI Server side A publishes as `acd-cti-A`: its lifeline is its node's.
    ['lab-bridge>acd OPEN_REQ', 'lab-bridge>acd HEARTBEAT_REQ', 'acd>lab-bridge OPEN_CONF'],
  );
  const fields = ladder.arrows[0]!.fields as { fixed: Record<string, unknown>; floating: unknown[] };
  assert.equal(fields.fixed.VersionNumber, 20);
  assert.deepEqual(fields.floating[0], { name: 'ClientID', value: 'lab-bridge' });
  assert.equal((ladder.arrows[2]!.fields as { fixed: Record<string, unknown> }).fixed.PeripheralOnline, true);
});

test('SIP over TCP is framed by Content-Length; the arrow names the method or status and the CSTA element', () => {
  const body =
    '<?xml version="1.0"?>\n<MakeCall xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed4"><callingDevice>1001</callingDevice></MakeCall>';
  const invite = 'INVITE sip:cti@127.0.0.5 SIP/2.0\r\nFrom: <sip:app-201@127.0.0.5>;tag=1\r\nl: 0\r\n\r\n';
  const info = `INFO sip:cti@127.0.0.5 SIP/2.0\r\nFrom: "<script>alert(1)</script>" <sip:app@127.0.0.1>;tag=1\r\nContent-Type: application/csta+xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const ok = 'SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n';
  const bytes = Buffer.from(invite + info + ok);
  const b = new LadderBuilder({ names: new Map([['127.0.0.5:42027', 'CME']]) });
  // The gateway publishes what it received in chunks that split the message anywhere.
  b.observe(wire('sip', client, server, bytes.subarray(0, 40), 'CME-sip'));
  b.observe(wire('sip', client, server, bytes.subarray(40, bytes.length - 5), 'CME-sip'));
  assert.equal(b.size, 2);
  b.observe(wire('sip', client, server, bytes.subarray(bytes.length - 5), 'CME-sip'));
  const ladder = b.ladder();
  assert.deepEqual(
    ladder.arrows.map((a) => `${a.from}>${a.to} ${a.name}`),
    // The INVITE's From names the application.
    ['app-201>CME INVITE', 'app-201>CME INFO (MakeCall)', 'app-201>CME 200 OK'],
  );
  const fields = ladder.arrows[1]!.fields as { startLine: string; headers: [string, string][]; body: string };
  assert.equal(fields.startLine, 'INFO sip:cti@127.0.0.5 SIP/2.0');
  assert.deepEqual(fields.headers[0], ['From', '"<script>alert(1)</script>" <sip:app@127.0.0.1>;tag=1']);
  assert.equal(fields.body, body);
});

test('TFTP and other protocols are left out unless asked for; bytes become hex in the JSON', () => {
  const rrq: WireObservation = {
    ...wire('tftp', client, server, Uint8Array.of(0, 1), 'CME-tftp'),
    transport: 'udp',
    decoded: { type: 'RRQ', filename: 'SEP001122334455.cnf.xml', raw: Uint8Array.of(0xde, 0xad) },
  };
  assert.equal(ladderOf([rrq]).arrows.length, 0);
  const ladder = ladderOf([rrq], { protocols: ['tftp'] });
  assert.equal(ladder.arrows[0]?.name, 'RRQ SEP001122334455.cnf.xml');
  assert.equal((ladder.arrows[0]?.fields as { raw: string }).raw, 'dead');
  assert.equal(JSON.parse(JSON.stringify(ladder)).arrows[0].transport, 'udp');
});

test('a phone alone publishing its connection (its node in another process) stays the client', () => {
  const phone = 'SEP00AABB001001';
  const register = {
    ...wire('sccp', client, server, Uint8Array.of(0), phone),
    decoded: { type: 'RegisterReq', deviceName: phone },
  };
  const ack = { ...wire('sccp', server, client, Uint8Array.of(0), phone), decoded: { type: 'RegisterAck' } };
  const open: Observation = {
    kind: 'connection',
    time: 5,
    source: phone,
    protocol: 'sccp',
    connection: 'c1',
    event: 'open',
    client,
    server,
  };
  assert.deepEqual(
    ladderOf([open, register, ack]).parties.map((p) => p.name),
    [phone, '127.0.0.5:42027'],
  );
  const named = ladderOf([open, register, ack], { names: new Map([['127.0.0.5:42027', 'cme-a']]) });
  assert.deepEqual(
    named.arrows.map((a) => `${a.from}>${a.to} ${a.name}`),
    [`${phone}>cme-a RegisterReq`, `cme-a>${phone} RegisterAck`],
  );
});

test('a flow one end publishes, its opening unseen: the publisher is the end not named otherwise', () => {
  const phone = 'SEP001E4A34A35F';
  const offHook = { ...wire('sccp', client, server, Uint8Array.of(0), 'cme'), decoded: { type: 'OffHook' } };
  const ringer = { ...wire('sccp', server, client, Uint8Array.of(0), 'cme'), decoded: { type: 'SetRinger' } };
  assert.deepEqual(
    ladderOf([offHook, ringer]).parties.map((p) => p.name),
    ['127.0.0.1:40001', '127.0.0.5:42027'],
  );
  const named = ladderOf([offHook, ringer], {
    names: (endpoint) => (endpoint === '127.0.0.1:40001' ? phone : undefined),
  });
  assert.deepEqual(
    named.arrows.map((a) => `${a.from}>${a.to} ${a.name}`),
    [`${phone}>cme OffHook`, `cme>${phone} SetRinger`],
  );
});

test("a node's SCCP and SIP endpoints are one lifeline, named by the node (its SIP endpoint publishes as <node>-sip)", () => {
  const phone = { host: '127.0.0.1', port: 40002 };
  const sccp = { host: '127.0.0.5', port: 2000 };
  const app = { host: '127.0.0.1', port: 40003 };
  const sip = { host: '127.0.0.5', port: 5060 };
  const register = {
    ...wire('sccp', phone, sccp, Uint8Array.of(0), 'SEP00AABB001001'),
    decoded: { type: 'RegisterReq' },
  };
  const registerSeen = { ...register, source: 'CME' };
  const info = Buffer.from(
    'INFO sip:cti@127.0.0.5 SIP/2.0\r\nFrom: <sip:app@lab>;tag=1\r\nContent-Length: 0\r\n\r\n',
  );
  const ok = Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n');
  const ladder = ladderOf([
    register,
    registerSeen,
    wire('sip', app, sip, info, 'tr87-client'),
    wire('sip', app, sip, info, 'CME-sip'),
    wire('sip', sip, app, ok, 'CME-sip'),
    wire('sip', sip, app, ok, 'tr87-client'),
  ]);
  assert.deepEqual(
    ladder.parties.map((p) => `${p.name} ${p.endpoints.join(' ')}`),
    ['SEP00AABB001001 127.0.0.1:40002', 'CME 127.0.0.5:2000 127.0.0.5:5060', 'tr87-client 127.0.0.1:40003'],
  );
  assert.deepEqual(
    ladder.arrows.map((a) => `${a.from}>${a.to} ${a.name}`),
    ['SEP00AABB001001>CME RegisterReq', 'tr87-client>CME INFO', 'CME>tr87-client 200 OK'],
  );
});

test('SIP over TCP without Content-Length loses the framing: one undecodable arrow with its bytes in hex, then nothing', () => {
  const bad = Buffer.from(`INFO sip:cti@127.0.0.5 SIP/2.0\r\nX: ${'a'.repeat(400)}\r\n\r\n`);
  const ok = Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n');
  const ladder = ladderOf([wire('sip', client, server, Buffer.concat([bad, ok]), 'CME-sip')]);
  assert.deepEqual(
    ladder.arrows.map((a) => a.name),
    ['undecodable SIP'],
  );
  const fields = ladder.arrows[0]!.fields as { error: string; bytes: number; hex: string };
  assert.equal(fields.error, 'SIP framing lost: no-content-length');
  assert.equal(fields.bytes, bad.length);
  assert.equal(fields.hex, `${bad.subarray(0, UNDECODABLE_HEX_BYTES).toString('hex')}…`);
});

test('decoded byte fields longer than HEX_FIELD_BYTES are left to the pcap', () => {
  const rrq: WireObservation = {
    ...wire('tftp', client, server, Uint8Array.of(0, 1), 'CME-tftp'),
    transport: 'udp',
    decoded: {
      type: 'DATA',
      short: new Uint8Array(HEX_FIELD_BYTES),
      long: new Uint8Array(HEX_FIELD_BYTES + 1),
    },
  };
  const fields = ladderOf([rrq], { protocols: ['tftp'] }).arrows[0]?.fields as Record<string, string>;
  assert.equal(fields.short, '00'.repeat(HEX_FIELD_BYTES));
  assert.equal(fields.long, `<${HEX_FIELD_BYTES + 1} bytes: see the pcap>`);
});

test('a capped ladder keeps its first and last arrows and counts the rest; its JSON is one arrow a line', () => {
  const ok = Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n');
  const many = Array.from({ length: 50 }, () => wire('sip', server, client, ok, 'CME-sip'));
  const whole = ladderOf(many);
  assert.equal(whole.format, LADDER_FORMAT);
  assert.equal(whole.total, 50);
  assert.equal(whole.truncated, 0);
  assert.equal(cappedLadder(whole, { first: 25, last: 25 }), whole);
  const capped = cappedLadder(whole, { first: 3, last: 2 });
  assert.deepEqual(
    capped.arrows.map((a) => a.seq),
    [1, 2, 3, 49, 50],
  );
  assert.equal(capped.total, 50);
  assert.equal(capped.truncated, 45);
  const text = ladderJson(capped);
  assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(capped)));
  assert.equal(text.split('\n').length, 1 + capped.arrows.length + 2);
  assert.deepEqual(JSON.parse(ladderJson({ ...whole, arrows: [], total: 0 })).arrows, []);
  // The default cap of the scenario files.
  assert.equal(cappedLadder(whole).arrows.length, Math.min(50, JSON_ARROWS.first + JSON_ARROWS.last));
});
