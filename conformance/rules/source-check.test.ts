import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceProblem } from './source-check.ts';

const repo = (path: string): boolean => path === 'docs/robustness.md';

test('public documents, sections, clauses and captures are sources', () => {
  for (const s of [
    'Cisco Unified Communications Manager Express System Administrator Guide, "CTI CSTA Protocol Suite" > "CTI Session"',
    'ECMA-269 clause 17.1.8; RFC 3261 section 8.1',
    'pyskinny (github.com/paleophyte/pyskinny) capture cm_cap.pcapng frames 80-87 (CUCM 4.1)',
    'docs/robustness.md (value ours; RFC 6298 section 2 retransmission)',
  ])
    assert.equal(sourceProblem(s, repo), undefined, s);
});

test('paths outside the repository, issue numbers and empty sources are refused, with the reason', () => {
  assert.equal(sourceProblem('', repo), 'is empty');
  assert.equal(sourceProblem('  ', repo), 'is empty');
  assert.equal(sourceProblem('reference/sccp-protocol.md §1', repo), 'names a folder outside the repository');
  assert.equal(sourceProblem('seeds/004 "CTI Session"', repo), 'names a folder outside the repository');
  assert.equal(
    sourceProblem('CME max-conferences (seed/004)', repo),
    'names a folder outside the repository',
  );
  assert.equal(
    sourceProblem('../shared/reference/cucm-cti.md', repo),
    'names a folder outside the repository',
  );
  assert.equal(sourceProblem('see ../notes.txt', repo), 'names a path outside the repository');
  assert.equal(
    sourceProblem('DESIGN.md section 7', repo),
    'names DESIGN.md, which is outside the repository',
  );
  assert.equal(
    sourceProblem('issue 2', repo),
    'names an issue of the project tracker, which readers cannot open',
  );
  assert.equal(
    sourceProblem('cucm-cti.md "Route points"', repo),
    'names cucm-cti.md, which is not in the repository',
  );
});
