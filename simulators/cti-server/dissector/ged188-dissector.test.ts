/**
 * The generated Wireshark plugin (wireshark/ged188.lua) run by the real tshark over pcaps the lab
 * writes (lab/pcap-writer.ts):
 * - the byte-exact vectors of the reference (ucce-ctidriver `MessageSampleSpec.hs`, v20: HEARTBEAT_REQ,
 *   FAILURE_CONF, OPEN_REQ, OPEN_CONF; uccertweb `MessageSamplesSpec.scala`, v19: the same plus
 *   CLOSE_REQ and CALL_DELIVERED_EVENT, as in ../message-codec.golden.test.ts) decode to their values;
 * - every message type the codec encodes, in v19 and v20, dissects to the names and values encoded;
 * - a message cut across TCP segments is reassembled; nothing is malformed;
 * - malformed input (body shorter than the fixed part, floating field overrunning the message, a
 *   MessageLength beyond any message) gets the "malformed" expert info, never a Lua error.
 * Without tshark this fails (install it) unless CTILAB_SKIP_TSHARK=1 says to skip.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Endpoint, Observation } from '../../lab/observation.ts';
import { PcapWriter } from '../../lab/pcap-writer.ts';
import {
  type DecodedCapture,
  decodeCapture,
  TSHARK_INSTALL_HINT,
  tsharkAvailable,
} from '../../lab/tshark.ts';
import { ctiMessageArbitrary } from '../../testing/cti-wire-arbitraries.ts';
import { GED188_LUA_PLUGIN } from '../../testing/ged188-tshark.ts';
import { dissectorTables } from '../dissector-table.ts';
import type { FieldValue } from '../field-types.ts';
import { MESSAGES } from '../message-catalogue.ts';
import { type CtiMessage, ctiMessage, encodeMessage, fixedLayout } from '../message-codec.ts';
import { SUPPORTED_VERSIONS } from '../protocol-version.ts';

const SKIP =
  process.env['CTILAB_SKIP_TSHARK'] === '1' ? 'CTILAB_SKIP_TSHARK=1: tshark checks skipped' : false;
/** Wireshark 4.0 shows an empty FT_BYTES field (an empty UNSPEC, e.g. ClientPassword) so. */
const EMPTY_BYTES = '<MISSING>';
const KEEP = process.env['CTILAB_KEEP_PCAPS'] === '1';
const PLUGIN = GED188_LUA_PLUGIN;

async function requireTshark(): Promise<void> {
  if (!(await tsharkAvailable())) assert.fail(TSHARK_INSTALL_HINT);
}

const dir = mkdtempSync(join(tmpdir(), 'ctilab-ged188-'));
after(() => {
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
});

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/[\s|]/g, ''), 'hex'));
const ascii = (s: string) => Buffer.from(`${s}\0`, 'latin1').toString('hex');

// reference §10: CTI Server side A 42027, side B 43027.
const SIDE_A: Endpoint = { host: '192.0.2.1', port: 42027 };
const SIDE_B: Endpoint = { host: '192.0.2.2', port: 43027 };
const T0 = Date.UTC(2026, 0, 1, 9);

/** A pcap of TCP connections: each `send` is one segment (or several, split where asked). */
class Capture {
  private readonly chunks: Uint8Array[] = [];
  private readonly writer = new PcapWriter((c) => this.chunks.push(c));
  private time = T0;
  private next = 0;

  connect(client: Endpoint, server: Endpoint) {
    const connection = `c${this.next++}`;
    this.put({
      kind: 'connection',
      time: this.tick(),
      source: 'client',
      protocol: 'cti-server',
      connection,
      event: 'open',
      client,
      server,
    });
    const send = (toServer: boolean, bytes: Uint8Array) =>
      this.put({
        kind: 'wire',
        time: this.tick(),
        source: toServer ? 'client' : 'server',
        protocol: 'cti-server',
        transport: 'tcp',
        connection,
        src: toServer ? client : server,
        dst: toServer ? server : client,
        bytes,
      });
    return {
      toServer: (...segments: Uint8Array[]) => {
        for (const s of segments) send(true, s);
      },
      toClient: (...segments: Uint8Array[]) => {
        for (const s of segments) send(false, s);
      },
    };
  }

