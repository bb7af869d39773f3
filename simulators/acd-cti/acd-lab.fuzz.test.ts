/**
 * Fuzz of the CTI Server port of a LIVE ACD lab (issue 11 "Tests", "Bad input"): the shipped lab
 * (labs/acd-duplex.yaml) with its ACD, call model and duplexed CTI Server on real TCP, not the
 * in-memory peripheral. Each run opens a fresh connection to the active side, maybe opens a
 * session on it (a CTI Bridge or agent 5002's workstation), then sends one class of bad input in
 * random chunks, and checks the answer the protocol gives that class (Cisco "CTI Server Message
 * Reference Guide (Protocol Version 15)", chapter 4 "Session Management" and chapter 6 "Failure
 * Indication Message Status Codes"; the table in simulators/cti-server/server/README.md):
 *
 * | class | answer |
 * | --- | --- |
 * | random bytes | only FAILURE_CONF / FAILURE_EVENT, or the connection closed |
 * | a frame cut short (no whole message) | nothing: the server waits for the rest |
 * | MessageLength beyond 8192 bytes (before or after OPEN) | the connection closed, no reply |
 * | any request but OPEN_REQ before OPEN | FAILURE_CONF E_CTI_SESSION_NOT_OPEN (4), its InvokeID |
 * | OPEN_REQ of the configured bridge with a wrong ClientPassword | E_CTI_INVALID_PASSWORD (36) |
 * | OPEN_REQ with a version not 19 / 20 | E_CTI_INVALID_VERSION (1) |
 * | a message type the protocol does not define / the lab does not implement | E_CTI_INVALID_MESSAGE_TYPE (2) / E_CTI_FUNCTION_NOT_AVAILABLE (12) |
 * | a server-to-client message (event, CONF) sent by the client | E_CTI_INVALID_MESSAGE_TYPE (2) |
 * | a fixed part cut short by its MessageLength | E_CTI_BAD_MESSAGE_FORMAT (24) |
 * | a bad floating field: unknown tag, tag of another message type, too long, running past the end | E_CTI_INVALID_FIELD_TAG (3), E_CTI_INVALID_TAG_FOR_MSG_TYPE (25), E_CTI_INVALID_FIELD_LENGTH (22), E_CTI_BAD_MESSAGE_FORMAT (24) |
 * | a workstation's request naming another agent or device | E_CTI_INVALID_AGENT_DATA (8) ("CTI Planning", "Agent Workstation Application") |
 *
 * A witness carries on through every run: a CTI Bridge (CtiServerClient, ALL_EVENTS) opened
 * before the fuzz while agent 5001 is TALKING on a customer call that came through the ACD. After
 * each run its heartbeat is answered, its events still arrive (a SYSTEM_EVENT pair for a central
 * controller fault and recovery, "CTI Planning", "CTI Server Messages"), the call and the agent's
 * state are untouched, and the side holds the witness's session and connection only, with no
 * timer left behind on the lab's clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { CtiServerClient } from '../cti-server/client/cti-server-client.ts';
import type { CtiServerSide } from '../cti-server/server/cti-server-side.ts';
import {
  AgentStateMask,
  CallMsgMask,
  type CtiMessage,
  CtiStatus,
  ctiMessage,
  encodeMessage,
  FLOATING_TAGS,
  FLOATING_TAGS_BY_NAME,
  floatingHeaderWidth,
  isProtocolMessageType,
  MESSAGES,
  MESSAGES_BY_ID,
  ServiceMask,
  SUPPORTED_VERSIONS,
  SystemEventID,
} from '../cti-server/wire.ts';
import { ManualClock } from '../lab/manual-clock.ts';
import { acdLabNodes } from '../testing/acd-lab-topology.ts';
import { ctiMessageArbitrary } from '../testing/cti-wire-arbitraries.ts';
import { CtiRawPeer, openRequest, waitUntil } from '../testing/raw-cti-peer.ts';
import { AcdLab } from './acd-lab.ts';

/** What a run's input must get. */
type Expect =
  | { readonly kind: 'failure'; readonly status: number; readonly invokeID: number | undefined }
  | { readonly kind: 'closed' }
  | { readonly kind: 'silence' }
  | { readonly kind: 'failures-only' };

/** A session the run opens before its bad input. */
type Setup = 'none' | 'bridge' | 'workstation';

