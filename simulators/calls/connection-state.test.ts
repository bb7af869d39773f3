import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCAL_CONNECTION_STATES as CSTA_LOCAL_CONNECTION_STATES } from '../csta/csta-enums.ts';
import { canTransition, isActiveState, LOCAL_CONNECTION_STATES, sameConnection } from './connection-state.ts';

describe('connection states', () => {
  it('is the one ECMA-323 LocalConnectionState list (csta/csta-enums.ts), null first', () => {
    assert.equal(LOCAL_CONNECTION_STATES, CSTA_LOCAL_CONNECTION_STATES);
    assert.equal(LOCAL_CONNECTION_STATES.join(' '), 'null initiated alerting connected hold queued fail');
  });

  it('allows the basic call transitions and refuses skipping answer', () => {
    assert.ok(canTransition('null', 'initiated'));
    assert.ok(canTransition('initiated', 'connected'));
    assert.ok(canTransition('alerting', 'connected'));
    assert.ok(canTransition('connected', 'hold'));
    assert.ok(canTransition('hold', 'connected'));
    assert.ok(!canTransition('alerting', 'hold'));
    assert.ok(!canTransition('fail', 'connected'));
    assert.ok(!canTransition('initiated', 'alerting'));
  });

  it('allows exactly the transitions of the model (ECMA-269 §6.1.5, restricted to its operations)', () => {
    const allowed: Record<string, string[]> = {
      null: ['initiated', 'alerting', 'connected', 'hold'],
      initiated: ['connected', 'fail', 'null'],
      alerting: ['connected', 'null'],
      connected: ['hold', 'fail', 'null'],
      hold: ['connected', 'null'],
      queued: ['alerting', 'null'],
      fail: ['null'],
    };
    for (const from of LOCAL_CONNECTION_STATES)
      for (const to of LOCAL_CONNECTION_STATES)
        assert.equal(canTransition(from, to), allowed[from]!.includes(to), `${from} -> ${to}`);
  });

  it('names the active states and compares connection ids', () => {
    assert.deepEqual(
      LOCAL_CONNECTION_STATES.filter((s) => isActiveState(s)),
      ['initiated', 'connected', 'fail'],
    );
    assert.ok(sameConnection({ callID: 'C1', deviceID: '201' }, { callID: 'C1', deviceID: '201' }));
    assert.ok(!sameConnection({ callID: 'C1', deviceID: '201' }, { callID: 'C2', deviceID: '201' }));
    assert.ok(!sameConnection({ callID: 'C1', deviceID: '201' }, { callID: 'C1', deviceID: '202' }));
  });
});
