/**
 * The pieces of `ctilab fuzz` that need no node: the targets cover every fuzz test file, the
 * replay command, and a counterexample's buffers as hex. The runs themselves (a counterexample
 * found and replayed) are tested through the CLI: bin/fuzz-command.test.ts.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buffersAsHex, FAULT_ENV, fuzzReplayCommand } from './fuzz-run.ts';
import { FUZZ_INTERFACES, FUZZ_TARGETS, targetsOf } from './fuzz-targets.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('fuzz targets', () => {
  it('every *.fuzz.test.ts of simulators/ is a target, each file exists, ids are unique', () => {
    const files = execFileSync('find', ['simulators', '-name', '*.fuzz.test.ts'], {
      cwd: root,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .sort();
    assert.deepEqual([...new Set(FUZZ_TARGETS.map((t) => t.file))].sort(), files);
    for (const t of FUZZ_TARGETS) assert.ok(existsSync(`${root}/${t.file}`), t.file);
    assert.equal(new Set(FUZZ_TARGETS.map((t) => t.id)).size, FUZZ_TARGETS.length);
  });

  it('each interface has a target; all is every target', () => {
    for (const i of FUZZ_INTERFACES) assert.ok(targetsOf(i).length > 0, i);
    assert.deepEqual(
      targetsOf('sip').map((t) => t.id),
      ['sip-endpoint', 'sip-header-grammar'],
    );
    assert.equal(targetsOf('all').length, FUZZ_TARGETS.length);
  });
});

describe('replay command and bytes', () => {
  it('names target, seed, path and fast-check run; quotes the path; carries the test-only fault', () => {
    const saved = process.env[FAULT_ENV];
    delete process.env[FAULT_ENV];
    try {
      assert.equal(
        fuzzReplayCommand('csta', 'cme-tr87', -12, { path: '3:1:0', assert: 1 }),
        'node bin/ctilab.js fuzz --interface csta --target cme-tr87 --seed -12 --path 3:1:0 --assert 1',
      );
      assert.equal(
        fuzzReplayCommand('sip', 'sip-endpoint', 5),
        'node bin/ctilab.js fuzz --interface sip --target sip-endpoint --seed 5 --minutes 0',
      );
      process.env[FAULT_ENV] = 'sccp-oracle-unregister';
      assert.equal(
        fuzzReplayCommand('sccp', 'cme-sccp', 7, { path: '0:1', assert: 0 }),
        'CTILAB_FUZZ_FAULT=sccp-oracle-unregister node bin/ctilab.js fuzz --interface sccp --target cme-sccp --seed 7 --path 0:1 --assert 0',
      );
    } finally {
      if (saved === undefined) delete process.env[FAULT_ENV];
      else process.env[FAULT_ENV] = saved;
    }
  });

  it("a counterexample's buffers as hex, in order; none for text inputs", () => {
    assert.deepEqual(
      buffersAsHex('[{"segments":[Buffer.from([8,0,0,0]),Buffer.from([]),Buffer.from([255,16])],"cuts":[]}]'),
      ['08000000', '', 'ff10'],
    );
    assert.deepEqual(buffersAsHex('[{"body":"<a/>"}]'), []);
  });
});