interface Case {
  readonly name: string;
  readonly setup: Setup;
  readonly version: number;
  readonly bytes: Buffer;
  readonly expect: Expect;
}

const REQUESTS_BUT_OPEN = MESSAGES.filter((m) => m.name.endsWith('_REQ') && m.name !== 'OPEN_REQ');
const SERVER_MESSAGES = MESSAGES.filter((m) => !m.name.endsWith('_REQ'));
const version = fc.constantFrom(...SUPPORTED_VERSIONS);
const invokeID = fc.integer({ min: 0, max: 0xffff_ffff });

function header(length: number, type: number): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(length, 0);
  h.writeUInt32BE(type, 4);
  return h;
}

function frame(type: number, body: Buffer): Buffer {
  return Buffer.concat([header(body.length, type), body]);
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0, 0);
  return b;
}

/** One floating field: tag, length (UCHAR each in version 19, USHORT from 20), value. */
function floating(v: number, tag: number, value: Buffer, length = value.length): Buffer {
  const w = floatingHeaderWidth(v);
  const h = Buffer.alloc(2 * w);
  if (w === 2) {
    h.writeUInt16BE(tag, 0);
    h.writeUInt16BE(length, 2);
  } else {
    h.writeUInt8(tag, 0);
    h.writeUInt8(length, 1);
  }
  return Buffer.concat([h, value]);
}

/** Encodes an arbitrary catalogued message; a message the arbitrary made unencodable is skipped. */
function tryEncode(m: CtiMessage, v: number): Buffer | undefined {
  try {
    return encodeMessage(m, v);
  } catch {
    return undefined;
  }
}

const firstIsInvokeID = (type: number) => MESSAGES_BY_ID.get(type)?.fixed[0]?.name === 'InvokeID';

/** QUERY_AGENT_STATE_REQ's fixed part (InvokeID, PeripheralID, MRDID, ICMAgentID). */
function queryFixed(id: number): Buffer {
  return Buffer.concat([u32(id), u32(5000), u32(0), u32(0)]);
}
const QUERY = MESSAGES.find((m) => m.name === 'QUERY_AGENT_STATE_REQ')!.id;

const randomBytes: fc.Arbitrary<Case> = fc
  .tuple(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.constantFrom<Setup>('none', 'bridge'), version)
  .map(([b, setup, v]) => ({
    name: 'random bytes',
    setup,
    version: v,
    bytes: Buffer.from(b),
    expect: { kind: 'failures-only' },
  }));

const cutShort: fc.Arbitrary<Case> = fc
  .tuple(version, fc.constantFrom<Setup>('none', 'bridge'), fc.nat())
  .chain(([v, setup, n]) =>
    fc
      .constantFrom(...MESSAGES)
      .chain((def) => ctiMessageArbitrary(def, v))
      .map((m) => tryEncode(m, v) ?? encodeMessage(ctiMessage('HEARTBEAT_REQ', { InvokeID: 1 }), v))
      .map(
        (b): Case => ({
          name: 'frame cut short',
          setup,
          version: v,
          bytes: b.subarray(0, n % b.length),
          expect: { kind: 'silence' },
        }),
      ),
  )
  .filter((c) => c.bytes.length > 0);

const impossibleLength: fc.Arbitrary<Case> = fc
  .tuple(
    fc.integer({ min: 8192 - 8 + 1, max: 0xffff_ffff }),
    fc.integer({ min: 0, max: 300 }),
    fc.uint8Array({ maxLength: 16 }),
    fc.constantFrom<Setup>('none', 'bridge', 'workstation'),
    version,
  )
  .map(([len, type, rest, setup, v]) => ({
    name: 'impossible MessageLength',
    setup,
    version: v,
    bytes: Buffer.concat([header(len, type), rest]),
    expect: { kind: 'closed' },
  }));

const requestBeforeOpen: fc.Arbitrary<Case> = version.chain((v) =>
  fc
    .constantFrom(...REQUESTS_BUT_OPEN)
    .chain((def) => ctiMessageArbitrary(def, v))
    .map((m) => ({ m, b: tryEncode(m, v) }))
    .filter((x) => x.b !== undefined)
    .map(
      ({ m, b }): Case => ({
        name: `${m.name} before OPEN`,
        setup: 'none',
        version: v,
        bytes: b!,
        expect: {
          kind: 'failure',
          status: CtiStatus.E_CTI_SESSION_NOT_OPEN,
          invokeID: firstIsInvokeID(m.type) ? (m.fixed.InvokeID as number) : undefined,
        },
      }),
    ),
);

