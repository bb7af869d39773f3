import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCommand } from './load-command.ts';

const topology = fileURLToPath(new URL('../labs/load/cucm-load.yaml', import.meta.url));

function scenario(name: string, rest: string): string {
  return `name: ${name}\ntopology: ${JSON.stringify(topology)}\n${rest}`;
}

async function run(text: string, extra: Partial<{ runtime: string; duration: string }> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'ctilab-load-'));
  await writeFile(join(dir, 's.yaml'), text);
  let stdout = '';
  let stderr = '';
  let metrics: Promise<string> | undefined;
  const code = await loadCommand(
    { scenario: 's.yaml', runtime: extra.runtime ?? 'embedded', metricsPort: '0', out: 'reports', ...extra },
    {
      stdout: {
        write: (s: string) => {
          stdout += s;
        },
      },
      stderr: {
        write: (s: string) => {
          stderr += s;
          const url = /metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(s)?.[1];
          // Read the endpoint while the run goes on (after its first samples).
          if (url !== undefined)
            metrics = new Promise((r) => setTimeout(r, 2_500)).then(() => fetch(url).then((x) => x.text()));
        },
      },
      cwd: dir,
    },
  );
  const report = join(dir, 'reports', 'load', 'latest');
  const json = existsSync(join(report, 'metrics.json'))
    ? JSON.parse(readFileSync(join(report, 'metrics.json'), 'utf8'))
    : undefined;
  const html = existsSync(join(report, 'index.html')) ? readFileSync(join(report, 'index.html'), 'utf8') : '';
  return {
    code,
    stdout,
    stderr,
    json,
    html,
    metrics: await metrics,
    cleanup: () => rm(dir, { recursive: true }),
  };
}

test('a failover under load: cucm-sub1 killed mid-run, every event of the recovered devices arrives, exit 0', async () => {
  const r = await run(
    scenario(
      't-met',
      `duration: 6
phones: { count: 12 }
calls: { rate: 2, holdTime: 1, answerDelay: 0.1 }
monitored: 0.5
cti:
  tr87:
    - { name: app-a, gateway: imp-a, requestRate: 10 }
    - { name: app-b, gateway: imp-b, requestRate: 10 }
faults:
  - { at: 3, node: cucm-sub1, fault: kill }
thresholds:
  eventsLostMax: 0
  eventsLostRecoveredMax: 0
  eventsDuplicatedMax: 0
  callsClearedUnexpectedlyMax: 0
  reopenSecondsMax: 10
`,
    ),
  );
  try {
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const result = r.json.result;
    assert.equal(r.json.ok, true);
    assert.equal(result.calls.attempted, 12);
    assert.equal(result.calls.clearedUnexpectedly, 0);
    assert.deepEqual(result.failovers[0].sessionsEnded, ['app-a']);
    assert.equal(result.failovers[0].phonesReRegistered, 12);
    assert.equal(result.events.recoveredDevices, 3);
    assert.ok(result.events.expectedRecovered > 0, 'events were expected on the recovered devices');
    assert.equal(result.events.lostRecovered, 0);
    assert.equal(result.events.lost, 0);
    assert.equal(result.events.duplicated, 0);
    assert.ok(result.csta.latency.count > 0);
    assert.match(r.stdout, /^threshold eventsLostRecoveredMax 0: 0 met$/m);
    assert.equal((r.html.match(/<svg /g) ?? []).length, 6);
    assert.doesNotMatch(r.html, /<script|https?:\/\/(?!www\.w3\.org)/);
    assert.match(r.metrics ?? '', /^ctilab_load_calls_attempted_total\{scenario="t-met"\} [1-9]\d*$/m);
    assert.match(r.metrics ?? '', /^ctilab_load_phones_registered\{scenario="t-met"\} 12$/m);
  } finally {
    await r.cleanup();
  }
});

test('a threshold missed makes the exit code 1 and says which', async () => {
  const r = await run(
    scenario(
      't-missed',
      `duration: 2
phones: { count: 4 }
calls: { rate: 1, holdTime: 0.5 }
monitored: 0.5
cti: { tr87: [{ name: app-b, gateway: imp-b, requestRate: 20 }] }
thresholds:
  cstaLatencyP99MsMax: 0.001
  eventsLostMax: 0
`,
    ),
  );
  try {
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.equal(r.json.ok, false);
    assert.match(r.stdout, /^threshold cstaLatencyP99MsMax 0\.001: [\d.]+ MISSED$/m);
    assert.match(r.stdout, /^threshold eventsLostMax 0: 0 met$/m);
  } finally {
    await r.cleanup();
  }
});

test('a bad scenario and an unsupported runtime (option or scenario key) exit 2 before anything starts', async () => {
  const bad = await run(
    scenario('t-bad', 'duration: 5\nphones: { count: 4 }\ncalls: { rate: 5, holdTime: 2 }\n'),
  );
  try {
    assert.equal(bad.code, 2);
    assert.equal(bad.json, undefined);
    assert.match(
      bad.stderr,
      /^ctilab load: .*s\.yaml:5 \(calls\.rate\): impossible: 5 calls\/s held 2\.1 s keeps 10\.5 phone pairs busy, but 4 phones make 2 pairs\n$/,
    );
  } finally {
    await bad.cleanup();
  }
  const unknown = await run(
    scenario('t', 'duration: 1\nphones: { count: 2 }\ncalls: { rate: 0, holdTime: 1 }\n'),
    { runtime: 'kubernetes' },
  );
  try {
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /^ctilab load: --runtime kubernetes: one of embedded, process, containers\n$/,
    );
  } finally {
    await unknown.cleanup();
  }
  // The scenario's own runtime is checked like every key: file, line and path.
  const inFile = await run(
    scenario(
      't',
      'runtime: kubernetes\nduration: 1\nphones: { count: 2 }\ncalls: { rate: 0, holdTime: 1 }\n',
    ),
  );
  try {
    assert.equal(inFile.code, 2);
    assert.match(inFile.stderr, /^ctilab load: .*s\.yaml:3 \(runtime\): /);
  } finally {
    await inFile.cleanup();
  }
});

test('--duration that ends before a fault of the scenario is a usage error naming the fault, exit 2', async () => {
  const smoke = fileURLToPath(new URL('../labs/load/smoke.yaml', import.meta.url));
  let stderr = '';
  let stdout = '';
  const dir = await mkdtemp(join(tmpdir(), 'ctilab-load-'));
  try {
    const code = await loadCommand(
      { scenario: smoke, runtime: 'embedded', duration: '8', metricsPort: '0', out: 'reports' },
      {
        stdout: {
          write: (s: string) => {
            stdout += s;
          },
        },
        stderr: {
          write: (s: string) => {
            stderr += s;
          },
        },
        cwd: dir,
      },
    );
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      `ctilab load: ${smoke}:18 (faults[0].at): kill cucm-sub1 at 12 s is not before the end of the run (--duration 8 s): give a longer --duration or drop the fault\n`,
    );
    // Nothing started: no report directory.
    assert.equal(existsSync(join(dir, 'reports')), false);
  } finally {
    await rm(dir, { recursive: true });
  }
});
