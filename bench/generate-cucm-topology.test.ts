import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterPhones, cucmClustersOf } from '../simulators/topology/cucm-topology.ts';
import { parseTopology } from '../simulators/topology/load-topology.ts';
import { BenchOptionError } from './bench-option-error.ts';
import { generateCucmTopology, nodeShares } from './generate-cucm-topology.ts';

describe('nodeShares', () => {
  it('splits the phones into contiguous blocks, the first nodes one more, each node backed by the next', () => {
    assert.deepEqual(nodeShares(3, 10), [
      { node: 'cm-1', first: 0, count: 4, cmGroup: ['cm-1', 'cm-2'] },
      { node: 'cm-2', first: 4, count: 3, cmGroup: ['cm-2', 'cm-3'] },
      { node: 'cm-3', first: 7, count: 3, cmGroup: ['cm-3', 'cm-1'] },
    ]);
    assert.deepEqual(nodeShares(1, 5), [{ node: 'cm-1', first: 0, count: 5, cmGroup: ['cm-1'] }]);
  });

  it('refuses node and phone counts a cluster cannot have', () => {
    assert.throws(() => nodeShares(0, 10), BenchOptionError);
    assert.throws(() => nodeShares(9, 10), /nodes: 9 is not an integer in 1..8/);
    assert.throws(() => nodeShares(3, 2), /phones: 2 is not an integer in 3..100000/);
    assert.throws(() => nodeShares(3, 100_001), BenchOptionError);
  });
});

describe('generateCucmTopology', () => {
  it('is a topology the lab loads: N phones on their CM groups, MACs and DNs counting up', () => {
    const text = generateCucmTopology({ nodes: 3, phones: 10, macBase: '00BF0000FFFE' });
    const [cluster] = cucmClustersOf(parseTopology('bench.yaml', text));
    assert.ok(cluster);
    assert.deepEqual(
      cluster.servers.map((s) => [s.name, s.role, s.services]),
      [
        ['cm-1', 'publisher', ['callmanager']],
        ['cm-2', 'subscriber', ['callmanager']],
        ['cm-3', 'subscriber', ['callmanager']],
      ],
    );
    const phones = clusterPhones(cluster.cluster);
    assert.equal(phones.length, 10);
    assert.deepEqual(phones[0], {
      name: 'SEP00BF0000FFFE',
      mac: '00BF0000FFFE',
      model: '7961',
      cmGroup: ['cm-1', 'cm-2'],
    });
    // Phone 5 (index 4) is the first of cm-2's block, its MAC carried over 16 bits.
    assert.deepEqual(phones[4], {
      name: 'SEP00BF00010002',
      mac: '00BF00010002',
      model: '7961',
      cmGroup: ['cm-2', 'cm-3'],
    });
    assert.deepEqual(phones[9]!.cmGroup, ['cm-3', 'cm-1']);
    assert.deepEqual(
      cluster.cluster.phones.map((p) => p.lines[0]!.dn),
      Array.from({ length: 10 }, (_, i) => String(100_001 + i)),
    );
  });

  it('refuses a MAC range past 48 bits', () => {
    assert.throws(
      () => generateCucmTopology({ nodes: 1, phones: 2, macBase: 'FFFFFFFFFFFF' }),
      /FFFFFFFFFFFF \+ 1 overflows 48 bits/,
    );
  });
});