const wrongPassword: fc.Arbitrary<Case> = fc
  .tuple(version, invokeID, fc.uint8Array({ minLength: 1, maxLength: 64 }))
  .map(([v, id, pw]) => ({
    name: 'bridge OPEN_REQ with a wrong ClientPassword',
    setup: 'none',
    version: v,
    bytes: encodeMessage(
      openRequest(v, { InvokeID: id }, [
        { name: 'ClientID', value: 'bridge' },
        { name: 'ClientPassword', value: pw },
      ]),
      v,
    ),
    expect: { kind: 'failure', status: CtiStatus.E_CTI_INVALID_PASSWORD, invokeID: id },
  }));

const badVersion: fc.Arbitrary<Case> = fc
  .tuple(
    invokeID,
    fc.integer({ min: 0, max: 0xffff_ffff }).filter((x) => x !== 19 && x !== 20),
  )
  .map(([id, v]) => {
    const open = encodeMessage(openRequest(20, { InvokeID: id }), 20);
    open.writeUInt32BE(v, 8 + 4); // VersionNumber follows InvokeID
    return {
      name: `OPEN_REQ for version ${v}`,
      setup: 'none' as const,
      version: 20,
      bytes: open,
      expect: { kind: 'failure', status: CtiStatus.E_CTI_INVALID_VERSION, invokeID: id } as const,
    };
  });

const unknownType: fc.Arbitrary<Case> = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 301, max: 0xffff_ffff })),
    invokeID,
    fc.uint8Array({ maxLength: 32 }),
    fc.constantFrom<Setup>('bridge', 'workstation'),
    version,
  )
  .filter(([type]) => !MESSAGES_BY_ID.has(type))
  .map(([type, id, rest, setup, v]) => ({
    name: `message type ${type}`,
    setup,
    version: v,
    bytes: frame(type, Buffer.concat([u32(id), Buffer.from(rest)])),
    expect: {
      kind: 'failure',
      status: isProtocolMessageType(type)
        ? CtiStatus.E_CTI_FUNCTION_NOT_AVAILABLE
        : CtiStatus.E_CTI_INVALID_MESSAGE_TYPE,
      invokeID: id,
    },
  }));

const serverMessage: fc.Arbitrary<Case> = version.chain((v) =>
  fc
    .constantFrom(...SERVER_MESSAGES)
    .chain((def) => ctiMessageArbitrary(def, v))
    .map((m) => ({ m, b: tryEncode(m, v) }))
    .filter((x) => x.b !== undefined)
    .map(
      ({ m, b }): Case => ({
        name: `${m.name} from a client`,
        setup: 'bridge',
        version: v,
        bytes: b!,
        expect: {
          kind: 'failure',
          status: CtiStatus.E_CTI_INVALID_MESSAGE_TYPE,
          invokeID: firstIsInvokeID(m.type) ? (m.fixed.InvokeID as number) : undefined,
        },
      }),
    ),
);

/** QUERY_AGENT_STATE_REQ whose MessageLength stops inside the fixed part (16 bytes). */
const fixedPartCut: fc.Arbitrary<Case> = fc
  .tuple(invokeID, fc.integer({ min: 0, max: 15 }), version)
  .map(([id, n, v]) => ({
    name: `QUERY_AGENT_STATE_REQ with ${n} of 16 fixed bytes`,
    setup: 'bridge',
    version: v,
    bytes: frame(QUERY, queryFixed(id).subarray(0, n)),
    expect: {
      kind: 'failure',
      status: CtiStatus.E_CTI_BAD_MESSAGE_FORMAT,
      invokeID: n >= 4 ? id : undefined,
    },
  }));

/** Tags the protocol does not define, in a version's tag width; a field's largest length there. */
const unknownTags = (v: number) => fc.integer({ min: 0, max: maxOf(v) }).filter((t) => !FLOATING_TAGS.has(t));
const maxOf = (v: number) => (floatingHeaderWidth(v) === 2 ? 0xffff : 0xff);
/** Known tags QUERY_AGENT_STATE_REQ does not carry. */
const queryTags = new Set(MESSAGES_BY_ID.get(QUERY)!.floating.map((r) => r.tag.tag));
const foreignTags = [...FLOATING_TAGS.values()].filter((t) => !queryTags.has(t.tag));
const AGENT_ID_TAG = FLOATING_TAGS_BY_NAME.get('AgentID')!;
const INSTRUMENT_TAG = FLOATING_TAGS_BY_NAME.get('AgentInstrument')!;

