/**
 * Test support of the TR/87 profile tests: one validate-client run of a profile with the fixture
 * client (reference, or one fault) in a child process, through the lead's run (pcap, transcript,
 * grades), and the verdicts a run of that fixture must get (the fault table).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientProfile, ValidationSettings } from './client-profile.ts';
import { TR87_FIXTURE_FAULTS } from './fixtures/tr87-fixture-faults.ts';
import { tr87FixtureCommand } from './tr87-profiles.ts';
import { runValidation } from './validation-run.ts';

export const TEST_SETTINGS: ValidationSettings = {
  connectTimeoutSeconds: 15,
  runSeconds: 45,
  sessionExpiresSeconds: 4,
};

/** rule -> verdict of one run, and the reasons of the verdicts that are not pass (for messages). */
export async function fixtureVerdicts(profile: ClientProfile, fault?: string) {
  const dir = mkdtempSync(join(tmpdir(), `tr87-${profile.name}-`));
  try {
    const report = await runValidation({
      profile,
      host: '127.0.0.1',
      port: 0,
      settings: TEST_SETTINGS,
      client: tr87FixtureCommand(profile.name, fault),
      fixture: fault === undefined ? {} : { fault },
      dir,
      cwd: process.cwd(),
      say: () => {},
    });
    const verdicts = Object.fromEntries(report.grades.map((g) => [g.rule, g.verdict]));
    const why = report.grades
      .filter((g) => g.verdict !== 'pass')
      .map((g) => `${g.rule} ${g.verdict}: ${g.reason}`)
      .concat(report.problems);
    return { verdicts, why: why.join('\n'), report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The verdicts a run must get: every rule pass but the fault's (fail) and its inconc ones. */
export function expectedVerdicts(profile: ClientProfile, fault?: string): Record<string, string> {
  const row = TR87_FIXTURE_FAULTS.find((f) => f.profile === profile.name && f.fault === fault);
  return Object.fromEntries(
    profile.rules.map((r) => [
      r,
      row?.breaks.includes(r) ? 'fail' : row?.inconc?.includes(r) ? 'inconc' : 'pass',
    ]),
  );
}

export const faultsOf = (profile: ClientProfile) =>
  TR87_FIXTURE_FAULTS.filter((f) => f.profile === profile.name).map((f) => f.fault);
