/**
 * The profiles of `ctilab validate-client` and how to start each one's shipped fixture client:
 * the reference client, or a faulty one that breaks the rules its fault names
 * (fixtures/tr87-fixture-faults.ts, acd-client-faults.ts).
 */
import { ok, type Result, refused } from '../../simulators/lab/result.ts';
import type { AcdProfileName } from './acd-client-faults.ts';
import { acdFaults, acdProfiles, ctiFixtureCommand } from './acd-profiles.ts';
import type { ClientProfile, ProfileName } from './client-profile.ts';
import { tr87FixtureCommand, tr87FixtureFaults, tr87Profiles } from './tr87-profiles.ts';

export const clientProfiles: readonly ClientProfile[] = [...tr87Profiles, ...acdProfiles];

export function profileNamed(name: string): ClientProfile | undefined {
  return clientProfiles.find((p) => p.name === name);
}

/** A shipped fixture fault: the profile it applies to, what it does and the rules it breaks. */
export interface FixtureFault {
  readonly profile: ProfileName;
  readonly fault: string;
  readonly does: string;
  readonly breaks: readonly string[];
  /** Rules the fault leaves ungradable (inconc): the behaviour they need never happens. */
  readonly inconc?: readonly string[];
}

export const fixtureFaults: readonly FixtureFault[] = [...tr87FixtureFaults, ...acdFaults];

/** The command line of a profile's fixture client (`{connect}` is replaced by the connect JSON). */
export function fixtureCommand(
  profile: ProfileName,
  fault: string | undefined,
): Result<string[], 'unknown-fault'> {
  if (fault !== undefined && !fixtureFaults.some((f) => f.profile === profile && f.fault === fault)) {
    const known = fixtureFaults.filter((f) => f.profile === profile).map((f) => f.fault);
    return refused(
      'unknown-fault',
      `profile ${profile} has no fixture fault '${fault}' (known: ${known.join(', ')})`,
    );
  }
  const p = profileNamed(profile) as ClientProfile;
  return ok(
    p.protocol === 'cti-server'
      ? ctiFixtureCommand(profile as AcdProfileName, fault)
      : tr87FixtureCommand(profile, fault),
  );
}
