import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario, parseScenario, ScenarioError } from './load-scenario.ts';

// Scenarios "in" labs/load/ so their `topology: cucm-load.yaml` resolves to the shipped lab.
const file = join(fileURLToPath(new URL('../../labs/load/', import.meta.url)), 'test.yaml');

const GOOD = `name: t
topology: cucm-load.yaml
duration: 10
phones: { count: 10 }
calls: { rate: 1, holdTime: 2 }
monitored: 0.5
cti:
  tr87:
    - { name: app-a, gateway: imp-a }
faults:
  - { at: 5, node: cucm-sub1, fault: kill }
thresholds:
  eventsLostMax: 0
`;

async function refusal(text: string): Promise<ScenarioError> {
  const err = await parseScenario(file, text).then(
    () => assert.fail('the scenario was accepted'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ScenarioError, String(err));
  return err;
}

test('a good scenario loads with its defaults, cluster and device pool', async () => {
  const s = await parseScenario(file, GOOD);
  assert.equal(s.cluster, 'cluster1');
  assert.equal(s.devicePool, 'DP1');
  assert.equal(s.scenario.calls.answerDelay, 0.1);
  assert.equal(s.scenario.cti.tr87[0]!.requestRate, 1);
  assert.deepEqual(s.scenario.thresholds, { eventsLostMax: 0 });
});

test('the shipped scenarios load', async () => {
  for (const name of ['smoke.yaml', 'nightly.yaml']) {
    const s = await loadScenario(fileURLToPath(new URL(`../../labs/load/${name}`, import.meta.url)));
    assert.equal(s.cluster, 'cluster1', name);
  }
});

test('an impossible rate is refused with its path and line', async () => {
  const err = await refusal(GOOD.replace('rate: 1, holdTime: 2', 'rate: 10, holdTime: 2'));
  assert.equal(err.path, 'calls.rate');
  assert.equal(err.line, 5);
  assert.equal(
    err.problem,
    'impossible: 10 calls/s held 2.1 s keeps 21 phone pairs busy, but 10 phones make 5 pairs',
  );
});

test('an unknown fault node and a fault past the duration are refused at their line', async () => {
  const unknown = await refusal(GOOD.replace('node: cucm-sub1', 'node: cucm-sub9'));
  assert.equal(unknown.message, `${file}:11 (faults[0].node): no node named 'cucm-sub9'`);
  const late = await refusal(GOOD.replace('at: 5', 'at: 10'));
  assert.equal(
    late.message,
    `${file}:11 (faults[0].at): at 10 s is not before the end of the run (duration 10 s)`,
  );
  const gateway = await refusal(GOOD.replace('node: cucm-sub1', 'node: imp-a'));
  assert.equal(gateway.problem, "'imp-a' is no CUCM server of cluster cluster1");
});

test('a threshold of the wrong type, an unknown key and an unknown gateway are refused', async () => {
  const type = await refusal(GOOD.replace('eventsLostMax: 0', "eventsLostMax: 'none'"));
  assert.equal(type.path, 'thresholds.eventsLostMax');
  assert.equal(type.line, 13);
  assert.equal(type.problem, 'Invalid input: expected number, received string');
  const key = await refusal(GOOD.replace('eventsLostMax: 0', 'eventsLostMin: 0'));
  assert.equal(key.problem, 'unknown key: eventsLostMin');
  const gw = await refusal(GOOD.replace('gateway: imp-a', 'gateway: imp-z'));
  assert.equal(gw.message, `${file}:9 (cti.tr87[0].gateway): no node named 'imp-z'`);
});

test('a missing topology and broken YAML are refused before anything starts', async () => {
  const topo = await refusal(GOOD.replace('cucm-load.yaml', 'nowhere.yaml'));
  assert.equal(topo.path, 'topology');
  assert.match(topo.problem, /^the topology is not usable: .*nowhere\.yaml: cannot read: ENOENT$/);
  const yaml = await refusal('name: [t\n');
  assert.match(yaml.message, /^.*test\.yaml:\d+: not YAML: /);
  const monitored = await refusal(
    GOOD.replace(/cti:\n {2}tr87:\n {4}- \{ name: app-a, gateway: imp-a \}\n/, ''),
  );
  assert.equal(monitored.problem, 'devices are monitored by TR/87 clients: give at least one under cti.tr87');
});
