/**
 * The session state machine of one CTI Server side over real TCP (Cisco "CTI Server Message
 * Reference Guide (Protocol Version 15)" chapter 4 "Session Management"; Status values from
 * chapter 6 "Failure Indication Message Status Codes").
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../lab/manual-clock.ts';
import { InMemoryCtiPeripheral } from '../../testing/in-memory-cti-peripheral.ts';
import { CtiRawPeer, openRequest, waitUntil } from '../../testing/raw-cti-peer.ts';
import {
  AgentState,
  CtiStatus,
  ctiMessage,
  encodeMessage,
  floatingString,
  NULL_U16,
  PeripheralType,
  ServiceMask,
  SystemEventID,
} from '../wire.ts';
import { CtiServerSide } from './cti-server-side.ts';

const pw = (s: string) => ({ name: 'ClientPassword', value: Buffer.from(s) });
const cid = (s: string) => ({ name: 'ClientID', value: s });
const CONN = (d: string) => ({ name: 'ConnectionDeviceID', value: d });
/** A CTI Bridge that asked for Client Control (guide table 4-1): it may send control requests. */
const CONTROL = { ServicesRequested: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL };

describe('CtiServerSide sessions', { timeout: 20_000 }, () => {
  let clock: ManualClock;
  let peripheral: InMemoryCtiPeripheral;
  let side: CtiServerSide;
  let port: number;
  const peers: CtiRawPeer[] = [];
  const peer = async (version = 20) => {
    const p = await CtiRawPeer.connect(port, version);
    peers.push(p);
    return p;
  };

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    peripheral = new InMemoryCtiPeripheral();
    side = new CtiServerSide({
      port: 0,
      clock,
      peripheral,
      clients: new Map([['bridge', { password: 'secret' }]]),
    });
    port = (await side.start()).port;
  });

  afterEach(async () => {
    for (const p of peers.splice(0)) p.end();
    await side.stop();
    assert.equal(side.sessionCount, 0);
    assert.equal(clock.pending, 0, 'no timer left behind');
  });

  it('OPEN_REQ of a bridge → OPEN_CONF with the granted services, clock time, peripheral type (table 4-3)', async () => {
    const p = await peer();
    const conf = await p.open({}, [cid('bridge'), pw('secret')]);
    assert.equal(conf.name, 'OPEN_CONF', 'the configured bridge with its password');
    assert.equal(conf.name, 'OPEN_CONF');
    assert.equal(conf.fixed.InvokeID, 1);
    assert.equal(conf.fixed.ServicesGranted, ServiceMask.ALL_EVENTS);
    assert.equal(conf.fixed.PGStatus, 0);
    assert.equal(conf.fixed.ICMCentralControllerTime, Date.UTC(2026, 0, 1, 12) / 1000);
    assert.equal(conf.fixed.PeripheralOnline, true);
    assert.equal(conf.fixed.PeripheralType, PeripheralType.ENTERPRISE_AGENT);
    assert.equal(conf.fixed.AgentState, NULL_U16);
    assert.equal(side.openSessionCount, 1);
    // Then one SYSTEM_EVENT per peripheral, for an ALL_EVENTS client (guide v17 chapter 4).
    assert.deepEqual(
      p.openEvents.map((m) => [m.name, m.fixed.SystemEventID, m.fixed.SystemEventArg1]),
      [['SYSTEM_EVENT', SystemEventID.PERIPHERAL_ONLINE, 5000]],
    );
  });

  it('grants only the services the lab implements (ServicesGranted ⊆ ServicesRequested)', async () => {
    const p = await peer();
    const conf = await p.open({ ServicesRequested: ServiceMask.ALL_EVENTS | ServiceMask.SUPERVISOR });
    assert.equal(conf.fixed.ServicesGranted, ServiceMask.ALL_EVENTS);
  });

  it('a workstation OPEN_REQ → OPEN_CONF with its agent state and identity', async () => {
    const p = await peer();
    const conf = await p.open(
      { PeripheralID: 5000, ServicesRequested: ServiceMask.CLIENT_EVENTS | ServiceMask.CLIENT_CONTROL },
      [cid('desk-1'), pw(''), { name: 'AgentExtension', value: '3001' }],
    );
    assert.equal(conf.name, 'OPEN_CONF');
    assert.equal(conf.fixed.ServicesGranted, ServiceMask.CLIENT_EVENTS | ServiceMask.CLIENT_CONTROL);
    assert.equal(conf.fixed.AgentState, AgentState.NOT_READY);
    assert.equal(floatingString(conf, 'AgentID'), '5001');
    p.send(ctiMessage('HEARTBEAT_REQ', { InvokeID: 2 }));
    assert.equal((await p.next()).name, 'HEARTBEAT_CONF', 'no SYSTEM_EVENT for a Client Events session');
  });

  const refusals: [string, () => ReturnType<typeof openRequest>, number][] = [
    [
      'unsupported version 18 → E_CTI_INVALID_VERSION',
      () => openRequest(18),
      CtiStatus.E_CTI_INVALID_VERSION,
    ],
    ['IdleTimeout 19 s (< 4 x 5 s) → E_CTI_INVALID_TIMEOUT', () => openRequest(20, { IdleTimeout: 19 }), 18],
    ['IdleTimeout 0 → E_CTI_INVALID_TIMEOUT', () => openRequest(20, { IdleTimeout: 0 }), 18],
    ['ServicesRequested 0 → E_CTI_INVALID_SERVICE_MASK', () => openRequest(20, { ServicesRequested: 0 }), 19],
    [
      'CLIENT_EVENTS + ALL_EVENTS → E_CTI_INVALID_SERVICE_MASK',
      () => openRequest(20, { ServicesRequested: ServiceMask.CLIENT_EVENTS | ServiceMask.ALL_EVENTS }),
      19,
    ],
    [
      'an undefined service bit → E_CTI_INVALID_SERVICE_MASK',
      () => openRequest(20, { ServicesRequested: 0x10 | 0x200 }),
      19,
    ],
    [
      'Client Events with a NULL PeripheralID → E_CTI_INVALID_PERIPHERAL_ID',
      () =>
        openRequest(20, { ServicesRequested: ServiceMask.CLIENT_EVENTS }, [
          cid('d'),
          pw(''),
          { name: 'AgentID', value: '5001' },
        ]),
      CtiStatus.E_CTI_INVALID_PERIPHERAL_ID,
    ],
    [
      'Client Events with no agent identity → E_CTI_REQUIRED_DATA_MISSING',
      () =>
        openRequest(20, { ServicesRequested: ServiceMask.CLIENT_EVENTS, PeripheralID: 5000 }, [
          cid('d'),
          pw(''),
        ]),
      CtiStatus.E_CTI_REQUIRED_DATA_MISSING,
    ],
    [
      'Client Events for an unknown agent → E_CTI_INVALID_AGENT_DATA (the peripheral says)',
      () =>
        openRequest(20, { ServicesRequested: ServiceMask.CLIENT_EVENTS, PeripheralID: 5000 }, [
          cid('d'),
          pw(''),
          { name: 'AgentID', value: '9999' },
        ]),
      CtiStatus.E_CTI_INVALID_AGENT_DATA,
    ],
    [
      'a bridge naming another PeripheralID → E_CTI_INVALID_PERIPHERAL_ID',
      () => openRequest(20, { PeripheralID: 4000 }),
      CtiStatus.E_CTI_INVALID_PERIPHERAL_ID,
    ],
    [
      'a configured bridge with a wrong password → E_CTI_INVALID_PASSWORD',
      () => openRequest(20, {}, [cid('bridge'), pw('guess')]),
      CtiStatus.E_CTI_INVALID_PASSWORD,
    ],
  ];
  for (const [title, req, status] of refusals) {
    it(`refuses OPEN_REQ: ${title} (${status})`, async () => {
      const p = await peer();
      p.send(req(), 20);
      const m = await p.next();
      assert.equal(m.name, 'FAILURE_CONF');
      assert.equal(m.fixed.InvokeID, 1);
      assert.equal(m.fixed.Status, status);
      assert.equal(side.openSessionCount, 0);
      // The session stays not open: a heartbeat is still refused.
      p.send(ctiMessage('HEARTBEAT_REQ', { InvokeID: 2 }));
      assert.deepEqual((await p.next()).fixed, { InvokeID: 2, Status: CtiStatus.E_CTI_SESSION_NOT_OPEN });
    });
  }

  // The encoder refuses a message without its required fields, so these are built by hand (v20:
  // tag and length are USHORTs).
  const openWithout = (present: 'ClientID' | 'ClientPassword') => {
    const fixed = Buffer.alloc(44);
    for (const [i, v] of [1, 20, 0xffffffff, 0xffffffff, ServiceMask.ALL_EVENTS].entries())
      fixed.writeUInt32BE(v, i * 4);
    const flt = present === 'ClientID' ? Buffer.from([0, 1, 0, 2, 0x78, 0]) : Buffer.from([0, 2, 0, 0]);
    const hdr = Buffer.alloc(8);
    hdr.writeUInt32BE(fixed.length + flt.length, 0);
    hdr.writeUInt32BE(3, 4);
    return Buffer.concat([hdr, fixed, flt]);
  };
  for (const present of ['ClientID', 'ClientPassword'] as const) {
    it(`refuses OPEN_REQ with only ${present} (ClientID and ClientPassword are required, table 4-2) → E_CTI_REQUIRED_DATA_MISSING`, async () => {
      const p = await peer();
      p.write(openWithout(present));
      assert.deepEqual((await p.next()).fixed, {
        InvokeID: 1,
        Status: CtiStatus.E_CTI_REQUIRED_DATA_MISSING,
      });
      assert.equal(side.openSessionCount, 0);
    });
  }

  it('an unconfigured ClientID is accepted with an empty password', async () => {
    const p = await peer();
    assert.equal((await p.open({}, [cid('anyone'), pw('')])).name, 'OPEN_CONF');
  });

  it('a second OPEN_REQ on an open session → E_CTI_SESSION_ALREADY_OPEN', async () => {
    const p = await peer();
    await p.open({}, [cid('bridge'), pw('secret')]);
    p.send(openRequest(20, { InvokeID: 7 }, [cid('bridge'), pw('secret')]));
    assert.deepEqual((await p.next()).fixed, { InvokeID: 7, Status: CtiStatus.E_CTI_SESSION_ALREADY_OPEN });
    assert.equal(side.openSessionCount, 1);
  });

  it('before OPEN: a request → FAILURE_CONF E_CTI_SESSION_NOT_OPEN with its InvokeID; an event → FAILURE_EVENT', async () => {
    const p = await peer();
    p.send(ctiMessage('HEARTBEAT_REQ', { InvokeID: 41 }));
    assert.deepEqual(await p.next(), {
      type: 1,
      name: 'FAILURE_CONF',
      fixed: { InvokeID: 41, Status: CtiStatus.E_CTI_SESSION_NOT_OPEN },
      floating: [],
    });
    p.send(ctiMessage('ANSWER_CALL_REQ', { InvokeID: 42, PeripheralID: 5000 }, [CONN('3001')]));
    assert.deepEqual((await p.next()).fixed, { InvokeID: 42, Status: 4 });
    p.send(ctiMessage('FAILURE_EVENT', { Status: 0 }));
    const ev = await p.next();
    assert.equal(ev.name, 'FAILURE_EVENT');
    assert.equal(ev.fixed.Status, CtiStatus.E_CTI_SESSION_NOT_OPEN);
    assert.equal(peripheral.requests.length, 0);
  });

  it('HEARTBEAT_REQ → HEARTBEAT_CONF at once, same InvokeID', async () => {
    const p = await peer();
    await p.open();
    p.send(ctiMessage('HEARTBEAT_REQ', { InvokeID: 0x02030405 }));
    const m = await p.next();
    assert.equal(m.name, 'HEARTBEAT_CONF');
    assert.equal(m.fixed.InvokeID, 0x02030405);
  });

  it('CLOSE_REQ → CLOSE_CONF, then the server ends the connection', async () => {
    const p = await peer();
    await p.open();
    p.send(ctiMessage('CLOSE_REQ', { InvokeID: 9, Status: 0 }));
    const m = await p.next();
    assert.equal(m.name, 'CLOSE_CONF');
    assert.equal(m.fixed.InvokeID, 9);
    await p.waitClosed();
    assert.equal(p.reset, false);
    await waitUntil(() => side.sessionCount === 0, 2000, 'session gone');
  });

  it('idle timeout: no message for IdleTimeout seconds → the server resets the connection (chapter 4 "Session Maintenance")', async () => {
    const p = await peer();
    await p.open({ IdleTimeout: 20 });
    clock.advance(15_000);
    p.send(ctiMessage('HEARTBEAT_REQ', { InvokeID: 2 }));
    await p.next();
    clock.advance(19_000); // 19 s after the heartbeat: still open
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(p.closed, false);
    clock.advance(1_000);
    await p.waitClosed();
    assert.equal(p.reset, true, 'a TCP reset, not a CLOSE');
    await waitUntil(() => side.sessionCount === 0, 2000, 'session gone');
  });

  it('IdleTimeout 0xFFFFFFFF: no idle supervision', async () => {
    const p = await peer();
    await p.open();
    assert.equal(clock.pending, 0);
    clock.advance(3_600_000);
    p.send(ctiMessage('HEARTBEAT_REQ', { InvokeID: 2 }));
    assert.equal((await p.next()).name, 'HEARTBEAT_CONF');
  });

  it('a connection that never opens is reset after 30 s (lab choice)', async () => {
    const p = await peer();
    await waitUntil(() => side.sessionCount === 1, 2000, 'accepted');
    clock.advance(29_999);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(p.closed, false);
    clock.advance(1);
    await p.waitClosed();
  });

  it('a framing error closes only that connection at once, no reply; a witness session carries on', async () => {
    const witness = await peer();
    await witness.open();
    const bad = await peer();
    await bad.open();
    const frame = Buffer.alloc(8);
    frame.writeUInt32BE(9000, 0); // > 8192 - 8: impossible
    frame.writeUInt32BE(5, 4);
    bad.write(frame);
    await bad.waitClosed();
    assert.equal(bad.received.length, 0);
    witness.send(ctiMessage('HEARTBEAT_REQ', { InvokeID: 3 }));
    assert.equal((await witness.next()).name, 'HEARTBEAT_CONF');
    await waitUntil(() => side.sessionCount === 1, 2000, 'bad session gone');
  });

  it('a message that does not decode → FAILURE_CONF with the decoder Status and its InvokeID; the session stays open', async () => {
    const p = await peer();
    await p.open();
    // HEARTBEAT_REQ carrying tag 1 (ClientID): a known tag this message type does not carry.
    const body = Buffer.from([0, 0, 0, 77, 0, 1, 0, 2, 0x41, 0]);
    const hdr = Buffer.alloc(8);
    hdr.writeUInt32BE(body.length, 0);
    hdr.writeUInt32BE(5, 4);
    p.write(Buffer.concat([hdr, body]));
    assert.deepEqual((await p.next()).fixed, {
      InvokeID: 77,
      Status: CtiStatus.E_CTI_INVALID_TAG_FOR_MSG_TYPE,
    });
    // An unknown message type → E_CTI_INVALID_MESSAGE_TYPE with the first UINT as InvokeID.
    const unk = Buffer.alloc(12);
    unk.writeUInt32BE(4, 0);
    unk.writeUInt32BE(9999, 4);
    unk.writeUInt32BE(78, 8);
    p.write(unk);
    assert.deepEqual((await p.next()).fixed, { InvokeID: 78, Status: CtiStatus.E_CTI_INVALID_MESSAGE_TYPE });
    p.send(ctiMessage('HEARTBEAT_REQ', { InvokeID: 79 }));
    assert.equal((await p.next()).name, 'HEARTBEAT_CONF');
  });

  it('the negotiated version selects the codec: a v19 session gets 1-byte floating tags', async () => {
    const p = await peer(19);
    const conf = await p.open({ ServicesRequested: ServiceMask.CLIENT_EVENTS, PeripheralID: 5000 }, [
      cid('d'),
      pw(''),
      { name: 'AgentID', value: '5002' },
    ]);
    assert.equal(conf.name, 'OPEN_CONF');
    assert.equal(floatingString(conf, 'AgentID'), '5002');
    assert.equal(conf.fixed.DepartmentID, undefined, 'v19 OPEN_CONF has no DepartmentID');
    // The same bytes would not decode as v20 — check the raw encoding length differs.
    assert.notEqual(
      encodeMessage(conf, 19).length,
      encodeMessage({ ...conf, fixed: { ...conf.fixed, DepartmentID: 0 } }, 20).length,
    );
  });

  it('a request after OPEN goes to the peripheral with the session identity; its CONF comes back', async () => {
    const p = await peer();
    await p.open(CONTROL);
    p.send(
      ctiMessage('ANSWER_CALL_REQ', { InvokeID: 5, PeripheralID: 5000, ConnectionCallID: 12 }, [
        CONN('3001'),
      ]),
    );
    const m = await p.next();
    assert.equal(m.name, 'ANSWER_CALL_CONF');
    assert.equal(m.fixed.InvokeID, 5);
    assert.equal(peripheral.requests[0]?.context.clientID, 'lab-bridge');
  });

  it('a request the peripheral type does not implement → FAILURE_CONF E_CTI_FUNCTION_NOT_AVAILABLE', async () => {
    const p = await peer();
    await p.open();
    p.send(ctiMessage('HOLD_CALL_REQ', { InvokeID: 6, PeripheralID: 5000 }, [CONN('3001')]));
    assert.deepEqual((await p.next()).fixed, { InvokeID: 6, Status: CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE });
    assert.equal(peripheral.requests.length, 0);
  });

  it('a request for another PeripheralID → FAILURE_CONF E_CTI_INVALID_PERIPHERAL_ID', async () => {
    const p = await peer();
    await p.open(CONTROL);
    p.send(ctiMessage('ANSWER_CALL_REQ', { InvokeID: 6, PeripheralID: 4000 }, [CONN('3001')]));
    assert.deepEqual((await p.next()).fixed, { InvokeID: 6, Status: CtiStatus.E_CTI_INVALID_PERIPHERAL_ID });
  });

  it("a workstation controlling another agent's device → FAILURE_CONF E_CTI_INVALID_AGENT_DATA; its own device is forwarded", async () => {
    const p = await peer();
    await p.open(
      { ServicesRequested: ServiceMask.CLIENT_EVENTS | ServiceMask.CLIENT_CONTROL, PeripheralID: 5000 },
      [cid('desk'), pw(''), { name: 'AgentID', value: '5001' }],
    );
    p.send(
      ctiMessage('ANSWER_CALL_REQ', { InvokeID: 8, PeripheralID: 5000 }, [
        CONN('3002'),
        { name: 'AgentInstrument', value: '3002' },
      ]),
    );
    assert.deepEqual((await p.next()).fixed, { InvokeID: 8, Status: CtiStatus.E_CTI_INVALID_AGENT_DATA });
    p.send(
      ctiMessage('ANSWER_CALL_REQ', { InvokeID: 9, PeripheralID: 5000 }, [
        CONN('3001'),
        { name: 'AgentInstrument', value: '3001' },
      ]),
    );
    assert.equal((await p.next()).name, 'ANSWER_CALL_CONF');
    assert.equal(peripheral.requests.length, 1);
    assert.equal(peripheral.requests[0]?.context.agent?.agentID, '5001');
  });

  it('a bridge may control any agent device', async () => {
    const p = await peer();
    await p.open(CONTROL);
    p.send(
      ctiMessage('ANSWER_CALL_REQ', { InvokeID: 8, PeripheralID: 5000 }, [
        CONN('3002'),
        { name: 'AgentInstrument', value: '3002' },
      ]),
    );
    assert.equal((await p.next()).name, 'ANSWER_CALL_CONF');
  });

  it('a server-to-client message sent by a client → E_CTI_INVALID_MESSAGE_TYPE (lab choice)', async () => {
    const p = await peer();
    await p.open();
    p.send(ctiMessage('HEARTBEAT_CONF', { InvokeID: 10 }));
    assert.deepEqual((await p.next()).fixed, { InvokeID: 10, Status: CtiStatus.E_CTI_INVALID_MESSAGE_TYPE });
  });
});
