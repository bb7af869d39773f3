import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ruleCatalogue } from '../rules/catalogue.ts';
import { applicableTagExpression, exclusions, missingClaims, notApplicableReason } from './applicability.ts';
import { labControlReason } from './lab-control.ts';
import { loadPics } from './load-pixit.ts';
import { KNOWN_PICS_ITEMS } from './pics-schema.ts';

const sccpOnly = loadPics('labs/pics/cme-sccp-only.yaml');
const cmeMoc = loadPics('labs/pics/cme-moc.yaml');

test('a scenario applies when the PICS claims a profile of each of its rules and each @pics- item', () => {
  assert.deepEqual(missingClaims(['@SCCP-REG-001', '@lab-control'], sccpOnly, ruleCatalogue), []);
  assert.deepEqual(missingClaims(['@pics-cme-cti', '@CME-CTI-SESSION-001'], sccpOnly, ruleCatalogue), [
    'profile cme-cti',
  ]);
  assert.deepEqual(missingClaims(['@CME-CTI-SESSION-006', '@pics-enhanced-mode'], cmeMoc, ruleCatalogue), [
    'feature enhanced-mode',
  ]);
  assert.deepEqual(missingClaims(['@pics-udp', '@pics-csta-ed4'], sccpOnly, ruleCatalogue), [
    'transport udp',
    'CSTA ed4',
  ]);
  assert.equal(
    notApplicableReason(['profile cme-cti', 'transport udp']),
    'not applicable: PICS does not claim profile cme-cti, transport udp',
  );
});

test('the exclusions of a PICS: one per claim it lacks, with the tags of the scenarios needing it', () => {
  const excluded = exclusions(cmeMoc, ruleCatalogue.values());
  const claims = excluded.map((e) => e.claim);
  assert.ok(claims.includes('profile cucm-cti') && claims.includes('profile acd-cti'));
  assert.ok(!claims.includes('profile cme-cti') && !claims.includes('profile sccp-cme'));
  assert.deepEqual(
    excluded.filter((e) => !e.claim.startsWith('profile')).map((e) => e.claim),
    [
      'transport tls',
      'CSTA ed5',
      'feature enhanced-mode',
      'feature session-manager',
      'feature digest-auth',
      'feature srtp',
      'feature route-points',
      'feature media-termination',
      'feature redundancy',
      'feature peripheral-failover',
      'feature dial-via-office',
    ],
  );
  const cucm = excluded.find((e) => e.claim === 'profile cucm-cti')!;
  const cucmRules = [...ruleCatalogue.values()].filter((r) => r.profiles.includes('cucm-cti'));
  assert.ok(cucmRules.length > 0);
  for (const r of cucmRules) assert.ok(cucm.tagExpression.includes(`@${r.id}`), r.id);
  assert.ok(cucm.tagExpression.startsWith('@pics-cucm-cti or '));
  assert.equal(
    applicableTagExpression('@smoke', [
      { claim: 'transport tls', tagExpression: '@pics-tls' },
      { claim: 'CSTA ed5', tagExpression: '@pics-csta-ed5' },
    ]),
    '(@smoke) and not (@pics-tls or @pics-csta-ed5)',
  );
  assert.equal(applicableTagExpression(undefined, []), undefined);
});

test('every @pics- tag of the features names an item a PICS can claim', () => {
  const files = readdirSync('features', { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.feature'),
  );
  const used = new Set<string>();
  for (const f of files)
    for (const m of readFileSync(join('features', f), 'utf8').matchAll(/@pics-([\w.-]+)/g)) used.add(m[1]!);
  assert.ok(used.has('cme-cti') && used.has('udp') && used.has('csta-ed4'), [...used].join(', '));
  assert.deepEqual(
    [...used].filter((i) => !KNOWN_PICS_ITEMS.has(i)),
    [],
  );
});

test('a @lab-control scenario is inconc on a real target with what its steps need of the lab', () => {
  assert.equal(
    labControlReason(
      ['a CTI client "app1" with a session on line "201"', '1801 seconds pass'],
      'labs/pixit/cme-moc.yaml',
    ),
    '@lab-control: needs time jumps on the lab clock (ManualClock); a real target (pixit:labs/pixit/cme-moc.yaml) is reached only through its protocols',
  );
  assert.match(
    labControlReason(['the administrator clears CTI session 1'], 'p.yaml'),
    /needs the router console of the lab's CME;/,
  );
  assert.match(
    labControlReason(['the primary CME fails'], 'p.yaml'),
    /needs killing or freezing a node of the lab;/,
  );
  assert.match(
    labControlReason(['the CME has 8 phones registered'], 'p.yaml'),
    /needs reading the lab's internals/,
  );
  assert.equal(
    labControlReason(
      ['the CUCM cluster of "labs/cucm-cluster.yaml" is running without cluster security'],
      'c.yaml',
    ),
    "@lab-control: needs a CUCM cluster configured for the scenario (the lab's topology, edited); a real target (pixit:c.yaml) is reached only through its protocols",
  );
  assert.match(
    labControlReason(
      ['the CTI session of "alice" is served by "cucm-sub1"', 'CUCM node "cucm-sub1" fails'],
      'c.yaml',
    ),
    /needs reading the lab cluster's internals \(its alarms, nodes, CTI sessions\); killing or freezing a node of the lab;/,
  );
  assert.match(
    labControlReason(['phone 1 registers'], 'p.yaml'),
    /needs control of the lab \(its nodes, clock or internals\)/,
  );
});
