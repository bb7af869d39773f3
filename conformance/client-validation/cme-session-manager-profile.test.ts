import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cmeSessionManagerProfile } from './cme-session-manager-profile.ts';
import { expectedVerdicts, faultsOf, fixtureVerdicts } from './tr87-profile-check.ts';

// The cme-session-manager lab on real sockets, the fixture client in a child process, graded from the run's pcap.
const opts = { timeout: 90_000 };

test('cme-session-manager: the reference fixture client passes every rule of the profile', opts, async () => {
  const { verdicts, why } = await fixtureVerdicts(cmeSessionManagerProfile);
  assert.deepEqual(verdicts, expectedVerdicts(cmeSessionManagerProfile), why);
});

for (const fault of faultsOf(cmeSessionManagerProfile)) {
  test(`cme-session-manager: the fixture with fault ${fault} fails exactly its rules`, opts, async () => {
    const { verdicts, why } = await fixtureVerdicts(cmeSessionManagerProfile, fault);
    assert.deepEqual(verdicts, expectedVerdicts(cmeSessionManagerProfile, fault), why);
  });
}
