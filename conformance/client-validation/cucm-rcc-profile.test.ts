import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cucmRccProfile } from './cucm-rcc-profile.ts';
import { expectedVerdicts, faultsOf, fixtureVerdicts } from './tr87-profile-check.ts';

// The cucm-rcc lab on real sockets, the fixture client in a child process, graded from the run's pcap.
const opts = { timeout: 90_000 };

test('cucm-rcc: the reference fixture client passes every rule of the profile', opts, async () => {
  const { verdicts, why } = await fixtureVerdicts(cucmRccProfile);
  assert.deepEqual(verdicts, expectedVerdicts(cucmRccProfile), why);
});

for (const fault of faultsOf(cucmRccProfile)) {
  test(`cucm-rcc: the fixture with fault ${fault} fails exactly its rules`, opts, async () => {
    const { verdicts, why } = await fixtureVerdicts(cucmRccProfile, fault);
    assert.deepEqual(verdicts, expectedVerdicts(cucmRccProfile, fault), why);
  });
}