/** QUERY_AGENT_STATE_REQ with one bad floating field, after a good one (or none). */
const badFloating: fc.Arbitrary<Case> = fc
  .tuple(invokeID, version, fc.boolean(), fc.constantFrom<Setup>('bridge', 'workstation'))
  .chain(([id, v, lead, setup]) => {
    // The workstation's own instrument: a good leading field that passes decoding.
    const good = lead ? floating(v, INSTRUMENT_TAG.tag, Buffer.from('3002\0', 'latin1')) : Buffer.alloc(0);
    const make = (name: string, bad: Buffer, status: number): Case => ({
      name: `QUERY_AGENT_STATE_REQ with ${name}`,
      setup,
      version: v,
      bytes: frame(QUERY, Buffer.concat([queryFixed(id), good, bad])),
      expect: { kind: 'failure', status, invokeID: id },
    });
    return fc.oneof(
      fc
        .tuple(unknownTags(v), fc.uint8Array({ maxLength: 8 }))
        .map(([t, val]) =>
          make(`unknown tag ${t}`, floating(v, t, Buffer.from(val)), CtiStatus.E_CTI_INVALID_FIELD_TAG),
        ),
      fc
        .constantFrom(...foreignTags)
        .map((t) =>
          make(
            `tag ${t.name}`,
            floating(v, t.tag, Buffer.alloc(Math.min(t.maxSize, 4))),
            t.since > v ? CtiStatus.E_CTI_INVALID_TAG_FOR_VERSION : CtiStatus.E_CTI_INVALID_TAG_FOR_MSG_TYPE,
          ),
        ),
      fc
        .integer({ min: AGENT_ID_TAG.maxSize + 1, max: 255 })
        .map((len) =>
          make(
            `an AgentID of ${len} bytes`,
            floating(v, AGENT_ID_TAG.tag, Buffer.concat([Buffer.alloc(len - 1, 0x35), Buffer.from([0])])),
            CtiStatus.E_CTI_INVALID_FIELD_LENGTH,
          ),
        ),
      fc
        .tuple(fc.integer({ min: 1, max: maxOf(v) }), fc.nat())
        .map(([len, have]) =>
          make(
            `a field of ${len} bytes running past the end`,
            floating(v, AGENT_ID_TAG.tag, Buffer.alloc(have % Math.min(len, 256), 0x35), len),
            CtiStatus.E_CTI_BAD_MESSAGE_FORMAT,
          ),
        ),
      fc
        .integer({ min: 1, max: 2 * floatingHeaderWidth(v) - 1 })
        .map((n) =>
          make(`${n} bytes of a floating header`, Buffer.alloc(n, 0x01), CtiStatus.E_CTI_BAD_MESSAGE_FORMAT),
        ),
    );
  });

/** Devices and agents other than the workstation's (agent 5002 on 3002). */
const foreignDevice = fc
  .oneof(fc.constantFrom('3001', '3009', '8000'), fc.stringMatching(/^[0-9]{1,8}$/))
  .filter((d) => d !== '3002');
const foreignAgent = fc
  .oneof(fc.constantFrom('5001'), fc.stringMatching(/^[0-9]{1,11}$/))
  .filter((a) => a !== '5002');
const CALL_CONTROL = ['ANSWER_CALL_REQ', 'CLEAR_CALL_REQ', 'CLEAR_CONNECTION_REQ', 'HOLD_CALL_REQ'];

