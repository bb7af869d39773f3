import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AcdSpec } from '../acd/acd-spec.ts';
import { acdNodesOf } from './acd-topology.ts';
import { loadTopology, parseTopology } from './load-topology.ts';
import { AcdNotRunnableError, cmeTopologyOf, runnableTopologyOf } from './runnable-topology.ts';
import { TopologyError } from './topology-error.ts';

// The ACD kind of the lab topology (issue 11 item 1) and the shipped lab labs/acd-duplex.yaml
// (item 7), whose names other tools rely on.

const labs = (name: string) => fileURLToPath(new URL(`../../labs/${name}`, import.meta.url));
const FILE = labs('test.yaml');

const ACD = `name: t
nodes:
  - kind: acd
    name: acd
    peripheral:
      id: 5000
      agents:
        - { id: '5001', password: pw, extension: '3001' }
      skillGroups:
        - { number: 1, id: 101, name: Sales, members: ['5001'] }
      dialedNumbers:
        - { number: '8000', skillGroup: Sales }
    phones:
      - { name: SEP0000000AC001, dn: '3001' }
`;

function refusal(text: string): TopologyError {
  try {
    parseTopology(FILE, text);
  } catch (err) {
    if (err instanceof TopologyError) return err;
    throw err;
  }
  assert.fail('the topology was accepted');
}

test('labs/acd-duplex.yaml has exactly the names of issue 11 item 7', async () => {
  const loaded = await loadTopology(labs('acd-duplex.yaml'));
  const [acd] = acdNodesOf(loaded);
  assert.ok(acd);
  // The topology's values are what the simulator is built from (acd/acd-spec.ts), unchanged.
  const spec: AcdSpec = acd;
  assert.equal(spec.peripheral.id, 5000);
  assert.equal(spec.peripheral.type, 'ENTERPRISE_AGENT');
  assert.deepEqual(
    spec.peripheral.agents.map((a) => [a.id, a.password, a.extension]),
    [
      ['5001', '5001-pw', '3001'],
      ['5002', '5002-pw', '3002'],
    ],
  );
  assert.deepEqual(spec.peripheral.skillGroups, [
    { number: 1, id: 101, name: 'Sales', members: ['5001', '5002'] },
  ]);
  assert.deepEqual(spec.peripheral.dialedNumbers, [{ number: '8000', skillGroup: 'Sales' }]);
  assert.deepEqual(
    spec.phones.map((p) => [p.name, p.dn]),
    [
      ['SEP0000000AC001', '3001'],
      ['SEP0000000AC002', '3002'],
      ['SEP0000000AC009', '3009'],
    ],
  );
  assert.deepEqual(spec.sides, {
    a: { host: '127.0.0.1', port: 42027 },
    b: { host: '127.0.0.1', port: 43027 },
  });
  assert.deepEqual(spec.clients, {
    bridges: [{ clientId: 'bridge', password: '' }],
    workstationsAnyId: true,
  });
  assert.deepEqual(loaded.topology.phones, [{ name: 'acd-phones', phones: { devicesOf: 'acd' } }]);
});

test('defaults: sides A 42027 and B 43027, Enterprise Agent, optional wrap-up, workstations with any id', () => {
  const [acd] = acdNodesOf(parseTopology(FILE, ACD));
  assert.ok(acd);
  assert.deepEqual(acd.sides, {
    a: { host: '127.0.0.1', port: 42027 },
    b: { host: '127.0.0.1', port: 43027 },
  });
  assert.equal(acd.peripheral.type, 'ENTERPRISE_AGENT');
  assert.equal(acd.peripheral.agentRules.wrapUp, 'optional');
  assert.equal(acd.clients.workstationsAnyId, true);
  assert.deepEqual(acd.clients.bridges, []);
});

test('the runtimes run the ACD nodes as one unit with their devicesOf phones; lab export refuses them by name', async () => {
  const loaded = await loadTopology(labs('acd-duplex.yaml'));
  const runnable = runnableTopologyOf(loaded);
  assert.deepEqual(
    runnable.acd?.nodes.map((n) => n.name),
    ['acd'],
  );
  assert.deepEqual(runnable.acd?.phoneGroups, [{ name: 'acd-phones', node: 'acd' }]);
  assert.deepEqual(runnable.phones, []);
  assert.deepEqual(runnable.clusters, []);
  assert.throws(
    () => cmeTopologyOf(loaded),
    (err: unknown) =>
      err instanceof AcdNotRunnableError &&
      /node 'acd' is of kind acd: lab export does not render ACD nodes in this build \(run the ACD lab with lab up/.test(
        err.message,
      ),
  );
});

test('an agent whose extension is no phone of the node is refused at its line', () => {
  const err = refusal(ACD.replace("extension: '3001'", "extension: '3099'"));
  assert.equal(err.path, 'nodes[0].peripheral.agents[0].extension');
  assert.equal(err.line, 8);
  assert.match(err.message, /no phone of this node has DN 3099/);
});

test('a skill group member that is no agent, a dialed number to a missing skill group', () => {
  assert.match(
    refusal(ACD.replace("members: ['5001']", "members: ['5001', '5009']")).message,
    /members\[1\]\): no agent 5009/,
  );
  assert.match(
    refusal(ACD.replace('skillGroup: Sales }', 'skillGroup: Support }')).message,
    /dialedNumbers\[0\]\.skillGroup\): no skill group named 'Support'/,
  );
});

test('agent IDs are 1-11 letters or digits (AgentID STRING[12]); duplicates are refused', () => {
  assert.match(
    refusal(ACD.replace("id: '5001', password", "id: '500150015001', password")).message,
    /agent ID/,
  );
  const twice = ACD.replace(
    "        - { id: '5001', password: pw, extension: '3001' }\n",
    "        - { id: '5001', password: pw, extension: '3001' }\n        - { id: '5001', password: pw, extension: '3001' }\n",
  );
  assert.match(refusal(twice).message, /agent 5001 appears twice/);
});

test('sides A and B on one endpoint are refused; so is an unknown peripheral type', () => {
  const same = `${ACD}    sides:\n      a: { port: 42027 }\n      b: { port: 42027 }\n`;
  assert.match(refusal(same).message, /port 42027 is already used by acd sides\.a\.port/);
  assert.match(refusal(ACD.replace('id: 5000\n', 'id: 5000\n      type: PBX\n')).path, /peripheral\.type/);
});

test('a translation route must reach a dialed number of an existing peripheral', () => {
  const routed = `${ACD}    translationRoutes:\n      - { number: '8100', peripheralId: 6000, dnis: '9100' }\n`;
  assert.match(refusal(routed).message, /no acd node has peripheral 6000/);
  const second = `${routed}  - kind: acd
    name: support
    peripheral:
      id: 6000
      agents: [{ id: '6001', password: pw, extension: '4001' }]
      skillGroups: [{ number: 1, id: 201, name: Support, members: ['6001'] }]
      dialedNumbers: [{ number: '9100', skillGroup: Support }]
    sides: { a: { port: 42028 }, b: { port: 43028 } }
    phones: [{ name: SEP0000000AD001, dn: '4001' }]
`;
  const loaded = parseTopology(FILE, second);
  assert.deepEqual(
    acdNodesOf(loaded).map((n) => [n.peripheral.id, n.translationRoutes.length]),
    [
      [5000, 1],
      [6000, 0],
    ],
  );
  assert.match(
    refusal(second.replace("dnis: '9100'", "dnis: '9199'")).message,
    /peripheral 6000 has no dialed number 9199/,
  );
});
