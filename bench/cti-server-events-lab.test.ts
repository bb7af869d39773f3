import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BenchOptionError } from './bench-option-error.ts';
import { benchAcdSpec } from './cti-server-events-lab.ts';

describe('benchAcdSpec', () => {
  it('500 agents 5001..5500 on 3001..3500 in Sales, customers 6000.., 8000 to Sales, no wrap-up', () => {
    const spec = benchAcdSpec(500, 250);
    const agents = spec.peripheral.agents;
    assert.equal(agents.length, 500);
    assert.deepEqual(agents[0], { id: '5001', password: '5001-pw', extension: '3001' });
    assert.deepEqual(agents[499], { id: '5500', password: '5500-pw', extension: '3500' });
    assert.equal(spec.peripheral.skillGroups[0]?.members.length, 500);
    assert.deepEqual(spec.peripheral.dialedNumbers, [{ number: '8000', skillGroup: 'Sales' }]);
    assert.equal(spec.peripheral.agentRules.wrapUp, 'none');
    assert.equal(spec.phones.length, 750);
    assert.equal(spec.phones[500]?.dn, '6000');
    assert.equal(new Set(spec.phones.map((p) => p.name)).size, 750, 'distinct device names');
    assert.ok(spec.phones.every((p) => /^SEP[0-9A-F]{12}$/.test(p.name)));
  });

  it('refuses counts that would leave the 4-digit plan', () => {
    assert.throws(() => benchAcdSpec(2000, 1), BenchOptionError);
    assert.throws(() => benchAcdSpec(1, 0), BenchOptionError);
  });
});
