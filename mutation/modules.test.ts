import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findModule, MUTATION_MODULES, outsideModule } from './modules.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

test('every module names files that exist: what it mutates and the tests run against it', () => {
  for (const module of MUTATION_MODULES) {
    for (const file of [...module.mutate, ...module.tests])
      assert.ok(existsSync(`${root}${file}`), `${module.name}: ${file}`);
    assert.equal(findModule(module.name), module);
  }
});

test('outsideModule: a --mutate file (with or without lines) outside the module is named', () => {
  const framing = findModule('stream-framing');
  assert.ok(framing);
  assert.deepEqual(
    outsideModule(framing, ['simulators/lab/stream-framing.ts', 'simulators/lab/stream-framing.ts:20-40']),
    [],
  );
  assert.deepEqual(
    outsideModule(framing, ['simulators/sip/sip-parser.ts', 'simulators/lab/stream-framing.ts:1']),
    ['simulators/sip/sip-parser.ts'],
  );
  assert.deepEqual(outsideModule(framing, ['simulators/lab/stream-framing.ts:']), [
    'simulators/lab/stream-framing.ts:',
  ]);
});