const foreignRequest: fc.Arbitrary<Case> = fc.tuple(invokeID, version).chain(([id, v]) => {
  const make = (m: CtiMessage): Case => ({
    name: `workstation 5002: ${m.name} on ${JSON.stringify(m.floating.map((f) => f.value))}`,
    setup: 'workstation',
    version: v,
    bytes: encodeMessage(m, v),
    expect: { kind: 'failure', status: CtiStatus.E_CTI_INVALID_AGENT_DATA, invokeID: id },
  });
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...CALL_CONTROL), foreignDevice)
      .map(([name, d]) =>
        make(
          ctiMessage(name, { InvokeID: id, PeripheralID: 5000, ConnectionCallID: 1 }, [
            { name: 'ConnectionDeviceID', value: d },
          ]),
        ),
      ),
    foreignAgent.map((a) =>
      make(
        ctiMessage('QUERY_AGENT_STATE_REQ', { InvokeID: id, PeripheralID: 5000 }, [
          { name: 'AgentID', value: a },
        ]),
      ),
    ),
    fc
      .tuple(foreignDevice, fc.integer({ min: 0, max: 10 }))
      .map(([d, state]) =>
        make(
          ctiMessage('SET_AGENT_STATE_REQ', { InvokeID: id, PeripheralID: 5000, AgentState: state }, [
            { name: 'AgentInstrument', value: d },
          ]),
        ),
      ),
  );
});

const cases: fc.Arbitrary<Case> = fc.oneof(
  randomBytes,
  cutShort,
  impossibleLength,
  requestBeforeOpen,
  wrongPassword,
  badVersion,
  unknownType,
  serverMessage,
  fixedPartCut,
  badFloating,
  foreignRequest,
);

/** The case's bytes cut into chunks at random points. */
const chunked = fc.tuple(cases, fc.array(fc.nat(), { maxLength: 4 })).map(([c, cuts]) => {
  const points = [...new Set(cuts.map((p) => p % c.bytes.length))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(c.bytes.subarray(from, p));
    from = p;
  }
  chunks.push(c.bytes.subarray(from));
  return { c, chunks: chunks.filter((x) => x.length > 0) };
});

