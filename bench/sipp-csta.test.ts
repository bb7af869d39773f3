import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { defaultSippScenario, runSippCstaComparison } from './sipp-csta-compare.ts';
import { pairsFor, type SippCstaOptions } from './sipp-csta-options.ts';
import { comparisonRows, reportMarkdown } from './sipp-csta-report.ts';

// Real SIPp (Debian sip-tester), real `ctilab serve cme` and `ctilab phones` children on
// ephemeral ports: a short run of each side, and a SIPp scenario that expects a wrong answer.
const rate = 4;
const seconds = 2;
const holdMs = 300;
const base: SippCstaOptions = {
  rate,
  seconds,
  holdMs,
  answerAfterMs: 50,
  pairs: pairsFor(rate, holdMs),
  warmUpSeconds: 1,
  order: 'sipp-first',
  scenario: undefined,
  out: undefined,
};
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctilab-sipp-csta-test-'));
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('SIPp and our client make the same MakeCalls on one lab; both columns come from their own figures', async () => {
  const runDir = join(dir, 'ok');
  await mkdir(runDir);
  const r = await runSippCstaComparison(base, runDir, 'test');
  const calls = rate * seconds;
  // SIPp really ran: its exit code and its statistics file.
  assert.equal(r.sipp.exitCode, 0, `sipp exit ${r.sipp.exitCode}\n${r.sipp.errorLog}`);
  assert.match(
    r.sipp.command,
    /^sipp 127\.0\.0\.1:\d+ -sf conformance\/sipp\/csta-make-call-load\.xml -inf pairs\.csv -t t1 -r 4 /,
  );
  assert.equal(r.sipp.stats.created, calls);
  for (const side of [r.sipp, r.ctilab]) {
    assert.equal(side.attempted, calls, side.tool);
    assert.equal(side.succeeded, calls, side.tool);
    assert.equal(side.failed, 0, side.tool);
    assert.deepEqual(side.failureCauses, {}, side.tool);
    // One MakeCall response time and one session set-up per call, from each side's own clock.
    assert.equal(side.makeCall.count, calls, side.tool);
    assert.equal(side.sessionSetup.count, calls, side.tool);
    for (const v of [side.makeCall.p50Ms, side.makeCall.p90Ms, side.makeCall.p99Ms])
      assert.ok(Number.isFinite(v) && v >= 0 && v < 5000, `${side.tool}: ${v}`);
    assert.ok(side.makeCall.p50Ms <= side.makeCall.p90Ms && side.makeCall.p90Ms <= side.makeCall.p99Ms);
  }
  // SIPp's samples are whole milliseconds in clock ticks; ours are not.
  assert.ok(Number.isInteger(r.sipp.makeCall.p99Ms));
  assert.ok(r.sipp.resolutionMs >= 1);
  // Every call of both sides (and of the warm-up) rang a phone that answered it: the calls were real.
  assert.equal(r.warmUpCalls, rate);
  assert.equal(r.phones?.answered, 2 * calls + r.warmUpCalls);
  assert.equal(r.phones?.lostRegistrations, 0);
  const rows = new Map(comparisonRows(r).map(([k, a, b]) => [k, [a, b]]));
  assert.deepEqual(rows.get('calls attempted'), [String(calls), String(calls)]);
  assert.deepEqual(rows.get('calls failed'), ['0', '0']);
  assert.deepEqual(rows.get('exit code'), ['0', '-']);
  assert.match(reportMarkdown(r), /^\| MakeCall response p99 \| \d+ ms \| [\d.]+ ms \|$/m);
  assert.equal(r.loadAverage.before.length, 3);
});

test('a SIPp scenario expecting the wrong answer is reported as failed calls with SIPp’s cause and exit code', async () => {
  const runDir = join(dir, 'wrong');
  await mkdir(runDir);
  // The same scenario, but the MakeCall's 200 must carry a MakeCallResult (no such ECMA-323 message).
  const xml = await readFile(defaultSippScenario, 'utf8');
  const wrong = xml.replace('&lt;MakeCallResponse xmlns=', '&lt;MakeCallResult xmlns=');
  assert.notEqual(wrong, xml);
  const scenario = join(dir, 'wrong-answer.xml');
  await writeFile(scenario, wrong);
  // Ours first: SIPp's failed calls leave their MakeCalls up (it never sends ClearConnection).
  const r = await runSippCstaComparison({ ...base, scenario, order: 'ctilab-first' }, runDir, 'test');
  const calls = rate * seconds;
  assert.equal(r.sipp.exitCode, 1);
  assert.equal(r.sipp.attempted, calls);
  assert.equal(r.sipp.succeeded, 0);
  assert.equal(r.sipp.failed, calls);
  assert.deepEqual(r.sipp.failureCauses, { RegexpDoesntMatch: calls });
  assert.match(r.sipp.errorLog, /MakeCallResult/);
  assert.equal(r.ctilab.succeeded, calls);
  const rows = new Map(comparisonRows(r).map(([k, a, b]) => [k, [a, b]]));
  assert.deepEqual(rows.get('calls failed'), [String(calls), '0']);
  assert.deepEqual(rows.get('failure causes'), [`RegexpDoesntMatch ${calls}`, '-']);
  assert.deepEqual(rows.get('exit code'), ['1', '-']);
});
