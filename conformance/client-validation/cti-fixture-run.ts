/**
 * One validate-client run of a CTI Server profile against the shipped fixture client, for the
 * tests and the Cucumber steps: the run of `ctilab validate-client` itself (validation-run.ts:
 * the profile's lab on ephemeral ports recorded to client.pcap, the fixture launched with the
 * ConnectInfo, its control endpoint as the upper tester, the plan, the pcap read back with
 * transcriptOfPcap, the grades, the report) in a fresh directory.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AcdProfileName, ctiFixtureCommand } from './acd-client-faults.ts';
import type { RuleGrade } from './client-grade.ts';
import type { ClientProfile, ConnectInfo, Stimulus, ValidationSettings } from './client-profile.ts';
import { runValidation } from './validation-run.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface FixtureRun {
  readonly connect: ConnectInfo | undefined;
  readonly stimuli: readonly Stimulus[];
  readonly grades: readonly RuleGrade[];
  readonly problems: readonly string[];
  /** The lab's and the client's logs (for assertion messages). */
  readonly log: string;
}

/** Short timers: a heartbeat every 0.5 s, so the heartbeat period of the plan lasts 1.5 s. */
export const FAST_SETTINGS: ValidationSettings = {
  connectTimeoutSeconds: 20,
  runSeconds: 40,
  sessionExpiresSeconds: 0.5,
};

/** Runs `profile` against the fixture client (`fault` undefined: the reference client). */
export async function runCtiFixture(
  profile: ClientProfile,
  fault?: string,
  settings: ValidationSettings = FAST_SETTINGS,
): Promise<FixtureRun> {
  const dir = mkdtempSync(join(tmpdir(), `ctilab-${profile.name}-`));
  try {
    const report = await runValidation({
      profile,
      host: '127.0.0.1',
      port: 0,
      settings,
      client: ctiFixtureCommand(profile.name as AcdProfileName, fault),
      fixture: fault === undefined ? {} : { fault },
      dir,
      cwd: REPO_ROOT,
      say: () => {},
    });
    const read = (f: string) => {
      try {
        return readFileSync(join(dir, f), 'utf8');
      } catch {
        return '';
      }
    };
    return {
      connect: report.connect,
      stimuli: report.stimuli,
      grades: report.grades,
      problems: report.problems,
      log: `${read('lab.log')}\n--- client.log\n${read('client.log')}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
