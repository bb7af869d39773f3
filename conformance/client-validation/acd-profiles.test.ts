// The CTI Server profiles end to end: the profile's ACD lab (real sides, phones, ACD), the fixture
// client in a child process (real CtiServerClient over TCP), the plan with its upper tester over
// HTTP, then the grades. The reference client passes every rule of its profile; each faulty
// fixture fails exactly the rules the fault table names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACD_CLIENT_FAULTS, acdAgentProfile, acdBridgeProfile, acdProfiles } from './acd-profiles.ts';
import type { ClientProfile } from './client-profile.ts';
import { type FixtureRun, runCtiFixture } from './cti-fixture-run.ts';

/** Runs the reference and every fault of the profile, `width` at a time. */
async function runAll(profile: ClientProfile, width = 3): Promise<Map<string, FixtureRun>> {
  const jobs: (string | undefined)[] = [
    undefined,
    ...ACD_CLIENT_FAULTS.filter((f) => f.profile === profile.name).map((f) => f.fault),
  ];
  const out = new Map<string, FixtureRun>();
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const fault = jobs[next++];
        out.set(fault ?? 'reference', await runCtiFixture(profile, fault));
      }
    }),
  );
  return out;
}

const failing = (r: FixtureRun) =>
  r.grades
    .filter((g) => g.verdict === 'fail')
    .map((g) => g.rule)
    .sort();
const explain = (r: FixtureRun) =>
  `${r.grades.map((g) => `${g.rule} ${g.verdict}: ${g.reason}`).join('\n')}\n${r.problems.join('\n')}\n${r.log}`;

describe('the CTI Server profiles', () => {
  it('declare their rules, actions and a fault table naming only their own rules', () => {
    assert.deepEqual(
      acdProfiles.map((p) => [p.name, p.protocol, p.rules.length]),
      [
        ['acd-bridge', 'cti-server', 8],
        ['acd-agent', 'cti-server', 9],
      ],
    );
    assert.ok(acdAgentProfile.rules.includes('ACD-TPC-013'));
    assert.ok(!acdBridgeProfile.rules.includes('ACD-TPC-013'));
    for (const f of ACD_CLIENT_FAULTS) {
      const p = acdProfiles.find((x) => x.name === f.profile)!;
      for (const r of f.breaks) assert.ok(p.rules.includes(r), `${f.profile} ${f.fault}: ${r}`);
    }
  });
});

for (const profile of acdProfiles) {
  describe(`validate-client --profile ${profile.name} with the fixture client`, { timeout: 180_000 }, () => {
    let runs: Map<string, FixtureRun>;
    it('runs the reference client and every faulty one', async () => {
      runs = await runAll(profile);
      const reference = runs.get('reference')!;
      assert.deepEqual(reference.problems, []);
      const sides = reference.connect!.endpoints;
      assert.deepEqual(Object.keys(sides), ['side-A', 'side-B']);
      assert.notEqual(sides['side-A']!.port, sides['side-B']!.port);
      assert.equal(reference.connect!.settings.profile, profile.name);
    });

    it('the reference client passes every rule of the profile', () => {
      const r = runs.get('reference')!;
      assert.deepEqual(
        r.grades.map((g) => [g.rule, g.verdict]),
        profile.rules.map((id) => [id, 'pass']),
        explain(r),
      );
      // Every pass names its evidence, or says why there is none to name.
      const evidence = r.grades.find((g) => g.rule === 'ACD-FT-002')!.evidence;
      assert.deepEqual(
        evidence.map((e) => e.summary.replace(/^lab → client: |^client → lab: /, '').split(' —')[0]),
        ['OPEN_REQ', 'OPEN_CONF'],
      );
      // ... and the pcap frames they travelled in (client.pcap, Wireshark's numbering).
      const [req, conf] = evidence.map((e) => e.frame!);
      assert.ok(Number.isInteger(req) && conf! > req!, `frames ${req} < ${conf}`);
    });

    for (const entry of ACD_CLIENT_FAULTS.filter((f) => f.profile === profile.name)) {
      it(`--fault ${entry.fault} fails exactly ${entry.breaks.join(', ')}`, () => {
        const r = runs.get(entry.fault)!;
        assert.deepEqual(failing(r), [...entry.breaks].sort(), explain(r));
        for (const g of r.grades.filter((x) => x.verdict === 'fail'))
          assert.ok(g.evidence.length > 0 || /no |none/.test(g.reason), `${g.rule} names evidence`);
      });
    }
  });
}
