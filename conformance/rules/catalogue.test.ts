import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ruleCatalogue } from './catalogue.ts';

function featureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? featureFiles(p) : p.endsWith('.feature') ? [p] : [];
  });
}

const ruleTag = /@((?:SCCP|CME|CSTA|CUCM|ACD)-[A-Z]+-\d{3})\b/g;

test('every rule tag used by a feature is in the catalogue', () => {
  for (const file of featureFiles('features')) {
    for (const m of readFileSync(file, 'utf8').matchAll(ruleTag)) {
      assert.ok(ruleCatalogue.has(m[1]!), `${file}: unknown rule ${m[1]}`);
    }
  }
});

test('every catalogued rule is checked by at least one scenario', () => {
  const used = new Set<string>();
  for (const file of featureFiles('features'))
    for (const m of readFileSync(file, 'utf8').matchAll(ruleTag)) used.add(m[1]!);
  const missing = [...ruleCatalogue.keys()].filter((id) => !used.has(id));
  assert.deepEqual(missing, [], `rules without a scenario: ${missing.join(', ')}`);
});

test('rule ids are unique and statements non-empty', () => {
  for (const r of ruleCatalogue.values()) {
    assert.match(r.id, /^[A-Z]+-[A-Z]+-\d{3}$/);
    assert.ok(r.statement.length > 10 && r.source.length > 0, r.id);
  }
});
