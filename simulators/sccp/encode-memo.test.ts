import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeMessageOnce, frozenMessage } from './encode-memo.ts';
import { encodeMessage } from './message-codec.ts';
import type { SccpMessage } from './messages.ts';

const caps = (): SccpMessage => ({
  type: 'CapabilitiesRes',
  caps: [{ payloadCapability: 4, maxFramesPerPacket: 40, payloadParams: '0000000000000000' }],
});

describe('encodeMessageOnce', () => {
  it('encodes a frozen message once per header version: the same frame comes back, equal to encodeMessage', () => {
    const m = frozenMessage(caps());
    const v0 = encodeMessageOnce(m, 0);
    assert.equal(encodeMessageOnce(m, 0), v0);
    assert.deepEqual(v0, encodeMessage(caps(), 0));
    const v17 = encodeMessageOnce(m, 17);
    assert.notEqual(v17, v0);
    assert.deepEqual(v17, encodeMessage(caps(), 17));
    assert.equal(encodeMessageOnce(m, 17), v17);
  });

  it('encodes a message that is not frozen every time, so a change to it is sent', () => {
    const m = caps() as Extract<SccpMessage, { type: 'CapabilitiesRes' }>;
    const first = encodeMessageOnce(m, 0);
    assert.notEqual(encodeMessageOnce(m, 0), first);
    m.caps[0]!.maxFramesPerPacket = 20;
    assert.deepEqual(encodeMessageOnce(m, 0), encodeMessage(m, 0));
    assert.notDeepEqual(encodeMessageOnce(m, 0), first);
  });

  it('frozenMessage freezes every level, so the remembered frame cannot go stale', () => {
    const m = frozenMessage(caps()) as Extract<SccpMessage, { type: 'CapabilitiesRes' }>;
    assert.ok(Object.isFrozen(m) && Object.isFrozen(m.caps) && Object.isFrozen(m.caps[0]));
    assert.throws(() => {
      (m.caps[0] as { maxFramesPerPacket: number }).maxFramesPerPacket = 20;
    }, TypeError);
    assert.throws(() => (m.caps as unknown[]).push({}), TypeError);
  });

  it('two equal frozen messages are two entries: the memo is by identity, never by content', () => {
    const a = frozenMessage({ type: 'LineStatReq', lineNumber: 1 } as SccpMessage);
    const b = frozenMessage({ type: 'LineStatReq', lineNumber: 2 } as SccpMessage);
    assert.deepEqual(
      encodeMessageOnce(a, 0),
      encodeMessage({ type: 'LineStatReq', lineNumber: 1 } as SccpMessage, 0),
    );
    assert.deepEqual(
      encodeMessageOnce(b, 0),
      encodeMessage({ type: 'LineStatReq', lineNumber: 2 } as SccpMessage, 0),
    );
  });
});
