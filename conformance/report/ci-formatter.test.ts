import assert from 'node:assert/strict';
import { test } from 'node:test';
import { featureLine, scenarioLine } from './ci-formatter.ts';

// Issue 12: the CI log shows one line per scenario with its verdict and a summary per feature.

test('one line per scenario: verdict, feature:line, name', () => {
  assert.equal(
    scenarioLine('pass', 'features/sccp/registration.feature', 9, 'A configured phone registers'),
    '  pass   features/sccp/registration.feature:9  A configured phone registers',
  );
  assert.equal(scenarioLine('inconc', 'f.feature', undefined, 'x'), '  inconc f.feature  x');
});

test('one summary line per feature, counts by verdict', () => {
  const counts = new Map([
    ['pass', 3],
    ['fail', 1],
  ] as const);
  assert.equal(
    featureLine('features/a.feature', new Map(counts)),
    'features/a.feature: 4 scenarios (3 pass, 1 fail)',
  );
  assert.equal(
    featureLine('features/b.feature', new Map([['error', 1]])),
    'features/b.feature: 1 scenario (1 error)',
  );
});
