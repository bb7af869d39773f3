import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { RawSipPeer, rawRequest } from '../testing/raw-sip-peer.ts';
import { collectUncaught } from '../testing/uncaught-errors.ts';
import type { SipDialog } from './sip-dialog.ts';
import { SipEndpoint } from './sip-endpoint.ts';

const CSTA = 'application/csta+xml';
let server: SipEndpoint;
let client: SipEndpoint;
let survivor: SipDialog;
/** The dialog the mutated in-dialog INFOs aim at (their CSeq may legitimately break it). */
let target: SipDialog;
const uncaught = collectUncaught();

before(async () => {
  server = await SipEndpoint.start({ name: 'fuzzed', maxMessageBytes: 4096 });
  client = await SipEndpoint.start({ name: 'client' });
  server.onInvite(
    (inv) => {
      const d = inv.accept({ body: '<SystemStatus/>', contentType: CSTA });
      d.onInfo((r) => r.respond(200, { body: `<ok>${r.request.body.length}</ok>`, contentType: CSTA }));
    },
    { user: '201', accept: [CSTA] },
  );
  survivor = await client.invite(`sip:201@127.0.0.1:${server.address.port}`, {
    from: 'sip:app@lab',
    transport: 'tcp',
  });
  target = await client.invite(`sip:201@127.0.0.1:${server.address.port}`, {
    from: 'sip:app@lab',
    transport: 'udp',
  });
});

after(async () => {
  await client.close();
  await server.close();
});

const seeds = (): string[] => {
  const uri = `sip:201@127.0.0.1:${server.address.port}`;
  return [
    rawRequest('INVITE', uri, {}, '<RequestSystemStatus/>'),
    rawRequest(
      'INFO',
      uri,
      {
        To: `<${uri}>;tag=${target.remoteTag}`,
        From: `<sip:app@lab>;tag=${target.localTag}`,
        'Call-ID': target.callId,
      },
      '<Grüße/>',
    ),
    rawRequest('OPTIONS', uri),
    rawRequest('BYE', uri, { To: `<${uri}>;tag=zz` }),
    'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKq\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n',
  ];
};

/** A byte-level mutation of a valid message. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 40 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('length' as const), value: fc.oneof(fc.nat(), fc.string({ maxLength: 6 })) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, muts: Mutation[]): Buffer {
  let b = Buffer.from(text, 'utf8');
  for (const m of muts) {
    const at = 'at' in m ? m.at % (b.length + 1) : 0;
    if (m.kind === 'flip' && b.length > 0) b[at % b.length] = m.byte;
    else if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
    else if (m.kind === 'insert')
      b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
    else if (m.kind === 'truncate') b = b.subarray(0, at);
    else if (m.kind === 'length')
      b = Buffer.from(
        b.toString('latin1').replace(/Content-Length: [^\r]*/, `Content-Length: ${m.value}`),
        'latin1',
      );
  }
  return b;
}

const payload = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([i, muts]) => {
    const s = seeds();
    return mutate(s[i % s.length] ?? '', muts);
  }),
);

test('arbitrary bytes and mutated messages on UDP and TCP never crash the endpoint', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(payload, { minLength: 1, maxLength: 4 }), async (chunks) => {
      const udp = await RawSipPeer.udpTo(server.address);
      const tcp = await RawSipPeer.tcpTo(server.address);
      for (const c of chunks) {
        udp.send(c);
        tcp.send(c);
      }
      await new Promise((r) => setTimeout(r, 5));
      udp.close();
      tcp.close();
      assert.deepEqual(uncaught, []);
    }),
    { numRuns: 150 },
  );
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(uncaught, []);

  // A valid client still gets answers on both transports, and the earlier dialog carries on.
  const uri = `sip:201@127.0.0.1:${server.address.port}`;
  for (const transport of ['udp', 'tcp'] as const) {
    const r = await client.options(uri, transport);
    assert.equal(r.status, 200);
    const d = await client.invite(uri, { from: 'sip:app@lab', transport });
    assert.equal((await d.sendInfo('<after/>', { contentType: CSTA })).status, 200);
    assert.equal((await d.bye()).status, 200);
  }
  assert.equal(survivor.state, 'confirmed');
  const info = await survivor.sendInfo('<still-here/>', { contentType: CSTA });
  assert.equal(info.status, 200);
  assert.equal(info.body, '<ok>13</ok>');
});
