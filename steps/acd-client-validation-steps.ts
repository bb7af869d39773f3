// Steps of features/client-validation/acd-clients.feature: `ctilab validate-client` runs of the CTI
// Server profiles (acd-bridge, acd-agent) against the shipped fixture client, reference or faulty
// (conformance/client-validation/cti-fixture-run.ts: the run of validate-client itself, the pcap
// read back, the grades). Step texts begin with "CTI Server" to stay apart from the TR/87 ones.
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { ACD_CLIENT_FAULTS, acdProfiles } from '../conformance/client-validation/acd-profiles.ts';
import { type FixtureRun, runCtiFixture } from '../conformance/client-validation/cti-fixture-run.ts';
import type { LabWorld } from './world.ts';

const runs = new WeakMap<LabWorld, { profile: string; run: FixtureRun }>();

function lastRun(world: LabWorld) {
  const r = runs.get(world);
  assert.ok(r, 'a CTI Server validation ran in this scenario');
  return r;
}

function explain(run: FixtureRun): string {
  return `${run.grades.map((g) => `${g.rule} ${g.verdict}: ${g.reason}`).join('\n')}\n${run.problems.join('\n')}`;
}

async function validate(world: LabWorld, name: string, fault?: string): Promise<void> {
  const profile = acdProfiles.find((p) => p.name === name);
  assert.ok(profile, `"${name}" is a CTI Server profile (${acdProfiles.map((p) => p.name).join(', ')})`);
  const run = await runCtiFixture(profile, fault);
  runs.set(world, { profile: name, run });
  world.attach(JSON.stringify({ stimuli: run.stimuli, grades: run.grades }, null, 2), {
    mediaType: 'application/json',
    fileName: `validation-${name}${fault ? `-${fault}` : ''}.json`,
  });
}

When(
  'CTI Server profile {string} validates the reference fixture client',
  { timeout: 60_000 },
  async function (this: LabWorld, profile: string) {
    await validate(this, profile);
  },
);

When(
  'CTI Server profile {string} validates the fixture client with fault {string}',
  { timeout: 60_000 },
  async function (this: LabWorld, profile: string, fault: string) {
    assert.ok(
      ACD_CLIENT_FAULTS.some((f) => f.profile === profile && f.fault === fault),
      `fault ${fault} is in the fault table of ${profile}`,
    );
    await validate(this, profile, fault);
  },
);

Then('CTI Server validation grades every rule of the profile pass', function (this: LabWorld) {
  const { profile, run } = lastRun(this);
  const rules = acdProfiles.find((p) => p.name === profile)!.rules;
  assert.deepEqual(
    run.grades.map((g) => [g.rule, g.verdict]),
    rules.map((r) => [r, 'pass']),
    explain(run),
  );
});

Then('CTI Server validation fails exactly the rules {string}', function (this: LabWorld, list: string) {
  const { run } = lastRun(this);
  const want = list.split(/[ ,]+/).filter(Boolean).sort();
  const got = run.grades
    .filter((g) => g.verdict === 'fail')
    .map((g) => g.rule)
    .sort();
  assert.deepEqual(got, want, explain(run));
});

Then('CTI Server validation fails them as the fault table says', function (this: LabWorld) {
  const { profile, run } = lastRun(this);
  assert.deepEqual(run.problems, [], 'the run itself went through');
  for (const g of run.grades.filter((x) => x.verdict !== 'fail'))
    assert.ok(g.verdict === 'pass' || g.verdict === 'inconc', `${profile} ${g.rule} is ${g.verdict}`);
});
