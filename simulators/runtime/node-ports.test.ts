import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CucmClusterTopology } from '../topology/cucm-topology.ts';
import type { CmeNode } from '../topology/topology-schema.ts';
import { cucmPorts, nodePorts } from './node-ports.ts';

const node = (ports?: CmeNode['ports']): CmeNode => ({
  kind: 'cme',
  name: 'cme',
  config: 'x.cfg',
  ...(ports ? { ports } : {}),
});

test('on 127.0.0.1 a config SIP port becomes ephemeral; SCCP is ephemeral unless named', () => {
  assert.deepEqual(nodePorts(node(), 5060, 'shared-loopback'), { sccp: 0, sip: 0 });
  assert.deepEqual(nodePorts(node(), undefined, 'shared-loopback'), { sccp: 0 });
});

test('on an address of its own a node keeps the IOS ports: SCCP 2000 and the config SIP port', () => {
  assert.deepEqual(nodePorts(node(), 5070, 'own-address'), { sccp: 2000, sip: 5070 });
  assert.deepEqual(nodePorts(node(), undefined, 'own-address'), { sccp: 2000 });
});

test("the topology's ports win everywhere, and TFTP runs only when named", () => {
  const ports = { sccp: 2100, sip: 5090, tftp: 6969 };
  assert.deepEqual(nodePorts(node(ports), 5060, 'shared-loopback'), ports);
  assert.deepEqual(nodePorts(node(ports), 5060, 'own-address'), ports);
  assert.deepEqual(nodePorts(node({ sip: 0 }), undefined, 'shared-loopback'), { sccp: 0, sip: 0 });
});

test('a CUCM cluster: CallManager servers SCCP 2000 and gateways SIP 5060 on their own address, ephemeral on 127.0.0.1, the topology wins', () => {
  const cluster = {
    cluster: { name: 'c1' },
    servers: [
      {
        kind: 'cucm',
        name: 'pub',
        cluster: 'c1',
        role: 'publisher',
        services: ['callmanager', 'ctimanager'],
      },
      {
        kind: 'cucm',
        name: 'sub',
        cluster: 'c1',
        role: 'subscriber',
        services: ['callmanager'],
        ports: { sccp: 2200 },
      },
      { kind: 'cucm', name: 'cti', cluster: 'c1', role: 'subscriber', services: ['ctimanager'] },
    ],
    gateways: [{ kind: 'cti-gateway', name: 'imp', cluster: 'c1', ctiManagers: ['pub'] }],
  } as unknown as CucmClusterTopology;
  assert.deepEqual(cucmPorts(cluster, 'shared-loopback'), { pub: 0, sub: 2200, imp: 0 });
  assert.deepEqual(cucmPorts(cluster, 'own-address'), { pub: 2000, sub: 2200, imp: 5060 });
});