const FAILURES = new Set(['FAILURE_CONF', 'FAILURE_EVENT']);
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live ACD lab CTI Server port fuzz (labs/acd-duplex.yaml)', { timeout: 120_000 }, () => {
  const clock = new ManualClock();
  let lab: AcdLab;
  let side: CtiServerSide;
  let witness: CtiServerClient;
  let baselineTimers = 0;

  before(async () => {
    const nodes = await acdLabNodes('acd-duplex.yaml');
    lab = new AcdLab({ nodes, sidePorts: { acd: { A: 0, B: 0 } }, clock });
    await lab.start();
    side = lab.pair('acd').sides.A;
    witness = await CtiServerClient.connect({
      sides: [side.endpoint],
      clock,
      clientID: 'bridge',
      password: '',
      services: ServiceMask.ALL_EVENTS | ServiceMask.CLIENT_CONTROL,
      callMsgMask: Object.values(CallMsgMask).reduce((a, b) => a | b, 0),
      agentStateMask: Object.values(AgentStateMask).reduce((a, b) => a | b, 0),
    });
    await witness.nextEvent((m) => m.name === 'SYSTEM_EVENT');
    // A call in progress through the ACD: customer 3009 dials 8000 (Sales), agent 5001 (ready,
    // longest available) is offered it on 3001 and answers.
    const model = lab.calls.model;
    for (const dn of ['3001', '3002', '3009']) assert.equal(model.setInService(dn, true).ok, true);
    const acd = lab.system.peripheral(5000);
    assert.equal(acd.login('5001', '5001-pw', '3001').ok, true);
    assert.equal(acd.setAgentState('5001', 'AVAILABLE').ok, true);
    assert.equal(acd.login('5002', '5002-pw', '3002').ok, true);
    assert.equal(model.makeCall('3009', '8000').ok, true);
    const offered = model.snapshotDevice('3001')[0];
    assert.equal(offered?.localConnectionState, 'alerting', 'the call is offered to 3001');
    assert.equal(model.answer(offered!.connection).ok, true);
    assert.equal(acd.agent('5001').state, 'TALKING');
    baselineTimers = clock.pending;
  });
  after(async () => {
    witness.destroy();
    await lab.close();
  });

  // Both may control and update call data (guide table 4-1): without CLIENT_CONTROL /
  // CALL_DATA_UPDATE every request would get E_CTI_FUNCTION_NOT_AVAILABLE (request-services.ts).
  const CONTROL = ServiceMask.CLIENT_CONTROL | ServiceMask.CALL_DATA_UPDATE;

  async function openFor(peer: CtiRawPeer, setup: Setup): Promise<void> {
    if (setup === 'none') return;
    const answer =
      setup === 'bridge'
        ? await peer.open({ ServicesRequested: ServiceMask.ALL_EVENTS | CONTROL })
        : await peer.open({ ServicesRequested: ServiceMask.CLIENT_EVENTS | CONTROL, PeripheralID: 5000 }, [
            { name: 'ClientID', value: 'ws-5002' },
            { name: 'ClientPassword', value: new Uint8Array() },
            { name: 'AgentID', value: '5002' },
            { name: 'AgentExtension', value: '3002' },
          ]);
    assert.equal(answer.name, 'OPEN_CONF', `${setup} session opened`);
    // What follows OPEN_CONF (the peripheral's eventsOnOpen, e.g. a BEGIN_CALL_EVENT per call in
    // progress) arrives before the answer to a heartbeat sent now: take it all off the queue.
    peer.send(ctiMessage('HEARTBEAT_REQ', { InvokeID: 0xfffffff0 }));
    await waitUntil(() => peer.received.some((m) => m.name === 'HEARTBEAT_CONF'), 2000, 'HEARTBEAT_CONF');
    peer.received.length = 0;
  }

  async function check(peer: CtiRawPeer, expect: Expect): Promise<void> {
    switch (expect.kind) {
      case 'failure': {
        const m = await peer.next();
        const got = JSON.stringify({ name: m.name, fixed: m.fixed });
        assert.equal(m.name, expect.invokeID === undefined ? 'FAILURE_EVENT' : 'FAILURE_CONF', got);
        assert.equal(m.fixed.Status, expect.status, got);
        if (expect.invokeID !== undefined) assert.equal(m.fixed.InvokeID, expect.invokeID, got);
        await settle(5);
        assert.deepEqual(
          peer.received.map((r) => r.name),
          [],
          'one answer only',
        );
        assert.equal(peer.closed, false, 'a decodable bad message keeps the connection');
        return;
      }
      case 'closed':
        await peer.waitClosed();
        assert.deepEqual(
          peer.received.map((r) => r.name),
          [],
          'a framing error is answered by closing, not by a message',
        );
        return;
      case 'silence':
        await settle(30);
        assert.deepEqual(
          peer.received.map((r) => r.name),
          [],
          'an incomplete message gets no answer',
        );
        assert.equal(peer.closed, false);
        return;
      case 'failures-only':
        await settle(30);
        for (const m of peer.received) assert.ok(FAILURES.has(m.name), `${m.name} answered random bytes`);
        return;
    }
  }

  /** The witness carries on: heartbeat, events, the call and the agent, nothing leaked. */
  async function witnessCarriesOn(): Promise<void> {
    await waitUntil(
      () => side.sessionCount === 1 && side.connectionCount === 1,
      3000,
      'the fuzz connection to end',
    );
    assert.equal(side.openSessionCount, 1);
    const hb = await witness.heartbeat();
    assert.equal(hb.name, 'HEARTBEAT_CONF');
    const cti = lab.cti('acd');
    cti.setCentralController(false);
    cti.setCentralController(true);
    const off = await witness.nextEvent((m) => m.name === 'SYSTEM_EVENT');
    const on = await witness.nextEvent((m) => m.name === 'SYSTEM_EVENT');
    assert.deepEqual(
      [off.fixed.SystemEventID, on.fixed.SystemEventID],
      [SystemEventID.CENTRAL_CONTROLLER_OFFLINE, SystemEventID.CENTRAL_CONTROLLER_ONLINE],
    );
    assert.equal(witness.isOpen, true);
    assert.equal(witness.sessionsOpened, 1);
    assert.equal(lab.system.peripheral(5000).agent('5001').state, 'TALKING');
    assert.equal(lab.system.peripheral(5000).agent('5002').state, 'NOT_READY');
    assert.equal(lab.calls.model.snapshotDevice('3001')[0]?.localConnectionState, 'connected');
    assert.equal(clock.pending, baselineTimers, 'no supervision timer left behind');
  }

  it('each input class gets its answer; the witness bridge carries on; nothing leaks (150 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(chunked, async ({ c, chunks }) => {
        const peer = await CtiRawPeer.connect(side.endpoint.port, c.version);
        try {
          await openFor(peer, c.setup);
          for (const chunk of chunks) peer.write(chunk);
          await check(peer, c.expect);
        } finally {
          peer.end();
        }
        await witnessCarriesOn();
      }),
      { numRuns: 150 },
    );
  });
});
