/**
 * `ctilab fuzz` as a user runs it (issue 13 item 5, "Done when": a fuzz run's counterexample
 * replays): real child processes of bin/ctilab.js. A test-only fault (CTILAB_FUZZ_FAULT) breaks
 * the SCCP target's oracle for one input class (an UnregisterReq); the run finds a counterexample,
 * reports it with seed, path and replay command, and the printed command, run by a shell,
 * fails again on the same input. Without the fault the same case passes.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FuzzReport } from '../conformance/fuzz/fuzz-run.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'ctilab-fuzz-'));
after(() => rmSync(out, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: root, env, timeout: 170_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const withFault = { ...process.env, CTILAB_FUZZ_FAULT: 'sccp-oracle-unregister' };
const withoutFault = { ...process.env };
delete withoutFault.CTILAB_FUZZ_FAULT;

const ctilab = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, ['bin/ctilab.js', 'fuzz', ...args, '--out', out], env);

/** The report the run printed (`report: <dir>/fuzz.json`). */
function reportOf(o: Outcome): FuzzReport {
  const file = /^report: (.*)$/m.exec(o.stdout)?.[1];
  assert.ok(file, `no report line in:\n${o.stdout}\n${o.stderr}`);
  return JSON.parse(readFileSync(file, 'utf8')) as FuzzReport;
}

describe('ctilab fuzz', { timeout: 300_000 }, () => {
  it('a broken oracle: the run reports a counterexample, and its replay command reproduces it', async () => {
    const found = await ctilab(['--interface', 'sccp', '--minutes', '0.05', '--seed', '7'], withFault);
    assert.equal(found.code, 1, found.stdout + found.stderr);
    const report = reportOf(found);
    assert.equal(report.verdict, 'fail');
    assert.equal(report.seed, 7);
    const [sccp] = report.interfaces;
    assert.equal(sccp?.interface, 'sccp');
    assert.equal(sccp?.verdict, 'fail');
    const failure = sccp?.passes.find((p) => p.verdict === 'fail');
    assert.ok(failure?.path, 'the failure has a fast-check path');
    assert.equal(failure.target, 'cme-sccp');
    assert.equal(failure.seed, 7);
    assert.equal(failure.assert, 0);
    // The input has an UnregisterReq (id 0x27 = 39), answered by UnregisterAck, not RegisterReject.
    assert.match(failure.counterexample ?? '', /Buffer\.from\(\[8,0,0,0,0,0,0,0,39,0,0,0[,0-9]*\]\)/);
    assert.match(failure.reason ?? '', /got: .*UnregisterAck/);
    // The same input as hex: its last frame is the UnregisterReq (length 8, header version 0, id 0x27).
    assert.match(failure.bytesHex?.at(-1) ?? '', /^080000000000000027000000/);
    assert.equal(
      failure.replay,
      `CTILAB_FUZZ_FAULT=sccp-oracle-unregister node bin/ctilab.js fuzz --interface sccp --target cme-sccp --seed 7 --path ${failure.path} --assert 0`,
    );
    assert.ok(found.stdout.includes(`replay: ${failure.replay}\n`), found.stdout);
    const md = readFileSync(join(realpathSync(join(out, 'fuzz', 'latest')), 'fuzz.md'), 'utf8');
    assert.ok(md.includes(failure.replay), md);

    // The printed command, run by a shell as a user would (it carries the fault variable).
    const replayed = await run('/bin/sh', ['-c', `${failure.replay} --out ${out}`], withoutFault);
    assert.equal(replayed.code, 1, replayed.stdout + replayed.stderr);
    const again = reportOf(replayed).interfaces[0]?.passes;
    assert.equal(again?.length, 1, 'a replay is one pass');
    assert.equal(again[0]?.verdict, 'fail');
    assert.equal(again[0]?.counterexample, failure.counterexample, 'the same input');
    assert.equal(again[0]?.path, failure.path);
    assert.deepEqual(reportOf(replayed).replayOf, {
      target: 'cme-sccp',
      seed: 7,
      path: failure.path,
      assert: 0,
    });

    // Without the fault the same case holds (the node was right; the oracle was broken).
    const fixed = await ctilab(
      ['--interface', 'sccp', '--target', 'cme-sccp', '--seed', '7', '--path', failure.path],
      withoutFault,
    );
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.equal(reportOf(fixed).verdict, 'pass');
  });

  it('bad usage exits 2 with the reason', async () => {
    const noTarget = await ctilab(['--interface', 'sip', '--seed', '1', '--path', '0:1'], withoutFault);
    assert.equal(noTarget.code, 2);
    assert.equal(noTarget.stderr, 'ctilab fuzz: --path replays one case: it needs --target and --seed\n');
    const wrong = await ctilab(['--interface', 'sip', '--target', 'cme-sccp'], withoutFault);
    assert.equal(wrong.code, 2);
    assert.equal(
      wrong.stderr,
      "ctilab fuzz: no target 'cme-sccp' for --interface sip (targets: sip-endpoint, sip-header-grammar)\n",
    );
    const noInterface = await ctilab(['--minutes', '1'], withoutFault);
    assert.equal(noInterface.code, 2);
    assert.match(noInterface.stderr, /required option '--interface <name>' not specified/);
    const badMinutes = await ctilab(['--interface', 'sccp', '--minutes', 'x'], withoutFault);
    assert.equal(badMinutes.code, 2);
    assert.match(badMinutes.stderr, /--minutes 'x' is not a number of minutes/);
  });
});
