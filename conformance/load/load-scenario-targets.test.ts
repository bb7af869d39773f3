import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario, parseScenario, ScenarioError } from './load-scenario.ts';

const file = join(fileURLToPath(new URL('../../labs/load/', import.meta.url)), 'test.yaml');

const ACD = `name: t
topology: ../acd-duplex.yaml
duration: 10
phones: { count: 10 }
calls: { rate: 1, holdTime: 2 }
cti:
  ctiServer:
    bridges: [{ name: b1 }]
    workstations: { count: 4 }
faults:
  - { at: 5, node: acd, fault: kill }
thresholds:
  ctiServerEventsLostMax: 0
`;

const CME = `name: t
topology: cme-pair-load.yaml
duration: 10
phones: { count: 10 }
calls: { rate: 1, holdTime: 2 }
monitored: 0.5
cti:
  tr87:
    - { name: app-a, gateway: primary }
faults:
  - { at: 5, node: primary, fault: kill }
`;

async function refusal(text: string): Promise<ScenarioError> {
  const err = await parseScenario(file, text).then(
    () => assert.fail('the scenario was accepted'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ScenarioError, String(err));
  return err;
}

test('the shipped CME and ACD scenarios load with their targets', async () => {
  const cme = await loadScenario(fileURLToPath(new URL('../../labs/load/cme-load.yaml', import.meta.url)));
  assert.equal(cme.target.kind, 'cme');
  assert.deepEqual(cme.target.kind === 'cme' && cme.target.register, ['primary', 'secondary']);
  assert.equal(cme.target.kind === 'cme' && cme.target.phones[0]?.dn, '4001');
  const acd = await loadScenario(fileURLToPath(new URL('../../labs/load/acd-load.yaml', import.meta.url)));
  assert.deepEqual(acd.target, { kind: 'acd', node: 'acd' });
  assert.equal(acd.scenario.cti.ctiServer?.workstations.count, 10);
});

test('an ACD scenario: unknown node, impossible rate, wrong threshold type, too many workstations', async () => {
  assert.deepEqual((await parseScenario(file, ACD)).target, { kind: 'acd', node: 'acd' });
  const node = await refusal(ACD.replace('node: acd, fault', 'node: acd9, fault'));
  assert.equal(node.message, `${file}:11 (faults[0].node): no node named 'acd9'`);
  const rate = await refusal(ACD.replace('rate: 1, holdTime: 2', 'rate: 4, holdTime: 2'));
  assert.equal(rate.path, 'calls.rate');
  assert.equal(
    rate.problem,
    'impossible: 4 calls/s held 2.1 s keeps 8.4 phone pairs busy, but 10 phones make 5 pairs',
  );
  const type = await refusal(ACD.replace('ctiServerEventsLostMax: 0', 'ctiServerEventsLostMax: 0.5'));
  assert.equal(
    type.message,
    `${file}:13 (thresholds.ctiServerEventsLostMax): Invalid input: expected int, received number`,
  );
  const ws = await refusal(ACD.replace('count: 4', 'count: 11'));
  assert.equal(
    ws.message,
    `${file}:9 (cti.ctiServer.workstations.count): 11 agent workstations but only 10 agents (one per phone)`,
  );
  const pause = await refusal(ACD.replace('fault: kill', 'fault: pause'));
  assert.equal(pause.path, 'faults[0].fault');
  assert.match(pause.problem, /^an ACD node takes kill, stop, restart and restore/);
  const tr87 = await refusal(ACD.replace('cti:\n', 'cti:\n  tr87: [{ name: x, gateway: acd }]\n'));
  assert.equal(
    tr87.problem,
    'an ACD node has no TR/87 (CSTA over SIP) interface: its CTI clients go under cti.ctiServer',
  );
  const phonesNode = await refusal(ACD.replace('count: 10 }', 'count: 10, node: nowhere }'));
  assert.equal(phonesNode.message, `${file}:4 (phones.node): no node named 'nowhere'`);
});

test('a CME scenario: unknown gateway, too many phones, CTI Server clients without an ACD', async () => {
  const ok = await parseScenario(file, CME);
  assert.equal(ok.target.kind, 'cme');
  const gw = await refusal(CME.replace('gateway: primary', 'gateway: tertiary'));
  assert.equal(gw.message, `${file}:9 (cti.tr87[0].gateway): no node named 'tertiary'`);
  const count = await refusal(CME.replace('count: 10', 'count: 61').replace('rate: 1,', 'rate: 0,'));
  assert.equal(
    count.message,
    `${file}:4 (phones.count): the CME phone group 'load-phones' has 60 ephones with a DN: 61 phones cannot run`,
  );
  const cti = await refusal(CME.replace('cti:\n', 'cti:\n  ctiServer: { bridges: [{ name: b }] }\n'));
  assert.equal(cti.path, 'cti.ctiServer');
  const late = await refusal(CME.replace('at: 5', 'at: 12'));
  assert.equal(late.problem, 'at 12 s is not before the end of the run (duration 10 s)');
});
