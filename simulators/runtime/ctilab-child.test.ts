import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CtilabChild } from './ctilab-child.ts';

test('env: the child gets the variables added, this process keeps its own', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ctilab-child-env-'));
  try {
    // A preload that prints, as a JSON line, what the child sees of the variable.
    const preload = join(dir, 'print-env.cjs');
    await writeFile(
      preload,
      "process.stdout.write(JSON.stringify({ seen: process.env.CTILAB_CHILD_ENV_TEST ?? null }) + '\\n');\n",
    );
    const child = new CtilabChild('env', ['--version'], {
      env: { CTILAB_CHILD_ENV_TEST: 'from-the-parent', NODE_OPTIONS: `--require ${preload}` },
    });
    try {
      const line = await child.waitForLine((v) => 'seen' in v, 30_000, 'the preload line', 0);
      assert.equal(line.value.seen, 'from-the-parent');
    } finally {
      await child.stop(5000);
    }
    assert.equal(process.env.CTILAB_CHILD_ENV_TEST, undefined, 'this process is left as it was');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
