/**
 * Fuzz of a live CTI Server port (issue 11 "Tests"; "Bad input"): random bytes, truncated frames,
 * impossible lengths, bad floating tags and lengths, requests before OPEN, sent in random chunks
 * on a fresh connection per run, while a witness session on the same side must keep getting its
 * HEARTBEAT_CONF. After each run the fuzz connection is gone: no session, socket or timer left.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ManualClock } from '../../lab/manual-clock.ts';
import { ctiMessageArbitrary } from '../../testing/cti-wire-arbitraries.ts';
import { InMemoryCtiPeripheral } from '../../testing/in-memory-cti-peripheral.ts';
import { CtiRawPeer, openRequest, waitUntil } from '../../testing/raw-cti-peer.ts';
import { ctiMessage, encodeMessage, MESSAGES, SUPPORTED_VERSIONS } from '../wire.ts';
import { CtiServerSide } from './cti-server-side.ts';

const REQUESTS = MESSAGES.filter((m) => m.name.endsWith('_REQ'));

/** A valid encoded message of any catalogued type, in either version. */
const validFrame = fc
  .tuple(fc.constantFrom(...MESSAGES), fc.constantFrom(...SUPPORTED_VERSIONS))
  .chain(([def, v]) => ctiMessageArbitrary(def, v).map((m) => [m, v] as const))
  .map(([m, v]) => {
    try {
      return encodeMessage(m, v);
    } catch {
      return Buffer.alloc(0);
    }
  });

const requestBeforeOpen = fc
  .tuple(fc.constantFrom(...REQUESTS), fc.constantFrom(...SUPPORTED_VERSIONS))
  .chain(([def, v]) => ctiMessageArbitrary(def, v).map((m) => [m, v] as const))
  .map(([m, v]) => {
    try {
      return encodeMessage(m, v);
    } catch {
      return Buffer.alloc(0);
    }
  });

const truncated = fc
  .tuple(validFrame, fc.nat())
  .map(([b, n]) => b.subarray(0, b.length === 0 ? 0 : n % b.length));

const impossibleLength = fc
  .tuple(
    fc.integer({ min: 8192 - 8 + 1, max: 0xffff_ffff }),
    fc.integer({ min: 0, max: 300 }),
    fc.uint8Array({ maxLength: 16 }),
  )
  .map(([len, type, rest]) => {
    const h = Buffer.alloc(8);
    h.writeUInt32BE(len, 0);
    h.writeUInt32BE(type, 4);
    return Buffer.concat([h, rest]);
  });

/** An OPEN_REQ (opens the session) followed by a valid message whose floating part is corrupted. */
const badFloating = fc
  .tuple(fc.constantFrom(...SUPPORTED_VERSIONS), fc.nat(), fc.integer({ min: 0, max: 255 }))
  .map(([v, pos, byte]) => {
    const open = encodeMessage(openRequest(v), v);
    const req = encodeMessage(
      ctiMessage('ANSWER_CALL_REQ', { InvokeID: 9, PeripheralID: 5000 }, [
        { name: 'ConnectionDeviceID', value: '3001' },
      ]),
      v,
    );
    const fixedEnd = 8 + 4 * 3 + 2; // MHDR + InvokeID, PeripheralID, ConnectionCallID + ConnectionDeviceIDType
    const at = fixedEnd + (pos % (req.length - fixedEnd));
    const bad = Buffer.from(req);
    bad[at] = byte;
    return Buffer.concat([open, bad]);
  });

const piece = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  truncated,
  impossibleLength,
  badFloating,
  requestBeforeOpen,
  validFrame,
);

/** Pieces concatenated, then cut into chunks at random points. */
const input = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 5 }))
  .map(([pieces, cuts]) => {
    const all = Buffer.concat(pieces);
    const points = [...new Set(cuts.map((c) => (all.length === 0 ? 0 : c % all.length)))].sort(
      (a, b) => a - b,
    );
    const chunks: Buffer[] = [];
    let from = 0;
    for (const p of points) {
      chunks.push(all.subarray(from, p));
      from = p;
    }
    chunks.push(all.subarray(from));
    return chunks.filter((c) => c.length > 0);
  });

describe('CTI Server port fuzz', { timeout: 120_000 }, () => {
  const clock = new ManualClock();
  const side = new CtiServerSide({ port: 0, clock, peripheral: new InMemoryCtiPeripheral() });
  let witness: CtiRawPeer;
  let port = 0;
  let invoke = 100;

  before(async () => {
    port = (await side.start()).port;
    witness = await CtiRawPeer.connect(port);
    assert.equal((await witness.open()).name, 'OPEN_CONF');
  });
  after(async () => {
    witness.end();
    await side.stop();
  });

  it('every other client carries on; nothing leaks (60 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(input, async (chunks) => {
        const sock = connect({ host: '127.0.0.1', port });
        sock.on('error', () => {});
        sock.on('data', () => {});
        await new Promise<void>((r) => sock.once('connect', () => r()));
        for (const c of chunks) sock.write(c);
        sock.end();
        await new Promise<void>((r) => sock.once('close', () => r()));
        await waitUntil(
          () => side.sessionCount === 1 && side.connectionCount === 1,
          3000,
          'the fuzz connection to end',
        );
        const id = invoke++;
        witness.send(ctiMessage('HEARTBEAT_REQ', { InvokeID: id }));
        const m = await witness.next();
        assert.equal(m.name, 'HEARTBEAT_CONF');
        assert.equal(m.fixed.InvokeID, id);
        assert.equal(side.openSessionCount, 1);
        assert.equal(clock.pending, 0, 'no supervision timer left (the witness has none)');
      }),
      { numRuns: 60 },
    );
    assert.equal(witness.closed, false);
  });
});