  save(name: string): string {
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat(this.chunks));
    return path;
  }

  private tick() {
    this.time += 2;
    return this.time;
  }

  private put(o: Observation) {
    this.writer.write(o);
  }
}

const BASE_FIELDS = ['ged188.type', 'ged188.length', 'ged188.version', 'tcp.srcport', 'tcp.dstport'];

async function dissect(
  path: string,
  fields: string[],
  preferences: Record<string, string> = {},
  decodeAs: string[] = [],
) {
  return decodeCapture(path, {
    luaScripts: [PLUGIN],
    fields: [...BASE_FIELDS, ...fields],
    displayFilter: 'ged188',
    preferences,
    decodeAs,
  });
}

function assertClean(d: DecodedCapture) {
  assert.equal(d.malformed, 0, JSON.stringify(d.problems));
}

/** One value of field `f` in packet `p` (asserting there is exactly one). */
function one(p: Record<string, string[]>, f: string): string {
  const v = p[f];
  assert.equal(v?.length, 1, `${f}: ${JSON.stringify(v)}`);
  return v![0]!;
}
const num = (p: Record<string, string[]>, f: string) => Number(one(p, f));

// ---------------------------------------------------------------------------------------------
// Reference vectors (reference §9, ucce-ctidriver MessageSampleSpec.hs; v19: uccertweb)

const V20_OPEN_REQ = hex(
  '00000074 00000003 04030201 00000014 ffffffff 02030405 00000010 00006000 00000208 00000000' +
    '00000000 00000000 00000000' +
    `0001 0009 ${ascii('ClientID')} | 0002 0000 | 0003 0010 ${ascii('ClientSignature')}` +
    `0004 0005 ${ascii('3001')} | 0005 0005 ${ascii('1001')} | 0006 0005 ${ascii('3001')} | 0061 0004 03040506`,
);
const V20_OPEN_CONF = hex(
  '00000045 00000004 01020304 00000010 02030405 00000013 04050607 0001 0011 0003 05060708' +
    `0004 0005 ${ascii('3001')} | 0005 0005 ${ascii('1001')} | 0006 0005 ${ascii('3001')}` +
    '00e4 0002 0506 | 00e0 0002 0000',
);
const V20_HEARTBEAT_REQ = hex('00000004 00000005 02030405');
const V20_FAILURE_CONF = hex('00000008 00000001 01020304 00000061');

const V19_OPEN_REQ = hex(
  '00000066 00000003 04030201 00000013 ffffffff 02030405 00000010 00006000 00000208 00000000' +
    '00000000 00000000 00000000' +
    `01 09 ${ascii('ClientID')} | 02 00 | 03 10 ${ascii('ClientSignature')}` +
    `04 05 ${ascii('3001')} | 05 05 ${ascii('1001')} | 06 05 ${ascii('3001')} | 61 04 03040506`,
);
const V19_OPEN_CONF = hex(
  '00000037 00000004 01020304 00000010 02030405 00000013 04050607 0001 0011 0003' +
    `04 05 ${ascii('3001')} | 05 05 ${ascii('1001')} | 06 05 ${ascii('3001')} | e4 02 0506 | e0 02 0000`,
);
const V19_CLOSE_REQ = hex('00000008 00000007 04050607 00000062');
const CALL_VARS = Array.from({ length: 10 }, (_, i) => `CV${i + 1}`);
const V19_CALL_DELIVERED = hex(
  '00000151 00000009' +
    '01020304 02030405 0011 0000 06070809 0304 0004 04050607 05060708 04050607 05060708 0607' +
    '004c 004b 004a 0049 0000 ffff 0405 0506' +
    `19 13 ${ascii('ConnectionDeviceID')} | 1a 11 ${ascii('AlertingDeviceID')}` +
    `1b 10 ${ascii('CallingDeviceID')} | 1c 0f ${ascii('CalledDeviceID')}` +
    `1d 15 ${ascii('LastRedirectDeviceID')} | 79 04 01020304 | 7a 04 02030405 | ca 04 03040506` +
    `08 0c ${ascii('09012345678')} | d7 01 00 | 09 0a 00010203040506070809` +
    `0a 0b ${ascii('0398765432')} | 0b 0b ${ascii('0120123123')} | 0c 04 ${ascii('321')}` +
    CALL_VARS.map(
      (v, i) =>
        `${(13 + i).toString(16).padStart(2, '0')} ${(v.length + 1).toString(16).padStart(2, '0')} ${ascii(v)}`,
    ).join('') +
    `2e 07 ${ascii('Wrapup')} | 52 0e ${ascii('ECCVar')}${ascii('ECCVal')}` +
    `53 12 01 ${ascii('ECCArr')}${ascii('ECCArrVal')}`,
);

