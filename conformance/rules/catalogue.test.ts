import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { plannedRules, ruleCatalogue } from './catalogue.ts';

function featureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? featureFiles(p) : p.endsWith('.feature') ? [p] : [];
  });
}

const ruleTag = /@((?:SCCP|CME|CSTA|CUCM|ACD)(?:-[A-Z]+)+-\d{3})\b/g;

test('every rule tag used by a feature is in the catalogue', () => {
  for (const file of featureFiles('features')) {
    for (const m of readFileSync(file, 'utf8').matchAll(ruleTag)) {
      assert.ok(ruleCatalogue.has(m[1]!), `${file}: unknown rule ${m[1]}`);
    }
  }
});

function usedTags(): Set<string> {
  const used = new Set<string>();
  for (const file of featureFiles('features'))
    for (const m of readFileSync(file, 'utf8').matchAll(ruleTag)) used.add(m[1]!);
  return used;
}

test('every catalogued rule not marked planned is checked by at least one scenario', () => {
  const used = usedTags();
  const missing = [...ruleCatalogue.values()]
    .filter((r) => r.status !== 'planned' && !used.has(r.id))
    .map((r) => r.id);
  assert.deepEqual(missing, [], `rules without a scenario: ${missing.join(', ')}`);
});

test('a rule marked planned is not tagged on any scenario (drop the mark once it is checked)', () => {
  const used = usedTags();
  assert.deepEqual(
    plannedRules().filter((id) => used.has(id)),
    [],
  );
});

test('the CME CTI rules are all catalogued', () => {
  const cti = [...ruleCatalogue.keys()].filter((id) => id.startsWith('CME-CTI-'));
  assert.equal(cti.length, 69);
});

test('rule ids are unique and statements non-empty', () => {
  for (const r of ruleCatalogue.values()) {
    assert.match(r.id, /^[A-Z]+(?:-[A-Z]+)+-\d{3}$/);
    assert.ok(r.statement.length > 10 && r.source.length > 0, r.id);
  }
});
