import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTopology } from './load-topology.ts';

// A phone's Device Security Mode (Cisco Unified CM Security Guide, "Phone Security Profile
// Settings": Non Secure, Authenticated, Encrypted): `security` in the topology, default
// non-secure; an encrypted pair talks SRTP (CUCM-ACG-012, simulators/cucm/srtp-keys.ts).

const topology = (phone: string) => `name: t
nodes:
  - { kind: cucm, name: pub, cluster: c1, role: publisher, services: [callmanager, ctimanager] }
clusters:
  - name: c1
    cmGroups: { G1: [pub] }
    devicePools: { DP1: { cmGroup: G1 } }
    phones: [{ name: SEP000000000001, model: '7961', devicePool: DP1, lines: [{ dn: '1001' }]${phone} }]
`;

test('security: default non-secure; each of the three modes is kept', () => {
  const mode = (text: string) => parseTopology('t.yaml', text).topology.clusters[0]?.phones[0]?.security;
  assert.equal(mode(topology('')), 'non-secure');
  for (const m of ['non-secure', 'authenticated', 'encrypted'])
    assert.equal(mode(topology(`, security: ${m}`)), m);
});

test('security: another value is refused naming the file, line and path', () => {
  assert.throws(
    () => parseTopology('t.yaml', topology(', security: secure')),
    /t\.yaml:8 \(clusters\[0\]\.phones\[0\]\.security\): Invalid option: expected one of "non-secure"\|"authenticated"\|"encrypted"$/,
  );
});