const OPEN_FIELDS = [
  'ged188.InvokeID',
  'ged188.VersionNumber',
  'ged188.IdleTimeout',
  'ged188.PeripheralID',
  'ged188.ServicesRequested',
  'ged188.ServicesRequested.ALL_EVENTS',
  'ged188.CallMsgMask',
  'ged188.CallMsgMask.BEGIN_CALL',
  'ged188.CallMsgMask.END_CALL',
  'ged188.CallMsgMask.DELIVERED',
  'ged188.AgentStateMask',
  'ged188.AgentStateMask.AVAILABLE',
  'ged188.AgentStateMask.HOLD',
  'ged188.ConfigMsgMask',
  'ged188.Reserved1',
  'ged188.float.ClientID',
  'ged188.float.ClientPassword',
  'ged188.float.ClientSignature',
  'ged188.float.AgentExtension',
  'ged188.float.AgentID',
  'ged188.float.AgentInstrument',
  'ged188.float.ApplicationPathID',
  'ged188.ServicesGranted',
  'ged188.MonitorID',
  'ged188.PGStatus',
  'ged188.PGStatus.OPC_DOWN',
  'ged188.PGStatus.CC_DOWN',
  'ged188.PGStatus.LIMITED_FUNCTION',
  'ged188.ICMCentralControllerTime',
  'ged188.PeripheralOnline',
  'ged188.PeripheralType',
  'ged188.AgentState',
  'ged188.DepartmentID',
  'ged188.float.NumPeripherals',
  'ged188.float.MultiLineAgentControl',
  'ged188.Status',
  'ged188.float.tag',
  'ged188.float.length',
];

function assertOpenReq(p: Record<string, string[]>, version: number) {
  assert.equal(num(p, 'ged188.type'), 3);
  assert.equal(num(p, 'ged188.length'), version === 20 ? 116 : 102);
  assert.equal(num(p, 'ged188.version'), version);
  assert.equal(num(p, 'ged188.InvokeID'), 0x04030201);
  assert.equal(num(p, 'ged188.VersionNumber'), version);
  assert.equal(num(p, 'ged188.IdleTimeout'), 0xffffffff);
  assert.equal(num(p, 'ged188.PeripheralID'), 0x02030405);
  assert.equal(num(p, 'ged188.ServicesRequested'), 0x10); // ALL_EVENTS
  assert.equal(num(p, 'ged188.ServicesRequested.ALL_EVENTS'), 1);
  assert.equal(num(p, 'ged188.CallMsgMask'), 0x6000); // BEGIN_CALL + END_CALL
  assert.deepEqual(
    ['BEGIN_CALL', 'END_CALL', 'DELIVERED'].map((b) => num(p, `ged188.CallMsgMask.${b}`)),
    [1, 1, 0],
  );
  assert.equal(num(p, 'ged188.AgentStateMask'), 0x208); // AVAILABLE + HOLD
  assert.deepEqual([num(p, 'ged188.AgentStateMask.AVAILABLE'), num(p, 'ged188.AgentStateMask.HOLD')], [1, 1]);
  assert.equal(num(p, 'ged188.ConfigMsgMask'), 0);
  assert.equal(num(p, 'ged188.Reserved1'), 0);
  assert.equal(one(p, 'ged188.float.ClientID'), 'ClientID');
  assert.equal(one(p, 'ged188.float.ClientPassword'), EMPTY_BYTES);
  assert.equal(one(p, 'ged188.float.ClientSignature'), 'ClientSignature');
  assert.equal(one(p, 'ged188.float.AgentExtension'), '3001');
  assert.equal(one(p, 'ged188.float.AgentID'), '1001');
  assert.equal(one(p, 'ged188.float.AgentInstrument'), '3001');
  assert.equal(num(p, 'ged188.float.ApplicationPathID'), 0x03040506);
  assert.deepEqual(p['ged188.float.tag']?.map(Number), [1, 2, 3, 4, 5, 6, 97]);
  assert.deepEqual(p['ged188.float.length']?.map(Number), [9, 0, 16, 5, 5, 5, 4]);
}

