/**
 * The TR/87 client-validation profiles (cme-moc, cme-session-manager, cucm-rcc), their fixture
 * client's command line and its fault table, for the lead's profile registry.
 */
import { fileURLToPath } from 'node:url';
import type { ClientProfile } from './client-profile.ts';
import { cmeMocProfile } from './cme-moc-profile.ts';
import { cmeSessionManagerProfile } from './cme-session-manager-profile.ts';
import { cucmRccProfile } from './cucm-rcc-profile.ts';
import { fixtureCommandLine } from './fixtures/fixture-command.ts';
import { TR87_FIXTURE_FAULTS, type Tr87FixtureFaultRow } from './fixtures/tr87-fixture-faults.ts';

export const tr87Profiles: ClientProfile[] = [cmeMocProfile, cmeSessionManagerProfile, cucmRccProfile];

/** `{ profile, fault, breaks }`: each fault of the TR/87 fixture client and the rules it breaks. */
export const tr87FixtureFaults: readonly Tr87FixtureFaultRow[] = TR87_FIXTURE_FAULTS;

/** The fixture client's source file. */
export const TR87_FIXTURE_CLIENT = fileURLToPath(
  new URL('./fixtures/tr87-fixture-client.ts', import.meta.url),
);

/** The command line that runs the fixture (`{connect}` is replaced by the ConnectInfo JSON). */
export function tr87FixtureCommand(profile: string, fault?: string): string[] {
  return fixtureCommandLine(TR87_FIXTURE_CLIENT, profile, fault);
}
