import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { acdCtiRules, CHECKED_ACD_RULES } from './acd-cti-rules.ts';
import { plannedRules, ruleCatalogue } from './catalogue.ts';
import { cmeCtiRules } from './cme-cti-rules.ts';
import { CHECKED_CUCM_RULES, cucmCtiRules } from './cucm-cti-rules.ts';
import { sccpCmeRules } from './sccp-cme-rules.ts';
import { sourceProblem } from './source-check.ts';

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
  assert.equal(cti.length, 73);
});

test('rule ids are unique and statements non-empty', () => {
  for (const r of ruleCatalogue.values()) {
    assert.match(r.id, /^[A-Z]+(?:-[A-Z]+)+-\d{3}$/);
    assert.ok(r.statement.length > 10 && r.source.length > 0, r.id);
  }
});

test('no rule ID is used twice across the rule files (the catalogue map would hide it)', () => {
  const all = [...sccpCmeRules, ...cmeCtiRules, ...cucmCtiRules, ...acdCtiRules].map((r) => r.id);
  const twice = all.filter((id, i) => all.indexOf(id) !== i);
  assert.deepEqual(twice, []);
  assert.equal(ruleCatalogue.size, all.length);
});

test('the CUCM CTI rules: catalogued per area, profile cucm-cti, planned unless a scenario checks them', () => {
  const cucm = [...ruleCatalogue.values()].filter((r) => r.id.startsWith('CUCM-'));
  const perArea: Record<string, number> = {};
  for (const r of cucm) {
    const area = r.id.split('-')[1]!;
    perArea[area] = (perArea[area] ?? 0) + 1;
  }
  assert.deepEqual(perArea, { APP: 3, CFG: 6, ACG: 14, RP: 15, LIMIT: 7, HB: 3, RED: 15 });
  for (const r of cucm) {
    assert.deepEqual(r.profiles, ['cucm-cti'], r.id);
    assert.equal(r.status, CHECKED_CUCM_RULES.has(r.id) ? undefined : 'planned', r.id);
    // The public Cisco guide is cited, never the project's private seed files.
    assert.match(
      r.source,
      /^Cisco Unified CM System Configuration Guide, "Configure CTI Applications" > "/,
      r.id,
    );
    assert.doesNotMatch(r.source, /seeds?\//, r.id);
  }
});

test('the ACD CTI Server rules: profile acd-cti, the public guide cited, planned unless a scenario checks them', () => {
  const acd = [...ruleCatalogue.values()].filter((r) => r.id.startsWith('ACD-'));
  const perArea: Record<string, number> = {};
  for (const r of acd) perArea[r.id.split('-')[1]!] = (perArea[r.id.split('-')[1]!] ?? 0) + 1;
  assert.deepEqual(perArea, { SRV: 3, COM: 2, FT: 4, WS: 7, BR: 2, MSG: 13, TPC: 13, PER: 2 });
  for (const r of acd) {
    assert.deepEqual(r.profiles, ['acd-cti'], r.id);
    assert.equal(r.status, CHECKED_ACD_RULES.has(r.id) ? undefined : 'planned', r.id);
    assert.match(r.source, /^Cisco Unified ICM \/ Unified CCE, "CTI Planning" > "/, r.id);
  }
});

test('every rule cites a public source a reader can open: never empty, never a path outside the repository', () => {
  const bad = [...ruleCatalogue.values()].flatMap((r) => {
    const why = sourceProblem(r.source, existsSync);
    return why === undefined ? [] : [`${r.id}: source ${why}: ${r.source}`];
  });
  assert.deepEqual(bad, []);
});