function assertOpenConf(p: Record<string, string[]>, version: number) {
  assert.equal(num(p, 'ged188.type'), 4);
  assert.equal(num(p, 'ged188.length'), version === 20 ? 69 : 55);
  assert.equal(num(p, 'ged188.InvokeID'), 0x01020304);
  assert.equal(num(p, 'ged188.ServicesGranted'), 0x10);
  assert.equal(num(p, 'ged188.MonitorID'), 0x02030405);
  assert.equal(num(p, 'ged188.PGStatus'), 0x13);
  assert.deepEqual(
    ['OPC_DOWN', 'CC_DOWN', 'LIMITED_FUNCTION'].map((b) => num(p, `ged188.PGStatus.${b}`)),
    [1, 1, 1],
  );
  assert.equal(num(p, 'ged188.ICMCentralControllerTime'), 0x04050607);
  assert.equal(num(p, 'ged188.PeripheralOnline'), 1);
  assert.equal(num(p, 'ged188.PeripheralType'), 17); // ENTERPRISE_AGENT
  assert.equal(num(p, 'ged188.AgentState'), 3); // AVAILABLE
  if (version === 20) assert.equal(num(p, 'ged188.DepartmentID'), 0x05060708);
  else assert.equal(p['ged188.DepartmentID'], undefined);
  assert.equal(one(p, 'ged188.float.AgentExtension'), '3001');
  assert.equal(one(p, 'ged188.float.AgentID'), '1001');
  assert.equal(one(p, 'ged188.float.AgentInstrument'), '3001');
  assert.equal(num(p, 'ged188.float.NumPeripherals'), 0x0506);
  assert.equal(num(p, 'ged188.float.MultiLineAgentControl'), 0);
}

