/**
 * TR/87 client validation steps (`ctilab validate-client`, profiles cme-moc, cme-session-manager,
 * cucm-rcc): the profile's lab starts on real sockets, the TR/87 fixture client runs in a child
 * process (the reference, or one fault of its table), the run is graded from its pcap, and the
 * steps check each rule's verdict. The run directory (client.pcap, validation.json/html, logs)
 * is kept under reports/test/client-validation/ and named in the scenario's attachments.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Then, When } from '@cucumber/cucumber';
import { expectedVerdicts, TEST_SETTINGS } from '../conformance/client-validation/tr87-profile-check.ts';
import { tr87FixtureCommand, tr87Profiles } from '../conformance/client-validation/tr87-profiles.ts';
import type { ValidationReport } from '../conformance/client-validation/validation-report.ts';
import { runValidation } from '../conformance/client-validation/validation-run.ts';
import type { LabWorld } from './world.ts';

interface Tr87ValidationRun {
  readonly profile: (typeof tr87Profiles)[number];
  readonly fault: string | undefined;
  readonly report: ValidationReport;
}

const runs = new WeakMap<LabWorld, Tr87ValidationRun>();
let count = 0;

function lastRun(world: LabWorld): Tr87ValidationRun {
  const run = runs.get(world);
  assert.ok(run, 'no TR/87 validation ran in this scenario');
  return run;
}

async function validate(world: LabWorld, name: string, fault: string | undefined): Promise<void> {
  const profile = tr87Profiles.find((p) => p.name === name);
  assert.ok(profile, `no TR/87 profile named "${name}"`);
  const dir = join(
    'reports/test/client-validation',
    `${name}-${fault ?? 'reference'}-${process.pid}-${++count}`,
  );
  mkdirSync(dir, { recursive: true });
  const report = await runValidation({
    profile,
    host: '127.0.0.1',
    port: 0,
    settings: TEST_SETTINGS,
    client: tr87FixtureCommand(name, fault),
    fixture: fault === undefined ? {} : { fault },
    dir,
    cwd: process.cwd(),
    say: () => {},
  });
  world.attach(`validation run: ${dir} (client.pcap, validation.html)`, 'text/plain');
  runs.set(world, { profile, fault, report });
}

const summary = (r: ValidationReport) =>
  r.grades
    .map((g) => `${g.rule} ${g.verdict}: ${g.reason}`)
    .concat(r.problems)
    .join('\n');

When(
  'the TR\\/87 profile {string} validates the reference fixture client',
  { timeout: 120_000 },
  async function (this: LabWorld, name: string) {
    await validate(this, name, undefined);
  },
);

When(
  'the TR\\/87 profile {string} validates the fixture client with fault {string}',
  { timeout: 120_000 },
  async function (this: LabWorld, name: string, fault: string) {
    await validate(this, name, fault);
  },
);

Then('the TR\\/87 validation grades every rule of the profile pass', function (this: LabWorld) {
  const { profile, report } = lastRun(this);
  assert.deepEqual(
    report.grades.filter((g) => g.verdict !== 'pass').map((g) => g.rule),
    [],
    summary(report),
  );
  assert.deepEqual(
    report.grades.map((g) => g.rule),
    [...profile.rules],
  );
  for (const g of report.grades)
    assert.ok(
      g.evidence.some((e) => (e.frame ?? 0) > 0),
      `${g.rule}: no frame as evidence`,
    );
});

Then('the TR\\/87 validation fails exactly {string}', function (this: LabWorld, rules: string) {
  const { profile, fault, report } = lastRun(this);
  const failed = report.grades.filter((g) => g.verdict === 'fail').map((g) => g.rule);
  assert.deepEqual(failed, rules.split(/,\s*/), summary(report));
  // Every other rule passes, but those the fault table says the fault leaves ungradable.
  assert.deepEqual(
    Object.fromEntries(report.grades.map((g) => [g.rule, g.verdict])),
    expectedVerdicts(profile, fault),
    summary(report),
  );
});
