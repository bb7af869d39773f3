import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadTopology, parseTopology } from './load-topology.ts';
import { TopologyError } from './topology-error.ts';

// The topology file (issue 9 item 1): every error names the file, the path inside it and the line.

const labs = (name: string) => fileURLToPath(new URL(`../../labs/${name}`, import.meta.url));
const FILE = labs('test.yaml');

function refusal(text: string): TopologyError {
  try {
    parseTopology(FILE, text);
  } catch (err) {
    if (err instanceof TopologyError) return err;
    throw err;
  }
  assert.fail('the topology was accepted');
}

const CME = `name: t
nodes:
  - kind: cme
    name: primary
    config: cme-moc.cfg
`;

test('the shipped labs load: cme-moc, cme-pair, cme-100', async () => {
  const moc = await loadTopology(labs('cme-moc.yaml'));
  assert.deepEqual(
    moc.topology.nodes.map((n) => [n.kind, n.name]),
    [['cme', 'cme']],
  );
  assert.deepEqual(moc.topology.phones[0]?.register, ['cme']);
  assert.equal(moc.configPath('cme'), labs('cme-moc.cfg'));
  const pair = await loadTopology(labs('cme-pair.yaml'));
  assert.deepEqual(
    pair.topology.nodes.map((n) => n.name),
    ['primary', 'secondary'],
  );
  assert.deepEqual(pair.topology.phones[0]?.register, ['primary', 'secondary']);
  const hundred = await loadTopology(labs('cme-100.yaml'));
  const population = hundred.topology.phones[0]?.phones;
  assert.ok(population !== undefined && 'count' in population);
  assert.equal(population.count, 100);
});

test('an unknown node kind names the kinds this build has, the path and the line', () => {
  const err = refusal(`${CME}  - kind: pbx\n    name: other\n    config: x.cfg\n`);
  assert.equal(err.path, 'nodes[1].kind');
  assert.equal(err.line, 6);
  assert.match(
    err.message,
    /test\.yaml:6 \(nodes\[1\]\.kind\): unknown kind \(this build has: cme, cucm, cti-gateway, acd\)/,
  );
});

test('a missing config file is named with its line', () => {
  const err = refusal(CME.replace('cme-moc.cfg', 'nope.cfg'));
  assert.deepEqual([err.path, err.line, err.problem], ['nodes[0].config', 5, 'no such file: nope.cfg']);
});

test('duplicate names and duplicate ports are refused', () => {
  const twice = refusal(`${CME}  - kind: cme\n    name: primary\n    config: cme-moc.cfg\n`);
  assert.deepEqual([twice.path, twice.line], ['nodes[1].name', 7]);
  assert.match(twice.problem, /the name 'primary' is already used by nodes\[0\]\.name/);
  const ports = refusal(
    `name: t\nnodes:\n  - {kind: cme, name: a, config: cme-moc.cfg, ports: {sccp: 2000}}\n` +
      `  - {kind: cme, name: b, config: cme-moc.cfg, ports: {sip: 2000}}\n`,
  );
  assert.deepEqual([ports.path, ports.line], ['nodes[1].ports.sip', 4]);
  assert.match(ports.problem, /port 2000 is already used by a sccp/);
});

test('a call-manager list naming a node that does not exist is refused', () => {
  const err = refusal(
    `${CME}phones:\n  - name: p\n    phones: {ephonesOf: primary}\n    register: [primary, ghost]\n`,
  );
  assert.deepEqual([err.path, err.line, err.problem], ['phones[0].register[1]', 9, "no node named 'ghost'"]);
  const from = refusal(
    `${CME}phones:\n  - name: p\n    phones: {ephonesOf: ghost}\n    register: [primary]\n`,
  );
  assert.equal(from.path, 'phones[0].phones.ephonesOf');
});

test('schema errors: a wrong type, an unknown key, a bad MAC, bad YAML', () => {
  const port = refusal(
    `name: t\nnodes:\n  - {kind: cme, name: a, config: cme-moc.cfg, ports: {sccp: "x"}}\n`,
  );
  assert.equal(port.path, 'nodes[0].ports.sccp');
  assert.equal(port.line, 3);
  const key = refusal(`${CME}    colour: red\n`);
  assert.equal(key.problem, 'unknown key: colour');
  assert.equal(key.path, 'nodes[0]');
  const mac = refusal(
    `${CME}phones:\n  - name: p\n    phones: {count: 2, macBase: "XYZ"}\n    register: [primary]\n`,
  );
  assert.equal(mac.path, 'phones[0].phones.macBase');
  assert.equal(mac.line, 8);
  assert.equal(mac.problem, 'macBase is 12 hex digits');
  const yaml = refusal('name: [unclosed\n');
  assert.match(yaml.problem, /^not YAML/);
  assert.equal(yaml.path, '');
  const dupKey = refusal('name: a\nname: b\nnodes: []\n');
  assert.match(dupKey.problem, /not YAML/);
  assert.equal(dupKey.line, 2);
});

test('a file that cannot be read is named', async () => {
  await assert.rejects(loadTopology(labs('missing.yaml')), (err: unknown) => {
    assert.ok(err instanceof TopologyError);
    assert.match(err.message, /missing\.yaml: cannot read: ENOENT/);
    return true;
  });
});