describe('GED-188 Lua dissector in tshark: the reference vectors', { skip: SKIP }, () => {
  it('v20 (ucce-ctidriver): OPEN_REQ cut across two segments, OPEN_CONF, HEARTBEAT_REQ, FAILURE_CONF', async () => {
    await requireTshark();
    const cap = new Capture();
    const c = cap.connect({ host: '192.0.2.10', port: 50001 }, SIDE_A);
    c.toServer(V20_OPEN_REQ.subarray(0, 5), V20_OPEN_REQ.subarray(5, 61), V20_OPEN_REQ.subarray(61));
    c.toClient(V20_OPEN_CONF);
    c.toServer(V20_HEARTBEAT_REQ);
    c.toClient(V20_FAILURE_CONF);
    const d = await dissect(cap.save('v20-vectors.pcap'), OPEN_FIELDS);
    assertClean(d);
    assert.equal(d.values.length, 4, 'the OPEN_REQ segments reassemble into one message');
    const [openReq, openConf, heartbeat, failure] = d.values as [
      Record<string, string[]>,
      Record<string, string[]>,
      Record<string, string[]>,
      Record<string, string[]>,
    ];
    assertOpenReq(openReq, 20);
    assertOpenConf(openConf, 20);
    assert.equal(num(heartbeat, 'ged188.type'), 5);
    assert.equal(num(heartbeat, 'ged188.length'), 4);
    assert.equal(num(heartbeat, 'ged188.InvokeID'), 0x02030405);
    assert.equal(num(failure, 'ged188.type'), 1);
    assert.equal(num(failure, 'ged188.InvokeID'), 0x01020304);
    assert.equal(num(failure, 'ged188.Status'), 97); // E_CTI_INVALID_MONITOR_STATUS
  });

  it('v20: the Info column names the messages and the tree shows the value strings', async () => {
    await requireTshark();
    const cap = new Capture();
    const c = cap.connect({ host: '192.0.2.10', port: 50002 }, SIDE_B);
    c.toServer(V20_OPEN_REQ);
    // Two messages in one segment: both named.
    c.toClient(new Uint8Array(Buffer.concat([V20_OPEN_CONF, V20_FAILURE_CONF])));
    // STRINGs are single-byte characters (ISO 8859-1): shown as the same text.
    c.toClient(
      new Uint8Array(
        encodeMessage(
          ctiMessage('SYSTEM_EVENT', { SystemEventID: 5 }, [{ name: 'Text', value: 'Grüße, Müller' }]),
          20,
        ),
      ),
    );
    const d = await dissect(cap.save('v20-info.pcap'), [
      '_ws.col.Info',
      '_ws.col.Protocol',
      'ged188.float.Text',
      'ged188.SystemEventID',
    ]);
    assertClean(d);
    assert.deepEqual(
      d.values.map((p) => [one(p, '_ws.col.Protocol'), one(p, '_ws.col.Info')]),
      [
        ['GED-188', 'OPEN_REQ'],
        ['GED-188', 'OPEN_CONF, FAILURE_CONF'],
        ['GED-188', 'SYSTEM_EVENT'],
      ],
    );
    assert.equal(one(d.values[2]!, 'ged188.float.Text'), 'Grüße, Müller');
    assert.equal(num(d.values[2]!, 'ged188.SystemEventID'), 5); // TEXT_FYI
    assert.equal(Number(d.values[1]!['tcp.srcport']?.[0]), 43027);
  });

  it('v19 (uccertweb): the version comes from the OPEN_REQ of the connection; one-byte tags', async () => {
    await requireTshark();
    const cap = new Capture();
    const c = cap.connect({ host: '192.0.2.10', port: 50003 }, SIDE_A);
    c.toServer(V19_OPEN_REQ);
    c.toClient(V19_OPEN_CONF);
    c.toServer(V19_CLOSE_REQ);
    // CALL_DELIVERED_EVENT cut in the floating part.
    c.toClient(V19_CALL_DELIVERED.subarray(0, 100), V19_CALL_DELIVERED.subarray(100));
    // Meanwhile a v20 session on another connection keeps its own version.
    const other = cap.connect({ host: '192.0.2.11', port: 50004 }, SIDE_A);
    other.toServer(V20_OPEN_REQ);
    other.toClient(V20_OPEN_CONF);
    const fields = [
      ...OPEN_FIELDS,
      'ged188.ConnectionCallID',
      'ged188.LineHandle',
      'ged188.LineType',
      'ged188.SkillGroupPriority',
      'ged188.AlertingDeviceType',
      'ged188.LocalConnectionState',
      'ged188.EventCause',
      'ged188.NumNamedVariables',
      'ged188.float.ConnectionDeviceID',
      'ged188.float.LastRedirectDeviceID',
      'ged188.float.TrunkNumber',
      'ged188.float.SecondaryConnectionCallID',
      'ged188.float.ANI',
      'ged188.float.ANI_II',
      'ged188.float.UserToUserInfo',
      'ged188.float.CallerEnteredDigits',
      ...CALL_VARS.map((_, i) => `ged188.float.CallVariable${i + 1}`),
      'ged188.float.CallWrapupData',
      'ged188.float.NamedVariable',
      'ged188.float.NamedArray',
      'ged188.named.index',
      'ged188.named.name',
      'ged188.named.value',
    ];
    const d = await dissect(cap.save('v19-vectors.pcap'), fields);
    assertClean(d);
    assert.equal(d.values.length, 6);
    const [openReq, openConf, close, delivered, openReq20, openConf20] = d.values as Array<
      Record<string, string[]>
    >;
    assertOpenReq(openReq!, 19);
    assertOpenConf(openConf!, 19);
    assert.equal(num(openConf!, 'ged188.version'), 19);
    assert.equal(num(close!, 'ged188.type'), 7);
    assert.equal(num(close!, 'ged188.Status'), 98); // E_CTI_INVALID_REQUEST_TYPE
    const p = delivered!;
    assert.equal(num(p, 'ged188.type'), 9);
    assert.equal(num(p, 'ged188.version'), 19);
    assert.equal(num(p, 'ged188.ConnectionCallID'), 0x06070809);
    assert.equal(num(p, 'ged188.LineHandle'), 0x0304);
    assert.equal(num(p, 'ged188.LineType'), 4);
    assert.equal(num(p, 'ged188.SkillGroupPriority'), 0x0607);
    assert.equal(num(p, 'ged188.AlertingDeviceType'), 76); // AGENT_DEVICE
    assert.equal(num(p, 'ged188.LocalConnectionState'), 0);
    assert.equal(num(p, 'ged188.EventCause'), 0xffff);
    assert.equal(num(p, 'ged188.NumNamedVariables'), 0x0405);
    assert.equal(one(p, 'ged188.float.ConnectionDeviceID'), 'ConnectionDeviceID');
    assert.equal(one(p, 'ged188.float.LastRedirectDeviceID'), 'LastRedirectDeviceID');
    assert.equal(num(p, 'ged188.float.TrunkNumber'), 0x01020304);
    assert.equal(num(p, 'ged188.float.SecondaryConnectionCallID'), 0x03040506);
    assert.equal(one(p, 'ged188.float.ANI'), '09012345678');
    assert.equal(one(p, 'ged188.float.ANI_II'), '');
    assert.equal(one(p, 'ged188.float.UserToUserInfo'), '00010203040506070809');
    assert.equal(one(p, 'ged188.float.CallerEnteredDigits'), '321');
    for (const [i, v] of CALL_VARS.entries()) assert.equal(one(p, `ged188.float.CallVariable${i + 1}`), v);
    assert.equal(one(p, 'ged188.float.CallWrapupData'), 'Wrapup');
    assert.equal(one(p, 'ged188.float.NamedVariable'), 'ECCVar=ECCVal');
    assert.equal(one(p, 'ged188.float.NamedArray'), '[1] ECCArr=ECCArrVal');
    assert.equal(num(p, 'ged188.named.index'), 1);
    assert.deepEqual(p['ged188.named.name'], ['ECCVar', 'ECCArr']);
    assert.deepEqual(p['ged188.named.value'], ['ECCVal', 'ECCArrVal']);
    assertOpenReq(openReq20!, 20);
    assertOpenConf(openConf20!, 20);
  });

  it('without an OPEN_REQ the default_version preference applies; port and decode-as preferences', async () => {
    await requireTshark();
    const cap = new Capture();
    // Capture started after the OPEN: v19 only through the preference.
    cap.connect({ host: '192.0.2.10', port: 50005 }, SIDE_A).toClient(V19_OPEN_CONF);
    // Non-default ports: one by the tcp_ports preference, one by Decode As.
    cap
      .connect({ host: '192.0.2.10', port: 50006 }, { host: '192.0.2.3', port: 41999 })
      .toServer(V20_HEARTBEAT_REQ);
    cap
      .connect({ host: '192.0.2.10', port: 50007 }, { host: '192.0.2.4', port: 44027 })
      .toServer(V20_HEARTBEAT_REQ);
    const path = cap.save('prefs.pcap');
    const d = await dissect(
      path,
      OPEN_FIELDS,
      { 'ged188.default_version': '19', 'ged188.tcp_ports': '42027,41999' },
      ['tcp.port==44027,ged188'],
    );
    assertClean(d);
    assert.equal(d.values.length, 3);
    assertOpenConf(d.values[0]!, 19);
    assert.deepEqual(
      d.values.slice(1).map((p) => [num(p, 'tcp.dstport'), num(p, 'ged188.InvokeID')]),
      [
        [41999, 0x02030405],
        [44027, 0x02030405],
      ],
    );
    // Default preferences: the v19 OPEN_CONF read as v20 is not silently accepted.
    const asV20 = await dissect(path, OPEN_FIELDS);
    assert.equal(asV20.values.length, 1, 'ports 41999 and 44027 are not GED-188 by default');
    assert.equal(asV20.malformed, 1);
  });
});

