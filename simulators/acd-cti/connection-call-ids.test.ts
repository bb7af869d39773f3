import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionCallIds } from './connection-call-ids.ts';

describe('ConnectionCallIds', () => {
  it('gives each call-model call one ConnectionCallID, stable, both ways, never 0', () => {
    const ids = new ConnectionCallIds(0);
    assert.equal(ids.wireId('call-7'), 1);
    assert.equal(ids.wireId('call-9'), 2);
    assert.equal(ids.wireId('call-7'), 1);
    assert.equal(ids.modelId(2), 'call-9');
    assert.equal(ids.modelId(3), undefined);
    assert.equal(ids.has('call-9'), true);
    assert.equal(ids.has('call-1'), false);
  });
});
