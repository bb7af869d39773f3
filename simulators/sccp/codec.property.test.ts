import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { messageArbitraries } from '../testing/sccp-message-arbitraries.ts';
import { decodeBody, encodeMessage, HEADER_VERSIONS, MessageId, normalizeMessage } from './codec.ts';
import type { SccpMessage, SccpMessageType } from './messages.ts';

// Property (a): for every message type and every accepted header version, decoding the encoded
// body gives the message back, with the fields that version does not carry at their defaults.
describe('SCCP codec round trip (every message type x every header version)', () => {
  const types = Object.keys(MessageId) as SccpMessageType[];
  for (const type of types) {
    it(type, () => {
      const arb = fc
        .constantFrom(...HEADER_VERSIONS)
        .chain((v) => (messageArbitraries(v)[type] as fc.Arbitrary<SccpMessage>).map((m) => ({ v, m })));
      fc.assert(
        fc.property(arb, ({ v, m }) => {
          const frame = encodeMessage(m, v);
          assert.equal(frame.readUInt32LE(0), frame.length - 8, 'length field = 4 + body');
          assert.equal(frame.readUInt32LE(4), v);
          assert.equal(frame.readUInt32LE(8), MessageId[type]);
          const decoded = decodeBody(MessageId[type], frame.subarray(12), v);
          assert.deepEqual(decoded, normalizeMessage(m, v));
        }),
        { numRuns: 60 },
      );
    });
  }
});