// ---------------------------------------------------------------------------------------------
// Every message type, encoded by the codec

/** Printable ASCII only, so tshark's string output compares byte for byte. */
const PRINTABLE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .-_+';
const printable = (s: string) => [...s].map((ch) => PRINTABLE[ch.charCodeAt(0) % PRINTABLE.length]).join('');

function tame(value: FieldValue): FieldValue {
  if (typeof value === 'string') return printable(value);
  if (value instanceof Uint8Array || typeof value !== 'object') return value;
  return 'index' in value
    ? { index: value.index, name: printable(value.name), value: printable(value.value) }
    : { name: printable(value.name), value: printable(value.value) };
}

/** A message of each type the catalogue has in `version` (fixed sample: fast-check seed). */
function samples(version: number): CtiMessage[] {
  return MESSAGES.filter((m) => m.since <= version).map((def, i) => {
    const [m] = fc.sample(ctiMessageArbitrary(def, version), { numRuns: 1, seed: 1000 * version + i });
    const fixed = def.name === 'OPEN_REQ' ? { ...m!.fixed, VersionNumber: version } : m!.fixed;
    return { ...m!, fixed, floating: m!.floating.map((f) => ({ name: f.name, value: tame(f.value) })) };
  });
}

function expectedFloating(value: FieldValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Uint8Array)
    return value.length === 0 ? EMPTY_BYTES : Buffer.from(value).toString('hex');
  return 'index' in value ? `[${value.index}] ${value.name}=${value.value}` : `${value.name}=${value.value}`;
}

