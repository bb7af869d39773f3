import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ruleCatalogue } from './catalogue.ts';
import { propertyCoverage } from './property-coverage.ts';

// The table cannot drift: each row names a test file that exists, a title one of its tests or
// suites has (as a literal), catalogued rules, and the kind its file name says.
test('every row of the property coverage table names an existing test, its kind and catalogued rules', () => {
  assert.ok(propertyCoverage.length > 0);
  for (const row of propertyCoverage) {
    assert.ok(existsSync(row.file), `${row.file} exists`);
    const text = readFileSync(row.file, 'utf8');
    const titled = [`'${row.test}'`, `"${row.test}"`, `\`${row.test}\``].some((q) => text.includes(q));
    assert.ok(titled, `${row.file} has a test or suite titled "${row.test}"`);
    assert.match(row.file, /\.(property|fuzz|model)\.test\.ts$/);
    assert.equal(row.kind, row.file.endsWith('.model.test.ts') ? 'model' : 'property', row.file);
    assert.ok(row.rules.length > 0, `${row.test} names a rule`);
    for (const id of row.rules) assert.ok(ruleCatalogue.has(id), `${id} is in the catalogue`);
  }
});

test('no test purpose is listed twice', () => {
  const keys = propertyCoverage.map((r) => `${r.file}\u0000${r.test}`);
  assert.equal(new Set(keys).size, keys.length);
});
