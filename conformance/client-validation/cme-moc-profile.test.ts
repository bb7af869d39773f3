import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cmeMocProfile } from './cme-moc-profile.ts';
import { expectedVerdicts, faultsOf, fixtureVerdicts } from './tr87-profile-check.ts';

// The cme-moc lab on real sockets, the fixture client in a child process, graded from the run's pcap.
const opts = { timeout: 90_000 };

test('cme-moc: the reference fixture client passes every rule of the profile', opts, async () => {
  const { verdicts, why } = await fixtureVerdicts(cmeMocProfile);
  assert.deepEqual(verdicts, expectedVerdicts(cmeMocProfile), why);
});

for (const fault of faultsOf(cmeMocProfile)) {
  test(`cme-moc: the fixture with fault ${fault} fails exactly its rules`, opts, async () => {
    const { verdicts, why } = await fixtureVerdicts(cmeMocProfile, fault);
    assert.deepEqual(verdicts, expectedVerdicts(cmeMocProfile, fault), why);
  });
}