function normalise(field: string, v: string, numeric: boolean): string {
  if (numeric) return String(Number(v));
  return field.startsWith('ged188.float.') ? v.replace(/:/g, '') : v;
}

for (const version of SUPPORTED_VERSIONS) {
  describe(
    `GED-188 Lua dissector in tshark: every message type of v${version}, encoded by the codec`,
    { skip: SKIP },
    () => {
      it('dissects to the names and values encoded, nothing malformed', async () => {
        await requireTshark();
        const table = dissectorTables().find((t) => t.version === version)!;
        const tagType = new Map(table.tags.map((t) => [t.name, t.type]));
        const messages = samples(version);
        assert.equal(messages.length, table.messages.length);
        const cap = new Capture();
        const c = cap.connect({ host: '192.0.2.20', port: 51000 + version }, SIDE_A);
        // OPEN_REQ first: it sets the connection's version.
        const ordered = [...messages.filter((m) => m.type === 3), ...messages.filter((m) => m.type !== 3)];
        for (const m of ordered) c.toServer(new Uint8Array(encodeMessage(m, version)));
        const fixedNames = new Set<string>();
        for (const def of MESSAGES)
          for (const f of fixedLayout(def, version)) fixedNames.add(`ged188.${f.name}`);
        const floatNames = table.tags.map((t) => `ged188.float.${t.name}`);
        const d = await dissect(cap.save(`all-v${version}.pcap`), [
          '_ws.col.Info',
          ...fixedNames,
          ...floatNames,
        ]);
        assertClean(d);
        assert.equal(d.values.length, ordered.length);
        ordered.forEach((m, i) => {
          const p = d.values[i]!;
          const where = `${m.name} (v${version})`;
          assert.equal(num(p, 'ged188.type'), m.type, where);
          assert.equal(one(p, '_ws.col.Info'), m.name, where);
          assert.equal(num(p, 'ged188.version'), version, where);
          const seen: Record<string, string[]> = {};
          for (const [name, value] of Object.entries(m.fixed))
            seen[`ged188.${name}`] = [typeof value === 'boolean' ? (value ? '1' : '0') : String(value)];
          for (const f of m.floating) {
            const key = `ged188.float.${f.name}`;
            seen[key] = [...(seen[key] ?? []), expectedFloating(f.value)];
          }
          const got: Record<string, string[]> = {};
          for (const [k, vs] of Object.entries(p)) {
            if (!k.startsWith('ged188.') || ['ged188.type', 'ged188.length', 'ged188.version'].includes(k))
              continue;
            const type = k.startsWith('ged188.float.') ? tagType.get(k.slice('ged188.float.'.length)) : 'INT';
            const numeric =
              type !== 'STRING' && type !== 'UNSPEC' && type !== 'NAMEDVAR' && type !== 'NAMEDARRAY';
            got[k] = vs.map((v) => normalise(k, v, numeric));
          }
          assert.deepEqual(got, seen, where);
        });
      });
    },
  );
}

