/**
 * The project cites public sources only (DESIGN.md section 6: "never files that live outside the
 * repository"): no tracked file may cite the workplace's reference digests or seed files by path
 * (`reference/<x>.md`, `seeds/00N`); docs/sources.md names the public documents the code cites.
 * The rule catalogue's own check is source-check.ts; this one covers code, features, labs, docs.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PRIVATE =
  /\breference\/(?:sccp-protocol|csta-tr87|cucm-cti|cti-server-protocol)\.md|\breference\/(?:skinny-[a-z]+|ecma323-elements)\.txt|\bseeds\/00\d/;
/** Files that name those paths on purpose: the checks themselves. */
const EXEMPT = new Set(['conformance/rules/source-check.test.ts', 'conformance/rules/citations.test.ts']);

test('no tracked file cites a reference digest or seed file by path', () => {
  const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|mjs|cjs|js|md|feature|cfg|yaml|yml|py|lua)$/.test(f) && !EXEMPT.has(f));
  assert.ok(files.length > 100, `only ${files.length} files listed`);
  const offenders: string[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(join(root, f), 'utf8');
    } catch {
      continue; // deleted in the work tree
    }
    text.split('\n').forEach((line, i) => {
      if (PRIVATE.test(line)) offenders.push(`${f}:${i + 1}: ${line.trim().slice(0, 100)}`);
    });
  }
  assert.deepEqual(offenders, []);
});

test('the check finds a private citation', () => {
  assert.ok(PRIVATE.test('// reference/sccp-protocol.md §1'));
  assert.ok(PRIVATE.test('(seeds/004 "CTI Session")'));
  assert.ok(!PRIVATE.test('CME CSTA guide "CTI Session"'));
});
