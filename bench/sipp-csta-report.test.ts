import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { defaultSippScenario } from './sipp-csta-compare.ts';
import { reportedSippCommand, sippSide } from './sipp-csta-report.ts';
import { type SippRunOptions, type SippRunResult, sippArgs } from './sipp-run.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(scenario: string): SippRunResult {
  const opts: SippRunOptions = {
    scenario,
    host: '127.0.0.1',
    port: 5060,
    pairs: [{ caller: '201', callee: '202' }],
    rate: 4,
    calls: 8,
    holdMs: 300,
    dir: '.',
  };
  return {
    command: `sipp ${sippArgs(opts).join(' ')}`,
    scenario,
    exitCode: 0,
    signal: null,
    stats: {
      created: 8,
      successful: 8,
      failed: 0,
      failureCauses: {},
      retransmissions: 0,
      outOfCallMessages: 0,
      deadCallMessages: 0,
      warnings: 0,
      fatalErrors: 0,
      elapsedSeconds: 2,
      meanResponseMs: {},
    },
    responseTimes: {},
    clockStepMs: 4,
    sessionRate: 4,
    wallSeconds: 2.5,
    cpuCores: 0.04,
    errorLog: '',
    files: { stat: 'stat.csv', rtt: null, errors: 'errors.log' },
  };
}

test('the report names the shipped scenario relative to the project root, not by its absolute path', () => {
  const r = run(defaultSippScenario);
  assert.ok(r.command.includes(` -sf ${defaultSippScenario} `)); // SIPp itself is given the full path
  const side = sippSide(r, '3.6.1', null);
  assert.match(
    side.command,
    /^sipp 127\.0\.0\.1:5060 -sf conformance\/sipp\/csta-make-call-load\.xml -inf pairs\.csv /,
  );
  assert.ok(!side.command.includes(root), side.command);
});

test('a scenario elsewhere is named relative to the project root too; other arguments are untouched', () => {
  const inside = join(root, 'reports', 'my scenarios', 'x.xml');
  assert.equal(
    reportedSippCommand(`sipp h:1 -sf ${inside} -inf pairs.csv`, inside),
    'sipp h:1 -sf reports/my scenarios/x.xml -inf pairs.csv',
  );
  assert.equal(
    reportedSippCommand('sipp h:1 -sf /srv/lab/x.xml -inf pairs.csv', '/srv/lab/x.xml', '/srv/project'),
    'sipp h:1 -sf ../lab/x.xml -inf pairs.csv',
  );
  // A command that does not name the scenario is left as it is.
  assert.equal(reportedSippCommand('sipp h:1 -inf pairs.csv', inside), 'sipp h:1 -inf pairs.csv');
});