describe('GED-188 Lua dissector in tshark: malformed input', { skip: SKIP }, () => {
  it('short fixed part, overrunning or cut floating field, and lost sync are flagged, never a Lua error', async () => {
    await requireTshark();
    const cap = new Capture();
    const c = cap.connect({ host: '192.0.2.30', port: 52000 }, SIDE_A);
    c.toServer(V20_OPEN_REQ);
    c.toClient(hex('00000004 00000001 01020304')); // FAILURE_CONF without its Status
    c.toClient(hex('0000000c 00000001 01020304 00000061 0001 0009')); // ClientID length 9, no data
    c.toClient(hex('0000000a 00000001 01020304 00000061 0001')); // floating header cut
    c.toClient(hex('00000009 00000002 00000000 0007 0004 ff')); // FAILURE_EVENT, Text of 4 bytes with 1 there
    c.toClient(hex('0000000c 00000001 01020304 00000061 0052 0000')); // NamedVariable of 0 bytes
    c.toClient(hex('0000000e 00000001 01020304 00000061 0061 0002 0304')); // ApplicationPathID (UINT) of 2 bytes
    c.toClient(hex('00000005 000003e7 0102030405')); // unknown type 999: a warning, not malformed
    c.toClient(hex('7fffffff 00000005 02030405')); // MessageLength beyond any message: out of sync
    const path = cap.save('malformed.pcap');
    const d = await dissect(path, ['_ws.col.Info', '_ws.expert.message']);
    assert.equal(d.values.length, 9);
    // Frames 5-10 and 12 (4 is the OPEN_REQ, 11 the unknown type: a warning only).
    assert.deepEqual(
      d.problems.map((p) => p.frame),
      [5, 6, 7, 8, 9, 10, 12],
      JSON.stringify(d.problems),
    );
    const messages = d.problems.flatMap((p) => p.messages);
    assert.ok(!messages.some((m) => /Lua Error/.test(m)), JSON.stringify(messages));
    assert.ok(
      messages.includes('FAILURE_CONF: the fixed part is 8 bytes, the message body 4'),
      JSON.stringify(messages),
    );
    assert.ok(
      messages.includes('ClientID: length 9 overruns the message by 9 bytes'),
      JSON.stringify(messages),
    );
    assert.ok(messages.includes('floating field header cut short'), JSON.stringify(messages));
    assert.ok(messages.includes('Text: length 4 overruns the message by 3 bytes'), JSON.stringify(messages));
    assert.ok(
      messages.includes(
        'MessageLength 2147483647 exceeds the largest message (8192 bytes): stream out of sync',
      ),
      JSON.stringify(messages),
    );
    assert.ok(messages.includes('NAMEDVAR name without NUL'), JSON.stringify(messages));
    assert.ok(messages.includes('ApplicationPathID (UINT) must be 4 bytes, not 2'), JSON.stringify(messages));
    const unknown = d.values[7]!;
    assert.equal(one(unknown, '_ws.col.Info'), 'UNKNOWN(999)');
    assert.ok(unknown['_ws.expert.message']?.includes('Unknown message type 999 in v20'));
  });
});

describe('GED-188 Lua dissector in tshark: damaged messages', { skip: SKIP }, () => {
  it('codec frames cut short or with bytes overwritten give expert infos, never a Lua error', async () => {
    await requireTshark();
    const cap = new Capture();
    let frames = 0;
    for (const version of SUPPORTED_VERSIONS) {
      const c = cap.connect({ host: '192.0.2.40', port: 53000 + version }, SIDE_A);
      const open = samples(version).find((m) => m.type === 3)!;
      c.toServer(new Uint8Array(encodeMessage(open, version)));
      samples(version).forEach((m, i) => {
        const good = encodeMessage(m, version);
        // Cut: the body ends anywhere after the MHDR; the MessageLength says so (framing holds).
        const [cut = 0, at = 0, byte = 0] = fc.sample(
          fc.tuple(fc.nat(good.length - 8), fc.nat(good.length - 9), fc.integer({ min: 0, max: 255 })),
          { numRuns: 1, seed: 7 * version + i },
        )[0]!;
        const short = Buffer.from(good.subarray(0, 8 + cut));
        short.writeUInt32BE(cut, 0);
        // Overwritten: one byte of the body changed (a length, a tag, a NUL, ...).
        const changed = Buffer.from(good);
        if (changed.length > 8) changed[8 + (at % (changed.length - 8))] = byte;
        c.toClient(new Uint8Array(short), new Uint8Array(changed));
        frames += 2;
      });
    }
    const d = await dissect(cap.save('damaged.pcap'), ['_ws.col.Info']);
    assert.equal(d.values.length, frames + 2, 'every damaged message is still dissected as GED-188');
    const lua = d.problems.filter((p) => p.messages.some((m) => /Lua Error/.test(m)));
    assert.deepEqual(lua, []);
    assert.ok(d.problems.length > 0, 'some damage is malformed');
  });
});
